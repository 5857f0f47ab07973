"""Physical correctness of rendered pages, checked on the pixels of real PTB-XL records.

Positions come from ``page_geometry`` (what the renderer intends) and are compared with what the
image actually holds (palette indices read back from the PNG) and with the physical formulas
(px = mm * dpi / 25.4): a renderer that drew the wrong scale consistently would still fail.
"""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from gem_data.render import RenderConfig, RenderConfigError, RenderError, encode_png, page_geometry, render_page
from gem_data.render.draw import INK, MAJOR, MARK, MINOR
from gem_data.signals import STANDARD_LEADS, read_record


@pytest.fixture(scope="module")
def record(shared_data):
    return read_record(shared_data / "ptbxl" / "records500" / "00000" / "00005_hr")


def _pixels(signal_mv, config, **kw) -> np.ndarray:
    """Render, encode to PNG, decode: the palette indices a reader of our files would see."""
    png = encode_png(render_page(signal_mv, config, **kw), config)
    image = Image.open(io.BytesIO(png))
    assert image.mode == "P"
    return np.asarray(image)


def _line_starts(fraction: np.ndarray, threshold: float) -> np.ndarray:
    on = fraction > threshold
    return np.flatnonzero(on & ~np.concatenate(([False], on[:-1])))


@pytest.mark.parametrize("dpi", [100, 200, 300])
def test_major_and_minor_grid_pitch_is_5mm_and_1mm_in_pixels(record, dpi):
    """Grid pitch decides every amplitude and interval a reader measures off the page."""
    config = RenderConfig(dpi=dpi)
    geo = page_geometry(config)
    # +1000 mV lifts every trace off the page (clipped to its top row, outside the grid), so
    # baselines lying on grid lines do not hide them; the signal still varies, so nothing is "flat"
    px = _pixels(record.signal + 1000.0, config)
    x0, y0, x1, y1 = geo.grid_box
    grid = px[y0:y1, x0:x1]
    for axis, n_major in ((0, geo.grid_x_major.sum()), (1, geo.grid_y_major.sum())):
        major = _line_starts((grid == MAJOR).mean(axis=axis), 0.8)
        assert len(major) == n_major
        assert np.all(np.abs(np.diff(major) - dpi * 5 / 25.4) <= 1), np.diff(major)
        minor = _line_starts((grid == MINOR).mean(axis=axis), 0.5)
        # 4 minor lines between consecutive majors
        assert len(minor) == 4 * (n_major - 1)
        gaps = np.diff(np.sort(np.concatenate([major, minor])))
        assert np.all(np.abs(gaps - dpi * 1 / 25.4) <= 1), gaps


@pytest.mark.parametrize("gain_mm_mv,speed_mm_s", [(10, 25), (20, 25), (5, 50)])
def test_calibration_pulse_is_1mv_high_and_200ms_wide(record, gain_mm_mv, speed_mm_s):
    """The pulse is how a reader (human or model) knows the gain: 10 mm at 10 mm/mV."""
    config = RenderConfig(gain_mm_mv=gain_mm_mv, speed_mm_s=speed_mm_s)
    geo = page_geometry(config)
    ink = _pixels(record.signal, config) == INK
    pxmm = 200 / 25.4
    for pulse in geo.cal_pulses:
        x_start, x_rise, x_fall = round(pulse.x_start), round(pulse.x_rise), round(pulse.x_fall)
        band = slice(round(pulse.baseline_y - (gain_mm_mv + 3) * pxmm), round(pulse.baseline_y + 3 * pxmm))
        rows = np.flatnonzero(ink[band, x_rise + 3:x_fall - 3].any(axis=1)) + band.start
        base_rows = np.flatnonzero(ink[band, x_start + 1:x_rise - 3].all(axis=1)) + band.start
        assert abs((base_rows.min() - rows.min()) - gain_mm_mv * pxmm) <= 1
        cols = np.flatnonzero(ink[round(pulse.top_y), x_start:round(pulse.x_stop)]) + x_start
        assert abs((cols.max() - cols.min() - geo.line_px + 1) - 0.2 * speed_mm_s * pxmm) <= 1


