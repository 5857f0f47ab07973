"""The whole pipeline at scale, through a real Dagster instance, daemon and run queue (issue 16).

Builds a MIMIC-IV-ECG-layout source of ``--records`` records (default 2,000) from the real PTB-XL
500 Hz and LUDB ECGs in ../shared/data, each perturbed (circular shift, amplitude scale, baseline
wander, noise) so no two are alike, in ``pNNNN`` batches of ``--batch-size`` (default 800, as in
MIMIC-IV-ECG), with record_list.csv and machine_measurements.csv. Then, in a throwaway
``DAGSTER_HOME`` with the committed ``dagster_home/dagster.yaml`` (SQLite, 2 concurrent runs):

1. ``gem discover``; 2. ``dagster job backfill`` of every batch of ``batch_job``, executed by
``dagster-daemon`` through the run queue (template LLM backend: no network); 3. the
``instruction_dataset`` asset; 4. incremental: one new batch plus a few records added to an existing
one, the ``new_batches`` sensor asked which batches to run, those backfilled, the dataset rebuilt;
5. the ``new_batches`` sensor tick with 1,000 registered batches.

Per stage it reports seconds (summed over runs, from each step's start/success events),
records/s/core (one step = one process = one core), peak RSS of the run and step processes, and
Dagster's overhead per run (run wall time not covered by any step), plus bytes per record of every
output and the 800k extrapolation. Steps 1-3 also run at N/10 first, for the growth factor.

    .venv/bin/python benchmarks/pipeline_scale.py [--records 2000] [--batch-size 800] [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Self

import numpy as np
import psutil
import resource
import wfdb

from gem_data.signals import STANDARD_LEADS
from gem_data.sources.mimic import write_tree

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"

BIN = Path(sys.executable).parent
MIMIC_RECORDS = 800_035
STAGES = ["ecg_catalog", "ecg_images", "ecg_features", "guider_prompts", "llm_responses",
          "verified_responses"]
OUTPUT_DIRS = {"catalog": ["catalog"], "signals": ["signals"], "images": ["images"],
               "features": ["features", "features_records"], "prompts": ["prompts"],
               "responses": ["responses", "llm"], "verified": ["verified", "claims"],
               "dataset": ["dataset"], "quarantine": ["quarantine"]}


# ---------------------------------------------------------------- the source

def real_signals() -> list[np.ndarray]:
    """(12, 5000) mV, standard lead order: every PTB-XL 500 Hz and LUDB record in ../shared/data."""
    paths = sorted((SHARED / "ptbxl" / "records500").glob("*/*.hea")) + sorted((SHARED / "ludb" / "data").glob("*.hea"))
    out = []
    for hea in paths:
        rec = wfdb.rdrecord(str(hea.with_suffix("")))
        names = [n.lower() for n in rec.sig_name]
        out.append(np.stack([rec.p_signal[:, names.index(lead.lower())] for lead in STANDARD_LEADS]))
    return out


def perturbed(base: list[np.ndarray], k: int) -> np.ndarray:
    """Record k: a real ECG shifted, scaled, with baseline wander and noise (seeded by k)."""
    rng = np.random.default_rng(k)
    sig = np.roll(base[k % len(base)], int(rng.integers(0, 5000)), axis=1) * rng.uniform(0.8, 1.25)
    t_s = np.arange(5000) / 500.0
    wander_mv = rng.uniform(0.02, 0.15) * np.sin(2 * np.pi * rng.uniform(0.1, 0.4) * t_s + rng.uniform(0, 6.3))
    return sig + wander_mv + rng.normal(0.0, 0.01, sig.shape)


def record_row(base: list[np.ndarray], k: int, batch: int) -> dict:
    rng = np.random.default_rng(10_000_000 + k)
    rr = int(rng.integers(600, 1100))
    return {"subject_id": 10_000_000 + k, "study_id": 40_000_000 + k, "_batch": batch,
            "ecg_time": f"2180-{1 + k % 12:02d}-{1 + k % 28:02d} 08:44:00", "signal_mv": perturbed(base, k),
            "report_lines": ["Sinus rhythm", "Borderline ECG" if k % 3 else "Normal ECG"],
            "rr_interval": rr, "p_onset": 40, "p_end": 128, "qrs_onset": 170, "qrs_end": 258,
            "t_end": 518 + int(rng.integers(-40, 40)), "p_axis": 60, "qrs_axis": 45, "t_axis": 50}


def write_source(root: Path, base: list[np.ndarray], first: int, n: int, batch_size: int,
                 batch_of_k=None) -> None:
    """Records first..first+n-1 in MIMIC layout; record k goes to batch p{1000 + k // batch_size}."""
    batch_of_k = batch_of_k or (lambda k: 1000 + k // batch_size)
    rows = (record_row(base, k, batch_of_k(k)) for k in range(first, first + n))
    by_subject: dict[int, int] = {}

    def tag(rows):
        for r in rows:
            by_subject[r["subject_id"]] = r["_batch"]
            yield r
    write_tree(root, tag(rows), batch_of=lambda sid: f"p{by_subject[sid]}")


# ---------------------------------------------------------------- the instance

class Instance:
    """A throwaway DAGSTER_HOME + GEM_DATA_DIR for one source, and the daemon that serves it."""

    def __init__(self, work: Path, source: Path):
        self.home, self.data = work / "dagster_home", work / "data"
        self.home.mkdir(parents=True)
        shutil.copy(REPO / "dagster_home" / "dagster.yaml", self.home / "dagster.yaml")
        self.env = {**os.environ, "DAGSTER_HOME": str(self.home), "GEM_DATA_DIR": str(self.data),
                    "GEM_SOURCE_DIR": str(source), "GEM_SOURCE_KIND": "mimic-iv-ecg"}
        self.env.pop("OPENAI_API_KEY", None)  # the offline template backend: nothing leaves the machine
        self.daemon: subprocess.Popen | None = None
        self.rss = ProcessSampler()
        self.cli_cpu_s: dict[str, float] = {}

    def cli(self, *args: str) -> float:
        """Run one CLI command; returns its wall seconds, keeps its CPU seconds in ``cli_cpu_s``."""
        t, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([str(BIN / args[0]), *args[1:]], cwd=REPO, env=self.env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.cli_cpu_s[" ".join(args[:3])] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        return time.perf_counter() - t

    def __enter__(self) -> Self:
        self.daemon = subprocess.Popen([str(BIN / "dagster-daemon"), "run", "-w", "workspace.yaml"], cwd=REPO,
                                       env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.rss.start(self.daemon.pid)
        return self

    def __exit__(self, *exc) -> None:
        self.rss.stop()
        if self.daemon:
            self.daemon.terminate()
            try:
                self.daemon.wait(30)
            except subprocess.TimeoutExpired:
                self.daemon.kill()

    def dagster(self):
        os.environ["DAGSTER_HOME"] = str(self.home)
        import dagster as dg
        return dg.DagsterInstance.get()

    def backfill(self, batches: list[str]) -> tuple[float, list[str]]:
        """Submit one backfill of ``batch_job`` and wait until the daemon has finished every run."""
        from dagster import DagsterRunStatus, RunsFilter

        instance = self.dagster()
        before = {r.run_id for r in instance.get_runs()}
        t = time.perf_counter()
        self.cli("dagster", "job", "backfill", "-w", "workspace.yaml", "-j", "batch_job",
                 "--partitions", ",".join(batches), "--noprompt")
        done = {DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE, DagsterRunStatus.CANCELED}
        while True:
            runs = [r for r in instance.get_runs(RunsFilter(job_name="batch_job")) if r.run_id not in before]
            finished = [r for r in runs if r.status in done]
            retried = {r.tags.get("dagster/parent_run_id") for r in runs}
            pending = [r for r in finished if r.status != DagsterRunStatus.SUCCESS and r.run_id not in retried]
            if len(runs) >= len(batches) and len(finished) == len(runs) and not pending:
                break
            if len(runs) >= len(batches) and len(finished) == len(runs) and pending:
                time.sleep(5)  # run_retries may still launch a retry of a failed run
                if len(instance.get_runs(RunsFilter(job_name="batch_job"))) == len(runs) + len(before):
                    raise RuntimeError(f"{len(pending)} batch runs failed: {[r.run_id for r in pending]}")
            time.sleep(1.0)
        return time.perf_counter() - t, [r.run_id for r in runs]


class ProcessSampler:
    """Peak RSS and CPU time of every process under the daemon (run workers and step processes),
    sampled at 4 Hz. CPU seconds, not wall seconds, say what a stage costs per core while other jobs
    share the machine; the samples are (time, user + system CPU s) per pid, so a step's CPU is its
    process's CPU between the step's start and end events."""

    def __init__(self):
        self.peak_mb: dict[str, float] = defaultdict(float)
        self.cpu: dict[int, list[tuple[float, float]]] = defaultdict(list)
        self.run_pids: set[int] = set()
        self._stop = threading.Event()

    def start(self, pid: int) -> None:
        self._thread = threading.Thread(target=self._loop, args=(pid,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _loop(self, pid: int) -> None:
        root = psutil.Process(pid)
        while not self._stop.wait(0.25):
            try:
                children = root.children(recursive=True)
            except psutil.Error:
                return
            for p in children:
                try:
                    cmd = " ".join(p.cmdline())
                    if "python" not in cmd:
                        continue
                    # the code server (gRPC) holds the definitions; every other python process under
                    # the daemon is a run worker or a step process (spawned per run and per step)
                    kind = "code server" if "grpc" in cmd else "run/step"
                    self.peak_mb[kind] = max(self.peak_mb[kind], p.memory_info().rss / 2**20)
                    cpu = p.cpu_times()
                    self.cpu[p.pid].append((time.time(), cpu.user + cpu.system))
                    if kind == "run/step":
                        self.run_pids.add(p.pid)
                except psutil.Error:
                    continue

    def cpu_between(self, pid: int, t0: float, t1: float) -> float:
        """CPU seconds ``pid`` used between two wall-clock times (interpolated between samples)."""
        samples = self.cpu.get(pid)
        if not samples:
            return 0.0
        ts, cs = zip(*samples)
        return float(np.interp(t1, ts, cs) - np.interp(t0, ts, cs))

    def run_cpu_s(self) -> float:
        """CPU seconds of every run and step process (each one's last sample)."""
        return sum(self.cpu[pid][-1][1] for pid in self.run_pids)


# ---------------------------------------------------------------- measurements

def step_seconds(instance, run_ids: list[str], sampler: ProcessSampler
                 ) -> tuple[dict[str, float], dict[str, float], list[float]]:
    """Wall and CPU seconds per stage summed over runs, and each run's wall time from its launch (the
    run process starting) to its end not covered by any step. A step's CPU: its process's CPU between its start and end events (the step process under
    the multiprocess executor, the run process under the in-process one)."""
    from dagster import DagsterEventType

    kinds = {DagsterEventType.STEP_START, DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_FAILURE,
             DagsterEventType.RUN_STARTING}
    per_stage: dict[str, float] = defaultdict(float)
    cpu_stage: dict[str, float] = defaultdict(float)
    overhead = []
    for run_id in run_ids:
        record = instance.get_run_record_by_id(run_id)
        starts, spans, launched = {}, [], None
        for entry in instance.all_logs(run_id, of_type=kinds):
            ev = entry.dagster_event
            if ev.event_type == DagsterEventType.RUN_STARTING:
                launched = entry.timestamp  # the launcher starts the run process: imports count from here
            elif ev.event_type == DagsterEventType.STEP_START:
                starts[ev.step_key] = (entry.timestamp, ev.pid)
            elif ev.step_key in starts:
                t0, pid = starts[ev.step_key]
                spans.append((t0, entry.timestamp))
                per_stage[ev.step_key] += entry.timestamp - t0
                cpu_stage[ev.step_key] += sampler.cpu_between(pid, t0, entry.timestamp)
        if record.start_time and record.end_time:
            overhead.append((record.end_time - (launched or record.start_time)) - _covered(spans))
    return per_stage, cpu_stage, overhead


def _covered(spans: list[tuple[float, float]]) -> float:
    total, end = 0.0, -np.inf
    for a, b in sorted(spans):
        if b > end:
            total += b - max(a, end)
            end = b
    return total


def sensor_tick_s(work: Path, base: list[np.ndarray], n_batches: int = 1000) -> tuple[float, float, int]:
    """(first tick s, steady tick s, run requests) of ``new_batches`` over ``n_batches`` batches."""
    import dagster as dg

    root = work / "sensor_source"
    write_source(root, base, 0, n_batches, 1, batch_of_k=lambda k: 1000 + k)  # one record per batch
    os.environ.update({"GEM_SOURCE_DIR": str(root), "GEM_SOURCE_KIND": "mimic-iv-ecg",
                       "GEM_DATA_DIR": str(work / "sensor_data")})
    from assets.definitions import defs
    from assets.partitions import batches

    sensor = defs.resolve_sensor_def("new_batches")
    with dg.instance_for_test() as instance:
        listing = [f"p{1000 + k}" for k in range(n_batches)]
        instance.add_dynamic_partitions(batches.name, listing)  # 1,000 registered batches
        t = time.perf_counter()
        with dg.build_sensor_context(instance=instance, resources=defs.resources) as ctx:
            first = sensor(ctx)
        first_s = time.perf_counter() - t
        t = time.perf_counter()
        with dg.build_sensor_context(instance=instance, cursor=first.cursor, resources=defs.resources) as ctx:
            steady = sensor(ctx)
        steady_s = time.perf_counter() - t
    assert not steady.run_requests
    return first_s, steady_s, len(first.run_requests)


def sensor_plan(instance: Instance, cursor: str | None):
    """Ask the real sensor which batches to run (cursor = what it saw last)."""
    import dagster as dg

    os.environ.update({k: instance.env[k] for k in ("GEM_SOURCE_DIR", "GEM_SOURCE_KIND", "GEM_DATA_DIR")})
    from assets.definitions import defs

    sensor = defs.resolve_sensor_def("new_batches")
    with dg.build_sensor_context(instance=instance.dagster(), cursor=cursor, resources=defs.resources) as ctx:
        result = sensor(ctx)
    return result, sorted(r.partition_key for r in result.run_requests)


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.exists() else 0


def pipeline(work: Path, base: list[np.ndarray], n: int, batch_size: int, incremental: bool) -> dict:
    source = work / "source"
    t = time.perf_counter()
    write_source(source, base, 0, n, batch_size)
    build_s = time.perf_counter() - t
    batches = sorted(p.name for p in (source / "files").iterdir())
    out = {"n": n, "batches": len(batches), "build_source_s": build_s}
    with Instance(work, source) as inst:
        out["discover_s"] = inst.cli("gem", "discover")
        out["backfill_s"], run_ids = inst.backfill(batches)
        out["dataset_s"] = inst.cli("dagster", "asset", "materialize", "-m", "assets.definitions",
                                    "--select", "instruction_dataset")
        instance = inst.dagster()
        out["stage_s"], out["stage_cpu_s"], out["overhead_s"] = step_seconds(instance, run_ids, inst.rss)
        out["run_cpu_s"] = inst.rss.run_cpu_s()  # before the incremental runs add theirs
        out["dataset_cpu_s"] = inst.cli_cpu_s["dagster asset materialize"]
        out["runs"] = len(run_ids)
        out["bytes"] = {k: sum(du(inst.data / d) for d in dirs) for k, dirs in OUTPUT_DIRS.items()}
        out["raw_bytes"] = du(source / "files") + du(source / "record_list.csv") + du(source / "machine_measurements.csv")
        if incremental:
            out["incremental"] = incremental_step(inst, base, n, batch_size, batches)
        out["rss_mb"] = dict(inst.rss.peak_mb)
    return out


def incremental_step(inst: Instance, base, n: int, batch_size: int, batches: list[str]) -> dict:
    """One new batch and a few records added to the first batch: only those two run again."""
    seen, _ = sensor_plan(inst, None)  # the sensor's view of the materialized source
    source = Path(inst.env["GEM_SOURCE_DIR"])
    new_batch = 1000 + len(batches)
    write_source(source, base, n, batch_size, batch_size, batch_of_k=lambda k: new_batch)
    write_source(source, base, n + batch_size, 5, batch_size, batch_of_k=lambda k: 1000)
    result, to_run = sensor_plan(inst, seen.cursor)
    instance = inst.dagster()
    for request in result.dynamic_partitions_requests:
        instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))
    backfill_s, run_ids = inst.backfill(to_run)
    dataset_s = inst.cli("dagster", "asset", "materialize", "-m", "assets.definitions", "--select",
                         "instruction_dataset")
    mat = instance.get_latest_materialization_event(__import__("dagster").AssetKey("instruction_dataset"))
    rebuilt = mat.asset_materialization.metadata.get("batches_rebuilt") if mat else None
    return {"to_run": to_run, "backfill_s": backfill_s, "runs": len(run_ids), "dataset_s": dataset_s,
            "batches_rebuilt": getattr(rebuilt, "value", rebuilt)}


# ---------------------------------------------------------------- report

def report(small: dict | None, big: dict, tick: tuple[float, float, int]) -> list[str]:
    n = big["n"]
    lines = [(f"N={n} records in {big['batches']} batches ({big['runs']} runs), 2 concurrent runs, "
              f"{os.cpu_count()} cores; source built in {big['build_source_s']:.0f} s")]
    lines.append("| stage | wall s (sum over runs) | CPU s | records/s/core (CPU) |")
    lines.append("|---|---|---|---|")
    stage_total = cpu_total = 0.0
    for stage in STAGES:
        s, c = big["stage_s"].get(stage, 0.0), big["stage_cpu_s"].get(stage, 0.0)
        stage_total += s
        cpu_total += c
        lines.append(f"| {stage} | {s:.1f} | {c:.1f} | {n / c:.0f} |" if c else f"| {stage} | {s:.1f} | - | - |")
    lines.append(f"| all steps | {stage_total:.1f} | {cpu_total:.1f} | {n / cpu_total:.1f} |")
    run_cpu = big["run_cpu_s"] + big["dataset_cpu_s"]
    lines.append(f"CPU of every run/step process plus the dataset command: {run_cpu:.1f} s = "
                 f"{n / run_cpu:.1f} records per CPU-second end to end (steps {100 * cpu_total / run_cpu:.0f} %, "
                 f"the rest is process start, imports and Dagster bookkeeping)")
    lines.append(f"gem discover {big['discover_s']:.1f} s; backfill wall {big['backfill_s']:.1f} s; "
                 f"instruction_dataset {big['dataset_s']:.1f} s")
    oh = big["overhead_s"]
    lines.append(f"Dagster overhead per run (launch to end, not covered by a step): median {np.median(oh):.1f} s, "
                 f"max {max(oh):.1f} s; {100 * sum(oh) / (sum(oh) + stage_total):.0f} % of run time")
    lines.append("peak RSS: " + ", ".join(f"{k} {v:.0f} MB" for k, v in sorted(big["rss_mb"].items())))
    lines.append(f"new_batches sensor, {tick[2]} batches registered: first tick {tick[0]:.2f} s "
                 f"({tick[2]} run requests), unchanged tick {tick[1]:.2f} s")
    if "incremental" in big:
        inc = big["incremental"]
        lines.append(f"incremental: sensor asked for {inc['to_run']} ({inc['runs']} runs, backfill "
                     f"{inc['backfill_s']:.1f} s); dataset rebuild {inc['dataset_s']:.1f} s "
                     f"(batches rebuilt: {inc['batches_rebuilt']}) vs {big['dataset_s']:.1f} s from scratch")
    raw = big["raw_bytes"] / n
    per_stage = ", ".join(f"{k} {v / n / 1e3:.1f} KB" for k, v in big["bytes"].items())
    lines.append(f"bytes per record: raw source (WFDB + CSVs) {raw / 1e3:.0f} KB; {per_stage}")
    total = sum(big["bytes"].values()) / n
    lines.append(f"all outputs {total / 1e3:.0f} KB/record = {total / raw:.2f}x raw; 800k records: "
                 f"outputs {total * MIMIC_RECORDS / 1e9:.0f} GB, raw {raw * MIMIC_RECORDS / 1e9:.0f} GB")
    end_to_end = n / (big["backfill_s"] + big["dataset_s"]) / (os.cpu_count() or 1)
    lines.append(f"800k records on 16 cores at {end_to_end:.1f} records/s/core: "
                 f"{MIMIC_RECORDS / (16 * end_to_end) / 3600:.1f} h")
    growth = ""
    if small:
        t_small = small["backfill_s"] + small["dataset_s"]
        t_big = big["backfill_s"] + big["dataset_s"]
        lines.append(f"growth: N={small['n']} {t_small:.1f} s -> N={n} {t_big:.1f} s "
                     f"({t_big / t_small:.1f}x time for {n / small['n']:.0f}x records); peak run/step RSS "
                     f"{small['rss_mb'].get('run/step', 0):.0f} -> {big['rss_mb'].get('run/step', 0):.0f} MB")
        growth = f"{n / small['n']:.0f}x records: {t_big / t_small:.1f}x time; "
    peak = big["rss_mb"].get("run/step", 0.0)
    lines.append(f"pipeline_scale: {end_to_end:.1f} records/s/core end-to-end (N={n}; {growth}"
                 f"peak RSS {peak:.0f} MB)")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=2000)
    ap.add_argument("--batch-size", type=int, default=800)
    ap.add_argument("--no-growth", action="store_true", help="skip the N/10 run")
    ap.add_argument("--keep", type=Path, help="work here and keep it (default: a temporary folder)")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="pipeline_scale_"))
    try:
        base = real_signals()
        small = None
        if not args.no_growth:
            small = pipeline(work / "small", base, args.records // 10, args.batch_size, incremental=False)
            print(f"N={small['n']}: backfill {small['backfill_s']:.1f} s, dataset {small['dataset_s']:.1f} s",
                  flush=True)
        big = pipeline(work / "big", base, args.records, args.batch_size, incremental=True)
        tick = sensor_tick_s(work, base)
        lines = report(small, big, tick)
        (work / "pipeline_scale.json").write_text(json.dumps({"small": small, "big": big}, default=str))
        print("\n".join(lines), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
