"""GEM-compatible and strict aggregation (SPEC §8) of the 34 hand-written replies, against hand values."""
from __future__ import annotations

import numpy as np
import pytest

from gem_model.evaluation.aggregate import aggregate_verdicts, bootstrap_ci
from gem_model.evaluation.judge import CRITERIA, parse_verdict
from tests.gem_model.evaluation.judge_replies import GEM, REPLIES, STRICT, UNREADABLE

# the means of the GEM and STRICT tables in judge_replies.py, worked out by hand and rounded to 2 dp
# (e.g. gem DiagnosisAccuracy: (15 x 100 + 6 x 50 + 3 x 200/3 + 100/3 + 75) / 30 = 2108.33 / 30 = 70.28)
GEM_TABLE = {"DiagnosisAccuracy": 70.28, "AnalysisCompleteness": 1.97, "AnalysisRelevance": 2.90,
             "LeadAssessmentCoverage": 62.50, "LeadAssessmentAccuracy": 42.64, "ECGFeatureGrounding": 70.00,
             "EvidenceBasedReasoning": 63.67, "ClinicalDiagnosticFidelity": 69.00}
STRICT_TABLE = {"DiagnosisAccuracy": 75.30, "AnalysisCompleteness": 2.11, "AnalysisRelevance": 3.11,
                "LeadAssessmentCoverage": 64.66, "LeadAssessmentAccuracy": 45.68, "ECGFeatureGrounding": 68.21,
                "EvidenceBasedReasoning": 68.89, "ClinicalDiagnosticFidelity": 71.07}
# readable replies without the criterion (absent, off-scale or invalid), by hand from the replies
GEM_MISSING = {"DiagnosisAccuracy": 1, "AnalysisCompleteness": 2, "AnalysisRelevance": 2,
               "LeadAssessmentCoverage": 1, "LeadAssessmentAccuracy": 2, "ECGFeatureGrounding": 2,
               "EvidenceBasedReasoning": 3, "ClinicalDiagnosticFidelity": 2}


def _verdicts():
    return [parse_verdict(text, sample_id=sid, source="model", finish_reason=fr) for sid, (text, fr) in REPLIES.items()]


def test_the_hand_tables_agree_with_the_hand_per_sample_values():
    # guards the fixture itself: the golden means are the means of the per-sample tables
    for k, metric in enumerate(CRITERIA):
        gem = [GEM[s][k] for s in GEM]
        strict = [STRICT[s][k] for s in STRICT if STRICT[s][k] is not None]
        assert round(sum(gem) / len(gem), 2) == pytest.approx(GEM_TABLE[metric]), metric
        assert round(sum(strict) / len(strict), 2) == pytest.approx(STRICT_TABLE[metric]), metric


def test_gem_aggregates_equal_the_hand_values_with_unreadable_replies_excluded():
    agg = aggregate_verdicts(_verdicts(), "gem", n_boot=200, seed=3)
    rows = {r.metric: r for r in agg.rows}
    assert list(rows) == list(CRITERIA)  # all eight, in the paper's order
    for metric, expected in GEM_TABLE.items():
        assert rows[metric].mean == pytest.approx(expected, abs=0.01), metric
        assert rows[metric].mean == round(rows[metric].mean, 2)  # rounded at the end (SPEC §8)
        assert (rows[metric].n, rows[metric].n_missing) == (30, GEM_MISSING[metric]), metric
        assert rows[metric].ci_low <= rows[metric].mean + 0.005 and rows[metric].mean - 0.005 <= rows[metric].ci_high
    assert agg.excluded == UNREADABLE and agg.n_malformed == 4 and agg.n_samples == 34
    assert agg.repair_counts == {"fence_or_prose": 4, "smart_quotes": 4, "plus_sign": 3, "trailing_comma": 4,
                                 "closing_brackets": 3, "python_literal": 4}


def test_strict_aggregates_keep_the_earlier_policy():
    agg = aggregate_verdicts(_verdicts(), "strict", n_boot=200, seed=3)
    for k, row in enumerate(agg.rows):
        n = sum(STRICT[s][k] is not None for s in STRICT)
        assert row.mean == pytest.approx(STRICT_TABLE[row.metric], abs=0.01), row.metric
        assert (row.n, row.n_missing) == (n, 34 - n), row.metric


@pytest.mark.parametrize("aggregation, table", [("gem", GEM), ("strict", STRICT)])
def test_per_sample_values_match_hand_computation(aggregation, table):
    agg = aggregate_verdicts(_verdicts(), aggregation, n_boot=10)
    got = {row["sample_id"]: row for row in agg.per_sample.iter_rows(named=True)}
    for sid, values in table.items():
        for metric, value in zip(CRITERIA, values):
            assert got[sid][metric] == (None if value is None else pytest.approx(value)), (sid, metric)
    for sid in UNREADABLE:  # excluded from every mean, and the reason is kept
        assert all(got[sid][m] is None for m in CRITERIA) and got[sid]["errors"].startswith("unreadable")
    assert got["r08"]["repairs"] == "fence_or_prose, smart_quotes, plus_sign, trailing_comma, closing_brackets"


def test_an_unknown_aggregation_is_refused_by_name():
    with pytest.raises(ValueError, match="aggregation 'paper'"):
        aggregate_verdicts(_verdicts(), "paper")


def test_bootstrap_is_seeded_and_matches_a_direct_resample():
    values = np.array([0.0, 50.0, 80.0, 100.0, 80.0, 50.0])
    a = bootstrap_ci(values, n_boot=500, seed=(7, 0))
    assert a == bootstrap_ci(values, n_boot=500, seed=(7, 0))  # reproducible
    assert a != bootstrap_ci(values, n_boot=500, seed=(8, 0))
    rng = np.random.default_rng((7, 0))
    means = values[rng.integers(0, 6, size=(500, 6))].mean(axis=1)
    assert a == pytest.approx(tuple(np.quantile(means, [0.025, 0.975])))
    assert bootstrap_ci(np.full(9, 80.0), n_boot=100, seed=0) == (80.0, 80.0)
    assert bootstrap_ci(np.array([]), n_boot=100, seed=0) == (None, None)
