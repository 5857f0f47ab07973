"""A small synthetic source in MIMIC-IV-ECG layout, so the main job runs with no credentialed data.

Signals come from NeuroKit2's 12-lead simulator (``ecg_simulate(method="multileads")``); every report
says SYNTHETIC in its first line. Only the RR interval is written as a machine measurement: we do not
invent the others.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from gem_data.sources.mimic import write_tree

SYNTHETIC_LINE = "SYNTHETIC DEMO ECG (NeuroKit2 simulation, not patient data)"


def write_demo_source(root: Path, n_batches: int = 2, per_batch: int = 6, seed: int = 0) -> list[str]:
    """Write ``n_batches`` MIMIC batches (``p1000``, ``p1001``...) of ``per_batch`` records each."""
    import neurokit2 as nk

    rng = np.random.default_rng(seed)
    records = []
    for b in range(n_batches):
        for i in range(per_batch):
            hr = float(rng.choice([48, 62, 75, 88, 110]) + rng.integers(-3, 4))
            df = nk.ecg_simulate(duration=10, sampling_rate=500, method="multileads",
                                 heart_rate=hr, random_state=int(rng.integers(0, 2**31 - 1)))
            signal_mv = df.to_numpy().T.astype(np.float64)  # (5000, 12) -> (12, 5000), standard order
            signal_mv += rng.normal(0.0, 0.01, signal_mv.shape)
            subject = 10000000 + b * 10000 + i
            rhythm = "Sinus bradycardia" if hr < 60 else "Sinus tachycardia" if hr > 100 else "Sinus rhythm"
            records.append({
                "subject_id": subject, "study_id": 40000000 + b * 1000 + i,
                "ecg_time": f"2180-0{1 + b}-{10 + i:02d} 08:{10 + i:02d}:00",
                "signal_mv": signal_mv, "report_lines": [SYNTHETIC_LINE, rhythm],
                "rr_interval": round(60000.0 / hr), "bandwidth": "0.005-150 Hz",
                "filtering": "60 Hz notch Baseline filter",
            })
    return write_tree(Path(root), records, batch_of=lambda sid: f"p{1000 + (sid - 10000000) // 10000}")
