"""Find every heartbeat once across all leads, then delineate P, QRS and T in each lead.

Why this and not NeuroKit2: its ``dwt`` path loops in Python per lead and per beat (~0.3-0.4 s per
12-lead record). Here every step is an array operation over (lead, beat, sample-in-window), so a
12-lead record costs a few milliseconds, and beats share one index across leads by construction.

Method (each step a classical, published idea; a handful of scalar thresholds, set on the LUDB
odd records and listed in :class:`Params`):
1. Zero-phase Butterworth filters (0.5 Hz high-pass for baseline wander, 40 Hz low-pass for QRS,
   15 Hz for P/T, 8-25 Hz for beat detection), all from one FFT of the record.
2. Beats: Pan-Tompkins-style energy (band-passed slope, squared, integrated) summed over leads after
   per-lead scaling, peaks at least 200 ms apart (<= 300 bpm) above an adaptive threshold; a small
   peak soon after a big one is a T wave, not a beat (Pan & Tompkins 1985).
3. QRS onset/offset per lead: slope thresholds relative to the beat's steepest slope (Laguna et al.
   1994, "first/last significant slope, then back to flat"), kept within 8 ms of the same rule run
   on the multi-lead (spatial) slope, so one odd lead cannot drift (Martinez et al. 2004 combine
   leads the same way).
4. T and P: peak = largest deviation from the isoelectric PR level inside an RR-dependent window
   (Martinez et al. 2004); P onset, P offset and T offset = the knee where the wave leaves the
   baseline, i.e. the point farthest below the chord from the baseline side to the peak (the
   "maximum distance to the chord" form of the trapezium rule of Vazquez-Seisdedos et al. 2011);
   T onset = going back from the steepest T upslope, the first point where the slope falls below
   25 % of it (derivative threshold, Laguna et al. 1994).
5. One atrial and one ventricular repolarisation per beat for the whole heart: P and T boundaries
   of a lead are kept within 10 / 30 ms of the multi-lead median, and a lead where the wave is not
   seen gets the multi-lead wave when most leads show it (LUDB's cardiologists mark P and T in
   every lead too). Then each lead's P bounds move by one constant, halfway to where the lead's
   averaged beat puts them (lead_template.py): leads really differ in where their P ends.
6. P waves only when the rhythm has them: a P must stand out from the lead's noise, be a true peak
   (not the edge of its window) and keep a stable PR across beats; otherwise (atrial fibrillation,
   flutter, pacing) the record gets no P and a reason.

Fiducials are int32 sample indices with ``-1`` where absent (the table layer turns -1 into null).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
from scipy.ndimage import uniform_filter1d
from scipy.signal import find_peaks

from .lead_template import blend_p_bounds
from .pacing import BLANK_MS, blank_spikes, paced_beat_spikes, spike_samples
from .params import PARAMS, Params
from .template import denoise
from .waves import p_and_t
from .windows import (MISSING, argmax_between, argmax_columns, bounds_width, filter_bank,
                      first_true, gather_values, gradient, iso_at, last_true, mean_between, median,
                      nan_to_num, nanmedian, percentile, pos_bound, positions, span_mask)

FIDUCIALS: tuple[str, ...] = (
    "P_on", "P_peak", "P_off", "QRS_on", "R_peak", "QRS_off", "T_on", "T_peak", "T_off",
)
FLAT_PTP_MV = 0.01  # SPEC §2: less peak-to-peak than this is no ECG
# share of broadband (> 15 Hz) noise SD that reaches the 15 Hz P/T band: white noise leaves
# sqrt(15/250) ~ 0.25 of it, muscle noise (20-150 Hz) less; a P is tested against this, not
# against the whole high-frequency noise, which would hide every P under routine EMG
IN_BAND = 0.3


@dataclass(frozen=True)
class Waves:
    """Delineation of one record: per-lead fiducials aligned on one beat index shared by all leads.

    ``fiducials[name]``: (L, B) int32 sample indices, ``-1`` where absent. ``beat_idx``: (B,) the
    multi-lead beat location. ``iso_mv``: (L, B) isoelectric level (PR segment) that amplitudes are
    measured from. ``lead_reasons``: per lead, why it carries no waves ("" when fine).
    ``reasons``: record-level notes (too few beats, no P waves, ...). ``clean_mv``: (L, N) the
    0.5 Hz high-passed signal (baseline wander removed, full bandwidth otherwise);
    amplitudes are read from it so that filtering does not blunt R peaks.
    """

    fs_hz: float
    beat_idx: np.ndarray
    fiducials: dict[str, np.ndarray]
    iso_mv: np.ndarray
    clean_mv: np.ndarray
    lead_reasons: tuple[str, ...]
    reasons: tuple[str, ...]
    confidence: dict[str, np.ndarray] = field(default_factory=dict)  # "P"/"QRS"/"T" -> (L, B)

    @property
    def n_beats(self) -> int:
        return int(self.beat_idx.shape[0])




def delineate(signal_mv: np.ndarray, fs_hz: float, params: Params = PARAMS) -> Waves:
    """Delineate a (L, N) float signal in mV sampled at ``fs_hz``; returns :class:`Waves`.

    Never raises on bad content: a flat or noise-only lead gets no waves and a reason; a record
    with no detectable beat gets zero beats and a reason.
    """
    x = np.asarray(signal_mv, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"signal_mv must be (leads, samples), got shape {x.shape}")
    if not np.isfinite(x).all():
        x = np.where(np.isfinite(x), x, 0.0)
    waves = _delineate(x, fs_hz, params)
    spikes = spike_samples(x, fs_hz)
    if spikes.size and waves.n_beats:
        # a paced rhythm is delineated again with the pacemaker's spikes cut out (pacing.py)
        q_on = waves.fiducials["QRS_on"]
        with np.errstate(invalid="ignore"):
            g_on = nanmedian(np.where(q_on >= 0, q_on, np.nan), axis=0)
        paced = paced_beat_spikes(spikes, np.nan_to_num(g_on, nan=MISSING).astype(np.int64), fs_hz)
        if (paced >= 0).any():
            # beats are found again in the same places: the spikes sit at the same beats
            waves = _delineate(x, fs_hz, params, paced)
            note = f"paced rhythm: pacemaker spikes before {int((paced >= 0).sum())} QRS"
            waves = replace(waves, reasons=(*waves.reasons, note))
    return waves


def _delineate(x: np.ndarray, fs_hz: float, params: Params, paced: np.ndarray | None = None) -> Waves:
    """:func:`delineate` of a finite (L, N) float64 signal; ``paced``: (B,) each beat's pacemaker
    spike (-1: none), for the beats this signal's detection gives."""
    n_leads, n = x.shape
    ms = fs_hz / 1000.0
    flat = np.ptp(x, axis=1) < FLAT_PTP_MV
    xh, xq, xs, band = filter_bank(x, fs_hz)
    slope = np.abs(gradient(xq))  # (L, N)

    beats = _detect_beats(band, ~flat, fs_hz, params)
    raw_noise = median(np.abs(xh - xs), axis=1, overwrite=True) * 1.4826 + 1e-6  # (L,) > 15 Hz
    reasons: list[str] = []
    empty = {k: np.full((n_leads, beats.size), MISSING, np.int32) for k in FIDUCIALS}
    if beats.size == 0:
        reasons.append("no beats detected")
        return Waves(fs_hz, beats, empty, np.full((n_leads, 0), np.nan, np.float32),
                     xh.astype(np.float32), tuple("flat" if f else "" for f in flat), tuple(reasons),
                     {w: np.full((n_leads, 0), np.nan, np.float32) for w in ("P", "QRS", "T")})
    if beats.size < 3:
        reasons.append(f"only {beats.size} beat(s): RR-based features are partly missing")

    rr = _rr_samples(beats, fs_hz)  # (B,) RR used to size windows
    lead_ok, lead_reasons = _lead_quality(slope, beats, flat, fs_hz)
    if not lead_ok.any():
        reasons.append("no lead with a usable QRS")
    raw_xh, raw_xs = xh, xs
    den = denoise(xh, xs, beats, lead_ok, fs_hz)
    gate = None
    if den is not None:  # delineate the template-denoised leads (template.py says why)
        xh, xq, xs, _ = filter_bank(den.signal_mv, fs_hz, beat_band=False)
        slope = np.abs(gradient(xq))
        noise = np.broadcast_to(den.template_noise_mv[:, None], (n_leads, beats.size))
        noise = np.where(den.dominant[None], noise, den.noise_mv[:, None])
        # whether P waves exist is judged beat by beat on the raw leads (waves.p_and_t says why)
        # three views: the raw beats, and each beat averaged with its two (noise / sqrt 3) or four
        # (noise / sqrt 5: low P waves under muscle noise) nearest neighbours
        g_noise = np.broadcast_to(np.minimum(IN_BAND * raw_noise, den.noise_mv)[:, None],
                                  (n_leads, beats.size))
        gate = [(lambda: raw_xs, g_noise), (lambda: den.local_xs, g_noise / np.sqrt(3)),
                (lambda: den.wide_xs, g_noise / np.sqrt(5))]
    else:
        noise = np.broadcast_to(IN_BAND * raw_noise[:, None], (n_leads, beats.size))
    if paced is not None and paced.shape == beats.shape:
        q_on, q_off = _qrs_bounds(blank_spikes(slope, paced, fs_hz), beats, rr, lead_ok, fs_hz,
                                  params, after=paced)
        # what lies before the QRS (PR level, P wave) lies before the spike
        q_pre = np.where(paced >= 0, np.minimum(q_on, paced - int(round(2 * ms))), q_on)
    else:
        q_on, q_off = _qrs_bounds(slope, beats, rr, lead_ok, fs_hz, params)
        q_pre = q_on
    pr_lo, pr_hi = q_pre - int(round(30 * ms)), q_pre - int(round(10 * ms))
    iso = mean_between(xh, pr_lo, pr_hi)  # PR level of the delineated leads
    raw_iso = mean_between(raw_xh, pr_lo, pr_hi)  # ... and of the raw leads (amplitudes)
    if gate is not None:  # lazy: a view is built only when the one before it shows no P
        gate = ((g_xs(), g_noise, raw_iso) for g_xs, g_noise in gate)
    r_peak = argmax_between(_abs_from_iso(xq, iso, beats, q_on, q_off + 1), q_on, q_off + 1)
    p_on, p_peak, p_off, t_on, t_peak, t_off, p_note = p_and_t(
        xs, noise, iso, beats, rr, q_pre, q_off, lead_ok, fs_hz, params, gate, raw_noise)
    if p_note:
        reasons.append(p_note)
    p_on, p_off = blend_p_bounds(xq, p_on, p_peak, p_off, q_pre, lead_ok, fs_hz, params)

    fid = {"P_on": p_on, "P_peak": p_peak, "P_off": p_off, "QRS_on": q_on, "R_peak": r_peak,
           "QRS_off": q_off, "T_on": t_on, "T_peak": t_peak, "T_off": t_off}
    dead = ~lead_ok[:, None]
    for k, v in fid.items():
        v = np.where(dead | (v < 0) | (v >= n), MISSING, v)
        fid[k] = v.astype(np.int32)
    _edge_rule(fid, beats, rr, n, fs_hz)
    MIN_WAVE = int(MIN_WAVE_MS * ms)  # noqa: N806 (a wave shorter than this was cut or is noise)
    # a wave needs its onset, peak and offset in order; otherwise it is absent as a whole
    for w in (("P_on", "P_peak", "P_off"), ("QRS_on", "R_peak", "QRS_off"), ("T_on", "T_peak", "T_off")):
        a, b, c = (fid[k] for k in w)
        bad = (a < 0) | (b < 0) | (c < 0) | ~((a <= b) & (b <= c)) | (c - a < MIN_WAVE)
        if w[0] == "P_on":  # longer than any atrial depolarisation: a T tail or noise, not a P
            bad |= c - a > int(P_MAX_MS * ms)
        for k in w:
            fid[k] = np.where(bad, MISSING, fid[k]).astype(np.int32)
    # P and T are searched relative to their beat's QRS: without that QRS, or out of order with
    # it, they are not this beat's waves
    no_qrs = fid["QRS_on"] < 0
    p_bad = no_qrs | (fid["P_off"] >= fid["QRS_on"])
    t_bad = no_qrs | (fid["T_on"] <= fid["QRS_off"])
    for keys, bad in ((("P_on", "P_peak", "P_off"), p_bad), (("T_on", "T_peak", "T_off"), t_bad)):
        for k in keys:
            fid[k] = np.where(bad, MISSING, fid[k]).astype(np.int32)
    conf = confidences(fid, xs, xq, iso, noise, raw_noise, den)
    return Waves(fs_hz, beats.astype(np.int64), fid,
                 np.where(dead, np.nan, raw_iso).astype(np.float32),
                 raw_xh.astype(np.float32), lead_reasons, tuple(reasons), conf)


