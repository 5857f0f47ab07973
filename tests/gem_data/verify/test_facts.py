"""Record-level verdicts (facts.py) and FeatureDB v2 inputs: atrial activity, RR regularity,
premature beats, voltage criteria, doubtful values, scaled amplitudes, sex-specific thresholds."""
from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from gem_data.features.table import SCHEMA
from gem_data.signals import STANDARD_LEADS
from gem_data.verify.claims import extract_claims
from gem_data.verify.values import RecordValues, sex_from_comments
from gem_data.verify.verdicts import judge

BASE = {"pr_ms": 160.0, "qrs_dur_ms": 90.0, "qt_ms": 380.0, "qtc_ms": 455.0, "p_amp_mv": 0.15,
        "qrs_amp_mv": 1.2, "t_amp_mv": 0.3, "st_level_mv": 0.0}


def _values(rr_ms: list[float], *, p_waves: bool = True, extra: dict | None = None, facts: dict | None = None,
            sex: str | None = None, amp: dict | None = None) -> RecordValues:
    """One record with the given RR sequence; ``extra``: FeatureDB v2 columns, constant per row;
    ``amp``: {lead: qrs_amp_mv}."""
    rows, t = [], 0
    for b, rr in enumerate(rr_ms):
        t += int(rr / 2)
        for lead in STANDARD_LEADS:
            row = {k: None for k in SCHEMA}
            row.update(record_id="r", lead=lead, beat=b, QRS_on=t, QRS_off=t + 45, T_off=t + 190,
                       P_on=t - 80 if p_waves else None, st_form="horizontal", **BASE)
            row.update(rr1_ms=None if b == 0 else rr, heart_rate_bpm=None if b == 0 else 60000 / rr)
            if not p_waves:
                row.update(pr_ms=None, p_amp_mv=None)
            if amp and lead in amp:
                row["qrs_amp_mv"] = amp[lead]
            row.update(extra or {})
            rows.append(row)
    schema = {**SCHEMA, **{k: (pl.Boolean if k == "premature" else pl.Float32) for k in (extra or {})}}
    return RecordValues.from_rows(pl.DataFrame(rows, schema=schema), facts=facts, sex=sex)


REGULAR = [800.0] * 10
IRREGULAR = [800, 520, 1010, 640, 930, 560, 1100, 700, 610, 980]


def verdict(text: str, values: RecordValues) -> str:
    claims = extract_claims(text)
    assert len(claims) == 1, claims
    return judge(claims[0], values).verdict


def test_atrial_activity_and_regularity_derived_from_rows():
    sinus, af = _values(REGULAR), _values(IRREGULAR, p_waves=False)
    assert (sinus.facts.atrial_activity, sinus.facts.rr_irregular) == ("sinus_p", False)
    assert (af.facts.atrial_activity, af.facts.rr_irregular) == ("absent_irregular", True)
    for text, on_sinus, on_af in [
        ("Sinus rhythm.", "supported", "contradicted"), ("P waves precede every QRS.", "supported", "contradicted"),
        ("Atrial fibrillation.", "contradicted", "supported"), ("No P waves are seen.", "contradicted", "supported"),
        ("No atrial fibrillation.", "supported", "contradicted"), ("The rhythm is regular.", "supported", "contradicted"),
        ("Irregularly irregular rhythm.", "contradicted", "supported"), ("Atrial flutter.", "contradicted", "unverifiable"),
        ("Sinus bradycardia.", "contradicted", "contradicted"),  # 75 bpm; and AF is not sinus
    ]:
        assert (verdict(text, sinus), verdict(text, af)) == (on_sinus, on_af), text


def test_facts_given_win_over_derived_ones():
    v = _values(REGULAR, facts={"atrial_activity": "flutter_waves", "rr_irregularity": 0.01})
    assert verdict("Atrial flutter.", v) == "supported" and verdict("Sinus rhythm.", v) == "contradicted"
    assert verdict("Atrial fibrillation.", v) == "unverifiable"
    assert verdict("Atrial flutter.", _values(REGULAR, facts={"atrial_activity": "unclear"})) == "unverifiable"


def test_premature_beats_from_rr_or_from_the_column():
    one_early = REGULAR[:5] + [560.0, 1040.0] + REGULAR[7:]
    assert _values(one_early).facts.n_premature == 1
    assert verdict("A premature ventricular complex is seen.", _values(one_early)) == "supported"
    assert verdict("No premature beats.", _values(one_early)) == "contradicted"
    assert verdict("Frequent PVCs.", _values(REGULAR)) == "contradicted"
    assert verdict("No ectopy.", _values(REGULAR)) == "supported"
    # an irregular rhythm without a premature beat by RR does not disprove ectopy
    assert verdict("PVCs are present.", _values(IRREGULAR, facts={"n_premature": 0})) == "unverifiable"
    flagged = _values(REGULAR, extra={"premature": True})
    assert flagged.facts.n_premature == len(REGULAR) and verdict("No PVCs.", flagged) == "contradicted"


