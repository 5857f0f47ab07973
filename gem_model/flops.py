"""Model FLOPs of one training sample, and accelerator peaks, for model FLOPs utilisation (MFU).

Convention (PaLM, nanoGPT): model FLOPs exclude activation recomputation, so gradient
checkpointing lowers MFU rather than raising it. Per token of a trained transformer:
6 N (forward 2 N, backward 4 N) plus 12 L d T for attention scores over a length-T sequence.
With LoRA the frozen base still needs input gradients in the backward pass but no weight
gradients: 4 N and 8 L d T. Frozen encoders run forward only: 2 N per token they process.
"""
from __future__ import annotations

from collections.abc import Callable

from torch import nn

# Dense bf16 peak per GPU (vendor spec sheets, without sparsity).
_PEAK_BF16_FLOPS = {"H200": 989e12, "H100": 989e12, "A100": 312e12, "L40S": 362e12, "A10G": 125e12, "L4": 121e12}


def peak_flops(device_name: str) -> float | None:
    """Dense bf16 peak of a CUDA device by name (``torch.cuda.get_device_name``); None if unknown."""
    for key, value in _PEAK_BF16_FLOPS.items():
        if key in device_name:
            return value
    return None


def train_flops_fn(model: nn.Module, *, lora: bool) -> Callable[[int], float]:
    """seq_len -> FLOPs to train on one spliced sequence of that length (``model``: a GemModel).

    Parameter counts are taken once, here, so the per-step call is cheap.
    """
    llm = model.llm.get_base_model() if hasattr(model.llm, "get_base_model") else model.llm
    cfg = llm.config
    embed = llm.get_input_embeddings().weight.numel()
    n_llm = sum(p.numel() for n, p in llm.named_parameters() if "lora_" not in n) - embed
    layers, hidden = cfg.num_hidden_layers, cfg.hidden_size
    dense, attn = (4, 8) if lora else (6, 12)
    n_ecg = sum(p.numel() for p in model.ecg_encoder.parameters())
    n_vis = sum(p.numel() for p in model.vision.parameters())
    n_proj = sum(p.numel() for p in model.projectors.parameters())
    ecg_tokens, vis_tokens = model.cfg.ecg.n_tokens, model.cfg.vision.n_tokens
    fixed = 2 * n_ecg * ecg_tokens + 2 * n_vis * (vis_tokens + 1) + 6 * n_proj * (ecg_tokens + vis_tokens)

    def flops(seq_len: int) -> float:
        return float(dense * n_llm * seq_len + attn * layers * hidden * seq_len ** 2 + fixed)

    return flops
