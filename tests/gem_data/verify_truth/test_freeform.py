"""The hand-written truth corpus (freeform.py): its invariants. The verifier's scores on it are
measurements (score_freeform.py), never asserted here."""
from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from tests.gem_data.verify_truth import freeform, score_freeform
from tests.gem_data.verify_truth.corpus import (
    GAP_MS,
    HR_CONTRA,
    LUDB_DIR,
    TOL_MS,
    label_claim,
    load_truth,
)


@pytest.fixture(scope="module")
def ludb() -> Path:
    if not LUDB_DIR.is_dir():
        pytest.skip(f"{LUDB_DIR} is missing: the corpus is rendered from ../shared/data/ludb")
    return LUDB_DIR


@pytest.fixture(scope="module")
def paragraphs(ludb: Path):
    return freeform.build_freeform(ludb)


def _claims(paragraphs):
    return [(p, c) for p in paragraphs for c in p.claims]


def test_corpus_is_large_varied_and_split_by_record(paragraphs, ludb: Path):
    assert len(paragraphs) >= 80 and len({p.pid for p in paragraphs}) == len(paragraphs)
    styles = Counter(p.style for p in paragraphs)
    assert len(styles) >= 8 and min(styles.values()) >= 5, styles
    halves = Counter(p.half for p in paragraphs)
    assert halves["dev"] >= 40 and halves["heldout"] >= 40, halves
    assert all(p.half == ("dev" if p.record % 4 == 1 else "heldout") for p in paragraphs)
    records = {p.record for p in paragraphs}
    assert len(records) >= 60
    truths = [load_truth(r, ludb) for r in records]
    kinds = Counter()
    for t in truths:
        kinds["af"] += t.rhythm == "af"
        kinds["flutter"] += t.rhythm == "flutter"
        kinds["paced"] += t.paced
        kinds["extrasystole"] += t.extrasystole and t.rhythm == "sinus"
        kinds["long_pr"] += t.record_median("pr_ms") >= 200
        kinds["wide_qrs"] += t.record_median("qrs_ms") >= 120
        kinds["long_qtc"] += t.record_median("qtc_ms") >= t.qtc_limit_ms
    assert min(kinds.values()) >= 2, kinds
    assert all(4 <= len(p.claims) <= 12 for p in paragraphs), [(p.pid, len(p.claims)) for p in paragraphs]


def test_every_label_is_rederived_from_the_annotations(paragraphs, ludb: Path):
    claims = _claims(paragraphs)
    assert len(claims) >= 400
    for p, c in claims:
        t = load_truth(p.record, ludb)
        assert c.label == label_claim(c, t), (p.pid, c)
        if c.kind == "amplitude":
            assert c.label == "unverifiable"
        else:     # the author's intent and the annotations agree on every claim that is scored
            assert c.label == ("supported" if c.intent == "true" else "contradicted"), (p.pid, c)
    assert len(freeform.dropped_claims(ludb)) <= 0.05 * len(claims)


def test_about_a_third_is_false_half_near_half_far(paragraphs):
    for half in ("dev", "heldout"):
        labels = Counter(c.label for p, c in _claims(paragraphs) if p.half == half)
        share = labels["contradicted"] / sum(labels.values())
        assert 0.28 <= share <= 0.42, (half, labels)
    intents = Counter(c.intent for _, c in _claims(paragraphs))
    assert intents["near"] >= 60 and intents["far"] >= 60 and intents["false"] >= 40, intents
    assert 0.7 <= intents["near"] / intents["far"] <= 1.4


def test_near_plants_sit_just_outside_tolerance_and_far_ones_well_beyond(paragraphs, ludb: Path):
    near, far = [], []
    for p, c in _claims(paragraphs):
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