def _abs_from_iso(x, iso, beats, lo, hi) -> np.ndarray:
    """``|x - iso_fill(iso, beats, n)|`` where ``argmax_between(., lo, hi)`` reads it (zero
    elsewhere): the same values there, computed only in the QRS windows."""
    n = x.shape[1]
    cols = argmax_columns(lo, hi, n)
    out = np.zeros(x.shape)
    dev = x[:, cols] - iso_at(iso, beats, n, cols)
    out[:, cols] = np.abs(dev, out=dev)
    return out


MIN_WAVE_MS = 20.0
P_MAX_MS = 200.0  # P waves last < 120 ms, up to ~180 ms in advanced interatrial block
# edge margins (ms): a wave whose search window the record's border cuts must end at least this
# far inside it, or it may be a truncated wave (SPEC §3 edge rule)
EDGE_MS = {"P": 60.0, "QRS": 20.0, "T": 100.0}
EXPECT_MS = {"P": 20.0, "T": 40.0}  # ... and its usual extent (the lead's median PR / QT) too


def _edge_rule(fid: dict[str, np.ndarray], beats, rr, n: int, fs_hz: float) -> None:
    """Remove (in place) waves that the record's start or end may have cut (SPEC §3).

    A wave is kept when its search window lies inside the record, or, where the border cuts that
    window, when the wave ends ``EDGE_MS`` inside it: a T that ends 40 ms before the last sample
    may have been cut mid-wave, the knee rule would place its "offset" anyway.
    """
    ms = fs_hz / 1000.0
    prev_rr = np.concatenate([rr[:1], rr[:-1]])
    cut_start = {"P": beats - np.minimum(300 * ms, 0.5 * prev_rr) - 0.12 * fs_hz < 0,
                 "QRS": beats - np.minimum(200 * ms, 0.45 * prev_rr) < 0}
    cut_end = {"QRS": beats + np.minimum(220 * ms, 0.45 * rr) >= n,
               "T": beats + np.minimum(0.72 * rr, 650 * ms) >= n}
    for wave, on_k, off_k in (("P", "P_on", "P_off"), ("QRS", "QRS_on", "QRS_off"),
                              ("T", "T_on", "T_off")):
        margin = int(EDGE_MS[wave] * ms)
        on, off = fid[on_k], fid[off_k]
        bad = np.zeros(on.shape, bool)
        if wave in cut_start:
            bad |= cut_start[wave][None] & (on < margin)
        if wave in cut_end:
            bad |= cut_end[wave][None] & (off > n - 1 - margin)
        if wave in EXPECT_MS:  # where the lead's other beats say this wave would reach
            bad |= _beyond_border(fid, wave, n, int(EXPECT_MS[wave] * ms))
        bad |= (on >= 0) & (on < 2)  # touching the first / last sample: cut for certain
        bad |= (off >= 0) & (off > n - 3)
        peak = {"P": "P_peak", "QRS": "R_peak", "T": "T_peak"}[wave]
        for k in (on_k, peak, off_k):
            fid[k] = np.where(bad, MISSING, fid[k]).astype(np.int32)


