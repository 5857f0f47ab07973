"""Atomic file writes: every stage writes to a temporary name and renames, so a crash or a re-run never
leaves a half-written partition and re-materializing is idempotent."""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
import polars as pl


def atomic_write(path: Path, write: Callable[[Path], object], suffix: str = ".tmp") -> Path:
    """Call ``write(tmp)`` on a hidden sibling of ``path``, then rename it over ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}{suffix}")
    write(tmp)
    tmp.replace(path)
    return path


def atomic_parquet(path: Path, frame: pl.DataFrame) -> Path:
    return atomic_write(path, frame.write_parquet)


def atomic_npy(path: Path, array: np.ndarray) -> Path:
    # np.save appends ".npy" to names without it, so the temporary name must end in ".npy"
    return atomic_write(path, lambda tmp: np.save(tmp, array), suffix=".tmp.npy")


def atomic_bytes(path: Path, data: bytes) -> Path:
    return atomic_write(path, lambda tmp: tmp.write_bytes(data))
