"""``evaluate(predictions, reference, config)``: one or more prediction sources scored side by side.

A *source* is any text about the test records: a model's predictions file (JSON / JSONL / Parquet /
CSV with an id and a text column), ``model:<dir>`` (a ``gem train`` folder: its greedy answers are
generated first, see :mod:`generate`), or a built-in one computed from the reference itself:
``builtin:template`` (the offline template backend's draft from the record's features and report),
``builtin:report`` (the machine report) and ``builtin:answer`` (the ground-truth interpretation).
Each source gets the same three families of scores on the same records:

1. the LLM judge (eight criteria vs the ground-truth answer; only when a judge is configured and
   reachable: an API key, or a local ``base_url`` that needs none),
2. judge-free grounding from the verifier (claims checked against the record's own FeatureDB rows),
3. ECG-Bench classification metrics (labels parsed from the text vs labels from the reference).

The report (``summary.md``, ``metrics.parquet``, ``per_sample.parquet``) goes to ``config.out_dir``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import numpy as np
import polars as pl

from gem_data.catalog import read_catalog
from gem_data.layout import DataLayout
from gem_data.llm.models import LlmConfig
from gem_model.evaluation import classification as cls
from gem_model.evaluation.aggregate import AGGREGATIONS, JudgeAggregate, aggregate_verdicts, bootstrap_ci
from gem_model.evaluation.generate import generate_predictions
from gem_model.evaluation.judge import (
    CRITERIA, DEFAULT_PROMPT, REPAIRS, JudgePair, Verdict, judge_config, judge_pairs, load_prompt,
    parse_verdict,
)
from gem_model.evaluation.judge_free import JUDGE_FREE_METRICS, feature_rows_for, score_texts
from gem_model.evaluation.report import METRICS_SCHEMA, metrics_markdown, write_report

BUILTIN_SOURCES = ("builtin:template", "builtin:report", "builtin:answer")
MODEL_PREFIX = "model:"  # "model:<folder written by gem train>": generate the predictions first
_ID_COLUMNS = ("id", "sample_id", "record_id")
_AGGREGATION_NOTES = {
    "gem": ("aggregation gem (GEM's released scoring, SPEC §8): 'missing' = readable replies without the "
            "criterion, counted 0; unreadable replies excluded"),
    "strict": "aggregation strict: 'missing' = samples without a value (absent criterion or unreadable reply)",
}
_TEXT_COLUMNS = ("text", "prediction", "generated", "output", "answer", "GEM_generated", "response")


@dataclass(frozen=True)
class EvalConfig:
    """Every choice of an evaluation run; the Dagster config and the ``gem evaluate`` CLI build this."""

    out_dir: str
    judge: LlmConfig | None = None  # None: no judge
    judge_prompt: str = str(DEFAULT_PROMPT)
    judge_ledger: str | None = None  # default: <out_dir>/judge_ledger.sqlite
    aggregation: str = "gem"  # gem (GEM's released scoring, beside the paper) | strict; summary.md shows both
    data_dir: str | None = None  # GEM_DATA_DIR: FeatureDB rows (judge-free), signals (generation)
    image_root: str | None = None  # where the reference's image paths start (default: data_dir)
    max_new_tokens: int = 512  # generation with model:<dir>
    judge_free: bool = True
    label_set: str | None = "ptbxl-super"  # a key of classification.LABEL_SETS, or None
    labels_from: str = "report"  # report | answer (text parsed like predictions) | scp_codes (PTB-XL truth)
    scp_statements: str | None = None  # PTB-XL scp_statements.csv, for labels_from="scp_codes"
    n_boot: int = 1000
    seed: int = 0
    limit: int | None = None  # first N reference samples only (smoke runs)


@dataclass(frozen=True)
class EvalSummary:
    out_dir: str
    sources: tuple[str, ...]
    n_reference: int
    n_predicted: dict[str, int]
    judge_used: bool
    judge_note: str
    metrics: pl.DataFrame = field(repr=False)
    table_md: str = ""
    paths: dict[str, str] = field(default_factory=dict)
    judge_cost_usd: float = 0.0

    def value(self, source: str, metric: str, family: str | None = None) -> float | None:
        """One value; ``family`` picks e.g. ``judge_strict`` (default: the first row, ``judge`` for judge metrics)."""
        row = self.metrics.filter((pl.col("source") == source) & (pl.col("metric") == metric)
                                  & ((pl.col("family") == family) if family else pl.lit(True)))
        return row["value"][0] if row.height else None


def evaluate(predictions: Mapping[str, str | Path | pl.DataFrame] | str | Path, reference: str | Path | pl.DataFrame,
             config: EvalConfig, *, api_key: str | None = None) -> EvalSummary:
    """Score every prediction source against ``reference`` (test.parquet or GEM test.json); write the report."""
    ref = load_reference(reference)
    if config.limit is not None:
        ref = ref.head(config.limit)
    if not isinstance(predictions, Mapping):
        predictions = {Path(predictions).stem: predictions}
    texts = {name: _align(name, spec, ref, config) for name, spec in predictions.items()}

    metric_rows: list[dict] = []
    per_sample = pl.DataFrame({"source": [s for s in texts for _ in range(ref.height)],
                               "sample_id": ref["id"].to_list() * len(texts),
                               "record_id": ref["record_id"].to_list() * len(texts),
                               "text": [t for s in texts for t in texts[s]]})

    judge_used, note, cost, judge_table = _judge(texts, ref, config, api_key)
    if judge_used:
        for source, by_aggregation in judge_table.items():
            for aggregation, agg in sorted(by_aggregation.items(), key=lambda kv: kv[0] != config.aggregation):
                family = "judge" if aggregation == config.aggregation else f"judge_{aggregation}"
                metric_rows += [_row(source, family, r.metric, r.mean, r.ci_low, r.ci_high, r.n, r.n_missing,
                                     _AGGREGATION_NOTES[aggregation]) for r in agg.rows]
        judged = pl.concat([aggs[config.aggregation].per_sample.drop("status") for aggs in judge_table.values()])
        per_sample = per_sample.join(judged.rename({"parse_ok": "judge_parse_ok", "missing": "judge_missing",
                                                    "errors": "judge_errors", "aliases_used": "judge_aliases",
                                                    "repairs": "judge_repairs", "reasked": "judge_reasked"}),
                                     on=["source", "sample_id"], how="left")

    if config.judge_free:
        rows, frame = _judge_free(texts, ref, config)
        metric_rows += rows
        per_sample = per_sample.join(frame, on=["source", "sample_id"], how="left")

    if config.label_set:
        rows, frame = _classification(texts, ref, config)
        metric_rows += rows
        per_sample = per_sample.join(frame, on=["source", "sample_id"], how="left")

    metrics = pl.DataFrame(metric_rows, schema=METRICS_SCHEMA)
    header = _header(ref, texts, config, judge_used, note, cost)
    if judge_used:
        header += "\n\n" + judge_comparison_md(judge_table, config.aggregation)
    paths = write_report(Path(config.out_dir), metrics, per_sample, header)
    return EvalSummary(out_dir=config.out_dir, sources=tuple(texts), n_reference=ref.height,
                       n_predicted={s: sum(t is not None for t in v) for s, v in texts.items()},
                       judge_used=judge_used, judge_note=note, metrics=metrics,
                       table_md=metrics_markdown(metrics), paths=paths, judge_cost_usd=cost)


# -- inputs ---------------------------------------------------------------------------------------


def load_reference(reference: str | Path | pl.DataFrame) -> pl.DataFrame:
    """The test split as a frame with at least id, record_id, answer, report (Parquet or GEM JSON)."""
    if isinstance(reference, pl.DataFrame):
        ref = reference
    elif str(reference).endswith(".parquet"):
        ref = pl.read_parquet(reference)
    else:
        rows = json.loads(Path(reference).read_text(encoding="utf-8"))
        ref = pl.DataFrame([{
            "id": r["id"], "record_id": r.get("record_id", r["id"]), "report": r.get("report", ""),
            "answer": next((t["value"] for t in r["conversations"] if t["from"] == "gpt"), None),
            "machine_measurements": json.dumps(r.get("machine_measurements")),
        } for r in rows])
    for col in ("record_id", "report", "features_summary"):
        if col not in ref.columns:
            ref = ref.with_columns(pl.col("id").alias(col) if col == "record_id" else pl.lit(None, pl.Utf8).alias(col))
    return ref


def load_predictions(spec: str | Path | pl.DataFrame) -> pl.DataFrame:
    """A predictions file (JSON array or id->text object, JSONL, Parquet, CSV) as columns id, text."""
    if isinstance(spec, pl.DataFrame):
        frame = spec
    else:
        path = Path(spec)
        suffix = path.suffix.lower()
        if suffix == ".parquet":
            frame = pl.read_parquet(path)
        elif suffix == ".csv":
            frame = pl.read_csv(path, infer_schema=False)
        elif suffix == ".jsonl":
            frame = pl.DataFrame([json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()])
        else:
            doc = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(doc, dict):
                doc = [{"id": k, "text": v} for k, v in doc.items()]
            frame = pl.DataFrame(doc)
    id_col = next((c for c in _ID_COLUMNS if c in frame.columns), None)
    text_col = next((c for c in _TEXT_COLUMNS if c in frame.columns), None)
    if id_col is None or text_col is None:
        raise ValueError(f"predictions need an id column ({'/'.join(_ID_COLUMNS)}) and a text column "
                         f"({'/'.join(_TEXT_COLUMNS)}); found {frame.columns}")
    return frame.select(pl.col(id_col).cast(pl.Utf8).alias("id"), pl.col(text_col).cast(pl.Utf8).alias("text"))


def _align(name: str, spec, ref: pl.DataFrame, config: EvalConfig) -> list[str | None]:
    """The source's text for each reference row, in reference order (None where it has none)."""
    if isinstance(spec, str) and spec in BUILTIN_SOURCES:
        return _builtin(spec, ref)
    if isinstance(spec, str) and spec.startswith(MODEL_PREFIX):
        if config.data_dir is None:
            raise ValueError(f"source {name!r}: generating with a model needs data_dir (the normalized signals)")
        spec = generate_predictions(spec[len(MODEL_PREFIX):], ref, config.data_dir,
                                    Path(config.out_dir) / f"predictions_{name}.parquet",
                                    image_root=config.image_root, max_new_tokens=config.max_new_tokens)
    preds = load_predictions(spec)
    by_id = dict(zip(preds["id"].to_list(), preds["text"].to_list()))
    out = []
    for sid, rid in zip(ref["id"].to_list(), ref["record_id"].to_list()):
        text = by_id.get(sid, by_id.get(rid))
        out.append(text if text and text.strip() else None)
    if not any(out):
        raise ValueError(f"source {name!r}: none of its ids match the reference's id or record_id")
    return out


