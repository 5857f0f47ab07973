"""The varied-voices truth corpus (varied.py, corpus 4): its invariants. The verifier's scores on it are
measurements (score_varied.py), never asserted here."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from tests.gem_data.verify_truth import corpus_checks as checks
from tests.gem_data.verify_truth import freeform, score_varied, varied
from tests.gem_data.verify_truth.corpus import label_claim, load_truth

# the voices of corpora 2 and 3: corpus 4 must not reuse one
OLD_VOICES = {"consult_units", "discharge", "exam", "gem_long", "hedged", "machine", "patient", "resident",
              "teaching", "ward_round", "md_bullets", "gem_flow", "numbered", "response", "feature", "stepwise"}
SHORT_STYLES = ("pager", "table")
LEAD = r"\b(?:aV[RLF]|V[1-6])\b"


@pytest.fixture(scope="module")
def paragraphs(ludb: Path):
    return varied.build_varied(ludb)


_claims = checks.claims_of


def test_corpus_size_styles_halves_and_records(paragraphs, ludb: Path):
    checks.check_layout(paragraphs, "vs", varied.STYLES, OLD_VOICES, short_styles=SHORT_STYLES)


def test_special_rhythms_are_in_the_corpus(paragraphs, ludb: Path):
    truths = [load_truth(r, ludb) for r in sorted({p.record for p in paragraphs})]
    assert sum(t.rhythm == "af" for t in truths) >= 5
    assert sum(t.rhythm == "flutter" for t in truths) >= 2
    assert sum(t.paced for t in truths) >= 3 and any(t.av_block3 for t in truths)
    assert sum(t.extrasystole for t in truths) >= 4
    assert sum(t.hr_hi_bpm < 60 for t in truths) >= 8 and any(t.hr_lo_bpm > 100 for t in truths)


def test_voices_look_like_their_names(paragraphs):
    for p in paragraphs:
        if p.style == "pager":
            assert len(p.text.split()) <= 90 and sum(ch.isupper() for ch in p.text) < 0.08 * len(p.text), p.pid
            assert re.search(r"→|↓|/|\bpg\b|\btxt\b|\bmsg\b|sign-?out|handover", p.text), p.pid
        elif p.style == "nonnative":
            assert re.search(r"\bmsec\b|\bD(?:I|II|III)\b|sinusal|\bis of\b|\bof \d+ years\b", p.text), p.pid
        elif p.style == "table":
            rows = re.findall(r"^\|.*\|$", p.text, re.MULTILINE)
            assert len(rows) >= 7 and re.search(r"^\|(?:\s*:?-{3,}:?\s*\|)+$", p.text, re.MULTILINE), p.pid
            tail = p.text[p.text.rindex("|") + 1:].strip()
            assert 1 <= len(re.findall(r"[.;?!](?:\s|$)", tail)) <= 4, p.pid
        elif p.style == "qa":
            assert len(re.findall(r"^(?:Q[:.]|Examiner:|\"|[A-Z][^\n]*\?\s*-)", p.text, re.MULTILINE)) >= 4, p.pid
            assert p.text.count("?") >= 4, p.pid
        elif p.style == "overread":
            assert re.search(r"computer|machine|automated|algorithm", p.text, re.IGNORECASE), p.pid
            assert re.search(r"over-?read", p.text, re.IGNORECASE) and '"' in p.text, p.pid
        elif p.style == "telemetry":
            assert re.search(r"strip|monitor|telemetry|tele\b", p.text, re.IGNORECASE), p.pid
            assert re.search(r"\b\d{2}:\d{2}\b", p.text), p.pid


def test_overread_quotes_of_the_machine_hold_no_claim_and_no_number(paragraphs):
    quoted = 0
    for p in paragraphs:
        if p.style != "overread":
            continue
        for m in re.finditer(r'"[^"]*"', p.text):
            quoted += 1
            assert not re.search(r"\d", re.sub(LEAD, "", m.group())), (p.pid, m.group())
            assert not any(c.start < m.end() and m.start() < c.end for c in p.claims), (p.pid, m.group())
    assert quoted >= 10


def test_decimal_commas_keep_spans_and_values(paragraphs, ludb: Path):
    by_pid = {p.pid: p for p in paragraphs}
    commas = 0
    for tpl in varied.TEMPLATES:
        if not tpl.comma:
            continue
        plain, _ = freeform.render(tpl, ludb)
        p = by_pid[tpl.pid]
        assert len(p.text) == len(plain.text)
        assert [i for i, (a, b) in enumerate(zip(p.text, plain.text)) if a != b] == [
            i for c in p.claims if c.form in varied.COMMA_FORMS
            for i in range(c.start, c.end) if plain.text[i] == "." and p.text[i] == ","]
        for c in p.claims:
            if c.form in varied.COMMA_FORMS:
                assert re.search(r"\d,\d", c.text) and not re.search(r"\d\.\d", c.text), (p.pid, c.text)
                commas += 1
    assert commas >= 10


def test_every_label_is_rederived_from_the_annotations(paragraphs, ludb: Path):
    checks.check_labels_rederived(paragraphs, ludb, varied.dropped_claims(ludb), min_claims=600)


def test_about_a_third_is_false_half_near_half_far(paragraphs):
    checks.check_false_share(paragraphs, min_near_far=60, min_false=40)


def test_near_plants_sit_just_outside_tolerance_and_far_ones_well_beyond(paragraphs, ludb: Path):
    checks.check_near_far(paragraphs, ludb)


def test_kinds_locations_terms_and_forms_are_covered(paragraphs):
    checks.check_coverage(paragraphs, only_supported=("p_each",))


def test_rendered_text_is_clean_and_spans_are_the_claim_text(paragraphs):
    checks.check_clean_spans(paragraphs)


def _upper_leads(text: str) -> str:
    """Pager notes write leads in lower case ("qt v4-v6", "avf"); corpus_checks allows lead names only as
    V1-V6 / aVR, aVL, aVF, so they are spelled that way before its check (the rendered text is untouched)."""
    text = re.sub(r"\bv([1-6])\b", r"V\1", text)
    return re.sub(r"\bav([rlf])\b", lambda m: "aV" + m.group(1).upper(), text)


def test_no_measured_value_is_typed_into_the_file():
    checks.check_no_typed_values([dataclasses.replace(t, text=_upper_leads(t.text)) for t in varied.TEMPLATES])


def test_leakage_is_about_one_paragraph_in_ten_and_labelled_by_its_phrase(paragraphs):
    checks.check_leakage(paragraphs)


def test_rendering_is_deterministic(ludb: Path):
    checks.check_deterministic(varied.TEMPLATES[5], ludb)
    tpl = next(t for t in varied.TEMPLATES if t.comma)
    a, b = (varied.render(tpl, ludb)[0].to_dict() for _ in range(2))
    assert a == b


def test_labels_survive_the_comma_rewrite(paragraphs, ludb: Path):
    for p in paragraphs:
        if any(t.pid == p.pid and t.comma for t in varied.TEMPLATES):
            t = load_truth(p.record, ludb)
            assert all(c.label == label_claim(c, t) for c in p.claims), p.pid


def test_scorer_hook_fills_the_tables_on_a_few_paragraphs(ludb: Path):
    checks.check_scorer_hook(score_varied.evaluate, ludb)
