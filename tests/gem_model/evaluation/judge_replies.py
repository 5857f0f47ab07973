"""34 raw judge replies written by hand in the shapes real judges (GPT-4o and friends) return, with
the per-sample values of both aggregations computed by hand from SPEC §8.

Readable (30): clean JSON under both key namings; a ```json fence and prose around the object;
“smart quotes” as delimiters (and, in r23, only inside ASCII strings, where they are text); +2;
trailing commas; a missing final bracket; Python-literal dicts (single quotes, True, None); two
combinations of faults; every criterion missing at least once; several item scores for a 0-100
criterion; 14 coverage items (clipped at 12); an empty diagnosis list; an off-scale grade (65); a
``None`` score; lower-case keys, spaces in names, string scores, bare-number grades; a criterion given
under both names. Unreadable (4): a refusal in prose, a refusal as JSON (no criterion), a reply cut
mid-string at max tokens, a reply cut between items at max tokens.

Order of a value tuple: DiagnosisAccuracy, AnalysisCompleteness, AnalysisRelevance,
LeadAssessmentCoverage, LeadAssessmentAccuracy, ECGFeatureGrounding, EvidenceBasedReasoning,
ClinicalDiagnosticFidelity. ``None`` in STRICT = no value for that sample.
"""
from __future__ import annotations

R01 = """{
  "DiagnosisAccuracy": [
    {"Item": "sinus rhythm", "Score": 2, "Explanation": "named and correct"},
    {"Item": "left axis deviation", "Score": 1, "Explanation": "axis mentioned, not quantified"},
    {"Item": "first-degree AV block", "Score": 0, "Explanation": "missed"}
  ],
  "AnalysisCompleteness": [
    {"Item": "rate", "Score": 1, "Explanation": "given"},
    {"Item": "PR interval", "Score": 1, "Explanation": "given"},
    {"Item": "QT interval", "Score": 0, "Explanation": "absent"},
    {"Item": "axis", "Score": 1, "Explanation": "given"}
  ],
  "AnalysisRelevance": [
    {"Item": "rate", "Score": 2, "Explanation": "relevant"},
    {"Item": "P waves", "Score": 2, "Explanation": "relevant"},
    {"Item": "T waves", "Score": 1, "Explanation": "partly relevant"}
  ],
  "LeadAssessmentCoverage": [
    {"Lead": "I", "Score": 1}, {"Lead": "II", "Score": 1}, {"Lead": "III", "Score": 1},
    {"Lead": "aVR", "Score": 1}, {"Lead": "aVL", "Score": 1}, {"Lead": "aVF", "Score": 1},
    {"Lead": "V1", "Score": 1}, {"Lead": "V2", "Score": 1}, {"Lead": "V3", "Score": 1},
    {"Lead": "V4", "Score": 1}, {"Lead": "V5", "Score": 1}, {"Lead": "V6", "Score": 1}
  ],
  "LeadAssessmentAccuracy": [
    {"Lead": "I", "Score": 2}, {"Lead": "II", "Score": 2}, {"Lead": "III", "Score": 1},
    {"Lead": "aVR", "Score": 0}, {"Lead": "aVL", "Score": 1}, {"Lead": "aVF", "Score": 2}
  ],
  "ECGFeatureGrounding": {"Score": 80, "Explanation": "most statements cite measurements"},
  "EvidenceBasedReasoning": {"Score": 50, "Explanation": "reasoning partly shown"},
  "ClinicalDiagnosticFidelity": {"Score": 100, "Explanation": "systematic, clinician-like"}
}"""

R02 = """{"DiagnosisAccuracy": [{"Item": "atrial fibrillation", "Score": 2, "Explanation": "correct"}, {"Item": "rapid ventricular response", "Score": 2, "Explanation": "correct"}],
"AnalysisCompleteness": [{"Item": "irregular RR", "Score": 1, "Explanation": "noted"}, {"Item": "absent P waves", "Score": 1, "Explanation": "noted"}, {"Item": "rate", "Score": 1, "Explanation": "noted"}],
"AnalysisRelevance": [{"Item": "RR irregularity", "Score": 2, "Explanation": "key"}, {"Item": "QRS width", "Score": 1, "Explanation": "minor"}, {"Item": "axis", "Score": 1, "Explanation": "minor"}],
"LeadAssessmentCoverage": [{"Lead": "I", "Score": 1}, {"Lead": "II", "Score": 1}, {"Lead": "III", "Score": 1}, {"Lead": "V1", "Score": 1}, {"Lead": "V5", "Score": 1}, {"Lead": "V6", "Score": 1}],
"LeadAssessmentAccuracy": [{"Lead": "I", "Score": 2}, {"Lead": "II", "Score": 2}, {"Lead": "III", "Score": 2}, {"Lead": "V1", "Score": 2}, {"Lead": "V5", "Score": 2}, {"Lead": "V6", "Score": 2}],
"GroundedECGUnderstanding": {"Score": 100, "Explanation": "every claim grounded"},
"EvidenceBasedReasoning": {"Score": 80, "Explanation": "sound"},
"RealisticDiagnosticProcess": {"Score": 80, "Explanation": "realistic order"}}"""

R03 = """Here is my evaluation of the generated interpretation:

```json
{
  "DiagnosisAccuracy": [{"Item": "sinus bradycardia", "Score": 1, "Explanation": "rate right, label vague"}],
  "AnalysisCompleteness": [{"Item": "rate", "Score": 1, "Explanation": "given"}, {"Item": "QTc", "Score": 0, "Explanation": "absent"}],
  "AnalysisRelevance": [{"Item": "rate", "Score": 1, "Explanation": "ok"}, {"Item": "rhythm", "Score": 1, "Explanation": "ok"}],
  "LeadAssessmentCoverage": [{"Lead": "II", "Score": 1}, {"Lead": "V1", "Score": 1}, {"Lead": "V5", "Score": 1}],
  "LeadAssessmentAccuracy": [{"Lead": "II", "Score": 1}, {"Lead": "V1", "Score": 1}, {"Lead": "V5", "Score": 1}],
  "ECGFeatureGrounding": {"Score": 50, "Explanation": "some numbers"},
  "EvidenceBasedReasoning": {"Score": 50, "Explanation": "thin"},
  "ClinicalDiagnosticFidelity": {"Score": 50, "Explanation": "partial"}
}
```

Let me know if you need the scores in another format."""

