"""Token counts for a prompt: text with tiktoken ``o200k_base``, images with OpenAI's tile rule.

tiktoken fetches ``o200k_base`` from the internet on first use, which an air-gapped machine (and ours)
cannot do. The ``quicktok-v1`` wheel on PyPI ships the same ranks; we rebuild tiktoken's file from it
and check it against tiktoken's own pinned sha256, so the counts are tiktoken's, byte for byte.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import math
import struct
from pathlib import Path

import tiktoken

# tiktoken_ext.openai_public pins this hash for o200k_base.tiktoken
_O200K_SHA256 = "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"


def count_text_tokens(text: str) -> int:
    """o200k_base tokens of ``text`` (special-token strings counted as plain text)."""
    return len(_o200k().encode_ordinary(text))


def image_tokens(width_px: int, height_px: int, detail: str = "high") -> int:
    """OpenAI's image cost: 85 base + 170 per 512-px tile, after fitting in 2048x2048 and
    scaling the short side down to 768 (high detail); 85 at low detail.

    >>> image_tokens(2200, 1700)  # letter landscape at 200 DPI -> 994x768 -> 2x2 tiles
    765
    """
    if detail == "low":
        return 85
    w, h = float(width_px), float(height_px)
    if max(w, h) > 2048:
        w, h = w * 2048 / max(w, h), h * 2048 / max(w, h)
    if min(w, h) > 768:
        w, h = w * 768 / min(w, h), h * 768 / min(w, h)
    tiles = math.ceil(w / 512) * math.ceil(h / 512)
    return 85 + 170 * tiles


@functools.lru_cache(maxsize=1)
def _o200k() -> tiktoken.Encoding:
    try:
        ranks = _ranks_from_quicktok()
    except ImportError:
        try:
            return tiktoken.get_encoding("o200k_base")  # online, or a TIKTOKEN_CACHE_DIR copy
        except Exception as exc:
            raise RuntimeError("o200k_base is not available offline: install quicktok-v1 (it ships the "
                               "ranks) or put o200k_base.tiktoken in TIKTOKEN_CACHE_DIR") from exc
    from tiktoken_ext.openai_public import o200k_base  # only for its pat_str and special tokens

    spec = _spec_without_download(o200k_base)
    return tiktoken.Encoding(name="o200k_base", pat_str=spec["pat_str"], mergeable_ranks=ranks,
                             special_tokens=spec["special_tokens"])


def _ranks_from_quicktok() -> dict[bytes, int]:
    import quicktok

    blob = (Path(quicktok.__file__).parent / "data" / "o200k.vocab").read_bytes()
    (n,) = struct.unpack_from("<I", blob, 0)
    off, ranks = 4, {}
    for _ in range(n):  # records: u16 length, token bytes, u32 rank
        (size,) = struct.unpack_from("<H", blob, off)
        token = blob[off + 2:off + 2 + size]
        (rank,) = struct.unpack_from("<I", blob, off + 2 + size)
        ranks[token] = rank
        off += 6 + size
    text = b"".join(base64.b64encode(t) + b" " + str(r).encode() + b"\n"
                    for t, r in sorted(ranks.items(), key=lambda kv: kv[1]))
    if hashlib.sha256(text).hexdigest() != _O200K_SHA256:
        raise ImportError("quicktok's o200k vocabulary does not match tiktoken's o200k_base")
    return ranks


def _spec_without_download(factory) -> dict:
    """Call tiktoken's o200k_base() spec with its loader patched to skip the download."""
    import tiktoken_ext.openai_public as public

    original = public.load_tiktoken_bpe
    public.load_tiktoken_bpe = lambda *a, **k: {}
    try:
        return factory()
    finally:
        public.load_tiktoken_bpe = original
