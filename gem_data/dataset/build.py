"""Assemble the instruction dataset batch by batch, then stream the parts into the final files.

For each batch with responses, one *part* (``dataset/parts/<batch>.parquet``) joins catalog, prompt,
response and verdict rows and keeps only samples that passed the grounding verifier. A part is rebuilt
only when one of its input files changed (``dataset/manifest.json`` keeps their fingerprints), so a
new upstream partition adds samples without touching existing ones. The final ``train``/``test``
Parquet and GEM JSON files are streamed from the parts, one batch in memory at a time.
"""
from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq

from gem_data.catalog import write_quarantine
from gem_data.dataset.card import write_card
from gem_data.dataset.gem_json import IMAGE_TOKEN, GemSample, GemTestSample, JsonArrayWriter
from gem_data.dataset.splits import SplitRegistry
from gem_data.io import atomic_parquet
from gem_data.isolate import isolate
from gem_data.layout import DataLayout
from gem_data.sources.base import MEASUREMENT_COLUMNS

STAGE = "dataset"
PARTS_QUARANTINE = "parts"  # quarantine/dataset/parts.parquet: one row per batch whose part failed
GEM_TEST_SIZE = 2381  # GEM's MIMIC-IV-ECG grounding test set (SPEC §6)
SAMPLE_SCHEMA: dict[str, pl.DataType] = {
    "id": pl.Utf8, "record_id": pl.Utf8, "subject_id": pl.Utf8, "source": pl.Utf8, "split": pl.Utf8,
    "image": pl.Utf8, "ecg": pl.Utf8, "question": pl.Utf8, "answer": pl.Utf8, "report": pl.Utf8,
    "machine_measurements": pl.Utf8,  # JSON object: the catalog's machine measurement columns
    "features_summary": pl.Utf8,  # JSON: record-level facts the prompt was built from
    "n_supported": pl.Int32, "n_contradicted": pl.Int32, "n_unverifiable": pl.Int32,
    "grounding_precision": pl.Float64, "backend": pl.Utf8, "model": pl.Utf8,
    "prompt_version": pl.Utf8, "request_key": pl.Utf8, "cost_usd": pl.Float64,
}


@dataclass(frozen=True)
class DatasetConfig:
    test_share: float = 0.1  # share of subjects drawn into test, until test reaches test_size
    test_size: int | None = GEM_TEST_SIZE
    require_verified: bool = True  # keep only responses the grounding verifier passed
    exclude_records: tuple[str, ...] = ()  # e.g. records another model (PULSE) was trained on
    exclude_file: str | None = None  # one record_id per line, same meaning
    mix_json: str | None = None  # an existing LLaVA-format file (e.g. ECGInstruct) added to train.json
    image_root: str | None = None  # image paths are written relative to this (default: GEM_DATA_DIR)
    ecg_prefix: str = ""  # prepended to the catalog's source-relative WFDB path

    def excluded(self) -> set[str]:
        out = set(self.exclude_records)
        if self.exclude_file:
            out |= {ln.strip() for ln in Path(self.exclude_file).read_text().splitlines() if ln.strip()}
        return out


@dataclass(frozen=True)
class DatasetSummary:
    n_train: int
    n_test: int
    n_mixed: int
    n_batches: int
    n_rebuilt: int
    n_failed_parts: int = 0  # parts whose build raised: quarantine/dataset/parts.parquet
    dropped: dict[str, int] = field(default_factory=dict)
    by_source: dict[str, dict[str, int]] = field(default_factory=dict)
    cost_usd: float = 0.0
    out_dir: str = ""
    preview_md: str = ""


