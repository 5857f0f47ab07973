"""Fixtures for the LLM stage: a local OpenAI-protocol server and a small image."""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from tests.gem_data.llm.fake_openai import FakeOpenAI


@pytest.fixture
def fake():
    with FakeOpenAI() as server:
        yield server


@pytest.fixture
def image_path(tmp_path) -> Path:
    path = tmp_path / "ecg.png"
    Image.new("RGB", (64, 48), (255, 240, 240)).save(path)
    return path
