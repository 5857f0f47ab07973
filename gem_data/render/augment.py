"""Seeded, reproducible page augmentations: what a photographed or scanned printout looks like.

The ecg-image-kit set (SPEC §5), redone in numpy/Pillow: creases, small rotation, crop/pad,
colour temperature, Gaussian noise and JPEG-like blur. Each augmentation draws its parameters from
its own generator, ``default_rng([seed, k])`` with ``k`` its position in :data:`AUGMENTATIONS`, so
switching one on never changes what another does, and the same page + seed gives the same bytes.
The page keeps its size, so the images index can state width and height without opening it.
"""
from __future__ import annotations

import io
from typing import Callable

import numpy as np
from PIL import Image, ImageFilter

from gem_data.render.config import AUGMENTATIONS


def augment_page(image: Image.Image, names: tuple[str, ...], seed: int) -> Image.Image:
    """Apply ``names`` (canonical order) to an RGB page with generators derived from ``seed``."""
    for name in (a for a in AUGMENTATIONS if a in names):
        rng = np.random.default_rng([int(seed) & 0xFFFFFFFF, AUGMENTATIONS.index(name)])
        image = _OPS[name](image, rng)
    return image


def _crease(image: Image.Image, rng: np.random.Generator) -> Image.Image:
    """One or two fold lines: a dark, soft valley with a faint highlight beside it."""
    a = np.array(image)  # (H, W, 3) uint8, writable copy
    h, w = a.shape[:2]
    for _ in range(int(rng.integers(1, 3))):
        vertical = bool(rng.integers(0, 2))
        n = w if vertical else h
        pos = rng.uniform(0.2, 0.8) * n
        sigma = rng.uniform(0.002, 0.006) * n
        depth = rng.uniform(0.08, 0.22)
        lo, hi = max(0, int(pos - 4 * sigma)), min(n, int(pos + 7 * sigma) + 1)  # where the fold shows
        d = np.arange(lo, hi, dtype=np.float32) - pos
        profile = (1.0 - depth * np.exp(-0.5 * (d / sigma) ** 2)
                   + 0.4 * depth * np.exp(-0.5 * ((d - 2.5 * sigma) / sigma) ** 2)).astype(np.float32)
        band = a[:, lo:hi] if vertical else a[lo:hi]
        shade = profile[None, :, None] if vertical else profile[:, None, None]
        band[...] = np.clip(band * shade + 0.5, 0, 255).astype(np.uint8)
    return Image.fromarray(a, "RGB")


def _rotate(image: Image.Image, rng: np.random.Generator) -> Image.Image:
    """A page placed slightly askew on the scanner: +-3 degrees, white fill."""
    return image.rotate(float(rng.uniform(-3.0, 3.0)), resample=Image.BILINEAR, fillcolor=(255, 255, 255))


def _crop(image: Image.Image, rng: np.random.Generator) -> Image.Image:
    """Shift the page by up to 4 % of each side: one edge is cut, the opposite one padded white."""
    w, h = image.size
    dx = int(rng.integers(-int(0.04 * w), int(0.04 * w) + 1))
    dy = int(rng.integers(-int(0.04 * h), int(0.04 * h) + 1))
    out = Image.new("RGB", (w, h), (255, 255, 255))
    out.paste(image, (dx, dy))
    return out


def _color(image: Image.Image, rng: np.random.Generator) -> Image.Image:
    """Colour temperature: warm (yellowish, old paper / tungsten light) to cool (bluish daylight)."""
    t = float(rng.uniform(-1.0, 1.0))
    gains = np.array([1.0 + 0.04 * t, 1.0 + 0.01 * t, 1.0 - 0.07 * t])
    gains /= gains.max()  # never brighten past white
    levels = np.arange(256)
    lut = np.concatenate([np.floor(levels * g + 0.5) for g in gains]).astype(int).tolist()
    return image.point(lut)  # one 768-entry lookup table: R, G, B


def _blur(image: Image.Image, rng: np.random.Generator) -> Image.Image:
    """Out-of-focus camera then lossy JPEG compression (blocking, ringing), as phones produce."""
    image = image.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.4, 1.4))))
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=int(rng.integers(30, 81)))
    buf.seek(0)
    return Image.open(buf).convert("RGB")


def _noise(image: Image.Image, rng: np.random.Generator) -> Image.Image:
    """Additive Gaussian sensor noise, sigma 2-8 grey levels, the same on all three channels."""
    sigma = np.float32(rng.uniform(2.0, 8.0))
    noise = rng.standard_normal(image.size[::-1], dtype=np.float32)  # (H, W)
    noise *= sigma
    noise += 0.5
    a = np.asarray(image, dtype=np.float32)
    a += noise[:, :, None]
    np.clip(a, 0, 255, out=a)
    return Image.fromarray(a.astype(np.uint8), "RGB")


_OPS: dict[str, Callable[[Image.Image, np.random.Generator], Image.Image]] = {
    "crease": _crease,
    "rotate": _rotate,
    "crop": _crop,
    "color": _color,
    "blur": _blur,
    "noise": _noise,
}
