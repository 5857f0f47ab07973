"""Fixtures for the model tests: a tiny GEM-format dataset over real PTB-XL records, a tiny tokenizer."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.gem_model.tiny_data import ptbxl_root, write_tiny_gem_json


@pytest.fixture(scope="session")
def tiny_json(shared_data: Path, tmp_path_factory) -> Path:
    """train.json (8 samples) + images/, ECG paths relative to ``ptbxl_root``."""
    return write_tiny_gem_json(shared_data, tmp_path_factory.mktemp("gem_data"))


@pytest.fixture(scope="session")
def ecg_root(shared_data: Path) -> Path:
    return ptbxl_root(shared_data)


@pytest.fixture(scope="session")
def tokenizer():
    from gem_model.conversation import VICUNA_V1
    from gem_model.tokenizer import build_tiny_tokenizer

    texts = [VICUNA_V1.system, "USER: ASSISTANT:", "Please interpret this ECG and give a grounded diagnosis.",
             "Sinus rhythm at 72 bpm with a normal axis; lead II shows upright P waves."]
    return build_tiny_tokenizer(texts, vocab_size=400)
