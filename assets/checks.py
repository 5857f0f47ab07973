"""Asset checks: they read back what a stage wrote, so they catch what its code did not."""
import dagster as dg
import numpy as np
import polars as pl

from gem_data.catalog import IngestSummary
from gem_data.layout import DataLayout

MAX_QUARANTINE_SHARE = 0.2

CATALOG_CHECKS = [
    dg.AssetCheckSpec("nothing_lost", asset="ecg_catalog",
                      description="Every listed record is in the catalog; every OK record has a signal."),
    dg.AssetCheckSpec("unique_record_ids", asset="ecg_catalog"),
    dg.AssetCheckSpec("quarantine_share", asset="ecg_catalog",
                      description=f"Warns when more than {MAX_QUARANTINE_SHARE:.0%} of a batch is quarantined."),
]


def catalog_check_results(layout: DataLayout, summary: IngestSummary) -> list[dg.AssetCheckResult]:
    catalog = pl.read_parquet(layout.catalog(summary.batch))
    n_signals = np.load(layout.signals(summary.batch), mmap_mode="r").shape[0]
    quarantine = pl.read_parquet(layout.quarantine("ingest", summary.batch))
    n_ok = catalog.filter(pl.col("status") == "ok").height
    unexplained = catalog.filter(
        (pl.col("status") != "ok") & ~pl.col("record_id").is_in(quarantine["record_id"].implode())
    ).height
    share = summary.n_quarantined / summary.n_records if summary.n_records else 0.0
    return [
        dg.AssetCheckResult(
            check_name="nothing_lost",
            passed=catalog.height == summary.n_records and n_signals == n_ok and unexplained == 0,
            metadata={"catalog_rows": catalog.height, "signals": n_signals, "ok": n_ok,
                      "quarantined_without_reason": unexplained},
        ),
        dg.AssetCheckResult(check_name="unique_record_ids",
                            passed=catalog["record_id"].n_unique() == catalog.height),
        dg.AssetCheckResult(
            check_name="quarantine_share", passed=share <= MAX_QUARANTINE_SHARE,
            severity=dg.AssetCheckSeverity.WARN, metadata={"share": round(share, 4)},
        ),
    ]
