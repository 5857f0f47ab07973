"""Shared fixture of the hand-written truth corpora (test_freeform.py, test_gemstyle.py)."""
from pathlib import Path

import pytest

from tests.gem_data.verify_truth.corpus import LUDB_DIR


@pytest.fixture(scope="module")
def ludb() -> Path:
    """The LUDB folder the corpora are rendered from; their tests skip without it."""
    if not LUDB_DIR.is_dir():
        pytest.skip(f"{LUDB_DIR} is missing: the corpus is rendered from ../shared/data/ludb")
    return LUDB_DIR
