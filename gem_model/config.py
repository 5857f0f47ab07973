"""Every knob of the GEM model and its training, as frozen dataclasses with two presets.

Defaults live here once (SPEC §9 for the model and GEM's recipe); the ``gem`` CLI and the Dagster
asset both build these same objects. This module imports neither torch nor transformers, so the
Dagster definitions load fast and the asset can hand a ``TrainConfig`` to a subprocess as JSON.

Presets:
- :meth:`GemConfig.tiny` – random-init tiny Llama, tiny CLIP ViT, tiny ECG encoder; runs on a CPU in
  seconds; what the tests and the demo use. It still produces GEM's 101 ECG tokens (5000 samples,
  patch 50) so the splice is exercised at its real size.
- :meth:`GemConfig.gem_7b` – local paths to a LLaVA-v1.6-Vicuna-7B or PULSE-7B checkpoint, CLIP
  ViT-L/14-336 and an ECG-CoCa checkpoint. Nothing is downloaded: a missing path is an error.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path

STANDARD_LEADS: tuple[str, ...] = (
    "I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6",
)
# MIMIC-IV-ECG writes aVF before aVL (SPEC §1). ECG-CoCa and GEM read MIMIC records with
# ``wfdb.rdsamp`` in file order, so released encoder weights expect this channel order.
MIMIC_FILE_LEADS: tuple[str, ...] = (
    "I", "II", "III", "aVR", "aVF", "aVL", "V1", "V2", "V3", "V4", "V5", "V6",
)
CLIP_MEAN: tuple[float, float, float] = (0.48145466, 0.4578275, 0.40821073)
CLIP_STD: tuple[float, float, float] = (0.26862954, 0.26130258, 0.27577711)


class MissingPathError(FileNotFoundError):
    """Configured local paths that do not exist; the message says what belongs at each."""

    def __init__(self, missing: list[tuple[str, str, str]]):
        lines = [f"{what}: {path} does not exist. Put {expected} there." for what, path, expected in missing]
        super().__init__("\n".join(lines) + "\n(Nothing is downloaded at run time.)")
        self.paths = [path for _, path, _ in missing]


def require_path(what: str, path: str | Path, expected: str) -> Path:
    """Return ``path`` as a Path, or raise :class:`MissingPathError` naming it and its content."""
    p = Path(path).expanduser()
    if not p.exists():
        raise MissingPathError([(what, str(p), expected)])
    return p


@dataclass(frozen=True)
class EcgEncoderConfig:
    """ECG-CoCa 1-D ViT (SPEC §9). ``checkpoint``: an ECG-CoCa ``.pt``; None = random init."""

    width: int = 768
    layers: int = 12
    heads: int = 12
    patch: int = 50
    n_leads: int = 12
    n_samples: int = 5000
    mlp_ratio: float = 4.0
    output_dim: int = 512  # CoCa's contrastive projection; unused by GEM, kept so weights load 1:1
    checkpoint: str | None = None
    input_leads: tuple[str, ...] = STANDARD_LEADS  # channel order the encoder was trained on

    @property
    def n_tokens(self) -> int:
        return self.n_samples // self.patch + 1  # 100 patches + CLS = 101

    @classmethod
    def tiny(cls) -> EcgEncoderConfig:
        return cls(width=32, layers=2, heads=2, output_dim=16)


@dataclass(frozen=True)
class VisionConfig:
    """CLIP vision tower. ``path``: a local CLIPVisionModel/CLIPModel folder; None = random init."""

    path: str | None = None
    image_size: int = 336
    patch: int = 14
    width: int = 1024
    layers: int = 24
    heads: int = 16
    intermediate: int = 4096
    select_layer: int = -2  # LLaVA: penultimate layer
    select_feature: str = "patch"  # "patch" drops CLS; "cls_patch" keeps it
    image_fit: str = "pad"  # "pad" to a square (ours) or "crop" (GEM's centre crop, cuts page edges)
    mean: tuple[float, float, float] = CLIP_MEAN
    std: tuple[float, float, float] = CLIP_STD

    @property
    def n_tokens(self) -> int:
        n = (self.image_size // self.patch) ** 2
        return n + 1 if self.select_feature == "cls_patch" else n  # 576 for ViT-L/14-336

    @classmethod
    def tiny(cls) -> VisionConfig:
        return cls(image_size=56, patch=14, width=32, layers=2, heads=2, intermediate=64)


@dataclass(frozen=True)
class LlmConfig:
    """Causal LM. ``path``: a local Llama-family folder (LLaVA/Vicuna/PULSE); None = random tiny Llama."""

    path: str | None = None
    tokenizer_path: str | None = None  # defaults to ``path``
    hidden: int = 4096
    layers: int = 32
    heads: int = 32
    kv_heads: int = 32
    intermediate: int = 11008
    max_positions: int = 4096
    tiny_vocab: int = 600  # target vocabulary of the in-process tokenizer of the tiny preset

    @classmethod
    def tiny(cls) -> LlmConfig:
        return cls(hidden=64, layers=2, heads=4, kv_heads=4, intermediate=128, max_positions=1024)


@dataclass(frozen=True)
class GemConfig:
    """The whole model: both encoders, both projectors, the LLM and the splice length."""

    preset: str = "custom"
    ecg: EcgEncoderConfig = field(default_factory=EcgEncoderConfig)
    vision: VisionConfig = field(default_factory=VisionConfig)
    llm: LlmConfig = field(default_factory=LlmConfig)
    projector: str = "mlp2x_gelu"  # shared projector vision width -> LLM width (LLaVA naming)
    max_length: int = 4096  # spliced sequence, multimodal tokens included

    @property
    def n_multimodal(self) -> int:
        return self.ecg.n_tokens + self.vision.n_tokens  # 101 + 576 = 677 for gem-7b

    @classmethod
    def tiny(cls) -> GemConfig:
        return cls(preset="tiny", ecg=EcgEncoderConfig.tiny(), vision=VisionConfig.tiny(),
                   llm=LlmConfig.tiny(), max_length=1024)

    @classmethod
    def gem_7b(cls, llm_path: str, vision_path: str, ecg_checkpoint: str) -> GemConfig:
        """GEM's model: LLaVA-v1.6-Vicuna-7B / PULSE-7B + CLIP ViT-L/14-336 + ECG-CoCa (SPEC §9)."""
        return cls(
            preset="gem-7b",
            ecg=EcgEncoderConfig(checkpoint=ecg_checkpoint, input_leads=MIMIC_FILE_LEADS),
            vision=VisionConfig(path=vision_path),
            llm=LlmConfig(path=llm_path),
        )

    def check_paths(self) -> None:
        """Raise :class:`MissingPathError` listing every configured path that does not exist."""
        wanted = [
            ("ECG encoder checkpoint", self.ecg.checkpoint,
             "the ECG-CoCa checkpoint file (a torch .pt whose 'state_dict' holds 'module.ecg.*' keys, "
             "e.g. cpt_wfep_epoch_20.pt)"),
            ("CLIP vision tower", self.vision.path,
             "a transformers CLIP folder (config.json + weights), e.g. openai/clip-vit-large-patch14-336 "
             "saved with save_pretrained"),
            ("LLM checkpoint", self.llm.path,
             "a Llama-family transformers folder (config.json, tokenizer, weights), e.g. "
             "LLaVA-v1.6-Vicuna-7B or PULSE-7B"),
            ("LLM tokenizer", self.llm.tokenizer_path,
             "a transformers tokenizer folder (tokenizer.json or tokenizer.model)"),
        ]
        missing = [(what, str(Path(p).expanduser()), expected) for what, p, expected in wanted
                   if p is not None and not Path(p).expanduser().exists()]
        if missing:
            raise MissingPathError(missing)


