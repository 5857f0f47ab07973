"""One-step SFT of GEM (SPEC §9), read top to bottom like nanoGPT's ``train.py``.

Encoders frozen; both projectors and the LLM (full, or LoRA adapters via peft) trained with AdamW
on answer tokens only. ``accelerate`` runs the same loop on one CPU, one GPU or many
(``accelerate launch -m gem_model.cli train ...`` / ``torchrun``); ``deepspeed_config`` switches on
ZeRO-2 (``gem_model/zero2.json``, optional dependency). The learning rate is a pure function of the
step, so a checkpoint holds the schedule as just ``step``; data order is a pure function of
(seed, step) too, so a resumed run sees exactly the batches the interrupted one would have.

Checkpoints: ``out_dir/last`` = a :func:`gem_model.gem.save_gem` folder plus ``trainer_state.pt``
(optimizer, step, RNG states, loss history). It is written to ``last.tmp`` and renamed, so a kill
mid-save leaves the previous checkpoint intact.
"""
from __future__ import annotations

import dataclasses
import functools
import math
import random
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from gem_model.config import TrainConfig
from gem_model.conversation import VICUNA_V1, ChatTemplate
from gem_model.data import GemDataset, SampleSource, collate, read_samples
from gem_model.flops import peak_flops, train_flops_fn
from gem_model.gem import GemModel, build_gem, save_gem
from gem_model.tokenizer import build_tiny_tokenizer, load_tokenizer

LORA_TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


@dataclass(frozen=True)
class TrainSummary:
    steps: int
    final_loss: float
    losses: tuple[float, ...]  # one per optimizer step taken in this run
    tokens_per_s: float  # median over the run's steps
    samples_per_s: float
    mfu: float | None  # None off-GPU
    checkpoint: str


def lr_at(step: int, total_steps: int, warmup_steps: int, max_lr: float, min_lr: float = 0.0) -> float:
    """Linear warmup then cosine decay to ``min_lr`` (HF ``cosine`` schedule); ``step`` is 0-based."""
    if step < warmup_steps:
        return max_lr * (step + 1) / warmup_steps
    progress = (step - warmup_steps) / max(1, total_steps - warmup_steps)
    return min_lr + 0.5 * (max_lr - min_lr) * (1.0 + math.cos(math.pi * min(1.0, progress)))


