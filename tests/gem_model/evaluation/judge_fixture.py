"""Four judge answers covering what real judges return, with the metric values computed by hand.

s1: canonical key names, clean JSON, 14 lead-coverage items (the coverage clips at 12).
s2: the released prompt's names (GroundedECGUnderstanding, RealisticDiagnosticProcess), a ```json fence,
    a trailing comma, lower-case ``score`` and a bare number for one grade.
s3: malformed (truncated) JSON: no criterion can be read.
s4: two criteria missing, one itemised score off its 0/1/2 scale, one grade off the 0/50/80/100 scale.
"""
from __future__ import annotations

import json


def _items(scores):
    return [{"Item": f"item {i}", "Score": s, "Explanation": "because"} for i, s in enumerate(scores)]


S1 = json.dumps({
    "DiagnosisAccuracy": _items([2, 1, 0]),
    "AnalysisCompleteness": _items([1, 1, 0, 1]),
    "AnalysisRelevance": _items([2, 2, 1]),
    "LeadAssessmentCoverage": _items([1] * 14),
    "LeadAssessmentAccuracy": _items([2] * 6),
    "ECGFeatureGrounding": {"Score": 80, "Explanation": "mostly grounded"},
    "EvidenceBasedReasoning": {"Score": 50, "Explanation": "partly"},
    "ClinicalDiagnosticFidelity": {"Score": 100, "Explanation": "textbook order"},
})

S2 = "```json\n" + json.dumps({
    "DiagnosisAccuracy": _items([0, 0]),
    "AnalysisCompleteness": _items([1]),
    "AnalysisRelevance": [{"item": "rate", "score": 0}, {"item": "axis", "score": 1}],
    "LeadAssessmentCoverage": _items([1] * 6),
    "LeadAssessmentAccuracy": _items([1] * 6),
    "GroundedECGUnderstanding": [{"Score": 50, "Explanation": "vague"}],
    "EvidenceBasedReasoning": {"Score": 0, "Explanation": "none"},
    "RealisticDiagnosticProcess": 80,
}, indent=1)[:-2] + ",\n}\n```"  # a trailing comma before the closing brace

S3 = S1[: len(S1) // 2]

S4 = json.dumps({
    "DiagnosisAccuracy": _items([1, 1]),
    "AnalysisCompleteness": _items([1, 1]),
    "LeadAssessmentCoverage": _items([1, 1, 1]),
    "LeadAssessmentAccuracy": _items([2, 2, 3]),
    "ECGFeatureGrounding": {"Score": 65, "Explanation": "off scale"},
    "EvidenceBasedReasoning": {"Score": 100, "Explanation": "clear"},
})

ANSWERS = {"s1": S1, "s2": S2, "s3": S3, "s4": S4}

# per-sample values, by hand from SPEC §8 (None = undefined for that sample)
PER_SAMPLE = {
    "s1": {"DiagnosisAccuracy": 200 / 3, "AnalysisCompleteness": 3, "AnalysisRelevance": 5,
           "LeadAssessmentCoverage": 100, "LeadAssessmentAccuracy": 50, "ECGFeatureGrounding": 80,
           "EvidenceBasedReasoning": 50, "ClinicalDiagnosticFidelity": 100},
    "s2": {"DiagnosisAccuracy": 0, "AnalysisCompleteness": 1, "AnalysisRelevance": 1,
           "LeadAssessmentCoverage": 50, "LeadAssessmentAccuracy": 25, "ECGFeatureGrounding": 50,
           "EvidenceBasedReasoning": 0, "ClinicalDiagnosticFidelity": 80},
    "s3": dict.fromkeys(("DiagnosisAccuracy", "AnalysisCompleteness", "AnalysisRelevance",
                         "LeadAssessmentCoverage", "LeadAssessmentAccuracy", "ECGFeatureGrounding",
                         "EvidenceBasedReasoning", "ClinicalDiagnosticFidelity")),
    "s4": {"DiagnosisAccuracy": 100, "AnalysisCompleteness": 2, "AnalysisRelevance": None,
           "LeadAssessmentCoverage": 25, "LeadAssessmentAccuracy": None, "ECGFeatureGrounding": None,
           "EvidenceBasedReasoning": 100, "ClinicalDiagnosticFidelity": None},
}

# metric -> (mean over defined samples, n defined, n missing)
MEANS = {
    "DiagnosisAccuracy": ((200 / 3 + 0 + 100) / 3, 3, 1),
    "AnalysisCompleteness": ((3 + 1 + 2) / 3, 3, 1),
    "AnalysisRelevance": ((5 + 1) / 2, 2, 2),
    "LeadAssessmentCoverage": ((100 + 50 + 25) / 3, 3, 1),
    "LeadAssessmentAccuracy": ((50 + 25) / 2, 2, 2),
    "ECGFeatureGrounding": ((80 + 50) / 2, 2, 2),
    "EvidenceBasedReasoning": ((50 + 0 + 100) / 3, 3, 1),
    "ClinicalDiagnosticFidelity": ((100 + 80) / 2, 2, 2),
}
