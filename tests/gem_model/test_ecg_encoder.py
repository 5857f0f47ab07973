"""ECG-CoCa encoder: GEM's 101 tokens, and released checkpoints load 1:1 into it."""
from __future__ import annotations

import pytest
import torch

from gem_model.config import EcgEncoderConfig, MissingPathError
from gem_model.ecg_encoder import EcgEncoder, build_ecg_encoder, load_ecg_coca

# Parameter names of ECG-Chat's EcgTransformer (open_clip fork, transformer.py) for one block; the
# released ECG-CoCa checkpoint stores them under "module.ecg.". Copied from the upstream module.
UPSTREAM_KEYS = {
    "class_embedding", "positional_embedding", "proj", "conv1.weight", "ln_pre.weight", "ln_pre.bias",
    "ln_post.weight", "ln_post.bias",
    *(f"transformer.resblocks.0.{k}" for k in (
        "ln_1.weight", "ln_1.bias", "attn.in_proj_weight", "attn.in_proj_bias", "attn.out_proj.weight",
        "attn.out_proj.bias", "ln_2.weight", "ln_2.bias", "mlp.c_fc.weight", "mlp.c_fc.bias",
        "mlp.c_proj.weight", "mlp.c_proj.bias")),
}


def test_encoder_gives_101_tokens_per_record():
    """GEM splices exactly 101 ECG tokens (CLS + 100 patches of 50 samples) per record."""
    cfg = EcgEncoderConfig.tiny()
    enc = EcgEncoder(cfg)
    out = enc(torch.randn(3, 12, 5000))
    assert out.shape == (3, 101, cfg.width)
    assert cfg.n_tokens == 101


def test_full_size_config_matches_spec():
    """SPEC §9: width 768, 12 layers, 12 heads, patch 50 -> positions (101, 768), conv (768, 12, 50)."""
    enc = EcgEncoder(EcgEncoderConfig())
    assert enc.positional_embedding.shape == (101, 768)
    assert enc.conv1.weight.shape == (768, 12, 50) and enc.conv1.bias is None
    assert len(enc.transformer.resblocks) == 12
    assert enc.transformer.resblocks[0].attn.num_heads == 12


def test_parameter_names_match_ecg_coca():
    """Released weights load by name; any drift in naming would silently break compatibility."""
    enc = EcgEncoder(EcgEncoderConfig(width=16, layers=1, heads=2, output_dim=8))
    assert set(enc.state_dict()) == UPSTREAM_KEYS


def test_checkpoint_in_ecg_coca_layout_restores_encoder_exactly(tmp_path):
    """A checkpoint with other CoCa towers and training state around the ECG tower loads bit for bit."""
    cfg = EcgEncoderConfig.tiny()
    torch.manual_seed(1)
    source = EcgEncoder(cfg)
    state = {f"module.ecg.{k}": v.clone() for k, v in source.state_dict().items()}
    state["module.text.proj"] = torch.randn(4, 4)  # the text tower and decoder live beside it
    state["module.logit_scale"] = torch.tensor(2.6)
    path = tmp_path / "epoch_20.pt"
    torch.save({"epoch": 20, "name": "coca_ViT-B-32", "state_dict": state}, path)

    torch.manual_seed(2)
    loaded = build_ecg_encoder(EcgEncoderConfig(**{**cfg.__dict__, "checkpoint": str(path)}))
    for k, v in source.state_dict().items():
        assert torch.equal(loaded.state_dict()[k], v), k
    x = torch.randn(2, 12, 5000)
    with torch.no_grad():  # same attention kernel for both (autograd state picks MHA's fast path)
        assert torch.equal(loaded(x), source.eval()(x))
    assert not any(p.requires_grad for p in loaded.parameters())  # frozen


def test_checkpoint_without_ecg_keys_is_refused(tmp_path):
    path = tmp_path / "clip.pt"
    torch.save({"state_dict": {"module.visual.proj": torch.zeros(2)}}, path)
    with pytest.raises(ValueError, match="module.ecg"):
        load_ecg_coca(EcgEncoder(EcgEncoderConfig.tiny()), path)


def test_missing_checkpoint_names_path_and_content(tmp_path):
    missing = tmp_path / "nowhere" / "cpt.pt"
    with pytest.raises(MissingPathError) as err:
        build_ecg_encoder(EcgEncoderConfig(checkpoint=str(missing)))
    assert str(missing) in str(err.value) and "ECG-CoCa" in str(err.value)
