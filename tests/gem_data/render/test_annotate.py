"""Annotated pages: the FeatureDB's fiducials and beat numbers land where the geometry says, on real records.

Pixels are read back from the encoded PNG (palette indices), positions come from ``page_geometry``
and from the delineation itself, as in test_draw.py: a mark drawn at the wrong sample, or a number
off by one, fails.
"""
from __future__ import annotations

import base64
import io
import re

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw

from gem_data.features import extract, extract_record
from gem_data.render import RenderConfig, encode_png, page_geometry, render_page
from gem_data.render.annotate import (
    BEAT_MARK, P_MARK, QRS_MARK, T_MARK, TICK_MM, annotate_page, fiducials_from_rows, number_font, number_xy,
    preview_md,
)
from gem_data.render.cli import render
from gem_data.signals import STANDARD_LEADS, read_record

CONFIG = RenderConfig(dpi=200)


@pytest.fixture(scope="module")
def sinus(shared_data):
    record = read_record(shared_data / "ptbxl" / "records500" / "00000" / "00005_hr")
    return record, extract(record.signal, record.fs)


def _pixels(record, fiducials, beat_idx, config=CONFIG) -> np.ndarray:
    page = annotate_page(render_page(record.signal, config), record.signal, fiducials, beat_idx, config)
    image = Image.open(io.BytesIO(encode_png(page, config)))
    assert image.mode == "P"
    return np.asarray(image)


def test_onset_and_offset_ticks_sit_on_their_fiducial_sample(sinus):
    """Every delineated QRS onset, T offset and P onset of lead II has its wave's colour in its pixel
    column of the rhythm strip, within half a tick of the trace: the page shows what was measured."""
    record, table = sinus
    px = _pixels(record, table.fiducials, table.beat_idx)
    geo = page_geometry(CONFIG)
    cell = geo.cell("II", row=3)  # the 10-s rhythm strip
    lead = STANDARD_LEADS.index("II")
    half = TICK_MM / 2 * geo.px_per_mm
    checked = 0
    for name, slot in (("QRS_on", QRS_MARK), ("QRS_off", QRS_MARK), ("T_off", T_MARK), ("P_on", P_MARK)):
        for i in table.fiducials[name][lead]:
            if i < 0:
                continue
            x, y = geo.sample_xy(cell, int(i), float(record.signal[lead, i]))
            col = px[round(float(y - half)) + 1:round(float(y + half)), round(float(x))]
            assert (col == slot).mean() > 0.8, (name, i)
            checked += 1
    assert checked >= 30  # 11 beats: most of them carry all four marks


def test_a_wave_the_featuredb_left_out_gets_no_mark(sinus):
    """No P fiducial -> not one P-coloured pixel on the trace area; the QRS marks stay."""
    record, table = sinus
    no_p = {k: (np.full_like(v, -1) if k.startswith("P_") else v) for k, v in table.fiducials.items()}
    px = _pixels(record, no_p, table.beat_idx)
    gx0, gy0, gx1, gy1 = page_geometry(CONFIG).grid_box
    grid = px[gy0:gy1, gx0:gx1]
    assert (grid == P_MARK).sum() == 0 and (grid == QRS_MARK).sum() > 500 and (grid == T_MARK).sum() > 500
    full = _pixels(record, table.fiducials, table.beat_idx)[gy0:gy1, gx0:gx1]
    assert (full == P_MARK).sum() > 500


def test_beat_numbers_are_1_based_and_drawn_over_their_r_peak(sinus):
    """Beat k of the FeatureDB is labelled k+1 (the prompt's numbering), centred over its R peak in the
    rhythm strip: the pixels of each label equal the glyphs of that number, drawn independently."""
    record, table = sinus
    px = _pixels(record, table.fiducials, table.beat_idx)
    geo = page_geometry(CONFIG)
    cell = geo.cell("II", row=3)
    font = number_font(geo)
    assert table.n_beats >= 8
    for k, r in enumerate(table.beat_idx):
        text = str(k + 1)
        x, y = number_xy(geo, cell, int(r), text)
        left, top, right, bottom = font.getbbox(text)
        glyph = Image.new("P", (right, bottom), 0)  # a palette image rasterizes text as the page does
        ImageDraw.Draw(glyph).text((0, 0), text, fill=1, font=font)
        want = np.asarray(glyph)[top:, left:] == 1
        got = px[y + top:y + bottom, x + left:x + right] == BEAT_MARK
        assert want.any() and (got == want).mean() > 0.97, text
        cols = np.flatnonzero(got.any(axis=0)) + x + left
        r_x = float(geo.sample_xy(cell, int(r), 0.0)[0])
        assert abs(cols.mean() - r_x) < 1.5 * geo.px_per_mm, text  # centred on its own beat


def test_fiducials_from_stored_rows_are_the_delineation(sinus):
    """The asset preview draws from the Parquet rows; they must give back the arrays extract() made."""
    record, table = sinus
    fid, beats = fiducials_from_rows(extract_record(record))
    for name, values in fid.items():
        np.testing.assert_array_equal(values, np.where(table.fiducials[name] >= 0, table.fiducials[name], -1))
    assert (beats >= 0).all() and np.abs(beats - table.beat_idx).max() <= 5  # 10 ms: same place on paper


def test_cli_annotate_writes_marks_and_refuses_augmented_pages(tmp_path, shared_data):
    rec = str(shared_data / "ptbxl" / "records500" / "01000" / "01026_hr")  # atrial fibrillation
    out = tmp_path / "af.png"
    result = CliRunner().invoke(render, [rec, "--annotate", "-o", str(out), "--dpi", "100"])
    assert result.exit_code == 0, result.output
    n_beats = int(re.search(r"(\d+) beats annotated", result.output).group(1))
    assert n_beats >= 10
    px = np.asarray(Image.open(out))
    assert (px == BEAT_MARK).sum() > 100 and (px == QRS_MARK).sum() > 100 and (px == T_MARK).sum() > 100
    bad = CliRunner().invoke(render, [rec, "--annotate", "--augment", "rotate", "-o", str(tmp_path / "x.png")])
    assert bad.exit_code == 2 and "--augment" in bad.output


def test_batch_preview_is_one_annotated_page_inline(tmp_path, shared_data):
    from gem_data.catalog import ingest_batch
    from gem_data.features import build_batch
    from gem_data.layout import DataLayout
    from gem_data.sources import WfdbFolder

    layout = DataLayout(tmp_path)
    ingest_batch(WfdbFolder(shared_data / "ptbxl" / "records500"), layout, "00000")
    build_batch(layout, "00000")
    md = preview_md(layout, "00000")
    rid, b64 = re.fullmatch(r"\*\*(.+?)\*\* .*\n\n!\[.*\]\(data:image/png;base64,(.+)\)", md, re.S).groups()
    image = Image.open(io.BytesIO(base64.b64decode(b64)))
    assert image.text["gem:record_id"] == rid and image.mode == "P"
    px = np.asarray(image)
    assert (px == BEAT_MARK).sum() > 50 and (px == QRS_MARK).sum() > 50
