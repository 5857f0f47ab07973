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
    """Read the measurement block back: {feature label: {lead: cells}} ('all' expanded to 12 leads)."""
    out: dict[str, dict[str, list[str]]] = {}
    label = None
    for line in text.splitlines()[1:]:
        if line.endswith(":"):
            label = line[:-1]
            out[label] = {}
            continue
        names, _, cells = line.partition(" ")
        values = list(cells) if label.startswith("ST form") else cells.split(" ")
        for name in (STANDARD_LEADS if names == "all" else names.split(",")):
            out[label][name] = values
    return out


def _expected(value, column: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if column == "st_form":
        return _LETTER[value]
    if column.endswith("_mv"):
        return f"{value:.2f}"
    return str(round(value))


def test_every_beat_of_all_14_features_in_all_12_leads_round_trips(tmp_path):
    rows = synthetic_features("r", n_beats=12, seed=3)
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


def test_rounding_is_clinical_ms_integers_and_mv_two_decimals():
    rows = synthetic_features("r", n_beats=3).with_columns(
        pl.when(pl.col("lead") == "V2").then(pl.lit(-0.054, pl.Float32)).otherwise(pl.col("t_amp_mv"))
        .alias("t_amp_mv"),
        pl.when(pl.col("lead") == "V2").then(pl.lit(88.6, pl.Float32)).otherwise(pl.col("qrs_dur_ms"))
        .alias("qrs_dur_ms"))
    text = encode_features(rows)
    assert "\nV2 -.05 -.05 -.05\n" in text  # leading zero dropped, 2 decimals
    assert "\nV2 89 89 89\n" in text  # ms as integers


def test_identical_lead_rows_share_a_line_and_rhythm_is_written_once():
    rows = synthetic_features("r", n_beats=4).with_columns(pl.lit(90.0, pl.Float32).alias("qrs_dur_ms"))
    text = encode_features(rows)
    assert f"\n{','.join(STANDARD_LEADS)} 90 90 90 90\n" in text
    assert text.count("\nall ") == 3  # heart rate, RR before, RR after


def test_question_choice_is_seeded_stable_and_uses_the_whole_set():
    template = load_template(PROMPTS_DIR / "guider_v1.toml", PROMPTS_DIR / "questions_v1.txt")
    picks = [template.question_for(f"rec/{i}", seed=0)[0] for i in range(300)]
    assert picks == [template.question_for(f"rec/{i}", seed=0)[0] for i in range(300)]
    assert set(picks) == set(range(len(template.questions))) and len(template.questions) >= 10
    assert picks != [template.question_for(f"rec/{i}", seed=1)[0] for i in range(300)]


def test_template_file_is_versioned_and_follows_the_generation_structure():
    template = load_template(PROMPTS_DIR / "guider_v1.toml", PROMPTS_DIR / "questions_v1.txt")
    assert template.version == "guider-v1"
    for must in ("Lead II", "V1", "aVR", "**Response:**", "300 words", "follow the report", "Never mention"):
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
    assert machine_line({}) == "not available"


def test_build_batch_writes_keyed_priced_prompts_and_quarantines_with_reasons(tmp_path):
    layout = make_batch(tmp_path, n=5, skip_features=(1,), skip_images=(2,))
    summary = build_batch(layout, "p1000", GuiderConfig())
    frame = pl.read_parquet(layout.stage_file("prompts", "p1000"))
    assert summary.n_prompts == frame.height == 3 and summary.n_quarantined == 2
    reasons = pl.read_parquet(layout.quarantine("guider", "p1000"))["reason"].to_list()
    assert sorted(reasons) == ["no FeatureDB rows", "no rendered image"]
    row = frame.row(0, named=True)
    assert row["prompt_version"] == "guider-v1" and row["image_tokens"] == 765
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
