"""A small test split built at test time from real PTB-XL records in ../shared/data.

The records go through the pipeline's own stages as far as the evaluation needs them: ingestion
(``catalog/``, ``signals/`` under ``root``, batch ``00000``), FeatureDB rows (``features/00000.parquet``),
the record facts the guider hands the template backend, and a ground-truth answer written by the
offline template backend (what the pipeline produces without a paid API). The reference keeps the
real PTB-XL report (often German) and SCP codes. Returns the ``dataset/test.parquet`` path.
"""
from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from gem_data.catalog import ingest_batch, open_batch
from gem_data.features import extract
from gem_data.features.table import long_frame
from gem_data.guider.facts import record_facts
from gem_data.layout import DataLayout
from gem_data.llm.client import answer_of
from gem_data.llm.template import template_response
from gem_data.sources.ptbxl import PtbXl

BATCH = "00000"


def build_reference(shared_data: Path, root: Path, n: int = 4) -> Path:
    layout = DataLayout(root)
    ingest_batch(PtbXl(shared_data / "ptbxl", cache_dir=root / "source_index"), layout, BATCH)
    data = open_batch(layout, BATCH)
    rows, feats = [], []
    for i, cat in enumerate(data.catalog.head(n).iter_rows(named=True)):
        rid = cat["record_id"]
        table = long_frame([rid], [extract(data.signal_mv[i], 500)])
        facts = record_facts(table)
        rows.append({"id": rid.replace("/", "_"), "record_id": rid, "subject_id": str(cat["subject_id"]),
                     "source": cat["source"], "split": "test", "image": "", "ecg": cat["path"],
                     "question": "<image>\nInterpret this ECG.",
                     "answer": answer_of(template_response(facts, cat["report"])), "report": cat["report"],
                     "features_summary": json.dumps(facts)})
        feats.append(table)
    (root / "features").mkdir(parents=True, exist_ok=True)
    pl.concat(feats).write_parquet(layout.features(BATCH))
    out = layout.dataset_dir() / "test.parquet"
    out.parent.mkdir(parents=True, exist_ok=True)
    pl.DataFrame(rows).write_parquet(out)
    return out
