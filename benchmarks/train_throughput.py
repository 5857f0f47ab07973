"""Training throughput of one GEM SFT step: samples/s, tokens/s and (on a GPU) model FLOPs utilisation.

GPU (``--size 7b``, the default when CUDA is present): a 7B-shaped random-init Llama (4096 wide,
32 layers, 32k vocab) with GEM's real-size encoders (ECG-CoCa 768 x 12, CLIP ViT-L/14-336) and
projectors, sequences of ~1,200 tokens (677 multimodal + 523 text, 300 of them answer), bf16,
gradient checkpointing, measured for LoRA (r 128, bf16 base + fp32 adapters under autocast) and for
full fine-tuning (pure bf16 weights and AdamW states so 7B fits one 80 GB GPU). Everything is built
directly on the GPU so the whole script stays well under 8 minutes on an H100.
The baseline is PULSE's reported ~3 samples/s per H100 (full fine-tuning of LLaVA-7B; reported,
not re-run here).

CPU (``--size tiny``, the default without CUDA): the tiny preset, same loop, fp32; MFU is n/a.

Synthetic batches (random ids, signals and pixels) isolate the step from data loading; the loss
and optimizer step are the real ones. Medians over ``--steps`` after ``--warmup`` steps.

    .venv/bin/python benchmarks/train_throughput.py [--size tiny|7b] [--batch N] [--steps N]
"""
from __future__ import annotations

import argparse
import dataclasses
import statistics
import time

import torch

from gem_model.config import GemConfig, LlmConfig, TrainConfig
from gem_model.flops import peak_flops, train_flops_fn
from gem_model.gem import build_gem
from gem_model.splice import IGNORE_INDEX, IMAGE_TOKEN_INDEX
from gem_model.train import _trainable_llm

PULSE_SAMPLES_PER_S_PER_H100 = 3.0  # PULSE (Liu et al. 2024) reported training throughput


@dataclasses.dataclass(frozen=True)
class _VocabOnly:
    """What build_gem needs from a tokenizer to size a random LLM."""

    n: int
    bos_token_id: int = 1
    eos_token_id: int = 2
    pad_token_id: int = 0

    def __len__(self) -> int:
        return self.n


def _model_config(size: str) -> tuple[GemConfig, int]:
    """(model config, vocabulary size)."""
    if size == "tiny":
        return GemConfig.tiny(), 600
    base = GemConfig()  # SPEC §9 sizes; every path None = random init
    return dataclasses.replace(base, preset="7b-random", llm=LlmConfig()), 32000


def _batch(cfg: GemConfig, vocab: int, batch: int, text_len: int, answer_len: int, device) -> dict:
    ids = torch.randint(3, vocab, (batch, text_len), device=device)  # (B, T)
    ids[:, 0] = 1
    ids[:, 40] = IMAGE_TOKEN_INDEX
    labels = torch.full_like(ids, IGNORE_INDEX)
    labels[:, -answer_len:] = ids[:, -answer_len:]
    return {
        "input_ids": ids, "labels": labels, "attention_mask": torch.ones_like(ids),
        "ecg_mv": torch.randn(batch, 12, cfg.ecg.n_samples, device=device),  # (B, 12, 5000)
        "pixels": torch.randn(batch, 3, cfg.vision.image_size, cfg.vision.image_size, device=device),
    }


