"""Batch-level checks on what the features stage wrote (read back from Parquet, not from memory).

- coverage: share of (non-failed) records with at least one beat delineated in every lead;
- physiologic ranges: share of beats whose QRS duration / heart rate fall outside plausible limits;
- machine agreement: where the catalog carries machine measurements (MIMIC-IV-ECG), the median
  absolute difference between ours (record-level, multi-lead; see summary.py) and the machine's
  RR, PR, QRS duration and QT.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from gem_data.layout import DataLayout
from gem_data.signals import FS_HZ

from .batch import RECORDS_STAGE

RANGES: dict[str, tuple[float, float]] = {  # the limits
    "qrs_dur_ms": (40.0, 250.0),
    "heart_rate_bpm": (20.0, 300.0),
}


@dataclass(frozen=True)
class FeatureChecks:
    n_records: int
    coverage: float  # records with >= 1 QRS in each of the 12 leads / records with rows
    out_of_range: dict[str, float] = field(default_factory=dict)  # feature -> share of beats
    machine_mad_ms: dict[str, float | None] = field(default_factory=dict)  # rr/pr/qrs/qt -> MAD
    n_machine: int = 0  # records with machine measurements compared


def check_batch(layout: DataLayout, batch: str, catalog: pl.DataFrame | None = None) -> FeatureChecks:
    """Compute :class:`FeatureChecks` from ``features/<batch>.parquet`` (and the catalog)."""
    rows = pl.read_parquet(layout.features(batch))
    status = pl.read_parquet(layout.stage_file(RECORDS_STAGE, batch))
    n_records = rows["record_id"].n_unique()
    per_lead = rows.group_by("record_id", "lead").agg(pl.col("QRS_on").is_not_null().any().alias("has"))
    covered = per_lead.group_by("record_id").agg(pl.col("has").all())["has"].sum()
    out_of_range = {}
    for col, (lo, hi) in RANGES.items():
        v = rows[col].drop_nulls()
        out_of_range[col] = float(((v < lo) | (v > hi)).mean()) if v.len() else 0.0
    if catalog is None:
        path = layout.catalog(batch)
        catalog = pl.read_parquet(path) if path.exists() else pl.DataFrame()
    mad, n_machine = _machine_agreement(rows, catalog)
    return FeatureChecks(n_records=max(n_records, 0) if status.height else 0,
                         coverage=covered / n_records if n_records else 0.0,
                         out_of_range=out_of_range, machine_mad_ms=mad, n_machine=n_machine)


def record_intervals(rows: pl.DataFrame) -> pl.DataFrame:
    """Per record: median RR and global PR, QRS, QT (ms) from the long table (see summary.py)."""
    to_ms = 1000.0 / FS_HZ
    beats = rows.group_by("record_id", "beat").agg(
        pl.col("P_on").quantile(0.2), pl.col("QRS_on").quantile(0.2),
        pl.col("QRS_off").quantile(0.8), pl.col("T_off").quantile(0.8), pl.col("rr1_ms").median(),
    )
    return beats.group_by("record_id").agg(
        pl.col("rr1_ms").median().alias("rr_ms"),
        ((pl.col("QRS_on") - pl.col("P_on")) * to_ms).median().alias("pr_ms"),
        ((pl.col("QRS_off") - pl.col("QRS_on")) * to_ms).median().alias("qrs_ms"),
        ((pl.col("T_off") - pl.col("QRS_on")) * to_ms).median().alias("qt_ms"),
    )


def _machine_agreement(rows: pl.DataFrame, catalog: pl.DataFrame) -> tuple[dict, int]:
    need = {"record_id", "rr_interval_ms", "p_onset_ms", "qrs_onset_ms", "qrs_end_ms", "qt_machine_ms"}
    empty = {"rr": None, "pr": None, "qrs": None, "qt": None}
    if catalog.is_empty() or not need <= set(catalog.columns) or rows.is_empty():
        return empty, 0
    machine = catalog.select(
        "record_id",
        pl.col("rr_interval_ms").alias("m_rr"),
        (pl.col("qrs_onset_ms") - pl.col("p_onset_ms")).alias("m_pr"),
        (pl.col("qrs_end_ms") - pl.col("qrs_onset_ms")).alias("m_qrs"),
        pl.col("qt_machine_ms").alias("m_qt"),
    )
    both = record_intervals(rows).join(machine, on="record_id", how="inner")
    out = {}
    for ours, theirs, key in [("rr_ms", "m_rr", "rr"), ("pr_ms", "m_pr", "pr"),
                              ("qrs_ms", "m_qrs", "qrs"), ("qt_ms", "m_qt", "qt")]:
        d = (both[ours].cast(pl.Float64) - both[theirs].cast(pl.Float64)).abs().drop_nulls().drop_nans()
        out[key] = float(d.median()) if d.len() else None
    n = both.filter(pl.any_horizontal(pl.col("m_rr", "m_pr", "m_qrs", "m_qt").is_not_null())).height
    return out, n
