"""Ingestion speed: catalog + normalization of real records, ours vs a naive wfdb + pandas loop.

Builds a MIMIC-IV-ECG-layout tree at run time from the real PTB-XL and LUDB records in
../shared/data (each written ``--copies`` times under new ids), then ingests it
(a) with ``gem_data.catalog.ingest_batch`` and (b) with the obvious baseline: pandas rows,
``wfdb.rdrecord`` per record, a pandas DataFrame per signal to reorder leads by name, ``to_parquet``.
Both run single-process on the same files, ``--repeats`` times; medians are reported, plus how fast a
later stage reads one normalized record back (our .npy memmap vs re-reading the WFDB record).

    .venv/bin/python benchmarks/ingest.py [--copies 3] [--repeats 5]
"""
from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import wfdb

from gem_data.catalog import ingest_batch, open_batch
from gem_data.layout import DataLayout
from gem_data.signals import STANDARD_LEADS
from gem_data.sources import MimicIvEcg
from gem_data.sources.mimic import write_tree

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def build_tree(root: Path, copies: int) -> int:
    paths = sorted((SHARED / "ptbxl" / "records500").glob("*/*.hea")) + sorted((SHARED / "ludb" / "data").glob("*.hea"))
    records = []
    for c in range(copies):
        for i, hea in enumerate(paths):
            rec = wfdb.rdrecord(str(hea.with_suffix("")))
            names = [n.lower() for n in rec.sig_name]
            sig = np.stack([rec.p_signal[:, names.index(lead.lower())] for lead in STANDARD_LEADS])
            k = c * len(paths) + i
            records.append({"subject_id": 10000000 + k, "study_id": 40000000 + k,
                            "ecg_time": "2180-07-23 08:44:00", "signal_mv": sig,
                            "report_lines": ["Sinus rhythm", "Borderline ECG"], "rr_interval": 659,
                            "qrs_onset": 170, "t_end": 518, "qrs_axis": 29999})
    write_tree(root, records, batch_of=lambda sid: "p1000")
    return len(records)


def naive(root: Path, out: Path) -> int:
    """What a first script does: pandas rows, wfdb.rdrecord, a DataFrame per record to reorder."""
    rl = pd.read_csv(root / "record_list.csv")
    mm = pd.read_csv(root / "machine_measurements.csv")
    df = rl.merge(mm, on="study_id", how="left", suffixes=("", "_mm"))
    rows, signals = [], []
    for _, row in df.iterrows():
        rec = wfdb.rdrecord(str(root / row["path"]))
        sig = pd.DataFrame(rec.p_signal, columns=rec.sig_name)[list(STANDARD_LEADS)]
        signals.append(sig.to_numpy(dtype=np.float32).T)
        report = "\n".join(str(row[f"report_{i}"]) for i in range(18) if pd.notna(row[f"report_{i}"]))
        rows.append({"record_id": f"mimic-iv-ecg/{row['study_id']}", "subject_id": row["subject_id"],
                     "path": row["path"], "report": report, "fs": rec.fs, "n": rec.sig_len,
                     "qt_machine_ms": row["t_end"] - row["qrs_onset"]})
    out.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows).to_parquet(out / "catalog.parquet")
    np.save(out / "signals.npy", np.stack(signals))
    return len(rows)


def ours(root: Path, out: Path) -> int:
    layout = DataLayout(out)
    return ingest_batch(MimicIvEcg(root, cache_dir=out / "index"), layout, "p1000").n_records


def read_back(root: Path, out: Path, n: int) -> tuple[dict[str, float], dict[str, float], float]:
    """Records/s for fetching whole random records: int16 µV .npy (decoded), float32 mV .npy (the
    format before issue 16, same records), and wfdb.rdrecord. ``hot``: both files in the page cache
    (interleaved, best of 5: the machine is shared); ``cold``: each file's pages dropped from the page
    cache before every pass (``posix_fadvise(DONTNEED)``), as when a stage reads a batch written long
    ago: then the int16 file's half-size reads count."""
    layout = DataLayout(out)
    ids = np.random.default_rng(0).integers(0, n, 2000)
    batch = open_batch(layout, "p1000")
    f32_path = out / "signals_float32.npy"
    np.save(f32_path, np.asarray(batch.signal_mv))
    paths = batch.catalog["path"].to_list()
    del batch  # a page still mapped by a live memmap is not dropped from the cache
    readers = {"int16": (layout.signals("p1000"), lambda: open_batch(layout, "p1000").signal_mv),
               "float32": (f32_path, lambda: np.load(f32_path, mmap_mode="r"))}
    hot, cold = {k: [] for k in readers}, {k: [] for k in readers}
    for _ in range(5):
        for name, (path, open_) in readers.items():
            signals = open_()  # a record as a stage sees it (float32 mV), then every sample touched
            t = time.perf_counter()
            _ = sum(float(signals[i].sum()) for i in ids)
            hot[name].append(len(ids) / (time.perf_counter() - t))
            del signals
            _drop_page_cache(path)
            signals = open_()
            t = time.perf_counter()
            _ = sum(float(signals[i].sum()) for i in ids[:200])
            cold[name].append(200 / (time.perf_counter() - t))
            del signals
    ids = ids[:200]
    t = time.perf_counter()
    _ = sum(float(wfdb.rdrecord(str(root / paths[i])).p_signal[0, 0]) for i in ids)
    wf = len(ids) / (time.perf_counter() - t)
    return {k: max(v) for k, v in hot.items()}, {k: max(v) for k, v in cold.items()}, wf


def _drop_page_cache(path: Path) -> None:
    with open(path, "rb") as f:
        os.fsync(f.fileno())
        os.posix_fadvise(f.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "mimic"
        n = build_tree(root, args.copies)
        ours(root, Path(tmp) / "warm")  # builds the listing index once, as a first run would
        t_ours, t_naive = [], []
        for r in range(args.repeats):
            t = time.perf_counter(); ours(root, Path(tmp) / f"ours{r}"); t_ours.append(time.perf_counter() - t)
            t = time.perf_counter(); naive(root, Path(tmp) / f"naive{r}"); t_naive.append(time.perf_counter() - t)
        hot, cold, wfdb_rps = read_back(root, Path(tmp) / "ours0", n)
    ours_rps = n / statistics.median(t_ours)
    naive_rps = n / statistics.median(t_naive)
    print(f"records: {n} real (PTB-XL 500 Hz + LUDB) in MIMIC layout, {args.repeats} repeats, 1 process")
    print(f"naive wfdb.rdrecord + pandas: {naive_rps:.0f} records/s (median {statistics.median(t_naive):.2f} s)")
    print(f"ours (catalog + normalize + write): {ours_rps:.0f} records/s (median {statistics.median(t_ours):.2f} s)")
    for name, rates in (("page cache", hot), ("cold", cold)):
        print(f"read back one normalized record ({name}): int16 µV .npy memmap {rates['int16']:.0f} records/s "
              f"(float32 mV .npy {rates['float32']:.0f}: {100 * (rates['int16'] / rates['float32'] - 1):+.0f} %)")
    print(f"re-reading the WFDB record instead: wfdb.rdrecord {wfdb_rps:.0f} records/s")
    print(f"MIMIC-IV-ECG (800,035 records) on 2 cores at this rate: {800035 / (2 * ours_rps) / 60:.1f} min")
    print(f"ingest: {ours_rps:.0f} records/s/core ({ours_rps / naive_rps:.1f}x naive-wfdb-pandas)")


if __name__ == "__main__":
    main()
