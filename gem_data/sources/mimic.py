"""MIMIC-IV-ECG: ``record_list.csv`` + ``machine_measurements.csv`` + ``files/pNNNN/...`` (SPEC §1).

A batch is the first folder level under ``files/`` (``p1000`` .. ``p1999``, ~800 records each).
Both CSVs are joined once into a Parquet index sorted by batch (in ``cache_dir``, rebuilt when a CSV
changes), so each of the ~1,000 partitions reads only its own rows instead of re-parsing 800k lines.
"""
from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

import polars as pl

from gem_data.isolate import isolate
from gem_data.sources.base import (
    BATCH_KEY,
    Entry,
    Issue,
    Source,
    batch_of_path,
    fingerprint,
    parse_id,
    parse_measurements,
)

REPORT_COLUMNS = [f"report_{i}" for i in range(18)]
_ID_COLUMNS = ("subject_id", "study_id")


class MimicIvEcg(Source):
    name = "mimic-iv-ecg"

    def __init__(self, root: Path, batch_size: int = 1000, cache_dir: Path | None = None):
        super().__init__(root, batch_size, cache_dir)
        self.record_list = self.root / "record_list.csv"
        self.measurements = self.root / "machine_measurements.csv"
        if not self.record_list.is_file():
            raise FileNotFoundError(f"{self.record_list} not found: not a MIMIC-IV-ECG folder")

    def list_batches(self) -> dict[str, str]:
        index = self._index().select("batch", "path").collect()
        out = {
            batch: fingerprint(paths)
            for batch, paths in index.group_by("batch", maintain_order=True)
            .agg(pl.col("path").sort()).iter_rows()
        }
        files = self.root / "files"
        if files.is_dir():  # a folder with no listed records is an (empty) batch too
            for d in os.scandir(files):
                if d.is_dir() and d.name not in out and re.match(BATCH_KEY, d.name):
                    out[d.name] = fingerprint([])
        return dict(sorted(out.items()))

    def entries(self, batch: str) -> tuple[list[Entry], list[Issue]]:
        rows = self._index().filter(pl.col("batch") == batch).collect().to_dicts()
        entries, issues = [], []
        for row in rows:
            made, failed = isolate("ingest", f"{self.name}/row{row['row']}", self._entry, batch, row)
            if failed:  # a listing row we could not even parse is still listed, and quarantined
                made = (Entry(record_id=failed["record_id"], source=self.name, batch=batch,
                              path=str(row.get("path") or ""), problem=failed["reason"]), [])
            entries.append(made[0])
            issues += made[1]
        return entries, issues

    def _entry(self, batch: str, row: dict) -> tuple[Entry, list[Issue]]:
        problems = [f"missing {c}" for c in ("path",) if not row.get(c)]
        ids = {}
        for col in _ID_COLUMNS:
            ids[col], problem = parse_id(row.get(col), col)
            if ids[col] is None:
                problems.append(problem or f"missing {col}")
        record_id = f"{self.name}/{ids['study_id'] if ids['study_id'] is not None else 'row' + str(row['row'])}"
        if row["dup_rank"] > 0:
            record_id = f"{record_id}~dup{row['dup_rank']}"
            problems.append(f"duplicate study_id {ids['study_id']} (first listed in row {row['first_row']})")
        measurements, bad_fields = parse_measurements(row)
        issues = [Issue(record_id, f"machine_measurements: {p}") for p in bad_fields]
        lines = [str(row[c]).strip() for c in REPORT_COLUMNS if row.get(c) and str(row[c]).strip()]
        return Entry(
            record_id=record_id, source=self.name, batch=batch, path=row.get("path") or "",
            subject_id=ids["subject_id"], study_id=ids["study_id"], ecg_time=row.get("ecg_time"),
            report="\n".join(lines), measurements=measurements,
            problem="; ".join(problems) or None,
        ), issues

    def _index(self) -> pl.LazyFrame:
        """record_list joined with machine_measurements, with batch, row number and duplicate rank.

        Scanned lazily, so a batch filter reads only that batch's row groups of the cached index.
        """
        stamp = fingerprint(
            f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}"
            for p in (self.record_list, self.measurements) if p.is_file()
        ).replace(":", "-")
        cached = self.cache_dir / f"mimic-iv-ecg-{stamp}.parquet" if self.cache_dir else None
        if cached is None:
            return self._build_index().lazy()
        if not cached.is_file():
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(f".{os.getpid()}.tmp")
            self._build_index().write_parquet(tmp, row_group_size=5_000)
            tmp.replace(cached)
        return pl.scan_parquet(cached)

    def _build_index(self) -> pl.DataFrame:
        # lossy: undecodable bytes in one row become U+FFFD, which check_rel_path refuses for that row
        records = pl.read_csv(self.record_list, infer_schema=False, encoding="utf8-lossy")
        missing = [c for c in (*_ID_COLUMNS, "path", "ecg_time") if c not in records.columns]
        records = records.with_columns(pl.lit(None, pl.Utf8).alias(c) for c in missing).with_row_index("row")
        records = records.with_columns(
            batch=batch_of_path("path"),
            dup_rank=pl.int_range(pl.len()).over("study_id").cast(pl.Int64),
            first_row=pl.col("row").first().over("study_id"),
        )
        if self.measurements.is_file():
            mm = pl.read_csv(self.measurements, infer_schema=False, encoding="utf8-lossy")
            if "study_id" not in mm.columns:
                mm = mm.with_columns(study_id=pl.lit(None, pl.Utf8))
            keep = [c for c in mm.columns if c not in ("subject_id", "ecg_time")]
            mm = mm.select(keep).unique(subset="study_id", keep="first")
            records = records.join(mm, on="study_id", how="left")
        return records.sort("batch", "row")


