"""Tokenizers: a released one from a local folder, or a tiny BPE trained in-process for the tiny preset.

The tiny preset must run with no download, so its tokenizer is a byte-level BPE trained on the
training texts (and the chat template) in well under a second, then saved with the model.
"""
from __future__ import annotations

from collections.abc import Iterable

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import AutoTokenizer, PreTrainedTokenizerBase, PreTrainedTokenizerFast

from gem_model.config import LlmConfig, require_path

SPECIAL_TOKENS = ("<unk>", "<s>", "</s>", "<pad>", "<image>")


def build_tiny_tokenizer(texts: Iterable[str], vocab_size: int = 600) -> PreTrainedTokenizerFast:
    """A byte-level BPE over ``texts`` with Llama's special tokens plus ``<image>``."""
    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=True)  # like sentencepiece's dummy prefix
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=list(SPECIAL_TOKENS),
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator(list(texts), trainer=trainer)
    return PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="<unk>", bos_token="<s>", eos_token="</s>",
                                   pad_token="<pad>", additional_special_tokens=["<image>"])


def load_tokenizer(cfg: LlmConfig) -> PreTrainedTokenizerBase:
    """The tokenizer of a local LLM folder (``tokenizer_path`` or ``path``); pad = unk like LLaVA."""
    path = cfg.tokenizer_path or cfg.path
    if path is None:
        raise ValueError("a random-init LLM has no tokenizer folder: build one with build_tiny_tokenizer")
    p = require_path("LLM tokenizer", path, "a transformers tokenizer folder (tokenizer.json or tokenizer.model)")
    tok = AutoTokenizer.from_pretrained(p, use_fast=True)
    if tok.pad_token_id is None:
        tok.pad_token = tok.unk_token or tok.eos_token  # LLaVA v1 pads with <unk>
    return tok