R04 = """{“DiagnosisAccuracy”: [{“Item”: “inferior MI”, “Score”: 2, “Explanation”: “Q waves in II, III, aVF named”}, {“Item”: “LVH”, “Score”: 0, “Explanation”: “the patient’s voltage criteria were not met”}],
“AnalysisCompleteness”: [{“Item”: “Q waves”, “Score”: 1, “Explanation”: “noted”}, {“Item”: “ST segments”, “Score”: 1, “Explanation”: “noted”}],
“AnalysisRelevance”: [{“Item”: “Q waves”, “Score”: 2, “Explanation”: “central”}],
“LeadAssessmentCoverage”: [{“Lead”: “I”, “Score”: 1}, {“Lead”: “II”, “Score”: 1}, {“Lead”: “III”, “Score”: 1}, {“Lead”: “aVR”, “Score”: 1}, {“Lead”: “aVL”, “Score”: 1}, {“Lead”: “aVF”, “Score”: 1}, {“Lead”: “V1”, “Score”: 1}, {“Lead”: “V2”, “Score”: 1}, {“Lead”: “V3”, “Score”: 1}],
“LeadAssessmentAccuracy”: [{“Lead”: “I”, “Score”: 2}, {“Lead”: “II”, “Score”: 2}, {“Lead”: “III”, “Score”: 2}, {“Lead”: “aVR”, “Score”: 1}, {“Lead”: “aVL”, “Score”: 1}, {“Lead”: “aVF”, “Score”: 1}, {“Lead”: “V1”, “Score”: 1}, {“Lead”: “V2”, “Score”: 1}, {“Lead”: “V3”, “Score”: 1}],
“ECGFeatureGrounding”: {“Score”: 80, “Explanation”: “grounded”},
“EvidenceBasedReasoning”: {“Score”: 80, “Explanation”: “clear”},
“ClinicalDiagnosticFidelity”: {“Score”: 50, “Explanation”: “order unusual”}}"""

R05 = """{"DiagnosisAccuracy": [{"Item": "RBBB", "Score": +2, "Explanation": "correct"}, {"Item": "LAFB", "Score": +1, "Explanation": "implied"}, {"Item": "sinus rhythm", "Score": 0, "Explanation": "not stated"}],
"AnalysisCompleteness": [{"Item": "QRS duration", "Score": +1}, {"Item": "axis", "Score": +1}],
"AnalysisRelevance": [{"Item": "QRS", "Score": +2}, {"Item": "axis", "Score": +2}],
"LeadAssessmentCoverage": [{"Lead": "I", "Score": +1}, {"Lead": "II", "Score": +1}, {"Lead": "III", "Score": +1}, {"Lead": "aVR", "Score": +1}, {"Lead": "aVL", "Score": +1}, {"Lead": "aVF", "Score": +1}, {"Lead": "V1", "Score": +1}, {"Lead": "V2", "Score": +1}, {"Lead": "V3", "Score": +1}, {"Lead": "V4", "Score": +1}, {"Lead": "V5", "Score": +1}, {"Lead": "V6", "Score": +1}],
"LeadAssessmentAccuracy": [{"Lead": "I", "Score": +2}, {"Lead": "II", "Score": +2}, {"Lead": "III", "Score": +2}, {"Lead": "aVR", "Score": +2}, {"Lead": "aVL", "Score": +2}, {"Lead": "aVF", "Score": +2}, {"Lead": "V1", "Score": +1}, {"Lead": "V2", "Score": +1}, {"Lead": "V3", "Score": +1}, {"Lead": "V4", "Score": +1}, {"Lead": "V5", "Score": +1}, {"Lead": "V6", "Score": +1}],
"ECGFeatureGrounding": {"Score": +100, "Explanation": "fully grounded"},
"EvidenceBasedReasoning": {"Score": +80, "Explanation": "good"},
"ClinicalDiagnosticFidelity": {"Score": +80, "Explanation": "good"}}"""

R06 = """{'DiagnosisAccuracy': [{'Item': 'hyperkalemia', 'Score': 0, 'Explanation': 'peaked T waves misread'}, {'Item': 'sinus rhythm', 'Score': 0, 'Explanation': 'called junctional'}],
 'AnalysisCompleteness': [{'Item': 'T waves', 'Score': 0, 'Explanation': 'wrong'}],
 'AnalysisRelevance': [{'Item': 'T waves', 'Score': 1, 'Explanation': "the right place to look, wrong conclusion"}],
 'LeadAssessmentCoverage': [{'Lead': 'V2', 'Score': 1}, {'Lead': 'V3', 'Score': 1}, {'Lead': 'V4', 'Score': 1}],
 'LeadAssessmentAccuracy': [{'Lead': 'V2', 'Score': 0}, {'Lead': 'V3', 'Score': 0}, {'Lead': 'V4', 'Score': 0}],
 'ECGFeatureGrounding': {'Score': 0, 'Explanation': 'invented values', 'Confident': True},
 'EvidenceBasedReasoning': {'Score': 50, 'Explanation': 'some logic'},
 'ClinicalDiagnosticFidelity': {'Score': 0, 'Explanation': 'misleading'}}"""

R07 = """{"DiagnosisAccuracy": [{"Item": "normal ECG", "Score": 2, "Explanation": "correct"}],
"AnalysisCompleteness": [{"Item": "rate", "Score": 1}, {"Item": "rhythm", "Score": 1}, {"Item": "axis", "Score": 1}, {"Item": "intervals", "Score": 1}],
"AnalysisRelevance": [{"Item": "rate", "Score": 2}, {"Item": "rhythm", "Score": 2}, {"Item": "intervals", "Score": 2}],
"LeadAssessmentCoverage": [{"Lead": "I", "Score": 1}, {"Lead": "II", "Score": 1}, {"Lead": "III", "Score": 1}, {"Lead": "aVR", "Score": 1}, {"Lead": "aVL", "Score": 1}, {"Lead": "aVF", "Score": 1}, {"Lead": "V1", "Score": 1}, {"Lead": "V2", "Score": 1}, {"Lead": "V3", "Score": 1}, {"Lead": "V4", "Score": 1}, {"Lead": "V5", "Score": 1}, {"Lead": "V6", "Score": 1}],
"LeadAssessmentAccuracy": [{"Lead": "I", "Score": 2}, {"Lead": "II", "Score": 2}, {"Lead": "III", "Score": 2}, {"Lead": "aVR", "Score": 2}, {"Lead": "aVL", "Score": 2}, {"Lead": "aVF", "Score": 2}, {"Lead": "V1", "Score": 2}, {"Lead": "V2", "Score": 2}, {"Lead": "V3", "Score": 2}, {"Lead": "V4", "Score": 2}, {"Lead": "V5", "Score": 2}, {"Lead": "V6", "Score": 2}],
"ECGFeatureGrounding": {"Score": 100, "Explanation": "grounded"},
"EvidenceBasedReasoning": {"Score": 100, "Explanation": "clear"},
"ClinicalDiagnosticFidelity": {"Score": 100, "Explanation": "exemplary"}
"""  # the judge stopped before the final brace (finish_reason "stop")

