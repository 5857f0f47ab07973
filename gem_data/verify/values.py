"""One record's measured values as the verifier reads them: per lead and beat, per lead, per record.

Built from FeatureDB long rows (``gem_data.features`` schema, SPEC §3); ``values_by_record`` splits a
whole batch in one pass. Record-level values follow ``gem_data.features.summary``: the global
intervals of the multi-lead convention (per beat, the 20th percentile over leads of P/QRS onsets and
the 80th of QRS/T offsets; median over beats; heart rate from the median RR; QTc Bazett and
Fridericia from those), plus, for every feature, the median over leads of the per-lead medians (and, for P waves and
PR, lead II's median: the rhythm strip), so a response may cite the global interval or a typical
lead's value. Medians are computed only for
the features some claim asks about (most responses cite a handful), which keeps the verifier fast.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl

from gem_data.features import FEATURES
from gem_data.signals import FS_HZ, STANDARD_LEADS

_FIDUCIALS = ("P_on", "QRS_on", "QRS_off", "T_off")  # the ones global intervals need
# P waves and the PR interval are read on the lead-II rhythm strip (SPEC §7), so a lead-less claim
# about them may also cite lead II.
_RHYTHM_STRIP = frozenset({"pr_ms", "p_amp_mv", "p_dur_ms"})
_LEAD_CODES = {lead: i for i, lead in enumerate(STANDARD_LEADS)}


@dataclass(frozen=True)
class RecordValues:
    """``per_beat[f]``: (12, B) float64 (NaN absent, standard lead order); ``st_form``: (12, B) object;
    ``fiducials[k]``: (12, B) float64 sample indices (NaN absent) for P_on, QRS_on, QRS_off, T_off."""

    record_id: str
    n_beats: int
    per_beat: dict[str, np.ndarray]
    st_form: np.ndarray
    fiducials: dict[str, np.ndarray]
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_rows(cls, rows: pl.DataFrame) -> RecordValues:
        """From ONE record's long FeatureDB rows (any order)."""
        found = values_by_record(rows)
        if len(found) != 1:
            raise ValueError(f"expected the rows of one record, got {len(found)} records")
        return next(iter(found.values()))

    def lead_median(self, feature: str) -> np.ndarray:
        """(12,) median over each lead's beats (NaN where the lead has none)."""
        key = ("lead", feature)
        if key not in self._cache:
            self._cache[key] = nanquantile_rows(self.per_beat[feature], 0.5)
        return self._cache[key]

    def record(self, feature: str) -> list[float]:
        """Record-level values a claim without a lead may cite: [global (if defined), median of leads]."""
        key = ("record", feature)
        if key not in self._cache:
            out = []
            glob = self._global().get(feature)
            if glob is not None and np.isfinite(glob):
                out.append(float(glob))
            leads = self.lead_median(feature)
            med = nanquantile_rows(leads[None], 0.5)[0]
            if np.isfinite(med):
                out.append(float(med))
            if feature in _RHYTHM_STRIP and np.isfinite(leads[_LEAD_CODES["II"]]):
                out.append(float(leads[_LEAD_CODES["II"]]))
            self._cache[key] = out
        return self._cache[key]

    def _global(self) -> dict[str, float]:
        if "global" not in self._cache:
            self._cache["global"] = _global_intervals(self) if self.n_beats else {}
        return self._cache["global"]


def values_by_record(frame: pl.DataFrame) -> dict[str, RecordValues]:
    """``{record_id: RecordValues}`` for every record in a long FeatureDB frame (one pass)."""
    if frame.is_empty():
        return {}
    frame = frame.sort("record_id", maintain_order=True)
    ids = frame["record_id"].to_numpy()
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
    ends = np.r_[starts[1:], len(ids)]
    lead = np.array([_LEAD_CODES.get(x, -1) for x in frame["lead"].to_list()], dtype=np.int64)
    beat = frame["beat"].to_numpy().astype(np.int64)
    cols = {k: frame[k].cast(pl.Float64).fill_null(np.nan).to_numpy() for k in FEATURES}
    fids = {k: frame[k].cast(pl.Float64).fill_null(np.nan).to_numpy() for k in _FIDUCIALS}
    forms = np.asarray(frame["st_form"].to_list(), dtype=object)
    out: dict[str, RecordValues] = {}
    for s, e in zip(starts, ends):
        li, bi = lead[s:e], beat[s:e]
        ok = li >= 0
        li, bi, rows = li[ok], bi[ok], np.arange(s, e)[ok]
        n_beats = int(bi.max()) + 1 if bi.size else 0
        shape = (len(STANDARD_LEADS), n_beats)

        def grid(col: np.ndarray) -> np.ndarray:
            g = np.full(shape, np.nan)
            g[li, bi] = col[rows]
            return g

        form = np.full(shape, None, dtype=object)
        form[li, bi] = forms[rows]
        rid = str(ids[s])
        out[rid] = RecordValues(rid, n_beats, {k: grid(v) for k, v in cols.items()}, form,
                                {k: grid(v) for k, v in fids.items()})
    return out


def nanquantile_rows(a: np.ndarray, q: float) -> np.ndarray:
    """Row-wise ``np.nanquantile(a, q, axis=1)`` (linear interpolation) for small (R, C) arrays.

    Same numbers as numpy, without its per-call overhead (masked arrays, warnings): on (12, ~10)
    arrays this is what keeps the verifier above 200 responses/s per core.
    """
    s = np.sort(a, axis=1)  # NaN sort last
    n = np.isfinite(a).sum(axis=1)
    pos = np.maximum(n - 1, 0) * q
    lo = np.floor(pos).astype(np.int64)
    hi = np.minimum(lo + 1, np.maximum(n - 1, 0))
    rows = np.arange(a.shape[0])
    with np.errstate(invalid="ignore"):
        val = s[rows, lo] + (s[rows, hi] - s[rows, lo]) * (pos - lo) if a.shape[1] else np.full(a.shape[0], np.nan)
    return np.where(n > 0, val, np.nan)


def _global_intervals(v: RecordValues) -> dict[str, float]:
    """The multi-lead global values of ``gem_data.features.summary.summarize``, from the long rows."""
    to_ms = 1000.0 / FS_HZ
    f = v.fiducials
    p_on, q_on = nanquantile_rows(f["P_on"].T, 0.2), nanquantile_rows(f["QRS_on"].T, 0.2)
    q_off, t_off = nanquantile_rows(f["QRS_off"].T, 0.8), nanquantile_rows(f["T_off"].T, 0.8)
    rr = nanquantile_rows(v.per_beat["rr1_ms"].T, 0.5)

    def median(x: np.ndarray) -> float:
        return float(nanquantile_rows(x[None], 0.5)[0])

    rr_ms = median(rr)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = {
            "rr1_ms": rr_ms,
            "heart_rate_bpm": 60000.0 / rr_ms if rr_ms else np.nan,
            "pr_ms": median((q_on - p_on) * to_ms),
            "qrs_dur_ms": median((q_off - q_on) * to_ms),
            "qt_ms": median((t_off - q_on) * to_ms),
        }
    qt, rr_s = out["qt_ms"], rr_ms / 1000.0
    out["qtc_ms"] = qt / np.sqrt(rr_s) if np.isfinite(qt) and rr_s > 0 else np.nan
    out["qtc_fridericia_ms"] = qt / np.cbrt(rr_s) if np.isfinite(qt) and rr_s > 0 else np.nan
    return out
