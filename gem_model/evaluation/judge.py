"""The Grounded ECG Understanding judge (SPEC §8): requests, the cached run, and a tolerant parser.

A judge request pairs the ground-truth interpretation with a generated one under the eight-criterion
rubric of ``prompts/judge_v1.toml``. Requests go through the same client, ledger and rate limits as
generation (:mod:`gem_data.llm`), so a verdict already paid for is never asked again and a killed run
resumes where it stopped.

Parsing is where the released tooling lost data: its prompt names two criteria
``GroundedECGUnderstanding`` and ``RealisticDiagnosticProcess`` while its scoring notebook looks for
``ECGFeatureGrounding`` and ``ClinicalDiagnosticFidelity`` and silently drops them. We accept both
namings, validate every criterion on its own (pydantic) and record, per sample, what was malformed or
missing instead of crashing or guessing.
"""
from __future__ import annotations

import asyncio
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from gem_data.llm.client import build_request, make_client
from gem_data.llm.ledger import Ledger
from gem_data.llm.models import ChatRequest, LlmConfig, LlmResult
from gem_data.llm.online import run_online

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"
DEFAULT_PROMPT = PROMPTS_DIR / "judge_v1.toml"

# canonical name -> the scores a single item (or holistic grade) may take (SPEC §8)
CRITERIA: dict[str, frozenset[int]] = {
    "DiagnosisAccuracy": frozenset({0, 1, 2}),
    "AnalysisCompleteness": frozenset({0, 1}),
    "AnalysisRelevance": frozenset({0, 1, 2}),
    "LeadAssessmentCoverage": frozenset({0, 1}),
    "LeadAssessmentAccuracy": frozenset({0, 1, 2}),
    "ECGFeatureGrounding": frozenset({0, 50, 80, 100}),
    "EvidenceBasedReasoning": frozenset({0, 50, 80, 100}),
    "ClinicalDiagnosticFidelity": frozenset({0, 50, 80, 100}),
}
# the released judge prompt's names for two criteria (GEM repository, gem_evaluation/)
ALIASES: dict[str, str] = {
    "GroundedECGUnderstanding": "ECGFeatureGrounding",
    "RealisticDiagnosticProcess": "ClinicalDiagnosticFidelity",
}
JUDGE_RESPONSE_FORMAT = {"type": "json_object"}
# eight criteria with up to a dozen explained items each; reasoning models spend part of this budget
# thinking, and a truncated answer is malformed JSON
JUDGE_MAX_OUTPUT_TOKENS = 6000


@dataclass(frozen=True)
class JudgePrompt:
    version: str
    system: str
    user: str

    def render(self, groundtruth: str, generated: str) -> str:
        # plain replace, not str.format: interpretations may contain braces
        return self.user.replace("{groundtruth}", groundtruth.strip()).replace("{generated}", generated.strip())


def load_prompt(path: str | Path = DEFAULT_PROMPT) -> JudgePrompt:
    """Read a judge rubric (``prompt_version``, ``system``, ``user`` with both placeholders)."""
    doc = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    missing = [k for k in ("prompt_version", "system", "user") if not doc.get(k)]
    if missing:
        raise ValueError(f"{path}: missing {', '.join(missing)}")
    for slot in ("{groundtruth}", "{generated}"):
        if slot not in doc["user"]:
            raise ValueError(f"{path}: user part lacks {slot}")
    return JudgePrompt(version=str(doc["prompt_version"]), system=doc["system"].strip(), user=doc["user"])


# -- requests and the run -------------------------------------------------------------------------


@dataclass(frozen=True)
class JudgePair:
    """One thing to judge: ``sample_id`` of the test sample, ``source`` that generated ``generated``."""

    sample_id: str
    source: str
    groundtruth: str
    generated: str


