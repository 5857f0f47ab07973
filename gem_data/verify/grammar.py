"""The verifier's regular grammar: the words, units and lead names a grounded ECG paragraph cites.

``scan(text)`` turns a paragraph into position-ordered mentions (features, numbers with units, leads,
beat positions, qualitative terms, negations, made-up waves) plus the sentence and clause breaks;
``claims.py`` assembles them into claims. Everything here is a precompiled regular expression or a
lookup table, so scanning a 300-word paragraph costs a few hundred microseconds and is deterministic.

Vocabulary (case-insensitive unless said otherwise):
- features: "PR interval" / "PR" / "P-R" / "PQ"; "QRS duration/width" (or "QRS" + ms), "QRS
  amplitude/voltage" (or "QRS" + mV); "QT"; "QTc" / "corrected QT" / "Bazett"; "QTcF" / "Fridericia";
  "P wave(s)" and "T wave(s)" (+ ms = duration, + mV = amplitude; a bare capital "P"/"T" right
  before a value too, as in "P 0.12 mV, T 0.3 mV"); "ST segment" (+ ms = duration, + mV = level);
  "complexes" = QRS; "heart rate" / "rate" / "HR"; "RR interval" / "R-R" / "cycle length". Q/R/S/U
  waves, the axis and the PR segment are recognised only so their numbers are not given to a
  neighbour.
- units: ms, msec, millisecond(s), s, sec, second(s) -> ms; mV, millivolt(s); mm -> 0.1 mV (10 mm/mV);
  bpm, beats per minute, /min, "a minute", "min-1". A unit followed by "/" (25 mm/s, 10 mm/mV) is
  paper speed, not a value. Notes' unit-less values right after an interval or rate name ("PR 139",
  "QRS 0.09", "SR 97", "AF @ 110") take the unit the feature implies (:func:`_bare_numbers`).
- notes' abbreviations: QRSd, P dur, cx, VR; NSR, SR, SB, brady, tachy, 1st deg AVB, nl.
- leads: I, II, III, aVR, aVL, aVF, V1-V6 (any case for aV*/V*), lists ("II, III and aVF", "II/III/aVF"),
  ranges ("V1-V4", "V2 to V5"), groups ("inferior leads" = II, III, aVF; see :data:`LEAD_GROUPS`);
  lead-like names that do not exist on a 12-lead ECG (V7-V9, V4R, aVX, lead IV) are kept as invalid.
  A bare "I" is a lead only after "lead(s)" or inside a list of leads (else it is the pronoun).
- beats: "beat 3", "beats 4-6", "beats 2 and 5", "the third beat", "the 3rd and 4th complexes",
  "the last beat" (numbered from 1, as in the prompt's measurement text; last = -1).
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

VALID_LEADS: tuple[str, ...] = (
    "I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6",
)
_LIMB = ("I", "II", "III", "aVR", "aVL", "aVF")
_CHEST = ("V1", "V2", "V3", "V4", "V5", "V6")

# Lead groups as clinicians use them (SPEC §7 lead-by-lead guidance: III/aVF inferior, aVL high
# lateral, V2-V4 anterior, V5-V6 lateral).
LEAD_GROUPS: dict[str, tuple[str, ...]] = {
    "inferior": ("II", "III", "aVF"),
    "lateral": ("I", "aVL", "V5", "V6"),
    "high lateral": ("I", "aVL"),
    "low lateral": ("V5", "V6"),
    "anterior": ("V2", "V3", "V4"),
    "septal": ("V1", "V2"),
    "anteroseptal": ("V1", "V2", "V3", "V4"),
    "anterolateral": ("I", "aVL", "V3", "V4", "V5", "V6"),
    "inferolateral": ("II", "III", "aVF", "V5", "V6"),
    "precordial": _CHEST,
    "chest": _CHEST,
    "limb": _LIMB,
    "right precordial": ("V1", "V2", "V3"),
    "left precordial": ("V4", "V5", "V6"),
    "augmented": ("aVR", "aVL", "aVF"),
    "peripheral": _LIMB,  # translated: the limb leads
}

_GROUP_KEYS = {name.replace(" ", ""): name for name in LEAD_GROUPS}  # "antero-septal" -> "anteroseptal"

# Canonical unit kinds: a number's unit decides which features it can belong to.
UNITS: dict[str, tuple[str, float]] = {  # written unit (lower case) -> (kind, factor to canonical)
    "ms": ("ms", 1.0), "msec": ("ms", 1.0), "msecs": ("ms", 1.0), "millisecond": ("ms", 1.0),
    "milliseconds": ("ms", 1.0), "s": ("ms", 1000.0), "sec": ("ms", 1000.0), "secs": ("ms", 1000.0),
    "second": ("ms", 1000.0), "seconds": ("ms", 1000.0),
    "mv": ("mv", 1.0), "millivolt": ("mv", 1.0), "millivolts": ("mv", 1.0), "mm": ("mv", 0.1),
    "bpm": ("bpm", 1.0), "/min": ("bpm", 1.0), "per minute": ("bpm", 1.0),
    # paper boxes at 25 mm/s and 10 mm/mV (SPEC §4), counted in small boxes: the feature decides
    # whether a box is 40 ms or 0.1 mV (claims.py)
    "small box": ("box", 1.0), "large box": ("box", 5.0),
    "beats per minute": ("bpm", 1.0), "beats/min": ("bpm", 1.0), "beat per minute": ("bpm", 1.0),
    "times per minute": ("bpm", 1.0), "beats a minute": ("bpm", 1.0),
}

# Comparators before a number -> (lower-bound inclusive?, kind). "about" and friends mean equality.
_CMP_WORDS: dict[str, str] = {
    ">": "gt", ">=": "ge", "≥": "ge", "<": "lt", "<=": "le", "≤": "le",
    "greater than": "gt", "more than": "gt", "longer than": "gt", "higher than": "gt", "over": "gt",
    "above": "gt", "beyond": "gt", "exceeding": "gt", "exceeds": "gt", "in excess of": "gt", "at least": "ge",
    "less than": "lt", "shorter than": "lt", "lower than": "lt", "under": "lt", "below": "lt",
    "at most": "le", "up to": "le", "no more than": "le", "not exceeding": "le",
}

# Feature phrases, most specific first (one alternation: the first alternative that matches at a
# position wins). Each maps to a generic key that the unit later makes specific (see claims.py).
_FEATURE_PHRASES: tuple[tuple[str, str], ...] = (
    ("qtcf", r"QTc\s*F\b|QTcF\b|Fridericia(?:[- ]corrected)?(?:\s+QTc?(?:\s+interval)?)?"),
    ("qtc", r"QTc\s*B\b|QTc(?:\s+interval)?\b|QT\s+c\b|(?:heart[- ])?rate[- ]corrected\s+QT(?:\s+interval)?"
            r"|corrected\s+QT(?:\s+interval)?|Bazett(?:[- ]corrected)?(?:\s+QTc?(?:\s+interval)?)?"),
    ("qt", r"Q\s*-?\s*T(?:\s+intervals?)?\b"),
    ("other", r"PR\s+segments?|P\s*-\s*R\s+segments?|PQ\s+segments?"),
    ("pr", r"P\s*[-–]\s*R(?:\s+intervals?)?\b|PR(?:\s+intervals?)?\b|PQ(?:\s+intervals?)?\b"
           r"|AV\s+conduction(?:\s+time)?|atrioventricular\s+conduction(?:\s+time)?"),
    ("qrs_amp", r"QRS(?:\s+complex(?:es)?)?\s+(?:peak[- ]to[- ]peak\s+)?(?:amplitudes?|voltages?|heights?)"
                r"|QRS\s+peak[- ]to[- ]peak"),
    ("qrs_dur", r"QRS(?:\s+complex(?:es)?)?\s+(?:durations?|widths?|intervals?)|QRS\s*d\b|QRS\s+dur\b"),
    ("other", r"QRS\s+axis|(?:frontal\s+)?(?:electrical\s+)?axis"),
    ("qrs", r"QRS(?:\s+complex(?:es)?)?|(?:ventricular\s+)?complex(?:es)?|cx\b"),
    ("p_amp", r"P[- ]waves?\s+(?:amplitudes?|heights?|voltages?)|P\s+amplitudes?"),
    ("p_dur", r"P[- ]waves?\s+(?:durations?|widths?)|P\s+(?:durations?|widths?)|P[- ]?(?:wave\s+)?dur\b"),
    ("p", r"P[- ]waves?|atrial\s+waves?"),
    ("t_amp", r"T[- ]waves?\s+(?:amplitudes?|heights?|voltages?)|T\s+amplitudes?"),
    ("t_dur", r"T[- ]waves?\s+(?:durations?|widths?)|T\s+durations?"),
    ("t", r"T[- ]waves?"),
    ("st_dur", r"ST[- ]segments?\s+(?:durations?|lengths?)|ST\s+durations?"),
    ("st", r"ST[- ]segments?|ST\s+(?:levels?|deviations?|elevations?|depressions?)|ST\b|J[- ]points?"),
    ("rr", r"R\s*-\s*R(?:\s+intervals?)?\b|RR(?:\s+intervals?)?\b|cycle\s+lengths?"
           r"|(?:time|distance|spacing)\s+between\s+(?:(?:two|successive|consecutive|adjacent)\s+)?(?:heart\s*)?beats"),
    ("r_amp", r"R[- ]waves?(?:\s+(?:amplitudes?|heights?|voltages?))?|R\s+(?:amplitudes?|heights?)"),
    ("s_amp", r"S[- ]waves?(?:\s+(?:amplitudes?|depths?|voltages?))?|S\s+(?:amplitudes?|depths?)"),
    ("sokolow", r"Sokolow(?:[- ]Lyon)?(?:\s+(?:index|voltage|criteri(?:on|a)|sum))?"),
    ("cornell", r"Cornell(?:\s+(?:voltage|index|criteri(?:on|a)|sum))?"),
    ("other", r"[QU][- ]waves?|Q\s+amplitudes?|R'|delta\s+waves?"),
    ("pr", r"(?:top|upper)\s+(?:chambers?\s+|of\s+the\s+heart\s+)?(?:to|and)\s+(?:the\s+)?(?:bottom|lower)(?:\s+chambers?)?"
           r"|atri(?:a|um)\s+to\s+(?:the\s+)?ventricles?"),
    ("qt", r"recovery\s+(?:phase|time|period)|recharg(?:e|ing)\s+(?:time|phase|period)"),
    ("qrs_dur", r"main\s+(?:pumping\s+)?(?:chambers?|beats?)"),
    ("hr", r"(?:heart|ventricular|atrial|sinus|pulse)\s+rates?|rates?\b|HR\b|VR\b|pulse\b|ventricular\s+response"
           r"|(?:(?:average|mean)\s+)?(?:ventricular\s+|heart\s+|cardiac\s+)?frequency"  # translated "Frequenz"
           r"|(?-i:N?SR|SB|nsr)\b|(?-i:sr|sb)\b(?=\s*[@~]?\s*\d)"
           # "sinus tach 120", "brady 45", "AF 90": a rhythm's rate
           r"|(?:sinus\s+)?(?:tach(?:y(?:cardia)?)?|brady(?:cardia)?)(?=\s*(?:@|at|~|of)?\s*\d)"),  # notes: "SR 97", "NSR @ 41", "sb 52" give the rate
    ("rhythm", r"rhythms?\b|heart\s*beats?\b"),
)
# Each big alternation starts with a one-character lookahead of its possible first letters: Python's
# engine then skips most positions at once (5x faster on a 300-word paragraph). Keep these classes in
# step with the phrases (tests/gem_data/verify/test_grammar.py checks every phrase family).
_FEATURE_RE = re.compile(
    r"\b(?=[abcdefhjmnpqrstuv])(?:"
    + "|".join(rf"(?P<f{i}>{pat})" for i, (_, pat) in enumerate(_FEATURE_PHRASES)) + ")", re.IGNORECASE)
_FEATURE_KEYS = [key for key, _ in _FEATURE_PHRASES]
# Telegraphic notes name a wave by its bare capital letter right before a value: "P 0.15 mV, T 0.3 mV".
_BARE_WAVE_RE = re.compile(
    r"\b(?P<w>[PQRSTU])\b(?=\s*(?:\(\s*(?:III|II|I|aV[RLF]|V[1-6])\s*\)|\s+(?:in\s+)?(?:III|II|I|aV[RLF]|V[1-6]))?"
    r"(?:\s+of\s+(?:the\s+)?(?:\w+\s+)?(?:beat|complex)(?:\s+#?\d+)?)?(?:\s+(?:in|on)\s+(?:III|II|I|aV[RLF]|V[1-6]))?"
    r"(?:\s+(?:is|was|measures|of|at))?"
    r"\s*(?:possibly|about|approx\.?|~)?\s*[:=]?\s*[-−]?(?:\d|\.\d))")
# ... and notes in lower case, only before a lead and an amplitude: "tall r v2 ~1.5mv", "q in III ~2mm"
_LOWER_WAVE_RE = re.compile(r"\b(?P<w>[pqrst])\b(?=\s+(?:in\s+)?(?:[iI]{1,3}|[aA][vV][rlfRLF]|[vV][1-6])\b\s*(?:is\s+)?"
                            r"[~<>≈]?\s*\d+(?:\.\d+)?\s*(?:mv|mV|mm)\b)")
_GAP_RE = re.compile(r"\b(?=[gGiI])(?:gap|interval)\s+between\s+(?:(?:two|successive|consecutive|adjacent)\s+)?(?:heart\s*)?beats",
                     re.IGNORECASE)
_BARE_WAVE_KEY = {"P": "p", "T": "t", "Q": "other", "R": "r_amp", "S": "s_amp", "U": "other"}

# decimal commas of European notes ("0,19 s", "1,5 mm"): a zero or one digit before them, so lists
# ("120,130") and thousands ("1,200") stay what they are
_NUM = r"[-−]?(?:\d(?:,\d{1,3})(?![\d,])|\d+(?:\.\d+)?|\.\d+)"
_UNIT = (r"beats?\s*(?:per|/|a|for)\s*min(?:ute)?|times\s+(?:per|a|/|each)\s*min(?:ute)?|per\s+minute|/\s*min\b|bpm|msecs?"
         r"|(?:a|each)\s+minute|min-1|min⁻¹"
         r"|milliseconds?|ms|mV|of\s+a\s+second"
         r"|millivolts?|mm|(?:small|large|big|major|minor)\s+(?:box(?:es)?|squares?)|secs?|seconds?|s")


def _float(written: str) -> float:
    """A written number as a float: "−0,15" -> -0.15."""
    return float(written.replace("−", "-").replace(",", "."))


_WORD_NUMBERS = {"half a": 0.5, "a": 1.0, "zero": 0.0, "one": 1.0, "two": 2.0, "three": 3.0, "four": 4.0,
                 "five": 5.0, "six": 6.0, "seven": 7.0, "eight": 8.0, "nine": 9.0, "ten": 10.0, "eleven": 11.0,
                 "twelve": 12.0, "thirteen": 13.0, "fourteen": 14.0, "fifteen": 15.0}
_WORD_BOX_RE = re.compile(
    r"\b(?:(?P<cmp>under|less\s+than|over|more\s+than|above|below|at\s+least|at\s+most)\s+)?"
    r"(?P<w>half\s+a|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|a)"
    r"(?P<half>\s+and\s+a\s+half)?\s+(?P<unit>(?:small|large|big|major|minor)\s+(?:box(?:es)?|squares?))\b",
    re.IGNORECASE)
_AFTER_BEAT_RE = re.compile(r"(?:beats?|#|no\.)\s*$", re.IGNORECASE)
_NUMBER_RE = re.compile(
    r"(?=[<>≥≤\-−.\d]|\b[abefghilmnosu])"
    rf"(?:(?P<cmp>>=|<=|≥|≤|>|<|{'|'.join(sorted((w for w in _CMP_WORDS if w[0].isalpha()), key=len, reverse=True))})\s*)?"
    rf"(?:(?P<between>between|from)\s+)?"
    rf"(?<![\w.])(?P<a>{_NUM})(?:\s*(?P<aunit>{_UNIT})(?![\w/]))?"
    rf"(?:\s*(?P<sep>-|–|to|and)\s*(?P<b>{_NUM}))?"
    rf"\s*(?P<unit>{_UNIT})(?![\w/])",
    re.IGNORECASE)

_ROMAN_AFTER_LEAD = r"IV|VI{0,3}|IX|XI{0,2}"
_LEAD_TOKEN_RE = re.compile(
    r"\b(?=[lLaAvVIXD])(?P<pre>[Ll]eads?\s+)?"
    r"(?:(?P<av>\b[aA][vV][a-zA-Z]\b)|(?P<v>\b[Vv](?P<vn>\d{1,2})(?P<vr>[Rr])?\b)"
    rf"|(?P<roman>\b(?:III|II|I)\b)|(?-i:\bD(?P<droman>III|II|I)\b)|(?P<badroman>(?<=[Ll]ead )(?:{_ROMAN_AFTER_LEAD})\b|(?<=[Ll]eads )(?:{_ROMAN_AFTER_LEAD})\b))")
_NOT_LEADS = frozenset({"avg", "avb", "avn"})  # average, AV block, AV node
_SHORT_RANGE_RE = re.compile(r"\s*[-–]\s*(?P<to>[1-6])\b(?![.,]\d)")
# notes' and JSON keys' groups right before a value, without "leads" ("qt lat 345", "pr_inferior: 155")
_GROUP_ABBREV_RE = re.compile(r"\b(?=[lLiIsSaApP])(?P<g>lat(?:eral)?|inf(?:erior)?|septal|anterior|precordial|limb)\b\.?"
                              r"(?=[\"']?\s*[:=]?\s*[\"']?\s*[~≈]?\s*\d)", re.IGNORECASE)
_LEAD_SEP_RE = re.compile(r"\s*(?:,\s*(?:and|or)|,|and|or|&|/|-|–|to|through|thru)\s*")
_LEAD_RANGE_SEP = re.compile(r"^\s*(?:-|–|to|through|thru)\s*$")
# A bare "I" is lead I where the pronoun cannot stand: behind a preposition ("in I", "from I"), in
# parentheses ("(I)"), before a colon ("I: PR 160 ms") or before a verb in the third person ("I shows").
_BARE_I_BEFORE_RE = re.compile(r"(?:\b(?:in|from|on|across|within)\s+|\(\s*)$", re.IGNORECASE)
_BARE_I_AFTER_RE = re.compile(
    r"\s*(?:\)|:|(?:shows|gives|has|demonstrates|displays|reveals|yields|measures|records)\b)")
# ... and the pronoun where it follows a list after a comma: "in lead V4, I measure the QRS at 80 ms"
_PRONOUN_AFTER_RE = re.compile(
    r"\s+(?:measure|see|find|would|think|estimate|note|count|read|believe|am|have|get|suspect|calculate"
    r"|do|can|cannot|could|also|agree|feel|make|put|'d|'m|will|should|might)\b", re.IGNORECASE)
_ROMAN_EXCLUDE_RE = re.compile(r"(?:type|mobitz|degree|class|grade|phase|stage|nyha|killip)\s*$",
                               re.IGNORECASE)
_GROUP_RE = re.compile(
    r"\b(?P<g>high[- ]lateral|low[- ]lateral|right[- ]precordial|left[- ]precordial|antero[- ]?septal"
    r"|antero[- ]?lateral|infero[- ]?lateral|inferior|lateral|anterior|septal|precordial|chest|limb"
    r"|augmented|peripheral)\s+(?P<mid>(?:precordial|chest|limb)\s+)?(?:leads?|walls?|territory|derivations?)\b",
    re.IGNORECASE)

_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "last": -1, "final": -1,
}
_ORD = r"(?:" + "|".join(_ORDINALS) + r"|\d{1,2}(?:st|nd|rd|th))"
_BEAT_RE = re.compile(
    r"(?=[bfstenlBFSTENL\d])(?:\bbeats?\s*(?:#|no\.?|number)?\s*"
    r"(?P<nums>\d{1,3}(?:\s*(?:,\s*and|,|and|&|-|–|to|through)\s*\d{1,3}(?!\s*(?:ms|mv|bpm|s)\b))*)"
    r"(?!\s*(?:ms|msec|mv|bpm|s|sec)\b)(?!\d|\.\d)"
    rf"|\b(?:the\s+)?(?P<ords>{_ORD}(?:\s*(?:,\s*and|,|and|-|–|to|through)\s*(?:the\s+)?{_ORD})*)\s+"
    r"(?:(?:QRS|heart|cardiac)\s+)?(?:beats?|complex(?:es)?|cycles?|heartbeats?)\b)",
    re.IGNORECASE)
_BEAT_ITEM_RE = re.compile(rf"{_ORD}|\d{{1,3}}|-|–|to|through", re.IGNORECASE)

# Qualitative terms: (regex, intrinsic feature or None, term). Intrinsic ones name their feature.
_QUAL_PHRASES: tuple[tuple[str, str | None, str], ...] = (
    (r"sinus\s+brady(?:cardia)?\b|(?-i:SB)\b|(?-i:sb)\b(?=\s*[@~]?\s*\d)", "hr", "sinus_brady"),
    (r"sinus\s+tach(?:y(?:cardia)?)?\b", "hr", "sinus_tachy"),
    (r"normal\s+sinus\s+rhythm", "hr", "sinus_normal"),
    (r"brady(?:cardi(?:a|c))?\b|slow\s+(?:heart\s+|ventricular\s+)?(?:rate|response)"
     r"|slow(?:ly\s+conducted)?\s+(?=AF\b|A-?fib\b|atrial\s+fib)"
     r"|(?:ventricular\s+)?response\s+(?:is|was|appears|seems|remains)\s+(?:(?!not\b|never\b)\w+\s+)?slow\b", "hr", "brady"),
    (r"tach(?:y(?:cardi(?:a|c)|arrhythmias?)?)?\b|(?:fast|rapid)\s+(?:heart\s+|ventricular\s+)?(?:rate|response)|RVR\b"
     r"|(?:fast|rapid)\s+(?=AF\b|A-?fib\b|atrial\s+fib)"
     r"|(?:ventricular\s+)?response\s+(?:is|was|appears|seems|remains)\s+(?:(?!not\b|never\b)\w+\s+)?(?:fast|rapid|quick)\b"
     r"|(?:heart|pulse)\s+(?:is|was|were)\s+racing|(?<=\s)racing\b(?!\s+thoughts)",
     "hr", "tachy"),
    (r"normocardi(?:a|c)|normal\s+(?:heart\s+|ventricular\s+)?rate", "hr", "normal"),
    (r"(?:beating|beats)\s+(?:a\s+(?:bit|little)\s+|slightly\s+|too\s+|rather\s+|quite\s+)?(?:slowly|slow)", "hr", "brady"),
    (r"(?:beating|beats)\s+(?:a\s+(?:bit|little)\s+|slightly\s+|too\s+|rather\s+|quite\s+)?(?:fast|quickly|rapidly)", "hr", "tachy"),
    # atrial activity (SPEC §3 record level): sinus P waves, fibrillation, flutter
    (r"(?:(?:atrial|auricular)\s+fibrillation|A-?fib\b|a\.?\s+fib\b|AF\b|fibrillatory\s+(?:waves|activity|baseline)|f[- ]waves|"
     r"(?:atria|top\s+chambers)\s+(?:are|is|were)\s+quivering|atria\s+(?:are|is|were)\s+fibrillating"
     r"|fibrillating\s+atria)", "atrial", "af"),
    (r"(?:(?:atrial|auricular)\s+flutter|flutter\s+waves|F[- ]waves|saw[- ]?tooth)", "atrial", "flutter"),
    (r"(?:no|absent|absence\s+of|without|lack\s+of)\s+(?:any\s+)?(?:(?:clearly\s+)?(?:visible|discernible|"
     r"identifiable|clear|distinct|definite|organi[sz]ed|discrete|obvious|consistent|recogni[sz]able|evident"
     r"|apparent)\s+)?P[- ]waves?"
     r"|P[- ]waves?\s+(?:are|is)\s+(?:absent|not\s+(?:visible|seen|present|identifiable|discernible)"
     r"|no\s+longer\s+(?:clearly\s+)?(?:visible|seen|present|identifiable|discernible))"
     r"|(?:can't|cannot|can\s+not|could\s+not|couldn't|unable\s+to)\s+(?:identify|see|find|discern|make\s+out)\s+"
     r"(?:any\s+)?(?:clear\s+|definite\s+|distinct\s+)?P[- ]waves?",
     "atrial", "p_absent"),
    (r"P[- ]waves?\s+(?:(?:are|is)\s+)?(?:(?:clearly|consistently)\s+)?(?:(?:visible|seen|present|identifiable|noted)\s+)?"
     r"(?:before|preceding|precede|precedes|ahead\s+of)\s+(?:each|every|all|the|each\s+of\s+the)\s+"
     r"(?:QRS|complex|ventricular|beat)"
     r"|(?:each|every|all)\s+(?:ventricular\s+)?(?:QRS(?:\s+complex(?:es)?)?|complex(?:es)?|beats?)\s+"
     r"(?:(?:is|are)\s+)?(?:(?:seems?|appears?)\s+to\s+be\s+)?preceded\s+(?:by|from|of)\s+(?:an?\s+)?"
     r"(?:upright\s+|normal\s+|sinus\s+)?P\b(?:[- ]waves?)?"
     r"|(?:each|every)\s+beat\s+(?:(?:seems|appears)\s+to\s+)?(?:starts?|begins?)\s+with\s+an?\s+(?:\w+\s+)?P\b"
     r"|(?:precede[sd]?|preceding)\s+(?:each|every|all(?:\s+the)?)\s+(?:QRS|complex|ventricular|beat)"
     # notes and plain speech: "a P in front of every QRS", "every QRS has a P wave", "P:QRS 1:1"
     r"|\bP(?:[- ]waves?)?\s+(?:(?:is|are)\s+)?(?:(?:seen|visible|present|noted)\s+)?(?:in\s+front\s+of|before|b4)"
     r"\s+(?:each|every|all(?:\s+the)?)\s+(?:QRS|complex|ventricular|beat)"
     r"|(?:each|every)\s+(?:QRS(?:\s+complex)?|complex|beat)\s+(?:has|had|shows?)\s+(?:a|an|its\s+own|one)\s+P\b"
     r"|P\s*:\s*QRS\s*(?:ratio\s*)?(?:of\s*|is\s*)?1\s*:\s*1|\bP\s+(?:waves?\s+)?(?:each|every)\s+(?:QRS|beat|complex)"
     r"|(?:present|seen|visible)\s+(?:before|preceding|in\s+front\s+of)\s+(?:each|every|all(?:\s+the)?)\s+(?:QRS|complex|beat)"
     r"|1\s*:\s*1\s+(?:AV\s+|atrioventricular\s+)?conduction|(?-i:N?SR|nsr)\b|(?-i:sr)\b(?=\s*[@~]?\s*\d|\s*[,.;]|\s*$)|sinusal\b"
     # "sinus" on its own ("sinus, 75 a minute", "the rhythm is probably sinus"); plain speech
     r"|\bsinus\b(?!\s+(?:brady|tachy|node|arrest|pause|exit|block|rhythm|arrhythmia|P\b|mechanism|origin))"
     r"|natural\s+pacemaker|normal\s+(?:heart\s+)?rhythm"
     r"|sinus\s+rhythm|sinus\s+arrhythmia|sinus\s+P[- ]waves|rhythm\s*(?:is\s+|[:=-]\s*)sinus\b(?!\s+(?:brady|tachy|rhythm|arrhythmia))"
     r"|sinus\s+(?:mechanism|node\s+rhythm|origin)|sinus[- ](?:driven|conducted)", "atrial", "sinus"),
    # RR regularity: "regular rhythm", "irregularly irregular", "the rhythm is irregular"
    (r"irregularly\s+irregular|irreg\.?\s+irreg\b|irregular(?:\s+(?:sinus|ventricular|heart))?\s+(?:rhythm|RR|R-R|rate|response)"
     r"|(?:rhythm|RR\s+intervals?|R-R\s+intervals?)\s+(?:is|are|was|were|appears?|seems?|remains?)\s+"
     r"(?:(?!not\b|never\b)\w+\s+)?irregular", "rhythm", "irregular"),
    (r"(?:un|ir)(?:even(?:ly)?|regular(?:ly)?)\s+(?:spaced|intervals?)|beat[- ]to[- ]beat\s+(?:irregularity|variation)"
     r"|R-?R\s+intervals?\s+(?:vary|varies|varied|are\s+variable|differ)"
     r"|(?:phasic\s+|respiratory\s+)?variation\s+(?:of|in)\s+(?:the\s+)?(?:R-?R|cycle\s+length)", 
     "rhythm", "irregular"),
    (r"(?:evenly|regularly)\s+spaced|(?:even|steady)(?:,?\s+(?:even|steady))?\s+(?:pace|rhythm|intervals?)"
     r"|R-?R\s+intervals?\s+(?:barely|hardly|do\s+not|don't)\s+(?:change|vary)"
     r"|R-?R\s+intervals?\s+(?:are|is|remain)\s+(?:constant|fixed|stable|uniform|equal)"
     r"|(?:rhythm|heart\s*beat|pulse)\s+(?:is|was)\s+(?:(?!not\b)\w+\s+)?(?:steady|even)\b", "rhythm", "regular"),
    (r"regular(?:\s+(?:sinus|ventricular|heart))?\s+(?:rhythm|RR|R-R|rate)"
     r"|(?:rhythm|RR\s+intervals?|R-R\s+intervals?)\s+(?:is|are|was|were|appears?|seems?|remains?)\s+"
     r"(?:(?!not\b|never\b)\w+\s+)?regular", "rhythm", "regular"),
    # premature beats (SPEC §3 ``premature``)
    (r"premature\s+(?:(?:ventricular|atrial|supraventricular|junctional)\s+)?(?:beats?|complex(?:es)?|contractions?"
     r"|depolari[sz]ations?|ectopics?)|(?:ventricular|atrial|supraventricular)\s+(?:extrasystoles?|ectopics?|ectopy)"
     r"|[PV]VCs?\b|PACs?\b|[VA]PBs?\b|SVPBs?\b|extrasystoles?|ectopic\s+beats?|ectopy|ectopics"
     r"|(?:extra|early)\s+(?:or\s+(?:extra|early)\s+)?(?:\((?:premature|ectopic)\)\s+|[\w-]+\s+)?beats?"
     r"|beats?\s+(?:arrives?|comes?|came)\s+early|S?VES\b|(?:ventricular|supraventricular)\s+extra[- ]?systoles?"
     r"|bigeminy|trigeminy|couplets?|skipped\s+(?:a\s+)?beats?", "premature", "present"),
    # voltage criteria (SPEC §4)
    (r"(?:left\s+ventricular\s+hypertrophy|LVH\b)", "lvh", "present"),
    (r"low\s+(?:QRS\s+)?(?:voltages?|amplitudes?)(?:\s+QRS)?|low[- ]voltage", "low_voltage", "present"),
    (r"(?:first|1st)[- ]deg(?:ree)?\b\.?(?!\s*(?:AV|A-V|atrio|heart|block|relative|burn|family|conduction))"
     r"|(?:first|1st)[- ]?deg(?:ree)?\.?\s+(?:AV\s*B\b|(?:AV\s+|A-V\s+|atrioventricular\s+|heart\s+)?"
     r"(?:block|conduction\s+delay))"
     # an AV block of unstated degree, unless a higher degree is named before it
     r"|(?<!second[- ]degree\s)(?<!third[- ]degree\s)(?<!2nd[- ]degree\s)(?<!3rd[- ]degree\s)(?<!complete\s)"
     r"(?<!2nd\sdeg\s)(?<!3rd\sdeg\s)(?:(?:AV|A-V|atrioventricular)\s*(?:block|B\b)|heart\s+block)"
     r"(?!\s+(?:type|mobitz|2:1))",
     "pr", "long"),
    (r"incomplete\s+(?:right\s+|left\s+)?bundle[- ]branch[- ]block|incomplete\s+[RL]BBB\b|I[RL]BBB\b",
     "qrs", "incomplete"),
    (r"(?:complete\s+)?(?:right|left)\s+bundle[- ]branch[- ]block|[RL]BBB\b|(?:complete\s+)?bundle[- ]branch[- ]block",
     "qrs", "wide"),
    (r"ST[- ](?:segment\s+)?elevations?|elevated\s+ST(?:[- ]segments?)?", "st", "elev"),
    (r"ST[- ](?:segment\s+)?depressions?|depressed\s+ST(?:[- ]segments?)?", "st", "depr"),
    (r"T[- ]waves?\s+inversions?|inverted\s+T[- ]waves?|negative\s+T[- ]waves?|TWIs?\b", "t", "inverted"),
    (r"upright\s+T[- ]waves?|positive\s+T[- ]waves?", "t", "upright"),
    (r"inverted\s+P[- ]waves?|negative\s+P[- ]waves?", "p", "inverted"),
    (r"markedly\s+prolonged|prolonged|prolongation|lengthened|long\b", None, "long"),
    (r"short(?:ened)?\b", None, "short"),
    (r"within\s+(?:the\s+)?normal\s+(?:limits|range)|normal\b|(?-i:nl|wnl|WNL)\b", None, "normal"),
    (r"narrow\b|fine(?=\s+QRS)", None, "narrow"),
    (r"slow(?:er)?\b", None, "brady"),
    (r"(?:fast|rapid|quick)\b", None, "tachy"),
    (r"irregular(?:ly)?\b|irreg\b", None, "irregular"),
    (r"regular(?:ly)?\b|reg\b(?!\.?\s*(?:no\b|#|\d))", None, "regular"),
    (r"wide(?:ned|ning)?\b|broad(?:ened|ening)?\b|enlarged\b", None, "wide"),
    (r"inverted|inversions?", None, "inverted"),
    (r"upright", None, "upright"),
    (r"elevat(?:ed|ions?)", None, "elev"),
    (r"depress(?:ed|ions?)", None, "depr"),
    (r"horizontal|flat\s+ST", None, "horizontal"),
    (r"up[- ]?sloping", None, "upsloping"),
    (r"down[- ]?sloping", None, "downsloping"),
)
_QUAL_RE = re.compile(
    r"\b(?=[1abcdefhilmnprstuvw])(?:"
    + "|".join(rf"(?P<q{i}>{pat})" for i, (pat, _, _) in enumerate(_QUAL_PHRASES)) + ")", re.IGNORECASE)
_NEG_RE = re.compile(r"\b(?:no|not|without|absence\s+of|negative\s+for|rules?\s+out|ruled\s+out|nor|neither"
                     r"|(?:do|does|did|is|are|was|were|ca|could)n[’']t|cannot|never|no\s+evidence\s+of)\b",
                     re.IGNORECASE)
# Waves that exist on an ECG: P Q R S T U J (Osborn) F/f (flutter, fibrillation); "A wave" is
# usually the article. Any other capital letter + "wave" is invented.
_BAD_WAVE_RE = re.compile(r"\b(?P<w>[BCDEGHIK-OVW-Z])[- ]waves?\b")
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"'])|\n+")
_LOWER_SENTENCE_RE = re.compile(r"([.!?])[.!?]*\s+(?=[a-z])")
_ABBREV_END_RE = re.compile(r"(?:\b(?:approx|appr|e\.g|i\.e|vs|ca|cf|no|nr|dr|st|etc|resp|incl|min|max|avg|ref|fig|pt|esp"
                            r"|prob|poss|approx|sec|yr|hr|wk|mo|abt)|(?<![\w.])[a-z])\.$", re.IGNORECASE)
_CLAUSE_RE = re.compile(r";|,\s*(?:while|whereas|but)\b|\bbut\b|\bwhereas\b")


@dataclass(frozen=True)
class Mention:
    """One matched phrase: ``kind`` is feature/number/lead/beat/qual/neg/badwave; ``data`` its payload.

    Payloads: feature -> generic key (``pr``, ``qrs``, ``p``, ...); number -> (lo, hi, unit kind,
    comparator, written unit); lead -> (valid leads tuple, invalid names tuple); beat -> tuple of
    1-based positions (-1 = last); qual -> (intrinsic feature or None, term); badwave -> letter.
    """

    kind: str
    start: int
    end: int
    text: str
    data: object
    sentence: int = 0
    clause: int = 0


def scan(text: str) -> list[Mention]:
    """Every mention in ``text``, ordered by position, with sentence and clause indices set."""
    text = _normalize(text)
    found: list[Mention] = []
    feats = _features(text)
    nums = _numbers(text)
    found += feats
    found += nums
    found += _bare_numbers(text, feats, nums)
    found += _leads(text)
    found += _beats(text)
    found += _quals(text)
    found += [Mention("neg", m.start(), m.end(), m.group(0), None) for m in _NEG_RE.finditer(text)]
    found += [Mention("badwave", m.start(), m.end(), m.group(0), m.group("w"))
              for m in _BAD_WAVE_RE.finditer(text)]
    out = place(text, found)
    out.sort(key=lambda m: (m.start, -m.end))
    return out


def place(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with their sentence and clause indices set."""
    if not mentions:
        return []
    sentences = list(sentence_starts(text))
    clauses = sorted(sentences + [m.start() for m in _CLAUSE_RE.finditer(text)])
    return [Mention(m.kind, m.start, m.end, m.text, m.data, bisect.bisect_right(sentences, m.start),
                    bisect.bisect_right(clauses, m.start)) for m in mentions]


