"""Money: a guard that stops before the cap is passed, and an offline dry run that prices a partition.

The guard counts what is spent (stored answers), what is committed (requests in flight and batches on
the server, at their estimate: prompt tokens + ``max_output_tokens``) and the next request's estimate;
it refuses the next request when their sum would pass ``budget_usd``. Estimates use the upper bound on
output tokens, so the guard stops early rather than late.
"""
from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from gem_data.llm.models import LlmConfig


class BudgetGuard:
    """Running totals for one run; ``cap_usd`` None means no cap."""

    def __init__(self, cap_usd: float | None, spent_usd: float = 0.0):
        self.cap_usd = cap_usd
        self.spent_usd = spent_usd
        self.committed_usd = 0.0
        self.stopped = False

    def reserve(self, estimate_usd: float) -> bool:
        """Commit ``estimate_usd`` if spent + committed + it stays within the cap; once refused, stay stopped."""
        if self.cap_usd is not None and (
                self.stopped or self.spent_usd + self.committed_usd + estimate_usd > self.cap_usd):
            self.stopped = True
            return False
        self.committed_usd += estimate_usd
        return True

    def release(self, estimate_usd: float) -> None:
        self.committed_usd -= estimate_usd

    def settle(self, estimate_usd: float, actual_usd: float) -> None:
        self.committed_usd -= estimate_usd
        self.spent_usd += actual_usd


@dataclass(frozen=True)
class DryRun:
    """What a partition would cost, priced offline (no call)."""

    model: str
    n_requests: int
    prompt_tokens: int
    output_tokens_expected: int
    output_tokens_max: int
    cost_expected_usd: float
    cost_max_usd: float
    batch: bool

    def line(self) -> str:
        return (f"{self.n_requests} requests to {self.model}{' (Batch API)' if self.batch else ''}: "
                f"{self.prompt_tokens:,} prompt tokens, ~{self.output_tokens_expected:,} output tokens; "
                f"expected ${self.cost_expected_usd:,.2f}, at most ${self.cost_max_usd:,.2f}")


def dry_run(prompts: pl.DataFrame, config: LlmConfig) -> DryRun:
    """Price a ``prompts/<batch>.parquet`` table with ``config``'s model and price table.

    ``prompts`` needs ``text_tokens`` and ``image_tokens`` (as written by gem_data.guider).
    """
    n = prompts.height
    prompt_tokens = int(prompts["text_tokens"].sum() + prompts["image_tokens"].sum()) if n else 0
    batch = config.mode == "batch"
    exp_out = n * config.expected_output_tokens
    max_out = n * config.max_output_tokens
    return DryRun(model=config.model if config.backend == "openai" else "template", n_requests=n,
                  prompt_tokens=prompt_tokens, output_tokens_expected=exp_out, output_tokens_max=max_out,
                  cost_expected_usd=config.cost_usd(prompt_tokens, exp_out, batch=batch),
                  cost_max_usd=config.cost_usd(prompt_tokens, max_out, batch=batch), batch=batch)