R08 = """```json
{
  “DiagnosisAccuracy”: [{“Item”: “anterior ischemia”, “Score”: +2}, {“Item”: “sinus tachycardia”, “Score”: +1},],
  “AnalysisCompleteness”: [{“Item”: “ST depression”, “Score”: 1}, {“Item”: “T inversion”, “Score”: 1}, {“Item”: “rate”, “Score”: 0}],
  “AnalysisRelevance”: [{“Item”: “ST”, “Score”: 2}, {“Item”: “T”, “Score”: 1}, {“Item”: “axis”, “Score”: 0}],
  “LeadAssessmentCoverage”: [{“Lead”: “V1”, “Score”: 1}, {“Lead”: “V2”, “Score”: 1}, {“Lead”: “V3”, “Score”: 1}, {“Lead”: “V4”, “Score”: 1}, {“Lead”: “V5”, “Score”: 1}, {“Lead”: “V6”, “Score”: 1}],
  “LeadAssessmentAccuracy”: [{“Lead”: “V1”, “Score”: 2}, {“Lead”: “V2”, “Score”: 2}, {“Lead”: “V3”, “Score”: 1}, {“Lead”: “V4”, “Score”: 1}, {“Lead”: “V5”, “Score”: 1}, {“Lead”: “V6”, “Score”: 1}],
  “ECGFeatureGrounding”: {“Score”: 80, “Explanation”: “mostly”},
  “EvidenceBasedReasoning”: {“Score”: 50, “Explanation”: “partly”},
  “ClinicalDiagnosticFidelity”: {“Score”: 80, “Explanation”: “good”},
```"""  # fence, smart quotes, +, trailing commas and the final brace missing, all at once

R09 = """{"DiagnosisAccuracy": [{"Item": "WPW", "Score": 1}, {"Item": "short PR", "Score": 1}, {"Item": "delta wave", "Score": 0}, {"Item": "SVT history", "Score": 0},],
"AnalysisCompleteness": [{"Item": "PR interval", "Score": 1},],
"AnalysisRelevance": [{"Item": "PR", "Score": 2}, {"Item": "QRS onset", "Score": 0},],
"LeadAssessmentCoverage": [{"Lead": "I", "Score": 1}, {"Lead": "II", "Score": 1}, {"Lead": "III", "Score": 1}, {"Lead": "V1", "Score": 1}, {"Lead": "V2", "Score": 1}, {"Lead": "V3", "Score": 1},],
"LeadAssessmentAccuracy": [{"Lead": "I", "Score": 1}, {"Lead": "II", "Score": 1}, {"Lead": "III", "Score": 1}, {"Lead": "V1", "Score": 1}, {"Lead": "V2", "Score": 1}, {"Lead": "V3", "Score": 1},],
"ECGFeatureGrounding": {"Score": 50, "Explanation": "partial",},
"EvidenceBasedReasoning": {"Score": 80, "Explanation": "good",},
"ClinicalDiagnosticFidelity": {"Score": 50, "Explanation": "partial",},}"""

R10 = """{"AnalysisCompleteness": [{"Item": "rate", "Score": 1}, {"Item": "axis", "Score": 1}],
"AnalysisRelevance": [{"Item": "rate", "Score": 2}, {"Item": "axis", "Score": 2}],
"LeadAssessmentCoverage": [{"Lead": "I", "Score": 1}, {"Lead": "II", "Score": 1}, {"Lead": "III", "Score": 1}, {"Lead": "aVR", "Score": 1}, {"Lead": "aVL", "Score": 1}, {"Lead": "aVF", "Score": 1}, {"Lead": "V1", "Score": 1}, {"Lead": "V2", "Score": 1}, {"Lead": "V3", "Score": 1}, {"Lead": "V4", "Score": 1}, {"Lead": "V5", "Score": 1}, {"Lead": "V6", "Score": 1}],
"LeadAssessmentAccuracy": [{"Lead": "I", "Score": 1}, {"Lead": "II", "Score": 1}, {"Lead": "III", "Score": 1}, {"Lead": "aVR", "Score": 1}, {"Lead": "aVL", "Score": 1}, {"Lead": "aVF", "Score": 1}, {"Lead": "V1", "Score": 1}, {"Lead": "V2", "Score": 1}, {"Lead": "V3", "Score": 1}, {"Lead": "V4", "Score": 1}, {"Lead": "V5", "Score": 1}, {"Lead": "V6", "Score": 1}],
"ECGFeatureGrounding": {"Score": 80, "Explanation": "grounded"},
"EvidenceBasedReasoning": {"Score": 80, "Explanation": "good"},
"ClinicalDiagnosticFidelity": {"Score": 80, "Explanation": "good"}}"""  # no DiagnosisAccuracy

R11 = """{"DiagnosisAccuracy": [{"Item": "atrial flutter", "Score": 2}, {"Item": "2:1 conduction", "Score": 2}, {"Item": "rate 150", "Score": 1}],
"AnalysisRelevance": [{"Item": "flutter waves", "Score": 1}],
"LeadAssessmentCoverage": [{"Lead": "II", "Score": 1}, {"Lead": "III", "Score": 1}, {"Lead": "aVF", "Score": 1}, {"Lead": "V1", "Score": 1}, {"Lead": "V2", "Score": 1}, {"Lead": "V3", "Score": 1}, {"Lead": "V4", "Score": 1}, {"Lead": "V5", "Score": 1}, {"Lead": "V6", "Score": 1}],
"LeadAssessmentAccuracy": [{"Lead": "II", "Score": 2}, {"Lead": "III", "Score": 2}, {"Lead": "aVF", "Score": 2}, {"Lead": "V1", "Score": 2}, {"Lead": "V2", "Score": 2}, {"Lead": "V3", "Score": 2}, {"Lead": "V4", "Score": 2}, {"Lead": "V5", "Score": 2}, {"Lead": "V6", "Score": 2}],
"ECGFeatureGrounding": {"Score": 100, "Explanation": "grounded"},
"EvidenceBasedReasoning": {"Score": 80, "Explanation": "good"},
"ClinicalDiagnosticFidelity": {"Score": 100, "Explanation": "excellent"}}"""  # no AnalysisCompleteness

R12 = """```json
{"DiagnosisAccuracy": [{"Item": "pericarditis", "Score": 0, "Explanation": "called STEMI"}],
 "AnalysisCompleteness": [{"Item": "diffuse ST elevation", "Score": 1}, {"Item": "PR depression", "Score": 0}, {"Item": "no reciprocal changes", "Score": 0}],
 "LeadAssessmentCoverage": [{"Lead": "II", "Score": 1}, {"Lead": "V5", "Score": 1}, {"Lead": "aVR", "Score": 1}],
 "LeadAssessmentAccuracy": [{"Lead": "II", "Score": 0}, {"Lead": "V5", "Score": 1}, {"Lead": "aVR", "Score": 2}],
 "ECGFeatureGrounding": {"Score": 0, "Explanation": "no measurements"},
 "EvidenceBasedReasoning": {"Score": 0, "Explanation": "unsupported"},
 "ClinicalDiagnosticFidelity": {"Score": 50, "Explanation": "plausible process"}}
```"""  # no AnalysisRelevance

