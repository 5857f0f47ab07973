"""``gem features`` and ``gem validate-delineation`` (the lead adds both to the ``gem`` group)."""
from __future__ import annotations

import json
import math
import sys

import click

from gem_data.signals import RecordError, read_record

from .delineate import FIDUCIALS
from .facts import BEAT_COLUMNS
from .table import build_table

# the 14 features of SPEC §3 that the --json document carries, in this order
JSON_FEATURES: tuple[str, ...] = (
    "heart_rate_bpm", "rr1_ms", "rr2_ms", "p_amp_mv", "p_dur_ms", "pr_ms", "qrs_amp_mv",
    "qrs_dur_ms", "t_amp_mv", "t_dur_ms", "st_dur_ms", "st_form", "qt_ms", "qtc_ms",
)


def features_document(record_path: str) -> dict:
    """The ``gem features --json`` document for one WFDB record (fiducials at 500 Hz).

    Keys: ``fs``, ``leads``, ``fiducials``, ``beats`` (one row per lead and beat: the features of
    :data:`JSON_FEATURES` and the v2 columns of facts.BEAT_COLUMNS) and ``record`` (the record
    facts: atrial_activity, rr_irregular, rr_irregularity, n_premature, sokolow_lyon_mv, cornell_mv,
    low_voltage).
    """
    rec = read_record(record_path)
    table = build_table(rec.signal, rec.fs, rec.leads)
    fid = {lead: {k: [int(v) if v >= 0 else None for v in table.fiducials[k][i].tolist()]
                  for k in FIDUCIALS}
           for i, lead in enumerate(rec.leads)}
    beats = []
    for i, lead in enumerate(rec.leads):
        for b in range(table.n_beats):
            row: dict = {"lead": lead, "beat": b}
            for k in JSON_FEATURES:
                row[k] = table.st_form[i, b] if k == "st_form" else _num(table.features[k][i, b])
            for k in BEAT_COLUMNS:
                v = _num(table.facts[k][i, b])
                row[k] = (None if v is None else bool(v)) if k == "premature" else v
            beats.append(row)
    return {"fs": int(rec.fs), "leads": list(rec.leads), "fiducials": fid, "beats": beats,
            "record": {k: _num(v) if isinstance(v, float) else v
                       for k, v in table.record.row().items()}}


@click.command("features")
@click.argument("record_path", type=click.Path(dir_okay=False, path_type=str))
@click.option("--json", "as_json", is_flag=True, help="Print the JSON document (scripts rely on it).")
def features(record_path: str, as_json: bool) -> None:
    """Delineate one WFDB record and print its per-beat, per-lead features."""
    try:
        doc = features_document(record_path)
    except RecordError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        json.dump(doc, sys.stdout, separators=(",", ":"))
        sys.stdout.write("\n")
        return
    ii = doc["leads"].index("II") if "II" in doc["leads"] else 0
    lead = doc["leads"][ii]
    rows = [b for b in doc["beats"] if b["lead"] == lead]
    click.echo(f"{record_path}: {len(rows)} beats; lead {lead}")
    cols = ("beat", "heart_rate_bpm", "pr_ms", "qrs_dur_ms", "qt_ms", "qtc_ms", "st_form")
    click.echo("\t".join(cols))
    for b in rows:
        click.echo("\t".join("-" if b[c] is None else (f"{b[c]:.0f}" if isinstance(b[c], float)
                                                        else str(b[c])) for c in cols))


@click.command("validate-delineation")
@click.argument("ludb_dir", type=click.Path(exists=True, file_okay=False, path_type=str))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON instead of a table.")
def validate_delineation(ludb_dir: str, as_json: bool) -> None:
    """Score the delineator against LUDB's manual annotations (rule: gem_data/features/validate.py)."""
    from .validate import validate_ludb

    report = validate_ludb(ludb_dir)
    if as_json:
        click.echo(json.dumps({"records": report.n_records, "s_per_record": report.s_per_record,
                               "waves": report.waves}))
    else:
        click.echo(report.markdown())


def _num(v) -> float | None:
    v = float(v)
    return None if math.isnan(v) else round(v, 3)
