"""The hand-written truth corpus (freeform.py): its invariants. The verifier's scores on it are
measurements (score_freeform.py), never asserted here."""
from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import pytest

from tests.gem_data.verify_truth import corpus_checks as checks
from tests.gem_data.verify_truth import freeform, score_freeform
from tests.gem_data.verify_truth.corpus import (
    load_truth,
)


@pytest.fixture(scope="module")
def paragraphs(ludb: Path):
    return freeform.build_freeform(ludb)


_claims = checks.claims_of


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
    checks.check_labels_rederived(paragraphs, ludb, freeform.dropped_claims(ludb), min_claims=400)


def test_about_a_third_is_false_half_near_half_far(paragraphs):
    checks.check_false_share(paragraphs, min_near_far=60, min_false=40)


def test_near_plants_sit_just_outside_tolerance_and_far_ones_well_beyond(paragraphs, ludb: Path):
    checks.check_near_far(paragraphs, ludb)


def test_rendered_text_is_clean_and_spans_are_the_claim_text(paragraphs):
    checks.check_clean_spans(paragraphs)


def test_no_measured_value_is_typed_into_the_file():
    checks.check_no_typed_values(freeform.TEMPLATES, fractions=True)


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
    checks.check_leakage(paragraphs)


def test_rendering_is_deterministic(ludb: Path):
    checks.check_deterministic(freeform.TEMPLATES[3], ludb)


def test_describe_prints_a_records_truth(ludb: Path):
    text = freeform.describe(13, ludb)
    assert "record 13 (dev)" in text and "groups a true claim can be written for" in text
    assert math.isfinite(load_truth(13, ludb).record_median("qrs_ms"))


def test_scorer_hook_fills_the_tables_on_a_few_paragraphs(ludb: Path):
    checks.check_scorer_hook(score_freeform.evaluate, ludb)