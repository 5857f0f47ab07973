"""The fast palette PNG writer: Pillow (and zlib's checks) read back exactly the pixels that were
written, for real pages (plain, flagged leads, header) and for odd sizes and depths, with or without
a background to reuse."""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image

from gem_data.render import RenderConfig, encode_png, render_page
from gem_data.render.png import BAND_ROWS, palette_png
from gem_data.signals import read_record


def _decoded(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()  # decompresses: zlib checks the Adler-32, Pillow the chunk CRCs
    return image


def test_real_pages_decode_to_the_drawn_pixels_and_colours(shared_data: Path):
    path = sorted((shared_data / "ptbxl" / "records500").glob("*/*.hea"))[0].with_suffix("")
    signal = read_record(path).signal
    for config, marks, header in ((RenderConfig(), None, None), (RenderConfig(), {"V3": "flat"}, ["ID 1", "x"]),
                                  (RenderConfig(layout="12x1", dpi=150), None, ["header"])):
        page = render_page(signal, config, record_id="r/1", seed=3, marks=marks, header_lines=header)
        png = encode_png(page, config, record_id="r/1", seed=3)
        back = _decoded(png)
        assert back.mode == "P" and back.size == page.size
        assert np.array_equal(np.asarray(back), np.asarray(page))
        assert np.array_equal(np.asarray(back.convert("RGB")), np.asarray(page.convert("RGB")))
        assert back.text["gem:record_id"] == "r/1" and back.text["gem:seed"] == "3"
        assert back.text["gem:config_hash"] == config.config_hash()
        assert png == encode_png(page, config, record_id="r/1", seed=3)  # deterministic bytes
        flagged = marks is not None
        assert (png[24] == 4) == flagged  # bit depth in IHDR: 2 bits unless the marker colour is used


def test_odd_sizes_depths_and_partial_reuse_round_trip():
    rng = np.random.default_rng(0)
    palette = list(rng.integers(0, 256, 3 * 256).astype(int))
    for h, w, colors in ((1, 1, 2), (BAND_ROWS + 3, 7, 4), (3 * BAND_ROWS, 13, 16), (50, 33, 200)):
        background = rng.integers(0, colors, (h, w)).astype(np.uint8)
        page = background.copy()
        page[h // 2, : w // 2 + 1] = colors - 1  # one changed row in the middle: its band is recompressed
        for bg in (background, None):
            back = _decoded(palette_png(page, palette, {"k": "välue ✓"}, bg))
            assert np.array_equal(np.asarray(back), page), (h, w, colors)
            assert back.text["k"] == "välue ✓"
