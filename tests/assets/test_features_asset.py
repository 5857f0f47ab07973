"""ecg_features through a real Dagster instance, after ecg_catalog, with its checks."""
from __future__ import annotations

import dagster as dg
import polars as pl

from assets.features import ecg_features
from assets.ingest import ecg_catalog
from assets.partitions import batches
from assets.resources import DataStore, EcgSource


def test_features_materialize_after_the_catalog_with_checks(mimic_tree, tmp_path):
    root, _ = mimic_tree
    out = tmp_path / "out"
    resources = {"store": DataStore(data_dir=str(out)),
                 "source": EcgSource(source_dir=str(root), kind="mimic-iv-ecg")}
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(batches.name, ["p1000"])
        result = dg.materialize([ecg_catalog, ecg_features], instance=instance,
                                partition_key="p1000", resources=resources)
        assert result.success
        mat = result.asset_materializations_for_node("ecg_features")[0]
        assert mat.metadata["records"].value == 3 and mat.metadata["quarantined"].value == 0
        preview = mat.metadata["annotated_page"].value  # one annotated page, inline (render/annotate.py)
        assert preview.startswith("**") and "data:image/png;base64," in preview
        checks = {c.check_name: c for c in result.get_asset_check_evaluations()
                  if c.asset_key == dg.AssetKey("ecg_features")}
        assert set(checks) == {"beat_coverage", "physiologic_ranges", "machine_agreement", "quarantine_share"}
        assert checks["beat_coverage"].passed and checks["physiologic_ranges"].passed
        assert checks["quarantine_share"].passed
        agreement = checks["machine_agreement"].metadata
        # the fixture's machine rows are made up (same numbers for every record), so only the
        # plumbing is checked here: every record was compared and an RR difference came back
        assert agreement["records_compared"].value == 3
        assert agreement["rr_mad_ms"].value >= 0
    rows = pl.read_parquet(out / "features" / "p1000.parquet")
    assert rows.height == mat.metadata["dagster/row_count"].value
