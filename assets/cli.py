"""The ``gem`` command: library subcommands plus the ones that drive the Dagster instance.

``gem discover`` registers new batches as partitions without the daemon (so
``dagster asset materialize --partition KEY`` works from a shell); ``gem demo`` is the README's main
job: demo source if none is configured, partitions, and every asset materialized through the real
instance in ``dagster_home/``.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import click
import dagster as dg

from gem_data.cli import LIBRARY_COMMANDS
from gem_model.cli import MODEL_COMMANDS
from gem_model.evaluation.cli import evaluate_cmd


@click.group()
def main() -> None:
    """GEM data & model pipeline: grounded ECG instruction data and GEM-style models."""


for _command in [*LIBRARY_COMMANDS, *MODEL_COMMANDS, evaluate_cmd]:
    main.add_command(_command)


def _instance() -> dg.DagsterInstance:
    if not os.environ.get("DAGSTER_HOME"):
        home = Path.cwd() / "dagster_home"
        home.mkdir(exist_ok=True)
        os.environ["DAGSTER_HOME"] = str(home)
    return dg.DagsterInstance.get()


def register_batches(instance: dg.DagsterInstance) -> tuple[list[str], list[str]]:
    """(all batches of the configured source, the ones newly added as partitions)."""
    from assets.partitions import batches
    from assets.resources import DataStore, EcgSource

    listing = EcgSource().open(DataStore().source_index()).list_batches()
    known = set(instance.get_dynamic_partitions(batches.name))
    new = [b for b in listing if b not in known]
    if new:
        instance.add_dynamic_partitions(batches.name, new)
    return list(listing), new


@main.command()
def discover() -> None:
    """Add every batch of GEM_SOURCE_DIR as a partition of the instance in DAGSTER_HOME."""
    instance = _instance()
    all_batches, new = register_batches(instance)
    click.echo(f"{len(all_batches)} batches in the source, {len(new)} new partitions: {', '.join(new) or '-'}")


QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def _run(job, instance: dg.DagsterInstance, what: str, **kwargs) -> None:
    result = job.execute_in_process(instance=instance, run_config=QUIET, raise_on_error=False, **kwargs)
    click.echo(f"{what}: run {result.run_id[:8]} {'succeeded' if result.success else 'FAILED'}")
    if not result.success:
        raise click.ClickException(f"{what} failed; open the UI (`dg dev`) for the run's log")


@main.command()
def demo() -> None:
    """The main job: demo source (unless GEM_SOURCE_DIR is set), partitions, every asset, a summary."""
    from assets.definitions import defs
    from gem_data.catalog import read_catalog
    from gem_data.demo import write_demo_source
    from gem_data.layout import DataLayout

    start = time.perf_counter()
    data_dir = Path(os.environ.setdefault("GEM_DATA_DIR", str(Path("data").resolve())))
    if not os.environ.get("GEM_SOURCE_DIR"):
        demo_source = data_dir / "demo_source"
        if not (demo_source / "record_list.csv").exists():
            click.echo(f"GEM_SOURCE_DIR is unset: writing the synthetic demo source to {demo_source}")
            write_demo_source(demo_source)
        os.environ["GEM_SOURCE_DIR"] = str(demo_source)
        os.environ["GEM_SOURCE_KIND"] = "mimic-iv-ecg"
    instance = _instance()
    all_batches, _ = register_batches(instance)
    for batch in all_batches:
        _run(defs.resolve_job_def("batch_job"), instance, f"batch {batch}", partition_key=batch)
    for job in defs.resolve_all_job_defs():
        if job.name == "global_job":
            _run(job, instance, "dataset and model")
    catalog = read_catalog(DataLayout(data_dir))
    ok = catalog.filter(catalog["status"] == "ok").height
    click.echo("")
    click.echo(f"done in {time.perf_counter() - start:.1f} s: {catalog.height} records, {ok} ok, "
               f"{catalog.height - ok} quarantined, {len(all_batches)} batches")
    click.echo(f"outputs:   {data_dir}  (catalog/, signals/, quarantine/, ...)")
    click.echo(f"instance:  {os.environ['DAGSTER_HOME']}")
    click.echo("open the UI: "
               f"GEM_SOURCE_DIR={os.environ['GEM_SOURCE_DIR']} GEM_DATA_DIR={data_dir} "
               f"DAGSTER_HOME={os.environ['DAGSTER_HOME']} .venv/bin/dg dev --host 127.0.0.1 --port 3000")
