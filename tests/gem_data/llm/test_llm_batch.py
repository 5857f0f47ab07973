"""Batch mode against the local server: plans, splitting, merge by custom_id, crash reconciliation."""
from __future__ import annotations

import json

import pytest

from gem_data.llm.batch import run_batch
from gem_data.llm.client import make_client
from gem_data.llm.ledger import Ledger
from tests.gem_data.llm.helpers import API_KEY, make_config, make_requests


class _Crash(Exception):
    """Stands for the process dying at a given step."""


def _run(requests, config, tmp_path, on_step=None):
    ledger = Ledger(tmp_path / "ledger.sqlite")
    try:
        return run_batch(requests, config, ledger, make_client(config, API_KEY, asynchronous=False),
                         tmp_path / "batches", API_KEY, on_step=on_step)
    finally:
        ledger.close()


def _crash_at(name):
    def hook(step, plan_id):
        if step == name:
            raise _Crash(step)
    return hook


def test_batch_round_trip_merges_by_custom_id_and_deletes_remote_files(fake, tmp_path, image_path):
    fake.faults["bad"] = ["400"]
    config = make_config(fake.base_url, mode="batch")
    requests = make_requests(config, ["a", "b", "bad", "c"], image_path)
    results = _run(requests, config, tmp_path)
    assert [r.status for r in results] == ["ok", "ok", "failed", "ok"]
    assert "context_length_exceeded" in results[2].error
    assert all(r.answer and f"ROW-{r.record_id.split('/')[1]}" in r.text for r in results if r.status == "ok")
    assert fake.batch_creates == 1 and fake.files == {}  # input, output and error files deleted
    line = json.loads((next((tmp_path / "batches").glob("*.jsonl"))).read_text().splitlines()[0])
    assert line["custom_id"] == requests[0].key and line["url"] == "/v1/chat/completions"
    assert line["body"]["messages"][1]["content"][1]["image_url"]["url"].startswith("data:image/png")
    # batch pricing: half the list price of the tokens used
    assert results[0].cost_usd == pytest.approx(config.cost_usd(results[0].prompt_tokens,
                                                                results[0].completion_tokens) / 2)


def test_requests_split_by_count_and_by_bytes(fake, tmp_path, image_path):
    config = make_config(fake.base_url, mode="batch", batch_max_requests=2)
    results = _run(make_requests(config, list("abcde"), image_path), config, tmp_path / "n")
    assert all(r.status == "ok" for r in results) and fake.batch_creates == 3
    one_line = max(len(line) for f in (tmp_path / "n" / "batches").glob("*.jsonl")
                   for line in f.read_bytes().splitlines(keepends=True))
    config = make_config(fake.base_url, mode="batch", batch_max_bytes=int(one_line * 1.5))
    results = _run(make_requests(config, list("fgh"), image_path), config, tmp_path / "b")
    assert all(r.status == "ok" for r in results) and fake.batch_creates == 6


def test_answered_batch_rows_are_never_planned_again(fake, tmp_path, image_path):
    config = make_config(fake.base_url, mode="batch")
    requests = make_requests(config, ["a", "b"], image_path)
    _run(requests, config, tmp_path)
    again = _run(requests, config, tmp_path)
    assert fake.batch_creates == 1 and all(r.status == "ok" and r.from_cache for r in again)


@pytest.mark.parametrize("crash_step", ["uploaded", "created_on_server", "created"])
def test_restart_after_a_crash_around_create_never_creates_a_second_batch(fake, tmp_path, image_path,
                                                                          crash_step):
    config = make_config(fake.base_url, mode="batch")
    requests = make_requests(config, ["a", "b", "c"], image_path)
    with pytest.raises(_Crash):
        _run(requests, config, tmp_path, on_step=_crash_at(crash_step))
    results = _run(requests, config, tmp_path)
    assert all(r.status == "ok" for r in results)
    assert fake.batch_creates == 1  # the batch made before the crash was found and adopted
    assert fake.uploads == 1  # and its input file reused


def test_batch_budget_guard_plans_only_what_fits(fake, tmp_path, image_path):
    # batch estimate per request: (50 * 1000 + 100 * 2000) / 1e6 / 2 = 0.125 $; cap 0.3 $ -> 2 fit
    config = make_config(fake.base_url, mode="batch", budget_usd=0.3)
    results = _run(make_requests(config, list("abcde"), image_path), config, tmp_path)
    assert [r.status for r in results] == ["ok", "ok"] + ["skipped_budget"] * 3
    assert sum(fake.received.values()) == 2
