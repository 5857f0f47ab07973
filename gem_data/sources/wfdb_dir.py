"""A generic folder of WFDB records (every ``*.hea``), e.g. LUDB; header comments become the report.

A batch is a record's parent folder relative to the root (``root`` for the top level); folders with
more than ``batch_size`` records are cut into numbered chunks so a partition stays small.
"""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from gem_data.sources.base import BATCH_KEY, UNBATCHED, Entry, Issue, Source, display_path, fingerprint


class WfdbFolder(Source):
    name = "wfdb"

    def list_batches(self) -> dict[str, str]:
        return {batch: fingerprint(f"{p}:{size}" for p, size in items)
                for batch, items in sorted(self._listing().items())}

    def entries(self, batch: str) -> tuple[list[Entry], list[Issue]]:
        items = self._listing().get(batch, [])
        return [_entry(self.name, batch, rel) for rel, _ in items], []

    def _listing(self) -> dict[str, list[tuple[str, int]]]:
        """batch -> sorted [(relative record path, header size)], from directory entries only."""
        by_dir: dict[str, list[tuple[str, int]]] = {}
        for dirpath, dirnames, filenames in os.walk(self.root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            rel_dir = Path(dirpath).relative_to(self.root).as_posix()
            heads = sorted(f for f in filenames if f.endswith(".hea"))
            for f in heads:
                rel = f[:-4] if rel_dir == "." else f"{rel_dir}/{f[:-4]}"
                size = os.stat(os.path.join(dirpath, f)).st_size
                by_dir.setdefault(rel_dir, []).append((rel, size))
        out: dict[str, list[tuple[str, int]]] = {}
        for rel_dir, items in by_dir.items():
            key = _batch_key(rel_dir)
            if len(items) <= self.batch_size:
                out[key] = items
            else:
                for i in range(0, len(items), self.batch_size):
                    out[f"{key}-{i // self.batch_size:04d}"] = items[i:i + self.batch_size]
        return out


def _entry(source: str, batch: str, rel: str) -> Entry:
    """One listed record; a name whose bytes are not UTF-8 is listed escaped and quarantined."""
    shown = display_path(rel)
    problem = None if shown == rel else f"path {shown!r} is not valid UTF-8; not read"
    return Entry(record_id=f"{source}/{shown}", source=source, batch=batch, path=shown, problem=problem)


def _batch_key(rel_dir: str) -> str:
    """``a/b`` -> ``a_b`` (``root`` for the top level). A folder name that is not a plain key
    (odd characters, undecodable bytes, very deep) gets a stable short key with a hash, so it is
    still one partition and never an invalid file name."""
    if rel_dir == ".":
        return "root"
    key = rel_dir.replace("/", "_")
    if re.match(BATCH_KEY, key) and key != UNBATCHED:
        return key
    raw = rel_dir.encode("utf-8", "surrogateescape")
    plain = re.sub(r"[^A-Za-z0-9_.-]", "_", raw.decode("ascii", "replace"))[:40].strip("._-") or "dir"
    return f"{plain}-{hashlib.sha256(raw).hexdigest()[:10]}"
