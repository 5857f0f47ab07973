"""ECG-CoCa's ECG tower: a 1-D ViT over 12-lead, 10 s, 500 Hz signals (SPEC §9).

Architecture and parameter names follow ECG-Chat's ``EcgTransformer`` (open_clip fork), so the
``module.ecg.*`` entries of a released ECG-CoCa checkpoint load 1:1 with ``strict=True``:
``conv1`` (patch embedding, no bias), ``class_embedding``, ``positional_embedding`` (101 x 768),
``ln_pre``, ``transformer.resblocks.N.{ln_1, attn, ln_2, mlp.c_fc, mlp.c_proj}``, ``ln_post``, ``proj``.
GEM feeds the LLM the last transformer layer's 101 tokens *before* ``ln_post``/``proj``
(``output_last_transformer_layer=True`` upstream); the two are kept only so weights load exactly.
ECG-CoCa's preprocessing is an identity normalisation (mean 0, std 1) and a pad/crop to 5000
samples, so the encoder takes millivolts as they come out of ``gem_data.signals.read_record``.
"""
from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

import torch
from torch import nn

from gem_model.config import EcgEncoderConfig, require_path

CHECKPOINT_PREFIX = "module.ecg."


class _Block(nn.Module):
    """Pre-LN transformer block with open_clip's names (``ResidualAttentionBlock``)."""

    def __init__(self, width: int, heads: int, mlp_ratio: float):
        super().__init__()
        self.ln_1 = nn.LayerNorm(width)
        self.attn = nn.MultiheadAttention(width, heads, batch_first=True)
        self.ln_2 = nn.LayerNorm(width)
        hidden = int(width * mlp_ratio)
        self.mlp = nn.Sequential(OrderedDict([
            ("c_fc", nn.Linear(width, hidden)),
            ("gelu", nn.GELU()),
            ("c_proj", nn.Linear(hidden, width)),
        ]))

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # x: (B, 101, W)
        h = self.ln_1(x)
        x = x + self.attn(h, h, h, need_weights=False)[0]
        return x + self.mlp(self.ln_2(x))


class _Transformer(nn.Module):
    def __init__(self, width: int, layers: int, heads: int, mlp_ratio: float):
        super().__init__()
        self.resblocks = nn.ModuleList(_Block(width, heads, mlp_ratio) for _ in range(layers))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for block in self.resblocks:
            x = block(x)
        return x


class EcgEncoder(nn.Module):
    """(B, 12, 5000) mV -> (B, 101, width) tokens: CLS then 100 patches of 0.1 s each."""

    def __init__(self, cfg: EcgEncoderConfig):
        super().__init__()
        self.cfg = cfg
        n_patches = cfg.n_samples // cfg.patch
        scale = cfg.width ** -0.5
        self.conv1 = nn.Conv1d(cfg.n_leads, cfg.width, kernel_size=cfg.patch, stride=cfg.patch, bias=False)
        self.class_embedding = nn.Parameter(scale * torch.randn(cfg.width))
        self.positional_embedding = nn.Parameter(scale * torch.randn(n_patches + 1, cfg.width))
        self.ln_pre = nn.LayerNorm(cfg.width)
        self.transformer = _Transformer(cfg.width, cfg.layers, cfg.heads, cfg.mlp_ratio)
        self.ln_post = nn.LayerNorm(cfg.width)
        self.proj = nn.Parameter(scale * torch.randn(cfg.width, cfg.output_dim))

    def forward(self, ecg_mv: torch.Tensor) -> torch.Tensor:
        x = self.conv1(ecg_mv.to(self.conv1.weight.dtype))  # (B, 12, 5000) -> (B, W, 100)
        x = x.permute(0, 2, 1)  # (B, W, 100) -> (B, 100, W)
        cls = self.class_embedding.to(x.dtype).expand(x.shape[0], 1, -1)  # (B, 1, W)
        x = torch.cat([cls, x], dim=1)  # (B, 100, W) -> (B, 101, W)
        x = x + self.positional_embedding.to(x.dtype)
        x = self.ln_pre(x)
        return self.transformer(x)  # (B, 101, W), before ln_post/proj as GEM uses it


def build_ecg_encoder(cfg: EcgEncoderConfig) -> EcgEncoder:
    """The frozen encoder: ECG-CoCa weights from ``cfg.checkpoint``, or random init when None."""
    encoder = EcgEncoder(cfg)
    if cfg.checkpoint is not None:
        load_ecg_coca(encoder, cfg.checkpoint)
    encoder.requires_grad_(False)
    return encoder.eval()


def load_ecg_coca(encoder: EcgEncoder, path: str | Path) -> None:
    """Load the ``module.ecg.*`` entries of an ECG-CoCa checkpoint's ``state_dict``, strictly.

    Strict, because a silently half-loaded frozen encoder trains a model on noise.
    """
    p = require_path("ECG encoder checkpoint", path,
                     "the ECG-CoCa checkpoint file (a torch .pt whose 'state_dict' holds 'module.ecg.*' keys)")
    ckpt = torch.load(p, map_location="cpu", weights_only=True)
    state = ckpt.get("state_dict", ckpt) if isinstance(ckpt, dict) else None
    if not isinstance(state, dict):
        raise ValueError(f"{p}: expected a dict with a 'state_dict' entry")
    ecg_state = {k[len(CHECKPOINT_PREFIX):]: v for k, v in state.items() if k.startswith(CHECKPOINT_PREFIX)}
    if not ecg_state:
        prefixes = sorted({k.split(".")[0] for k in state})
        raise ValueError(f"{p}: no '{CHECKPOINT_PREFIX}*' keys in state_dict (top-level prefixes: {prefixes})")
    encoder.load_state_dict(ecg_state, strict=True)
