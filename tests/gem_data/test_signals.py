"""read_record: lead order by name, units, resampling, and a clear RecordError for bad input."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import wfdb

from gem_data.signals import STANDARD_LEADS, RecordError, read_record
from tests.conftest import reference_signal


def test_mimic_lead_order_is_restored_by_name(mimic_tree):
    """MIMIC writes aVF before aVL: the normalized aVL must be the original aVL, not aVF."""
    root, records = mimic_tree
    rec = read_record(root / "files/p1000/p10000032/s40000001/40000001")
    original = records[0]["signal_mv"]
    avl = STANDARD_LEADS.index("aVL")
    # 200 units/mV on disk: quantization is at most half a step, 0.0025 mV
    np.testing.assert_allclose(rec.signal[avl], original[avl], atol=0.0026)
    assert not np.allclose(rec.signal[avl], original[STANDARD_LEADS.index("aVF")], atol=0.01)
    assert rec.signal.dtype == np.float32 and rec.signal.shape == (12, 5000)
    assert rec.leads == STANDARD_LEADS and rec.fs == 500


@pytest.mark.parametrize("rel", ["ptbxl/records500/00000/00005_hr", "ludb/data/1"])
def test_upper_and_lower_case_lead_names_map_to_standard_order(shared_data, rel):
    """PTB-XL writes AVR, LUDB writes avr: both land in the standard order in millivolts."""
    rec = read_record(shared_data / rel)
    np.testing.assert_allclose(rec.signal, reference_signal(shared_data / rel), atol=1e-4)


def test_header_path_with_extension_is_accepted(shared_data):
    a = read_record(shared_data / "ptbxl/records500/00000/00005_hr.hea")
    b = read_record(shared_data / "ptbxl/records500/00000/00005_hr")
    assert np.array_equal(a.signal, b.signal)


def test_100hz_record_is_resampled_polyphase_to_500hz(shared_data):
    """PTB-XL's 100 Hz copy of a record must match its 500 Hz original after resampling."""
    lr = read_record(shared_data / "ptbxl/records100/00000/00841_lr")
    hr = read_record(shared_data / "ptbxl/records500/00000/00841_hr")
    assert lr.flags.resampled_from_hz == 100 and hr.flags.resampled_from_hz is None
    assert lr.meta["fs_original"] == 100 and lr.signal.shape == (12, 5000)
    lead_ii = STANDARD_LEADS.index("II")
    r = np.corrcoef(lr.signal[lead_ii, 50:-50], hr.signal[lead_ii, 50:-50])[0, 1]
    assert r > 0.95


def _copy_record(src: Path, dst_dir: Path, name: str = "rec") -> Path:
    dst_dir.mkdir(parents=True, exist_ok=True)
    hea = src.with_suffix(".hea").read_text().replace(src.name, name)
    (dst_dir / f"{name}.hea").write_text(hea)
    shutil.copy(src.with_suffix(".dat"), dst_dir / f"{name}.dat")
    return dst_dir / name


def test_truncated_dat_raises_with_reason(shared_data, tmp_path):
    path = _copy_record(shared_data / "ptbxl/records500/00000/00005_hr", tmp_path)
    dat = path.with_suffix(".dat")
    dat.write_bytes(dat.read_bytes()[:50_000])
    with pytest.raises(RecordError, match="truncated rec.dat: expected 120000 bytes"):
        read_record(path)


def test_missing_files_raise_with_reason(shared_data, tmp_path):
    path = _copy_record(shared_data / "ptbxl/records500/00000/00005_hr", tmp_path)
    path.with_suffix(".dat").unlink()
    with pytest.raises(RecordError, match="missing signal file rec.dat"):
        read_record(path)
    with pytest.raises(RecordError, match="missing header file nope.hea"):
        read_record(tmp_path / "nope")


def _write(tmp_path: Path, d_signal: np.ndarray, names: list[str], fs: float = 500) -> Path:
    wfdb.wrsamp("rec", fs=fs, units=["mV"] * len(names), sig_name=names, d_signal=d_signal,
                fmt=["16"] * len(names), adc_gain=[200.0] * len(names), baseline=[0] * len(names),
                write_dir=str(tmp_path))
    return tmp_path / "rec"


def _digital(shared_data: Path) -> np.ndarray:
    sig = reference_signal(shared_data / "ptbxl/records500/00000/00005_hr")  # (12, 5000) std order
    return np.round(sig.T * 200).astype(np.int16)


def test_fewer_than_twelve_leads_raises(shared_data, tmp_path):
    path = _write(tmp_path, _digital(shared_data)[:, :8], list(STANDARD_LEADS[:8]))
    with pytest.raises(RecordError, match=r"missing lead\(s\) V3, V4, V5, V6 \(8 signals\)"):
        read_record(path)