R13 = """{"DiagnosisAccuracy": [{"Item": "LBBB", "Score": 1}, {"Item": "sinus rhythm", "Score": 1}],
"AnalysisCompleteness": [{"Item": "QRS duration", "Score": 1}, {"Item": "discordant T", "Score": 1}, {"Item": "axis", "Score": 1}],
"AnalysisRelevance": [{"Item": "QRS", "Score": 2}, {"Item": "T waves", "Score": 1}],
"LeadAssessmentAccuracy": [{"Lead": "I", "Score": 2}, {"Lead": "aVL", "Score": 2}, {"Lead": "V1", "Score": 2}, {"Lead": "V2", "Score": 2}, {"Lead": "V5", "Score": 2}, {"Lead": "V6", "Score": 2}],
"ECGFeatureGrounding": {"Score": 50, "Explanation": "partial"},
"EvidenceBasedReasoning": {"Score": 50, "Explanation": "partial"},
"ClinicalDiagnosticFidelity": {"Score": 80, "Explanation": "good"}}"""  # no LeadAssessmentCoverage

R14 = """{"DiagnosisAccuracy": [{"Item": "Brugada pattern", "Score": 2}, {"Item": "RBBB", "Score": 0}, {"Item": "early repolarization", "Score": 0}],
"AnalysisCompleteness": [{"Item": "coved ST in V1-V2", "Score": 1}],
"AnalysisRelevance": [{"Item": "V1 morphology", "Score": 1}, {"Item": "V2 morphology", "Score": 1}, {"Item": "rate", "Score": 1}],
"LeadAssessmentCoverage": [{"Lead": "V1", "Score": 1}, {"Lead": "V2", "Score": 1}, {"Lead": "V3", "Score": 1}, {"Lead": "I", "Score": 1}, {"Lead": "II", "Score": 1}, {"Lead": "aVR", "Score": 1}],
"ECGFeatureGrounding": {"Score": 80, "Explanation": "grounded"},
"EvidenceBasedReasoning": {"Score": 100, "Explanation": "explicit criteria"},
"ClinicalDiagnosticFidelity": {"Score": 80, "Explanation": "good"}}"""  # no LeadAssessmentAccuracy

R15 = """{"DiagnosisAccuracy": [{"Item": "sinus rhythm", "Score": 2}],
"AnalysisCompleteness": [{"Item": "rate", "Score": 1}, {"Item": "axis", "Score": 1}],
"AnalysisRelevance": [{"Item": "rate", "Score": 2}, {"Item": "axis", "Score": 2}],
"LeadAssessmentCoverage": [{"Lead": "I", "Score": 1}, {"Lead": "II", "Score": 1}, {"Lead": "III", "Score": 1}, {"Lead": "aVR", "Score": 1}, {"Lead": "aVL", "Score": 1}, {"Lead": "aVF", "Score": 1}, {"Lead": "V1", "Score": 1}, {"Lead": "V2", "Score": 1}, {"Lead": "V3", "Score": 1}, {"Lead": "V4", "Score": 1}, {"Lead": "V5", "Score": 1}, {"Lead": "V6", "Score": 1}],
"LeadAssessmentAccuracy": [{"Lead": "I", "Score": 1}, {"Lead": "II", "Score": 1}, {"Lead": "III", "Score": 1}, {"Lead": "aVR", "Score": 1}, {"Lead": "aVL", "Score": 1}, {"Lead": "aVF", "Score": 1}, {"Lead": "V1", "Score": 1}, {"Lead": "V2", "Score": 1}, {"Lead": "V3", "Score": 1}, {"Lead": "V4", "Score": 1}, {"Lead": "V5", "Score": 1}, {"Lead": "V6", "Score": 1}],
"EvidenceBasedReasoning": {"Score": 80, "Explanation": "good"},
"ClinicalDiagnosticFidelity": {"Score": 80, "Explanation": "good"}}"""  # no grounding under either name

R16 = """{"DiagnosisAccuracy": [{"Item": "long QT", "Score": 1}, {"Item": "hypocalcemia", "Score": 0}],
"AnalysisCompleteness": [{"Item": "QTc", "Score": 1}, {"Item": "ST length", "Score": 1}],
"AnalysisRelevance": [{"Item": "QT", "Score": 1}, {"Item": "T shape", "Score": 1}],
"LeadAssessmentCoverage": [{"Lead": "I", "Score": 1}, {"Lead": "II", "Score": 1}, {"Lead": "III", "Score": 1}, {"Lead": "V1", "Score": 1}, {"Lead": "V2", "Score": 1}, {"Lead": "V3", "Score": 1}, {"Lead": "V4", "Score": 1}, {"Lead": "V5", "Score": 1}, {"Lead": "V6", "Score": 1}],
"LeadAssessmentAccuracy": [{"Lead": "I", "Score": 1}, {"Lead": "II", "Score": 1}, {"Lead": "III", "Score": 1}, {"Lead": "V1", "Score": 1}, {"Lead": "V2", "Score": 1}, {"Lead": "V3", "Score": 1}, {"Lead": "V4", "Score": 1}, {"Lead": "V5", "Score": 1}, {"Lead": "V6", "Score": 1}],
"GroundedECGUnderstanding": {"Score": 50, "Explanation": "partial"},
"RealisticDiagnosticProcess": {"Score": 50, "Explanation": "partial"}}"""  # no EvidenceBasedReasoning

