"""The eight judge metrics, aggregated exactly as in SPEC §8, with seeded bootstrap 95 % CIs.

Per sample ``i`` (``s`` = the item scores the judge gave criterion ``c`` for that sample):

| metric | per-sample value | scale |
|---|---|---|
| DiagnosisAccuracy | 100 * #{s > 0} / #s (share of judged diagnoses not wrong; undefined when none judged) | % |
| AnalysisCompleteness | sum(s) (+1 per key finding covered) | count |
| AnalysisRelevance | sum(s) (+2/+1/0 per point) | points |
| LeadAssessmentCoverage | min(sum(s), 12) / 12 * 100 | % of 12 leads |
| LeadAssessmentAccuracy | sum(s) / 24 * 100 (12 leads x 2 points) | % |
| ECGFeatureGrounding | mean(s) (one 0/50/80/100 grade) | 0-100 |
| EvidenceBasedReasoning | mean(s) | 0-100 |
| ClinicalDiagnosticFidelity | mean(s) | 0-100 |

A metric's value is the mean over the samples where it is defined. A sample whose judge answer was
malformed, or lacked the criterion, or gave an off-scale score, has no value for that metric: it is
left out of that mean and counted in ``n_missing`` next to it, never silently zeroed or dropped.
(The released GEM notebook differs: it averages only the positive item scores of DiagnosisAccuracy
and of the three 0-100 grades, and drops two of the eight criteria through a key-name mismatch.)

CIs: percentile bootstrap over samples (resampled with replacement, ``n_boot`` times, NumPy's PCG64
seeded with ``(seed, metric index)``), so the same inputs give the same interval on any machine.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
import polars as pl

from gem_model.evaluation.judge import CRITERIA, Verdict

# paper units / values for side-by-side reading (SPEC §8, MIMIC-IV-ECG test set of 2,381)
PAPER: dict[str, dict[str, float]] = {
    "PULSE": dict(zip(CRITERIA, (75.94, 2.37, 2.39, 5.84, 2.00, 50.18, 52.40, 51.63))),
    "GEM (LLaVA-7B)": dict(zip(CRITERIA, (86.34, 4.41, 5.01, 51.60, 33.27, 74.48, 75.09, 75.28))),
}


def _share_positive(s: np.ndarray) -> float | None:
    return 100.0 * float(np.mean(s > 0)) if s.size else None


def _total(s: np.ndarray) -> float:
    return float(s.sum())


def _coverage(s: np.ndarray) -> float:
    return min(float(s.sum()), 12.0) / 12.0 * 100.0


def _lead_accuracy(s: np.ndarray) -> float:
    return float(s.sum()) / 24.0 * 100.0


def _grade(s: np.ndarray) -> float | None:
    return float(s.mean()) if s.size else None


PER_SAMPLE: dict[str, Callable[[np.ndarray], float | None]] = {
    "DiagnosisAccuracy": _share_positive,
    "AnalysisCompleteness": _total,
    "AnalysisRelevance": _total,
    "LeadAssessmentCoverage": _coverage,
    "LeadAssessmentAccuracy": _lead_accuracy,
    "ECGFeatureGrounding": _grade,
    "EvidenceBasedReasoning": _grade,
    "ClinicalDiagnosticFidelity": _grade,
}


@dataclass(frozen=True)
class MetricRow:
    metric: str
    mean: float | None
    ci_low: float | None
    ci_high: float | None
    n: int  # samples with a value
    n_missing: int  # samples without one (malformed, missing criterion, off-scale, failed request)


@dataclass(frozen=True)
class JudgeAggregate:
    rows: tuple[MetricRow, ...]
    per_sample: pl.DataFrame  # one row per verdict: ids, the eight per-sample values, problems
    n_samples: int
    n_malformed: int

    def as_dict(self) -> dict[str, float | None]:
        return {r.metric: r.mean for r in self.rows}


def per_sample_values(verdict: Verdict) -> dict[str, float | None]:
    """The eight per-sample values of one verdict (None where undefined)."""
    out: dict[str, float | None] = {}
    for metric, fn in PER_SAMPLE.items():
        s = verdict.scores.get(metric)
        out[metric] = None if s is None else fn(np.asarray(s, dtype=np.float64))
    return out


def aggregate_verdicts(verdicts: Sequence[Verdict], *, n_boot: int = 1000, seed: int = 0,
                       confidence: float = 0.95) -> JudgeAggregate:
    """Per-sample table, per-metric means over defined samples and bootstrap CIs (see module doc)."""
    records = []
    for v in verdicts:
        values = per_sample_values(v)
        records.append({"sample_id": v.sample_id, "source": v.source, "status": v.status,
                        "parse_ok": v.parse_ok, **values, "missing": ", ".join(v.missing),
                        "errors": " | ".join(v.errors), "aliases_used": ", ".join(v.aliases_used)})
    schema = {"sample_id": pl.Utf8, "source": pl.Utf8, "status": pl.Utf8, "parse_ok": pl.Boolean,
              **{m: pl.Float64 for m in PER_SAMPLE}, "missing": pl.Utf8, "errors": pl.Utf8,
              "aliases_used": pl.Utf8}
    table = pl.DataFrame(records, schema=schema)
    rows = []
    for k, metric in enumerate(PER_SAMPLE):
        values = table[metric].drop_nulls().to_numpy()
        low, high = bootstrap_ci(values, n_boot=n_boot, seed=(seed, k), confidence=confidence)
        rows.append(MetricRow(metric=metric, mean=float(values.mean()) if values.size else None,
                              ci_low=low, ci_high=high, n=int(values.size),
                              n_missing=table.height - int(values.size)))
    return JudgeAggregate(rows=tuple(rows), per_sample=table, n_samples=table.height,
                          n_malformed=int((~table["parse_ok"]).sum()) if table.height else 0)


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