@functools.lru_cache(maxsize=4)  # scan and the claim rules ask for one text's sentences several times
def sentence_starts(text: str) -> tuple[int, ...]:
    """Where each sentence after the first starts: after ".", "!" or "?" and a capital, after a line
    break, and in lower-case notes after a full stop and a lower-case word ("no 1st deg block. few
    pacs"), unless the stop ends an abbreviation ("approx. 80", "e.g. the")."""
    starts = [m.end() for m in _SENTENCE_RE.finditer(text)]
    for m in _LOWER_SENTENCE_RE.finditer(text):
        before = text[m.start() - 1] if m.start() else " "
        if (before.isalnum() or before in ")]") and (
                m.group(1) != "." or not _ABBREV_END_RE.search(text, max(0, m.start() - 8), m.start() + 1)):
            starts.append(m.end())
    return tuple(sorted(set(starts)))


def normalize(text: str) -> str:
    """The text positions in mentions refer to (dashes and minus signs unified)."""
    return _normalize(text)


def _normalize(text: str) -> str:
    # same length in and out, so positions stay valid for the caller's text
    return text.translate(_DASHES)


# underscores of JSON / YAML keys are spaces ("qtc_bazett": "705 ms", "p_wave_before_each_qrs": true)
_DASHES = str.maketrans({"—": "-", "‒": "-", "−": "-", "‐": "-", "‑": "-", "_": " "})


