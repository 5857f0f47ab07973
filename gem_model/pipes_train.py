"""Subprocess entry point: run training under Dagster Pipes (``python gem_model/pipes_train.py REQUEST.json``).

The ``gem_model`` asset launches this file through ``dg.PipesSubprocessClient`` (optionally behind
``torchrun`` / ``accelerate launch``), so the very same command runs on a GPU host. Rank 0 streams
one log line per step to the Dagster run and reports the final metadata; other ranks just train.
Only ``dagster_pipes`` (the dependency-free protocol package) is imported, never ``dagster``.
"""
from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dagster_pipes import open_dagster_pipes  # noqa: E402

from gem_model.config import TrainConfig  # noqa: E402


def main(request_path: str) -> None:
    from transformers.utils import logging as hf_logging

    from gem_model.train import format_step, train

    hf_logging.disable_progress_bar()
    cfg = TrainConfig.from_json(Path(request_path).read_text())
    is_main = int(os.environ.get("RANK", "0")) == 0
    with (open_dagster_pipes() if is_main else contextlib.nullcontext()) as pipes:
        on_step = (lambda m: pipes.log.info(format_step(m))) if pipes is not None else None
        summary = train(cfg, on_step=on_step)
        if pipes is not None:
            pipes.report_asset_materialization(metadata={
                "final_loss": {"raw_value": summary.final_loss, "type": "float"},
                "steps": {"raw_value": summary.steps, "type": "int"},
                "tokens_per_s": {"raw_value": summary.tokens_per_s, "type": "float"},
                "samples_per_s": {"raw_value": summary.samples_per_s, "type": "float"},
                "mfu": ({"raw_value": summary.mfu, "type": "float"} if summary.mfu is not None
                        else {"raw_value": "n/a (no GPU)", "type": "text"}),
                "checkpoint": {"raw_value": summary.checkpoint, "type": "path"},
                "preset": {"raw_value": cfg.model.preset, "type": "text"},
                "lora": {"raw_value": cfg.lora, "type": "bool"},
            })


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: pipes_train.py TRAIN_REQUEST.json")
    main(sys.argv[1])
