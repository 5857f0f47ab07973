"""One client for any OpenAI-compatible Chat Completions endpoint (OpenAI, Azure, vLLM, SGLang, Ollama).

Everything goes through the ``openai`` SDK with its own retries switched off: retries, backoff and rate
limits belong to :mod:`gem_data.llm.online`, where the ledger sees every attempt. The API key is an
argument of :func:`make_client` and lives only inside the SDK object; error texts pass through
:func:`redact` before they are stored anywhere.
"""
from __future__ import annotations

import base64
import email.utils
import hashlib
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from gem_data.llm.ledger import request_key
from gem_data.llm.models import ChatRequest, LlmConfig

if TYPE_CHECKING:
    import openai
# The SDK (~0.5 s of imports) is imported where a client is made or its errors read: every Dagster
# run process loads the code location, and a run on the template backend never calls an API.

OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1"
_RETRYABLE_STATUS = frozenset({408, 409, 429})
_KEYLIKE = re.compile(r"\b(sk-[A-Za-z0-9_\-*.]{4,}|Bearer\s+\S+)")
_RESPONSE_MARK = re.compile(r"\*\*\s*Response\s*:?\s*\*\*\s*:?", re.IGNORECASE)


def make_client(config: LlmConfig, api_key: str | None, *, asynchronous: bool = True):
    """An SDK client for ``config``'s endpoint; Azure when ``azure_api_version`` is set."""
    import openai

    common = {"api_key": api_key or "EMPTY", "max_retries": 0, "timeout": config.timeout_s}
    if config.azure_api_version:
        cls = openai.AsyncAzureOpenAI if asynchronous else openai.AzureOpenAI
        endpoint = config.base_url or os.environ.get("AZURE_OPENAI_ENDPOINT")
        return cls(azure_endpoint=endpoint, api_version=config.azure_api_version, **common)
    cls = openai.AsyncOpenAI if asynchronous else openai.OpenAI
    return cls(base_url=effective_base_url(config), **common)


def effective_base_url(config: LlmConfig) -> str:
    """The endpoint a request goes to (part of its key): config, else ``OPENAI_BASE_URL``, else OpenAI."""
    if config.azure_api_version:
        root = config.base_url or os.environ.get("AZURE_OPENAI_ENDPOINT") or "azure"
        return f"{root.rstrip('/')}/openai/deployments/{config.model}?api-version={config.azure_api_version}"
    return (config.base_url or os.environ.get("OPENAI_BASE_URL") or OPENAI_DEFAULT_BASE_URL).rstrip("/")


def build_request(*, record_id: str, system: str, user: str, image_path: str | os.PathLike | None,
                  config: LlmConfig, prompt_version: str, est_prompt_tokens: int = 0) -> ChatRequest:
    """A keyed request for one sample; the image is hashed here and inlined only when sent."""
    image_sha = None
    if image_path is not None:
        image_sha = hashlib.sha256(Path(image_path).read_bytes()).hexdigest()
    req = ChatRequest(custom_id=record_id, key="", model=config.model, system=system, user=user,
                      image_path=str(image_path) if image_path is not None else None,
                      image_sha256=image_sha, image_detail=config.image_detail, params=config.sampling(),
                      prompt_version=prompt_version, est_prompt_tokens=est_prompt_tokens)
    key = request_key(endpoint=effective_base_url(config) + "/chat/completions", model=req.model,
                      messages=_messages(req, inline=False), params=req.params,
                      prompt_version=prompt_version)
    return req.model_copy(update={"key": key})


def chat_body(request: ChatRequest) -> dict:
    """The JSON body sent to ``/chat/completions`` (image inlined as a base64 data URL)."""
    return {"model": request.model, "messages": _messages(request, inline=True), **request.params}


@dataclass(frozen=True)
class Reply:
    model: str | None  # as served (e.g. a dated snapshot)
    text: str | None
    finish_reason: str | None
    prompt_tokens: int
    completion_tokens: int
    headers: dict[str, str]
    latency_s: float


async def send(client, request: ChatRequest) -> Reply:
    """One HTTP attempt; SDK exceptions propagate (see :func:`classify`)."""
    start = time.perf_counter()
    raw = await client.chat.completions.with_raw_response.create(**chat_body(request))
    completion = raw.parse()
    return _reply(completion, dict(raw.headers), time.perf_counter() - start)


