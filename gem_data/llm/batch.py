"""Batch mode: the OpenAI Batch API (half price, 24 h window) with plans that survive any crash.

1. Split the requests not yet answered into JSONL files of at most ``batch_max_requests`` lines and
   ``batch_max_bytes`` bytes (each line inlines its image); ``custom_id`` is the request key.
2. Record each plan in the ledger *before* uploading (plan id = sha256 of its keys, so a re-run plans
   the same files). Every step after that is recorded as it completes.
3. Upload (reusing a file already uploaded under the plan's name), then create the batch with the plan
   id in its metadata. Before creating anything, reconcile with the server's batch list: a batch
   carrying our plan id is adopted, never created twice (a crash between create and its record).
4. Poll with backoff, download output and error files, merge by custom_id into the ledger, and
   delete the remote files.
"""
from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from pathlib import Path

from gem_data.llm import client as llm_client
from gem_data.llm.budget import BudgetGuard
from gem_data.llm.ledger import Ledger
from gem_data.llm.models import CHAT_ENDPOINT, ChatRequest, LlmConfig, LlmResult

log = logging.getLogger(__name__)
_TERMINAL = frozenset({"completed", "failed", "expired", "cancelled"})
_ACTIVE_PLAN = ("planned", "uploaded", "created")


def run_batch(requests: list[ChatRequest], config: LlmConfig, ledger: Ledger, client, workdir: Path,
              api_key: str | None = None, on_step: Callable[[str, str], None] | None = None) -> list[LlmResult]:
    """Answer ``requests`` through the Batch API; one result per request, in order.

    ``client`` is a synchronous SDK client (``make_client(..., asynchronous=False)``). ``on_step``
    is called as ``on_step(step, plan_id)`` after each durable step (tests use it to crash there).
    """
    step = on_step or (lambda *_: None)
    by_key = {r.key: r for r in requests}
    stored = ledger.get(list(by_key))
    planned = {k for p in ledger.plans(_ACTIVE_PLAN) for k in p["keys"]}
    todo = [r for k, r in by_key.items()
            if not (k in stored and stored[k].state == "done") and k not in planned]
    guard = BudgetGuard(config.budget_usd, ledger.spent_usd() + ledger.committed_usd())
    skipped = _plan(todo, config, ledger, guard, Path(workdir))
    for plan in ledger.plans(_ACTIVE_PLAN):
        if not set(plan["keys"]) & set(by_key):
            continue  # another partition's plan
        try:
            _drive(plan, config, ledger, client, step, api_key)
        except _BatchFailed as exc:
            log.warning("batch plan %s: %s", plan["plan_id"], exc)
    rows = ledger.get(list(by_key))
    done_before = {k for k, row in stored.items() if row.state == "done"}
    return [_result(r, rows.get(r.key), r.key in skipped, r.key in done_before, config) for r in requests]


def _plan(todo: list[ChatRequest], config: LlmConfig, ledger: Ledger, guard: BudgetGuard,
          workdir: Path) -> set[str]:
    """Write and record JSONL plans for ``todo``; returns the keys left out by the budget guard."""
    workdir.mkdir(parents=True, exist_ok=True)
    chunks: list[list[tuple[ChatRequest, bytes]]] = [[]]
    size = 0
    skipped: set[str] = set()
    for req in todo:
        estimate = config.cost_usd(req.est_prompt_tokens, config.max_output_tokens, batch=True)
        if not guard.reserve(estimate):
            skipped.add(req.key)
            continue
        line = (json.dumps({"custom_id": req.key, "method": "POST", "url": CHAT_ENDPOINT,
                            "body": llm_client.chat_body(req)}, separators=(",", ":")) + "\n").encode()
        if len(line) > config.batch_max_bytes:
            ledger.begin(req.key, req.custom_id, "openai", req.model, via="batch:-")
            ledger.fail(req.key, f"request is {len(line)} bytes, over the batch file limit")
            guard.release(estimate)
            continue
        if chunks[-1] and (len(chunks[-1]) >= config.batch_max_requests
                           or size + len(line) > config.batch_max_bytes):
            chunks.append([])
            size = 0
        chunks[-1].append((req, line))
        size += len(line)
    for chunk in (c for c in chunks if c):
        keys = [req.key for req, _ in chunk]
        stem = "plan-" + hashlib.sha256("\n".join(keys).encode()).hexdigest()[:24]
        # the same keys planned again (after a failed batch) get a new id, so reconciliation never
        # mistakes the old server batch for the new one
        plan_id = f"{stem}-{sum(p['plan_id'].startswith(stem) for p in ledger.plans())}"
        path = workdir / f"{plan_id}.jsonl"
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(b"".join(line for _, line in chunk))
        tmp.replace(path)
        est = sum(config.cost_usd(r.est_prompt_tokens, config.max_output_tokens, batch=True) for r, _ in chunk)
        for req, _ in chunk:
            ledger.begin(req.key, req.custom_id, "openai", req.model, via=f"batch:{plan_id}")
        ledger.add_plan(plan_id, str(path), keys, path.stat().st_size, est)
    return skipped


