"""``evaluate`` end to end: the judge over a real local HTTP server, sources side by side, no-key mode."""
from __future__ import annotations

import json

import polars as pl
import pytest
from click.testing import CliRunner

from gem_model.evaluation.cli import evaluate_cmd
from gem_model.evaluation.judge import CRITERIA
from gem_model.evaluation.run import EvalConfig, evaluate, load_predictions
from tests.gem_data.llm.fake_openai import FakeOpenAI
from tests.gem_data.llm.helpers import API_KEY, make_config
from tests.gem_model.evaluation.judge_replies import GEM, REPLIES, STRICT
from tests.gem_model.evaluation.reference import build_reference

# what the judge answers when asked again: the two cut replies come back whole (the texts of r01 and
# r02), the two refusals refuse again
REASKED = {"r29": REPLIES["r01"][0], "r30": REPLIES["r02"][0]}
FIRST_MAX_TOKENS = 100  # make_config's max_output_tokens


class FakeJudge(FakeOpenAI):
    """The LLM stage's local OpenAI server, answering each ``ROW-<sid>`` with that sample's raw judge reply
    and its finish_reason; a re-ask (a larger max_completion_tokens) gets ``REASKED`` where there is one."""

    def chat(self, body: dict, auth: str):
        status, payload, headers = super().chat(body, auth)
        if status == 200:
            row = json.dumps(body["messages"]).split("ROW-")[1].split()[0]
            text, finish_reason = REPLIES[row]
            if body["max_completion_tokens"] > FIRST_MAX_TOKENS:
                text, finish_reason = REASKED.get(row, text), ("stop" if row in REASKED else finish_reason)
            payload["choices"][0]["message"]["content"] = text
            payload["choices"][0]["finish_reason"] = finish_reason
        return status, payload, headers


def _judge_reference(tmp_path, ids: list[str]):
    """Test samples (text only: the judge needs no ECG) and a predictions file naming each one's reply."""
    ref = pl.DataFrame({"id": ids, "record_id": ids, "report": [""] * len(ids),
                        "answer": [f"Ground-truth interpretation {sid}: sinus rhythm, normal axis." for sid in ids]})
    ref.write_parquet(tmp_path / "test.parquet")
    preds = tmp_path / "preds.jsonl"
    preds.write_text("".join(json.dumps({"id": sid, "text": f"ROW-{sid} generated interpretation"}) + "\n"
                             for sid in ids))
    return tmp_path / "test.parquet", preds


def _expected(table: dict, sids: list[str]) -> dict[str, float]:
    """Means of the hand-computed per-sample values of ``sids`` (None entries left out)."""
    out = {}
    for k, metric in enumerate(CRITERIA):
        values = [table[s][k] for s in sids if table[s][k] is not None]
        out[metric] = sum(values) / len(values)
    return out


def test_judge_over_http_reasks_unreadable_replies_once_and_aggregates_both_ways(tmp_path):
    reference, preds = _judge_reference(tmp_path, list(REPLIES))
    with FakeJudge() as fake:
        config = EvalConfig(out_dir=str(tmp_path / "eval"), judge=make_config(fake.base_url), judge_free=False,
                            label_set=None, n_boot=100)
        summary = evaluate({"model": preds}, reference, config, api_key=API_KEY)
        # 34 first asks + one re-ask each for r28 (refusal), r29 (cut mid-string), r30 (cut at max tokens),
        # r31 (JSON refusal); every re-ask with twice the output budget, so its own ledger key
        assert sum(fake.received.values()) == 38
        reasks = [b for b in fake.bodies if b["max_completion_tokens"] == 2 * FIRST_MAX_TOKENS]
        assert sorted(json.dumps(b["messages"]).split("ROW-")[1][:3] for b in reasks) == ["r28", "r29", "r30", "r31"]
        assert fake.bodies[0]["response_format"] == {"type": "json_object"}
        again = evaluate({"model": preds}, reference, config, api_key=API_KEY)
        assert sum(fake.received.values()) == 38  # first answers and re-asks both came from the ledger
    # r29 and r30 now carry r01's and r02's replies; r28 and r31 stay excluded
    gem_ids = [s for s in GEM] + ["r29", "r30"]
    gem_table = {**GEM, "r29": GEM["r01"], "r30": GEM["r02"]}
    strict_table = {**STRICT, "r29": STRICT["r01"], "r30": STRICT["r02"]}
    for metric, value in _expected(gem_table, gem_ids).items():
        assert summary.value("model", metric) == pytest.approx(round(value, 2), abs=0.01), metric
        assert again.value("model", metric) == summary.value("model", metric), metric
    for metric, value in _expected(strict_table, gem_ids).items():
        assert summary.value("model", metric, family="judge_strict") == pytest.approx(value), metric
    per_sample = pl.read_parquet(summary.paths["per_sample"]).sort("sample_id")
    assert per_sample.filter(pl.col("judge_reasked"))["sample_id"].to_list() == ["r28", "r29", "r30", "r31"]
    assert per_sample.filter(~pl.col("judge_parse_ok"))["sample_id"].to_list() == ["r28", "r31"]
    md = (tmp_path / "eval" / "summary.md").read_text()
    assert "### LLM judge: gem vs strict aggregation" in md
    assert "excluded (unreadable): r28, r31" in md and "re-asked once: 4" in md
    assert ("repairs: fence_or_prose 4, smart_quotes 4, plus_sign 3, trailing_comma 4, closing_brackets 3, "
            "python_literal 4") in md
    assert "| ECGFeatureGrounding |" in md and "GEM (LLaVA-7B)" in md  # the paper beside the main table


