"""Pacemaker spikes, so that a paced beat's QRS starts after its spike, as cardiologists mark it.

A pacing artifact is a jump of a tenth of a millivolt or more within one sample, out of a flat
line, in several leads at the same instant. Filtered for delineation (40 Hz for the QRS) it becomes
a steep bump some 10 ms wide, which the slope rule takes for the start of the QRS: on LUDB's paced
records the QRS then starts 20-100 ms before the cardiologists' onset (they start it after the
spike, where the ventricles depolarise).

A jump counts as a spike only where it is (per lead) at least :data:`SPIKE_MV`, :data:`SPIKE_SNR`
times the lead's sample-to-sample noise and :data:`SPIKE_STEP` times any change in the 4 ms
before it, and the next sample does not go on in its direction by more than :data:`SPIKE_GOES_ON`
of it (a QRS upstroke ramps up over several samples and keeps rising), in :data:`SPIKE_LEADS`
leads within one sample; and a record is paced only when such spikes sit
at the start of the QRS of at least :data:`PACED_SHARE` of its beats: an electrode pop, clipping or
a noise burst is not locked to the beats. Only at >= :data:`MIN_FS_HZ` (a spike lasts 0.5-2 ms).
"""
from __future__ import annotations

import numpy as np

from .windows import MISSING

SPIKE_MV = 0.1
SPIKE_SNR = 6.0
SPIKE_STEP = 3.0
SPIKE_LEADS = 3
SPIKE_GOES_ON = 0.3
PACED_SHARE = 0.5
MIN_FS_HZ = 250.0
LOCK_MS = (-20.0, 40.0)  # a beat's spike lies this close to its (unpaced) QRS onset
BLANK_MS = 12.0  # a spike filtered for the QRS (40 Hz) spreads this far on each side


def spike_samples(x_mv: np.ndarray, fs_hz: float) -> np.ndarray:
    """Sorted sample indices of multi-lead spikes in the raw (L, N) signal (module rule).

    Cheap on the usual record without spikes (it runs on every record): the tests beyond the
    jump's size are made only at the samples that pass it.
    """
    n_leads, n = x_mv.shape
    if fs_hz < MIN_FS_HZ or n < 3:
        return np.zeros(0, np.int64)
    ds = np.diff(x_mv, axis=1)  # (L, N-1): the jump from sample s to s + 1
    d = np.abs(ds)
    noise = 1.4826 * np.median(d[:, ::8], axis=1) + 1e-6  # |d| of noise: a half-normal
    li, si = np.nonzero(d >= np.maximum(SPIKE_MV, SPIKE_SNR * noise)[:, None])
    k = max(round(0.004 * fs_hz), 1)
    keep = (si >= k) & (si < n - 2)
    li, si = li[keep], si[keep]
    if si.size == 0:
        return np.zeros(0, np.int64)
    # a jump out of a flat line (no ramp in the 4 ms before it, as a QRS upstroke has) that does not
    # go on rising (it steps back, decays or stays: a QRS keeps rising for several samples)
    jump = ds[li, si]
    before = d[li[:, None], si[:, None] - np.arange(1, k + 1)].max(axis=1)
    goes_on = ds[li, si + 1] * np.sign(jump)
    keep = (np.abs(jump) >= SPIKE_STEP * before) & (goes_on <= SPIKE_GOES_ON * np.abs(jump))
    hit = np.zeros((n_leads, n + 1), bool)
    hit[li[keep], si[keep] + 1] = True  # +1: room for the one-sample slack on both sides
    near = hit[:, :-2] | hit[:, 1:-1] | hit[:, 2:]  # (L, N-1): a lead's jump within one sample
    s = np.flatnonzero(hit[:, 1:-1].any(0) & (near.sum(0) >= SPIKE_LEADS))
    if s.size:
        s = s[np.concatenate([[True], np.diff(s) > 2])]  # one spike, not its neighbouring samples
    return s + 1  # the first sample after the jump


def paced_beat_spikes(spikes: np.ndarray, qrs_on: np.ndarray, fs_hz: float) -> np.ndarray:
    """(B,) the spike at the start of each beat's QRS, -1 where none; all -1 unless the record is
    paced (spikes at :data:`PACED_SHARE` of at least 3 beats). ``qrs_on``: (B,) multi-lead onsets."""
    out = np.full(qrs_on.shape, MISSING, np.int64)
    if spikes.size == 0 or qrs_on.size < 3:
        return out
    ms = fs_hz / 1000.0
    k = np.clip(np.searchsorted(spikes, qrs_on + LOCK_MS[0] * ms), 0, spikes.size - 1)
    s = spikes[k]
    locked = (qrs_on >= 0) & (s >= qrs_on + LOCK_MS[0] * ms) & (s <= qrs_on + LOCK_MS[1] * ms)
    if locked.sum() < max(3, PACED_SHARE * qrs_on.size):
        return out
    return np.where(locked, s, MISSING)


def blank_spikes(slope: np.ndarray, spikes: np.ndarray, fs_hz: float) -> np.ndarray:
    """``slope`` (L, N) made flat in every lead from :data:`BLANK_MS` before to :data:`BLANK_MS`
    after each spike (-1 skipped): the reach of a spike once filtered for the QRS."""
    out = slope.copy()
    r = round(BLANK_MS * fs_hz / 1000.0)
    for s in spikes[spikes >= 0]:
        out[:, max(int(s) - r, 0):int(s) + r + 1] = 0.0
    return out
