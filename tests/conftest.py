"""Shared fixtures: real ECGs from ../shared/data, rebuilt at test time into the layouts we ingest."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import wfdb

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
STD = ("I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.fail(f"{SHARED_DATA} is missing: the tests need ../shared/data beside the repo")
    return SHARED_DATA


def reference_signal(path: Path) -> np.ndarray:
    """(12, n) mV in standard order, read with wfdb itself: an independent reference for our reader."""
    rec = wfdb.rdrecord(str(path))
    names = [n.lower() for n in rec.sig_name]
    return np.stack([rec.p_signal[:, names.index(lead.lower())] for lead in STD])


def real_records(shared: Path) -> list[Path]:
    """A dozen real 500 Hz records: PTB-XL then LUDB."""
    ptb = sorted((shared / "ptbxl" / "records500").glob("*/*.hea"))[:8]
    ludb = sorted((shared / "ludb" / "data").glob("*.hea"))[:4]
    return [p.with_suffix("") for p in ptb + ludb]


def mimic_records(shared: Path, n: int, first_subject: int = 10000032, first_study: int = 40000001,
                  batch_stride: int = 0) -> list[dict]:
    """Real signals dressed as MIMIC-IV-ECG rows (subjects spread over batches by ``batch_stride``)."""
    out = []
    for i, path in enumerate(real_records(shared)[:n]):
        out.append({
            "subject_id": first_subject + i * batch_stride + i,
            "study_id": first_study + i,
            "ecg_time": f"2180-07-{10 + i:02d} 08:44:00",
            "signal_mv": reference_signal(path),
            "report_lines": ["Sinus rhythm", "", f"Borderline ECG {i}"],
            "rr_interval": 659 + i, "p_onset": 40, "p_end": 128, "qrs_onset": 170,
            "qrs_end": 258, "t_end": 518, "p_axis": 81, "qrs_axis": 29999 if i == 1 else 77,
            "t_axis": 79, "source_path": path,
        })
    return out


@pytest.fixture
def mimic_tree(tmp_path: Path, shared_data: Path):
    """A MIMIC-layout tree (two batches, p1000 and p1001) built from real PTB-XL/LUDB signals."""
    from gem_data.sources.mimic import write_tree

    root = tmp_path / "mimic"
    records = mimic_records(shared_data, 6)
    for i, rec in enumerate(records):
        rec["subject_id"] = (10000032 if i < 3 else 10010032) + i
    write_tree(root, records)
    return root, records
