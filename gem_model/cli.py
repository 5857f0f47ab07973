"""``gem train`` and ``gem interpret``: click commands the ``gem`` group adds (also ``python -m gem_model.cli``).

``gem train --preset tiny --data train.json --out runs/tiny --steps 20`` builds the same TrainConfig
as the ``gem_model`` asset (:func:`gem_model.config.make_train_config`); for many GPUs prefix it
with ``accelerate launch -m gem_model.cli train ...`` or ``torchrun -m gem_model.cli train ...``.
"""
from __future__ import annotations

from pathlib import Path

import click

from gem_model.config import PRESETS, make_train_config

TINY_NOTE = ("Note: this is the tiny demo model (random init, trained a few steps on the demo set). "
             "It demonstrates the path from record to interpretation, not interpretation quality.")


@click.command("train")
@click.option("--preset", type=click.Choice(PRESETS), default="tiny", show_default=True)
@click.option("--data", required=True, type=click.Path(path_type=Path), help="GEM-format JSON or our Parquet.")
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path), help="Checkpoint folder.")
@click.option("--steps", type=int, help="Optimizer steps (default: tiny 20, gem-7b one epoch).")
@click.option("--image-root", type=click.Path(path_type=Path), help="Image paths are relative to this.")
@click.option("--ecg-root", type=click.Path(path_type=Path), help="ECG record paths are relative to this.")
@click.option("--llm-path", help="gem-7b: local LLaVA-v1.6-Vicuna-7B or PULSE-7B folder.")
@click.option("--vision-path", help="gem-7b: local CLIP ViT-L/14-336 folder.")
@click.option("--ecg-checkpoint", help="gem-7b: local ECG-CoCa checkpoint (.pt).")
@click.option("--lora/--full", default=None, help="LoRA adapters or full LLM fine-tuning (default: full).")
@click.option("--batch-size", type=int)
@click.option("--grad-accum", type=int)
@click.option("--lr", type=float)
@click.option("--precision", type=click.Choice(["auto", "fp32", "bf16", "bf16-pure"]))
@click.option("--save-every", type=int)
@click.option("--num-workers", type=int, help="Data-loading worker processes.")
@click.option("--deepspeed", "deepspeed_config", help="DeepSpeed JSON, e.g. gem_model/zero2.json.")
@click.option("--seed", type=int)
def train_cmd(preset: str, data: Path, out_dir: Path, image_root: Path | None, ecg_root: Path | None,
              llm_path: str | None, vision_path: str | None, ecg_checkpoint: str | None, **overrides) -> None:
    """Fine-tune a GEM model on DATA (one-step SFT, encoders frozen); resumes from OUT/last."""
    from transformers.utils import logging as hf_logging

    from gem_model.train import train

    hf_logging.disable_progress_bar()
    try:
        cfg = make_train_config(preset, str(data), str(out_dir), llm_path=llm_path, vision_path=vision_path,
                                ecg_checkpoint=ecg_checkpoint,
                                image_root=str(image_root) if image_root else None,
                                ecg_root=str(ecg_root) if ecg_root else None, **overrides)
        summary = train(cfg)
    except (FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"trained {summary.steps} steps: final loss {summary.final_loss:.4f}, "
               f"{summary.tokens_per_s:.0f} tok/s, {summary.samples_per_s:.2f} samples/s; "
               f"checkpoint {summary.checkpoint}")


@click.command("interpret")
@click.argument("record_path", type=click.Path(path_type=Path))
@click.option("--model", "model_dir", required=True, type=click.Path(path_type=Path),
              help="A `gem train` output folder (or its last/ checkpoint).")
@click.option("--image", "image_path", type=click.Path(exists=True, path_type=Path),
              help="Use this page instead of rendering the record.")
@click.option("--question", default=None, help="Instruction (default: a grounded lead-by-lead interpretation).")
@click.option("--max-new-tokens", default=1024, show_default=True)
def interpret_cmd(record_path: Path, model_dir: Path, image_path: Path | None, question: str | None,
                  max_new_tokens: int) -> None:
    """Print a grounded interpretation of the WFDB record at RECORD_PATH (greedy decoding)."""
    import torch
    from PIL import Image
    from transformers.utils import logging as hf_logging

    from gem_data.signals import RecordError, read_record
    from gem_model.gem import load_gem
    from gem_model.inference import DEFAULT_QUESTION, interpret

    hf_logging.disable_progress_bar()
    cuda = torch.cuda.is_available()
    try:
        record = read_record(record_path)
        model, tokenizer = load_gem(model_dir, dtype=torch.bfloat16 if cuda else torch.float32)
    except (FileNotFoundError, RecordError) as exc:
        raise click.ClickException(str(exc)) from exc
    model.to("cuda" if cuda else "cpu")
    if image_path is not None:
        page = Image.open(image_path).convert("RGB")
    else:
        page = _render(record.signal, record.name)
    text = interpret(model, tokenizer, record.signal, page, question=question or DEFAULT_QUESTION,
                     max_new_tokens=max_new_tokens)
    if model.cfg.preset == "tiny":
        click.echo(TINY_NOTE)
    click.echo(text)


def _render(signal_mv, record_id: str):
    """The page the pipeline would have rendered for this record (default RenderConfig)."""
    from gem_data.render import RenderConfig, render_page

    return render_page(signal_mv, RenderConfig(), record_id=record_id).convert("RGB")


@click.group()
def _main() -> None:
    """GEM model commands (the same ones the ``gem`` CLI includes)."""


_main.add_command(train_cmd)
_main.add_command(interpret_cmd)
MODEL_COMMANDS = [train_cmd, interpret_cmd]

if __name__ == "__main__":
    _main()
