"""Claims a response makes about its record, extracted by a deterministic rule-based grammar.

A claim is one checkable statement: a measurement ("PR interval of 160 ms in lead II at beat 3"), a
qualitative or rhythm statement ("prolonged QTc", "sinus bradycardia", "no ST elevation in V2") or a
structural one (a lead or wave that cannot exist: "lead V7", "K waves"; a beat that may not exist).
Extraction never looks at the record; ``verdicts.py`` does. The vocabulary is in ``grammar.py``.

How mentions are tied together (all within one sentence; a clause ends at ";", "but", "whereas"):
- a number takes the feature written right after it ("160 ms PR"), else the nearest compatible
  feature before it in its clause, else one shortly after it, else the nearest one earlier in the
  sentence; the unit decides the specific column (P wave + ms = ``p_dur_ms``, + mV = ``p_amp_mv``);
  numbers outside physiological bounds for that feature (a "10 s" recording), quoted norms
  ("normal 120-200 ms", "the 450 ms threshold") and rules ("a QTc above 500 ms carries risk", "if
  the PR exceeded 200 ms") are not claims;
- leads: a lead named right after the claim behind a preposition ("... 96 ms in lead V2",
  "(V1)") wins, else the nearest lead named earlier in the sentence ("In lead II, ..."); a list of
  values with as many leads and "respectively" pairs them in order;
- beats: "at beat 4" / "(beat 4)" after the claim, else a beat named earlier in the same clause
  with no other number in between ("In the third beat, the PR is ...");
- a qualitative word takes the nearest feature in its clause (25 characters after it or 60
  before) and is dropped if that feature cannot carry it ("normal axis"); a negation ("no", "not",
  "without") shortly before it, or a denial right after it ("... is absent", "... not seen"),
  flips it.

``Extractor`` is the interface; ``RuleExtractor`` is the default, and an LLM-assisted extractor can
implement the same ``extract(text) -> Extraction`` (claims with character spans, leads named).
"""
from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, replace
from typing import Protocol

from . import grammar
from .grammar import Mention

KINDS: tuple[str, ...] = ("measurement", "qualitative", "rhythm", "structural")

# (generic feature key, unit kind) -> FeatureDB column
_BY_UNIT: dict[tuple[str, str], str] = {
    ("pr", "ms"): "pr_ms", ("qt", "ms"): "qt_ms", ("qtc", "ms"): "qtc_ms",
    ("qtcf", "ms"): "qtc_fridericia_ms", ("qrs", "ms"): "qrs_dur_ms", ("qrs_dur", "ms"): "qrs_dur_ms",
    ("qrs", "mv"): "qrs_amp_mv", ("qrs_amp", "mv"): "qrs_amp_mv", ("p", "ms"): "p_dur_ms",
    ("p_dur", "ms"): "p_dur_ms", ("p", "mv"): "p_amp_mv", ("p_amp", "mv"): "p_amp_mv",
    ("t", "ms"): "t_dur_ms", ("t_dur", "ms"): "t_dur_ms", ("t", "mv"): "t_amp_mv",
    ("t_amp", "mv"): "t_amp_mv", ("st", "ms"): "st_dur_ms", ("st_dur", "ms"): "st_dur_ms",
    ("st", "mv"): "st_level_mv", ("rr", "ms"): "rr1_ms", ("hr", "bpm"): "heart_rate_bpm",
    # a specific phrase still names its wave: "P wave amplitude 0.1 mV with a duration of 90 ms"
    ("p_amp", "ms"): "p_dur_ms", ("p_dur", "mv"): "p_amp_mv", ("t_amp", "ms"): "t_dur_ms",
    ("t_dur", "mv"): "t_amp_mv", ("qrs_amp", "ms"): "qrs_dur_ms", ("qrs_dur", "mv"): "qrs_amp_mv",
    ("st_dur", "mv"): "st_level_mv",
    # named QRS deflections and the voltage indices (FeatureDB v2, SPEC §3)
    ("r_amp", "mv"): "r_amp_mv", ("s_amp", "mv"): "s_amp_mv", ("sokolow", "mv"): "sokolow_lyon_mv",
    ("cornell", "mv"): "cornell_mv",
}
# generic key -> column a qualitative word about it is checked on (QT words mean the corrected QT)
_QUAL_COLUMN: dict[str, str] = {
    "pr": "pr_ms", "qrs": "qrs_dur_ms", "qrs_dur": "qrs_dur_ms", "qt": "qtc_ms", "qtc": "qtc_ms",
    "qtcf": "qtc_fridericia_ms", "hr": "heart_rate_bpm", "p": "p_amp_mv", "p_amp": "p_amp_mv",
    "t": "t_amp_mv", "t_amp": "t_amp_mv", "st": "st_level_mv",
    # record-level facts (values.RecordFacts)
    "atrial": "atrial_activity", "rhythm": "rr_irregular", "rr": "rr_irregular", "premature": "premature",
    "lvh": "lvh_voltage", "low_voltage": "low_voltage",
}
_TERM_COLUMNS: dict[str, frozenset[str]] = {
    "long": frozenset({"pr_ms", "qrs_dur_ms", "qtc_ms", "qtc_fridericia_ms"}),
    "short": frozenset({"pr_ms"}),
    "normal": frozenset({"pr_ms", "qrs_dur_ms", "qtc_ms", "qtc_fridericia_ms", "heart_rate_bpm"}),
    "narrow": frozenset({"qrs_dur_ms"}), "wide": frozenset({"qrs_dur_ms"}),
    "inverted": frozenset({"t_amp_mv", "p_amp_mv"}), "upright": frozenset({"t_amp_mv", "p_amp_mv"}),
    "elev": frozenset({"st_level_mv"}), "depr": frozenset({"st_level_mv"}),
    "brady": frozenset({"heart_rate_bpm"}), "tachy": frozenset({"heart_rate_bpm"}),
    "horizontal": frozenset({"st_form"}), "upsloping": frozenset({"st_form"}),
    "downsloping": frozenset({"st_form"}),
    "sinus_brady": frozenset({"heart_rate_bpm"}), "sinus_tachy": frozenset({"heart_rate_bpm"}),
    "sinus_normal": frozenset({"heart_rate_bpm"}), "incomplete": frozenset({"qrs_dur_ms"}),
    "af": frozenset({"atrial_activity"}), "flutter": frozenset({"atrial_activity"}),
    "p_absent": frozenset({"atrial_activity"}), "sinus": frozenset({"atrial_activity"}),
    "regular": frozenset({"rr_irregular"}), "irregular": frozenset({"rr_irregular"}),
    "present": frozenset({"premature", "lvh_voltage", "low_voltage"}),
}
_ST_FORMS = frozenset({"horizontal", "upsloping", "downsloping"})
# Physiological bounds per column: a number outside them is not a claim about that feature.
# Wide on purpose: an absurd value is a false claim to catch, not noise; these only stop a
# recording length ("10 s") or a paper speed from being read as an interval.
_PLAUSIBLE: dict[str, tuple[float, float]] = {
    "pr_ms": (10, 1500), "qrs_dur_ms": (10, 1500), "qt_ms": (50, 2000), "qtc_ms": (50, 2000),
    "qtc_fridericia_ms": (50, 2000), "p_dur_ms": (10, 1500), "t_dur_ms": (10, 1500),
    "st_dur_ms": (0, 1500), "rr1_ms": (150, 5000), "heart_rate_bpm": (10, 400),
    "p_amp_mv": (-10, 10), "qrs_amp_mv": (0, 15), "t_amp_mv": (-10, 10), "st_level_mv": (-5, 5),
    "r_amp_mv": (-1, 10), "s_amp_mv": (-10, 10), "sokolow_lyon_mv": (0, 20), "cornell_mv": (0, 20),
}
_POST_NEGATION_RE = re.compile(
    r"(?:\s+(?:is|are|was|were))?\s+(?:absent|not\s+(?:seen|present|observed|evident|noted|found)|ruled\s+out"
    r"|excluded)\b|\s*(?:\||:|\?\s*-)\s*(?:none|nil|absent|no)\s*(?=[|.;,\n]|$)"
    r"|[\"']?\s*[:=]\s*[\"']?(?:false|no)(?=\s*[\"',}\n]|\s*$)", re.IGNORECASE)
