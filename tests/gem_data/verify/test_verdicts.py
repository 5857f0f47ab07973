"""Verdict rules on hand-made measurements: tolerances, SPEC §4 thresholds, leads, beats, negation."""
from __future__ import annotations

import warnings

import numpy as np
import polars as pl
import pytest

from gem_data.features.table import SCHEMA
from gem_data.signals import STANDARD_LEADS
from gem_data.verify.claims import extract_claims
from gem_data.verify.report import VerifyPolicy, verify_response
from gem_data.verify.values import RecordValues, nanquantile_rows
from gem_data.verify.verdicts import judge, tolerance

N_BEATS = 6
BASE = {"heart_rate_bpm": 75.0, "rr1_ms": 800.0, "pr_ms": 160.0, "qrs_dur_ms": 90.0, "qt_ms": 380.0,
        "qtc_ms": 425.0, "p_amp_mv": 0.15, "qrs_amp_mv": 1.2, "t_amp_mv": 0.3, "st_level_mv": 0.0}


def _values(per_lead: dict | None = None, per_beat: dict | None = None) -> RecordValues:
    """Every lead and beat at BASE, except ``per_lead[(feature, lead)]`` and
    ``per_beat[(feature, lead, beat0)]`` (0-based beat)."""
    rows = []
    for lead in STANDARD_LEADS:
        for b in range(N_BEATS):
            row = {k: None for k in SCHEMA}
            row.update(record_id="r", lead=lead, beat=b, P_on=100 + 400 * b, QRS_on=180 + 400 * b,
                       QRS_off=225 + 400 * b, T_off=370 + 400 * b, st_form="horizontal", **BASE)
            for (f, lead_), v in (per_lead or {}).items():
                if lead_ == lead:
                    row[f] = v
            for (f, lead_, b_), v in (per_beat or {}).items():
                if lead_ == lead and b_ == b:
                    row[f] = v
            row["QRS_off"] = row["QRS_on"] + round(row["qrs_dur_ms"] / 2)  # fiducials agree with the feature
            rows.append(row)
    return RecordValues.from_rows(pl.DataFrame(rows, schema=SCHEMA))


def verdict(text: str, values: RecordValues) -> str:
    claims = extract_claims(text)
    assert len(claims) == 1, claims
    return judge(claims[0], values).verdict


def test_interval_tolerance_is_max_20_ms_or_10_percent_and_35_ms_for_qtc():
    assert tolerance("pr_ms", 160) == 20 and tolerance("qt_ms", 450) == 45 and tolerance("qtc_ms", 450) == 35
    assert tolerance("t_amp_mv", 0.3) == 0.1 and tolerance("qrs_amp_mv", 2.0) == pytest.approx(0.4)
    assert tolerance("heart_rate_bpm", 75) == 5
    v = _values()
    assert verdict("PR 178 ms", v) == "supported" and verdict("PR 182 ms", v) == "contradicted"
    assert verdict("heart rate 80 bpm", v) == "supported" and verdict("heart rate 81 bpm", v) == "contradicted"
    assert verdict("QRS amplitude of 1.42 mV", v) == "supported"
    assert verdict("QRS amplitude of 1.5 mV", v) == "contradicted"


def test_lead_claims_use_that_leads_beats():
    v = _values(per_lead={("t_amp_mv", "aVR"): -0.3})
    assert verdict("T wave of -0.3 mV in aVR", v) == "supported"
    assert verdict("T wave of 0.3 mV in aVR", v) == "contradicted"
    assert verdict("T wave of 0.3 mV in V2", v) == "supported"


