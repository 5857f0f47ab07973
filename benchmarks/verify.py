"""Grounding-verifier speed: responses per second per core on GEM-style paragraphs, ours vs a naive one.

Data: real PTB-XL and LUDB records (../shared/data), their FeatureDB rows computed once with
gem_data.features, and for each record three ~200-300-word lead-by-lead paragraphs: the offline
template backend's answer and the two GEM-style paragraphs of the test corpus
(tests/gem_data/verify/corpus.py, gem-long-1 and gem-long-2), all citing lead, beat and value.

Ours: ``values_by_record`` on the batch's long rows (as the stage does), then ``verify_response``
on every paragraph. Baseline ("naive-polars"): the same claims, but each claim's measured values
are looked up the obvious way, by filtering the long polars table for the record and lead and taking
the median (or the cited beat), with no per-record arrays. Both judge every claim the same way.
Each round times the whole set with ``time.process_time`` (one process, one thread: "per core"
even on a busy machine); we report the median over rounds.

    .venv/bin/python benchmarks/verify.py [--records 24] [--rounds 5]
"""
from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import polars as pl  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gem_data.features import extract_record  # noqa: E402
from gem_data.guider import record_facts  # noqa: E402
from gem_data.llm.template import template_response  # noqa: E402
from gem_data.signals import read_record  # noqa: E402
from gem_data.verify import verdicts  # noqa: E402
from gem_data.verify.claims import RULES  # noqa: E402
from gem_data.verify.report import VerifyPolicy, verify_response  # noqa: E402
from gem_data.verify.values import derive_facts, values_by_record  # noqa: E402
from tests.gem_data.verify.corpus import PARAGRAPHS  # noqa: E402
from tests.gem_data.verify.labelled import render  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"


def _records(n: int) -> list[Path]:
    ptb = sorted((SHARED / "ptbxl" / "records500").glob("*/*.hea"))
    ludb = sorted((SHARED / "ludb" / "data").glob("*.hea"))
    return [p.with_suffix("") for p in (ptb[: n - n // 3] + ludb[: n // 3])]


def _dataset(n: int) -> tuple[pl.DataFrame, list[tuple[str, str]]]:
    frames, texts = [], []
    gem = [e for e in PARAGRAPHS if e["id"].startswith("gem-long")]
    for path in _records(n):
        rows = extract_record(read_record(path))
        if rows.is_empty():
            continue
        frames.append(rows)
        rid = rows["record_id"][0]
        values = values_by_record(rows)[rid]
        texts.append((rid, template_response(record_facts(rows), "Sinus rhythm. Normal ECG.")))
        for entry in gem:
            para = render({**entry, "requires": []}, str(path), values)
            if para is not None:
                texts.append((rid, para.text))
    return pl.concat(frames), texts


def ours(frame: pl.DataFrame, texts: list[tuple[str, str]], policy: VerifyPolicy) -> int:
    values = values_by_record(frame)
    n = 0
    for rid, text in texts:
        n += verify_response(text, values[rid], policy).count("contradicted")
    return n


class _NaiveValues:
    """RecordValues' interface answered by filtering the long polars table on every call."""

    def __init__(self, frame: pl.DataFrame, rid: str):
        self.rows = frame.filter(pl.col("record_id") == rid)
        self.n_beats = int(self.rows["beat"].max()) + 1
        self.per_beat = _PerBeat(self.rows, self.n_beats)
        self.st_form = _forms(self.rows, self.n_beats)
        self.sex, self.premature, self.overestimates = None, None, {}
        self.facts = derive_facts({k: self.per_beat[k] for k in ("rr1_ms", "pr_ms", "qrs_amp_mv")}, None, {})

    def lead_median(self, feature: str) -> np.ndarray:
        med = self.rows.group_by("lead").agg(pl.col(feature).median())
        got = dict(zip(med["lead"].to_list(), med[feature].to_list()))
        return np.array([np.nan if got.get(lead) is None else got[lead] for lead in verdicts.STANDARD_LEADS])

    def record(self, feature: str) -> list[float]:
        med = self.lead_median(feature)
        return [float(np.nanmedian(med))] if np.isfinite(med).any() else []

    lead_consensus = record


class _PerBeat:
    def __init__(self, rows: pl.DataFrame, n_beats: int):
        self.rows, self.n_beats = rows, n_beats

    def __contains__(self, feature: str) -> bool:
        return feature in self.rows.columns

    def __getitem__(self, feature: str) -> np.ndarray:
        grid = np.full((12, self.n_beats), np.nan)
        for lead, beat, v in self.rows.select("lead", "beat", feature).iter_rows():
            if v is not None:
                grid[verdicts.STANDARD_LEADS.index(lead), beat] = v
        return grid


def _forms(rows: pl.DataFrame, n_beats: int) -> np.ndarray:
    out = np.full((12, n_beats), None, dtype=object)
    for lead, beat, f in rows.select("lead", "beat", "st_form").iter_rows():
        out[verdicts.STANDARD_LEADS.index(lead), beat] = f
    return out


def naive(frame: pl.DataFrame, texts: list[tuple[str, str]], policy: VerifyPolicy) -> int:
    n = 0
    for rid, text in texts:
        values = _NaiveValues(frame, rid)
        claims = RULES.extract(text.split("**Response:**")[-1]).claims
        n += sum(verdicts.judge(c, values).verdict == "contradicted" for c in claims)
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=24)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    frame, texts = _dataset(args.records)
    words = statistics.median(len(t.split()) for _, t in texts)
    policy = VerifyPolicy()
    print(f"{len(texts)} responses about {frame['record_id'].n_unique()} records, median {words:.0f} words")
    t_ours, t_naive = [], []
    for _ in range(args.rounds):
        t0 = time.process_time()
        c_ours = ours(frame, texts, policy)
        t1 = time.process_time()
        c_naive = naive(frame, texts, policy)
        t2 = time.process_time()
        t_ours.append(t1 - t0)
        t_naive.append(t2 - t1)
    ours_rate = len(texts) / statistics.median(t_ours)
    naive_rate = len(texts) / statistics.median(t_naive)
    print(f"contradicted claims found: ours {c_ours}, naive {c_naive}")
    print(f"ours: {ours_rate:.0f} responses/s/core; naive-polars: {naive_rate:.0f} responses/s/core")
    print(f"verify_speed: {ours_rate:.0f} responses/s/core ({ours_rate / naive_rate:.1f}x naive-polars)")


if __name__ == "__main__":
    main()
