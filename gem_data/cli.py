"""``gem`` library commands that need no Dagster: ingest a source, write the demo source.

The full ``gem`` command (with ``discover``, ``demo`` and every stage's subcommands) is assembled in
``assets/cli.py``; the commands here are the library half of it.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import click

from gem_data.catalog import IngestPolicy, ingest_source
from gem_data.layout import DataLayout
from gem_data.sources import SOURCES


@click.command("ingest")
@click.argument("source_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--source", "kind", type=click.Choice(sorted(SOURCES)), required=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--keep-flat", is_flag=True, help="Do not quarantine records with a flat lead.")
def ingest(source_dir: Path, kind: str, out_dir: Path, keep_flat: bool) -> None:
    """Catalog and normalize every batch of SOURCE_DIR into OUT (same code path as ecg_catalog)."""
    layout = DataLayout(out_dir.resolve())
    source = SOURCES[kind](source_dir, cache_dir=layout.root / "source_index")
    start = time.perf_counter()
    summaries = ingest_source(source, layout, IngestPolicy(quarantine_flat=not keep_flat))
    seconds = time.perf_counter() - start
    n = sum(s.n_records for s in summaries)
    ok = sum(s.n_ok for s in summaries)
    click.echo(json.dumps({
        "batches": len(summaries), "records": n, "ok": ok, "quarantined": n - ok,
        "seconds": round(seconds, 2), "catalog": str(layout.root / "catalog.parquet"),
        "signals": str(layout.root / "signals"), "quarantine": str(layout.root / "quarantine"),
    }, indent=2))


@click.command("demo-data")
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--batches", default=2, show_default=True)
@click.option("--per-batch", default=6, show_default=True)
@click.option("--seed", default=0, show_default=True)
def demo_data(out_dir: Path, batches: int, per_batch: int, seed: int) -> None:
    """Write a small SYNTHETIC source in MIMIC-IV-ECG layout (NeuroKit2 simulation) to OUT_DIR."""
    from gem_data.demo import write_demo_source

    if (out_dir / "record_list.csv").exists():
        raise click.ClickException(f"{out_dir} already holds a record_list.csv; choose an empty folder")
    paths = write_demo_source(out_dir, batches, per_batch, seed)
    click.echo(f"wrote {len(paths)} synthetic records in MIMIC-IV-ECG layout to {out_dir}")


def _library_commands() -> list[click.Command]:
    from gem_data.features.cli import features, validate_delineation
    from gem_data.llm.cli import LLM_COMMANDS
    from gem_data.render.cli import render
    from gem_data.verify.cli import verify

    return [ingest, demo_data, render, features, validate_delineation, *LLM_COMMANDS, verify]


LIBRARY_COMMANDS = _library_commands()
