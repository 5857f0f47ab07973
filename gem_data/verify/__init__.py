"""Grounding verifier (issue 6): every number, lead, beat and wave a response cites, checked on the signal.

``extract_claims`` (claims.py) parses a response into claims with a rule grammar (grammar.py);
``judge`` (verdicts.py) gives each claim supported / contradicted / unverifiable against the record's
FeatureDB rows (values.py), with the tolerances and SPEC §4 thresholds documented there;
``verify_response`` (report.py) adds flags and pass/fail under a ``VerifyPolicy``; ``build_batch``
(batch.py) runs a whole responses batch; ``verify`` (cli.py) is ``gem verify``.

>>> from gem_data.verify import extract_claims
>>> [(c.feature, c.lo, c.leads) for c in extract_claims("The PR interval is 0.16 s in lead II.")]
[('pr_ms', 160.0, ('II',))]
"""
from .batch import VerifySummary, build_batch
from .claims import RULES, Claim, Extraction, Extractor, RuleExtractor, extract_claims
from .report import ResponseReport, VerifyPolicy, verify_response
from .values import RecordValues, values_by_record
from .verdicts import THRESHOLDS, TOLERANCES, Verdict, judge

__all__ = [
    "RULES", "THRESHOLDS", "TOLERANCES", "Claim", "Extraction", "Extractor", "RecordValues",
    "ResponseReport", "RuleExtractor", "Verdict", "VerifyPolicy", "VerifySummary", "build_batch",
    "extract_claims", "judge", "values_by_record", "verify_response",
]
