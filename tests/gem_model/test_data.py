"""Dataset reading: GEM JSON and our Parquet give the same samples; ECG channels in the encoder's order."""
from __future__ import annotations

import dataclasses
import json

import polars as pl
import pytest
import torch

from gem_data.signals import read_record
from gem_model.config import MIMIC_FILE_LEADS, EcgEncoderConfig, GemConfig
from gem_model.conversation import VICUNA_V1
from gem_model.data import GemDataset, SampleSource, read_samples
from gem_model.splice import IGNORE_INDEX, IMAGE_TOKEN_INDEX


def test_parquet_and_json_hold_the_same_samples(tiny_json, tmp_path):
    samples = json.loads(tiny_json.read_text())
    pq = tmp_path / "train.parquet"
    pl.DataFrame(samples).write_parquet(pq)  # conversations as a list of {from, value} structs
    assert read_samples(pq) == samples == read_samples(tiny_json)
    as_text = tmp_path / "train_text.parquet"
    pl.DataFrame([{**s, "conversations": json.dumps(s["conversations"])} for s in samples]).write_parquet(as_text)
    assert read_samples(as_text) == samples


def test_our_dataset_parquet_with_question_and_answer_columns(tiny_json, tmp_path):
    """gem_data.dataset writes question/answer columns; they become GEM's one-turn conversation."""
    samples = json.loads(tiny_json.read_text())
    rows = [{"id": s["id"], "image": s["image"], "ecg": s["ecg"], "split": "train",
             "question": s["conversations"][0]["value"].removeprefix("<image>\n"),
             "answer": s["conversations"][1]["value"]} for s in samples]
    pq = tmp_path / "train.parquet"
    pl.DataFrame(rows).write_parquet(pq)
    assert read_samples(pq) == samples


def test_item_supervises_only_the_answer(tiny_json, ecg_root, tokenizer):
    samples = read_samples(tiny_json)
    ds = GemDataset(samples, SampleSource(tiny_json.parent, ecg_root, GemConfig.tiny(), VICUNA_V1), tokenizer)
    item = ds[0]
    ids, labels = item["input_ids"], item["labels"]
    assert int((ids == IMAGE_TOKEN_INDEX).sum()) == 1
    answer = tokenizer.decode(labels[labels != IGNORE_INDEX].tolist(), skip_special_tokens=True).strip()
    assert answer == samples[0]["conversations"][1]["value"]


def test_ecg_is_fed_in_the_encoders_lead_order(tiny_json, ecg_root, tokenizer):
    """Released ECG-CoCa weights were trained on MIMIC file order (aVF before aVL): reorder by name."""
    samples = read_samples(tiny_json)
    cfg = dataclasses.replace(GemConfig.tiny(), ecg=dataclasses.replace(EcgEncoderConfig.tiny(),
                                                                        input_leads=MIMIC_FILE_LEADS))
    ds = GemDataset(samples, SampleSource(tiny_json.parent, ecg_root, cfg, VICUNA_V1), tokenizer)
    std = read_record(ecg_root / samples[0]["ecg"]).signal  # standard order: aVL at 4, aVF at 5
    ecg = ds[0]["ecg_mv"]
    assert torch.equal(ecg[4], torch.from_numpy(std[5])) and torch.equal(ecg[5], torch.from_numpy(std[4]))


def test_missing_image_names_sample_and_path(tiny_json, ecg_root, tokenizer, tmp_path):
    samples = [{**read_samples(tiny_json)[0], "image": "images/gone.png"}]
    ds = GemDataset(samples, SampleSource(tiny_json.parent, ecg_root, GemConfig.tiny(), VICUNA_V1), tokenizer)
    with pytest.raises(FileNotFoundError, match="gone.png"):
        ds[0]