def test_cited_beat_or_median_supports_and_missing_beat_contradicts():
    v = _values(per_beat={("pr_ms", "II", 3): 260.0})
    assert verdict("PR of 260 ms in lead II at beat 4", v) == "supported"
    assert verdict("PR of 160 ms in lead II at beat 4", v) == "supported"  # the lead's median
    assert verdict("PR of 260 ms in lead II at beat 2", v) == "contradicted"
    assert verdict("PR of 260 ms in lead II", v) == "contradicted"
    assert verdict(f"PR of 160 ms in lead II at beat {N_BEATS + 1}", v) == "contradicted"
    assert verdict("PR of 160 ms in lead II in the last beat", v) == "supported"


def test_majority_of_named_leads_decides():
    v = _values(per_lead={("t_amp_mv", "II"): -0.3, ("t_amp_mv", "III"): -0.3})
    assert verdict("T waves of -0.3 mV in II, III and aVF", v) == "supported"
    assert verdict("T waves of -0.3 mV in II, aVF and V5", v) == "contradicted"


@pytest.mark.parametrize("text, qrs, expected", [
    ("wide QRS in V1", 130.0, "supported"), ("wide QRS in V1", 110.0, "unverifiable"),
    ("wide QRS in V1", 90.0, "contradicted"), ("narrow QRS in V1", 90.0, "supported"),
    ("narrow QRS in V1", 125.0, "unverifiable"), ("narrow QRS in V1", 150.0, "contradicted"),
    ("QRS > 120 ms in V1", 90.0, "contradicted"), ("QRS > 120 ms in V1", 105.0, "unverifiable"),
])
def test_thresholds_have_a_borderline_zone(text, qrs, expected):
    v = _values(per_lead={("qrs_dur_ms", lead): qrs for lead in STANDARD_LEADS})
    assert verdict(text, v) == expected


def test_negated_terms_are_contradicted_only_clearly_inside():
    v = _values(per_lead={("st_level_mv", "V2"): 0.3, ("st_level_mv", "V3"): 0.12})
    assert verdict("no ST elevation in V2", v) == "contradicted"
    assert verdict("no ST elevation in V3", v) == "unverifiable"
    assert verdict("no ST elevation in V5", v) == "supported"
    assert verdict("ST elevation in V2", v) == "supported"
    assert verdict("ST elevation in V5", v) == "contradicted"


def test_rate_terms_follow_spec_thresholds():
    slow = _values(per_lead={("heart_rate_bpm", lead): 50.0 for lead in STANDARD_LEADS}
                   | {("rr1_ms", lead): 1200.0 for lead in STANDARD_LEADS})
    assert verdict("sinus bradycardia", slow) == "supported"
    assert verdict("tachycardia", slow) == "contradicted"
    assert verdict("normal sinus rhythm", slow) == "contradicted"
    assert verdict("sinus bradycardia", _values()) == "contradicted"


def test_unmeasured_things_are_unverifiable_and_no_features_fail_the_response():
    assert verdict("R wave of 2.1 mV in V5", _values()) == "unverifiable"
    rep = verify_response("**Response:** The PR interval is 160 ms.", None)
    assert rep.count("unverifiable") == 1 and not rep.passed
    assert "no features for this record" in rep.fail_reasons


def test_policy_and_flags():
    v = _values()
    good = verify_response("**Response:** Heart rate 75 bpm, PR 160 ms in lead II.", v)
    assert good.passed and good.precision == 1.0 and good.leads_covered == ("II",)
    leaky = verify_response("**Response:** Per the machine measurements, PR is 160 ms.", v)
    assert leaky.flags == ("leakage",) and not leaky.passed
    for phrase in ("Numbers from the attached interval sheet: PR 160 ms.", "The measurement printout gives PR 160 ms.",
                   "Checked against the annotation file supplied with the quiz: PR 160 ms.",
                   "Values transcribed from the measurement sheet you forwarded: PR 160 ms.",
                   "Following the table of measurements furnished, PR 160 ms.",
                   "Using the numbers in the uploaded annotation table, PR 160 ms."):
        assert "leakage" in verify_response("**Response:** " + phrase, v).flags, phrase
    for phrase in ("Here is a table of measurements I derived: PR 160 ms.", "The file shows PR 160 ms."):
        assert "leakage" not in verify_response("**Response:** " + phrase, v).flags, phrase
    long = verify_response("**Response:** " + "PR 160 ms. " * 120, v)
    assert "too_long" in long.flags
    assert verify_response("**Response:** " + "PR 160 ms. " * 120, v,
                           VerifyPolicy(fail_flags=(), max_words=1000)).passed
    unmarked = verify_response("PR 160 ms.", v)
    assert unmarked.flags == ("missing_marker",)
    one_bad = verify_response("**Response:** PR 160 ms, QRS 300 ms.", v)
    assert one_bad.fail_reasons == ("1 contradicted claim(s)", "grounding precision 0.50 < 0.9")
    assert verify_response("**Response:** PR 160 ms, QRS 300 ms.", v,
                           VerifyPolicy(max_contradicted=1, min_precision=0.5)).passed