_REFERENCE_BEFORE_RE = re.compile(
    r"\b(?:normal(?:\s+(?:range|values?|limits?))?|reference(?:\s+(?:range|values?))?|upper\s+limit(?:\s+of\s+normal)?"
    r"|lower\s+limit(?:\s+of\s+normal)?|ULN|cut-?off|threshold|defined\s+as|criteri(?:a|on)|norm|within|limit)"
    r"\s*(?:is|of|:|=|being)?\s*$", re.IGNORECASE)
_REFERENCE_AFTER_RE = re.compile(r"\s*(?:(?:female|male|women's|men's|normal|sex-specific)\s+)?"
                                 r"(?:cut-?off|threshold|upper\s+limit|lower\s+limit|limit\b)", re.IGNORECASE)
_NORM_NUMBER_RE = re.compile(r"\s*(?:range|values?|limits?)?\s*(?:is|of|:|=)?\s*[<>≤≥]?\s*[-−]?\d")
_LIMIT_OF_RE = re.compile(r"\b(?:limits?|upper|lower)\s+of\s+$", re.IGNORECASE)
# Rules and conditionals, not findings. Hedges about this record ("could suggest", "I would estimate",
# "may be", "might represent") stay claims: a hedged wrong value is still wrong.
_HYPOTHETICAL_RE = re.compile(r"\b(?:if|unless|whenever|considered|defined|regarded"
                              r"|would\s+(?:need|require|have\s+to|mean|qualify|count|stop|start|treat|act|withhold"
                              r"|hold|repeat|worry|be)"
                              r"|who\s+(?:says|writes|answers|claims|states))\b",
                              re.IGNORECASE)
_HYPOTHETICAL_AFTER_RE = re.compile(r"\s+(?:would|requires?|needs?)\b", re.IGNORECASE)
_SLASH_GAP_RE = re.compile(r"\s*/\s*")
_NEW_ITEM_RE = re.compile(r",|:|\band\b")
_RULE_OPENING_RE = re.compile(
    r"\W*(?:recall|remember|by\s+definition|normally|in\s+general|generally|typically|as\s+a\s+rule|classically"
    r"|by\s+convention|keep\s+in\s+mind|a\s+reminder|in\s+adults|in\s+healthy"
    r"|in\s+(?:men|women|males|females|children|athletes))\b", re.IGNORECASE)
_NORM_STATEMENT_RE = re.compile(
    r"\b(?:normal|healthy|typical|expected)\s+(?:\w+\s+){0,3}?(?:lies|lie|ranges?|falls?|is|are|should\s+be|measures?)"
    r"\s+(?:\w+\s+)?(?:between|from|under|below|less|up\s+to|within|no\s+more)\b", re.IGNORECASE)
_SLASH_LEAD_IN_RE = re.compile(r"\s*(?:intervals?)?\s*(?:[:=]|of|is|are|measures?|measured)?\s*", re.IGNORECASE)
_DEFINITION_AFTER_RE = re.compile(
    r"\s*\)?\s*(?:(?:is|are)\s+(?:considered|defined|regarded|diagnostic|dangerous|associated|linked|a\s+risk)"
    r"|raises|increases|predisposes|defines|indicates|carries|qualifies"
    r"|suggests|implies|signifies|denotes|means)\b",
    re.IGNORECASE)
# a line of reference values ("Reference: PR 120-200, QRS < 120", "Norms on our machine: ...")
_NORM_LINE_RE = re.compile(
    r"\W*(?:(?:our|the|local|lab(?:oratory)?)\s+)?(?:norms?|reference(?:\s+(?:ranges?|values?|intervals?))?"
    r"|normal\s+(?:ranges?|values?|limits?)|ULN|cut-?offs?)\b", re.IGNORECASE)
# paper boxes between R waves are the RR interval ("five large boxes apart")
_APART_RE = re.compile(r"\s+apart\b|\s+between\s+(?:(?:two|consecutive|successive|adjacent)\s+)?(?:beats|R[- ]waves|"
                       r"complexes|QRS)", re.IGNORECASE)