def _features(text: str) -> list[Mention]:
    out = []
    for m in _FEATURE_RE.finditer(text):
        key = _FEATURE_KEYS[int(m.lastgroup[1:])]
        word = m.group(0)
        # "ST", "PR", "QT", "RR", "HR" are only features in capitals ("st" in "1st", "pr" in prose),
        # or in a note's lower case right before their value ("pr 0.14", "hr 45", "qt v4-v6 340")
        if word.isalpha() and len(word) <= 2 and not word.isupper() and not _lower_note_feature(text, m):
            continue
        out.append(Mention("feature", m.start(), m.end(), word, key))
    if "between" in text:  # "the gap / interval between beats": the RR (outside _FEATURE_RE's first letters)
        out += [Mention("feature", m.start(), m.end(), m.group(0), "rr") for m in _GAP_RE.finditer(text)]
    out += [Mention("feature", m.start(), m.end(), m.group(0), _BARE_WAVE_KEY[m.group("w").upper()])
            for r in ((_BARE_WAVE_RE, _LOWER_WAVE_RE) if "mv" in text or "mm" in text or "mV" in text else (_BARE_WAVE_RE,))
            for m in r.finditer(text)
            if not any(f.start <= m.start() < f.end for f in out)]  # the second R of "R-R"
    return out