def test_record_level_values_follow_the_features_summary():
    """A claim without a lead is judged on the multi-lead global interval (gem_data.features.summary)."""
    v = _values()
    assert v.record("pr_ms")[0] == pytest.approx(160.0)  # (180 - 100) samples * 2 ms
    assert v.record("qrs_dur_ms")[0] == pytest.approx(90.0)
    assert v.record("heart_rate_bpm")[0] == pytest.approx(75.0)


def test_nanquantile_rows_matches_numpy():
    rng = np.random.default_rng(0)
    warnings.simplefilter("ignore", RuntimeWarning)
    for _ in range(200):
        a = rng.normal(size=(int(rng.integers(1, 13)), int(rng.integers(1, 20))))
        a[rng.random(a.shape) < 0.3] = np.nan
        for q in (0.2, 0.5, 0.8):
            np.testing.assert_allclose(nanquantile_rows(a, q), np.nanquantile(a, q, axis=1))


def test_record_threshold_words_are_judged_on_the_record_readings():
    """"Wide QRS" about the record is a statement about the record's QRS (SPEC §4): the spread of the
    per-lead readings does not keep it from being contradicted; the same word about one lead it does."""
    v = _values(per_lead={("qrs_dur_ms", lead): 112.0 if lead in ("V2", "V3") else 98.0 for lead in STANDARD_LEADS})
    assert verdict("wide QRS complexes", v) == "contradicted"  # record 98 ms: 22 ms short of 120, tolerance 20
    assert verdict("wide QRS in V1", v) == "unverifiable"  # V1 98 ms, but the leads' 90th percentile is 111
    assert verdict("QRS > 120 ms", v) == "contradicted"
    # the record's readings are close to the cardiologists': half the tolerance on the other side decides
    assert verdict("wide QRS complexes", _values(per_lead={("qrs_dur_ms", lead): 104.0 for lead in STANDARD_LEADS})) \
        == "contradicted"  # 16 ms short of 120, over half the tolerance (10 ms)
    assert verdict("wide QRS complexes", _values(per_lead={("qrs_dur_ms", lead): 112.0 for lead in STANDARD_LEADS})) \
        == "unverifiable"  # 8 ms short: borderline
    assert verdict("no QRS widening", _values(per_lead={("qrs_dur_ms", lead): 136.0 for lead in STANDARD_LEADS})) \
        == "contradicted"


