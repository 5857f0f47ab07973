"""The delineator's thresholds, in one place (read by delineate.py and waves.py).

Set on the LUDB tuning half (records n % 4 == 1, see validate.py); docs/features.md explains each.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Params:
    """Thresholds (fractions, ms). Set once on LUDB odd records; see docs/features.md."""

    min_rr_ms: float = 200.0  # 300 bpm: beats closer than this are one beat
    qrs_sig: float = 0.25  # "significant" slope: fraction of the beat's steepest QRS slope
    qrs_on_flat: float = 0.03  # onset: slope below this fraction, before the first significant one
    qrs_off_flat: float = 0.06  # offset: slope below this fraction, after the last significant one
    qrs_noise_floor: float = 1.5  # multi-lead slope below this x its record median is flat too
    qrs_lead_in_ms: float = 80.0  # QRS onset at most this long before its first significant slope
    qrs_lead_out_ms: float = 100.0  # QRS offset at most this long after its last significant slope
    qrs_pull_ms: float = 4.0  # a lead's QRS bound stays this close to the multi-lead bound
    t_on_gap_ms: float = 30.0  # T search starts this long after QRS offset (15 Hz smears the QRS)
    t_peak_gap_ms: float = 80.0  # the T peak is at least this long after QRS offset
    t_peak_near_ms: float | None = 100.0  # a T peak stays this close to the lead's usual QRS-off lag
    t_pull_ms: float | None = 30.0  # a lead's T bound stays this close to the multi-lead median
    t_fill_share: float = 0.5  # leads showing a beat's T needed to give it to the other leads
    t_detrend: bool = True  # T peak found against the ST-to-TP line rather than the PR level
    t_detrend_irregular: float = 0.12  # ... only up to this RR irregularity (AF: f waves at its end)
    t_on_slope: float = 0.25  # T onset: slope below this fraction of the steepest T upslope
    p_reach_ms: float = 300.0  # P search window starts at most this long before QRS onset
    p_end_gap_ms: float = 34.0  # P offset search ends this long before QRS onset
    p_snr: float = 3.0  # P amplitude over the lead's high-frequency noise
    p_pr_tol_ms: float = 20.0  # a P whose PR differs more from the lead's median PR is not kept
    p_pr_global: bool = True  # PR stability judged on the multi-lead P peak (else each lead's)
    p_min_share: float = 0.5  # median share of beats with a consistent P for a record to have P
    p_fill_share: float = 0.5  # leads showing a beat's P needed to give it to the other leads
    p_pull_ms: float | None = 10.0  # a lead's P bound stays this close to the multi-lead median
    p_on_pull_ms: float | None = 30.0  # ... its P onset this close (None: as p_pull_ms)
    p_peak_near_ms: float | None = 20.0  # a lead's P peak stays this close to its usual PR lag
    p_lead_weight: float = 0.5  # share of a lead's P bounds taken from its averaged beat (0: off)
    p_lead_frac: float = 0.07  # ... where the P there is below this fraction of its amplitude
    p_lead_reach_ms: float = 40.0  # ... searched this far around the multi-lead P bounds
    # (onset chord start, offset chord end) for the knee search, see waves._wave
    t_ends: tuple[str, str] = ("edge", "nadir")
    p_ends: tuple[str, str] = ("nadir", "nadir")


PARAMS = Params()
