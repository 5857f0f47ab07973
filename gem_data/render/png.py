"""Palette PNGs of ECG pages, written fast by compressing only what differs from the blank page.

Pillow spends ~9 ms on a 2200x1700 page: most of it choosing a row filter for every row, the rest
in zlib. But most rows of a page are the record-independent background (grid, labels, footer). So:

- rows are packed at the smallest bit depth that holds the page's palette indices (2 bits for the
  four colours of an unmarked page, PNG allows 1/2/4/8) and all use the PNG "Up" filter, which turns
  the vertical grid lines into zeros;
- the rows are cut into bands of :data:`BAND_ROWS`, each compressed on its own as raw deflate ended
  by a full flush (byte-aligned, no reference to earlier bands), so compressed bands can be
  concatenated into one valid zlib stream (RFC 1950/1951);
- a band whose rows (and the row above it, which its Up filter reads) equal the background's reuses
  the background's compressed band, computed once per background; only bands the traces, marks or
  header touch are compressed per page.

The decoded pixels (palette indices and colours) are exactly the image's; the bytes differ from
Pillow's (another filter and bit depth), and are the same for the same page on any machine with
the same zlib.
"""
from __future__ import annotations

import struct
import sys
import zlib
from dataclasses import dataclass

import numpy as np

BAND_ROWS = 32
ZLIB_LEVEL = 1  # deflate level per band: the page is mostly runs, higher levels cost time for little
_UP = 2  # PNG filter type "Up": each byte minus the byte above it
_CACHE_SIZE = 16


@dataclass(frozen=True)
class _Bands:
    """The background's compressed bands at one bit depth (``background`` kept to check identity)."""

    background: np.ndarray
    bits: int
    compressed: list[bytes]
    filtered: list[bytes]


_bands_cache: dict[tuple[int, int], _Bands] = {}
_max_cache: dict[int, tuple[np.ndarray, int]] = {}


def palette_png(page: np.ndarray, palette_rgb: list[int], text: dict[str, str],
                background: np.ndarray | None = None) -> bytes:
    """PNG bytes of a (H, W) uint8 palette-index page, with ``text`` as tEXt/iTXt chunks.

    ``background``: the blank page this one was drawn on (same shape), whose compressed bands
    are reused where the page equals it; None compresses every band.
    """
    h, w = page.shape
    if background is not None and background.shape != page.shape:
        background = None
    dirty_rows = _dirty_rows(page, background)
    max_index = int(page[dirty_rows].max(initial=0))
    if background is not None:
        max_index = max(max_index, _bg_max(background))
    bits = 2 if max_index < 4 else 4 if max_index < 16 else 8
    bands = _background_bands(background, bits) if background is not None else None
    n_bands = -(-h // BAND_ROWS)
    reads_above = dirty_rows.copy()
    reads_above[1:] |= dirty_rows[:-1]  # a row's Up filter reads the row above it
    band_dirty = np.zeros(n_bands * BAND_ROWS, bool)
    band_dirty[:h] = reads_above
    band_dirty = band_dirty.reshape(n_bands, BAND_ROWS).any(1) if bands is not None else np.ones(n_bands, bool)
    dirty = np.flatnonzero(band_dirty)
    scan = np.split(_scanlines(page, dirty, bits), np.cumsum(_band_sizes(dirty, h))[:-1]) if dirty.size else []
    compressed = list(bands.compressed) if bands is not None else [b""] * n_bands
    filtered = list(bands.filtered) if bands is not None else [b""] * n_bands
    for b, lines in zip(dirty, scan):
        filtered[b] = lines.tobytes()
        compressed[b] = _deflate_band(filtered[b])
    stream = b"".join(compressed)
    idat = b"\x78\x01" + stream + b"\x03\x00" + struct.pack(">I", _adler32(filtered))
    n_colors = 1 << bits
    plte = bytes(palette_rgb[:3 * n_colors]).ljust(3 * n_colors, b"\0")
    chunks = [_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, bits, 3, 0, 0, 0)), _chunk(b"PLTE", plte)]
    chunks += [_text_chunk(k, v) for k, v in text.items()]
    chunks += [_chunk(b"IDAT", idat), _chunk(b"IEND", b"")]
    return b"\x89PNG\r\n\x1a\n" + b"".join(chunks)


def _dirty_rows(page: np.ndarray, background: np.ndarray | None) -> np.ndarray:
    """(H,) bool: the row differs from the background's (all True without one)."""
    if background is None:
        return np.ones(page.shape[0], bool)
    if page.shape[1] % 8 == 0 and page.flags.c_contiguous and background.flags.c_contiguous:
        return (page.view(np.uint64) != background.view(np.uint64)).any(1)  # 8 pixels per compare
    return (page != background).any(1)


