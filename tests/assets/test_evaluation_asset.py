"""The gem_evaluation asset: two sources scored side by side on real records, judge off without a key."""
from __future__ import annotations

from pathlib import Path

import dagster as dg
import polars as pl

from assets.evaluation import EvaluationConfig, JudgeKey, gem_evaluation
from assets.resources import DataStore
from tests.gem_model.evaluation.reference import build_reference


def test_gem_evaluation_writes_the_report_and_shows_the_table(shared_data, tmp_path):
    data_dir = tmp_path / "data"
    build_reference(shared_data, data_dir, n=3)  # dataset/test.parquet + features/, as the pipeline writes
    config = EvaluationConfig(judge_model="gpt-4o-2024-08-06", n_boot=50,
                              scp_statements=str(shared_data / "ptbxl" / "scp_statements.csv"),
                              labels_from="scp_codes")
    with dg.instance_for_test() as instance:
        result = dg.materialize([gem_evaluation], instance=instance,
                                resources={"store": DataStore(data_dir=str(data_dir)), "judge_key": JudgeKey()},
                                run_config=dg.RunConfig({"gem_evaluation": config}))
    assert result.success
    meta = result.asset_materializations_for_node("gem_evaluation")[0].metadata
    assert meta["dagster/row_count"].value == 3
    assert "no API key" in meta["judge"].value  # a judge was asked for, but there is no key: said so
    table = meta["table"].value
    assert "| metric | template | machine_report |" in table and "leads_covered" in table
    out = Path(meta["report"].value).parent
    assert out == data_dir.resolve() / "evaluation" / "default"
    per_sample = pl.read_parquet(out / "per_sample.parquet")
    assert per_sample.height == 6 and set(per_sample["source"]) == {"template", "machine_report"}


def test_gem_evaluation_is_unpartitioned_and_follows_the_dataset():
    assert gem_evaluation.partitions_def is None
    assert dg.AssetKey("instruction_dataset") in gem_evaluation.dependency_keys
