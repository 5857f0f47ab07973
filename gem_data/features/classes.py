"""How well the record-level classes match cardiologists' labels (issue 13, item 4).

``validate_classes(ludb_dir, ptbxl_dir)`` runs the FeatureDB on every LUDB record and every PTB-XL
record of the database CSV that is present, and compares:

- ``atrial_activity`` with the rhythm: LUDB's header line ``Rhythm: ...`` (sinus rhythm, sinus
  bradycardia / tachycardia / arrhythmia -> sinus; atrial fibrillation -> AF; atrial flutter ->
  flutter) and PTB-XL's SCP rhythm codes (SR, SBRAD, STACH, SARRH -> sinus; AFIB -> AF; AFLT ->
  flutter); any other rhythm (SVTAC, pacing only, none given) is "other" and scores no class;
- "any beat ``premature``" with the ectopy labels: LUDB's ``... extrasystole`` lines, PTB-XL's PVC,
  PAC, SVPB, BIGU, TRIGU codes (records labelled AF or flutter are left out: their RRs are
  irregular by nature, "premature" means nothing there).

Per class: sensitivity (share of the label's records that get the class) and specificity (share of
the other labelled records that do not). The goals of the issue are two errors that must not happen:
an AF record called ``sinus_p`` and a sinus record called ``absent_irregular``; the report lists them.
``noise``: a ``(signal_mv, fs_hz, name) -> signal_mv`` callable (e.g. ``noise.noiser(spec)``) or a
noise spec string, applied before delineation, so the table can be printed on noisy copies.
"""
from __future__ import annotations

import ast
import csv
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import wfdb

from gem_data.signals import read_record

from .facts import ATRIAL_CLASSES
from .table import build_table

RHYTHMS: tuple[str, ...] = ("sinus", "af", "flutter", "other")
CLASS_OF_RHYTHM: dict[str, str] = {"sinus": "sinus_p", "af": "absent_irregular",
                                   "flutter": "flutter_waves"}
SINUS_CODES = frozenset({"SR", "SBRAD", "STACH", "SARRH"})
ECTOPY_CODES = frozenset({"PVC", "PAC", "SVPB", "BIGU", "TRIGU"})
Noise = Callable[[np.ndarray, float, str], np.ndarray]


@dataclass(frozen=True)
class RecordClass:
    """One record's labels (``rhythm``: a key of :data:`RHYTHMS`; ``ectopy``: labelled premature
    beats) and what the FeatureDB says (``atrial_activity``, ``n_premature``, ``rr_irregularity``)."""

    source: str
    record: str
    rhythm: str
    ectopy: bool
    atrial_activity: str
    n_premature: int | None
    rr_irregularity: float | None


@dataclass(frozen=True)
class ClassReport:
    rows: tuple[RecordClass, ...]
    noise: str = ""
    scores: dict[str, dict] = field(default_factory=dict)

    @property
    def af_as_sinus(self) -> list[str]:
        """AF records reported as ``sinus_p`` (goal: none)."""
        return [f"{r.source}:{r.record}" for r in self.rows
                if r.rhythm == "af" and r.atrial_activity == "sinus_p"]

    @property
    def sinus_as_absent_irregular(self) -> list[str]:
        """Sinus records reported as ``absent_irregular`` (goal: none)."""
        return [f"{r.source}:{r.record}" for r in self.rows
                if r.rhythm == "sinus" and r.atrial_activity == "absent_irregular"]

    def confusion(self) -> dict[str, dict[str, int]]:
        """rhythm label -> {atrial_activity -> records}."""
        out = {rh: dict.fromkeys(ATRIAL_CLASSES, 0) for rh in RHYTHMS}
        for r in self.rows:
            out[r.rhythm][r.atrial_activity] += 1
        return out

    def as_dict(self) -> dict:
        return {"noise": self.noise, "n_records": len(self.rows), "scores": self.scores,
                "confusion": self.confusion(), "af_as_sinus_p": self.af_as_sinus,
                "sinus_as_absent_irregular": self.sinus_as_absent_irregular,
                "records": [asdict(r) for r in self.rows]}

    def markdown(self) -> str:
        src = Counter(r.source for r in self.rows)
        title = (f"Record classes vs cardiologists' labels ({', '.join(f'{n} {s}' for s, n in src.items())}"
                 + (f"; noise {self.noise}" if self.noise else "") + ")")
        lines = [title, "", "| class | label | labelled | other | TP | FN | FP | TN | Se | Sp |",
                 "|---|---|---|---|---|---|---|---|---|---|"]
        for name, s in self.scores.items():
            lines.append(f"| {name} | {s['label']} | {s['tp'] + s['fn']} | {s['fp'] + s['tn']} | "
                         f"{s['tp']} | {s['fn']} | {s['fp']} | {s['tn']} | {_pct(s['se'])} | "
                         f"{_pct(s['sp'])} |")
        lines += ["", "| label \\ atrial_activity | " + " | ".join(ATRIAL_CLASSES) + " |",
                  "|---|" + "---|" * len(ATRIAL_CLASSES)]
        for rh, row in self.confusion().items():
            if any(row.values()):
                lines.append(f"| {rh} | " + " | ".join(str(row[c]) for c in ATRIAL_CLASSES) + " |")
        lines += ["", f"AF reported as sinus_p: {', '.join(self.af_as_sinus) or 'none'}; "
                      f"sinus reported as absent_irregular: "
                      f"{', '.join(self.sinus_as_absent_irregular) or 'none'}"]
        return "\n".join(lines)


