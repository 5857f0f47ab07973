"""Synthetic but plausible FeatureDB rows, catalog rows and images for guider/LLM tests.

The FeatureDB schema is the contract (gem_data.features.table.SCHEMA, v2 columns of SPEC §3 included);
values follow a normal sinus ECG with beat-to-beat jitter, a
missing P wave here and there, a doubtful (low-confidence) wave here and there, one premature beat,
and null RR at the record edges.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
from PIL import Image

from gem_data.catalog import CATALOG_SCHEMA
from gem_data.features.table import SCHEMA
from gem_data.layout import DataLayout, safe_name
from gem_data.signals import STANDARD_LEADS

RECORD_FACTS = {"record_id": "", "status": "ok", "reason": None, "atrial_activity": "sinus_p", "rr_irregular": False,
                "rr_irregularity": 0.03, "sokolow_lyon_mv": 2.31, "cornell_mv": 1.12, "low_voltage": False}


def synthetic_features(record_id: str, n_beats: int = 11, seed: int = 0, doubtful: float = 0.06) -> pl.DataFrame:
    """``doubtful``: share of (lead, beat) P and T waves whose confidence is below DOUBTFUL_BELOW."""
    rng = np.random.default_rng(seed)
    premature_beat = n_beats // 2
    rr_ms = rng.normal(880, 40, n_beats + 1).round() // 2 * 2
    r_idx = (250 + np.cumsum(rr_ms[:n_beats]) / 2).astype(int) - int(rr_ms[0] / 2)
    rows = []
    for li, lead in enumerate(STANDARD_LEADS):
        sign = -1.0 if lead == "aVR" else 1.0
        for b in range(n_beats):
            r = int(r_idx[b])
            missing_p = rng.random() < 0.08
            qrs_dur = float(rng.choice([84, 86, 88, 90, 92]))
            st_dur = float(rng.integers(50, 70) * 2)
            t_dur = float(rng.integers(75, 95) * 2)
            rr1 = float(rr_ms[b]) if b > 0 else None
            rr2 = float(rr_ms[b + 1]) if b < n_beats - 1 else None
            qt = qrs_dur + st_dur + t_dur
            rows.append({
                "record_id": record_id, "lead": lead, "beat": b,
                "P_on": None if missing_p else r - 90, "P_peak": None if missing_p else r - 70,
                "P_off": None if missing_p else r - 45, "QRS_on": r - 20, "R_peak": r,
                "QRS_off": r - 20 + int(qrs_dur / 2), "T_on": r + 60, "T_peak": r + 100, "T_off": r + 140,
                "heart_rate_bpm": 60000.0 / rr1 if rr1 else None, "rr1_ms": rr1, "rr2_ms": rr2,
                "p_amp_mv": None if missing_p else sign * float(rng.normal(0.12, 0.03)),
                "p_dur_ms": None if missing_p else float(rng.integers(45, 60) * 2),
                "pr_ms": None if missing_p else float(rng.integers(70, 85) * 2),
                "qrs_amp_mv": float(rng.normal(1.1 + 0.1 * li, 0.05)), "qrs_dur_ms": qrs_dur,
                "t_amp_mv": sign * float(rng.normal(0.3, 0.05)), "t_dur_ms": t_dur, "st_dur_ms": st_dur,
                "st_level_mv": float(rng.normal(0.0, 0.03)), "qt_ms": qt,
                "qtc_ms": qt / np.sqrt(rr1 / 1000) if rr1 else None,
                "qtc_fridericia_ms": qt / np.cbrt(rr1 / 1000) if rr1 else None,
                "st_form": str(rng.choice(["horizontal", "horizontal", "upsloping", "downsloping"])),
                "r_amp_mv": float(rng.normal(0.9 + 0.1 * li, 0.05)), "s_amp_mv": float(rng.normal(0.2, 0.03)),
                "premature": None if rr1 is None else b == premature_beat,
                "dominant_corr": float(rng.uniform(0.9, 1.0)),
                "p_conf": None if missing_p else float(rng.uniform(0.1, 0.45) if rng.random() < doubtful
                                                       else rng.uniform(0.6, 1.0)),
                "qrs_conf": float(rng.uniform(0.7, 1.0)),
                "t_conf": float(rng.uniform(0.1, 0.45) if rng.random() < doubtful else rng.uniform(0.6, 1.0)),
            })
    return pl.DataFrame(rows, schema=SCHEMA)


def catalog_row(record_id: str, batch: str, i: int) -> dict:
    row = {k: None for k in CATALOG_SCHEMA}
    row.update({"record_id": record_id, "source": "mimic-iv-ecg", "batch": batch, "subject_id": 10000032 + i,
                "study_id": 40000001 + i, "path": f"files/p1000/{record_id}", "report": "Sinus rhythm. Normal ECG.",
                "rr_interval_ms": 880.0, "p_onset_ms": 40.0, "p_end_ms": 140.0, "qrs_onset_ms": 190.0,
                "qrs_end_ms": 278.0, "t_end_ms": 580.0, "p_axis_deg": 60.0, "qrs_axis_deg": 45.0,
                "t_axis_deg": 40.0, "qt_machine_ms": 390.0, "status": "ok", "signal_row": i})
    return row


def make_batch(root: Path, batch: str = "p1000", n: int = 4, *, skip_features: tuple[int, ...] = (),
               skip_images: tuple[int, ...] = ()) -> DataLayout:
    """Catalog, FeatureDB and image index for ``n`` records of one batch under ``root``."""
    layout = DataLayout(root)
    ids = [f"mimic-iv-ecg/{40000001 + i}" for i in range(n)]
    catalog = pl.DataFrame([catalog_row(rid, batch, i) for i, rid in enumerate(ids)], schema=CATALOG_SCHEMA)
    layout.catalog(batch).parent.mkdir(parents=True, exist_ok=True)
    catalog.write_parquet(layout.catalog(batch))
    feats = [synthetic_features(rid, 9 + i % 4, seed=i) for i, rid in enumerate(ids) if i not in skip_features]
    layout.features(batch).parent.mkdir(parents=True, exist_ok=True)
    pl.concat(feats).write_parquet(layout.features(batch))
    records = [{**RECORD_FACTS, "record_id": rid, "n_beats": 9 + i % 4} for i, rid in enumerate(ids)]
    layout.stage_file("features_records", batch).parent.mkdir(parents=True, exist_ok=True)
    pl.DataFrame(records).write_parquet(layout.stage_file("features_records", batch))
    layout.images_dir(batch).mkdir(parents=True, exist_ok=True)
    index = []
    for i, rid in enumerate(ids):
        if i in skip_images:
            continue
        path = layout.images_dir(batch) / f"{safe_name(rid)}.png"
        Image.new("RGB", (220, 170), (255, 230 - i, 230)).save(path)
        index.append({"record_id": rid, "path": path.relative_to(root).as_posix(), "width": 2200, "height": 1700})
    pl.DataFrame(index).write_parquet(layout.images_index(batch))
    return layout
