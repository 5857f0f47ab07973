"""Resources: where raw data comes from and where outputs go.

Both read their environment variables when a run starts, not at import, so ``gem demo`` and tests
can point them elsewhere.
"""
from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from gem_data.layout import DataLayout
from gem_data.sources import SOURCES, Source


class DataStore(dg.ConfigurableResource):
    """Output root, ``GEM_DATA_DIR`` (default ``./data``); see gem_data.layout for the folder layout."""

    data_dir: str | None = None
    # per stage and batch: above this share of quarantined records the blocking quarantine_share
    # check stops the line (a systematic bug, not bad records); assets/checks.py
    max_quarantine_share: float = 0.5

    def layout(self) -> DataLayout:
        root = self.data_dir or os.environ.get("GEM_DATA_DIR") or "data"
        return DataLayout(Path(root).resolve())

    def source_index(self) -> Path:
        """Where sources cache their listing indexes (never inside the read-only source)."""
        return self.layout().root / "source_index"


class EcgSource(dg.ConfigurableResource):
    """Raw WFDB source: ``GEM_SOURCE_DIR`` and ``GEM_SOURCE_KIND`` (mimic-iv-ecg | ptb-xl | wfdb)."""

    source_dir: str | None = None
    kind: str | None = None
    batch_size: int = 1000  # generic WFDB folders without subfolders: records per batch

    def open(self, cache_dir: Path | None = None) -> Source:
        root = self.source_dir or os.environ.get("GEM_SOURCE_DIR")
        if not root:
            raise dg.DagsterInvariantViolationError(
                "GEM_SOURCE_DIR is not set: point it at a MIMIC-IV-ECG, PTB-XL or WFDB folder "
                "(or run `gem demo`, which creates a demo source)")
        kind = self.kind or os.environ.get("GEM_SOURCE_KIND") or "mimic-iv-ecg"
        if kind not in SOURCES:
            raise dg.DagsterInvariantViolationError(
                f"GEM_SOURCE_KIND={kind!r} is not one of {sorted(SOURCES)}")
        return SOURCES[kind](Path(root), batch_size=self.batch_size, cache_dir=cache_dir)
