"""FeatureDB v2 rules checked on real LUDB records against the cardiologists' own marks."""
from __future__ import annotations

import numpy as np

from gem_data.features.delineate import delineate
from gem_data.features.table import build_table
from gem_data.features.validate import edge_outliers, load_annotations
from gem_data.signals import read_record


def _annotated_qrs(shared_data, name: str, lead: str = "ii") -> list[tuple[int, int, int]]:
    return load_annotations(shared_data / "ludb" / "data" / name, lead)["QRS"]


def test_a_wide_pvc_under_the_narrow_beats_threshold_is_found_by_search_back(shared_data):
    """LUDB 125: polymorphic PVCs carry a fifth of a sinus beat's 8-25 Hz energy."""
    rec = read_record(shared_data / "ludb" / "data" / "125")
    beats = delineate(rec.signal, rec.fs).beat_idx
    wide = [(on, off) for on, _, off in _annotated_qrs(shared_data, "125") if off - on > 0.15 * rec.fs]
    assert wide, "the record's annotated PVCs"
    found = [any(on <= b <= off for b in beats) for on, off in wide]
    assert sum(found) >= 1, (wide, beats)
    # both beats of its couplet (two wide QRS in one long gap): missing one left its waves to pass
    # for flutter waves
    gap = [(on, off) for on, off in wide if 2000 <= on <= 2600]
    assert len(gap) == 2 and all(found[wide.index(w)] for w in gap), (wide, beats)
    assert build_table(rec.signal, rec.fs).record.atrial_activity == "sinus_p"
    # every beat found is an annotated QRS where the cardiologists annotated
    qrs = _annotated_qrs(shared_data, "125")
    inside = beats[(beats >= qrs[0][0]) & (beats <= qrs[-1][2])]
    assert all(any(on - 10 <= b <= off + 10 for on, _, off in qrs) for b in inside)


def test_ectopic_beats_do_not_make_a_sinus_rhythm_unclear(shared_data):
    """LUDB 105: sinus rhythm with PVCs; the P share is counted over the sinus beats."""
    rec = read_record(shared_data / "ludb" / "data" / "105")
    table = build_table(rec.signal, rec.fs)
    assert table.record.n_premature >= 1
    assert table.record.atrial_activity == "sinus_p"


def test_first_and_last_beats_are_no_more_often_qt_outliers_than_inner_beats_on_ludb(shared_data):
    """The edge rule's goal (issue 13): a T cut by the strip's end, or an f wave taken for the
    first beat's T after a long RR, shows up as an excess of QT outliers at the edge beats."""
    feats = [build_table(read_record(p.with_suffix("")).signal, 500).features
             for p in sorted((shared_data / "ludb" / "data").glob("*.hea"))]
    stats = edge_outliers(feats)
    for k in ("qt_ms", "t_dur_ms", "qrs_dur_ms", "p_dur_ms"):
        assert stats[k]["n_edge"] > 1000, k
        assert stats[k]["edge_share"] <= max(2 * stats[k]["inner_share"], 0.002), (k, stats[k])