def build_dataset(layout: DataLayout, config: DatasetConfig = DatasetConfig()) -> DatasetSummary:
    """Write ``dataset/{train,test}.{parquet,json}``, ``splits.parquet`` and the card ``README.md``."""
    out = layout.dataset_dir()
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {}
    registry = SplitRegistry(out / "splits.parquet", config.test_share, config.test_size)
    excluded = config.excluded()
    batches = sorted(p.stem for p in (layout.root / "responses").glob("*.parquet"))
    dropped: Counter = Counter()
    rebuilt = 0
    failed_parts: list[dict] = []
    for batch in list(batches):
        stamp = _input_stamp(layout, batch, config)
        part = out / "parts" / f"{batch}.parquet"
        entry = manifest.get(batch)
        if entry is None or entry["stamp"] != stamp or not part.is_file():
            built, failed = isolate(STAGE, batch, _build_part, layout, batch, config, registry, excluded)
            if failed:  # this part is left out (and retried next run); the other parts go on
                failed_parts.append(failed)
                batches.remove(batch)
                manifest.pop(batch, None)
                part.unlink(missing_ok=True)
                continue
            frame, drops = built
            atomic_parquet(part, frame)
            entry = manifest[batch] = {"stamp": stamp, "dropped": drops}
            rebuilt += 1
        else:
            registry.n_test_samples += pl.scan_parquet(part).filter(pl.col("split") == "test").select(
                pl.len()).collect().item()
        dropped.update(entry["dropped"])
    for stale in set(manifest) - set(batches):
        manifest.pop(stale)
    registry.save()
    write_quarantine(layout, STAGE, PARTS_QUARANTINE, failed_parts)
    counts = _write_outputs(out, batches, config)
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True))
    summary = DatasetSummary(
        n_train=counts["train"], n_test=counts["test"], n_mixed=counts["mixed"], n_batches=len(batches),
        n_rebuilt=rebuilt, n_failed_parts=len(failed_parts), dropped=dict(dropped), by_source=counts["by_source"], cost_usd=counts["cost"],
        out_dir=str(out), preview_md=counts["preview"],
    )
    write_card(out, summary, config)
    return summary


def _input_stamp(layout: DataLayout, batch: str, config: DatasetConfig) -> str:
    files = [layout.catalog(batch), layout.stage_file("prompts", batch),
             layout.stage_file("responses", batch), layout.stage_file("verified", batch)]
    parts = [f"{f.name}:{f.stat().st_size}:{f.stat().st_mtime_ns}" if f.is_file() else f"{f.name}:-" for f in files]
    parts.append(repr((config.require_verified, sorted(config.excluded()), config.image_root, config.ecg_prefix)))
    return "|".join(parts)


def _build_part(layout: DataLayout, batch: str, config: DatasetConfig, registry: SplitRegistry,
                excluded: set[str]) -> tuple[pl.DataFrame, dict[str, int]]:
    """One batch's passing samples (sorted by subject, then record) and why the others were dropped."""
    responses = pl.read_parquet(layout.stage_file("responses", batch))
    catalog = pl.read_parquet(layout.catalog(batch))
    prompts_path = layout.stage_file("prompts", batch)
    prompts = pl.read_parquet(prompts_path) if prompts_path.is_file() else None
    if prompts is not None and "question" not in prompts.columns:
        raise ValueError(f"{prompts_path} has no question column (written by an older guider): "
                         f"re-materialize guider_prompts for batch {batch}")
    verified_path = layout.stage_file("verified", batch)
    verified = pl.read_parquet(verified_path) if verified_path.is_file() else None
    cat = {r["record_id"]: r for r in catalog.iter_rows(named=True)}
    prm = {r["record_id"]: r for r in prompts.iter_rows(named=True)} if prompts is not None else {}
    ver = {r["record_id"]: r for r in verified.iter_rows(named=True)} if verified is not None else {}
    drops: Counter = Counter()
    rows = []
    for resp in sorted(responses.iter_rows(named=True), key=lambda r: _order(cat.get(r["record_id"]), r)):
        rid = resp["record_id"]
        reason = _drop_reason(resp, cat.get(rid), prm.get(rid), ver.get(rid), rid in excluded, config)
        if reason:
            drops[reason] += 1
            continue
        c, p, v = cat[rid], prm[rid], ver.get(rid, {})
        subject = str(c["subject_id"]) if c["subject_id"] is not None else f"record:{rid}"
        split = registry.assign(subject)
        registry.n_test_samples += split == "test"
        rows.append({
            "id": rid.replace("/", "_"), "record_id": rid, "subject_id": subject, "source": c["source"],
            "split": split, "image": _image_path(layout, p.get("image_path"), config),
            "ecg": config.ecg_prefix + c["path"], "question": p["question"],
            "answer": resp["answer"].strip(), "report": c["report"] or "",
            "machine_measurements": json.dumps({k: c[k] for k in (*MEASUREMENT_COLUMNS, "qt_machine_ms")}),
            "features_summary": p.get("facts_json"),
            "n_supported": v.get("n_supported"), "n_contradicted": v.get("n_contradicted"),
            "n_unverifiable": v.get("n_unverifiable"), "grounding_precision": v.get("grounding_precision"),
            "backend": resp["backend"], "model": resp["model"], "prompt_version": p.get("prompt_version"),
            "request_key": resp["request_key"], "cost_usd": resp.get("cost_usd") or 0.0,
        })
    return pl.DataFrame(rows, schema=SAMPLE_SCHEMA), dict(drops)


