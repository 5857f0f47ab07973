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
@click.option("--noise", "noises", multiple=True, metavar="SPEC",
              help="Also score seeded noisy copies, e.g. emg=20,mains50=30,wander=200 (µV; kinds: "
                   "emg, white, pink, mains50, mains60, wander, motion); repeatable.")
@click.option("--levels", is_flag=True,
              help="Score clean, mild (emg=20,mains50=30,wander=200) and moderate "
                   "(emg=50,mains50=50,wander=300) copies.")
@click.option("--half", type=click.Choice(["all", "tune", "eval"]), default="all", show_default=True,
              help="LUDB records n %% 4 == 1 (tune: the thresholds were set there), 3 (eval) or all.")
@click.option("--seed", default=0, show_default=True, help="Noise seed.")
@click.option("--classes", "ptbxl_dir", default=None, metavar="PTBXL_DIR",
              help="Also print the atrial-activity / premature class tables (clean and each noise) against "
                   "LUDB rhythm lines and the PTB-XL SCP codes of PTBXL_DIR.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON instead of tables.")
def validate_delineation(ludb_dir: str, noises: tuple[str, ...], levels: bool, half: str, seed: int,
                         ptbxl_dir: str | None, as_json: bool) -> None:
    """Score the delineator against LUDB's manual annotations (rule: gem_data/features/validate.py).

    Per wave (P, QRS, T): Se, PPV, F1, onset/offset errors; per feature: the per-lead median
    against the median of that lead's annotated beats; first/last-beat outlier shares.
    """
    from .noise import MILD, MODERATE, parse_spec
    from .validate import validate_ludb

    specs = ["", *( [MILD, MODERATE] if levels else []), *noises]
    for spec in specs:
        try:
            parse_spec(spec)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--noise") from exc
    reports = [validate_ludb(ludb_dir, noise=spec, seed=seed, half=half)
               for spec in dict.fromkeys(specs)]
    classes = []
    if ptbxl_dir:
        from .classes import validate_classes

        classes = [validate_classes(ludb_dir, ptbxl_dir, noise=spec or None, seed=seed)
                   for spec in dict.fromkeys(specs)]
    if as_json:
        click.echo(json.dumps({
            "half": half,
            "runs": [{"noise": spec, "records": r.n_records, "s_per_record": r.s_per_record,
                      "waves": r.waves, "per_lead": r.per_lead, "per_lead_trusted": r.per_lead_trusted,
                      "edges": r.edges}
                     for spec, r in zip(dict.fromkeys(specs), reports)],
            **({"classes": [c.as_dict() for c in classes]} if classes else {}),
        }))
        return
    click.echo("\n\n".join(r.markdown() for r in reports))
    for c in classes:
        click.echo("\n" + c.markdown())


def _num(v) -> float | None:
    v = float(v)
    return None if math.isnan(v) else round(v, 3)
