"""FeatureDB v2 facts on real records, checked against what cardiologists and the raw signal say.

Truths come from outside our code: LUDB rhythm lines and manual QRS marks, PTB-XL SCP codes and
the raw WFDB samples (read with wfdb itself). Records are picked by their labels at test time.
"""
from __future__ import annotations

import ast
import csv

import numpy as np
import polars as pl
import pytest
import wfdb

from gem_data.features import RECORD_SCHEMA, extract, extract_record
from gem_data.features.facts import RR_IRREGULAR_ABOVE, rr_irregularity
from gem_data.features.noise import MILD, add_noise
from gem_data.features.table import build_table, long_frame
from gem_data.signals import read_record
from tests.conftest import reference_signal
from tests.gem_data.features import synth


def _ludb(shared, pattern: str, exclude: str = "#none#") -> list:
    """LUDB record paths whose header comments contain ``pattern`` (and not ``exclude``)."""
    out = []
    for hea in sorted((shared / "ludb" / "data").glob("*.hea"), key=lambda p: int(p.stem)):
        text = " ".join(wfdb.rdheader(str(hea.with_suffix(""))).comments).lower()
        if pattern.lower() in text and exclude.lower() not in text:
            out.append(hea.with_suffix(""))
    return out


def _ptbxl(shared, want, avoid=frozenset()) -> list[tuple[dict, object]]:
    """(csv row, path) of present PTB-XL records whose SCP codes include all of ``want``."""
    out = []
    with (shared / "ptbxl" / "ptbxl_database_subset.csv").open() as fh:
        for row in csv.DictReader(fh):
            codes = ast.literal_eval(row["scp_codes"])
            path = shared / "ptbxl" / row["filename_hr"]
            if set(want) <= set(codes) and not set(avoid) & set(codes) \
                    and path.with_suffix(".hea").is_file():
                out.append((row, path))
    return out


def _facts(path):
    rec = read_record(path)
    return build_table(rec.signal, rec.fs, rec.leads)


def _annotated_r(path) -> np.ndarray:
    """Sample positions of the QRS complexes the LUDB cardiologists marked in lead II."""
    ann = wfdb.rdann(str(path), "ii")
    return np.asarray([s for s, sym in zip(ann.sample, ann.symbol) if sym == "N"])


def test_af_records_are_never_sinus_and_irregular_af_is_absent_irregular(shared_data):
    af = _ludb(shared_data, "Rhythm: Atrial fibrillation")
    ptb = [p for _, p in _ptbxl(shared_data, {"AFIB"})]
    assert len(af) >= 5 and ptb
    for path in af + ptb:
        t = _facts(path)
        assert t.record.atrial_activity != "sinus_p", path
    # an AF record without pacing whose annotated RRs are irregular: the AF pattern
    for path in (shared_data / "ludb" / "data" / "51", ptb[0]):
        t = _facts(path)
        if path.parent.name == "data":
            assert rr_irregularity(np.diff(_annotated_r(path)) * 2.0) > RR_IRREGULAR_ABOVE
        assert t.record.atrial_activity == "absent_irregular", path
        assert t.record.rr_irregular is True and t.record.p_share < 0.5


def test_flutter_records_show_flutter_waves_not_p_waves(shared_data):
    flutter = _ludb(shared_data, "Rhythm: Atrial flutter")
    assert len(flutter) == 2
    for path in flutter:
        rec = _facts(path).record
        assert rec.atrial_activity == "flutter_waves", (path, rec)
        assert 240 <= rec.flutter_rate_bpm <= 350


def test_sinus_records_have_consistent_p_regular_rr_and_no_premature_beat(shared_data):
    ludb = _ludb(shared_data, "Rhythm: Sinus rhythm", exclude="extrasystole")[:5]
    ptb = [p for _, p in _ptbxl(shared_data, {"NORM", "SR"}, {"PAC", "PVC"})][:4]
    for path in ludb + ptb:
        t = _facts(path)
        assert t.record.atrial_activity == "sinus_p", path
        assert t.record.rr_irregular is not True and t.record.n_premature == 0, path


