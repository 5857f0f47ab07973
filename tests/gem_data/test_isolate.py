"""Per-record isolation (issue 17): one record's exception is a quarantine row, the batch completes."""
from __future__ import annotations

import numpy as np
import polars as pl

import gem_data.features.batch as features_batch
from gem_data.catalog import ingest_batch
from gem_data.features.table import build_table
from gem_data.isolate import isolate
from gem_data.layout import DataLayout
from gem_data.render import RenderConfig
from gem_data.render import batch as render_batch
from gem_data.sources import MimicIvEcg
from gem_data.sources.mimic import write_tree
from tests.conftest import mimic_records


def test_isolate_returns_the_value_or_a_row_naming_stage_record_type_and_message():
    assert isolate("features", "r/1", lambda x: x + 1, 1) == (2, None)
    value, row = isolate("features", "r/2", np.gradient, np.zeros(1))
    assert value is None and row["record_id"] == "r/2" and row["stage"] == "features"
    assert row["reason"].startswith("unexpected ValueError: Shape of array too small")


def test_isolated_reason_is_one_bounded_line():
    def boom():
        raise RuntimeError("line one\nline two " + "x" * 1000)
    _, row = isolate("render", "r/3", boom)
    assert "\n" not in row["reason"] and len(row["reason"]) < 400


def _mains_hum_mv() -> np.ndarray:
    """All 12 leads a 50 Hz sine: leads off with mains pickup. Ingestion rightly accepts it."""
    t_s = np.arange(5000) / 500
    return np.tile(0.5 * np.sin(2 * np.pi * 50.0 * t_s), (12, 1))


def _batch_with_hum(shared_data, tmp_path):
    records = mimic_records(shared_data, 3)
    hum = dict(records[0], study_id=40000009, subject_id=10000039, signal_mv=_mains_hum_mv())
    root = tmp_path / "mimic"
    write_tree(root, [*records, hum])
    layout = DataLayout(tmp_path / "out")
    summary = ingest_batch(MimicIvEcg(root), layout, "p1000")
    assert summary.n_ok == 4  # the hum record is structurally fine: later stages must cope
    return layout


def test_features_batch_completes_when_one_record_raises(shared_data, tmp_path, monkeypatch):
    """A delineator exception (issue 17: np.gradient on an empty slice for a mains-hum record) is
    injected for the hum record only, so this holds whatever the delineator does with it today."""
    layout = _batch_with_hum(shared_data, tmp_path)

    def delineator_with_a_bug(signal_mv, fs_hz):
        if np.allclose(signal_mv[0], signal_mv[11]):  # only the hum record has identical leads
            np.gradient(np.zeros(1))
        return build_table(signal_mv, fs_hz)

    monkeypatch.setattr(features_batch, "build_table", delineator_with_a_bug)
    summary = features_batch.build_batch(layout, "p1000")
    records = pl.read_parquet(layout.stage_file("features_records", "p1000"))
    hum = records.filter(pl.col("record_id") == "mimic-iv-ecg/40000009").row(0, named=True)
    assert hum["status"] == "failed" and hum["reason"].startswith("unexpected ValueError")
    assert records.filter(pl.col("status") != "failed").height == 3  # the others were measured
    q = pl.read_parquet(layout.quarantine("features", "p1000"))
    assert q["record_id"].to_list() == ["mimic-iv-ecg/40000009"]
    assert summary.n_quarantined == 1 and summary.reasons.get("unexpected ValueError") == 1
    features = pl.read_parquet(layout.features("p1000"))
    assert "mimic-iv-ecg/40000009" not in set(features["record_id"])


def test_features_batch_with_a_mains_hum_record_completes_unpatched(shared_data, tmp_path):
    layout = _batch_with_hum(shared_data, tmp_path)
    summary = features_batch.build_batch(layout, "p1000")
    assert summary.n_records == 4
    records = pl.read_parquet(layout.stage_file("features_records", "p1000"))
    assert records.filter(pl.col("record_id") == "mimic-iv-ecg/40000009")["status"][0] in ("failed", "partial", "ok")