@dataclass(frozen=True)
class TrainConfig:
    """One-step SFT. Defaults are GEM's recipe (SPEC §9): 1 epoch, lr 2e-5 cosine, 3 % warmup, wd 0,
    effective batch 256 (16 per GPU x accumulation 2 x 8 GPUs), bf16, gradient checkpointing."""

    data: str = ""  # GEM-format JSON or our Parquet
    out_dir: str = ""
    image_root: str | None = None  # default: the data file's folder
    ecg_root: str | None = None  # default: the data file's folder
    model: GemConfig = field(default_factory=GemConfig)
    steps: int | None = None  # optimizer steps; None = one epoch
    batch_size: int = 16  # per device
    grad_accum: int = 2
    lr: float = 2e-5
    min_lr: float = 0.0
    warmup_ratio: float = 0.03
    weight_decay: float = 0.0
    betas: tuple[float, float] = (0.9, 0.999)
    max_grad_norm: float = 1.0
    lora: bool = False  # False = full LLM fine-tuning (GEM); True = LoRA adapters via peft
    lora_r: int = 128
    lora_alpha: int = 256
    lora_dropout: float = 0.05
    precision: str = "auto"  # auto | fp32 | bf16 (fp32 trainable, bf16 frozen, autocast) | bf16-pure
    grad_checkpointing: bool = True
    deepspeed_config: str | None = None  # e.g. gem_model/zero2.json (needs `pip install deepspeed`)
    seed: int = 0
    save_every: int = 0  # steps between checkpoints; 0 = only at the end
    resume: bool = True  # continue from out_dir/last if it exists
    num_workers: int = 0

    @classmethod
    def tiny(cls, data: str, out_dir: str, steps: int | None = 20) -> TrainConfig:
        """The tiny preset: a random model a CPU trains in seconds (lr raised so it learns at all)."""
        return cls(data=data, out_dir=out_dir, model=GemConfig.tiny(), steps=steps, batch_size=8,
                   grad_accum=1, lr=3e-3, warmup_ratio=0.05, grad_checkpointing=False)

    @classmethod
    def gem_7b(cls, data: str, out_dir: str, llm_path: str, vision_path: str,
               ecg_checkpoint: str, **overrides) -> TrainConfig:
        """GEM's recipe on GEM's model; data loading in 8 workers (a 200 DPI page decodes in tens of ms)."""
        return cls(data=data, out_dir=out_dir, model=GemConfig.gem_7b(llm_path, vision_path, ecg_checkpoint),
                   **{"num_workers": 8, **overrides})

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), indent=2)

    @classmethod
    def from_json(cls, text: str) -> TrainConfig:
        return from_dict(cls, json.loads(text))


