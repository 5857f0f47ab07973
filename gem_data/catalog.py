"""The catalog stage: list one batch, normalize every signal, write catalog + signals + quarantine.

Per batch it writes (see gem_data.layout):
- ``catalog/<batch>.parquet``: one row per listed record, ``status`` ok or quarantined with ``reason``;
- ``signals/<batch>.npy``: the OK records' normalized signals, (n_ok, 12, 5000) int16 µV, read back
  as float32 mV (gem_data.signal_store: lossless at the source resolution, half of float32). A plain
  ``.npy`` memory-maps, so a later stage reads one record in microseconds with no decoding
  (benchmarks/ingest.py measures it against re-reading WFDB);
- ``quarantine/ingest/<batch>.parquet``: every refused record or listing row with its reason.

Files are written to a temporary name and renamed, so re-materializing a batch is idempotent and a
crash never leaves a half-written partition behind.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from gem_data.io import atomic_npy, atomic_parquet
from gem_data.isolate import isolate
from gem_data.layout import DataLayout
from gem_data.signal_store import MillivoltView, SignalRangeError, encode_uv, open_signals
from gem_data.signals import N_SAMPLES, STANDARD_LEADS, RecordError, read_record
from gem_data.sources.base import MEASUREMENT_COLUMNS, Entry, Source, UnsafePath

CATALOG_SCHEMA: dict[str, pl.DataType] = {
    "record_id": pl.Utf8,
    "source": pl.Utf8,
    "batch": pl.Utf8,
    "subject_id": pl.Int64,
    "study_id": pl.Int64,
    "ecg_time": pl.Utf8,
    "path": pl.Utf8,  # WFDB record path relative to the source root, no extension
    "fs_original": pl.Int32,
    "n_samples_original": pl.Int32,
    "report": pl.Utf8,
    "labels": pl.Utf8,
    **{col: pl.Float64 for col in MEASUREMENT_COLUMNS},
    "qt_machine_ms": pl.Float64,  # t_end - qrs_onset: MIMIC has no QT column (SPEC §1)
    "nan_count": pl.List(pl.Int32),  # per standard lead
    "flat_leads": pl.List(pl.Utf8),
    "saturated_leads": pl.List(pl.Utf8),
    "resampled_from_hz": pl.Int32,
    "padded_s": pl.Float32,
    "cropped_s": pl.Float32,
    "status": pl.Utf8,  # ok | quarantined
    "reason": pl.Utf8,
    "signal_row": pl.Int32,  # row in signals/<batch>.npy; null when quarantined
}
QUARANTINE_SCHEMA: dict[str, pl.DataType] = {"record_id": pl.Utf8, "stage": pl.Utf8, "reason": pl.Utf8}


@dataclass(frozen=True)
class IngestPolicy:
    """What makes a readable record unusable (SPEC §2 defaults)."""

    quarantine_flat: bool = True
    quarantine_saturated: bool = True
    max_nan_share: float = 0.5  # a lead with at least this share of NaN samples is "missing"

    def reasons(self, flags) -> list[str]:
        out = []
        for problem in flags.problems(self.max_nan_share):
            if problem.startswith("flat") and not self.quarantine_flat:
                continue
            if problem.startswith("saturated") and not self.quarantine_saturated:
                continue
            out.append(problem)
        return out


@dataclass(frozen=True)
class IngestSummary:
    batch: str
    n_records: int
    n_ok: int
    n_quarantined: int
    reasons: dict[str, int] = field(default_factory=dict)
    catalog_path: str = ""
    signals_path: str = ""

    @property
    def preview_md(self) -> str:
        lines = ["| reason | records |", "|---|---|"]
        lines += [f"| {r} | {n} |" for r, n in sorted(self.reasons.items(), key=lambda kv: -kv[1])]
        return "\n".join(lines) if self.reasons else "no quarantined records"


@dataclass(frozen=True)
class BatchSignals:
    """A batch's OK records: ``signal_mv`` (n, 12, 5000) float32 mV aligned with ``record_ids``, decoded
    row by row from the memory-mapped int16 µV file (``signal_mv[i]`` is one record)."""

    record_ids: list[str]
    signal_mv: np.ndarray | MillivoltView
    catalog: pl.DataFrame


def ingest_batch(source: Source, layout: DataLayout, batch: str,
                 policy: IngestPolicy = IngestPolicy()) -> IngestSummary:
    """Catalog and normalize one batch; bad records are quarantined, the batch goes on."""
    entries, issues = source.entries(batch)
    rows: list[dict] = []
    quarantine = [{"record_id": i.record_id, "stage": "ingest", "reason": i.reason} for i in issues]
    signals = np.empty((len(entries), len(STANDARD_LEADS), N_SAMPLES), dtype=np.int16)  # µV
    n_ok = 0
    for entry in entries:
        result, failed = isolate("ingest", entry.record_id, _ingest_one, source, entry, policy)
        row, signal = result or (_quarantined(_base_row(entry), failed and failed["reason"]), None)
        if signal is not None:
            signals[n_ok] = signal
            row["signal_row"] = n_ok
            n_ok += 1
        else:
            quarantine.append({"record_id": entry.record_id, "stage": "ingest", "reason": row["reason"]})
        rows.append(row)
    if not entries:
        quarantine.append({"record_id": f"{source.name}/{batch}", "stage": "ingest",
                           "reason": f"empty batch {batch!r}: no records listed"})
    atomic_npy(layout.signals(batch), signals[:n_ok])
    atomic_parquet(layout.catalog(batch), pl.DataFrame(rows, schema=CATALOG_SCHEMA))
    write_quarantine(layout, "ingest", batch, quarantine)
    reasons = Counter(_reason_kind(q["reason"]) for q in quarantine)
    return IngestSummary(
        batch=batch, n_records=len(entries), n_ok=n_ok, n_quarantined=len(entries) - n_ok,
        reasons=dict(reasons), catalog_path=str(layout.catalog(batch)),
        signals_path=str(layout.signals(batch)),
    )


def _ingest_one(source: Source, entry: Entry, policy: IngestPolicy) -> tuple[dict, np.ndarray | None]:
    row = _base_row(entry)
    if entry.problem:
        return _quarantined(row, entry.problem), None
    try:
        record = read_record(source.resolve(entry.path), within=source.roots)
    except (UnsafePath, RecordError) as exc:
        return _quarantined(row, exc.reason), None
    flags = record.flags
    row.update(
        fs_original=record.meta["fs_original"], n_samples_original=record.meta["n_samples_original"],
        nan_count=list(flags.nan_count), flat_leads=list(flags.flat_leads),
        saturated_leads=list(flags.saturated_leads), resampled_from_hz=flags.resampled_from_hz,
        padded_s=flags.padded_s, cropped_s=flags.cropped_s,
    )
    if entry.report is None:  # generic WFDB folders: the header comments are the report
        row["report"] = "\n".join(c for c in record.meta["comments"] if c.strip())
    problems = policy.reasons(flags)
    if problems:
        return _quarantined(row, "; ".join(problems)), None
    try:
        signal_uv = encode_uv(record.signal)
    except SignalRangeError as exc:
        return _quarantined(row, exc.reason), None
    row["status"] = "ok"
    return row, signal_uv


def _base_row(entry: Entry) -> dict:
    m = entry.measurements
    qt = None
    if m.get("t_end_ms") is not None and m.get("qrs_onset_ms") is not None:
        qt = m["t_end_ms"] - m["qrs_onset_ms"]
        qt = qt if 150.0 <= qt <= 800.0 else None  # outside this, one end was a sentinel in disguise
    return {
        "record_id": entry.record_id, "source": entry.source, "batch": entry.batch,
        "subject_id": entry.subject_id, "study_id": entry.study_id, "ecg_time": entry.ecg_time,
        "path": entry.path, "report": entry.report, "labels": entry.labels,
        **{col: m.get(col) for col in MEASUREMENT_COLUMNS}, "qt_machine_ms": qt,
        "status": "quarantined", "reason": None, "signal_row": None,
    }


def _quarantined(row: dict, reason: str) -> dict:
    row["status"], row["reason"] = "quarantined", reason
    return row


def _reason_kind(reason: str) -> str:
    """Group reasons for metadata: keep the words, drop file names and numbers."""
    head = reason.split(":")[0].split("(")[0]
    words = [w for w in head.split() if not any(ch.isdigit() for ch in w) and "." not in w]
    return " ".join(words[:5])


def open_batch(layout: DataLayout, batch: str) -> BatchSignals:
    """The OK records of an ingested batch, signals memory-mapped (no copy until touched)."""
    catalog = pl.read_parquet(layout.catalog(batch)).filter(pl.col("status") == "ok").sort("signal_row")
    path = layout.signals(batch)
    signal_mv = open_signals(path, catalog.height)
    if signal_mv.shape[0] != catalog.height:
        raise ValueError(f"batch {batch}: {path} holds {signal_mv.shape[0]} signals "
                         f"but the catalog lists {catalog.height} OK records; re-ingest the batch")
    return BatchSignals(record_ids=catalog["record_id"].to_list(), signal_mv=signal_mv, catalog=catalog)


def write_quarantine(layout: DataLayout, stage: str, batch: str, rows: list[dict]) -> Path:
    """Replace one stage's quarantine table for a batch (empty tables are written too: idempotent)."""
    path = layout.quarantine(stage, batch)
    frame = pl.DataFrame([{k: r.get(k) for k in QUARANTINE_SCHEMA} for r in rows], schema=QUARANTINE_SCHEMA)
    atomic_parquet(path, frame)
    return path


def read_catalog(layout: DataLayout) -> pl.DataFrame:
    """Every batch's catalog rows (lazy-friendly: a glob over one Parquet per batch)."""
    files = sorted((layout.root / "catalog").glob("*.parquet"))
    if not files:
        return pl.DataFrame(schema=CATALOG_SCHEMA)
    return pl.concat([pl.read_parquet(f) for f in files], how="vertical")


def ingest_source(source: Source, layout: DataLayout, policy: IngestPolicy = IngestPolicy(),
                  batches: list[str] | None = None) -> list[IngestSummary]:
    """``gem ingest``: every batch through :func:`ingest_batch`, then one ``catalog.parquet`` for all."""
    summaries = [ingest_batch(source, layout, b, policy) for b in (batches or list(source.list_batches()))]
    atomic_parquet(layout.root / "catalog.parquet", read_catalog(layout))
    return summaries