def measure(size: str, lora: bool, batch: int, steps: int, warmup: int) -> dict:
    """Median step rates for one configuration."""
    cuda = torch.cuda.is_available()
    device = torch.device("cuda" if cuda else "cpu")
    cfg, vocab = _model_config(size)
    precision = "fp32" if not cuda else ("bf16" if lora else "bf16-pure")
    tcfg = TrainConfig(model=cfg, lora=lora, precision=precision, grad_checkpointing=cuda)
    frozen = torch.bfloat16 if cuda else torch.float32
    llm_dtype = torch.bfloat16 if cuda else torch.float32
    torch.manual_seed(0)
    with torch.device(device):  # initialise directly on the GPU: a CPU init of 7B takes minutes
        model = build_gem(cfg, _VocabOnly(vocab), frozen_dtype=frozen, llm_dtype=llm_dtype)
        model.projectors.to(torch.bfloat16 if precision == "bf16-pure" else torch.float32)
        model.llm = _trainable_llm(model.llm, tcfg, None)
    if tcfg.grad_checkpointing:
        model.llm.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    model.to(device).train()
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=2e-5, weight_decay=0.0)
    text_len, answer_len = (90, 40) if size == "tiny" else (1200 - cfg.n_multimodal + 1, 300)
    data = _batch(cfg, vocab, batch, text_len, answer_len, device)
    seq_len = text_len - 1 + cfg.n_multimodal
    flops_per_step = batch * train_flops_fn(model, lora=lora)(seq_len)
    peak = peak_flops(torch.cuda.get_device_name()) if cuda else None
    times, cpu_times = [], []
    for i in range(warmup + steps):
        t0, c0 = time.perf_counter(), time.process_time()
        with torch.autocast(device.type, torch.bfloat16, enabled=precision == "bf16"):
            loss = model(**data).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        if cuda:
            torch.cuda.synchronize()
        if i >= warmup:
            times.append(time.perf_counter() - t0)
            cpu_times.append(time.process_time() - c0)
    dt = statistics.median(times)
    out = {
        "mode": "lora" if lora else "full", "batch": batch, "seq_len": seq_len, "step_s": dt,
        "samples_per_s": batch / dt, "tokens_per_s": batch * seq_len / dt,
        "samples_per_cpu_s": batch / statistics.median(cpu_times),  # robust to a busy shared CPU
        "mfu": flops_per_step / dt / peak if peak else None, "loss": loss.item(),
        "peak_mem_gb": torch.cuda.max_memory_allocated() / 2**30 if cuda else None,
    }
    del model, opt, params
    if cuda:
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", choices=["tiny", "7b"], default="7b" if torch.cuda.is_available() else "tiny")
    ap.add_argument("--batch", type=int, default=None, help="per step (default: tiny 8, 7b 4)")
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=2)
    args = ap.parse_args()
    batch = args.batch or (8 if args.size == "tiny" else 4)
    device = torch.cuda.get_device_name() if torch.cuda.is_available() else f"CPU ({torch.get_num_threads()} threads)"
    print(f"device: {device}; size {args.size}; batch {batch}; median of {args.steps} steps after {args.warmup}")
    results = {}
    for lora in (True, False):
        r = measure(args.size, lora, batch, args.steps, args.warmup)
        results[r["mode"]] = r
        mfu = f"{100 * r['mfu']:.1f}%" if r["mfu"] is not None else "n/a"
        mem = (f", peak {r['peak_mem_gb']:.1f} GiB" if r["peak_mem_gb"] is not None
               else f", {r['samples_per_cpu_s']:.2f} samples per CPU-second")
        print(f"{r['mode']:>4}: seq {r['seq_len']}, {r['step_s']:.3f} s/step, {r['samples_per_s']:.2f} samples/s, "
              f"{r['tokens_per_s']:.0f} tok/s, MFU {mfu}{mem}, loss {r['loss']:.3f}")
    full = results["full"]
    if torch.cuda.is_available() and args.size == "7b":
        ratio = full["samples_per_s"] / PULSE_SAMPLES_PER_S_PER_H100
        print(f"train_throughput: {full['samples_per_s']:.2f} samples/s/GPU full FT 7B seq {full['seq_len']}, "
              f"MFU {100 * full['mfu']:.1f}% ({ratio:.2f}x PULSE-reported 3 samples/s/H100)")
    else:
        print(f"train_throughput: {full['samples_per_s']:.2f} samples/s tiny preset on CPU, full FT, "
              f"{full['samples_per_cpu_s']:.2f} per CPU-second (n/a x PULSE-reported 3 samples/s/H100: "
              f"GPU 7B figure pending)")


if __name__ == "__main__":
    main()