def from_dict(cls, data: dict):
    """Rebuild a (nested) config dataclass from ``dataclasses.asdict`` output (lists -> tuples)."""
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        sub = _NESTED.get(f.name)
        if sub is not None and isinstance(value, dict):
            value = from_dict(sub, value)
        elif isinstance(value, list):
            value = tuple(value)
        kwargs[f.name] = value
    return cls(**kwargs)


_NESTED = {"model": GemConfig, "ecg": EcgEncoderConfig, "vision": VisionConfig, "llm": LlmConfig}


PRESETS = ("tiny", "gem-7b")


def make_train_config(preset: str, data: str, out_dir: str, *, llm_path: str | None = None,
                      vision_path: str | None = None, ecg_checkpoint: str | None = None,
                      **overrides) -> TrainConfig:
    """The TrainConfig of a preset with the given non-None overrides: what the CLI and the asset both call.

    ``gem-7b`` needs the three local paths; overrides are TrainConfig field names (steps, lora, lr, ...).
    """
    if preset == "tiny":
        base = TrainConfig.tiny(data, out_dir, steps=20)
    elif preset == "gem-7b":
        missing = [n for n, v in (("llm_path", llm_path), ("vision_path", vision_path),
                                  ("ecg_checkpoint", ecg_checkpoint)) if v is None]
        if missing:
            raise ValueError(f"preset gem-7b needs local paths for {', '.join(missing)}: a LLaVA-v1.6-Vicuna-7B or "
                             f"PULSE-7B folder, a CLIP ViT-L/14-336 folder and an ECG-CoCa checkpoint")
        base = TrainConfig.gem_7b(data, out_dir, llm_path, vision_path, ecg_checkpoint)
    else:
        raise ValueError(f"unknown preset {preset!r}; choose one of {PRESETS}")
    known = {f.name for f in dataclasses.fields(TrainConfig)}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise ValueError(f"unknown TrainConfig fields: {unknown}")
    return dataclasses.replace(base, **{k: v for k, v in overrides.items() if v is not None})
