"""GEM's instruction-file format (SPEC §6) as pydantic models, and a streaming JSON array writer.

One sample: ``id``, ``image`` (relative to an image root), ``ecg`` (WFDB path relative to an ECG
root, no extension), ``conversations`` = human turn with exactly one ``<image>`` then the answer.
Test samples also carry ``report`` and ``machine_measurements``.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

IMAGE_TOKEN = "<image>"


class Turn(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="forbid")

    from_: Literal["human", "gpt"] = Field(alias="from")
    value: str


class GemSample(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    image: str
    ecg: str
    conversations: list[Turn]

    @field_validator("conversations")
    @classmethod
    def _one_image_token_then_answer(cls, turns: list[Turn]) -> list[Turn]:
        if len(turns) < 2 or turns[0].from_ != "human" or turns[1].from_ != "gpt":
            raise ValueError("conversations must start with a human turn followed by a gpt turn")
        if sum(t.value.count(IMAGE_TOKEN) for t in turns) != 1 or not turns[0].value.startswith(IMAGE_TOKEN):
            raise ValueError("exactly one <image> token, at the start of the first human turn")
        return turns

    def to_gem(self) -> dict:
        return self.model_dump(by_alias=True)


class GemTestSample(GemSample):
    report: str
    machine_measurements: dict[str, float | str | None]


class JsonArrayWriter:
    """Writes a JSON array one object at a time (the dataset never sits in memory at once)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.tmp = self.path.with_name(f".{self.path.name}.tmp")
        self.count = 0

    def __enter__(self) -> "JsonArrayWriter":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._f = open(self.tmp, "w", encoding="utf-8")
        self._f.write("[")
        return self

    def write(self, obj: dict) -> None:
        self._f.write(("\n" if self.count == 0 else ",\n") + json.dumps(obj, ensure_ascii=False))
        self.count += 1

    def __exit__(self, exc_type, exc, tb) -> None:
        self._f.write("\n]\n")
        self._f.close()
        if exc_type is None:
            self.tmp.replace(self.path)
        else:
            self.tmp.unlink(missing_ok=True)