def test_rendered_text_is_clean_and_spans_are_the_claim_text(paragraphs):
    for p in paragraphs:
        assert not re.search(r"\{|\}|\[\[|\]\]", p.text), p.pid
        ends = -1
        for c in sorted(p.claims, key=lambda c: c.start):
            assert p.text[c.start:c.end] == c.text and c.text.strip() == c.text and c.start >= ends, (p.pid, c)
            ends = c.end
            if c.kind == "interval" and c.form in ("ms", "msec", "milliseconds", "approx"):
                assert str(int(c.lo)) in c.text, (p.pid, c)


def test_no_measured_value_is_typed_into_the_file():
    """Value claims hold one {v} placeholder and no number of their own (beat ordinals and lead names
    aside); word claims hold none (a threshold such as '>= 120 ms' is SPEC's, not a measurement);
    amplitudes are invented and always unverifiable."""
    for tpl in freeform.TEMPLATES:
        for m in freeform.MARK.finditer(tpl.text):
            what, body = m.group(1).split()[0], m.group(2)
            if what.startswith("amp:"):
                continue
            if what.startswith("t:"):
                assert not freeform.VALUE.search(body), (tpl.pid, body)
                continue
            bare = freeform.VALUE.sub("", body)
            bare = re.sub(r"\b(?:aV[RLF]|V[1-6])\b|/[56]\b|\b\d(?:st|nd|rd|th)?\b", "", bare)
            assert not re.search(r"\d", bare), (tpl.pid, body)
            assert len(freeform.VALUE.findall(body)) == 1, (tpl.pid, body)


def test_forms_locations_and_words_are_covered(paragraphs):
    claims = [c for _, c in _claims(paragraphs)]
    forms = Counter(c.form for c in claims)
    assert {"ms", "s", "msec", "milliseconds", "boxes", "range", "approx", "rr_boxes", "rr_s", "rr_ms", "mV",
            "mm", "word", "bpm"} <= set(forms), forms
    located = Counter("beat" if c.beat else "group" if len(c.leads) > 1 else "lead" if c.leads else "record"
                      for c in claims if c.kind == "interval")
    assert min(located.values()) >= 6 and len(located) == 4, located
    kinds = Counter((c.kind, c.label) for c in claims)
    for kind in ("interval", "rate", "threshold", "rhythm", "structural"):
        assert kinds[(kind, "supported")] >= 15 and kinds[(kind, "contradicted")] >= 10, kinds
    assert kinds[("amplitude", "unverifiable")] >= 15
    assert sum(c.negated for c in claims) >= 20


def test_leakage_is_about_one_paragraph_in_ten_and_labelled_by_its_phrase(paragraphs):
    leaking = [p for p in paragraphs if p.leakage]
    assert 0.07 <= len(leaking) / len(paragraphs) <= 0.15
    assert {p.half for p in leaking} == {"dev", "heldout"}
    phrases = [p.leak_phrase for p in leaking]
    for p in leaking:
        assert p.leak_phrase and p.leak_phrase in p.text, p.pid
    for p in paragraphs:
        if not p.leakage:
            assert not any(ph.lower() in p.text.lower() for ph in phrases), p.pid


def test_rendering_is_deterministic(ludb: Path):
    tpl = freeform.TEMPLATES[3]
    a, b = (freeform.render(tpl, ludb)[0].to_dict() for _ in range(2))
    assert a == b


def test_describe_prints_a_records_truth(ludb: Path):
    text = freeform.describe(13, ludb)
    assert "record 13 (dev)" in text and "groups a true claim can be written for" in text
    assert math.isfinite(load_truth(13, ludb).record_median("qrs_ms"))


def test_scorer_hook_fills_the_tables_on_a_few_paragraphs(ludb: Path):
    report, results = score_freeform.evaluate("heldout", ludb, limit=2)
    assert report["paragraphs"] == 2 and not report["errors"]
    assert report["overall"]["all"]["claims"] == sum(len(r.paragraph.claims) for r in results)
    for row in report["overall"].values():
        for key in ("extracted", "accuracy", "contra_precision", "contra_recall"):
            assert row[key] is None or 0.0 <= row[key] <= 1.0
