"""The ecg_images asset through a real (test) Dagster instance, on a real ingested PTB-XL batch."""
from __future__ import annotations

import dagster as dg
import polars as pl

from assets.render import ecg_images
from assets.resources import DataStore
from gem_data.catalog import ingest_batch
from gem_data.layout import DataLayout
from gem_data.sources import WfdbFolder


def test_ecg_images_renders_the_batch_with_a_thumbnail_then_skips_on_rerun(tmp_path, shared_data):
    layout = DataLayout(tmp_path.resolve())
    ingest_batch(WfdbFolder(shared_data / "ptbxl" / "records500"), layout, "00000")
    run_config = dg.RunConfig({"ecg_images": {"config": {"dpi": 100, "layout": "12x1"}}})
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("batches", ["00000"])
        for expected_rendered in (3, 0):
            result = dg.materialize([ecg_images], instance=instance, partition_key="00000", run_config=run_config,
                                    resources={"store": DataStore(data_dir=str(tmp_path))})
            assert result.success
            meta = result.asset_materializations_for_node("ecg_images")[0].metadata
            assert meta["rendered"].value == expected_rendered
            assert meta["dagster/row_count"].value == 3
    assert "data:image/png;base64," in meta["preview"].value
    index = pl.read_parquet(layout.images_index("00000"))
    assert index.height == 3 and set(index["layout"]) == {"12x1"} and set(index["dpi"]) == {100}
