"""Patient-level train/test split that never moves once assigned (SPEC §1: patients never cross).

A subject's split is decided the first time one of its records reaches the dataset: ``test`` when
``subject_hash(subject_id) < test_share`` and the test set is still below ``test_size`` samples,
``train`` otherwise. The decision is stored in ``dataset/splits.parquet`` and reused forever after, so
adding records (or whole batches) never moves an existing subject, and every later record of a
subject follows it. For a fixed set of inputs, processing batches and subjects in sorted order makes
the result deterministic.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import polars as pl

SPLITS_SCHEMA = {"subject_id": pl.Utf8, "split": pl.Utf8}


def subject_hash(subject_id: str, salt: str = "gem-split-v1") -> float:
    """Uniform in [0, 1) from sha256, stable across machines and Python versions."""
    digest = hashlib.sha256(f"{salt}:{subject_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


class SplitRegistry:
    """subject_id -> split, persisted; ``assign`` is the only way a subject gets one."""

    def __init__(self, path: Path, test_share: float, test_size: int | None):
        if not 0.0 <= test_share < 1.0:
            raise ValueError(f"test_share must be in [0, 1), got {test_share}")
        self.path = Path(path)
        self.test_share = test_share
        self.test_size = test_size
        self.splits: dict[str, str] = {}
        if self.path.is_file():
            self.splits = dict(pl.read_parquet(self.path).iter_rows())
        self.n_test_samples = 0  # counted by the caller as samples are written

    def assign(self, subject_id: str) -> str:
        split = self.splits.get(subject_id)
        if split is None:
            room = self.test_size is None or self.n_test_samples < self.test_size
            split = "test" if room and subject_hash(subject_id) < self.test_share else "train"
            self.splits[subject_id] = split
        return split

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        frame = pl.DataFrame(sorted(self.splits.items()), schema=SPLITS_SCHEMA, orient="row")
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        frame.write_parquet(tmp)
        tmp.replace(self.path)
