"""Ingestion: the catalog of one batch and its normalized signals."""
import dagster as dg

from assets.checks import CATALOG_CHECKS, catalog_check_results
from assets.partitions import batches
from assets.resources import DataStore, EcgSource
from gem_data.catalog import IngestPolicy, ingest_batch


class IngestConfig(dg.Config):
    """Which readable-but-bad records to quarantine (SPEC §2 defaults)."""

    quarantine_flat: bool = True
    quarantine_saturated: bool = True
    max_nan_share: float = 0.5


@dg.asset(partitions_def=batches, group_name="ingest", check_specs=CATALOG_CHECKS,
          kinds={"parquet", "numpy"})
def ecg_catalog(context: dg.AssetExecutionContext, config: IngestConfig, store: DataStore,
                source: EcgSource) -> dg.MaterializeResult:
    """Catalog of one ingestion batch (ids, report, machine measurements, quality flags, status)
    plus its normalized 12 x 5000 float32 mV signals; bad records are quarantined with a reason."""
    layout = store.layout()
    policy = IngestPolicy(config.quarantine_flat, config.quarantine_saturated, config.max_nan_share)
    summary = ingest_batch(source.open(store.source_index()), layout, context.partition_key, policy)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": summary.n_records,
            "ok": summary.n_ok,
            "quarantined": summary.n_quarantined,
            "catalog": dg.MetadataValue.path(summary.catalog_path),
            "signals": dg.MetadataValue.path(summary.signals_path),
            "quarantine_reasons": dg.MetadataValue.md(summary.preview_md),
        },
        check_results=catalog_check_results(layout, summary, store.max_quarantine_share),
    )
