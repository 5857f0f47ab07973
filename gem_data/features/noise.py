"""Seeded, realistic ECG noise for robustness checks (``gem validate-delineation --noise``).

Real recordings (MIMIC-IV-ECG included) carry muscle noise, mains hum, baseline wander and electrode
motion, independently per lead; LUDB is unusually clean. A noise spec is a comma list of
``kind=level`` with levels in µV, e.g. ``emg=20,mains50=30,wander=200``:

| kind | what is added to each lead |
|---|---|
| emg | Gaussian noise band-passed 20-150 Hz (muscle), ``level`` µV RMS |
| white | white Gaussian noise, ``level`` µV RMS |
| pink | 1/f Gaussian noise above 0.5 Hz, ``level`` µV RMS |
| mains50 / mains60 | a 50 / 60 Hz sine of amplitude ``level`` µV (random phase, +-0.2 Hz drift) |
| wander | a 0.15-0.4 Hz sine (breathing) of amplitude ``level`` µV plus a slow random drift |
| motion | electrode motion: 2-4 baseline steps of +-``level`` µV relaxing over ~0.4 s, and 2-4
|        | 10-ms spikes of +-``level`` µV |

The generator for lead ``l`` of record ``name`` is seeded from (seed, name, l), so a figure is
reproducible and no two leads share a noise draw.
"""
from __future__ import annotations

import zlib
from collections.abc import Callable

import numpy as np
from scipy.signal import butter, sosfiltfilt

MILD = "emg=20,mains50=30,wander=200"  # the "mild, routine" level
MODERATE = "emg=50,mains50=50,wander=300"


def parse_spec(spec: str) -> dict[str, float]:
    """``"emg=20,mains50=30"`` -> ``{"emg": 20.0, "mains50": 30.0}``; raises ValueError on bad input."""
    out: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        kind, _, level = part.partition("=")
        kind = kind.strip().lower()
        if kind not in _KINDS:
            raise ValueError(f"unknown noise kind {kind!r} (known: {', '.join(sorted(_KINDS))})")
        try:
            out[kind] = float(level)
        except ValueError:
            raise ValueError(f"noise level of {kind!r} must be a number of µV, got {level!r}") from None
    return out


def add_noise(signal_mv: np.ndarray, fs_hz: float, spec: str | dict[str, float], name: str = "",
              seed: int = 0) -> np.ndarray:
    """``signal_mv`` (L, N) plus the noise of ``spec``, independent per lead; returns a new array."""
    levels = parse_spec(spec) if isinstance(spec, str) else dict(spec)
    x = np.array(signal_mv, dtype=np.float64, copy=True)
    n_leads, n = x.shape
    for lead in range(n_leads):
        rng = np.random.default_rng([seed, zlib.crc32(name.encode()), lead])
        for kind, level_uv in sorted(levels.items()):
            if level_uv > 0:
                x[lead] += _KINDS[kind](rng, n, fs_hz) * level_uv / 1000.0
    return x.astype(np.float32)


def noiser(spec: str, seed: int = 0) -> Callable[[np.ndarray, float, str], np.ndarray]:
    """A ``(signal_mv, fs_hz, name) -> noisy`` callable for validators."""
    levels = parse_spec(spec)
    return lambda x, fs_hz, name: add_noise(x, fs_hz, levels, name, seed)


# every generator returns unit-scale noise (RMS 1 or amplitude 1) of length n
def _rms1(v: np.ndarray) -> np.ndarray:
    return v / max(float(np.sqrt(np.mean(v ** 2))), 1e-12)


def _emg(rng, n, fs_hz):
    hi = min(150.0, 0.45 * fs_hz)
    sos = butter(4, (20.0, hi), btype="bandpass", fs=fs_hz, output="sos")
    return _rms1(sosfiltfilt(sos, rng.standard_normal(n + 1000))[500:500 + n])


def _white(rng, n, fs_hz):
    return _rms1(rng.standard_normal(n))


def _pink(rng, n, fs_hz):
    f = np.fft.rfftfreq(n, 1.0 / fs_hz)
    spec = (rng.standard_normal(f.size) + 1j * rng.standard_normal(f.size)) / np.sqrt(np.maximum(f, 0.5))
    spec[f < 0.5] = 0
    return _rms1(np.fft.irfft(spec, n))


def _mains(freq_hz):
    def gen(rng, n, fs_hz):
        t = np.arange(n) / fs_hz
        f = freq_hz + rng.uniform(-0.2, 0.2)
        return np.sin(2 * np.pi * f * t + rng.uniform(0, 2 * np.pi))
    return gen


def _wander(rng, n, fs_hz):
    t = np.arange(n) / fs_hz
    breath = np.sin(2 * np.pi * rng.uniform(0.15, 0.4) * t + rng.uniform(0, 2 * np.pi))
    drift = np.cumsum(rng.standard_normal(n))
    drift = drift - np.linspace(drift[0], drift[-1], n)
    drift = 0.3 * drift / max(np.abs(drift).max(), 1e-12)
    return breath + drift


def _motion(rng, n, fs_hz):
    out = np.zeros(n)
    tau = 0.4 * fs_hz
    for at in rng.integers(0, n, rng.integers(2, 5)):
        out[at:] += rng.choice([-1.0, 1.0]) * np.exp(-np.arange(n - at) / tau)
    width = max(int(0.01 * fs_hz), 1)
    for at in rng.integers(0, n - width, rng.integers(2, 5)):
        out[at:at + width] += rng.choice([-1.0, 1.0])
    return out


_KINDS: dict[str, Callable] = {
    "emg": _emg, "white": _white, "pink": _pink, "mains50": _mains(50.0), "mains60": _mains(60.0),
    "wander": _wander, "motion": _motion,
}
