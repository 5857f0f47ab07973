"""Unit tests of the claim grammar: synonyms, units, leads, beats, comparators, negation, structure."""
from __future__ import annotations

import math

import pytest

from gem_data.verify.claims import RULES, extract_claims
from gem_data.verify.grammar import scan


def one(text: str, feature: str | None = None):
    """The single claim of ``text`` (or its single numeric claim about ``feature``)."""
    claims = [c for c in extract_claims(text) if feature is None or (c.feature == feature and c.term is None)]
    assert len(claims) == 1, [(c.feature, c.text) for c in claims]
    return claims[0]


@pytest.mark.parametrize("text", [
    "The PR interval is 160 ms.", "PR 160 ms.", "The P-R interval measures 160 msec.", "PQ interval 0.16 s.",
    "A 160 ms PR interval.", "The P–R interval is 160 milliseconds.", "The PR is 0.160 seconds.",
])
def test_pr_synonyms_and_units_all_read_as_160_ms(text):
    c = one(text)
    assert (c.feature, c.lo, c.hi, c.comparator) == ("pr_ms", 160.0, 160.0, "eq")


@pytest.mark.parametrize("text, feature", [
    ("QTc 450 ms", "qtc_ms"), ("corrected QT of 450 ms", "qtc_ms"), ("Bazett QTc 450 ms", "qtc_ms"),
    ("rate-corrected QT interval 450 ms", "qtc_ms"), ("QTcF 450 ms", "qtc_fridericia_ms"),
    ("Fridericia 450 ms", "qtc_fridericia_ms"), ("QT interval 450 ms", "qt_ms"),
    ("QRS duration 96 ms", "qrs_dur_ms"), ("QRS width of 96 ms", "qrs_dur_ms"), ("QRS 96 ms", "qrs_dur_ms"),
    ("QRS amplitude 1.2 mV", "qrs_amp_mv"), ("QRS voltage 1.2 mV", "qrs_amp_mv"), ("QRS 1.2 mV", "qrs_amp_mv"),
    ("P waves of 0.12 mV", "p_amp_mv"), ("P wave duration 100 ms", "p_dur_ms"), ("T wave 0.3 mV", "t_amp_mv"),
    ("ST level 0.05 mV", "st_level_mv"), ("heart rate 72 bpm", "heart_rate_bpm"), ("72 beats per minute", "heart_rate_bpm"),
    ("rate 72/min", "heart_rate_bpm"), ("RR interval 830 ms", "rr1_ms"), ("R-R 830 ms", "rr1_ms"),
])
def test_feature_phrases_map_to_featuredb_columns(text, feature):
    assert one(text).feature == feature


def test_mm_is_tenth_of_a_millivolt_and_paper_settings_are_not_claims():
    assert one("ST elevation of 2 mm in V2", "st_level_mv").lo == pytest.approx(0.2)
    assert extract_claims("Recorded at 25 mm/s and 10 mm/mV over 10 s.") == []


def test_depression_and_inversion_make_the_value_negative():
    assert one("ST depression of 0.1 mV in V5", "st_level_mv").lo == pytest.approx(-0.1)
    assert one("T wave inversion of 0.3 mV in V2", "t_amp_mv").lo == pytest.approx(-0.3)
    assert one("T wave of -0.3 mV in aVR", "t_amp_mv").lo == pytest.approx(-0.3)


@pytest.mark.parametrize("text, cmp, lo, hi", [
    ("QRS > 120 ms", "gt", 120, math.inf), ("QRS greater than 120 ms", "gt", 120, math.inf),
    ("QRS at least 120 ms", "ge", 120, math.inf), ("QRS ≥ 120 ms", "ge", 120, math.inf),
    ("QRS less than 120 ms", "lt", -math.inf, 120), ("QRS up to 120 ms", "le", -math.inf, 120),
    ("QRS between 90 and 110 ms", "range", 90, 110), ("QRS 90-110 ms", "range", 90, 110),
    ("QRS from 90 to 110 ms", "range", 90, 110),
])
def test_comparators_and_ranges(text, cmp, lo, hi):
    c = one(text)
    assert (c.comparator, c.lo, c.hi) == (cmp, lo, hi)