def _band_sizes(bands: np.ndarray, height: int) -> np.ndarray:
    return np.minimum(height, (bands + 1) * BAND_ROWS) - bands * BAND_ROWS


def _scanlines(page: np.ndarray, bands: np.ndarray, bits: int) -> np.ndarray:
    """(rows of ``bands``, 1 + row bytes) PNG scanlines: filter byte + Up-filtered packed row.

    Runs of consecutive bands are packed as one slice (with the row above it, which Up reads)."""
    parts = []
    for run in np.split(bands, np.flatnonzero(np.diff(bands) > 1) + 1):
        start, stop = int(run[0]) * BAND_ROWS, min(page.shape[0], (int(run[-1]) + 1) * BAND_ROWS)
        packed = _pack(page[max(0, start - 1):stop], bits)
        if start == 0:
            packed = np.vstack([np.zeros_like(packed[:1]), packed])  # above the first row: zeros
        lines = np.empty((packed.shape[0] - 1, packed.shape[1] + 1), np.uint8)
        lines[:, 0] = _UP
        np.subtract(packed[1:], packed[:-1], out=lines[:, 1:])  # uint8 arithmetic wraps, as PNG's does
        parts.append(lines)
    return np.concatenate(parts) if len(parts) > 1 else parts[0]


def _pack(rows: np.ndarray, bits: int) -> np.ndarray:
    """(n, W) indices -> (n, ceil(W * bits / 8)) bytes, leftmost pixel in the high bits (PNG)."""
    per_byte = 8 // bits
    pad = -rows.shape[1] % per_byte
    if pad:
        rows = np.pad(rows, ((0, 0), (0, pad)))
    if per_byte == 1:
        return np.ascontiguousarray(rows)
    if sys.byteorder == "little":  # 4 (2) pixels per uint32 (uint16) word, shifted into one byte
        if bits == 2:
            v = np.ascontiguousarray(rows).view(np.uint32)
            return ((v << 6) | (v >> 4) | (v >> 14) | (v >> 24)).astype(np.uint8)
        v = np.ascontiguousarray(rows).view(np.uint16)
        return ((v << 4) | (v >> 8)).astype(np.uint8)
    out = rows[:, 0::per_byte].copy()
    for k in range(1, per_byte):
        out <<= bits
        out |= rows[:, k::per_byte]
    return out


def _background_bands(background: np.ndarray, bits: int) -> _Bands:
    key = (id(background), bits)
    hit = _bands_cache.get(key)
    if hit is not None and hit.background is background:
        return hit
    everything = np.arange(-(-background.shape[0] // BAND_ROWS))
    scan = np.split(_scanlines(background, everything, bits), np.cumsum(_band_sizes(everything, background.shape[0]))[:-1])
    filtered = [lines.tobytes() for lines in scan]
    bands = _Bands(background, bits, [_deflate_band(f) for f in filtered], filtered)
    if len(_bands_cache) >= _CACHE_SIZE:
        _bands_cache.pop(next(iter(_bands_cache)))
    _bands_cache[key] = bands
    return bands


def _deflate_band(raw: bytes) -> bytes:
    """Raw deflate of one band, ended by a full flush: byte-aligned and self-contained."""
    z = zlib.compressobj(ZLIB_LEVEL, zlib.DEFLATED, -15)
    return z.compress(raw) + z.flush(zlib.Z_FULL_FLUSH)


def _bg_max(background: np.ndarray) -> int:
    """The background's largest palette index (cached with its identity, like the bands)."""
    hit = _max_cache.get(id(background))
    if hit is None or hit[0] is not background:
        hit = _max_cache[id(background)] = (background, int(background.max(initial=0)))
        if len(_max_cache) > _CACHE_SIZE:
            _max_cache.pop(next(iter(_max_cache)))
    return hit[1]


def _adler32(parts: list[bytes]) -> int:
    value = 1
    for p in parts:
        value = zlib.adler32(p, value)
    return value


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _text_chunk(key: str, value: str) -> bytes:
    """tEXt when the value is Latin-1 (as Pillow writes it), else uncompressed iTXt (UTF-8)."""
    try:
        return _chunk(b"tEXt", key.encode("latin-1") + b"\0" + value.encode("latin-1"))
    except UnicodeEncodeError:
        return _chunk(b"iTXt", key.encode("latin-1") + b"\0\0\0\0\0" + value.encode("utf-8"))
