"""Fuzzed MIMIC-IV-ECG trees and the stage run that must survive them (issue 17).

A record is a :class:`Spec`: which signal to write and which header, data-file and listing-row
mutation to apply to the real WFDB files afterwards (seeded, so a failing case replays). The
hypothesis suite (tests/fuzz/test_fuzz_batches.py) draws specs; benchmarks/fuzz_batches.py pushes
10,000 random ones through the same :func:`run_stages`. Every mutation table is a dict of small
functions, so a new kind of garbage is one line.
"""
from __future__ import annotations

import re
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from gem_data.catalog import ingest_batch, open_batch
from gem_data.features.batch import build_batch as build_features
from gem_data.layout import DataLayout
from gem_data.render import RenderConfig
from gem_data.render.batch import build_batch as build_images
from gem_data.signal_store import MAX_ABS_MV
from gem_data.sources import MimicIvEcg
from gem_data.sources.mimic import write_tree

_T_S = np.arange(5000) / 500.0
_DISK_LEADS = 12


def _hum(rng, hz):
    phase = rng.uniform(0, 2 * np.pi)
    return np.tile(rng.uniform(0.05, 2.0) * np.sin(2 * np.pi * hz * _T_S + phase), (12, 1))


def _steps(rng, base):
    out = base.copy()
    for at in rng.integers(0, 5000, size=rng.integers(1, 6)):
        out[:, at:] += rng.uniform(-5, 5, size=(12, 1))
    return out


def _spikes(rng, base):
    out = base.copy()
    for at in rng.integers(0, 5000, size=rng.integers(1, 30)):
        out[rng.integers(0, 12), at] += rng.choice([-1, 1]) * rng.uniform(5, 100)
    return out


# signal_mv (12, 5000) in standard lead order, from a real record `base`
SIGNALS = {
    "real": lambda rng, base: base,
    "noise_only": lambda rng, base: rng.normal(0, rng.uniform(0.01, 2), (12, 5000)),
    "hum_50": lambda rng, base: _hum(rng, 50.0),
    "hum_60": lambda rng, base: _hum(rng, 60.0),
    "hum_on_real": lambda rng, base: base + _hum(rng, rng.choice([50.0, 60.0])),
    "steps": _steps,
    "spikes": _spikes,
    "extreme": lambda rng, base: base * rng.uniform(50, 1000),  # clipped by the 16-bit ADC
    "tiny": lambda rng, base: base * rng.uniform(1e-4, 5e-3),
    "wander": lambda rng, base: base + 5 * np.sin(2 * np.pi * rng.uniform(0.05, 0.5) * _T_S),
    "zeros": lambda rng, base: np.zeros((12, 5000)),
    "one_lead_only": lambda rng, base: base * (np.arange(12) == rng.integers(0, 12))[:, None],
}


def _samples(data: bytes) -> np.ndarray:
    return np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2").copy()


def _nan_run(rng, data):
    x = _samples(data).reshape(-1, _DISK_LEADS)
    start = rng.integers(0, x.shape[0])
    x[start:start + rng.integers(1, 5000), rng.integers(0, 12)] = -32768
    return x.tobytes()


def _nan_lead(rng, data):
    x = _samples(data).reshape(-1, _DISK_LEADS)
    x[:, rng.integers(0, 12)] = -32768
    return x.tobytes()


