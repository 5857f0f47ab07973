"""The diagnosis guider: one grounded generation prompt per record (issue 5, SPEC §7).

``build_batch(layout, batch, config)`` writes ``prompts/<batch>.parquet``; ``encode_features`` is the
compact per-beat measurement text; ``count_text_tokens``/``image_tokens`` price a prompt.
"""
from gem_data.guider.build import PROMPTS_SCHEMA, GuiderConfig, GuiderSummary, build_batch, build_prompt
from gem_data.guider.encode import FEATURE_ROWS, encode_features
from gem_data.guider.facts import record_facts
from gem_data.guider.prompt import PromptTemplate, load_template, machine_line
from gem_data.guider.tokens import count_text_tokens, image_tokens

__all__ = [
    "FEATURE_ROWS", "PROMPTS_SCHEMA", "GuiderConfig", "GuiderSummary", "PromptTemplate", "build_batch",
    "build_prompt", "count_text_tokens", "encode_features", "image_tokens", "load_template",
    "machine_line", "record_facts",
]