R17 = """{"DiagnosisAccuracy": [{"Item": "complete heart block", "Score": 2}, {"Item": "junctional escape", "Score": 2}, {"Item": "AV dissociation", "Score": 2}],
"AnalysisCompleteness": [{"Item": "P rate", "Score": 1}, {"Item": "QRS rate", "Score": 1}, {"Item": "PR variability", "Score": 1}, {"Item": "QRS width", "Score": 1}, {"Item": "escape origin", "Score": 1}],
"AnalysisRelevance": [{"Item": "AV relation", "Score": 2}, {"Item": "rates", "Score": 2}, {"Item": "QRS width", "Score": 2}],
"LeadAssessmentCoverage": [{"Lead": "I", "Score": 1}, {"Lead": "II", "Score": 1}, {"Lead": "III", "Score": 1}, {"Lead": "aVR", "Score": 1}, {"Lead": "aVL", "Score": 1}, {"Lead": "aVF", "Score": 1}, {"Lead": "V1", "Score": 1}, {"Lead": "V2", "Score": 1}, {"Lead": "V3", "Score": 1}, {"Lead": "V4", "Score": 1}, {"Lead": "V5", "Score": 1}, {"Lead": "V6", "Score": 1}],
"LeadAssessmentAccuracy": [{"Lead": "I", "Score": 2}, {"Lead": "II", "Score": 2}, {"Lead": "III", "Score": 2}, {"Lead": "aVR", "Score": 2}, {"Lead": "aVL", "Score": 2}, {"Lead": "aVF", "Score": 2}, {"Lead": "V1", "Score": 2}, {"Lead": "V2", "Score": 2}, {"Lead": "V3", "Score": 2}, {"Lead": "V4", "Score": 2}, {"Lead": "V5", "Score": 2}, {"Lead": "V6", "Score": 2}],
"ECGFeatureGrounding": {"Score": 100, "Explanation": "grounded"},
"EvidenceBasedReasoning": {"Score": 100, "Explanation": "clear"}}"""  # no ClinicalDiagnosticFidelity

R18 = """{"DiagnosisAccuracy": [{"Item": "LVH", "Score": 2}, {"Item": "strain pattern", "Score": 1}],
"AnalysisCompleteness": [{"Item": "Sokolow-Lyon", "Score": 1}, {"Item": "ST-T", "Score": 1}],
"AnalysisRelevance": [{"Item": "voltage", "Score": 2}, {"Item": "repolarization", "Score": 1}],
"LeadAssessmentCoverage": [{"Lead": "V1", "Score": 1}, {"Lead": "V2", "Score": 1}, {"Lead": "V5", "Score": 1}, {"Lead": "V6", "Score": 1}, {"Lead": "I", "Score": 1}, {"Lead": "aVL", "Score": 1}],
"LeadAssessmentAccuracy": [{"Lead": "V1", "Score": 2}, {"Lead": "V2", "Score": 2}, {"Lead": "V5", "Score": 2}, {"Lead": "V6", "Score": 2}, {"Lead": "I", "Score": 2}, {"Lead": "aVL", "Score": 2}],
"ECGFeatureGrounding": [{"Item": "voltage", "Score": 80, "Explanation": "S V1 + R V5 cited"}, {"Item": "ST", "Score": 100, "Explanation": "ST level cited per lead"}],
"EvidenceBasedReasoning": [{"Item": "voltage", "Score": 50}, {"Item": "strain", "Score": 50}],
"ClinicalDiagnosticFidelity": {"Score": 80, "Explanation": "good"}}"""  # several scores for two 0-100 criteria

R19 = """{"DiagnosisAccuracy": [{"Item": "sinus arrhythmia", "Score": 1}, {"Item": "normal axis", "Score": 1}, {"Item": "incomplete RBBB", "Score": 0}],
"AnalysisCompleteness": [{"Item": "RR variation", "Score": 1}],
"AnalysisRelevance": [{"Item": "RR", "Score": 2}],
"LeadAssessmentCoverage": [{"Lead": "II", "Score": 1}, {"Lead": "V1", "Score": 1}, {"Lead": "V6", "Score": 1}],
"LeadAssessmentAccuracy": [{"Lead": "II", "Score": 2}, {"Lead": "V1", "Score": 2}, {"Lead": "V6", "Score": 2}],
"GroundedECGUnderstanding": [{"Score": 100, "Explanation": "rate"}, {"Score": 50, "Explanation": "axis"}, {"Score": 0, "Explanation": "V1 invented"}],
"EvidenceBasedReasoning": {"Score": 80, "Explanation": "good"},
"RealisticDiagnosticProcess": [80, 80]}"""  # released names, item lists and bare numbers for 0-100 criteria

R20 = """{"DiagnosisAccuracy": [{"Item": "acute anterior STEMI", "Score": 2}, {"Item": "reciprocal depression", "Score": 2}, {"Item": "sinus tachycardia", "Score": 2}, {"Item": "PVCs", "Score": 1}],
"AnalysisCompleteness": [{"Item": "ST elevation", "Score": 1}, {"Item": "reciprocity", "Score": 1}, {"Item": "ectopy", "Score": 1}],
"AnalysisRelevance": [{"Item": "ST", "Score": 2}, {"Item": "territory", "Score": 2}],
"LeadAssessmentCoverage": [{"Lead": "I", "Score": 1}, {"Lead": "II", "Score": 1}, {"Lead": "III", "Score": 1}, {"Lead": "aVR", "Score": 1}, {"Lead": "aVL", "Score": 1}, {"Lead": "aVF", "Score": 1}, {"Lead": "V1", "Score": 1}, {"Lead": "V2", "Score": 1}, {"Lead": "V3", "Score": 1}, {"Lead": "V4", "Score": 1}, {"Lead": "V5", "Score": 1}, {"Lead": "V6", "Score": 1}, {"Lead": "V3R", "Score": 1}, {"Lead": "V4R", "Score": 1}],
"LeadAssessmentAccuracy": [{"Lead": "I", "Score": 2}, {"Lead": "II", "Score": 2}, {"Lead": "III", "Score": 2}, {"Lead": "aVR", "Score": 2}, {"Lead": "aVL", "Score": 2}, {"Lead": "aVF", "Score": 2}, {"Lead": "V1", "Score": 2}, {"Lead": "V2", "Score": 2}, {"Lead": "V3", "Score": 2}, {"Lead": "V4", "Score": 2}, {"Lead": "V5", "Score": 2}, {"Lead": "V6", "Score": 2}, {"Lead": "V3R", "Score": 2}, {"Lead": "V4R", "Score": 2}],
"ECGFeatureGrounding": {"Score": 100, "Explanation": "grounded"},
"EvidenceBasedReasoning": {"Score": 100, "Explanation": "clear"},
"ClinicalDiagnosticFidelity": {"Score": 100, "Explanation": "excellent"}}"""  # 14 leads: coverage clips, accuracy does not

R21 = """{"DiagnosisAccuracy": [],
"AnalysisCompleteness": [{"Item": "rate", "Score": 0}, {"Item": "rhythm", "Score": 0}],
"AnalysisRelevance": [{"Item": "artifact", "Score": 0}],
"LeadAssessmentCoverage": [{"Lead": "I", "Score": 1}, {"Lead": "II", "Score": 1}, {"Lead": "III", "Score": 1}],
"LeadAssessmentAccuracy": [{"Lead": "I", "Score": 1}, {"Lead": "II", "Score": 1}, {"Lead": "III", "Score": 1}],
"ECGFeatureGrounding": {"Score": 0, "Explanation": "none"},
"EvidenceBasedReasoning": {"Score": 0, "Explanation": "none"},
"ClinicalDiagnosticFidelity": {"Score": 0, "Explanation": "none"}}"""  # no diagnosis was judged

