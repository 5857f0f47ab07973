"""Issue 17 at scale: ≥ 10,000 fuzzed records through ingest + features + render, 0 failed batches.

Writes ``--records`` records in chunks of ``--batch`` (one MIMIC-IV-ECG-layout tree per chunk, built at
run time from the real PTB-XL/LUDB signals in ../shared/data), each record drawn from the mix below
and mutated with tests/fuzz/mutations.py: header fields, data files, record_list rows, signals. Every
chunk's batches then run through the real stage functions with the fuzz suite's assertions
(tests.fuzz.mutations.run_stages). A *failed batch* is any exception or violated property escaping a
chunk. Prints the counts and the quarantine reasons by stage and count; the headline is the last line.

    .venv/bin/python benchmarks/fuzz_batches.py [--records 10000] [--batch 500] [--render-every 1] [--jobs 1]

``--render-every N`` renders the OK records of every N-th chunk only (render is the slowest stage on
this 2-core machine); the headline says how many records were rendered.
"""
from __future__ import annotations

import argparse
import logging
import multiprocessing
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the fuzz mutations live with the tests

from gem_data.render import RenderConfig
from tests.conftest import SHARED_DATA, real_records, reference_signal
from tests.fuzz.mutations import DATA, HEADER, LISTING, SIGNALS, FileSpec, Spec, run_stages, write_fuzzed_tree

# share of records per kind of damage; the rest of each draw is "none"
MIX = {"clean": 0.2, "signal": 0.2, "header": 0.2, "data": 0.15, "listing": 0.15, "all": 0.1}


def draw_specs(rng: np.random.Generator, n: int) -> list[Spec]:
    kinds = rng.choice(list(MIX), size=n, p=list(MIX.values()))
    specs = []
    for kind in kinds:
        pick = {name: ("real" if name == "signal" else "none") for name in ("signal", "header", "data", "listing")}
        tables = {"signal": SIGNALS, "header": HEADER, "data": DATA, "listing": LISTING}
        for name in (tables if kind == "all" else [kind] if kind != "clean" else []):
            pick[name] = str(rng.choice(sorted(tables[name])))
        specs.append(Spec(**pick, seed=int(rng.integers(0, 2 ** 32))))
    return specs


def _bases() -> list[np.ndarray]:
    return [np.nan_to_num(reference_signal(p)[:, :5000]) for p in real_records(SHARED_DATA)]


def run_chunk(args: tuple) -> dict:
    """One tree through every stage; returns counts, or the exception that escaped (a failed batch)."""
    index, specs, file_spec, render_config, bases = args
    with tempfile.TemporaryDirectory(prefix="gem-fuzz-") as tmp:
        root, out = Path(tmp) / "src", Path(tmp) / "out"
        listed = write_fuzzed_tree(root, specs, bases, file_spec, first_study=40000001 + index * len(specs))
        try:
            counts = run_stages(root, out, render=render_config, check_idempotent=index == 0)
        except Exception:  # a failed batch is what this benchmark counts, not a crash
            return {"index": index, "listed": listed, "error": traceback.format_exc(limit=6)}
    return {"index": index, "listed": listed, "counts": counts}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=10_000)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--render-every", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--seed", type=int, default=17)
    args = ap.parse_args()
    logging.getLogger("gem_data.isolate").setLevel(logging.ERROR)  # counted below, not one traceback each
    rng = np.random.default_rng(args.seed)
    bases = _bases()
    chunks = []
    for i in range(0, args.records, args.batch):
        specs = draw_specs(rng, min(args.batch, args.records - i))
        file_spec = FileSpec(bom=bool(rng.random() < 0.3), crlf=bool(rng.random() < 0.3))
        render = RenderConfig() if (i // args.batch) % args.render_every == 0 else None
        chunks.append((i // args.batch, specs, file_spec, render, bases))
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
        results = pool.map(run_chunk, chunks, chunksize=1) if args.jobs > 1 else [run_chunk(c) for c in chunks]
    seconds = time.perf_counter() - start
    failed = [r for r in results if "error" in r]
    reasons = {"ingest": Counter(), "features": Counter(), "render": Counter()}
    total = Counter()
    for r in results:
        if "counts" in r:
            c = r["counts"]
            total.update(listed=c.listed, ok=c.ok, features_ok=c.features_ok, rendered=c.rendered, batches=c.batches)
            for stage, counter in c.reasons.items():
                reasons[stage].update(counter)
    for r in failed:
        print(f"FAILED chunk {r['index']}:\n{r['error']}")
    for stage, counter in reasons.items():
        print(f"\n{stage} quarantine reasons ({sum(counter.values())} records):")
        for reason, n in counter.most_common():
            print(f"  {n:6d}  {reason}")
    print(f"\nrecords listed {total['listed']}, ingest ok {total['ok']}, features ok/partial {total['features_ok']}, "
          f"rendered {total['rendered']}, batches {total['batches']} in {len(chunks)} trees, {seconds:.0f} s")
    print(f"fuzz_batches: {sum(r['listed'] for r in results)} fuzzed records, {len(failed)} failed batches, "
          f"{sum(sum(c.values()) for c in reasons.values())} quarantined "
          f"(ingest {sum(reasons['ingest'].values())}, features {sum(reasons['features'].values())}, "
          f"render {sum(reasons['render'].values())})")


if __name__ == "__main__":
    main()
