"""The gem_model asset: tiny preset trained in a Pipes subprocess, metadata and step logs in Dagster."""
from __future__ import annotations

from pathlib import Path

import dagster as dg

from assets.model import GemModelConfig, gem_model
from assets.resources import DataStore, EcgSource
from tests.gem_model.tiny_data import ptbxl_root, write_tiny_gem_json


def _resources(data_dir: Path) -> dict:
    return {"store": DataStore(data_dir=str(data_dir)), "source": EcgSource(),
            "pipes_subprocess_client": dg.PipesSubprocessClient()}


def test_gem_model_materializes_with_tiny_preset(shared_data, tmp_path):
    data_dir = tmp_path / "data"
    write_tiny_gem_json(shared_data, data_dir / "dataset")  # the default input: dataset/train.json
    config = GemModelConfig(preset="tiny", steps=2, image_root=str(data_dir / "dataset"),
                            ecg_root=str(ptbxl_root(shared_data)))
    with dg.instance_for_test() as instance:
        result = dg.materialize([gem_model], instance=instance, resources=_resources(data_dir),
                                run_config=dg.RunConfig({"gem_model": config}))
        assert result.success
        meta = result.asset_materializations_for_node("gem_model")[0].metadata
        logs = [e.user_message for e in instance.all_logs(result.run_id)]
    assert meta["steps"].value == 2
    assert meta["final_loss"].value > 0 and meta["tokens_per_s"].value > 0 and meta["samples_per_s"].value > 0
    checkpoint = Path(meta["checkpoint"].value)
    assert checkpoint == data_dir.resolve() / "models" / "gem-tiny" / "last"
    assert (checkpoint / "gem_config.json").exists() and (checkpoint / "trainer_state.pt").exists()
    assert any("step 2/2" in m and "tok/s" in m for m in logs)  # progress streamed to the run log


def test_gem_7b_with_missing_checkpoints_fails_naming_the_paths(tmp_path):
    config = GemModelConfig(preset="gem-7b", data=str(tmp_path / "train.json"), llm_path=str(tmp_path / "pulse-7b"),
                            vision_path=str(tmp_path / "clip"), ecg_checkpoint=str(tmp_path / "coca.pt"),
                            ecg_root=str(tmp_path))
    with dg.instance_for_test() as instance:
        result = dg.materialize([gem_model], instance=instance, resources=_resources(tmp_path / "data"),
                                run_config=dg.RunConfig({"gem_model": config}), raise_on_error=False)
    assert not result.success
    failure = next(e for e in result.all_events if e.event_type_value == "STEP_FAILURE")
    message = str(failure.step_failure_data.error)
    assert str(tmp_path / "pulse-7b") in message and "ECG-CoCa" in message


def test_gem_model_is_not_partitioned_nor_automated():
    spec = gem_model.specs_by_key[dg.AssetKey("gem_model")]
    assert gem_model.partitions_def is None and spec.automation_condition is None
