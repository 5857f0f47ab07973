"""Vicuna v1 template: LLaVA's prompt text, and only the assistant's answers (+ </s>) supervised."""
from __future__ import annotations

from gem_model.conversation import VICUNA_V1, render_prompt, tokenize_conversation, turns_from_gem
from gem_model.splice import IGNORE_INDEX, IMAGE_TOKEN_INDEX

CONV = [
    {"from": "human", "value": "<image>\nPlease interpret this ECG."},
    {"from": "gpt", "value": "Sinus rhythm at 72 bpm."},
    {"from": "human", "value": "Is the axis normal?"},
    {"from": "gpt", "value": "Yes, lead II shows upright P waves."},
]


def test_prompt_text_matches_llava_vicuna_v1():
    """LLaVA conv_vicuna_v1 (SeparatorStyle.TWO, sep ' ', sep2 '</s>')."""
    text = render_prompt(VICUNA_V1, turns_from_gem(CONV))
    assert text == (VICUNA_V1.system + " USER: <image>\nPlease interpret this ECG. ASSISTANT: Sinus rhythm at 72 bpm."
                    "</s>USER: Is the axis normal? ASSISTANT: Yes, lead II shows upright P waves.</s>")
    assert render_prompt(VICUNA_V1, [("hi", None)]).endswith("USER: hi ASSISTANT:")


def test_only_answers_and_eos_are_supervised(tokenizer):
    ids, labels = tokenize_conversation(tokenizer, VICUNA_V1, turns_from_gem(CONV))
    assert len(ids) == len(labels)
    assert ids.count(IMAGE_TOKEN_INDEX) == 1 and labels[ids.index(IMAGE_TOKEN_INDEX)] == IGNORE_INDEX
    spans, current = [], []
    for tok, lab in zip(ids, labels):
        if lab != IGNORE_INDEX:
            assert lab == tok
            current.append(tok)
        elif current:
            spans.append(current)
            current = []
    if current:
        spans.append(current)
    assert len(spans) == 2
    assert all(span[-1] == tokenizer.eos_token_id for span in spans)
    decoded = [tokenizer.decode(span, skip_special_tokens=True).strip() for span in spans]
    assert decoded == ["Sinus rhythm at 72 bpm.", "Yes, lead II shows upright P waves."]


def test_generation_prompt_is_the_training_prefix(tokenizer):
    """Inference must see exactly the tokens training saw before the first answer."""
    train_ids, _ = tokenize_conversation(tokenizer, VICUNA_V1, turns_from_gem(CONV[:2]))
    prompt_ids, prompt_labels = tokenize_conversation(tokenizer, VICUNA_V1, [(CONV[0]["value"], None)])
    assert train_ids[:len(prompt_ids)] == prompt_ids
    assert set(prompt_labels) == {IGNORE_INDEX}
