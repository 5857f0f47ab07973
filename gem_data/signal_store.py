"""How normalized signals sit on disk: int16 microvolts, read back as float32 millivolts.

``signals/<batch>.npy`` holds (n, 12, 5000) int16 µV: half the bytes of float32 mV (120 KB instead
of 240 KB per record) and still a plain, memory-mappable ``.npy``. Readers never see the int16:
:class:`MillivoltView` decodes one record at a time to the float32 mV every stage expects.

Lossless against the source resolution (issue 16):
- a source whose gain puts samples on a 1 µV grid (MIMIC-IV-ECG 200/mV = 5 µV steps, PTB-XL 1000/mV
  at 500 Hz) reads back bit-identical to the float32 the signal reader produced: float32
  division ``uv / 1000`` is correctly rounded, and for every one of the 65,536 int16 values it equals
  ``float32(float64(uv) / 1000)``, which is what ``(digital - baseline) / gain`` rounds to
  (tests/gem_data/test_signal_store.py checks all of them and real records);
- a resampled record (100 Hz PTB-XL, any polyphase-resampled rate) or a gain off the 1 µV grid (LUDB's
  per-lead gains such as 1716/mV, set so each lead spans 1 mV) is rounded to the nearest µV: at most
  0.5 µV off, far below the noise floor of any ECG amplifier;
- a sample beyond ±32.767 mV (the int16 range) is not an ECG (the largest QRS is a few mV): the
  record is refused with :class:`SignalRangeError`, which ingestion quarantines with its reason,
  rather than clipped silently or stored in a second format.

Files written before this change (float32 mV) are read as they are.
"""
from __future__ import annotations

import numpy as np

UV_PER_MV = 1000
MAX_ABS_MV = np.iinfo(np.int16).max / UV_PER_MV  # 32.767 mV
_UV_PER_MV_F32 = np.float32(UV_PER_MV)


class SignalRangeError(ValueError):
    """A normalized signal that int16 µV cannot hold; ``reason`` is the quarantine reason."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def encode_uv(signal_mv: np.ndarray) -> np.ndarray:
    """(…, 12, 5000) float mV -> int16 µV, rounded to the nearest µV; refuses what int16 cannot hold."""
    uv = np.rint(np.asarray(signal_mv, dtype=np.float64) * UV_PER_MV)
    if not np.isfinite(uv).all():
        raise SignalRangeError("non-finite sample in a normalized signal; cannot store it")
    peak_mv = float(np.abs(uv).max(initial=0.0)) / UV_PER_MV
    if peak_mv > MAX_ABS_MV:
        raise SignalRangeError(f"amplitude {peak_mv:.3f} mV beyond the ±{MAX_ABS_MV} mV storage range "
                               f"(int16 µV); not an ECG at this gain")
    return uv.astype(np.int16)


def decode_mv(uv: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """int16 µV -> float32 mV, bit-identical to ``float32(float64(uv) / 1000)`` (see module doc).

    One exact cast into ``out`` (every int16 is a float32) and one in-place float32 division: no
    float64 and no temporary. A multiply by ``float32(0.001)`` would be cheaper but is one ulp off for
    59 % of the int16 values, so it would break bit-identity with the signal reader.
    """
    out = np.empty(uv.shape, np.float32) if out is None else out
    np.copyto(out, uv, casting="unsafe")
    return np.divide(out, _UV_PER_MV_F32, out=out)


class MillivoltView:
    """A stored batch, indexed like the (n, 12, 5000) float32 mV array it stands for.

    Indexing reads and decodes only the rows asked for, so the memory map stays a memory map:
    ``view[i]`` is one record, (12, 5000) float32 mV. ``np.asarray(view)`` decodes everything.
    """

    dtype = np.dtype(np.float32)

    def __init__(self, stored: np.ndarray):
        self.stored = stored  # int16 µV memmap
        # the same mapped buffer as a plain ndarray: slicing an ``np.memmap`` and every ufunc on the
        # slice go through the subclass hooks, about a third of the cost of decoding one record
        self._uv = stored.view(np.ndarray)

    @property
    def shape(self) -> tuple[int, ...]:
        return self.stored.shape

    @property
    def ndim(self) -> int:
        return self.stored.ndim

    def __len__(self) -> int:
        return self.stored.shape[0]

    def __getitem__(self, index) -> np.ndarray:
        return decode_mv(self._uv[index])

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        out = decode_mv(self._uv)
        return out if dtype is None else out.astype(dtype)


def open_signals(path, n_expected: int) -> np.ndarray | MillivoltView:
    """``signals/<batch>.npy`` memory-mapped, read as float32 mV whatever its stored dtype."""
    stored = np.load(path, mmap_mode="r") if n_expected else np.empty((0, 12, 5000), np.int16)
    return stored if stored.dtype == np.float32 else MillivoltView(stored)
