"""A page to check the FeatureDB by eye: the delineated fiducials and beat numbers drawn on the ECG.

``annotate_page(page, signal_mv, fiducials, beat_idx, config)`` draws, on a page from
:func:`gem_data.render.render_page`, in every cell:
- a short vertical tick at each wave's onset and offset (P, QRS, T; one colour per wave),
  centred on the trace, ``TICK_MM`` tall;
- a dot on the trace at each P, R and T peak;
- the beat number (1-based, as the guider prompt numbers beats) above each R peak, near the cell top.
The marks use four palette slots after the five of the colour scheme (:data:`WAVE_COLORS`), so the
page stays a 4-bit palette PNG and a test can find every mark by its index. A wave the FeatureDB left
out (absent, or cut by the record edge) simply has no mark: what is not drawn was not measured.

``gem render RECORD --annotate -o OUT.png`` draws one (docs/img/annotated_sinus_ptbxl_00005.png and
docs/img/annotated_af_ptbxl_01026.png: a sinus and an atrial-fibrillation PTB-XL record).
``preview_md(layout, batch)`` is the ``ecg_features`` asset's preview: one annotated page of the
batch (its first record with beats) from the stored FeatureDB rows, as inline markdown.
"""
from __future__ import annotations

import base64
import functools
import io

import numpy as np
import polars as pl
from PIL import Image, ImageDraw, ImageFont

from gem_data.layout import DataLayout
from gem_data.render.config import COLOR_SCHEMES, RenderConfig
from gem_data.render.draw import encode_png, render_page
from gem_data.render.paper import PageGeometry, page_geometry
from gem_data.signals import STANDARD_LEADS

P_MARK, QRS_MARK, T_MARK, BEAT_MARK = 5, 6, 7, 8  # palette slots after BG, MINOR, MAJOR, INK, MARK
WAVE_COLORS: dict[int, tuple[int, int, int]] = {
    P_MARK: (0, 150, 255), QRS_MARK: (215, 0, 215), T_MARK: (0, 160, 0), BEAT_MARK: (255, 120, 0),
}
# wave -> (onset, peak, offset) fiducial names (gem_data.features.FIDUCIALS) and its palette slot
WAVES: dict[str, tuple[tuple[str, str, str], int]] = {
    "P": (("P_on", "P_peak", "P_off"), P_MARK),
    "QRS": (("QRS_on", "R_peak", "QRS_off"), QRS_MARK),
    "T": (("T_on", "T_peak", "T_off"), T_MARK),
}
TICK_MM = 3.0  # onset/offset tick height
DOT_MM = 0.7  # peak dot radius
NUMBER_MM = 2.5  # beat number font size
PREVIEW_DPI = 100


def annotate_page(page: Image.Image, signal_mv: np.ndarray, fiducials: dict[str, np.ndarray],
                  beat_idx: np.ndarray, config: RenderConfig) -> Image.Image:
    """The page with fiducials and beat numbers drawn (a new "P" image; ``page`` is not changed).

    ``signal_mv``: (12, 5000) mV in standard lead order, as drawn; ``fiducials``: name -> (12, B)
    int sample indices (< 0 absent), as in ``BeatTable.fiducials``; ``beat_idx``: (B,) R samples.
    The page must be unaugmented (augmentations move pixels away from the geometry).
    """
    if page.mode != "P" or config.augment:
        raise ValueError("annotate_page needs an unaugmented palette page (render without --augment)")
    geo = page_geometry(config)
    signal_mv = np.nan_to_num(np.asarray(signal_mv, dtype=np.float32))  # gaps sit on the baseline, as drawn
    out = page.copy()
    out.putpalette(_palette(config.colors))
    draw = ImageDraw.Draw(out)
    font = number_font(geo)
    for cell in geo.cells:
        lead = STANDARD_LEADS.index(cell.lead)
        for names, slot in WAVES.values():
            on, peak, off = (np.asarray(fiducials[n][lead]) for n in names)
            for idx in (on, off):
                _ticks(draw, geo, cell, signal_mv[lead], _inside(idx, cell), slot)
            _dots(draw, geo, cell, signal_mv[lead], _inside(peak, cell), slot)
        for k, r in enumerate(np.asarray(beat_idx)):
            if cell.start_idx <= r < cell.stop_idx:
                draw.text(number_xy(geo, cell, int(r), str(k + 1)), str(k + 1), fill=BEAT_MARK, font=font)
    _legend(draw, geo)
    return out


def number_font(geo: PageGeometry) -> ImageFont.FreeTypeFont:
    """The beat numbers' font (Pillow's bundled one, NUMBER_MM tall)."""
    return _font(max(6, round(NUMBER_MM * geo.px_per_mm)))


def number_xy(geo: PageGeometry, cell, r_idx: int, text: str) -> tuple[int, int]:
    """Top-left pixel of beat number ``text`` over R peak ``r_idx``: centred on it, 1 mm below the cell top."""
    x, _ = geo.sample_xy(cell, r_idx, 0.0)
    return round(float(x) - number_font(geo).getlength(text) / 2), cell.box[1] + round(geo.px_per_mm)


