"""The guider stage for one batch: one generation prompt per record -> ``prompts/<batch>.parquet``.

Inputs: the batch's catalog (report, machine measurements), its FeatureDB rows, its per-record facts
(``features_records``: atrial activity, RR irregularity, voltage indices) and its rendered images. Each
row carries the rendered system and user text, the image (path relative to the data root and sha256 of
its bytes), token counts (o200k_base text + image tiles) and the facts the offline template backend
writes from. Records without features or without an image are quarantined with the reason.

The guider does not know the LLM stage (data flows one way, STYLE): ``model``, ``request_key`` and
``est_cost_usd`` are filled by whatever ``GuiderConfig.llm`` is (a :class:`RequestStamper`, e.g.
``gem_data.llm.LlmConfig``), and stay null without one.
"""
from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
import polars as pl
from PIL import Image

from gem_data.io import atomic_parquet
from gem_data.isolate import isolate
from gem_data.catalog import write_quarantine
from gem_data.guider.encode import encode_features
from gem_data.guider.facts import record_facts
from gem_data.guider.grid import BatchArrays, FeatureGrid, batch_arrays, record_grid
from gem_data.guider.prompt import PROMPTS_DIR, PromptTemplate, load_template, machine_line
from gem_data.guider.tokens import count_text_tokens, image_tokens
from gem_data.layout import DataLayout, safe_name

MESSAGE_OVERHEAD_TOKENS = 7  # chat framing: ~3 per message plus 3 to prime the reply

PROMPTS_SCHEMA: dict[str, pl.DataType] = {
    "record_id": pl.Utf8,
    "prompt_version": pl.Utf8,
    "question_id": pl.Int32,
    "question": pl.Utf8,  # the clinician's instruction alone: the human turn of the dataset sample
    "system": pl.Utf8,
    "user": pl.Utf8,
    "image_path": pl.Utf8,  # relative to the data root, posix
    "image_sha256": pl.Utf8,
    "n_beats": pl.Int32,
    "text_tokens": pl.Int32,
    "image_tokens": pl.Int32,
    "est_cost_usd": pl.Float64,
    "model": pl.Utf8,
    "request_key": pl.Utf8,
    "facts_json": pl.Utf8,
    "report": pl.Utf8,
}


class RequestStamper(Protocol):
    """What the guider asks of the stage that will send its prompts (gem_data.llm.LlmConfig is one):
    the image detail it sends at (for the image token count), and the model, request key and cost
    estimate of each prompt row."""

    image_detail: str

    def stamp_prompts(self, prompts: pl.DataFrame, root: Path) -> pl.DataFrame: ...


@dataclass(frozen=True)
class GuiderConfig:
    template: str = "guider_v4.toml"
    questions: str = "questions_v1.txt"
    prompts_dir: str = str(PROMPTS_DIR)
    seed: int = 0
    extra_features: tuple[str, ...] = ()  # e.g. ("st_level_mv",): see encode.OPTIONAL_ROWS
    require_image: bool = True
    llm: RequestStamper | None = None  # fills model, request_key, est_cost_usd; None leaves them null
    image_detail: str = "high"  # used when there is no ``llm`` to say

    def load(self) -> PromptTemplate:
        root = Path(self.prompts_dir)
        return load_template(root / self.template, root / self.questions)


@dataclass(frozen=True)
class GuiderSummary:
    batch: str
    n_records: int
    n_prompts: int
    n_quarantined: int
    prompt_version: str
    text_tokens_median: float
    text_tokens_p95: float
    image_tokens_median: float
    est_cost_usd: float
    path: str
    preview_md: str = ""


def build_batch(layout: DataLayout, batch: str, config: GuiderConfig = GuiderConfig()) -> GuiderSummary:
    """Write ``prompts/<batch>.parquet`` for the batch's OK records; quarantine the rest with reasons."""
    template = config.load()
    catalog = pl.read_parquet(layout.catalog(batch)).filter(pl.col("status") == "ok")
    features = _features_by_record(layout.features(batch))  # one conversion for the whole batch
    facts = _record_rows(layout.stage_file("features_records", batch))
    images = _images_by_record(layout, batch, catalog["record_id"].to_list())
    rows, quarantine = [], []
    for rec in catalog.iter_rows(named=True):
        rid = rec["record_id"]
        image = images.get(rid)
        if features is None or rid not in features.rows_of:
            quarantine.append({"record_id": rid, "stage": "guider", "reason": "no FeatureDB rows"})
            continue
        if image is None and config.require_image:
            quarantine.append({"record_id": rid, "stage": "guider", "reason": "no rendered image"})
            continue
        row, failed = isolate("guider", rid, _prompt_row, layout, rec, features, facts.get(rid), image, template,
                              config)
        if failed:
            quarantine.append(failed)
            continue
        rows.append(row)
    frame = pl.DataFrame(rows, schema=PROMPTS_SCHEMA)
    if config.llm is not None:
        frame = config.llm.stamp_prompts(frame, layout.root).select(list(PROMPTS_SCHEMA)).cast(PROMPTS_SCHEMA)
    path = layout.stage_file("prompts", batch)
    atomic_parquet(path, frame)
    write_quarantine(layout, "guider", batch, quarantine)
    text = frame["text_tokens"].to_numpy() if frame.height else np.zeros(1)
    img = frame["image_tokens"].to_numpy() if frame.height else np.zeros(1)
    return GuiderSummary(
        batch=batch, n_records=catalog.height, n_prompts=frame.height, n_quarantined=len(quarantine),
        prompt_version=template.version, text_tokens_median=float(np.median(text)),
        text_tokens_p95=float(np.percentile(text, 95)), image_tokens_median=float(np.median(img)),
        est_cost_usd=float(frame["est_cost_usd"].fill_null(0.0).sum()) if frame.height else 0.0, path=str(path),
        preview_md=_preview(frame))


