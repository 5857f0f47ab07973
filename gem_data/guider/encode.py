"""Every beat of the 14 FeatureDB features in all 12 leads, plus the record's facts, as compact text.

The text is what the model reads, so it trades nothing away: every (lead, beat) value appears, rounded
as a clinician would read it (ms as integers, mV to 2 decimals, bpm as integers). A 12-beat record is
~1,600 values, and o200k_base never merges a number with its separator, so a value costs 2 tokens in
any readable format (4 for mV >= 1: ``1``, ``.``, ``47`` and the space). What is left to save is
everything around the values:

- one line per lead (the lead-by-lead order the model writes in), its fields split by ``;`` in an
  order given once in a legend. ``;`` costs what a space would, and ``;.`` is one token. Named
  per-feature rows cost ~3 tokens per lead per feature, ~400 per prompt (prompt v1);
- rhythm is per beat and shared by all leads (one R peak per beat, SPEC §3): written once. RR to
  previous and RR to next beat are the same intervals shifted by one, so one series of intervals
  between consecutive beats carries both (unless the measured leads disagree: then they are per-lead
  fields);
- mV values drop the leading zero (``.12``, ``-.05``: 2 tokens with their separator instead of 4);
- a missing value is ``-`` (1 token); a field with no value in any beat of its lead is one ``-``
  (no P waves in atrial fibrillation: 3 fields x 12 leads x ~12 beats of dashes cost ~430 tokens);
  a lead with no value at all (lead off) is ``V4 not measurable``;
  ST form is one letter per beat (``hhuh``: ~1 token per 3 beats);
- a field with the same value in every beat of its lead is written once, ``all 180`` (prompt v4):
  dominant beats are delineated on the lead's template (gem_data.features.template), so in a regular
  rhythm their durations often agree to the ms; 2 tokens instead of 2 per beat, nothing lost;
- a doubtful value (a wave it needs has confidence < DOUBTFUL_BELOW, gem_data.features.confidence) is
  written ``-`` too: stored in the FeatureDB, never offered to the model as a measurement;
- record-level facts (prompt v3, FeatureDB v2) take one line: atrial activity, RR irregularity,
  premature beats by number, Sokolow-Lyon and Cornell indices, low voltage. R and S amplitudes are one
  field per lead, the median of its trusted beats (``R/S``: ``1.02/.15``), since voltage criteria and
  interpretations cite a lead's amplitude, not a beat's: on the PTB-XL records the field costs 68 tokens
  (median), R and S per beat would cost 702 more.

Beats are numbered from 1 in the text (beat k is FeatureDB ``beat`` k-1), which is how a reader
cites "beat 3".
"""
from __future__ import annotations

import math

import numpy as np
import polars as pl

from gem_data.guider.grid import FeatureGrid, as_grid, row_medians
from gem_data.signals import STANDARD_LEADS

# (column, label, kind) in reading order; kind decides the rounding. 14 features (SPEC §3).
FEATURE_ROWS: tuple[tuple[str, str, str], ...] = (
    ("heart_rate_bpm", "Heart rate bpm", "int"),
    ("rr1_ms", "RR to previous beat ms", "int"),
    ("rr2_ms", "RR to next beat ms", "int"),
    ("p_amp_mv", "P amp mV", "mv"),
    ("p_dur_ms", "P dur ms", "int"),
    ("pr_ms", "PR ms", "int"),
    ("qrs_amp_mv", "QRS amp peak-to-peak mV", "mv"),
    ("qrs_dur_ms", "QRS dur ms", "int"),
    ("t_amp_mv", "T amp mV", "mv"),
    ("t_dur_ms", "T dur ms", "int"),
    ("st_dur_ms", "ST dur ms", "int"),
    ("st_form", "ST form (per beat h horizontal, u upsloping, d downsloping)", "form"),
    ("qt_ms", "QT ms", "int"),
    ("qtc_ms", "QTc Bazett ms", "int"),
)
OPTIONAL_ROWS: dict[str, tuple[str, str, str]] = {
    "st_level_mv": ("st_level_mv", "ST level J+60ms mV", "mv"),
    "qtc_fridericia_ms": ("qtc_fridericia_ms", "QTc Fridericia ms", "int"),
}
RS_LABEL = "R/S mV median"  # one per-lead field after the per-beat ones
ATRIAL_WORDS = {"sinus_p": "sinus P waves", "absent_irregular": "no P waves, irregular (fibrillation pattern)",
                "flutter_waves": "flutter waves", "unclear": "atrial activity unclear"}
