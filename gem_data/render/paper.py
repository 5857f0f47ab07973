"""Page geometry in physical units: where the grid, each cell, baseline and calibration pulse fall.

Everything is laid out in millimetres from the page's top-left corner and converted to pixels
once, with ``px = mm * dpi / 25.4`` (pixel centres at integer coordinates). The grid origin sits on
whole millimetres, rows' baselines on whole millimetres (so they fall on a minor grid line), and the
trace area starts on a major line, as on a cart printout. Tests read positions from here instead of
guessing them from the image.

Vertical scale: ``y_px = baseline_y - amp_mv * gain_mm_mv * px_per_mm``.
Horizontal scale: sample ``i`` of a cell lies at ``x0 + (i - start_idx) * speed_mm_s / fs * px_per_mm``.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from gem_data.render.config import PAPERS_MM, RenderConfig
from gem_data.render.layouts import layout_rows
from gem_data.signals import FS_HZ, N_SAMPLES

MINOR_MM = 1.0
MAJOR_MM = 5.0
HEADER_MM = 15.0  # white band above the grid for the optional printed header
FOOTER_MM = 9.0  # white band below the grid for "25 mm/s 10 mm/mV"
SIDE_MM = 5.0  # least white margin left and right
CAL_PULSE_S = 0.2  # calibration pulse: 1 mV high, 0.2 s wide (SPEC §5)
CAL_PULSE_MV = 1.0
LABEL_MM = 4.0  # lead label em size
BASELINE_AT = 0.6  # baseline at 60 % of the row height: QRS complexes point mostly upward


@dataclass(frozen=True)
class Cell:
    """One lead's slice of the page. Pixel boxes are (x0, y0, x1, y1), x1/y1 exclusive."""

    lead: str
    row: int
    col: int
    start_idx: int  # first sample (500 Hz) shown
    stop_idx: int  # one past the last sample shown
    box: tuple[int, int, int, int]
    x0: float  # x pixel of sample start_idx
    baseline_y: float  # y pixel of 0 mV
    label_xy: tuple[int, int]  # top-left of the lead label text


@dataclass(frozen=True)
class CalPulse:
    row: int
    x_rise: float
    x_fall: float
    x_start: float
    x_stop: float
    baseline_y: float
    top_y: float


@dataclass(frozen=True)
class PageGeometry:
    """Pixel positions of everything that does not depend on the record."""

    width: int
    height: int
    px_per_mm: float
    px_per_s: float
    px_per_mv: float
    grid_box: tuple[int, int, int, int]  # x0, y0, x1, y1 (exclusive) of the gridded area
    grid_x: np.ndarray  # (n,) int pixel columns of vertical grid lines, left to right
    grid_x_major: np.ndarray  # (n,) bool, True where that line is a major (5 mm) line
    grid_y: np.ndarray
    grid_y_major: np.ndarray
    cells: tuple[Cell, ...]
    cal_pulses: tuple[CalPulse, ...]
    separators: tuple[tuple[int, int, int], ...]  # (x, y_top, y_bottom) column switch marks
    shown_s: float  # seconds of signal per row
    line_px: int  # trace and pulse line width
    minor_px: int
    major_px: int
    label_px: int  # label font size
    text_px: int  # header/footer font size
    footer_xy: tuple[int, int]
    header_xy: tuple[int, int]

    def cell(self, lead: str, row: int | None = None) -> Cell:
        """The first cell showing ``lead`` (optionally in a given row)."""
        for c in self.cells:
            if c.lead == lead and (row is None or c.row == row):
                return c
        raise KeyError(lead)

    def sample_xy(self, cell: Cell, idx: int | np.ndarray, amp_mv: float | np.ndarray):
        """Float pixel position of sample ``idx`` with value ``amp_mv`` inside ``cell``."""
        x = cell.x0 + (np.asarray(idx) - cell.start_idx) * self.px_per_s / FS_HZ
        return x, self.sample_y(cell, amp_mv)

    def sample_y(self, cell: Cell, amp_mv: float | np.ndarray):
        """Float pixel row of the value ``amp_mv`` inside ``cell`` (the y of :meth:`sample_xy`)."""
        return cell.baseline_y - np.asarray(amp_mv) * self.px_per_mv


