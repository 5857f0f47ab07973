"""Training samples: GEM-format JSON (SPEC §6) or our Parquet -> padded tensors for the model.

A sample is ``{"id", "image", "ecg", "conversations"}``: ``image`` relative to an image root, ``ecg``
a WFDB record path (no extension) relative to an ECG root, conversations alternating human/gpt with
one ``<image>`` in the first question. Our Parquet (``gem_data.dataset``) has ``question`` and
``answer`` columns instead, turned into the same one-turn conversation; a ``conversations`` column
(structs or a JSON string) is used as is. The dataset builder writes image paths relative to
``GEM_DATA_DIR`` and ECG paths relative to the raw source folder. Signals are read with ``gem_data.signals.read_record``
(the pipeline's normalisation: mV, 500 Hz, 10 s, leads by name) and reordered to the channel order
the ECG encoder was trained on.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from gem_data.signals import STANDARD_LEADS, read_record
from gem_model.config import GemConfig, require_path
from gem_model.conversation import IMAGE_PLACEHOLDER, ChatTemplate, tokenize_conversation, turns_from_gem
from gem_model.splice import IGNORE_INDEX
from gem_model.vision import preprocess_image


def read_samples(path: str | Path) -> list[dict]:
    """All samples of a GEM-format ``.json``/``.jsonl`` file or a ``.parquet`` table."""
    p = require_path("training data", path, "a GEM-format JSON list (id, image, ecg, conversations) "
                                            "or our dataset Parquet, e.g. <GEM_DATA_DIR>/dataset/train.json")
    if p.suffix == ".parquet":
        import polars as pl

        table = pl.read_parquet(p)
        if "conversations" not in table.columns:
            return [{"id": r["id"], "image": r["image"], "ecg": r["ecg"],
                     "conversations": [{"from": "human", "value": f"{IMAGE_PLACEHOLDER}\n{r['question']}"},
                                       {"from": "gpt", "value": r["answer"]}]}
                    for r in table.select("id", "image", "ecg", "question", "answer").iter_rows(named=True)]
        rows = table.select("id", "image", "ecg", "conversations").to_dicts()
        for row in rows:
            if isinstance(row["conversations"], str):
                row["conversations"] = json.loads(row["conversations"])
        return rows
    text = p.read_text()
    if p.suffix == ".jsonl":
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    return json.loads(text)


@dataclass(frozen=True)
class SampleSource:
    """Where a sample's files live and how they become tensors."""

    image_root: Path
    ecg_root: Path
    model: GemConfig
    template: ChatTemplate


class GemDataset(torch.utils.data.Dataset):
    """Item: ``input_ids`` (T,), ``labels`` (T,), ``ecg_mv`` (12, 5000), ``pixels`` (3, S, S)."""

    def __init__(self, samples: list[dict], source: SampleSource, tokenizer):
        self.samples = samples
        self.source = source
        self.tokenizer = tokenizer
        # text tokens that fit once <image> (1 token) becomes the 101 + n_image multimodal tokens
        self.max_text_tokens = source.model.max_length - source.model.n_multimodal + 1
        self._lead_index = np.array([STANDARD_LEADS.index(lead) for lead in source.model.ecg.input_leads])

    def __len__(self) -> int:
        return len(self.samples)

    def __getitem__(self, i: int) -> dict[str, torch.Tensor]:
        sample = self.samples[i]
        turns = turns_from_gem(sample["conversations"])
        ids, labels = tokenize_conversation(self.tokenizer, self.source.template, turns)
        ids, labels = ids[:self.max_text_tokens], labels[:self.max_text_tokens]
        return {
            "input_ids": torch.tensor(ids, dtype=torch.long),  # (T,)
            "labels": torch.tensor(labels, dtype=torch.long),  # (T,)
            "ecg_mv": torch.from_numpy(self.ecg(sample)),  # (12, 5000)
            "pixels": preprocess_image(self.image(sample), self.source.model.vision),  # (3, S, S)
        }

    def ecg(self, sample: dict) -> np.ndarray:
        path = self.source.ecg_root / sample["ecg"]
        signal_mv = read_record(path).signal  # (12, 5000) float32 mV, standard lead order
        return np.ascontiguousarray(signal_mv[self._lead_index])  # -> the encoder's lead order

    def image(self, sample: dict) -> Image.Image:
        path = self.source.image_root / sample["image"]
        if not path.is_file():
            raise FileNotFoundError(f"sample {sample.get('id')}: image {path} does not exist")
        with Image.open(path) as img:
            return img.convert("RGB")


def collate(batch: list[dict[str, torch.Tensor]], pad_id: int) -> dict[str, torch.Tensor]:
    """Right-pad ids with ``pad_id`` and labels with IGNORE_INDEX; stack signals and pixels."""
    t = max(len(x["input_ids"]) for x in batch)
    n = len(batch)
    ids = torch.full((n, t), pad_id, dtype=torch.long)  # (B, T)
    labels = torch.full((n, t), IGNORE_INDEX, dtype=torch.long)  # (B, T)
    mask = torch.zeros((n, t), dtype=torch.long)  # (B, T)
    for i, x in enumerate(batch):
        k = len(x["input_ids"])
        ids[i, :k], labels[i, :k], mask[i, :k] = x["input_ids"], x["labels"], 1
    return {
        "input_ids": ids, "labels": labels, "attention_mask": mask,
        "ecg_mv": torch.stack([x["ecg_mv"] for x in batch]),  # (B, 12, 5000)
        "pixels": torch.stack([x["pixels"] for x in batch]),  # (B, 3, S, S)
    }
