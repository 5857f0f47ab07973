"""The whole pipeline through real Dagster instances on MIMIC-layout trees built from real records."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import polars as pl
import pytest

from assets.dataset import instruction_dataset
from assets.definitions import defs
from assets.partitions import batches
from assets.resources import DataStore, EcgSource
from gem_data.sources.mimic import write_tree
from tests.conftest import mimic_records

REPO = Path(__file__).resolve().parents[2]


def _tree(root: Path, shared_data: Path, n_batches: int, per_batch: int = 2, first: int = 0) -> list[str]:
    """Real PTB-XL/LUDB signals as MIMIC batches p1000+first ...; returns the batch keys."""
    records = mimic_records(shared_data, n_batches * per_batch + first * per_batch)[first * per_batch:]
    for i, rec in enumerate(records):
        b = first + i // per_batch
        rec["subject_id"] = 10000000 + b * 10000 + i
        rec["study_id"] = 40000000 + b * 100 + i
    write_tree(root, records)
    return [f"p{1000 + first + b}" for b in range(n_batches)]


def _resources(root: Path, out: Path) -> dict:
    return {"store": DataStore(data_dir=str(out)), "source": EcgSource(source_dir=str(root))}


def _run_batches(instance, root, out, keys):
    instance.add_dynamic_partitions(batches.name, keys)
    job = defs.resolve_job_def("batch_job")
    for key in keys:
        assert job.execute_in_process(instance=instance, partition_key=key,
                                      resources=_resources(root, out)).success


def _dataset(instance, root, out) -> dg.ExecuteInProcessResult:
    result = dg.materialize([instruction_dataset], instance=instance, resources=_resources(root, out))
    assert result.success
    return result


def _samples(out: Path) -> pl.DataFrame:
    d = out / "dataset"
    return pl.concat([pl.read_parquet(d / "train.parquet"), pl.read_parquet(d / "test.parquet")]).sort("id")


@pytest.fixture(autouse=True)
def _offline(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)  # the template backend answers


def test_third_partition_adds_only_its_own_samples(tmp_path, shared_data):
    root, out = tmp_path / "mimic", tmp_path / "out"
    first_two = _tree(root, shared_data, 2)
    with dg.instance_for_test() as instance:
        _run_batches(instance, root, out, first_two)
        _dataset(instance, root, out)
        before = _samples(out)
        assert before.height > 0 and set(before["record_id"].str.slice(0, 13)) == {"mimic-iv-ecg/"}

        third = _tree(root, shared_data, 1, first=2)
        _run_batches(instance, root, out, third)
        result = _dataset(instance, root, out)
        after = _samples(out)
        meta = result.asset_materializations_for_node("instruction_dataset")[0].metadata
        assert meta["batches_rebuilt"].value == 1
    new = after.join(before.select("id"), on="id", how="anti")
    assert new.height > 0 and set(new["ecg"].str.slice(0, 11)) == {"files/p1002"}
    unchanged = after.join(before, on="id", how="semi")
    assert unchanged.equals(before)  # existing ids, answers and splits did not move


def _wait_for_runs(home: Path, n: int, timeout_s: float) -> list[str]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with dg.DagsterInstance.from_config(str(home)) as instance:
            statuses = [r.status.value for r in instance.get_runs()]
        if len(statuses) == n and all(s in ("SUCCESS", "FAILURE", "CANCELED") for s in statuses):
            return statuses
        time.sleep(3)
    return statuses


def test_backfill_with_the_daemon_matches_a_sequential_run(tmp_path, shared_data, monkeypatch):
    """4 partitions, 2 runs at a time (dagster.yaml), each run one process (in-process executor)."""
    root = tmp_path / "mimic"
    keys = _tree(root, shared_data, 4)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("DAGSTER_HOME", str(home))  # our dagster.yaml roots its SQLite files there
    shutil.copy(REPO / "dagster_home" / "dagster.yaml", home / "dagster.yaml")
    env = {**os.environ, "DAGSTER_HOME": str(home), "GEM_SOURCE_DIR": str(root),
           "GEM_SOURCE_KIND": "mimic-iv-ecg", "GEM_DATA_DIR": str(tmp_path / "parallel")}
    with dg.DagsterInstance.from_config(str(home)) as instance:
        instance.add_dynamic_partitions(batches.name, keys)
    subprocess.run([sys.executable, "-m", "dagster", "job", "backfill", "-w", "workspace.yaml",
                    "-j", "batch_job", "--partitions", ",".join(keys), "--noprompt"],
                   cwd=REPO, env=env, check=True, capture_output=True, timeout=120)
    daemon = subprocess.Popen([sys.executable, "-m", "dagster._daemon", "run", "-w", "workspace.yaml"],
                              cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        statuses = _wait_for_runs(home, len(keys), timeout_s=420)
    finally:
        daemon.terminate()
        daemon.wait(timeout=60)
    assert statuses == ["SUCCESS"] * len(keys)

    with dg.instance_for_test() as instance:
        _dataset(instance, root, tmp_path / "parallel")
        _run_batches(instance, root, tmp_path / "sequential", keys)
        _dataset(instance, root, tmp_path / "sequential")
    parallel, sequential = _samples(tmp_path / "parallel"), _samples(tmp_path / "sequential")
    assert parallel.height > 0 and parallel.equals(sequential)
    for name in ("train.json", "test.json"):
        assert (tmp_path / "parallel" / "dataset" / name).read_bytes() == \
               (tmp_path / "sequential" / "dataset" / name).read_bytes()