def test_two_values_joined_by_and_are_two_claims():
    claims = extract_claims("QRS amplitudes of 1.57 mV and 1.35 mV in V5")
    assert [c.lo for c in claims] == [1.57, 1.35]


@pytest.mark.parametrize("text, leads", [
    ("In lead II the PR is 160 ms", ("II",)), ("PR 160 ms in lead II", ("II",)),
    ("T waves of 0.3 mV in leads II, III and aVF", ("II", "III", "aVF")),
    ("T waves of 0.3 mV in the inferior leads", ("II", "III", "aVF")),
    ("T waves of 0.3 mV in V1-V4", ("V1", "V2", "V3", "V4")), ("T waves of 0.3 mV in V2 to V4", ("V2", "V3", "V4")),
    ("T waves of 0.3 mV in the lateral precordial leads", ("V5", "V6")),
    ("The lateral leads V5 and V6 show T waves of 0.3 mV", ("V5", "V6")),
    ("T waves of 0.3 mV in II/III/aVF", ("II", "III", "aVF")), ("T waves of 0.3 mV in AVF", ("aVF",)),
    ("Lead I shows T waves of 0.3 mV", ("I",)), ("T waves of 0.3 mV in the septal leads", ("V1", "V2")),
    ("T waves of 0.3 mV in the anterior leads", ("V2", "V3", "V4")),
])
def test_lead_mentions_lists_ranges_and_groups(text, leads):
    assert one(text).leads == leads


def test_pronoun_i_and_mobitz_ii_are_not_leads():
    assert RULES.extract("I think the PR is 160 ms; Mobitz type II block is absent.").leads == ()


@pytest.mark.parametrize("text, leads", [
    ("The P-wave duration in I seems to be 115 ms.", [("I",)]), ("I shows a QTc of 0.42 s.", [("I",)]),
    ("The QTc is 0.45 s in I.", [("I",)]), ("QRS 90 ms (I)", [("I",)]), ("I: PR interval 160 ms", [("I",)]),
    ("I would estimate the QTc in V5 at 450 ms.", [("V5",)]), ("I measure the PR at 160 ms.", [()]),
    ("The QRS is 3 small boxes in lead V4, I measure the QRS width at 80 ms.", [("V4",), ()]),
])
def test_bare_i_is_a_lead_where_the_pronoun_cannot_stand(text, leads):
    assert [c.leads for c in extract_claims(text)] == leads


@pytest.mark.parametrize("text, leads", [
    # a lead after a value says where that value was measured; a claim naming its own feature after
    # it does not inherit it ...
    ("The PR interval is 90 ms in V4, overall, the QT is 400 ms.", [("V4",), ()]),
    ("The QT is 476 ms in beat #1 in V3, the corrected QT interval is 405-425 ms.", [("V3",), ()]),
    ("An S wave 1.5 mV deep in V6; P-wave width measures 180 msec.", [("V6",), ()]),
    # ... a continuation of the same feature, or a lead opening the sentence, still scopes it
    ("QRS amplitude is 1.04 mV in V1 and 1.56 mV in V5, peaking at 1.65 mV.", [("V1",), ("V5",), ("V5",)]),
    ("In lead II, the PR is 160 ms and the QRS is 90 ms.", [("II",), ("II",)]),
])
def test_a_values_postfix_lead_does_not_scope_the_next_claim(text, leads):
    assert [c.leads for c in extract_claims(text)] == leads


def test_postfix_lead_after_and_belongs_to_the_next_item():
    claims = extract_claims("In lead II the QRS is 90 ms, and lead V1 shows a T wave of -0.2 mV.")
    assert [c.leads for c in claims] == [("II",), ("V1",)]


@pytest.mark.parametrize("text, beats", [
    ("PR of 180 ms at beat 3", (3,)), ("In the third beat, the PR is 180 ms", (3,)),
    ("Beats 4-6 show a PR of 180 ms", (4, 5, 6)), ("beats 4–6 have a PR of 180 ms", (4, 5, 6)),
    ("PR of 180 ms (beat 7)", (7,)), ("the first beat has a PR of 180 ms", (1,)),
    ("the last beat has a PR of 180 ms", (-1,)), ("the 2nd and 4th beats have a PR of 180 ms", (2, 4)),
    ("PR of 180 ms at beats 2 and 5", (2, 5)),
])
def test_beat_positions(text, beats):
    assert one(text, "pr_ms").beats == beats


