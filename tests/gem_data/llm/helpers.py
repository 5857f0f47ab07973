"""Helpers shared by the LLM tests, the kill -9 child process and the throughput benchmark."""
from __future__ import annotations

from pathlib import Path

from gem_data.llm.client import build_request
from gem_data.llm.models import LlmConfig, Price

API_KEY = "sk-test-SECRET-9f8e7d6c5b4a39281706"

def make_config(base_url: str, **overrides) -> LlmConfig:
    """A config for the local server: fast backoff, a known price so the budget guard has numbers."""
    defaults = dict(model="test-model", base_url=base_url, concurrency=4, rpm=60_000, tpm=10_000_000,
                    timeout_s=5.0, max_attempts=5, backoff_max_s=0.2, max_output_tokens=100,
                    prices={"test-model": Price(input_per_mtok=1000.0, output_per_mtok=2000.0)},
                    batch_poll_s=0.01, batch_poll_max_s=0.05)
    defaults.update(overrides)
    return LlmConfig(**defaults)


def make_requests(config: LlmConfig, rows: list[str], image: Path | None) -> list:
    return [build_request(record_id=f"rec/{row}", system="You interpret ECGs.",
                          user=f"ROW-{row}: features go here", image_path=image, config=config,
                          prompt_version="test-v1", est_prompt_tokens=50) for row in rows]