@pytest.mark.parametrize("layout", ["3x4", "12x1", "6x2"])
def test_peaks_land_at_their_millivolt_height_above_the_row_baseline(record, layout):
    """A known sample's pixel row, relative to its row's baseline, must equal amp_mv * gain."""
    config = RenderConfig(layout=layout)
    geo = page_geometry(config)
    assert geo.px_per_mv == pytest.approx(10 * 200 / 25.4)
    checked = 0
    skip = 200  # the first 0.4 s of a cell sit under its label
    for cell in geo.cells:
        # one lead at a time (others lifted off the page), so no neighbour crosses the column we read
        lone = np.full_like(record.signal, 1000.0)
        lone[STANDARD_LEADS.index(cell.lead)] = record.signal[STANDARD_LEADS.index(cell.lead)]
        ink = _pixels(lone, config) == INK
        seg = record.signal[STANDARD_LEADS.index(cell.lead), cell.start_idx:cell.stop_idx]
        for idx, sign in ((skip + int(np.argmax(seg[skip:])), -1), (skip + int(np.argmin(seg[skip:])), 1)):
            amp = float(seg[idx])
            x, y = geo.sample_xy(cell, cell.start_idx + idx, amp)
            col = int(np.floor(x + 0.5))
            window = slice(int(y) - 25, int(y) + 25)
            rows = np.flatnonzero(ink[window, col]) + window.start
            # topmost ink row for a maximum, bottommost (minus the line's lower half) for a minimum
            edge = rows.min() if sign < 0 else rows.max() - geo.line_px // 2
            amp_read = (cell.baseline_y - edge) / (10 * 200 / 25.4)
            assert abs(edge - y) <= 1, (cell.lead, idx)
            assert abs(amp_read - amp) * geo.px_per_mv <= 1
            checked += 1
    assert checked == 2 * len(geo.cells)


@pytest.mark.parametrize("layout,dpi", [("3x4", 200), ("12x1", 100), ("6x2", 300)])
def test_every_drawn_sample_lies_on_the_trace(record, layout, dpi):
    """Not just the peaks: the pixel at (round x, round y) of every shown sample is ink."""
    config = RenderConfig(layout=layout, dpi=dpi)
    geo = page_geometry(config)
    ink = _pixels(record.signal, config) == INK
    for cell in geo.cells:
        idx = np.arange(cell.start_idx, cell.stop_idx)
        x, y = geo.sample_xy(cell, idx, record.signal[STANDARD_LEADS.index(cell.lead), idx])
        row, col = np.floor(y + 0.5).astype(int), np.floor(x + 0.5).astype(int)
        inside = (row >= 0) & (row < geo.height)
        assert ink[row[inside], col[inside]].all(), cell.lead


def test_time_axis_is_25mm_per_second(record):
    """One second of rhythm strip spans 25 mm: 196.85 px at 200 DPI."""
    geo = page_geometry(RenderConfig())
    strip = geo.cells[-1]
    x0, _ = geo.sample_xy(strip, 0, 0.0)
    x1, _ = geo.sample_xy(strip, 500, 0.0)
    assert x1 - x0 == pytest.approx(25 * 200 / 25.4)
    assert strip.lead == "II" and (strip.start_idx, strip.stop_idx) == (0, 5000)


def _label_mask(text: str, size_px: int, shape: tuple[int, int]) -> np.ndarray:
    image = Image.new("P", (shape[1], shape[0]), 0)
    ImageDraw.Draw(image).text((0, 0), text, fill=1, font=ImageFont.load_default(size=size_px))
    return np.asarray(image) == 1