# .dat bytes (format 16, 12 interleaved leads)
DATA = {
    "none": lambda rng, data: data,
    "truncated": lambda rng, data: data[: rng.integers(0, len(data))],
    "extra_bytes": lambda rng, data: data + rng.bytes(int(rng.integers(1, 3000))),
    "all_missing": lambda rng, data: b"\x00\x80" * (len(data) // 2),
    "random": lambda rng, data: rng.bytes(len(data)),
    "empty": lambda rng, data: b"",
    "nan_run": _nan_run,
    "nan_lead": _nan_lead,
}


def _record_field(index, values):
    """Replace field ``index`` of the record line (0 name, 1 signals, 2 rate, 3 samples)."""
    def mutate(rng, lines):
        parts = lines[0].split()
        parts[index] = str(values[rng.integers(0, len(values))])
        return [" ".join(parts), *lines[1:]]
    return mutate


def _signal_field(index, values):
    """Replace field ``index`` of one random signal line (0 file, 1 format, 2 gain, 4 ADC zero, 8 name)."""
    def mutate(rng, lines):
        k = 1 + rng.integers(0, 12)
        parts = lines[k].split()
        parts[index] = str(values[rng.integers(0, len(values))])
        return [*lines[:k], " ".join(parts), *lines[k + 1:]]
    return mutate


def _bytes_in(rng, lines):
    text = "\n".join(lines)
    at = rng.integers(0, len(text))
    garbage = rng.bytes(int(rng.integers(1, 40))).decode("latin-1")
    return (text[:at] + garbage + text[at:]).split("\n")


# header lines (text), applied before writing the .hea back
HEADER = {
    "none": lambda rng, lines: lines,
    "n_signals": _record_field(1, [0, 11, 13, -1, 99999, "x", "12.5"]),
    "rate": _record_field(2, [0, 333, -500, "nan", "inf", "1e309", 100, 1000, 250, "abc", "500/2(0)"]),
    "n_samples": _record_field(3, [0, -1, 4999, 10 ** 12, 2500, 10000, "x", 1]),
    "multi_segment": _record_field(0, ["rec/2"]),
    "gain": _signal_field(2, [0, -200, "1e-9", "1e30", "abc", "200/uV", "200/furlong",
                              "200(99999999999)/mV", "200(-5)/mV", "nan", "2e2e"]),
    "format": _signal_field(1, [8, 212, 80, 24, 32, 310, 999, "x", "16+100000", "16:3", "16x2"]),
    "adc_zero": _signal_field(4, ["zero", 10 ** 30, -7]),
    "lead_name": _signal_field(8, ["I", "V7", "avl", "lead?", "", "II II"]),
    "file_field": _signal_field(0, ["../x.dat", "/etc/hostname", "a/b.dat", ".", "..", "x" * 300,
                                    "nope.dat", "~"]),
    "garbage_bytes": _bytes_in,
    "crlf": lambda rng, lines: [ln + "\r" for ln in lines],
    "comments": lambda rng, lines: ["# leading comment", lines[0], "#", *lines[1:], "# <age>: \x00 ÿ"],
    "empty": lambda rng, lines: [],
    "drop_line": lambda rng, lines: [ln for i, ln in enumerate(lines) if i != 1 + rng.integers(0, 12)],
    "blank_lines": lambda rng, lines: [x for ln in lines for x in (ln, "")],
}


def _field(name, values):
    def mutate(rng, row):
        row[name] = values[rng.integers(0, len(values))]
        return row
    return mutate


# one record_list.csv row (str fields; bytes for a path that is not UTF-8)
LISTING = {
    "none": lambda rng, row: row,
    "path": _field("path", ["/etc/hostname", "../x", "files/p1000/../../../x", "files/p1000/" + "y" * 300,
                            "", "files/p1000/é/x", "files/p1000/p 1/s 2/3", "files/p1000/p1/s2/none",
                            b"files/p1000/\xff\xfe/x", "files", "files/p1000/", ".", "files/p1000/link/x"]),
    "subject_id": _field("subject_id", ["abc", "", "-5", "1e400", "3.5", "99999999999999999999999", " 7 "]),
    "study_id": _field("study_id", ["abc", "", "-5", "inf", "4.5", "99999999999999999999999", "0x10"]),
    "ecg_time": _field("ecg_time", ["", "garbage", "2180-13-45 99:99:99", "\u202e2180"]),
    "duplicate": lambda rng, row: {**row, "study_id": "40000001"},
}


@dataclass(frozen=True)
class Spec:
    """One fuzzed record: signal kind and header/data/listing mutations, with its own seed."""

    signal: str = "real"
    header: str = "none"
    data: str = "none"
    listing: str = "none"
    seed: int = 0


@dataclass(frozen=True)
class FileSpec:
    """Mutations of record_list.csv as a whole."""

    bom: bool = False
    crlf: bool = False
    drop_column: str | None = None  # e.g. "ecg_time", "subject_id"


def write_fuzzed_tree(root: Path, specs: list[Spec], bases: list[np.ndarray], file_spec: FileSpec = FileSpec(),
                      first_study: int = 40000001) -> int:
    """Write one MIMIC-layout tree (all records in batch p1000 unless a path moves them); returns the
    number of listed rows. ``bases``: real (12, 5000) mV signals the ``real``-derived kinds start from."""
    records = []
    for i, spec in enumerate(specs):
        rng = np.random.default_rng(spec.seed)
        base = bases[i % len(bases)]
        signal = np.nan_to_num(SIGNALS[spec.signal](rng, base), nan=0.0, posinf=0.0, neginf=0.0)
        records.append({"subject_id": 10000000 + i, "study_id": first_study + i,
                        "ecg_time": "2180-07-01 08:00:00", "signal_mv": signal, "report_lines": ["Sinus rhythm"]})
    paths = write_tree(root, records)
    rows = pl.read_csv(root / "record_list.csv", infer_schema=False).to_dicts()
    for spec, rel, row in zip(specs, paths, rows):
        rng = np.random.default_rng(spec.seed + 1)
        hea, dat = root / f"{rel}.hea", root / f"{rel}.dat"
        lines = HEADER[spec.header](rng, hea.read_text().splitlines())
        hea.write_bytes("\n".join(lines).encode("latin-1", "replace") + (b"\n" if lines else b""))
        dat.write_bytes(DATA[spec.data](rng, dat.read_bytes()))
        LISTING[spec.listing](rng, row)
    _write_listing(root / "record_list.csv", rows, file_spec)
    return len(rows)


def _write_listing(path: Path, rows: list[dict], spec: FileSpec) -> None:
    columns = [c for c in rows[0] if c != spec.drop_column]
    eol = b"\r\n" if spec.crlf else b"\n"

    def cell(value) -> bytes:
        raw = value if isinstance(value, bytes) else str(value if value is not None else "").encode()
        return b'"' + raw.replace(b'"', b'""') + b'"' if any(c in raw for c in b',"\n\r') else raw

    out = [b",".join(c.encode() for c in columns)]
    out += [b",".join(cell(row.get(c)) for c in columns) for row in rows]
    path.write_bytes((b"\xef\xbb\xbf" if spec.bom else b"") + eol.join(out) + eol)


@dataclass
class StageCounts:
    """What one run of the stages saw: listed rows, OK records, and quarantine reasons per stage."""

    listed: int = 0
    ok: int = 0
    features_ok: int = 0
    rendered: int = 0
    batches: int = 0
    reasons: dict[str, Counter] = None

    def __post_init__(self):
        self.reasons = self.reasons or {"ingest": Counter(), "features": Counter(), "render": Counter()}


def reason_kind(reason: str) -> str:
    """A reason without its record-specific parts (values, names, numbers), for counting: the first
    of several ``; ``-joined reasons, up to its ``:`` detail, values replaced by ``…``."""
    head = re.sub(r"\s*\((supported|\d+ signals|\d+ bytes)[^)]*\)?", "", reason.split("; ")[0])
    head = head.split(": ")[0].rstrip(":")
    words: list[str] = []
    for word in head.split():
        if any(ch.isdigit() for ch in word) or "'" in word or '"' in word or re.search(r"\w\.\w", word):
            word = "…"
        if not (words and word == "…" == words[-1]):
            words.append(word)
    return " ".join(words)


FAST_RENDER = RenderConfig(dpi=50)  # the fuzz suite checks that pages are drawn, not how they look


def run_stages(root: Path, out: Path, render: RenderConfig | None = FAST_RENDER,
               render_every: int = 1, check_idempotent: bool = False) -> StageCounts:
    """ingest + features (+ render every ``render_every``-th batch) over every batch of ``root``,
    asserting issue 17's properties: no exception escapes, every listed row is OK or quarantined
    with a reason, OK outputs are finite and in physical ranges, and a re-run changes nothing."""
    layout = DataLayout(out)
    source = MimicIvEcg(root, cache_dir=out / "source_index")
    counts = StageCounts()
    for n, batch in enumerate(source.list_batches()):
        counts.batches += 1
        summary = ingest_batch(source, layout, batch)
        catalog = _check_catalog(layout, batch, summary)
        counts.listed += catalog.height
        counts.ok += summary.n_ok
        for reason in catalog.filter(pl.col("status") != "ok")["reason"]:
            counts.reasons["ingest"][reason_kind(reason)] += 1
        if summary.n_ok == 0:
            continue
        features = build_features(layout, batch)
        records = _check_features(layout, batch, summary.n_ok)
        counts.features_ok += records.filter(pl.col("status") != "failed").height
        for reason in records.filter(pl.col("status") == "failed")["reason"]:
            counts.reasons["features"][reason_kind(reason)] += 1
        assert features.n_records == summary.n_ok
        if render is not None and n % render_every == 0:
            images = build_images(layout, batch, render)
            assert images.n_records == summary.n_ok
            assert images.n_rendered + images.n_skipped + images.n_quarantined == summary.n_ok
            counts.rendered += images.n_rendered + images.n_skipped
            quarantine = pl.read_parquet(layout.quarantine("render", batch))
            for reason in quarantine["reason"]:
                counts.reasons["render"][reason_kind(reason)] += 1
        if check_idempotent:
            _check_rerun(layout, source, batch)
    return counts


def _check_catalog(layout: DataLayout, batch: str, summary) -> pl.DataFrame:
    catalog = pl.read_parquet(layout.catalog(batch))
    assert catalog.height == summary.n_records
    assert set(catalog["status"]) <= {"ok", "quarantined"}
    bad = catalog.filter(pl.col("status") != "ok")
    assert bad["reason"].null_count() == 0 and (bad["reason"].str.len_chars() > 0).all()
    quarantined = set(pl.read_parquet(layout.quarantine("ingest", batch))["record_id"])
    assert set(bad["record_id"]) <= quarantined
    signals = open_batch(layout, batch).signal_mv
    assert signals.shape[0] == summary.n_ok == catalog.height - bad.height
    assert np.isfinite(signals).all() and (np.abs(signals) <= MAX_ABS_MV).all()
    return catalog


# hard limits (not clinical ranges): what any measurement of a 10 s, 250 mV-bounded record lies in
_MS_COLUMNS = ("rr1_ms", "rr2_ms", "p_dur_ms", "pr_ms", "qrs_dur_ms", "t_dur_ms", "qt_ms")
_MV_COLUMNS = ("p_amp_mv", "qrs_amp_mv", "t_amp_mv")


def _check_features(layout: DataLayout, batch: str, n_ok: int) -> pl.DataFrame:
    records = pl.read_parquet(layout.stage_file("features_records", batch))
    assert records.height == n_ok
    failed = records.filter(pl.col("status") == "failed")
    assert failed["reason"].null_count() == 0
    assert set(failed["record_id"]) == set(pl.read_parquet(layout.quarantine("features", batch))["record_id"])
    table = pl.read_parquet(layout.features(batch))
    for col in _MS_COLUMNS:
        values = table[col].drop_nulls().to_numpy()
        assert np.isfinite(values).all() and ((values >= 0) & (values <= 10_000)).all(), col
    for col in _MV_COLUMNS:
        values = table[col].drop_nulls().to_numpy()
        assert np.isfinite(values).all() and (np.abs(values) <= 2 * MAX_ABS_MV).all(), col
    return records


def _check_rerun(layout: DataLayout, source, batch: str) -> None:
    files = [layout.catalog(batch), layout.signals(batch), layout.quarantine("ingest", batch),
             layout.features(batch), layout.stage_file("features_records", batch)]
    before = {f: f.read_bytes() for f in files if f.is_file()}
    summary = ingest_batch(source, layout, batch)
    if summary.n_ok:
        build_features(layout, batch)
    after = {f: f.read_bytes() for f in files if f.is_file()}
    assert before == after, [str(f) for f in before if before[f] != after.get(f)]


def fresh(path: Path) -> Path:
    """An empty folder at ``path`` (hypothesis reuses one tmp folder across examples)."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path
