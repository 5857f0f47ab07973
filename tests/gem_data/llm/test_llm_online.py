"""Online mode against a real local HTTP server: bodies, retries, isolation, the ledger, the budget."""
from __future__ import annotations

import base64
import json
import logging

from tests.gem_data.llm.helpers import API_KEY, make_config, make_requests

from gem_data.llm.ledger import Ledger
from gem_data.llm.online import answer_online


def _run(requests, config, ledger_path, api_key=API_KEY):
    ledger = Ledger(ledger_path)
    try:
        return answer_online(requests, config, ledger, api_key)
    finally:
        ledger.close()


def test_request_body_carries_system_text_params_and_the_image_bytes(fake, tmp_path, image_path):
    config = make_config(fake.base_url, temperature=0.2, seed=7)
    [req] = make_requests(config, ["a"], image_path)
    [res] = _run([req], config, tmp_path / "l.sqlite")
    assert res.status == "ok" and res.answer.startswith("The rhythm")
    body = fake.bodies[0]
    assert body["model"] == "test-model"
    assert body["temperature"] == 0.2 and body["seed"] == 7 and body["max_completion_tokens"] == 100
    system, user = body["messages"]
    assert system == {"role": "system", "content": "You interpret ECGs."}
    text, image = user["content"]
    assert text == {"type": "text", "text": "ROW-a: features go here"}
    url = image["image_url"]["url"]
    assert image["type"] == "image_url" and image["image_url"]["detail"] == "high"
    assert url.startswith("data:image/png;base64,")
    assert base64.b64decode(url.split(",", 1)[1]) == image_path.read_bytes()


def test_key_changes_with_any_part_of_the_request_but_not_with_the_image_path(fake, tmp_path, image_path):
    config = make_config(fake.base_url)
    [a] = make_requests(config, ["a"], image_path)
    copy = tmp_path / "same_bytes.png"
    copy.write_bytes(image_path.read_bytes())
    assert make_requests(config, ["a"], copy)[0].key == a.key
    assert make_requests(config.model_copy(update={"temperature": 0.5}), ["a"], image_path)[0].key != a.key
    assert make_requests(config.model_copy(update={"model": "other"}), ["a"], image_path)[0].key != a.key
    assert make_requests(config, ["b"], image_path)[0].key != a.key


def test_429_with_retry_after_500s_and_timeouts_are_recovered(fake, tmp_path, image_path):
    fake.timeout_sleep_s = 1.0
    fake.faults.update({"r429": ["429", "429"], "r500": ["500", "500"], "rto": ["timeout"]})
    config = make_config(fake.base_url, timeout_s=0.4)
    results = _run(make_requests(config, ["r429", "r500", "rto", "ok"], image_path), config,
                   tmp_path / "l.sqlite")
    assert [r.status for r in results] == ["ok"] * 4
    assert fake.received["r429"] == 3 and fake.received["r500"] == 3 and fake.received["rto"] == 2
    assert results[0].attempts == 3
    gaps = [b - a for a, b in zip(fake.arrivals["r429"], fake.arrivals["r429"][1:])]
    assert min(gaps) >= fake.retry_after_s  # the server's retry-after was honoured
    assert results[2].possibly_billed_twice  # a timed-out attempt may have been billed: reported


def test_fatal_400_fails_only_its_row_and_is_not_retried(fake, tmp_path, image_path):
    fake.faults.update({"bad": ["400"], "broke": ["quota"]})
    config = make_config(fake.base_url)
    results = _run(make_requests(config, ["x", "bad", "broke", "y"], image_path), config,
                   tmp_path / "l.sqlite")
    by_row = {r.record_id: r for r in results}
    assert by_row["rec/x"].status == by_row["rec/y"].status == "ok"
    assert by_row["rec/bad"].status == "failed" and "context_length_exceeded" in by_row["rec/bad"].error
    assert by_row["rec/broke"].status == "failed" and "insufficient_quota" in by_row["rec/broke"].error
    assert fake.received["bad"] == 1 and fake.received["broke"] == 1


def test_stored_answers_are_never_requested_again_and_failed_rows_are(fake, tmp_path, image_path):
    fake.faults["bad"] = ["400"]
    config = make_config(fake.base_url)
    requests = make_requests(config, ["a", "b", "bad"], image_path)
    first = _run(requests, config, tmp_path / "l.sqlite")
    assert [r.status for r in first] == ["ok", "ok", "failed"]
    second = _run(requests, config, tmp_path / "l.sqlite")
    assert [r.status for r in second] == ["ok", "ok", "ok"]
    assert fake.received == {"a": 1, "b": 1, "bad": 2}
    assert second[0].from_cache and second[0].text == first[0].text and not second[2].from_cache


def test_budget_guard_stops_before_the_cap_is_passed(fake, tmp_path, image_path):
    # estimate per request: 50 prompt tokens * 1000 $/M + 100 output * 2000 $/M = 0.25 $; cap 1 $ -> 4 fit
    config = make_config(fake.base_url, budget_usd=1.0, concurrency=1)
    results = _run(make_requests(config, [f"r{i}" for i in range(8)], image_path), config,
                   tmp_path / "l.sqlite")
    sent = [r for r in results if r.status == "ok"]
    assert 1 <= len(sent) <= 4
    assert all(r.status == "skipped_budget" for r in results[len(sent):])
    assert sum(r.cost_usd for r in sent) <= 1.0
    assert sum(fake.received.values()) == len(sent)


def test_api_key_never_reaches_logs_ledger_or_results(fake, tmp_path, image_path, caplog):
    fake.faults["leak"] = ["401"]  # the server echoes the bearer token in its error message
    config = make_config(fake.base_url)
    caplog.set_level(logging.DEBUG)
    results = _run(make_requests(config, ["leak", "fine"], image_path), config, tmp_path / "l.sqlite")
    assert f"Bearer {API_KEY}" in fake.auth_headers  # the key did go to the server...
    assert results[0].status == "failed" and "401" in results[0].error
    dumped = json.dumps([r.model_dump() for r in results])
    assert API_KEY not in dumped and API_KEY[:12] not in dumped  # ...and nowhere else
    assert API_KEY not in caplog.text and API_KEY[:12] not in caplog.text
    for f in tmp_path.glob("l.sqlite*"):
        assert API_KEY.encode() not in f.read_bytes()
        assert API_KEY[:12].encode() not in f.read_bytes()


def test_client_adopts_the_servers_rate_limit_from_headers_and_loses_nothing(tmp_path, image_path):
    from tests.gem_data.llm.fake_openai import FakeOpenAI

    with FakeOpenAI(rpm=1200) as limited:  # 20 requests/s, one second of burst
        config = make_config(limited.base_url, rpm=1_000_000, concurrency=8)  # config far too optimistic
        results = _run(make_requests(config, [f"r{i}" for i in range(40)], image_path), config,
                       tmp_path / "l.sqlite")
    assert all(r.status == "ok" for r in results)
    assert sum(limited.answered.values()) == 40  # each row answered exactly once
    # after the first answers the client paces itself at the header's limit instead of hammering:
    # fewer 429s than the 20 requests past the server's burst (ignoring the headers gives 24-34 here,
    # and rows lost after max_attempts)
    assert limited.n_429 < 20
