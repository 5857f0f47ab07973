"""int16 µV signal storage: half the bytes, bit-identical where the source is on a 1 µV grid."""
from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from gem_data.catalog import ingest_batch, open_batch
from gem_data.layout import DataLayout
from gem_data.signal_store import MAX_ABS_MV, SignalRangeError, decode_mv, encode_uv
from gem_data.signals import read_record
from gem_data.sources import MimicIvEcg
from gem_data.sources.mimic import write_tree
from tests.conftest import mimic_records


def test_decode_equals_float64_division_for_every_int16_value():
    uv = np.arange(-32768, 32768).astype(np.int16)
    expected = (uv.astype(np.float64) / 1000).astype(np.float32)
    assert np.array_equal(decode_mv(uv), expected)


def test_ptbxl_500hz_reads_back_bit_identical(shared_data):
    paths = sorted((shared_data / "ptbxl" / "records500").glob("*/*.hea"))[:20]  # 1000/mV: 1 µV grid
    for hea in paths:
        signal = read_record(hea.with_suffix("")).signal
        assert np.array_equal(decode_mv(encode_uv(signal)), signal), hea.name


def test_ludb_off_the_microvolt_grid_is_within_half_a_microvolt(shared_data):
    for hea in sorted((shared_data / "ludb" / "data").glob("*.hea"))[:5]:  # gains like 1716/mV
        signal = read_record(hea.with_suffix("")).signal
        err_uv = np.abs(decode_mv(encode_uv(signal)).astype(np.float64) - signal) * 1000
        assert 0 < err_uv.max() <= 0.5 + 1e-3, hea.name


def test_resampled_100hz_ptbxl_is_within_half_a_microvolt(shared_data):
    paths = sorted((shared_data / "ptbxl" / "records100").glob("*/*.hea"))[:5]
    assert paths, "no 100 Hz PTB-XL records in ../shared/data"
    for hea in paths:
        record = read_record(hea.with_suffix(""))
        assert record.flags.resampled_from_hz == 100
        err_uv = np.abs(decode_mv(encode_uv(record.signal)).astype(np.float64) - record.signal) * 1000
        assert err_uv.max() <= 0.5 + 1e-3, hea.name


def test_mimic_batch_round_trips_bit_identical_in_half_the_bytes(mimic_tree, tmp_path):
    root, _ = mimic_tree
    layout = DataLayout(tmp_path / "out")
    ingest_batch(MimicIvEcg(root, cache_dir=layout.root / "idx"), layout, "p1000")
    batch = open_batch(layout, "p1000")
    stored = np.load(layout.signals("p1000"), mmap_mode="r")
    assert stored.dtype == np.int16 and stored.nbytes == batch.signal_mv.shape[0] * 12 * 5000 * 2
    assert batch.signal_mv.dtype == np.float32 and batch.signal_mv.shape == (3, 12, 5000)
    for i, path in enumerate(batch.catalog["path"].to_list()):  # 200/mV: 5 µV steps
        assert np.array_equal(batch.signal_mv[i], read_record(root / path).signal)
    assert np.array_equal(np.asarray(batch.signal_mv)[1:], batch.signal_mv[1:])


def test_amplitude_beyond_int16_range_is_quarantined_and_the_batch_goes_on(shared_data, tmp_path):
    records = mimic_records(shared_data, 3)
    records[1]["signal_mv"] = records[1]["signal_mv"] * (40.0 / np.abs(records[1]["signal_mv"]).max())
    root = tmp_path / "mimic"
    write_tree(root, records)
    layout = DataLayout(tmp_path / "out")
    summary = ingest_batch(MimicIvEcg(root, cache_dir=layout.root / "idx"), layout, "p1000")
    assert summary.n_ok == 2 and summary.n_quarantined == 1
    bad = pl.read_parquet(layout.catalog("p1000")).filter(pl.col("status") == "quarantined").row(0, named=True)
    assert bad["record_id"] == "mimic-iv-ecg/40000002"
    assert f"beyond the ±{MAX_ABS_MV} mV storage range" in bad["reason"]
    assert open_batch(layout, "p1000").signal_mv.shape == (2, 12, 5000)


def test_non_finite_or_out_of_range_signal_is_refused():
    with pytest.raises(SignalRangeError, match="non-finite"):
        encode_uv(np.full((12, 5000), np.nan, np.float32))
    with pytest.raises(SignalRangeError, match="33.000 mV"):
        encode_uv(np.full((12, 5000), -33.0, np.float32))


def test_batches_written_as_float32_before_the_change_still_read(mimic_tree, tmp_path):
    root, _ = mimic_tree
    layout = DataLayout(tmp_path / "out")
    ingest_batch(MimicIvEcg(root, cache_dir=layout.root / "idx"), layout, "p1000")
    today = np.asarray(open_batch(layout, "p1000").signal_mv)
    np.save(layout.signals("p1000"), today)  # the old float32 mV format
    assert np.array_equal(open_batch(layout, "p1000").signal_mv[2], today[2])