_LOWER_NOTE_FEATURES = frozenset({"pr", "qt", "hr", "rr", "vr", "sr", "sb", "st"})
_DIGIT_BEFORE_RE = re.compile(r"\d\s*$")
# ... a value with its unit ("pr 240ms"), a slash pair ("qt/qtc 400/440") or a verdict word ("pr nl")
_LOWER_NEXT_RE = re.compile(r"\s*[:=~≈]?\s*(?:[<>]=?\s*)?\.?\d|\s*/\s*[a-z]{2,4}\s*[:=]?\s*\d"
                            r"|\s+(?:nl|wnl|normal|ok|prolonged|long|short|wide|narrow|borderline)\b"
                            r"|\s+(?:up|down|elev\w*|depr\w*)\s+[~<>≈]?\s*\d"
                            r"|[\"']?\s*[:=]\s*[\"']?(?:true|false|yes|no)\b", re.IGNORECASE)


def _lower_note_feature(text: str, m: re.Match) -> bool:
    """A lower-case interval or rate name followed by its unit-less value, not after a number
    ("2 hr 30 min" is a duration)."""
    if m.group(0).lower() not in _LOWER_NOTE_FEATURES or _DIGIT_BEFORE_RE.search(text, max(0, m.start() - 3), m.start()):
        return False
    if _LOWER_NEXT_RE.match(text, m.end()):
        return True
    v = _BARE_LEAD_IN_RE.match(text, m.end())
    return v is not None and v.start("a") - m.end() <= 30


