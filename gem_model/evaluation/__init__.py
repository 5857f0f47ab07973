"""Evaluation of ECG interpretations (issue 9): the eight-criterion judge, judge-free grounding, ECG-Bench.

Entry point: :func:`evaluate` (``run.py``), used by the ``gem_evaluation`` asset and ``gem evaluate``.
Where each concern lives:

- ``judge.py``: judge requests (rubric ``prompts/judge_v1.toml``) through the LLM stage's cached,
  resumable client and ledger; a tolerant pydantic parser that accepts both key namings and records
  malformed JSON, missing criteria and off-scale scores per sample.
- ``aggregate.py``: SPEC §8 aggregation (formulas in its docstring), seeded bootstrap 95 % CIs.
- ``judge_free.py``: claims per response, grounding precision, contradicted-claim rate, leads covered,
  features cited, from the grounding verifier against each record's own features.
- ``classification.py``: labels parsed from text per dataset, macro AUC (undefined classes excluded
  and reported), macro F1, Hamming loss, multiple-choice accuracy (unparseable = wrong).
- ``generate.py``: a trained model's greedy answers for the test split.
- ``report.py``: ``summary.md`` + ``metrics.parquet`` + ``per_sample.parquet``.
"""
from gem_model.evaluation.run import EvalConfig, EvalSummary, evaluate

__all__ = ["EvalConfig", "EvalSummary", "evaluate"]
