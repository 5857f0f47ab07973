"""validate_classes: the record classes against LUDB rhythm lines and PTB-XL SCP codes."""
from __future__ import annotations

import csv
import json

import wfdb

from gem_data.features.classes import ludb_labels, ptbxl_labels, validate_classes
from gem_data.features.noise import MILD, noiser


def _ludb_folder(shared, tmp_path, names):
    out = tmp_path / "ludb"
    out.mkdir()
    for name in names:
        for f in (shared / "ludb" / "data").glob(f"{name}.*"):
            (out / f.name).symlink_to(f)
    return out


def _ptbxl_folder(shared, tmp_path, ids):
    """A PTB-XL root holding a CSV of ``ids`` only; records are links to the shared files."""
    out = tmp_path / "ptbxl"
    src = shared / "ptbxl"
    with (src / "ptbxl_database_subset.csv").open(newline="") as fh:
        reader = csv.DictReader(fh)
        rows = [r for r in reader if r["ecg_id"] in ids]
        fields = reader.fieldnames
    for r in rows:
        for f in (src / r["filename_hr"]).parent.glob(f"{(src / r['filename_hr']).name}.*"):
            dest = out / r["filename_hr"]
            dest.parent.mkdir(parents=True, exist_ok=True)
            (dest.parent / f.name).symlink_to(f)
    with (out / "ptbxl_database_subset.csv").open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return out


def test_labels_are_read_from_real_headers_and_codes(shared_data):
    comments = wfdb.rdheader(str(shared_data / "ludb" / "data" / "51")).comments
    assert ludb_labels(comments) == ("af", False)
    comments = wfdb.rdheader(str(shared_data / "ludb" / "data" / "7")).comments
    assert ludb_labels(comments) == ("sinus", True)  # sinus rhythm with a single PAC
    assert ptbxl_labels("{'NORM': 100.0, 'PAC': 0.0, 'SR': 0.0}") == ("sinus", True)
    assert ptbxl_labels("{'NST_': 100.0, 'STD_': 0.0, 'AFIB': 0.0}") == ("af", False)
    assert ptbxl_labels("{'ASMI': 50.0, 'PVC': 100.0, 'SVTAC': 0.0}") == ("other", True)


def test_class_table_counts_labels_and_lists_the_forbidden_errors(shared_data, tmp_path):
    # AF, flutter, sinus + PAC, sinus + PVCs, plain sinus; PTB-XL AF with PVC, sinus, sinus + PAC
    ludb = _ludb_folder(shared_data, tmp_path, ["51", "103", "7", "105", "1"])
    ptbxl = _ptbxl_folder(shared_data, tmp_path, {"1017", "1018", "1019"})
    report = validate_classes(ludb, ptbxl)
    assert len(report.rows) == 8
    by = {(r.source, r.record): r for r in report.rows}
    assert by[("ludb", "51")].rhythm == "af" and by[("ptbxl", "1017")].rhythm == "af"
    assert by[("ludb", "103")].rhythm == "flutter"
    s = report.scores
    # labelled counts come from the headers and codes, not from our output
    assert s["absent_irregular"]["tp"] + s["absent_irregular"]["fn"] == 2
    assert s["sinus_p"]["tp"] + s["sinus_p"]["fn"] == 5
    assert s["flutter_waves"]["tp"] + s["flutter_waves"]["fn"] == 1
    assert s["premature"]["tp"] + s["premature"]["fn"] == 3  # 7, 105, 1019 (AF left out)
    assert report.af_as_sinus == [] and report.sinus_as_absent_irregular == []
    confusion = report.confusion()
    assert sum(confusion["af"].values()) == 2 and sum(confusion["sinus"].values()) == 5
    md = report.markdown()
    assert "| sinus_p | sinus rhythm | 5 |" in md and "AF reported as sinus_p: none" in md
    json.dumps(report.as_dict())  # JSON-ready for `gem validate-delineation --json`


def test_noisy_copies_are_scored_with_the_given_noise(shared_data, tmp_path):
    ludb = _ludb_folder(shared_data, tmp_path, ["51", "1"])
    add = noiser(MILD)
    seen = []

    def noise(signal_mv, fs_hz, name):
        seen.append(name)
        return add(signal_mv, fs_hz, name)

    clean = validate_classes(ludb, None)
    noisy = validate_classes(ludb, None, noise=noise)
    by_spec = validate_classes(ludb, None, noise=MILD)
    assert seen == ["ludb:1", "ludb:51"]  # every record, once, before delineation
    assert clean.noise == "" and by_spec.noise == MILD and noisy.noise == "noise"
    assert [r.record for r in noisy.rows] == [r.record for r in clean.rows] == ["1", "51"]
    # a spec string means the same seeded noise as the lead's noiser
    assert [r.rr_irregularity for r in noisy.rows] == [r.rr_irregularity for r in by_spec.rows]
    assert noisy.af_as_sinus == [] and noisy.sinus_as_absent_irregular == []