def _numbers(text: str) -> list[Mention]:
    """Values with a unit: single, range ("150-170 ms", "between 150 and 170 ms"), comparator
    ("> 120 ms"), or two values joined by "and" (two mentions)."""
    out = []
    for m in _NUMBER_RE.finditer(text):
        unit = _unit_key(m.group("unit"))
        if unit is None:
            continue
        kind, factor = UNITS[unit]
        a = _float(m.group("a"))
        b = m.group("b")
        sep = (m.group("sep") or "").lower()
        if m.group("aunit") and not b:
            continue  # two units in a row ("0.16 s sec"): not a value we can read
        if b is not None and sep == "and" and not m.group("between"):
            # "0.63 mV and 0.70 mV" / "0.9 and 1.5 mV" list two values, not a range
            first_kind, first_factor = UNITS.get(_unit_key(m.group("aunit") or m.group("unit")) or "", (kind, factor))
            a_end = m.end("aunit") if m.group("aunit") else m.end("a")
            first = a * first_factor
            out.append(Mention("number", m.start("a"), a_end, text[m.start("a"):a_end],
                               (first, first, first_kind, "eq", m.group("aunit") or m.group("unit"))))
            start = m.start("b")
            a, b, sep = _float(b), None, ""
        else:
            start = m.start("cmp") if m.group("cmp") else (m.start("between") if m.group("between")
                                                            else m.start("a"))
        if b is not None and _AFTER_BEAT_RE.search(text, max(0, m.start("a") - 12), m.start("a")):
            # "at beat 2 to 61 bpm": the first number is a beat position, the second the value
            start, a, b = m.start("b"), _float(b), None
        lo = a * factor
        hi = _float(b) * factor if b is not None else lo
        if b is not None and hi < lo:  # "150-170" read as a range even if written backwards
            lo, hi = hi, lo
        cmp = _CMP_WORDS.get((m.group("cmp") or "").lower(), "eq")
        if cmp == "eq" and not m.group("between"):
            out += _list_head(text, m.start("a"), kind, factor, m.group("unit"))
        out.append(Mention("number", start, m.end(), text[start:m.end()],
                           (lo, hi, kind, cmp, m.group("unit"))))
    boxes = []
    for m in _WORD_BOX_RE.finditer(text):
        unit = _unit_key(m.group("unit"))
        v = (_WORD_NUMBERS[re.sub(r"\s+", " ", m.group("w").lower())] + (0.5 if m.group("half") else 0.0)) \
            * UNITS[unit][1]
        cmp = _CMP_WORDS.get(re.sub(r"\s+", " ", (m.group("cmp") or "").lower()), "eq")
        boxes.append(Mention("number", m.start(), m.end(), m.group(0), (v, v, "box", cmp, m.group("unit"))))
    box_digits = [x for x in out if x.data[2] == "box"]
    out = [x for x in out if x.data[2] != "box"] + _join_boxes(text, sorted(boxes + box_digits, key=lambda x: x.start))
    return sorted(out, key=lambda x: x.start)