def test_r_and_s_amplitudes_and_voltage_criteria():
    big = _values(REGULAR, extra={"r_amp_mv": 2.4, "s_amp_mv": 1.6})
    assert verdict("R wave of 2.4 mV in V6", big) == "supported"
    assert verdict("R wave of 1.2 mV in V6", big) == "contradicted"
    assert verdict("S wave of 1.6 mV in V1", big) == "supported"
    assert big.facts.sokolow_lyon_mv == pytest.approx(4.0)
    assert verdict("LVH by voltage criteria.", big) == "supported"
    assert verdict("Sokolow-Lyon index of 4.0 mV", big) == "supported"
    assert verdict("Sokolow-Lyon index of 2.0 mV", big) == "contradicted"
    small = _values(REGULAR, extra={"r_amp_mv": 0.8, "s_amp_mv": 0.5})
    assert verdict("LVH by voltage criteria.", small) == "contradicted"
    assert verdict("No LVH.", small) == "supported"
    # without the columns, amplitude claims about R and S waves cannot be checked
    assert verdict("R wave of 2.4 mV in V6", _values(REGULAR)) == "unverifiable"
    assert verdict("LVH by voltage criteria.", _values(REGULAR)) == "unverifiable"


def test_cornell_threshold_depends_on_sex():
    # Cornell = R_aVL + S_V3 = 1.2 + 1.2 = 2.4 mV: LVH for a woman (> 2.0), not for a man (> 2.8)
    extra = {"r_amp_mv": 1.2, "s_amp_mv": 1.2}
    assert verdict("LVH by voltage.", _values(REGULAR, extra=extra, sex="F")) == "supported"
    assert verdict("LVH by voltage.", _values(REGULAR, extra=extra, sex="M")) == "unverifiable"
    assert verdict("LVH by voltage.", _values(REGULAR, extra=extra)) == "unverifiable"


def test_low_voltage():
    limb_small = {lead: 0.3 for lead in STANDARD_LEADS[:6]}
    assert verdict("Low voltage in the limb leads.", _values(REGULAR, amp=limb_small)) == "supported"
    assert verdict("Low QRS voltage.", _values(REGULAR)) == "contradicted"  # 1.2 mV everywhere
    assert verdict("No low voltage.", _values(REGULAR)) == "supported"


def test_qtc_words_use_the_sex_specific_threshold():
    # QTc 455 ms: prolonged for a man (>= 450), normal for a woman (< 460), undecided without sex
    assert verdict("prolonged QTc", _values(REGULAR, sex="M")) == "supported"
    assert verdict("prolonged QTc", _values(REGULAR, sex="F")) == "unverifiable"
    assert verdict("normal QTc", _values(REGULAR, sex="F")) == "supported"
    assert verdict("prolonged QTc", _values(REGULAR)) == "supported"


def test_doubtful_values_are_never_truth():
    conf = {"p_conf": 0.2, "qrs_conf": 0.9, "t_conf": 0.9}
    v = _values(REGULAR, extra=conf)
    assert np.isnan(v.per_beat["pr_ms"]).all() and np.isfinite(v.per_beat["qrs_dur_ms"]).all()
    assert verdict("PR interval 300 ms in lead II", v) == "unverifiable"
    assert verdict("QRS duration 200 ms in V1", v) == "contradicted"


def test_scaled_amplitudes_are_not_millivolts():
    scaled = {lead: 1.0 for lead in STANDARD_LEADS}  # LUDB: every lead at exactly 1.0 peak-to-peak
    v = _values(REGULAR, amp=scaled)
    assert v.facts.scaled_amplitudes
    assert verdict("QRS amplitude of 3.0 mV in V5", v) == "unverifiable"
    assert verdict("Low voltage.", v) == "unverifiable"
    assert verdict("PR interval 300 ms in lead II", v) == "contradicted"
    # wander can hold a lead's 1.0 extremes, leaving its QRS shorter (LUDB 193: tallest 0.85)
    wander = {lead: 0.45 + 0.035 * i for i, lead in enumerate(STANDARD_LEADS)}  # 0.45 ... 0.835
    assert _values(REGULAR, amp=wander).facts.scaled_amplitudes
    # a physiological record has a lead over 1.05 mV; one without, its tallest under 0.8, is low voltage
    assert not _values(REGULAR, amp={**scaled, "V3": 1.6}).facts.scaled_amplitudes
    assert not _values(REGULAR, amp={lead: 0.7 for lead in STANDARD_LEADS}).facts.scaled_amplitudes


def test_sex_from_header_comments():
    assert sex_from_comments(["<age>: 51", "<sex>: F"]) == "F"
    assert sex_from_comments(["Age: 60", "Sex: Male"]) == "M"
    assert sex_from_comments(["Dx: 426783006"]) is None and sex_from_comments(None) is None