RR_CHAIN_LABEL = "RR intervals ms (beats 1-2, 2-3, ...)"  # beat k's RR1 is the (k-1)th, its RR2 the kth
RHYTHM = frozenset({"heart_rate_bpm", "rr1_ms", "rr2_ms"})
FIELD_SEP = ";"
ALL = "all"  # "all 180": the lead's field has this value in every beat
_FORM_LETTER = {"horizontal": "h", "upsloping": "u", "downsloping": "d"}


def encode_features(rows: pl.DataFrame | FeatureGrid, extra: tuple[str, ...] = (),
                    record: dict | None = None) -> str:
    """The measurement block for one record's FeatureDB rows (any row order; leads by name).

    ``rows``: the long FeatureDB rows of ONE record (schema in gem_data.features.table.SCHEMA), or
    their :class:`~gem_data.guider.grid.FeatureGrid`.
    ``extra``: names from :data:`OPTIONAL_ROWS` to append as fields (e.g. ``st_level_mv``).
    ``record``: its ``features_records`` row (atrial_activity, rr_irregular, ...), or None.
    """
    grid = as_grid(rows)
    if grid.n_rows == 0:
        return "Per-beat measurements: none (no beat could be delineated)."
    n_beats = grid.n_beats
    specs = (*FEATURE_ROWS, *(OPTIONAL_ROWS[name] for name in extra))
    values = _trusted_only(grid, [column for column, _, _ in specs] + ["r_amp_mv", "s_amp_mv"])
    grids = {column: _cells(values[column], kind) for column, _, kind in specs}  # (12 leads, n_beats) of text
    measured = [i for i in range(len(STANDARD_LEADS)) if any(c != "-" for g in grids.values() for c in g[i])]
    shared = [s for s in specs if s[0] in RHYTHM and measured
              and all(grids[s[0]][i] == grids[s[0]][measured[0]] for i in measured)]
    fields = [s for s in specs if s not in shared]
    chain = _rr_chain(grids, measured) if {"rr1_ms", "rr2_ms"} <= {s[0] for s in shared} else False
    lines = [f"Beats 1-{n_beats}, left to right; - = not measurable; {ALL} 80 = 80 in every beat."]
    facts = _record_line(grid, record)
    if facts:
        lines.append(facts)
    if shared:
        lines.append("All leads:" if len(measured) == len(STANDARD_LEADS) else "All measured leads:")
    for column, label, kind in shared:
        cells = grids[column][measured[0]]
        if chain and column == "rr1_ms":
            lines.append(f"{RR_CHAIN_LABEL} {' '.join(cells[1:])}")
        elif not (chain and column == "rr2_ms"):
            lines.append(f"{label} {_join(cells, kind)}")
    rs = _rs_medians(values["r_amp_mv"], values["s_amp_mv"]) if {"r_amp_mv", "s_amp_mv"} <= values.keys() else None
    labels = [label for _, label, _ in fields] + ([RS_LABEL] if rs else [])
    lines.append(f"Per lead, {len(labels)} fields split by {FIELD_SEP}: " + f"{FIELD_SEP} ".join(labels))
    for i, lead in enumerate(STANDARD_LEADS):
        if i not in measured:  # lead off, or every wave rejected: one word instead of a row of dashes
            lines.append(f"{lead} not measurable")
            continue
        cells = [_join(grids[column][i], kind) for column, _, kind in fields] + ([rs[lead]] if rs else [])
        lines.append(f"{lead} " + FIELD_SEP.join(cells))
    return "\n".join(lines)


def premature_beats(rows: pl.DataFrame | FeatureGrid) -> list[int]:
    """1-based numbers of the beats flagged ``premature`` (a per-beat fact: any lead's row says so)."""
    return as_grid(rows).premature_beats()


def _trusted_only(grid: FeatureGrid, columns: list[str]) -> dict[str, np.ndarray]:
    """column -> (12, n_beats) values with the doubtful ones blanked (FeatureGrid.trusted): printed
    as not measurable.

    Rhythm is the exception: a beat's RR and rate come from the one R peak all leads share (SPEC §3),
    so they are doubtful only where the beat's QRS is doubtful in every lead that has one; masking them
    lead by lead would make the leads disagree and cost a per-lead rhythm field for nothing."""
    present = [c for c in dict.fromkeys(columns) if c in grid]
    rhythm = [c for c in present if c in RHYTHM]
    out = {c: grid.trusted(c) for c in present if c not in RHYTHM}
    if not rhythm or "qrs_conf" not in grid.columns:
        return out | {c: grid.raw(c) for c in rhythm}
    beat_ok = np.isnan(grid.raw("rr1_ms")) | ~grid.doubtful("rr1_ms")  # this lead's QRS is not doubtful
    doubtful_beat = grid.has_row.any(0) & ~(beat_ok & grid.has_row).any(0)
    return out | {c: np.where(doubtful_beat, np.nan, grid.raw(c)) for c in rhythm}