def confidences(fid, xs, xq, iso, noise, raw_noise, den) -> dict[str, np.ndarray]:
    """Per wave, (L, B) confidence in [0, 1] of the wave's measurements; NaN where it is absent.

    The signal-to-noise ratio of the wave in the signal it was delineated on: its amplitude from
    the PR level over the noise SD that its beat carries there (a template's noise for dominant
    beats, one beat's for the others), mapped linearly from SNR 1.5 (0) to SNR 4.5 (1); for the
    QRS, peak-to-peak over the broadband noise, from 3 to 15, times the beat's QRST correlation
    with its lead's template (1 where no template), floored at 0: an odd-shaped, noisy beat in a
    lead is doubtful. A P or T given to a lead by the multi-lead consensus (nearly isoelectric
    there) has a small SNR, so its lead-level values come out doubtful.
    """
    def snr_conf(on_k, pk_k, sig, lo, hi, off_k=None):
        pk = fid[pk_k]
        ok = pk >= 0
        at = lambda k: np.take_along_axis(sig, np.where(fid[k] >= 0, fid[k], 0), 1)  # noqa: E731
        amp = np.abs(at(pk_k) - nan_to_num(iso))
        if off_k is not None:  # or its height over the chord from its onset to its offset
            on, off = fid[on_k], fid[off_k]
            frac = (pk - on) / np.maximum(off - on, 1)
            chord = at(on_k) + (at(off_k) - at(on_k)) * frac
            amp = np.where((on >= 0) & (off > on), np.maximum(amp, np.abs(at(pk_k) - chord)), amp)
        with np.errstate(invalid="ignore", divide="ignore"):
            c = np.clip((amp / noise - lo) / (hi - lo), 0, 1)
        return np.where(ok, c, np.nan)

    out = {"P": snr_conf("P_on", "P_peak", xs, 1.5, 4.5), "T": snr_conf("T_on", "T_peak", xs, 1.5, 4.5, "T_off")}
    on, off = fid["QRS_on"], fid["QRS_off"]
    ok = (on >= 0) & (off >= 0)
    lo, hi = np.where(ok, on, 0), np.where(ok, off + 1, 1)
    w = bounds_width(lo, hi)
    vals = gather_values(xq, lo, w)
    m = span_mask(lo, lo, hi, w)
    ptp = np.where(m, vals, -np.inf).max(-1) - np.where(m, vals, np.inf).min(-1)
    q = np.clip((ptp / (raw_noise[:, None] + 1e-9) - 3.0) / 12.0, 0, 1)
    if den is not None:
        q = q * np.clip((den.corr - 0.3) / 0.5, 0, 1)
    out["QRS"] = np.where(ok, q, np.nan)
    return {k: v.astype(np.float32) for k, v in out.items()}


