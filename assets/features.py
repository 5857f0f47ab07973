"""Features: per-beat, per-lead FeatureDB rows for one ingestion batch (checks: assets/checks.py)."""
import dagster as dg

from assets.checks import (FEATURE_CHECKS, feature_check_results, quarantine_share_result,
                           quarantine_share_spec)
from assets.partitions import batches
from assets.resources import DataStore
from gem_data.features import build_batch
from gem_data.render.annotate import preview_md


@dg.asset(partitions_def=batches, deps=["ecg_catalog"], group_name="features",
          check_specs=[*FEATURE_CHECKS, quarantine_share_spec("ecg_features", "features")], kinds={"parquet"})
def ecg_features(context: dg.AssetExecutionContext, store: DataStore) -> dg.MaterializeResult:
    """Per-beat, per-lead FeatureDB rows (9 fiducials + 14 features x 12 leads) for one batch,
    validated against LUDB annotations (docs/features.md); failed records are quarantined. The
    preview shows one page of the batch with its delineated waves and beat numbers, to check by eye."""
    layout = store.layout()
    summary = build_batch(layout, context.partition_key)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": summary.n_rows,
            "records": summary.n_records,
            "beats": summary.n_beats,
            "quarantined": summary.n_quarantined,
            "features": dg.MetadataValue.path(summary.features_path),
            "status": dg.MetadataValue.md(summary.preview_md),
            "annotated_page": dg.MetadataValue.md(preview_md(layout, context.partition_key)),
        },
        check_results=[*feature_check_results(layout, context.partition_key), quarantine_share_result(
            layout, "features", context.partition_key, summary.n_quarantined, summary.n_records,
            store.max_quarantine_share)],
    )
