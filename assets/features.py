"""Features: per-beat, per-lead FeatureDB rows for one ingestion batch, and the checks on them."""
import dagster as dg

from assets.partitions import batches
from assets.resources import DataStore
from gem_data.features import build_batch
from gem_data.features.quality import RANGES, check_batch

MIN_COVERAGE = 0.95  # share of records with >= 1 beat delineated in every lead
MAX_OUT_OF_RANGE = 0.02  # share of beats outside the physiologic limits

FEATURE_CHECKS = [
    dg.AssetCheckSpec("beat_coverage", asset="ecg_features",
                      description=f"At least {MIN_COVERAGE:.0%} of records have a beat in every lead."),
    dg.AssetCheckSpec("physiologic_ranges", asset="ecg_features",
                      description="Few beats outside " + ", ".join(
                          f"{k} {lo:g}-{hi:g}" for k, (lo, hi) in RANGES.items()) + "."),
    dg.AssetCheckSpec("machine_agreement", asset="ecg_features",
                      description="Median |ours - machine| for RR, PR, QRS and QT (metadata only)."),
]


@dg.asset(partitions_def=batches, deps=["ecg_catalog"], group_name="features",
          check_specs=FEATURE_CHECKS, kinds={"parquet"})
def ecg_features(context: dg.AssetExecutionContext, store: DataStore) -> dg.MaterializeResult:
    """Per-beat, per-lead FeatureDB rows (9 fiducials + 14 features x 12 leads) for one batch,
    validated against LUDB annotations (docs/features.md); failed records are quarantined."""
    layout = store.layout()
    summary = build_batch(layout, context.partition_key)
    checks = check_batch(layout, context.partition_key)
    worst = max(checks.out_of_range.values(), default=0.0)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": summary.n_rows,
            "records": summary.n_records,
            "beats": summary.n_beats,
            "quarantined": summary.n_quarantined,
            "features": dg.MetadataValue.path(summary.features_path),
            "status": dg.MetadataValue.md(summary.preview_md),
        },
        check_results=[
            dg.AssetCheckResult(check_name="beat_coverage", passed=checks.coverage >= MIN_COVERAGE,
                                metadata={"coverage": round(checks.coverage, 4)}),
            dg.AssetCheckResult(check_name="physiologic_ranges", passed=worst <= MAX_OUT_OF_RANGE,
                                severity=dg.AssetCheckSeverity.WARN,
                                metadata={k: round(v, 4) for k, v in checks.out_of_range.items()}),
            dg.AssetCheckResult(check_name="machine_agreement", passed=True,
                                metadata={"records_compared": checks.n_machine, **{
                                    f"{k}_mad_ms": dg.MetadataValue.float(v) if v is not None
                                    else dg.MetadataValue.text("n/a")
                                    for k, v in checks.machine_mad_ms.items()}}),
        ],
    )