R22 = """{"Diagnosis Accuracy": [{"item": "sinus rhythm", "score": 2}, {"item": "low voltage", "score": 1}, {"item": "poor R progression", "score": 1}],
"analysiscompleteness": [{"item": "voltage", "score": 1}, {"item": "R progression", "score": 1}],
"analysis_relevance": [{"item": "voltage", "score": "1"}, {"item": "axis", "score": 0}],
"LeadAssessmentCoverage": [{"lead": "I", "score": 1}, {"lead": "II", "score": 1}, {"lead": "V1", "score": 1}, {"lead": "V2", "score": 1}, {"lead": "V3", "score": 1}, {"lead": "V4", "score": 1}],
"LeadAssessmentAccuracy": [{"lead": "I", "score": 2}, {"lead": "II", "score": 2}, {"lead": "V1", "score": 2}, {"lead": "V2", "score": 0}, {"lead": "V3", "score": 0}, {"lead": "V4", "score": 0}],
"ECGFeatureGrounding": 50,
"EvidenceBasedReasoning": 80,
"ClinicalDiagnosticFidelity": 100}"""  # key spellings vary, a score as a string, bare-number grades

R23 = """{"DiagnosisAccuracy": [{"Item": "digoxin effect", "Score": 2, "Explanation": "the “scooped” ST named"}],
"AnalysisCompleteness": [{"Item": "ST shape", "Score": 1}, {"Item": "QT", "Score": 1}, {"Item": "rate", "Score": 1}],
"AnalysisRelevance": [{"Item": "ST", "Score": 2}, {"Item": "QT", "Score": 2}, {"Item": "rate", "Score": 1}],
"LeadAssessmentCoverage": [{"Lead": "I", "Score": 1}, {"Lead": "II", "Score": 1}, {"Lead": "V2", "Score": 1}, {"Lead": "V3", "Score": 1}, {"Lead": "V4", "Score": 1}, {"Lead": "V5", "Score": 1}, {"Lead": "V6", "Score": 1}, {"Lead": "aVL", "Score": 1}, {"Lead": "aVF", "Score": 1}],
"LeadAssessmentAccuracy": [{"Lead": "I", "Score": 2}, {"Lead": "II", "Score": 2}, {"Lead": "V2", "Score": 2}, {"Lead": "V3", "Score": 2}, {"Lead": "V4", "Score": 2}, {"Lead": "V5", "Score": 2}, {"Lead": "V6", "Score": 0}, {"Lead": "aVL", "Score": 0}, {"Lead": "aVF", "Score": 0}],
"ECGFeatureGrounding": {"Score": 80, "Explanation": "cites “sagging” ST in V5"},
"EvidenceBasedReasoning": {"Score": 50, "Explanation": "ok"},
"ClinicalDiagnosticFidelity": {"Score": 80, "Explanation": "ok"},
}"""  # curly quotes only inside ASCII strings (text, not delimiters) and one trailing comma

R24 = """{'DiagnosisAccuracy': [{'Item': 'sinus rhythm', 'Score': 2}, {'Item': 'PACs', 'Score': 2}],
 'AnalysisCompleteness': [{'Item': 'ectopy', 'Score': 1}],
 'AnalysisRelevance': [{'Item': 'ectopy', 'Score': 2}],
 'LeadAssessmentCoverage': [{'Lead': 'II', 'Score': 1}, {'Lead': 'V1', 'Score': 1}, {'Lead': 'V2', 'Score': 1}, {'Lead': 'V3', 'Score': 1}, {'Lead': 'V4', 'Score': 1}, {'Lead': 'V5', 'Score': 1}],
 'LeadAssessmentAccuracy': [{'Lead': 'II', 'Score': 1}, {'Lead': 'V1', 'Score': 1}, {'Lead': 'V2', 'Score': 1}, {'Lead': 'V3', 'Score': 1}, {'Lead': 'V4', 'Score': 1}, {'Lead': 'V5', 'Score': 1}],
 'ECGFeatureGrounding': {'Score': 50, 'Explanation': 'partial', 'Verified': True},
 'EvidenceBasedReasoning': {'Score': None, 'Explanation': 'could not assess'},
 'ClinicalDiagnosticFidelity': {'Score': 80, 'Explanation': 'good'}}"""  # a Python None where a score belongs

R25 = """{"DiagnosisAccuracy": [{"Item": "hypothermia", "Score": 1}, {"Item": "Osborn waves", "Score": 0}],
"AnalysisCompleteness": [{"Item": "J point", "Score": 1}, {"Item": "rate", "Score": 1}],
"AnalysisRelevance": [{"Item": "J point", "Score": 1}, {"Item": "rate", "Score": 1}],
"LeadAssessmentCoverage": [{"Lead": "I", "Score": 1}, {"Lead": "II", "Score": 1}, {"Lead": "III", "Score": 1}, {"Lead": "aVR", "Score": 1}, {"Lead": "aVL", "Score": 1}, {"Lead": "aVF", "Score": 1}, {"Lead": "V1", "Score": 1}, {"Lead": "V2", "Score": 1}, {"Lead": "V3", "Score": 1}, {"Lead": "V4", "Score": 1}, {"Lead": "V5", "Score": 1}, {"Lead": "V6", "Score": 1}],
"LeadAssessmentAccuracy": [{"Lead": "I", "Score": 1}, {"Lead": "II", "Score": 1}, {"Lead": "III", "Score": 1}, {"Lead": "aVR", "Score": 1}, {"Lead": "aVL", "Score": 1}, {"Lead": "aVF", "Score": 1}, {"Lead": "V1", "Score": 1}, {"Lead": "V2", "Score": 1}, {"Lead": "V3", "Score": 1}, {"Lead": "V4", "Score": 1}, {"Lead": "V5", "Score": 1}, {"Lead": "V6", "Score": 1}],
"ECGFeatureGrounding": {"Score": 65, "Explanation": "between partial and mostly"},
"EvidenceBasedReasoning": {"Score": 80, "Explanation": "good"},
"ClinicalDiagnosticFidelity": {"Score": 80, "Explanation": "good"}}"""  # 65 is off the 0/50/80/100 scale