# Notes leave the unit out where the feature implies it: "PR 139", "QRS 0.09", "QT/QTc 443/427",
# "Rate about 35", "SR 97", "AF @ 110". A number right after an interval's name (with only filler,
# lead names or a colon between) is ms, or seconds when written below 2 with a decimal point; after a
# rate's name (or "@") it is beats per minute. Anything else unit-less stays unread.
_BARE_MS_KEYS = frozenset({"pr", "qrs", "qrs_dur", "qt", "qtc", "qtcf", "p_dur", "rr", "st_dur", "t_dur", "p"})
_BARE_LEAD_IN_RE = re.compile(
    r"(?:\s+|[:=(),~≈\"'-]|\b(?:is|was|of|at|about|approx(?:imately)?\.?|around|roughly|perhaps|possibly|maybe|ms|msec|bpm"
    r"|probably|measures?|measured|measuring|comes\s+to|int(?:erval)?|dur(?:ation)?|in|leads?|the|somewhere|on|for"
    r"|lat(?:eral)?|inf(?:erior)?|ant(?:erior)?|sept(?:al)?|beat\s*#?\s*\d{1,2}|\d(?:st|nd|rd|th)\s+(?:beat|complex|cx)"
    r"|D?II|D?III|DI|aV[RLFrlf]|V[1-6](?:\s*-\s*V?[1-6])?)\b)*?"
    rf"(?:(?P<cmp>>=|<=|≥|≤|>|<)\s*)?(?<![\w.])(?P<a>{_NUM})(?P<more>(?:\s*/\s*{_NUM})*)"
    rf"(?:\s*(?:-|–|to)\s*(?P<b>{_NUM}))?"
    r"(?![\w%/:]|\.\d|\s*(?:%|mm|mg|kg|cm|mmol|years?|yrs?|y/?o\b|yo\b|h\b|hours?|days?|marks?|x\b|:))",
    re.IGNORECASE)
