"""The eight judge metrics aggregated two ways (SPEC §8), with seeded bootstrap 95 % CIs.

``aggregation="gem"`` is what GEM's released scoring computes, so our table sits beside the paper's;
``"strict"`` is our earlier policy, which never turns an absent or unreadable criterion into a value.
Per sample (``s`` = the item scores the judge gave criterion ``c``; ``-`` = no value for that sample):

| metric | gem | strict |
|---|---|---|
| DiagnosisAccuracy | 100 * #{s > 0} / #s, 0 when no items | same, - when no items |
| AnalysisCompleteness | sum(s) | sum(s) |
| AnalysisRelevance | sum(s) | sum(s) |
| LeadAssessmentCoverage | min(sum(s), 12) / 12 * 100 | same |
| LeadAssessmentAccuracy | sum(s) / 24 * 100 (not clipped) | same |
| ECGFeatureGrounding, EvidenceBasedReasoning, ClinicalDiagnosticFidelity | sum(s) | mean(s) |
| criterion absent, off-scale or invalid | counts as no items (0 everywhere) | - |
| reply unreadable (refusal, cut off, no criterion) | excluded from every mean, listed | - |

A metric's value is the mean over the samples that have one; ``gem`` rounds it to 2 dp at the end
(SPEC §8). ``n`` counts those samples. ``n_missing`` counts, for ``gem``, the readable samples whose
criterion was absent or invalid and so counted 0; for ``strict``, every sample without a value
(unreadable replies included). Unreadable sample ids are in ``excluded``; repairs are counted per kind.

CIs: percentile bootstrap over samples (resampled with replacement, ``n_boot`` times, NumPy's PCG64
seeded with ``(seed, metric index)``), so the same inputs give the same interval on any machine.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np
import polars as pl

from gem_model.evaluation.judge import CRITERIA, REPAIRS, Verdict

# paper units / values for side-by-side reading (SPEC §8, MIMIC-IV-ECG test set of 2,381)
PAPER: dict[str, dict[str, float]] = {
    "PULSE": dict(zip(CRITERIA, (75.94, 2.37, 2.39, 5.84, 2.00, 50.18, 52.40, 51.63))),
    "GEM (LLaVA-7B)": dict(zip(CRITERIA, (86.34, 4.41, 5.01, 51.60, 33.27, 74.48, 75.09, 75.28))),
}


def _share_positive(s: np.ndarray) -> float | None:
    return 100.0 * float(np.mean(s > 0)) if s.size else None


def _share_positive_or_zero(s: np.ndarray) -> float:
    return 100.0 * float(np.mean(s > 0)) if s.size else 0.0


def _total(s: np.ndarray) -> float:
    return float(s.sum())


def _coverage(s: np.ndarray) -> float:
    return min(float(s.sum()), 12.0) / 12.0 * 100.0


def _lead_accuracy(s: np.ndarray) -> float:
    return float(s.sum()) / 24.0 * 100.0


def _grade(s: np.ndarray) -> float | None:
    return float(s.mean()) if s.size else None


# aggregation -> metric -> per-sample value of the item scores (see the module table)
PER_SAMPLE: dict[str, dict[str, Callable[[np.ndarray], float | None]]] = {
    "gem": {
        "DiagnosisAccuracy": _share_positive_or_zero,
        "AnalysisCompleteness": _total,
        "AnalysisRelevance": _total,
        "LeadAssessmentCoverage": _coverage,
        "LeadAssessmentAccuracy": _lead_accuracy,
        "ECGFeatureGrounding": _total,
        "EvidenceBasedReasoning": _total,
        "ClinicalDiagnosticFidelity": _total,
    },
    "strict": {
        "DiagnosisAccuracy": _share_positive,
        "AnalysisCompleteness": _total,
        "AnalysisRelevance": _total,
        "LeadAssessmentCoverage": _coverage,
        "LeadAssessmentAccuracy": _lead_accuracy,
        "ECGFeatureGrounding": _grade,
        "EvidenceBasedReasoning": _grade,
        "ClinicalDiagnosticFidelity": _grade,
    },
}
AGGREGATIONS: tuple[str, ...] = tuple(PER_SAMPLE)


@dataclass(frozen=True)
class MetricRow:
    metric: str
    mean: float | None
    ci_low: float | None
    ci_high: float | None
    n: int  # samples in the mean
    n_missing: int  # gem: readable samples without the criterion (counted 0); strict: samples without a value


@dataclass(frozen=True)
class JudgeAggregate:
    rows: tuple[MetricRow, ...]
    per_sample: pl.DataFrame  # one row per verdict: ids, the eight per-sample values, problems, repairs
    n_samples: int
    n_malformed: int  # unreadable replies (excluded from every gem mean)
    aggregation: str = "gem"
    excluded: tuple[str, ...] = ()  # sample ids of the unreadable replies
    repair_counts: dict[str, int] = field(default_factory=dict)  # repair kind -> readable replies needing it
    n_reasked: int = 0

    def as_dict(self) -> dict[str, float | None]:
        return {r.metric: r.mean for r in self.rows}


def per_sample_values(verdict: Verdict, aggregation: str = "gem") -> dict[str, float | None]:
    """The eight per-sample values of one verdict under ``aggregation`` (None where it has none)."""
    out: dict[str, float | None] = {}
    for metric, fn in PER_SAMPLE[aggregation].items():
        s = verdict.scores.get(metric)
        if not verdict.parse_ok or (s is None and aggregation == "strict"):
            out[metric] = None
        else:  # gem: an absent criterion is a criterion without items
            out[metric] = fn(np.asarray(s or (), dtype=np.float64))
    return out


def aggregate_verdicts(verdicts: Sequence[Verdict], aggregation: str = "gem", *, n_boot: int = 1000,
                       seed: int = 0, confidence: float = 0.95) -> JudgeAggregate:
    """Per-sample table, per-metric means and bootstrap CIs under ``gem`` or ``strict`` (module doc)."""
    if aggregation not in PER_SAMPLE:
        raise ValueError(f"aggregation {aggregation!r}: expected one of {', '.join(AGGREGATIONS)}")
    records = []
    for v in verdicts:
        records.append({"sample_id": v.sample_id, "source": v.source, "status": v.status,
                        "parse_ok": v.parse_ok, **per_sample_values(v, aggregation),
                        "missing": ", ".join(v.missing), "errors": " | ".join(v.errors),
                        "aliases_used": ", ".join(v.aliases_used), "repairs": ", ".join(v.repairs),
                        "reasked": v.reasked})
    schema = {"sample_id": pl.Utf8, "source": pl.Utf8, "status": pl.Utf8, "parse_ok": pl.Boolean,
              **{m: pl.Float64 for m in CRITERIA}, "missing": pl.Utf8, "errors": pl.Utf8,
              "aliases_used": pl.Utf8, "repairs": pl.Utf8, "reasked": pl.Boolean}
    table = pl.DataFrame(records, schema=schema)
    readable = [v for v in verdicts if v.parse_ok]
    rows = []
    for k, metric in enumerate(CRITERIA):
        values = table[metric].drop_nulls().to_numpy()
        low, high = bootstrap_ci(values, n_boot=n_boot, seed=(seed, k), confidence=confidence)
        mean = float(values.mean()) if values.size else None
        if aggregation == "gem":
            mean = None if mean is None else round(mean, 2)
            n_missing = sum(metric not in v.scores for v in readable)
        else:
            n_missing = table.height - int(values.size)
        rows.append(MetricRow(metric=metric, mean=mean, ci_low=low, ci_high=high, n=int(values.size),
                              n_missing=n_missing))
    repairs = Counter(kind for v in readable for kind in v.repairs)
    return JudgeAggregate(rows=tuple(rows), per_sample=table, n_samples=table.height,
                          n_malformed=len(verdicts) - len(readable), aggregation=aggregation,
                          excluded=tuple(v.sample_id for v in verdicts if not v.parse_ok),
                          repair_counts={kind: repairs[kind] for kind in REPAIRS},
                          n_reasked=sum(v.reasked for v in verdicts))


def bootstrap_ci(values: np.ndarray, *, n_boot: int, seed: int | tuple[int, ...],
                 confidence: float = 0.95) -> tuple[float | None, float | None]:
    """Percentile bootstrap CI of the mean of ``values`` (n,); None when there is nothing to resample."""
    values = np.asarray(values, dtype=np.float64)
    if values.size == 0 or n_boot < 1:
        return None, None
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, values.size, size=(n_boot, values.size))  # (n_boot, n)
    means = values[idx].mean(axis=1)  # (n_boot,)
    alpha = (1.0 - confidence) / 2.0
    low, high = np.quantile(means, [alpha, 1.0 - alpha])
    return float(low), float(high)
