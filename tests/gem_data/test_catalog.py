"""ingest_batch on MIMIC-layout trees built from real records: catalog content and every bad input."""
from __future__ import annotations

import shutil

import numpy as np
import polars as pl
import pytest
from click.testing import CliRunner

from gem_data.catalog import CATALOG_SCHEMA, ingest_batch, ingest_source, open_batch
from gem_data.layout import DataLayout
from gem_data.signals import STANDARD_LEADS
from gem_data.sources import MimicIvEcg, PtbXl, WfdbFolder
from gem_data.sources.mimic import write_tree
from tests.conftest import mimic_records


def _ingest(root, tmp_path, batch="p1000"):
    layout = DataLayout(tmp_path / "out")
    summary = ingest_batch(MimicIvEcg(root, cache_dir=layout.root / "source_index"), layout, batch)
    return layout, summary, pl.read_parquet(layout.catalog(batch))


def test_catalog_joins_reports_nulls_sentinels_and_derives_qt(mimic_tree, tmp_path):
    root, records = mimic_tree
    layout, summary, catalog = _ingest(root, tmp_path)
    assert summary.n_records == 3 and summary.n_ok == 3
    row = catalog.row(0, named=True)
    assert row["record_id"] == "mimic-iv-ecg/40000001" and row["subject_id"] == 10000032
    assert row["report"] == "Sinus rhythm\nBorderline ECG 0"  # empty line dropped, order kept
    assert row["qt_machine_ms"] == 518 - 170 and row["rr_interval_ms"] == 659
    assert catalog.row(1, named=True)["qrs_axis_deg"] is None  # 29999 is "not measured"
    assert dict(catalog.schema) == CATALOG_SCHEMA


def test_normalized_signals_round_trip_through_npy(mimic_tree, tmp_path):
    root, records = mimic_tree
    layout, _, _ = _ingest(root, tmp_path)
    batch = open_batch(layout, "p1000")
    assert batch.signal_mv.shape == (3, 12, 5000) and batch.signal_mv.dtype == np.float32
    np.testing.assert_allclose(batch.signal_mv[2], records[2]["signal_mv"], atol=0.0026)
    assert batch.record_ids == ["mimic-iv-ecg/40000001", "mimic-iv-ecg/40000002", "mimic-iv-ecg/40000003"]


def test_reingesting_a_batch_is_idempotent(mimic_tree, tmp_path):
    root, _ = mimic_tree
    layout, _, first = _ingest(root, tmp_path)
    signals = layout.signals("p1000").read_bytes()
    _, _, second = _ingest(root, tmp_path)
    assert first.equals(second) and layout.signals("p1000").read_bytes() == signals


def _break_tree(root, shared_data, tmp_path):
    """One of each bad input in batch p1000, next to three good records."""
    rec = lambda i: mimic_records(shared_data, 8)[i]  # noqa: E731
    extra = []
    for i, study in enumerate(range(40000101, 40000108)):
        r = rec(i)
        r["subject_id"], r["study_id"] = 10000100 + i, study
        extra.append(r)
    write_tree(root, extra)
    base = lambda k: root / f"files/p1000/p{10000100 + k}/s{40000101 + k}/{40000101 + k}"  # noqa: E731
    dat = base(0).with_suffix(".dat")
    dat.write_bytes(dat.read_bytes()[:1000])  # truncated .dat
    base(1).with_suffix(".hea").unlink()  # missing .hea
    base(2).with_suffix(".dat").unlink()  # missing .dat
    hea = base(3).with_suffix(".hea")  # fewer than 12 leads: drop V6's line
    hea.write_text("\n".join(ln.replace(" 12 500", " 11 500", 1) if i == 0 else ln
                             for i, ln in enumerate(hea.read_text().splitlines()) if not ln.endswith(" V6")) + "\n")
    hea = base(4).with_suffix(".hea")  # unexpected sampling rate
    hea.write_text(hea.read_text().replace(" 12 500 5000", " 12 333 5000", 1))
    d = np.fromfile(base(5).with_suffix(".dat"), dtype="<i2").reshape(5000, 12)
    d[:, 7] = 3  # flat V2 (disk column 7 is V2 in MIMIC order too)
    d.tofile(base(5).with_suffix(".dat"))
    d = np.fromfile(base(6).with_suffix(".dat"), dtype="<i2").reshape(5000, 12)
    d[:, 4] = -32768  # all-NaN aVF (disk column 4 is aVF in MIMIC order)
    d.tofile(base(6).with_suffix(".dat"))
    outside = tmp_path / "outside"  # a perfectly readable record outside the root: never read
    shutil.copytree(base(5).parent, outside / "x")
    lines = (root / "record_list.csv").read_text().splitlines()
    lines += [
        "10000200,40000200,40000200,2180-07-01 08:00:00,files/p1000/../../../outside/x/40000106",
        "abc,40000201,40000201,2180-07-01 08:00:00,files/p1000/p10000201/s40000201/40000201",
        "10000202,,,2180-07-01 08:00:00,files/p1000/p10000202/s40000202/40000202",
        lines[1],  # duplicate study id of the first record
    ]
    (root / "record_list.csv").write_text("\n".join(lines) + "\n")
    mm = (root / "machine_measurements.csv").read_text().splitlines()
    cols = mm[0].split(",")
    fields = mm[2].split(",")
    fields[cols.index("qrs_onset")] = "n/a"  # non-numeric measurement of a good record
    mm[2] = ",".join(fields)
    (root / "machine_measurements.csv").write_text("\n".join(mm) + "\n")
    (root / "files/p1999").mkdir()  # empty batch