def _record_line(grid: FeatureGrid, record: dict | None) -> str:
    """``Record: sinus P waves; RR regular (irregularity .03); premature beats 4 9; ...`` from the
    record's ``features_records`` row and the per-beat ``premature`` flags; absent facts are left out."""
    record = record or {}
    parts = []
    if record.get("atrial_activity"):
        parts.append(ATRIAL_WORDS.get(record["atrial_activity"], record["atrial_activity"]))
    if record.get("rr_irregular") is not None:
        index = record.get("rr_irregularity")
        parts.append(f"RR {'irregular' if record['rr_irregular'] else 'regular'}"
                     + (f" (irregularity {_cell(index, 'mv')})" if index is not None else ""))
    if "premature" in grid:
        beats = grid.premature_beats()
        parts.append(f"premature beats {' '.join(map(str, beats))}" if beats else "no premature beat")
    for key, label in (("sokolow_lyon_mv", "Sokolow-Lyon"), ("cornell_mv", "Cornell")):
        if record.get(key) is not None:
            parts.append(f"{label} {_cell(record[key], 'mv')} mV")
    if record.get("low_voltage") is not None:
        parts.append("low QRS voltage" if record["low_voltage"] else "QRS voltage not low")
    return "Record: " + FIELD_SEP.join(f" {p}" if i else p for i, p in enumerate(parts)) if parts else ""


def _rs_medians(r_mv: np.ndarray, s_mv: np.ndarray) -> dict[str, str] | None:
    """lead -> ``R/S`` text of the medians over its trusted beats (``-`` where none); None if no value."""
    r, s_ = _lead_medians(r_mv), _lead_medians(s_mv)
    if all(v is None for v in (*r, *s_)):
        return None
    return {lead: "-" if a is None and b is None else f"{_cell(a, 'mv')}/{_cell(b, 'mv')}"
            for lead, a, b in zip(STANDARD_LEADS, r, s_)}


def _lead_medians(values: np.ndarray) -> list[float | None]:
    """Per row of a (leads, beats) float32-valued array, the median of its non-NaN values as
    float32 (what polars' ``median`` gives for a Float32 column), None where there is none."""
    medians = row_medians(values, ~np.isnan(values))
    return [None if np.isnan(m) else float(np.float32(m)) for m in medians]


def _rr_chain(grids: dict[str, list[list[str]]], measured: list[int]) -> bool:
    """True when each beat's RR to next is the next beat's RR to previous (SPEC §3: one R peak per
    beat): then the intervals between consecutive beats, written once, are both features of every beat
    and a second row would repeat the first, shifted by one. (Callers check the leads agree.)"""
    rr1, rr2 = grids["rr1_ms"][measured[0]], grids["rr2_ms"][measured[0]]
    return rr1[0] == "-" and rr2[-1] == "-" and rr1[1:] == rr2[:-1]


def _cells(values: np.ndarray, kind: str) -> list[list[str]]:
    """(12, n_beats) values as text cells, one list per lead ('-' where absent)."""
    if kind == "form":
        return [[_FORM_LETTER.get(str(v), "-") if v is not None else "-" for v in row] for row in values.tolist()]
    cell = _int_cell if kind == "int" else _mv_cell
    return [[cell(v) for v in row] for row in values.tolist()]


def _int_cell(value: float) -> str:
    return str(int(round(value))) if math.isfinite(value) else "-"


def _mv_cell(value: float) -> str:
    if not math.isfinite(value):
        return "-"
    text = f"{value:.2f}"
    if text == "-0.00":
        text = "0.00"
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


def _cell(value, kind: str) -> str:
    if value is None:
        return "-"
    if kind == "form":
        return _FORM_LETTER.get(str(value), "-")
    return _int_cell(float(value)) if kind == "int" else _mv_cell(float(value))


def _join(cells: list[str], kind: str) -> str:
    if all(c == "-" for c in cells):
        return "-"
    if len(cells) > 1 and cells.count(cells[0]) == len(cells):
        return f"{ALL} {cells[0]}"
    return "".join(cells) if kind == "form" else " ".join(cells)
