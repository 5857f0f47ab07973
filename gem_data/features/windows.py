"""Array helpers shared by the delineator: one FFT filter bank, and windowed ops over (lead, beat).

Every helper works on all leads and beats at once: a window is an (L, B) start index plus a width,
gathered into an (L, B, W) array, so no Python loop runs per beat or per lead.
"""
from __future__ import annotations

import warnings
from contextlib import contextmanager
from functools import lru_cache

import numpy as np
from scipy.fft import irfft, next_fast_len, rfft
from scipy.signal import butter, sosfreqz

MISSING = -1  # an absent fiducial


# (kind, cut-off Hz, order) of the Butterworth filters; applied forward-backward (zero phase)
_HIGHPASS = ("highpass", 0.5, 2)  # baseline wander
_QRS_LOWPASS = ("lowpass", 40.0, 3)
_WAVE_LOWPASS = ("lowpass", 15.0, 3)  # P and T
_BEAT_BAND = ("bandpass", (8.0, 25.0), 3)  # QRS energy for beat detection
# mains hum (50 or 60 Hz and the first harmonic) is notched out of every band: a Gaussian notch
# of 0.6 Hz SD removes the hum and its +-0.5 Hz drift while costing a QRS under 1 % of its energy
_MAINS_HZ = (50.0, 60.0, 100.0, 120.0)
_NOTCH_SD_HZ = 0.6


def filter_bank(x: np.ndarray, fs_hz: float, beat_band: bool = True):
    """(xh, xq, xs, band), each (L, N): high-passed, + QRS low-pass, + P/T low-pass, beat band.

    Forward-backward filtering has the squared magnitude response |H(f)|^2 and zero phase, so all
    four come from one FFT of the (odd-extended) record: ~5x faster than four ``sosfiltfilt``.
    ``beat_band=False`` skips the beat band (``band`` is None): a second pass over the denoised
    leads does not detect beats again, and each band is one inverse FFT of every lead.
    """
    n = x.shape[-1]
    pad = min(int(fs_hz), n - 1)
    # odd extension at both ends, written in place (no concatenation of temporaries)
    ext = np.empty((x.shape[0], n + 2 * pad), np.result_type(x.dtype, np.float32))
    np.subtract(2 * x[:, :1], x[:, pad:0:-1], out=ext[:, :pad])
    ext[:, pad:pad + n] = x
    np.subtract(2 * x[:, -1:], x[:, -2:-pad - 2:-1], out=ext[:, pad + n:])
    m = next_fast_len(ext.shape[-1], real=True)
    # (re, im) pairs: the gains are real (a float32 record's spectrum is widened, as numpy would)
    spec = rfft(ext, m, axis=-1).astype(np.complex128, copy=False).view(np.float64)
    gains = _band_gains(float(fs_hz), m)
    out = [irfft((spec * g).view(np.complex128), m, axis=-1)[:, pad:pad + n]
           for g in gains[:4 if beat_band else 3]]
    return tuple(out) if beat_band else (*out, None)


@lru_cache(maxsize=16)
def _band_gains(fs_hz: float, m: int) -> tuple[np.ndarray, ...]:
    """The four bands' gains, each already multiplied by the high-pass (and notch) gain, and each
    repeated for the real and imaginary part of its bin: a real multiply of the spectrum's float
    view gives numpy's complex-by-real product (~2x faster than that product)."""
    g_h, g_q, g_s, g_b = _gains(fs_hz, m)
    return tuple(np.repeat(g_h * g, 2) for g in (1.0, g_q, g_s, g_b))


