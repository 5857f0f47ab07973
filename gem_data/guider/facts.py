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

from gem_data.features.confidence import trusted
from gem_data.guider.encode import premature_beats
from gem_data.signals import STANDARD_LEADS

_NUMERIC = ("heart_rate_bpm", "rr1_ms", "p_amp_mv", "p_dur_ms", "pr_ms", "qrs_amp_mv", "qrs_dur_ms",
            "t_amp_mv", "t_dur_ms", "st_dur_ms", "st_level_mv", "qt_ms", "qtc_ms", "r_amp_mv", "s_amp_mv")
RECORD_FACTS = ("atrial_activity", "rr_irregular", "rr_irregularity", "n_premature", "sokolow_lyon_mv",
                "cornell_mv", "low_voltage")


def record_facts(rows: pl.DataFrame, record: dict | None = None) -> dict:
    """``{"n_beats", "leads": {lead: {feature: {median, min: [v, beat], max: [v, beat], n},
    "st_form": majority}}, "record": {...}}`` for one record's FeatureDB rows and its
    ``features_records`` row (JSON-ready; ``"record"`` only holds what is known)."""
    n_beats = int(rows["beat"].max()) + 1 if rows.height else 0
    rows = rows.with_columns(*(trusted(rows, c).alias(c) for c in (*_NUMERIC, "st_form") if c in rows.columns))
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
    facts = {k: (float(v) if isinstance(v, float) else v) for k, v in (record or {}).items()
             if k in RECORD_FACTS and v is not None}
    if "premature" in rows.columns:
        facts["premature_beats"] = premature_beats(rows)
    return {"n_beats": n_beats, "leads": leads, "record": facts}
