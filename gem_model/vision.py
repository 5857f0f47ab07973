"""CLIP vision tower and ECG-page preprocessing (SPEC §5, §9).

The tower is ``transformers.CLIPVisionModel`` from a local folder (e.g. CLIP ViT-L/14-336), frozen;
GEM/LLaVA take the penultimate layer's patch tokens (576 x 1024). Preprocessing pads the page to a
square before resizing: GEM's processor resizes the short side and centre-crops, which cuts the
left and right of a landscape ECG page (the first and last lead columns). ``image_fit="crop"``
reproduces GEM for comparison.
"""
from __future__ import annotations

import numpy as np
import torch
from PIL import Image
from torch import nn
from transformers import CLIPVisionConfig, CLIPVisionModel

from gem_model.config import VisionConfig, require_path


class VisionTower(nn.Module):
    """(B, 3, S, S) normalised pixels -> (B, n_image, width) tokens from ``select_layer``."""

    def __init__(self, cfg: VisionConfig, clip: CLIPVisionModel):
        super().__init__()
        self.cfg = cfg
        self.clip = clip

    @property
    def width(self) -> int:
        return self.clip.config.hidden_size

    def forward(self, pixels: torch.Tensor) -> torch.Tensor:
        out = self.clip(pixel_values=pixels.to(self.clip.dtype), output_hidden_states=True)
        tokens = out.hidden_states[self.cfg.select_layer]  # (B, 1 + n_patches, W)
        if self.cfg.select_feature == "patch":
            tokens = tokens[:, 1:]  # (B, 577, W) -> (B, 576, W): drop CLS
        return tokens


def build_vision_tower(cfg: VisionConfig, dtype: torch.dtype = torch.float32) -> VisionTower:
    """Frozen CLIP tower from ``cfg.path``, or a random one shaped by ``cfg`` when the path is None."""
    if cfg.path is None:
        clip = CLIPVisionModel(CLIPVisionConfig(
            hidden_size=cfg.width, intermediate_size=cfg.intermediate, num_hidden_layers=cfg.layers,
            num_attention_heads=cfg.heads, image_size=cfg.image_size, patch_size=cfg.patch))
    else:
        path = require_path("CLIP vision tower", cfg.path,
                            "a transformers CLIP folder (config.json + weights), e.g. "
                            "openai/clip-vit-large-patch14-336 saved with save_pretrained")
        clip = CLIPVisionModel.from_pretrained(path, dtype=dtype)
        got = (clip.config.image_size, clip.config.patch_size)
        if got != (cfg.image_size, cfg.patch):
            raise ValueError(f"{path}: image_size/patch {got} differ from the config's "
                             f"{(cfg.image_size, cfg.patch)}")
    clip = clip.to(dtype)
    clip.requires_grad_(False)
    return VisionTower(cfg, clip.eval())


def preprocess_image(image: Image.Image, cfg: VisionConfig) -> torch.Tensor:
    """An RGB page -> (3, S, S) float32 CLIP-normalised pixels, padded to square or centre-cropped."""
    image = image.convert("RGB")
    size = cfg.image_size
    if cfg.image_fit == "pad":
        image = _pad_to_square(image, tuple(int(round(255 * m)) for m in cfg.mean))  # (W, H) -> (max, max)
        image = image.resize((size, size), Image.Resampling.BICUBIC)  # -> (S, S)
    elif cfg.image_fit == "crop":
        w, h = image.size
        scale = size / min(w, h)
        image = image.resize((max(size, round(w * scale)), max(size, round(h * scale))),
                             Image.Resampling.BICUBIC)  # (W, H) -> short side S
        w, h = image.size
        left, top = (w - size) // 2, (h - size) // 2
        image = image.crop((left, top, left + size, top + size))  # -> (S, S): the page's sides are lost
    else:
        raise ValueError(f"image_fit must be 'pad' or 'crop', got {cfg.image_fit!r}")
    x = np.asarray(image, dtype=np.float32) / 255.0  # (S, S, 3)
    x = (x - np.asarray(cfg.mean, dtype=np.float32)) / np.asarray(cfg.std, dtype=np.float32)
    return torch.from_numpy(x.transpose(2, 0, 1).copy())  # (S, S, 3) -> (3, S, S)


def _pad_to_square(image: Image.Image, fill: tuple[int, ...]) -> Image.Image:
    """Centre the page on a square canvas of the CLIP mean colour (LLaVA's ``expand2square``)."""
    w, h = image.size
    if w == h:
        return image
    side = max(w, h)
    canvas = Image.new("RGB", (side, side), fill)
    canvas.paste(image, ((side - w) // 2, (side - h) // 2))
    return canvas
