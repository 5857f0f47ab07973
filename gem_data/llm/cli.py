"""``gem prompts``, ``gem llm-dry-run`` and ``gem llm``: the guider and LLM stages without Dagster.

The API key is read from ``OPENAI_API_KEY`` when a command runs, handed to the SDK client and never
printed; without it the ``template`` backend answers offline unless ``--base-url`` names a local
endpoint that needs no key.
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path

import click
import polars as pl

from gem_data.layout import DataLayout
from gem_data.llm.models import DEFAULT_MODEL, LlmConfig

_model = click.option("--model", default=DEFAULT_MODEL, show_default=True,
                      help="Model or Azure deployment, e.g. gpt-4o-2024-08-06 (GEM's original choice).")
_mode = click.option("--mode", type=click.Choice(["online", "batch"]), default="online", show_default=True)
_base_url = click.option("--base-url", default=None, help="OpenAI-compatible endpoint (vLLM, Ollama, proxy).")


def _config(model: str, mode: str, base_url: str | None, backend: str, **extra) -> LlmConfig:
    if backend == "auto":
        backend = "openai" if os.environ.get("OPENAI_API_KEY") or base_url else "template"
    return LlmConfig(model=model, mode=mode, base_url=base_url, backend=backend, **extra)


@click.command("prompts")
@click.argument("data_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("batch")
@_model
@_mode
@click.option("--seed", default=0, show_default=True, help="Seed of the question wording choice.")
def prompts(data_dir: Path, batch: str, model: str, mode: str, seed: int) -> None:
    """Build prompts/<BATCH>.parquet from the catalog, features and images under DATA_DIR."""
    from gem_data.guider import GuiderConfig, build_batch

    summary = build_batch(DataLayout(data_dir.resolve()), batch,
                          GuiderConfig(seed=seed, llm=LlmConfig(model=model, mode=mode)))
    click.echo(json.dumps({k: v for k, v in asdict(summary).items() if k != "preview_md"}, indent=2))


@click.command("llm-dry-run")
@click.argument("data_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("batch")
@_model
@_mode
def llm_dry_run(data_dir: Path, batch: str, model: str, mode: str) -> None:
    """Price prompts/<BATCH>.parquet offline with the price table (no call is made)."""
    from gem_data.llm.budget import dry_run

    frame = pl.read_parquet(DataLayout(data_dir.resolve()).stage_file("prompts", batch))
    click.echo(dry_run(frame, LlmConfig(model=model, mode=mode)).line())


@click.command("llm")
@click.argument("data_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("batch")
@_model
@_mode
@_base_url
@click.option("--backend", type=click.Choice(["auto", "openai", "template"]), default="auto", show_default=True)
@click.option("--budget", "budget_usd", type=float, default=None, help="Stop before spending more (USD).")
@click.option("--concurrency", default=16, show_default=True)
def llm(data_dir: Path, batch: str, model: str, mode: str, base_url: str | None, backend: str,
        budget_usd: float | None, concurrency: int) -> None:
    """Answer prompts/<BATCH>.parquet into responses/<BATCH>.parquet (answered rows are never re-sent)."""
    from gem_data.llm.responses import build_batch

    config = _config(model, mode, base_url, backend, budget_usd=budget_usd, concurrency=concurrency)
    summary = build_batch(DataLayout(data_dir.resolve()), batch, config, os.environ.get("OPENAI_API_KEY"))
    click.echo(json.dumps({k: v for k, v in asdict(summary).items() if k != "preview_md"}, indent=2))


LLM_COMMANDS = [prompts, llm_dry_run, llm]