def _drive(plan: dict, config: LlmConfig, ledger: Ledger, client, step, api_key: str | None) -> None:
    plan_id = plan["plan_id"]
    batch = _find_batch(client, plan_id) if plan["batch_id"] is None else None
    if batch is not None:
        log.info("plan %s: adopting server batch %s found by reconciliation", plan_id, batch.id)
        ledger.update_plan(plan_id, state="created", batch_id=batch.id, input_file_id=batch.input_file_id)
        plan = {**plan, "state": "created", "batch_id": batch.id, "input_file_id": batch.input_file_id}
    if plan["state"] == "planned":
        file_id = _upload(client, plan)
        ledger.update_plan(plan_id, state="uploaded", input_file_id=file_id)
        plan = {**plan, "state": "uploaded", "input_file_id": file_id}
        step("uploaded", plan_id)
    if plan["state"] == "uploaded":
        batch = _find_batch(client, plan_id) or client.batches.create(
            input_file_id=plan["input_file_id"], endpoint=CHAT_ENDPOINT, completion_window="24h",
            metadata={"plan_id": plan_id, "source": "gem-pipeline"})
        step("created_on_server", plan_id)
        ledger.update_plan(plan_id, state="created", batch_id=batch.id)
        plan = {**plan, "state": "created", "batch_id": batch.id}
        step("created", plan_id)
    batch = _poll(client, plan["batch_id"], config)
    _merge(batch, plan, config, ledger, client, api_key)
    for file_id in {plan["input_file_id"], batch.output_file_id, batch.error_file_id} - {None}:
        _delete_quietly(client, file_id)
    ledger.update_plan(plan_id, state="downloaded" if batch.status == "completed" else "failed",
                       error=None if batch.status == "completed" else f"batch {batch.status}")
    step("downloaded", plan_id)


def _find_batch(client, plan_id: str):
    """The server's live or finished batch for ``plan_id`` (failed/expired/cancelled ones are ignored)."""
    for batch in client.batches.list(limit=100):
        meta = batch.metadata or {}
        if meta.get("plan_id") == plan_id and batch.status not in ("failed", "cancelled", "expired"):
            return batch
    return None


def _upload(client, plan: dict) -> str:
    """Upload the plan's JSONL, or reuse the file a crashed run already uploaded under its name."""
    name = Path(plan["jsonl_path"]).name
    for f in client.files.list(purpose="batch"):
        if f.filename == name and f.bytes == plan["n_bytes"]:
            return f.id
    with open(plan["jsonl_path"], "rb") as fh:
        return client.files.create(file=(name, fh), purpose="batch").id


def _poll(client, batch_id: str, config: LlmConfig):
    wait, deadline = config.batch_poll_s, time.monotonic() + config.batch_timeout_s
    while True:
        batch = client.batches.retrieve(batch_id)
        if batch.status in _TERMINAL:
            return batch
        if time.monotonic() > deadline:
            raise _BatchFailed(f"batch {batch_id} still {batch.status} after {config.batch_timeout_s:.0f} s")
        time.sleep(wait)
        wait = min(config.batch_poll_max_s, wait * 1.5)


def _merge(batch, plan: dict, config: LlmConfig, ledger: Ledger, client, api_key: str | None) -> None:
    """Store every answer and error of the batch under its key (custom_id); the rest fail."""
    seen: set[str] = set()
    for file_id in (batch.output_file_id, batch.error_file_id):
        if not file_id:
            continue
        for line in client.files.content(file_id).text.splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            key = item["custom_id"]
            seen.add(key)
            response = item.get("response") or {}
            body = response.get("body") or {}
            if response.get("status_code") == 200 and not item.get("error"):
                reply = llm_client.reply_from_body(body)
                ledger.finish(key, text=reply.text, finish_reason=reply.finish_reason,
                              prompt_tokens=reply.prompt_tokens, completion_tokens=reply.completion_tokens,
                              cost_usd=config.cost_usd(reply.prompt_tokens, reply.completion_tokens,
                                                       batch=True), latency_s=0.0, served_model=reply.model)
            else:
                err = item.get("error") or body.get("error") or {}
                reason = f"{response.get('status_code')} {err.get('code') or ''}: {err.get('message') or ''}"
                ledger.fail(key, llm_client.redact(reason, api_key))
    for key in set(plan["keys"]) - seen:
        ledger.fail(key, f"missing from the output of batch {batch.id} ({batch.status})")


def _delete_quietly(client, file_id: str) -> None:
    try:
        client.files.delete(file_id)
    except Exception as exc:  # a file already gone is fine; the answers are stored
        log.info("could not delete remote file %s: %s", file_id, type(exc).__name__)


def _result(req: ChatRequest, row, skipped: bool, cached: bool, config: LlmConfig) -> LlmResult:
    base = {"record_id": req.custom_id, "request_key": req.key, "backend": "openai", "model": req.model}
    if skipped:
        return LlmResult(**base, status="skipped_budget", error=f"budget cap {config.budget_usd} USD reached")
    if row is None or row.state != "done":
        return LlmResult(**base, status="failed", error=(row.error if row else None) or "not answered yet")
    status, error = ("failed", "content_filter") if row.finish_reason == "content_filter" else ("ok", None)
    base["model"] = row.served_model or row.model
    return LlmResult(**base, text=row.text, answer=llm_client.answer_of(row.text),
                     finish_reason=row.finish_reason, prompt_tokens=row.prompt_tokens,
                     completion_tokens=row.completion_tokens, cost_usd=row.cost_usd, status=status,
                     error=error, attempts=row.attempts, possibly_billed_twice=row.interrupted,
                     from_cache=cached)


class _BatchFailed(RuntimeError):
    pass
