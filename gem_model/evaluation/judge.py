"""The Grounded ECG Understanding judge (SPEC §8): requests, the cached run, and a tolerant parser.

A judge request pairs the ground-truth interpretation with a generated one under the eight-criterion
rubric of ``prompts/judge_v1.toml``. Requests go through the same client, ledger and rate limits as
generation (:mod:`gem_data.llm`), so a verdict already paid for is never asked again and a killed run
resumes where it stopped.

Parsing is where the released tooling lost data: its prompt names two criteria
``GroundedECGUnderstanding`` and ``RealisticDiagnosticProcess`` while its scoring notebook looks for
``ECGFeatureGrounding`` and ``ClinicalDiagnosticFidelity`` and silently drops them. We accept both
namings, validate every criterion on its own (pydantic) and record, per sample, what was malformed or
missing instead of crashing or guessing. Judges also emit repairable JSON (fences, curly quotes, +2,
trailing commas, a missing final bracket, Python dicts): :func:`read_object` repairs exactly those, in
the fixed order of :data:`REPAIRS`, names each repair, and never completes a reply that was cut off;
:func:`judge_pairs` asks once more about each reply that stays unreadable (SPEC §8).
"""
from __future__ import annotations

import ast
import asyncio
import dataclasses
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


REASK_TOKEN_FACTOR = 2  # an unreadable reply is asked once more with this many times the output budget


@dataclass(frozen=True)
class JudgeRun:
    """Every pair's verdict (by ``source:sample_id``) and every result paid or read from the ledger."""

    verdicts: dict[str, Verdict]
    results: list[LlmResult]
    n_reasked: int


def judge_pairs(pairs: list[JudgePair], config: LlmConfig, prompt: JudgePrompt, ledger_path: str | Path,
                api_key: str | None) -> JudgeRun:
    """Ask the judge about every pair, parse, and re-ask each unreadable reply once.

    The re-ask is its own request (prompt version ``<version>+reask``, ``REASK_TOKEN_FACTOR`` x the
    output budget), so it has its own ledger key: a rerun reads both answers from the ledger and pays
    nothing. A reply still unreadable after it stays unreadable (excluded and listed by the aggregate).
    Failed requests are not re-asked: the online runner has retried them already.
    """
    by_id = {f"{p.source}:{p.sample_id}": p for p in pairs}
    results = run_judge(build_judge_requests(pairs, config, prompt), config, ledger_path, api_key)
    verdicts = {r.record_id: _verdict_of(r, by_id[r.record_id]) for r in results}
    again = [by_id[cid] for cid, v in verdicts.items() if v.status == "ok" and not v.parse_ok]
    if again:
        reask_config = config.model_copy(update={"max_output_tokens": config.max_output_tokens * REASK_TOKEN_FACTOR})
        reask_prompt = dataclasses.replace(prompt, version=f"{prompt.version}+reask")
        second = run_judge(build_judge_requests(again, reask_config, reask_prompt), reask_config, ledger_path,
                           api_key)
        for r in second:
            first = verdicts[r.record_id]
            v = _verdict_of(r, by_id[r.record_id])
            verdicts[r.record_id] = dataclasses.replace(
                v, reasked=True, errors=(*(f"first reply {e}" for e in first.errors), *v.errors))
        results += second
    return JudgeRun(verdicts=verdicts, results=results, n_reasked=len(again))


def _verdict_of(result: LlmResult, pair: JudgePair) -> Verdict:
    return parse_verdict(result.text, sample_id=pair.sample_id, source=pair.source, status=result.status,
                         finish_reason=result.finish_reason)


# -- parsing --------------------------------------------------------------------------------------


class JudgeItem(BaseModel):
    """One judged item (or a holistic grade): the released prompt writes ``Score``; models vary case."""

    model_config = ConfigDict(extra="allow")

    score: float = Field(validation_alias=AliasChoices("Score", "score", "SCORE"))
    explanation: str = Field(default="", validation_alias=AliasChoices("Explanation", "explanation"))
    item: str | None = Field(default=None, validation_alias=AliasChoices("Item", "item", "Lead", "lead"))


_CRITERION = TypeAdapter(Union[list[Union[JudgeItem, float]], JudgeItem, float])

