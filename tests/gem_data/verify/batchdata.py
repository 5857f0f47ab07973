"""A verify-stage batch on disk: FeatureDB rows of real records plus a responses table."""
from __future__ import annotations

from pathlib import Path

import polars as pl

from gem_data.features import extract_record
from gem_data.guider import record_facts
from gem_data.layout import DataLayout
from gem_data.llm.responses import RESPONSES_SCHEMA
from gem_data.llm.template import template_response
from gem_data.signals import read_record

RECORDS = ("ptbxl/records500/00000/00005_hr", "ptbxl/records500/01000/01034_hr", "ludb/data/135")
FALSE_ANSWER = ("The heart rate is 190 bpm with a PR interval of 420 ms in lead II and a QRS duration "
                "of 260 ms; lead V7 shows K waves.")


def write_batch(shared: Path, root: Path, batch: str, *, false_answers: bool = False,
                failed_last: bool = False) -> DataLayout:
    """Features for :data:`RECORDS` and one response each (template paragraphs, or false ones)."""
    layout = DataLayout(root)
    frames, rows = [], []
    for i, rel in enumerate(RECORDS):
        feats = extract_record(read_record(shared / rel))
        frames.append(feats)
        rid = feats["record_id"][0]
        text = ("**Response:** " + FALSE_ANSWER) if false_answers else template_response(record_facts(feats), "Sinus rhythm.")
        failed = failed_last and i == len(RECORDS) - 1
        rows.append({"record_id": rid, "request_key": f"key-{i}", "prompt_version": "test", "backend": "template",
                     "model": "template-v1", "text": None if failed else text,
                     "answer": None if failed else text.split("**Response:**", 1)[1].strip(),
                     "finish_reason": "stop", "prompt_tokens": 0, "completion_tokens": 0, "cost_usd": 0.0,
                     "latency_s": 0.0, "status": "failed" if failed else "ok", "error": None, "attempts": 1,
                     "possibly_billed_twice": False, "from_cache": False})
    layout.features(batch).parent.mkdir(parents=True, exist_ok=True)
    pl.concat(frames).write_parquet(layout.features(batch))
    layout.stage_file("responses", batch).parent.mkdir(parents=True, exist_ok=True)
    pl.DataFrame(rows, schema=RESPONSES_SCHEMA).write_parquet(layout.stage_file("responses", batch))
    return layout