def test_rhythm_claim_carries_term_and_rate():
    claims = extract_claims("Sinus bradycardia at 52 bpm.")
    assert [(c.kind, c.feature, c.term, c.lo if c.term is None else None) for c in claims] == [
        ("rhythm", "heart_rate_bpm", "sinus_brady", None), ("rhythm", "heart_rate_bpm", None, 52.0)]


@pytest.mark.parametrize("text, feature, term, negated", [
    ("The PR interval is prolonged", "pr_ms", "long", False), ("prolonged PR interval", "pr_ms", "long", False),
    ("The PR interval is not prolonged", "pr_ms", "long", True), ("no ST elevation in V2", "st_level_mv", "elev", True),
    ("first-degree AV block", "pr_ms", "long", False), ("a narrow QRS complex", "qrs_dur_ms", "narrow", False),
    ("wide QRS complexes", "qrs_dur_ms", "wide", False), ("complete left bundle branch block", "qrs_dur_ms", "wide", False),
    ("prolonged QT interval", "qtc_ms", "long", False), ("T wave inversion in V1", "t_amp_mv", "inverted", False),
    ("downsloping ST segments in V5", "st_form", "downsloping", False),
    ("the rate is normal", "heart_rate_bpm", "normal", False), ("tachycardic", "heart_rate_bpm", "tachy", False),
])
def test_qualitative_terms(text, feature, term, negated):
    c = one(text)
    assert (c.feature, c.term, c.negated) == (feature, term, negated)


def test_words_that_are_not_claims():
    for text in ("normal axis", "the widest QRS", "normally conducted", "abnormal ECG",
                 "the 12-lead ECG over 10 beats", "Q waves are seen in III."):
        assert extract_claims(text) == [], text


def test_structural_claims_for_leads_and_waves_that_do_not_exist():
    claims = extract_claims("Lead V7 and lead aVX show K waves; V4R is normal; lead IV too. A wave is seen.")
    assert sorted((c.feature, c.text) for c in claims) == [
        ("lead", "IV"), ("lead", "V4R"), ("lead", "V7"), ("lead", "aVX"), ("wave", "K waves")]


def test_unmeasured_waves_do_not_lend_their_numbers_to_neighbours():
    claims = extract_claims("The T wave is 0.3 mV and the Q wave 0.2 mV in V5.")
    assert [(c.feature, c.lo) for c in claims] == [("t_amp_mv", 0.3), (None, 0.2)]


def test_positions_point_into_the_original_text():
    text = "In lead II the PR interval — measured carefully — is 160 ms."
    c = one(text)
    assert text[c.start:c.end] == "160 ms"
    assert all(text[m.start:m.end] == m.text for m in scan(text))


def test_value_lists_take_the_leads_after_them_and_respectively_pairs_them():
    claims = extract_claims("T waves of 0.2, 0.4 and 0.6 mV in V1, V2 and V3, respectively.")
    assert [(c.lo, c.leads) for c in claims] == [(0.2, ("V1",)), (0.4, ("V2",)), (0.6, ("V3",))]
    claims = extract_claims("T waves of 0.2 and 0.4 mV in V1 and V2.")
    assert [(c.lo, c.leads) for c in claims] == [(0.2, ("V1", "V2")), (0.4, ("V1", "V2"))]
    claims = extract_claims("Heart rates of 60, 62, and 64 bpm at beats 2, 3 and 4.")
    assert [(c.lo, c.beats) for c in claims] == [(60, (2, 3, 4)), (62, (2, 3, 4)), (64, (2, 3, 4))]


@pytest.mark.parametrize("text", [
    "PR interval of 240 ms (normal 120-200 ms).", "heart rate 52 bpm (normal range 60–100 bpm)",
    "QTc 480 ms, upper limit of normal 450 ms", "QTc 480 ms, above the 450 ms threshold",
    "QRS 130 ms (reference: 80-110 ms)",
])
def test_quoted_norms_are_not_claims(text):
    assert len([c for c in extract_claims(text) if c.term is None]) == 1


@pytest.mark.parametrize("text", [
    "A QTc above 500 ms carries a high risk.", "If the PR interval were prolonged, we would call it a block.",
    "QRS > 120 ms is considered wide.", "A first-degree AV block would need a PR over 200 ms.",
])
def test_rules_and_conditionals_are_not_claims(text):
    assert extract_claims(text) == []


