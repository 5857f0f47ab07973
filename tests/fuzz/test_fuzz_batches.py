"""Property-based fuzzing of ingest + features + render (issue 17): no record can fail a batch.

Each example writes a small MIMIC-layout tree from real PTB-XL/LUDB signals, mutates headers, data
files, listing rows and signals (tests/fuzz/mutations.py), and runs the real stage functions. The
budget is fixed (examples x records, no shrinking-time surprises: ``deadline=None`` and a phase list
without the slow target phase) so the suite stays well under two minutes on two cores.
"""
from __future__ import annotations

import functools

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SHARED_DATA, real_records, reference_signal
from tests.fuzz.mutations import DATA, HEADER, LISTING, SIGNALS, FileSpec, Spec, fresh, run_stages, write_fuzzed_tree

FUZZ = settings(max_examples=30, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@functools.lru_cache(maxsize=1)
def _bases() -> tuple[np.ndarray, ...]:
    """Real signals (12, 5000) mV, read once per session."""
    return tuple(np.nan_to_num(reference_signal(p)[:, :5000]) for p in real_records(SHARED_DATA)[:6])


def _specs(**fixed):
    fields = {"signal": st.sampled_from(sorted(SIGNALS)), "header": st.sampled_from(sorted(HEADER)),
              "data": st.sampled_from(sorted(DATA)), "listing": st.sampled_from(sorted(LISTING)),
              "seed": st.integers(0, 2 ** 32 - 1)}
    fields.update({k: st.just(v) for k, v in fixed.items()})
    return st.builds(Spec, **fields)


def _run(tmp_path, specs, file_spec=None):
    root, out = fresh(tmp_path / "src"), fresh(tmp_path / "out")
    listed = write_fuzzed_tree(root, specs, list(_bases()), file_spec or FileSpec())
    counts = run_stages(root, out, check_idempotent=True)
    assert counts.listed == listed  # every listed row is in some batch's catalog, OK or quarantined
    return counts


@FUZZ
@given(specs=st.lists(_specs(signal="real"), min_size=1, max_size=4))
def test_mutated_headers_data_and_listing_rows_never_fail_a_batch(tmp_path, specs):
    _run(tmp_path, specs)


@FUZZ
@given(specs=st.lists(_specs(), min_size=1, max_size=4))
def test_everything_mutated_at_once_never_fails_a_batch(tmp_path, specs):
    _run(tmp_path, specs)


@FUZZ
@given(specs=st.lists(_specs(header="none", data="none", listing="none"), min_size=1, max_size=3))
def test_hostile_signals_are_measured_or_quarantined(tmp_path, specs):
    """Noise only, mains hum only (the issue-17 delineator crash), steps, spikes, extreme and tiny
    amplitudes: the features stage completes and every record has a status."""
    _run(tmp_path, specs)


@FUZZ
@given(specs=st.lists(_specs(signal="real", header="none", data="none"), min_size=1, max_size=4),
       file_spec=st.builds(FileSpec, bom=st.booleans(), crlf=st.booleans(),
                           drop_column=st.sampled_from([None, "ecg_time", "subject_id", "study_id", "path"])))
def test_garbled_record_lists_never_fail_a_batch(tmp_path, specs, file_spec):
    counts = _run(tmp_path, specs, file_spec)
    if file_spec.drop_column in ("study_id", "path"):
        assert counts.ok == 0  # no way to name or find a record: all quarantined, none lost


def test_a_quarantined_reason_is_kept_per_record_and_good_records_pass(tmp_path):
    """A fixed mix (one of each kind) so a regression shows up without relying on the draw."""
    specs = [Spec(), Spec(header="file_field", seed=1), Spec(data="truncated", seed=2),
             Spec(listing="path", seed=3), Spec(signal="hum_50", seed=4), Spec(signal="zeros", seed=5)]
    counts = _run(tmp_path, specs)
    assert counts.ok >= 2 and counts.listed == 6
    assert sum(counts.reasons["ingest"].values()) == counts.listed - counts.ok