def test_each_bad_input_is_quarantined_with_its_reason(mimic_tree, shared_data, tmp_path):
    root, _ = mimic_tree
    _break_tree(root, shared_data, tmp_path)
    layout, summary, catalog = _ingest(root, tmp_path)
    reasons = dict(catalog.filter(pl.col("status") == "quarantined").select("record_id", "reason").iter_rows())
    expected = {
        "mimic-iv-ecg/40000101": "truncated 40000101.dat: expected 120000 bytes of samples, found 1000",
        "mimic-iv-ecg/40000102": "missing header file 40000102.hea",
        "mimic-iv-ecg/40000103": "missing signal file 40000103.dat",
        "mimic-iv-ecg/40000104": "missing lead(s) V6 (11 signals)",
        "mimic-iv-ecg/40000105": "sampling rate 333 Hz has no resampling rule",
        "mimic-iv-ecg/40000106": "flat lead(s) (peak-to-peak < 0.01 mV): V2",
        "mimic-iv-ecg/40000107": "missing (NaN) lead(s): aVF",
        "mimic-iv-ecg/40000200": "escapes the source root; not read",
        "mimic-iv-ecg/40000201": "non-numeric subject_id='abc'",
        "mimic-iv-ecg/row15": "missing study_id",  # no study id: named by its record_list row
        "mimic-iv-ecg/40000001~dup1": "duplicate study_id 40000001 (first listed in row 0)",
    }
    assert set(reasons) == set(expected)
    for record_id, text in expected.items():
        assert text in reasons[record_id], (record_id, reasons[record_id])
    # the rest of the partition succeeded, and nothing was lost
    assert catalog.filter(pl.col("status") == "ok")["record_id"].to_list() == [
        "mimic-iv-ecg/40000001", "mimic-iv-ecg/40000002", "mimic-iv-ecg/40000003"]
    assert open_batch(layout, "p1000").signal_mv.shape[0] == 3
    quarantine = pl.read_parquet(layout.quarantine("ingest", "p1000"))
    assert set(reasons) <= set(quarantine["record_id"])
    bad_field = quarantine.filter(pl.col("record_id") == "mimic-iv-ecg/40000002")["reason"].to_list()
    assert bad_field == ["machine_measurements: non-numeric qrs_onset='n/a'"]
    assert catalog.filter(pl.col("record_id") == "mimic-iv-ecg/40000002")["qrs_onset_ms"].to_list() == [None]


def test_empty_batch_gives_a_quarantine_row(mimic_tree, shared_data, tmp_path):
    root, _ = mimic_tree
    (root / "files/p1999").mkdir()
    source = MimicIvEcg(root)
    assert "p1999" in source.list_batches()
    layout = DataLayout(tmp_path / "out")
    summary = ingest_batch(source, layout, "p1999")
    assert summary.n_records == 0
    q = pl.read_parquet(layout.quarantine("ingest", "p1999"))
    assert q["reason"].to_list() == ["empty batch 'p1999': no records listed"]


