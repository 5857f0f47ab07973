"""The guider: every beat of every feature reaches the prompt, tokens are counted right, rows are keyed."""
from __future__ import annotations

import json
import math

import numpy as np
import polars as pl
import pytest

from gem_data.guider import (
    FEATURE_ROWS, GuiderConfig, build_batch, count_text_tokens, encode_features, image_tokens,
)
from gem_data.guider.prompt import PROMPTS_DIR, load_template, machine_line
from gem_data.llm.client import build_request
from gem_data.signals import STANDARD_LEADS
from tests.gem_data.guider.fixtures import make_batch, synthetic_features

_LETTER = {"horizontal": "h", "upsloping": "u", "downsloping": "d"}


def _parse(text: str) -> dict[str, dict[str, list[str]]]:
    """Read the measurement block back: {feature label: {lead: cells}} (shared rows expanded to the leads).

    Written independently of the encoder: only the documented layout (shared rhythm rows after
    "All leads:" / "All measured leads:", a legend naming the fields in order, then "<lead> f1;f2;..."
    or "<lead> not measurable", ST form a letter per beat).
    """
    lines = text.splitlines()
    n_beats = int(lines[0].split("-", 1)[1].split(",")[0])
    legend = next(i for i, line in enumerate(lines) if line.startswith("Per lead"))
    fields = lines[legend].split(": ", 1)[1].split("; ")
    off = [line.split(" ")[0] for line in lines[legend + 1:] if line.endswith(" not measurable")]
    shared: dict[str, list[str]] = {}
    for line in lines[2:legend] if lines[1] in ("All leads:", "All measured leads:") else []:
        if line.startswith("RR intervals"):  # beats 1-2, 2-3, ...: RR1 of beats 2..n, RR2 of beats 1..n-1
            series = line.split(") ", 1)[1].split(" ")
            shared["RR to previous beat ms"] = ["-", *series]
            shared["RR to next beat ms"] = [*series, "-"]
            continue
        label = next(lab for _, lab, _ in FEATURE_ROWS if line.startswith(lab + " "))
        shared[label] = line[len(label) + 1:].split(" ")
    out: dict[str, dict[str, list[str]]] = {label: {} for label in [*shared, *fields]}
    for line in lines[legend + 1:]:
        lead, _, rest = line.partition(" ")
        for label in shared:
            out[label][lead] = ["-"] * n_beats if lead in off else shared[label]
        for i, label in enumerate(fields):
            cells = rest.split(";")[i] if lead not in off else "-" * n_beats if label.startswith("ST form") \
                else " ".join(["-"] * n_beats)
            out[label][lead] = list(cells) if label.startswith("ST form") else cells.split(" ")
    return out


def _expected(value, column: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if column == "st_form":
        return _LETTER[value]
    if column.endswith("_mv"):
        return f"{value:.2f}"
    return str(round(value))


def _assert_round_trips(rows: pl.DataFrame) -> None:
    parsed = _parse(encode_features(rows))
    assert len(FEATURE_ROWS) == 14 and len(parsed) == 14
    for column, label, _ in FEATURE_ROWS:
        for rec in rows.iter_rows(named=True):
            cell = parsed[label][rec["lead"]][rec["beat"]]
            want = _expected(rec[column], column)
            if column.endswith("_mv") and want != "-":
                assert float(cell) == pytest.approx(float(want)), (column, rec["lead"], rec["beat"])
            else:
                assert cell == want, (column, rec["lead"], rec["beat"])


def test_every_beat_of_all_14_features_in_all_12_leads_round_trips():
    _assert_round_trips(synthetic_features("r", n_beats=12, seed=3))


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
    assert all(line.count(";") == 10 for line in lines[-12:])  # 11 per-lead fields
    odd = rows.with_columns(pl.when(pl.col("lead") == "V4").then(pl.col("rr1_ms") + 2).otherwise(pl.col("rr1_ms"))
                            .alias("rr1_ms"))
    parsed = _parse(encode_features(odd))
    assert parsed["RR to previous beat ms"]["V4"][1] != parsed["RR to previous beat ms"]["V3"][1]
    assert all(line.count(";") == 11 for line in encode_features(odd).splitlines()[-12:])


def test_a_lead_without_any_value_is_one_line_and_rhythm_stays_shared():
    rows = synthetic_features("r", n_beats=6, seed=4)
    values = [c for c in rows.columns if c not in ("record_id", "lead", "beat", "st_form")]
    off = rows.with_columns(*(pl.when(pl.col("lead").is_in(["II", "V6"])).then(None).otherwise(pl.col(c)).alias(c)
                              for c in [*values, "st_form"]))
    text = encode_features(off.filter(pl.col("lead") != "V3"))  # V3: no rows at all
    assert "\nII not measurable" in text and "\nV6 not measurable" in text and "\nV3 not measurable" in text
    assert "\nAll measured leads:\n" in text
    assert sum(line.count(";") == 10 for line in text.splitlines()) == 9  # the 9 measured leads
    _assert_round_trips(off)


def test_optional_fields_append_to_every_lead_line():
    rows = synthetic_features("r", n_beats=5, seed=2)
    parsed = _parse(encode_features(rows, ("st_level_mv", "qtc_fridericia_ms")))
    for rec in rows.iter_rows(named=True):
        assert float(parsed["ST level J+60ms mV"][rec["lead"]][rec["beat"]]) == pytest.approx(
            round(rec["st_level_mv"], 2))
        want = "-" if rec["qtc_fridericia_ms"] is None else str(round(rec["qtc_fridericia_ms"]))
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
    summary = build_batch(layout, "p1000", GuiderConfig())
    frame = pl.read_parquet(layout.stage_file("prompts", "p1000"))
    assert summary.n_prompts == frame.height == 3 and summary.n_quarantined == 2
    reasons = pl.read_parquet(layout.quarantine("guider", "p1000"))["reason"].to_list()
    assert sorted(reasons) == ["no FeatureDB rows", "no rendered image"]
    row = frame.row(0, named=True)
    assert row["prompt_version"] == "guider-v2" and row["image_tokens"] == 765
    assert "Sinus rhythm. Normal ECG." in row["user"] and "RR 880 ms" in row["user"]
    assert row["text_tokens"] == count_text_tokens(row["system"]) + count_text_tokens(row["user"]) + 7
    assert row["est_cost_usd"] > 0 and json.loads(row["facts_json"])["leads"]["II"]
    req = build_request(record_id=row["record_id"], system=row["system"], user=row["user"],
                        image_path=layout.root / row["image_path"], config=GuiderConfig().llm,
                        prompt_version=row["prompt_version"])
    assert req.key == row["request_key"]
    assert summary.text_tokens_median == float(np.median(frame["text_tokens"].to_numpy()))


def test_images_are_found_by_safe_name_when_the_render_index_is_missing(tmp_path):
    layout = make_batch(tmp_path, n=2)
    layout.images_index("p1000").unlink()
    summary = build_batch(layout, "p1000", GuiderConfig())
    frame = pl.read_parquet(layout.stage_file("prompts", "p1000"))
    assert summary.n_prompts == 2 and frame["image_path"][0].endswith("mimic-iv-ecg__40000001.png")
    assert frame["image_tokens"][0] == image_tokens(220, 170)  # size read from the file itself
