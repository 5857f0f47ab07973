"""Draw a normalized 12-lead record on ECG paper, fast: one page in a few milliseconds.

Why it is fast (ecg-image-kit needs ~0.7 s per plain page, matplotlib ~0.5 s):
- the page is a palette ("P") image, one byte per pixel, five colours (:data:`COLOR_SCHEMES`);
- everything that does not depend on the record (grid, calibration pulses, lead labels, column
  marks, footer) is rasterized once per config and cached; a page starts as a copy of it;
- traces are rasterized in numpy, all leads at once: for every pixel column we take the vertical
  extent of the polyline inside that column (the interpolated values at the column's two edges
  plus every sample within it), thicken it to the line width and set those pixels in one
  fancy-index assignment. That is exact for a polyline, needs no per-segment Python loop, and has
  no antialiasing (like a thermal cart printer);
- PNG encoding (gem_data.render.png) packs 2 or 4 bits per pixel and compresses only the bands
  of rows that differ from the cached blank page; the rest reuse its compressed bands.

Flat, missing or otherwise flagged leads are drawn as usual but their cell is hatched in the
marker colour and labelled with the reason, so nobody mistakes a dead electrode for asystole.
"""
from __future__ import annotations

import functools
import io
from collections.abc import Sequence

import numpy as np
import pyarrow as pa
from PIL import Image, ImageDraw, ImageFont, PngImagePlugin

from gem_data.render.augment import augment_page
from gem_data.render.config import COLOR_SCHEMES, RenderConfig
from gem_data.render.paper import PageGeometry, page_geometry
from gem_data.render.png import palette_png
from gem_data.signals import FLAT_PTP_MV, FS_HZ, N_SAMPLES, STANDARD_LEADS

BG, MINOR, MAJOR, INK, MARK = range(5)  # palette slots
PNG_COMPRESS_LEVEL = 1  # zlib level: 6 doubles encode time for ~30 % smaller files
HATCH_MM = 3.0


class RenderError(ValueError):
    """A signal that cannot be drawn (wrong shape); names the record and the reason."""


def render_page(signal_mv: np.ndarray, config: RenderConfig, *, record_id: str = "", seed: int = 0,
                marks: dict[str, str] | None = None, header_lines: list[str] | None = None) -> Image.Image:
    """One page for a (12, 5000) float32 mV record in standard lead order.

    ``marks`` maps lead name -> reason ("flat", "missing", ...) for leads to flag; leads with a
    peak-to-peak below SPEC §2's flat threshold or with non-finite samples are flagged anyway.
    ``seed`` drives the augmentations in ``config.augment`` (none: the seed changes nothing).
    Returns a "P" image without augmentations and an "RGB" image with them.
    """
    signal_mv = _checked(signal_mv, record_id)
    flags = {**_auto_marks(signal_mv), **(marks or {})}
    if not np.isfinite(signal_mv).all():
        signal_mv = np.nan_to_num(signal_mv, nan=0.0, posinf=0.0, neginf=0.0)  # gaps on the baseline
    geo = page_geometry(config)
    page = _background(config.page_key()).copy()  # (H, W) uint8 palette indices
    for lead in flags:
        _hatch(page, geo, lead)
    ys = [geo.sample_y(cell, signal_mv[STANDARD_LEADS.index(cell.lead), cell.start_idx:cell.stop_idx])
          for cell in geo.cells]
    _stroke(page, _trace_columns(config.page_key()), ys, geo.line_px, INK)
    image = Image.fromarray(page, "P")
    image.putpalette(_palette(config.colors))
    texts = _page_texts(geo, flags, header_lines)
    if texts:
        # only here: a Draw copies the page (~1 ms), which most pages (no flag, no header) never need
        draw = ImageDraw.Draw(image)
        for xy, text, fill, font in texts:
            draw.text(xy, text, fill=fill, font=font)
    if config.augment:
        image = augment_page(image.convert("RGB"), config.augment, seed)
    return image


def _page_texts(geo: PageGeometry, flags: dict[str, str], header_lines: list[str] | None
                ) -> list[tuple[tuple[float, float], str, int, ImageFont.FreeTypeFont]]:
    """(xy, text, palette slot, font) of the record's own text: each flagged lead's reason beside
    its label, then up to 3 header lines. Empty for an unflagged page without a header."""
    out = []
    font = _font(geo.label_px)
    for lead, reason in flags.items():
        for cell in (c for c in geo.cells if c.lead == lead):
            x, y = cell.label_xy
            out.append(((x + font.getlength(lead + " "), y), f"[{reason}]", MARK, font))
    if header_lines:
        font = _font(geo.text_px)
        for i, line in enumerate(header_lines[:3]):
            out.append(((geo.header_xy[0], geo.header_xy[1] + i * round(geo.text_px * 1.2)), line, INK, font))
    return out


