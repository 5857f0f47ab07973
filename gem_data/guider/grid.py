"""One record's FeatureDB rows as (lead, beat) arrays: what the prompt and the facts are read from.

The guider reads every feature of every lead of every record. Done with polars filters per lead
and per column, that is ~200 small queries per record (~50 ms); here the batch's columns are
converted to numpy once (:func:`batch_arrays`), and each record becomes a few (12, n_beats) arrays
with one scatter (:func:`record_grid`), from which the text and the facts take whole rows at once.

Conventions: leads in ``STANDARD_LEADS`` order (rows of other lead names are ignored); a null value,
a NaN and a (lead, beat) without a row are all NaN; ``st_form`` is an object array (None where
null); ``premature`` is bool (null is not premature). Doubtful values follow
gem_data.features.confidence: a wave with confidence below ``DOUBTFUL_BELOW`` makes every feature
measured from it doubtful; a missing confidence does not.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from gem_data.features.confidence import CONF_COLUMNS, DOUBTFUL_BELOW, FEATURE_WAVES
from gem_data.signals import STANDARD_LEADS

LEAD_INDEX = {lead: i for i, lead in enumerate(STANDARD_LEADS)}
_KEYS = ("record_id", "lead", "beat", "st_form", "premature")


@dataclass(frozen=True)
class BatchArrays:
    """A FeatureDB frame's columns as numpy, converted once per batch.

    ``values``: (rows, C) float64 of the numeric ``columns``; ``lead_idx``: (rows,) index into
    STANDARD_LEADS, -1 for other names; ``rows_of``: record_id -> its row numbers.
    """

    columns: tuple[str, ...]
    values: np.ndarray
    lead_idx: np.ndarray
    beat: np.ndarray
    st_form: np.ndarray | None
    premature: np.ndarray | None
    rows_of: dict[str, np.ndarray]


@dataclass(frozen=True)
class FeatureGrid:
    """One record: ``values[c]`` is the (12, n_beats) float64 array of ``columns[c]``.

    ``n_rows`` counts the record's rows (any lead name); ``n_beats`` is its largest beat + 1;
    ``has_row``: (12, n_beats) bool, the (lead, beat) has a row.
    """

    columns: tuple[str, ...]
    values: np.ndarray
    has_row: np.ndarray
    st_form: np.ndarray | None
    premature: np.ndarray | None
    n_rows: int
    n_beats: int

    def __contains__(self, column: str) -> bool:
        return column in self.columns or (column == "st_form" and self.st_form is not None) or (
            column == "premature" and self.premature is not None)

    def raw(self, column: str) -> np.ndarray:
        """(12, n_beats) values of a numeric column as stored."""
        return self.values[self.columns.index(column)]

    def doubtful(self, feature: str) -> np.ndarray:
        """(12, n_beats) bool: a wave ``feature`` is measured from has a low confidence
        (all False unless the frame has the three confidence columns, as ``trusted`` does)."""
        out = np.zeros(self.has_row.shape, bool)
        if not all(c in self.columns for c in CONF_COLUMNS.values()):
            return out
        for wave in FEATURE_WAVES.get(feature, ()):
            out |= self.raw(CONF_COLUMNS[wave]) < DOUBTFUL_BELOW  # NaN (no wave) compares False
        return out

    def trusted(self, column: str) -> np.ndarray:
        """``column`` with doubtful values blanked: NaN (numeric) or None (``st_form``)."""
        if column == "st_form":
            return np.where(self.doubtful(column), None, self.st_form)
        return np.where(self.doubtful(column), np.nan, self.raw(column))

    def premature_beats(self) -> list[int]:
        """1-based numbers of the beats flagged premature in any lead."""
        if self.premature is None:
            return []
        return [int(b) + 1 for b in np.flatnonzero(self.premature.any(0))]


def row_medians(values: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """(rows,) median of each row's ``ok`` values, NaN where none: exactly np.median's (the mean of
    the two middle sorted values), for all leads in one sort instead of one np.median per lead."""
    n = ok.sum(1)
    if values.shape[1] == 0:
        return np.full(values.shape[0], np.nan)
    s = np.sort(np.where(ok, values, np.nan), axis=1)  # NaN sort last
    rows = np.arange(values.shape[0])
    mid = (s[rows, np.maximum(n - 1, 0) // 2] + s[rows, n // 2]) / 2
    return np.where(n > 0, mid, np.nan)


def batch_arrays(frame: pl.DataFrame) -> BatchArrays:
    """Convert a (many-record) FeatureDB frame once: numeric columns to one float64 matrix."""
    columns = tuple(c for c, dtype in frame.schema.items() if c not in _KEYS and dtype.is_numeric())
    values = (frame.select(pl.col(c).cast(pl.Float64).fill_null(np.nan) for c in columns).to_numpy()
              if columns else np.zeros((frame.height, 0)))
    lead_idx = frame["lead"].replace_strict(LEAD_INDEX, default=-1, return_dtype=pl.Int64).to_numpy()
    groups = (frame.select("record_id").with_row_index("row")
              .group_by("record_id", maintain_order=True).agg(pl.col("row")))
    rows_of = {rid: np.asarray(rows, np.int64) for rid, rows in groups.iter_rows()}
    return BatchArrays(
        columns=columns, values=np.ascontiguousarray(values, np.float64), lead_idx=lead_idx,
        beat=frame["beat"].cast(pl.Int64).to_numpy(),
        st_form=frame["st_form"].to_numpy() if "st_form" in frame.columns else None,
        premature=frame["premature"].fill_null(False).to_numpy() if "premature" in frame.columns else None,
        rows_of=rows_of)


def record_grid(arrays: BatchArrays, record_id: str) -> FeatureGrid:
    """The grid of one record of :func:`batch_arrays`; raises ValueError naming the record when
    its rows cannot form one (negative or duplicate (lead, beat))."""
    rows = arrays.rows_of.get(record_id, np.zeros(0, np.int64))
    beat, lead = arrays.beat[rows], arrays.lead_idx[rows]
    if rows.size and beat.min() < 0:
        raise ValueError(f"{record_id}: negative beat number in the FeatureDB rows")
    n_beats = int(beat.max()) + 1 if rows.size else 0
    std = lead >= 0
    rows, beat, lead = rows[std], beat[std], lead[std]
    if np.unique(lead * n_beats + beat).size < rows.size:
        raise ValueError(f"{record_id}: duplicate (lead, beat) rows in the FeatureDB")
    shape = (len(STANDARD_LEADS), n_beats)
    values = np.full((len(arrays.columns), *shape), np.nan)
    values[:, lead, beat] = arrays.values[rows].T
    has_row = np.zeros(shape, bool)
    has_row[lead, beat] = True
    st_form = premature = None
    if arrays.st_form is not None:
        st_form = np.full(shape, None, object)
        st_form[lead, beat] = arrays.st_form[rows]
    if arrays.premature is not None:
        premature = np.zeros(shape, bool)
        premature[lead, beat] = arrays.premature[rows]
    return FeatureGrid(arrays.columns, values, has_row, st_form, premature, int(std.size), n_beats)


def as_grid(rows: pl.DataFrame | FeatureGrid) -> FeatureGrid:
    """A grid from ONE record's FeatureDB rows (a grid passes through)."""
    if isinstance(rows, FeatureGrid):
        return rows
    record_id = str(rows["record_id"][0]) if "record_id" in rows.columns and rows.height else ""
    return record_grid(batch_arrays(rows.with_columns(record_id=pl.lit(record_id))), record_id)
