"""Constructed 12-lead ECGs whose wave boundaries are known exactly (sample indices at 500 Hz).

Each beat: P = Hann bump (on R-200 ms, off R-100 ms), QRS = piecewise-linear q-R-s
(on R-40 ms, off R+40 ms), T = Hann bump (on R+160 ms, off R+360 ms). So PR 160 ms, P 100 ms,
QRS 80 ms, ST 120 ms, T 200 ms, QT 400 ms, whatever the lead gain.
"""
from __future__ import annotations

import numpy as np

FS = 500
N = 5000
GAINS = np.array([1.0, 1.2, 0.4, -1.0, 0.5, 0.8, -0.6, 0.3, 0.9, 1.3, 1.1, 0.9])
TRUTH_MS = {"P_on": -200, "P_peak": -150, "P_off": -100, "QRS_on": -40, "R_peak": 0,
            "QRS_off": 40, "T_on": 160, "T_peak": 260, "T_off": 360}


def _ms(v: float) -> int:
    return int(round(v * FS / 1000))


def beat_template(p_amp=0.15, t_amp=0.3, with_p=True) -> tuple[np.ndarray, int]:
    """One beat, 1 mV R; returns (samples, index of R in it)."""
    r = _ms(250)
    x = np.zeros(_ms(700))
    if with_p:
        on, off = r + _ms(-200), r + _ms(-100)
        x[on:off + 1] += p_amp * np.hanning(off - on + 1)
    knots_ms = [-40, -20, 0, 20, 40]
    knots_mv = [0.0, -0.1, 1.0, -0.3, 0.0]
    t = np.arange(r + _ms(-40), r + _ms(40) + 1)
    x[t] += np.interp(t, [r + _ms(k) for k in knots_ms], knots_mv)
    on, off = r + _ms(160), r + _ms(360)
    x[on:off + 1] += t_amp * np.hanning(off - on + 1)
    return x, r


def ecg(r_ms: list[float], noise_mv=0.005, seed=0, with_p=True, gains=GAINS) -> np.ndarray:
    """(12, 5000) mV with a beat at each R time (ms)."""
    tmpl, r0 = beat_template(with_p=with_p)
    lead = np.zeros(N)
    for r in r_ms:
        start = _ms(r) - r0
        lo, hi = max(start, 0), min(start + tmpl.size, N)
        lead[lo:hi] += tmpl[lo - start:hi - start]
    rng = np.random.default_rng(seed)
    return (gains[:, None] * lead[None] + noise_mv * rng.standard_normal((12, N))).astype(np.float32)


def regular(rr_ms: float, first_ms: float = 400.0) -> list[float]:
    return list(np.arange(first_ms, 10000 - 400, rr_ms))


def truth(r_ms: float, name: str) -> int:
    return _ms(r_ms) + _ms(TRUTH_MS[name])
