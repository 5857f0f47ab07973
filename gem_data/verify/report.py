"""One response's grounding report: its claims with verdicts, counts, precision, flags, pass or fail.

Grounding precision = supported / (supported + contradicted): the share of the checkable claims that
the signal bears out (None when nothing was checkable). Flags are what a reader would object to even
if every number were right: the response leaks that it was given a report or measurements (the
generation prompt forbids it, SPEC §7), runs over 300 words, lacks the ``**Response:**`` marker, or
names a lead, wave or beat that does not exist. ``VerifyPolicy`` decides which of these fail it.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from .claims import RULES, Claim, Extractor
from .values import RecordValues
from .verdicts import Verdict, judge

FLAGS: tuple[str, ...] = ("leakage", "too_long", "missing_marker", "nonexistent_lead",
                          "invented_wave", "nonexistent_beat")
_MARKER_RE = re.compile(r"\*\*\s*Response\s*:?\s*\*\*\s*:?", re.IGNORECASE)
# Phrases that reveal the prompt's inputs: the machine report or the measurement table.
_LEAKAGE_RE = re.compile(
    r"\b(?:the|this|a|machine|automated|computer(?:ized)?|cart|provided|given|attached|accompanying)\s+"
    r"(?:ECG\s+|machine\s+|automated\s+|computer(?:ized)?\s+)?(?:report|read-?out)\b"
    r"|\b(?:provided|given|supplied|machine|cart|automated|computer(?:ized)?)\s+(?:per-beat\s+)?measurements?\b"
    r"|\bmeasurements?\s+(?:provided|given|supplied|table)\b"
    r"|\bas\s+(?:reported|stated|listed|provided)\s+(?:in|by)\b"
    r"|\baccording\s+to\s+the\s+(?:report|measurements?|machine)\b"
    # the supplied inputs named as such: "the accompanying measurements show", "the data provided"
    r"|\b(?:accompanying|attached|supplied|provided|given|enclosed|included|tabulated|listed|above|available|uploaded"
    r"|furnished|pasted|shared)\s+"
    r"(?:per[- ]beat\s+|per[- ]lead\s+|beat[- ]by[- ]beat\s+|numeric(?:al)?\s+|automated\s+|machine\s+|ECG\s+)?"
    r"(?:measurements?|data|values|numbers|table|figures|readings|annotations|features|intervals|findings|tracing\s+data)\b"
    r"|\b(?:data|values|numbers|figures|features|intervals|readings)\s+(?:provided|given|supplied|attached|listed|furnished"
    r"|uploaded|I\s+was\s+given)\b"
    r"|\b(?:table|list|sheet|summary)\s+of\s+(?:the\s+)?(?:measurements?|values|intervals|numbers)\s+(?:\w+\s+)?"
    r"(?:provided|given|supplied|attached|furnished|uploaded|sent|shared)\b"
    r"|\b(?:measurement|feature|data|interval|value)s?\s+(?:table|sheet|list|print-?out)\b"
    r"|\b(?:accompanying|attached|supplied|provided|given|enclosed|forwarded)\s+(?:\w+\s+){0,2}(?:sheet|spreadsheet|file"
    r"|document|table|list|print-?out)\b"
    # files and sheets handed over: "the annotation file supplied with the quiz", "the sheet you forwarded"
    r"|\b(?:annotation|measurement|data|interval|value|feature)s?\s+(?:file|spreadsheet|document|log)\b"
    r"|\b(?:uploaded|pasted|shared|furnished)\s+(?:\w+\s+){0,2}(?:table|annotations?|measurements?|values|data|file)\b"
    r"|\b(?:file|spreadsheet|document|sheet|print-?out|table|list|values|measurements|numbers|data)\s+(?:that\s+)?"
    r"(?:you|they|we|the\s+\w+)\s+(?:sent|forwarded|attached|supplied|provided|gave|shared|handed|e-?mailed|faxed|uploaded)\b"
    r"|\b(?:supplied|provided|attached|included|enclosed|sent|forwarded)\s+(?:with|alongside|along\s+with)\s+(?:the|this)\s+"
    r"(?:quiz|question|case|request|tracing|ECG|prompt)\b"
    r"|\b(?:report|machine|computer|algorithm|device|software|cart)\s+(?:states|says|notes|indicates|reads|reports|lists"
    r"|mentions|calls|gives|suggests|describes|interprets|flags)\b"
    r"|\b(?:as|per)\s+(?:the\s+)?(?:report|machine|computer|algorithm|measurements?|tabulated|listed)\b"
    r"|\b(?:according\s+to|per|based\s+on|from)\s+the\s+(?:supplied|provided|given|listed|tabulated|machine|automated"
    r"|computer(?:ized)?|measured\s+values|measurement|data|numbers)\b"
    r"|\b(?:automated|computer(?:ized)?|machine|algorithm)(?:[- ]generated)?\s+(?:interpretation|analysis|read(?:ing)?"
    r"|statement|measurements?|values|intervals)\b"
    r"|\b(?:I\s+was|we\s+were)\s+(?:given|provided|supplied|told)\b|\byou\s+(?:provided|gave|supplied|shared)\b",
    re.IGNORECASE)


class VerifyPolicy(BaseModel):
    """When a response passes (the stage config and the CLI build this same object).

    ``max_contradicted_share`` is not per response: it is the partition-level limit the blocking
    asset check applies to contradicted / (supported + contradicted) over all claims of a batch.
    Failing responses are already dropped one by one; the check is a circuit breaker for systematic
    faults (a prompt that leaks the wrong record's numbers, features joined to the wrong responses,
    a model that invents values), so its default is far above what a sound batch shows.
    """

    model_config = ConfigDict(frozen=True)

    max_contradicted: int = 0
    min_precision: float = 0.9
    min_checked_claims: int = 1
    max_words: int = 300
    fail_flags: tuple[str, ...] = ("leakage", "too_long", "missing_marker", "nonexistent_lead",
                                   "invented_wave", "nonexistent_beat")
    max_contradicted_share: float = 0.2


@dataclass(frozen=True)
class ResponseReport:
    """Claims with verdicts and the per-response summary."""

    claims: tuple[Claim, ...]
    verdicts: tuple[Verdict, ...]
    leads_covered: tuple[str, ...]
    flags: tuple[str, ...]
    words: int
    passed: bool
    fail_reasons: tuple[str, ...]
    answer_offset: int = 0  # where the checked answer starts in the text given (after **Response:**)

    def count(self, verdict: str) -> int:
        return sum(v.verdict == verdict for v in self.verdicts)

    @property
    def precision(self) -> float | None:
        s, c = self.count("supported"), self.count("contradicted")
        return s / (s + c) if s + c else None

    def claim_rows(self) -> list[dict]:
        """One dict per claim, the claims-table columns (beats as written: 1-based, -1 = last;
        ``start``/``end``: the claim's character span in the answer, which holds ``text``)."""
        return [{
            "claim_idx": i, "kind": c.kind, "feature": c.feature, "text": c.text, "start": c.start, "end": c.end,
            "comparator": c.comparator, "term": c.term, "negated": c.negated,
            "lo": _finite(c.lo), "hi": _finite(c.hi), "unit": c.unit, "leads": list(c.leads or c.invalid_leads),
            "beats": list(c.beats), "verdict": v.verdict, "measured": v.measured, "tolerance": v.tolerance,
            "reason": v.reason,
        } for i, (c, v) in enumerate(zip(self.claims, self.verdicts))]

    def summary(self) -> dict:
        return {
            "n_claims": len(self.claims), "n_supported": self.count("supported"),
            "n_contradicted": self.count("contradicted"), "n_unverifiable": self.count("unverifiable"),
            "grounding_precision": self.precision, "leads_covered": list(self.leads_covered),
            "n_leads_covered": len(self.leads_covered), "flags": list(self.flags), "words": self.words,
            "passed": self.passed, "fail_reasons": list(self.fail_reasons),
        }


def verify_response(text: str, values: RecordValues | None, policy: VerifyPolicy = VerifyPolicy(), *,
                    raw: bool = True, extractor: Extractor = RULES) -> ResponseReport:
    """Check one response about one record.

    ``raw``: ``text`` is the model's whole output, so the answer is what follows ``**Response:**``
    (a missing marker is flagged and the whole text is checked); otherwise ``text`` is the answer.
    ``values`` None (the record has no FeatureDB rows) leaves every measurement unverifiable.
    """
    answer = text or ""
    flags: list[str] = []
    offset = 0
    if raw:
        marker = _MARKER_RE.search(answer)
        if marker:
            answer, offset = answer[marker.end():], marker.end()
        else:
            flags.append("missing_marker")
    extraction = extractor.extract(answer)
    claims = extraction.claims
    verdicts = tuple(judge(c, values) for c in claims)
    words = len(answer.split())
    if _LEAKAGE_RE.search(answer):
        flags.append("leakage")
    if words > policy.max_words:
        flags.append("too_long")
    if any(c.feature == "lead" for c in claims):
        flags.append("nonexistent_lead")
    if any(c.feature == "wave" for c in claims):
        flags.append("invented_wave")
    if any(v.reason.startswith("beat ") and v.verdict == "contradicted" for v in verdicts):
        flags.append("nonexistent_beat")
    reasons = _fail_reasons(verdicts, flags, values, policy)
    return ResponseReport(claims, verdicts, extraction.leads, tuple(flags), words, not reasons,
                          tuple(reasons), offset)


def _fail_reasons(verdicts: tuple[Verdict, ...], flags: list[str], values: RecordValues | None,
                  policy: VerifyPolicy) -> list[str]:
    counts = Counter(v.verdict for v in verdicts)
    s, c = counts["supported"], counts["contradicted"]
    reasons = [f"flag: {f}" for f in flags if f in policy.fail_flags]
    if values is None:
        reasons.append("no features for this record")
    if c > policy.max_contradicted:
        reasons.append(f"{c} contradicted claim(s)")
    if s + c < policy.min_checked_claims:
        reasons.append(f"{s + c} checkable claim(s) < {policy.min_checked_claims}")
    elif s + c and s / (s + c) < policy.min_precision:
        reasons.append(f"grounding precision {s / (s + c):.2f} < {policy.min_precision}")
    return reasons


def _finite(x: float) -> float | None:
    return x if x == x and abs(x) != float("inf") else None
