"""The guider: every trusted beat of every feature reaches the prompt, doubtful ones never do, the record's
facts are one line, tokens are counted right, and the guider knows nothing of the LLM stage."""
from __future__ import annotations

import ast
import json
import math

import numpy as np
import polars as pl
import pytest

from gem_data.features.confidence import CONF_COLUMNS, DOUBTFUL_BELOW, FEATURE_WAVES
from gem_data.guider import (
    FEATURE_ROWS, GuiderConfig, build_batch, count_text_tokens, encode_features, image_tokens, record_facts,
)
from gem_data.guider.encode import RS_LABEL
from gem_data.guider.prompt import PROMPTS_DIR, load_template, machine_line
from gem_data.llm.client import build_request
from gem_data.llm.models import LlmConfig
from gem_data.signals import STANDARD_LEADS
from tests.gem_data.guider.fixtures import RECORD_FACTS, make_batch, synthetic_features

_LETTER = {"horizontal": "h", "upsloping": "u", "downsloping": "d"}


def _parse(text: str) -> dict[str, dict[str, list[str]]]:
    """Read the measurement block back: {feature label: {lead: cells}} (shared rows expanded to the leads).

    Written independently of the encoder: only the documented layout (an optional "Record: ..." line,
    shared rhythm rows after "All leads:" / "All measured leads:", a legend naming the fields in order,
    then "<lead> f1;f2;..." or "<lead> not measurable", ST form a letter per beat, the last field the
    lead's median "R/S" amplitudes, parsed as one cell; a field that is a single "-" has no value in any beat,
    one that is "all X" has X in every beat).
    """
    lines = text.splitlines()
    n_beats = int(lines[0].split("-", 1)[1].split(",")[0])
    legend = next(i for i, line in enumerate(lines) if line.startswith("Per lead"))
    fields = lines[legend].split(": ", 1)[1].split("; ")
    off = [line.split(" ")[0] for line in lines[legend + 1:] if line.endswith(" not measurable")]
    shared: dict[str, list[str]] = {}
    head = next((i for i in (1, 2) if lines[i] in ("All leads:", "All measured leads:")), None)
    for line in lines[head + 1:legend] if head else []:
        if line.startswith("RR intervals"):  # beats 1-2, 2-3, ...: RR1 of beats 2..n, RR2 of beats 1..n-1
            series = line.split(") ", 1)[1].split(" ")
            shared["RR to previous beat ms"] = ["-", *series]
            shared["RR to next beat ms"] = [*series, "-"]
            continue
        label = next(lab for _, lab, _ in FEATURE_ROWS if line.startswith(lab + " "))
        shared[label] = _cells(line[len(label) + 1:], label, n_beats)
    out: dict[str, dict[str, list[str]]] = {label: {} for label in [*shared, *fields]}
    for line in lines[legend + 1:]:
        lead, _, rest = line.partition(" ")
        for label in shared:
            out[label][lead] = ["-"] * n_beats if lead in off else shared[label]
        for i, label in enumerate(fields):
            if label == RS_LABEL:
                out[label][lead] = [rest.split(";")[i] if lead not in off else "-"]
                continue
            out[label][lead] = _cells(rest.split(";")[i] if lead not in off else "-", label, n_beats)
    return out


def _cells(field: str, label: str, n_beats: int) -> list[str]:
    if field == "-":
        return ["-"] * n_beats
    if field.startswith("all "):
        return [field[4:]] * n_beats
    return list(field) if label.startswith("ST form") else field.split(" ")


def _doubtful(rec: dict, column: str) -> bool:
    """The contract of SPEC §3 / gem_data.features.confidence: any wave it needs below the threshold.
    (Rhythm is per beat, not per lead: see test_rhythm_is_doubtful_only_where_every_lead_doubts_the_beat.)"""
    if column in ("heart_rate_bpm", "rr1_ms", "rr2_ms"):
        return False
    confs = [rec.get(CONF_COLUMNS[w]) for w in FEATURE_WAVES.get(column, ())]
    return any(c is not None and c < DOUBTFUL_BELOW for c in confs)