@pytest.mark.parametrize("layout", ["3x4", "12x1", "6x2"])
def test_each_cell_shows_its_own_lead_label(layout):
    """Labels read from the pixels: each cell's label region matches its lead's text exactly
    and no other lead's text (a zero signal keeps traces off the labels)."""
    config = RenderConfig(layout=layout)
    geo = page_geometry(config)
    ink = _pixels(np.zeros((12, 5000), np.float32), config) == INK
    shape = (geo.label_px * 3 // 2, geo.label_px * 3)
    masks = {lead: _label_mask(lead, geo.label_px, shape) for lead in STANDARD_LEADS}
    for cell in geo.cells:
        x, y = cell.label_xy
        crop = ink[y:y + shape[0], x:x + shape[1]]
        # the "[flat]" marker text is drawn in MARK, not INK, so only the label is ink here
        assert np.array_equal(crop, masks[cell.lead]), cell
        others = [lead for lead in STANDARD_LEADS if np.array_equal(crop, masks[lead])]
        assert others == [cell.lead]


def test_layouts_put_leads_in_the_standard_cells():
    rows = {
        layout: [[c.lead for c in page_geometry(RenderConfig(layout=layout)).cells if c.row == r]
                 for r in range(12)]
        for layout in ("3x4", "12x1", "6x2")
    }
    assert rows["3x4"][:4] == [["I", "aVR", "V1", "V4"], ["II", "aVL", "V2", "V5"],
                               ["III", "aVF", "V3", "V6"], ["II"]]
    assert [r[0] for r in rows["12x1"]] == list(STANDARD_LEADS)
    assert rows["6x2"][0] == ["I", "V1"] and rows["6x2"][5] == ["aVF", "V6"]
    cells = page_geometry(RenderConfig()).cells
    # columns are consecutive 2.5 s slices, stacked cells show the same instant
    assert [(c.start_idx, c.stop_idx) for c in cells if c.row == 1] == [(0, 1250), (1250, 2500), (2500, 3750),
                                                                       (3750, 5000)]
    assert all(c.x0 == pytest.approx(d.x0) for c in cells for d in cells if c.col == d.col and c.row < 3 > d.row)


def test_page_size_follows_paper_and_dpi():
    assert (page_geometry(RenderConfig()).width, page_geometry(RenderConfig()).height) == (2200, 1700)
    a4 = page_geometry(RenderConfig(paper="a4", dpi=300))
    assert (a4.width, a4.height) == (round(297 / 25.4 * 300), round(210 / 25.4 * 300))


def test_50mm_per_second_shows_half_the_window():
    geo = page_geometry(RenderConfig(speed_mm_s=50))
    assert geo.shown_s == 5.0 and geo.px_per_s == pytest.approx(50 * 200 / 25.4)


def test_same_record_and_config_give_identical_bytes(record):
    """Reproducibility: a training set can be re-rendered bit for bit from the index."""
    for config in (RenderConfig(), RenderConfig(layout="12x1", augment=("crease", "rotate", "crop", "color",
                                                                         "blur", "noise"), dpi=80)):
        a = encode_png(render_page(record.signal, config, seed=7), config, seed=7)
        b = encode_png(render_page(record.signal.copy(), config, seed=7), config, seed=7)
        assert a == b


def test_png_carries_the_exact_render_config(record):
    config = RenderConfig(layout="6x2", colors="blue", augment=("noise",), seed=3, dpi=100)
    image = Image.open(io.BytesIO(encode_png(render_page(record.signal, config, seed=11), config,
                                             record_id="ptb-xl/5", seed=11)))
    assert RenderConfig.from_dict(__import__("json").loads(image.text["gem:render_config"])) == config
    assert image.text["gem:config_hash"] == config.config_hash()
    assert (image.text["gem:seed"], image.text["gem:record_id"]) == ("11", "ptb-xl/5")


@pytest.mark.parametrize("lead", ["V3", "aVL"])
def test_flat_lead_is_drawn_and_visibly_marked_only_in_its_cells(record, lead):
    signal = record.signal.copy()
    signal[STANDARD_LEADS.index(lead)] = 0.05  # a dead electrode: constant offset
    config = RenderConfig()
    geo = page_geometry(config)
    mark = _pixels(signal, config) == MARK
    for cell in geo.cells:
        x0, y0, x1, y1 = cell.box
        n = mark[y0:y1, x0:x1].sum()
        assert (n > 1000) == (cell.lead == lead), (cell.lead, n)
    assert mark.sum() == sum(mark[c.box[1]:c.box[3], c.box[0]:c.box[2]].sum() for c in geo.cells if c.lead == lead)


def test_quarantined_and_missing_leads_render_marked_without_crashing(record):
    signal = record.signal.copy()
    signal[STANDARD_LEADS.index("V5"), 1000:3000] = np.nan
    config = RenderConfig(layout="12x1", dpi=100)
    mark = _pixels(signal, config, marks={"III": "quarantined"}) == MARK
    geo = page_geometry(config)
    for lead in ("III", "V5"):
        x0, y0, x1, y1 = geo.cell(lead).box
        assert mark[y0:y1, x0:x1].sum() > 200
    x0, y0, x1, y1 = geo.cell("II").box
    assert mark[y0:y1, x0:x1].sum() == 0


@pytest.mark.parametrize("kwargs,match", [
    ({"layout": "4x3"}, "unknown layout '4x3'"),
    ({"dpi": 0}, "dpi must be"),
    ({"dpi": -200}, "dpi must be"),
    ({"dpi": 200.5}, "dpi must be"),
    ({"paper": "legal"}, "unknown paper"),
    ({"colors": "purple"}, "unknown colour scheme"),
    ({"augment": ("sepia",)}, "unknown augmentation"),
    ({"gain_mm_mv": 0}, "gain_mm_mv"),
])
def test_bad_config_raises_a_clear_error(kwargs, match):
    with pytest.raises(RenderConfigError, match=match):
        RenderConfig(**kwargs)


def test_wrong_signal_shape_names_the_record():
    with pytest.raises(RenderError, match="rec-1: expected a \\(12, 5000\\)"):
        render_page(np.zeros((8, 5000), np.float32), RenderConfig(), record_id="rec-1")


@pytest.mark.parametrize("colors", ["red", "blue", "green", "bw"])
def test_colour_schemes_change_the_grid_not_the_geometry(record, colors):
    from gem_data.render.config import COLOR_SCHEMES

    config = RenderConfig(colors=colors, dpi=100)
    image = render_page(record.signal, config).convert("RGB")
    geo = page_geometry(config)
    x = int(geo.grid_x[geo.grid_x_major][3])
    assert image.getpixel((x, geo.grid_box[1] + 3)) == COLOR_SCHEMES[colors][2]
