"""Feature extraction speed: ours (delineation + all features) vs NeuroKit2 ``dwt``, same records.

Baseline, per 12-lead record: for each lead ``nk.ecg_clean`` -> ``nk.ecg_peaks`` ->
``nk.ecg_delineate(method="dwt")`` (delineation only; no features). Ours: ``gem_data.features.extract``
(multi-lead beats, per-lead delineation of every beat, the 14 features + ST level + Fridericia).
Both run in this one process, pinned to one thread (``*_NUM_THREADS=1``), on the same real records
(PTB-XL 500 Hz + LUDB from ../shared/data), ``--repeats`` times; per-record medians are reported.

Optionally (``--score``) NeuroKit2 ``dwt`` is also scored on LUDB with our rule, so that the
baseline's accuracy is measured in the same run as ours. The process keeps freed memory for reuse
as the features stage does (``batch.retain_freed_memory``); ``--default-malloc`` measures without.

    .venv/bin/python benchmarks/features.py [--records 40] [--repeats 3] [--score] [--default-malloc]
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from gem_data.features import extract  # noqa: E402
from gem_data.features.batch import retain_freed_memory  # noqa: E402
from gem_data.features.delineate import FIDUCIALS, MISSING, Waves  # noqa: E402
from gem_data.signals import read_record  # noqa: E402

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
_NK_KEYS = {"P_on": "ECG_P_Onsets", "P_peak": "ECG_P_Peaks", "P_off": "ECG_P_Offsets",
            "QRS_on": "ECG_R_Onsets", "QRS_off": "ECG_R_Offsets", "T_on": "ECG_T_Onsets",
            "T_peak": "ECG_T_Peaks", "T_off": "ECG_T_Offsets"}


def neurokit_dwt(signal_mv: np.ndarray, fs_hz: float) -> list[dict]:
    """NeuroKit2's documented path, lead by lead; returns its per-lead waves dicts."""
    import neurokit2 as nk

    out = []
    for lead in signal_mv:
        try:
            clean = nk.ecg_clean(lead, sampling_rate=fs_hz)
            _, info = nk.ecg_peaks(clean, sampling_rate=fs_hz)
            _, waves = nk.ecg_delineate(clean, info["ECG_R_Peaks"], sampling_rate=fs_hz, method="dwt")
            waves["ECG_R_Peaks"] = list(info["ECG_R_Peaks"])
        except Exception:  # noqa: BLE001 - the baseline fails on some leads; count it as no waves
            waves = {}
        out.append(waves)
    return out


def neurokit_as_waves(signal_mv: np.ndarray, fs_hz: float) -> Waves:
    """NeuroKit2 dwt output shaped like ours (beats = its per-lead R peaks) for scoring on LUDB."""
    per_lead = neurokit_dwt(signal_mv, fs_hz)
    n_beats = max((len(w.get("ECG_R_Peaks", [])) for w in per_lead), default=0)
    fid = {k: np.full((len(per_lead), n_beats), MISSING, np.int32) for k in FIDUCIALS}
    for li, w in enumerate(per_lead):
        for ours, theirs in _NK_KEYS.items():
            v = np.asarray(w.get(theirs, []), dtype=float)
            fid[ours][li, :v.size] = np.where(np.isfinite(v), v, MISSING)
    return Waves(fs_hz, np.zeros(n_beats, np.int64), fid, np.zeros((len(per_lead), n_beats), np.float32),
                 np.zeros_like(signal_mv, dtype=np.float32), ("",) * len(per_lead), ())


def _records(n: int) -> list[np.ndarray]:
    paths = sorted((SHARED / "ptbxl" / "records500").glob("*/*.hea"))
    paths += sorted((SHARED / "ludb" / "data").glob("*.hea"))
    step = max(len(paths) // n, 1)
    return [read_record(p.with_suffix("")).signal for p in paths[::step][:n]]


def _median_seconds(fn, signals: list[np.ndarray], repeats: int) -> float:
    per_record = []
    for _ in range(repeats):
        for s in signals:
            t0 = time.perf_counter()
            fn(s, 500)
            per_record.append(time.perf_counter() - t0)
    return statistics.median(per_record)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=40)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--score", action="store_true", help="also score NeuroKit2 dwt on LUDB")
    ap.add_argument("--default-malloc", action="store_true",
                    help="leave glibc's allocator as it is (build_batch tunes it)")
    args = ap.parse_args()
    warnings.filterwarnings("ignore")
    retained = False if args.default_malloc else retain_freed_memory()
    signals = _records(args.records)
    extract(signals[0], 500)  # warm caches (filter design) so that neither side pays imports
    neurokit_dwt(signals[0][:1], 500)
    ours = _median_seconds(extract, signals, args.repeats)
    base = _median_seconds(neurokit_dwt, signals, max(1, args.repeats // 3))
    print(f"records: {len(signals)} (12 leads, 10 s, 500 Hz), one thread, "
          f"allocator {'keeps freed memory (as build_batch)' if retained else 'default'}")
    print(f"neurokit2 dwt (clean+peaks+delineate per lead): {base * 1000:.1f} ms/record median")
    print(f"ours (delineation + all features):               {ours * 1000:.1f} ms/record median")
    if args.score:
        from gem_data.features.validate import validate_ludb

        print("\nNeuroKit2 dwt on LUDB, our scoring rule:")
        print(validate_ludb(SHARED / "ludb", delineator=neurokit_as_waves).markdown())
        print("\nours on LUDB, same rule:")
        print(validate_ludb(SHARED / "ludb").markdown())
    print(f"features_speed: {1.0 / ours:.1f} rec/s/core ({base / ours:.1f}x neurokit2-dwt)")


if __name__ == "__main__":
    main()
