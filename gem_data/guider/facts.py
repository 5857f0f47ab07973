"""Per-lead summaries of one record's features: what the offline template backend writes from.

Medians and the beats where each feature is lowest and highest, so a paragraph can cite "lead II,
beat 4" exactly as an LLM answer should. Beats are numbered from 1, as in the prompt.
"""
from __future__ import annotations

from collections import Counter

import numpy as np
import polars as pl

from gem_data.signals import STANDARD_LEADS

_NUMERIC = ("heart_rate_bpm", "rr1_ms", "p_amp_mv", "p_dur_ms", "pr_ms", "qrs_amp_mv", "qrs_dur_ms",
            "t_amp_mv", "t_dur_ms", "st_dur_ms", "st_level_mv", "qt_ms", "qtc_ms")


def record_facts(rows: pl.DataFrame) -> dict:
    """``{"n_beats", "leads": {lead: {feature: {median, min: [v, beat], max: [v, beat], n},
    "st_form": majority}}}`` for one record's FeatureDB rows (JSON-ready)."""
    n_beats = int(rows["beat"].max()) + 1 if rows.height else 0
    leads: dict[str, dict] = {}
    for lead in STANDARD_LEADS:
        part = rows.filter(pl.col("lead") == lead).sort("beat")
        if part.is_empty():
            continue
        beats = part["beat"].to_numpy() + 1
        out: dict = {}
        for col in _NUMERIC:
            if col not in part.columns:
                continue
            v = part[col].cast(pl.Float64).fill_null(np.nan).to_numpy()
            ok = np.isfinite(v)
            if not ok.any():
                continue
            lo, hi = int(np.nanargmin(v)), int(np.nanargmax(v))
            out[col] = {"median": float(np.median(v[ok])), "min": [float(v[lo]), int(beats[lo])],
                        "max": [float(v[hi]), int(beats[hi])], "n": int(ok.sum())}
        forms = [f for f in part["st_form"].to_list() if f]
        if forms:
            out["st_form"] = Counter(forms).most_common(1)[0][0]
        leads[lead] = out
    return {"n_beats": n_beats, "leads": leads}
