"""The LLM-house-style truth corpus (gemstyle.py): its invariants. The verifier's scores on it are
measurements (score_gemstyle.py), never asserted here."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from tests.gem_data.verify_truth import freeform, gemstyle, score_gemstyle
from tests.gem_data.verify_truth.corpus import GAP_MS, HR_CONTRA, LUDB_DIR, TOL_MS, label_claim, load_truth


@pytest.fixture(scope="module")
def ludb() -> Path:
    if not LUDB_DIR.is_dir():
        pytest.skip(f"{LUDB_DIR} is missing: the corpus is rendered from ../shared/data/ludb")
    return LUDB_DIR


@pytest.fixture(scope="module")
def paragraphs(ludb: Path):
    return gemstyle.build_gemstyle(ludb)


def _claims(paragraphs):
    return [(p, c) for p in paragraphs for c in p.claims]


def test_corpus_size_styles_halves_and_records(paragraphs):
    assert len(paragraphs) >= 40 and len({p.pid for p in paragraphs}) == len(paragraphs)
    assert all(p.pid.startswith("gs") for p in paragraphs)
    styles = Counter(p.style for p in paragraphs)
    assert set(styles) == set(gemstyle.STYLES) and len(styles) >= 5 and min(styles.values()) >= 5, styles
    halves = Counter(p.half for p in paragraphs)
    assert halves["dev"] >= 20 and halves["heldout"] >= 20, halves
    assert all(p.half == ("dev" if p.record % 4 == 1 else "heldout") for p in paragraphs)
    assert len({p.record for p in paragraphs}) >= 35
    for p in paragraphs:
        assert 6 <= len(p.claims) <= 14, (p.pid, len(p.claims))
        assert 150 <= len(p.text.split()) <= 300, (p.pid, len(p.text.split()))


def test_house_styles_look_like_their_names(paragraphs):
    for p in paragraphs:
        if p.style == "response":
            assert p.text.startswith("**Response:**") and "\n" not in p.text, p.pid
        elif p.style == "md_bullets":
            assert re.search(r"^#{2,4} |^\*\*[^*\n]+\*\*$", p.text, re.M) and re.search(r"^- ", p.text, re.M), p.pid
        elif p.style == "numbered":
            assert len(re.findall(r"^\d\. ", p.text, re.M)) >= 5, p.pid
        elif p.style == "feature":
            assert len(re.findall(r"^(?:- )?[A-Z][^:\n]{2,40}: ", p.text, re.M)) >= 6, p.pid
        elif p.style == "gem_flow":
            assert "\n" not in p.text and re.search(r"\bbeat \d|\b(?:second|third|fourth|fifth|sixth) (?:beat|complex)",
                                                    p.text), p.pid
        elif p.style == "stepwise":
            assert re.search(r"step|systematic|methodical|structured", p.text, re.I), p.pid


def test_every_label_is_rederived_from_the_annotations(paragraphs, ludb: Path):
    claims = _claims(paragraphs)
    assert len(claims) >= 400
    for p, c in claims:
        t = load_truth(p.record, ludb)
        assert c.label == label_claim(c, t), (p.pid, c)
        if c.kind == "amplitude":
            assert c.label == "unverifiable"
        else:
            assert c.label == ("supported" if c.intent == "true" else "contradicted"), (p.pid, c)
    assert len(gemstyle.dropped_claims(ludb)) <= 0.05 * len(claims)


def test_about_a_third_is_false_half_near_half_far(paragraphs):
    for half in ("dev", "heldout"):
        labels = Counter(c.label for p, c in _claims(paragraphs) if p.half == half)
        share = labels["contradicted"] / sum(labels.values())
        assert 0.28 <= share <= 0.42, (half, labels)
    intents = Counter(c.intent for _, c in _claims(paragraphs))
    assert intents["near"] >= 40 and intents["far"] >= 40 and intents["false"] >= 30, intents
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
    assert max(near) <= 50 and np.median(near) <= 30, sorted(near)[-5:]
    assert np.median(far) > 2 * np.median(near)


def test_kinds_locations_and_forms_are_covered(paragraphs):
    claims = [c for _, c in _claims(paragraphs)]
    kinds = Counter((c.kind, c.label) for c in claims)
    for kind in ("interval", "rate", "threshold", "rhythm", "structural"):
        assert kinds[(kind, "supported")] >= 10 and kinds[(kind, "contradicted")] >= 5, kinds
    assert kinds[("amplitude", "unverifiable")] >= 30
    located = Counter("beat" if c.beat else "group" if len(c.leads) > 1 else "lead" if c.leads else "record"
                      for c in claims if c.kind == "interval")
    assert len(located) == 4 and min(located.values()) >= 15, located
    assert sum(c.negated for c in claims) >= 20
    assert {"ms", "bpm", "approx", "word", "mV", "rr_ms"} <= {c.form for c in claims}


def test_rendered_text_is_clean_and_spans_are_the_claim_text(paragraphs):
    for p in paragraphs:
        assert not re.search(r"\{|\}|\[\[|\]\]", p.text), p.pid
        ends = -1
        for c in sorted(p.claims, key=lambda c: c.start):
            assert p.text[c.start:c.end] == c.text and c.text.strip() == c.text and c.start >= ends, (p.pid, c)
            ends = c.end


def test_no_measured_value_is_typed_into_the_file():
    for tpl in gemstyle.TEMPLATES:
        for m in freeform.MARK.finditer(tpl.text):
            what, body = m.group(1).split()[0], m.group(2)
            if what.startswith("amp:"):
                continue
            if what.startswith("t:"):
                assert not freeform.VALUE.search(body), (tpl.pid, body)
                continue
            bare = freeform.VALUE.sub("", body)
            bare = re.sub(r"\b(?:aV[RLF]|V[1-6])\b|\b\d(?:st|nd|rd|th)?\b", "", bare)
            assert not re.search(r"\d", bare), (tpl.pid, body)
            assert len(freeform.VALUE.findall(body)) == 1, (tpl.pid, body)


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
    tpl = gemstyle.TEMPLATES[5]
    a, b = (freeform.render(tpl, ludb)[0].to_dict() for _ in range(2))
    assert a == b


def test_scorer_hook_fills_the_tables_on_a_few_paragraphs(ludb: Path):
    report, results = score_gemstyle.evaluate("heldout", ludb, limit=2)
    assert report["paragraphs"] == 2 and not report["errors"]
    assert report["overall"]["all"]["claims"] == sum(len(r.paragraph.claims) for r in results)