def train(cfg: TrainConfig, *, on_step: Callable[[dict], None] | None = None,
          stop_at_step: int | None = None, template: ChatTemplate = VICUNA_V1) -> TrainSummary:
    """Train per ``cfg``; ``on_step`` gets each step's metrics; ``stop_at_step`` simulates an interruption."""
    from accelerate import Accelerator

    cfg.model.check_paths()  # fail before any work, naming every missing file at once
    accelerator = Accelerator(cpu=not torch.cuda.is_available(), deepspeed_plugin=_deepspeed_plugin(cfg))
    frozen_dtype, llm_dtype, autocast = _precision(cfg, accelerator.device)
    out = Path(cfg.out_dir)
    last = out / "last"
    resuming = cfg.resume and (last / "trainer_state.pt").exists()

    # ---- data and tokenizer
    samples = read_samples(cfg.data)
    if not samples:
        raise ValueError(f"{cfg.data} holds no samples to train on")
    data_dir = Path(cfg.data).resolve().parent
    source = SampleSource(Path(cfg.image_root or data_dir), Path(cfg.ecg_root or data_dir), cfg.model, template)
    if resuming:
        tokenizer = load_tokenizer(dataclasses.replace(cfg.model.llm, tokenizer_path=str(last / "tokenizer")))
    elif cfg.model.llm.path is None:
        tokenizer = build_tiny_tokenizer(_texts(samples, template), cfg.model.llm.tiny_vocab)
    else:
        tokenizer = load_tokenizer(cfg.model.llm)
    dataset = GemDataset(samples, source, tokenizer)

    # ---- model: frozen encoders, trainable projectors + LLM (full or LoRA)
    _seed_everything(cfg.seed)
    model = build_gem(_resume_model_cfg(cfg, last) if resuming else cfg.model, tokenizer,
                      frozen_dtype=frozen_dtype, llm_dtype=llm_dtype)
    model.cfg = cfg.model  # save encoders/LLM again where the preset made them up
    if resuming:
        model.projectors.load_state_dict(torch.load(last / "projectors.pt", map_location="cpu", weights_only=True))
    model.projectors.to(torch.bfloat16 if cfg.precision == "bf16-pure" else torch.float32)
    model.llm = _trainable_llm(model.llm, cfg, last if resuming else None)
    if cfg.grad_checkpointing:
        model.llm.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=cfg.lr, betas=cfg.betas, weight_decay=cfg.weight_decay)
    model, optimizer = accelerator.prepare(model, optimizer)

    # ---- schedule and resume
    world = accelerator.num_processes
    total_steps = cfg.steps or max(1, math.ceil(len(dataset) / (cfg.batch_size * cfg.grad_accum * world)))
    warmup_steps = max(1, math.ceil(cfg.warmup_ratio * total_steps))
    step, history = 0, []
    if resuming:
        state = torch.load(last / "trainer_state.pt", map_location="cpu", weights_only=False)
        optimizer.load_state_dict(state["optimizer"])
        step, history = state["step"], list(state["losses"])
        _set_rng(state["rng"])
    end_step = min(total_steps, stop_at_step) if stop_at_step is not None else total_steps
    sampler = _StepBatches(len(dataset), cfg.batch_size, cfg.grad_accum, world, accelerator.process_index,
                           cfg.seed, start_step=step, end_step=end_step)
    loader = torch.utils.data.DataLoader(dataset, batch_sampler=sampler, num_workers=cfg.num_workers,
                                         collate_fn=functools.partial(collate, pad_id=tokenizer.pad_token_id))
    batches = iter(loader)
    unwrapped: GemModel = accelerator.unwrap_model(model)
    peak = peak_flops(torch.cuda.get_device_name()) if accelerator.device.type == "cuda" else None
    flops_of = train_flops_fn(unwrapped, lora=cfg.lora)

    # ---- the loop
    model.train()
    run_losses, tok_rates, sample_rates, mfus = [], [], [], []
    while step < end_step:
        lr = lr_at(step, total_steps, warmup_steps, cfg.lr, cfg.min_lr)
        for group in optimizer.param_groups:
            group["lr"] = lr
        t0 = time.perf_counter()
        loss_sum = torch.zeros((), device=accelerator.device)  # summed on device: no sync per micro-batch
        n_tokens, n_samples, flops = 0, 0, 0.0
        for micro in range(cfg.grad_accum):
            batch = {k: v.to(accelerator.device) for k, v in next(batches).items()}
            sync = micro == cfg.grad_accum - 1
            with _maybe_no_sync(accelerator, model, sync), torch.autocast(accelerator.device.type, torch.bfloat16,
                                                                          enabled=autocast):
                loss = model(**batch).loss
                accelerator.backward(loss / cfg.grad_accum)
            loss_sum += loss.detach().float()
            seq_lens = batch["attention_mask"].sum(dim=1) - 1 + unwrapped.cfg.n_multimodal  # spliced lengths
            n_tokens += int(seq_lens.sum())
            n_samples += len(seq_lens)
            flops += sum(flops_of(int(n)) for n in seq_lens.tolist())
        if cfg.max_grad_norm > 0:
            accelerator.clip_grad_norm_(params, cfg.max_grad_norm)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        if accelerator.device.type == "cuda":
            torch.cuda.synchronize()
        dt = time.perf_counter() - t0
        step += 1
        step_loss = float(accelerator.reduce(loss_sum / cfg.grad_accum, "mean"))
        metrics = {
            "step": step, "total_steps": total_steps, "loss": step_loss, "lr": lr,
            "tokens_per_s": n_tokens * world / dt, "samples_per_s": n_samples * world / dt,
            "mfu": flops / dt / peak if peak else None,
        }
        history.append(step_loss)
        run_losses.append(step_loss)
        tok_rates.append(metrics["tokens_per_s"])
        sample_rates.append(metrics["samples_per_s"])
        if metrics["mfu"] is not None:
            mfus.append(metrics["mfu"])
        if accelerator.is_main_process:
            print(format_step(metrics), flush=True)
            if on_step is not None:
                on_step(metrics)
        if step == end_step or (cfg.save_every and step % cfg.save_every == 0):
            _save(accelerator, unwrapped, tokenizer, optimizer, step, history, cfg, out)

    return TrainSummary(
        steps=step, final_loss=history[-1] if history else float("nan"), losses=tuple(run_losses),
        tokens_per_s=float(np.median(tok_rates)) if tok_rates else 0.0,
        samples_per_s=float(np.median(sample_rates)) if sample_rates else 0.0,
        mfu=float(np.median(mfus)) if mfus else None, checkpoint=str(last),
    )