# ---------------------------------------------------------------------------------------------
# beats and leads


def _detect_beats(band: np.ndarray, usable: np.ndarray, fs_hz: float, p: Params) -> np.ndarray:
    """Multi-lead beat locations (B,): peaks of the summed, per-lead-scaled QRS energy."""
    if not usable.any():
        return np.zeros(0, np.int64)
    e = gradient(band[usable])
    e = uniform_filter1d(np.square(e, out=e), max(int(0.08 * fs_hz), 1), axis=1)
    scale = percentile(e, 99.8, axis=1, keepdims=True)  # ~ the QRS peaks even with 2 beats
    scale[scale <= 0] = 1.0
    e /= scale  # in place: clip(e / scale, 0, 1.5)
    env = np.clip(e, 0.0, 1.5, out=e).sum(0)  # one lead with a huge artefact cannot dominate
    edge = int(0.05 * fs_hz)  # a beat cut by the record's edge cannot be delineated, and edge
    env[:edge] = env[-edge:] = 0.0  # transients must not set the threshold
    peaks, props = find_peaks(env, distance=max(int(p.min_rr_ms * fs_hz / 1000), 1),
                              height=0.0)
    if peaks.size == 0:
        return peaks
    h = props["peak_heights"]
    # typical beat height; the max term keeps a 2-beat record from taking noise for its beats
    ref = max(percentile(h, 90, axis=0), 0.3 * h.max())  # np.percentile's value
    if ref <= 0:
        return np.zeros(0, np.int64)
    peaks_all, h_all = peaks, h
    keep = h >= 0.3 * ref
    peaks, h = peaks[keep], h[keep]
    # a much smaller peak within 360 ms of a beat is its T wave (Pan & Tompkins 1985)
    out: list[int] = []
    out_h: list[float] = []
    for pk, hk in zip(peaks.tolist(), h.tolist()):  # few dozen peaks per record
        if out and pk - out[-1] < 0.36 * fs_hz and hk < 0.5 * out_h[-1]:
            continue
        if out and pk - out[-1] < 0.36 * fs_hz and out_h[-1] < 0.5 * hk:
            out[-1], out_h[-1] = pk, hk
            continue
        out.append(pk)
        out_h.append(hk)
    beats = _search_back(np.asarray(out, np.int64), peaks_all, h_all, ref, fs_hz)
    # a peak on the zeroed border is the tail of a QRS the record's start or end cut
    return beats[(beats > edge + 1) & (beats < band.shape[1] - edge - 2)]


