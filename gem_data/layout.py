"""Where every stage keeps its files under ``GEM_DATA_DIR`` (one obvious place for paths).

```
GEM_DATA_DIR/
  catalog/<batch>.parquet          one row per record (ok or quarantined), see gem_data.catalog
  signals/<batch>.npy              (n_ok, 12, 5000) int16 µV (read as float32 mV, gem_data.signal_store); row i <-> catalog.signal_row == i
  quarantine/<stage>/<batch>.parquet  record_id, stage, reason: every record a stage refused
  features/<batch>.parquet         long FeatureDB table (record, lead, beat)
  images/<batch>/<record>.png      rendered pages, images/<batch>.parquet is their index
  prompts/, responses/, dataset/   later stages
```
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DataLayout:
    root: Path

    def catalog(self, batch: str) -> Path:
        return self.root / "catalog" / f"{batch}.parquet"

    def signals(self, batch: str) -> Path:
        return self.root / "signals" / f"{batch}.npy"

    def quarantine(self, stage: str, batch: str) -> Path:
        return self.root / "quarantine" / stage / f"{batch}.parquet"

    def features(self, batch: str) -> Path:
        return self.root / "features" / f"{batch}.parquet"

    def images_dir(self, batch: str) -> Path:
        return self.root / "images" / batch

    def images_index(self, batch: str) -> Path:
        return self.root / "images" / f"{batch}.parquet"

    def stage_file(self, stage: str, batch: str) -> Path:
        return self.root / stage / f"{batch}.parquet"

    def dataset_dir(self) -> Path:
        return self.root / "dataset"


def safe_name(record_id: str) -> str:
    """A file name for a record id (``mimic-iv-ecg/40689238`` -> ``mimic-iv-ecg__40689238``)."""
    return record_id.replace("/", "__").replace("\\", "__").replace(":", "_")