def format_step(m: dict) -> str:
    """The one log line per step."""
    mfu = f"{100 * m['mfu']:.1f}%" if m["mfu"] is not None else "n/a"
    return (f"step {m['step']}/{m['total_steps']} | loss {m['loss']:.4f} | lr {m['lr']:.2e} | "
            f"{m['tokens_per_s']:.0f} tok/s | {m['samples_per_s']:.2f} samples/s | mfu {mfu}")


class _StepBatches(torch.utils.data.Sampler):
    """Index lists for micro-batches [start_step, end_step) x grad_accum of this rank.

    Global position q = ((step * accum + micro) * world + rank) * batch + j walks a fresh seeded
    permutation per epoch, so the order depends only on (seed, step), never on iterator state.
    """

    def __init__(self, n: int, batch: int, accum: int, world: int, rank: int, seed: int, *,
                 start_step: int, end_step: int):
        self.n, self.batch, self.accum, self.world, self.rank, self.seed = n, batch, accum, world, rank, seed
        self.start_step, self.end_step = start_step, end_step
        self._perms: dict[int, np.ndarray] = {}

    def __len__(self) -> int:
        return max(0, self.end_step - self.start_step) * self.accum

    def __iter__(self) -> Iterator[list[int]]:
        for step in range(self.start_step, self.end_step):
            for micro in range(self.accum):
                first = ((step * self.accum + micro) * self.world + self.rank) * self.batch
                yield [self._index(q) for q in range(first, first + self.batch)]

    def _index(self, q: int) -> int:
        epoch, i = divmod(q, self.n)
        if epoch not in self._perms:
            self._perms = {epoch: np.random.default_rng((self.seed, epoch)).permutation(self.n)}
        return int(self._perms[epoch][i])


def _precision(cfg: TrainConfig, device: torch.device) -> tuple[torch.dtype, torch.dtype, bool]:
    """(frozen dtype, LLM dtype, autocast?) for fp32 | bf16 | bf16-pure (auto: bf16 on GPU, fp32 on CPU).

    ``bf16`` keeps trainable weights in fp32 (an lr of 2e-5 is below bf16's resolution for most
    weights) and runs matmuls in bf16 under autocast; ``bf16-pure`` halves memory for full FT of a
    7B model on a single GPU at that cost. Under DeepSpeed, ZeRO keeps its own fp32 master weights.
    """
    precision = cfg.precision
    if precision == "auto":
        precision = "bf16" if device.type == "cuda" else "fp32"
    if precision == "fp32":
        return torch.float32, torch.float32, False
    if precision == "bf16":
        return torch.bfloat16, (torch.bfloat16 if cfg.lora else torch.float32), True
    if precision == "bf16-pure":
        return torch.bfloat16, torch.bfloat16, False
    raise ValueError(f"precision must be auto, fp32, bf16 or bf16-pure, got {cfg.precision!r}")