def _builtin(spec: str, ref: pl.DataFrame) -> list[str | None]:
    if spec == "builtin:answer":
        return ref["answer"].to_list()
    if spec == "builtin:report":
        return [r or None for r in ref["report"].to_list()]
    from gem_data.llm.client import answer_of
    from gem_data.llm.template import template_response

    out = []
    for facts, report in zip(ref["features_summary"].to_list(), ref["report"].to_list()):
        out.append(answer_of(template_response(json.loads(facts), report)) if facts else None)
    return out


# -- the three families ---------------------------------------------------------------------------


def _judge(texts: dict[str, list[str | None]], ref: pl.DataFrame, config: EvalConfig,
           api_key: str | None) -> tuple[bool, str, float, dict[str, dict[str, JudgeAggregate]]]:
    """(used, note, new spend, source -> aggregation -> aggregate); every aggregation is computed."""
    if config.aggregation not in AGGREGATIONS:
        raise ValueError(f"aggregation {config.aggregation!r}: expected one of {', '.join(AGGREGATIONS)}")
    if config.judge is None:
        return False, "judge not configured: judge-free and classification scores only", 0.0, {}
    if not api_key and not config.judge.base_url:
        return False, ("judge skipped: no API key (set OPENAI_API_KEY, or a local base_url); "
                       "judge-free and classification scores only"), 0.0, {}
    judge_cfg = judge_config(config.judge)
    prompt = load_prompt(config.judge_prompt)
    pairs = [JudgePair(sid, source, truth, text)
             for source, source_texts in texts.items()
             for sid, truth, text in zip(ref["id"].to_list(), ref["answer"].to_list(), source_texts)
             if text and truth]
    ledger = config.judge_ledger or str(Path(config.out_dir) / "judge_ledger.sqlite")
    run = judge_pairs(pairs, judge_cfg, prompt, ledger, api_key)
    table = {}
    for source, source_texts in texts.items():
        verdicts: list[Verdict] = []
        for sid, text in zip(ref["id"].to_list(), source_texts):
            v = run.verdicts.get(f"{source}:{sid}")
            if v is None:
                reason = "no prediction" if not text else "no ground truth"
                v = parse_verdict(None, sample_id=sid, source=source, status=reason)
            verdicts.append(v)
        table[source] = {a: aggregate_verdicts(verdicts, a, n_boot=config.n_boot, seed=config.seed)
                         for a in AGGREGATIONS}
    cost = sum(r.cost_usd for r in run.results if not r.from_cache)
    note = (f"judge {judge_cfg.model} ({prompt.version}); {len(pairs)} verdicts, "
            f"{sum(r.from_cache for r in run.results)} of {len(run.results)} answers from the ledger, "
            f"{run.n_reasked} unreadable replies re-asked once")
    return True, note, cost, table


