"""Pydantic models for what crosses a process or file boundary in the LLM stage.

``LlmConfig`` is the one place the stage's defaults live (the Dagster config and the CLI both build it);
``ChatRequest`` is one sample's request as we store and key it; ``LlmResult`` is one response row.
The API key is never a field of any of these: it is passed to the client factory and nowhere else.
"""
from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# A current, not retired, vision-capable default. GPT-4o (retired by OpenAI on 2027-01-14 and already
# by Azure) stays selectable with ``model="gpt-4o-2024-08-06"``.
DEFAULT_MODEL = "gpt-5-mini"
CHAT_ENDPOINT = "/v1/chat/completions"


class Price(BaseModel):
    """USD per million tokens; Batch API requests cost ``batch_discount`` of that."""

    model_config = ConfigDict(frozen=True)
    input_per_mtok: float
    output_per_mtok: float
    batch_discount: float = 0.5


# List prices (USD / 1M tokens, standard tier) as published by OpenAI in 2025-2026; override with
# ``LlmConfig.prices`` for other endpoints. A local endpoint (vLLM, SGLang, Ollama) costs 0.
DEFAULT_PRICES: dict[str, Price] = {
    "gpt-5": Price(input_per_mtok=1.25, output_per_mtok=10.0),
    "gpt-5-mini": Price(input_per_mtok=0.25, output_per_mtok=2.0),
    "gpt-5-nano": Price(input_per_mtok=0.05, output_per_mtok=0.40),
    "gpt-4.1": Price(input_per_mtok=2.0, output_per_mtok=8.0),
    "gpt-4.1-mini": Price(input_per_mtok=0.40, output_per_mtok=1.60),
    "gpt-4o": Price(input_per_mtok=2.50, output_per_mtok=10.0),
    "gpt-4o-mini": Price(input_per_mtok=0.15, output_per_mtok=0.60),
    "template": Price(input_per_mtok=0.0, output_per_mtok=0.0),
}


_FREE = Price(input_per_mtok=0.0, output_per_mtok=0.0)


class LlmConfig(BaseModel):
    """Everything that decides which request is sent and how (never the API key).

    ``base_url`` None means the SDK default (``OPENAI_BASE_URL`` or api.openai.com); set
    ``azure_api_version`` to talk to Azure OpenAI, where ``model`` is the deployment name.
    Sampling parameters left at None are not sent (reasoning models reject ``temperature``).
    """

    model_config = ConfigDict(frozen=True)

    backend: Literal["openai", "template"] = "openai"
    mode: Literal["online", "batch"] = "online"
    model: str = DEFAULT_MODEL
    base_url: str | None = None
    azure_api_version: str | None = None
    temperature: float | None = None
    top_p: float | None = None
    seed: int | None = None
    max_output_tokens: int = 1200
    image_detail: Literal["high", "low", "auto"] = "high"
    response_format: dict | None = None
    # online mode
    concurrency: int = 16
    rpm: int = 500
    tpm: int = 200_000
    timeout_s: float = 120.0
    max_attempts: int = 6
    backoff_max_s: float = 60.0
    # batch mode
    batch_max_requests: int = 50_000
    batch_max_bytes: int = 200 * 1024 * 1024
    batch_poll_s: float = 30.0
    batch_poll_max_s: float = 600.0
    batch_timeout_s: float = 26 * 3600.0
    # money
    budget_usd: float | None = None
    prices: dict[str, Price] = Field(default_factory=lambda: dict(DEFAULT_PRICES))
    expected_output_tokens: int = 450  # for estimates before a response exists (~300 words)

    def price(self) -> Price:
        """The price row for ``model`` (dated snapshots fall back to their family); unknown is free."""
        if self.backend == "template":
            return self.prices.get("template", _FREE)
        family = re.sub(r"-\d{4}-\d{2}-\d{2}$", "", self.model)
        return self.prices.get(self.model) or self.prices.get(family) or _FREE

    def cost_usd(self, prompt_tokens: int, completion_tokens: int, *, batch: bool = False) -> float:
        p = self.price()
        usd = (prompt_tokens * p.input_per_mtok + completion_tokens * p.output_per_mtok) / 1e6
        return usd * (p.batch_discount if batch else 1.0)

    def stamp_prompts(self, prompts, root):
        """The guider's prompt rows with this config's model, request key and cost estimate
        (:func:`gem_data.llm.stamp.stamp_prompts`; the guider calls this without importing the stage)."""
        from gem_data.llm.stamp import stamp_prompts  # client imports this module

        return stamp_prompts(prompts, root, self)

    def sampling(self) -> dict:
        """The sampling parameters that go into the request body (and so into its key)."""
        out: dict = {"max_completion_tokens": self.max_output_tokens}
        for name in ("temperature", "top_p", "seed"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.response_format is not None:
            out["response_format"] = self.response_format
        return out


class ChatRequest(BaseModel):
    """One sample's request. The image travels as a path plus its sha256, never inline here."""

    model_config = ConfigDict(frozen=True)

    custom_id: str  # record_id
    key: str  # sha256 of the canonical request (see gem_data.llm.ledger.request_key)
    model: str
    system: str
    user: str
    image_path: str | None = None
    image_sha256: str | None = None
    image_detail: str = "high"
    params: dict = Field(default_factory=dict)
    prompt_version: str = ""
    est_prompt_tokens: int = 0


class LlmResult(BaseModel):
    """One response row as written to ``responses/<batch>.parquet``."""

    record_id: str
    request_key: str
    backend: str
    model: str
    text: str | None = None
    answer: str | None = None
    finish_reason: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    latency_s: float = 0.0
    status: Literal["ok", "failed", "skipped_budget"] = "ok"
    error: str | None = None
    attempts: int = 0
    possibly_billed_twice: bool = False
    from_cache: bool = False