# The repairs, in the fixed order they are tried and reported (SPEC §8: repair, count, never invent).
REPAIRS: tuple[str, ...] = (
    "fence_or_prose",    # the object unwrapped from a ```json fence or from prose around it
    "smart_quotes",      # “curly” string delimiters -> ASCII (curly quotes inside ASCII strings are text)
    "plus_sign",         # +2 -> 2
    "trailing_comma",    # [1, 2,] -> [1, 2]
    "closing_brackets",  # brackets missing at the very end appended (never after finish_reason "length")
    "python_literal",    # {'Score': 2, 'ok': True} read with ast.literal_eval
)


@dataclass(frozen=True)
class Verdict:
    """One sample's parsed judge answer.

    ``scores[c]`` holds the item scores of criterion ``c`` (one value for a holistic criterion);
    a criterion that is absent or failed validation is not in ``scores`` and is named in ``missing``
    or ``errors``. ``parse_ok`` is False only for a reply that cannot be read at all (no object, a
    refusal, a reply cut off mid-string or at max tokens, an object with none of the eight criteria);
    ``repairs`` names what had to be repaired (kinds of :data:`REPAIRS`, in that order).
    """

    sample_id: str
    source: str
    scores: dict[str, tuple[float, ...]]
    missing: tuple[str, ...]
    errors: tuple[str, ...] = ()
    parse_ok: bool = True
    aliases_used: tuple[str, ...] = ()
    status: str = "ok"  # the request's status: ok | failed | skipped_budget
    repairs: tuple[str, ...] = ()
    reasked: bool = False  # this verdict comes from the one re-ask of an unreadable first reply
    raw: str | None = field(default=None, repr=False)


def parse_verdict(text: str | None, *, sample_id: str = "", source: str = "", status: str = "ok",
                  finish_reason: str | None = None) -> Verdict:
    """Parse a judge answer; never raises. Every problem and repair is recorded on the returned verdict.

    Strict JSON first; otherwise the :data:`REPAIRS` in order. A reply cut off (an unterminated
    string, or ``finish_reason == "length"`` with brackets missing) is unreadable, never completed:
    completing it would turn the criteria it never reached into zeros.
    """
    base = {"sample_id": sample_id, "source": source, "status": status, "raw": text}
    unreadable = {"scores": {}, "missing": tuple(CRITERIA), "parse_ok": False}
    if status != "ok" or text is None:
        return Verdict(**base, **unreadable, errors=(f"no judge answer ({status})",))
    doc, repairs, problem = read_object(text, cut_at_limit=finish_reason == "length")
    if doc is None:
        return Verdict(**base, **unreadable, errors=(f"unreadable: {problem}",), repairs=repairs)
    by_name = _canonical_keys(doc)
    if not by_name:
        return Verdict(**base, **unreadable, errors=("unreadable: none of the eight criteria in the reply",),
                       repairs=repairs)
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
                   aliases_used=tuple(aliases), repairs=repairs)


def _item_scores(parsed) -> tuple[float, ...]:
    items = parsed if isinstance(parsed, list) else [parsed]
    return tuple(float(i.score) if isinstance(i, JudgeItem) else float(i) for i in items)


def read_object(text: str, *, cut_at_limit: bool = False) -> tuple[dict | None, tuple[str, ...], str]:
    """(object, repairs applied, problem): the judge's JSON object, repaired only as :data:`REPAIRS` allow.

    Why not a general repair library: ``json-repair`` (PyPI) completes ``{"a": "cut mid`` to
    ``{"a": "cut mid"}``, turns trailing prose into list items and a dangling key into ``""``, i.e.
    it invents content, and it cannot say which fault it fixed. The faults judges produce are few
    and structural, so one string-aware scan fixes them and names each; Python literals go to the
    standard library's ``ast.literal_eval``.
    """
    doc, _ = _loads(text)
    if isinstance(doc, dict):
        return doc, (), ""
    body, unwrapped = _unwrap(text)
    if body is None:
        return None, (), "no JSON object in the reply"
    fixed, kinds, tail, cut = _scan(body)
    if cut:
        return None, (), "reply cut off inside a string"
    if "closing_brackets" in kinds and cut_at_limit:
        return None, (), "reply cut off at max_output_tokens (finish_reason length)"
    if unwrapped or tail.strip():
        kinds.add("fence_or_prose")
    doc, problem = _loads(fixed)
    if problem:
        try:
            doc = ast.literal_eval(fixed)
            kinds.add("python_literal")
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            pass
    if not isinstance(doc, dict):
        return None, (), problem or f"top level is {type(doc).__name__}, not an object"
    return doc, tuple(k for k in REPAIRS if k in kinds), ""


