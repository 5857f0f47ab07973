"""The speed paths of the template denoiser give numpy's own values, bit for bit, on real ECG
windows (the FeatureDB must not change when it gets faster)."""
from __future__ import annotations

import numpy as np
import pytest

from gem_data.features import template
from gem_data.features.windows import (
    _median_last,
    _median_network,
    _sorting_network,
    beat_nanmedian,
    filter_bank,
    lead_fastest,
    median,
    nanmedian,
    segments,
)
from gem_data.signals import read_record


@pytest.fixture(scope="module")
def windows(shared_data):
    """(L, B, W) beat windows of a real LUDB record, the first and last cut by the record's edge
    (NaN there), in the lead-fastest layout that ``segments`` gives."""
    x = read_record(shared_data / "ludb" / "data" / "1").signal.astype(np.float64)
    xh, _, xs, _ = filter_bank(x, 500)
    start = np.arange(-150, x.shape[1], 430)
    return segments(xh, start, 550), segments(xs, start, 550)


@pytest.mark.parametrize("n", range(1, 21))
def test_sorting_network_sorts_every_binary_input(n):
    # 0-1 principle: a comparator network that sorts every 0/1 input sorts every input
    rows = list(((np.arange(2 ** min(n, 16))[None] >> np.arange(n)[:, None]) & 1).astype(np.int8))
    if n > 16:
        rows = list((np.random.default_rng(n).random((n, 1 << 16)) < 0.5).astype(np.int8))
    for i, j in _sorting_network(n):
        rows[i], rows[j] = np.minimum(rows[i], rows[j]), np.maximum(rows[i], rows[j])
    assert all((rows[k] <= rows[k + 1]).all() for k in range(n - 1))
    assert set(_median_network(n)) <= set(_sorting_network(n))


def test_beat_median_is_nanmedian_bit_for_bit(windows):
    for seg in windows:
        assert lead_fastest(seg) and np.isnan(seg[:, 0]).any() and np.isnan(seg[:, -1]).any()
        for part in (seg, seg[:, 1:-1], seg[:, [0, 2, 3, 5, 7]]):  # with NaN, finite, a subset
            fast, ref = beat_nanmedian(part), nanmedian(part, axis=1)
            assert fast.shape == ref.shape and fast.strides == ref.strides
            assert fast.tobytes() == ref.tobytes()
            assert beat_nanmedian(part, keepdims=True).tobytes() == ref.tobytes()
    inner = windows[0][:, 1:-1]  # finite: windows.median, which facts' templates use, goes the same way
    fast, ref = median(inner, axis=1), _median_last(np.moveaxis(inner, 1, -1))  # ref: by np.sort
    assert fast.strides == ref.strides and fast.tobytes() == ref.tobytes()
    assert np.array_equal(ref, np.median(inner, axis=1))


def test_template_correlation_and_line_fit_keep_numpys_sums(windows):
    seg = windows[0][:, 1:-1]  # finite
    a, b = seg[:, :, 100:300], nanmedian(seg, axis=1)[:, None, 100:300]
    # what _corr computed before its window-major path: numpy's reductions on the same arrays
    ac, bc = a - a.mean(-1, keepdims=True), b - b.mean(-1, keepdims=True)
    ref = (ac * bc).sum(-1) / (np.sqrt((ac * ac).sum(-1) * (bc * bc).sum(-1)) + 1e-12)
    assert template._corr(a, b).tobytes() == ref.tobytes()
    r = windows[1] - nanmedian(windows[1], axis=1, keepdims=True)  # NaN in the edge beats
    rr, k = np.where(np.isfinite(r), r, 0.0), np.arange(r.shape[-1], dtype=float)
    a_fit, b_fit = template._line_fit(r)
    # the finite windows' line from numpy's sums on the zero-filled array
    n, sk, skk = r.shape[-1], k.sum(), (k * k).sum()
    sr, skr = rr.sum(-1), (rr * k).sum(-1)
    b_ref = (n * skr - sk * sr) / (n * skk - sk * sk)
    inner = np.isfinite(r).all(-1)
    assert b_fit[inner].tobytes() == b_ref[inner].tobytes()
    assert a_fit[inner].tobytes() == ((sr - b_ref * sk) / n)[inner].tobytes()
