"""Feature definitions (SPEC §3) on constructed beats with known intervals and on real records."""
from __future__ import annotations

import numpy as np
import pytest

from gem_data.features import FEATURES, extract
from gem_data.signals import read_record
from tests.gem_data.features import synth

GAIN = synth.GAINS[:, None]


@pytest.fixture(scope="module")
def regular_table():
    return extract(synth.ecg(synth.regular(800)), synth.FS)


def test_rr_and_heart_rate_follow_the_beats_exactly(regular_table):
    f = regular_table.features
    assert np.all(np.isnan(f["rr1_ms"][:, 0])) and np.all(np.isnan(f["rr2_ms"][:, -1]))
    assert np.allclose(f["rr1_ms"][:, 1:], 800) and np.allclose(f["heart_rate_bpm"][:, 1:], 75)
    # RR consistency: the next beat's rr1 is this beat's rr2
    assert np.array_equal(f["rr1_ms"][:, 1:], f["rr2_ms"][:, :-1])


def test_intervals_match_the_constructed_ones(regular_table):
    """Truth: PR 160, P 100, QRS 80, ST 120, T 200, QT 400 ms in every lead (synth.py)."""
    f = regular_table.features
    for name, truth, tol in [("pr_ms", 160, 20), ("p_dur_ms", 100, 20), ("qrs_dur_ms", 80, 20),
                             ("st_dur_ms", 120, 24), ("t_dur_ms", 200, 40), ("qt_ms", 400, 40)]:
        err = np.abs(f[name] - truth)
        assert np.nanmax(err) <= tol, (name, np.nanmax(err))


def test_amplitudes_are_signed_and_measured_from_the_pr_baseline(regular_table):
    f = regular_table.features
    assert np.allclose(f["p_amp_mv"], 0.15 * GAIN, atol=0.03)
    assert np.allclose(f["t_amp_mv"], 0.30 * GAIN, atol=0.04)
    assert np.allclose(f["qrs_amp_mv"], 1.3 * np.abs(GAIN), rtol=0.05, atol=0.02)
    assert np.all(np.abs(f["st_level_mv"]) < 0.03)
    assert set(regular_table.st_form.ravel()) == {"horizontal"}


def test_qtc_is_bazett_and_fridericia_of_the_preceding_rr(regular_table):
    f = regular_table.features
    rr_s = f["rr1_ms"] / 1000
    assert np.allclose(f["qtc_ms"], f["qt_ms"] / np.sqrt(rr_s), equal_nan=True)
    assert np.allclose(f["qtc_fridericia_ms"], f["qt_ms"] / np.cbrt(rr_s), equal_nan=True)
    assert np.all(np.isnan(f["qtc_ms"][:, 0]))  # no RR before the first beat


def _with_st(shape: str) -> np.ndarray:
    """The regular ECG with an ST deviation from J (R+40 ms) to T onset (R+160 ms)."""
    x = synth.ecg(synth.regular(800)).astype(np.float64)
    for r in synth.regular(800):
        j, t_on = synth.truth(r, "QRS_off"), synth.truth(r, "T_on")
        k = np.arange(j, t_on)
        u = (k - j) / (t_on - j)
        dev = {"elevated": 0.2 * np.ones_like(u), "up": 0.25 * u, "down": 0.25 * (1 - u)}[shape]
        dev = dev * np.minimum(1, np.minimum(k - j + 1, t_on - k) / 5)  # 10 ms ramps, no steps
        x[:, k] += GAIN * dev
    return x.astype(np.float32)


@pytest.mark.parametrize("shape,form,mirror", [("up", "upsloping", "downsloping"),
                                               ("down", "downsloping", "upsloping")])
def test_st_form_follows_the_st_slope(shape, form, mirror):
    """A rising ST in a lead with positive gain falls in a lead with negative gain (aVR, V1)."""
    t = extract(_with_st(shape), synth.FS)
    # 0.25 mV over 120 ms x gain must clear the 0.05 mV-per-60 ms threshold with room to spare
    assert np.mean(t.st_form[synth.GAINS >= 0.8] == form) >= 0.95
    assert np.mean(t.st_form[synth.GAINS <= -0.6] == mirror) >= 0.95


