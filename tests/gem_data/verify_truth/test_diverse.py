"""The diverse-voices truth corpus (diverse.py, corpus 5): its invariants. The verifier's scores on it are
measurements (score_diverse.py), never asserted here."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from tests.gem_data.verify_truth import corpus_checks as checks
from tests.gem_data.verify_truth import diverse, score_diverse
from tests.gem_data.verify_truth.corpus import load_truth

# the voices of corpora 2, 3 and 4: corpus 5 must not reuse one
OLD_VOICES = {"consult_units", "discharge", "exam", "gem_long", "hedged", "machine", "patient", "resident",
              "teaching", "ward_round", "md_bullets", "gem_flow", "numbered", "response", "feature", "stepwise",
              "pager", "nonnative", "table", "qa", "overread", "telemetry"}
LEFTOVER = re.compile(r"\{(?:v(?::\w+)?|age|sex|pron|Pron)\}|\[\[|\]\]")
OLD_VALUE = re.compile(r"\b\d{2,3}\s?(?:ms|bpm|/min)\b|\brate \d{2,3}\b")


@pytest.fixture(scope="module")
def paragraphs(ludb: Path):
    return diverse.build_diverse(ludb)


_claims = checks.claims_of


def _outside_claims(p) -> str:
    """The paragraph's text with every claim span blanked (same length)."""
    text = list(p.text)
    for c in p.claims:
        text[c.start:c.end] = " " * (c.end - c.start)
    return "".join(text)


def test_corpus_size_styles_halves_and_records(paragraphs):
    checks.check_layout(paragraphs, "dv", diverse.STYLES, OLD_VOICES)


def test_special_rhythms_are_in_the_corpus(paragraphs, ludb: Path):
    truths = [load_truth(r, ludb) for r in sorted({p.record for p in paragraphs})]
    assert sum(t.rhythm == "af" for t in truths) >= 5
    assert sum(t.rhythm == "flutter" for t in truths) >= 2
    assert sum(t.paced for t in truths) >= 3 and any(t.av_block3 for t in truths)
    assert sum(t.extrasystole for t in truths) >= 4
    assert sum(t.hr_hi_bpm < 60 for t in truths) >= 8 and any(t.hr_lo_bpm > 100 for t in truths)


def test_voices_look_like_their_names(paragraphs):
    for p in paragraphs:
        text = p.text
        if p.style == "ed_quick":
            assert re.search(r"\bECG\b", text) and re.search(r"^Imp(?:ression)?:", text, re.MULTILINE), p.pid
            assert text.count("\n") >= 3 and re.search(r"\b(?:PR|QRS|QTc?)\b", text), p.pid
        elif p.style == "structured":
            heads = re.findall(r"^([A-Z][A-Z ]{2,}[A-Z]):", text, re.MULTILINE)
            assert {"FINDINGS", "IMPRESSION"} <= set(heads) and len(heads) >= 3, (p.pid, heads)
        elif p.style == "json":
            fields = re.findall(r'^\s*(?:- )?"?[A-Za-z_][\w ()-]*"?:\s', text, re.MULTILINE)
            assert len(fields) >= 6, p.pid
            assert re.search(r"^\s*[{}]\s*$|^```(?:json|yaml)$", text, re.MULTILINE), p.pid
            prose = [line for line in text.splitlines() if len(line.split()) >= 5 and line.rstrip().endswith((".", ":"))
                     and not line.startswith((" ", "-", "{", "}", "`", '"', "#"))]
            assert 1 <= len(prose) <= 2, (p.pid, prose)
        elif p.style == "disclaimer":
            assert re.search(r"not a (?:doctor|medical professional|clinician|physician|healthcare professional)|"
                             r"I'm an AI|not able to give medical advice|not medical advice", text, re.IGNORECASE), p.pid
            assert re.search(r"consult|doctor|healthcare provider|cardiologist|medical care", text, re.IGNORECASE), p.pid
            assert re.search(r"could suggest|may|might|seems?|appears?", text), p.pid
        elif p.style == "translated":
            assert re.search(r"translat", text, re.IGNORECASE), p.pid
            assert re.search(r"frequency|PQ time|Lagetyp|\blpm\b|sinusal|derivations|\bface\b|\baction\b", text), p.pid
        elif p.style == "compare":
            assert re.search(r"compar|previous|prior", text, re.IGNORECASE), p.pid
            assert re.search(r"\b(?:19|20)\d\d\b|January|March|June|September|last (?:month|year)|\d\d:\d\d", text), p.pid


def test_compare_keeps_the_old_tracing_out_of_the_claims(paragraphs):
    """The values of the previous tracing are plain text: each comparison names at least one outside every
    claim span, and no claim span holds a number of its own (see the typed-value test)."""
    for p in paragraphs:
        if p.style == "compare":
            assert OLD_VALUE.search(_outside_claims(p)), p.pid


def test_every_label_is_rederived_from_the_annotations(paragraphs, ludb: Path):
    checks.check_labels_rederived(paragraphs, ludb, diverse.dropped_claims(ludb), min_claims=600)


def test_about_a_third_is_false_half_near_half_far(paragraphs):
    checks.check_false_share(paragraphs, min_near_far=60, min_false=40)


def test_near_plants_sit_just_outside_tolerance_and_far_ones_well_beyond(paragraphs, ludb: Path):
    checks.check_near_far(paragraphs, ludb)


def test_kinds_locations_terms_and_forms_are_covered(paragraphs):
    checks.check_coverage(paragraphs)


def test_rendered_text_is_clean_and_spans_are_the_claim_text(paragraphs):
    """corpus_checks.check_clean_spans refuses any brace, and a JSON answer is made of them: JSON paragraphs
    are checked on a copy whose braces are parentheses (same offsets), after a check of their own that no
    placeholder or markup is left."""
    for p in paragraphs:
        assert not LEFTOVER.search(p.text), p.pid
    plain = [dataclasses.replace(p, text=p.text.replace("{", "(").replace("}", ")")) if p.style == "json" else p
             for p in paragraphs]
    assert sum(p.style == "json" and "{" in p.text for p in paragraphs) >= 5
    checks.check_clean_spans(plain)


def test_no_measured_value_is_typed_into_the_file():
    checks.check_no_typed_values(diverse.TEMPLATES)


def test_leakage_is_about_one_paragraph_in_ten_and_labelled_by_its_phrase(paragraphs):
    checks.check_leakage(paragraphs)


def test_rendering_is_deterministic(ludb: Path):
    checks.check_deterministic(diverse.TEMPLATES[5], ludb)
    tpl = next(t for t in diverse.TEMPLATES if t.voice == "json")
    checks.check_deterministic(tpl, ludb)


def test_scorer_hook_fills_the_tables_on_a_few_paragraphs(ludb: Path):
    checks.check_scorer_hook(score_diverse.evaluate, ludb)
