"""The long FeatureDB table and the `gem features --json` document (contracts other stages read)."""
from __future__ import annotations

import json

import polars as pl
from click.testing import CliRunner

from gem_data.features import (BEAT_COLUMNS, FIDUCIALS, RECORD_SCHEMA, SCHEMA, extract,
                               extract_record, long_frame, summarize)
from gem_data.features.cli import JSON_FEATURES, features, validate_delineation
from gem_data.signals import STANDARD_LEADS, read_record
from tests.gem_data.features import synth


def test_long_rows_follow_the_schema_and_turn_missing_into_null(tmp_path):
    x = synth.ecg(synth.regular(800), with_p=False)
    x[4] = 0.0  # a flat lead: all its fiducials and features are null, its rows still exist
    table = extract(x, synth.FS)
    df = long_frame(["r1"], [table])
    assert dict(df.schema) == SCHEMA
    assert df.height == 12 * table.n_beats
    assert df["P_on"].null_count() == df.height  # no P waves were drawn
    avl = df.filter(pl.col("lead") == "aVL")
    assert avl["QRS_on"].null_count() == avl.height and avl["qrs_dur_ms"].null_count() == avl.height
    assert df.filter(pl.col("lead") == "II")["qrs_dur_ms"].null_count() == 0
    assert df["st_form"].drop_nulls().is_in(["horizontal", "upsloping", "downsloping"]).all()
    df.write_parquet(tmp_path / "f.parquet")
    assert pl.read_parquet(tmp_path / "f.parquet").equals(df)


def test_extract_record_uses_standard_lead_names_and_one_beat_index(shared_data):
    rec = read_record(shared_data / "ptbxl" / "records500" / "00000" / "00005_hr")
    df = extract_record(rec)
    assert df["lead"].unique(maintain_order=True).to_list() == list(STANDARD_LEADS)
    beats = df.group_by("lead").agg(pl.col("beat").max())["beat"].unique()
    assert beats.len() == 1  # every lead has the same beats


def test_summary_has_per_lead_medians_and_global_intervals(shared_data):
    rec = read_record(shared_data / "ptbxl" / "records500" / "00000" / "00005_hr")
    s = summarize(extract(rec.signal, rec.fs))
    assert set(s["per_lead"]) == set(STANDARD_LEADS)
    g = s["global"]
    assert 40 <= g["heart_rate_bpm"] <= 120 and 60 <= g["qrs_dur_ms"] <= 140
    assert 250 <= g["qt_ms"] <= 500 and g["qtc_ms"] > 0


def test_features_json_is_exactly_the_documented_document(shared_data):
    path = str(shared_data / "ludb" / "data" / "1")
    out = CliRunner().invoke(features, [path, "--json"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.output)
    assert list(doc) == ["fs", "leads", "fiducials", "beats", "record"]  # v2 appended "record"
    assert list(doc["record"]) == list(RECORD_SCHEMA)
    assert doc["fs"] == 500 and doc["leads"] == list(STANDARD_LEADS)
    n_beats = len(doc["fiducials"]["II"]["R_peak"])
    for lead in STANDARD_LEADS:
        assert list(doc["fiducials"][lead]) == list(FIDUCIALS)
        assert all(len(v) == n_beats for v in doc["fiducials"][lead].values())
    assert len(doc["beats"]) == 12 * n_beats
    first = doc["beats"][0]
    assert list(first) == ["lead", "beat", *JSON_FEATURES, *BEAT_COLUMNS] and len(JSON_FEATURES) == 14
    assert first["premature"] is None  # the first beat has no RR1: not decidable
    assert first["rr1_ms"] is None  # null, not NaN: the output is strict JSON
    assert all(isinstance(v, int) or v is None for v in doc["fiducials"]["V1"]["P_on"])


def test_features_cli_reports_an_unreadable_record(tmp_path):
    out = CliRunner().invoke(features, [str(tmp_path / "missing"), "--json"])
    assert out.exit_code != 0 and "missing header" in out.output


def test_validate_delineation_prints_a_table_for_a_ludb_folder(shared_data, tmp_path):
    # a 2-record LUDB folder keeps this quick; the full table is in docs/features.md
    src = shared_data / "ludb" / "data"
    for name in ("1", "3"):
        for f in src.glob(f"{name}.*"):
            (tmp_path / f.name).symlink_to(f)
    out = CliRunner().invoke(validate_delineation, [str(tmp_path)])
    assert out.exit_code == 0, out.output
    assert "| QRS |" in out.output and "2 records" in out.output
