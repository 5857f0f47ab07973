"""Incremental at scale (issue 16, item 2), on a small instance: with every batch materialized, a new
batch and a grown batch are the only runs the sensor asks for, and the dataset rebuilds only them."""
from __future__ import annotations

import dagster as dg
import pytest

from assets.definitions import defs
from gem_data.sources.mimic import write_tree
from tests.assets.test_pipeline_e2e import (
    _dataset,
    _resources,
    _run_batches,
    _samples,
    _tree,
)
from tests.conftest import mimic_records


@pytest.fixture(autouse=True)
def _offline(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)


def _tick(instance, root, out, cursor):
    sensor = defs.resolve_sensor_def("new_batches")
    with dg.build_sensor_context(instance=instance, cursor=cursor, resources=_resources(root, out)) as ctx:
        return sensor(ctx)


def test_new_and_grown_batch_rerun_alone_and_dataset_rebuilds_only_them(tmp_path, shared_data):
    root, out = tmp_path / "mimic", tmp_path / "out"
    keys = _tree(root, shared_data, 3)
    with dg.instance_for_test() as instance:
        _run_batches(instance, root, out, keys)
        _dataset(instance, root, out)
        seen = _tick(instance, root, out, None)
        assert sorted(r.partition_key for r in seen.run_requests) == keys
        assert not _tick(instance, root, out, seen.cursor).run_requests  # nothing changed: no runs
        before = _samples(out)

        new = _tree(root, shared_data, 1, first=3)  # p1003
        grown = mimic_records(shared_data, 9)[8:]
        grown[0].update(subject_id=10000050, study_id=40000950)  # one more record in p1000
        write_tree(root, grown)
        result = _tick(instance, root, out, seen.cursor)
        to_run = sorted(r.partition_key for r in result.run_requests)
        assert to_run == sorted(["p1000", *new])
        _run_batches(instance, root, out, to_run)
        meta = _dataset(instance, root, out).asset_materializations_for_node("instruction_dataset")[0].metadata
    assert meta["batches_rebuilt"].value == 2 and meta["batches"].value == 4
    after = _samples(out)
    untouched = before.filter(~before["ecg"].str.starts_with("files/p1000"))
    assert untouched.height > 0 and after.join(untouched, on="id", how="semi").equals(untouched)
    assert after.filter(after["ecg"].str.starts_with("files/p1003")).height > 0