def judge_comparison_md(table: dict[str, dict[str, JudgeAggregate]], primary: str) -> str:
    """Both aggregations side by side per source, with n, n_missing, repairs and the excluded ids."""
    order = [primary, *(a for a in AGGREGATIONS if a != primary)]
    head = ["metric", *(f"{source} {a}" for source in table for a in order)]
    lines = [f"### LLM judge: {' vs '.join(order)} aggregation (SPEC §8; `{primary}` in the tables below)", "",
             "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for k, metric in enumerate(CRITERIA):
        cells = [metric]
        for aggs in table.values():
            for a in order:
                r = aggs[a].rows[k]
                value = "n/a" if r.mean is None else f"{r.mean:.2f}"
                cells.append(f"{value} (n={r.n}, n_missing={r.n_missing})")
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    for source, aggs in table.items():
        agg = aggs[primary]
        repairs = ", ".join(f"{kind} {agg.repair_counts[kind]}" for kind in REPAIRS if agg.repair_counts[kind])
        lines.append(f"- `{source}`: {agg.n_samples} samples, {agg.n_samples - agg.n_malformed} readable; "
                     f"repairs: {repairs or 'none'}; re-asked once: {agg.n_reasked}; "
                     f"excluded (unreadable): {', '.join(agg.excluded) or 'none'}")
    lines.append("- n_missing: gem = readable replies without the criterion (counted 0); "
                 "strict = samples without a value (unreadable ones included)")
    return "\n".join(lines)


def _judge_free(texts: dict[str, list[str | None]], ref: pl.DataFrame, config: EvalConfig) -> tuple[list[dict], pl.DataFrame]:
    rows_by_record = feature_rows_for(config.data_dir, ref["record_id"].to_list())
    features = [rows_by_record.get(r) for r in ref["record_id"].to_list()]
    rows, frames = [], []
    for source, source_texts in texts.items():
        scores, note = score_texts(source_texts, features)
        frames.append(scores.with_columns(source=pl.lit(source), sample_id=ref["id"]))
        for k, metric in enumerate(JUDGE_FREE_METRICS):
            values = scores[metric].drop_nulls().to_numpy()
            lo, hi = bootstrap_ci(values, n_boot=config.n_boot, seed=(config.seed, 100 + k))
            rows.append(_row(source, "judge_free", metric, float(values.mean()) if values.size else None,
                             lo, hi, int(values.size), scores.height - int(values.size), note))
    return rows, pl.concat(frames)


def _classification(texts: dict[str, list[str | None]], ref: pl.DataFrame,
                    config: EvalConfig) -> tuple[list[dict], pl.DataFrame]:
    label_set = cls.LABEL_SETS[config.label_set]
    y_true = _truth(ref, label_set, config)
    note = (f"{label_set.name}: truth from PTB-XL SCP codes" if config.labels_from == "scp_codes" else
            f"{label_set.name}: truth parsed from the reference {config.labels_from}")
    undefined = [c for j, c in enumerate(label_set.classes) if y_true[:, j].all() or not y_true[:, j].any()]
    if undefined:  # depends on the truth only: the same for every source
        note += f"; AUC undefined for {', '.join(undefined)} (no positive or no negative case: excluded)"
    rows, frames = [], []
    for source, source_texts in texts.items():
        y_pred = cls.parse_labels(source_texts, label_set)
        m = cls.multilabel_metrics(y_true, y_pred, classes=label_set.classes)
        n_missing = ref.height - sum(t is not None for t in source_texts)
        rows += [
            _row(source, "classification", "macro_AUC", None if m.macro_auc is None else 100 * m.macro_auc,
                 None, None, m.n_samples, n_missing, note),
            _row(source, "classification", "macro_F1", 100 * m.macro_f1, None, None, m.n_samples, n_missing, note),
            _row(source, "classification", "hamming_loss", 100 * m.hamming_loss, None, None, m.n_samples,
                 n_missing, note),
        ]
        frames.append(pl.DataFrame({"source": [source] * ref.height, "sample_id": ref["id"],
                                    "labels_true": _names(y_true, label_set.classes),
                                    "labels_pred": _names(y_pred, label_set.classes)}))
    return rows, pl.concat(frames)


def _names(y: np.ndarray, classes: tuple[str, ...]) -> list[str]:
    return [",".join(c for c, on in zip(classes, row) if on) for row in y]


def _truth(ref: pl.DataFrame, label_set: cls.LabelSet, config: EvalConfig) -> np.ndarray:
    """(n, k) bool truth labels: parsed from a reference text column, or mapped from PTB-XL SCP codes
    (the reference's ``scp_codes`` column, else the catalog's ``labels`` under ``data_dir``)."""
    if config.labels_from != "scp_codes":
        return cls.parse_labels(ref[config.labels_from].to_list(), label_set)
    if config.scp_statements is None:
        raise ValueError('labels_from="scp_codes" needs scp_statements (PTB-XL scp_statements.csv)')
    table = cls.load_scp_statements(config.scp_statements)
    if "scp_codes" in ref.columns:
        codes = ref["scp_codes"].to_list()
    else:
        catalog = read_catalog(DataLayout(Path(config.data_dir))) if config.data_dir else None
        by_id = dict(zip(catalog["record_id"], catalog["labels"])) if catalog is not None else {}
        codes = [by_id.get(r) for r in ref["record_id"].to_list()]
    return np.stack([cls.labels_from_codes(c, table, label_set.classes) for c in codes]) if codes else \
        np.zeros((0, len(label_set.classes)), dtype=bool)


def _row(source, family, metric, value, lo, hi, n, n_missing, note=None) -> dict:
    return {"source": source, "family": family, "metric": metric, "value": value, "ci_low": lo,
            "ci_high": hi, "n": n, "n_missing": n_missing, "note": note}


def _header(ref: pl.DataFrame, texts: dict, config: EvalConfig, judge_used: bool, note: str, cost: float) -> str:
    lines = ["# Evaluation report", "",
             f"- reference: {ref.height} test samples",
             "- sources: " + ", ".join(f"`{s}` ({sum(t is not None for t in v)} texts)" for s, v in texts.items()),
             f"- judge: {note}" + (f"; new spend {cost:.4f} USD" if judge_used else ""),
             f"- bootstrap: {config.n_boot} resamples, seed {config.seed}, 95 % percentile CIs in brackets",
             "- units: judge metrics as in the paper (SPEC §8); grounding precision and rates in %; "
             "classification in % (AUC x 100, Hamming loss x 100)"]
    return "\n".join(lines)