@lru_cache(maxsize=16)
def _gains(fs_hz: float, m: int) -> tuple[np.ndarray, ...]:
    freqs = np.fft.rfftfreq(m, 1.0 / fs_hz)
    out = []
    for kind, cut, order in (_HIGHPASS, _QRS_LOWPASS, _WAVE_LOWPASS, _BEAT_BAND):
        sos = butter(order, cut, btype=kind, fs=fs_hz, output="sos")
        _, h = sosfreqz(sos, worN=freqs, fs=fs_hz)
        out.append(np.abs(h) ** 2)
    notch = np.ones_like(freqs)
    for f0 in _MAINS_HZ:
        if f0 < fs_hz / 2:
            notch *= 1.0 - np.exp(-0.5 * ((freqs - f0) / _NOTCH_SD_HZ) ** 2)
    out[0] = out[0] * notch  # the high-pass gain multiplies every band
    return tuple(out)


def nan_to_num(a: np.ndarray, nan: float = 0.0) -> np.ndarray:
    """``np.nan_to_num(a, nan=nan)`` of an array (a copy, laid out as ``a``), ~2x faster for the
    small (lead, beat) arrays here: numpy's looks up the dtype's limits on every call."""
    a = np.asarray(a)
    if a.dtype.kind != "f":
        return np.nan_to_num(a, nan=nan)
    out = np.array(a, copy=True)
    bad = np.isnan(out)
    if bad.any():
        out[bad] = nan
    return np.nan_to_num(a, nan=nan) if np.isinf(out).any() else out


