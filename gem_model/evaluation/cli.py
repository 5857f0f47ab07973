"""``gem evaluate PREDICTIONS... --reference test.parquet``: the evaluation for scripts (same code as the asset).

Each PREDICTIONS argument is a file (JSON / JSONL / Parquet / CSV with an id and a text column) or a
built-in source (``builtin:template``, ``builtin:report``, ``builtin:answer``), optionally named as
``NAME=SPEC``; several are scored side by side. The judge runs when ``--judge-model`` is given and an
API key is in ``OPENAI_API_KEY`` (or ``--judge-base-url`` points at a local endpoint that needs none).
"""
from __future__ import annotations

import os
from pathlib import Path

import click

from gem_model.evaluation.aggregate import AGGREGATIONS
from gem_model.evaluation.classification import LABEL_SETS
from gem_model.evaluation.judge import judge_llm_config
from gem_model.evaluation.run import EvalConfig, evaluate


@click.command("evaluate")
@click.argument("predictions", nargs=-1, required=True)
@click.option("--reference", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The test split: dataset/test.parquet (or GEM test.json).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("evaluation"),
              show_default=True, help="Report folder (summary.md, metrics.parquet, per_sample.parquet).")
@click.option("--judge-model", help="Judge model on any OpenAI-compatible endpoint (e.g. gpt-4o-2024-08-06).")
@click.option("--judge-base-url", help="Judge endpoint (default: OPENAI_BASE_URL or api.openai.com).")
@click.option("--judge-budget-usd", type=float, help="Stop sending judge requests before this spend.")
@click.option("--judge-concurrency", type=int, default=8, show_default=True)
@click.option("--aggregation", type=click.Choice(AGGREGATIONS), default="gem", show_default=True,
              help="Judge aggregation in the main table: gem (GEM's released scoring, beside the paper's) "
                   "or strict (absent criteria and unreadable replies left out); summary.md shows both.")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path),
              help="GEM_DATA_DIR holding features/ (for the claim checks); default: $GEM_DATA_DIR.")
@click.option("--label-set", type=click.Choice([*LABEL_SETS, "none"]), default="ptbxl-super", show_default=True)
@click.option("--labels-from", type=click.Choice(["report", "answer", "scp_codes"]), default="report",
              show_default=True, help="Truth labels: parsed from a reference text, or PTB-XL SCP codes.")
@click.option("--scp-statements", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="PTB-XL scp_statements.csv (for --labels-from scp_codes).")
@click.option("--n-boot", type=int, default=1000, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--limit", type=int, help="Score only the first N reference samples.")
def evaluate_cmd(predictions: tuple[str, ...], reference: Path, out_dir: Path, judge_model: str | None,
                 judge_base_url: str | None, judge_budget_usd: float | None, judge_concurrency: int, aggregation: str,
                 data_dir: Path | None, label_set: str, labels_from: str, scp_statements: Path | None,
                 n_boot: int, seed: int,
                 limit: int | None) -> None:
    """Score PREDICTIONS against the test split: judge (optional), judge-free grounding, ECG-Bench metrics."""
    sources = dict(_named(spec) for spec in predictions)
    judge = None
    if judge_model:
        judge = judge_llm_config(judge_model, base_url=judge_base_url, budget_usd=judge_budget_usd,
                                 concurrency=judge_concurrency)
    config = EvalConfig(out_dir=str(out_dir), judge=judge,
                        judge_ledger=str(out_dir / "judge_ledger.sqlite"), aggregation=aggregation,
                        data_dir=str(data_dir) if data_dir else os.environ.get("GEM_DATA_DIR"),
                        label_set=None if label_set == "none" else label_set, labels_from=labels_from,
                        scp_statements=str(scp_statements) if scp_statements else None,
                        n_boot=n_boot, seed=seed, limit=limit)
    try:
        summary = evaluate(sources, reference, config, api_key=os.environ.get("OPENAI_API_KEY"))
    except (FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(summary.table_md)
    click.echo(f"\n{summary.judge_note}\nreport: {summary.paths['summary']}")


def _named(spec: str) -> tuple[str, str]:
    """``name=spec`` -> (name, spec); a bare spec is named by its file stem or built-in name."""
    if "=" in spec and not Path(spec).exists():
        name, _, value = spec.partition("=")
        return name, value
    if spec.startswith("builtin:"):
        return spec.split(":", 1)[1], spec
    return Path(spec).stem, spec
