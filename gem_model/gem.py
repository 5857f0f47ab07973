"""The GEM model: frozen ECG and vision encoders, two projectors, and a transformers causal LM.

Like LLaVA's ``llava_arch.py`` but as composition, not a backbone subclass: the LLM is any
``transformers`` causal LM (a random tiny Llama in tests, LLaVA-v1.6-Vicuna-7B / PULSE-7B for real),
and the multimodal part reduces to ``inputs_embeds`` built by :func:`gem_model.splice.splice`.

Checkpoint folder written by :func:`save_gem` (and read by :func:`load_gem`)::

    gem_config.json   the GemConfig (paths rewritten to the files below where they live here)
    tokenizer/        the tokenizer
    projectors.pt     ecg_projector.* and mm_projector.* (always trained)
    llm/              full LLM weights (full fine-tuning, or a random-init base)
    llm_adapter/      LoRA adapter (peft) when trained with LoRA; the base is llm/ if it was random-init,
                      else the original local path
    ecg_encoder.pt    random-init ECG encoder, in ECG-CoCa's key layout (tiny preset only)
    vision/           random-init CLIP tower (tiny preset only)
"""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import torch
from torch import nn
from transformers import AutoModelForCausalLM, LlamaConfig, LlamaForCausalLM, PreTrainedModel

from gem_model.config import GemConfig, from_dict, require_path
from gem_model.ecg_encoder import CHECKPOINT_PREFIX, EcgEncoder, build_ecg_encoder
from gem_model.projector import Projectors
from gem_model.splice import Spliced, splice
from gem_model.vision import VisionTower, build_vision_tower

_LLAVA_PROJECTOR_PREFIXES = {"mm_projector": "model.mm_projector.", "ecg_projector": "model.ecg_projector."}


class GemModel(nn.Module):
    """ECG (B, 12, 5000) + page (B, 3, S, S) + prompt ids -> causal-LM outputs over the spliced sequence."""

    def __init__(self, cfg: GemConfig, llm: PreTrainedModel, ecg_encoder: EcgEncoder, vision: VisionTower,
                 projectors: Projectors):
        super().__init__()
        self.cfg = cfg
        self.llm = llm
        self.ecg_encoder = ecg_encoder
        self.vision = vision
        self.projectors = projectors

    def train(self, mode: bool = True) -> GemModel:
        super().train(mode)
        self.ecg_encoder.eval()  # frozen encoders stay in eval mode (no dropout) while training
        self.vision.eval()
        return self

    def encode_multimodal(self, ecg_mv: torch.Tensor, pixels: torch.Tensor) -> torch.Tensor:
        """(B, 12, 5000), (B, 3, S, S) -> (B, 101 + n_image, llm_width): ECG tokens then image tokens."""
        with torch.no_grad():  # both encoders are frozen
            ecg_tokens = self.ecg_encoder(ecg_mv)  # (B, 12, 5000) -> (B, 101, 768)
            image_tokens = self.vision(pixels)  # (B, 3, 336, 336) -> (B, 576, 1024)
        return self.projectors(ecg_tokens, image_tokens)  # -> (B, 677, 4096)

    def embed(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, ecg_mv: torch.Tensor,
              pixels: torch.Tensor, labels: torch.Tensor | None = None) -> Spliced:
        """Text embeddings with the multimodal tokens spliced in at ``<image>``."""
        embedding = self.llm.get_input_embeddings()
        text = embedding(input_ids.clamp(min=0))  # (B, T) -> (B, T, D); the sentinel id is replaced below
        mm = self.encode_multimodal(ecg_mv, pixels)  # (B, M, D)
        return splice(text, input_ids, attention_mask, mm.to(text.dtype), labels, max_length=self.cfg.max_length)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, ecg_mv: torch.Tensor,
                pixels: torch.Tensor, labels: torch.Tensor | None = None):
        s = self.embed(input_ids, attention_mask, ecg_mv, pixels, labels)  # (B, T) -> (B, T - 1 + M, D)
        return self.llm(inputs_embeds=s.embeds, attention_mask=s.attention_mask, labels=s.labels, use_cache=False)


def build_gem(cfg: GemConfig, tokenizer, *, frozen_dtype: torch.dtype = torch.float32,
              llm_dtype: torch.dtype = torch.float32) -> GemModel:
    """Assemble the model from local paths (or random init where a path is None); nothing downloads."""
    cfg.check_paths()
    ecg = build_ecg_encoder(cfg.ecg).to(frozen_dtype)
    vision = build_vision_tower(cfg.vision, frozen_dtype)
    llm = _build_llm(cfg, tokenizer, llm_dtype)
    projectors = Projectors(cfg.projector, cfg.ecg.width, vision.width, llm.config.hidden_size)
    if cfg.llm.path is not None:
        _load_llava_projectors(Path(cfg.llm.path), projectors)
    return GemModel(cfg, llm, ecg, vision, projectors)