_LEAD_LIST = r"(?:III|II|I|aV[RLFrlf]|V[1-6])(?:\s*(?:-|–|/|,|to)\s*(?:III|II|I|aV[RLFrlf]|V?[1-6]))*\b"
_BARE_NEXT_RE = re.compile(rf"(?:\s+(?:in|on|at|across)\s+(?:leads?\s+)?{_LEAD_LIST})?(?:\s*\([^()]{{0,30}}\))?"
                           r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?P<a>\d{1,4}(?:[.,]\d{1,3})?)(?=\s+(?:in|on|at)\s+(?:leads?\s+)?(?:III|II|I|aV[RLFrlf]|V[1-6])\b)")
_RHYTHM_RATE_RE = re.compile(r"\s*,?\s*(?:at|@|of|rate)\s+(?:about|approx\.?|around|roughly|~)?\s*(?P<a>\d{2,3})"
                             r"(?![\w%/:]|\.\d)", re.IGNORECASE)
_AT_RATE_RE = re.compile(r"@\s*(?P<a>\d{2,3})(?![\w%/:]|\.\d)")


def _bare_numbers(text: str, feats: list[Mention], numbers: list[Mention]) -> list[Mention]:
    """Unit-less values whose feature implies the unit (see the comment above)."""
    taken = [(m.start, m.end) for m in numbers]
    out: list[Mention] = []

    def free(a: int, b: int) -> bool:
        return not any(s < b and a < e for s, e in taken)

    def add(start: int, end: int, value: float, kind: str, cmp: str = "eq", hi: float | None = None) -> None:
        if free(start, end):
            out.append(Mention("number", start, end, text[start:end], (value, value if hi is None else hi, kind, cmp, "")))
            taken.append((start, end))

    for f in feats:
        if f.data not in _BARE_MS_KEYS and f.data != "hr":
            continue
        m = _BARE_LEAD_IN_RE.match(text, f.end)
        if m is None or m.start("a") - f.end > 30:
            continue
        values = [(m.start("a"), m.end("a"), m.group("a"))]
        values += [(v.start(1) + m.start("more"), v.end(1) + m.start("more"), v.group(1))
                   for v in re.finditer(rf"/\s*({_NUM})", m.group("more"))]
        cmp = _CMP_WORDS.get(m.group("cmp") or "", "eq")
        for i, (a, b, raw) in enumerate(values):
            v = _float(raw)
            hi = _float(m.group("b")) if i == 0 and m.group("b") and len(values) == 1 else None
            end = m.end() if hi is not None else b
            if f.data == "hr":
                if 20 <= v <= 300 and "." not in raw:
                    add(a if cmp == "eq" else m.start("cmp"), end, v, "bpm", cmp, hi)
            elif ("." in raw or "," in raw) and v < 2:
                add(a if cmp == "eq" else m.start("cmp"), end, v * 1000.0, "ms", cmp, hi * 1000.0 if hi else None)
            elif f.data == "p":  # "P 69": a duration only as whole ms (a decimal may be an amplitude)
                if 20 <= v <= 250 and raw.isdigit():
                    add(a if cmp == "eq" else m.start("cmp"), end, v, "ms", cmp, hi)
            elif 20 <= v <= 2000 and "." not in raw and "," not in raw:
                add(a if cmp == "eq" else m.start("cmp"), end, v, "ms", cmp, hi)
        # a note's list goes on with the next lead's value: "pr 224 in II, 85 in aVL"
        _continue_list(text, m.end(), f.data, add)
    for n in numbers:
        if n.data[2] == "ms" and n.data[0] == n.data[1]:
            _continue_list(text, n.end, "", add)
    for f in feats:
        m = _RHYTHM_RATE_RE.match(text, f.end) if f.data == "rhythm" else None
        if m is not None and 20 <= float(m.group("a")) <= 300:
            add(m.start("a"), m.end("a"), float(m.group("a")), "bpm")
    for m in _AT_RATE_RE.finditer(text):
        v = float(m.group("a"))
        if 20 <= v <= 300:
            add(m.start(), m.end(), v, "bpm")
    return out


def _continue_list(text: str, pos: int, key: str, add) -> None:
    """Unit-less values that go on a list of one interval's lead values after ``pos``, in ms ("pr 224
    in II, 85 in aVL", "QRS 130 ms in V1, 103 in aVL"); not after a rate."""
    while key != "hr" and (nxt := _BARE_NEXT_RE.match(text, pos)) is not None:
        raw = nxt.group("a")
        v = _float(raw)
        if ("." in raw or "," in raw) and v < 2:
            add(nxt.start("a"), nxt.end("a"), v * 1000.0, "ms")
        elif 20 <= v <= 2000 and "." not in raw:
            add(nxt.start("a"), nxt.end("a"), v, "ms")
        pos = nxt.end("a")


def _join_boxes(text: str, boxes: list[Mention]) -> list[Mention]:
    """"two large boxes and one small box" is one value (11 small boxes), not two."""
    out: list[Mention] = []
    for m in boxes:
        prev = out[-1] if out else None
        if prev is not None and prev.data[3] == "eq" and m.data[3] == "eq" and _BOX_JOIN_RE.fullmatch(text, prev.end, m.start):
            v = prev.data[0] + m.data[0]
            out[-1] = Mention("number", prev.start, m.end, text[prev.start:m.end], (v, v, "box", "eq", prev.data[4]))
        else:
            out.append(m)
    return out


_BOX_JOIN_RE = re.compile(r"\s*(?:,\s*)?(?:and|plus|\+)\s*", re.IGNORECASE)


_LIST_ITEM_RE = re.compile(rf"(?<![\w./])({_NUM})\s*[,/]\s*")
_LIST_AND_RE = re.compile(r"(?<=,)\s*and\s+$|(?<=, )and\s+$")