def _loads(text: str) -> tuple[object, str]:
    """(json.loads(text), "") or (None, why not); very deep nesting is a reason, not a crash."""
    try:
        return json.loads(text), ""
    except json.JSONDecodeError as exc:
        return None, f"malformed JSON: {exc.msg} at char {exc.pos}"
    except RecursionError:
        return None, "malformed JSON: nested too deeply"


_FENCE = re.compile(r"```[A-Za-z0-9_-]*[ \t]*\n?(.*?)(?:```|\Z)", re.DOTALL)


def _unwrap(text: str) -> tuple[str | None, bool]:
    """The text from the first ``{`` on, inside the first code fence if there is one; and whether
    anything but whitespace was cut before it (the end of the object is found by :func:`_scan`)."""
    fence = _FENCE.search(text)
    inner = fence.group(1) if fence and "{" in fence.group(1) else text
    start = inner.find("{")
    if start < 0:
        return None, False
    return inner[start:], inner is not text or bool(inner[:start].strip())


_CURLY_DOUBLE = "\u201c\u201d\u201e\u201f\u2033"  # “ ” „ ‟ ″
_CURLY_SINGLE = "\u2018\u2019\u201a\u201b\u2032"  # ‘ ’ ‚ ‛ ′
_CLOSER = {"{": "}", "[": "]"}


def _scan(body: str) -> tuple[str, set[str], str, bool]:
    """One pass over ``body`` (starting at its ``{``) that tracks strings and brackets.

    Returns (the object with structural faults fixed, the kinds fixed, the text after the object
    closed, whether the body ended inside a string). Only characters outside strings are touched.
    """
    out: list[str] = []
    kinds: set[str] = set()
    stack: list[str] = []
    closers: str | None = None  # while inside a string: the characters that end it
    i, n = 0, len(body)
    while i < n:
        c = body[i]
        if closers is not None:
            if c == "\\":
                out.append(body[i:i + 2])
                i += 2
                continue
            if c in closers and (c in "\"'" or _next_char(body, i) in ("", ":", ",", "}", "]")):
                # a curly quote ends a string only before structure: “it’s “fine”” keeps its inner quotes
                out.append(closers[-1])  # the ASCII delimiter, also when the string ends with a curly one
                closers = None
            else:
                out.append(c)
        elif c in "\"'":
            closers = c
            out.append(c)
        elif c in _CURLY_DOUBLE or c in _CURLY_SINGLE:
            closers = (_CURLY_DOUBLE + '"') if c in _CURLY_DOUBLE else (_CURLY_SINGLE + "'")
            kinds.add("smart_quotes")
            out.append(closers[-1])
        elif c in _CLOSER:
            stack.append(_CLOSER[c])
            out.append(c)
        elif c in "}]":
            out.append(c)
            if stack and stack[-1] == c:
                stack.pop()
                if not stack:
                    return "".join(out), kinds, body[i + 1:], False
        elif c == "+" and body[i + 1:i + 2].isdigit() and _last_token(out) in (":", "[", ","):
            kinds.add("plus_sign")
        elif c == "," and _next_char(body, i) in ("}", "]"):
            kinds.add("trailing_comma")
        else:
            out.append(c)
        i += 1
    if closers is not None:
        return "".join(out), kinds, "", True
    text = "".join(out).rstrip()
    if text.endswith(","):
        text = text[:-1]
        kinds.add("trailing_comma")
    if stack:
        kinds.add("closing_brackets")
        text += "".join(reversed(stack))
    return text, kinds, "", False


_NEXT_CHAR = re.compile(r"\s*(\S?)")


def _next_char(body: str, i: int) -> str:
    """The first non-blank character after position ``i`` ('' at the end)."""
    return _NEXT_CHAR.match(body, i + 1).group(1)


def _last_token(out: list[str]) -> str:
    """The last non-blank character emitted so far ('' at the start)."""
    for piece in reversed(out):
        if piece.strip():
            return piece.strip()[-1]
    return ""


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
