"""A second, hand-written truth corpus for the grounding verifier (issue 14).

The first corpus (corpus.py) is generated from phrase banks. This one is written by hand: every
paragraph below was composed for ONE LUDB record after reading that record's annotated truth
(`python -m tests.gem_data.verify_truth.freeform --truth 13`), in one of ten voices, without any
knowledge of the verifier's grammar. No number derived from LUDB is typed here: every measured value
is a placeholder filled at test time from `corpus.load_truth`, and every label is re-derived by
`corpus.label_claim` from what was actually rendered.

Markup
------
A paragraph is plain text with two kinds of placeholder.

1. Claims::

       [[WHAT INTENT|claim text with {v} or {v:FMT}]]

   The text between ``|`` and ``]]`` is the labelled span (after rendering). ``WHAT``:

   - ``pr``, ``p``, ``qrs``, ``qt``, ``qtc`` (PR, P duration, QRS, QT, QTc in ms), optionally located:
     ``pr@II`` one lead; ``qrs@V1,V2`` a list; ``qt@inferior`` a named group (GROUPS below);
     ``qrs#4@V2`` the 4th complex of V2 (a beat claim: every annotated beat of the lead must agree);
     no ``@``: a record-level claim.
   - ``hr``: the ventricular rate (bpm), also when written as an RR interval (``{v:rr}``, ...).
   - ``t:TERM`` a word claim (threshold, rhythm or structural; TERM is a `label_claim` feature name,
     TERM_KIND below); ``t:TERM~`` the negated form ("no first-degree AV block").
   - ``amp:FEATURE@LEAD`` an amplitude (its invented number is typed literally; LUDB leads are
     scaled, so these are always unverifiable).

   ``INTENT`` for values: ``true`` (the truth), ``near`` (just outside tolerance of every relevant
   reading: tolerance + 12..25 ms for intervals, 20-30 % for rate), ``far`` (x1.5-1.9 or
   x0.45-0.62); ``near+`` / ``far-`` fix the direction, otherwise it is drawn per claim. For words:
   ``true`` / ``false`` (what the author meant; the label still comes from `label_claim`). Amplitudes
   take no intent.

   ``FMT`` (how the number is written; the claimed value is read back from the written text):

   ========== ======================================= =========================================
   FMT        renders                                 read back as
   ========== ======================================= =========================================
   ms         integer ms ("148")                      that value
   ms5, ms10  rounded to 5 / 10 ("150")               that value
   s, s3      seconds, 2 / 3 decimals ("0.15")        x 1000
   box        small boxes in words ("three and a      x 40 ms (25 mm/s)
              half small boxes")
   boxn       small boxes in digits ("3.5")           x 40 ms
   big        large + small boxes in words ("two      200 ms per large, 40 per small box
              large boxes and one small box")
   range      "140-160" (also rangeto "140 to 160",   the range
              rangeen "140–160")
   bpm, bpm5  rate, integer / rounded to 5            that rate
   rr, rr10   RR in ms                                60000 / RR
   rrs        RR in seconds ("0.84")                  60000 / RR
   rrbig      RR in large boxes ("four and a half")   60000 / (n x 200 ms)
   rrange     rate range "60-70"                      the range
   ========== ======================================= =========================================

   Defaults: ``ms`` for intervals, ``bpm`` for rate. The renderer draws the target value from the
   intent (seeded per paragraph id and claim index), then picks the written value on the format's
   grid nearest that target whose label from `label_claim` matches the intent; where none does, the
   target is written and the claim is kept in the text but dropped from scoring (label None).

2. ``{age}``, ``{sex}`` (man / woman), ``{pron}`` (he / she), ``{Pron}``: from the record header.

Everything else in a paragraph (norms, thresholds, "a QTc above 500 ms would be worrying", the
paper speed) is plain text and carries no claim: a verifier that extracts it as a claim is wrong.
Paragraphs whose ``leak`` is set contain a phrase, written for this corpus, that points at data the
writer was given; ``leak`` holds that phrase.
"""
from __future__ import annotations

import argparse
import functools
import math
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tests.gem_data.verify_truth.corpus import (
    LEADS,
    LUDB_DIR,
    TOL_MS,
    Claim,
    Paragraph,
    RecordTruth,
    label_claim,
    load_truth,
    record_half,
)

SEED = 1414
FEATURES = {"pr": "pr_ms", "p": "p_dur_ms", "qrs": "qrs_ms", "qt": "qt_ms", "qtc": "qtc_ms"}
GROUPS = {
    "inferior": ("II", "III", "aVF"), "lateral": ("I", "aVL", "V5", "V6"), "high_lateral": ("I", "aVL"),
    "septal": ("V1", "V2"), "anterior": ("V3", "V4"), "V1-V3": ("V1", "V2", "V3"), "V4-V6": ("V4", "V5", "V6"),
    "V5-V6": ("V5", "V6"), "precordial": LEADS[6:], "limb": LEADS[:6],
}
TERM_KIND = {
    **{k: "threshold" for k in ("bradycardia", "tachycardia", "sinus_bradycardia", "sinus_tachycardia",
                                "rapid_response", "slow_response", "first_degree_avb", "short_pr", "wide_qrs",
                                "narrow_qrs", "bbb_duration", "prolonged_qtc")},
    **{k: "rhythm" for k in ("sinus_rhythm", "atrial_fibrillation", "atrial_flutter")},
    **{k: "structural" for k in ("p_each", "regular", "premature")},
    **{k: "amplitude" for k in ("lvh_voltage", "low_voltage")},
}
AMP_FEATURES = ("r_amp", "s_amp", "q_amp", "p_amp", "t_amp", "st_level", "qrs_amp")
MARK = re.compile(r"\[\[([^|\]]+)\|(.*?)\]\]", re.DOTALL)
VALUE = re.compile(r"\{v(?::(\w+))?\}")
APPROX_WORDS = ("about", "approximately", "roughly", "around", "~", "some ", "close to", "circa", "ca.",
                "in the region of", "or so", "just under", "just over", "nearly", "almost")
WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
         "twelve", "thirteen", "fourteen", "fifteen")


@dataclass(frozen=True)
class Template:
    record: int
    voice: str
    text: str
    leak: str | None = None      # the phrase pointing at supplied data, where the paragraph has one
    tag: str = ""                # tells two paragraphs of one voice on one record apart

    @property
    def pid(self) -> str:
        return f"ff{self.record}-{self.voice}{self.tag}"


# ---------------------------------------------------------------- writing numbers

def _plural(n: float, unit: str) -> str:
    return unit if n == 1 else unit + ("es" if unit.endswith("x") else "s")


def _box_words(n: float, unit: str) -> str:
    """3.5 -> 'three and a half small boxes'; 0.5 -> 'half a small box'."""
    whole = int(n)
    half = n - whole >= 0.5
    if whole == 0:
        return f"half a {unit}"
    word = WORDS[whole] if whole < len(WORDS) else str(whole)
    return f"{word} and a half {unit}es" if half else f"{word} {_plural(whole, unit)}"


def _write_interval(x: float, fmt: str, width: float) -> tuple[str, float, float]:
    """A grid value x (ms) in a format: (text, lo_ms, hi_ms) as read back from the text."""
    if fmt in ("ms", "ms5", "ms10"):
        return f"{round(float(x))}", round(x), round(x)
    if fmt == "s":
        return f"{x / 1000:.2f}", round(x / 10) * 10, round(x / 10) * 10
    if fmt == "s3":
        return f"{x / 1000:.3f}", round(x), round(x)
    if fmt in ("box", "boxn"):
        n = round(x / 20) / 2
        text = _box_words(n, "small box") if fmt == "box" else (f"{n:g}")
        return text, n * 40, n * 40
    if fmt == "big":
        small_total = round(float(x / 40))
        big, small = divmod(small_total, 5)
        parts = [f"{WORDS[big]} {_plural(big, 'large box')}"] if big else []
        if small:
            parts.append(f"{WORDS[small]} {_plural(small, 'small box')}")
        return " and ".join(parts), small_total * 40, small_total * 40
    if fmt in ("range", "rangeto", "rangeen"):
        lo, hi = round(float(x)), round(float(x + width))
        sep = {"range": "-", "rangeto": " to ", "rangeen": "–"}[fmt]
        return f"{lo}{sep}{hi}", lo, hi
    raise ValueError(f"unknown interval format {fmt!r}")


def _write_rate(x: float, fmt: str) -> tuple[str, float, float]:
    """A grid value x (bpm for bpm/rrange, the RR in the format's unit otherwise)."""
    if fmt in ("bpm", "bpm5"):
        return f"{round(float(x))}", round(x), round(x)
    if fmt in ("rr", "rr10"):
        return f"{round(float(x))}", 60000.0 / round(x), 60000.0 / round(x)
    if fmt == "rrs":
        return f"{x:.2f}", 60000.0 / (round(x * 100) * 10), 60000.0 / (round(x * 100) * 10)
    if fmt == "rrbig":
        return _box_words(x, "large box"), 60000.0 / (x * 200), 60000.0 / (x * 200)
    if fmt == "rrange":
        lo, hi = round(float(x)), round(float(x)) + 10
        return f"{lo}-{hi}", lo, hi
    raise ValueError(f"unknown rate format {fmt!r}")


GRID = {"ms": 1, "ms5": 5, "ms10": 10, "s": 10, "s3": 2, "box": 20, "boxn": 20, "big": 40,
        "range": 10, "rangeto": 10, "rangeen": 10}