R26 = """Evaluation:
{"DiagnosisAccuracy": [{"Item": "ectopic atrial rhythm", "Score": 2}, {"Item": "inverted P in II", "Score": 1}],
"AnalysisCompleteness": [{"Item": "P axis", "Score": 1}, {"Item": "PR", "Score": 0}, {"Item": "rate", "Score": 1}],
"AnalysisRelevance": [{"Item": "P waves", "Score": 2}, {"Item": "QRS", "Score": 0}],
"LeadAssessmentCoverage": [{"Lead": "I", "Score": 1}, {"Lead": "II", "Score": 1}, {"Lead": "III", "Score": 1}, {"Lead": "aVF", "Score": 1}, {"Lead": "V1", "Score": 1}, {"Lead": "V2", "Score": 1}],
"LeadAssessmentAccuracy": [{"Lead": "I", "Score": 2}, {"Lead": "II", "Score": 2}, {"Lead": "III", "Score": 2}, {"Lead": "aVF", "Score": 2}, {"Lead": "V1", "Score": 0}, {"Lead": "V2", "Score": 0}],
"ECGFeatureGrounding": {"Score": 80, "Explanation": "grounded"},
"EvidenceBasedReasoning": {"Score": 80, "Explanation": "good"},
"ClinicalDiagnosticFidelity": [{"Score": 50, "Explanation": "skipped the axis"}"""  # prose, then "]}" missing

R27 = """{‘DiagnosisAccuracy’: [{‘Item’: ‘hypokalemia’, ‘Score’: 0}, {‘Item’: ‘U waves’, ‘Score’: 1}],
 ‘AnalysisCompleteness’: [{‘Item’: ‘U waves’, ‘Score’: 1}, {‘Item’: ‘T flattening’, ‘Score’: 1}, {‘Item’: ‘QU’, ‘Score’: 1}],
 ‘AnalysisRelevance’: [{‘Item’: ‘U’, ‘Score’: 1}, {‘Item’: ‘T’, ‘Score’: 1}, {‘Item’: ‘ST’, ‘Score’: 1}],
 ‘LeadAssessmentCoverage’: [{‘Lead’: ‘V2’, ‘Score’: 1}, {‘Lead’: ‘V3’, ‘Score’: 1}, {‘Lead’: ‘II’, ‘Score’: 1}],
 ‘LeadAssessmentAccuracy’: [{‘Lead’: ‘V2’, ‘Score’: 2}, {‘Lead’: ‘V3’, ‘Score’: 1}, {‘Lead’: ‘II’, ‘Score’: 0}],
 ‘ECGFeatureGrounding’: {‘Score’: 50, ‘Explanation’: ‘it’s partly grounded’},
 ‘EvidenceBasedReasoning’: {‘Score’: 50, ‘Explanation’: ‘partial’},
 ‘ClinicalDiagnosticFidelity’: {‘Score’: 50, ‘Explanation’: ‘partial’}}"""  # a Python dict typed with curly single quotes

R28 = """I'm sorry, but I can't provide a scored evaluation of this interpretation. The generated text \
appears to describe a different patient's ECG than the ground truth, so a fair comparison isn't possible."""

R29 = """{"DiagnosisAccuracy": [{"Item": "sinus rhythm", "Score": 2, "Explanation": "correct"}],
"AnalysisCompleteness": [{"Item": "rate", "Score": 1, "Explanation": "given"}],
"AnalysisRelevance": [{"Item": "rate", "Score": 2, "Explanation": "the heart rate of 72 bpm is measured fr"""  # cut mid-string

R30 = """{"DiagnosisAccuracy": [{"Item": "sinus rhythm", "Score": 2, "Explanation": "correct"}],
"AnalysisCompleteness": [{"Item": "rate", "Score": 1, "Explanation": "given"}],
"AnalysisRelevance": [{"Item": "rate", "Score": 2, "Explanation": "relevant"}, """  # cut between items at max tokens

R31 = """{"error": "I cannot compare these interpretations: the generated text is empty.", "scores": null}"""

R32 = """{'DiagnosisAccuracy': [{'Item': 'junctional rhythm', 'Score': +2}, {'Item': 'retrograde P', 'Score': 0},],
 'AnalysisCompleteness': [{'Item': 'P position', 'Score': +1}, {'Item': 'rate', 'Score': +1},],
 'AnalysisRelevance': [{'Item': 'P', 'Score': +2}, {'Item': 'rate', 'Score': +1}, {'Item': 'QRS', 'Score': +1},],
 'LeadAssessmentCoverage': [{'Lead': 'I', 'Score': 1}, {'Lead': 'II', 'Score': 1}, {'Lead': 'III', 'Score': 1}, {'Lead': 'aVR', 'Score': 1}, {'Lead': 'aVL', 'Score': 1}, {'Lead': 'aVF', 'Score': 1}, {'Lead': 'V1', 'Score': 1}, {'Lead': 'V2', 'Score': 1}, {'Lead': 'V3', 'Score': 1},],
 'LeadAssessmentAccuracy': [{'Lead': 'I', 'Score': 1}, {'Lead': 'II', 'Score': 1}, {'Lead': 'III', 'Score': 1}, {'Lead': 'aVR', 'Score': 1}, {'Lead': 'aVL', 'Score': 1}, {'Lead': 'aVF', 'Score': 1}, {'Lead': 'V1', 'Score': 1}, {'Lead': 'V2', 'Score': 1}, {'Lead': 'V3', 'Score': 1},],
 'ECGFeatureGrounding': {'Score': +80, 'Explanation': 'grounded'},
 'EvidenceBasedReasoning': {'Score': +100, 'Explanation': 'clear'},
 'ClinicalDiagnosticFidelity': {'Score': +80, 'Explanation': 'good'},}"""  # Python literal with + and trailing commas

R33 = """{"DiagnosisAccuracy": [{"Item": "AV nodal reentry", "Score": 2}, {"Item": "narrow complex tachycardia", "Score": 2}, {"Item": "pseudo-R' in V1", "Score": 1}, {"Item": "ST depression", "Score": 0}],
"AnalysisCompleteness": [{"Item": "rate", "Score": 1}, {"Item": "QRS width", "Score": 1}, {"Item": "P visibility", "Score": 1}, {"Item": "regularity", "Score": 1}],
"AnalysisRelevance": [{"Item": "rate", "Score": 2}, {"Item": "QRS", "Score": 2}, {"Item": "P", "Score": 2}, {"Item": "ST", "Score": 1}],
"LeadAssessmentCoverage": [{"Lead": "I", "Score": 1}, {"Lead": "II", "Score": 1}, {"Lead": "III", "Score": 1}, {"Lead": "aVR", "Score": 1}, {"Lead": "aVL", "Score": 1}, {"Lead": "aVF", "Score": 1}, {"Lead": "V1", "Score": 1}, {"Lead": "V2", "Score": 1}, {"Lead": "V3", "Score": 1}, {"Lead": "V4", "Score": 1}, {"Lead": "V5", "Score": 1}, {"Lead": "V6", "Score": 1}],
"LeadAssessmentAccuracy": [{"Lead": "I", "Score": 2}, {"Lead": "II", "Score": 2}, {"Lead": "III", "Score": 2}, {"Lead": "aVR", "Score": 2}, {"Lead": "aVL", "Score": 2}, {"Lead": "aVF", "Score": 2}, {"Lead": "V1", "Score": 2}, {"Lead": "V2", "Score": 2}, {"Lead": "V3", "Score": 2}, {"Lead": "V4", "Score": 1}, {"Lead": "V5", "Score": 1}, {"Lead": "V6", "Score": 1}],
"ECGFeatureGrounding": {"Score": 100, "Explanation": "grounded"},
"GroundedECGUnderstanding": {"Score": 50, "Explanation": "same criterion, released name"},
"EvidenceBasedReasoning": {"Score": 80, "Explanation": "good"},
"ClinicalDiagnosticFidelity": {"Score": 100, "Explanation": "excellent"}}"""  # grounding under both names

