"""Greedy interpretation of one ECG: the same normalisation, page preprocessing and template as training."""
from __future__ import annotations

import numpy as np
import torch
from PIL import Image

from gem_data.signals import STANDARD_LEADS
from gem_model.conversation import VICUNA_V1, ChatTemplate, tokenize_conversation
from gem_model.gem import GemModel
from gem_model.vision import preprocess_image

DEFAULT_QUESTION = ("<image>\nPlease interpret this ECG lead by lead, citing the measurements that support "
                    "each finding, and give a diagnosis.")
MAX_NEW_TOKENS = 1024


@torch.no_grad()
def interpret(model: GemModel, tokenizer, signal_mv: np.ndarray, page: Image.Image, *,
              question: str = DEFAULT_QUESTION, template: ChatTemplate = VICUNA_V1,
              max_new_tokens: int = MAX_NEW_TOKENS) -> str:
    """Greedy decoding of the answer to ``question`` about a (12, 5000) mV record (standard lead order) and its page."""
    if "<image>" not in question:
        question = "<image>\n" + question
    device = next(model.projectors.parameters()).device
    lead_index = [STANDARD_LEADS.index(lead) for lead in model.cfg.ecg.input_leads]
    ecg = torch.from_numpy(np.ascontiguousarray(signal_mv[lead_index]))[None].to(device)  # (1, 12, 5000)
    pixels = preprocess_image(page, model.cfg.vision)[None].to(device)  # (1, 3, S, S)
    ids, _ = tokenize_conversation(tokenizer, template, [(question, None)])
    input_ids = torch.tensor([ids], device=device)  # (1, T)
    s = model.embed(input_ids, torch.ones_like(input_ids), ecg, pixels)  # (1, T) -> (1, T - 1 + M, D)
    budget = max(1, min(max_new_tokens, model.cfg.max_length - s.embeds.shape[1]))
    out = model.llm.generate(inputs_embeds=s.embeds, attention_mask=s.attention_mask, max_new_tokens=budget,
                             do_sample=False, eos_token_id=tokenizer.eos_token_id,
                             pad_token_id=tokenizer.pad_token_id)  # (1, n_new): only new tokens with inputs_embeds
    return tokenizer.decode(out[0], skip_special_tokens=True).strip()
