"""Score a delineator against LUDB's cardiologist annotations (the rule every figure here uses).

Rule (issue 3, so that figures compare): per record, lead and wave type (P, QRS, T)
- an annotated wave is a ``(`` onset, peak symbol (``p``/``N``/``t``), ``)`` offset triplet;
- the lead's annotated span runs from its first annotated onset to its last annotated offset
  (LUDB leaves the first and last beats unannotated, so nothing outside is scored);
- a predicted wave is a beat whose onset and offset are both present; it counts towards PPV only if
  its midpoint lies inside the annotated span;
- each annotated wave matches at most one predicted wave, the unused one with the largest overlap
  of the ``[on, off]`` intervals (touching counts as overlap 0, no overlap means no match);
- sensitivity = matched / annotated, PPV = matched / predicted-in-span, F1 their harmonic mean;
  onset/offset errors (predicted - annotated, ms) over matched waves: mean, SD, MAE.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from gem_data.signals import STANDARD_LEADS, read_record

from .delineate import Waves, delineate

WAVES: dict[str, tuple[str, str, str]] = {  # wave -> (LUDB symbol, onset fiducial, offset fiducial)
    "QRS": ("N", "QRS_on", "QRS_off"),
    "P": ("p", "P_on", "P_off"),
    "T": ("t", "T_on", "T_off"),
}


@dataclass
class WaveScore:
    """Counts and errors accumulated for one wave type over many (record, lead) pairs."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    on_err_ms: list[float] = field(default_factory=list)
    off_err_ms: list[float] = field(default_factory=list)

    def summary(self) -> dict[str, float]:
        se = self.tp / max(self.tp + self.fn, 1)
        ppv = self.tp / max(self.tp + self.fp, 1)
        f1 = 2 * se * ppv / (se + ppv) if se + ppv > 0 else 0.0
        on, off = np.asarray(self.on_err_ms), np.asarray(self.off_err_ms)
        stat = lambda e, f: float(f(e)) if e.size else float("nan")  # noqa: E731
        return {
            "n_annotated": self.tp + self.fn, "sensitivity": se, "ppv": ppv, "f1": f1,
            "on_mean_ms": stat(on, np.mean), "on_sd_ms": stat(on, np.std),
            "on_mae_ms": stat(np.abs(on), np.mean),
            "off_mean_ms": stat(off, np.mean), "off_sd_ms": stat(off, np.std),
            "off_mae_ms": stat(np.abs(off), np.mean),
        }


@dataclass(frozen=True)
class Report:
    """Per-wave summaries plus the time the delineator took per record."""

    waves: dict[str, dict[str, float]]
    n_records: int
    s_per_record: float

    def markdown(self) -> str:
        head = ("| wave | annotated | Se | PPV | F1 | on mean ± SD | on MAE | off mean ± SD | off MAE |\n"
                "|---|---|---|---|---|---|---|---|---|")
        rows = []
        for w, s in self.waves.items():
            rows.append(
                f"| {w} | {s['n_annotated']} | {s['sensitivity']:.3f} | {s['ppv']:.3f} | "
                f"{s['f1']:.3f} | {s['on_mean_ms']:+.1f} ± {s['on_sd_ms']:.1f} | "
                f"{s['on_mae_ms']:.1f} | {s['off_mean_ms']:+.1f} ± {s['off_sd_ms']:.1f} | "
                f"{s['off_mae_ms']:.1f} |")
        tail = f"\n\n{self.n_records} records, {self.s_per_record * 1000:.1f} ms/record (delineation only)"
        return head + "\n" + "\n".join(rows) + tail


def validate_ludb(ludb_dir: str | Path,
                  delineator: Callable[[np.ndarray, float], Waves] = delineate,
                  records: list[str] | None = None) -> Report:
    """Run ``delineator`` on every LUDB record under ``ludb_dir`` and score it by the rule above."""
    data = _data_dir(Path(ludb_dir))
    names = records or sorted((p.stem for p in data.glob("*.hea")), key=_num_key)
    scores = {w: WaveScore() for w in WAVES}
    elapsed = 0.0
    for name in names:
        rec = read_record(data / name)
        t0 = time.perf_counter()
        waves = delineator(rec.signal, rec.fs)
        elapsed += time.perf_counter() - t0
        for li, lead in enumerate(STANDARD_LEADS):
            ann = load_annotations(data / name, lead.lower())
            if not ann:
                continue
            span = (min(a[1] for v in ann.values() for a in v),
                    max(a[2] for v in ann.values() for a in v))
            for w, (_, on_k, off_k) in WAVES.items():
                on, off = waves.fiducials[on_k][li], waves.fiducials[off_k][li]
                pred = [(int(a), int(b)) for a, b in zip(on, off) if a >= 0 and b >= 0]
                _score_lead(ann.get(w, []), pred, span, rec.fs, scores[w])
    return Report({w: s.summary() for w, s in scores.items()}, len(names),
                  elapsed / max(len(names), 1))


def load_annotations(base: Path, ext: str) -> dict[str, list[tuple[int, int, int]]]:
    """LUDB triplets of one lead file: wave -> [(onset, peak, offset)] in samples."""
    import wfdb  # only the validator needs it

    try:
        ann = wfdb.rdann(str(base), ext)
    except FileNotFoundError:
        return {}
    sym, smp = ann.symbol, ann.sample
    by_symbol = {v[0]: w for w, v in WAVES.items()}
    out: dict[str, list[tuple[int, int, int]]] = {}
    for k, s in enumerate(sym):
        if s in by_symbol and 0 < k < len(sym) - 1 and sym[k - 1] == "(" and sym[k + 1] == ")":
            out.setdefault(by_symbol[s], []).append((int(smp[k - 1]), int(smp[k]), int(smp[k + 1])))
    return out


def _score_lead(ann, pred, span, fs_hz, acc: WaveScore) -> None:
    used = np.zeros(len(pred), bool)
    p_on = np.array([p[0] for p in pred], float)
    p_off = np.array([p[1] for p in pred], float)
    for on, _, off in ann:
        overlap = np.minimum(p_off, off) - np.maximum(p_on, on)
        overlap = np.where(used | (overlap < 0), -np.inf, overlap)
        if overlap.size == 0 or not np.isfinite(overlap.max()):
            acc.fn += 1
            continue
        j = int(overlap.argmax())
        used[j] = True
        acc.tp += 1
        acc.on_err_ms.append((p_on[j] - on) * 1000.0 / fs_hz)
        acc.off_err_ms.append((p_off[j] - off) * 1000.0 / fs_hz)
    mid = (p_on + p_off) / 2
    acc.fp += int((~used & (mid >= span[0]) & (mid <= span[1])).sum())


def _data_dir(root: Path) -> Path:
    return root / "data" if (root / "data").is_dir() else root


def _num_key(s: str):
    return (0, int(s)) if s.isdigit() else (1, s)