def test_render_batch_quarantines_a_page_that_cannot_be_drawn(shared_data, tmp_path, monkeypatch):
    layout = _batch_with_hum(shared_data, tmp_path)
    real = render_batch.render_page

    def renderer_with_a_bug(signal_mv, config, *, record_id, **kwargs):
        if record_id.endswith("40000009"):
            raise MemoryError("page buffer")
        return real(signal_mv, config, record_id=record_id, **kwargs)

    monkeypatch.setattr(render_batch, "render_page", renderer_with_a_bug)
    config = RenderConfig(dpi=50)
    summary = render_batch.build_batch(layout, "p1000", config)
    assert summary.n_rendered == 3 and summary.n_quarantined == 1
    q = pl.read_parquet(layout.quarantine("render", "p1000"))
    assert q["reason"].to_list() == ["unexpected MemoryError: page buffer"]
    index = pl.read_parquet(layout.images_index("p1000"))
    assert "mimic-iv-ecg/40000009" not in set(index["record_id"])
    monkeypatch.setattr(render_batch, "render_page", real)  # a rerun draws the missing page only
    again = render_batch.build_batch(layout, "p1000", config)
    assert again.n_rendered == 1 and again.n_skipped == 3 and again.n_quarantined == 0


def test_guider_batch_quarantines_a_record_whose_prompt_raises(tmp_path, monkeypatch):
    import gem_data.guider.build as guider_build
    from tests.gem_data.guider.fixtures import make_batch

    layout = make_batch(tmp_path, n=4)
    real = guider_build._prompt_row

    def prompt_with_a_bug(layout, rec, *args):
        if rec["record_id"].endswith("40000002"):
            raise KeyError("qtc_ms")
        return real(layout, rec, *args)

    monkeypatch.setattr(guider_build, "_prompt_row", prompt_with_a_bug)
    summary = guider_build.build_batch(layout, "p1000", guider_build.GuiderConfig())
    assert summary.n_prompts == 3 and summary.n_quarantined == 1
    q = pl.read_parquet(layout.quarantine("guider", "p1000"))
    assert q.row(0, named=True) == {"record_id": "mimic-iv-ecg/40000002", "stage": "guider",
                                    "reason": "unexpected KeyError: 'qtc_ms'"}


def test_verify_batch_fails_one_response_whose_check_raises(shared_data, tmp_path, monkeypatch):
    import gem_data.verify.batch as verify_batch
    from tests.gem_data.verify.batchdata import write_batch

    layout = write_batch(shared_data, tmp_path, "b")
    real, calls = verify_batch.verify_response, []

    def verifier_with_a_bug(answer, *args, **kwargs):
        calls.append(answer)
        if len(calls) == 2:
            raise IndexError("list index out of range")
        return real(answer, *args, **kwargs)

    monkeypatch.setattr(verify_batch, "verify_response", verifier_with_a_bug)
    summary = verify_batch.build_batch(layout, "b")
    verified = pl.read_parquet(layout.stage_file("verified", "b"))
    assert summary.n_responses == 3 and verified.height == 3
    broken = verified.row(1, named=True)
    assert not broken["passed"] and broken["fail_reasons"] == ["unexpected IndexError: list index out of range"]
    assert verified["passed"][0] and verified["passed"][2]  # the others were verified as usual
    assert pl.read_parquet(layout.quarantine("verify", "b")).height == 1


def test_dataset_leaves_out_a_part_that_cannot_be_built_and_builds_the_rest(mimic_tree, tmp_path):
    from gem_data.dataset import DatasetConfig, build_dataset
    from tests.gem_data.dataset.test_build import _upstream

    root, _ = mimic_tree
    layout = DataLayout(tmp_path / "out")
    for batch in ("p1000", "p1001"):
        ingest_batch(MimicIvEcg(root), layout, batch)
        _upstream(layout, batch)
    prompts = layout.stage_file("prompts", "p1001")  # written by an older guider: no question column
    pl.read_parquet(prompts).drop("question").write_parquet(prompts)
    summary = build_dataset(layout, DatasetConfig(test_share=0.5, test_size=None))
    assert summary.n_failed_parts == 1 and summary.n_batches == 1 and summary.n_train + summary.n_test == 3
    q = pl.read_parquet(layout.quarantine("dataset", "parts"))
    assert q["record_id"].to_list() == ["p1001"] and "no question column" in q["reason"][0]
    assert not (layout.dataset_dir() / "parts" / "p1001.parquet").exists()
