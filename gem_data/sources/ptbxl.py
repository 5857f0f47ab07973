"""PTB-XL: ``ptbxl_database.csv`` + ``records500/NNNNN/NNNNN_hr`` (or ``records100/.._lr``), SPEC §1.

A batch is the thousand-folder (``00000``, ``01000``...). The 500 Hz record is preferred; the 100 Hz
one is used (and resampled) only when the 500 Hz file is absent.
"""
from __future__ import annotations

from pathlib import Path

import polars as pl

from gem_data.sources.base import Entry, Issue, Source, UnsafePath, batch_of_path, check_rel_path, fingerprint, parse_id


class PtbXl(Source):
    name = "ptb-xl"

    def __init__(self, root: Path, batch_size: int = 1000, cache_dir: Path | None = None):
        super().__init__(root, batch_size, cache_dir)
        candidates = sorted(self.root.glob("ptbxl_database*.csv"))
        if not candidates:
            raise FileNotFoundError(f"no ptbxl_database.csv in {self.root}: not a PTB-XL folder")
        self.database = candidates[0]

    def list_batches(self) -> dict[str, str]:
        table = self._table()
        return {
            batch: fingerprint(paths)
            for batch, paths in table.group_by("batch").agg(pl.col("path").sort()).sort("batch").iter_rows()
        }

    def entries(self, batch: str) -> tuple[list[Entry], list[Issue]]:
        entries = []
        for row in self._table().filter(pl.col("batch") == batch).to_dicts():
            ecg_id, p1 = parse_id(row.get("ecg_id"), "ecg_id")
            patient, p2 = parse_id(row.get("patient_id"), "patient_id")
            problems = [p for p in (p1, p2) if p]
            if ecg_id is None and not p1:
                problems.append("missing ecg_id")
            if patient is None and not p2:
                problems.append("missing patient_id")
            if row["dup_rank"] > 0:
                problems.append(f"duplicate ecg_id {row.get('ecg_id')}")
            rid = f"{self.name}/{ecg_id if ecg_id is not None else 'row' + str(row['row'])}"
            if row["dup_rank"] > 0:
                rid += f"~dup{row['dup_rank']}"
            entries.append(Entry(
                record_id=rid, source=self.name, batch=batch, path=row["path"] or "",
                subject_id=patient, study_id=ecg_id,
                ecg_time=row.get("recording_date"), report=(row.get("report") or "").strip(),
                labels=row.get("scp_codes"), problem="; ".join(problems) or None,
            ))
        return entries, []

    def _table(self) -> pl.DataFrame:
        table = pl.read_csv(self.database, infer_schema=False, encoding="utf8-lossy")
        missing = [c for c in ("ecg_id", "patient_id", "filename_hr", "filename_lr") if c not in table.columns]
        table = table.with_columns(pl.lit(None, pl.Utf8).alias(c) for c in missing).with_row_index("row")
        hr_exists = [_is_header(self.root, p) for p in table["filename_hr"].to_list()]
        table = table.with_columns(
            path=pl.when(pl.Series(hr_exists)).then(pl.col("filename_hr")).otherwise(pl.col("filename_lr")),
            dup_rank=pl.int_range(pl.len()).over("ecg_id").cast(pl.Int64),
        )
        return table.with_columns(
            batch=batch_of_path("path"),
        )


def _is_header(root: Path, rel: str | None) -> bool:
    """Whether ``rel`` names an existing header; a path we would never open is simply not one."""
    try:
        return bool(rel) and (root / f"{check_rel_path(rel)}.hea").is_file()
    except (UnsafePath, OSError):
        return False
