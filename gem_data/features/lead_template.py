"""Per-lead P bounds read off each lead's averaged beat, blended with the beat-by-beat bounds.

Why: an interpretation cites a lead's value ("P 120 ms in II"), and leads really differ: LUDB's
cardiologists, marking each lead on its own, end the P in V1 ~20 ms before the P in II, because
in V1 the left-atrial part of the wave is small or of the other sign. The beat-by-beat knees of
waves.py stay near the multi-lead bounds (a low P's knee scatters with noise), so they cannot
follow that. The lead's averaged beat (median over beats, aligned on the multi-lead QRS onset) is
quiet enough to show where the wave leaves and re-joins the baseline in that lead: the last /
first sample below ``p_lead_frac`` of the lead's P amplitude around the peak, against a baseline
drawn from before the P to the PR segment. That reading alone fails on biphasic P waves (it stops
at the zero crossing); the beat-by-beat bounds fail where the lead departs from the others. Half
of each errs least: per-lead P duration p90 on the LUDB tuning half 32 -> 21 ms (noisy 32 -> 23),
PR 19 -> 17 ms (docs/features.md).
"""
from __future__ import annotations

import numpy as np

from .params import Params
from .windows import median, nan_to_num, nanmedian


def blend_p_bounds(xq: np.ndarray, p_on, p_peak, p_off, q_on, lead_ok, fs_hz: float, p: Params):
    """(P on, P off): (L, B) beat-by-beat bounds moved halfway to the lead's averaged-beat bounds.

    ``xq``: (L, N) signal (40 Hz view); the others (L, B) sample indices, -1 where absent. A
    bound is moved only where the lead has its P in that beat and the result keeps the order
    onset < peak < offset.
    """
    if p.p_lead_weight <= 0 or p_on.size == 0:
        return p_on, p_off
    ms = fs_hz / 1000.0
    has = (p_on >= 0) & (p_off >= 0) & lead_ok[:, None]
    nan = lambda v, m: np.where(m, v, np.nan)
    with np.errstate(invalid="ignore"):  # all-absent beats give NaN, handled below
        mq = nanmedian(nan(q_on, (q_on >= 0) & lead_ok[:, None]), axis=0)  # (B,)
        mon = nanmedian(nan(p_on, has), axis=0)
        moff = nanmedian(nan(p_off, has), axis=0)
    before, after = int(400 * ms), int(50 * ms)
    n = xq.shape[1]
    good = np.isfinite(mq) & np.isfinite(mon) & np.isfinite(moff)
    good &= (mq - before >= 0) & (mq + after < n)
    if not good.any():
        return p_on, p_off
    anchor = mq[good].astype(np.int64)  # (G,)
    win = np.arange(-before, after)  # (W,) samples from the multi-lead QRS onset
    tpl = median(xq[:, anchor[:, None] + win[None]], axis=1)  # (L, W) averaged beat per lead
    q = before  # window index of the QRS onset
    on0 = q + round(float(np.median(mon[good] - mq[good])))
    off0 = q + round(float(np.median(moff[good] - mq[good])))
    d_on, d_off = _template_bounds(tpl, on0, off0, q, p, ms)  # (L,) window indices
    if d_on is None:
        return p_on, p_off
    # each lead's bounds move by one constant, a share of the way to its averaged-beat bounds: its
    # per-lead median follows the template while the beat-to-beat scatter (the PR stability that
    # facts.p_evidence reads) stays the lead's own
    with np.errstate(invalid="ignore"):
        own_on = nanmedian(nan(p_on - mq, has & good), axis=1)  # (L,) from the QRS onset
        own_off = nanmedian(nan(p_off - mq, has & good), axis=1)
    shift_on = np.rint(p.p_lead_weight * nan_to_num(d_on - q - own_on)).astype(np.int64)
    shift_off = np.rint(p.p_lead_weight * nan_to_num(d_off - q - own_off)).astype(np.int64)
    new_on, new_off = p_on + shift_on[:, None], p_off + shift_off[:, None]
    move = has & (new_on < p_peak) & (p_peak < new_off)
    return np.where(move, new_on, p_on), np.where(move, new_off, p_off)


def _template_bounds(tpl, on0, off0, q, p: Params, ms: float):
    """Each lead's P onset/offset in its averaged beat (window indices), or (None, None).

    ``on0``/``off0``: the multi-lead bounds; a lead's bounds are searched ``p_lead_reach_ms``
    around them and end ``10 ms`` before the QRS onset ``q``.
    """
    reach = int(p.p_lead_reach_ms * ms)
    lo, hi = max(on0 - reach, 0), min(off0 + reach, q - int(10 * ms))
    if not lo < on0 < off0 <= hi:
        return None, None
    base_on = np.median(tpl[:, max(on0 - int(40 * ms), 0):max(on0 - int(10 * ms), 1)], axis=1)
    base_off = tpl[:, q - int(30 * ms):q - int(10 * ms)].mean(axis=1)
    ramp = np.linspace(0.0, 1.0, hi - lo)
    dev = np.abs(tpl[:, lo:hi] - (base_on[:, None] + (base_off - base_on)[:, None] * ramp))  # (L, w)
    k_pk = on0 - lo + dev[:, on0 - lo:off0 - lo].argmax(axis=1)  # (L,)
    amp = np.take_along_axis(dev, k_pk[:, None], axis=1)
    quiet = dev < p.p_lead_frac * amp
    pos = np.arange(dev.shape[1])
    # onset: the sample after the last quiet one before the peak; offset: before the first after
    last_q = np.where(quiet & (pos < k_pk[:, None]), pos, -1).max(axis=1)
    first_q = np.where(quiet & (pos > k_pk[:, None]), pos, dev.shape[1]).min(axis=1)
    return lo + last_q + 1, lo + first_q - 1
