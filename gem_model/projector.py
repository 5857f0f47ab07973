"""The two projectors of GEM (SPEC §9): ECG tokens into the vision width, then one shared MLP.

ECG tokens (768) go through ``Linear(768 -> 1024)`` so they live in CLIP's width; the shared
``mlp2x_gelu`` projector (LLaVA's ``mm_projector``: Linear, GELU, Linear) then maps both ECG and
image tokens to the LLM width. Module names match LLaVA's (``0`` and ``2`` inside the Sequential)
so a LLaVA/PULSE ``model.mm_projector.*`` loads as is.
"""
from __future__ import annotations

import re

import torch
from torch import nn

_MLP = re.compile(r"^mlp(\d+)x_gelu$")


def build_ecg_projector(ecg_width: int, vision_width: int) -> nn.Linear:
    """(B, 101, 768) -> (B, 101, 1024)."""
    return nn.Linear(ecg_width, vision_width)


def build_shared_projector(kind: str, vision_width: int, llm_width: int) -> nn.Module:
    """``linear`` or ``mlpNx_gelu``: (B, n, vision_width) -> (B, n, llm_width)."""
    if kind == "linear":
        return nn.Linear(vision_width, llm_width)
    m = _MLP.match(kind)
    if m is None:
        raise ValueError(f"unknown projector {kind!r}: use 'linear' or 'mlpNx_gelu' (e.g. mlp2x_gelu)")
    layers: list[nn.Module] = [nn.Linear(vision_width, llm_width)]
    for _ in range(int(m.group(1)) - 1):
        layers += [nn.GELU(), nn.Linear(llm_width, llm_width)]
    return nn.Sequential(*layers)


class Projectors(nn.Module):
    """Both trainable projectors, saved together (``ecg_projector.*``, ``mm_projector.*``)."""

    def __init__(self, kind: str, ecg_width: int, vision_width: int, llm_width: int):
        super().__init__()
        self.ecg_projector = build_ecg_projector(ecg_width, vision_width)
        self.mm_projector = build_shared_projector(kind, vision_width, llm_width)

    def forward(self, ecg_tokens: torch.Tensor, image_tokens: torch.Tensor) -> torch.Tensor:
        """ECG then image tokens, in the LLM width: (B, 101 + n_image, llm_width)."""
        ecg = self.ecg_projector(ecg_tokens.to(self.ecg_projector.weight.dtype))  # (B, 101, 768) -> (B, 101, 1024)
        both = torch.cat([ecg, image_tokens.to(ecg.dtype)], dim=1)  # -> (B, 101 + 576, 1024)
        return self.mm_projector(both)  # (B, 677, 1024) -> (B, 677, 4096)
