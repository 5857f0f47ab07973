"""Config, pricing, answer extraction and endpoint variants (Azure) of the LLM client."""
from __future__ import annotations

import pytest

from gem_data.llm.client import answer_of, effective_base_url, redact
from gem_data.llm.ledger import Ledger
from gem_data.llm.models import DEFAULT_MODEL, LlmConfig
from gem_data.llm.online import answer_online
from tests.gem_data.llm.helpers import API_KEY, make_config, make_requests


def test_default_model_is_current_and_gpt4o_stays_selectable_with_its_price():
    assert "gpt-4o" not in DEFAULT_MODEL  # retired by Azure, and by OpenAI on 2027-01-14
    assert LlmConfig().price().input_per_mtok > 0
    snap = LlmConfig(model="gpt-4o-2024-08-06")
    assert snap.price() == LlmConfig(model="gpt-4o").price()
    assert snap.cost_usd(1_000_000, 0) == pytest.approx(2.5)
    assert snap.cost_usd(1_000_000, 0, batch=True) == pytest.approx(1.25)
    assert LlmConfig(model="my-local-llama").price().input_per_mtok == 0  # local endpoints are free


def test_unset_sampling_parameters_are_not_sent():
    assert LlmConfig().sampling() == {"max_completion_tokens": 1200}
    assert LlmConfig(temperature=0.0, seed=1).sampling() == {"max_completion_tokens": 1200, "temperature": 0.0,
                                                             "seed": 1}


def test_answer_is_the_paragraph_after_the_response_marker():
    assert answer_of("Lead I ...\n\n**Response:** Sinus rhythm at 70 bpm.") == "Sinus rhythm at 70 bpm."
    assert answer_of("**Response**: ok") == "ok"
    assert answer_of("no marker here") is None and answer_of(None) is None


def test_redaction_removes_the_key_and_key_shaped_strings():
    assert API_KEY not in redact(f"Incorrect API key provided: {API_KEY}", API_KEY)
    assert "sk-other-1234" not in redact("key sk-other-12345678 leaked", None)
    assert "abc" not in redact("Authorization: Bearer abc", None)


def test_azure_deployment_urls_are_used_and_keyed(fake, tmp_path, image_path):
    config = make_config(fake.base_url.removesuffix("/v1"), azure_api_version="2024-10-21")
    assert effective_base_url(config).endswith("/openai/deployments/test-model?api-version=2024-10-21")
    [req] = make_requests(config, ["az"], image_path)
    assert req.key != make_requests(make_config(fake.base_url), ["az"], image_path)[0].key
    ledger = Ledger(tmp_path / "l.sqlite")
    [res] = answer_online([req], config, ledger, API_KEY)
    ledger.close()
    assert res.status == "ok" and fake.received["az"] == 1
