"""The guider's (lead, beat) grids: the same text and facts whatever the row order, the facts equal a
straightforward per-lead polars reading of the rows, and malformed rows quarantine one record only."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace

import numpy as np
import polars as pl

from gem_data.features.confidence import trusted
from gem_data.guider import GuiderConfig, build_batch, encode_features, record_facts
from gem_data.guider.grid import as_grid, batch_arrays, record_grid
from gem_data.signals import STANDARD_LEADS
from tests.gem_data.guider.fixtures import RECORD_FACTS, make_batch, synthetic_features

_NUMERIC = ("heart_rate_bpm", "rr1_ms", "p_amp_mv", "p_dur_ms", "pr_ms", "qrs_amp_mv", "qrs_dur_ms",
            "t_amp_mv", "t_dur_ms", "st_dur_ms", "st_level_mv", "qt_ms", "qtc_ms", "r_amp_mv", "s_amp_mv")


def _reference_leads(rows: pl.DataFrame) -> dict:
    """Per-lead facts read one lead and one column at a time with polars (the definition)."""
    rows = rows.with_columns(*(trusted(rows, c).alias(c) for c in (*_NUMERIC, "st_form")))
    out = {}
    for lead in STANDARD_LEADS:
        part = rows.filter(pl.col("lead") == lead).sort("beat")
        if part.is_empty():
            continue
        beats = part["beat"].to_numpy() + 1
        facts = {}
        for col in _NUMERIC:
            v = part[col].cast(pl.Float64).fill_null(np.nan).to_numpy()
            ok = np.isfinite(v)
            if ok.any():
                lo, hi = int(np.nanargmin(v)), int(np.nanargmax(v))
                facts[col] = {"median": float(np.median(v[ok])), "min": [float(v[lo]), int(beats[lo])],
                              "max": [float(v[hi]), int(beats[hi])], "n": int(ok.sum())}
        forms = [f for f in part["st_form"].to_list() if f]
        if forms:
            facts["st_form"] = Counter(forms).most_common(1)[0][0]
        out[lead] = facts
    return out


def test_facts_equal_the_per_lead_polars_reading_on_real_records(shared_data):
    from gem_data.features import extract_record
    from gem_data.features.noise import MILD, add_noise
    from gem_data.signals import read_record

    paths = [*sorted((shared_data / "ptbxl" / "records500").glob("*/*.hea"))[:3],
             *sorted((shared_data / "ludb" / "data").glob("*.hea"))[:2]]
    for path in paths:
        rec = read_record(path.with_suffix(""))
        noisy = replace(rec, signal=add_noise(rec.signal, rec.fs, MILD, path.stem))
        for r in (rec, noisy):
            rows = extract_record(r)
            facts = record_facts(rows)
            assert facts["n_beats"] == rows["beat"].max() + 1
            assert json.dumps(facts["leads"]) == json.dumps(_reference_leads(rows)), path.stem


def test_row_order_and_a_missing_lead_change_nothing():
    rows = synthetic_features("r", n_beats=10, seed=2, doubtful=0.3).filter(pl.col("lead") != "V2")
    shuffled = rows.sample(fraction=1.0, shuffle=True, seed=1)
    assert encode_features(shuffled, ("st_level_mv",), RECORD_FACTS) == encode_features(rows, ("st_level_mv",),
                                                                                        RECORD_FACTS)
    assert record_facts(shuffled) == record_facts(rows)
    assert "V2" not in record_facts(rows)["leads"] and "\nV2 not measurable" in encode_features(rows)
    grid = as_grid(rows)
    assert grid.values.shape[1:] == (12, 10) and not grid.has_row[STANDARD_LEADS.index("V2")].any()


def test_malformed_rows_name_the_record_and_quarantine_it_alone(tmp_path):
    layout = make_batch(tmp_path, n=3)
    frame = pl.read_parquet(layout.features("p1000"))
    bad = frame.filter(pl.col("record_id") == "mimic-iv-ecg/40000002").head(1)
    pl.concat([frame, bad]).write_parquet(layout.features("p1000"))  # one (lead, beat) twice
    try:
        record_grid(batch_arrays(pl.concat([frame, bad])), "mimic-iv-ecg/40000002")
    except ValueError as exc:
        assert "mimic-iv-ecg/40000002" in str(exc) and "duplicate" in str(exc)
    else:
        raise AssertionError("duplicate rows were accepted")
    summary = build_batch(layout, "p1000", GuiderConfig())
    assert summary.n_prompts == 2 and summary.n_quarantined == 1
    reason = pl.read_parquet(layout.quarantine("guider", "p1000"))["reason"].to_list()
    assert len(reason) == 1 and "duplicate (lead, beat)" in reason[0]
