"""build_batch on real ingested batches: one page per OK record, an index, incremental reruns."""
from __future__ import annotations

import io
import json

import numpy as np
import polars as pl
import pytest
import wfdb
from PIL import Image

from gem_data.catalog import IngestPolicy, ingest_batch
from gem_data.layout import DataLayout
from gem_data.render import RenderConfig, page_geometry
from gem_data.render.batch import INDEX_SCHEMA, build_batch
from gem_data.render.draw import MARK
from gem_data.signals import STANDARD_LEADS, read_record
from gem_data.sources import WfdbFolder


@pytest.fixture
def ptbxl_batch(tmp_path, shared_data):
    """Batch ``00000`` of the real PTB-XL records (3 records), ingested into a fresh data root."""
    layout = DataLayout(tmp_path / "data")
    summary = ingest_batch(WfdbFolder(shared_data / "ptbxl" / "records500"), layout, "00000")
    assert summary.n_ok == 3
    return layout


@pytest.fixture
def flat_batch(tmp_path, shared_data):
    """A folder with a normal record and one whose V3 is a dead electrode (constant)."""
    src = tmp_path / "src"
    src.mkdir()
    signal = read_record(shared_data / "ptbxl" / "records500" / "00000" / "00005_hr").signal.astype(np.float64)
    flat = signal.copy()
    flat[STANDARD_LEADS.index("V3")] = 0.0
    for name, sig in (("good", signal), ("deadv3", flat)):
        wfdb.wrsamp(name, fs=500, units=["mV"] * 12, sig_name=list(STANDARD_LEADS), p_signal=sig.T,
                    fmt=["16"] * 12, adc_gain=[1000.0] * 12, baseline=[0] * 12, write_dir=str(src))
    return src


def test_renders_one_page_per_record_and_writes_the_index(ptbxl_batch):
    layout = ptbxl_batch
    config = RenderConfig(dpi=100)
    summary = build_batch(layout, "00000", config)
    assert (summary.n_records, summary.n_rendered, summary.n_skipped) == (3, 3, 0)
    index = pl.read_parquet(layout.images_index("00000"))
    assert index.schema == pl.Schema(INDEX_SCHEMA)
    geo = page_geometry(config)
    for row in index.iter_rows(named=True):
        page = Image.open(layout.root / row["path"])
        assert page.size == (row["width"], row["height"]) == (geo.width, geo.height)
        assert f"/{config.config_hash()}/" in row["path"]
        assert RenderConfig.from_dict(json.loads(row["render_config"])) == config
        assert page.text["gem:record_id"] == row["record_id"]
    assert summary.preview_md.startswith(f"**{index['record_id'][0]}**")
    assert "data:image/png;base64," in summary.preview_md


def test_rerun_skips_existing_pages_and_a_new_config_adds_its_own(ptbxl_batch):
    """Incremental by config hash: rerendering 800k pages because one batch was retried is not ok."""
    layout = ptbxl_batch
    first = build_batch(layout, "00000", RenderConfig(dpi=100))
    pages = {p: p.read_bytes() for p in layout.images_dir("00000").rglob("*.png")}
    again = build_batch(layout, "00000", RenderConfig(dpi=100))
    assert (again.n_rendered, again.n_skipped) == (0, 3)
    assert {p: p.read_bytes() for p in layout.images_dir("00000").rglob("*.png")} == pages
    other = build_batch(layout, "00000", RenderConfig(dpi=100, layout="12x1", augment=("noise",), seed=1))
    assert other.n_rendered == 3 and other.config_hash != first.config_hash
    index = pl.read_parquet(layout.images_index("00000"))
    assert index.height == 6
    assert sorted(index["config_hash"].unique()) == sorted([first.config_hash, other.config_hash])
    seeds = index.filter(pl.col("config_hash") == other.config_hash)["seed"].to_list()
    assert len(set(seeds)) == 3  # per-record seeds, recorded for exact re-rendering


def test_quarantined_records_are_not_rendered(tmp_path, flat_batch):
    layout = DataLayout(tmp_path / "data")
    ingest_batch(WfdbFolder(flat_batch), layout, "root")  # default policy quarantines the flat lead
    summary = build_batch(layout, "root", RenderConfig(dpi=100))
    assert summary.n_records == 1
    assert pl.read_parquet(layout.images_index("root"))["record_id"].to_list() == ["wfdb/good"]


def test_kept_flat_lead_is_rendered_and_marked(tmp_path, flat_batch):
    layout = DataLayout(tmp_path / "data")
    ingest_batch(WfdbFolder(flat_batch), layout, "root", IngestPolicy(quarantine_flat=False))
    config = RenderConfig(dpi=100)
    summary = build_batch(layout, "root", config)
    assert (summary.n_records, summary.n_marked) == (2, 1)
    index = pl.read_parquet(layout.images_index("root"))
    row = index.filter(pl.col("record_id") == "wfdb/deadv3").row(0, named=True)
    assert row["marked_leads"] == ["V3"]
    marks = np.asarray(Image.open(io.BytesIO((layout.root / row["path"]).read_bytes()))) == MARK
    x0, y0, x1, y1 = page_geometry(config).cell("V3").box
    assert marks[y0:y1, x0:x1].sum() > 100 and marks.sum() == marks[y0:y1, x0:x1].sum()
