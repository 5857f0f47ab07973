"""Vision side: pad-to-square keeps the page edges GEM's centre crop cuts; penultimate patch tokens."""
from __future__ import annotations

import dataclasses

import pytest
import torch
from PIL import Image, ImageDraw

from gem_model.config import VisionConfig
from gem_model.vision import build_vision_tower, preprocess_image


def _wide_page_with_edge_marks() -> Image.Image:
    """A letter-landscape-like page with solid blue bands at the far left and right (first/last columns)."""
    img = Image.new("RGB", (550, 425), "white")
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, 40, 424], fill=(0, 0, 255))
    d.rectangle([509, 0, 549, 424], fill=(0, 0, 255))
    return img


def _blue_share(pixels: torch.Tensor, cfg: VisionConfig) -> float:
    std = torch.tensor(cfg.std)[:, None, None]
    mean = torch.tensor(cfg.mean)[:, None, None]
    rgb = pixels * std + mean  # (3, S, S) back to 0..1
    blue = (rgb[2] > 0.8) & (rgb[0] < 0.2)
    return float(blue.float().mean())


def test_preprocess_shape_and_padding_keeps_page_edges():
    cfg = VisionConfig.tiny()
    page = _wide_page_with_edge_marks()
    padded = preprocess_image(page, cfg)
    cropped = preprocess_image(page, dataclasses.replace(cfg, image_fit="crop"))
    assert padded.shape == cropped.shape == (3, cfg.image_size, cfg.image_size)
    assert _blue_share(padded, cfg) > 0.08  # both bands survive (2 x 41/550 of the width, scaled)
    assert _blue_share(cropped, cfg) < 0.01  # the centre crop cuts them off


def test_tower_returns_penultimate_patch_tokens():
    cfg = VisionConfig.tiny()
    tower = build_vision_tower(cfg)
    x = torch.randn(2, 3, cfg.image_size, cfg.image_size)
    tokens = tower(x)
    assert tokens.shape == (2, cfg.n_tokens, cfg.width) and cfg.n_tokens == 16
    hidden = tower.clip(pixel_values=x, output_hidden_states=True).hidden_states
    assert torch.equal(tokens, hidden[-2][:, 1:])  # penultimate layer, CLS dropped
    assert not any(p.requires_grad for p in tower.parameters())


def test_full_size_vision_config_gives_576_tokens():
    assert VisionConfig().n_tokens == 576


def test_tower_loads_a_full_clip_folder(tmp_path):
    """LLaVA points at openai/clip-vit-large-patch14-336, a full CLIPModel folder: its vision half loads."""
    from transformers import CLIPConfig, CLIPModel

    cfg = VisionConfig.tiny()
    vision = dict(hidden_size=cfg.width, intermediate_size=cfg.intermediate, num_hidden_layers=cfg.layers,
                  num_attention_heads=cfg.heads, image_size=cfg.image_size, patch_size=cfg.patch)
    text = dict(hidden_size=16, intermediate_size=32, num_hidden_layers=1, num_attention_heads=2, vocab_size=64,
                bos_token_id=0, eos_token_id=1, pad_token_id=1)
    clip = CLIPModel(CLIPConfig(vision_config=vision, text_config=text, projection_dim=8))
    clip.save_pretrained(tmp_path / "clip-336")
    tower = build_vision_tower(dataclasses.replace(cfg, path=str(tmp_path / "clip-336")))
    loaded = tower.clip.embeddings.patch_embedding.weight
    assert torch.equal(loaded, clip.vision_model.embeddings.patch_embedding.weight)
    bad = dataclasses.replace(cfg, path=str(tmp_path / "clip-336"), image_size=112)
    with pytest.raises(ValueError, match="image_size"):
        build_vision_tower(bad)
