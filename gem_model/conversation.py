"""Chat templates as values, and the tokenisation that decides which tokens are supervised.

GEM trains with LLaVA's Vicuna v1 template (SPEC §9)::

    {system} USER: <image>\\n{question} ASSISTANT: {answer}</s>USER: ... ASSISTANT: ...</s>

Only the answers and their ``</s>`` are supervised. We tokenise segment by segment (prompt part,
answer part, ...) and concatenate, so the supervised span is exact by construction instead of being
recovered afterwards from token counts (LLaVA's source of "tokenization mismatch" warnings). The
same function builds inference prompts, so training and generation see identical prompt tokens.
"""
from __future__ import annotations

from dataclasses import dataclass

from gem_model.splice import IGNORE_INDEX, IMAGE_TOKEN_INDEX

IMAGE_PLACEHOLDER = "<image>"


@dataclass(frozen=True)
class ChatTemplate:
    """Vicuna-v1-style two-separator template (LLaVA ``SeparatorStyle.TWO``)."""

    system: str
    user: str = "USER"
    assistant: str = "ASSISTANT"
    sep: str = " "  # after the system prompt and each user turn; answers end with the EOS token


VICUNA_V1 = ChatTemplate(
    system="A chat between a curious human and an artificial intelligence assistant. "
           "The assistant gives helpful, detailed, and polite answers to the human's questions.",
)


def render_prompt(template: ChatTemplate, turns: list[tuple[str, str | None]]) -> str:
    """The plain-text prompt for (question, answer) turns; ``None`` as the last answer = generation."""
    text = template.system + template.sep
    for question, answer in turns:
        text += f"{template.user}: {question}{template.sep}{template.assistant}:"
        if answer is not None:
            text += f" {answer}</s>"
    return text


def tokenize_conversation(tokenizer, template: ChatTemplate, turns: list[tuple[str, str | None]]
                          ) -> tuple[list[int], list[int]]:
    """(input_ids, labels) for a conversation; labels are IGNORE_INDEX except answers + EOS.

    ``<image>`` in a question becomes ``IMAGE_TOKEN_INDEX``. A final turn with answer None ends the
    ids at ``ASSISTANT:``, the generation prompt.
    """
    ids: list[int] = [tokenizer.bos_token_id] if tokenizer.bos_token_id is not None else []
    labels: list[int] = [IGNORE_INDEX] * len(ids)
    prompt = template.system + template.sep
    for question, answer in turns:
        prompt += f"{template.user}: {question}{template.sep}{template.assistant}:"
        prompt_ids = _encode_with_image(tokenizer, prompt)
        ids += prompt_ids
        labels += [IGNORE_INDEX] * len(prompt_ids)
        prompt = ""
        if answer is not None:
            answer_ids = tokenizer(answer.strip(), add_special_tokens=False).input_ids + [tokenizer.eos_token_id]
            ids += answer_ids
            labels += answer_ids
    return ids, labels


def turns_from_gem(conversations: list[dict]) -> list[tuple[str, str | None]]:
    """GEM/LLaVA ``conversations`` (alternating human/gpt) -> [(question, answer), ...]."""
    turns: list[tuple[str, str | None]] = []
    for i in range(0, len(conversations), 2):
        human = conversations[i]
        if human.get("from") != "human":
            raise ValueError(f"turn {i} should be from 'human', got {human.get('from')!r}")
        gpt = conversations[i + 1] if i + 1 < len(conversations) else None
        if gpt is not None and gpt.get("from") != "gpt":
            raise ValueError(f"turn {i + 1} should be from 'gpt', got {gpt.get('from')!r}")
        turns.append((human["value"], gpt["value"] if gpt is not None else None))
    return turns


def _encode_with_image(tokenizer, text: str) -> list[int]:
    """Tokenise ``text`` with each ``<image>`` replaced by the sentinel id (LLaVA's tokenizer_image_token)."""
    out: list[int] = []
    for j, chunk in enumerate(text.split(IMAGE_PLACEHOLDER)):
        if j > 0:
            out.append(IMAGE_TOKEN_INDEX)
        if chunk:
            out += tokenizer(chunk, add_special_tokens=False).input_ids
    return out