RATE_GRID = {"bpm": 1, "bpm5": 5, "rr": 10, "rr10": 10, "rrs": 0.01, "rrbig": 0.5, "rrange": 5}


# ---------------------------------------------------------------- one claim

def _parse_what(what: str) -> dict:
    """'qrs#4@V2' -> feature, leads, beat; 't:first_degree_avb~' -> term, negated; 'amp:r_amp@V5'."""
    if what.startswith("t:"):
        term = what[2:].rstrip("~")
        if term not in TERM_KIND:
            raise ValueError(f"unknown term {term!r}")
        return {"kind": TERM_KIND[term], "feature": term, "negated": what.endswith("~")}
    if what.startswith("amp:"):
        feature, _, lead = what[4:].partition("@")
        if feature not in AMP_FEATURES or (lead and lead not in LEADS):
            raise ValueError(f"bad amplitude {what!r}")
        return {"kind": "amplitude", "feature": feature, "leads": (lead,) if lead else ()}
    if what == "hr":
        return {"kind": "rate", "feature": "hr_bpm"}
    head, _, where = what.partition("@")
    name, _, beat = head.partition("#")
    if name not in FEATURES:
        raise ValueError(f"unknown feature {name!r}")
    if where in GROUPS:
        leads = GROUPS[where]
    elif where:
        leads = tuple(where.split(","))
        if not set(leads) <= set(LEADS):
            raise ValueError(f"bad leads {where!r}")
    else:
        leads = ()
    if beat and len(leads) != 1:
        raise ValueError(f"a beat claim names one lead: {what!r}")
    return {"kind": "interval", "feature": FEATURES[name], "leads": leads, "beat": int(beat) if beat else None}


def _form(kind: str, fmt: str, text: str) -> str:
    low = text.lower()
    if kind == "rate":
        return {"rr": "rr_ms", "rr10": "rr_ms", "rrs": "rr_s", "rrbig": "rr_boxes", "rrange": "range"}.get(
            fmt, "approx" if any(w in low for w in APPROX_WORDS) else "bpm")
    if fmt in ("box", "boxn", "big"):
        return "boxes"
    if fmt.startswith("range"):
        return "range"
    if fmt in ("s", "s3"):
        return "s"
    if any(w in low for w in APPROX_WORDS):
        return "approx"
    return "milliseconds" if "millisec" in low else "msec" if "msec" in low else "ms"


def _readings(t: RecordTruth, feature: str, leads: tuple[str, ...], beat: int | None) -> tuple[float, list[float]]:
    """(centre, every reading a claim at this location is judged against)."""
    if beat is not None:
        vals = [float(v) for v in t.leads[leads[0]].values(feature)]
    elif leads:
        vals = [t.leads[lead].median(feature) for lead in leads]
    else:
        vals = list(t.lead_medians(feature).values())
        vals = [v for v in vals if math.isfinite(v)]
        rec = t.record_median(feature)
        return rec, vals
    vals = [v for v in vals if math.isfinite(v)]
    return ((min(vals) + max(vals)) / 2 if vals else math.nan), vals


def _direction(intent: str, rng: np.random.Generator) -> tuple[str, bool]:
    """'near+' -> ('near', up); no sign: the direction is drawn."""
    base = intent.rstrip("+-")
    sign = intent[len(base):]
    return base, sign == "+" or (sign == "" and bool(rng.random() < 0.55))


def _interval_target(rng: np.random.Generator, feature: str, centre: float, vals: list[float], base: str,
                     up: bool) -> float:
    tol = TOL_MS[feature]
    if base == "true":
        return centre
    if base == "near":
        off = tol + rng.uniform(12, 25)
        return max(vals) + off if up else min(vals) - off
    return centre * rng.uniform(1.5, 1.9) if up else centre * rng.uniform(0.45, 0.62)


def _want(intent: str) -> str:
    return "supported" if intent.startswith("true") else "contradicted"


def _render_value(t: RecordTruth, spec: dict, intent: str, fmt: str | None, rng) -> tuple[str, Claim]:
    base, up = _direction(intent, rng)
    if spec["kind"] == "rate":
        fmt = fmt or "bpm"
        if base == "true":
            hr = (t.hr_lo_bpm + t.hr_hi_bpm) / 2
        elif base == "near":
            hr = t.hr_hi_bpm * (1 + rng.uniform(0.2, 0.3)) if up else t.hr_lo_bpm * (1 - rng.uniform(0.2, 0.3))
        else:
            hr = t.hr_hi_bpm * rng.uniform(1.5, 1.8) if up else t.hr_lo_bpm * rng.uniform(0.55, 0.65)
        step = RATE_GRID[fmt]
        native = {"rr": 60000 / hr, "rr10": 60000 / hr, "rrs": 60 / hr, "rrbig": 300 / hr,
                  "rrange": hr - (5 if base == "true" else 0 if up else 10)}.get(fmt, hr)
        cands = [(round(native / step) + k) * step for k in range(-25, 26)]
        cands = [c for c in cands if c > 0]
        make = lambda x: _write_rate(x, fmt)
        target = native
        claim = lambda lo, hi: Claim("rate", "hr_bpm", "", base, "", lo=float(lo), hi=float(hi))
    else:
        fmt = fmt or "ms"
        feature, leads, beat = spec["feature"], spec["leads"], spec["beat"]
        centre, vals = _readings(t, feature, leads, beat)
        if not vals or not math.isfinite(centre):
            text, _, _ = _write_interval(100.0, fmt, 20)
            return text, Claim("interval", feature, "", base, "", leads, beat, lo=math.nan, hi=math.nan)
        width = float(rng.choice([20, 20, 30, 40])) if fmt.startswith("range") else 0.0
        target = _interval_target(rng, feature, centre, vals, base, up)
        target -= width / 2 if base == "true" else 0 if up else width      # a range's lower end
        step = GRID[fmt]
        cands = [(round(target / step) + k) * step for k in range(-40, 41)]
        cands = [c for c in cands if c > 0]
        make = lambda x: _write_interval(x, fmt, width)
        claim = lambda lo, hi: Claim("interval", feature, "", base, "", leads, beat, float(lo), float(hi))
    want = _want(base)
    best = None
    for x in sorted(cands, key=lambda c: abs(c - target)):
        text, lo, hi = make(x)
        c = claim(lo, hi)
        if label_claim(c, t) == want:
            best = (text, c)
            break
    if best is None:      # nothing on the grid carries the intended label: write the target, score nothing
        text, lo, hi = make(round(target / step) * step)
        best = (text, claim(lo, hi))
    text, c = best
    c.form = fmt
    return text, c


def _render_claim(t: RecordTruth, what: str, intent: str, body: str, rng) -> tuple[str, Claim]:
    spec = _parse_what(what)
    if spec["kind"] == "amplitude" and not what.startswith("t:"):
        if intent:
            raise ValueError(f"amplitudes take no intent: {what!r}")
        form = "mV" if ("mv" in body.lower() or "millivolt" in body.lower()) else "mm"
        return body, Claim("amplitude", spec["feature"], "", "unverifiable", form, leads=spec["leads"])
    if spec["kind"] in ("threshold", "rhythm", "structural", "amplitude"):
        if VALUE.search(body):
            raise ValueError(f"a word claim has no value: {body!r}")
        if spec["kind"] == "amplitude":
            intent = "unverifiable"
        elif intent not in ("true", "false"):
            raise ValueError(f"a word claim is true or false: {what} {intent}")
        return body, Claim(spec["kind"], spec["feature"], "", intent, "word", negated=spec.get("negated", False))
    found = VALUE.findall(body)
    if len(found) != 1:
        raise ValueError(f"a value claim holds exactly one {{v}}: {body!r}")
    if intent.rstrip("+-") not in ("true", "near", "far"):
        raise ValueError(f"bad intent {intent!r} in {what!r}")
    text, c = _render_value(t, spec, intent, found[0] or None, rng)
    rendered = VALUE.sub(lambda _m: text, body)
    c.form = _form(c.kind, c.form, rendered)
    return rendered, c


# ---------------------------------------------------------------- paragraphs

def _expected(c: Claim) -> str:
    if c.kind == "amplitude":
        return "unverifiable"
    return "supported" if c.intent == "true" else "contradicted"


def render(tpl: Template, ludb_dir: Path = LUDB_DIR) -> tuple[Paragraph, list[Claim]]:
    """One paragraph: (Paragraph with its labelled claims, the claims dropped for a None label or a
    label other than the author's intent; their text stays in the paragraph)."""
    t = load_truth(tpl.record, ludb_dir)
    demo = {"age": str(t.age) if t.age else None, "sex": {"F": "woman", "M": "man"}.get(t.sex),
            "pron": {"F": "she", "M": "he"}.get(t.sex), "Pron": {"F": "She", "M": "He"}.get(t.sex)}
    text, claims, dropped, pos, out = tpl.text, [], [], 0, ""
    for i, m in enumerate(MARK.finditer(text)):
        head = m.group(1).split()
        what, intent = head[0], (head[1] if len(head) > 1 else "")
        rng = np.random.default_rng([SEED, zlib.crc32(tpl.pid.encode()), i])
        rendered, c = _render_claim(t, what, intent, m.group(2), rng)
        out += _fill_demo(text[pos:m.start()], demo)
        c.start, c.text = len(out), rendered
        c.end = c.start + len(rendered)
        out += rendered
        pos = m.end()
        label = label_claim(c, t) if c.lo is None or math.isfinite(c.lo) else None
        c.label = label or ""
        (claims if label is not None and label == _expected(c) else dropped).append(c)
    out += _fill_demo(text[pos:], demo)
    out = re.sub(r"[ \t]+\n", "\n", out).strip()
    return Paragraph(tpl.pid, tpl.record, record_half(tpl.record), tpl.voice, out, tpl.leak is not None,
                     tpl.leak, claims), dropped


