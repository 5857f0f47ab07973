"""Asset checks: they read back what a stage wrote, so they catch what its code did not."""
import dagster as dg
import numpy as np
import polars as pl

from gem_data.catalog import IngestSummary
from gem_data.features.quality import RANGES, check_batch
from gem_data.isolate import UNEXPECTED
from gem_data.layout import DataLayout


def quarantine_share_spec(asset: str, stage: str) -> dg.AssetCheckSpec:
    """Blocking check: one bad record is quarantined and the batch goes on (issue 17), but a share
    above ``DataStore.max_quarantine_share`` means a systematic bug, and the line stops there."""
    return dg.AssetCheckSpec(
        "quarantine_share", asset=asset, blocking=True,
        description=f"Share of the batch's records in quarantine/{stage}/ (isolated exceptions counted "
                    "apart); blocks the batch above the DataStore's max_quarantine_share.")


def quarantine_share_result(layout: DataLayout, stage: str, batch: str, n_quarantined: int | None,
                            n_records: int, limit: float) -> dg.AssetCheckResult:
    """Pass while ``n_quarantined / n_records <= limit``; metadata also counts isolated exceptions
    (reasons starting with ``unexpected``) read back from the stage's quarantine table.

    ``n_quarantined`` None: the distinct records of that table (stages whose summary has no count).
    """
    path = layout.quarantine(stage, batch)
    table = pl.read_parquet(path) if path.is_file() else pl.DataFrame(schema={"record_id": pl.Utf8, "reason": pl.Utf8})
    unexpected = table.filter(pl.col("reason").str.starts_with(UNEXPECTED)).height
    if n_quarantined is None:
        n_quarantined = table["record_id"].n_unique()
    share = n_quarantined / n_records if n_records else 0.0
    return dg.AssetCheckResult(
        check_name="quarantine_share", passed=share <= limit,
        metadata={"share": round(share, 4), "limit": limit, "quarantined": n_quarantined,
                  "records": n_records, "unexpected_exceptions": unexpected})


CATALOG_CHECKS = [
    dg.AssetCheckSpec("nothing_lost", asset="ecg_catalog",
                      description="Every listed record is in the catalog; every OK record has a signal."),
    dg.AssetCheckSpec("unique_record_ids", asset="ecg_catalog"),
    quarantine_share_spec("ecg_catalog", "ingest"),
]


def catalog_check_results(layout: DataLayout, summary: IngestSummary,
                          max_quarantine_share: float) -> list[dg.AssetCheckResult]:
    catalog = pl.read_parquet(layout.catalog(summary.batch))
    n_signals = np.load(layout.signals(summary.batch), mmap_mode="r").shape[0]
    quarantine = pl.read_parquet(layout.quarantine("ingest", summary.batch))
    n_ok = catalog.filter(pl.col("status") == "ok").height
    unexplained = catalog.filter(
        (pl.col("status") != "ok") & ~pl.col("record_id").is_in(quarantine["record_id"].implode())
    ).height
    return [
        dg.AssetCheckResult(
            check_name="nothing_lost",
            passed=catalog.height == summary.n_records and n_signals == n_ok and unexplained == 0,
            metadata={"catalog_rows": catalog.height, "signals": n_signals, "ok": n_ok,
                      "quarantined_without_reason": unexplained},
        ),
        dg.AssetCheckResult(check_name="unique_record_ids",
                            passed=catalog["record_id"].n_unique() == catalog.height),
        quarantine_share_result(layout, "ingest", summary.batch, summary.n_quarantined, summary.n_records,
                                max_quarantine_share),
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
