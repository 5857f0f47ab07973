"""Render one ingested batch to PNG pages plus a Parquet index, incrementally (issue 4).

Layout (see gem_data.layout)::

    images/<batch>/<config_hash>/<safe record id>.png   one page per OK record
    images/<batch>.parquet                               the index, one row per (record, config hash)

The config hash in the folder name makes the renders of different configs live side by side and
lets a rerun skip every page whose file already exists for this config. Pages are written to a
temporary name and renamed, so a crash never leaves a half-written PNG that a rerun would trust.
Quarantined records are not in ``open_batch`` and are never rendered. Each index row carries the
full render config as JSON and the per-record seed, so any page can be re-rendered bit for bit.
"""
from __future__ import annotations

import base64
import io
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl
from PIL import Image

from gem_data.io import atomic_bytes, atomic_parquet
from gem_data.isolate import isolate
from gem_data.layout import DataLayout, safe_name
from gem_data.render.config import RenderConfig, record_seed
from gem_data.render.draw import encode_png, render_page
from gem_data.render.header import header_lines
from gem_data.render.paper import page_geometry
from gem_data.signals import STANDARD_LEADS

INDEX_SCHEMA: dict[str, pl.DataType] = {
    "record_id": pl.Utf8,
    "path": pl.Utf8,  # relative to the data root (DataLayout.root), posix separators
    "layout": pl.Utf8,
    "dpi": pl.Int32,
    "width": pl.Int32,
    "height": pl.Int32,
    "config_hash": pl.Utf8,
    "seed": pl.Int64,
    "marked_leads": pl.List(pl.Utf8),
    "render_config": pl.Utf8,  # RenderConfig.to_json()
}
THUMBNAIL_PX = 640
STAGE = "render"


@dataclass(frozen=True)
class RenderSummary:
    batch: str
    n_records: int
    n_rendered: int
    n_skipped: int  # page already on disk for this config hash
    n_quarantined: int  # records whose page could not be drawn (quarantine/render/<batch>.parquet)
    n_marked: int  # pages with at least one flagged (flat, saturated, gappy) lead
    config_hash: str
    index_path: str
    images_dir: str
    seconds: float
    preview_md: str  # markdown with a base64 PNG thumbnail of the first page (Dagster UI)


def build_batch(layout: DataLayout, batch: str, config: RenderConfig) -> RenderSummary:
    """Render every OK record of ``batch`` that has no page for this config yet; rewrite the index."""
    from gem_data.catalog import open_batch, write_quarantine  # the catalog stage owns the batch files

    start = time.perf_counter()
    signals = open_batch(layout, batch)
    chash = config.config_hash()
    out_dir = layout.images_dir(batch) / chash
    out_dir.mkdir(parents=True, exist_ok=True)
    geo = page_geometry(config)
    rows_by_id = {r["record_id"]: r for r in signals.catalog.iter_rows(named=True)}
    index, quarantine, n_rendered, first_png = [], [], 0, None
    for i, rid in enumerate(signals.record_ids):
        row = rows_by_id.get(rid, {"record_id": rid})
        path = out_dir / f"{safe_name(rid)}.png"
        seed = record_seed(config.seed, rid)
        marks = _catalog_marks(row)
        if not path.exists():
            png, failed = isolate(STAGE, rid, _render_one, signals.signal_mv[i], row, config, seed, marks)
            if failed:
                quarantine.append(failed)
                continue
            atomic_bytes(path, png)
            n_rendered += 1
            first_png = first_png or png
        index.append({
            "record_id": rid, "path": path.relative_to(layout.root).as_posix(), "layout": config.layout,
            "dpi": config.dpi, "width": geo.width, "height": geo.height, "config_hash": chash,
            "seed": seed, "marked_leads": sorted(marks), "render_config": config.to_json(),
        })
    index_path = layout.images_index(batch)
    _write_index(index_path, index, chash)
    write_quarantine(layout, STAGE, batch, quarantine)
    if first_png is None and index:
        first_png = (layout.root / index[0]["path"]).read_bytes()
    return RenderSummary(
        batch=batch, n_records=len(signals.record_ids), n_rendered=n_rendered,
        n_skipped=len(index) - n_rendered, n_quarantined=len(quarantine), n_marked=sum(bool(r["marked_leads"]) for r in index),
        config_hash=chash, index_path=str(index_path), images_dir=str(out_dir),
        seconds=time.perf_counter() - start,
        preview_md=_thumbnail_md(first_png, index[0]["record_id"]) if first_png else "no pages",
    )


def _render_one(signal_mv: np.ndarray, row: dict, config: RenderConfig, seed: int,
                marks: dict[str, str]) -> bytes:
    """One record's PNG page (run isolated: a record that cannot be drawn is quarantined)."""
    rid = row["record_id"]
    header = header_lines(row, show_ids=config.header_ids) if config.header else None
    page = render_page(np.asarray(signal_mv), config, record_id=rid, seed=seed,
                       marks=marks, header_lines=header)
    return encode_png(page, config, record_id=rid, seed=seed)


def _catalog_marks(row: dict) -> dict[str, str]:
    """Leads the ingestion flagged but kept (ingestion policy decides): flat, saturated, gaps."""
    marks = {}
    for lead, n in zip(STANDARD_LEADS, row.get("nan_count") or ()):
        if n:
            marks[lead] = "gaps"
    for lead in row.get("saturated_leads") or ():
        marks[lead] = "saturated"
    for lead in row.get("flat_leads") or ():
        marks[lead] = "flat"
    return marks


def _write_index(path: Path, rows: list[dict], chash: str) -> None:
    """Replace this config's rows, keep other configs' rows (their pages are still on disk)."""
    frame = pl.DataFrame(rows, schema=INDEX_SCHEMA)
    if path.exists():
        old = pl.read_parquet(path).filter(pl.col("config_hash") != chash)
        frame = pl.concat([old.select(list(INDEX_SCHEMA)).cast(INDEX_SCHEMA), frame])
    atomic_parquet(path, frame)


def _thumbnail_md(png: bytes, record_id: str) -> str:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
    buf = io.BytesIO()
    image.save(buf, "PNG", optimize=True)
    b64 = base64.b64encode(buf.getvalue()).decode("ascii")
    return f"**{record_id}**\n\n![{record_id}](data:image/png;base64,{b64})"