def test_listing_fingerprint_moves_only_for_the_batch_that_grew(mimic_tree, shared_data):
    root, _ = mimic_tree
    before = MimicIvEcg(root).list_batches()
    r = mimic_records(shared_data, 1)[0]
    r["subject_id"], r["study_id"] = 10010099, 40000999
    write_tree(root, [r])
    after = MimicIvEcg(root).list_batches()
    assert after["p1000"] == before["p1000"] and after["p1001"] != before["p1001"]


def test_ptbxl_and_wfdb_folders_yield_the_same_schema(shared_data, tmp_path):
    ptb = ingest_source(PtbXl(shared_data / "ptbxl"), DataLayout(tmp_path / "ptb"))
    catalog = pl.read_parquet(tmp_path / "ptb" / "catalog.parquet")
    assert dict(catalog.schema) == CATALOG_SCHEMA
    row = catalog.filter(pl.col("record_id") == "ptb-xl/1").row(0, named=True)
    assert row["fs_original"] == 100 and row["resampled_from_hz"] == 100 and row["subject_id"] == 15709
    assert row["report"].startswith("sinusrhythmus")
    assert {s.batch for s in ptb} == {"00000", "01000", "06000", "10000"}
    layout = DataLayout(tmp_path / "ludb")
    summary = ingest_batch(WfdbFolder(shared_data / "ludb"), layout, "data")
    assert summary.n_ok == 100
    ludb = pl.read_parquet(layout.catalog("data")).filter(pl.col("record_id") == "wfdb/data/1")
    assert "Rhythm: Sinus bradycardia." in ludb["report"][0]  # header comments are the report
    assert dict(ludb.schema) == CATALOG_SCHEMA


def test_gem_ingest_cli_writes_one_catalog_for_all_batches(mimic_tree, tmp_path):
    from assets.cli import main

    root, _ = mimic_tree
    out = tmp_path / "cli_out"
    result = CliRunner().invoke(main, ["ingest", str(root), "--source", "mimic-iv-ecg", "--out", str(out)])
    assert result.exit_code == 0, result.output
    catalog = pl.read_parquet(out / "catalog.parquet")
    assert catalog.height == 6 and set(catalog["batch"]) == {"p1000", "p1001"}
    assert (out / "signals" / "p1001.npy").is_file()
    assert '"ok": 6' in result.output


@pytest.mark.parametrize("lead", ["aVL", "V1"])
def test_catalog_signals_keep_standard_lead_order(mimic_tree, tmp_path, lead):
    root, records = mimic_tree
    layout, _, _ = _ingest(root, tmp_path)
    i = STANDARD_LEADS.index(lead)
    np.testing.assert_allclose(open_batch(layout, "p1000").signal_mv[0, i], records[0]["signal_mv"][i], atol=0.0026)


def _hostile_tree(root, shared_data, tmp_path):
    """Issue 17's hostile inputs next to the mimic_tree's three good p1000 records."""
    rec = lambda i: mimic_records(shared_data, 5)[i]  # noqa: E731
    extra = []
    for i, study in enumerate(range(40000301, 40000305)):
        r = rec(i)
        r["subject_id"], r["study_id"] = 10000300 + i, study
        extra.append(r)
    write_tree(root, extra)
    base = lambda k: root / f"files/p1000/p{10000300 + k}/s{40000301 + k}/{40000301 + k}"  # noqa: E731
    secret = tmp_path / "secret"
    secret.mkdir()
    shutil.copy(base(3).with_suffix(".dat"), secret / "stolen.dat")  # readable, but outside the root
    for k, field in ((0, "../../../secret/stolen.dat"), (1, "/etc/hostname")):  # path in a file field
        hea = base(k).with_suffix(".hea")
        hea.write_text(hea.read_text().replace(f"{40000301 + k}.dat", field))
    base(2).with_suffix(".dat").unlink()  # the .dat is a symlink that leaves the tree
    base(2).with_suffix(".dat").symlink_to(secret / "stolen.dat")
    (root / "files/p1000/link").symlink_to(secret, target_is_directory=True)  # a folder that leaves it
    (secret / "inside.hea").write_text(base(3).with_suffix(".hea").read_text().replace(
        f"{40000304}.dat", "stolen.dat"))
    lines = (root / "record_list.csv").read_text().splitlines()
    lines += [
        "10000400,40000400,40000400,2180-07-01 08:00:00,files/p1000/link/inside",
        "10000401,40000401,40000401,2180-07-01 08:00:00,files/p1000/" + "x" * 300 + "/40000401",
        "10000402,40000402,40000402,2180-07-01 08:00:00,/etc/hostname",
        "10000403,inf,40000403,2180-07-01 08:00:00,files/p1000/p10000403/s40000403/40000403",
    ]
    (root / "record_list.csv").write_text("\n".join(lines) + "\n")