def _list_head(text: str, start: int, kind: str, factor: float, unit: str) -> list[Mention]:
    """The unit-less values that open a list ending at ``start``: "0.2, 0.4 and 0.6 mV" -> 0.2."""
    window_start = max(0, start - 60)
    tail = _LIST_AND_RE.search(text, window_start, start)
    end = tail.start() if tail else start
    items = list(_LIST_ITEM_RE.finditer(text, window_start, end))
    out: list[Mention] = []
    for item in reversed(items):
        if item.end() != end:
            break
        v = float(item.group(1)) * factor
        out.append(Mention("number", item.start(1), item.end(1), item.group(1), (v, v, kind, "eq", unit)))
        end = item.start()
    return out[::-1]


def _unit_key(unit: str) -> str | None:
    u = re.sub(r"\s+", " ", unit.lower())
    u = u.replace("beat/", "beats/")
    if u.startswith(("beat", "times")):
        return "beats per minute"
    if u in ("a minute", "each minute", "min-1", "min⁻¹"):
        return "per minute"
    if u == "of a second":
        return "second"
    if u.startswith("/"):
        return "/min"
    if u.endswith(("box", "boxes", "square", "squares")):
        return "small box" if u.startswith(("small", "minor")) else "large box"
    return u if u in UNITS else None


def _lead_name(m: re.Match) -> tuple[str | None, str | None]:
    """(valid standard name, None) or (None, invalid name) for one lead token."""
    if m.group("av"):
        tok = m.group("av")
        name = "aV" + tok[2].upper()
        if tok.lower() in _NOT_LEADS:
            return None, None
        return (name, None) if name in VALID_LEADS else (None, name)
    if m.group("v"):
        n, r = int(m.group("vn")), m.group("vr")
        name = f"V{n}" + ("R" if r else "")
        return (name, None) if name in VALID_LEADS else (None, name)
    if m.group("badroman"):
        return None, m.group("badroman")
    return m.group("roman") or m.group("droman"), None  # European notes write DI, DII, DIII


def _leads(text: str) -> list[Mention]:
    tokens = []  # [start, end, valid, invalid, has "lead(s)" before, start including "lead(s)"]
    for m in _LEAD_TOKEN_RE.finditer(text):
        valid, invalid = _lead_name(m)
        if valid is None and invalid is None:
            continue
        s = m.start("roman") if m.group("roman") else m.start() + len(m.group("pre") or "")
        if m.group("roman") and _ROMAN_EXCLUDE_RE.search(text, max(0, s - 12), s):
            continue
        tokens.append([s, m.end(), valid, invalid, bool(m.group("pre")), m.start()])
        short = _SHORT_RANGE_RE.match(text, m.end()) if m.group("v") and valid else None
        if short and int(short.group("to")) > int(m.group("vn")):  # notes: "V1-3" is V1 to V3
            tokens.append([short.start("to"), short.end(), f"V{short.group('to')}", None, False, short.start("to")])
    # join tokens separated by list/range separators into one mention
    groups: list[list] = []
    for tok in tokens:
        if groups and _LEAD_SEP_RE.fullmatch(text[groups[-1][-1][1]:tok[0]]):
            groups[-1].append(tok)
        else:
            groups.append([tok])
    out = []
    for grp in groups:
        # the pronoun closing a list ("V4, I measure"): not a lead
        if (len(grp) > 1 and grp[-1][2] == "I" and not grp[-1][4] and "," in text[grp[-2][1]:grp[-1][0]]
                and _PRONOUN_AFTER_RE.match(text, grp[-1][1])):
            grp = grp[:-1]
        # a bare "I" stands for lead I only after "lead(s)", inside a list of leads or where the
        # pronoun cannot stand (_BARE_I_BEFORE_RE / _BARE_I_AFTER_RE)
        if (len(grp) == 1 and grp[0][2] == "I" and not grp[0][4]
                and not _BARE_I_BEFORE_RE.search(text, max(0, grp[0][0] - 12), grp[0][0])
                and not _BARE_I_AFTER_RE.match(text, grp[0][1])):
            continue
        leads: list[str] = []
        invalid: list[str] = []
        for i, tok in enumerate(grp):
            if i and tok[2] and leads and _LEAD_RANGE_SEP.match(text[grp[i - 1][1]:tok[0]]):
                leads += _expand(leads[-1], tok[2])
            elif tok[2]:
                leads.append(tok[2])
            else:
                invalid.append(tok[3])
        start = grp[0][5]
        out.append(Mention("lead", start, grp[-1][1], text[start:grp[-1][1]],
                           (tuple(dict.fromkeys(leads)), tuple(invalid))))
    for m in _GROUP_RE.finditer(text):
        leads = LEAD_GROUPS[_GROUP_KEYS[re.sub(r"[- ]", "", m.group("g").lower())]]
        mid = (m.group("mid") or "").strip().lower()
        if mid in {"precordial", "chest"}:
            leads = tuple(x for x in leads if x in _CHEST)
        elif mid == "limb":
            leads = tuple(x for x in leads if x in _LIMB)
        out.append(Mention("lead", m.start(), m.end(), m.group(0), (leads, ())))
    for m in _GROUP_ABBREV_RE.finditer(text):
        g = m.group("g").lower()
        leads = LEAD_GROUPS[{"lat": "lateral", "inf": "inferior"}.get(g[:3], g)]
        out.append(Mention("lead", m.start(), m.end(), m.group(0), (leads, ())))
    return _merge_adjacent_leads(text, sorted(out, key=lambda x: x.start))


def _merge_adjacent_leads(text: str, mentions: list[Mention]) -> list[Mention]:
    """"the inferior leads (II, III, aVF)" is one mention, not two; an explicit list after a group
    ("the lateral leads V5 and V6") says which of the group's leads are meant."""
    out: list[Mention] = []
    for m in mentions:
        if out and re.fullmatch(r"\s*\(?\s*", text[out[-1].end:m.start]):
            prev = out.pop()
            leads = m.data[0] or prev.data[0]
            out.append(Mention("lead", prev.start, m.end, text[prev.start:m.end],
                               (leads, prev.data[1] + m.data[1])))
        else:
            out.append(m)
    return out


def _expand(first: str, last: str) -> list[str]:
    """V1-V4 -> V2, V3, V4 (``first`` already listed); works along the standard order."""
    i, j = VALID_LEADS.index(first), VALID_LEADS.index(last)
    return list(VALID_LEADS[i + 1:j + 1]) if j > i else [last]


def _beats(text: str) -> list[Mention]:
    out = []
    for m in _BEAT_RE.finditer(text):
        body = m.group("nums") or m.group("ords")
        items = [t.lower() for t in _BEAT_ITEM_RE.findall(body)]
        beats: list[int] = []
        pending_range = False
        for item in items:
            if item in {"-", "–", "to", "through"}:
                pending_range = True
                continue
            n = _ORDINALS.get(item) or (int(re.match(r"\d+", item).group(0)) if item[0].isdigit() else None)
            if n is None:
                continue
            if pending_range and beats and beats[-1] > 0 and n > beats[-1]:
                beats += list(range(beats[-1] + 1, n + 1))
            else:
                beats.append(n)
            pending_range = False
        if beats and all(b != 0 for b in beats):
            out.append(Mention("beat", m.start(), m.end(), m.group(0), tuple(beats)))
    return out


def _quals(text: str) -> list[Mention]:
    out = []
    for m in _QUAL_RE.finditer(text):
        feature, term = _QUAL_PHRASES[int(m.lastgroup[1:])][1:]
        if feature == "qrs" and re.search(r"incomplete\s+(?:right\s+|left\s+)?$", text[max(0, m.start() - 24):m.start()],
                                          re.IGNORECASE):
            continue  # incomplete bundle-branch block is not the >= 120 ms claim
        out.append(Mention("qual", m.start(), m.end(), m.group(0), (feature, term)))
    return out