def _trainable_llm(llm, cfg: TrainConfig, last: Path | None):
    """Full fine-tuning, or the LLM frozen with LoRA adapters (restored from ``last`` when resuming)."""
    if not cfg.lora:
        llm.requires_grad_(True)
        return llm
    from peft import LoraConfig, PeftModel, get_peft_model

    llm.requires_grad_(False)
    if last is not None:
        return PeftModel.from_pretrained(llm, last / "llm_adapter", is_trainable=True)
    return get_peft_model(llm, LoraConfig(r=cfg.lora_r, lora_alpha=cfg.lora_alpha, lora_dropout=cfg.lora_dropout,
                                          target_modules=list(LORA_TARGETS), task_type="CAUSAL_LM"))


def _resume_model_cfg(cfg: TrainConfig, last: Path):
    """The model config pointing at ``last`` for everything this run trained or made up."""
    m = cfg.model
    llm_path = str(last / "llm") if (not cfg.lora or m.llm.path is None) else m.llm.path
    return dataclasses.replace(
        m,
        llm=dataclasses.replace(m.llm, path=llm_path, tokenizer_path=str(last / "tokenizer")),
        ecg=m.ecg if m.ecg.checkpoint else dataclasses.replace(m.ecg, checkpoint=str(last / "ecg_encoder.pt")),
        vision=m.vision if m.vision.path else dataclasses.replace(m.vision, path=str(last / "vision")),
    )


def _save(accelerator, model: GemModel, tokenizer, optimizer, step: int, history: list[float],
          cfg: TrainConfig, out: Path) -> None:
    accelerator.wait_for_everyone()
    if accelerator.is_main_process:
        tmp, last = out / "last.tmp", out / "last"
        shutil.rmtree(tmp, ignore_errors=True)
        save_gem(model, tokenizer, tmp)
        torch.save({"optimizer": optimizer.state_dict(), "step": step, "losses": history, "rng": _get_rng(),
                    "train_config": cfg.to_json()}, tmp / "trainer_state.pt")
        (tmp / "train_config.json").write_text(cfg.to_json())
        shutil.rmtree(last, ignore_errors=True)
        tmp.rename(last)
    accelerator.wait_for_everyone()


def _texts(samples: list[dict], template: ChatTemplate) -> Iterator[str]:
    yield template.system
    yield f"{template.user}: {template.assistant}:"
    for s in samples:
        for turn in s["conversations"]:
            yield turn["value"]


def _seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def _get_rng() -> dict:
    state = {"python": random.getstate(), "numpy": np.random.get_state(), "torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def _set_rng(state: dict) -> None:
    random.setstate(state["python"])
    np.random.set_state(state["numpy"])
    torch.set_rng_state(state["torch"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


def _maybe_no_sync(accelerator, model, sync: bool):
    """Skip the gradient all-reduce on all but the last micro-batch of a step."""
    import contextlib

    return contextlib.nullcontext() if sync else accelerator.no_sync(model)


def _deepspeed_plugin(cfg: TrainConfig):
    """ZeRO-2 through accelerate, with the JSON's "auto" fields filled from ``cfg`` (untested here: optional)."""
    if cfg.deepspeed_config is None:
        return None
    try:
        import deepspeed  # noqa: F401
    except ImportError as exc:
        raise ImportError(f"deepspeed_config={cfg.deepspeed_config} needs DeepSpeed: pip install deepspeed") from exc
    import json

    from accelerate import DeepSpeedPlugin

    ds = json.loads(Path(cfg.deepspeed_config).read_text())
    ds.update(train_micro_batch_size_per_gpu=cfg.batch_size, gradient_accumulation_steps=cfg.grad_accum,
              gradient_clipping=cfg.max_grad_norm, bf16={"enabled": cfg.precision != "fp32"})
    ds.pop("train_batch_size", None)
    return DeepSpeedPlugin(hf_ds_config=ds, gradient_accumulation_steps=cfg.grad_accum)