def gather(sig: np.ndarray, start: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Windows ``sig[l, start[l,b] + k]`` for k < width: values (L, B, W) and clipped indices."""
    n = sig.shape[-1]
    idx = np.clip(start[..., None] + np.arange(width), 0, n - 1)
    return gather_values(sig, start, width), idx


def gather_values(sig: np.ndarray, start: np.ndarray, width: int) -> np.ndarray:
    """The values of :func:`gather` (indices clipped to the record: edge samples repeat).

    Each window is one contiguous slice of a sliding-window view, copied whole, rather than
    W separately indexed samples: ~3x faster, and the same values.
    """
    return _windows(sig, np.asarray(start), width)


def _windows(sig: np.ndarray, start: np.ndarray, width: int) -> np.ndarray:
    """(L, B, W) ``sig[l, start[l, b] + k]`` for starts broadcastable to (L, B); positions off the
    record read the edge sample."""
    n_rows, n = sig.shape
    lo = max(0, -int(start.min(initial=0)))
    hi = max(0, int(start.max(initial=0)) + width - n)
    if lo + hi > 4 * n + width:  # far off the record (never for windows around beats): index
        idx = start[..., None] + np.arange(width)
        return sig[np.arange(n_rows)[:, None, None], np.clip(idx, 0, n - 1)]
    if lo or hi:
        sig = np.concatenate([np.repeat(sig[:, :1], lo, 1), sig, np.repeat(sig[:, -1:], hi, 1)], 1)
    view = _sliding(sig, width)  # (L, N'', W), no copy
    return view[np.arange(n_rows)[:, None], start + lo]


def _sliding(a: np.ndarray, width: int) -> np.ndarray:
    """Read-only (rows, N', W) view of every ``width``-long window along the rows of 2-D ``a``
    (what ``sliding_window_view`` builds, without its ~10 us of argument handling per call)."""
    s0, s1 = a.strides
    shape, strides = (a.shape[0], a.shape[1] - width + 1, width), (s0, s1, s1)
    return np.lib.stride_tricks.as_strided(a, shape=shape, strides=strides, writeable=False)


def span_mask(start: np.ndarray, lo: np.ndarray, hi: np.ndarray, width: int) -> np.ndarray:
    """(L, B, W) True where ``lo <= start + k < hi`` (window positions that are allowed).

    Compared as ``lo - start <= k < hi - start``: no (L, B, W) array of positions is built; with
    ``lo`` the windows' start itself (the usual "inside the span" mask) only the upper bound."""
    k = positions(width)
    below_hi = k < pos_bound(hi - start, width, k.dtype)
    return below_hi if lo is start else (k >= pos_bound(lo - start, width, k.dtype)) & below_hi


def positions(width: int) -> np.ndarray:
    """``np.arange(width)`` as int16 where it fits: compared with int16 bounds (:func:`pos_bound`),
    an (L, B, W) mask costs ~5x less than with int64 ones (numpy's SIMD compares 8x more lanes)."""
    return np.arange(width, dtype=np.int16 if width < _INT16_SPAN else np.int64)


_INT16_SPAN = 2 ** 15 - 2


def pos_bound(b: np.ndarray, width: int, dtype) -> np.ndarray:
    """(..., 1) window positions ``b`` clipped to [-1, width] (the same comparisons with every
    position 0 .. width - 1) in ``dtype``, ready to broadcast against :func:`positions`."""
    return np.minimum(np.maximum(b, -1), width).astype(dtype)[..., None]  # np.clip costs ~2x


def first_true(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of the first True along the last axis, and whether there is one."""
    return mask.argmax(-1), mask.any(-1)


def last_true(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of the last True along the last axis (``w - 1`` where none), and whether there is one.

    The largest ``position + 1`` under the mask, in int16 where that fits: ~2x faster than an
    argmax over the reversed mask (a backwards, non-SIMD scan), the same indices."""
    w = mask.shape[-1]
    if w >= _INT16_SPAN:
        return w - 1 - mask[..., ::-1].argmax(-1), mask.any(-1)
    k1 = (mask * positions(w + 1)[1:]).max(-1) if mask.size else np.zeros(mask.shape[:-1], np.int16)
    has = k1 > 0
    return np.where(has, k1.astype(np.intp) - 1, w - 1), has


def bounds_width(lo: np.ndarray, hi: np.ndarray) -> int:
    return max(int((hi - lo).max(initial=1)), 1)


def mean_between(sig: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Mean of ``sig[l, lo:hi]`` per (lead, beat); NaN where the span is empty."""
    lo = np.clip(lo, 0, sig.shape[-1])
    hi = np.clip(hi, 0, sig.shape[-1])
    w = bounds_width(lo, hi)
    vals = gather_values(sig, lo, w)
    m = span_mask(lo, lo, hi, w)
    cnt = m.sum(-1)
    with np.errstate(invalid="ignore"):
        return np.where(cnt > 0, (vals * m).sum(-1) / np.maximum(cnt, 1), np.nan)


def argmax_between(sig: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """argmax of ``sig[l, lo:hi]`` as a sample index; -1 where the span is empty or lo < 0."""
    ok = (lo >= 0) & (hi > lo)
    lo_c = np.where(ok, lo, 0)
    hi_c = np.where(ok, hi, 1)
    w = bounds_width(lo_c, hi_c)
    vals = gather_values(sig, lo_c, w)
    m = span_mask(lo_c, lo_c, hi_c, w)
    k = np.where(m, vals, -np.inf).argmax(-1)
    return np.where(ok, np.clip(lo_c + k, 0, sig.shape[-1] - 1), MISSING)


def gradient(x: np.ndarray) -> np.ndarray:
    """``np.gradient(x, axis=-1)`` (unit spacing, first-order edges) of a float array, bit for
    bit, written into one array rather than through numpy's temporaries."""
    if x.dtype.kind != "f" or x.shape[-1] < 3:
        return np.gradient(x, axis=-1)
    out = np.empty_like(x)
    if x.flags.c_contiguous and out.flags.c_contiguous:
        # one flat pass (long contiguous loops, not one per window); the values that straddle
        # two rows are overwritten by the edge rule below
        flat, flat_out = x.reshape(-1), out.reshape(-1)
        np.subtract(flat[2:], flat[:-2], out=flat_out[1:-1])
        flat_out[1:-1] *= 0.5  # == / 2.0, bit for bit (scaling by a power of two)
    else:
        np.subtract(x[..., 2:], x[..., :-2], out=out[..., 1:-1])
        out[..., 1:-1] *= 0.5
    np.subtract(x[..., 1], x[..., 0], out=out[..., 0])
    np.subtract(x[..., -1], x[..., -2], out=out[..., -1])
    return out


def iso_fill(iso: np.ndarray, beats: np.ndarray, n: int) -> np.ndarray:
    """Piecewise-constant (L, N) isoelectric level: each beat's level from its half-way points."""
    if beats.size == 0:
        return np.zeros((iso.shape[0], n))
    edges = np.concatenate([[0], (beats[:-1] + beats[1:]) // 2, [n]])
    return np.repeat(nan_to_num(iso), np.diff(edges), axis=1)


def iso_at(iso: np.ndarray, beats: np.ndarray, n: int, cols: np.ndarray) -> np.ndarray:
    """``iso_fill(iso, beats, n)[:, cols]`` without building the (L, N) array."""
    if beats.size == 0:
        return np.zeros((iso.shape[0], cols.size))
    edges = np.concatenate([[0], (beats[:-1] + beats[1:]) // 2, [n]])
    return nan_to_num(iso)[:, np.searchsorted(edges, cols, side="right") - 1]


def argmax_columns(lo: np.ndarray, hi: np.ndarray, n: int) -> np.ndarray:
    """The sorted sample indices that ``argmax_between(sig, lo, hi)`` reads in a record of ``n``
    samples: a signal needed only for that argmax need be computed only there."""
    ok = (lo >= 0) & (hi > lo)
    lo_c, hi_c = np.where(ok, lo, 0), np.where(ok, hi, 1)
    w = bounds_width(lo_c, hi_c)
    idx = np.clip(lo_c[..., None] + np.arange(w), 0, n - 1)
    needed = np.zeros(n, bool)
    needed[idx[span_mask(lo_c, lo_c, hi_c, w)]] = True
    return np.flatnonzero(needed)


def nanmedian(a: np.ndarray, axis, keepdims: bool = False, overwrite: bool = False) -> np.ndarray:
    """``np.nanmedian`` by one sort (NaN sorts last): numpy's own takes a slow masked-array path
    for the short axes here (a dozen beats). NaN where a slice has no finite value.

    Without NaN (the usual case) every slice has the same count: the two middle values are read
    by slicing, and long slices (a lead's samples) are partitioned instead of sorted (3x faster).
    ``overwrite``: ``a`` is a scratch array that may be reordered.
    """
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    if a.size == 0 or any(a.shape[ax] == 0 for ax in axes):
        out = np.full([n for k, n in enumerate(a.shape) if k not in {x % a.ndim for x in axes}], np.nan)
        for ax in sorted(x % a.ndim for x in axes) if keepdims else ():
            out = np.expand_dims(out, ax)
        return out
    axes = tuple(ax % a.ndim for ax in axes)
    keep = [ax for ax in range(a.ndim) if ax not in axes]
    moved = np.transpose(a, keep + list(axes)).reshape([a.shape[k] for k in keep] + [-1])
    private = overwrite or not np.may_share_memory(moved, a)  # a copy: partitioned in place
    if not private and moved.shape[-1] >= _PARTITION_FROM and not moved.flags.c_contiguous:
        # a strided view (a lead of lead-fastest windows): partitions run on contiguous rows
        moved, private = np.ascontiguousarray(moved), True
    finite = np.isfinite(moved)
    if finite.all():
        med = _median_last(moved, overwrite=private)
    elif moved.shape[-1] >= _PARTITION_FROM and moved[..., 0].size <= 64 and not np.isinf(moved).any():
        # a few long slices (a lead's samples) holding NaN, which partitions sort last
        cnt = finite.sum(-1)
        if (cnt == cnt.flat[0]).all() and cnt.flat[0] > 0:  # windows cut by the record's edge: the
            med = _median_last(moved, int(cnt.flat[0]), private)  # same count in every lead, one partition
        else:  # each one's finite values, partitioned
            rows, ok = moved.reshape(-1, moved.shape[-1]), finite.reshape(-1, moved.shape[-1])
            med = np.array([_median_last(r[f], overwrite=True) if f.any() else np.nan  # r[f]: a copy
                            for r, f in zip(rows, ok)])
            med = med.reshape(moved.shape[:-1])
    else:
        if np.shares_memory(moved, a):
            srt = np.sort(moved, axis=-1)
        else:  # moved is already a private copy: sort it in place
            moved.sort(axis=-1)
            srt = moved
        cnt = finite.sum(-1)
        k = srt.shape[-1]
        med = 0.5 * (srt[..., (k - 1) // 2] + srt[..., k // 2])  # slices without NaN
        part = cnt < k  # slices with NaN: the middle of their finite values
        c = cnt[part]
        rows = srt[part]  # (R, k)
        r = np.arange(c.size)
        lo, hi = rows[r, np.maximum((c - 1) // 2, 0)], rows[r, np.maximum(c // 2, 0)]
        med[part] = np.where(c > 0, 0.5 * (lo + hi), np.nan)
    if keepdims:
        for ax in sorted(axes):
            med = np.expand_dims(med, ax)
    return med


_PARTITION_FROM = 64  # shorter slices: one sort is faster than a partition and a max


def beat_nanmedian(seg: np.ndarray, keepdims: bool = False) -> np.ndarray:
    """``nanmedian(seg, axis=1)`` of (L, B, W) beat windows, bit for bit (the same values, laid
    out the same way); ~3x faster for :func:`segments`' layout and a few dozen beats or fewer.

    Why: there each beat's window is one contiguous (W, L) plane, so a sorting network that
    compare-exchanges whole planes (``np.minimum`` / ``np.maximum``, both exact) orders every
    (lead, sample) column at once, where ``np.sort`` pays ~40 ns per dozen-value column. Samples
    off the record (NaN) enter the network as +inf, so each column's finite values come first and
    it takes the middle of those, as :func:`nanmedian` does.
    """
    n_leads, n_beats, width = seg.shape
    if not (lead_fastest(seg) and 3 <= n_beats <= _NETWORK_MAX_BEATS
            and n_leads * width >= _NETWORK_FROM):
        return nanmedian(seg, axis=1, keepdims=keepdims)
    planes = seg.transpose(1, 2, 0).reshape(n_beats, -1)  # (B, W * L), no copy
    finite = np.isfinite(planes)
    if finite.all():
        rows = _compare_exchange(list(planes), _rank_network(n_beats, ((n_beats - 1) // 2, n_beats // 2)))
        med = 0.5 * (rows[(n_beats - 1) // 2] + rows[n_beats // 2])
    elif np.isinf(planes).any():  # an infinite sample would mix with the NaN's +inf
        return nanmedian(seg, axis=1, keepdims=keepdims)
    else:
        cnt = finite.sum(0)
        # a few counts (all beats, or one or two cut): only the ranks their middles need are sorted
        counts = [c for c in np.flatnonzero(np.bincount(cnt, minlength=n_beats + 1)).tolist() if c > 0]
        ranks = tuple(sorted({r for c in counts for r in ((c - 1) // 2, c // 2)}))
        rows = _compare_exchange(list(np.where(finite, planes, np.inf)), _rank_network(n_beats, ranks))
        med = np.full(planes.shape[1], np.nan)
        for c in counts:
            np.copyto(med, 0.5 * (rows[(c - 1) // 2] + rows[c // 2]), where=cnt == c)
    med = med.reshape(width, n_leads).T  # (L, W), laid out as nanmedian lays it out
    return med[:, None] if keepdims else med


_NETWORK_MAX_BEATS = 24  # more beats: the network's comparators cost about what a sort does
_NETWORK_FROM = 2048  # fewer (lead, sample) columns: a sort's per-call cost is the smaller


def lead_fastest(x: np.ndarray) -> bool:
    """(L, B, W) laid out as :func:`segments` lays windows out (or a slice of that): the leads of
    one sample side by side, then the window's samples, then the beats."""
    if x.ndim != 3 or x.shape[0] < 2:
        return False
    s_lead, s_beat, s_w = x.strides
    return s_lead == x.itemsize and s_w == x.shape[0] * x.itemsize and s_beat > s_w


def _compare_exchange(rows: list[np.ndarray], network) -> list[np.ndarray]:
    """Apply comparators (i, j[, min needed, max needed]) to ``rows``; a side not needed later
    (a pruned network's last layers) is not computed. The max overwrites an input the network
    itself made (never one of the caller's rows), once the min has been read from it."""
    own = [False] * len(rows)  # rows[k] is an array made here
    for i, j, *need in network:
        lo_needed, hi_needed = need or (True, True)
        a, b = rows[i], rows[j]
        if lo_needed:
            rows[i] = np.minimum(a, b)
        if hi_needed:
            if own[j] or (own[i] and not lo_needed):
                rows[j] = np.maximum(a, b, out=b if own[j] else a)
            elif own[i]:  # a, now replaced by the min in rows[i], is free
                rows[j] = np.maximum(a, b, out=a)
            else:
                rows[j] = np.maximum(a, b)
        own[i] = own[i] or lo_needed
        own[j] = own[j] or hi_needed
    return rows


@lru_cache(maxsize=64)
def _sorting_network(n: int) -> tuple[tuple[int, int], ...]:
    """Comparators (i, j), i < j, of Batcher's odd-even merge sort for ``n`` inputs: the network
    for the next power of two without the comparators that touch the (+inf) padding."""
    size = 1 << max(n - 1, 0).bit_length()
    pairs = []
    p = 1
    while p < size:
        k = p
        while k >= 1:
            for j in range(k % p, size - k, 2 * k):
                for i in range(min(k, size - j - k)):
                    if (i + j) // (2 * p) == (i + j + k) // (2 * p) and i + j + k < n:
                        pairs.append((i + j, i + j + k))
            k //= 2
        p *= 2
    return tuple(pairs)


def _median_network(n: int) -> tuple[tuple[int, int], ...]:
    """The comparators of :func:`_sorting_network` that its two middle outputs depend on."""
    return tuple((i, j) for i, j, *_ in _rank_network(n, ((n - 1) // 2, n // 2)))


@lru_cache(maxsize=256)
def _rank_network(n: int, ranks: tuple[int, ...]) -> tuple[tuple[int, int, bool, bool], ...]:
    """The comparators (i, j, min read later, max read later) of :func:`_sorting_network` that its
    outputs ``ranks`` depend on: those come out as the full sort puts them (min / max are exact),
    for less work."""
    need, keep = set(ranks), []
    for i, j in reversed(_sorting_network(n)):
        if i in need or j in need:
            keep.append((i, j, i in need, j in need))
            need |= {i, j}
    return tuple(reversed(keep))


def _median_last(v: np.ndarray, k: int | None = None, overwrite: bool = False) -> np.ndarray:
    """Median over the last axis of a NaN-free array: the same value as ``np.median``; with ``k``,
    of the ``k`` finite values of slices whose other values are NaN (sorted last). ``overwrite``:
    ``v`` is a scratch copy, partitioned in place (no copy of a lead's samples)."""
    k = v.shape[-1] if k is None else k
    lo, hi = (k - 1) // 2, k // 2
    if k < _PARTITION_FROM:
        srt = np.sort(v, axis=-1)
        return 0.5 * (srt[..., lo] + srt[..., hi])
    if overwrite and v.flags.c_contiguous:
        v.partition(hi, axis=-1)  # one pivot: numpy's SIMD selection
        part = v
    else:
        part = np.partition(v, hi, axis=-1)
    upper = part[..., hi]
    lower = upper if lo == hi else part[..., :hi].max(-1)
    return 0.5 * (lower + upper)


def median(a: np.ndarray, axis: int, keepdims: bool = False, overwrite: bool = False) -> np.ndarray:
    """``np.median`` of a float array along one axis, bit for bit (same dtype), ~4x faster for
    long axes (numpy selects two pivots, which loses its SIMD path); NaN input goes to numpy's own.
    ``overwrite``: ``a`` is a scratch array that may be reordered (no copy of it is made)."""
    a = np.asarray(a)
    if a.dtype.kind != "f":
        a = a.astype(np.float64)
    if not np.isfinite(a).all():
        return np.median(a, axis=axis, keepdims=keepdims)
    if axis == 1 and lead_fastest(a):  # over the beats of segments' windows: by the network
        return beat_nanmedian(a, keepdims=keepdims)
    med = _median_last(np.moveaxis(a, axis, -1), overwrite=overwrite)
    return np.expand_dims(med, axis) if keepdims else med


def percentile(a: np.ndarray, q: float, axis: int, keepdims: bool = False) -> np.ndarray:
    """``np.percentile(a, q, axis)`` (linear method) of a float array, bit for bit, from two
    one-pivot partitions instead of numpy's four-pivot one; NaN input goes to numpy's own."""
    a = np.asarray(a)
    n = a.shape[axis]
    if a.dtype.kind != "f" or n < 2 or not np.isfinite(a).all():
        return np.percentile(a, q, axis=axis, keepdims=keepdims)
    virtual = (n - 1) * np.true_divide(q, 100)  # numpy's virtual index and weight
    prev = int(np.floor(virtual))
    if prev >= n - 1 or prev < 0:
        return np.percentile(a, q, axis=axis, keepdims=keepdims)
    gamma = float(virtual - prev)
    if prev + 1 > n // 2:  # a high percentile: the pivot at prev, the next value above it
        part = np.partition(np.moveaxis(a, axis, -1), prev, axis=-1)
        lo, hi = part[..., prev], part[..., prev + 1:].min(-1)
    else:
        part = np.partition(np.moveaxis(a, axis, -1), prev + 1, axis=-1)
        lo, hi = part[..., :prev + 1].max(-1), part[..., prev + 1]
    diff = hi - lo
    out = hi - diff * (1 - gamma) if gamma >= 0.5 else lo + diff * gamma
    return np.expand_dims(out, axis) if keepdims else out


def nanpercentile_rows(a: np.ndarray, qs: tuple[float, ...]) -> np.ndarray:
    """``np.nanpercentile(a, qs, axis=1)`` (linear method) of a 2-D float array whose rows each hold
    at least one finite value, bit for bit: (len(qs), rows). Why: numpy runs one Python-level
    quantile per row there (``apply_along_axis``, ~0.1 ms a row); here one sort serves all rows.
    """
    srt = np.sort(a, axis=1)  # NaN last: each row's finite values first, in order
    cnt = np.isfinite(a).sum(1)
    rows = np.arange(a.shape[0])
    out = []
    for q in qs:
        virtual = (cnt - 1) * np.true_divide(q, 100)  # numpy's virtual index, its floor and weight
        prev = np.floor(virtual).astype(np.intp)
        gamma = virtual - prev
        lo = srt[rows, prev]
        hi = srt[rows, np.minimum(prev + 1, cnt - 1)]
        diff = hi - lo  # numpy's _lerp: from the nearer end
        out.append(np.where(gamma >= 0.5, hi - diff * (1 - gamma), lo + diff * gamma))
    return np.array(out)


def segments(x: np.ndarray, start: np.ndarray, width: int) -> np.ndarray:
    """x[l, start[b] + k] as (L, B, W) float, NaN where off the record.

    The array is laid out lead-fastest in memory (a (B, W, L) block, transposed), as numpy's
    ``x[:, idx]`` lays it out: sums over W then run in the same order, to the last bit.
    """
    n = x.shape[1]
    dtype = x.dtype if x.dtype.kind == "f" else np.float64
    out = np.empty((np.size(start), width, x.shape[0]), dtype)  # one beat's (W, L) block at a time:
    for b, s in enumerate(np.asarray(start).ravel().tolist()):  # no transposed copy of the record
        lo, hi = max(s, 0), min(s + width, n)
        if lo > s or hi < s + width:
            out[b] = np.nan
        if hi > lo:
            out[b, lo - s:hi - s] = x[:, lo:hi].T
    return out.transpose(2, 0, 1)


@contextmanager
def quiet():
    """nanmedian over an all-NaN row is expected here (a lead without any P)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        yield
