"""Evaluation of interpretations on the test split: LLM judge, judge-free grounding, ECG-Bench metrics."""
import os

import dagster as dg

from assets.resources import DataStore
from gem_model.evaluation.judge import judge_llm_config
from gem_model.evaluation.run import EvalConfig, evaluate


class EvaluationConfig(dg.Config):
    """What to score and how; defaults live in gem_model.evaluation.run.EvalConfig."""

    # name=spec: a predictions file, model:<gem train folder>, or builtin:template|report|answer
    sources: list[str] = ["template=builtin:template", "machine_report=builtin:report"]
    model_dir: str | None = None  # adds source "model" generated with gem_model.inference
    max_new_tokens: int = EvalConfig.max_new_tokens
    reference: str | None = None  # default: <GEM_DATA_DIR>/dataset/test.parquet
    name: str = "default"  # report folder: <GEM_DATA_DIR>/evaluation/<name>/
    judge_model: str | None = None  # None: no judge
    judge_base_url: str | None = None
    judge_budget_usd: float | None = None
    aggregation: str = EvalConfig.aggregation  # gem (beside the paper's table) | strict
    label_set: str | None = EvalConfig.label_set
    labels_from: str = EvalConfig.labels_from
    scp_statements: str | None = None
    n_boot: int = EvalConfig.n_boot
    seed: int = EvalConfig.seed
    limit: int | None = None


class JudgeKey(dg.ConfigurableResource):
    """The judge endpoint's API key, from ``dg.EnvVar("OPENAI_API_KEY")``; unset: no paid judge."""

    api_key: str | None = None


def judge_key_resource() -> JudgeKey:
    """For definitions: the key through ``dg.EnvVar`` when the environment has one, else none."""
    if os.environ.get("OPENAI_API_KEY"):
        return JudgeKey(api_key=dg.EnvVar("OPENAI_API_KEY"))
    return JudgeKey()


@dg.asset(deps=["instruction_dataset"], group_name="evaluation", kinds={"parquet"})
def gem_evaluation(config: EvaluationConfig, store: DataStore, judge_key: JudgeKey) -> dg.MaterializeResult:
    """Interpretations of the test split scored side by side: the eight-criterion judge (when a key or a
    local endpoint is configured), judge-free grounding against each record's own features, and
    ECG-Bench classification metrics; report in GEM_DATA_DIR/evaluation/<name>/."""
    root = store.layout().root
    sources = dict(s.split("=", 1) for s in config.sources)
    if config.model_dir:
        sources["model"] = f"model:{config.model_dir}"
    judge = judge_llm_config(config.judge_model, base_url=config.judge_base_url,
                             budget_usd=config.judge_budget_usd) if config.judge_model else None
    out = root / "evaluation" / config.name
    summary = evaluate(sources, config.reference or root / "dataset" / "test.parquet", EvalConfig(
        out_dir=str(out), judge=judge, judge_ledger=str(root / "evaluation" / "judge_ledger.sqlite"),
        aggregation=config.aggregation,
        data_dir=str(root), label_set=config.label_set, labels_from=config.labels_from,
        scp_statements=config.scp_statements, n_boot=config.n_boot, seed=config.seed, limit=config.limit,
        max_new_tokens=config.max_new_tokens,
    ), api_key=judge_key.api_key)
    return dg.MaterializeResult(metadata={
        "dagster/row_count": summary.n_reference,
        "sources": dg.MetadataValue.json(summary.n_predicted),
        "judge": summary.judge_note,
        "judge_cost_usd": round(summary.judge_cost_usd, 4),
        "report": dg.MetadataValue.path(summary.paths["summary"]),
        "table": dg.MetadataValue.md(summary.table_md),
    })
