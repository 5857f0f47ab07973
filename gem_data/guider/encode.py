"""Every beat of the 14 FeatureDB features in all 12 leads, as compact unit-labelled text.

The text is what the model reads, so it trades nothing away: every (lead, beat) value appears, rounded
as a clinician would read it (ms as integers, mV to 2 decimals, bpm as integers). What makes it small
enough for a ~3,500-token prompt (o200k_base counts in the comments):

- one block per feature, one line per lead, one value per beat, space-separated: a number costs one
  token and its separator one more, whatever the format, so the line layout is what matters;
- rhythm features (heart rate, RR before/after) are per beat, shared by all leads (one R peak per
  beat, SPEC §3): written once, unless the leads disagree;
- leads whose whole row is identical share one line (``II,aVF: ...``);
- mV values drop the leading zero (``.12``, ``-.05``: 2 tokens instead of 4);
- a missing value is ``-`` (1 token); ST form is one letter per beat (``hhuh``: ~1 token per 3 beats).

Beats are numbered from 1 in the text (beat k is FeatureDB ``beat`` k-1), which is how a reader
cites "beat 3".
"""
from __future__ import annotations

import numpy as np
import polars as pl

from gem_data.signals import STANDARD_LEADS

# (column, label, kind) in reading order; kind decides the rounding. 14 features (SPEC §3).
FEATURE_ROWS: tuple[tuple[str, str, str], ...] = (
    ("heart_rate_bpm", "Heart rate (bpm)", "int"),
    ("rr1_ms", "RR to previous beat (ms)", "int"),
    ("rr2_ms", "RR to next beat (ms)", "int"),
    ("p_amp_mv", "P amplitude (mV)", "mv"),
    ("p_dur_ms", "P duration (ms)", "int"),
    ("pr_ms", "PR interval (ms)", "int"),
    ("qrs_amp_mv", "QRS amplitude, peak-to-peak (mV)", "mv"),
    ("qrs_dur_ms", "QRS duration (ms)", "int"),
    ("t_amp_mv", "T amplitude (mV)", "mv"),
    ("t_dur_ms", "T duration (ms)", "int"),
    ("st_dur_ms", "ST duration (ms)", "int"),
    ("st_form", "ST form (h horizontal, u upsloping, d downsloping, one letter per beat)", "form"),
    ("qt_ms", "QT interval (ms)", "int"),
    ("qtc_ms", "QTc Bazett (ms)", "int"),
)
OPTIONAL_ROWS: dict[str, tuple[str, str, str]] = {
    "st_level_mv": ("st_level_mv", "ST level at J+60 ms (mV)", "mv"),
    "qtc_fridericia_ms": ("qtc_fridericia_ms", "QTc Fridericia (ms)", "int"),
}
RHYTHM = frozenset({"heart_rate_bpm", "rr1_ms", "rr2_ms"})
_FORM_LETTER = {"horizontal": "h", "upsloping": "u", "downsloping": "d"}


def encode_features(rows: pl.DataFrame, extra: tuple[str, ...] = ()) -> str:
    """The measurement block for one record's FeatureDB rows (any row order; leads by name).

    ``rows``: the long FeatureDB rows of ONE record (schema in gem_data.features.table.SCHEMA).
    ``extra``: names from :data:`OPTIONAL_ROWS` to append (e.g. ``st_level_mv``).
    """
    if rows.is_empty():
        return "Per-beat measurements: none (no beat could be delineated)."
    n_beats = int(rows["beat"].max()) + 1
    leads = [lead for lead in STANDARD_LEADS if lead in set(rows["lead"].to_list())]
    lines = [f"Per-beat measurements, beats 1-{n_beats} left to right, leads as named; '-' = not "
             "measurable."]
    for column, label, kind in (*FEATURE_ROWS, *(OPTIONAL_ROWS[name] for name in extra)):
        grid = _grid(rows, column, leads, n_beats)  # (n_leads, n_beats) of text cells
        lines.append(f"{label}:")
        if column in RHYTHM and all(row == grid[0] for row in grid):
            lines.append(f"all {_join(grid[0], kind)}")
            continue
        for names, cells in _group_identical(leads, grid):
            lines.append(f"{','.join(names)} {_join(cells, kind)}")
    return "\n".join(lines)


def _grid(rows: pl.DataFrame, column: str, leads: list[str], n_beats: int) -> list[list[str]]:
    """Cells as text, one list per lead in ``leads`` order, one cell per beat ('-' where absent)."""
    kind = "form" if column == "st_form" else ("mv" if column.endswith("_mv") else "int")
    where = {lead: i for i, lead in enumerate(leads)}
    out = [["-"] * n_beats for _ in leads]
    for lead, beat, value in zip(rows["lead"].to_list(), rows["beat"].to_list(), rows[column].to_list()):
        out[where[lead]][beat] = _cell(value, kind)
    return out


def _cell(value, kind: str) -> str:
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return "-"
    if kind == "form":
        return _FORM_LETTER.get(str(value), "-")
    if kind == "int":
        return str(int(round(float(value))))
    text = f"{float(value):.2f}"
    if text in ("-0.00",):
        text = "0.00"
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


def _join(cells: list[str], kind: str) -> str:
    return "".join(cells) if kind == "form" else " ".join(cells)


def _group_identical(leads: list[str], grid: list[list[str]]) -> list[tuple[list[str], list[str]]]:
    """Leads with identical rows share one line, in the order their first lead appears."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for lead, cells in zip(leads, grid):
        groups.setdefault(tuple(cells), []).append(lead)
    return [(names, list(cells)) for cells, names in groups.items()]
