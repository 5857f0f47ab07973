"""The ``gem`` command: library subcommands plus the ones that drive the Dagster instance.

``gem discover`` registers new batches as partitions without the daemon (so
``dagster asset materialize --partition KEY`` works from a shell); ``gem demo`` is the README's main
job: demo source if none is configured, partitions, and every asset materialized through the real
instance in ``dagster_home/``.
"""
from __future__ import annotations

import os
import time
import warnings
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
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dg.PreviewWarning)  # Dagster Pipes' own notice, once per run
        result = job.execute_in_process(instance=instance, run_config=QUIET, raise_on_error=False, **kwargs)
    click.echo(f"{what}: run {result.run_id[:8]} {'succeeded' if result.success else 'FAILED'}")
    if not result.success:
        raise click.ClickException(f"{what} failed; open the UI (`dg dev`) for the run's log")


@main.command()
def demo() -> None:
    """The main job: demo source (unless GEM_SOURCE_DIR is set), partitions, every asset, a summary."""
    from assets.definitions import defs
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
    layout = DataLayout(data_dir)
    click.echo("")
    for line in _summary(layout):
        click.echo(line)
    _demo_interpretation(click.get_current_context(), layout)
    click.echo("")
    click.echo(f"done in {time.perf_counter() - start:.1f} s; outputs in {data_dir}, instance in "
               f"{os.environ['DAGSTER_HOME']}")
    click.echo("open the UI: "
               f"GEM_SOURCE_DIR={os.environ['GEM_SOURCE_DIR']} GEM_DATA_DIR={data_dir} "
               f"DAGSTER_HOME={os.environ['DAGSTER_HOME']} .venv/bin/dg dev --host 127.0.0.1 --port 3000")


def _rows(layout, stage: str, where=None) -> int:
    """Rows over every batch file of a stage (optionally filtered), read lazily."""
    import polars as pl

    files = sorted((layout.root / stage).glob("*.parquet"))
    if not files:
        return 0
    frame = pl.scan_parquet(files)
    return frame.filter(where).select(pl.len()).collect().item() if where is not None else \
        frame.select(pl.len()).collect().item()


def _summary(layout) -> list[str]:
    import polars as pl

    ok = pl.col("status") == "ok"
    n, n_ok = _rows(layout, "catalog"), _rows(layout, "catalog", ok)
    root = layout.root
    rows = [
        ("catalog", f"{n} records, {n_ok} ok, {n - n_ok} quarantined", root / "catalog"),
        ("images", f"{_rows(layout, 'images')} pages", root / "images"),
        ("features", f"{_rows(layout, 'features')} beat x lead rows", root / "features"),
        ("prompts", f"{_rows(layout, 'prompts')} prompts", root / "prompts"),
        ("responses", f"{_rows(layout, 'responses', ok)} answered", root / "responses"),
        ("verified", f"{_rows(layout, 'verified', pl.col('passed'))} passed the verifier", root / "verified"),
        ("dataset", f"{_rows(layout, 'dataset/parts')} samples (train + test)", layout.dataset_dir()),
        ("model", "tiny preset, a few steps", root / "models" / "gem-tiny"),
        ("evaluation", "judge-free + classification", root / "evaluation" / "default" / "summary.md"),
    ]
    return [f"{stage:<11} {what:<38} {path}" for stage, what, path in rows]


def _demo_interpretation(ctx: click.Context, layout) -> None:
    """One `gem interpret` on a test record with the tiny model (shows the path, not quality)."""
    import polars as pl

    from gem_model.cli import interpret_cmd

    test = layout.dataset_dir() / "test.parquet"
    model_dir = layout.root / "models" / "gem-tiny"
    samples = pl.read_parquet(test) if test.is_file() else pl.DataFrame()
    if samples.is_empty() or not model_dir.is_dir():
        click.echo("(no test sample or no model: skipping the demo interpretation)")
        return
    record = Path(os.environ["GEM_SOURCE_DIR"]) / samples["ecg"][0]
    click.echo(f"\n$ gem interpret {record} --model {model_dir} --max-new-tokens 48")
    ctx.invoke(interpret_cmd, record_path=record, model_dir=model_dir, image_path=None, question=None,
               max_new_tokens=48)