def _fill_demo(chunk: str, demo: dict) -> str:
    def sub(m: re.Match) -> str:
        val = demo.get(m.group(1))
        if val is None:
            raise ValueError(f"the record has no {m.group(1)}")
        return val
    return re.sub(r"\{(age|sex|pron|Pron)\}", sub, chunk)


@functools.lru_cache(maxsize=4)
def build_freeform(ludb_dir: Path = LUDB_DIR) -> tuple[Paragraph, ...]:
    return tuple(render(tpl, ludb_dir)[0] for tpl in TEMPLATES)


def dropped_claims(ludb_dir: Path = LUDB_DIR) -> list[tuple[str, Claim]]:
    return [(tpl.pid, c) for tpl in TEMPLATES for c in render(tpl, ludb_dir)[1]]


# ---------------------------------------------------------------- what an author reads before writing

def describe(record: int, ludb_dir: Path = LUDB_DIR) -> str:
    """The annotated truth of one record, as the author of a paragraph reads it (printed, never stored)."""
    t = load_truth(record, ludb_dir)
    out = [(f"record {record} ({t.half}): {t.sex} {t.age}, rhythm '{t.rhythm_text}' ({t.rhythm}), "
            f"paced={t.paced}, extrasystole={t.extrasystole}, AV3={t.av_block3}"),
           (f"rate {t.hr_lo_bpm:.1f}-{t.hr_hi_bpm:.1f} bpm, RR spread {t.rr_spread:.2f}, "
            f"premature_rr={t.premature_rr}, p_each={t.p_each}, p_none={t.p_none}")]
    out.append("record medians: " + ", ".join(f"{k}={t.record_median(f):.0f}" for k, f in FEATURES.items()))
    out.append("lead   n | " + " | ".join(f"{k:>16s}" for k in FEATURES) + "   (median [beat min-max])")
    for lead in LEADS:
        lt = t.leads[lead]
        cells = []
        for f in FEATURES.values():
            v = lt.values(f)
            cells.append(f"{lt.median(f):5.0f} [{v.min():3.0f}-{v.max():3.0f}]" if len(v) else f"{'-':>16s}")
        out.append(f"{lead:4s} {len(lt.values('qrs_ms')):3d} | " + " | ".join(f"{c:>16s}" for c in cells))
    ok = []
    for g, leads in GROUPS.items():
        for k, f in FEATURES.items():
            meds = [t.leads[lead].median(f) for lead in leads]
            if all(math.isfinite(m) for m in meds) and max(meds) - min(meds) <= 2 * TOL_MS[f]:
                ok.append(f"{k}@{g}")
    out.append("groups a true claim can be written for: " + " ".join(ok))
    beats = [f"{k}#@{lead}" for lead in LEADS for k, f in FEATURES.items()
             if len(v := t.leads[lead].values(f)) >= 2 and v.max() - v.min() <= 2 * TOL_MS[f]]
    out.append("beat claims possible: " + " ".join(beats))
    words = []
    for term, kind in TERM_KIND.items():
        if kind == "amplitude":
            continue
        lab = label_claim(Claim(kind, term, "", "", "word"), t)
        if lab:
            words.append(("+" if lab == "supported" else "-") + term)
    out.append("words: " + " ".join(words))
    return "\n".join(out)


# ---------------------------------------------------------------- the paragraphs

T = Template

