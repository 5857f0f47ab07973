"""``evaluate`` end to end: the judge over a real local HTTP server, sources side by side, no-key mode."""
from __future__ import annotations

import json

import polars as pl
import pytest

from gem_model.evaluation.judge import CRITERIA
from gem_model.evaluation.run import EvalConfig, evaluate, load_predictions
from tests.gem_data.llm.fake_openai import FakeOpenAI
from tests.gem_data.llm.helpers import API_KEY, make_config
from tests.gem_model.evaluation.judge_fixture import ANSWERS, MEANS
from tests.gem_model.evaluation.reference import build_reference


class FakeJudge(FakeOpenAI):
    """The LLM stage's local OpenAI server, answering each ``ROW-<sid>`` with that sample's judge JSON."""

    def chat(self, body: dict, auth: str):
        status, payload, headers = super().chat(body, auth)
        if status == 200:
            row = json.dumps(body["messages"]).split("ROW-")[1].split()[0]
            payload["choices"][0]["message"]["content"] = ANSWERS[row]
        return status, payload, headers


@pytest.fixture(scope="module")
def reference(shared_data, tmp_path_factory):
    root = tmp_path_factory.mktemp("gem_data_dir")
    return root, build_reference(shared_data, root, n=4)


def _predictions(reference_path, tmp_path):
    ref = pl.read_parquet(reference_path)
    path = tmp_path / "preds.jsonl"
    lines = [json.dumps({"id": sid, "text": f"ROW-s{i + 1} {answer}"})
             for i, (sid, answer) in enumerate(zip(ref["id"], ref["answer"]))]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_judge_runs_end_to_end_over_http_cached_and_aggregated(reference, tmp_path):
    root, test_parquet = reference
    preds = _predictions(test_parquet, tmp_path)
    with FakeJudge() as fake:
        config = EvalConfig(out_dir=str(tmp_path / "eval"), judge=make_config(fake.base_url), data_dir=str(root),
                            n_boot=100)
        summary = evaluate({"model": preds}, test_parquet, config, api_key=API_KEY)
        assert summary.judge_used and sum(fake.received.values()) == 4
        body = fake.bodies[0]
        assert body["response_format"] == {"type": "json_object"}  # JSON output asked of the judge
        assert "DiagnosisAccuracy" in body["messages"][0]["content"]  # the rubric is the system prompt
        again = evaluate({"model": preds}, test_parquet, config, api_key=API_KEY)
        assert sum(fake.received.values()) == 4  # every verdict came from the ledger the second time
    for metric, (mean, n, n_missing) in MEANS.items():
        assert summary.value("model", metric) == pytest.approx(mean), metric
        assert again.value("model", metric) == pytest.approx(mean), metric
    per_sample = pl.read_parquet(summary.paths["per_sample"])
    assert per_sample.height == 4 and per_sample["judge_parse_ok"].to_list() == [True, True, False, True]
    assert "ECGFeatureGrounding" in (tmp_path / "eval" / "summary.md").read_text()


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
