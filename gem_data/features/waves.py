"""P and T waves of every beat in every lead: peak, then onset/offset as chord knees.

Called by :func:`gem_data.features.delineate.delineate` once the QRS bounds are known; see its
module docstring (steps 4-6) for the method and the references.
"""
from __future__ import annotations

import numpy as np

from .params import Params
from .template import rr_irregularity
from .windows import (MISSING, argmax_between, argmax_columns, bounds_width, gather_values, gradient,
                      iso_at, last_true, median, nan_to_num, nanmedian, span_mask)


def p_and_t(xs, noise_mv, iso, beats, rr, q_on, q_off, lead_ok, fs_hz: float, p: Params,
            gate=None, lead_noise=None):
    """(P on, peak, off, T on, peak, off, note): (L, B) sample indices, -1 where absent.

    ``xs``: (L, N) 15 Hz signal, ``noise_mv``: (L, B) noise SD of ``xs`` at each beat (what a P
    must stand out from), ``iso``: (L, B) PR level, ``beats``/``rr``: (B,), ``q_on``/``q_off``:
    (L, B). ``note`` says why a record has no P.

    ``gate``: optional list of ``(xs, noise_mv, iso)`` views of the leads *before* template
    denoising. Whether the rhythm has P waves at all is decided there, beat by beat (P in most
    beats, at a stable PR), and it has them when any view shows them: a template gives every beat
    the same "P", so atrial fibrillation's averaged f waves would pass the PR-stability test.
    ``lead_noise``: optional (L,) broadband noise SD that weighs each lead's vote on where a beat's
    P lies (default: the median of ``noise_mv``).
    """
    t_on, t_peak, t_off = _t_wave(xs, iso, beats, rr, q_on, q_off, lead_ok, fs_hz, p)
    if gate:
        note = ""
        for g_xs, g_noise, g_iso in gate:  # the first view that shows P waves settles it
            note = _p_wave(g_xs, g_noise, g_iso, beats, rr, q_on, t_off, lead_ok, fs_hz, p,
                           lead_noise, note_only=True)[3]
            if not note:
                break
        if note:
            none = np.full(q_on.shape, MISSING)
            return none, none, none, t_on, t_peak, t_off, note
    p_on, p_peak, p_off, note = _p_wave(xs, noise_mv, iso, beats, rr, q_on, t_off, lead_ok, fs_hz, p,
                                        lead_noise)
    return p_on, p_peak, p_off, t_on, t_peak, t_off, note


