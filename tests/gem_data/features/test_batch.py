"""build_batch on a real ingested batch: long table, per-record status, quarantine of failures."""
from __future__ import annotations

import ctypes
import platform

import numpy as np
import polars as pl
import pytest

from gem_data.catalog import ingest_batch
from gem_data.features import SCHEMA, build_batch
from gem_data.features.batch import STATUS_SCHEMA, retain_freed_memory
from gem_data.layout import DataLayout
from gem_data.sources import MimicIvEcg


def test_batch_writes_rows_status_and_quarantines_a_failed_record(mimic_tree, tmp_path):
    root, _ = mimic_tree
    layout = DataLayout(tmp_path / "out")
    ingest_batch(MimicIvEcg(root, cache_dir=layout.root / "source_index"), layout, "p1000")
    # make the third record unusable after ingestion (pure noise): features must not crash
    sig = np.load(layout.signals("p1000"))
    sig[2] = np.random.default_rng(0).normal(0, 0.1, sig[2].shape).astype(np.float32)
    np.save(layout.signals("p1000"), sig)

    summary = build_batch(layout, "p1000")

    rows = pl.read_parquet(layout.features("p1000"))
    status = pl.read_parquet(layout.stage_file("features_records", "p1000"))
    quarantine = pl.read_parquet(layout.quarantine("features", "p1000"))
    assert dict(rows.schema) == SCHEMA and dict(status.schema) == STATUS_SCHEMA
    assert status.height == 3 and summary.n_records == 3
    ok = status.filter(pl.col("status") != "failed")
    assert ok.height == 2 and (ok["n_beats"] >= 5).all()
    failed = status.filter(pl.col("status") == "failed").row(0, named=True)
    assert failed["reason"] and quarantine["record_id"].to_list() == [failed["record_id"]]
    assert summary.n_quarantined == 1 and summary.n_rows == rows.height
    assert rows["record_id"].n_unique() == 2
    assert rows.height == 12 * int(ok["n_beats"].sum())


def test_rerunning_a_batch_replaces_its_files(mimic_tree, tmp_path):
    root, _ = mimic_tree
    layout = DataLayout(tmp_path / "out")
    ingest_batch(MimicIvEcg(root, cache_dir=layout.root / "source_index"), layout, "p1001")
    first = build_batch(layout, "p1001")
    second = build_batch(layout, "p1001")
    assert first == second
    assert pl.read_parquet(layout.features("p1001")).height == second.n_rows


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's")
def test_retain_freed_memory_serves_record_sized_arrays_from_the_heap():
    mallinfo2 = ctypes.CDLL(None).mallinfo2
    mallinfo2.restype = _MallInfo2
    assert retain_freed_memory() is True
    mapped = mallinfo2().hblks  # blocks glibc mmapped separately (and unmaps when freed)
    arrays = [np.ones((12, 5000)) for _ in range(4)]  # a record's temporaries, 480 kB each
    assert mallinfo2().hblks == mapped
    assert sum(a.sum() for a in arrays) == 4 * 12 * 5000
