"""The stage end to end on a guider-built batch: template backend, OpenAI backend, dry run, secrets."""
from __future__ import annotations

import logging
import re

import polars as pl
import pytest

from gem_data.guider import GuiderConfig, build_batch as build_prompts
from gem_data.llm import dry_run, ledger_path
from gem_data.llm.responses import build_batch
from gem_data.llm.template import template_response
from tests.gem_data.guider.fixtures import make_batch
from tests.gem_data.llm.helpers import API_KEY, make_config


@pytest.fixture
def prompted(tmp_path):
    layout = make_batch(tmp_path / "data", n=4)
    build_prompts(layout, "p1000", GuiderConfig())
    return layout


def test_template_backend_writes_grounded_paragraphs_without_any_model(prompted):
    summary = build_batch(prompted, "p1000", make_config("http://127.0.0.1:9/unused", backend="template"))
    frame = pl.read_parquet(prompted.stage_file("responses", "p1000"))
    assert summary.n_ok == frame.height == 4 and set(frame["backend"]) == {"template"}
    assert set(frame["model"]) == {"template-v1"} and frame["cost_usd"].sum() == 0
    prompts = pl.read_parquet(prompted.stage_file("prompts", "p1000"))
    for answer, user in zip(frame["answer"], prompts["user"]):
        assert len(answer.split()) <= 300
        assert "lead II" in answer and "bpm" in answer and "normal ecg" in answer
        beats = user.split("\nHeart rate bpm ")[1].splitlines()[0].split()
        for value, beat in re.findall(r"(\d+) bpm at beat (\d+)", answer):
            assert beats[int(beat) - 1] == value  # cited value is that beat's value in the prompt


def test_template_paragraph_applies_clinical_thresholds():
    facts = {"n_beats": 8, "leads": {"II": {
        "heart_rate_bpm": {"median": 48.0, "min": [45.0, 3], "max": [50.0, 6], "n": 7},
        "pr_ms": {"median": 236.0, "min": [228.0, 2], "max": [244.0, 5], "n": 8},
        "qtc_ms": {"median": 512.0, "min": [500.0, 1], "max": [520.0, 4], "n": 7}},
        "V1": {"qrs_dur_ms": {"median": 136.0, "min": [130.0, 1], "max": [140.0, 2], "n": 8}}}}
    text = template_response(facts, "Sinus bradycardia. 1st degree AV block. RBBB")
    assert text.startswith("**Response:**")
    for phrase in ("bradycardic", "first-degree AV block", "complete bundle-branch block", "markedly prolonged",
                   "lead V1", "beat 5"):
        assert phrase in text


def test_openai_backend_answers_once_and_retries_only_failed_rows(prompted, fake):
    config = make_config(fake.base_url)
    first = build_batch(prompted, "p1000", config, API_KEY)
    assert first.n_ok == 4 and first.n_from_cache == 0 and len(fake.bodies) == 4
    second = build_batch(prompted, "p1000", config, API_KEY)
    assert second.n_ok == 4 and second.n_from_cache == 4 and len(fake.bodies) == 4  # nothing re-sent
    frame = pl.read_parquet(prompted.stage_file("responses", "p1000"))
    assert set(frame.columns) >= {"record_id", "request_key", "backend", "model", "text", "answer", "finish_reason",
                                  "prompt_tokens", "completion_tokens", "cost_usd", "latency_s", "status", "error"}
    assert set(frame["backend"]) == {"openai"} and set(frame["model"]) == {"test-model"}
    # the key the guider printed for this model config is the key the stage sent under
    build_prompts(prompted, "p1000", GuiderConfig(llm=config))
    prompts = pl.read_parquet(prompted.stage_file("prompts", "p1000"))
    assert prompts["request_key"].to_list() == frame["request_key"].to_list()


def test_failed_rows_keep_their_reason_and_succeed_on_the_next_materialization(prompted, fake):
    config = make_config(fake.base_url)
    prompts = pl.read_parquet(prompted.stage_file("prompts", "p1000"))
    fake.faults["?"] = ["400"]  # prompts carry no ROW- marker: every request counts as row "?"
    first = build_batch(prompted, "p1000", config, API_KEY)
    assert first.n_failed == 1 and first.n_ok == 3 and "400 context_length_exceeded" in first.errors
    failed = pl.read_parquet(prompted.stage_file("responses", "p1000")).filter(pl.col("status") == "failed")
    assert "context_length_exceeded" in failed["error"][0]
    second = build_batch(prompted, "p1000", config, API_KEY)
    assert second.n_ok == 4 and second.n_from_cache == 3 and len(fake.bodies) == 5 == prompts.height + 1


def test_dry_run_prices_a_partition_offline(prompted):
    prompts = pl.read_parquet(prompted.stage_file("prompts", "p1000"))
    config = make_config("http://127.0.0.1:9/never-called")
    dry = dry_run(prompts, config)
    tokens = int(prompts["text_tokens"].sum() + prompts["image_tokens"].sum())
    assert dry.n_requests == 4 and dry.prompt_tokens == tokens
    assert dry.cost_max_usd == pytest.approx((tokens * 1000 + 4 * 100 * 2000) / 1e6)
    batch = dry_run(prompts, config.model_copy(update={"mode": "batch"}))
    assert batch.cost_max_usd == pytest.approx(dry.cost_max_usd / 2)


def test_api_key_is_in_no_parquet_ledger_or_log(prompted, fake, caplog):
    caplog.set_level(logging.DEBUG)
    fake.faults["?"] = ["401", "500"]  # the first answer echoes the key back in its error text
    build_batch(prompted, "p1000", make_config(fake.base_url), API_KEY)
    build_batch(prompted, "p1000", make_config(fake.base_url, mode="batch"), API_KEY)
    assert any(API_KEY in h for h in fake.auth_headers)
    needles = (API_KEY.encode(), API_KEY[:12].encode(), API_KEY[-12:].encode())
    files = [p for p in prompted.root.rglob("*") if p.is_file()]
    assert ledger_path(prompted) in files
    for path in files:
        data = path.read_bytes()
        assert not any(n in data for n in needles), path
    assert not any(n.decode() in caplog.text for n in needles)


def test_cli_builds_prompts_prices_them_and_answers_offline(prompted, monkeypatch):
    from click.testing import CliRunner

    from gem_data.llm.cli import llm, llm_dry_run, prompts

    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    runner = CliRunner()
    root = str(prompted.root)
    out = runner.invoke(prompts, [root, "p1000", "--model", "gpt-4o-2024-08-06"])
    assert out.exit_code == 0 and '"n_prompts": 4' in out.output
    out = runner.invoke(llm_dry_run, [root, "p1000", "--model", "gpt-4o-2024-08-06", "--mode", "batch"])
    assert out.exit_code == 0 and out.output.startswith("4 requests to gpt-4o-2024-08-06 (Batch API)")
    out = runner.invoke(llm, [root, "p1000"])
    assert out.exit_code == 0 and '"backend": "template"' in out.output and '"n_ok": 4' in out.output
