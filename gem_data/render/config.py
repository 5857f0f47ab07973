"""What a rendered page looks like, as one frozen value with a stable hash (SPEC §5).

Every image we write carries its :class:`RenderConfig` (PNG text chunk and the images index), and
the config hash names the folder it lives in, so a training set can be re-rendered exactly and a
changed config never silently reuses stale pages.
"""
from __future__ import annotations

import functools
import hashlib
import json
import numbers
from dataclasses import asdict, dataclass

from gem_data.render.layouts import LAYOUTS

# Bump when the drawing code changes what a page looks like for the same config: old hashes die.
RENDER_VERSION = 1

PAPERS_MM: dict[str, tuple[float, float]] = {  # landscape (width, height)
    "letter": (279.4, 215.9),
    "a4": (297.0, 210.0),
}

# RGB per palette slot: background, minor grid, major grid, ink (trace/text), marker (flagged leads).
# Red follows ecg-image-kit / SPEC §5 (major pure red, minor light pink).
COLOR_SCHEMES: dict[str, tuple[tuple[int, int, int], ...]] = {
    "red": ((255, 255, 255), (252, 205, 205), (255, 0, 0), (0, 0, 0), (0, 70, 200)),
    "blue": ((255, 255, 255), (205, 222, 250), (30, 90, 220), (0, 0, 0), (230, 110, 0)),
    "green": ((255, 255, 255), (205, 238, 205), (20, 150, 60), (0, 0, 0), (200, 0, 160)),
    "bw": ((255, 255, 255), (225, 225, 225), (140, 140, 140), (0, 0, 0), (90, 90, 90)),
}

# Canonical application order: paper damage, scanning geometry, light, sensor noise, then the
# lossy JPEG the camera writes last.
AUGMENTATIONS: tuple[str, ...] = ("crease", "rotate", "crop", "color", "noise", "blur")

MAX_DPI = 1200  # beyond this a letter page is > 130 Mpx: almost surely a typo


class RenderConfigError(ValueError):
    """A render configuration that cannot produce a page; the message names the bad field."""


@dataclass(frozen=True)
class RenderConfig:
    """How to draw one ECG page. Defaults match GEM / ecg-image-kit: 3x4, 200 DPI, letter, red.

    ``augment`` is stored in canonical order (see :data:`AUGMENTATIONS`) so that the same set of
    augmentations always hashes the same.
    """

    layout: str = "3x4"
    dpi: int = 200
    paper: str = "letter"
    speed_mm_s: float = 25.0
    gain_mm_mv: float = 10.0
    colors: str = "red"
    augment: tuple[str, ...] = ()
    seed: int = 0
    header: bool = False  # print id, date and machine measurements above the grid
    header_ids: bool = False  # also print subject/study ids (patient identifiers): off by default

    def __post_init__(self):
        if self.layout not in LAYOUTS:
            raise RenderConfigError(f"unknown layout {self.layout!r}; choose one of {', '.join(LAYOUTS)}")
        if isinstance(self.dpi, bool) or not isinstance(self.dpi, numbers.Integral) or not 0 < self.dpi <= MAX_DPI:
            raise RenderConfigError(f"dpi must be an integer in 1..{MAX_DPI}, got {self.dpi!r}")
        object.__setattr__(self, "dpi", int(self.dpi))
        if self.paper not in PAPERS_MM:
            raise RenderConfigError(f"unknown paper {self.paper!r}; choose one of {', '.join(PAPERS_MM)}")
        if self.colors not in COLOR_SCHEMES:
            raise RenderConfigError(f"unknown colour scheme {self.colors!r}; "
                                    f"choose one of {', '.join(COLOR_SCHEMES)}")
        for name in ("speed_mm_s", "gain_mm_mv"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not 0 < value <= 200:
                raise RenderConfigError(f"{name} must be a positive number (mm), got {value!r}")
        unknown = [a for a in self.augment if a not in AUGMENTATIONS]
        if unknown:
            raise RenderConfigError(f"unknown augmentation(s) {', '.join(map(repr, unknown))}; "
                                    f"choose from {', '.join(AUGMENTATIONS)}")
        object.__setattr__(self, "augment", tuple(a for a in AUGMENTATIONS if a in self.augment))
        object.__setattr__(self, "speed_mm_s", float(self.speed_mm_s))
        object.__setattr__(self, "gain_mm_mv", float(self.gain_mm_mv))
        object.__setattr__(self, "seed", int(self.seed))

    @property
    def px_per_mm(self) -> float:
        return self.dpi / 25.4

    def to_dict(self) -> dict:
        return {**asdict(self), "augment": list(self.augment), "render_version": RENDER_VERSION}

    def to_json(self) -> str:
        return _json_of(self)

    @classmethod
    def from_dict(cls, d: dict) -> "RenderConfig":
        """Inverse of :meth:`to_dict` (the images index stores that JSON with every page)."""
        fields = {k: v for k, v in d.items() if k != "render_version"}
        fields["augment"] = tuple(fields.get("augment", ()))
        return cls(**fields)

    def config_hash(self) -> str:
        """12 hex chars of sha256 over everything that changes the pixels.

        The seed only matters with augmentations, so without them it is left out of the hash
        (re-rendering with another seed would produce the same bytes).
        """
        return _hash_of(self)

    def page_key(self) -> "RenderConfig":
        """The part of the config the background raster depends on (cache key)."""
        return RenderConfig(layout=self.layout, dpi=self.dpi, paper=self.paper, speed_mm_s=self.speed_mm_s,
                            gain_mm_mv=self.gain_mm_mv, colors=self.colors)


# Every page of a batch carries its config's JSON and hash: each worked out once per config (a frozen,
# hashable value), not twice per page (~0.2 ms).
@functools.lru_cache(maxsize=64)
def _json_of(config: RenderConfig) -> str:
    return json.dumps(config.to_dict(), sort_keys=True, separators=(",", ":"))


@functools.lru_cache(maxsize=64)
def _hash_of(config: RenderConfig) -> str:
    d = config.to_dict()
    if not config.augment:
        d["seed"] = 0
    return hashlib.sha256(json.dumps(d, sort_keys=True).encode()).hexdigest()[:12]


def record_seed(base_seed: int, record_id: str) -> int:
    """A per-record augmentation seed from the config seed, stable across runs and machines."""
    digest = hashlib.sha256(f"{int(base_seed)}:{record_id}".encode()).digest()
    return int.from_bytes(digest[:4], "little")