def test_gem_evaluate_aggregation_option_picks_the_main_table(tmp_path, monkeypatch):
    # few samples: the CLI's judge defaults (6,000 output tokens against 200k tokens/min) pace requests
    ids = ["r10", "r18", "r19", "r31"]
    reference, preds = _judge_reference(tmp_path, ids)
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    with FakeJudge() as fake:
        args = [f"model={preds}", "--reference", str(reference), "--judge-model", "test-model",
                "--judge-base-url", fake.base_url, "--label-set", "none", "--n-boot", "20"]
        gem = CliRunner().invoke(evaluate_cmd, [*args, "--out", str(tmp_path / "gem")])
        strict = CliRunner().invoke(evaluate_cmd, [*args, "--out", str(tmp_path / "strict"),
                                                   "--aggregation", "strict"])
        bad = CliRunner().invoke(evaluate_cmd, [*args, "--aggregation", "paper"])
    assert gem.exit_code == 0, gem.output
    assert strict.exit_code == 0, strict.output
    assert bad.exit_code != 0 and "paper" in bad.output
    readable = ["r10", "r18", "r19"]  # r31 refuses twice: excluded
    expected = {"gem": _expected(GEM, readable), "strict": _expected(STRICT, readable)}
    for name, result in (("gem", gem), ("strict", strict)):
        for metric in CRITERIA:
            row = next(ln for ln in result.output.splitlines() if ln.startswith(f"| {metric} |"))
            assert float(row.split("|")[2].split()[0]) == pytest.approx(expected[name][metric], abs=0.01), (name, metric)
    # the two policies differ where the fixture says they must: r10 has no DiagnosisAccuracy, r18/r19
    # several items for a 0-100 criterion
    assert expected["gem"]["DiagnosisAccuracy"] != pytest.approx(expected["strict"]["DiagnosisAccuracy"])
    assert expected["gem"]["ECGFeatureGrounding"] != pytest.approx(expected["strict"]["ECGFeatureGrounding"])
    assert "excluded (unreadable): r31" in (tmp_path / "strict" / "summary.md").read_text()
    metrics = pl.read_parquet(tmp_path / "strict" / "metrics.parquet")
    assert set(metrics["family"]) == {"judge", "judge_gem", "judge_free"}  # the other policy kept for scripts
    first = metrics.filter(pl.col("metric") == "DiagnosisAccuracy").row(0, named=True)
    assert first["family"] == "judge" and first["value"] == pytest.approx(expected["strict"]["DiagnosisAccuracy"])


@pytest.fixture(scope="module")
def reference(shared_data, tmp_path_factory):
    root = tmp_path_factory.mktemp("gem_data_dir")
    return root, build_reference(shared_data, root, n=4)


def test_without_a_key_the_judge_is_skipped_and_said_so(reference, tmp_path):
    root, test_parquet = reference
    config = EvalConfig(out_dir=str(tmp_path / "eval"), judge=make_config(None), data_dir=str(root), n_boot=50)
    summary = evaluate({"template": "builtin:template"}, test_parquet, config, api_key=None)
    assert not summary.judge_used and "no API key" in summary.judge_note
    assert set(summary.metrics["family"]) == {"judge_free", "classification"}
    assert not set(CRITERIA) & set(summary.metrics["metric"])


def test_two_sources_are_scored_side_by_side_on_the_same_records(reference, tmp_path):
    root, test_parquet = reference
    config = EvalConfig(out_dir=str(tmp_path / "eval"), data_dir=str(root), n_boot=50)
    summary = evaluate({"template": "builtin:template", "machine_report": "builtin:report"}, test_parquet, config)
    assert summary.sources == ("template", "machine_report")
    # the template cites leads and features; a terse machine report names almost none
    assert summary.value("template", "leads_covered") > summary.value("machine_report", "leads_covered")
    assert summary.value("template", "features_cited") >= 4
    md = (tmp_path / "eval" / "summary.md").read_text()
    assert "| metric | template | machine_report |" in md
    metrics = pl.read_parquet(summary.paths["metrics"])
    assert metrics.filter(pl.col("family") == "classification").height == 6


def test_predictions_load_from_json_jsonl_parquet_and_gem_raw_results(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"x": "one", "y": "two"}))
    (tmp_path / "b.jsonl").write_text('{"sample_id": "x", "prediction": "one"}\n')
    (tmp_path / "c.json").write_text(json.dumps([{"id": "x", "GEM_generated": "one"}]))
    pl.DataFrame({"record_id": ["x"], "output": ["one"]}).write_parquet(tmp_path / "d.parquet")
    for name in ("a.json", "b.jsonl", "c.json", "d.parquet"):
        frame = load_predictions(tmp_path / name)
        assert frame.columns == ["id", "text"] and frame.row(0) == ("x", "one"), name
    (tmp_path / "bad.json").write_text(json.dumps([{"foo": 1}]))
    with pytest.raises(ValueError, match="id column"):
        load_predictions(tmp_path / "bad.json")