@pytest.mark.parametrize("text, feature, value", [
    ("The PR interval is 0.16 s in lead II.", "pr_ms", 160.0), ("QRS duration 96 msec", "qrs_dur_ms", 96.0),
    ("QT of 400 milliseconds", "qt_ms", 400.0), ("T wave amplitude of 0.3 millivolts", "t_amp_mv", 0.3),
    ("ST elevation of 2 mm in V2", "st_level_mv", 0.2), ("The PR interval is 4 small boxes", "pr_ms", 160.0),
    ("QRS spans 3 small squares", "qrs_dur_ms", 120.0), ("QT of 2 large boxes", "qt_ms", 400.0),
    ("QRS amplitude of 3 large boxes in V5", "qrs_amp_mv", 1.5), ("T wave height of 3 small boxes", "t_amp_mv", 0.3),
    ("R wave of 2.4 mV in V6", "r_amp_mv", 2.4), ("S wave 1.2 mV deep in V1", "s_amp_mv", 1.2),
    ("an S wave of -1.2 mV in V1", "s_amp_mv", 1.2), ("R-wave amplitude 1.1 mV in aVL", "r_amp_mv", 1.1),
    ("Sokolow-Lyon index of 4.2 mV", "sokolow_lyon_mv", 4.2), ("Cornell voltage 2.9 mV", "cornell_mv", 2.9),
    ("the PR interval is about 160 ms", "pr_ms", 160.0), ("PR approximately 0.16 seconds", "pr_ms", 160.0),
])
def test_units_boxes_and_named_waves(text, feature, value):
    c = one(text, feature)
    assert c.lo == pytest.approx(value)


def test_ranges_and_lead_groups():
    c = one("PR interval 180–200 ms in lead II")
    assert (c.comparator, c.lo, c.hi) == ("range", 180.0, 200.0)
    assert one("QRS of 90 ms in V1 through V3").leads == ("V1", "V2", "V3")
    assert one("QRS of 90 ms in V1–V3").leads == ("V1", "V2", "V3")
    assert one("T waves of 0.4 mV in the precordial leads").leads == ("V1", "V2", "V3", "V4", "V5", "V6")
    assert one("T waves of 0.2 mV in the inferior leads").leads == ("II", "III", "aVF")
    assert one("PR of 170 ms at beat #3 in lead II").beats == (3,)


@pytest.mark.parametrize("text, feature, term, negated", [
    ("Sinus bradycardia", "heart_rate_bpm", "sinus_brady", False), ("sinus tachycardia", "heart_rate_bpm", "sinus_tachy", False),
    ("atrial fibrillation", "atrial_activity", "af", False), ("rapid ventricular response", "heart_rate_bpm", "tachy", False),
    ("slow ventricular response", "heart_rate_bpm", "brady", False), ("atrial flutter", "atrial_activity", "flutter", False),
    ("No P waves are seen", "atrial_activity", "p_absent", False), ("P waves are absent", "atrial_activity", "p_absent", False),
    ("P waves precede each QRS complex", "atrial_activity", "sinus", False),
    ("every QRS is preceded by a P wave", "atrial_activity", "sinus", False), ("sinus rhythm", "atrial_activity", "sinus", False),
    ("no atrial fibrillation", "atrial_activity", "af", True), ("The rhythm is regular", "rr_irregular", "regular", False),
    ("irregularly irregular rhythm", "rr_irregular", "irregular", False), ("regular rhythm", "rr_irregular", "regular", False),
    ("frequent premature ventricular complexes", "premature", "present", False), ("PVCs", "premature", "present", False),
    ("no ectopic beats", "premature", "present", True), ("LVH by voltage criteria", "lvh_voltage", "present", False),
    ("no left ventricular hypertrophy", "lvh_voltage", "present", True), ("low QRS voltage", "low_voltage", "present", False),
    ("incomplete right bundle branch block", "qrs_dur_ms", "incomplete", False),
    ("first-degree AV block", "pr_ms", "long", False), ("prolonged QTc", "qtc_ms", "long", False),
])
def test_diagnostic_and_structural_words(text, feature, term, negated):
    c = one(text)
    assert (c.feature, c.term, c.negated) == (feature, term, negated)