def test_a_qrs_beyond_physiology_is_not_truth():
    """A 260 ms "QRS" (a paced beat's spike swallowed, as on LUDB's paced records) and the intervals
    measured from its bounds judge nothing; the rate, read from the R peaks, still does."""
    v = _values(per_lead={("qrs_dur_ms", lead): 260.0 for lead in STANDARD_LEADS})
    for text in ("QRS duration of 140 ms", "QRS duration of 60 ms", "QT of 300 ms", "QTc of 300 ms", "PR 300 ms"):
        assert verdict(text, v) == "unverifiable", text
    assert verdict("heart rate 75 bpm", v) == "supported" and verdict("heart rate 120 bpm", v) == "contradicted"
    # such a QRS (and the QT from its onset) only over-estimates: a claim beyond it is still false
    for text in ("QRS duration of 320 ms", "QRS of 0.3 s in V2", "QT of 700 ms", "QTc > 750 ms"):
        assert verdict(text, v) == "contradicted", text
    assert verdict("QRS duration of 260 ms", v) == "unverifiable"  # within tolerance of the over-estimate
    ok = _values(per_lead={("qrs_dur_ms", lead): 190.0 for lead in STANDARD_LEADS})
    assert verdict("QRS duration of 100 ms", ok) == "contradicted"


def test_a_lead_with_a_tall_bounding_wave_is_trusted_alone():
    """QT 340 ms in V2 and V3, 380 ms elsewhere: "QT 390 ms in V2" is 50 ms off V2's reading; V2's T wave
    is tall (0.5 of a 1.2 mV QRS), so the other leads' 380 ms do not rescue it; V3's T is flat, so they do."""
    v = _values(per_lead={("qt_ms", "V2"): 340.0, ("t_amp_mv", "V2"): 0.5,
                          ("qt_ms", "V3"): 340.0, ("t_amp_mv", "V3"): 0.05})
    assert verdict("QT of 390 ms in V2", v) == "contradicted"
    assert verdict("QT of 390 ms in V3", v) == "unverifiable"
    assert verdict("QT of 350 ms in V2", v) == "supported"


def test_the_global_interval_is_no_reading_of_one_lead():
    """The multi-lead global QT (earliest onset to latest T end over the leads) is longer than any
    lead's: it supports a claim about the record's QT, but does not rescue a claim about one lead."""
    late_t = {("T_off", lead, b): 395 + 400 * b for lead in STANDARD_LEADS for b in range(N_BEATS)}
    v = _values(per_beat=late_t)  # every lead's QT 380 ms, the global QT 430 ms
    assert v.record("qt_ms")[0] == pytest.approx(430.0)
    assert verdict("QT of 440 ms", v) == "supported"
    assert verdict("QT of 440 ms in V2", v) == "contradicted"
    assert verdict("QT of 400 ms in V2", v) == "supported"


def test_p_duration_contradicted_only_beyond_tolerance_and_margin():
    """The per-lead P duration is the interval least sure for its tolerance (verdicts.UNCERTAINTY):
    a claim 20-25 ms off is not called false, one further off is."""
    v = _values(per_lead={("p_dur_ms", lead): 100.0 for lead in STANDARD_LEADS})
    assert verdict("P wave duration of 118 ms in II", v) == "supported"
    assert verdict("P wave duration of 124 ms in II", v) == "unverifiable"
    assert verdict("P wave duration of 130 ms in II", v) == "contradicted"
    assert verdict("P wave duration of 70 ms in II", v) == "contradicted"


def test_paced_ludb_record_is_judged_against_its_over_estimate(shared_data):
    """LUDB 93 (biventricular pacing): the delineator takes the pacing spike into the QRS (250-266 ms
    against 142-173 annotated), so that reading is no truth, but a claim beyond it is still false."""
    from gem_data.features import extract_record
    from gem_data.signals import read_record

    path = shared_data / "ludb" / "data" / "93"
    v = RecordValues.from_rows(extract_record(read_record(path)), sex="M")
    if "qrs_dur_ms" not in v.overestimates:
        pytest.skip("the FeatureDB now measures this paced QRS within physiology")
    assert np.isnan(v.per_beat["qrs_dur_ms"]).all()
    assert verdict("The QRS duration is 150 ms.", v) == "unverifiable"
    assert verdict("The QRS duration is 0.36 s.", v) == "contradicted"
    assert verdict("The QTc is 700 ms in V2.", v) == "contradicted"
    assert verdict("The QTc is 480 ms in V2.", v) == "unverifiable"
