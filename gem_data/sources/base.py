"""The one record schema every source yields, and the small base class sources share."""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

# Machine measurements we keep (MIMIC-IV-ECG column -> catalog column), with the plausible range
# outside which a value is a "not measured" sentinel (29999 and friends, SPEC §1) and becomes null.
MEASUREMENTS: dict[str, tuple[str, float, float]] = {
    "rr_interval": ("rr_interval_ms", 150.0, 3000.0),
    "p_onset": ("p_onset_ms", 0.0, 2000.0),
    "p_end": ("p_end_ms", 0.0, 2000.0),
    "qrs_onset": ("qrs_onset_ms", 0.0, 2000.0),
    "qrs_end": ("qrs_end_ms", 0.0, 2000.0),
    "t_end": ("t_end_ms", 0.0, 2500.0),
    "p_axis": ("p_axis_deg", -360.0, 360.0),
    "qrs_axis": ("qrs_axis_deg", -360.0, 360.0),
    "t_axis": ("t_axis_deg", -360.0, 360.0),
}
MEASUREMENT_COLUMNS = tuple(col for col, _, _ in MEASUREMENTS.values())


@dataclass(frozen=True)
class Entry:
    """One record as a source lists it, before its signal is read."""

    record_id: str  # stable and source-qualified, e.g. "mimic-iv-ecg/40689238"
    source: str
    batch: str
    path: str  # WFDB record path relative to the source root, no extension
    subject_id: int | None = None
    study_id: int | None = None
    ecg_time: str | None = None
    report: str | None = None  # None: take the header comments (generic WFDB folders)
    labels: str | None = None  # source-specific labels, e.g. PTB-XL scp_codes
    measurements: dict[str, float | None] = field(default_factory=dict)
    problem: str | None = None  # set when the listing row itself is bad: quarantined with this reason


@dataclass(frozen=True)
class Issue:
    """Something wrong with a listing row that does not stop its record (e.g. a non-numeric field)."""

    record_id: str
    reason: str


class Source:
    """Base for adapters. Subclasses set ``name`` and implement the two listing methods."""

    name = "?"

    def __init__(self, root: Path, batch_size: int = 1000, cache_dir: Path | None = None):
        self.root = Path(root)
        self.batch_size = batch_size
        self.cache_dir = Path(cache_dir) if cache_dir else None  # for listing indexes, never in root
        if not self.root.is_dir():
            raise FileNotFoundError(f"source folder {self.root} does not exist")

    def list_batches(self) -> dict[str, str]:
        """Batch key -> fingerprint; cheap enough for a 60 s sensor tick on 800k records."""
        raise NotImplementedError

    def entries(self, batch: str) -> tuple[list[Entry], list[Issue]]:
        """Every record listed in one batch (bad rows included, flagged), plus row-level issues."""
        raise NotImplementedError

    def resolve(self, rel_path: str) -> Path | None:
        """Record path under the root, or None when it would escape it (never read outside).

        Lexical on purpose: ``..`` and absolute paths are refused, while a root whose ``files/``
        is a symlink to another disk (common on clusters) still works.
        """
        norm = os.path.normpath(rel_path)
        if os.path.isabs(norm) or norm == ".." or norm.startswith("../"):
            return None
        return self.root / norm


def fingerprint(items) -> str:
    """Short stable hash of an iterable of strings (a batch's listing)."""
    h = hashlib.sha256()
    n = 0
    for item in items:
        h.update(str(item).encode())
        h.update(b"\0")
        n += 1
    return f"{n}:{h.hexdigest()[:16]}"


def parse_number(value, column: str) -> tuple[float | None, str | None]:
    """(value, problem): blank -> (None, None); non-numeric -> (None, reason)."""
    if value is None:
        return None, None
    text = str(value).strip()
    if text == "" or text.lower() in ("nan", "none", "null"):
        return None, None
    try:
        return float(text), None
    except ValueError:
        return None, f"non-numeric {column}={text!r}"


def parse_measurements(row: dict) -> tuple[dict[str, float | None], list[str]]:
    """Machine measurements with sentinels nulled; the problems found (non-numeric fields)."""
    out: dict[str, float | None] = {}
    problems = []
    for src, (col, lo, hi) in MEASUREMENTS.items():
        value, problem = parse_number(row.get(src), src)
        if problem:
            problems.append(problem)
        out[col] = value if value is not None and lo <= value <= hi else None
    return out, problems


@dataclass(frozen=True)
class BatchPlan:
    """What a listing means against what was seen before: batches to add, batches to re-run."""

    new: list[str]
    changed: list[str]

    @property
    def to_run(self) -> list[str]:
        return self.new + self.changed


def plan_batches(listing: dict[str, str], seen: dict[str, str]) -> BatchPlan:
    """New batches and batches whose fingerprint moved (a release added records to them)."""
    new = [b for b in listing if b not in seen]
    changed = [b for b in listing if b in seen and seen[b] != listing[b]]
    return BatchPlan(new=new, changed=changed)
