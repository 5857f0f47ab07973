"""Per-lead summaries of one record's features: what the offline template backend writes from.

Medians and the beats where each feature is lowest and highest, so a paragraph can cite "lead II,
beat 4" exactly as an LLM answer should. Beats are numbered from 1, as in the prompt. Doubtful values
(gem_data.features.confidence) are left out, as the prompt leaves them out; the record-level facts
(``features_records`` columns and the premature beats) go under ``"record"``.
"""
from __future__ import annotations

from collections import Counter

import numpy as np
import polars as pl

from gem_data.guider.grid import FeatureGrid, as_grid, row_medians
from gem_data.signals import STANDARD_LEADS

_NUMERIC = ("heart_rate_bpm", "rr1_ms", "p_amp_mv", "p_dur_ms", "pr_ms", "qrs_amp_mv", "qrs_dur_ms",
            "t_amp_mv", "t_dur_ms", "st_dur_ms", "st_level_mv", "qt_ms", "qtc_ms", "r_amp_mv", "s_amp_mv")
RECORD_FACTS = ("atrial_activity", "rr_irregular", "rr_irregularity", "n_premature", "sokolow_lyon_mv",
                "cornell_mv", "low_voltage")


def record_facts(rows: pl.DataFrame | FeatureGrid, record: dict | None = None) -> dict:
    """``{"n_beats", "leads": {lead: {feature: {median, min: [v, beat], max: [v, beat], n},
    "st_form": majority}}, "record": {...}}`` for one record's FeatureDB rows (or their grid) and its
    ``features_records`` row (JSON-ready; ``"record"`` only holds what is known)."""
    grid = as_grid(rows)
    numeric = [col for col in _NUMERIC if col in grid]
    stats = dict(zip(numeric, _lead_stats(np.stack([grid.trusted(col) for col in numeric]))
                     if numeric else []))
    forms = grid.trusted("st_form") if "st_form" in grid else None
    leads: dict[str, dict] = {}
    for i, lead in enumerate(STANDARD_LEADS):
        if not grid.has_row[i].any():
            continue
        out = {col: s[i] for col, s in stats.items() if s[i] is not None}
        common = _majority(forms[i]) if forms is not None else None
        if common:
            out["st_form"] = common
        leads[lead] = out
    facts = {k: (float(v) if isinstance(v, float) else v) for k, v in (record or {}).items()
             if k in RECORD_FACTS and v is not None}
    if "premature" in grid:
        facts["premature_beats"] = grid.premature_beats()
    return {"n_beats": grid.n_beats, "leads": leads, "record": facts}


def _lead_stats(values: np.ndarray) -> list[list[dict | None]]:
    """Per column and lead of a (columns, 12, n_beats) array: median, first lowest and highest
    [value, beat] (beats from 1) and the number of finite values; None where there is none.
    Every column and lead in one pass (one sort), read out as Python numbers once."""
    n_cols, n_leads, n_beats = values.shape
    if n_beats == 0:
        return [[None] * n_leads for _ in range(n_cols)]
    ok = np.isfinite(values)
    n = ok.sum(-1)
    median = row_medians(values.reshape(-1, n_beats), ok.reshape(-1, n_beats)).reshape(n_cols, n_leads)
    nan = np.isnan(values)  # like nanargmin/nanargmax: an infinite value still counts as one
    lo = np.where(nan, np.inf, values).argmin(-1)
    hi = np.where(nan, -np.inf, values).argmax(-1)
    v_lo = np.take_along_axis(values, lo[..., None], -1)[..., 0]
    v_hi = np.take_along_axis(values, hi[..., None], -1)[..., 0]
    median, lo, hi, v_lo, v_hi, n = (a.tolist() for a in (median, lo, hi, v_lo, v_hi, n))
    return [[{"median": median[c][i], "min": [v_lo[c][i], lo[c][i] + 1], "max": [v_hi[c][i], hi[c][i] + 1],
              "n": n[c][i]} if n[c][i] else None for i in range(n_leads)] for c in range(n_cols)]


def _majority(forms: np.ndarray) -> str | None:
    """The most frequent ST form of a lead (the first seen among equals), None if it has none."""
    seen = [f for f in forms if f]
    return Counter(seen).most_common(1)[0][0] if seen else None