def _wave(xs, iso, lo, hi, peak_lo, peak_hi, ends: tuple[str, str], on_slope: float = 0.0,
          knees: bool = True, detrend: bool = False):
    """Peak = largest |x - iso| in [peak_lo, peak_hi); onset and offset inside [lo, hi).

    With ``detrend`` the peak and the polarity are the largest deviation from the line joining the
    window's two ends instead (for T: ST level to TP level), the knees still measured from iso.

    With the wave made positive, the offset is the knee of the stretch from the peak to the chord
    end: the point farthest below that chord (the trapezium idea of Vazquez-Seisdedos et al. 2011
    for T end). The onset is the same knee from the chord start to the peak or, with
    ``on_slope`` > 0, the last point before the steepest upslope where the slope is below
    ``on_slope`` times that steepest slope (a derivative threshold as in Laguna et al. 1994),
    which follows a T wave rising slowly out of a sloping ST segment better than a knee does.
    ``ends`` = (onset chord start, offset chord end), each ``"edge"`` (the search window's edge)
    or ``"nadir"`` (the lowest point on that side of the peak, where the wave has ended).
    Returns (onset, peak, offset, signed amplitude from iso); -1 / NaN where absent; with
    ``knees=False`` only the peak and the amplitude (onset and offset None), for the P gate.
    """
    lo = np.maximum(lo, 0)
    hi = np.minimum(hi, xs.shape[1])
    peak_lo = np.maximum(peak_lo, lo)
    peak_hi = np.minimum(peak_hi, hi)
    w = bounds_width(lo, hi)
    vals = gather_values(xs, lo, w)
    rel = vals - nan_to_num(iso)[..., None]
    in_peak = span_mask(lo, peak_lo, peak_hi, w)
    shape = rel
    if detrend:
        # the peak and polarity as the wave stands out from the line joining the window's ends
        # (ST level to TP level), not from the PR level: with a depressed ST segment the largest
        # deviation from the PR level is the ST segment itself, not the T wave rising out of it
        last = np.clip(hi - lo - 1, 0, w - 1)[..., None]
        v0, v1 = vals[..., :1], np.take_along_axis(vals, last, -1)
        shape = vals - (v0 + (v1 - v0) * np.arange(w) / np.maximum(last, 1))
    mag = np.abs(shape)
    np.copyto(mag, -np.inf, where=~in_peak)
    k_pk = mag.argmax(-1)
    amp = np.take_along_axis(rel, k_pk[..., None], -1)[..., 0]
    sign = np.sign(np.take_along_axis(shape, k_pk[..., None], -1)[..., 0])
    # the window holds samples before and after the peak (allowed = positions 0 .. hi-lo-1)
    ok = in_peak.any(-1) & (peak_hi > peak_lo) & (hi - lo > 0) & (k_pk > 0) & (k_pk + 1 < hi - lo)
    if not knees:
        return None, np.where(ok, k_pk + lo, MISSING), None, np.where(ok, amp, np.nan)
    allowed = span_mask(lo, lo, hi, w)
    y = rel * sign[..., None]  # the wave made positive (its knees against the PR level, as before)
    pos = np.arange(w)
    before = allowed & (pos < k_pk[..., None])
    after = allowed & (pos > k_pk[..., None])
    on_from, off_to = ends
    a = np.where(before, y, np.inf).argmin(-1) if on_from == "nadir" else np.zeros_like(k_pk)
    b = np.where(after, y, np.inf).argmin(-1) if off_to == "nadir" else hi - lo - 1
    on = _chord_knee(y, a, k_pk)
    if on_slope > 0:
        d = gradient(y)
        rising = before & (pos >= a[..., None])
        k_up = np.where(rising, d, -np.inf).argmax(-1)
        d_up = np.take_along_axis(d, k_up[..., None], -1)
        flat = rising & (pos < k_up[..., None]) & (d < on_slope * d_up)
        k_f, has_f = last_true(flat)
        on = np.where(has_f, k_f, on)  # no flat point: keep the knee
    off = _chord_knee(y, k_pk, np.maximum(b, k_pk))
    to_abs = lambda k: np.where(ok, k + lo, MISSING)  # noqa: E731
    return to_abs(on), to_abs(k_pk), to_abs(off), np.where(ok, amp, np.nan)


def _chord_knee(y, a, b):
    """Window position in [a, b] farthest below the chord from (a, y[a]) to (b, y[b]).

    The knee where a flat segment turns into a wave: the "maximum distance to the chord" rule,
    insensitive to the wave's amplitude and to a sloping baseline.
    """
    ya = np.take_along_axis(y, a[..., None], -1)
    yb = np.take_along_axis(y, b[..., None], -1)
    first = int(a.min()) if a.size else 0  # only the columns some chord spans (same values, less work)
    y = y[..., first:int(b.max(initial=0)) + 1]
    pos = np.arange(first, first + y.shape[-1])
    span = np.maximum(b - a, 1)[..., None]
    # in place, in the order of: below = y - (ya + (yb - ya) * (pos - a) / span)
    below = np.subtract(pos, a[..., None], dtype=float)
    below *= yb - ya
    below /= span
    below += ya
    np.subtract(y, below, out=below)
    inside = (pos > a[..., None]) & (pos < b[..., None])  # a knee lies strictly between the ends
    np.copyto(below, np.inf, where=~inside)
    k = below.argmin(-1) + first
    return np.where(b - a > 1, k, b)  # == inside.any(-1)


