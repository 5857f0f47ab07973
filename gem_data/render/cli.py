"""``gem render``: draw any WFDB record as an ECG page, normalized by the same code as ingestion."""
from __future__ import annotations

from pathlib import Path

import click

from gem_data.features import extract
from gem_data.render.annotate import annotate_page
from gem_data.render.config import AUGMENTATIONS, COLOR_SCHEMES, PAPERS_MM, RenderConfig, RenderConfigError
from gem_data.render.draw import encode_png, render_page
from gem_data.render.layouts import LAYOUTS
from gem_data.signals import RecordError, read_record

_DEFAULT = RenderConfig()  # defaults live once, in the library config


@click.command("render")
@click.argument("record_path", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_png", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="PNG file to write.")
@click.option("--layout", type=click.Choice(list(LAYOUTS)), default=_DEFAULT.layout, show_default=True)
@click.option("--dpi", type=int, default=_DEFAULT.dpi, show_default=True)
@click.option("--paper", type=click.Choice(list(PAPERS_MM)), default=_DEFAULT.paper, show_default=True)
@click.option("--colors", type=click.Choice(list(COLOR_SCHEMES)), default=_DEFAULT.colors, show_default=True)
@click.option("--speed", "speed_mm_s", type=float, default=_DEFAULT.speed_mm_s, show_default=True,
              help="Paper speed, mm/s.")
@click.option("--gain", "gain_mm_mv", type=float, default=_DEFAULT.gain_mm_mv, show_default=True, help="Gain, mm/mV.")
@click.option("--seed", type=int, default=_DEFAULT.seed, show_default=True, help="Seed for the augmentations.")
@click.option("--augment", multiple=True,
              help=f"Augmentation(s), repeatable or comma-separated: {', '.join(AUGMENTATIONS)}, or 'all'.")
@click.option("--header/--no-header", default=False, help="Print record name and date above the grid.")
@click.option("--annotate", is_flag=True,
              help="Draw the FeatureDB's fiducials (P/QRS/T on/off ticks, peak dots) and 1-based beat numbers.")
def render(record_path: Path, out_png: Path, layout: str, dpi: int, paper: str, colors: str,
           speed_mm_s: float, gain_mm_mv: float, seed: int, augment: tuple[str, ...], header: bool,
           annotate: bool) -> None:
    """Render the WFDB record RECORD_PATH (with or without .hea) to OUT as one ECG page.

    Flat, saturated or gappy leads are drawn hatched and labelled, never silently. With --annotate
    the page shows what gem_data.features delineated, to check by eye.
    """
    names = [a.strip() for item in augment for a in item.split(",") if a.strip()]
    if "all" in names:
        names = list(AUGMENTATIONS)
    if annotate and names:
        raise click.UsageError("--annotate draws on the unaugmented page; leave out --augment")
    try:
        config = RenderConfig(layout=layout, dpi=dpi, paper=paper, colors=colors, speed_mm_s=speed_mm_s,
                              gain_mm_mv=gain_mm_mv, augment=tuple(names), seed=seed, header=header)
    except RenderConfigError as exc:
        raise click.UsageError(str(exc)) from exc
    try:
        record = read_record(record_path)
    except RecordError as exc:
        raise click.ClickException(str(exc)) from exc
    marks = {lead: "gaps" for lead in record.flags.nan_leads}
    marks.update({lead: "saturated" for lead in record.flags.saturated_leads})
    marks.update({lead: "flat" for lead in record.flags.flat_leads})
    lines = None
    if header:
        lines = [f"{Path(record.name).name}   {record.meta.get('base_date') or ''} "
                 f"{record.meta.get('base_time') or ''}".rstrip()]
    page = render_page(record.signal, config, record_id=record.name, seed=seed, marks=marks, header_lines=lines)
    if annotate:
        table = extract(record.signal, record.fs)
        page = annotate_page(page, record.signal, table.fiducials, table.beat_idx, config)
    out_png.parent.mkdir(parents=True, exist_ok=True)
    out_png.write_bytes(encode_png(page, config, record_id=Path(record.name).name, seed=seed))
    w, h = page.size
    marked = f", marked leads: {', '.join(f'{k} ({v})' for k, v in marks.items())}" if marks else ""
    click.echo(f"{out_png}: {config.layout} {w}x{h} px at {config.dpi} dpi, config {config.config_hash()}{marked}"
               + (f", {table.n_beats} beats annotated" if annotate else ""))