def build_prompt(rec: dict, feats: pl.DataFrame | FeatureGrid, template: PromptTemplate, config: GuiderConfig,
                 record: dict | None = None) -> tuple[int, str]:
    """(question index, user text) for one catalog row, its FeatureDB rows (or their grid) and its
    ``features_records`` row (``record``: the record-level facts; None leaves them out)."""
    qid, question = template.question_for(rec["record_id"], config.seed)
    user = template.render_user(question=question, report=(rec.get("report") or "none").strip(),
                                machine=machine_line(rec),
                                measurements=encode_features(feats, config.extra_features, record))
    return qid, user


def prompt_text_tokens(template: PromptTemplate, user: str) -> int:
    """What the goal counts: o200k_base tokens of the system and user parts plus the chat framing."""
    return _system_tokens(template.system) + count_text_tokens(user) + MESSAGE_OVERHEAD_TOKENS


@functools.lru_cache(maxsize=8)
def _system_tokens(system: str) -> int:
    """The system text is the same in every prompt of a template: counted once, not per record."""
    return count_text_tokens(system)


def _prompt_row(layout: DataLayout, rec: dict, features: BatchArrays, record: dict | None,
                image: tuple[Path, int, int] | None, template: PromptTemplate, config: GuiderConfig) -> dict:
    grid = record_grid(features, rec["record_id"])
    qid, user = build_prompt(rec, grid, template, config, record)
    question = template.questions[qid]
    text_tokens = prompt_text_tokens(template, user)
    detail = config.llm.image_detail if config.llm is not None else config.image_detail
    img_tokens = image_tokens(image[1], image[2], detail) if image else 0
    return {
        "record_id": rec["record_id"], "prompt_version": template.version, "question_id": qid,
        "question": question,
        "system": template.system, "user": user,
        "image_path": image[0].relative_to(layout.root).as_posix() if image else None,
        "image_sha256": hashlib.sha256(image[0].read_bytes()).hexdigest() if image else None,
        "n_beats": grid.n_beats,
        "text_tokens": text_tokens, "image_tokens": img_tokens, "est_cost_usd": None,
        "model": None, "request_key": None,
        "facts_json": json.dumps(record_facts(grid, record), separators=(",", ":")),
        "report": rec.get("report"),
    }


def _features_by_record(path: Path) -> BatchArrays | None:
    """The batch's FeatureDB as numpy arrays (guider.grid), None when the stage wrote none."""
    return batch_arrays(pl.read_parquet(path)) if path.exists() else None


def _record_rows(path: Path) -> dict[str, dict]:
    """record_id -> its ``features_records`` row (status, atrial activity, voltage indices...)."""
    if not path.exists():
        return {}
    return {row["record_id"]: row for row in pl.read_parquet(path).iter_rows(named=True)}


def _images_by_record(layout: DataLayout, batch: str, record_ids: list[str]) -> dict[str, tuple[Path, int, int]]:
    """record_id -> (absolute path, width, height) from the render index, else ``<safe_name>.png``."""
    out: dict[str, tuple[Path, int, int]] = {}
    index = layout.images_index(batch)
    if index.exists():
        for row in pl.read_parquet(index).iter_rows(named=True):
            path = layout.root / row["path"]
            if path.is_file():
                out[row["record_id"]] = (path, int(row["width"]), int(row["height"]))
        return out
    for rid in record_ids:
        path = layout.images_dir(batch) / f"{safe_name(rid)}.png"
        if path.is_file():
            with Image.open(path) as im:
                out[rid] = (path, im.width, im.height)
    return out


def _preview(frame: pl.DataFrame) -> str:
    if frame.is_empty():
        return "no prompts"
    row = frame.row(0, named=True)
    return f"**{row['record_id']}** ({row['text_tokens']} text + {row['image_tokens']} image tokens)\n\n" \
           f"```\n{row['user'][:1500]}\n```"
