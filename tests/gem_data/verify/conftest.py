"""Real records from ../shared/data, their FeatureDB rows computed once per session."""
from __future__ import annotations

import pytest

from gem_data.features import extract_record
from gem_data.signals import read_record
from gem_data.verify.values import RecordValues

from .corpus import RECORDS


@pytest.fixture(scope="session")
def corpus_rows(shared_data) -> dict:
    """{record path under shared data: long FeatureDB rows}, from the signal at test time."""
    return {rel: extract_record(read_record(shared_data / rel)) for rel in RECORDS}


@pytest.fixture(scope="session")
def corpus_values(corpus_rows) -> dict[str, RecordValues]:
    return {rel: RecordValues.from_rows(rows) for rel, rows in corpus_rows.items()}
