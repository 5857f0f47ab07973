"""Online mode: many Chat Completions requests at once, inside the endpoint's rate limits.

- Concurrency is bounded and adaptive: a 429 halves it (at most once a second), each success raises
  it by 1/limit (one step per "window" of successes), up to ``LlmConfig.concurrency``.
- Requests-per-minute and tokens-per-minute token buckets (one second of burst) start from config and
  follow the server's ``x-ratelimit-*`` headers: its limit sets the rate, a remaining of 0 empties
  the bucket; a 429 empties it for ``retry-after``.
- tenacity retries only what can succeed later (408/409/429/5xx, timeouts, dropped connections),
  with jittered exponential backoff, or exactly ``retry-after`` when the server names a wait.
- A fatal error (400/401/403/404, quota, context length, content filter) fails that row and no other.
- The ledger records the intent before each request leaves and the answer as it arrives (see
  :mod:`gem_data.llm.ledger`); stored answers are never requested again.
- The budget guard stops before ``spent + in-flight estimate + this request`` would pass the cap.
"""
from __future__ import annotations

import asyncio
import logging
import random
import time

from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt

from gem_data.llm import client as llm_client
from gem_data.llm.budget import BudgetGuard
from gem_data.llm.ledger import Ledger
from gem_data.llm.models import ChatRequest, LlmConfig, LlmResult

log = logging.getLogger(__name__)


def answer_online(requests: list[ChatRequest], config: LlmConfig, ledger: Ledger,
                  api_key: str | None) -> list[LlmResult]:
    """Synchronous entry point: open a client inside a fresh event loop, run, and close it there."""

    async def go() -> list[LlmResult]:
        async with llm_client.make_client(config, api_key) as client:
            return await run_online(requests, config, ledger, client, api_key)

    return asyncio.run(go())


async def run_online(requests: list[ChatRequest], config: LlmConfig, ledger: Ledger, client,
                     api_key: str | None = None) -> list[LlmResult]:
    """Answer every request (cached, sent, or failed with a reason); one result per request, in order."""
    ledger.recover(stale_s=max(3600.0, 4 * config.timeout_s))
    stored = ledger.get([r.key for r in requests])
    results: dict[str, LlmResult] = {}
    pending: dict[str, ChatRequest] = {}  # one send per key, even if two rows share a prompt
    for req in requests:
        row = stored.get(req.key)
        if row is not None and row.state == "done":
            results[req.key] = _from_ledger(req, row, config)
        else:
            pending.setdefault(req.key, req)
    unique = list(pending.values())
    guard = BudgetGuard(config.budget_usd, ledger.spent_usd() + ledger.committed_usd())
    if config.budget_usd is not None and config.price().input_per_mtok == 0:
        log.warning("no price for model %s in the price table: the budget guard counts it as free",
                    config.model)
    limiter = _AdaptiveLimit(config.concurrency)
    rpm = _Bucket(config.rpm / 60.0, max(1.0, config.rpm / 60.0))
    tpm = _Bucket(config.tpm / 60.0, max(1.0, config.tpm / 60.0))
    if unique:
        log.info("online: %d to send, %d already answered", len(unique), len(results))
    outs = await asyncio.gather(*(
        _one(req, config, ledger, client, api_key, guard, limiter, rpm, tpm) for req in unique))
    for req, res in zip(unique, outs):
        results[req.key] = res
    return [results[r.key].model_copy(update={"record_id": r.custom_id}) for r in requests]


async def _one(req: ChatRequest, config: LlmConfig, ledger: Ledger, client, api_key: str | None,
               guard: BudgetGuard, limiter: "_AdaptiveLimit", rpm: "_Bucket", tpm: "_Bucket") -> LlmResult:
    base = {"record_id": req.custom_id, "request_key": req.key, "backend": "openai", "model": req.model}
    estimate = config.cost_usd(req.est_prompt_tokens, config.max_output_tokens)
    if not guard.reserve(estimate):
        return LlmResult(**base, status="skipped_budget",
                         error=f"budget cap {config.budget_usd} USD reached; not sent")
    attempts = 0
    est_tokens = req.est_prompt_tokens + config.max_output_tokens
    start = time.perf_counter()
    try:
        async for attempt in AsyncRetrying(
            retry=retry_if_exception(lambda e: llm_client.classify(e).retryable),
            stop=stop_after_attempt(config.max_attempts),
            wait=_wait(config.backoff_max_s),
            reraise=True,
        ):
            with attempt:
                await rpm.take(1)
                await tpm.take(est_tokens)
                async with limiter:
                    # intent is committed inside the concurrency slot, right before the request leaves,
                    # so at most ``concurrency`` keys can be caught in flight by a crash
                    if not ledger.begin(req.key, req.custom_id, "openai", req.model, via="online"):
                        raise _NotOurs()
                    attempts += 1
                    try:
                        reply = await llm_client.send(client, req)
                    except Exception as exc:
                        failure = llm_client.classify(exc)
                        if failure.rate_limited:
                            limiter.cut()
                            rpm.pause(failure.retry_after_s)
                        if failure.retryable:
                            # a timeout or dropped connection may still be answered and billed
                            ledger.retrying(req.key, llm_client.redact(failure.reason, api_key),
                                            maybe_billed=failure.status is None)
                        raise
                limiter.grow()
                _follow_headers(reply.headers, rpm, tpm)
    except _NotOurs:
        guard.release(estimate)
        row = ledger.get([req.key]).get(req.key)
        if row is not None and row.state == "done":
            return _from_ledger(req, row, config)
        return LlmResult(**base, status="failed", error="being sent by another live process")
    except Exception as exc:
        failure = llm_client.classify(exc)
        reason = llm_client.redact(failure.reason, api_key)
        latency = time.perf_counter() - start
        ledger.fail(req.key, reason, latency_s=latency)
        guard.release(estimate)
        log.warning("request %s for %s failed after %d attempt(s): %s", req.key[:12], req.custom_id,
                    attempts, reason)
        row = ledger.get([req.key]).get(req.key)
        return LlmResult(**base, status="failed", error=reason, attempts=attempts, latency_s=latency,
                         possibly_billed_twice=bool(row and row.interrupted))
    cost = config.cost_usd(reply.prompt_tokens, reply.completion_tokens)
    ledger.finish(req.key, text=reply.text, finish_reason=reply.finish_reason,
                  prompt_tokens=reply.prompt_tokens, completion_tokens=reply.completion_tokens,
                  cost_usd=cost, latency_s=reply.latency_s, served_model=reply.model)
    guard.settle(estimate, cost)
    row = ledger.get([req.key])[req.key]
    return _result(req, row, config, attempts=attempts, from_cache=False)