def fiducials_from_rows(rows: pl.DataFrame, n_beats: int | None = None) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """(fiducials name -> (12, B) int, -1 absent; beat positions (B,), -1 where no lead has an R) from
    one record's long FeatureDB rows, the inverse of ``BeatTable.columns`` (leads by name, standard
    order). A beat's position is the median of its leads' R peaks, within a few ms of the beat index."""
    names = [n for names, _ in WAVES.values() for n in names]
    n_beats = n_beats if n_beats is not None else (int(rows["beat"].max()) + 1 if rows.height else 0)
    fid = {n: np.full((len(STANDARD_LEADS), n_beats), -1, dtype=np.int64) for n in names}
    lead_i = rows["lead"].replace_strict({lead: i for i, lead in enumerate(STANDARD_LEADS)}, default=-1,
                                         return_dtype=pl.Int64).to_numpy()
    beat = rows["beat"].to_numpy()
    ok = lead_i >= 0
    for n in names:
        fid[n][lead_i[ok], beat[ok]] = rows[n].fill_null(-1).to_numpy()[ok]
    r = np.where(fid["R_peak"] >= 0, fid["R_peak"], np.nan)
    seen = np.isfinite(r).any(axis=0)  # the table keeps no beat index: the leads' median R stands in
    med = np.nanmedian(np.where(seen, r, 0.0), axis=0)
    return fid, np.where(seen, np.round(med), -1).astype(np.int64)


def preview_md(layout: DataLayout, batch: str, config: RenderConfig | None = None) -> str:
    """Markdown with one annotated page (PNG inline) of the batch's first record that has beats."""
    from gem_data.catalog import open_batch  # the catalog stage owns the batch files

    path = layout.features(batch)
    if not path.exists():
        return "no FeatureDB rows"
    rows = pl.read_parquet(path)
    signals = open_batch(layout, batch)
    rid = next((r for r in signals.record_ids if rows["record_id"].eq(r).any()), None)
    if rid is None:
        return "no record with beats"
    config = config or RenderConfig(dpi=PREVIEW_DPI)
    signal = np.asarray(signals.signal_mv[signals.record_ids.index(rid)], dtype=np.float32)
    fid, beats = fiducials_from_rows(rows.filter(pl.col("record_id") == rid))
    page = annotate_page(render_page(signal, config, record_id=rid), signal, fid, beats, config)
    b64 = base64.b64encode(encode_png(page, config, record_id=rid)).decode("ascii")
    return f"**{rid}** (fiducials: P blue, QRS magenta, T green; beat numbers orange)\n\n" \
           f"![{rid}](data:image/png;base64,{b64})"


def _inside(idx: np.ndarray, cell) -> np.ndarray:
    idx = idx[idx >= 0]
    return idx[(idx >= cell.start_idx) & (idx < cell.stop_idx)]


def _ticks(draw: ImageDraw.ImageDraw, geo: PageGeometry, cell, lead_mv: np.ndarray, idx: np.ndarray,
           slot: int) -> None:
    half = TICK_MM / 2 * geo.px_per_mm
    width = max(1, geo.line_px)
    for i in idx:
        x, y = geo.sample_xy(cell, int(i), float(lead_mv[i]))
        x = round(float(x))
        draw.line([(x, round(float(y) - half)), (x, round(float(y) + half))], fill=slot, width=width)


def _dots(draw: ImageDraw.ImageDraw, geo: PageGeometry, cell, lead_mv: np.ndarray, idx: np.ndarray,
          slot: int) -> None:
    rad = max(1.5, DOT_MM * geo.px_per_mm)
    for i in idx:
        x, y = geo.sample_xy(cell, int(i), float(lead_mv[i]))
        draw.ellipse([float(x) - rad, float(y) - rad, float(x) + rad, float(y) + rad], fill=slot)


def _legend(draw: ImageDraw.ImageDraw, geo: PageGeometry) -> None:
    """One line in the footer band, right of the speed/gain text: what each colour means."""
    font = _font(geo.text_px)
    x = geo.grid_box[2] - round(95 * geo.px_per_mm)
    y = geo.footer_xy[1]
    for text, slot in (("P", P_MARK), ("QRS", QRS_MARK), ("T", T_MARK), ("on/off ticks, peak dots;", 3),
                       ("beat no.", BEAT_MARK)):
        draw.text((x, y), text, fill=slot, font=font)
        x += round(font.getlength(text + "  "))


@functools.lru_cache(maxsize=8)
def _font(size_px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size_px)


@functools.lru_cache(maxsize=8)
def _palette(colors: str) -> list[int]:
    slots = list(COLOR_SCHEMES[colors]) + [WAVE_COLORS[s] for s in sorted(WAVE_COLORS)]
    flat = [v for rgb in slots for v in rgb]
    return flat + [0] * (48 - len(flat))


