"""Record-level summaries of a :class:`BeatTable`: per-lead medians and global (multi-lead) intervals.

Global intervals follow the multi-lead convention of measuring carts (and of MIMIC's machine
measurements): per beat, the earliest P onset and QRS onset and the latest QRS offset and T offset
over the leads, then the median over beats. "Earliest"/"latest" are the 20th/80th percentiles over
leads rather than min/max, so that one lead's misplaced boundary cannot stretch every interval.
"""
from __future__ import annotations

import warnings

import numpy as np

from .measure import FEATURES
from .table import BeatTable

RS_COLUMNS = ("r_amp_mv", "s_amp_mv")


def summarize(table: BeatTable) -> dict:
    """``{"per_lead": {lead: {feature: median}}, "global": {rr_ms, ...}, "record": {...}}``.

    Values are floats or None (nothing measurable). ``per_lead`` also carries the medians of
    ``r_amp_mv`` / ``s_amp_mv``; ``record`` is the record-level facts (facts.RecordFacts.row()).
    """
    to_ms = 1000.0 / table.fs_hz
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN rows are expected (no P in AF)
        per_lead = {
            lead: {k: _num(np.nanmedian(table.features[k][i])) if table.n_beats else None
                   for k in FEATURES}
            for i, lead in enumerate(table.leads)
        }
        for k in RS_COLUMNS:
            for i, lead in enumerate(table.leads):
                per_lead[lead][k] = (_num(np.nanmedian(table.facts[k][i]))
                                     if table.n_beats and k in table.facts else None)
        f = {k: np.where(v < 0, np.nan, v.astype(float)) for k, v in table.fiducials.items()}
        p_on, q_on = _early(f["P_on"]), _early(f["QRS_on"])
        q_off, t_off = _late(f["QRS_off"]), _late(f["T_off"])
        rr = np.diff(table.beat_idx) * to_ms
        glob = {
            "n_beats": table.n_beats,
            "rr_ms": _num(np.median(rr)) if rr.size else None,
            "heart_rate_bpm": _num(60000.0 / np.median(rr)) if rr.size else None,
            "pr_ms": _num(np.nanmedian((q_on - p_on) * to_ms)) if table.n_beats else None,
            "qrs_dur_ms": _num(np.nanmedian((q_off - q_on) * to_ms)) if table.n_beats else None,
            "qt_ms": _num(np.nanmedian((t_off - q_on) * to_ms)) if table.n_beats else None,
        }
    if glob["qt_ms"] is not None and glob["rr_ms"]:
        glob["qtc_ms"] = glob["qt_ms"] / np.sqrt(glob["rr_ms"] / 1000.0)
        glob["qtc_fridericia_ms"] = glob["qt_ms"] / np.cbrt(glob["rr_ms"] / 1000.0)
    else:
        glob["qtc_ms"] = glob["qtc_fridericia_ms"] = None
    return {"per_lead": per_lead, "global": glob, "record": table.record.row()}


def _early(v: np.ndarray) -> np.ndarray:
    return np.nanpercentile(v, 20, axis=0) if v.size else np.zeros(v.shape[1])


def _late(v: np.ndarray) -> np.ndarray:
    return np.nanpercentile(v, 80, axis=0) if v.size else np.zeros(v.shape[1])


def _num(v) -> float | None:
    v = float(v)
    return v if np.isfinite(v) else None