_BETWEEN_RE = re.compile(r"\bbetween\s+(?:(?:two|consecutive|successive|adjacent|neighbou?ring)\s+)?$", re.IGNORECASE)
# a wave named as a landmark of another measurement ("from the start of the QRS to the end of the T
# wave: 480 ms") does not own the value
_COMPLEX_RE = re.compile(r"\bcomplex(?:es)?\b", re.IGNORECASE)
_LANDMARK_RE = re.compile(r"\b(?:start|onset|beginning|end|offset|peak|top|apex|nadir|tip)\s+of\s+(?:the\s+|each\s+)?$",
                          re.IGNORECASE)
# ... and after any value: a threshold or a calculation step, not a measurement ("five small squares,
# where first-degree block begins", "450 ms or more", "above 500 ms the risk rises", "300 divided by")
_RULE_AFTER_RE = re.compile(
    r"\s*,?\s*(?:where|at\s+which|beyond\s+which|above\s+which|or\s+(?:more|less|longer|shorter|above|below|greater"
    r"|over)|(?:the\s+|a\s+|high\s+|low\s+)?risk|divided|would)\b", re.IGNORECASE)
# a negation that has its own object ("No treatment is needed for sinus arrhythmia") reaches no word after it
_NEG_OBJECT_RE = re.compile(r"\s+(?:further\s+)?(?:treatment|therapy|action|intervention|follow[- ]?up|change|need"
                            r"|cause\s+for\s+concern|concern)\b", re.IGNORECASE)
_OWN_VALUE_RE = re.compile(r"\s*(?:of|at|to|by|measuring|reaching)?\s*(?:about|approximately|~)?\s*",
                           re.IGNORECASE)
_LIST_GAP_RE = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)\s*")
_RESPECTIVELY_RE = re.compile(r"\brespectively\b", re.IGNORECASE)
_ADJACENT_RE = re.compile(r"[\s-]{0,3}")
_NEGATIVE_RE = re.compile(r"depress|invert|inversion|negative", re.IGNORECASE)
_RHYTHM_COLUMNS = frozenset({"heart_rate_bpm", "rr1_ms", "atrial_activity", "rr_irregular", "premature"})
# words that make a paper-box count an amplitude (0.1 mV per small box) rather than a time (40 ms)
_AMPLITUDE_WORDS_RE = re.compile(r"amplitude|voltage|height|tall|deep|depth|elevat|depress|high|mV", re.IGNORECASE)
_BOX_MS, _BOX_MV = 40.0, 0.1  # one small box at 25 mm/s and 10 mm/mV (SPEC §4)
# A lead named after a claim belongs to it when a preposition introduces it and no "and"/comma
# starts a new item in between ("96 ms at its widest in lead V2", not "96 ms, and lead V1 shows").
_POSTFIX_LEAD_RE = re.compile(r"^(?![^;]*(?:\band\b|,))[^;]*"
                              r"(?:\bin|\bat|\bon|\bfor|\bacross|\bfrom|\bof|\bwithin|\bover|\()"
                              r"\s*(?:the\s+)?$", re.IGNORECASE)
# A question is not a claim ("Q: Is the QRS wide?", "Any ectopics?"); it names what the answer's
# values and words are about ("A: 112 ms in lead I; not wide"). Notes' "qtc 782??" is a doubted value,
# not a question: a question opens with a question word or a "Q:" label.
_QUESTION_RE = re.compile(
    r"\W*(?:[A-Z][a-z]+\s*:\s*)?(?:is|are|was|were|does|do|did|what|how|which|why|where|when|any|can"
    r"|could|should|would|has|have|will|shall)\b", re.IGNORECASE)
# the asker's whole line ("Q: My watch said my pulse was slow. Is that right?"), and a note's
# "QRS? - 95 ms" heading
_ASKER_LINE_RE = re.compile(r"^[ \t*>-]*(?:Q|Question)\s*\d*\s*[:.)][^\n]*", re.MULTILINE | re.IGNORECASE)
_ASKED_HEAD_RE = re.compile(r"^[ \t*>-]*[^\n?.]{1,60}\?(?=\s*[-–:]\s|[ \t]*\n\s*(?:A|Answer|[A-Z][a-z]+)\s*:)"
                            r"(?!\s*[-–:]\s*(?:none|nil|no)\b)",
                            re.MULTILINE | re.IGNORECASE)  # "Ectopics? - None" stays: the answer denies it
# Another reader's words quoted ('The computer's interpretation reads "sinus tachycardia"', 'Machine
# statement: "Borderline ECG"') are not this writer's claims.
_QUOTE_RE = re.compile(r"[\"“”„]([^\"“”„\n]{1,400})[\"“”]")
_REPORTED_RE = re.compile(
    r"\b(?:says?|said|reads?|calls?|called|states?|stated|reports?|reported|labels?|labell?ed|prints?|printed"
    r"|gives?|gave|lists?|listed|interpretation|machine|computer|algorithm|automated|software|device|cart|statement"
    r"|program|monitor)\b\W*$", re.IGNORECASE)
_HISTORY_RE = re.compile(r"\b(?:paroxysmal|history\s+of|h/o|hx\s+of|known|prior|previous|past)\s+(?:\w+\s+){0,2}$",
                         re.IGNORECASE)
_THIS_TRACING_RE = re.compile(r"\s*(?:is\s+)?(?:on|in)\s+this\s+(?:tracing|ECG|strip|recording)|\s+(?:today|now|currently)\b",
                              re.IGNORECASE)
_TRACING_NOUN_RE = re.compile(r"\b(?=[eEtTrRsS])(?:ECG|EKG|tracing|recording|study|strip)\b", re.IGNORECASE)
_OTHER_BEFORE_RE = re.compile(r"\b(?:previous|prior|earlier|old|older|last|admission|baseline|index|preceding|comparison"
                              r"|reference)\s+$", re.IGNORECASE)
_PAREN_NEXT_RE = re.compile(r"\s*[,:]?\s*\(")
_OF_DATE_RE = re.compile(r"\s+(?:of|from|dated|on|at)\s+[^()\n.]{1,40}?\s*[,:]?\s*\(", re.IGNORECASE)
_THEN_HINTS = ("at that time", "previous", "back then", "prior", "earlier", "old ", "last ")
_THEN_RE = re.compile(r"\W*(?:at\s+that\s+time|previously|back\s+then|on\s+the\s+(?:previous|prior|earlier|old|last)"
                      r"\s+(?:ECG|EKG|tracing|recording)|the\s+(?:previous|prior|earlier|old)\s+(?:ECG|EKG|tracing|recording)"
                      r"\s+(?:showed|had|was|read))\b", re.IGNORECASE)
