"""Measurement confidence: which FeatureDB values are doubtful (issue 13, item 3).

Every (lead, beat) carries one confidence per wave, ``p_conf``, ``qrs_conf``, ``t_conf`` in [0, 1]
(null where the wave is absent), computed by the delineator (``Waves.confidence``; the method is in
docs/features.md). A feature is doubtful when any wave it is measured from has a confidence below
:data:`DOUBTFUL_BELOW`. Doubtful values stay in the FeatureDB (they are data), but the guider prints
them as not measurable and the verifier does not treat them as truth.
"""
from __future__ import annotations

import polars as pl

DOUBTFUL_BELOW = 0.5
WAVES: tuple[str, ...] = ("P", "QRS", "T")
CONF_COLUMNS: dict[str, str] = {"P": "p_conf", "QRS": "qrs_conf", "T": "t_conf"}

# the waves each feature is measured from (RR and heart rate need the QRS only)
FEATURE_WAVES: dict[str, tuple[str, ...]] = {
    "heart_rate_bpm": ("QRS",), "rr1_ms": ("QRS",), "rr2_ms": ("QRS",),
    "p_amp_mv": ("P",), "p_dur_ms": ("P",), "pr_ms": ("P", "QRS"),
    "qrs_amp_mv": ("QRS",), "qrs_dur_ms": ("QRS",), "r_amp_mv": ("QRS",), "s_amp_mv": ("QRS",),
    "t_amp_mv": ("T",), "t_dur_ms": ("T",), "st_dur_ms": ("QRS", "T"),
    "st_level_mv": ("QRS",), "st_form": ("QRS",),
    "qt_ms": ("QRS", "T"), "qtc_ms": ("QRS", "T"), "qtc_fridericia_ms": ("QRS", "T"),
}


def doubtful_expr(feature: str) -> pl.Expr:
    """Polars expression: True where ``feature``'s value in a FeatureDB row is doubtful.

    A missing confidence (absent wave) is not "doubtful": the value itself is null then.
    """
    waves = FEATURE_WAVES.get(feature, ())
    if not waves:
        return pl.lit(False)
    return pl.any_horizontal(
        [(pl.col(CONF_COLUMNS[w]) < DOUBTFUL_BELOW).fill_null(False) for w in waves])


def trusted(frame: pl.DataFrame, feature: str) -> pl.Series:
    """``feature`` with doubtful values set to null (what the guider prints and the verifier trusts)."""
    if not set(CONF_COLUMNS.values()) <= set(frame.columns):
        return frame[feature]
    return frame.select(pl.when(doubtful_expr(feature)).then(None).otherwise(pl.col(feature))
                        .alias(feature))[feature]
