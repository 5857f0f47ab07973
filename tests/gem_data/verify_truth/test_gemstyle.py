"""The LLM-house-style truth corpus (gemstyle.py): its invariants. The verifier's scores on it are
measurements (score_gemstyle.py), never asserted here."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from tests.gem_data.verify_truth import corpus_checks as checks
from tests.gem_data.verify_truth import gemstyle, score_gemstyle


@pytest.fixture(scope="module")
def paragraphs(ludb: Path):
    return gemstyle.build_gemstyle(ludb)


_claims = checks.claims_of


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
            assert re.search(r"^#{2,4} |^\*\*[^*\n]+\*\*$", p.text, re.MULTILINE) and re.search(r"^- ", p.text, re.MULTILINE), p.pid
        elif p.style == "numbered":
            assert len(re.findall(r"^\d\. ", p.text, re.MULTILINE)) >= 5, p.pid
        elif p.style == "feature":
            assert len(re.findall(r"^(?:- )?[A-Z][^:\n]{2,40}: ", p.text, re.MULTILINE)) >= 6, p.pid
        elif p.style == "gem_flow":
            assert "\n" not in p.text and re.search(r"\bbeat \d|\b(?:second|third|fourth|fifth|sixth) (?:beat|complex)",
                                                    p.text), p.pid
        elif p.style == "stepwise":
            assert re.search(r"step|systematic|methodical|structured", p.text, re.IGNORECASE), p.pid


def test_every_label_is_rederived_from_the_annotations(paragraphs, ludb: Path):
    checks.check_labels_rederived(paragraphs, ludb, gemstyle.dropped_claims(ludb), min_claims=400)


def test_about_a_third_is_false_half_near_half_far(paragraphs):
    checks.check_false_share(paragraphs, min_near_far=40, min_false=30)


def test_near_plants_sit_just_outside_tolerance_and_far_ones_well_beyond(paragraphs, ludb: Path):
    checks.check_near_far(paragraphs, ludb)


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
    checks.check_clean_spans(paragraphs)


def test_no_measured_value_is_typed_into_the_file():
    checks.check_no_typed_values(gemstyle.TEMPLATES)


def test_leakage_is_about_one_paragraph_in_ten_and_labelled_by_its_phrase(paragraphs):
    checks.check_leakage(paragraphs)


def test_rendering_is_deterministic(ludb: Path):
    checks.check_deterministic(gemstyle.TEMPLATES[5], ludb)


def test_scorer_hook_fills_the_tables_on_a_few_paragraphs(ludb: Path):
    checks.check_scorer_hook(score_gemstyle.evaluate, ludb)