"""Put the multimodal tokens where the ``<image>`` token was: the one idea of LLaVA-style models.

GEM replaces the single ``<image>`` of each prompt with 101 ECG tokens followed by the image tokens
(SPEC §6, §9). Those positions carry no text, so their labels are ``IGNORE_INDEX``. This is a pure
function over tensors – no backbone, no module state – so it is unit-testable on a CPU.

Like LLaVA, the prompt marks the place with the sentinel id ``IMAGE_TOKEN_INDEX`` (-200) rather
than a vocabulary entry, so a released tokenizer and embedding matrix stay unchanged.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch

IGNORE_INDEX = -100
IMAGE_TOKEN_INDEX = -200


@dataclass(frozen=True)
class Spliced:
    """``embeds`` (B, L, D), ``labels`` (B, L) or None, ``attention_mask`` (B, L) long,
    ``multimodal_mask`` (B, L) bool: True where an ECG or image token sits."""

    embeds: torch.Tensor
    labels: torch.Tensor | None
    attention_mask: torch.Tensor
    multimodal_mask: torch.Tensor


def splice(text_embeds: torch.Tensor, input_ids: torch.Tensor, attention_mask: torch.Tensor,
           mm_embeds: torch.Tensor, labels: torch.Tensor | None = None, *,
           image_token_id: int = IMAGE_TOKEN_INDEX, max_length: int | None = None) -> Spliced:
    """Replace each row's single image token by its M multimodal embeddings.

    text_embeds: (B, T, D) embeddings of ``input_ids`` (the value at the image token is unused);
    input_ids, attention_mask, labels: (B, T), right-padded; mm_embeds: (B, M, D), ECG then image.
    Returns tensors of length L = min(T - 1 + M, max_length); padding stays at the right.

    >>> ids = torch.tensor([[1, IMAGE_TOKEN_INDEX, 5]])
    >>> out = splice(torch.zeros(1, 3, 4), ids, torch.ones(1, 3, dtype=torch.long), torch.ones(1, 2, 4))
    >>> out.embeds.shape, out.multimodal_mask.long().tolist()
    (torch.Size([1, 4, 4]), [[0, 1, 1, 0]])
    """
    b, t, d = text_embeds.shape
    m = mm_embeds.shape[1]
    is_image = input_ids == image_token_id  # (B, T)
    counts = is_image.sum(dim=1)
    if not bool((counts == 1).all()):
        raise ValueError(f"every sample needs exactly one <image> token, found {counts.tolist()}")
    if mm_embeds.shape[0] != b or mm_embeds.shape[2] != d:
        raise ValueError(f"mm_embeds {tuple(mm_embeds.shape)} do not fit text_embeds {tuple(text_embeds.shape)}")
    pos = is_image.float().argmax(dim=1)  # (B,) index of the image token per row

    embeds, masks, mm_masks, new_labels = [], [], [], []
    ones_m = attention_mask.new_ones(m)
    for i in range(b):
        k = int(pos[i])
        embeds.append(torch.cat([text_embeds[i, :k], mm_embeds[i].to(text_embeds.dtype),
                                 text_embeds[i, k + 1:]]))  # (T, D) -> (T - 1 + M, D)
        masks.append(torch.cat([attention_mask[i, :k], ones_m, attention_mask[i, k + 1:]]))  # (T - 1 + M,)
        mm_masks.append(torch.cat([is_image.new_zeros(k), is_image.new_ones(m), is_image.new_zeros(t - k - 1)]))
        if labels is not None:
            fill = labels.new_full((m,), IGNORE_INDEX)
            new_labels.append(torch.cat([labels[i, :k], fill, labels[i, k + 1:]]))  # (T - 1 + M,)
    out_len = t - 1 + m if max_length is None else min(t - 1 + m, max_length)
    return Spliced(
        embeds=torch.stack(embeds)[:, :out_len],  # (B, L, D)
        labels=torch.stack(new_labels)[:, :out_len] if labels is not None else None,  # (B, L)
        attention_mask=torch.stack(masks)[:, :out_len].long(),  # (B, L)
        multimodal_mask=torch.stack(mm_masks)[:, :out_len],  # (B, L)
    )
