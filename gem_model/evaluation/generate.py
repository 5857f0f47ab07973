"""Interpretations of the test split by a trained GEM model (greedy, :func:`gem_model.inference.interpret`).

Signals come from the pipeline's own normalized store (``signals/<batch>.npy`` via the catalog), so
the model sees exactly what training saw; the page is the dataset's rendered image when it exists
under ``image_root``, else one rendered now with the default page settings. Predictions are written
to a Parquet file (id, record_id, text) that :func:`gem_model.evaluation.run.evaluate` reads like any
predictions file, and reused when it already covers the requested samples.
"""
from __future__ import annotations

from pathlib import Path

import polars as pl

from gem_data.catalog import open_batch, read_catalog
from gem_data.layout import DataLayout


def generate_predictions(model_dir: str | Path, reference: pl.DataFrame, data_dir: str | Path, out_path: Path, *,
                         image_root: str | Path | None = None, max_new_tokens: int = 512) -> Path:
    """Write ``out_path`` with the model's answer to each reference sample's question (or the default one)."""
    if out_path.is_file():
        done = pl.read_parquet(out_path)
        if set(reference["id"].to_list()) <= set(done["id"].to_list()):
            return out_path
    import torch

    from gem_model.gem import load_gem
    from gem_model.inference import DEFAULT_QUESTION, interpret

    layout = DataLayout(Path(data_dir))
    signals = _signals(layout, reference["record_id"].to_list())
    cuda = torch.cuda.is_available()
    model, tokenizer = load_gem(model_dir, dtype=torch.bfloat16 if cuda else torch.float32)
    model.to("cuda" if cuda else "cpu")
    rows = []
    for row in reference.iter_rows(named=True):
        signal_mv = signals.get(row["record_id"])
        if signal_mv is None:
            continue
        question = row.get("question") or DEFAULT_QUESTION
        text = interpret(model, tokenizer, signal_mv, _page(row, signal_mv, image_root or data_dir),
                         question=question, max_new_tokens=max_new_tokens)
        rows.append({"id": row["id"], "record_id": row["record_id"], "text": text})
    out_path.parent.mkdir(parents=True, exist_ok=True)
    pl.DataFrame(rows, schema={"id": pl.Utf8, "record_id": pl.Utf8, "text": pl.Utf8}).write_parquet(out_path)
    return out_path


def _signals(layout: DataLayout, record_ids: list[str]):
    """record_id -> (12, 5000) float32 mV, from each batch's memory-mapped signals."""
    wanted = set(record_ids)
    catalog = read_catalog(layout)
    batches = catalog.filter(pl.col("record_id").is_in(list(wanted)) & (pl.col("status") == "ok"))["batch"]
    out = {}
    for batch in sorted(set(batches.to_list())):
        data = open_batch(layout, batch)
        for i, rid in enumerate(data.record_ids):
            if rid in wanted:
                out[rid] = data.signal_mv[i].copy()
    return out


def _page(row: dict, signal_mv, image_root: str | Path):
    from PIL import Image

    if row.get("image"):
        path = Path(image_root) / row["image"]
        if path.is_file():
            return Image.open(path).convert("RGB")
    from gem_data.render import RenderConfig, render_page

    return render_page(signal_mv, RenderConfig(), record_id=row["record_id"]).convert("RGB")
