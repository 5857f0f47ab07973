"""FeatureDB: per-beat, per-lead fiducials and the 14 features of SPEC §3 (issue 3).

>>> from gem_data.signals import read_record
>>> table = extract(read_record("../shared/data/ptbxl/records500/00000/00005_hr").signal, 500)  # doctest: +SKIP
>>> table.features["qrs_dur_ms"].shape  # (12 leads, beats)  # doctest: +SKIP

``extract`` works on arrays, ``extract_record`` gives a record's long rows, ``build_batch`` runs a
whole catalog batch. Definitions live in ``measure.py`` (the 14 features), ``facts.py`` (R/S
amplitudes, premature beats, dominant-beat correlation, record facts) and docs/features.md;
``classes.validate_classes`` scores the record classes against cardiologists' labels.
"""
from __future__ import annotations

import numpy as np
import polars as pl

from gem_data.signals import Record

from .batch import FeatureSummary, build_batch
from .delineate import FIDUCIALS, Waves
from .facts import BEAT_COLUMNS, RECORD_SCHEMA, RecordFacts
from .measure import FEATURES
from .summary import summarize
from .table import SCHEMA, BeatTable, build_table, long_frame


def extract(signal_mv: np.ndarray, fs_hz: float) -> BeatTable:
    """Delineate and measure a (12, N) mV signal in standard lead order."""
    return build_table(signal_mv, fs_hz)


def extract_record(record: Record) -> pl.DataFrame:
    """The long FeatureDB rows of one normalized record (``record_id`` = ``record.name``)."""
    return long_frame([record.name], [build_table(record.signal, record.fs, record.leads)])


__all__ = [
    "BEAT_COLUMNS", "FEATURES", "FIDUCIALS", "RECORD_SCHEMA", "SCHEMA", "BeatTable",
    "FeatureSummary", "RecordFacts", "Waves", "build_batch", "extract", "extract_record",
    "long_frame", "summarize",
]