def _t_wave(xs, iso, beats, rr, q_on, q_off, lead_ok, fs_hz, p: Params):
    """T wave after each QRS: peak within an RR-dependent window (Martinez et al. 2004)."""
    ms = fs_hz / 1000.0
    end = beats + np.minimum(0.72 * rr, 650 * ms).astype(int)
    lo = q_off + int(p.t_on_gap_ms * ms)  # the 15 Hz filter smears the QRS into the ST segment
    hi = np.broadcast_to(end, q_off.shape)
    peak_lo = q_off + int(p.t_peak_gap_ms * ms)
    peak_hi = np.minimum(hi, beats + np.minimum(0.55 * rr, 480 * ms).astype(int))
    refine = p.t_peak_near_ms is not None and beats.size >= 3
    # the ST-to-TP line only in a regular rhythm: in atrial fibrillation f waves sit where the line
    # ends (LUDB 109: its low T waves were traded for f waves)
    detrend = p.t_detrend and not rr_irregularity(np.diff(beats).astype(float)) > p.t_detrend_irregular
    # with a second search to come, the first only needs each beat's peak (no knees)
    on, pk, off, _ = _wave(xs, iso, lo, hi, peak_lo, peak_hi, p.t_ends, p.t_on_slope,
                           knees=not refine, detrend=detrend)
    if refine:
        # a T peak far from where the lead's other beats put it is an f wave, a P or noise (AF
        # after a long RR, a border beat): search again near the lead's median QRS-off -> T peak
        n_lo, n_hi = _near_usual_lag(pk, q_off, peak_lo, peak_hi, int(p.t_peak_near_ms * ms))
        on, pk, off, _ = _wave(xs, iso, lo, hi, n_lo, n_hi, p.t_ends, p.t_on_slope,
                               detrend=detrend)
    if p.t_pull_ms is not None or p.t_fill_share > 0:
        present = (on >= 0) & (on < pk) & (pk < off)
        pull = None if p.t_pull_ms is None else int(round(p.t_pull_ms * ms))
        on, pk, off, present = _fill_from_consensus(on, pk, off, present, lead_ok,
                                                    max(p.t_fill_share, 1e-9), pull)
        on, pk, off = (np.where(present, v, MISSING) for v in (on, pk, off))
    return on, pk, off


def _near_usual_lag(pk, ref, peak_lo, peak_hi, near: int):
    """Peak windows (lo, hi) narrowed to ``near`` samples around each lead's usual peak position.

    The usual position is ``ref`` (L, B) plus the lead's median ``pk - ref`` over the beats where a
    peak was found; a lead without any keeps its windows.
    """
    with np.errstate(invalid="ignore"):
        lag = nanmedian(np.where(pk >= 0, pk - ref, np.nan), axis=1, keepdims=True)
    has = np.isfinite(lag)
    lag = nan_to_num(lag).astype(np.int64)
    n_lo = np.where(has, np.maximum(peak_lo, ref + lag - near), peak_lo)
    n_hi = np.where(has, np.minimum(peak_hi, ref + lag + near), peak_hi)
    return n_lo, np.maximum(n_hi, n_lo + 1)