SEARCH_BACK_RR = 1.5  # a gap this many median RRs long is searched again ...
SEARCH_BACK_HEIGHT = 0.12  # ... for peaks this high (share of the typical beat's)
SEARCH_BACK_MIN_S = 0.3  # ... at least this far from the beats around it


def _search_back(beats: np.ndarray, peaks: np.ndarray, h: np.ndarray, ref: float,
                 fs_hz: float) -> np.ndarray:
    """Beats found again in RR gaps too long for the rhythm (Pan & Tompkins' search-back).

    A wide, slow ectopic beat (a PVC, a couplet) has little 8-25 Hz energy, often under the
    threshold that the narrow beats set; missed, it leaves a gap and its waves pass for P, T or
    flutter waves. Inside a gap of more than ``SEARCH_BACK_RR`` median RRs, the highest lower peak
    far enough from the beats around it is a beat, then the next highest far enough from those,
    until none is left: a couplet fills one gap with two beats, and after the first the two halves
    are no longer long gaps.
    """
    if beats.size < 3:
        return beats
    med_rr = float(median(np.diff(beats), axis=0))  # np.median's value
    min_gap = SEARCH_BACK_MIN_S * fs_hz
    cand = h >= SEARCH_BACK_HEIGHT * ref
    out = beats.tolist()
    for a, b in zip(beats[:-1].tolist(), beats[1:].tolist()):
        if b - a <= SEARCH_BACK_RR * med_rr:
            continue
        taken = [a, b]
        inside = cand & (peaks > a + min_gap) & (peaks < b - min_gap)
        for k in np.flatnonzero(inside)[np.argsort(-h[inside], kind="stable")].tolist():
            if min(abs(peaks[k] - t) for t in taken) > min_gap:
                taken.append(int(peaks[k]))
        out.extend(taken[2:])
    return np.asarray(sorted(out), np.int64)