def test_a_words_own_negation_stays_its_own():
    claims = extract_claims("No P waves, irregularly irregular rhythm.")
    assert [(c.feature, c.negated) for c in claims] == [("atrial_activity", False), ("rr_irregular", False)]


def test_machine_report_slash_pairs_word_boxes_and_hedges():
    claims = extract_claims("QT/QTc 400/430 ms. PR/QRS 160/90 ms.")
    assert [(c.feature, c.lo) for c in claims] == [("qt_ms", 400.0), ("qtc_ms", 430.0), ("pr_ms", 160.0),
                                                  ("qrs_dur_ms", 90.0)]
    assert one("The PR interval measures about four small boxes.").lo == 160.0
    c = one("The QRS is under three small squares.")
    assert (c.feature, c.comparator, c.hi) == ("qrs_dur_ms", "lt", 120.0)
    assert one("Your heart beats about 64 times per minute.").lo == 64.0
    # a hedge about this record is still a claim; a rule or a conditional is not
    assert one("This could suggest a PR of about 220 ms.").lo == 220.0
    assert extract_claims("If the PR were 220 ms, that would be a first-degree block.") == []


@pytest.mark.parametrize("text, feature, lo, hi", [
    # clinical notes leave the unit out where the feature implies it (ms, or s below 2; bpm for a rate)
    ("PR 139, QRS narrow.", "pr_ms", 139.0, 139.0), ("QRS 0.09 in V2", "qrs_dur_ms", 90.0, 90.0),
    ("QTc: 478 in V2", "qtc_ms", 478.0, 478.0), ("Rate about 35, complexes narrow", "heart_rate_bpm", 35.0, 35.0),
    ("SR 97, PR normal", "heart_rate_bpm", 97.0, 97.0), ("AF @ 110, no pauses", "heart_rate_bpm", 110.0, 110.0),
    ("the rate is somewhere in the 75-85 range", "heart_rate_bpm", 75.0, 85.0),
    ("QRSd 164 in V1", "qrs_dur_ms", 164.0, 164.0), ("P dur 88 ms in V1", "p_dur_ms", 88.0, 88.0),
    ("heart rate 63 min-1", "heart_rate_bpm", 63.0, 63.0), ("rate 45 a minute", "heart_rate_bpm", 45.0, 45.0),
    ("the PR takes about 0.18 of a second", "pr_ms", 180.0, 180.0),
    # R waves some boxes apart: the RR interval
    ("The R waves are five large boxes apart.", "rr1_ms", 1000.0, 1000.0),
    # a wave named as a landmark of another measurement does not take its value
    ("The QT, from the start of the QRS to the end of the T wave, is two large boxes and two small boxes.",
     "qt_ms", 480.0, 480.0),
])
def test_notes_shorthand_values(text, feature, lo, hi):
    c = one(text, feature)
    assert (c.lo, c.hi) == (lo, hi)


def test_slash_pairs_without_a_unit():
    claims = {c.feature: c.lo for c in extract_claims("QT/QTc 443/427. PR 160.")}
    assert claims == {"qt_ms": 443.0, "qtc_ms": 427.0, "pr_ms": 160.0}


@pytest.mark.parametrize("text", [
    "Reference: PR 120-200, QRS < 120, QTc < 450 (M)", "Norms on our machine: PR 120-200, QTc <460 F.",
    "Age 71, bed 12, K 4.1.", "more than the five small squares where first-degree block begins",
    "a QTc of 450 ms or more is prolonged in men", "above 500 ms the risk of torsades rises",
    "the rate is 300 divided by the number of large boxes", "1 mark for the rate within 10 bpm",
    "we would stop the drug at a QTc over 500 ms", "a candidate who says QTc over 500 ms earns no mark",
])
def test_norms_rules_and_other_numbers_in_notes_are_not_claims(text):
    assert [c for c in extract_claims(text) if c.term is None] == []