def reply_from_body(body: dict, latency_s: float = 0.0) -> Reply:
    """A :class:`Reply` from a Chat Completions JSON body (Batch API output lines)."""
    choice = (body.get("choices") or [{}])[0]
    usage = body.get("usage") or {}
    return Reply(model=body.get("model"), text=(choice.get("message") or {}).get("content"),
                 finish_reason=choice.get("finish_reason"),
                 prompt_tokens=int(usage.get("prompt_tokens") or 0),
                 completion_tokens=int(usage.get("completion_tokens") or 0), headers={}, latency_s=latency_s)


def answer_of(text: str | None) -> str | None:
    """The paragraph after ``**Response:**`` (SPEC §7); None when the marker is missing."""
    if not text:
        return None
    parts = _RESPONSE_MARK.split(text, maxsplit=1)
    return parts[1].strip() if len(parts) == 2 and parts[1].strip() else None


@dataclass(frozen=True)
class Failure:
    retryable: bool
    reason: str
    retry_after_s: float | None = None
    rate_limited: bool = False
    status: int | None = None  # None: no HTTP answer (timeout, dropped connection)


def classify(exc: BaseException) -> Failure:
    """Retry only 408/409/429/5xx/timeouts/connection drops; everything else fails the row."""
    import openai

    if isinstance(exc, openai.APITimeoutError):
        return Failure(True, "timeout")
    if isinstance(exc, openai.APIConnectionError):
        return Failure(True, f"connection error: {type(exc.__cause__).__name__ if exc.__cause__ else exc}")
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        code = _error_code(exc)
        reason = f"{status} {code or ''}: {_error_message(exc)}".replace("  ", " ")
        if status == 429 and code == "insufficient_quota":
            return Failure(False, reason, status=status)
        if status in _RETRYABLE_STATUS or status >= 500:
            return Failure(True, reason, _retry_after_s(exc.response.headers), rate_limited=status == 429,
                           status=status)
        return Failure(False, reason, status=status)
    return Failure(False, f"{type(exc).__name__}: {exc}", status=0)


def redact(text: str | None, api_key: str | None) -> str | None:
    """Remove the API key (and anything key-shaped) from a text before it is stored or logged."""
    if text is None:
        return None
    if api_key:
        text = text.replace(api_key, "[redacted]")
    return _KEYLIKE.sub("[redacted]", text)


def _messages(request: ChatRequest, *, inline: bool) -> list[dict]:
    user: list[dict] = [{"type": "text", "text": request.user}]
    if request.image_path is not None:
        if inline:
            data = Path(request.image_path).read_bytes()
            if hashlib.sha256(data).hexdigest() != request.image_sha256:
                raise ValueError(f"{request.custom_id}: image {request.image_path} changed since its "
                                 "prompt was built; rebuild guider_prompts")
            url = f"data:{_mime(request.image_path)};base64,{base64.b64encode(data).decode('ascii')}"
        else:
            url = f"sha256:{request.image_sha256}"
        user.append({"type": "image_url", "image_url": {"url": url, "detail": request.image_detail}})
    return [{"role": "system", "content": request.system}, {"role": "user", "content": user}]


def _mime(path: str) -> str:
    return {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}.get(
        Path(path).suffix.lower(), "image/png")


def _reply(completion, headers: dict[str, str], latency_s: float) -> Reply:
    choice = completion.choices[0] if completion.choices else None
    usage = completion.usage
    return Reply(model=getattr(completion, "model", None), text=choice.message.content if choice else None,
                 finish_reason=choice.finish_reason if choice else None,
                 prompt_tokens=int(usage.prompt_tokens or 0) if usage else 0,
                 completion_tokens=int(usage.completion_tokens or 0) if usage else 0,
                 headers={k.lower(): v for k, v in headers.items()}, latency_s=latency_s)


def _error_code(exc: openai.APIStatusError) -> str | None:
    body = exc.body if isinstance(exc.body, dict) else {}
    err = body.get("error", body) if isinstance(body.get("error", body), dict) else body
    return getattr(exc, "code", None) or err.get("code") or err.get("type")


def _error_message(exc: openai.APIStatusError) -> str:
    body = exc.body if isinstance(exc.body, dict) else {}
    err = body.get("error", body) if isinstance(body.get("error", body), dict) else body
    return str(err.get("message") or exc.message)[:500]


def _retry_after_s(headers) -> float | None:
    """``retry-after-ms``, else ``retry-after`` as seconds or an HTTP date."""
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return float(ms) / 1000.0
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time()) if when else None
