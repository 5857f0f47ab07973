"""The splice: 101 ECG + n image tokens at the single <image>, labels ignored there."""
from __future__ import annotations

import pytest
import torch

from gem_model.splice import IGNORE_INDEX, IMAGE_TOKEN_INDEX, splice

D, N_ECG, N_IMG = 8, 101, 16


def _batch():
    # row 0: 2 prompt tokens, image, 2 prompt tokens, 3 answer tokens; row 1 shorter, right-padded
    ids = torch.tensor([[1, 5, IMAGE_TOKEN_INDEX, 6, 7, 8, 9, 2],
                        [1, IMAGE_TOKEN_INDEX, 6, 8, 2, 0, 0, 0]])
    labels = torch.tensor([[IGNORE_INDEX] * 5 + [8, 9, 2],
                           [IGNORE_INDEX] * 3 + [8, 2] + [IGNORE_INDEX] * 3])
    mask = torch.tensor([[1] * 8, [1] * 5 + [0] * 3])
    text = torch.randn(2, 8, D)
    mm = torch.randn(2, N_ECG + N_IMG, D)
    return text, ids, mask, mm, labels


def test_spliced_sequence_has_multimodal_positions_with_labels_ignored():
    text, ids, mask, mm, labels = _batch()
    out = splice(text, ids, mask, mm, labels)
    length = 8 - 1 + N_ECG + N_IMG
    assert out.embeds.shape == (2, length, D)
    assert out.labels.shape == out.attention_mask.shape == out.multimodal_mask.shape == (2, length)
    assert out.multimodal_mask.sum(dim=1).tolist() == [N_ECG + N_IMG] * 2
    assert (out.labels[out.multimodal_mask] == IGNORE_INDEX).all()
    # ECG tokens come first, then image tokens, exactly where <image> was
    assert torch.equal(out.embeds[0, 2:2 + N_ECG + N_IMG], mm[0])
    assert torch.equal(out.embeds[1, 1:1 + N_ECG + N_IMG], mm[1])


def test_text_and_answer_supervision_survive_the_splice():
    text, ids, mask, mm, labels = _batch()
    out = splice(text, ids, mask, mm, labels)
    k = N_ECG + N_IMG
    assert torch.equal(out.embeds[0, :2], text[0, :2])
    assert torch.equal(out.embeds[0, 2 + k:], text[0, 3:])
    supervised = out.labels[0][out.labels[0] != IGNORE_INDEX].tolist()
    assert supervised == [8, 9, 2]  # the answer and </s>, nothing else
    # padding stays at the right and stays masked
    assert out.attention_mask[1].tolist() == [1] * (5 - 1 + k) + [0] * 3


def test_zero_or_two_image_tokens_are_refused():
    text, ids, mask, mm, labels = _batch()
    ids[0, 2] = 4
    with pytest.raises(ValueError, match="exactly one <image>"):
        splice(text, ids, mask, mm, labels)
    ids[0, 2] = IMAGE_TOKEN_INDEX
    ids[0, 3] = IMAGE_TOKEN_INDEX
    with pytest.raises(ValueError, match="exactly one <image>"):
        splice(text, ids, mask, mm, labels)


def test_max_length_truncates_on_the_right():
    text, ids, mask, mm, labels = _batch()
    out = splice(text, ids, mask, mm, labels, max_length=120)
    assert out.embeds.shape[1] == out.labels.shape[1] == 120
