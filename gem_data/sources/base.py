"""The one record schema every source yields, and the small base class sources share."""
from __future__ import annotations

import functools
import hashlib
import math
import os
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

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

    def resolve(self, rel_path: str) -> Path:
        """Record path under the root; raises :class:`UnsafePath` for a path we never read.

        Refused here, lexically: empty, absolute, ``..``-escaping, over-long, undecodable or NUL
        paths. Symlinks are judged later, by resolved path, against :attr:`roots` (``read_record``
        checks the header and every file it names), since only then are the file names known.
        """
        return self.root / check_rel_path(rel_path)

    @functools.cached_property
    def roots(self) -> tuple[str, ...]:
        """Real paths every file a record names must resolve inside (issue 17).

        The root itself, plus the targets of symlinked folders directly under it: a root whose
        ``files/`` is a symlink to another disk (common on clusters) is the operator's choice and
        still works, while a symlink deeper in the tree that leaves the tree is refused.
        """
        out = [os.path.realpath(self.root)]
        for child in sorted(os.scandir(self.root), key=lambda d: d.name):
            if child.is_symlink() and child.is_dir():
                out.append(os.path.realpath(child.path))
        return tuple(out)


class UnsafePath(ValueError):
    """A listed path that is never opened; ``reason`` says why (quarantined, never raised further)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


MAX_NAME_BYTES = 255  # NAME_MAX on Linux, macOS and Windows file systems
MAX_PATH_BYTES = 4000  # below PATH_MAX (4096) with room for the root and an extension


def check_rel_path(rel_path: str) -> str:
    """The normalized relative path, or :class:`UnsafePath` saying why it is never opened."""
    if not isinstance(rel_path, str) or not rel_path.strip():
        raise UnsafePath("missing path")
    if "\0" in rel_path:
        raise UnsafePath(f"path {rel_path!r} contains a NUL byte; not read")
    if "\ufffd" in rel_path:  # what a lossy UTF-8 read of undecodable bytes leaves behind
        raise UnsafePath(f"path {rel_path!r} is not valid UTF-8; not read")
    try:
        encoded = rel_path.encode("utf-8")
    except UnicodeEncodeError:  # surrogate-escaped bytes from os.walk of an undecodable name
        raise UnsafePath(f"path {display_path(rel_path)!r} is not valid UTF-8; not read") from None
    norm = os.path.normpath(rel_path)
    if os.path.isabs(norm) or norm == ".." or norm.startswith("../"):
        raise UnsafePath(f"path {rel_path!r} escapes the source root; not read")
    if norm == ".":
        raise UnsafePath(f"path {rel_path!r} names no record")
    longest = max(len(part.encode("utf-8")) for part in norm.split("/"))
    if len(encoded) > MAX_PATH_BYTES or longest + 4 > MAX_NAME_BYTES:  # + ".hea"
        raise UnsafePath(f"path too long ({len(encoded)} bytes, longest name {longest} bytes); not read")
    return norm


def display_path(path: str) -> str:
    """A printable, Parquet-safe form of a path whose bytes may not be UTF-8 (``\\xff`` escapes)."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


# A batch key is a file name (catalog/<batch>.parquet) and a Dagster partition key: plain and short.
BATCH_KEY = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
UNBATCHED = "unbatched"


def batch_of_path(column: str = "path") -> pl.Expr:
    """The first folder below the top level (``files/p1000/...`` -> ``p1000``), else ``unbatched``.

    A listed path that is absolute or escapes from its first folders never names a batch of its own
    (``/etc/x`` would otherwise make a batch ``etc``): it lands in ``unbatched``. One that escapes
    later (``files/p1000/../../x``) stays in the batch it was listed in. Ingestion quarantines both.
    """
    parts = pl.col(column).str.split("/")
    top, part = parts.list.get(0, null_on_oob=True), parts.list.get(1, null_on_oob=True)
    ok = (top.str.contains(BATCH_KEY) & part.str.contains(BATCH_KEY)).fill_null(False)
    return pl.when(ok).then(part).otherwise(pl.lit(UNBATCHED))


def fingerprint(items) -> str:
    """Short stable hash of an iterable of strings (a batch's listing)."""
    h = hashlib.sha256()
    n = 0
    for item in items:
        h.update(str(item).encode("utf-8", "surrogateescape"))  # same bytes for any valid name
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


def parse_id(value, column: str) -> tuple[int | None, str | None]:
    """(id, problem): an id is a whole number in 0 .. 2**63 - 1 (it is stored as Int64)."""
    number, problem = parse_number(value, column)
    if number is None:
        return None, problem
    if not math.isfinite(number) or number != int(number) or not 0 <= number < 2 ** 63:
        return None, f"{column}={str(value).strip()!r} is not a whole non-negative number"
    return int(number), None


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