def _beyond_border(fid: dict[str, np.ndarray], wave: str, n: int, margin: int) -> np.ndarray:
    """(L, B) waves whose usual extent, from the lead's own beats, would cross the border.

    A truncated wave can still show a knee well inside the record (a T cut after its peak "ends"
    where the strip does not), so its own bounds cannot tell; the lead's median PR (for a P before
    the first QRS) or QT (for a T after the last) can.
    """
    q_on = fid["QRS_on"]
    if wave == "P":
        span, has = q_on - fid["P_on"], (fid["P_on"] >= 0) & (q_on >= 0)
    else:
        span, has = fid["T_off"] - q_on, (fid["T_off"] >= 0) & (q_on >= 0)
    usual = nanmedian(np.where(has, span, np.nan), axis=1, keepdims=True)  # (L, 1)
    usual = np.where(np.isfinite(usual), usual, 0.0)
    if wave == "P":
        return has & (q_on - usual < margin)
    return has & (q_on + usual > n - 1 - margin)


def _rr_samples(beats: np.ndarray, fs_hz: float) -> np.ndarray:
    """RR following each beat (previous for the last); a typical 800 ms when there is one beat."""
    if beats.size < 2:
        return np.full(beats.shape, 0.8 * fs_hz)
    d = np.diff(beats).astype(float)
    return np.concatenate([d, d[-1:]])


