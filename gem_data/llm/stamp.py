"""Which request each prompt row will be sent as, and what it will cost: the LLM stage's view of a prompt.

The guider writes prompts and knows nothing of endpoints, models or prices (data flows one way:
guider -> llm, STYLE). The ``model``, ``request_key`` and ``est_cost_usd`` columns of
``prompts/<batch>.parquet`` are the LLM stage's, filled here from an :class:`LlmConfig`; the key is the
one :func:`gem_data.llm.client.build_request` sends under, so a later ``llm_responses`` run finds it
in the ledger. The guider calls this through ``LlmConfig.stamp_prompts`` without importing it.
"""
from __future__ import annotations

from pathlib import Path

import polars as pl

from gem_data.llm.client import build_request
from gem_data.llm.models import LlmConfig


def stamp_prompts(prompts: pl.DataFrame, root: Path, config: LlmConfig) -> pl.DataFrame:
    """``prompts`` with ``model``, ``request_key`` and ``est_cost_usd`` set for ``config``.

    ``prompts``: rows as written by gem_data.guider (system, user, image_path relative to ``root``,
    text_tokens, image_tokens, prompt_version). Cost: prompt tokens plus the expected answer length,
    at the Batch API discount in batch mode.
    """
    model = config.model if config.backend == "openai" else "template"
    keys, costs = [], []
    for row in prompts.iter_rows(named=True):
        tokens = int(row["text_tokens"]) + int(row["image_tokens"])
        image = Path(root) / row["image_path"] if row.get("image_path") else None
        req = build_request(record_id=row["record_id"], system=row["system"], user=row["user"], image_path=image,
                            config=config, prompt_version=row["prompt_version"], est_prompt_tokens=tokens)
        keys.append(req.key)
        costs.append(config.cost_usd(tokens, config.expected_output_tokens, batch=config.mode == "batch"))
    return prompts.with_columns(pl.lit(model, pl.Utf8).alias("model"),
                                pl.Series("request_key", keys, dtype=pl.Utf8),
                                pl.Series("est_cost_usd", costs, dtype=pl.Float64))