def test_unknown_lead_names_raise(shared_data, tmp_path):
    names = list(STANDARD_LEADS[:11]) + ["V7"]
    path = _write(tmp_path, _digital(shared_data), names)
    with pytest.raises(RecordError, match="unknown lead names: V7"):
        read_record(path)


def test_unsupported_sampling_rate_raises(shared_data, tmp_path):
    path = _write(tmp_path, _digital(shared_data), list(STANDARD_LEADS), fs=333)
    with pytest.raises(RecordError, match="sampling rate 333 Hz has no resampling rule"):
        read_record(path)


def test_flat_and_nan_leads_are_flagged_not_raised(shared_data, tmp_path):
    """Quality problems are flags (a renderer can still draw the record); ingestion quarantines."""
    d = _digital(shared_data)
    d[:, STANDARD_LEADS.index("V2")] = 7  # flat
    d[:, STANDARD_LEADS.index("V4")] = -32768  # WFDB's missing-sample value: all NaN
    d[100:110, STANDARD_LEADS.index("I")] = -32768
    rec = read_record(_write(tmp_path, d, list(STANDARD_LEADS)))
    assert "V2" in rec.flags.flat_leads and "V4" in rec.flags.flat_leads
    assert rec.flags.nan_count[0] == 10 and rec.flags.nan_count[STANDARD_LEADS.index("V4")] == 5000
    assert np.isfinite(rec.signal).all() and (rec.signal[0, 100:110] == 0).all()
    problems = rec.flags.problems()
    assert problems[0] == "missing (NaN) lead(s): V4"
    assert "flat lead(s) (peak-to-peak < 0.01 mV): V2" in problems


def test_clipped_lead_is_flagged_saturated(shared_data, tmp_path):
    d = _digital(shared_data).astype(np.int32)
    lead = STANDARD_LEADS.index("V5")
    d[:, lead] = np.clip(d[:, lead] * 4, -200, 200)  # R peaks cut flat at the rail
    rec = read_record(_write(tmp_path, d.astype(np.int16), list(STANDARD_LEADS)))
    assert rec.flags.saturated_leads == ("V5",)


def test_short_record_is_padded_and_flagged(shared_data, tmp_path):
    rec = read_record(_write(tmp_path, _digital(shared_data)[:4000], list(STANDARD_LEADS)))
    assert rec.signal.shape == (12, 5000) and rec.flags.padded_s == 2.0
    assert (rec.signal[:, 4000:] == 0).all()


def _edit_header(path: Path, old: str, new: str) -> None:
    hea = path.with_suffix(".hea")
    text = hea.read_text()
    assert old in text
    hea.write_text(text.replace(old, new))


@pytest.mark.parametrize("old,new,reason", [
    ("rec.dat", "../../x.dat", "signal file field '../../x.dat' is not a plain file name"),
    ("rec.dat", "/etc/hostname", "signal file field '/etc/hostname' is not a plain file name"),
    ("rec 12 500 5000", "rec 12 nan 5000", "sampling rate nan Hz has no resampling rule"),
    ("rec 12 500 5000", "rec 12 1e999 5000", "sampling rate inf Hz has no resampling rule"),
    ("rec 12 500 5000", "rec 12 500 -5000", "negative count"),
    ("16 200.0(0)/mV", "16 200(99999999999999)/mV", "baseline or ADC zero out of range"),
    ("16 200.0(0)/mV 16 0", "16 200.0(0)/mV 16 zero", "malformed ADC zero field 'zero'"),
    ("16 200.0(0)/mV", "16 1e5e/mV", "malformed gain field '1e5e/mV'"),
])
def test_hostile_header_fields_raise_record_errors(shared_data, tmp_path, old, new, reason):
    """Issue 17: every malformed field is a RecordError with a reason, never another exception."""
    path = _write(tmp_path, _digital(shared_data), list(STANDARD_LEADS))
    first = path.with_suffix(".hea").read_text().splitlines()[1]
    if old.startswith("16 200"):  # change the first signal line only
        assert old in first
        _edit_header(path, first, first.replace(old, new, 1))
    else:
        _edit_header(path, old, new)
    with pytest.raises(RecordError) as info:
        read_record(path)
    assert reason in info.value.reason


def test_a_symlinked_signal_file_outside_the_allowed_roots_is_never_read(shared_data, tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    path = _write(root, _digital(shared_data), list(STANDARD_LEADS))
    outside = tmp_path / "outside.dat"
    path.with_suffix(".dat").rename(outside)
    path.with_suffix(".dat").symlink_to(outside)
    assert read_record(path).signal.shape == (12, 5000)  # no roots given: a plain reader
    with pytest.raises(RecordError, match="rec.dat resolves outside the source root"):
        read_record(path, within=(str(root.resolve()),))
