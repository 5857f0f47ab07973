"""The production path for real: Postgres instance, daemon, run queue, steps on two Celery workers.

Postgres and Redis come from Debian's packages (``.ci/run`` installs them) and are started here on
127.0.0.1 with throwaway data directories, then stopped. The instance, workspace, worker and job
definitions are the files in docs/deploy/, used as they are. One worker process is killed in the
middle of a step: Celery hands the unacknowledged task back to the broker (``task_acks_late`` +
``task_reject_on_worker_lost`` in docs/deploy), a worker runs the step again inside the same run, no
run fails, and every Parquet and JSON output equals the SQLite sequential run's.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Self

import dagster as dg
import polars as pl
import pytest

from assets.partitions import batches
from tests.assets.test_pipeline_e2e import _dataset, _run_batches, _tree

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "docs" / "deploy"
BIN = Path(sys.executable).parent


def _pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return str(versions[-1]) if versions else None


MISSING = [n for n in ("initdb", "pg_ctl") if not _pg_bin(n)] + \
          [n for n in ("redis-server",) if not shutil.which(n)]
pytestmark = pytest.mark.skipif(bool(MISSING), reason=f"{', '.join(MISSING)} not installed "
                                "(Debian: apt-get install postgresql redis-server; .ci/run does it)")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(cmd: list[str]) -> list[str]:
    """Postgres refuses to run as root; CI containers often are root."""
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


class Postgres:
    """A throwaway cluster on 127.0.0.1 (password auth over TCP), removed on exit."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="gem_pg_"))  # not under a root-only pytest dir
        self.port, self.password = _port(), "gem-test"
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")

    def __enter__(self) -> Self:
        pwfile = self.dir / "pw"
        pwfile.write_text(self.password)
        if os.geteuid() == 0:
            shutil.chown(pwfile, "postgres")
        data = self.dir / "data"
        subprocess.run(_as_postgres([_pg_bin("initdb"), "-D", str(data), "-U", "gem", "--pwfile", str(pwfile),
                                     "--auth-host=scram-sha-256", "--auth-local=trust"]),
                       check=True, capture_output=True, timeout=120)
        subprocess.run(_as_postgres([_pg_bin("pg_ctl"), "-D", str(data), "-l", str(self.dir / "log"), "-w",
                                     "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1",
                                     "start"]), check=True, capture_output=True, timeout=120)
        return self

    def __exit__(self, *exc) -> None:
        subprocess.run(_as_postgres([_pg_bin("pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate",
                                     "stop"]), check=False, capture_output=True, timeout=120)
        shutil.rmtree(self.dir, ignore_errors=True)

    def env(self) -> dict[str, str]:
        return {"DAGSTER_PG_HOST": "127.0.0.1", "DAGSTER_PG_PORT": str(self.port),
                "DAGSTER_PG_USERNAME": "gem", "DAGSTER_PG_PASSWORD": self.password, "DAGSTER_PG_DB": "postgres"}


class Services:
    """Processes this test starts (Redis, workers, daemon), each in its own group, all stopped on exit."""

    def __init__(self, tmp: Path, env: dict[str, str]):
        self.tmp, self.env, self.procs = tmp, env, []

    def start(self, name: str, cmd: list[str]) -> subprocess.Popen:
        log = open(self.tmp / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(cmd, cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        self.procs.append((proc, log))
        return proc

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        for proc, log in reversed(self.procs):
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(30)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            log.close()


def _outputs(out: Path) -> dict[str, pl.DataFrame | bytes]:
    """Every Parquet and JSON output, keyed by its path under the data dir."""
    files = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if rel.startswith(("source_index/", "llm/")) or not path.is_file():
            continue
        if path.suffix == ".parquet":
            files[rel] = pl.read_parquet(path)
        elif path.suffix == ".json" and rel != "dataset/manifest.json":
            files[rel] = path.read_bytes()
    return files


def _kill_mid_step(instance: dg.DagsterInstance, step_key: str, timeout_s: float) -> str:
    """SIGKILL the worker process running ``step_key`` of some run while it runs; that run's id."""
    kinds = {dg.DagsterEventType.STEP_START, dg.DagsterEventType.STEP_SUCCESS}
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for run in instance.get_runs():
            events = [e.dagster_event for e in instance.all_logs(run.run_id, of_type=kinds)
                      if e.dagster_event.step_key == step_key]
            if [e.event_type for e in events] == [dg.DagsterEventType.STEP_START]:
                try:
                    os.kill(events[0].pid, signal.SIGKILL)
                    return run.run_id
                except ProcessLookupError:
                    continue
        time.sleep(0.05)
    raise AssertionError(f"no worker was running {step_key} within {timeout_s} s")


def _wait(instance: dg.DagsterInstance, keys: list[str], timeout_s: float) -> dict[str, list]:
    """Runs per partition once every partition has a successful run and nothing is in flight."""
    done = {dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED}
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        runs = instance.get_runs(dg.RunsFilter(job_name="batch_job"))
        by_key = {k: [r for r in runs if r.tags.get("dagster/partition") == k] for k in keys}
        ok = all(any(r.status == dg.DagsterRunStatus.SUCCESS for r in rs) for rs in by_key.values())
        if ok and all(r.status in done for r in runs):
            return by_key
        time.sleep(2)
    raise AssertionError(f"runs not finished in {timeout_s} s: {[(r.tags.get('dagster/partition'), r.status) for r in runs]}")


@pytest.mark.slow
def test_postgres_celery_backfill_survives_a_killed_worker_and_matches_sqlite(tmp_path, shared_data, monkeypatch):
    root = tmp_path / "mimic"
    keys = _tree(root, shared_data, 3, per_batch=10)  # a features step long enough to be killed inside
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)  # template backend: nothing leaves the machine

    with dg.instance_for_test() as instance:  # the reference: SQLite, in-process, one batch at a time
        _run_batches(instance, root, tmp_path / "sqlite", keys)
        _dataset(instance, root, tmp_path / "sqlite")

    home, out = tmp_path / "home", tmp_path / "celery"
    home.mkdir()
    shutil.copy(DEPLOY / "dagster.celery.yaml", home / "dagster.yaml")
    redis_port = _port()
    with Postgres() as pg:
        env = {**os.environ, **pg.env(), "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
               "DAGSTER_HOME": str(home), "GEM_SOURCE_DIR": str(root),
               "GEM_SOURCE_KIND": "mimic-iv-ecg", "GEM_DATA_DIR": str(out),
               "DAGSTER_CELERY_BROKER_URL": f"redis://127.0.0.1:{redis_port}/0",
               "DAGSTER_CELERY_BACKEND_URL": f"redis://127.0.0.1:{redis_port}/1"}
        for name, value in env.items():  # this process reads the same instance config
            monkeypatch.setenv(name, value)
        with Services(tmp_path, env) as svc:
            svc.start("redis", ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1",
                                "--save", "", "--appendonly", "no", "--dir", str(tmp_path)])
            for name in ("worker1", "worker2"):  # two worker processes, one task at a time each
                svc.start(name, [str(BIN / "dagster-celery"), "worker", "start", "-A", "dagster_celery.app",
                                 "-y", str(DEPLOY / "celery_worker.yaml"), "-n", name, "--", "--concurrency", "1"])
            with dg.DagsterInstance.from_config(str(home)) as instance:
                instance.add_dynamic_partitions(batches.name, keys)
                svc.start("daemon", [str(BIN / "dagster-daemon"), "run", "-w", str(DEPLOY / "workspace.celery.yaml")])
                subprocess.run([str(BIN / "dagster"), "job", "backfill", "-w", str(DEPLOY / "workspace.celery.yaml"),
                                "-j", "batch_job", "--partitions", ",".join(keys), "--noprompt"],
                               cwd=REPO, env=env, check=True, capture_output=True, timeout=180)
                killed_run = _kill_mid_step(instance, "ecg_features", timeout_s=300)
                by_key = _wait(instance, keys, timeout_s=240)
                subprocess.run([str(BIN / "dagster"), "asset", "materialize", "-f",
                                str(DEPLOY / "celery_definitions.py"), "-d", str(REPO), "--select",
                                "instruction_dataset"],
                               cwd=REPO, env=env, check=True, capture_output=True, timeout=300)
                runs = [r for rs in by_key.values() for r in rs]
                failed = [r for r in runs if r.status == dg.DagsterRunStatus.FAILURE]
                killed_step = [e.dagster_event.event_type for e in instance.all_logs(killed_run, of_type={
                    dg.DagsterEventType.STEP_START, dg.DagsterEventType.STEP_SUCCESS,
                    dg.DagsterEventType.STEP_FAILURE}) if e.dagster_event.step_key == "ecg_features"]
                killed_status = instance.get_run_by_id(killed_run).status
                worker_hosts = {e.dagster_event.event_specific_data.metadata["Celery worker"].value
                                for r in runs for e in instance.all_logs(r.run_id, of_type=dg.DagsterEventType.ENGINE_EVENT)
                                if "Celery worker" in (getattr(e.dagster_event.event_specific_data, "metadata", None) or {})}

    # the killed attempt started and never finished; the step ran again in the same run and passed
    assert killed_step == [dg.DagsterEventType.STEP_START] * 2 + [dg.DagsterEventType.STEP_SUCCESS], killed_step
    assert killed_status == dg.DagsterRunStatus.SUCCESS
    assert not failed, [(r.tags.get("dagster/partition"), r.status) for r in runs]
    assert all(len(rs) == 1 for rs in by_key.values())  # one run per batch: nothing was re-run whole
    assert {h.split("@")[0] for h in worker_hosts} == {"worker1", "worker2"}  # both workers took steps
    sqlite, celery = _outputs(tmp_path / "sqlite"), _outputs(out)
    assert sorted(sqlite) == sorted(celery) and any(k.startswith("dataset/") for k in sqlite)
    for name, ref in sqlite.items():
        got = celery[name]
        assert got.equals(ref) if isinstance(ref, pl.DataFrame) else got == ref, name
