"""Per-lead P bounds from each lead's averaged beat (lead_template.py) on constructed records."""
from __future__ import annotations

import dataclasses

import numpy as np

from gem_data.features.delineate import delineate
from gem_data.features.lead_template import blend_p_bounds
from gem_data.features.measure import measure
from gem_data.features.params import PARAMS
from gem_data.features.windows import filter_bank
from tests.gem_data.features import synth

R_MS = [400 + 820 * i for i in range(12)]
SHORT = slice(6, 12)  # leads V1..V6 get a P that starts 40 ms later (60 ms instead of 100 ms)


def _record(seed=0) -> np.ndarray:
    """Leads I..aVF: P from R-200 to R-100 ms; V1..V6: P from R-160 to R-100 ms."""
    x = synth.ecg(R_MS, with_p=False, seed=seed)
    fs = synth.FS
    for li in range(12):
        on_ms = -160 if li >= 6 else -200
        for r_ms in R_MS:
            r = int(r_ms * fs / 1000)
            on, off = r + int(on_ms * fs / 1000), r + int(-100 * fs / 1000)
            x[li, on:off + 1] += 0.15 * synth.GAINS[li] * np.hanning(off - on + 1)
    return x


def _p_dur_ms(params) -> np.ndarray:
    waves = delineate(_record(), synth.FS, params)
    f, _ = measure(waves)
    return np.nanmedian(f["p_dur_ms"], axis=1)  # (L,)


def test_leads_whose_p_is_shorter_get_a_shorter_p():
    """With the averaged-beat share the leads' P durations follow their own waves; without it the
    multi-lead consensus holds them together (the true difference is 40 ms)."""
    on = _p_dur_ms(PARAMS)
    off = _p_dur_ms(dataclasses.replace(PARAMS, p_lead_weight=0.0))
    gap_on = np.median(on[:6]) - np.median(on[SHORT])
    gap_off = np.median(off[:6]) - np.median(off[SHORT])
    assert gap_on >= gap_off + 4, (on, off)
    # the short P waves are measured closer to their true 60 ms than by the consensus alone
    assert abs(np.median(on[SHORT]) - 60) + 5 <= abs(np.median(off[SHORT]) - 60), (on, off)
    # and no group leaves its true duration by more than the Hann tails explain (< 20 ms)
    assert abs(np.median(on[:6]) - 100) < 20 and abs(np.median(on[SHORT]) - 60) < 20, on


def test_each_lead_moves_by_one_constant_so_beat_to_beat_scatter_is_kept():
    """The PR-stability evidence (facts.p_evidence) reads each lead's beat-to-beat scatter."""
    rng = np.random.default_rng(0)
    x = _record()
    w0 = delineate(x, synth.FS, dataclasses.replace(PARAMS, p_lead_weight=0.0))
    fid = {k: v.astype(np.int64) for k, v in w0.fiducials.items()}
    p_on = fid["P_on"] + rng.integers(-3, 4, fid["P_on"].shape) * (fid["P_on"] >= 0)
    lead_ok = np.ones(12, bool)
    xq = filter_bank(x, synth.FS)[1]
    new_on, new_off = blend_p_bounds(xq, p_on, fid["P_peak"], fid["P_off"], fid["QRS_on"],
                                     lead_ok, synth.FS, PARAMS)
    has = p_on >= 0
    assert has.sum() > 100
    for li in range(12):
        shift = (new_on - p_on)[li][has[li]]
        assert np.unique(shift).size == 1, (li, shift)
        shift = (new_off - fid["P_off"])[li][has[li]]
        assert np.unique(shift).size == 1, (li, shift)
    assert np.any(new_on[SHORT] != p_on[SHORT])  # the short-P leads did move


def test_absent_p_and_no_beats_pass_through_unchanged():
    none = np.full((12, 5), -1)
    q = np.tile(np.arange(5) * 400 + 300, (12, 1))
    xq = np.zeros((12, 2500))
    on, off = blend_p_bounds(xq, none, none, none, q, np.ones(12, bool), 500.0, PARAMS)
    assert (on == -1).all() and (off == -1).all()
    empty = np.zeros((12, 0), np.int64)
    on, off = blend_p_bounds(xq, empty, empty, empty, empty, np.ones(12, bool), 500.0, PARAMS)
    assert on.shape == (12, 0) and off.shape == (12, 0)
