"""build_dataset over real catalog rows: formats, verifier gate, exclusions, incremental stability."""
from __future__ import annotations

import json

import polars as pl

from gem_data.catalog import ingest_batch
from gem_data.dataset import DatasetConfig, GemSample, GemTestSample, build_dataset
from gem_data.layout import DataLayout
from gem_data.sources import MimicIvEcg


def _upstream(layout: DataLayout, batch: str, fail: set[str] = frozenset()) -> list[str]:
    """Prompt, response and verdict rows for a batch's OK records, as the upstream stages write them."""
    ids = pl.read_parquet(layout.catalog(batch)).filter(pl.col("status") == "ok")["record_id"].to_list()
    n = len(ids)
    pl.DataFrame({
        "record_id": ids, "prompt_version": ["guider-v2"] * n, "question": ["Interpret this ECG."] * n,
        "image_path": [f"images/{batch}/{i.replace('/', '__')}.png" for i in ids],
        "facts_json": ['{"hr_bpm": 61}'] * n,
    }).write_parquet(_mk(layout.stage_file("prompts", batch)))
    pl.DataFrame({
        "record_id": ids, "request_key": [f"k{i}" for i in range(n)], "backend": ["template"] * n,
        "model": ["template"] * n, "answer": [f"Sinus rhythm at 61 bpm ({i})." for i in ids],
        "status": ["ok"] * n, "cost_usd": [0.0] * n,
    }).write_parquet(_mk(layout.stage_file("responses", batch)))
    pl.DataFrame({
        "record_id": ids, "passed": [i not in fail for i in ids], "n_supported": [3] * n,
        "n_contradicted": [int(i in fail) for i in ids], "n_unverifiable": [0] * n,
        "grounding_precision": [0.75 if i in fail else 1.0 for i in ids],
        "fail_reasons": [["contradicted claims: 1"] if i in fail else [] for i in ids],
    }).write_parquet(_mk(layout.stage_file("verified", batch)))
    return ids


def _mk(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _ingest(root, layout, batch):
    ingest_batch(MimicIvEcg(root), layout, batch)


def test_dataset_files_follow_gem_format_and_the_verifier_gate(mimic_tree, tmp_path):
    root, _ = mimic_tree
    layout = DataLayout(tmp_path / "out")
    _ingest(root, layout, "p1000")
    ids = _upstream(layout, "p1000", fail={"mimic-iv-ecg/40000002"})
    summary = build_dataset(layout, DatasetConfig(test_share=0.5, test_size=None))
    assert summary.n_train + summary.n_test == len(ids) - 1
    assert summary.dropped == {"verifier: contradicted claims": 1}
    out = layout.dataset_dir()
    for split, model in (("train", GemSample), ("test", GemTestSample)):
        for item in json.loads((out / f"{split}.json").read_text()):
            sample = model.model_validate(item)
            assert sample.conversations[0].value == "<image>\nInterpret this ECG."  # the prompt's question
            assert sample.ecg.startswith("files/p1000/")
    frame = pl.concat([pl.read_parquet(out / "train.parquet"), pl.read_parquet(out / "test.parquet")])
    assert "mimic-iv-ecg/40000002" not in frame["record_id"].to_list()
    assert (out / "README.md").read_text().count("verifier: contradicted claims") == 1
    card = (out / "README.md").read_text()  # FeatureDB v2 columns and the doubtful-value policy are documented
    assert all(c in card for c in ("`r_amp_mv, s_amp_mv`", "`atrial_activity`", "`p_conf, qrs_conf, t_conf`",
                                   "Doubtful values", "not measurable (`-`)"))


def test_dataset_loads_with_hf_datasets(mimic_tree, tmp_path):
    import datasets

    root, _ = mimic_tree
    layout = DataLayout(tmp_path / "out")
    _ingest(root, layout, "p1000")
    _upstream(layout, "p1000")
    build_dataset(layout, DatasetConfig(test_share=0.0))
    ds = datasets.load_dataset("parquet", data_files=str(layout.dataset_dir() / "train.parquet"),
                               cache_dir=str(tmp_path / "hf"))["train"]
    assert ds.num_rows == 3 and "answer" in ds.column_names


def test_new_batch_adds_samples_without_moving_existing_ones(mimic_tree, tmp_path):
    root, _ = mimic_tree
    layout = DataLayout(tmp_path / "out")
    _ingest(root, layout, "p1000")
    _upstream(layout, "p1000")
    build_dataset(layout, DatasetConfig(test_share=0.5, test_size=None))
    out = layout.dataset_dir()
    before = pl.concat([pl.read_parquet(out / f"{s}.parquet") for s in ("train", "test")])
    _ingest(root, layout, "p1001")
    _upstream(layout, "p1001")
    summary = build_dataset(layout, DatasetConfig(test_share=0.5, test_size=None))
    assert summary.n_rebuilt == 1  # only the new batch was assembled
    after = pl.concat([pl.read_parquet(out / f"{s}.parquet") for s in ("train", "test")])
    kept = after.join(before.select("id", "split", "answer"), on="id", suffix="_before")
    assert kept.height == before.height
    assert (kept["split"] == kept["split_before"]).all() and (kept["answer"] == kept["answer_before"]).all()
    assert after.height == before.height + 3


def test_excluded_records_are_dropped_with_reason(mimic_tree, tmp_path):
    root, _ = mimic_tree
    layout = DataLayout(tmp_path / "out")
    _ingest(root, layout, "p1000")
    _upstream(layout, "p1000")
    exclude = tmp_path / "pulse_train_ids.txt"
    exclude.write_text("mimic-iv-ecg/40000001\n")
    summary = build_dataset(layout, DatasetConfig(exclude_file=str(exclude)))
    assert summary.dropped == {"excluded record": 1} and summary.n_train + summary.n_test == 2


def test_mix_json_samples_are_added_to_train(mimic_tree, tmp_path):
    root, _ = mimic_tree
    layout = DataLayout(tmp_path / "out")
    _ingest(root, layout, "p1000")
    _upstream(layout, "p1000")
    mix = tmp_path / "ecginstruct.json"
    mix.write_text(json.dumps([{"id": "x1", "image": "a.png", "ecg": "files/x",
                                "conversations": [{"from": "human", "value": "<image>\nWhat rhythm?"},
                                                  {"from": "gpt", "value": "Sinus."}]}]))
    summary = build_dataset(layout, DatasetConfig(test_share=0.0, mix_json=str(mix)))
    train = json.loads((layout.dataset_dir() / "train.json").read_text())
    assert summary.n_mixed == 1 and len(train) == 4 and train[-1]["id"] == "x1"


def test_card_reports_bytes_per_record_and_the_800k_extrapolation(mimic_tree, tmp_path):
    root, _ = mimic_tree
    layout = DataLayout(tmp_path / "out")
    _ingest(root, layout, "p1000")
    _upstream(layout, "p1000")
    build_dataset(layout, DatasetConfig(test_share=0.0))
    n_records = pl.read_parquet(layout.catalog("p1000")).height
    signals_kb = layout.signals("p1000").stat().st_size / n_records / 1e3  # int16: ~120 KB a record
    card = (layout.dataset_dir() / "README.md").read_text()
    row = next(line for line in card.splitlines() if line.startswith("| signals (int16 µV) |"))
    kb, gb = row.split("|")[2:4]
    assert float(kb) == round(signals_kb, 1) and 115 < float(kb) < 125
    assert float(gb.split()[0]) == round(signals_kb * 1e3 * 800_035 / 1e9, 1)  # the 800k extrapolation
    assert "| **all outputs** |" in card
