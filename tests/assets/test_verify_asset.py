"""verified_responses materializes per batch; its blocking check fails a batch of false answers."""
from __future__ import annotations

import dagster as dg
import polars as pl

from assets.resources import DataStore
from assets.verify import verified_responses
from tests.gem_data.verify.batchdata import write_batch


def _run(tmp_path, key: str):
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("batches", [key])
        result = dg.materialize([verified_responses], instance=instance, partition_key=key,
                                resources={"store": DataStore(data_dir=str(tmp_path))}, raise_on_error=False)
        checks = result.get_asset_check_evaluations()
    return result, checks


def test_grounded_batch_passes_the_blocking_check(shared_data, tmp_path):
    write_batch(shared_data, tmp_path, "good")
    result, checks = _run(tmp_path, "good")
    assert result.success
    assert [(c.check_name, c.passed) for c in checks] == [("contradicted_share", True), ("quarantine_share", True)]
    assert pl.read_parquet(tmp_path / "verified" / "good.parquet")["passed"].all()


def test_batch_of_false_answers_is_blocked(shared_data, tmp_path):
    """A partition whose claims mostly contradict the signal must not flow on to the dataset."""
    write_batch(shared_data, tmp_path, "bad", false_answers=True)
    result, checks = _run(tmp_path, "bad")
    assert not result.success  # blocking: the run stops here, downstream assets never see the batch
    assert [(c.check_name, c.passed) for c in checks] == [("contradicted_share", False), ("quarantine_share", True)]
    assert checks[0].metadata["contradicted_share"].value > 0.9