@pytest.mark.parametrize("name", ["7", "105"])  # a single PAC; single PVCs
def test_premature_flags_the_beats_whose_annotated_rr_is_short(shared_data, name):
    path = shared_data / "ludb" / "data" / name
    assert "extrasystole" in " ".join(wfdb.rdheader(str(path)).comments).lower()
    t = _facts(path)
    # the truth: the cardiologists' QRS marks and their RRs against 0.85 x their median RR (SPEC
    # §3; the sinus rate of these records is steady, so the local median is the record's median)
    marks = _annotated_r(path)
    rr = np.diff(marks).astype(float)
    truth = marks[1:][rr < 0.85 * np.median(rr)]
    assert truth.size >= 1
    flagged = t.beat_idx[t.facts["premature"][0] == 1]
    # LUDB leaves the first and last beats unmarked: compare inside the marked span (+-50 ms)
    inside = flagged[(flagged > marks[0] + 25) & (flagged <= marks[-1] + 25)]
    assert len(inside) == len(truth)
    assert np.all(np.abs(np.sort(inside) - np.sort(truth)) < 50)  # same beats, within 100 ms
    assert np.all(np.isnan(t.facts["premature"][:, 0]))  # the first beat has no RR1
    prem = t.facts["premature"]  # one value per beat, the same in every lead
    assert np.array_equal(prem, np.broadcast_to(prem[:1], prem.shape), equal_nan=True)


def test_a_pvc_does_not_look_like_the_dominant_beat_a_pac_does(shared_data):
    pvc = _facts(shared_data / "ludb" / "data" / "105")
    pac = _facts(shared_data / "ludb" / "data" / "7")
    for t, ventricular in ((pvc, True), (pac, False)):
        prem = np.flatnonzero(t.facts["premature"][0] == 1)
        normal = np.flatnonzero(t.facts["premature"][0] == 0)
        corr = t.facts["dominant_corr"]
        assert np.median(np.nanmedian(corr[:, normal], axis=0)) > 0.95
        per_beat = np.nanmedian(corr[:, prem], axis=0)
        if ventricular:  # a wide, differently shaped QRS (the beat after it is premature too
            assert per_beat.min() < 0.6  # when the PVC is interpolated, but normal)
        else:  # conducted normally: the same QRS, a T changed a little by the short cycle
            assert per_beat.min() > 0.7


def test_ptbxl_pvc_records_flag_a_premature_beat_of_another_shape(shared_data):
    pvc = _ptbxl(shared_data, {"PVC", "SR"})  # one is the second beat of its strip (edge window)
    assert len(pvc) >= 2
    for row, path in pvc:
        t = _facts(path)
        prem = np.flatnonzero(t.facts["premature"][0] == 1)
        assert prem.size >= 1, row["ecg_id"]
        assert np.nanmedian(t.facts["dominant_corr"][:, prem], axis=0).min() < 0.6, row["ecg_id"]


def test_r_and_s_amplitudes_are_millivolts_of_the_raw_signal(shared_data):
    norm = _ptbxl(shared_data, {"NORM", "SR"})
    assert len(norm) >= 5
    for row, path in norm:
        df = extract_record(read_record(path))
        med = {lead: (r, s) for lead, r, s in df.group_by("lead").agg(
            pl.col("r_amp_mv").median(), pl.col("s_amp_mv").median()).iter_rows()}
        # the textbook normal pattern: rS in V1, qR in V6, negative aVR
        assert med["V1"][1] > med["V1"][0] and med["V6"][0] > med["V6"][1], row["ecg_id"]
        assert med["aVR"][1] > med["aVR"][0], row["ecg_id"]
        assert 0.3 < med["V5"][0] < 4.0
    # each beat's R in V5 against the raw wfdb samples: max over the QRS minus the PR level
    row, path = norm[0]
    raw = reference_signal(path)[10]
    df = extract_record(read_record(path)).filter((pl.col("lead") == "V5") & pl.col("QRS_on").is_not_null())
    for on, off, r_mv in df.select("QRS_on", "QRS_off", "r_amp_mv").iter_rows():
        baseline = raw[on - 15:on - 5].mean()
        assert abs(r_mv - (raw[on:off + 1].max() - baseline)) < 0.1