@pytest.mark.parametrize("text, feature, term, negated", [
    ("Sinus brady, rate 45.", "heart_rate_bpm", "sinus_brady", False),
    ("SB 52, otherwise normal.", "heart_rate_bpm", "sinus_brady", False),
    ("Mildly tachy, probably pain.", "heart_rate_bpm", "tachy", False),
    ("The ventricular response is slow.", "heart_rate_bpm", "brady", False),
    ("NSR, PR 160 ms.", "atrial_activity", "sinus", False), ("The rhythm is probably sinus.", "atrial_activity", "sinus", False),
    ("a P in front of every QRS", "atrial_activity", "sinus", False), ("P:QRS 1:1.", "atrial_activity", "sinus", False),
    ("Every QRS has a P wave in front of it.", "atrial_activity", "sinus", False),
    ("1st deg AVB.", "pr_ms", "long", False), ("I don't see first-degree block.", "pr_ms", "long", True),
    ("No AV block of any degree.", "pr_ms", "long", True), ("QTc nl.", "qtc_ms", "normal", False),
    ("Regular.", "rr_irregular", "regular", False), ("The beats are evenly spaced.", "rr_irregular", "regular", False),
    ("The baseline shows fibrillatory activity.", "atrial_activity", "af", False),
    ("Spot the early beats.", "premature", "present", False), ("Ventricular bigeminy.", "premature", "present", False),
])
def test_notes_shorthand_words(text, feature, term, negated):
    c = next(c for c in extract_claims(text) if c.feature == feature)
    assert (c.term, c.negated) == (term, negated)


@pytest.mark.parametrize("text", [
    "(a QTc over 500 ms would carry a high risk of torsades)", "prolonged for a female patient (limit 460 ms)",
    "the QTc is prolonged above the 460 ms female limit", "values above 500 ms would indicate significant risk",
])
def test_limits_and_risk_statements_in_llm_answers_are_not_claims(text):
    assert [c for c in extract_claims(text) if c.term is None] == []


def test_llm_answer_forms():
    assert one("The third complex in aVF measures 155 ms.", "qrs_dur_ms").lo == 155.0
    assert next(c for c in extract_claims("The RR intervals are constant.")).term == "regular"
    assert next(c for c in extract_claims("The RR intervals vary phasically.")).term == "irregular"
    assert any(c.term == "sinus" for c in extract_claims("P waves: upright, present before every QRS."))
    # a negation with its own object does not reach the word after it
    claim = next(c for c in extract_claims("No treatment is needed for sinus arrhythmia alone.") if c.term == "sinus")
    assert not claim.negated


# pager notes in lower case, European notes, question-and-answer and over-read forms (corpus 4's dev half)
@pytest.mark.parametrize("text, feature, lo, leads", [
    ("sinus brady hr 45, p before every qrs", "heart_rate_bpm", 45.0, ()),
    ("pr 0.14 in II, qrs 81", "pr_ms", 140.0, ("II",)),
    ("qrs v1-3 155", "qrs_dur_ms", 155.0, ("V1", "V2", "V3")),
    ("qt v4-v6 340", "qt_ms", 340.0, ("V4", "V5", "V6")),
    ("qt lat 345", "qt_ms", 345.0, ("I", "aVL", "V5", "V6")),
    ("sr 72, reg", "heart_rate_bpm", 72.0, ()),
    ("the PR interval is of 0,19 s in DII, DIII and aVF", "pr_ms", 190.0, ("II", "III", "aVF")),
    ("a rhythm of sinus origin at 65 beats for minute", "heart_rate_bpm", 65.0, ()),
    ("R V5 2.1 mV", "r_amp_mv", 2.1, ("V5",)),
])
def test_lower_case_and_european_notes(text, feature, lo, leads):
    c = one(text, feature)
    assert (c.lo, c.leads) == (lo, leads)


def test_lower_case_two_letters_stay_prose_without_a_value():
    assert extract_claims("2 hr 30 min later the pr was ok") == []


@pytest.mark.parametrize("text, feature, term, negated", [
    ("nsr, rate ok", "atrial_activity", "sinus", False), ("irreg irreg", "rr_irregular", "irregular", False),
    ("p b4 each qrs", "atrial_activity", "sinus", False), ("slow af", "heart_rate_bpm", "brady", False),
    ("The rhythm is sinusal.", "atrial_activity", "sinus", False),
    ("Each ventricular complex is preceded by P.", "atrial_activity", "sinus", False),
    ("The RR intervals are not regular.", "rr_irregular", "regular", True),
    ("there is no consistent P wave", "atrial_activity", "p_absent", False),
    ("there is no heart block", "pr_ms", "long", True), ("No tachyarrhythmia.", "heart_rate_bpm", "tachy", True),
    ("1:1 AV conduction", "atrial_activity", "sinus", False),
    ("PR 180 ms in V1, 230 ms in II; not short.", "pr_ms", "short", True),
    ("| Ectopy | none |", "premature", "present", True),
    ("Paroxysmal AF on this tracing.", "atrial_activity", "af", False),
])
def test_note_and_nonnative_words(text, feature, term, negated):
    c = next(c for c in extract_claims(text) if c.feature == feature and c.term is not None)
    assert (c.term, c.negated) == (term, negated)