def _lead_quality(slope: np.ndarray, beats: np.ndarray, flat: np.ndarray,
                  fs_hz: float) -> tuple[np.ndarray, tuple[str, ...]]:
    """A lead is usable if its QRS slopes stand out from its slopes elsewhere (not noise-only)."""
    half = int(0.06 * fs_hz)
    lo = np.broadcast_to(beats - half, (slope.shape[0], beats.size))
    peak = np.take_along_axis(slope, argmax_between(slope, lo, lo + 2 * half).clip(0), 1)
    qrs_slope = median(peak, axis=1)
    background = median(slope, axis=1) + 1e-12
    ratio = qrs_slope / background
    noisy = ratio < 6.0  # white noise gives ~4 (max of 60 |N(0,1)| over their median)
    reasons = tuple("flat" if f else ("noise only, no QRS stands out" if z else "")
                    for f, z in zip(flat, noisy))
    return ~flat & ~noisy, reasons


# ---------------------------------------------------------------------------------------------
# QRS


def _qrs_bounds(slope, beats, rr, lead_ok, fs_hz, p: Params, after=None):
    """QRS onset/offset (L, B): per-lead slope thresholds, pulled towards the multi-lead bounds.

    ``after``: optional (B,) pacemaker spikes (-1: none, their slope already blanked): a paced
    beat's QRS is searched around its steepest slope after the spike, not around its detection
    point (which the spike itself may have set)."""
    n_leads = slope.shape[0]
    ms = fs_hz / 1000.0
    prev_rr = np.concatenate([rr[:1], rr[:-1]])
    back = np.minimum(int(200 * ms), (0.45 * prev_rr).astype(int))
    fwd = np.minimum(int(220 * ms), (0.45 * rr).astype(int))
    core = int(70 * ms)
    amax = _steepest(slope, beats, core)  # per-lead scale: steepest slope in each beat's core
    norm = slope / np.maximum(median(amax, axis=1, keepdims=True), 1e-9)
    norm *= lead_ok[:, None]  # in place
    spatial = norm.sum(0, keepdims=True) / max(lead_ok.sum(), 1)  # (1, N)
    if after is not None:
        lo_p = after + int(BLANK_MS * ms)
        steep = argmax_between(spatial, lo_p[None], (lo_p + 2 * core)[None])[0]
        beats = np.where((after >= 0) & (steep >= 0), steep, beats)
        amax = _steepest(slope, beats, core)
    g_amax = np.take_along_axis(
        spatial, argmax_between(spatial, (beats - core)[None], (beats + core)[None]).clip(0), 1)
    # noise lifts the multi-lead slope everywhere, and a fixed share of the QRS's steepest slope
    # is then reached only far out: flat also means "no steeper than this record's typical slope"
    floor = p.qrs_noise_floor * median(spatial.ravel(), axis=0)  # np.median's value, faster
    g_on, g_off = _slope_bounds(spatial, beats[None], back[None], fwd[None], g_amax, p, ms, floor)
    l_on, l_off = _slope_bounds(slope, np.broadcast_to(beats, (n_leads, beats.size)),
                                np.broadcast_to(back, (n_leads, beats.size)),
                                np.broadcast_to(fwd, (n_leads, beats.size)), amax, p, ms)
    pull = int(round(p.qrs_pull_ms * ms))
    on = np.clip(l_on, g_on - pull, g_on + pull)
    off = np.clip(l_off, g_off - pull, g_off + pull)
    return on.astype(np.int64), off.astype(np.int64)