def test_voltage_indices_and_low_voltage_follow_their_definition(shared_data):
    for _, path in _ptbxl(shared_data, {"LVH"}):
        t = _facts(path)
        df = long_frame(["r"], [t])
        use = df.filter(~pl.col("premature").fill_null(False) & (pl.col("qrs_conf") >= 0.5))
        med = {lead: (r, s, p) for lead, r, s, p in use.group_by("lead").agg(
            pl.col("r_amp_mv").median(), pl.col("s_amp_mv").median(),
            pl.col("qrs_amp_mv").median()).iter_rows()}
        sok = med["V1"][1] + max(med["V5"][0], med["V6"][0])
        corn = med["aVL"][0] + med["V3"][1]
        assert t.record.sokolow_lyon_mv == pytest.approx(sok, abs=1e-4)
        assert t.record.cornell_mv == pytest.approx(corn, abs=1e-4)
        low = (all(med[x][2] < 0.5 for x in ("I", "II", "III", "aVR", "aVL", "aVF"))
               or all(med[x][2] < 1.0 for x in ("V1", "V2", "V3", "V4", "V5", "V6")))
        assert t.record.low_voltage is low


def test_records_labelled_with_lvh_voltage_meet_a_voltage_criterion(shared_data):
    labelled = _ptbxl(shared_data, {"VCLVH"})  # PTB-XL: "voltage criteria (QRS) for LVH"
    assert len(labelled) >= 2
    for row, path in labelled:
        rec = _facts(path).record
        cornell_limit = 2.0 if row["sex"] == "1" else 2.8  # PTB-XL sex: 1 female
        assert rec.sokolow_lyon_mv >= 3.5 or rec.cornell_mv > cornell_limit, row["ecg_id"]


def test_mild_noise_leaves_amplitudes_and_premature_beats_alone(shared_data):
    path = shared_data / "ludb" / "data" / "7"
    rec = read_record(path)
    clean = build_table(rec.signal, rec.fs, rec.leads)
    noisy = build_table(add_noise(rec.signal, rec.fs, MILD, "7"), rec.fs, rec.leads)
    assert clean.beat_idx.shape == noisy.beat_idx.shape
    assert np.abs(clean.beat_idx - noisy.beat_idx).max() <= 10  # 20 ms
    assert np.array_equal(clean.facts["premature"], noisy.facts["premature"], equal_nan=True)
    ptb = _ptbxl(shared_data, {"NORM", "SR"})[0][1]
    rec = read_record(ptb)
    a = build_table(rec.signal, rec.fs, rec.leads).facts
    b = build_table(add_noise(rec.signal, rec.fs, MILD, "p"), rec.fs, rec.leads).facts
    for k in ("r_amp_mv", "s_amp_mv"):
        assert np.nanmedian(np.abs(a[k] - b[k])) < 0.05  # 20 µV EMG, 30 µV hum


def test_bad_input_gives_nulls_not_exceptions():
    flat = extract(np.zeros((12, 5000), np.float32), synth.FS)
    assert flat.n_beats == 0 and flat.record.atrial_activity == "unclear"
    assert all(v is None for k, v in flat.record.row().items() if k != "atrial_activity")
    x = synth.ecg(synth.regular(800), with_p=False)
    x[4] = 0.0  # aVL flat
    t = extract(x, synth.FS)
    df = long_frame(["r"], [t])
    avl = df.filter(pl.col("lead") == "aVL")
    assert avl["r_amp_mv"].null_count() == avl.height and avl["dominant_corr"].null_count() == avl.height
    assert df.filter(pl.col("lead") == "II")["r_amp_mv"].null_count() == 0
    assert set(t.record.row()) == set(RECORD_SCHEMA)
    two = extract(x[:, :1200], synth.FS)  # two beats: premature is not decidable
    assert np.isnan(two.facts["premature"]).all() and two.record.rr_irregular is None
