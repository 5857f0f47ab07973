"""A tiny GEM-format dataset built at test time from real PTB-XL records and drawn PNG pages.

ECG paths stay relative to ``../shared/data/ptbxl`` (never copied); each page is a small landscape
PNG with a red grid and the record's lead II, so every sample has a distinct image and signal.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from gem_data.signals import read_record

QUESTION = "<image>\nPlease interpret this ECG and give a grounded diagnosis."


def ptbxl_root(shared_data: Path) -> Path:
    return shared_data / "ptbxl"


def write_tiny_gem_json(shared_data: Path, out_dir: Path, n: int = 8) -> Path:
    """Write ``out_dir/train.json`` + ``out_dir/images/*.png`` for ``n`` PTB-XL records; return the JSON path."""
    root = ptbxl_root(shared_data)
    reports = _reports(root / "ptbxl_database_subset.csv")
    records = sorted((root / "records500").glob("*/*.hea"))[:n]
    (out_dir / "images").mkdir(parents=True, exist_ok=True)
    samples = []
    for i, hea in enumerate(records):
        rel = str(hea.relative_to(root).with_suffix(""))
        ecg_id = int(hea.stem.split("_")[0])
        signal = read_record(root / rel).signal  # (12, 5000) mV
        image_rel = f"images/{hea.stem}.png"
        _draw_page(signal[1]).save(out_dir / image_rel)
        report = reports.get(ecg_id, "no report")
        answer = (f"Record {ecg_id}: lead II peak {float(np.ptp(signal[1])):.1f} mV. "
                  f"The machine report reads {report}. Rhythm class {i % 3}.")
        samples.append({
            "id": f"ptbxl/{ecg_id}", "image": image_rel, "ecg": rel,
            "conversations": [{"from": "human", "value": QUESTION}, {"from": "gpt", "value": answer}],
        })
    path = out_dir / "train.json"
    path.write_text(json.dumps(samples, indent=1))
    return path


def _draw_page(lead_mv: np.ndarray, width: int = 240, height: int = 120) -> Image.Image:
    img = Image.new("RGB", (width, height), "white")
    d = ImageDraw.Draw(img)
    for x in range(0, width, 12):
        d.line([(x, 0), (x, height)], fill=(255, 190, 190))
    for y in range(0, height, 12):
        d.line([(0, y), (width, y)], fill=(255, 190, 190))
    x = np.linspace(0, width - 1, lead_mv.size)
    y = height / 2 - lead_mv * 25
    d.line(list(zip(x[::5].tolist(), y[::5].tolist())), fill="black", width=1)
    return img


def _reports(csv_path: Path) -> dict[int, str]:
    with open(csv_path, newline="") as f:
        return {int(row["ecg_id"]): row["report"].strip() for row in csv.DictReader(f)}
