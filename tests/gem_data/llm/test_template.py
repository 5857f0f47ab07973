"""The offline template paragraph on real records: the rhythm from the record facts, each lead named
once, and nothing the verifier would contradict."""
from __future__ import annotations

import re

import pytest

from gem_data.features.table import build_table, long_frame
from gem_data.guider.facts import record_facts
from gem_data.llm.template import template_response
from gem_data.signals import STANDARD_LEADS, read_record
from gem_data.verify import RecordValues, VerifyPolicy, verify_response

_LEAD = "|".join(sorted(STANDARD_LEADS, key=len, reverse=True))
_LEAD_LIST = re.compile(rf"\b(?:{_LEAD})\b(?:(?:,\s*|\s+and\s+)(?:{_LEAD})\b)+")


def _record(shared_data, name: str):
    """(facts as the guider writes them, verifier values) for one LUDB record, built from its signal."""
    rec = read_record(shared_data / "ludb" / "data" / name)
    table = build_table(rec.signal, rec.fs, rec.leads)
    rows = long_frame([rec.name], [table])
    facts = table.record.row()
    return record_facts(rows, facts), RecordValues.from_rows(rows, facts=facts)


def _contradicted(text: str, values: RecordValues) -> list[tuple[str, str]]:
    report = verify_response(text, values, VerifyPolicy())
    return [(r["text"], r["reason"]) for r in report.claim_rows() if r["verdict"] == "contradicted"]


def _repeated_leads(text: str) -> list[str]:
    lists = [re.findall(rf"\b(?:{_LEAD})\b", m.group(0)) for m in _LEAD_LIST.finditer(text)]
    return [", ".join(names) for names in lists if len(set(names)) < len(names)]


@pytest.mark.parametrize("name, rhythm, absent", [
    # LUDB 1: sinus bradycardia, regular, no ectopy (header: "Sinus bradycardia")
    ("1", ("Sinus bradycardia: P waves precede each QRS complex", "the RR intervals are regular",
           "no premature beats"), ("fibrillation",)),
    # LUDB 109: atrial fibrillation (header); the delineator finds no P waves and irregular RRs
    ("109", ("Atrial fibrillation: no P waves are seen", "irregularly irregular"),
     ("PR interval", "P waves of", "premature", "Sinus")),
    # LUDB 7: sinus rhythm with one ventricular extrasystole (header), the 4th beat
    ("7", ("P waves precede each QRS complex", "regular apart from a premature beat at beat 4"),
     ("fibrillation", "no premature beats")),
])
def test_rhythm_is_named_from_the_record_facts(shared_data, name, rhythm, absent):
    facts, values = _record(shared_data, name)
    text = template_response(facts, None)
    for phrase in rhythm:
        assert phrase in text, (phrase, text)
    for phrase in absent:
        assert phrase not in text, (phrase, text)
    assert _contradicted(text, values) == []
    assert _repeated_leads(text) == []


def test_unknown_record_facts_are_not_stated(shared_data):
    facts, _ = _record(shared_data, "1")
    text = template_response({**facts, "record": {}}, None)
    assert "not clear enough to name the rhythm" in text
    for word in ("Sinus", "regular", "premature", "fibrillation"):
        assert word not in text, word


def test_every_ludb_paragraph_names_each_lead_once_and_holds_up(shared_data):
    """Over a spread of real records (sinus, AF, flutter, ectopy, inverted T waves in many leads)."""
    for name in ("1", "7", "11", "61", "101", "103", "109", "125", "129", "137"):
        facts, values = _record(shared_data, name)
        text = template_response(facts, None)
        assert _repeated_leads(text) == [], (name, text)
        assert _contradicted(text, values) == [], (name, text)
        assert len(text.split()) <= 300