def _order(cat_row: dict | None, resp: dict) -> tuple[str, str]:
    subject = str(cat_row["subject_id"]) if cat_row and cat_row["subject_id"] is not None else ""
    return subject, resp["record_id"]


def _drop_reason(resp: dict, cat_row: dict | None, prompt_row: dict | None, ver_row: dict | None,
                 is_excluded: bool, config: DatasetConfig) -> str | None:
    if is_excluded:
        return "excluded record"
    if cat_row is None or cat_row["status"] != "ok":
        return "record not in the catalog"
    if prompt_row is None:
        return "no prompt row"
    if resp.get("status") != "ok" or not (resp.get("answer") or "").strip():
        return f"response {resp.get('status') or 'missing'}"
    if config.require_verified:
        if ver_row is None:
            return "not verified"
        if not ver_row.get("passed"):
            reasons = ver_row.get("fail_reasons")
            first = reasons[0] if isinstance(reasons, list) and reasons else (reasons or "policy")
            return f"verifier: {str(first).split(':')[0]}"
    return None


def _image_path(layout: DataLayout, rel_to_data: str | None, config: DatasetConfig) -> str:
    if not rel_to_data:
        return ""
    if config.image_root is None:
        return rel_to_data
    return os.path.relpath(layout.root / rel_to_data, config.image_root)


def _write_outputs(out: Path, batches: list[str], config: DatasetConfig) -> dict:
    """Stream parts into train/test Parquet and GEM JSON; returns counts for the summary and card."""
    counts: dict = {"train": 0, "test": 0, "mixed": 0, "by_source": {}, "cost": 0.0, "preview": ""}
    writers: dict[str, pq.ParquetWriter] = {}
    arrow_schema = pl.DataFrame(schema=SAMPLE_SCHEMA).to_arrow().schema
    tmp = {s: out / f".{s}.parquet.tmp" for s in ("train", "test")}
    for split, path in tmp.items():
        writers[split] = pq.ParquetWriter(path, arrow_schema)
    preview_rows = []
    with JsonArrayWriter(out / "train.json") as train_json, JsonArrayWriter(out / "test.json") as test_json:
        for batch in batches:
            part = pl.read_parquet(out / "parts" / f"{batch}.parquet")
            for split, json_out in (("train", train_json), ("test", test_json)):
                rows = part.filter(pl.col("split") == split)
                if rows.is_empty():
                    continue
                writers[split].write_table(rows.to_arrow().cast(arrow_schema))
                counts[split] += rows.height
                for r in rows.iter_rows(named=True):
                    json_out.write(_gem_sample(r, split))
                    src = counts["by_source"].setdefault(r["source"], {"train": 0, "test": 0})
                    src[split] += 1
            counts["cost"] += float(part["cost_usd"].sum()) if part.height else 0.0
            if len(preview_rows) < 3:
                preview_rows += part.head(3 - len(preview_rows)).to_dicts()
        if config.mix_json:
            for sample in _read_mix(Path(config.mix_json)):
                train_json.write(sample)
                counts["mixed"] += 1
    for split, writer in writers.items():
        writer.close()
        tmp[split].replace(out / f"{split}.parquet")
    counts["preview"] = _preview(preview_rows)
    return counts


def _gem_sample(r: dict, split: str) -> dict:
    base = {
        "id": r["id"], "image": r["image"], "ecg": r["ecg"],
        "conversations": [{"from": "human", "value": f"{IMAGE_TOKEN}\n{r['question']}"},
                          {"from": "gpt", "value": r["answer"]}],
    }
    if split == "test":
        base.update(report=r["report"], machine_measurements=json.loads(r["machine_measurements"]))
        return GemTestSample.model_validate(base).to_gem()
    return GemSample.model_validate(base).to_gem()


def _read_mix(path: Path):
    """Samples of an existing LLaVA-format file (JSON array or JSON lines), validated on the way."""
    text = path.read_text(encoding="utf-8")
    items = json.loads(text) if text.lstrip().startswith("[") else [json.loads(ln) for ln in text.splitlines() if ln.strip()]
    for item in items:
        yield GemSample.model_validate(item).to_gem() if "conversations" in item else item


def _preview(rows: list[dict]) -> str:
    if not rows:
        return "no samples"
    lines = ["| id | split | model | answer |", "|---|---|---|---|"]
    for r in rows:
        answer = r["answer"].replace("\n", " ").replace("|", "/")[:160]
        lines.append(f"| {r['id']} | {r['split']} | {r['model']} | {answer}… |")
    return "\n".join(lines)
