"""Invariants every hand-written truth corpus keeps (corpora 2-5: freeform.py, gemstyle.py, varied.py, diverse.py).

Each check takes the rendered paragraphs (or the templates) and asserts; the test modules pick the
sizes their corpus promises. The verifier's scores are never asserted here.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import numpy as np

from tests.gem_data.verify_truth import freeform
from tests.gem_data.verify_truth.corpus import (
    GAP_MS,
    HR_CONTRA,
    TOL_MS,
    label_claim,
    load_truth,
)


def claims_of(paragraphs) -> list:
    return [(p, c) for p in paragraphs for c in p.claims]


def check_labels_rederived(paragraphs, ludb: Path, dropped: list, min_claims: int) -> None:
    """Every label comes from the annotations (label_claim), and agrees with the author's intent."""
    claims = claims_of(paragraphs)
    assert len(claims) >= min_claims
    for p, c in claims:
        assert c.label == label_claim(c, load_truth(p.record, ludb)), (p.pid, c)
        if c.kind == "amplitude":
            assert c.label == "unverifiable"
        else:
            assert c.label == ("supported" if c.intent == "true" else "contradicted"), (p.pid, c)
    assert len(dropped) <= 0.05 * len(claims)


def check_false_share(paragraphs, min_near_far: int, min_false: int) -> None:
    """About a third of each half is false; near and far plants are balanced."""
    for half in ("dev", "heldout"):
        labels = Counter(c.label for p, c in claims_of(paragraphs) if p.half == half)
        share = labels["contradicted"] / sum(labels.values())
        assert 0.28 <= share <= 0.42, (half, labels)
    intents = Counter(c.intent for _, c in claims_of(paragraphs))
    assert intents["near"] >= min_near_far and intents["far"] >= min_near_far and intents["false"] >= min_false, intents
    assert 0.7 <= intents["near"] / intents["far"] <= 1.4


def check_near_far(paragraphs, ludb: Path) -> None:
    """Near plants sit just outside tolerance (+ the no-label gap), far ones well beyond."""
    near, far = [], []
    for p, c in claims_of(paragraphs):
        t = load_truth(p.record, ludb)
        if c.kind == "rate" and c.intent in ("near", "far"):
            d = max(c.lo - t.hr_hi_bpm, t.hr_lo_bpm - c.hi, 0.0) / t.hr_lo_bpm
            assert d >= HR_CONTRA and (c.intent == "far" or d <= 0.45), (p.pid, c, d)
        if c.kind != "interval" or c.intent not in ("near", "far"):
            continue
        if c.beat is not None:
            vals = list(t.leads[c.leads[0]].values(c.feature))
        elif c.leads:
            vals = [t.leads[lead].median(c.feature) for lead in c.leads]
        else:
            vals = list(t.lead_medians(c.feature).values())
        d = min(max(c.lo - v, v - c.hi, 0.0) for v in vals) - TOL_MS[c.feature]
        assert d >= GAP_MS, (p.pid, c)
        (near if c.intent == "near" else far).append(d)
    # near: tolerance + 12..25 ms from the nearest reading, plus the written grid (seconds, boxes)
    assert max(near) <= 50 and np.median(near) <= 30, sorted(near)[-5:]
    assert np.median(far) > 2 * np.median(near)


def check_clean_spans(paragraphs) -> None:
    """No markup is left, each claim's span is its text, in reading order, and an interval written
    in ms shows its claimed value."""
    for p in paragraphs:
        assert not re.search(r"\{|\}|\[\[|\]\]", p.text), p.pid
        ends = -1
        for c in sorted(p.claims, key=lambda c: c.start):
            assert p.text[c.start:c.end] == c.text and c.text.strip() == c.text and c.start >= ends, (p.pid, c)
            ends = c.end
            if c.kind == "interval" and c.form in ("ms", "msec", "milliseconds", "approx"):
                assert str(int(c.lo)) in c.text, (p.pid, c)


def check_no_typed_values(templates, fractions: bool = False) -> None:
    """Value claims hold one {v} placeholder and no number of their own (beat ordinals and lead names
    aside, and "/5"-style fractions with ``fractions``); word claims hold none; amplitudes are
    invented and unverifiable."""
    allowed = r"\b(?:aV[RLF]|V[1-6])\b|\b\d(?:st|nd|rd|th)?\b" + (r"|/[56]\b" if fractions else "")
    for tpl in templates:
        for m in freeform.MARK.finditer(tpl.text):
            what, body = m.group(1).split()[0], m.group(2)
            if what.startswith("amp:"):
                continue
            if what.startswith("t:"):
                assert not freeform.VALUE.search(body), (tpl.pid, body)
                continue
            bare = freeform.VALUE.sub("", body)
            bare = re.sub(allowed, "", bare)
            assert not re.search(r"\d", bare), (tpl.pid, body)
            assert len(freeform.VALUE.findall(body)) == 1, (tpl.pid, body)


