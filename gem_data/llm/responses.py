"""The LLM stage for one batch: every prompt answered once -> ``responses/<batch>.parquet``.

Backends: ``openai`` (any OpenAI-compatible endpoint; online or Batch API) and ``template`` (offline,
no model). One ledger per data root (``llm/ledger.sqlite``) holds every answer ever paid for, so a
re-materialization sends only rows that failed or were never sent, and the budget cap counts the
spend of all partitions. Every row records which backend and model wrote it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from gem_data.io import atomic_parquet
from gem_data.layout import DataLayout
from gem_data.llm import client as llm_client
from gem_data.llm.batch import run_batch
from gem_data.llm.ledger import Ledger, request_key
from gem_data.llm.models import ChatRequest, LlmConfig, LlmResult
from gem_data.llm.online import answer_online
from gem_data.llm.template import TEMPLATE_MODEL, template_response

RESPONSES_SCHEMA: dict[str, pl.DataType] = {
    "record_id": pl.Utf8,
    "request_key": pl.Utf8,
    "prompt_version": pl.Utf8,
    "backend": pl.Utf8,
    "model": pl.Utf8,
    "text": pl.Utf8,
    "answer": pl.Utf8,  # the paragraph after **Response:**
    "finish_reason": pl.Utf8,
    "prompt_tokens": pl.Int64,
    "completion_tokens": pl.Int64,
    "cost_usd": pl.Float64,
    "latency_s": pl.Float64,
    "status": pl.Utf8,  # ok | failed | skipped_budget
    "error": pl.Utf8,
    "attempts": pl.Int32,
    "possibly_billed_twice": pl.Boolean,
    "from_cache": pl.Boolean,
}


@dataclass(frozen=True)
class ResponseSummary:
    batch: str
    backend: str
    model: str
    n_rows: int
    n_ok: int
    n_failed: int
    n_skipped_budget: int
    n_from_cache: int
    n_possibly_billed_twice: int
    cost_usd: float  # of the rows in this partition (cached ones included)
    cost_new_usd: float  # spent by this run
    path: str
    errors: dict[str, int]
    preview_md: str = ""


def ledger_path(layout: DataLayout) -> Path:
    return layout.root / "llm" / "ledger.sqlite"


def build_batch(layout: DataLayout, batch: str, config: LlmConfig, api_key: str | None = None) -> ResponseSummary:
    """Answer ``prompts/<batch>.parquet`` with ``config``'s backend; write the responses table.

    ``api_key`` is handed to the SDK client only; without one the ``openai`` backend still works
    against endpoints that need none (local vLLM/Ollama).
    """
    prompts = pl.read_parquet(layout.stage_file("prompts", batch))
    rows = prompts.to_dicts()
    if config.backend == "template":
        results = [_template_result(row) for row in rows]
    else:
        requests = [_request(layout, row, config) for row in rows]
        ledger = Ledger(ledger_path(layout))
        try:
            if config.mode == "batch":
                with llm_client.make_client(config, api_key, asynchronous=False) as client:
                    results = run_batch(requests, config, ledger, client, layout.root / "llm" / "batches", api_key)
            else:
                results = answer_online(requests, config, ledger, api_key)
        finally:
            ledger.close()
    versions = {row["record_id"]: row["prompt_version"] for row in rows}
    frame = pl.DataFrame([{**r.model_dump(), "prompt_version": versions.get(r.record_id)} for r in results],
                         schema=RESPONSES_SCHEMA)
    path = layout.stage_file("responses", batch)
    atomic_parquet(path, frame)
    return _summary(batch, config, frame, results, path)


def _request(layout: DataLayout, row: dict, config: LlmConfig) -> ChatRequest:
    image = layout.root / row["image_path"] if row.get("image_path") else None
    return llm_client.build_request(record_id=row["record_id"], system=row["system"], user=row["user"],
                                    image_path=image, config=config, prompt_version=row["prompt_version"],
                                    est_prompt_tokens=int(row["text_tokens"]) + int(row["image_tokens"]))


def _template_result(row: dict) -> LlmResult:
    text = template_response(json.loads(row["facts_json"]), row.get("report"))
    key = request_key(endpoint="template://local", model=TEMPLATE_MODEL,
                      messages=[{"facts": row["facts_json"], "report": row.get("report")}],
                      params={}, prompt_version=row["prompt_version"])
    return LlmResult(record_id=row["record_id"], request_key=key, backend="template", model=TEMPLATE_MODEL,
                     text=text, answer=llm_client.answer_of(text), finish_reason="stop", status="ok")


def _summary(batch: str, config: LlmConfig, frame: pl.DataFrame, results: list[LlmResult],
             path: Path) -> ResponseSummary:
    status = frame["status"].value_counts()
    counts = dict(zip(status["status"].to_list(), status["count"].to_list()))
    errors: dict[str, int] = {}
    for r in results:
        if r.error:
            kind = r.error.split(":")[0][:60]
            errors[kind] = errors.get(kind, 0) + 1
    ok = frame.filter(pl.col("status") == "ok")
    preview = "no answers" if ok.is_empty() else f"**{ok['record_id'][0]}**\n\n{ok['answer'][0] or ok['text'][0]}"
    return ResponseSummary(
        batch=batch, backend=config.backend,
        model=config.model if config.backend == "openai" else TEMPLATE_MODEL, n_rows=frame.height,
        n_ok=counts.get("ok", 0), n_failed=counts.get("failed", 0),
        n_skipped_budget=counts.get("skipped_budget", 0), n_from_cache=int(frame["from_cache"].sum()),
        n_possibly_billed_twice=int(frame["possibly_billed_twice"].sum()),
        cost_usd=float(frame["cost_usd"].sum()),
        cost_new_usd=float(frame.filter(~pl.col("from_cache"))["cost_usd"].sum()),
        path=str(path), errors=errors, preview_md=preview)