DEV = (
    T(1, "ward_round", """Bed 4, {age}-year-old {sex}, ECG from this morning. [[t:sinus_bradycardia true|Sinus brady]], \
[[hr true|rate {v} a minute]], [[t:p_each true|a P in front of every QRS]]. [[pr@II true|PR in two is {v} msec]], \
so [[t:first_degree_avb~ true|no first-degree block]]. [[qrs far|QRS is about {v:ms10} wide]] if I'm honest I \
couldn't find a clean onset. [[qtc near|QTc {v}]], and we only start worrying north of 500. [[t:premature false|Couple \
of ectopics]] on the rhythm strip, nothing else. Plan: no rate-limiting drugs."""),
    T(5, "machine", """Vent. rate [[hr true|{v} BPM]]
PR int [[pr true|{v} ms]]
QRS dur [[qrs near|{v} ms]]
QT/QTc [[qt true|{v}]]/[[qtc far|{v} ms]]
P dur [[p@II true|{v} ms (II)]]
[[t:sinus_rhythm true|SINUS RHYTHM]]
[[t:regular true|REGULAR VENTRICULAR RATE]]
[[t:prolonged_qtc false|PROLONGED QTc]]
[[t:wide_qrs~ true|NO QRS WIDENING]]
[[amp:r_amp@V5|R(V5) 1.9 mV]]
Reference: PR 120-200, QRS < 120, QTc < 450 (M)
** UNCONFIRMED REPORT **"""),
    T(9, "exam", """Q3. Describe this ECG systematically.
Model answer. (1) Rate: [[hr near|the R-R interval is {v:rrbig}]], so the rate is 300 divided by that. \
(2) Rhythm: [[t:sinus_rhythm true|sinus]]; [[t:p_each true|every QRS is preceded by a P wave]]. (3) PR: \
[[pr true|{v:s} s]]; the normal range is 0.12-0.20 s. (4) QRS: [[qrs@V1 far|{v:s} s in V1]], \
[[t:bbb_duration false|meeting the duration criterion for bundle branch block]]. (5) QT: [[qt@II true|{v} ms in \
lead II]], [[qtc near|corrected (Bazett) to {v} ms]]. Conclusion: [[t:short_pr false|a short PR]] in an otherwise \
unremarkable tracing. (Total 10 marks; a candidate who says QTc over 500 ms earns none for part 5.)"""),
    T(13, "gem_long", """Interpretation of the 12-lead ECG of a {age}-year-old {sex}. Rhythm first: in lead II \
[[t:p_each true|each QRS complex is preceded by an upright P wave]] and [[t:regular true|the R-R intervals barely \
change from beat to beat]], so this is [[t:sinus_rhythm true|sinus rhythm]] at [[hr true|{v} beats per minute]]. \
In lead I, [[pr#3@I true|beat 3 shows a PR interval of {v} ms]], while [[pr@V2 near|V2 gives a PR of {v} ms]]. The \
QRS complexes are broad: [[qrs@inferior true|in the inferior leads they measure {v:rangeen} ms]] and \
[[qrs#5@V1 far|in V1 the fifth complex lasts {v} ms]]. The right precordial leads look the \
widest. [[t:bbb_duration true|That width is in the complete bundle-branch-block range]]. \
Repolarisation: [[qt@V1-V3 true|the QT in V1 to V3 is around {v:ms10} ms]] and [[qtc@aVL near|the Bazett-corrected \
QT in aVL comes to {v} ms]]. [[amp:s_amp@V1|The S wave in V1 is deep, about 2.1 mV]]. Overall: sinus rhythm with \
a conduction delay; I would call a QTc above 500 ms high risk, and this is not that."""),
    T(13, "teaching", """Use this tracing to practise reading intervals off the grid (25 mm/s, so one small square \
is 0.04 s and one large square 0.2 s). Start with the PR interval in lead II: [[pr@II true|it covers \
{v:box}]], more than the five small squares where first-degree block begins. Now the QRS in V4: \
[[qrs@V4 far-|it spans {v:box}]]. Then measure the QT in lead II from the start of the QRS to the end of the T \
wave: [[qt@II true|{v:big}]]. For the rate, count the large squares between two R waves: \
[[hr near|{v:rrbig}]], and divide 300 by that. Notice also that [[t:narrow_qrs false|the complexes are \
narrow]], and [[t:premature~ true|no beat arrives early]].""", tag="-b"),
    T(17, "resident", """ECG: [[t:sinus_rhythm true|NSR]] [[hr far|@ {v}]], [[t:regular true|reg]]. PR [[pr true|{v}ms]], \
QRS [[qrs true|{v:s}s]], QT/QTc [[qt near|{v}]]/[[qtc true|{v}]]. [[t:prolonged_qtc~ true|No QTc prolongation]]. \
[[t:premature false|Freq PACs]]. [[p@V1 true|P dur {v} in V1]]. Imp: {age} y/o {sex}, see plan. Norms on our \
machine: PR 120-200, QTc <460 F."""),
    T(21, "hedged", """Tentative read, to be over-read by cardiology. The rhythm [[t:sinus_rhythm true|looks sinus to \
me]], [[hr true|at something like {v:bpm5} per minute]]. [[pr near|The PR is probably in the \
{v:rangeto} ms range]], though the onset of the P wave is hard to pin down. [[qrs@V2 true|I think the QRS in V2 is about \
{v} ms]]; [[t:short_pr false|the PR may even be on the short side]]. [[qt far|The QT, if I am reading the end of \
the T wave correctly, might be {v} ms]]. [[t:first_degree_avb~ true|I don't see first-degree block]]. I cannot \
exclude a subtle ST change in aVL."""),
    T(25, "patient", """Hello, here is what your heart tracing from today shows. [[t:sinus_rhythm true|Your heart is \
beating in its normal pattern, which doctors call sinus rhythm]], [[hr true|at about {v:bpm5} beats a \
minute]] (anything from 60 to 100 is usual at rest). [[t:regular true|The beats come at an even, steady pace]]. \
[[pr far|The signal takes {v:s} seconds to travel from the top chambers to the bottom chambers]], and \
[[qrs true|the main pumping chambers are switched on in {v:s} seconds]]. [[t:tachycardia false|Your heart was \
racing a little]] while we recorded it, which can happen when people are nervous. [[t:premature~ true|We did not \
see any extra or early beats]]."""),
    T(29, "consult_units", """Dear colleague, thank you for asking me to review the ECG of this {age}-year-old \
{sex}. [[hr near|The ventricular rate is {v} beats/min]], with [[t:p_each true|a P wave in front of each \
QRS]]. [[pr@II true|PR interval (lead II) {v:s} sec]]; [[pr@aVL near|in aVL the PR is {v} msec]]. [[p@II true|P-wave \
duration {v} milliseconds in II]]. [[qrs true|QRS {v:s3} s]], [[qt@V5 far|QT {v} msec in V5]], [[qtc true|QTc \
(Bazett) {v} ms]]. [[t:short_pr false|The PR is short]], which made me think of pre-excitation, but I see no delta \
wave. A QTc under 450 ms in a man needs no action."""),
    T(33, "teaching", """A worked example for the new house officers. First the rate: at 25 mm/s [[hr true|the R waves \
are {v:rrbig} apart]], so divide 300 by that number. Then the rhythm: [[t:p_each true|there is a P wave before every \
QRS]] and [[t:regular true|the spacing is regular]], which makes this [[t:sinus_rhythm true|sinus rhythm]]. The PR \
interval is normally 3 to 5 small squares; [[pr far|here it is {v:box}]]. The QRS should be under 3 small \
squares, and [[qrs@V1 true|in V1 it occupies {v:box}]]. The QT is best measured in II or V5: [[qt@V5 near|in V5 it \
runs {v:big}]]. Finally, [[t:prolonged_qtc false|the QTc is long]], so always check the drug chart."""),
    T(37, "discharge", """ECG during admission. The 12-lead ECG of this {age}-year-old {sex}, as the measurement \
table that came with the tracing lists it, showed [[t:sinus_rhythm true|sinus rhythm]] [[hr far|at {v} bpm]] with \
[[pr true|a PR interval of {v:ms10} ms]], [[qrs true|a QRS duration of {v} ms]] and [[qtc near|a corrected QT of \
{v} ms]]. [[t:first_degree_avb~ true|There was no first-degree AV block]]. [[t:bradycardia false|The tracing \
showed a mild bradycardia]]. Please repeat the ECG if a QT-prolonging antibiotic is restarted; we would stop it at \
a QTc over 500 ms.""", leak="as the measurement table that came with the tracing lists it"),
    T(45, "gem_long", """Reading this tracing from an {age}-year-old {sex} lead by lead. [[hr true|The overall \
ventricular rate is {v} bpm]]. [[t:premature true|Premature beats interrupt the rhythm]], and \
[[t:wide_qrs true|the QRS complexes are broad throughout]]. In lead I [[qrs@I true|the QRS measures {v} ms]]; in \
V1 [[qrs@V1 near|it is {v} ms]], and [[qrs#2@V6 far-|the second beat in V6 lasts {v} ms]]. [[qt@II true|The QT in \
II is {v} ms]] and [[qtc@precordial far|the QTc across the precordial leads is {v} ms]]. [[t:bbb_duration true|The \
QRS duration is in the bundle-branch-block range]]. [[amp:r_amp@aVL|The R wave in aVL reaches 1.1 mV]]. These \
findings fit a paced rhythm with ectopy."""),
    T(45, "ward_round", """Bed 12, {age}, paced. [[hr far|Rate about {v}]], [[t:narrow_qrs false|complexes \
narrow]], [[t:premature true|a few ectopics]]. [[qrs true|QRS {v:ms10}]], [[qtc true|QTc {v}]]. \
[[t:tachycardia false|Tachycardic]] compared with yesterday. Device check booked for 14:00, obs every 4 h.""",
      tag="-b"),
    T(49, "exam", """Station 6: ECG interpretation.
a) Rate - [[hr true|{v} per minute]].
b) Rhythm - [[t:atrial_flutter false|atrial flutter]], [[t:regular true|regular]].
c) PR interval - [[pr@II near|{v} ms in lead II]] (normal 120-200).
d) P wave - [[p@II true|{v} ms]], normal width (< 120 ms).
e) QRS - [[qrs far|{v} ms]]; not widened.
f) QT - [[qt@V2 true|{v} ms (V2)]]; [[qtc true|QTc {v} ms]].
g) Impression - [[t:premature false|sinus rhythm with ventricular ectopics]]. [[amp:t_amp@V3|T wave 0.6 mV in \
V3]], within normal limits."""),
    T(53, "consult_units", """Re: ECG review. The tracing shows [[t:sinus_rhythm true|sinus rhythm]], [[hr true|heart \
rate {v} min-1]]. I measured [[pr@II true|the PR interval at {v:s3} s in II]] and [[pr@septal far|{v} msec in V1 and V2]]; \
[[p@aVF near|the P wave in aVF lasts {v} milliseconds]]. [[qrs@V5 true|QRS {v} ms (V5)]], [[qt true|QT \
{v:s} s]], [[qtc far|QTc {v} ms]]. [[t:first_degree_avb~ true|No first-degree heart block]]. \
[[amp:st_level@V2|ST elevation of 1 mm in V2]] is within the normal range for her age ({age})."""),
    T(57, "resident", """12L ECG 0800: [[t:sinus_rhythm true|SR]] [[hr near|{v}bpm]], [[t:p_each true|P before each \
QRS]], [[t:narrow_qrs true|narrow QRS]] [[qrs true|({v}ms)]], [[pr true|PR {v}]], [[t:first_degree_avb false|1st \
deg AVB]], [[qt@II far|QT {v} in II]]. [[amp:q_amp@III|Q in III 0.2mV]], prob not significant. K 4.1 this am. \
D/w reg, repeat ECG post-op day 1."""),
    T(61, "consult_units", """Cardiology opinion. This ECG of a {age}-year-old {sex} shows [[t:sinus_rhythm true|sinus \
rhythm]] [[hr true|at {v} beats per min]] ([[hr true|R-R {v:rr} ms]]). [[pr true|The PR interval measures \
{v:s} s]]; [[t:short_pr false|this is a short PR]]. [[p@II near|P wave duration in II: {v} msec]]. [[qrs@V1 true|QRS \
in V1 {v} milliseconds]], [[qrs@V5-V6 far|in V5 and V6 {v} ms]]. [[qt@V2 true|QT (V2) {v:s3} s]], [[qtc near|QTc {v} \
ms]]. In men a QTc of 450 ms or more is prolonged, and above 500 ms the risk of torsades rises."""),
    T(65, "patient", """Your ECG, explained. [[hr far|Your heart was beating {v} times a minute]] when we \
recorded it. [[t:sinus_rhythm true|The rhythm starts in the heart's natural pacemaker, as it should]], and \
[[t:regular true|the beats are evenly spaced]]. [[t:bradycardia false|Your heart rate is on the slow side]], \
which is common in fit people. [[pr true|The electrical message takes about {v:s} of a second to pass from the top \
of the heart to the bottom]]; [[qt near|the whole squeeze-and-recover cycle of the lower chambers takes \
{v:s} seconds]]. Nothing on this tracing needs treatment."""),
    T(69, "discharge", """Investigations. ECG ({age}-year-old {sex}, recorded on day 2): [[t:sinus_rhythm true|sinus \
rhythm]], [[hr true|rate {v} bpm]], [[pr near|PR {v} ms]], [[qrs true|QRS {v} ms]], [[qt true|QT {v} ms]]. \
[[t:narrow_qrs true|The QRS complexes were narrow]] and [[t:premature false|there were occasional premature \
atrial beats]]. [[qtc@V1-V3 far|QTc in the right precordial leads {v} ms]]. No acute ischaemic change. GP: no \
routine ECG follow-up required."""),
    T(73, "teaching", """Let me show you why I always measure intervals in more than one lead. [[pr@II true|In lead \
II the PR is {v} ms]], but [[pr@aVL far|in aVL I get {v} ms]], because the P onset is isoelectric there. The \
same happens with the QRS: [[qrs@V2 true|V2 gives {v} ms]] while [[qrs@I near|lead I gives {v} ms]]. \
[[qt@V4-V6 true|The QT in V4 to V6 is about {v:ms10} ms]], and with [[hr true|a rate of {v} per minute]] that \
corrects to roughly the same value. Rule of thumb: a normal QTc is under 440 ms, and the QT should be less than \
half the R-R interval. [[t:first_degree_avb~ true|No first-degree block here]]."""),
    T(77, "ward_round", """Mr in side room 2, {age}. ECG done on admission: [[t:sinus_rhythm true|sinus]], \
[[hr true|{v} a minute]], [[pr@II true|PR in II {v:ms5}]], a shade long but fine. [[qrs near|QRS {v}]], \
[[t:bbb_duration false|bundle branch block width]] so check the old ECGs. [[qtc true|QTc {v}]]. \
[[t:regular true|Regular]]. [[t:tachycardia false|Mildly tachy]], probably pain. Analgesia and repeat in the \
morning."""),
    T(81, "gem_long", """Per the values we were given, this 12-lead ECG of a {age}-year-old {sex} shows \
[[t:sinus_rhythm true|sinus rhythm]] [[hr true|at {v} bpm]]. Lead-level detail: [[pr@II true|lead II has a PR of \
{v} ms]], and [[pr#4@V1 near|in V1 the fourth beat has a PR of {v} ms]]. [[p@V1-V3 true|The P wave lasts roughly \
{v:ms10} ms in V1-V3]]. [[qrs@aVR far|aVR shows a QRS of {v} ms]], while [[qrs#2@II true|beat 2 in lead II has a \
QRS of {v} ms]]. [[qt@V4 true|The QT in V4 is {v:range} ms]] and [[qtc@V4-V6 near|the QTc in V4-V6 reaches {v} ms]]. \
[[t:narrow_qrs true|The complexes are narrow]], [[t:first_degree_avb~ true|there is no first-degree AV \
block]], and [[t:premature~ true|no premature beats are seen]].""", leak="Per the values we were given"),
    T(85, "machine", """HR [[hr near|{v}]] bpm | PR [[pr true|{v}]] ms | QRSd [[qrs true|{v}]] ms | \
QT [[qt far|{v}]] ms | QTcB [[qtc true|{v}]] ms
Pdur(II) [[p@II true|{v}]] ms
Dx: [[t:sinus_rhythm true|Normal sinus rhythm]]; [[t:narrow_qrs true|normal QRS duration]]; \
[[t:prolonged_qtc~ true|QTc within normal limits]]; [[t:sinus_tachycardia false|sinus tachycardia]]
Limits: HR 50-100, PR 120-200, QRSd < 110"""),
    T(89, "patient", """What your ECG shows, in everyday words. [[t:sinus_rhythm true|Your heartbeat is started by its \
own natural pacemaker]], [[hr true|about {v:bpm5} times each minute]]. [[t:p_each true|Before every main beat we can \
see the small bump from the top chambers]], which is what we want. [[qrs far|The main beat itself lasts {v:s} \
seconds]]. [[pr near|The gap between the top and bottom chambers firing is {v:s} seconds]]. \
[[t:bradycardia false|The rate is a bit slow]], but you are {age}, and for an active person that is normal."""),
    T(93, "discharge", """ECG on discharge. This {age}-year-old {sex} remains in [[t:atrial_fibrillation true|atrial \
fibrillation]] with [[hr true|a ventricular rate of {v} bpm]]. [[t:p_each false|P waves precede each QRS \
complex]]. [[qrs true|QRS duration {v} ms]], [[t:wide_qrs true|broad]] in keeping with ventricular pacing. \
[[qt near|QT {v} ms]], [[qtc far-|QTc {v} ms]]. [[t:rapid_response false|The ventricular response is \
rapid]], so his bisoprolol has been increased. Anticoagulation continues."""),
    T(93, "resident", """ECG: [[t:atrial_fibrillation true|AF]], paced, [[hr near|VR {v}]], \
[[t:sinus_rhythm false|SR restored]]?? - no. [[qrs@V1 true|QRSd {v} V1]], [[qrs@V5 far-|{v} V5]], \
[[qt@II true|QT {v} in II]]. [[t:narrow_qrs false|Narrow cx]]. Plan: EP r/v.""", tag="-b"),
    T(97, "hedged", """My impression, with the usual caveats about a single tracing. [[t:sinus_rhythm true|It is \
most likely sinus rhythm]], [[hr true|rate perhaps {v}]]. [[pr@V2 near|The PR in V2 could be as long as {v} ms]], \
[[pr@II true|while II suggests {v:range} ms]]. [[qrs true|The QRS seems to be around {v} ms]]; \
[[t:first_degree_avb false|there may be a degree of first-degree AV block]]. [[qt far|The QT is difficult; my best guess is \
{v} ms]]. [[amp:r_amp@aVL|R in aVL possibly 1.3 mV]], but I would not lean on voltage \
here."""),
    T(101, "gem_long", """A lead-by-lead reading of this ECG from a {age}-year-old {sex}. [[t:p_each~ true|No organised \
P waves are seen in any lead]]; [[t:regular false|the ventricular rhythm is regular]], and \
[[t:atrial_fibrillation true|the baseline shows fibrillatory activity]], [[t:sinus_rhythm false|so I read \
this as sinus rhythm]]. [[hr true|The mean ventricular rate is {v} bpm]]. [[qrs@I true|Lead I: QRS {v} ms]]; \
[[qrs@V1-V3 near|V1-V3: QRS {v} ms]]; [[qrs#3@V1 true|V1, beat 3: QRS {v} ms]]. [[qt@II far|The QT in II is \
{v} ms]] and [[qt#2@V5 true|in V5 (second complex) {v} ms]]. [[t:rapid_response false|The ventricular response is \
fast]]. [[amp:s_amp@V2|S wave in V2 1.8 mV]]."""),
    T(101, "patient", """About your heart tracing. [[t:atrial_fibrillation true|Your heart's top chambers are \
quivering instead of beating properly - this is called atrial fibrillation]]. [[t:regular~ true|Because of this \
the beats come at uneven intervals]]. [[hr far|Your heart rate was about {v:bpm5} beats a minute]]. \
[[qrs true|Each main beat lasts about {v:s} seconds]], which is normal. Your team will talk to you about blood \
thinners.""", tag="-b"),
    T(105, "ward_round", """{age}-year-old {sex} in bay 3, palpitations. ECG: [[t:sinus_rhythm true|sinus]] with \
[[t:premature true|ectopics]] [[hr true|at about {v:bpm5}]], [[pr near|PR {v}]], [[qrs true|QRS {v}]]. \
[[t:first_degree_avb false|First-degree block]] as well. [[qtc far|QTc {v}]]. [[t:tachycardia false|Tachy]] when \
she came in, settled now. Check TFTs, Holter as outpatient."""),
    T(109, "exam", """Case 12 (answer). This is [[t:atrial_fibrillation true|atrial fibrillation]]: \
[[t:regular~ true|the R-R intervals are irregularly irregular]] and [[t:p_each~ true|there are no P \
waves]]. [[hr near|The ventricular rate is {v} bpm]]. [[t:slow_response false|The ventricular response is \
slow]]. [[qrs true|QRS {v} ms]], [[qt far|QT {v} ms]], [[qtc true|QTc {v} ms]]. Mark scheme: 1 mark for AF, 1 for \
the rate within 10 bpm, 1 for QRS < 120 ms."""),
    T(109, "machine", """*** [[t:atrial_fibrillation true|ATRIAL FIBRILLATION]] ***
[[hr true|VENT RATE {v} BPM]]
[[qrs true|QRS {v} MS]]
[[qt@V5 true|QT(V5) {v} MS]]
[[qtc near|QTc {v} MS]]
[[t:sinus_rhythm false|SINUS RHYTHM]]
[[t:prolonged_qtc false|PROLONGED QT]]
[source: supplied feature table, 12 leads]""", leak="[source: supplied feature table", tag="-b"),
    T(117, "teaching", """Here is a tracing from a {age}-year-old {sex} to test your counting. Six-second \
method: count the complexes in 30 large squares and multiply by ten, and [[hr true|that gives {v} per minute]]. \
[[t:atrial_flutter false|This is atrial flutter with 2:1 conduction]], a classic trap. \
[[t:p_each true|Every QRS has a P wave in front of it]]. [[pr true|The PR is {v:box}]], at the lower limit of \
normal, so ask yourself about pre-excitation; normal is 3 to 5 small squares. [[qrs far|The QRS is {v:box}]] and \
[[t:narrow_qrs true|narrow]]. [[qt@V2 near|In V2 the QT is {v:big}]]. [[t:bradycardia false|The rate is \
bradycardic]]."""),
    T(121, "resident", """ECG (numbers from the attached interval sheet): [[t:sinus_rhythm true|SR]] [[hr true|{v}]], \
[[pr far|PR {v}]], [[qrs near|QRS {v}]], [[qt true|QT {v}]], [[qtc@V2 true|QTc {v} in V2]]. \
[[t:sinus_bradycardia false|Sinus brady]]. [[t:first_degree_avb~ true|No 1st deg block]]. [[t:regular true|Reg]]. \
Hold ondansetron if QTc > 500.""", leak="numbers from the attached interval sheet"),
    T(125, "hedged", """I'd be cautious with this one. [[t:sinus_rhythm true|The underlying rhythm seems to be \
sinus]], but [[t:premature true|there appear to be premature beats]]. [[hr near|The average rate is perhaps \
{v} per minute]]. [[qrs@V1 true|The QRS in V1 might be about {v} ms]]; [[qt@V5 far|V5 suggests a QT of \
{v} ms]]. [[pr@II true|I think the PR in II is in the region of {v:ms10} ms]]. [[t:tachycardia false|There may \
be an element of tachycardia]]. I'd want a longer rhythm strip before calling the ectopy."""),
    T(125, "teaching", """Extrasystoles make rate counting tricky, so use the long strip. In this ECG \
[[hr true|the average R-R is {v:rrs} s]]; [[hr far|a quick box count gives {v:rrbig} between beats]], which \
overstates it. [[t:premature true|Spot the early beats]]: each is followed by a pause. [[qt@II true|The QT in \
lead II is {v:big}]], and [[p@II near|the P wave lasts {v:box}]].""", tag="-b"),
    T(129, "discharge", """ECG summary for the GP. Mr ___ ({age}) has [[t:atrial_fibrillation true|permanent atrial \
fibrillation]] with [[hr true|a controlled ventricular rate of {v} bpm]]. [[t:narrow_qrs true|The QRS complexes \
are narrow]] [[qrs near|at {v} ms]]. [[qt true|The QT is {v} ms]], [[qtc far-|QTc {v} ms]]. \
[[t:regular false|The rhythm was regular]] on the day of discharge. Digoxin level is pending."""),
    T(133, "exam", """Answer to question 4.
- [[t:sinus_bradycardia true|Sinus bradycardia]], [[hr true|{v} bpm]] (defined as a rate under 60).
- [[pr near|PR interval {v} ms]]
- [[p@II true|P wave {v} ms in II]]
- [[qrs true|QRS {v} ms]], [[t:narrow_qrs true|narrow]]
- [[qt far|QT {v} ms]]
- [[t:premature false|Ventricular bigeminy]]
- [[t:first_degree_avb~ true|No AV block of any degree]]"""),
    T(169, "gem_long", """Systematic read of the 12-lead ECG of a {age}-year-old {sex}. Rhythm strip (II): \
[[t:p_each true|a P wave before each complex]], [[t:regular true|regular R-R intervals]], [[hr true|rate {v} \
bpm]], hence [[t:sinus_bradycardia true|sinus bradycardia]]. Intervals by lead: [[pr@II true|PR {v} ms in \
II]], [[pr@V1 far|{v} ms in V1]]; [[p#3@aVF true|the third P wave in aVF lasts {v} ms]]; [[qrs@precordial near|QRS \
{v:range} ms across the chest leads]]; [[qt#2@V3 true|QT {v} ms in V3 (beat 2)]], [[qtc@II true|QTc {v} ms in II]]. \
[[amp:t_amp@V2|T-wave amplitude 0.5 mV in V2]]. No ST deviation of 0.1 mV or more in any lead."""),
    T(173, "ward_round", """Bed 9, {age}, known AF. Today's ECG: [[t:atrial_fibrillation true|still in AF]], \
[[hr true|rate about {v:bpm5}]], [[t:rapid_response false|fast]] so uptitrate the beta-blocker? Actually no. \
[[qrs far|QRS {v}]], [[qt near|QT {v}]]. [[t:p_each false|P waves visible before each beat]] in V1, I \
think. For echo and anticoagulation review."""),
    T(189, "resident", """ECG: [[t:sinus_bradycardia true|SB]] [[hr near|{v}]], [[pr true|PR {v:s}]], \
[[qrs true|QRS {v:s}]], [[qt far|QT {v:s}]], [[qtc true|QTc {v}]]. [[t:prolonged_qtc~ true|QTc nl]]. \
[[t:p_each true|P:QRS 1:1]]. Young ({age}), athletic, asymptomatic. No f/u."""),
    T(197, "hedged", """Reading this with some caution. [[t:sinus_rhythm true|The rhythm is probably sinus]], \
[[t:regular~ true|with a degree of beat-to-beat irregularity]] that may be respiratory. [[hr true|The rate is \
somewhere in the {v:rrange} range]]. [[pr far|I suspect the PR is about {v} ms]]. [[qrs@V1 true|In V1 the QRS appears \
to be {v} ms]], [[qt@II near|and the QT in II perhaps {v} ms]]. [[t:prolonged_qtc~ true|I would not call the \
QTc prolonged]]."""),
)

