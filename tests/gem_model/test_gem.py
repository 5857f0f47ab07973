"""The assembled model: shapes at every stage, loading projectors from a LLaVA-layout checkpoint."""
from __future__ import annotations

import dataclasses
import json

import pytest
import torch

from gem_model.config import GemConfig, MissingPathError
from gem_model.data import GemDataset, SampleSource, collate, read_samples
from gem_model.conversation import VICUNA_V1
from gem_model.gem import build_gem
from gem_model.splice import IGNORE_INDEX


@pytest.fixture(scope="module")
def batch_and_model(tiny_json, ecg_root, tokenizer):
    cfg = GemConfig.tiny()
    samples = read_samples(tiny_json)
    ds = GemDataset(samples[:2], SampleSource(tiny_json.parent, ecg_root, cfg, VICUNA_V1), tokenizer)
    batch = collate([ds[0], ds[1]], tokenizer.pad_token_id)
    torch.manual_seed(0)
    return batch, build_gem(cfg, tokenizer)


def test_dataset_item_shapes(batch_and_model):
    batch, _ = batch_and_model
    b, t = batch["input_ids"].shape
    assert b == 2 and batch["labels"].shape == batch["attention_mask"].shape == (2, t)
    assert batch["ecg_mv"].shape == (2, 12, 5000) and batch["ecg_mv"].dtype == torch.float32
    assert batch["pixels"].shape == (2, 3, 56, 56)


def test_shapes_at_every_stage(batch_and_model):
    batch, model = batch_and_model
    cfg = model.cfg
    d = model.llm.config.hidden_size
    ecg_tokens = model.ecg_encoder(batch["ecg_mv"])
    assert ecg_tokens.shape == (2, 101, cfg.ecg.width)
    image_tokens = model.vision(batch["pixels"])
    assert image_tokens.shape == (2, 16, cfg.vision.width)
    ecg_in_vision_width = model.projectors.ecg_projector(ecg_tokens)
    assert ecg_in_vision_width.shape == (2, 101, cfg.vision.width)
    mm = model.encode_multimodal(batch["ecg_mv"], batch["pixels"])
    assert mm.shape == (2, 101 + 16, d)
    s = model.embed(batch["input_ids"], batch["attention_mask"], batch["ecg_mv"], batch["pixels"], batch["labels"])
    t = batch["input_ids"].shape[1]
    assert s.embeds.shape == (2, t - 1 + 117, d)
    assert (s.labels[s.multimodal_mask] == IGNORE_INDEX).all()
    out = model(**batch)
    assert out.logits.shape == (2, t - 1 + 117, model.llm.config.vocab_size)
    assert torch.isfinite(out.loss)


def test_answer_tokens_are_supervised_after_the_splice(batch_and_model):
    batch, model = batch_and_model
    s = model.embed(batch["input_ids"], batch["attention_mask"], batch["ecg_mv"], batch["pixels"], batch["labels"])
    n_answer = int((batch["labels"] != IGNORE_INDEX).sum())
    assert n_answer > 0 and int((s.labels != IGNORE_INDEX).sum()) == n_answer


def test_llava_layout_checkpoint_loads_llm_and_projector(tmp_path, tokenizer):
    """LLaVA/PULSE folders are a Llama plus model.mm_projector.* (model_type llava_llama)."""
    from safetensors.torch import save_file

    base = GemConfig.tiny()
    model = build_gem(base, tokenizer)
    folder = tmp_path / "llava"
    model.llm.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    conf = json.loads((folder / "config.json").read_text())
    (folder / "config.json").write_text(json.dumps({**conf, "model_type": "llava_llama", "mm_hidden_size": 32}))
    proj = {f"model.mm_projector.{k}": torch.full_like(v, 0.5)
            for k, v in model.projectors.mm_projector.state_dict().items()}
    save_file(proj, folder / "mm_projector.safetensors")
    cfg = dataclasses.replace(base, llm=dataclasses.replace(base.llm, path=str(folder)))
    loaded = build_gem(cfg, tokenizer)
    assert all(torch.all(v == 0.5) for v in loaded.projectors.mm_projector.state_dict().values())
    for k, v in model.llm.state_dict().items():
        assert torch.equal(loaded.llm.state_dict()[k], v), k


def test_missing_llm_path_names_path_and_what_belongs_there(tmp_path, tokenizer):
    cfg = GemConfig.gem_7b(str(tmp_path / "llava-v1.6-vicuna-7b"), str(tmp_path / "clip"), str(tmp_path / "e.pt"))
    with pytest.raises(MissingPathError) as err:
        build_gem(cfg, tokenizer)
    msg = str(err.value)
    for name in ("llava-v1.6-vicuna-7b", "clip", "e.pt"):
        assert str(tmp_path / name) in msg
    assert "PULSE-7B" in msg and "ECG-CoCa" in msg and "CLIP" in msg