def _expected(value, column: str, rec: dict | None = None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or (rec and _doubtful(rec, column)):
        return "-"
    if column == "st_form":
        return _LETTER[value]
    if column.endswith("_mv"):
        return f"{value:.2f}"
    return str(round(value))


def _assert_round_trips(rows: pl.DataFrame) -> None:
    parsed = _parse(encode_features(rows))
    rs = {"r_amp_mv", "s_amp_mv"} <= set(rows.columns)
    assert len(FEATURE_ROWS) == 14 and len(parsed) == 14 + rs
    for column, label, _ in FEATURE_ROWS:
        for rec in rows.iter_rows(named=True):
            cell = parsed[label][rec["lead"]][rec["beat"]]
            want = _expected(rec[column], column, rec)
            if column.endswith("_mv") and want != "-":
                assert float(cell) == pytest.approx(float(want)), (column, rec["lead"], rec["beat"])
            else:
                assert cell == want, (column, rec["lead"], rec["beat"])


def test_every_beat_of_all_14_features_in_all_12_leads_round_trips():
    _assert_round_trips(synthetic_features("r", n_beats=12, seed=3))


def test_doubtful_values_are_printed_not_measurable_and_the_rest_stay():
    """A value whose wave has confidence < DOUBTFUL_BELOW is stored but must not reach the model as a
    measurement (issue 13, item 3): its cell is "-", its beat's other features keep their values."""
    rows = synthetic_features("r", n_beats=10, seed=7, doubtful=0.3)
    low_p = rows.filter(pl.col("p_conf") < DOUBTFUL_BELOW)
    assert low_p.height > 10  # the fixture really has doubtful P waves
    parsed = _parse(encode_features(rows))
    for rec in low_p.iter_rows(named=True):
        lead, beat = rec["lead"], rec["beat"]
        assert parsed["P dur ms"][lead][beat] == parsed["PR ms"][lead][beat] == "-"
        assert parsed["QRS dur ms"][lead][beat] == str(round(rec["qrs_dur_ms"]))  # the QRS is not doubtful
    trusted_only = _parse(encode_features(rows.with_columns(pl.lit(0.9, pl.Float32).alias("p_conf"))))
    assert sum(c != "-" for cells in trusted_only["P dur ms"].values() for c in cells) > \
        sum(c != "-" for cells in parsed["P dur ms"].values() for c in cells)
    facts = record_facts(rows)
    assert facts["leads"]["II"]["p_dur_ms"]["n"] == rows.filter(
        (pl.col("lead") == "II") & (pl.col("p_conf") >= DOUBTFUL_BELOW))["p_dur_ms"].drop_nulls().len()


def test_rhythm_is_doubtful_only_where_every_lead_doubts_the_beat():
    """RR and rate belong to the beat's one R peak (SPEC §3): one lead's doubtful QRS must not split
    the shared rhythm rows; a beat whose QRS every lead doubts has no rate or RR at all."""
    rows = synthetic_features("r", n_beats=8, seed=5)
    one_lead = rows.with_columns(pl.when((pl.col("lead") == "V5") & (pl.col("beat") == 3)).then(pl.lit(0.2, pl.Float32))
                                 .otherwise(pl.col("qrs_conf")).alias("qrs_conf"))
    text = encode_features(one_lead)
    assert "\nAll leads:\n" in text
    rate = _parse(text)["Heart rate bpm"]
    assert rate["V5"][3] == rate["II"][3] == str(round(rows.filter(pl.col("beat") == 3)["heart_rate_bpm"][0]))
    every_lead = rows.with_columns(pl.when(pl.col("beat") == 3).then(pl.lit(0.2, pl.Float32))
                                   .otherwise(pl.col("qrs_conf")).alias("qrs_conf"))
    parsed = _parse(encode_features(every_lead))
    assert "\nAll leads:\n" in encode_features(every_lead)
    assert parsed["Heart rate bpm"]["II"][3] == parsed["RR to previous beat ms"]["II"][3] == "-"
    assert parsed["Heart rate bpm"]["II"][4] != "-"


def test_record_facts_are_one_line_and_premature_beats_are_numbered_from_1():
    rows = synthetic_features("r", n_beats=9, seed=1)  # beat index 4 is premature -> "beat 5"
    text = encode_features(rows, record=RECORD_FACTS)
    line = text.splitlines()[1]
    assert line == ("Record: sinus P waves; RR regular (irregularity .03); premature beats 5; "
                    "Sokolow-Lyon 2.31 mV; Cornell 1.12 mV; QRS voltage not low")
    af = {**RECORD_FACTS, "atrial_activity": "absent_irregular", "rr_irregular": True, "rr_irregularity": 0.21,
          "low_voltage": True, "sokolow_lyon_mv": None}
    line = encode_features(rows.with_columns(pl.lit(False).alias("premature")), record=af).splitlines()[1]
    assert line == ("Record: no P waves, irregular (fibrillation pattern); RR irregular (irregularity .21); "
                    "no premature beat; Cornell 1.12 mV; low QRS voltage")
    facts = record_facts(rows, {**RECORD_FACTS, "n_premature": 1})
    assert facts["record"]["premature_beats"] == [5] and facts["record"]["atrial_activity"] == "sinus_p"
    assert facts["record"]["sokolow_lyon_mv"] == pytest.approx(2.31) and "status" not in facts["record"]


def test_r_and_s_amplitudes_are_one_per_lead_median_of_trusted_beats():
    rows = synthetic_features("r", n_beats=8, seed=2).with_columns(
        pl.when((pl.col("lead") == "V5") & (pl.col("beat") == 3)).then(pl.lit(0.2, pl.Float32))
        .otherwise(pl.col("qrs_conf")).alias("qrs_conf"),
        pl.when((pl.col("lead") == "V5") & (pl.col("beat") == 3)).then(pl.lit(9.0, pl.Float32))
        .otherwise(pl.col("r_amp_mv")).alias("r_amp_mv"))
    parsed = _parse(encode_features(rows))
    for lead in STANDARD_LEADS:
        part = rows.filter((pl.col("lead") == lead) & (pl.col("qrs_conf") >= DOUBTFUL_BELOW))
        r, s = parsed[RS_LABEL][lead][0].split("/")
        assert float(r) == pytest.approx(float(np.median(part["r_amp_mv"].to_numpy())), abs=0.0051)
        assert float(s) == pytest.approx(float(np.median(part["s_amp_mv"].to_numpy())), abs=0.0051)
    assert parsed["QRS dur ms"]["V5"][3] == "-"  # the doubtful QRS is not measurable in every QRS field


def test_the_guider_does_not_import_the_llm_stage():
    """Data flows one way (STYLE, issue 13 item 8): the LLM stage reads prompts, the guider need not know it."""
    import subprocess
    import sys
    from pathlib import Path

    import gem_data.guider

    code = "import sys, gem_data.guider; print(sorted(m for m in sys.modules if m.startswith('gem_data.llm')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(gem_data.guider.__file__).parents[2])
    assert out.stdout.strip() == "[]"
    for path in Path(gem_data.guider.__file__).parent.glob("*.py"):  # not even lazily, inside a function
        tree = ast.parse(path.read_text())
        names = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        names += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        assert not [m for m in names if m.startswith("gem_data.llm")], path


def test_real_records_round_trip_too(shared_data):
    """FeatureDB rows of real PTB-XL and LUDB records (missing waves, edge beats, negative amplitudes)."""
    from gem_data.features import extract_record
    from gem_data.signals import read_record

    paths = [*sorted((shared_data / "ptbxl" / "records500").glob("*/*.hea"))[:3],
             *sorted((shared_data / "ludb" / "data").glob("*.hea"))[:2]]
    assert len(paths) == 5
    for path in paths:
        rows = extract_record(read_record(path.with_suffix("")))
        assert rows["beat"].n_unique() >= 5 and rows["lead"].n_unique() == 12
        _assert_round_trips(rows)


def test_a_field_without_any_measurable_beat_is_one_dash():
    """No P wave anywhere (atrial fibrillation): each P field is one "-" per lead, not a dash per beat."""
    rows = synthetic_features("r", n_beats=12, seed=6).with_columns(
        *(pl.lit(None, pl.Float32).alias(c) for c in ("p_amp_mv", "p_dur_ms", "pr_ms")))
    lead_lines = encode_features(rows).splitlines()[-12:]
    assert all(line.split(" ", 1)[1].startswith("-;-;-;") for line in lead_lines)
    parsed = _parse(encode_features(rows))
    assert all(parsed["PR ms"][lead] == ["-"] * 12 for lead in STANDARD_LEADS)
    _assert_round_trips(rows)


def test_a_field_with_one_value_in_every_beat_is_written_once():
    """Dominant beats share their lead's template, so a duration is often the same in every beat: written
    "all 88" (2 tokens, not 2 per beat); a field with one differing or missing beat keeps every cell."""
    rows = synthetic_features("r", n_beats=12, seed=7, doubtful=0.0)
    ii = pl.col("lead") == "II"
    rows = rows.with_columns(pl.when(ii).then(88.0).otherwise(pl.col("qrs_dur_ms")).alias("qrs_dur_ms"),
                             pl.when(ii & (pl.col("beat") == 4)).then(None).otherwise(
                                 pl.when(ii).then(110.0).otherwise(pl.col("t_dur_ms"))).alias("t_dur_ms"))
    text = encode_features(rows)
    assert "all 80 = 80 in every beat" in text.splitlines()[0]
    lines = {line.split(" ", 1)[0]: line.split(" ", 1)[1].split(";") for line in text.splitlines()[-12:]}
    labels = [label for _, label, _ in FEATURE_ROWS if not label.startswith(("Heart", "RR"))]
    assert lines["II"][labels.index("QRS dur ms")] == "all 88"
    assert lines["II"][labels.index("T dur ms")] == "110 110 110 110 - 110 110 110 110 110 110 110"
    assert not lines["I"][labels.index("QRS dur ms")].startswith("all")  # random per beat there
    parsed = _parse(text)
    assert parsed["QRS dur ms"]["II"] == ["88"] * 12
    _assert_round_trips(rows)
    assert count_text_tokens(text) <= count_text_tokens(text.replace("all 88", " ".join(["88"] * 12))) - 20


def test_real_batch_prompts_carry_the_record_facts_of_the_features_stage(tmp_path, shared_data):
    """Through the real stages (ingest -> features -> guider) on PTB-XL batch 01000: the atrial-
    fibrillation record 01026 is said to have no P waves and an irregular RR, a sinus record has sinus
    P waves, and no doubtful value of any record reaches a prompt."""
    from gem_data.catalog import ingest_batch
    from gem_data.features import build_batch as build_features
    from gem_data.layout import DataLayout
    from gem_data.sources import WfdbFolder

    layout = DataLayout(tmp_path)
    ingest_batch(WfdbFolder(shared_data / "ptbxl" / "records500"), layout, "01000")
    build_features(layout, "01000")
    build_batch(layout, "01000", GuiderConfig(require_image=False))
    prompts = {r["record_id"]: r["user"] for r in pl.read_parquet(layout.stage_file("prompts", "01000")).to_dicts()}
    af, sinus = prompts["wfdb/01000/01026_hr"], prompts["wfdb/01000/01018_hr"]  # AFIB; NORM, SR (scp_codes)
    assert "\nRecord: no P waves, irregular (fibrillation pattern); RR irregular" in af
    assert "\nRecord: sinus P waves;" in sinus
    rows = pl.read_parquet(layout.features("01000"))
    assert {"p_conf", "qrs_conf", "t_conf", "r_amp_mv", "s_amp_mv", "premature"} <= set(rows.columns)
    for rid, user in prompts.items():
        record_rows = rows.filter(pl.col("record_id") == rid)
        parsed = _parse(user.split("\n\n")[-1])
        for rec in record_rows.iter_rows(named=True):
            for column, label, _ in FEATURE_ROWS:
                if _doubtful(rec, column):
                    assert parsed[label][rec["lead"]][rec["beat"]] == "-", (rid, column)


def test_rounding_is_clinical_ms_integers_and_mv_two_decimals():
    rows = synthetic_features("r", n_beats=3).with_columns(
        pl.when(pl.col("lead") == "V2").then(pl.lit(-0.054, pl.Float32)).otherwise(pl.col("t_amp_mv"))
        .alias("t_amp_mv"),
        pl.when(pl.col("lead") == "V2").then(pl.lit(88.6, pl.Float32)).otherwise(pl.col("qrs_dur_ms"))
        .alias("qrs_dur_ms"))
    parsed = _parse(encode_features(rows))
    assert parsed["T amp mV"]["V2"] == ["-.05"] * 3  # leading zero dropped, 2 decimals
    assert parsed["QRS dur ms"]["V2"] == ["89"] * 3  # ms as integers
    assert all(c.count(".") == 1 and len(c.split(".")[1]) == 2 for c in parsed["QRS amp peak-to-peak mV"]["I"])


def test_one_line_per_lead_and_rhythm_is_written_once_unless_leads_disagree():
    rows = synthetic_features("r", n_beats=4)
    lines = encode_features(rows).splitlines()
    assert [line.split(" ")[0] for line in lines[-12:]] == list(STANDARD_LEADS)
    assert sum(line.startswith(("Heart rate", "RR ")) for line in lines) == 2  # rate, intervals
    assert all(line.count(";") == 11 for line in lines[-12:])  # 11 per-beat fields + median R/S
    odd = rows.with_columns(pl.when(pl.col("lead") == "V4").then(pl.col("rr1_ms") + 2).otherwise(pl.col("rr1_ms"))
                            .alias("rr1_ms"))
    parsed = _parse(encode_features(odd))
    assert parsed["RR to previous beat ms"]["V4"][1] != parsed["RR to previous beat ms"]["V3"][1]
    assert all(line.count(";") == 12 for line in encode_features(odd).splitlines()[-12:])


def test_a_lead_without_any_value_is_one_line_and_rhythm_stays_shared():
    rows = synthetic_features("r", n_beats=6, seed=4)
    values = [c for c in rows.columns if c not in ("record_id", "lead", "beat", "st_form")]
    off = rows.with_columns(*(pl.when(pl.col("lead").is_in(["II", "V6"])).then(None).otherwise(pl.col(c)).alias(c)
                              for c in [*values, "st_form"]))
    text = encode_features(off.filter(pl.col("lead") != "V3"))  # V3: no rows at all
    assert "\nII not measurable" in text and "\nV6 not measurable" in text and "\nV3 not measurable" in text
    assert "\nAll measured leads:\n" in text
    assert sum(line.count(";") == 11 for line in text.splitlines()) == 9  # the 9 measured leads
    _assert_round_trips(off)


def test_optional_fields_append_to_every_lead_line():
    rows = synthetic_features("r", n_beats=5, seed=2)
    parsed = _parse(encode_features(rows, ("st_level_mv", "qtc_fridericia_ms")))
    for rec in rows.iter_rows(named=True):
        assert float(parsed["ST level J+60ms mV"][rec["lead"]][rec["beat"]]) == pytest.approx(
            round(rec["st_level_mv"], 2))
        want = _expected(rec["qtc_fridericia_ms"], "qtc_fridericia_ms", rec)
        assert parsed["QTc Fridericia ms"][rec["lead"]][rec["beat"]] == want


def test_layout_adds_little_to_the_values_themselves():
    """A value costs ~2 tokens in any readable format, so the token goal (benchmarks/llm_throughput.py,
    on real records) is met by the layout adding little: here its whole cost (header, legend, lead
    names, separators) against the same cells written bare, space-separated, one row per lead and field."""
    rows = synthetic_features("r", n_beats=12, seed=5)
    parsed = _parse(encode_features(rows))
    rhythm = ("Heart rate bpm", "RR to previous beat ms")  # written once; RR to next is the same series

    def bare_tokens(label: str, cells: list[str]) -> int:
        return count_text_tokens(" " + ("".join(cells) if label.startswith("ST form") else " ".join(cells)))

    bare = sum(bare_tokens(label, by_lead["I"]) for label, by_lead in parsed.items() if label in rhythm)
    bare += sum(bare_tokens(label, cells) for label, by_lead in parsed.items() if not label.startswith(("Heart", "RR"))
                for cells in by_lead.values())
    overhead = count_text_tokens(encode_features(rows)) - bare
    assert 0 < overhead < 200, overhead  # 161 of 3,399 tokens for 1,608 values (prompt v1: 507)


def test_question_choice_is_seeded_stable_and_uses_the_whole_set():
    template = load_template(PROMPTS_DIR / "guider_v2.toml", PROMPTS_DIR / "questions_v1.txt")
    picks = [template.question_for(f"rec/{i}", seed=0)[0] for i in range(300)]
    assert picks == [template.question_for(f"rec/{i}", seed=0)[0] for i in range(300)]
    assert set(picks) == set(range(len(template.questions))) and len(template.questions) >= 10
    assert picks != [template.question_for(f"rec/{i}", seed=1)[0] for i in range(300)]


def test_template_file_is_versioned_and_follows_the_generation_structure():
    template = load_template(PROMPTS_DIR / "guider_v2.toml", PROMPTS_DIR / "questions_v1.txt")
    assert template.version == "guider-v2"
    for must in ("Lead II", "V1", "aVR", "**Response:**", "300 words", "follow the report", "never mention"):
        assert must in template.system
    v3 = load_template(PROMPTS_DIR / "guider_v3.toml", PROMPTS_DIR / "questions_v1.txt")
    v4 = load_template(PROMPTS_DIR / "guider_v4.toml", PROMPTS_DIR / "questions_v1.txt")
    assert v3.version == "guider-v3" and v4.version == "guider-v4" == GuiderConfig().load().version  # the default
    assert v4.system == v3.system and v4.user == v3.user  # v4 changed the measurement block's layout only
    for must in ('"-" is not measurable', "Sokolow-Lyon", "Cornell", "**Response:**", "never invent"):
        assert must in v4.system


def test_token_counts_use_o200k_and_openai_image_tiles():
    assert count_text_tokens("hello world") == 2  # o200k_base
    assert count_text_tokens("96 98 97") == 5
    assert image_tokens(2200, 1700) == 85 + 170 * 4  # -> 2048x1582 -> 994x768 -> 2x2 tiles
    assert image_tokens(512, 512) == 85 + 170
    assert image_tokens(4096, 1024) == 85 + 170 * 4  # -> 2048x512 (short side already < 768)
    assert image_tokens(2200, 1700, "low") == 85


def test_machine_line_derives_intervals_and_skips_missing_values():
    line = machine_line({"rr_interval_ms": 800.0, "p_onset_ms": 40.0, "p_end_ms": 140.0, "qrs_onset_ms": 200.0,
                         "qrs_end_ms": 290.0, "t_end_ms": 600.0, "qrs_axis_deg": None, "p_axis_deg": 30.0})
    assert line == "RR 800 ms (rate 75 bpm); P 100 ms; PR 160 ms; QRS 90 ms; QT 400 ms; axes P 30°"
    assert machine_line({}) is None
    template = load_template(PROMPTS_DIR / "guider_v2.toml", PROMPTS_DIR / "questions_v1.txt")
    kept = template.render_user(question="Q?", report="Sinus rhythm.", machine="RR 800 ms", measurements="M")
    dropped = template.render_user(question="Q?", report="Sinus rhythm.", machine=None, measurements="M")
    assert "RR 800 ms" in kept and dropped == "\n".join(x for x in kept.split("\n") if "RR 800 ms" not in x)


def test_build_batch_writes_keyed_priced_prompts_and_quarantines_with_reasons(tmp_path):
    layout = make_batch(tmp_path, n=5, skip_features=(1,), skip_images=(2,))
    summary = build_batch(layout, "p1000", GuiderConfig(llm=LlmConfig()))
    frame = pl.read_parquet(layout.stage_file("prompts", "p1000"))
    assert summary.n_prompts == frame.height == 3 and summary.n_quarantined == 2
    reasons = pl.read_parquet(layout.quarantine("guider", "p1000"))["reason"].to_list()
    assert sorted(reasons) == ["no FeatureDB rows", "no rendered image"]
    row = frame.row(0, named=True)
    assert row["prompt_version"] == "guider-v4" and row["image_tokens"] == 765
    assert "Sinus rhythm. Normal ECG." in row["user"] and "RR 880 ms" in row["user"]
    assert "\nRecord: sinus P waves; RR regular" in row["user"]  # from features_records
    assert row["text_tokens"] == count_text_tokens(row["system"]) + count_text_tokens(row["user"]) + 7
    assert row["est_cost_usd"] > 0 and json.loads(row["facts_json"])["leads"]["II"]
    req = build_request(record_id=row["record_id"], system=row["system"], user=row["user"],
                        image_path=layout.root / row["image_path"], config=LlmConfig(),
                        prompt_version=row["prompt_version"])
    assert req.key == row["request_key"] and req.image_sha256 == row["image_sha256"]
    assert summary.text_tokens_median == float(np.median(frame["text_tokens"].to_numpy()))
    # without an LLM stage to ask, the prompts are the same text with no model, key or price
    bare = build_batch(layout, "p1000", GuiderConfig())
    unstamped = pl.read_parquet(layout.stage_file("prompts", "p1000"))
    assert unstamped["user"].to_list() == frame["user"].to_list() and bare.est_cost_usd == 0
    assert unstamped["request_key"].null_count() == unstamped["est_cost_usd"].null_count() == 3


def test_images_are_found_by_safe_name_when_the_render_index_is_missing(tmp_path):
    layout = make_batch(tmp_path, n=2)
    layout.images_index("p1000").unlink()
    summary = build_batch(layout, "p1000", GuiderConfig())
    frame = pl.read_parquet(layout.stage_file("prompts", "p1000"))
    assert summary.n_prompts == 2 and frame["image_path"][0].endswith("mimic-iv-ecg__40000001.png")
    assert frame["image_tokens"][0] == image_tokens(220, 170)  # size read from the file itself