def test_a_lower_case_full_stop_ends_a_sentence_and_its_negation():
    claims = extract_claims("no 1st deg block. few pacs.")
    assert [(c.term, c.negated) for c in claims if c.feature == "premature"] == [("present", False)]
    assert [c.feature for c in extract_claims("approx. 80 bpm")] == ["heart_rate_bpm"]


def test_questions_and_quoted_reports_hold_no_claims_but_give_context():
    qa = ("Q: How wide is the QRS?\nA: 112 ms in lead I, although the second beat in V2 measures 198 ms.\n"
          "Q: PR interval?\nA: About 187 ms in V4-V6; it isn't short and there is no delta wave.\n"
          "Examiner: Is it a tachycardia?\nQ: My watch said my pulse was slow. Is that right?\nEctopics? - None.")
    claims = extract_claims(qa)
    assert [(c.feature, c.lo, c.beats) for c in claims if c.term is None] == [
        ("qrs_dur_ms", 112.0, ()), ("qrs_dur_ms", 198.0, (2,)), ("pr_ms", 187.0, ())]
    assert [(c.feature, c.term, c.negated) for c in claims if c.term is not None] == [
        ("pr_ms", "short", True), ("premature", "present", True)]
    quoted = 'The computer\'s interpretation reads "sinus tachycardia, prolonged QT". I measure a rate of 78 bpm.'
    assert [c.feature for c in extract_claims(quoted)] == ["heart_rate_bpm"]
    assert extract_claims("a man of 53 with paroxysmal atrial fibrillation; QTc over 500 msec is dangerous") == []
    assert extract_claims("no couplets") == []


@pytest.mark.parametrize("text, feature, term, lo", [
    ("a fib, vr 110", "atrial_activity", "af", None), ("pr 240ms", "pr_ms", None, 240.0),
    ("sinus tach 120", "heart_rate_bpm", None, 120.0), ("regular rhythm at 72", "heart_rate_bpm", None, 72.0),
    ("pr nl", "pr_ms", "normal", None), ("qrs wnl", "qrs_dur_ms", "normal", None),
    ("twi v1-v3", "t_amp_mv", "inverted", None),
])
def test_pager_shorthand(text, feature, term, lo):
    c = next(c for c in extract_claims(text) if c.feature == feature and c.term == term)
    assert lo is None or c.lo == lo
    assert [c.feature for c in extract_claims("qt/qtc 400/440")] == ["qt_ms", "qtc_ms"]
    assert next(c for c in extract_claims("twi v1-v3")).leads == ("V1", "V2", "V3")


def test_bare_and_yes_no_answers_take_the_question():
    text = ("Examiner: Is it a tachycardia?\nCandidate: No, it's under 100.\nExaminer: PR?\nCandidate: 187, fine.\n"
            "Q: Any premature beats?\nA: None.\nRate? - 72.")
    got = [(c.feature, c.term, c.negated, c.lo if c.term is None else None, c.text) for c in extract_claims(text)]
    assert got == [("heart_rate_bpm", "tachy", True, None, "No"), ("pr_ms", None, False, 187.0, "187"),
                   ("premature", "present", True, None, "None"), ("heart_rate_bpm", None, False, 72.0, "72")]


@pytest.mark.parametrize("text, feature, term, lo", [
    ("The signal takes 0.16 seconds to travel from the upper chambers to the lower chambers.", "pr_ms", None, 160.0),
    ("The recovery phase of the heartbeat lasts 400 ms.", "qt_ms", None, 400.0),
    ("Your heart rhythm is steady and even.", "rr_irregular", "regular", None),
    ("Your heart is in a normal rhythm.", "atrial_activity", "sinus", None),
    ("Your heart skipped a beat twice.", "premature", "present", None),
])
def test_lay_words(text, feature, term, lo):
    c = next(c for c in extract_claims(text) if c.feature == feature)
    assert (c.term, lo is None or c.lo == lo) == (term, True)