def write_tree(root: Path, records, batch_of=lambda subject_id: f"p{str(subject_id)[:4]}") -> list[str]:
    """Write records in MIMIC-IV-ECG layout: WFDB files (format 16, 200/mV, aVF before aVL) + both CSVs.

    ``records``: iterable of dicts with subject_id, study_id, ecg_time, signal_mv (12, 5000) in
    standard lead order, report_lines (list[str]) and machine measurement columns (optional).
    Used by ``gem demo-data`` and by tests that rebuild MIMIC trees from real PTB-XL/LUDB signals.
    """
    import numpy as np
    import wfdb

    from gem_data.signals import STANDARD_LEADS

    disk_order = ["I", "II", "III", "aVR", "aVF", "aVL", "V1", "V2", "V3", "V4", "V5", "V6"]
    perm = [STANDARD_LEADS.index(lead) for lead in disk_order]
    root = Path(root)
    list_rows, mm_rows, paths = [], [], []
    for rec in records:
        sid, stid = int(rec["subject_id"]), int(rec["study_id"])
        rel = f"files/{batch_of(sid)}/p{sid}/s{stid}/{stid}"
        folder = root / Path(rel).parent
        folder.mkdir(parents=True, exist_ok=True)
        sig = np.asarray(rec["signal_mv"], dtype=np.float64)[perm].T  # (5000, 12) in disk order
        digital = np.clip(np.round(sig * 200.0), -32767, 32767).astype(np.int16)
        when = datetime.strptime(rec.get("ecg_time") or "2180-01-01 00:00:00", "%Y-%m-%d %H:%M:%S")
        wfdb.wrsamp(
            str(stid), fs=500, units=["mV"] * 12, sig_name=disk_order, d_signal=digital,
            fmt=["16"] * 12, adc_gain=[200.0] * 12, baseline=[0] * 12, write_dir=str(folder),
            comments=[f"<subject_id>: {sid}"], base_datetime=when,
        )
        list_rows.append({"subject_id": sid, "study_id": stid, "file_name": stid,
                          "ecg_time": rec.get("ecg_time"), "path": rel})
        lines = list(rec.get("report_lines", []))[:18]
        mm = {"subject_id": sid, "study_id": stid, "cart_id": rec.get("cart_id", 0),
              "ecg_time": rec.get("ecg_time")}
        mm.update({f"report_{i}": (lines[i] if i < len(lines) else None) for i in range(18)})
        mm.update({k: rec.get(k) for k in ("bandwidth", "filtering", "rr_interval", "p_onset", "p_end",
                                           "qrs_onset", "qrs_end", "t_end", "p_axis", "qrs_axis", "t_axis")})
        mm_rows.append(mm)
        paths.append(rel)
    _append_csv(root / "record_list.csv", list_rows)
    _append_csv(root / "machine_measurements.csv", mm_rows)
    return paths


def _append_csv(path: Path, rows: list[dict]) -> None:
    if not rows:
        return
    new = pl.DataFrame(rows, infer_schema_length=None).select(pl.all().cast(pl.Utf8))
    if path.is_file():
        new = pl.concat([pl.read_csv(path, infer_schema=False), new], how="diagonal")
    new.write_csv(path)
