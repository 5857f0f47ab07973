"""The 14 FeatureDB features per beat and lead, from fiducials (definitions: SPEC §3).

Every feature is an (L, B) float32 array in the unit its name says, NaN where not measurable (a
fiducial it needs is absent); ``st_form`` is an (L, B) object array of strings or None.

| feature | definition |
|---|---|
| rr1_ms / rr2_ms | beat position minus the previous / next beat's (multi-lead beat positions, so the
|                 | RR is the same in every lead; null in a lead without a QRS, and at the record edges) |
| heart_rate_bpm | 60000 / rr1_ms |
| p_amp_mv, t_amp_mv | signed value at the P / T peak minus the isoelectric level (mean of the PR
|                    | segment, 24..6 ms before QRS onset) |
| p_dur_ms, qrs_dur_ms, t_dur_ms | offset - onset of the wave |
| pr_ms | QRS onset - P onset |
| qrs_amp_mv | peak-to-peak within QRS onset..offset |
| st_dur_ms | T onset - QRS offset (J point) |
| st_level_mv | value at J + 60 ms minus the isoelectric level |
| st_form | slope from J + 20 ms to J + 80 ms: rise >= +0.05 mV upsloping, <= -0.05 mV downsloping,
|         | otherwise horizontal |
| qt_ms | T offset - QRS onset |
| qtc_ms / qtc_fridericia_ms | QT / sqrt(RR s) (Bazett) / QT / cbrt(RR s), RR = rr1 |

Amplitudes are read on the 0.5 Hz high-passed signal (``Waves.clean_mv``): no low-pass blunting.
"""
from __future__ import annotations

import numpy as np

from .delineate import Waves
from .windows import gather_values, nan_to_num

FEATURES: tuple[str, ...] = (
    "heart_rate_bpm", "rr1_ms", "rr2_ms", "p_amp_mv", "p_dur_ms", "pr_ms", "qrs_amp_mv",
    "qrs_dur_ms", "t_amp_mv", "t_dur_ms", "st_dur_ms", "st_level_mv", "qt_ms", "qtc_ms",
    "qtc_fridericia_ms",
)
ST_FORMS: tuple[str, ...] = ("horizontal", "upsloping", "downsloping")
ST_SLOPE_MV = 0.05  # half a small box (0.5 mm at 10 mm/mV) over the 60 ms of early ST


def measure(waves: Waves) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """All features of :data:`FEATURES` as (L, B) float32 arrays, plus ``st_form`` (L, B) objects."""
    f = {k: v.astype(np.float64) for k, v in waves.fiducials.items()}
    f = {k: np.where(v < 0, np.nan, v) for k, v in f.items()}
    to_ms = 1000.0 / waves.fs_hz
    x = waves.clean_mv
    iso = waves.iso_mv.astype(np.float64)
    n_leads, n_beats = waves.fiducials["QRS_on"].shape

    has_qrs = np.isfinite(f["QRS_on"]) & np.isfinite(f["QRS_off"])
    beats = waves.beat_idx.astype(np.float64)
    rr = np.diff(beats) * to_ms  # (B-1,)
    rr1 = np.concatenate([[np.nan], rr])[None].repeat(n_leads, 0)
    rr2 = np.concatenate([rr, [np.nan]])[None].repeat(n_leads, 0)
    rr1 = np.where(has_qrs, rr1, np.nan)
    rr2 = np.where(has_qrs, rr2, np.nan)

    out: dict[str, np.ndarray] = {}
    j = f["QRS_off"]
    at_p, at_t, at_j20, at_j60, at_j80 = _at(x, np.stack(  # one gather for the five reads
        [f["P_peak"], f["T_peak"], j + 20.0 / to_ms, j + 60.0 / to_ms, j + 80.0 / to_ms], axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        out["heart_rate_bpm"] = 60000.0 / rr1
        out["rr1_ms"] = rr1
        out["rr2_ms"] = rr2
        out["p_amp_mv"] = at_p - iso
        out["p_dur_ms"] = (f["P_off"] - f["P_on"]) * to_ms
        out["pr_ms"] = (f["QRS_on"] - f["P_on"]) * to_ms
        out["qrs_amp_mv"] = _ptp_between(x, f["QRS_on"], f["QRS_off"])
        out["qrs_dur_ms"] = (f["QRS_off"] - f["QRS_on"]) * to_ms
        out["t_amp_mv"] = at_t - iso
        out["t_dur_ms"] = (f["T_off"] - f["T_on"]) * to_ms
        out["st_dur_ms"] = (f["T_on"] - f["QRS_off"]) * to_ms
        out["st_level_mv"] = at_j60 - iso
        qt = (f["T_off"] - f["QRS_on"]) * to_ms
        out["qt_ms"] = qt
        out["qtc_ms"] = qt / np.sqrt(rr1 / 1000.0)
        out["qtc_fridericia_ms"] = qt / np.cbrt(rr1 / 1000.0)
        rise = at_j80 - at_j20
    form = np.full((n_leads, n_beats), None, dtype=object)
    form[np.abs(rise) < ST_SLOPE_MV] = "horizontal"
    form[rise >= ST_SLOPE_MV] = "upsloping"
    form[rise <= -ST_SLOPE_MV] = "downsloping"
    return {k: out[k].astype(np.float32) for k in FEATURES}, form


def _at(x: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """x[lead, idx] for an (L, K, B) float index array, as (K, L, B); NaN where idx is NaN or off
    the record."""
    n = x.shape[1]
    ok = np.isfinite(idx) & (idx >= 0) & (idx <= n - 1)
    k = np.where(ok, np.round(nan_to_num(idx)), 0).astype(np.int64)
    vals = np.take_along_axis(x, k.reshape(k.shape[0], -1), 1).reshape(k.shape)
    return np.where(ok, vals, np.nan).transpose(1, 0, 2)


def _ptp_between(x: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """max - min of x[lead, lo..hi] (inclusive) per (lead, beat); NaN where a bound is missing."""
    ok = np.isfinite(lo) & np.isfinite(hi) & (hi >= lo)
    lo_i = np.where(ok, lo, 0).astype(np.int64)
    hi_i = np.where(ok, hi, 0).astype(np.int64)
    w = int(np.max(hi_i - lo_i, initial=0)) + 1
    vals = gather_values(x, lo_i, w)  # x[l, clip(lo + k)], window by window
    inside = np.arange(w) <= (hi_i - lo_i)[..., None]
    ptp = np.where(inside, vals, -np.inf).max(-1) - np.where(inside, vals, np.inf).min(-1)
    return np.where(ok, ptp, np.nan)