def test_a_notes_list_of_lead_values_keeps_its_feature():
    got = [(c.feature, c.lo, c.leads) for c in extract_claims("pr 224 in II (borderline), 85 in aVL weirdly")]
    assert got == [("pr_ms", 224.0, ("II",)), ("pr_ms", 85.0, ("aVL",))]
    got = [(c.lo, c.leads) for c in extract_claims("QT 400 in V2, 380 in V5 and 390 in V6")]
    assert got == [(400.0, ("V2",)), (380.0, ("V5",)), (390.0, ("V6",))]
    assert [c.lo for c in extract_claims("PR 160 ms in II, 52 years old")] == [160.0]


# JSON / YAML answers, translated reports, comparisons with an older tracing (corpus 5's dev half)
@pytest.mark.parametrize("text, feature, term, negated, lo", [
    ('"qtc_bazett": "705 ms",', "qtc_ms", None, False, 705.0), ('"rate_bpm": 54,', "heart_rate_bpm", None, False, 54.0),
    ("pr_inferior: 155", "pr_ms", None, False, 155.0), ('"p_wave_before_each_qrs": true', "atrial_activity", "sinus", False, None),
    ('"first_degree_av_block": false', "pr_ms", "long", True, None), ('"short_pr": true', "pr_ms", "short", False, None),
    ("P width 80 ms V1.", "p_dur_ms", None, False, 80.0), ("P of the third beat in I 98 ms", "p_dur_ms", None, False, 98.0),
    ("P at 109 ms in the peripheral derivations", "p_dur_ms", None, False, 109.0), ("P 69, PR 160", "p_dur_ms", None, False, 69.0),
    ("Rate - ~80, not RVR.", "heart_rate_bpm", None, False, 80.0),
    ("The gap between beats is about 0.69 seconds", "rr1_ms", None, False, 690.0),
    ("an average ventricular frequency of 82/min", "heart_rate_bpm", None, False, 82.0),
    ("Auricular fibrillation", "atrial_activity", "af", False, None), ("with VES", "premature", "present", False, None),
    ("a few extra (premature) beats", "premature", "present", False, None),
    ("P waves are no longer clearly seen", "atrial_activity", "p_absent", False, None),
    ("I can't identify clear P waves", "atrial_activity", "p_absent", False, None),
    ("each QRS seems to be preceded by a P wave", "atrial_activity", "sinus", False, None),
    ("Each beat seems to start with a normal P wave", "atrial_activity", "sinus", False, None),
    ("Fine QRS", "qrs_dur_ms", "narrow", False, None), ("the heart does not seem to be racing", "heart_rate_bpm", "tachy", True, None),
    ("phasic variation of the RR intervals", "rr_irregular", "irregular", False, None),
    ("no 1st deg", "pr_ms", "long", True, None), ("Sinus @ 119, regular, P before each QRS.", "rr_irregular", "regular", False, None),
    ("st up 1mm v2", "st_level_mv", None, False, 0.1), ("tall r v2 ~1.5mv", "r_amp_mv", None, False, 1.5),
])
def test_json_translated_and_notes_forms(text, feature, term, negated, lo):
    c = next(c for c in extract_claims(text) if c.feature == feature and c.term == term)
    assert c.negated == negated and (lo is None or c.lo == lo)


def test_another_tracings_values_and_things_we_do_not_measure_are_not_claims():
    text = ("Compared with the admission ECG of last month (sinus tachycardia 118/min, QTc 470 ms):\n"
            "Sinus rhythm at 92 bpm. At that time: PR 150 ms, no ectopy.\nAxis - normal.")
    assert [(c.feature, c.term, c.lo) for c in extract_claims(text) if c.term is None] == [("heart_rate_bpm", None, 92.0)]
    assert {c.feature for c in extract_claims(text)} == {"heart_rate_bpm", "atrial_activity"}
    assert not any(c.feature == "pr_ms" for c in extract_claims("a first degree relative with AF"))
    assert extract_claims("regular P waves") == []
