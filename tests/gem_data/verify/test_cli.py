"""``gem verify RECORD --text FILE --json`` on a real record."""
from __future__ import annotations

import json

from click.testing import CliRunner

from gem_data.verify.cli import verify


def test_cli_prints_claims_and_verdicts_as_json(shared_data, tmp_path):
    text = tmp_path / "answer.txt"
    text.write_text("**Response:** The heart rate is 190 bpm. Lead V7 shows K waves. The QRS is narrow.")
    record = shared_data / "ptbxl" / "records500" / "01000" / "01034_hr"  # ~52 bpm, QRS ~95 ms
    result = CliRunner().invoke(verify, [str(record), "--text", str(text), "--json", "--raw"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    verdicts = {(c["feature"], c["verdict"]) for c in out["claims"]}
    assert verdicts == {("heart_rate_bpm", "contradicted"), ("lead", "contradicted"), ("wave", "contradicted"),
                        ("qrs_dur_ms", "supported")}
    assert not out["passed"] and set(out["flags"]) == {"nonexistent_lead", "invented_wave"}
    raw = text.read_text()  # v2 keys: each claim's span, offset by where the answer starts
    assert all(c["text"] in raw[out["answer_offset"] + c["start"]:out["answer_offset"] + c["end"]]
               for c in out["claims"])  # a nonexistent lead's span includes "Lead" before its name


def test_cli_table_output_and_bad_record(tmp_path):
    text = tmp_path / "answer.txt"
    text.write_text("PR 160 ms")
    result = CliRunner().invoke(verify, [str(tmp_path / "nope"), "--text", str(text)])
    assert result.exit_code != 0 and "nope" in result.output
