"""Guider speed: prompts per second per core for one batch, ours vs a baseline code tree (issue 16).

Builds one real batch once: every PTB-XL 500 Hz and LUDB record in ../shared/data, clean and with
mild noise (gem_data.features.noise.MILD), written as a MIMIC-IV-ECG tree, then ingested, rendered
and delineated by the current code. Then times ``gem_data.guider.build_batch`` on it (the
``guider_prompts`` asset's whole work: read the catalog, FeatureDB and image index, build, count
tokens, hash images, write Parquet), ours in this process and the baseline in a child process
with ``--baseline-tree`` first on its PYTHONPATH (default /tmp/base_g: ``git worktree add /tmp/base_g
a5825d5``, the commit before the speed-up); runs alternate, and we report the median CPU time per run
(``time.process_time``: one process, one thread, so "per core" even on a busy machine). Both
outputs are compared: the prompt rows (user text, facts JSON, tokens...) must be equal.

    .venv/bin/python benchmarks/guider.py [--repeats 3] [--baseline-tree /tmp/base_g]
"""
from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
BATCH = "p1000"


def build_layout(root: Path) -> None:
    """Catalog, signals, images and FeatureDB of the shared records, clean and noisy, in one batch."""
    import numpy as np
    import wfdb

    from gem_data.catalog import ingest_batch
    from gem_data.features.batch import build_batch as build_features
    from gem_data.features.noise import MILD, add_noise
    from gem_data.layout import DataLayout
    from gem_data.render import RenderConfig
    from gem_data.render.batch import build_batch as build_images
    from gem_data.signals import STANDARD_LEADS
    from gem_data.sources.mimic import MimicIvEcg, write_tree

    paths = sorted((SHARED / "ptbxl" / "records500").glob("*/*.hea")) + sorted((SHARED / "ludb" / "data").glob("*.hea"))
    records = []
    for k, hea in enumerate(paths):
        rec = wfdb.rdrecord(str(hea.with_suffix("")))
        names = [n.lower() for n in rec.sig_name]
        clean = np.stack([rec.p_signal[:, names.index(lead.lower())] for lead in STANDARD_LEADS])[:, :5000]
        for noisy in (False, True):
            i = len(records)
            records.append({
                "subject_id": 10_000_000 + i, "study_id": 40_000_000 + i, "ecg_time": "2180-01-01 08:00:00",
                "signal_mv": add_noise(clean, 500.0, MILD, name=hea.stem) if noisy else clean,
                "report_lines": ["Sinus rhythm", f"{hea.stem} {'noisy' if noisy else 'clean'}"],
                "rr_interval": 800 + k % 200 if i % 3 else None, "p_onset": 40, "p_end": 128, "qrs_onset": 170,
                "qrs_end": 258, "t_end": 518, "p_axis": 60, "qrs_axis": 45, "t_axis": 50})
    write_tree(root / "source", records, batch_of=lambda sid: BATCH)
    layout = DataLayout(root / "data")
    ingest_batch(MimicIvEcg(root / "source"), layout, BATCH)
    build_images(layout, BATCH, RenderConfig())
    build_features(layout, BATCH)


def time_guider(data_root: Path, repeats: int) -> dict:
    """CPU seconds of each ``build_batch`` run (after one warm-up: tokenizer load) and the output."""
    import polars as pl

    from gem_data.guider import build_batch
    from gem_data.layout import DataLayout

    layout = DataLayout(data_root)
    build_batch(layout, BATCH)
    runs = []
    for _ in range(repeats):
        t = time.process_time()
        summary = build_batch(layout, BATCH)
        runs.append(time.process_time() - t)
    frame = pl.read_parquet(layout.stage_file("prompts", BATCH))
    return {"cpu_s": runs, "n_records": summary.n_records, "n_prompts": summary.n_prompts,
            "rows": frame.sort("record_id").write_json()}


def _baseline(tree: Path, data_root: Path, repeats: int) -> dict:
    """The same timing in a child process importing gem_data from ``tree``."""
    env = {**os.environ, "PYTHONPATH": f"{tree}{os.pathsep}{REPO}"}
    code = (f"import sys, json; sys.path.insert(0, {str(REPO / 'benchmarks')!r}); import guider as g; "
            f"from pathlib import Path; print(json.dumps(g.time_guider(Path({str(data_root)!r}), {repeats})))")
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=tree, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _private_copy(data: Path, to: Path) -> Path:
    """The inputs linked, the outputs (prompts, quarantine) private: two versions never share them."""
    to.mkdir()
    for name in ("catalog", "signals", "images", "features", "features_records"):
        (to / name).symlink_to(data / name)
    return to


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--baseline-tree", type=Path, default=Path("/tmp/base_g"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="guider_bench_") as tmp:
        tmp = Path(tmp)
        t = time.perf_counter()
        build_layout(tmp)
        print(f"batch built in {time.perf_counter() - t:.0f} s (ingest, render, features)")
        ours_root, base_root = _private_copy(tmp / "data", tmp / "ours"), _private_copy(tmp / "data", tmp / "base")
        ours_runs, base_runs, base, ours = [], [], None, None
        have_base = (args.baseline_tree / "gem_data" / "guider").is_dir()
        for _ in range(args.repeats):  # alternate, so both see the same machine load
            ours = time_guider(ours_root, 1)
            ours_runs += ours["cpu_s"]
            if have_base:
                base = _baseline(args.baseline_tree, base_root, 1)
                base_runs += base["cpu_s"]
    n = ours["n_records"]
    ours_rate = n / statistics.median(ours_runs)
    print(f"records: {n} ({n // 2} PTB-XL + LUDB, clean and mild noise), prompts: {ours['n_prompts']}")
    print(f"ours      median {statistics.median(ours_runs) * 1000 / n:6.2f} ms CPU/record  "
          f"runs {', '.join(f'{s:.2f}' for s in ours_runs)} s")
    if base is None:
        print(f"no baseline tree at {args.baseline_tree}")
        print(f"guider_speed: {ours_rate:.1f} records/s/core")
        return
    base_rate = n / statistics.median(base_runs)
    print(f"baseline  median {statistics.median(base_runs) * 1000 / n:6.2f} ms CPU/record  "
          f"runs {', '.join(f'{s:.2f}' for s in base_runs)} s  ({args.baseline_tree})")
    print(f"identical prompt rows (text, facts JSON, tokens, image hash): {ours['rows'] == base['rows']}")
    print(f"guider_speed: {ours_rate:.1f} records/s/core ({ours_rate / base_rate:.1f}x {base_rate:.1f} baseline)")


if __name__ == "__main__":
    main()