def validate_classes(ludb_dir: str | Path | None, ptbxl_dir: str | Path | None,
                     noise: Noise | str | None = None, seed: int = 0) -> ClassReport:
    """Score ``atrial_activity`` and ``premature`` against LUDB and PTB-XL labels (module docstring)."""
    apply = _noise(noise, seed)
    rows = [_classify(source, name, path, rhythm, ectopy, apply)
            for source, name, path, rhythm, ectopy in [*_ludb(ludb_dir), *_ptbxl(ptbxl_dir)]]
    return ClassReport(tuple(rows), noise if isinstance(noise, str) else
                       ("" if noise is None else getattr(noise, "__name__", "custom")),
                       _scores(rows))


def ludb_labels(comments: list[str]) -> tuple[str, bool]:
    """(rhythm, ectopy) from LUDB header comments (``Rhythm: Atrial fibrillation.``, ...)."""
    line = next((c.lower() for c in comments if c.lower().startswith("rhythm")), "")
    rhythm = ("af" if "fibrillation" in line else "flutter" if "flutter" in line
              else "sinus" if "sinus" in line else "other")
    return rhythm, any("extrasystole" in c.lower() for c in comments)


def ptbxl_labels(scp_codes: str) -> tuple[str, bool]:
    """(rhythm, ectopy) from a PTB-XL ``scp_codes`` cell (``"{'NORM': 100.0, 'SR': 0.0}"``)."""
    codes = set(ast.literal_eval(scp_codes))
    rhythm = ("af" if "AFIB" in codes else "flutter" if "AFLT" in codes
              else "sinus" if codes & SINUS_CODES else "other")
    return rhythm, bool(codes & ECTOPY_CODES)


def _classify(source, name, path, rhythm, ectopy, apply) -> RecordClass:
    rec = read_record(path)
    x = apply(rec.signal, rec.fs, f"{source}:{name}") if apply else rec.signal
    facts = build_table(x, rec.fs, rec.leads).record
    irr = facts.rr_irregularity
    return RecordClass(source, name, rhythm, ectopy, facts.atrial_activity, facts.n_premature,
                       float(irr) if np.isfinite(irr) else None)


def _scores(rows: list[RecordClass]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for rhythm, cls in CLASS_OF_RHYTHM.items():
        scored = [r for r in rows if r.rhythm != "other"]  # "other" has no right answer here
        out[cls] = _confusion(f"{rhythm} rhythm", [(r.rhythm == rhythm, r.atrial_activity == cls)
                                                   for r in scored])
    # in AF and flutter every RR is "premature" or not by chance: ectopy is scored on the others
    out["premature"] = _confusion("PVC/PAC", [(r.ectopy, bool(r.n_premature)) for r in rows
                                              if r.n_premature is not None
                                              and r.rhythm not in ("af", "flutter")])
    return out


def _confusion(label: str, pairs: list[tuple[bool, bool]]) -> dict:
    tp = sum(t and p for t, p in pairs)
    fn = sum(t and not p for t, p in pairs)
    fp = sum(p and not t for t, p in pairs)
    tn = sum(not t and not p for t, p in pairs)
    return {"label": label, "tp": tp, "fn": fn, "fp": fp, "tn": tn,
            "se": tp / (tp + fn) if tp + fn else None, "sp": tn / (tn + fp) if tn + fp else None}


def _ludb(ludb_dir):
    if ludb_dir is None:
        return
    root = Path(ludb_dir)
    data = root / "data" if (root / "data").is_dir() else root
    for hea in sorted(data.glob("*.hea"), key=lambda p: (len(p.stem), p.stem)):
        rhythm, ectopy = ludb_labels(wfdb.rdheader(str(hea.with_suffix(""))).comments)
        yield "ludb", hea.stem, hea.with_suffix(""), rhythm, ectopy


def _ptbxl(ptbxl_dir):
    if ptbxl_dir is None:
        return
    root = Path(ptbxl_dir)
    table = next((p for p in (root / "ptbxl_database.csv", root / "ptbxl_database_subset.csv")
                  if p.is_file()), None)
    if table is None:
        raise FileNotFoundError(f"{root}: no ptbxl_database.csv or ptbxl_database_subset.csv")
    with table.open(newline="") as fh:
        for row in csv.DictReader(fh):
            path = root / row["filename_hr"]
            if path.with_suffix(".hea").is_file():
                rhythm, ectopy = ptbxl_labels(row["scp_codes"])
                yield "ptbxl", row["ecg_id"], path, rhythm, ectopy


def _noise(noise: Noise | str | None, seed: int) -> Noise | None:
    if noise is None or noise == "":
        return None
    if isinstance(noise, str):
        from .noise import noiser

        return noiser(noise, seed)
    return noise


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{100 * v:.0f} %"
