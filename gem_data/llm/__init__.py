"""The LLM stage (issue 5): one client for any OpenAI-compatible endpoint, a durable ledger, online and
Batch API modes, a budget guard, and an offline template backend.

``responses.build_batch(layout, batch, config, api_key)`` is the stage; the modules below are its parts.
"""
from gem_data.llm.budget import BudgetGuard, DryRun, dry_run
from gem_data.llm.client import answer_of, build_request, make_client
from gem_data.llm.ledger import Ledger, request_key
from gem_data.llm.models import DEFAULT_MODEL, DEFAULT_PRICES, ChatRequest, LlmConfig, LlmResult, Price
from gem_data.llm.responses import RESPONSES_SCHEMA, ResponseSummary, build_batch, ledger_path

__all__ = [
    "DEFAULT_MODEL", "DEFAULT_PRICES", "RESPONSES_SCHEMA", "BudgetGuard", "ChatRequest", "DryRun", "Ledger",
    "LlmConfig", "LlmResult", "Price", "ResponseSummary", "answer_of", "build_batch", "build_request",
    "dry_run", "ledger_path", "make_client", "request_key",
]