HELDOUT = (
    T(3, "machine", """12-LEAD ANALYSIS   25 mm/s  10 mm/mV  0.05-150 Hz
RATE      [[hr true|{v}]] /min
P-R       [[pr far|{v:s3}]] s
QRS       [[qrs true|{v:s3}]] s
QT        [[qt true|{v:s3}]] s
QTc       [[qtc near|{v:s3}]] s
[[t:sinus_rhythm true|>> SINUS RHYTHM]]
[[t:sinus_bradycardia false|>> SINUS BRADYCARDIA]]
[[t:p_each true|>> P:QRS 1:1]]
[[amp:qrs_amp@V4|>> QRS AMPLITUDE V4 3.4 mV]]
>> BORDERLINE ECG"""),
    T(7, "gem_long", """Twelve-lead ECG, {age}-year-old {sex}. The tracing itself shows \
[[t:sinus_rhythm true|a sinus mechanism]] [[hr far|at roughly {v:bpm5} per minute]], [[t:premature true|interrupted \
by early beats]] that are followed by a pause. Taking the sinus beats: [[pr@II true|in lead II the PR interval is \
{v} ms]], [[pr@V3 near|in V3 {v:rangeen} ms]]. [[p@inferior true|The P waves in II, III and aVF last about {v:ms10} ms]]. [[qrs@lateral true|Across \
I, aVL, V5 and V6 the QRS is about {v:ms10} ms]], and [[qrs@V4 far|the complexes in V4 measure {v} \
ms]]. [[qt#4@V5 true|QT of the fourth beat in V5: {v} ms]]; [[qtc@II near|QTc in II: {v} ms]]. [[t:narrow_qrs true|The conducted \
complexes are narrow]]. [[amp:r_amp@V6|R in V6 1.6 mV]]."""),
    T(11, "patient", """Your heart tracing, in plain English. [[t:sinus_rhythm true|The beat is being set by \
your heart's built-in timer, exactly as it should be]]. [[hr near|It was beating about {v} times a minute]]. \
[[t:regular true|The beats are nicely even]]. [[pr true|The delay between the upper and lower chambers is {v:s} \
seconds]] (we expect between 0.12 and 0.20). [[qrs far|Each beat's main spike lasts {v:s} seconds]]. \
[[t:premature false|We noticed a few extra beats]], which are very common and usually harmless."""),
    T(15, "exam", """MCQ 7 - best answer with justification.
The ECG shows [[t:sinus_rhythm true|sinus rhythm]] [[hr near|at a rate of {v} bpm]] with \
[[pr true|a PR interval of {v:s} s]]. [[qrs@V1 true|QRS in V1 is {v:s} s]] and [[qrs@II far|in II {v:s} s]]. \
[[qt true|The QT is {v:s} s]]. Therefore [[t:short_pr false|the PR is short]], \
[[t:narrow_qrs true|the QRS is narrow]] and [[t:prolonged_qtc~ true|the QTc is not long]]. Answer: C. (Option D, \
QTc of 480 ms, is a distractor.)"""),
    T(19, "consult_units", """Letter to the referring physician. Thank you for sending the ECG of this \
{age}-year-old {sex}. On my own calipers: [[hr true|rate {v} per min]], [[pr@II near|PR {v} msec (II)]], \
[[pr@V4-V6 true|{v:s} s in V4 to V6]], [[p@II far|P duration {v} milliseconds]], [[qrs true|QRS {v:s3} sec]], \
[[qt@V3 true|QT {v} msec in V3]], [[qtc far|QTc {v:s} s]]. [[t:first_degree_avb~ true|No first degree \
AV block]]; [[t:regular true|the rhythm is regular]]. Yours sincerely."""),
    T(23, "ward_round", """Going by the figures in the input, this {age}-year-old {sex} has \
[[t:sinus_rhythm true|sinus rhythm]] [[hr true|at {v} a min]] with [[t:wide_qrs true|broad complexes]], \
[[qrs true|QRS {v:ms5}]], [[t:bbb_duration true|full bundle branch block width]]. [[pr far|PR {v}]], \
[[qt@V2 near|QT in V2 {v}]]. [[t:narrow_qrs false|Otherwise narrow complex]]. Needs an echo, and cardiology to \
look at the old ECGs.""", leak="Going by the figures in the input"),
    T(27, "hedged", """Impression (provisional): [[t:sinus_rhythm true|probably sinus rhythm]], \
[[hr far|the rate perhaps {v}]]. [[pr@II true|The PR in II looks to be about {v:ms10} ms]]; \
[[pr@aVF near|aVF may give {v} ms]]. [[qrs@V2 true|I'd estimate the QRS in V2 at {v} ms]]. [[qt true|The QT is \
possibly {v:rangeto} ms]], [[qtc near|which I make {v} ms corrected]], though T-wave offset is soft in several leads. \
[[t:wide_qrs~ true|I see no QRS widening]]. [[t:regular true|The rhythm appears regular]]."""),
    T(31, "discharge", """ECG findings on the day of discharge: [[t:atrial_flutter false|atrial flutter]], \
[[hr near|ventricular rate {v} bpm]], [[pr true|PR {v} ms]], [[qrs far|QRS {v} ms]], [[qt true|QT {v} ms]]. \
[[t:first_degree_avb false|First-degree AV block]] was noted, unchanged from admission. [[t:premature~ true|No \
ectopy]]. Her citalopram was continued; please recheck the ECG if the dose exceeds 20 mg."""),
    T(35, "gem_long", """Lead-by-lead review of the ECG of a {age}-year-old {sex}. [[t:atrial_flutter true|The \
baseline in II, III and aVF shows saw-tooth flutter waves]], and [[t:sinus_rhythm false|the rhythm is sinus]]... \
no. [[hr true|The ventricular rate is {v} bpm]], [[t:rapid_response true|a rapid ventricular response]]. \
[[qrs@inferior true|The QRS in the inferior leads is about {v:ms10} ms]]; [[qrs@V6 far|V6 gives {v} ms]]. \
[[qt@V4-V6 true|QT in V4-V6 {v:range} ms]], [[qt@high_lateral near|I and aVL {v} ms]]. [[t:premature false|There are frequent \
ventricular extrasystoles]]. [[amp:t_amp@V4|The T wave in V4 is 0.3 mV]]."""),
    T(35, "machine", """** [[t:atrial_flutter true|ATRIAL FLUTTER]] WITH VARIABLE AV BLOCK **
[[hr far|RATE {v}]] | [[qrs true|QRS {v}]] | [[qt near|QT {v}]] | [[qtc true|QTc {v}]]
[[t:tachycardia true|TACHYCARDIA]]
[[t:slow_response false|SLOW VENTRICULAR RESPONSE]]""", tag="-b"),
    T(39, "resident", """ECG: [[t:sinus_bradycardia true|SB]] [[hr true|{v}/min]], [[t:p_each true|P before \
every QRS]], [[pr near|PR {v}ms]], [[qrs true|QRS {v}ms]], [[qt far|QT {v}ms]], [[t:narrow_qrs true|narrow]], \
[[t:tachycardia false|tachy]]. On bisoprolol 2.5 mg. {age}M. Hold BB if HR < 50."""),
    T(43, "teaching", """This ECG is a nice example of a borderline PR. [[pr@II true|Lead II: the PR is \
{v:box}]]; [[pr@V1 far|in V1 you might count {v:box}]]. [[p@II true|The P wave itself is {v:box} wide]], \
right at the 3-box limit for a normal P. [[qrs true|The QRS is {v:box}]]. [[t:premature false|The fourth beat is a premature atrial \
beat]]. \
[[hr near|The R-R interval is {v:rrbig}]], so work out the rate yourself. [[qt@V5 true|The QT in V5 is \
{v:big}]]."""),
    T(47, "patient", """Understanding your heart test. [[t:bradycardia true|Your heart rate is slower than \
average]]: [[hr true|{v} beats per minute]]. This is often seen in fit people or with some medicines. \
[[t:sinus_rhythm true|The rhythm itself is normal]]. [[qrs near|The main electrical spike takes {v:s} \
seconds]], and [[p far|the small wave from the upper chambers lasts {v:s} seconds]]. [[t:premature~ true|No early \
or extra beats were seen]]."""),
    T(51, "discharge", """Cardiac investigations: ECG ({age}-year-old {sex}) showed [[t:atrial_fibrillation true|atrial \
fibrillation]] [[hr true|with a ventricular rate of {v} bpm]] and [[t:wide_qrs true|broad QRS complexes]] \
[[qrs near|(QRS {v} ms)]]. [[t:regular false|The ventricular rhythm was regular]]. [[qt true|QT {v} ms]], \
[[qtc far|QTc {v} ms]]. Rate control with bisoprolol; CHA2DS2-VASc 4, apixaban 5 mg twice daily."""),
    T(51, "exam", """OSCE ECG station - examiner's notes.
1. [[t:p_each~ true|P waves absent]] - [[t:atrial_fibrillation true|AF]].
2. [[hr far|Rate {v} bpm]].
3. [[t:bbb_duration true|QRS >= 120 ms: bundle-branch-block width]]; [[qrs@V1 true|V1 {v} ms]], \
[[qrs@aVF near|aVF {v} ms]].
4. [[qt@inferior true|QT in the inferior leads about {v:ms10} ms]].
5. [[t:sinus_rhythm false|Candidate calls it sinus]]: fail.""", tag="-b"),
    T(55, "hedged", """It is hard to be certain on a single tracing, but [[t:sinus_rhythm true|this seems to be sinus \
rhythm]], [[hr near|probably at about {v:bpm5} a minute]]. [[pr true|The PR could be anywhere from {v:rangeto} ms]]; \
[[p@II true|the P wave in II looks about {v} ms]]. [[qrs@V3 far|I'd put the QRS in V3 at {v} ms or so]]. \
[[qtc true|The QTc may be close to {v} ms]], [[t:first_degree_avb false|and there may be a first-degree \
AV block]]. [[t:regular true|Rhythm looks regular]]."""),
    T(59, "consult_units", """Outpatient ECG report. The supplied per-lead data give [[hr true|a rate of {v} \
bpm]] ([[hr true|R-R {v:rrs} s]]). [[t:sinus_bradycardia true|Sinus bradycardia]]. [[pr near|PR interval \
{v:s} s]], [[p@V1 true|P wave {v} msec in V1]], [[qrs true|QRS {v} ms]], [[qt far|QT {v:s3} s]], \
[[qtc true|QTc {v} ms]]. [[t:short_pr false|Short PR]]. Heart rates below 40 or pauses over 3 s would need \
a Holter.""", leak="The supplied per-lead data give"),
    T(63, "teaching", """Sinus arrhythmia is worth recognising. Watch the R-R intervals: \
[[t:regular~ true|they lengthen and shorten with breathing]], yet [[t:p_each true|every QRS still has its P wave \
in front]] and [[t:sinus_rhythm true|the mechanism is sinus]]. [[hr true|The average rate is {v} per \
minute]]. [[pr@II near|The PR in II is {v:box}]]; [[qrs true|the QRS {v:box}]]; [[qt far|the QT \
{v:big}]]. [[t:short_pr false|Note the short PR]] as well."""),
    T(67, "machine", """MEASUREMENTS: HR [[hr true|{v}]] | PR [[pr true|{v}]] | P [[p near|{v}]] | \
QRS [[qrs true|{v}]] | QT [[qt far|{v}]] | QTc [[qtc true|{v}]] (ms unless stated)
INTERPRETATION: [[t:atrial_flutter false|Atrial flutter]]. [[t:first_degree_avb false|1st degree A-V block]]. \
[[t:prolonged_qtc~ true|Normal QTc]]. [[amp:st_level@V2|ST elevation 0.15 mV V2]], probably early repolarisation."""),
    T(71, "ward_round", """Gentleman in bed 7, {age}, for day-case procedure. Pre-op ECG: [[t:sinus_rhythm true|sinus \
rhythm]], [[hr far|rate about {v:bpm5}]], [[pr true|PR {v}]], [[qrs near|QRS {v}]], [[qtc true|QTc {v}]]. \
[[t:premature false|Odd ectopic]]. Fit for theatre from a cardiac point of view."""),
    T(75, "resident", """ECG (per the uploaded measurement values): [[t:sinus_rhythm true|SR]], [[hr near|{v}bpm]], \
[[pr true|PR {v:s}]], [[qrs true|QRS {v:s}]], [[qt true|QT {v}]], [[qtc far|QTc {v}]]. [[t:narrow_qrs true|Narrow \
QRS]], [[t:premature~ true|no ectopy]]. [[t:first_degree_avb false|1° AVB]]. Repeat in 6/52.""",
      leak="per the uploaded measurement values"),
    T(79, "exam", """Short answer. [[t:sinus_rhythm true|Sinus rhythm]], [[hr far|rate {v}]]. Intervals: \
[[pr@II true|PR {v} ms (II)]], [[pr@V2 near|PR {v} ms (V2)]], [[qrs true|QRS {v} ms]], [[qt@II true|QT {v} ms \
(II)]], [[qtc true|QTc {v} ms]]. [[t:wide_qrs false|QRS is wide]]. [[amp:r_amp@V5|R wave V5 22 mm]] and \
[[amp:s_amp@V1|S wave V1 17 mm]], below the 35 mm sum for LVH."""),
    T(83, "gem_long", """Detailed interpretation, {age}-year-old {sex}. [[t:atrial_fibrillation true|The rhythm is \
atrial fibrillation]]: [[t:p_each~ true|no P waves can be identified]] and [[t:regular~ true|the R-R intervals \
are completely irregular]]. [[t:premature true|A premature wide beat appears in the middle of the strip]]. \
[[hr near|Average ventricular rate {v} bpm]]. [[qrs@V1 true|V1: QRS {v} ms]]; [[qrs@inferior far|II, III, aVF: \
QRS {v:rangeen} ms]]; [[qrs@aVL true|aVL: {v} ms]]. [[qt#5@V1 near|QT of beat 5 in V1 {v} ms]]. [[t:bbb_duration true|QRS \
width meets bundle branch block criteria]]."""),
    T(83, "hedged", """With the caveat that ectopy makes intervals variable: [[t:sinus_rhythm false|this looks \
like sinus rhythm]], [[hr true|average rate perhaps {v}]]. [[t:narrow_qrs false|The complexes appear \
narrow]]. [[qrs true|QRS may be about {v} ms]], [[qt far|QT possibly {v} ms]]. [[t:rapid_response false|The \
response might be on the fast side]].""", tag="-b"),
    T(87, "patient", """Your ECG result. [[hr true|Your heart was beating around {v:bpm5} times a minute]], which \
is normal for someone aged {age}. [[t:sinus_rhythm true|The rhythm comes from the right place]], and \
[[t:p_each true|each heartbeat starts with a small wave from the top chambers]]. [[pr near|That signal then takes \
{v:s} seconds to reach the bottom chambers]]. [[qt far|The recovery phase after each beat lasts {v:s} \
seconds]]. [[t:tachycardia false|Your heart rate was fast]], so we may repeat the test when you are relaxed."""),
    T(91, "consult_units", """ECG opinion. [[t:sinus_rhythm true|Sinus rhythm]], [[hr near|rate {v} /min]] \
([[hr true|RR {v:rr} ms]]). [[pr@II true|PR {v:s} s in II]], [[pr@V5 far|{v} msec in V5]]; [[p true|P width \
{v} milliseconds]]; [[qrs@V1-V3 true|QRS {v} ms in V1 to V3]]; [[qt@lateral true|QT {v:s} s in the lateral leads]]; [[qtc near|QTc \
{v} ms]]. [[t:wide_qrs~ true|No QRS widening]]. [[amp:t_amp@III|T inversion in III, depth 0.1 mV]], a normal \
variant at age {age}."""),
    T(95, "discharge", """ECG at discharge: [[t:atrial_fibrillation true|atrial fibrillation]] with [[hr far|a \
ventricular rate of {v} bpm]]. [[qrs true|QRS {v} ms]], [[t:narrow_qrs true|narrow]]. [[qt true|QT {v} ms]], \
[[qtc near-|QTc {v} ms]]. [[t:p_each false|Sinus P waves were seen before each QRS]] on the second day, so her \
rhythm is now paroxysmal. Pacemaker check in 3 months."""),
    T(95, "ward_round", """Bay 5, {age}-year-old {sex}, AF with a pacemaker. ECG: [[t:atrial_fibrillation true|AF]], \
[[t:regular~ true|irregular]], [[hr true|about {v:bpm5} a minute]], [[t:tachycardia false|tachy]]. \
[[qrs near|QRS {v}]], [[qtc far|QTc {v}]]. Keep on the monitor, K+ above 4.""", tag="-b"),
    T(99, "hedged", """Possibly a normal variant. [[t:sinus_rhythm true|The rhythm seems to be sinus]], \
[[t:regular false|probably regular]], [[hr true|at perhaps {v} bpm]]. [[pr far|I think the PR is about \
{v} ms]]. [[qrs@V2 true|The QRS in V2 looks roughly {v} ms]]. [[qt@II near|In II the QT might be {v} ms]]. \
[[t:short_pr~ true|I don't think the PR is short]]. [[amp:r_amp@V4|Tall R waves in V4 (maybe 2.8 mV)]] are \
common at his age ({age})."""),
    T(103, "exam", """Q: Identify the rhythm and give three measurements.
A: [[t:atrial_flutter true|Atrial flutter]], [[hr near|ventricular rate {v} bpm]], [[qrs true|QRS {v} ms]], \
[[qt true|QT {v} ms]]. [[t:narrow_qrs true|Narrow-complex rhythm]]. [[t:sinus_rhythm false|Not flutter but sinus \
rhythm with artefact]] would score zero. [[qtc far|QTc {v} ms]]."""),
    T(103, "patient", """What we found on your heart tracing. [[t:atrial_flutter true|The top chambers are \
fluttering in a fast circuit, which is called atrial flutter]]. [[hr true|Your pulse was about {v:bpm5} beats a \
minute]]. [[qrs far|The main beat lasts {v:s} seconds]]. [[t:bradycardia false|Your heart is beating too \
slowly]], so we will talk about a pacemaker.""", tag="-b"),
    T(107, "resident", """ECG today: [[t:sinus_rhythm true|SR]] [[hr true|{v}]], [[pr@II true|PR {v} (II)]], \
[[pr@aVR far|{v} aVR]], [[qrs true|QRSd {v}]], [[qt near|QT {v}]]. [[t:short_pr false|Short PR]]. \
[[t:regular true|Reg]]. [[t:tachycardia false|Tachy]]. Old ECG from 2019 similar."""),
    T(111, "teaching", """Paced rhythms have their own rules. [[hr true|Here the pacing rate is {v} per \
minute]] and [[t:regular true|perfectly regular]]. [[qrs@V1 true|The paced QRS in V1 is {v:box}]], \
[[qrs@II far-|in II it spans {v:box}]]. [[qt@V2 near|QT in V2: {v:big}]]. [[t:premature false|Notice the \
premature beats]] breaking through. Never use the QTc on a paced ECG to make decisions."""),
    T(111, "machine", """VENT PACED RHYTHM
RATE [[hr near|{v}]] BPM
QRSD [[qrs true|{v}]] MS
QT [[qt far|{v}]] MS
[[t:tachycardia false|TACHYCARDIA]]
[[t:premature~ true|NO ECTOPY]]""", tag="-b"),
    T(115, "ward_round", """{age}M, day 3 post-op, ECG for a slow pulse on obs. [[t:sinus_rhythm true|Sinus]], \
[[hr true|{v}]], [[pr true|PR just under {v:ms10}]], [[qrs near|QRS {v}]], [[qt true|QT {v}]], [[qtc far|QTc {v}]]. \
[[t:first_degree_avb false|First-degree block]]. [[t:regular true|Regular]]. Stop the codeine, recheck."""),
    T(119, "consult_units", """ECG review for the pre-participation clinic. [[hr true|Rate {v:rrange} bpm]], \
[[t:sinus_rhythm true|sinus]]. [[pr@II near|PR {v:s} s in II]], [[pr@V6 true|{v} ms in V6]]. \
[[p@II far|P {v} msec]]. [[qrs true|QRS duration {v} milliseconds]], [[qt near|QT {v:s} s]], [[qtc true|QTc \
{v:s3} s]]. [[t:prolonged_qtc false|The QTc is prolonged]] and should be repeated. Athletes may show a PR up to \
0.22 s and a rate down to 40 bpm without disease."""),
    T(127, "gem_long", """Lead-by-lead analysis, {age}-year-old {sex}. [[t:sinus_bradycardia true|Marked sinus \
bradycardia]] [[hr true|at {v} bpm]], with [[t:p_each true|a P wave before every QRS in lead II]]. \
[[pr@II true|PR in II {v} ms]]; [[pr#2@V5 near|the second beat in V5 has a PR of {v} ms]]. [[qrs@V1 true|V1 QRS \
{v} ms]], [[qrs@V5 far-|V5 QRS {v} ms]]. [[qt#3@II true|QT of the 3rd complex in II {v} ms]], [[qtc@V2 near|V2 QTc {v} ms]]. \
[[t:tachycardia false|The rate reaches the tachycardic range]] intermittently. [[amp:q_amp@aVF|Q wave in aVF \
0.3 mV]]."""),
    T(131, "discharge", """ECG prior to discharge: [[t:sinus_rhythm true|sinus rhythm]], [[hr far|{v} bpm]], \
[[pr true|PR {v} ms]], [[qrs true|QRS {v} ms]], [[qt near|QT {v} ms]], [[qtc true|QTc {v} ms]]. \
[[t:short_pr false|PR short]]. [[t:regular true|Regular rhythm]]. No change from his ECG of last year."""),
    T(143, "machine", """[values imported from the attached measurement export]
HR [[hr true|{v}]] | PR [[pr near|{v}]] | QRS [[qrs true|{v}]] | QT [[qt true|{v}]] | QTc [[qtc far|{v}]]
[[t:atrial_fibrillation false|ATRIAL FIBRILLATION]] - [[t:first_degree_avb~ true|NO AV BLOCK]] - \
[[t:bradycardia false|BRADYCARDIA]]""", leak="values imported from the attached measurement export"),
    T(183, "resident", """ECG: [[t:sinus_rhythm true|NSR]] [[hr far|{v}]], [[pr true|PR {v}]], [[qrs near|QRS {v}]], \
[[qtc@II true|QTc {v} in II]], [[qt true|QT {v}]]. [[t:narrow_qrs true|Narrow]]. [[t:premature~ true|No ectopics]]. \
[[t:bradycardia false|Brady]]. Cardiology aware; QTc >500 would change the plan."""),
    T(187, "teaching", """Measure, don't eyeball. [[pr@II true|In lead II the PR interval is {v:box}]], \
[[pr@aVL far|in aVL {v:box}]]; [[qrs@V1-V3 true|the QRS across V1 to V3 is {v:box}]]; [[qt@V5 near|the QT in V5 is \
{v:big}]]. [[hr true|The R-R interval is {v:rrs} s]], so the rate is 60 divided by that. [[t:narrow_qrs true|The \
QRS is narrow]] and [[t:sinus_rhythm true|the rhythm is sinus]]."""),
    T(199, "exam", """As the data sheet provided with the question states, [[hr true|the rate is {v} bpm]] and \
[[t:sinus_rhythm true|the rhythm is sinus]]. (a) [[pr far|PR {v} ms]], (b) [[p true|P {v} ms]], \
(c) [[qrs near|QRS {v} ms]], (d) [[qt true|QT {v} ms]], (e) [[qtc true|QTc {v} ms]]. (f) [[t:wide_qrs false|The \
QRS is broad]]. (g) [[t:first_degree_avb~ true|No first-degree block]].""",
      leak="As the data sheet provided with the question states"),
)

