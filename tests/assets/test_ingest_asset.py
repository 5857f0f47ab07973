"""ecg_catalog through a real Dagster instance, and the sensor that finds new batches."""
from __future__ import annotations

import json

import dagster as dg
import polars as pl

from assets.definitions import batch_job, defs
from assets.ingest import ecg_catalog
from assets.partitions import batches
from assets.resources import DataStore, EcgSource
from gem_data.sources.mimic import write_tree
from tests.conftest import mimic_records


def _resources(root, out):
    return {"store": DataStore(data_dir=str(out)), "source": EcgSource(source_dir=str(root), kind="mimic-iv-ecg")}


def test_catalog_materializes_through_a_real_instance(mimic_tree, tmp_path):
    root, _ = mimic_tree
    out = tmp_path / "out"
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(batches.name, ["p1000", "p1001"])
        result = dg.materialize([ecg_catalog], instance=instance, partition_key="p1001",
                                resources=_resources(root, out))
        assert result.success
        mat = result.asset_materializations_for_node("ecg_catalog")[0]
        assert mat.partition == "p1001"
        assert mat.metadata["dagster/row_count"].value == 3 and mat.metadata["ok"].value == 3
        checks = {c.check_name: c.passed for c in result.get_asset_check_evaluations()}
        assert checks == {"nothing_lost": True, "unique_record_ids": True, "quarantine_share": True}
        # the instance remembers the partition as materialized
        assert instance.get_materialized_partitions(dg.AssetKey("ecg_catalog")) == {"p1001"}
    assert pl.read_parquet(out / "catalog" / "p1001.parquet").height == 3


def _sensor_tick(instance, root, out, cursor=None):
    sensor = defs.resolve_sensor_def("new_batches")
    ctx = dg.build_sensor_context(instance=instance, cursor=cursor, resources=_resources(root, out))
    return sensor(ctx)


def test_sensor_adds_only_new_batches_and_reruns_grown_ones(mimic_tree, shared_data, tmp_path):
    root, _ = mimic_tree
    out = tmp_path / "out"
    with dg.instance_for_test() as instance:
        first = _sensor_tick(instance, root, out)
        assert [r.partition_key for r in first.run_requests] == ["p1000", "p1001"]
        assert first.dynamic_partitions_requests[0].partition_keys == ["p1000", "p1001"]
        instance.add_dynamic_partitions(batches.name, ["p1000", "p1001"])

        idle = _sensor_tick(instance, root, out, first.cursor)
        assert idle.run_requests == [] and idle.dynamic_partitions_requests == []

        new = mimic_records(shared_data, 2)
        new[0].update(subject_id=10020001, study_id=40000501)  # new batch p1002
        new[1].update(subject_id=10000999, study_id=40000502)  # a release grows p1000
        write_tree(root, new)
        grown = _sensor_tick(instance, root, out, idle.cursor)
        assert sorted(r.partition_key for r in grown.run_requests) == ["p1000", "p1002"]
        assert grown.dynamic_partitions_requests[0].partition_keys == ["p1002"]
        assert json.loads(grown.cursor).keys() == {"p1000", "p1001", "p1002"}


def test_batch_job_runs_a_partition_end_to_end(mimic_tree, tmp_path):
    root, _ = mimic_tree
    out = tmp_path / "out"
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(batches.name, ["p1000"])
        job = defs.resolve_job_def(batch_job.name)
        result = job.execute_in_process(instance=instance, partition_key="p1000",
                                        resources=_resources(root, out))
        assert result.success


def test_all_definitions_load():
    """Smoke test: the code location the UI and `dg check defs` load."""
    repo = defs.get_repository_def()
    keys = {k.to_user_string() for k in repo.asset_graph.get_all_asset_keys()}
    assert "ecg_catalog" in keys
    assert defs.resolve_sensor_def("new_batches") is not None