class _NotOurs(Exception):
    """The key was answered, or is being sent, by another process since this run started."""


def _from_ledger(req: ChatRequest, row, config: LlmConfig) -> LlmResult:
    return _result(req, row, config, attempts=0, from_cache=True)


def _result(req: ChatRequest, row, config: LlmConfig, *, attempts: int, from_cache: bool) -> LlmResult:
    status, error = "ok", None
    if row.finish_reason == "content_filter":
        status, error = "failed", "content_filter: the endpoint withheld the answer"
    elif not row.text:
        status, error = "failed", "empty answer"
    return LlmResult(record_id=req.custom_id, request_key=req.key, backend=row.backend,
                     model=row.served_model or row.model,
                     text=row.text, answer=llm_client.answer_of(row.text), finish_reason=row.finish_reason,
                     prompt_tokens=row.prompt_tokens, completion_tokens=row.completion_tokens,
                     cost_usd=row.cost_usd, latency_s=row.latency_s, status=status, error=error,
                     attempts=attempts or row.attempts, possibly_billed_twice=row.interrupted,
                     from_cache=from_cache)


def _wait(backoff_max_s: float):
    """retry-after when the server gives one (plus a little jitter), else full-jitter exponential."""

    def wait(state) -> float:
        exc = state.outcome.exception() if state.outcome else None
        failure = llm_client.classify(exc) if exc is not None else None
        if failure is not None and failure.retry_after_s is not None:
            return min(backoff_max_s, failure.retry_after_s) + random.uniform(0, 0.1)
        return random.uniform(0, min(backoff_max_s, 0.5 * 2 ** state.attempt_number))

    return wait


class _AdaptiveLimit:
    """An async semaphore whose size halves on 429 and creeps back up on success."""

    def __init__(self, max_n: int):
        self.max_n = max(1, max_n)
        self.limit = float(self.max_n)
        self.in_use = 0
        self._cond = asyncio.Condition()
        self._last_cut = 0.0

    async def __aenter__(self):
        async with self._cond:
            await self._cond.wait_for(lambda: self.in_use < int(self.limit))
            self.in_use += 1

    async def __aexit__(self, *_):
        async with self._cond:
            self.in_use -= 1
            self._cond.notify_all()

    def cut(self) -> None:
        now = time.monotonic()
        if now - self._last_cut > 1.0:
            self.limit = max(1.0, self.limit / 2)
            self._last_cut = now

    def grow(self) -> None:
        self.limit = min(float(self.max_n), self.limit + 1.0 / self.limit)


class _Bucket:
    """A token bucket: ``rate`` tokens per second up to ``capacity``; a request larger than the
    capacity waits for a full bucket and then takes it (the bucket goes negative)."""

    def __init__(self, rate: float, capacity: float):
        self.rate = max(rate, 1e-6)
        self.capacity = capacity
        self.tokens = capacity
        self.stamp = time.monotonic()
        self._lock = asyncio.Lock()

    def _refill(self) -> None:
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    async def take(self, n: float) -> None:
        async with self._lock:
            while True:
                self._refill()
                need = min(n, self.capacity)
                if self.tokens >= need:
                    self.tokens -= n
                    return
                await asyncio.sleep((need - self.tokens) / self.rate)

    def pause(self, seconds: float | None) -> None:
        """Empty the bucket so nothing leaves for about ``seconds`` (a 429's retry-after)."""
        self._refill()
        wait = seconds if seconds is not None else 1.0
        self.tokens = min(self.tokens, -wait * self.rate)

    def follow(self, limit: float | None, remaining: float | None) -> None:
        """Adopt the server's per-minute limit; when it says nothing is left, stop until it refills.

        ``remaining`` is copied only when the limit changes (to start from the server's state): at
        other times it already counts requests that our own bucket has paid for, and copying it
        would count those twice and leave capacity unused.
        """
        self._refill()
        if limit and abs(limit / 60.0 - self.rate) > 1e-9:
            self.rate = limit / 60.0
            self.capacity = max(1.0, limit / 60.0)
            self.tokens = min(self.tokens, self.capacity, self.capacity if remaining is None else remaining)
        if remaining is not None and remaining < 1:
            self.tokens = min(self.tokens, 0.0)


def _follow_headers(headers: dict[str, str], rpm: _Bucket, tpm: _Bucket) -> None:
    for bucket, kind in ((rpm, "requests"), (tpm, "tokens")):
        limit = _num(headers.get(f"x-ratelimit-limit-{kind}"))
        remaining = _num(headers.get(f"x-ratelimit-remaining-{kind}"))
        if limit is not None or remaining is not None:
            bucket.follow(limit, remaining)


def _num(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None

