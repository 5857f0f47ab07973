"""The evaluation report: ``summary.md`` (what a reader wants) and two Parquet tables (what a script wants).

``metrics.parquet`` is long: one row per (source, family, metric) with mean, 95 % CI, n and n_missing;
``per_sample.parquet`` has one row per (source, sample) with every per-sample value and problem.
Both are written atomically, so a reader never sees half a report.
"""
from __future__ import annotations

from pathlib import Path

import polars as pl

from gem_data.io import atomic_bytes, atomic_parquet
from gem_model.evaluation.aggregate import PAPER

METRICS_SCHEMA: dict[str, pl.DataType] = {
    "source": pl.Utf8, "family": pl.Utf8, "metric": pl.Utf8, "value": pl.Float64, "ci_low": pl.Float64,
    "ci_high": pl.Float64, "n": pl.Int64, "n_missing": pl.Int64, "note": pl.Utf8,
}
_FAMILY_TITLES = {
    "judge": "LLM judge, eight criteria (SPEC §8)",
    "judge_free": "Judge-free grounding (verifier against the record's own features)",
    "classification": "ECG-Bench classification from text",
}


def write_report(out_dir: Path, metrics: pl.DataFrame, per_sample: pl.DataFrame, header_md: str) -> dict[str, str]:
    """Write ``summary.md``, ``metrics.parquet`` and ``per_sample.parquet``; returns their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"summary": out_dir / "summary.md", "metrics": out_dir / "metrics.parquet",
             "per_sample": out_dir / "per_sample.parquet"}
    atomic_parquet(paths["metrics"], metrics)
    atomic_parquet(paths["per_sample"], per_sample)
    atomic_bytes(paths["summary"], (header_md + "\n\n" + metrics_markdown(metrics) + "\n").encode("utf-8"))
    return {k: str(v) for k, v in paths.items()}


def metrics_markdown(metrics: pl.DataFrame) -> str:
    """One Markdown table per metric family: metrics as rows, sources side by side as columns."""
    sources = list(dict.fromkeys(metrics["source"].to_list()))
    parts = []
    for family, title in _FAMILY_TITLES.items():
        fam = metrics.filter(pl.col("family") == family)
        if fam.is_empty():
            continue
        paper = family == "judge"
        head = ["metric", *sources, *(PAPER if paper else ())]
        lines = [f"### {title}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for metric in dict.fromkeys(fam["metric"].to_list()):
            cells = [metric]
            for source in sources:
                row = fam.filter((pl.col("metric") == metric) & (pl.col("source") == source))
                cells.append(_cell(row.row(0, named=True)) if row.height else "")
            if paper:
                cells += [f"{PAPER[m].get(metric, float('nan')):.2f}" for m in PAPER]
            lines.append("| " + " | ".join(cells) + " |")
        notes = sorted({n for n in fam["note"].drop_nulls().to_list() if n})
        lines += [""] + [f"- {n}" for n in notes]
        parts.append("\n".join(lines).rstrip())
    return "\n\n".join(parts)


def _cell(row: dict) -> str:
    if row["value"] is None:
        return f"n/a (n={row['n']})"
    text = f"{row['value']:.2f}"
    if row["ci_low"] is not None and row["ci_high"] is not None:
        text += f" [{row['ci_low']:.2f}, {row['ci_high']:.2f}]"
    text += f" (n={row['n']}" + (f", missing {row['n_missing']}" if row["n_missing"] else "") + ")"
    return text
