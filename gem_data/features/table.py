"""One record's delineation and features as arrays, and its rows in the long FeatureDB table.

Long schema (the contract with the guider and the verifier), one row per (record_id, lead, beat):
record_id Utf8, lead Utf8, beat Int32, the 9 fiducials Int32 (null where absent), the 15 float
features Float32 (null where not measurable), st_form Utf8, then the v2 columns of facts.py:
r_amp_mv, s_amp_mv Float32, premature Boolean, dominant_corr, p_conf, qrs_conf, t_conf Float32.
The record-level facts (atrial activity, RR irregularity, voltage indices) ride on the table as
``BeatTable.record`` and end up in ``features_records``.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import polars as pl

from gem_data.signals import STANDARD_LEADS

from .delineate import FIDUCIALS, Waves, delineate
from .facts import BEAT_COLUMNS, BEAT_SCHEMA, RecordFacts, beat_facts, record_facts
from .measure import FEATURES, measure

SCHEMA: dict[str, pl.DataType] = {
    "record_id": pl.Utf8, "lead": pl.Utf8, "beat": pl.Int32,
    **{k: pl.Int32 for k in FIDUCIALS},
    **{k: pl.Float32 for k in FEATURES},
    "st_form": pl.Utf8,
    **BEAT_SCHEMA,
}


@dataclass(frozen=True)
class BeatTable:
    """Fiducials (L, B) int32 (-1 absent), features (L, B) float32 (NaN absent), per record.

    ``status`` is ``ok`` / ``partial`` (a lead without waves, fewer than 3 beats) / ``failed``
    (no beat or no usable lead); ``reason`` says why and carries notes such as "no P waves".
    ``facts``: the per-row v2 columns (facts.BEAT_COLUMNS) as (L, B) float arrays (``premature``
    1/0/NaN); ``record``: the record-level facts. Both default to "unknown" (a failed record).
    """

    fs_hz: float
    leads: tuple[str, ...]
    beat_idx: np.ndarray
    fiducials: dict[str, np.ndarray]
    features: dict[str, np.ndarray]
    st_form: np.ndarray
    status: str
    reason: str
    facts: dict[str, np.ndarray] = field(default_factory=dict)
    record: RecordFacts = field(default_factory=RecordFacts)

    @property
    def n_beats(self) -> int:
        return int(self.beat_idx.shape[0])

    def columns(self) -> dict[str, np.ndarray]:
        """Flat (L*B,) arrays in lead-major order, ready for a long table (no record_id)."""
        n_leads, n_beats = len(self.leads), self.n_beats
        cols: dict[str, np.ndarray] = {
            "lead": np.repeat(np.asarray(self.leads), n_beats),
            "beat": np.tile(np.arange(n_beats, dtype=np.int32), n_leads),
        }
        cols.update({k: self.fiducials[k].reshape(-1) for k in FIDUCIALS})
        cols.update({k: self.features[k].reshape(-1) for k in FEATURES})
        cols["st_form"] = self.st_form.reshape(-1)
        unknown = np.full(n_leads * n_beats, np.nan, np.float32)
        cols.update({k: self.facts[k].reshape(-1) if k in self.facts else unknown
                     for k in BEAT_COLUMNS})
        return cols


def build_table(signal_mv: np.ndarray, fs_hz: float,
                leads: tuple[str, ...] = STANDARD_LEADS) -> BeatTable:
    """Delineate and measure one (L, N) record; never raises on bad content (see ``status``)."""
    return _delineate_and_measure(signal_mv, fs_hz, tuple(leads))[1]


def stored_waves(signal_mv: np.ndarray, fs_hz: float) -> Waves:
    """The delineation as the FeatureDB stores it (record-level rules applied): what
    ``gem validate-delineation`` scores, so its figures describe the values users get."""
    waves, table = _delineate_and_measure(signal_mv, fs_hz, STANDARD_LEADS)
    return waves if table.fiducials is waves.fiducials else replace(waves, fiducials=table.fiducials)


def _delineate_and_measure(signal_mv, fs_hz, leads) -> tuple[Waves, BeatTable]:
    waves = delineate(signal_mv, fs_hz)
    feats, form = measure(waves)
    status, reason = _status(waves, leads)
    beat = beat_facts(waves)
    record = record_facts(waves, feats, beat, leads)
    fiducials = waves.fiducials
    if record.atrial_activity == "flutter_waves":
        fiducials, feats, beat = _without_p(fiducials, feats, beat)
    return waves, BeatTable(fs_hz, leads, waves.beat_idx, fiducials, feats, form, status,
                            reason, beat, record)


P_FEATURES = ("p_amp_mv", "p_dur_ms", "pr_ms")


def _without_p(fiducials, feats, beat):
    """No P where the atria flutter: a "P" the delineator found there is one of the flutter waves
    locked to the QRS (2:1, 4:1 conduction), and its duration or PR would be cited as a P's."""
    fiducials = {k: np.full_like(v, -1) if k.startswith("P_") else v for k, v in fiducials.items()}
    feats = {k: np.full_like(v, np.nan) if k in P_FEATURES else v for k, v in feats.items()}
    beat = {k: np.full_like(v, np.nan) if k == "p_conf" else v for k, v in beat.items()}
    return fiducials, feats, beat


def long_frame(record_ids: list[str], tables: list[BeatTable]) -> pl.DataFrame:
    """Stack many records' tables into the long FeatureDB frame with :data:`SCHEMA`."""
    if not tables:
        return pl.DataFrame(schema=SCHEMA)
    parts = [t.columns() for t in tables]
    sizes = [len(p["beat"]) for p in parts]
    data: dict[str, object] = {"record_id": np.repeat(np.asarray(record_ids, dtype=object), sizes)}
    for k in parts[0]:
        data[k] = np.concatenate([p[k] for p in parts])
    series = [pl.Series("record_id", data["record_id"], dtype=pl.Utf8),
              pl.Series("lead", data["lead"].astype(str), dtype=pl.Utf8),
              pl.Series("beat", data["beat"], dtype=pl.Int32)]
    for k in FIDUCIALS:
        series.append(pl.Series(k, data[k], dtype=pl.Int32))
    for k in FEATURES:
        series.append(pl.Series(k, data[k], dtype=pl.Float32, nan_to_null=True))
    # from a list: polars 2.1 cannot cast an object ndarray whose first item is None (issue 17)
    series.append(pl.Series("st_form", data["st_form"].tolist(), dtype=pl.Utf8))
    for k in BEAT_COLUMNS:
        col = pl.Series(k, data[k], dtype=pl.Float32, nan_to_null=True)
        series.append(col.cast(BEAT_SCHEMA[k]) if BEAT_SCHEMA[k] != pl.Float32 else col)
    df = pl.DataFrame(series)
    return df.with_columns(pl.when(pl.col(k) >= 0).then(pl.col(k)).alias(k) for k in FIDUCIALS)


def _status(waves: Waves, leads: tuple[str, ...]) -> tuple[str, str]:
    notes = list(waves.reasons)
    bad = [f"{lead}: {why}" for lead, why in zip(leads, waves.lead_reasons) if why]
    if bad:
        notes.append("lead(s) without waves: " + ", ".join(bad))
    n_ok = sum(1 for why in waves.lead_reasons if not why)
    if waves.n_beats == 0 or n_ok == 0:
        return "failed", "; ".join(notes) or "no beats detected"
    if bad or waves.n_beats < 3:
        return "partial", "; ".join(notes)
    return "ok", "; ".join(notes)