def encode_png(image: Image.Image, config: RenderConfig, *, record_id: str = "", seed: int = 0) -> bytes:
    """PNG bytes with the exact render config, its hash, the seed and the record id as text chunks.

    Identical inputs give identical bytes (no timestamp), which the tests check. A palette page
    (no augmentation) goes through :func:`gem_data.render.png.palette_png`, which compresses only
    what differs from the config's blank page; an augmented (RGB) page through Pillow.
    """
    text = {"gem:record_id": record_id, "gem:render_config": config.to_json(),
            "gem:config_hash": config.config_hash(), "gem:seed": str(int(seed))}
    if image.mode == "P":
        return palette_png(_pixels(image), image.getpalette() or [], text, _background(config.page_key()))
    info = PngImagePlugin.PngInfo()
    for key, value in text.items():
        info.add_text(key, value)
    buf = io.BytesIO()
    image.save(buf, "PNG", compress_level=PNG_COMPRESS_LEVEL, pnginfo=info)
    return buf.getvalue()


def _pixels(image: Image.Image) -> np.ndarray:
    """(H, W) uint8 view of a palette image: through Arrow without a copy where Pillow offers it
    (Pillow >= 11.2, one memory block), else ``np.asarray`` (a 3.7 MB copy, ~1 ms per page)."""
    if hasattr(image, "__arrow_c_array__"):
        try:
            flat = pa.array(image).to_numpy(zero_copy_only=True)
            if flat.size == image.width * image.height:
                return flat.reshape(image.height, image.width)
        except (pa.ArrowException, ValueError):
            pass
    return np.asarray(image)


def _checked(signal_mv: np.ndarray, record_id: str) -> np.ndarray:
    x = np.asarray(signal_mv, dtype=np.float32)
    if x.shape != (len(STANDARD_LEADS), N_SAMPLES):
        raise RenderError(f"{record_id or 'record'}: expected a (12, {N_SAMPLES}) signal in standard "
                          f"lead order, got shape {x.shape}")
    return x


def _auto_marks(signal_mv: np.ndarray) -> dict[str, str]:
    """Leads to flag from the signal alone: non-finite samples ("missing") or flat (SPEC §2)."""
    missing = ~np.isfinite(signal_mv).all(axis=1)
    with np.errstate(invalid="ignore"):  # a lead with inf: "missing", its ptp is not read
        ptp_mv = np.ptp(signal_mv, axis=1)  # all leads at once, not one masked copy per lead
    out = {}
    for i, lead in enumerate(STANDARD_LEADS):
        if missing[i]:
            out[lead] = "missing"
        elif ptp_mv[i] < FLAT_PTP_MV:
            out[lead] = "flat"
    return out


@functools.lru_cache(maxsize=16)
def _trace_columns(config: RenderConfig) -> tuple[tuple[np.ndarray, ...], ...]:
    """Per cell of the page, how its samples fall on pixel columns (:func:`_pixel_columns`).

    A sample's x depends on the layout only, never on the record: worked out once per config
    (~0.3 ms per page otherwise)."""
    geo = page_geometry(config)
    return tuple(_pixel_columns(geo.sample_xy(cell, np.arange(cell.start_idx, cell.stop_idx), 0.0)[0])
                 for cell in geo.cells)