@functools.lru_cache(maxsize=16)
def page_geometry(config: RenderConfig) -> PageGeometry:
    """Lay out the page for a config; raises ValueError if the layout cannot fit on the paper.

    Cached (configs are frozen values): every page of a batch has the same layout, and laying it
    out took ~0.2 ms per page. Callers share the result and must not change its arrays."""
    pxmm = config.px_per_mm
    page_w_mm, page_h_mm = PAPERS_MM[config.paper]
    width, height = round(page_w_mm * pxmm), round(page_h_mm * pxmm)
    grid_w_mm = math.floor((page_w_mm - 2 * SIDE_MM) / MAJOR_MM) * MAJOR_MM
    grid_h_mm = math.floor((page_h_mm - HEADER_MM - FOOTER_MM) / MAJOR_MM) * MAJOR_MM
    gx0_mm = math.floor((page_w_mm - grid_w_mm) / 2)
    gy0_mm = HEADER_MM

    cal_w_mm = math.ceil((CAL_PULSE_S * config.speed_mm_s + 5.0) / MAJOR_MM) * MAJOR_MM
    trace_x0_mm = gx0_mm + cal_w_mm
    avail_s = (grid_w_mm - cal_w_mm) / config.speed_mm_s
    rows = layout_rows(config.layout)
    n_cols = max(len(r) for r in rows)
    # Whole 50 ms per column, so every column starts on a sample and columns tile the window.
    col_n = min(N_SAMPLES // n_cols, int(avail_s * FS_HZ / n_cols) // 25 * 25)
    if col_n <= 0:
        raise ValueError(f"layout {config.layout} does not fit on {config.paper} paper at "
                         f"{config.speed_mm_s:g} mm/s")
    shown_n = col_n * n_cols
    row_h_mm = grid_h_mm / len(rows)
    px_per_s = config.speed_mm_s * pxmm

    cells, pulses, seps = [], [], []
    line_px = max(1, round(0.3 * pxmm))
    for r, leads in enumerate(rows):
        top_mm = gy0_mm + r * row_h_mm
        base_mm = float(round(top_mm + BASELINE_AT * row_h_mm))
        base_y = base_mm * pxmm
        n_row = shown_n // len(leads)
        for c, lead in enumerate(leads):
            start = c * n_row
            x0_mm = trace_x0_mm + start / FS_HZ * config.speed_mm_s
            x1_mm = trace_x0_mm + (start + n_row) / FS_HZ * config.speed_mm_s
            box = (round(x0_mm * pxmm), round(top_mm * pxmm), round(x1_mm * pxmm),
                   round((top_mm + row_h_mm) * pxmm))
            label = (round((x0_mm + 1.0) * pxmm), round((base_mm - 3.0 - LABEL_MM) * pxmm))
            cells.append(Cell(lead, r, c, start, start + n_row, box, x0_mm * pxmm, base_y, label))
            if c > 0:
                seps.append((round(x0_mm * pxmm), round((base_mm - 2.5) * pxmm),
                             round((base_mm + 2.5) * pxmm)))
        pulse_w_mm = CAL_PULSE_S * config.speed_mm_s
        rise_mm = gx0_mm + (cal_w_mm - pulse_w_mm) / 2
        pulses.append(CalPulse(
            row=r, x_rise=rise_mm * pxmm, x_fall=(rise_mm + pulse_w_mm) * pxmm,
            x_start=(gx0_mm + 1.0) * pxmm, x_stop=trace_x0_mm * pxmm, baseline_y=base_y,
            top_y=(base_mm - CAL_PULSE_MV * config.gain_mm_mv) * pxmm,
        ))

    gx_mm = gx0_mm + np.arange(int(grid_w_mm / MINOR_MM) + 1) * MINOR_MM
    gy_mm = gy0_mm + np.arange(int(grid_h_mm / MINOR_MM) + 1) * MINOR_MM
    steps = round(MAJOR_MM / MINOR_MM)
    grid_box = (round(gx0_mm * pxmm), round(gy0_mm * pxmm), round((gx0_mm + grid_w_mm) * pxmm) + 1,
                round((gy0_mm + grid_h_mm) * pxmm) + 1)
    return PageGeometry(
        width=width, height=height, px_per_mm=pxmm, px_per_s=px_per_s,
        px_per_mv=config.gain_mm_mv * pxmm, grid_box=grid_box,
        grid_x=np.round(gx_mm * pxmm).astype(np.int64), grid_x_major=np.arange(gx_mm.size) % steps == 0,
        grid_y=np.round(gy_mm * pxmm).astype(np.int64), grid_y_major=np.arange(gy_mm.size) % steps == 0,
        cells=tuple(cells), cal_pulses=tuple(pulses), separators=tuple(seps),
        shown_s=shown_n / FS_HZ, line_px=line_px,
        minor_px=max(1, round(0.08 * pxmm)), major_px=max(1, round(0.2 * pxmm)),
        label_px=max(6, round(LABEL_MM * pxmm)), text_px=max(6, round(3.2 * pxmm)),
        footer_xy=(grid_box[0], round((gy0_mm + grid_h_mm + 2.0) * pxmm)),
        header_xy=(grid_box[0], round(2.0 * pxmm)),
    )