def _p_wave(xs, noise, iso, beats, rr, q_on, t_off, lead_ok, fs_hz, p: Params, lead_noise=None,
            note_only: bool = False):
    """P wave before each QRS, kept only where it stands out and the PR interval is stable.

    ``note_only``: just decide whether the rhythm has P waves (the gate): (None, None, None, note).
    """
    ms = fs_hz / 1000.0
    prev_rr = np.concatenate([rr[:1], rr[:-1]])
    reach = np.minimum(p.p_reach_ms * ms, 0.5 * prev_rr).astype(int)
    lo = q_on - reach
    prev_toff = np.concatenate([np.full((xs.shape[0], 1), MISSING), t_off[:, :-1]], axis=1)
    lo = np.maximum(lo, prev_toff)
    hi = q_on - int(p.p_end_gap_ms * ms)  # the 15 Hz filter smears the QRS back into the PR
    peak_hi = q_on - int(30 * ms)
    # one P location per beat from all leads (SNR-weighted deviation), then each lead's own peak
    # near it: a lead whose window also holds a T tail or noise cannot pick the wrong bump
    n_all = xs.shape[1]
    lead_noise = (np.median(noise, axis=1) if lead_noise is None else lead_noise)[:, None] + 1e-6
    g_lo = median(lo + int(10 * ms), axis=0).astype(int)[None]  # windows.median: np.median's value
    g_hi = np.maximum(median(peak_hi, axis=0).astype(int)[None], g_lo + 1)
    cols = argmax_columns(g_lo, g_hi, n_all)  # the deviation is read only in the P windows
    dev_at = xs[:, cols] - iso_at(iso, beats, n_all, cols)  # in place: |xs - iso| / noise * lead_ok
    np.abs(dev_at, out=dev_at)
    dev_at /= lead_noise
    dev_at *= lead_ok[:, None]
    dev = np.zeros((1, n_all))
    dev[0, cols] = dev_at.sum(0)
    g_pk = argmax_between(dev, g_lo, g_hi)
    near_g = int(40 * ms)
    pk_lo = np.maximum(lo + int(10 * ms), g_pk - near_g)
    pk_hi = np.minimum(peak_hi, g_pk + near_g)
    refine = not note_only and beats.size >= 3 and p.p_peak_near_ms is not None
    # with a second search to come, the first only needs each beat's peak (no knees)
    on, pk, off, amp = _wave(xs, iso, lo, hi, pk_lo, pk_hi, p.p_ends,
                             knees=not note_only and not refine)
    if refine:
        # a lead's P peak far from its usual lag before the QRS is another bump of a low, noisy P
        # (a beat the templates left raw, at the strip's edges): search again near that lag
        n_lo, n_hi = _near_usual_lag(pk, q_on, pk_lo, pk_hi, int(p.p_peak_near_ms * ms))
        on, pk, off, amp = _wave(xs, iso, lo, hi, n_lo, n_hi, p.p_ends)
        pk_lo, pk_hi = n_lo, n_hi
    # a maximum on the search window's edge is a slope (QRS or T tail, f waves), not a P peak
    interior = (pk > np.maximum(pk_lo, 0)) & (pk < pk_hi - 1)
    present = (np.abs(nan_to_num(amp)) >= p.p_snr * noise) & (pk >= 0) & interior
    # rhythm check: the PR interval of a real P wave is stable from beat to beat, so most beats
    # of a lead sit near that lead's median PR; atrial fibrillation scatters "P peaks" at random
    note = ""
    # the PR is judged on the multi-lead P location where that is the steadier estimate: a wide,
    # low P's peak wanders within the wave from beat to beat in one noisy lead, not in twelve
    lag = q_on - (g_pk if p.p_pr_global else pk)
    pr = np.where(present, lag, np.nan).astype(float)
    with np.errstate(invalid="ignore"):  # windows.nanmedian warns of nothing: no catch_warnings
        med = nanmedian(pr, axis=1, keepdims=True)
    near = np.abs(pr - med) <= p.p_pr_tol_ms * ms  # NaN compares False
    present &= near
    share = near.sum(1) / max(beats.size, 1)
    if beats.size >= 3 and lead_ok.any():
        if median(share[lead_ok], axis=0) < p.p_min_share:
            present[:] = False
            note = "no consistent P waves (atrial fibrillation/flutter or paced?)"
    if note_only:
        return None, None, None, note
    if p.p_fill_share > 0:
        pull = None if p.p_pull_ms is None else int(round(p.p_pull_ms * ms))
        if pull is not None and p.p_on_pull_ms is not None:  # (onset, offset) reach
            pull = (int(round(p.p_on_pull_ms * ms)), pull)
        on, pk, off, present = _fill_from_consensus(on, pk, off, present, lead_ok, p.p_fill_share,
                                                    pull)
    miss = ~present
    return (np.where(miss, MISSING, on), np.where(miss, MISSING, pk),
            np.where(miss, MISSING, off), note)


def _fill_from_consensus(on, pk, off, present, lead_ok, min_share, pull=None):
    """Where most leads show a beat's wave, give the other leads the multi-lead wave (medians).

    An atrial depolarisation (P) or ventricular repolarisation (T) happens once per beat for the
    whole heart; a lead where it is nearly isoelectric still has it (LUDB's cardiologists mark it
    in every lead), and the leads that do show it place it best. With ``pull``, the bounds of the
    leads that show it are kept within ``pull`` samples of the medians as well (an int, or
    (onset, offset) reaches).
    """
    n_ok = max(int(lead_ok.sum()), 1)
    has = present & lead_ok[:, None]
    beat_has = has.sum(0) >= max(2, min_share * n_ok)
    with np.errstate(invalid="ignore"):  # windows.nanmedian warns of nothing: no catch_warnings
        med = list(nanmedian(np.where(has, np.stack((on, pk, off)), np.nan), axis=1))  # one call
    fill = lead_ok[:, None] & beat_has[None] & ~has
    out = [np.where(fill, nan_to_num(m, nan=MISSING).astype(np.int64)[None], v)
           for m, v in zip(med, (on, pk, off))]
    if pull is not None:
        reach = dict(zip((0, 2), pull if isinstance(pull, tuple) else (pull, pull)))
        for i, r in reach.items():
            m = nan_to_num(med[i], nan=0).astype(np.int64)[None]
            out[i] = np.where(has & beat_has[None], np.clip(out[i], m - r, m + r), out[i])
        # a lead whose own peak fell outside the pulled bounds takes the consensus wave whole
        broken = has & beat_has[None] & ~((out[0] < out[1]) & (out[1] < out[2]))
        for i in range(3):
            m = nan_to_num(med[i], nan=MISSING).astype(np.int64)[None]
            out[i] = np.where(broken, m, out[i])
    return out[0], out[1], out[2], present | fill