def save_gem(model: GemModel, tokenizer, out_dir: str | Path) -> Path:
    """Write a self-contained checkpoint folder (layout in the module docstring)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    cfg = model.cfg
    tokenizer.save_pretrained(out / "tokenizer")
    torch.save(model.projectors.state_dict(), out / "projectors.pt")
    llm = model.llm
    is_lora = hasattr(llm, "peft_config")
    if is_lora:
        llm.save_pretrained(out / "llm_adapter")
        if cfg.llm.path is None:  # a random base exists nowhere else: save it without the adapters
            base = llm.get_base_model()
            state = {k.replace(".base_layer", ""): v for k, v in base.state_dict().items() if "lora_" not in k}
            base.save_pretrained(out / "llm", state_dict=state)
    else:
        llm.save_pretrained(out / "llm")
    # paths inside the folder are stored relative to it, so the folder can be moved or renamed
    llm_path = "llm" if (out / "llm").exists() else _absolute(cfg.llm.path)
    ecg_ckpt = _absolute(cfg.ecg.checkpoint)
    if ecg_ckpt is None:
        state = {CHECKPOINT_PREFIX + k: v for k, v in model.ecg_encoder.state_dict().items()}
        torch.save({"state_dict": state}, out / "ecg_encoder.pt")
        ecg_ckpt = "ecg_encoder.pt"
    vision_path = _absolute(cfg.vision.path)
    if vision_path is None:
        model.vision.clip.save_pretrained(out / "vision")
        vision_path = "vision"
    saved = dataclasses.replace(
        cfg,
        ecg=dataclasses.replace(cfg.ecg, checkpoint=ecg_ckpt),
        vision=dataclasses.replace(cfg.vision, path=vision_path),
        llm=dataclasses.replace(cfg.llm, path=llm_path, tokenizer_path="tokenizer"),
    )
    (out / "gem_config.json").write_text(json.dumps(dataclasses.asdict(saved), indent=2))
    return out


def load_gem(model_dir: str | Path, *, dtype: torch.dtype = torch.float32) -> tuple[GemModel, object]:
    """(model, tokenizer) from a :func:`save_gem` folder, in eval mode, adapters merged."""
    from gem_model.tokenizer import load_tokenizer

    d = require_path("GEM model folder", model_dir, "a folder written by `gem train` (gem_config.json, "
                                                    "tokenizer/, projectors.pt, llm/ or llm_adapter/)")
    if not (d / "gem_config.json").exists() and (d / "last" / "gem_config.json").exists():
        d = d / "last"  # the training output folder: use its latest checkpoint
    cfg = _resolve_paths(from_dict(GemConfig, json.loads((d / "gem_config.json").read_text())), d)
    tokenizer = load_tokenizer(cfg.llm)
    model = build_gem(cfg, tokenizer, frozen_dtype=dtype, llm_dtype=dtype)
    if (d / "llm_adapter").exists():
        from peft import PeftModel

        model.llm = PeftModel.from_pretrained(model.llm, d / "llm_adapter").merge_and_unload()
    model.projectors.load_state_dict(torch.load(d / "projectors.pt", map_location="cpu", weights_only=True))
    return model.to(dtype).eval(), tokenizer


def _absolute(path: str | None) -> str | None:
    return None if path is None else str(Path(path).resolve())


def _resolve_paths(cfg: GemConfig, folder: Path) -> GemConfig:
    """Make the folder-relative paths of a saved gem_config.json absolute."""
    def fix(p: str | None) -> str | None:
        return None if p is None or Path(p).is_absolute() else str(folder / p)

    return dataclasses.replace(
        cfg,
        ecg=dataclasses.replace(cfg.ecg, checkpoint=fix(cfg.ecg.checkpoint)),
        vision=dataclasses.replace(cfg.vision, path=fix(cfg.vision.path)),
        llm=dataclasses.replace(cfg.llm, path=fix(cfg.llm.path), tokenizer_path=fix(cfg.llm.tokenizer_path)),
    )


def _build_llm(cfg: GemConfig, tokenizer, dtype: torch.dtype) -> PreTrainedModel:
    if cfg.llm.path is None:
        c = cfg.llm
        config = LlamaConfig(
            vocab_size=len(tokenizer), hidden_size=c.hidden, intermediate_size=c.intermediate,
            num_hidden_layers=c.layers, num_attention_heads=c.heads, num_key_value_heads=c.kv_heads,
            max_position_embeddings=max(c.max_positions, cfg.max_length), bos_token_id=tokenizer.bos_token_id,
            eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id,
        )
        return LlamaForCausalLM(config).to(dtype)
    path = Path(cfg.llm.path)
    config_file = path / "config.json"
    model_type = json.loads(config_file.read_text()).get("model_type") if config_file.exists() else None
    if model_type == "llava_llama":  # original LLaVA layout (LLaVA-v1.6-Vicuna, PULSE): a Llama plus extras
        conf = {k: v for k, v in json.loads(config_file.read_text()).items() if k != "model_type"}
        return LlamaForCausalLM.from_pretrained(path, config=LlamaConfig(**conf), dtype=dtype)
    return AutoModelForCausalLM.from_pretrained(path, dtype=dtype)


def _load_llava_projectors(path: Path, projectors: Projectors) -> None:
    """Copy ``model.mm_projector.*`` / ``model.ecg_projector.*`` from a LLaVA-layout checkpoint, if present."""
    state = _read_prefixed(path, tuple(_LLAVA_PROJECTOR_PREFIXES.values()))
    for name, prefix in _LLAVA_PROJECTOR_PREFIXES.items():
        sub = {k[len(prefix):]: v for k, v in state.items() if k.startswith(prefix)}
        if sub:
            getattr(projectors, name).load_state_dict(sub, strict=True)


def _read_prefixed(path: Path, prefixes: tuple[str, ...]) -> dict[str, torch.Tensor]:
    """Tensors whose names start with ``prefixes`` from a folder of safetensors or .bin shards."""
    out: dict[str, torch.Tensor] = {}
    shards = sorted(path.glob("*.safetensors"))
    if shards:
        from safetensors import safe_open

        for shard in shards:
            with safe_open(str(shard), framework="pt") as f:
                for key in f.keys():
                    if key.startswith(prefixes):
                        out[key] = f.get_tensor(key)
        return out
    for shard in sorted(path.glob("pytorch_model*.bin")):
        state = torch.load(shard, map_location="cpu", weights_only=True, mmap=True)
        out.update({k: v for k, v in state.items() if k.startswith(prefixes)})
    return out
