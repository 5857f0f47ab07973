"""``gem train`` and ``gem interpret`` end to end on the tiny preset."""
from __future__ import annotations

import json

from click.testing import CliRunner

from gem_model.cli import TINY_NOTE, interpret_cmd, train_cmd


def test_train_then_interpret(tiny_json, ecg_root, tmp_path):
    out = tmp_path / "run"
    runner = CliRunner()
    res = runner.invoke(train_cmd, ["--preset", "tiny", "--data", str(tiny_json), "--out", str(out),
                                    "--steps", "2", "--ecg-root", str(ecg_root)])
    assert res.exit_code == 0, res.output
    assert "step 2/2" in res.output and "checkpoint" in res.output
    record = ecg_root / json.loads(tiny_json.read_text())[0]["ecg"]
    res = runner.invoke(interpret_cmd, [str(record), "--model", str(out), "--max-new-tokens", "5"])
    assert res.exit_code == 0, res.output
    assert TINY_NOTE in res.output


def test_interpret_missing_model_is_a_clear_error(ecg_root, tmp_path):
    record = sorted((ecg_root / "records500").glob("*/*.hea"))[0].with_suffix("")
    res = CliRunner().invoke(interpret_cmd, [str(record), "--model", str(tmp_path / "no-model")])
    assert res.exit_code != 0 and "no-model" in res.output and "gem train" in res.output