def test_hostile_paths_are_quarantined_and_the_batch_completes(mimic_tree, shared_data, tmp_path):
    """Issue 17: file fields that are paths, symlinks out of the tree, over-long and absolute paths."""
    root, _ = mimic_tree
    _hostile_tree(root, shared_data, tmp_path)
    source = MimicIvEcg(root)
    assert "etc" not in source.list_batches()  # an absolute path never makes a batch of its own
    layout, _, catalog = _ingest(root, tmp_path)
    reasons = dict(catalog.filter(pl.col("status") == "quarantined").select("record_id", "reason").iter_rows())
    expected = {
        "mimic-iv-ecg/40000301": "signal file field '../../../secret/stolen.dat' is not a plain file name",
        "mimic-iv-ecg/40000302": "signal file field '/etc/hostname' is not a plain file name",
        "mimic-iv-ecg/40000303": "40000303.dat resolves outside the source root; not read",
        "mimic-iv-ecg/40000400": "inside.hea resolves outside the source root; not read",
        "mimic-iv-ecg/40000401": "path too long",
        "mimic-iv-ecg/row13": "study_id='inf' is not a whole non-negative number",
    }
    assert set(reasons) == set(expected)
    for record_id, text in expected.items():
        assert text in reasons[record_id], (record_id, reasons[record_id])
    assert catalog.filter(pl.col("status") == "ok")["record_id"].to_list() == [
        "mimic-iv-ecg/40000001", "mimic-iv-ecg/40000002", "mimic-iv-ecg/40000003", "mimic-iv-ecg/40000304"]
    unbatched = ingest_batch(source, layout, "unbatched")  # where the absolute path went
    q = pl.read_parquet(layout.quarantine("ingest", "unbatched"))
    assert unbatched.n_ok == 0 and "escapes the source root" in q["reason"][0]


def test_symlinked_files_folder_at_the_root_still_ingests(mimic_tree, tmp_path):
    """A root whose files/ lives on another disk (cluster layout) is the operator's choice."""
    root, _ = mimic_tree
    linked = tmp_path / "linked"
    linked.mkdir()
    shutil.move(str(root / "files"), linked / "files")
    for name in ("record_list.csv", "machine_measurements.csv"):
        shutil.copy(root / name, linked / name)
    (tmp_path / "elsewhere").mkdir()
    shutil.move(str(linked / "files"), tmp_path / "elsewhere" / "files")
    (linked / "files").symlink_to(tmp_path / "elsewhere" / "files", target_is_directory=True)
    _, summary, _ = _ingest(linked, tmp_path)
    assert summary.n_ok == 3


def test_undecodable_and_garbled_listing_rows_are_quarantined(mimic_tree, tmp_path):
    root, _ = mimic_tree
    raw = (root / "record_list.csv").read_bytes()
    raw = b"\xef\xbb\xbf" + raw + b"10000500,40000500,40000500,2180-07-01,files/p1000/p\xff\xfe/s1/40000500\n"
    (root / "record_list.csv").write_bytes(raw)  # with a BOM, and bytes that are not UTF-8
    _, summary, catalog = _ingest(root, tmp_path)
    assert summary.n_ok == 3
    bad = catalog.filter(pl.col("record_id") == "mimic-iv-ecg/40000500")
    assert "is not valid UTF-8" in bad["reason"][0]


def test_wfdb_folder_with_an_undecodable_name_is_quarantined(shared_data, tmp_path):
    root = tmp_path / "wfdb"
    root.mkdir()
    src = min((shared_data / "ludb" / "data").glob("*.hea")).with_suffix("")
    for ext in (".hea", ".dat"):
        shutil.copy(src.with_suffix(ext), root / f"1{ext}")
    odd = bytes(root) + b"/\xff\xfe.hea"
    with open(odd, "wb") as f:
        f.write((root / "1.hea").read_bytes())
    source = WfdbFolder(root)
    layout = DataLayout(tmp_path / "out")
    summary = ingest_batch(source, layout, "root")
    catalog = pl.read_parquet(layout.catalog("root"))
    assert summary.n_ok == 1 and summary.n_quarantined == 1
    assert "is not valid UTF-8" in catalog.filter(pl.col("status") != "ok")["reason"][0]