def check_leakage(paragraphs) -> None:
    """About one paragraph in ten leaks, in both halves, and only those hold a leak phrase."""
    leaking = [p for p in paragraphs if p.leakage]
    assert 0.07 <= len(leaking) / len(paragraphs) <= 0.15
    assert {p.half for p in leaking} == {"dev", "heldout"}
    phrases = [p.leak_phrase for p in leaking]
    for p in leaking:
        assert p.leak_phrase and p.leak_phrase in p.text, p.pid
    for p in paragraphs:
        if not p.leakage:
            assert not any(ph.lower() in p.text.lower() for ph in phrases), p.pid


def check_deterministic(template, ludb: Path) -> None:
    a, b = (freeform.render(template, ludb)[0].to_dict() for _ in range(2))
    assert a == b


def check_scorer_hook(evaluate, ludb: Path) -> None:
    """The corpus's scorer fills score.py's tables on two paragraphs (values are measurements)."""
    report, results = evaluate("heldout", ludb, limit=2)
    assert report["paragraphs"] == 2 and not report["errors"]
    assert report["overall"]["all"]["claims"] == sum(len(r.paragraph.claims) for r in results)
    for row in report["overall"].values():
        for key in ("extracted", "accuracy", "contra_precision", "contra_recall"):
            assert row[key] is None or 0.0 <= row[key] <= 1.0


def where(c) -> str:
    """Where an interval claim is located: one beat, a lead group, one lead or the record."""
    return "beat" if c.beat else "group" if len(c.leads) > 1 else "lead" if c.leads else "record"


TERMS = ("sinus_rhythm", "atrial_fibrillation", "atrial_flutter", "bradycardia", "tachycardia", "first_degree_avb",
         "short_pr", "wide_qrs", "narrow_qrs", "prolonged_qtc", "p_each", "regular", "premature")
FORMS = {"ms", "msec", "milliseconds", "s", "boxes", "range", "approx", "bpm", "rr_ms", "rr_s", "rr_boxes", "word", "mV", "mm"}


def check_coverage(paragraphs, only_supported: tuple[str, ...] = ()) -> None:
    """Corpora 4 and 5: every kind both ways, every location of intervals both ways, every word term
    both ways (``only_supported``: terms the record set can only make true), negations, written forms."""
    claims = [c for _, c in claims_of(paragraphs)]
    kinds = Counter((c.kind, c.label) for c in claims)
    for kind in ("interval", "rate", "threshold", "structural"):
        assert kinds[(kind, "supported")] >= 20 and kinds[(kind, "contradicted")] >= 10, kinds
    assert kinds[("rhythm", "supported")] >= 20 and kinds[("rhythm", "contradicted")] >= 5, kinds
    assert kinds[("amplitude", "unverifiable")] >= 50
    intervals = [c for c in claims if c.kind == "interval"]
    located = Counter(where(c) for c in intervals)
    assert len(located) == 4 and min(located.values()) >= 40, located
    for place in ("record", "lead", "group", "beat"):
        labels = Counter(c.label for c in intervals if where(c) == place)
        assert labels["supported"] >= 15 and labels["contradicted"] >= 15, (place, labels)
    assert {c.feature for c in intervals} == set(freeform.FEATURES.values())
    assert len({c.leads for c in intervals if len(c.leads) > 1}) >= 8
    terms = Counter((c.feature, c.label) for c in claims if c.form == "word" and c.kind != "amplitude")
    for term in TERMS:
        assert terms[(term, "supported")] and (terms[(term, "contradicted")] or term in only_supported), (term, terms)
    negated = Counter(c.label for c in claims if c.negated)
    assert sum(negated.values()) >= 40 and negated["contradicted"] >= 3, negated
    assert FORMS <= {c.form for c in claims}


def check_layout(paragraphs, prefix: str, styles: tuple[str, ...], old_voices, short_styles=()) -> None:
    """Corpora 4 and 5: 60+ paragraphs, ``prefix`` ids, 6+ new styles of 10+ in both halves, 45+ records,
    5-14 claims and 60-300 words each (30 for ``short_styles``)."""
    assert len(paragraphs) >= 60 and len({p.pid for p in paragraphs}) == len(paragraphs)
    assert all(p.pid.startswith(prefix) for p in paragraphs)
    counts = Counter(p.style for p in paragraphs)
    assert set(counts) == set(styles) and len(counts) >= 6 and min(counts.values()) >= 10, counts
    assert not set(styles) & old_voices
    halves = Counter(p.half for p in paragraphs)
    assert halves["dev"] >= 25 and halves["heldout"] >= 25, halves
    assert all(p.half == ("dev" if p.record % 4 == 1 else "heldout") for p in paragraphs)
    for style in styles:
        assert {p.half for p in paragraphs if p.style == style} == {"dev", "heldout"}, style
    assert len({p.record for p in paragraphs}) >= 45
    for p in paragraphs:
        assert 5 <= len(p.claims) <= 14, (p.pid, len(p.claims))
        low = 30 if p.style in short_styles else 60
        assert low <= len(p.text.split()) <= 300, (p.pid, len(p.text.split()))
