"""The features stage builds the batch's FeatureDB frame in one go (speed), with the same rows as
record by record, and still quarantines a record whose rows cannot be built (issue 17)."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import polars as pl

from gem_data.catalog import ingest_batch, open_batch
from gem_data.features import batch as features_batch
from gem_data.features.table import build_table, long_frame
from gem_data.layout import DataLayout
from gem_data.signals import FS_HZ
from gem_data.sources import MimicIvEcg


def _ingested(mimic_tree, tmp_path) -> DataLayout:
    root, _ = mimic_tree
    layout = DataLayout(tmp_path / "out")
    ingest_batch(MimicIvEcg(root, cache_dir=layout.root / "source_index"), layout, "p1000")
    return layout


def test_batch_frame_equals_the_records_frames_stacked(mimic_tree, tmp_path):
    layout = _ingested(mimic_tree, tmp_path)
    features_batch.build_batch(layout, "p1000")
    signals = open_batch(layout, "p1000")
    one_by_one = pl.concat([long_frame([rid], [build_table(signals.signal_mv[i], FS_HZ)])
                            for i, rid in enumerate(signals.record_ids)])
    assert one_by_one.height > 0
    assert pl.read_parquet(layout.features("p1000")).equals(one_by_one)


def test_a_record_whose_rows_cannot_be_built_is_quarantined_and_the_batch_goes_on(
        mimic_tree, tmp_path, monkeypatch):
    layout = _ingested(mimic_tree, tmp_path)
    signals = open_batch(layout, "p1000")
    bad_id = signals.record_ids[1]
    bad_signal = np.asarray(signals.signal_mv[1])

    def table_with_broken_rows(signal_mv, fs_hz):
        table = build_table(signal_mv, fs_hz)
        if np.array_equal(signal_mv, bad_signal):  # one ST-form cell too many: rows of unequal length
            table = replace(table, st_form=np.append(table.st_form.reshape(-1), "flat"))
        return table

    monkeypatch.setattr(features_batch, "build_table", table_with_broken_rows)
    summary = features_batch.build_batch(layout, "p1000")
    status = pl.read_parquet(layout.stage_file("features_records", "p1000"))
    bad = status.filter(pl.col("record_id") == bad_id).row(0, named=True)
    assert bad["status"] == "failed" and bad["reason"].startswith("unexpected ")
    assert pl.read_parquet(layout.quarantine("features", "p1000"))["record_id"].to_list() == [bad_id]
    rows = pl.read_parquet(layout.features("p1000"))
    assert bad_id not in set(rows["record_id"])
    good = status.filter(pl.col("status") != "failed")
    assert good.height == summary.n_records - 1 and rows.height == 12 * int(good["n_beats"].sum())
