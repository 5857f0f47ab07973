"""The LUDB scoring rule itself (so our figures and everyone else's compare)."""
from __future__ import annotations

import pytest

from gem_data.features.validate import WaveScore, _score_lead, load_annotations


def _score(ann, pred, span=(0, 10_000)):
    acc = WaveScore()
    _score_lead([(a, (a + b) // 2, b) for a, b in ann], pred, span, 500, acc)
    return acc


def test_each_annotated_wave_takes_the_prediction_it_overlaps_most():
    acc = _score([(100, 200)], [(90, 120), (110, 210)])
    assert (acc.tp, acc.fn, acc.fp) == (1, 0, 1)
    assert acc.on_err_ms == [20.0] and acc.off_err_ms == [20.0]  # (110-100), (210-200) samples


def test_a_prediction_matches_at_most_one_annotated_wave():
    acc = _score([(100, 200), (150, 260)], [(120, 240)])
    assert (acc.tp, acc.fn, acc.fp) == (1, 1, 0)


def test_no_overlap_is_no_match():
    acc = _score([(100, 200)], [(201, 260)])
    assert (acc.tp, acc.fn, acc.fp) == (0, 1, 1)


def test_predictions_outside_the_annotated_span_are_not_false_positives():
    acc = _score([(1000, 1100)], [(1000, 1100), (100, 150), (4000, 4100)], span=(900, 2000))
    assert (acc.tp, acc.fn, acc.fp) == (1, 0, 0)


def test_summary_f1_and_mae():
    acc = WaveScore(tp=8, fn=2, fp=0, on_err_ms=[-4.0, 4.0], off_err_ms=[10.0, 0.0])
    s = acc.summary()
    assert s["sensitivity"] == pytest.approx(0.8) and s["ppv"] == 1.0
    assert s["f1"] == pytest.approx(2 * 0.8 / 1.8)
    assert s["on_mae_ms"] == 4.0 and s["on_mean_ms"] == 0.0 and s["off_mae_ms"] == 5.0


def test_ludb_triplets_are_read_per_wave(shared_data):
    ann = load_annotations(shared_data / "ludb" / "data" / "1", "ii")
    assert set(ann) == {"P", "QRS", "T"}
    for on, peak, off in ann["QRS"]:
        assert on < peak < off