def _stroke(page: np.ndarray, columns: Sequence[tuple[np.ndarray, ...]], ys: list[np.ndarray], width: int,
            ink: int) -> None:
    """Rasterize several polylines into ``page`` with one assignment: polyline i has the y values
    ``ys[i]`` at the x values of ``columns[i]`` (:func:`_pixel_columns`, x increasing).

    Per pixel column c (covering x in [c-0.5, c+0.5)) the polyline spans from the min to the max
    of its values at both column edges and at the samples inside; that span is thickened to
    ``width`` pixels down and right. Row/column of a point = round(coordinate).
    """
    cols, lo, hi = [], [], []
    for column, y in zip(columns, ys):
        c, a, b = _column_spans(column, y)
        cols.append(c)
        lo.append(a)
        hi.append(b)
    col = np.concatenate(cols)
    top = np.floor(np.concatenate(lo) + 0.5).astype(np.int64) - (width - 1) // 2
    bot = np.floor(np.concatenate(hi) + 0.5).astype(np.int64) + width // 2
    h, w = page.shape
    top = np.clip(top, 0, h - 1)
    bot = np.clip(bot, 0, h - 1)
    n = bot - top + 1
    starts = np.repeat(top, n)
    offsets = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    rows = starts + offsets
    colr = np.repeat(col, n)
    flat = page.reshape(-1)
    for dx in range(-((width - 1) // 2), width // 2 + 1):
        c = colr + dx
        ok = (c >= 0) & (c < w)
        flat[rows[ok] * w + c[ok]] = ink


def _pixel_columns(x: np.ndarray) -> tuple[np.ndarray, ...]:
    """How a polyline with these x (n,) increasing float px falls on pixel columns: the columns,
    their edges (clipped to the line), the first sample of each occupied column and its column."""
    c0, c1 = int(np.floor(x[0] + 0.5)), int(np.floor(x[-1] + 0.5))
    cols = np.arange(c0, c1 + 1)
    edges = np.clip(np.arange(c0, c1 + 2) - 0.5, x[0], x[-1])  # column c spans edges c and c + 1
    sc = np.floor(x + 0.5).astype(np.int64) - c0  # column of each sample, non-decreasing
    first = np.flatnonzero(np.diff(sc, prepend=-1))  # first sample of each occupied column
    return x, cols, edges, first, sc[first]


def _column_spans(columns: tuple[np.ndarray, ...], y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(columns, y_min, y_max) of a polyline per pixel column (``columns``: :func:`_pixel_columns`)."""
    x, cols, edges, first, occ = columns
    at_edge = np.interp(edges, x, y)
    lo, hi = np.minimum(at_edge[:-1], at_edge[1:]), np.maximum(at_edge[:-1], at_edge[1:])
    lo[occ] = np.minimum(lo[occ], np.minimum.reduceat(y, first))
    hi[occ] = np.maximum(hi[occ], np.maximum.reduceat(y, first))
    return cols, lo, hi


def _hatch(page: np.ndarray, geo: PageGeometry, lead: str) -> None:
    """Diagonal marker-colour hatching over every cell that shows ``lead``."""
    step = max(4, round(HATCH_MM * geo.px_per_mm))
    for cell in (c for c in geo.cells if c.lead == lead):
        x0, y0, x1, y1 = cell.box
        yy, xx = np.mgrid[y0:y1, x0:x1]
        region = page[y0:y1, x0:x1]
        region[((xx + yy) % step < max(1, geo.line_px // 2)) & (region != INK)] = MARK


@functools.lru_cache(maxsize=16)
def _background(config: RenderConfig) -> np.ndarray:
    """(H, W) uint8 palette raster of everything record-independent; callers copy it."""
    geo = page_geometry(config)
    page = np.full((geo.height, geo.width), BG, dtype=np.uint8)
    gx0, gy0, gx1, gy1 = geo.grid_box
    for is_major in (False, True):  # majors last so they cover minors where they cross
        for lines, majors, vertical in ((geo.grid_x, geo.grid_x_major, True), (geo.grid_y, geo.grid_y_major, False)):
            width = geo.major_px if is_major else geo.minor_px
            for p in lines[majors == is_major]:
                span = slice(p - (width - 1) // 2, p + width // 2 + 1)
                if vertical:
                    page[gy0:gy1, span] = MAJOR if is_major else MINOR
                else:
                    page[span, gx0:gx1] = MAJOR if is_major else MINOR
    columns, ys = [], []
    for p in geo.cal_pulses:
        # the pulse as a dense polyline: baseline, 1 mV step up, 0.2 s plateau, back down
        x = np.array([p.x_start, p.x_rise - 1e-3, p.x_rise, p.x_fall, p.x_fall + 1e-3, p.x_stop])
        y = np.array([p.baseline_y, p.baseline_y, p.top_y, p.top_y, p.baseline_y, p.baseline_y])
        columns.append(_pixel_columns(x))
        ys.append(y)
    _stroke(page, columns, ys, geo.line_px, INK)
    for x, y_top, y_bot in geo.separators:
        page[y_top:y_bot + 1, x - (geo.line_px - 1) // 2:x + geo.line_px // 2 + 1] = INK
    image = Image.fromarray(page, "P")
    draw = ImageDraw.Draw(image)
    for cell in geo.cells:
        draw.text(cell.label_xy, cell.lead, fill=INK, font=_font(geo.label_px))
    footer = (f"{config.speed_mm_s:g} mm/s   {config.gain_mm_mv:g} mm/mV   {config.layout}   "
              f"{geo.shown_s:g} s per row   {FS_HZ} Hz")
    draw.text(geo.footer_xy, footer, fill=INK, font=_font(geo.text_px))
    out = np.asarray(image).copy()
    out.flags.writeable = False
    return out


@functools.lru_cache(maxsize=8)
def _font(size_px: int) -> ImageFont.FreeTypeFont:
    """Pillow's bundled font (same glyphs on every machine for a given Pillow version)."""
    return ImageFont.load_default(size=size_px)


@functools.lru_cache(maxsize=8)
def _palette(colors: str) -> list[int]:
    flat = [v for rgb in COLOR_SCHEMES[colors] for v in rgb]
    return flat + [0] * (48 - len(flat))