TEMPLATES: tuple[Template, ...] = DEV + HELDOUT


def main(argv: list[str] | None = None, templates: tuple[Template, ...] = TEMPLATES,
         name: str = "the hand-written corpus") -> None:
    """``--truth N``: a record's truth to write against; ``--show``: every rendered paragraph (corpus 3
    passes its own templates)."""
    ap = argparse.ArgumentParser(description=f"print a record's truth, or render {name}")
    ap.add_argument("--truth", type=int, nargs="*", help="print these records' annotated truth")
    ap.add_argument("--show", action="store_true", help="print every rendered paragraph with its labels")
    args = ap.parse_args(argv)
    for r in args.truth or []:
        print(describe(r), end="\n\n")
    if args.show:
        for tpl in templates:
            p, dropped = render(tpl)
            print(f"== {p.pid} ({p.half}, leak={p.leakage})\n{p.text}")
            for c in p.claims:
                print(f"   [{c.label[:5]}] {c.kind}:{c.feature} {c.intent} {c.form} {c.leads or ''} "
                      f"{c.beat or ''} -> {c.text!r}")
            for c in dropped:
                print(f"   [DROP {c.label or 'None'}] {c.kind}:{c.feature} {c.intent} -> {c.text!r}")


if __name__ == "__main__":
    main()
