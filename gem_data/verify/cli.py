"""``gem verify RECORD_PATH --text FILE [--json]``: the claims and verdicts of any text about a record."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .report import VerifyPolicy, verify_response


@click.command("verify")
@click.argument("record_path", type=click.Path(path_type=Path))
@click.option("--text", "text_file", type=click.File("r"), required=True,
              help="File holding the response ('-' reads standard input).")
@click.option("--raw/--answer", default=False, show_default=True,
              help="--raw: the text is a whole model output, checked for the **Response:** marker.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
@click.option("--max-words", default=VerifyPolicy().max_words, show_default=True)
@click.option("--min-precision", default=VerifyPolicy().min_precision, show_default=True)
@click.option("--max-contradicted", default=VerifyPolicy().max_contradicted, show_default=True)
def verify(record_path: Path, text_file, raw: bool, as_json: bool, max_words: int, min_precision: float,
           max_contradicted: int) -> None:
    """Check every claim of a text about the WFDB record RECORD_PATH (path without extension).

    The record's features are computed from its signal with gem_data.features, exactly as the
    pipeline does, so the verdicts match what the verify stage would decide.
    """
    from gem_data.features import extract_record
    from gem_data.signals import RecordError, read_record

    from .values import RecordValues, sex_from_comments

    try:
        record = read_record(record_path)
    except RecordError as exc:
        raise click.ClickException(str(exc)) from exc
    rows = extract_record(record)
    sex = sex_from_comments(record.meta.get("comments") if isinstance(record.meta, dict) else None)
    values = RecordValues.from_rows(rows, sex=sex) if rows.height else None
    policy = VerifyPolicy(max_words=max_words, min_precision=min_precision, max_contradicted=max_contradicted)
    rep = verify_response(text_file.read(), values, policy, raw=raw)
    if as_json:
        click.echo(json.dumps({"record": str(record_path), "sex": sex, "answer_offset": rep.answer_offset,
                               **rep.summary(), "claims": rep.claim_rows()},
                              indent=2, default=_json_default))
        return
    for row in rep.claim_rows():
        where = ",".join(row["leads"]) or "record"
        beats = f" beats {row['beats']}" if row["beats"] else ""
        click.echo(f"{row['verdict']:13s} {row['kind']:12s} {row['text']!r} [{where}{beats}] {row['reason']}")
    s = rep.summary()
    click.echo(f"-- {s['n_supported']} supported, {s['n_contradicted']} contradicted, {s['n_unverifiable']} "
               f"unverifiable; precision {s['grounding_precision']}; leads {','.join(s['leads_covered'])}; "
               f"flags {s['flags']}; {'PASS' if s['passed'] else 'FAIL: ' + '; '.join(s['fail_reasons'])}")
    sys.stdout.flush()


def _json_default(value):
    return None if value != value else str(value)
