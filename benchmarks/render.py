"""Rendering speed: pages per second per core, ours vs a straightforward matplotlib baseline.

Both draw the same real PTB-XL records (../shared/data, 500 Hz) as a 3x4 + lead-II rhythm page,
letter landscape at 200 DPI, 25 mm/s, 10 mm/mV, red 1 mm / 5 mm grid, calibration pulses and lead
labels, and encode a PNG in memory. The baseline is what one writes with matplotlib: one figure per
page, every grid line an ``axvline``/``axhline``, one ``plot`` per cell, ``savefig`` to PNG.
Runs are interleaved record by record in one process; we report medians of per-page CPU time
(``time.process_time``: one process, one thread, so this is "per core" even on a busy machine) and
wall time. ecg-image-kit's README reports 0.72 s per plain page (Apple M2), not measured here.

    .venv/bin/python benchmarks/render.py [--records 20] [--repeats 3]
"""
from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import io  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from gem_data.render import RenderConfig, encode_png, render_page  # noqa: E402
from gem_data.render.config import AUGMENTATIONS  # noqa: E402
from gem_data.render.layouts import LAYOUTS  # noqa: E402
from gem_data.signals import STANDARD_LEADS, read_record  # noqa: E402

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
ECG_IMAGE_KIT_S = 0.72  # README of ecg-image-kit, plain page, Apple M2 (SPEC §5)


def matplotlib_page(signal_mv: np.ndarray) -> bytes:
    """The straightforward baseline: a letter figure in mm coordinates, grid as lines, PNG out."""
    fig = plt.figure(figsize=(11, 8.5), dpi=200)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_xlim(0, 279.4)
    ax.set_ylim(215.9, 0)
    ax.axis("off")
    x0, y0, w, h = 7.0, 15.0, 265.0, 190.0
    for mm in range(int(w) + 1):
        major = mm % 5 == 0
        ax.axvline(x0 + mm, ymin=1 - (y0 + h) / 215.9, ymax=1 - y0 / 215.9,
                   color="red" if major else "#fccdcd", lw=0.72 if major else 0.3, zorder=1 if major else 0)
    for mm in range(int(h) + 1):
        major = mm % 5 == 0
        ax.axhline(y0 + mm, xmin=x0 / 279.4, xmax=(x0 + w) / 279.4,
                   color="red" if major else "#fccdcd", lw=0.72 if major else 0.3, zorder=1 if major else 0)
    t_mm = np.arange(5000) / 500 * 25.0
    for r, leads in enumerate(LAYOUTS["3x4"]):
        base = round(y0 + (r + 0.6) * h / 4)
        ax.plot([x0 + 1, x0 + 2.5, x0 + 2.5, x0 + 7.5, x0 + 7.5, x0 + 10], [base, base, base - 10, base - 10,
                base, base], color="black", lw=0.85, zorder=2)
        n = 5000 // len(leads)
        for c, lead in enumerate(leads):
            sl = slice(c * n, (c + 1) * n)
            ax.plot(x0 + 10 + t_mm[sl], base - 10 * signal_mv[STANDARD_LEADS.index(lead), sl], color="black",
                    lw=0.85, zorder=2)
            ax.text(x0 + 11 + t_mm[c * n], base - 3, lead, fontsize=11, zorder=3)
    ax.text(x0, 212, "25 mm/s   10 mm/mV", fontsize=9)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=200)
    plt.close(fig)
    return buf.getvalue()


def ours_page(signal_mv: np.ndarray, config: RenderConfig) -> bytes:
    return encode_png(render_page(signal_mv, config, seed=1), config, seed=1)


def _timed(fn, *args) -> tuple[float, float]:
    c, w = time.process_time(), time.perf_counter()
    fn(*args)
    return time.process_time() - c, time.perf_counter() - w


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3, help="ours is timed this many times per record")
    args = parser.parse_args()
    paths = sorted((SHARED / "ptbxl" / "records500").glob("*/*.hea"))[:args.records]
    signals = [read_record(p.with_suffix("")).signal for p in paths]
    plain = RenderConfig()  # 3x4, 200 DPI, letter, red
    full = RenderConfig(augment=AUGMENTATIONS)
    ours_page(signals[0], plain)  # warm-up: builds the cached grid raster once per config
    matplotlib_page(signals[0])
    ours_cpu, ours_wall, mpl_cpu, mpl_wall, aug_cpu = [], [], [], [], []
    for sig in signals:
        for _ in range(args.repeats):
            c, w = _timed(ours_page, sig, plain)
            ours_cpu.append(c)
            ours_wall.append(w)
        c, w = _timed(matplotlib_page, sig)
        mpl_cpu.append(c)
        mpl_wall.append(w)
    for sig in signals[:5]:
        aug_cpu.append(_timed(ours_page, sig, full)[0])
    ours_s, mpl_s = statistics.median(ours_cpu), statistics.median(mpl_cpu)
    print(f"records: {len(signals)} real PTB-XL (500 Hz), page: 3x4 + rhythm, letter, 200 DPI, PNG in memory")
    print(f"ours        median {ours_s * 1000:7.1f} ms CPU/page  ({statistics.median(ours_wall) * 1000:.1f} ms wall)"
          f"  n={len(ours_cpu)}")
    print(f"matplotlib  median {mpl_s * 1000:7.1f} ms CPU/page  ({statistics.median(mpl_wall) * 1000:.1f} ms wall)"
          f"  n={len(mpl_cpu)}")
    print(f"ours, all 6 augmentations: median {statistics.median(aug_cpu) * 1000:.1f} ms CPU/page (n={len(aug_cpu)}; "
          f"ecg-image-kit README: 7.75 s)")
    print(f"vs ecg-image-kit's published {ECG_IMAGE_KIT_S} s/plain page: {ECG_IMAGE_KIT_S / ours_s:.0f}x "
          f"(different machine, not measured here)")
    print(f"render_speed: {1 / ours_s:.1f} pages/s/core ({mpl_s / ours_s:.1f}x matplotlib)")


if __name__ == "__main__":
    main()