def _steepest(slope, beats, core: int) -> np.ndarray:
    """(L, B) each lead's steepest slope within ``core`` samples of each beat (at least 1e-9)."""
    lo = np.broadcast_to(beats - core, (slope.shape[0], beats.size))
    amax = np.take_along_axis(slope, argmax_between(slope, lo, lo + 2 * core).clip(0), 1)
    return np.maximum(amax, 1e-9)


def _slope_bounds(slope, center, back, fwd, amax, p: Params, ms: float, floor=0.0):
    """Onset: before the first significant slope, the last sample where the slope is flat.

    Offset: after the last significant slope, the first flat sample. Arrays (L, B). A slope below
    ``floor`` counts as flat whatever the QRS's own scale.
    """
    lo = center - back
    hi = center + fwd + 1
    w = bounds_width(lo, hi)
    vals = gather_values(slope, lo, w)
    allowed = span_mask(lo, lo, hi, w)
    pos = positions(w)  # compared with bounds of its dtype (windows.pos_bound): fast masks
    rel_c = pos_bound(center - lo, w, pos.dtype)
    sig = allowed & (vals >= p.qrs_sig * amax[..., None])
    first_sig, _ = first_true(sig & (pos <= rel_c))
    last_sig, _ = last_true(sig & (pos >= rel_c))
    # a QRS starts at most ``qrs_lead_in_ms`` before its first significant slope and ends at most
    # ``qrs_lead_out_ms`` after its last: where the slope never falls flat in that reach (f waves,
    # noise, a T wave running into the next QRS) the flattest point there is taken, never the
    # far edge of the search window
    lead_in = ((pos >= pos_bound(first_sig - int(p.qrs_lead_in_ms * ms), w, pos.dtype))
               & (pos < pos_bound(first_sig, w, pos.dtype)))
    lead_out = ((pos > pos_bound(last_sig, w, pos.dtype))
                & (pos <= pos_bound(last_sig + int(p.qrs_lead_out_ms * ms), w, pos.dtype)))
    flat_on = allowed & lead_in & (vals < np.maximum(p.qrs_on_flat * amax, floor)[..., None])
    k_on, has_on = last_true(flat_on)
    flat_off = allowed & lead_out & (vals < np.maximum(p.qrs_off_flat * amax, floor)[..., None])
    k_off, has_off = first_true(flat_off)
    if not has_on.all():  # the flattest point only where no flat one was found (rare)
        k_on = np.where(has_on, k_on, np.where(allowed & lead_in, vals, np.inf).argmin(-1))
    if not has_off.all():
        k_off = np.where(has_off, k_off, np.where(allowed & lead_out, vals, np.inf).argmin(-1))
    on = k_on + lo
    off = k_off + lo
    return on, off
