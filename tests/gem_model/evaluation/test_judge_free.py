"""Judge-free scores: the verifier's verdicts on real features, undefined (not 0) where nothing is checkable."""
from __future__ import annotations

import polars as pl
import pytest
from click.testing import CliRunner

from gem_model.evaluation.cli import evaluate_cmd
from gem_model.evaluation.judge_free import feature_rows_for, score_texts
from gem_model.evaluation.run import EvalConfig, evaluate
from tests.gem_model.evaluation.reference import build_reference


@pytest.fixture(scope="module")
def reference(shared_data, tmp_path_factory):
    root = tmp_path_factory.mktemp("gem_data_dir")
    return root, build_reference(shared_data, root, n=2)


def test_a_wrong_number_is_contradicted_and_rates_need_features(reference):
    root, test_parquet = reference
    ref = pl.read_parquet(test_parquet)
    rid = ref["record_id"][0]
    rows = feature_rows_for(root, [rid])[rid]
    facts_ok = ref["answer"][0]  # the template's draft: every number comes from these features
    wrong = "The QRS duration is 190 ms in lead II and the PR interval is 330 ms in lead II."
    scores, note = score_texts([facts_ok, wrong, None, wrong], [rows, rows, rows, None])
    good, bad, missing, unchecked = scores.iter_rows(named=True)
    assert good["grounding_precision"] >= 90 and good["leads_covered"] >= 6 and good["features_cited"] >= 5
    assert bad["n_contradicted"] == 2 and bad["contradicted_rate"] == 100.0 and bad["grounding_precision"] == 0.0
    assert bad["leads"] == "II" and set(bad["features"].split(",")) == {"qrs_dur_ms", "pr_ms"}
    assert all(v is None for v in missing.values())  # no text: no scores at all
    # same claims, but no FeatureDB rows: nothing is checkable, so no rate is claimed
    assert unchecked["claims_per_response"] == 2 and unchecked["grounding_precision"] is None
    assert unchecked["contradicted_rate"] is None
    assert "2 of 3 texts" in note  # the None text is not a text


def test_a_tiny_model_generates_the_predictions_it_is_scored_on(reference, tokenizer, tmp_path):
    import torch

    from gem_model.config import GemConfig
    from gem_model.gem import build_gem, save_gem

    root, test_parquet = reference
    torch.manual_seed(0)
    model_dir = save_gem(build_gem(GemConfig.tiny(), tokenizer), tokenizer, tmp_path / "tiny")
    config = EvalConfig(out_dir=str(tmp_path / "eval"), data_dir=str(root), n_boot=20, max_new_tokens=6)
    summary = evaluate({"model": f"model:{model_dir}", "template": "builtin:template"}, test_parquet, config)
    preds = pl.read_parquet(tmp_path / "eval" / "predictions_model.parquet")
    assert preds["id"].to_list() == pl.read_parquet(test_parquet)["id"].to_list()
    assert summary.sources == ("model", "template") and summary.n_predicted["template"] == 2


def test_cli_scores_named_sources_side_by_side(reference, tmp_path):
    root, test_parquet = reference
    out = tmp_path / "report"
    result = CliRunner().invoke(evaluate_cmd, [
        "builtin:template", "machine=builtin:report", "--reference", str(test_parquet), "--out", str(out),
        "--data-dir", str(root), "--n-boot", "20"], env={"OPENAI_API_KEY": ""})
    assert result.exit_code == 0, result.output
    assert "| metric | template | machine |" in result.output
    assert (out / "summary.md").is_file() and (out / "metrics.parquet").is_file()