def build_judge_requests(pairs: list[JudgePair], config: LlmConfig, prompt: JudgePrompt) -> list[ChatRequest]:
    """One keyed Chat Completions request per pair (text only; ``custom_id`` = ``source:sample_id``).

    The key covers endpoint, judge model, rubric text and version and both interpretations, so two
    sources that produced the same text for a sample share one paid verdict.
    """
    return [build_request(record_id=f"{p.source}:{p.sample_id}", system=prompt.system,
                          user=prompt.render(p.groundtruth, p.generated), image_path=None, config=config,
                          prompt_version=prompt.version,
                          est_prompt_tokens=(len(prompt.system) + len(p.groundtruth) + len(p.generated)) // 4)
            for p in pairs]


def judge_llm_config(model: str, *, base_url: str | None = None, budget_usd: float | None = None,
                     concurrency: int = 8, max_output_tokens: int = JUDGE_MAX_OUTPUT_TOKENS) -> LlmConfig:
    """The judge's endpoint settings with the judge's defaults (JSON output, room for every item)."""
    return judge_config(LlmConfig(model=model, base_url=base_url, budget_usd=budget_usd, concurrency=concurrency,
                                  max_output_tokens=max_output_tokens))


def judge_config(config: LlmConfig) -> LlmConfig:
    """``config`` with JSON output requested unless the caller chose a response format already."""
    if config.response_format is not None:
        return config
    return config.model_copy(update={"response_format": JUDGE_RESPONSE_FORMAT})


def run_judge(requests: list[ChatRequest], config: LlmConfig, ledger_path: str | Path,
              api_key: str | None) -> list[LlmResult]:
    """Answer every request through the online runner and its SQLite ledger (one result per request)."""
    if not requests:
        return []
    ledger = Ledger(ledger_path)
    try:
        return asyncio.run(run_online(requests, config, ledger, make_client(config, api_key), api_key))
    finally:
        ledger.close()


# -- parsing --------------------------------------------------------------------------------------


class JudgeItem(BaseModel):
    """One judged item (or a holistic grade): the released prompt writes ``Score``; models vary case."""

    model_config = ConfigDict(extra="allow")

    score: float = Field(validation_alias=AliasChoices("Score", "score", "SCORE"))
    explanation: str = Field(default="", validation_alias=AliasChoices("Explanation", "explanation"))
    item: str | None = Field(default=None, validation_alias=AliasChoices("Item", "item", "Lead", "lead"))


_CRITERION = TypeAdapter(Union[list[Union[JudgeItem, float]], JudgeItem, float])


@dataclass(frozen=True)
class Verdict:
    """One sample's parsed judge answer.

    ``scores[c]`` holds the item scores of criterion ``c`` (one value for a holistic criterion);
    a criterion that is absent or failed validation is not in ``scores`` and is named in ``missing``
    or ``errors``. ``parse_ok`` is False when no JSON object could be read at all.
    """

    sample_id: str
    source: str
    scores: dict[str, tuple[float, ...]]
    missing: tuple[str, ...]
    errors: tuple[str, ...] = ()
    parse_ok: bool = True
    aliases_used: tuple[str, ...] = ()
    status: str = "ok"  # the request's status: ok | failed | skipped_budget
    raw: str | None = field(default=None, repr=False)


def parse_verdict(text: str | None, *, sample_id: str = "", source: str = "", status: str = "ok") -> Verdict:
    """Parse a judge answer; never raises. Every problem is recorded on the returned verdict."""
    base = {"sample_id": sample_id, "source": source, "status": status, "raw": text}
    if status != "ok" or text is None:
        return Verdict(**base, scores={}, missing=tuple(CRITERIA), errors=(f"no judge answer ({status})",),
                       parse_ok=False)
    doc, problem = _json_object(text)
    if doc is None:
        return Verdict(**base, scores={}, missing=tuple(CRITERIA), errors=(f"malformed JSON: {problem}",),
                       parse_ok=False)
    by_name = _canonical_keys(doc)
    scores: dict[str, tuple[float, ...]] = {}
    missing, errors, aliases = [], [], []
    for criterion, allowed in CRITERIA.items():
        hits = by_name.get(criterion, [])
        if not hits:
            missing.append(criterion)
            continue
        key, value = hits[0]
        if key != criterion:
            aliases.append(key)
        if len(hits) > 1:
            errors.append(f"{criterion}: given under several names ({', '.join(k for k, _ in hits)}); "
                          f"used {key}")
        try:
            values = _item_scores(_CRITERION.validate_python(value))
        except ValidationError as exc:
            errors.append(f"{criterion}: invalid ({exc.errors()[0]['msg']})")
            continue
        off_scale = sorted({v for v in values if v not in allowed})
        if off_scale:
            errors.append(f"{criterion}: scores {off_scale} not on the scale {sorted(allowed)}")
            continue
        scores[criterion] = values
    return Verdict(**base, scores=scores, missing=tuple(missing), errors=tuple(errors), parse_ok=True,
                   aliases_used=tuple(aliases))


def _item_scores(parsed) -> tuple[float, ...]:
    items = parsed if isinstance(parsed, list) else [parsed]
    return tuple(float(i.score) if isinstance(i, JudgeItem) else float(i) for i in items)


_FENCE = re.compile(r"^```[a-zA-Z]*\s*|\s*```$")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


def _json_object(text: str) -> tuple[dict | None, str]:
    """The outermost JSON object in ``text`` (code fences and trailing commas tolerated)."""
    body = _FENCE.sub("", text.strip())
    start, end = body.find("{"), body.rfind("}")
    if start < 0 or end <= start:
        return None, "no JSON object found"
    chunk = body[start:end + 1]
    for candidate in (chunk, _TRAILING_COMMA.sub(r"\1", chunk)):
        try:
            doc = json.loads(candidate)
        except json.JSONDecodeError as exc:
            problem = f"{exc.msg} at char {exc.pos}"
            continue
        if isinstance(doc, dict):
            return doc, ""
        problem = f"top level is {type(doc).__name__}, not an object"
    return None, problem


def _canonical_keys(doc: dict) -> dict[str, list[tuple[str, object]]]:
    """canonical criterion -> [(key as written, value)], canonical spelling first, case-insensitive."""
    lookup = {name.lower(): name for name in CRITERIA}
    lookup.update({alias.lower(): target for alias, target in ALIASES.items()})
    out: dict[str, list[tuple[str, object]]] = {}
    for key, value in doc.items():
        target = lookup.get(re.sub(r"[\s_]", "", str(key)).lower())
        if target is not None:
            out.setdefault(target, []).append((key, value))
    for hits in out.values():
        hits.sort(key=lambda kv: kv[0] not in CRITERIA)
    return out
