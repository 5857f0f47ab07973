"""Instruction sets: verified responses -> train/test Parquet + GEM/LLaVA JSON + a dataset card.

Entry point: :func:`build_dataset`. See ``gem_data.dataset.build`` for how samples are assembled
batch by batch, ``splits`` for the patient-level split, ``gem_json`` for GEM's file format (SPEC §6)
and ``card`` for the dataset card.
"""
from gem_data.dataset.build import DatasetConfig, DatasetSummary, build_dataset
from gem_data.dataset.gem_json import GemSample, GemTestSample, Turn
from gem_data.dataset.splits import SplitRegistry, subject_hash

__all__ = ["DatasetConfig", "DatasetSummary", "build_dataset", "GemSample", "GemTestSample", "Turn",
           "SplitRegistry", "subject_hash"]