_PATTERN_WORD_RE = re.compile(r"couplets?|bigeminy|trigeminy|runs?\b", re.IGNORECASE)
_POSTFIX_BEAT_RE = re.compile(r"^[\s(]*(?:(?:in|at|on|of|for|during|by)\s+)*(?:the\s+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Claim:
    """One checkable statement. Values are in the column's unit (ms, mV, bpm).

    ``lo``/``hi``: the claimed interval (equal for a single value, infinite on an open side, NaN for
    qualitative claims whose interval comes from SPEC §4 in ``verdicts.py``). ``beats`` are the
    positions as written (1-based; -1 = the last beat). ``feature`` is a FeatureDB column,
    ``st_form``, ``lead``/``wave``/``beat`` for structural claims, or None for something we do not
    measure (R-wave amplitude, axis): such claims are always unverifiable.
    """

    kind: str
    feature: str | None
    text: str
    start: int
    end: int
    comparator: str = "eq"  # eq | range | gt | ge | lt | le | term | exists
    lo: float = math.nan
    hi: float = math.nan
    term: str | None = None
    negated: bool = False
    unit: str | None = None
    leads: tuple[str, ...] = ()
    invalid_leads: tuple[str, ...] = ()
    beats: tuple[int, ...] = ()
    sentence: int = 0


@dataclass(frozen=True)
class Extraction:
    """What an extractor read in one text: its claims, and every standard lead it names."""

    claims: tuple[Claim, ...]
    leads: tuple[str, ...]


class Extractor(Protocol):
    """Anything that turns a response into claims (the rule grammar, or later an LLM)."""

    name: str

    def extract(self, text: str) -> Extraction: ...


class RuleExtractor:
    """The deterministic grammar of this module and ``grammar.py``."""

    name = "rules-v1"

    def extract(self, text: str) -> Extraction:
        mentions = grammar.scan(text)
        named = {lead for m in mentions if m.kind == "lead" for lead in m.data[0]}
        return Extraction(tuple(_extract(grammar.normalize(text), mentions)),
                          tuple(lead for lead in grammar.VALID_LEADS if lead in named))


RULES = RuleExtractor()


def extract_claims(text: str, extractor: Extractor = RULES) -> list[Claim]:
    """All claims of ``text`` in reading order."""
    return list(extractor.extract(text).claims)


def _extract(text: str, mentions: list[Mention]) -> list[Claim]:
    by_kind: dict[str, list[Mention]] = {
        k: [] for k in ("feature", "number", "lead", "beat", "qual", "neg", "badwave")}
    for m in mentions:
        by_kind[m.kind].append(m)
    # questions and quoted reports: no claims there, though a question's feature names stay context,
    # and a bare answer takes the question's feature ("PR? - 187", "Is it a tachycardia? No.")
    questions = _questions(text)
    silent = questions + _quoted_reports(text) + _other_tracings(text)
    asked = {k: [m for m in by_kind[k] if any(a <= m.start < b for a, b in questions)] for k in ("qual", "neg", "feature")}
    if silent:
        for k in ("number", "lead", "beat", "qual", "neg", "badwave"):
            by_kind[k] = [m for m in by_kind[k] if not any(a <= m.start < b for a, b in silent)]
    by_kind["number"] = sorted(by_kind["number"] + _answer_values(text, questions, by_kind["feature"], by_kind["number"]),
                               key=lambda m: m.start)
    nums, leads, beats = by_kind["number"], by_kind["lead"], by_kind["beat"]
    # "complex" in "the second complex" names a beat, not the QRS
    feats = [f for f in by_kind["feature"] if not any(b.start <= f.start and f.end <= b.end for b in beats)
             and not _LANDMARK_RE.search(text, max(0, f.start - 30), f.start)]
    claims: list[Claim] = []
    used_beats: set[int] = set()  # ids of beat mentions some claim cites
    paired = _slash_pairs(text, feats, nums)
    for n in nums:
        claim = _number_claim(text, n, feats, nums, leads, beats, used_beats, paired.get(id(n)), asked)
        if claim is not None:
            claims.append(claim)
    claims = _respectively(text, claims)
    quals = _drop_nested(by_kind["qual"])
    # a negation inside a word's own phrase ("no P waves") is that word's, not its neighbours'
    negs = [n for n in by_kind["neg"] if not any(q.start <= n.start and n.end <= q.end for q in quals)]
    for q in quals:
        claim = _qual_claim(text, q, feats, nums, leads, beats, _negs_for(text, q, negs, quals), used_beats)
        if claim is not None:
            claims.append(claim)
    claims += _yes_no_answers(text, questions, asked, feats)
    for m in leads:
        for name in m.data[1]:
            claims.append(Claim("structural", "lead", name, m.start, m.end, comparator="exists",
                                invalid_leads=(name,), sentence=m.sentence))
    for m in by_kind["badwave"]:
        claims.append(Claim("structural", "wave", m.text, m.start, m.end, comparator="exists",
                            sentence=m.sentence))
    for m in beats:
        if id(m) not in used_beats:
            claims.append(Claim("structural", "beat", m.text, m.start, m.end, comparator="exists",
                                beats=m.data, sentence=m.sentence))
    claims.sort(key=lambda c: (c.start, c.end))
    return claims


def _other_tracings(text: str) -> list[tuple[int, int]]:
    """Character spans about another tracing: a parenthesis after "the ECG of 2019" / "the previous
    tracing", and a sentence that opens with "At that time" / "Previously": not this record's claims."""
    out = []
    low = text.lower()
    for m in (_TRACING_NOUN_RE.finditer(text) if "(" in text else ()):
        # "the previous ECG (...)", "the ECG of 08:15 today (...)": the parenthesis describes that tracing
        after = (_OTHER_BEFORE_RE.search(text, max(0, m.start() - 20), m.start()) and _PAREN_NEXT_RE.match(text, m.end())
                 or _OF_DATE_RE.match(text, m.end()))
        close = text.find(")", after.end()) if after else -1
        if close > 0:
            out.append((after.end() - 1, close + 1))
    if any(w in low for w in _THEN_HINTS):
        starts = [0, *grammar.sentence_starts(text), len(text)]
        out += [(a, b) for a, b in itertools.pairwise(starts) if _THEN_RE.match(text, a)]
    return out


def _questions(text: str) -> list[tuple[int, int]]:
    """Character spans of questions: they hold no claim."""
    if "?" not in text and not _ASKER_LINE_RE.search(text):
        return []
    starts = [0, *grammar.sentence_starts(text), len(text)]
    out = [(a, b) for a, b in itertools.pairwise(starts) if text[a:b].rstrip().endswith("?") and _QUESTION_RE.match(text, a)]
    out += [(m.start(), m.end()) for r in (_ASKER_LINE_RE, _ASKED_HEAD_RE) for m in r.finditer(text)]
    merged: list[tuple[int, int]] = []
    for a, b in sorted(out):  # one span per question, however many rules found it
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _quoted_reports(text: str) -> list[tuple[int, int]]:
    """Character spans of another reader's quoted words: they are not this writer's claims."""
    if '"' not in text and "“" not in text and "„" not in text:
        return []
    return [(m.start(), m.end()) for m in _QUOTE_RE.finditer(text)
            if _REPORTED_RE.search(text, max(0, m.start() - 40), m.start())]


_ANSWER_RE = r"[\s*-]*(?:(?:A|Answer|[A-Z][a-z]+)\s*[:.)]\s*)?[-–]?\s*"
_BARE_ANSWER_RE = re.compile(_ANSWER_RE + r"(?:about|approx\.?|approximately|around|roughly|~|≈)?\s*(?P<a>\d+(?:[.,]\d+)?)"
                             r"(?![\w%/:]|[.,]\d|\s*(?:ms|msec|milli|s\b|secs?\b|seconds?\b|bpm|mv|mm|/\s*min|beats?"
                             r"|per\b|small|large|big|boxes|squares))", re.IGNORECASE)
_YES_NO_RE = re.compile(_ANSWER_RE + r"(?P<yn>yes|no|none|nil)\b", re.IGNORECASE)
_MS_KEYS = frozenset({"pr", "qrs", "qrs_dur", "qt", "qtc", "qtcf", "p_dur", "rr"})


def _answer_values(text: str, questions, feats: list[Mention], nums: list[Mention]) -> list[Mention]:
    """A unit-less number opening the answer to a question that names an interval or the rate: its
    value, in the unit the question's feature implies (ms, or s below 2; bpm)."""
    out = []
    for a, b in questions:
        asked = [f for f in feats if a <= f.start < b and (f.data in _MS_KEYS or f.data == "hr")]
        m = _BARE_ANSWER_RE.match(text, b) if asked else None
        if m is None or any(n.start <= m.start("a") < n.end for n in nums):
            continue
        v = float(m.group("a").replace(",", "."))
        if asked[-1].data == "hr":
            value = (v, "bpm") if 20 <= v <= 300 and v.is_integer() else None
        else:
            value = (v * 1000.0, "ms") if v < 2 else (v, "ms") if 20 <= v <= 2000 else None
        if value is not None:
            out.append(Mention("number", m.start("a"), m.end("a"), m.group("a"), (value[0], value[0], value[1], "eq", "")))
    return grammar.place(text, out)


def _yes_no_answers(text: str, questions, asked: dict[str, list[Mention]], feats: list[Mention]) -> list[Claim]:
    """"Is it a tachycardia? - No": the question's one word, asserted or denied by the answer."""
    out = []
    for a, b in questions:
        m = _YES_NO_RE.match(text, b)
        words = _drop_nested([q for q in asked["qual"] if a <= q.start < b])
        if m is None or len(words) != 1:
            continue
        negs = [n for n in asked["neg"] if a <= n.start < b and not (words[0].start <= n.start < words[0].end)]
        claim = _qual_claim(text, words[0], feats, [], [], [], negs, set())
        if claim is not None:
            no = m.group("yn").lower() != "yes"
            out.append(replace(claim, text=m.group("yn"), start=m.start("yn"), end=m.end("yn"), negated=claim.negated != no,
                               leads=(), beats=()))
    return out


def _slash_pairs(text: str, feats: list[Mention], nums: list[Mention]) -> dict[int, Mention]:
    """"QT/QTc 400/430 ms", "PR/QRS 160/90 ms": the i-th value belongs to the i-th feature."""
    def runs(ms: list[Mention]) -> list[list[Mention]]:
        out: list[list[Mention]] = []
        for m in ms:
            if out and _SLASH_GAP_RE.fullmatch(text, out[-1][-1].end, m.start):
                out[-1].append(m)
            else:
                out.append([m])
        return [r for r in out if len(r) > 1]
    value_runs = runs(nums)
    pairs: dict[int, Mention] = {}
    for fr in runs(feats):
        for vr in value_runs:
            if len(vr) == len(fr) and _SLASH_LEAD_IN_RE.fullmatch(text, fr[-1].end, vr[0].start):
                pairs.update({id(n): f for n, f in zip(vr, fr)})
    return pairs


def _number_claim(text: str, n: Mention, feats, nums, leads, beats, used_beats: set[int],
                  forced: Mention | None = None, asked: dict | None = None) -> Claim | None:
    lo, hi, unit_kind, cmp, unit = n.data
    if (_REFERENCE_BEFORE_RE.search(text, max(0, n.start - 40), n.start)
            or _REFERENCE_AFTER_RE.match(text, n.end)
            or _NORM_LINE_RE.match(text, _sentence_start(text, n.start))):
        return None  # "(normal 120-200 ms)", "the 450 ms threshold": a norm quoted, not a measurement
    f = forced if forced is not None else _feature_for_number(text, n, feats, nums, unit_kind, (asked or {}).get("feature", ()))
    if unit_kind == "box" and (_APART_RE.match(text, n.end) or (
            f is not None and f.data in {"r_amp", "qrs"} and _BETWEEN_RE.search(text, max(0, f.start - 30), f.start))):
        # "the R waves are five large boxes apart", "large squares between two R waves: seven": the RR
        column, unit_kind, lo, hi = "rr1_ms", "ms", lo * _BOX_MS, hi * _BOX_MS
    elif unit_kind == "box":
        if f is None or f.data == "other":
            return None
        unit_kind = _box_kind(text, n, f)
        factor = _BOX_MS if unit_kind == "ms" else _BOX_MV
        lo, hi = lo * factor, hi * factor
        column = None if f.data == "other" else _BY_UNIT.get((f.data, unit_kind))
        if column is None and f.data != "other":
            return None
    elif f is None and unit_kind == "ms" and any(
            b.clause == n.clause and b.sentence == n.sentence and b.end <= n.start and _COMPLEX_RE.search(b.text)
            for b in beats):
        column = "qrs_dur_ms"  # "the third complex in aVF measures 155 ms": the complex's own duration
    elif f is None:
        if unit_kind != "bpm":
            return None
        column = "heart_rate_bpm"
    else:
        column = None if f.data == "other" else _BY_UNIT.get((f.data, unit_kind))
        if column is None and f.data != "other":
            return None
    if column in {"st_level_mv", "t_amp_mv", "p_amp_mv"} and lo > 0 and _says_negative(text, n, f):
        lo, hi = -hi, -lo  # "ST depression of 0.1 mV", "T inversion of 0.2 mV"
    if column == "s_amp_mv" and hi < 0:
        lo, hi = -hi, -lo  # an S wave "of -1.2 mV" is 1.2 mV deep (s_amp_mv is positive, SPEC §3)
    if column is not None:
        bound_lo, bound_hi = _PLAUSIBLE[column]
        if not (bound_lo <= lo <= bound_hi and bound_lo <= hi <= bound_hi):
            return None
    comparator, lo, hi = _interval(cmp, lo, hi)
    if _hypothetical(text, n.start) or _general_rule(text, n.start) or (
            comparator in {"gt", "ge", "lt", "le"} and _DEFINITION_AFTER_RE.match(text, n.end)) \
            or _RULE_AFTER_RE.match(text, n.end):
        return None  # "a QTc above 500 ms carries high risk": a rule, not this record
    chain = _list_chain(text, n, nums)  # "0.2, 0.4 and 0.6 mV in V1-V3": the leads follow the last
    blockers = [m for m in (*feats, *nums) if m is not n and m is not f and m not in chain]
    lead_m = _lead_for(text, chain[-1], leads, blockers, origin=n, feature=f)
    beat_m = _beat_for(text, chain[-1], beats, blockers, nums, leads, origin=n)
    if beat_m is not None:
        used_beats.add(id(beat_m))
    kind = "rhythm" if column in _RHYTHM_COLUMNS else "measurement"
    return Claim(kind, column, n.text, n.start, n.end, comparator=comparator, lo=lo, hi=hi, unit=unit,
                 leads=lead_m.data[0] if lead_m else (), invalid_leads=lead_m.data[1] if lead_m else (),
                 beats=beat_m.data if beat_m else (), sentence=n.sentence)


def _respectively(text: str, claims: list[Claim]) -> list[Claim]:
    """"1.2 and 1.5 mV in V5 and V6, respectively": the i-th value goes with the i-th lead."""
    out = list(claims)
    i = 0
    while i < len(out):
        j = i
        while (j + 1 < len(out) and out[j + 1].feature == out[i].feature
               and out[j + 1].leads == out[i].leads and out[j + 1].sentence == out[i].sentence
               and _LIST_GAP_RE.fullmatch(text, out[j].end, out[j + 1].start)):
            j += 1
        run = out[i:j + 1]
        sentence_end = text.find(". ", run[-1].end)
        tail = text[run[-1].end:sentence_end if sentence_end >= 0 else len(text)]
        if len(run) > 1 and len(run[0].leads) == len(run) and _RESPECTIVELY_RE.search(tail):
            for k, c in enumerate(run):
                out[i + k] = replace(c, leads=(c.leads[k],))
        i = j + 1
    return out


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` starts (after ". ", "? " or a line break)."""
    ends = [(text.rfind(sep, 0, pos), len(sep)) for sep in (". ", "? ", "\n")]
    return max((i + k for i, k in ends if i >= 0), default=0)


def _hypothetical(text: str, start: int) -> bool:
    """A conditional ("if", "would", ...) earlier in the same clause, within 60 characters."""
    window = text[max(0, start - 60):start]
    # a parenthetical condition ("The QT, if I am reading the T end right, is 420 ms") ends at its comma
    cut = max(window.rfind(". "), window.rfind(";"), window.rfind("\n"), window.rfind(","))
    return bool(_HYPOTHETICAL_RE.search(window[cut + 1:]))


def _general_rule(text: str, start: int) -> bool:
    """The clause states textbook knowledge, not this record: it opens with "Recall that",
    "Normally", "By definition"..., or says what a normal value "lies between"."""
    cut = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), text.rfind(";", 0, start),
              text.rfind(": ", 0, start))
    clause = text[cut + 1:start]
    return bool(_RULE_OPENING_RE.match(clause) or _NORM_STATEMENT_RE.search(clause))


def _interval(cmp: str, lo: float, hi: float) -> tuple[str, float, float]:
    if cmp in {"gt", "ge"}:
        return cmp, hi, math.inf
    if cmp in {"lt", "le"}:
        return cmp, -math.inf, lo
    return ("eq" if lo == hi else "range"), lo, hi


def _compatible(key: str, unit_kind: str) -> bool:
    if unit_kind == "box":
        return key == "other" or (key, "ms") in _BY_UNIT or (key, "mv") in _BY_UNIT
    return key == "other" or (key, unit_kind) in _BY_UNIT


def _box_kind(text: str, n: Mention, f: Mention) -> str:
    """"ms" or "mv" for a count of paper boxes: the feature decides when it can only be one; a
    generic wave ("QRS", "T wave") is an amplitude when an amplitude word sits between it and the number."""
    if f.data.endswith("_dur"):
        return "ms"
    if f.data.endswith("_amp"):
        return "mv"
    as_ms, as_mv = (f.data, "ms") in _BY_UNIT, (f.data, "mv") in _BY_UNIT
    if as_ms != as_mv:
        return "ms" if as_ms else "mv"
    lo, hi = min(f.start, n.start), max(f.end, n.end)
    return "mv" if _AMPLITUDE_WORDS_RE.search(text, max(0, lo - 15), hi) else "ms"


def _feature_for_number(text: str, n: Mention, feats: list[Mention], nums: list[Mention],
                        unit_kind: str, asked: list[Mention] = ()) -> Mention | None:
    same_sentence = [f for f in feats if f.sentence == n.sentence]
    after = [f for f in same_sentence if f.start >= n.end and f.clause == n.clause]
    if after and _ADJACENT_RE.fullmatch(text, n.end, after[0].start) and _compatible(after[0].data, unit_kind):
        return after[0]  # "a 160 ms PR interval"
    before = [f for f in same_sentence if f.end <= n.start]
    for f in reversed(before):
        if f.clause == n.clause and _compatible(f.data, unit_kind):
            return f
    for f in after:
        if f.start - n.end > 40 or any(n.end <= x.start < f.start for x in nums):
            break  # a feature named after another value belongs to that value
        if _compatible(f.data, unit_kind):
            return f
    for f in reversed(before):
        if _compatible(f.data, unit_kind):
            return f
    if not before:  # "Q: How wide is the QRS? A: 112 ms in lead I": the question's feature
        return next((f for f in reversed(asked) if n.sentence - 2 <= f.sentence < n.sentence
                     and _compatible(f.data, unit_kind)), None)
    return None


def _says_negative(text: str, n: Mention, f: Mention | None) -> bool:
    """A sign word between the feature (or 30 characters before the number) and the number."""
    start = min(f.start, n.start) if f is not None else max(0, n.start - 30)
    return bool(_NEGATIVE_RE.search(text, start, n.start))


def _list_chain(text: str, n: Mention, nums: list[Mention]) -> list[Mention]:
    """``n`` and the values listed right after it ("0.2, 0.4 and 0.6 mV")."""
    chain = [n]
    for x in nums:
        if x.start >= chain[-1].end and x is not n:
            if _LIST_GAP_RE.fullmatch(text, chain[-1].end, x.start):
                chain.append(x)
            elif x.start > chain[-1].end:
                break
    return chain


def _lead_for(text: str, m: Mention, leads: list[Mention], blockers: list[Mention],
              origin: Mention | None = None, feature: Mention | None = None) -> Mention | None:
    """Postfix lead behind a preposition, else the nearest lead earlier in the sentence, unless that
    lead was another value's postfix and the claim names its own feature after it.

    ``origin``: where the claim itself starts when ``m`` is the last value of its list; ``feature``:
    the feature name the claim's value belongs to ("1.56 mV in V5, peaking at 1.65 mV" keeps V5)."""
    for lead in leads:
        if lead.start < m.end or lead.sentence != m.sentence:
            continue
        if lead.clause != m.clause or lead.start - m.end > 60:
            break
        if any(m.end <= b.start < lead.start for b in blockers):
            break
        if _POSTFIX_LEAD_RE.search(text[m.end:lead.start]) or (lead.start - m.end <= 2 and text[m.end:lead.start].isspace()):
            return lead  # "96 ms in lead V2", and notes' "P width 80 ms V1"
        break
    start = (origin or m).start
    prior = [lead for lead in leads if lead.end <= start and lead.sentence == m.sentence]
    if (prior and feature is not None and feature.start >= prior[-1].end
            and _postfix_of_a_value(text, prior[-1], blockers)):
        return None  # "90 ms in V4, overall the QT is 400 ms": V4 was the first value's lead
    return prior[-1] if prior else None


def _postfix_of_a_value(text: str, lead: Mention, blockers: list[Mention]) -> bool:
    """Whether ``lead`` is the postfix lead of another value ("... 476 ms in beat 1 in V3"): such a
    lead answers where that value was measured; it does not scope the claims after it."""
    return any(b.kind == "number" and b.end <= lead.start and b.clause == lead.clause
               and lead.start - b.end <= 60 and _POSTFIX_LEAD_RE.search(text[b.end:lead.start])
               for b in blockers)


def _beat_for(text: str, m: Mention, beats: list[Mention], blockers: list[Mention], nums: list[Mention],
              leads: list[Mention], origin: Mention | None = None) -> Mention | None:
    for beat in beats:
        if beat.start < m.end or beat.clause != m.clause:
            continue
        if beat.start - m.end > 40 or any(m.end <= b.start < beat.start for b in blockers):
            break
        if _POSTFIX_BEAT_RE.search(_without_leads(text, m.end, beat.start, leads)):
            return beat
        break
    # a beat opening the clause ("In the third beat, ...") scopes what follows, unless it is
    # itself the postfix of an earlier number ("61 bpm at beat 7, with RR ...")
    first = origin or m
    prior = [b for b in beats if b.end <= first.start and b.clause == first.clause]
    if prior and not any(x.clause == m.clause and x.end <= prior[-1].start
                         and _POSTFIX_BEAT_RE.search(text[x.end:prior[-1].start]) for x in nums) \
            and not any(prior[-1].end <= x.start < first.start for x in nums):
        return prior[-1]
    return None


def _without_leads(text: str, start: int, end: int, leads: list[Mention]) -> str:
    """text[start:end] minus the lead names in it ("96 ms in lead II at beat 4" -> " in  at ")."""
    out, pos = [], start
    for lead in leads:
        if start <= lead.start and lead.end <= end:
            out.append(text[pos:lead.start])
            pos = lead.end
    return "".join(out) + text[pos:end]


def _drop_nested(quals: list[Mention]) -> list[Mention]:
    """A generic word inside an intrinsic phrase ("inverted" in "inverted T waves") is not a claim."""
    intrinsic = [q for q in quals if q.data[0] is not None]
    return [q for q in quals if q.data[0] is not None
            or not any(i.start <= q.start and q.end <= i.end for i in intrinsic)]


def _qual_claim(text: str, q: Mention, feats, nums, leads, beats, negs, used_beats: set[int]) -> Claim | None:
    intrinsic, term = q.data
    if term == "normal" and (_NORM_NUMBER_RE.match(text, q.end)
                             or _LIMIT_OF_RE.search(text, max(0, q.start - 20), q.start)):
        return None  # "normal 120-200 ms", "upper limit of normal": the norm itself, not a finding
    f = None
    if intrinsic is not None:
        key = intrinsic
    else:
        f = _nearest_feature(q, [x for x in feats if _term_fits(x.data, term)])
        # names of things we do not measure ("no delta wave") do not make a sentence or clause "about" a feature
        alone = not any(x.sentence == q.sentence and x.data != "other" for x in feats)
        if f is None and term in {"regular", "irregular"} and (alone or _stands_alone(text, q, feats)):
            key = "rhythm"  # "Regular." as a note's own sentence, "Sinus @ 119, regular, P before each QRS": the rhythm
        elif f is None and not any(x.sentence == q.sentence and x.clause == q.clause and x.data != "other"
                                   for x in feats) and (f := next(
                (x for x in reversed(feats) if x.sentence == q.sentence and x.end <= q.start
                 and _term_fits(x.data, term)), None)) is not None:
            key = f.data  # "PR 180 ms in V1, 230 ms in II; not short": the sentence's feature before the word
        elif f is None and any(x.data == "other" and x.clause == q.clause and 0 <= q.start - x.end <= 30 for x in feats):
            return None  # "Axis - normal": about something we do not measure
        elif f is None and alone and (f := next((x for x in reversed(feats) if x.sentence == q.sentence - 1
                                                 and _term_fits(x.data, term)), None)) is not None:
            key = f.data  # "PR interval? About 187 ms; it isn't short": the previous sentence's feature
        elif f is None:
            return None
        else:
            key = f.data
    if term in _ST_FORMS:
        column = "st_form" if key == "st" else None
    elif term in {"regular", "irregular"}:
        column = "rr_irregular" if key in {"rhythm", "rr", "hr"} else None  # "the rate is regular"
    else:
        column = _QUAL_COLUMN.get(key)
        if term == "long" and column == "qrs_dur_ms":
            term = "wide"
    if column is None or column not in _TERM_COLUMNS[term]:
        return None
    if (_hypothetical(text, q.start) or _HYPOTHETICAL_AFTER_RE.match(text, q.end)
            or _general_rule(text, q.start)):
        return None  # "if the PR were prolonged, ...", "Recall that a wide QRS suggests BBB"
    negated = _negated(text, q, f, negs, nums)
    if (term in {"af", "flutter"} and _HISTORY_RE.search(text, max(0, q.start - 40), q.start)
            and not _THIS_TRACING_RE.match(text, q.end)):
        return None  # "a man with paroxysmal atrial fibrillation": his history, not this tracing
    if column == "premature" and negated and _PATTERN_WORD_RE.match(q.text):
        return None  # "no couplets": single premature beats may still be there
    own = next((x for x in nums if x.start >= q.end and _OWN_VALUE_RE.fullmatch(text, q.end, x.start)), None)
    blockers = [m for m in (*feats, *nums)  # the word's own value ("ST elevation of 0.2 mV in V2") is no stop
                if m is not f and m is not own and not (q.start <= m.start < q.end)]
    # notes put the leads right after the word ("TWI V1-V3", "ST elev II, III, aVF")
    lead_m = next((x for x in leads if x.start >= q.end and text[q.end:x.start].isspace() and x.start - q.end <= 2),
                  None) or _lead_for(text, q, leads, blockers)
    beat_m = _beat_for(text, q, beats, blockers, nums, leads)  # the beat stays a claim of its own too
    kind = "rhythm" if column in _RHYTHM_COLUMNS else "qualitative"
    denial = _POST_NEGATION_RE.match(text, q.end)  # the claim's span takes its denial ("Ectopy | none")
    end = denial.end() if denial else q.end
    return Claim(kind, column, text[q.start:end], q.start, end, comparator="term", term=term, negated=negated,
                 leads=lead_m.data[0] if lead_m else (), invalid_leads=lead_m.data[1] if lead_m else (),
                 beats=beat_m.data if beat_m else (), sentence=q.sentence)


def _stands_alone(text: str, q: Mention, feats: list[Mention]) -> bool:
    """No feature name right before the word in its clause, or right after it without a comma."""
    return not any(x.clause == q.clause and (0 <= q.start - x.end <= 25
                                             or (0 <= x.start - q.end <= 15 and "," not in text[q.end:x.start]))
                   for x in feats)


def _term_fits(key: str, term: str) -> bool:
    """Can a feature named ``key`` carry the word ``term`` ("wide" fits a QRS, not a rate)?"""
    if term in _ST_FORMS:
        return key == "st"
    if term in {"regular", "irregular"}:
        return key in {"rhythm", "rr", "hr"}
    column = _QUAL_COLUMN.get(key)
    if term == "long" and column == "qrs_dur_ms":
        return True
    return column is not None and column in _TERM_COLUMNS[term]


def _negs_for(text: str, q: Mention, negs: list[Mention], quals: list[Mention]) -> list[Mention]:
    """The negations that may reach ``q``: not across another word followed by a comma or "and"
    ("no ectopy, the rhythm is regular"), still across "or" ("no ST elevation or depression")."""
    out = []
    for neg in negs:
        between = [x for x in quals if neg.end <= x.start and x.end <= q.start]
        if not any(_NEW_ITEM_RE.search(text, x.end, q.start) for x in between):
            out.append(neg)
    return out


def _nearest_feature(q: Mention, feats: list[Mention]) -> Mention | None:
    """The closest feature in the clause: up to 25 characters after ("prolonged PR") or 60 before
    ("the PR interval is normal at 150 ms and not prolonged")."""
    best, best_d = None, 1e9
    for f in feats:
        if f.clause != q.clause or f.sentence != q.sentence:
            continue
        after = f.start >= q.end
        d = f.start - q.end if after else q.start - f.end
        if 0 <= d <= (25 if after else 60) and d < best_d:
            best, best_d = f, d
    return best


def _negated(text: str, q: Mention, f: Mention | None, negs: list[Mention], nums: list[Mention]) -> bool:
    """A negation shortly before the word ("no ST elevation", "PR is not prolonged") or a
    denial right after it ("QT prolongation is absent")."""
    if _POST_NEGATION_RE.match(text, q.end):
        return True
    for neg in negs:
        if neg.clause != q.clause or neg.sentence != q.sentence or neg.end > q.start or _NEG_OBJECT_RE.match(text, neg.end):
            continue
        near = q.start - neg.end <= 40
        between_feature = f is not None and f.end <= neg.start
        if (near or between_feature) and not any(neg.end <= x.start < q.start for x in nums):
            return True
    return False
