"""Asset checks: they read back what a stage wrote, so they catch what its code did not."""
import dagster as dg
import numpy as np
import polars as pl

from gem_data.catalog import IngestSummary
from gem_data.features.quality import RANGES, check_batch
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


def feature_check_results(layout: DataLayout, batch: str) -> list[dg.AssetCheckResult]:
    checks = check_batch(layout, batch)
    worst = max(checks.out_of_range.values(), default=0.0)
    return [
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
    ]


VERIFY_CHECKS = [dg.AssetCheckSpec(
    "contradicted_share", asset="verified_responses", blocking=True,
    description="Blocks the batch when too many of its checkable claims contradict the signal.")]


def verify_check_results(contradicted_share: float, limit: float) -> list[dg.AssetCheckResult]:
    return [dg.AssetCheckResult(
        check_name="contradicted_share", passed=contradicted_share <= limit,
        metadata={"contradicted_share": round(contradicted_share, 4), "limit": limit})]