R34 = """{“DiagnosisAccuracy”: [{“Item”: “dextrocardia”, “Score”: 1}, {“Item”: “lead reversal excluded”, “Score”: 1}],
“LeadAssessmentCoverage”: [{“Lead”: “I”, “Score”: 1}, {“Lead”: “aVR”, “Score”: 1}, {“Lead”: “V1”, “Score”: 1}, {“Lead”: “V4”, “Score”: 1}, {“Lead”: “V5”, “Score”: 1}, {“Lead”: “V6”, “Score”: 1}],
“ECGFeatureGrounding”: {“Score”: 80, “Explanation”: “grounded”}}"""  # five criteria missing at once

# sample id -> (raw reply, finish_reason the endpoint reported)
REPLIES: dict[str, tuple[str, str]] = {
    f"r{i:02d}": (text, "length" if i in (29, 30) else "stop")
    for i, text in enumerate((R01, R02, R03, R04, R05, R06, R07, R08, R09, R10, R11, R12, R13, R14, R15, R16,
                              R17, R18, R19, R20, R21, R22, R23, R24, R25, R26, R27, R28, R29, R30, R31, R32,
                              R33, R34), start=1)
}
UNREADABLE = ("r28", "r29", "r30", "r31")

# repairs each readable reply needs, by hand (kinds in judge.REPAIRS order)
REPAIRS_BY_REPLY: dict[str, tuple[str, ...]] = {
    "r03": ("fence_or_prose",),
    "r04": ("smart_quotes",),
    "r05": ("plus_sign",),
    "r06": ("python_literal",),
    "r07": ("closing_brackets",),
    "r08": ("fence_or_prose", "smart_quotes", "plus_sign", "trailing_comma", "closing_brackets"),
    "r09": ("trailing_comma",),
    "r12": ("fence_or_prose",),
    "r23": ("trailing_comma",),
    "r24": ("python_literal",),
    "r26": ("fence_or_prose", "closing_brackets"),
    "r27": ("smart_quotes", "python_literal"),
    "r32": ("plus_sign", "trailing_comma", "python_literal"),
    "r34": ("smart_quotes",),
}

# per-sample values by hand from SPEC §8 (see the module docstring for the order)
# GEM: DA = 100 * #(s > 0) / #s (0 without items), sums elsewhere, LC = min(sum, 12) / 12 * 100,
# LA = sum / 24 * 100; a criterion absent or invalid counts as no items (0)
GEM: dict[str, tuple[float, ...]] = {
    "r01": (200 / 3, 3, 5, 100, 800 / 24, 80, 50, 100),
    "r02": (100, 3, 4, 50, 50, 100, 80, 80),
    "r03": (100, 1, 2, 25, 12.5, 50, 50, 50),
    "r04": (50, 2, 2, 75, 50, 80, 80, 50),
    "r05": (200 / 3, 2, 4, 100, 75, 100, 80, 80),
    "r06": (0, 0, 1, 25, 0, 0, 50, 0),
    "r07": (100, 4, 6, 100, 100, 100, 100, 100),
    "r08": (100, 2, 3, 50, 800 / 24, 80, 50, 80),
    "r09": (50, 1, 2, 50, 25, 50, 80, 50),
    "r10": (0, 2, 4, 100, 50, 80, 80, 80),
    "r11": (100, 0, 1, 75, 75, 100, 80, 100),
    "r12": (0, 1, 0, 25, 12.5, 0, 0, 50),
    "r13": (100, 3, 3, 0, 50, 50, 50, 80),
    "r14": (100 / 3, 1, 3, 50, 0, 80, 100, 80),
    "r15": (100, 2, 4, 100, 50, 0, 80, 80),
    "r16": (50, 2, 2, 75, 37.5, 50, 0, 50),
    "r17": (100, 5, 6, 100, 100, 100, 100, 0),
    "r18": (100, 2, 3, 50, 50, 180, 100, 80),
    "r19": (200 / 3, 1, 2, 25, 25, 150, 80, 160),
    "r20": (100, 3, 4, 100, 2800 / 24, 100, 100, 100),
    "r21": (0, 0, 0, 25, 12.5, 0, 0, 0),
    "r22": (100, 2, 1, 50, 25, 50, 80, 100),
    "r23": (100, 3, 5, 75, 50, 80, 50, 80),
    "r24": (100, 1, 2, 50, 25, 50, 0, 80),
    "r25": (50, 2, 2, 100, 50, 0, 80, 80),
    "r26": (100, 2, 2, 50, 800 / 24, 80, 80, 50),
    "r27": (50, 3, 3, 25, 12.5, 50, 50, 50),
    "r32": (50, 2, 4, 75, 37.5, 80, 100, 80),
    "r33": (75, 4, 7, 100, 87.5, 100, 80, 100),
    "r34": (100, 0, 0, 50, 0, 80, 0, 0),
}

# strict: the same except DA without items, an absent/invalid criterion -> None, and the three
# 0-100 criteria are the mean of their item scores
STRICT: dict[str, tuple[float | None, ...]] = {
    **GEM,
    "r10": (None, 2, 4, 100, 50, 80, 80, 80),
    "r11": (100, None, 1, 75, 75, 100, 80, 100),
    "r12": (0, 1, None, 25, 12.5, 0, 0, 50),
    "r13": (100, 3, 3, None, 50, 50, 50, 80),
    "r14": (100 / 3, 1, 3, 50, None, 80, 100, 80),
    "r15": (100, 2, 4, 100, 50, None, 80, 80),
    "r16": (50, 2, 2, 75, 37.5, 50, None, 50),
    "r17": (100, 5, 6, 100, 100, 100, 100, None),
    "r18": (100, 2, 3, 50, 50, 90, 50, 80),
    "r19": (200 / 3, 1, 2, 25, 25, 50, 80, 80),
    "r21": (None, 0, 0, 25, 12.5, 0, 0, 0),
    "r24": (100, 1, 2, 50, 25, 50, None, 80),
    "r25": (50, 2, 2, 100, 50, None, 80, 80),
    "r34": (100, None, None, 50, None, 80, None, None),
}
