"""The GEM model: fine-tuned on the instruction dataset, as a Dagster asset run through Pipes.

Training runs in a subprocess (``gem_model/pipes_train.py``) so the same command runs on a GPU host
or behind ``torchrun``; the subprocess streams one log line per step and reports the metadata.
"""

import sys
from pathlib import Path

import dagster as dg

import gem_model
from assets.resources import DataStore, EcgSource
from gem_model.config import make_train_config

PIPES_SCRIPT = Path(gem_model.__file__).resolve().parent / "pipes_train.py"


class GemModelConfig(dg.Config):
    """Launch-time knobs; unset fields keep the preset's defaults (GEM's recipe for gem-7b)."""

    preset: str = "tiny"  # tiny | gem-7b
    data: str | None = None  # default: <GEM_DATA_DIR>/dataset/train.json
    image_root: str | None = None  # default: GEM_DATA_DIR (where gem_data.dataset roots image paths)
    ecg_root: str | None = None  # default: the raw source folder (EcgSource) the catalog paths start from
    out_dir: str | None = None  # default: <GEM_DATA_DIR>/models/gem-<preset>
    steps: int | None = None
    llm_path: str | None = None  # gem-7b: LLaVA-v1.6-Vicuna-7B or PULSE-7B folder
    vision_path: str | None = None  # gem-7b: CLIP ViT-L/14-336 folder
    ecg_checkpoint: str | None = None  # gem-7b: ECG-CoCa .pt
    lora: bool | None = None
    batch_size: int | None = None
    grad_accum: int | None = None
    lr: float | None = None
    precision: str | None = None
    num_workers: int | None = None
    launcher: list[str] = []  # e.g. ["torchrun", "--nproc_per_node=8"]; empty = this Python


@dg.asset(deps=["instruction_dataset"], group_name="model", kinds={"pytorch"})
def gem_model(context: dg.AssetExecutionContext, config: GemModelConfig, store: DataStore, source: EcgSource,
              pipes_subprocess_client: dg.PipesSubprocessClient) -> dg.MaterializeResult:
    """GEM-style multimodal model (ECG tokens + ECG page + LLM) fine-tuned on the grounded instruction set."""
    layout = store.layout()
    out_dir = Path(config.out_dir or layout.root / "models" / f"gem-{config.preset}")
    knobs = config.model_dump(exclude={"preset", "data", "out_dir", "launcher"})  # same names as TrainConfig
    knobs["image_root"] = config.image_root or str(layout.root)
    knobs["ecg_root"] = config.ecg_root or str(source.open().root)
    train_cfg = make_train_config(config.preset, config.data or str(layout.dataset_dir() / "train.json"),
                                  str(out_dir), **knobs)
    train_cfg.model.check_paths()  # a missing checkpoint fails here, before a subprocess starts
    out_dir.mkdir(parents=True, exist_ok=True)
    request = out_dir / "train_request.json"
    request.write_text(train_cfg.to_json())
    command = [*(config.launcher or [sys.executable]), str(PIPES_SCRIPT), str(request)]
    return pipes_subprocess_client.run(command=command, context=context).get_materialize_result()
