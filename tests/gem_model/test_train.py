"""Training: the schedule, overfitting 8 samples, resuming on the same loss curve, the saved model."""
from __future__ import annotations

import dataclasses
import json
import math

import pytest
import torch
from PIL import Image

from gem_model.config import TrainConfig, make_train_config
from gem_model.train import format_step, lr_at, train


def _tiny(tiny_json, ecg_root, out, **kw) -> TrainConfig:
    return dataclasses.replace(TrainConfig.tiny(str(tiny_json), str(out)), ecg_root=str(ecg_root), **kw)


def test_lr_warms_up_linearly_then_decays_by_cosine():
    lrs = [lr_at(s, total_steps=100, warmup_steps=3, max_lr=2e-5) for s in range(100)]
    assert lrs[:3] == pytest.approx([2e-5 / 3, 4e-5 / 3, 2e-5])
    assert lrs[3] == pytest.approx(2e-5)
    assert all(a >= b for a, b in zip(lrs[3:], lrs[4:]))  # monotone decay after warmup
    assert lrs[3 + 97 // 2] == pytest.approx(1e-5, rel=0.05)  # half-way through the cosine
    assert lr_at(100, 100, 3, 2e-5) == pytest.approx(0.0)


def test_gem_recipe_defaults():
    """SPEC §9: lr 2e-5, cosine, 3 % warmup, wd 0, 16 x 2 per GPU, full LLM, gradient checkpointing."""
    cfg = TrainConfig()
    assert (cfg.lr, cfg.warmup_ratio, cfg.weight_decay, cfg.batch_size, cfg.grad_accum) == (2e-5, 0.03, 0.0, 16, 2)
    assert cfg.lora is False and cfg.grad_checkpointing and cfg.steps is None and cfg.model.max_length == 4096


@pytest.fixture(scope="module")
def overfit(tiny_json, ecg_root, tmp_path_factory):
    out = tmp_path_factory.mktemp("overfit")
    logged = []
    summary = train(_tiny(tiny_json, ecg_root, out, steps=60), on_step=logged.append)
    return summary, logged, out


def test_tiny_model_overfits_eight_samples(overfit):
    """All 8 samples in every batch: the answer loss must fall by >= 80 % within 100 steps."""
    summary, logged, _ = overfit
    assert summary.steps == 60 and len(summary.losses) == 60
    assert summary.losses[-1] <= 0.2 * summary.losses[0], summary.losses
    assert math.isfinite(summary.tokens_per_s) and summary.samples_per_s > 0 and summary.mfu is None


def test_one_log_line_per_step_with_throughput(overfit):
    _, logged, _ = overfit
    assert [m["step"] for m in logged] == list(range(1, 61))
    line = format_step(logged[0])
    for part in ("step 1/60", "loss", "lr", "tok/s", "samples/s", "mfu n/a"):
        assert part in line


def test_saved_model_interprets_a_record(overfit, tiny_json, ecg_root):
    from gem_data.signals import read_record
    from gem_model.gem import load_gem
    from gem_model.inference import interpret

    _, _, out = overfit
    model, tokenizer = load_gem(out)  # the training folder resolves to its last/ checkpoint
    sample = json.loads(tiny_json.read_text())[0]
    rec = read_record(ecg_root / sample["ecg"])
    page = Image.open(tiny_json.parent / sample["image"])
    text = interpret(model, tokenizer, rec.signal, page, question=sample["conversations"][0]["value"],
                     max_new_tokens=40)
    assert isinstance(text, str) and text
    assert text.startswith("Record")  # memorised answers start this way: the model reads its input path end to end


def test_resume_continues_the_same_loss_curve(tiny_json, ecg_root, tmp_path):
    """6 steps straight == 3 steps, a checkpoint, then a fresh process-like resume for 3 more."""
    cfg = _tiny(tiny_json, ecg_root, tmp_path / "straight", steps=6, batch_size=4, grad_accum=2)
    straight = train(cfg).losses
    cfg_b = dataclasses.replace(cfg, out_dir=str(tmp_path / "resumed"), save_every=3)
    first = train(cfg_b, stop_at_step=3)
    assert (tmp_path / "resumed" / "last" / "trainer_state.pt").exists()
    second = train(cfg_b)
    assert second.steps == 6 and len(second.losses) == 3
    torch.testing.assert_close(torch.tensor(first.losses + second.losses), torch.tensor(straight),
                               rtol=1e-5, atol=1e-5)


def test_lora_trains_adapters_only_and_resumes(tiny_json, ecg_root, tmp_path):
    cfg = _tiny(tiny_json, ecg_root, tmp_path / "lora", steps=2, batch_size=2, lora=True, lora_r=4, lora_alpha=8)
    train(cfg, stop_at_step=1)
    assert (tmp_path / "lora" / "last" / "llm_adapter").exists()
    assert train(cfg).steps == 2


def test_missing_data_file_names_path(tmp_path):
    cfg = make_train_config("tiny", str(tmp_path / "dataset" / "train.json"), str(tmp_path / "out"))
    with pytest.raises(FileNotFoundError, match="dataset/train.json"):
        train(cfg)


def test_empty_dataset_is_a_clear_error(tmp_path):
    (tmp_path / "train.json").write_text("[]")
    with pytest.raises(ValueError, match="no samples"):
        train(make_train_config("tiny", str(tmp_path / "train.json"), str(tmp_path / "out")))


def test_gem_7b_preset_refuses_missing_paths(tmp_path):
    with pytest.raises(ValueError, match="llm_path"):
        make_train_config("gem-7b", "d.json", str(tmp_path))
    cfg = make_train_config("gem-7b", "d.json", str(tmp_path), llm_path=str(tmp_path / "pulse-7b"),
                            vision_path=str(tmp_path / "clip-336"), ecg_checkpoint=str(tmp_path / "coca.pt"))
    with pytest.raises(FileNotFoundError) as err:
        train(cfg)
    assert "pulse-7b" in str(err.value) and "Put" in str(err.value)
