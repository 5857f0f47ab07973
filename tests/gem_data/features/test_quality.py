"""Batch checks read back from Parquet: coverage, ranges, agreement with machine measurements."""
from __future__ import annotations

import polars as pl
import pytest

from gem_data.catalog import ingest_batch
from gem_data.features import build_batch
from gem_data.features.quality import check_batch, record_intervals
from gem_data.layout import DataLayout
from gem_data.sources import MimicIvEcg


def test_machine_agreement_compares_our_intervals_with_the_catalog(mimic_tree, tmp_path):
    root, _ = mimic_tree
    layout = DataLayout(tmp_path / "out")
    ingest_batch(MimicIvEcg(root, cache_dir=layout.root / "source_index"), layout, "p1000")
    build_batch(layout, "p1000")
    rows = pl.read_parquet(layout.features("p1000"))
    ours = record_intervals(rows).sort("record_id")
    # pretend the machine measured exactly what we did, except a 20 ms longer QT everywhere
    catalog = ours.select(
        "record_id", pl.col("rr_ms").alias("rr_interval_ms"), pl.lit(0.0).alias("p_onset_ms"),
        pl.col("pr_ms").alias("qrs_onset_ms"), (pl.col("pr_ms") + pl.col("qrs_ms")).alias("qrs_end_ms"),
        (pl.col("qt_ms") + 20).alias("qt_machine_ms"),
    )
    checks = check_batch(layout, "p1000", catalog=catalog)
    assert checks.n_machine == 3 and checks.coverage == 1.0
    assert checks.machine_mad_ms["rr"] == pytest.approx(0.0)
    assert checks.machine_mad_ms["qrs"] == pytest.approx(0.0)
    assert checks.machine_mad_ms["qt"] == pytest.approx(20.0)
    assert set(checks.out_of_range) == {"qrs_dur_ms", "heart_rate_bpm"}
    assert all(v <= 0.05 for v in checks.out_of_range.values())