def test_st_elevation_is_measured_at_j_plus_60():
    t = extract(_with_st("elevated"), synth.FS)
    lvl = np.nanmedian(t.features["st_level_mv"], axis=1)
    assert np.allclose(lvl, 0.2 * synth.GAINS, atol=0.05)


def test_a_hand_checked_ptbxl_beat(shared_data):
    """PTB-XL 00005, lead II, beat 3, read off a plot of the 0.5 Hz high-passed signal:
    P 1472..1524, QRS 1547..1583, T 1635..1735 (samples), PR level -0.15 mV, R top +1.20 mV,
    T top +0.40 mV, P top 0.00 mV."""
    rec = read_record(shared_data / "ptbxl" / "records500" / "00000" / "00005_hr")
    t = extract(rec.signal, rec.fs)
    fid = {k: int(v[1, 3]) for k, v in t.fiducials.items()}
    for name, want, tol in [("P_on", 1472, 8), ("P_off", 1524, 8), ("QRS_on", 1547, 4),
                            ("QRS_off", 1583, 5), ("T_on", 1635, 12), ("T_off", 1735, 12)]:
        assert abs(fid[name] - want) <= tol, (name, fid[name], want)
    f = {k: float(v[1, 3]) for k, v in t.features.items()}
    assert f["pr_ms"] == pytest.approx((1547 - 1472) * 2, abs=20)
    assert f["qrs_dur_ms"] == pytest.approx((1583 - 1547) * 2, abs=14)
    assert f["qt_ms"] == pytest.approx((1735 - 1547) * 2, abs=28)
    assert f["qrs_amp_mv"] == pytest.approx(1.38, abs=0.08)
    assert f["t_amp_mv"] == pytest.approx(0.55, abs=0.06)
    assert f["p_amp_mv"] == pytest.approx(0.15, abs=0.05)
    assert f["p_dur_ms"] == pytest.approx((1524 - 1472) * 2, abs=20)
    assert f["t_dur_ms"] == pytest.approx((1735 - 1635) * 2, abs=30)
    assert f["st_dur_ms"] == pytest.approx((1635 - 1583) * 2, abs=25)
    # ST: about -0.11 mV at J+60 ms over a -0.15 mV PR level, rising ~0.03 mV from J+20 to J+80
    assert f["st_level_mv"] == pytest.approx(0.04, abs=0.03)
    assert t.st_form[1, 3] == "horizontal"
    # RR from the multi-lead beat positions; heart rate and QTc follow from it
    rr = (t.beat_idx[3] - t.beat_idx[2]) * 2.0
    assert f["rr1_ms"] == rr and f["heart_rate_bpm"] == pytest.approx(60000 / rr, rel=1e-5)
    assert f["qtc_ms"] == pytest.approx(f["qt_ms"] / np.sqrt(rr / 1000), rel=1e-5)


def test_ptbxl_records_pass_the_machine_free_sanity_checks(shared_data):
    """Physiologic ranges and RR consistency on the real PTB-XL 500 Hz records."""
    paths = sorted((shared_data / "ptbxl" / "records500").glob("*/*.hea"))[:20]
    ranges = {"qrs_dur_ms": (40, 250), "heart_rate_bpm": (20, 300), "pr_ms": (60, 400),
              "qt_ms": (180, 700), "p_dur_ms": (20, 250), "t_dur_ms": (40, 500)}
    shares = {k: [] for k in ranges}
    for p in paths:
        t = extract(read_record(p.with_suffix("")).signal, 500)
        assert t.status != "failed", p.name
        f = t.features
        nxt, this = f["rr1_ms"][:, 1:], f["rr2_ms"][:, :-1]
        both = np.isfinite(nxt) & np.isfinite(this)  # RR is null in a lead missing either QRS
        assert both.mean() > 0.9 and np.array_equal(nxt[both], this[both])
        for k, (lo, hi) in ranges.items():
            v = f[k][np.isfinite(f[k])]
            if v.size:
                shares[k].append(np.mean((v >= lo) & (v <= hi)))
    for k, s in shares.items():
        assert np.mean(s) >= 0.95, (k, np.mean(s))


def test_every_feature_is_float32_lead_by_beat(regular_table):
    assert set(regular_table.features) == set(FEATURES)
    for v in regular_table.features.values():
        assert v.dtype == np.float32 and v.shape == (12, regular_table.n_beats)
