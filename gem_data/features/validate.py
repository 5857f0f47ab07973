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

Per-lead values (issue 13): what an interpretation cites is a lead's value ("PR 180 ms in lead II"),
so each lead's median over its beats inside the annotated span is compared with the median of the
same lead's annotated beats, both by the FeatureDB definitions (SPEC §3): PR = QRS onset - P onset
(the P annotated before that QRS), P and QRS duration, QT = T offset - QRS onset (the T annotated
after that QRS), QTc = QT / sqrt(RR s) with RR to the previous annotated QRS peak.

Noise: ``noise`` adds seeded noise (gem_data.features.noise) before delineation, so the same rule
scores clean and noisy copies of the records. ``halves`` splits LUDB by record number (n % 4 == 1:
the tuning half, n % 4 == 3: the evaluation half) so a figure can be reported on data it was not
tuned on.
"""
from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from gem_data.signals import STANDARD_LEADS, read_record

from .confidence import DOUBTFUL_BELOW, FEATURE_WAVES
from .delineate import Waves
from .measure import measure
from .table import stored_waves

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


PER_LEAD: tuple[str, ...] = ("pr_ms", "p_dur_ms", "qrs_dur_ms", "qt_ms", "qtc_ms")
HALVES: dict[str, Callable[[int], bool]] = {
    "tune": lambda n: n % 4 == 1, "eval": lambda n: n % 4 == 3, "all": lambda n: True,
}


@dataclass
class LeadScore:
    """Per-lead medians (ours - annotated, ms) of one feature over many (record, lead) pairs."""

    err_ms: list[float] = field(default_factory=list)
    n_truth: int = 0  # leads where the annotations give a value
    n_missing: int = 0  # ... and ours gives none

    def summary(self) -> dict[str, float]:
        e = np.abs(np.asarray(self.err_ms))
        nan = float("nan")
        return {"n_leads": int(e.size), "n_missing": self.n_missing,
                "mae_ms": float(e.mean()) if e.size else nan,
                "p90_ms": float(np.percentile(e, 90)) if e.size else nan,
                "over_20ms": float((e > 20).mean()) if e.size else nan,
                "bias_ms": float(np.mean(self.err_ms)) if e.size else nan}


@dataclass(frozen=True)
class Report:
    """Per-wave summaries, per-lead median errors, and the time the delineator took per record."""

    waves: dict[str, dict[str, float]]
    n_records: int
    s_per_record: float
    per_lead: dict[str, dict[str, float]] = field(default_factory=dict)
    title: str = ""
    edges: dict[str, dict[str, float]] = field(default_factory=dict)
    per_lead_trusted: dict[str, dict[str, float]] = field(default_factory=dict)

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
        title = f"**{self.title}**\n\n" if self.title else ""
        edges = "\n\n" + edge_markdown(self.edges) if self.edges else ""
        return title + head + "\n" + "\n".join(rows) + tail + "\n\n" + self.per_lead_markdown() + edges

    def per_lead_markdown(self) -> str:
        head = ("| per-lead median | leads | missing | MAE ms | p90 ms | > 20 ms | bias ms |\n"
                "|---|---|---|---|---|---|---|")
        out = head
        for label, table in (("", self.per_lead), (" (trusted)", self.per_lead_trusted)):
            out += "".join(
                f"\n| {k}{label} | {s['n_leads']} | {s['n_missing']} | {s['mae_ms']:.1f} | "
                f"{s['p90_ms']:.1f} | {100 * s['over_20ms']:.1f} % | {s['bias_ms']:+.1f} |"
                for k, s in table.items())
        return out


def validate_ludb(ludb_dir: str | Path,
                  delineator: Callable[[np.ndarray, float], Waves] | None = None,
                  records: list[str] | None = None, noise: str = "", seed: int = 0,
                  half: str = "all") -> Report:
    """Run ``delineator`` (default: the FeatureDB's stored delineation, :func:`stored_waves`) on
    LUDB records under ``ludb_dir`` and score it by the rules above.

    ``noise``: a gem_data.features.noise spec added before delineation; ``half``: a key of
    :data:`HALVES` selecting records by number (ignored when ``records`` is given).
    """
    from .noise import add_noise, parse_spec

    delineator = delineator or stored_waves
    levels = parse_spec(noise) if noise else {}
    data = _data_dir(Path(ludb_dir))
    names = records or [n for n in sorted((p.stem for p in data.glob("*.hea")), key=_num_key)
                        if not n.isdigit() or HALVES[half](int(n))]
    scores = {w: WaveScore() for w in WAVES}
    per_lead = {k: LeadScore() for k in PER_LEAD}
    trusted = {k: LeadScore() for k in PER_LEAD}  # over the values not flagged doubtful
    elapsed = 0.0
    all_feats = []
    for name in names:
        rec = read_record(data / name)
        x = add_noise(rec.signal, rec.fs, levels, name, seed) if levels else rec.signal
        t0 = time.perf_counter()
        waves = delineator(x, rec.fs)
        elapsed += time.perf_counter() - t0
        feats, _ = measure(waves)
        all_feats.append(feats)
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
            truth = annotated_lead_values(ann, rec.fs)
            inside = (waves.beat_idx >= span[0]) & (waves.beat_idx <= span[1])
            for k in PER_LEAD:
                if not np.isfinite(truth[k]):
                    continue
                sure = _trusted_beats(waves, k, li)
                for acc, use in ((per_lead[k], inside), (trusted[k], inside & sure)):
                    acc.n_truth += 1
                    ours = feats[k][li][use]
                    ours = ours[np.isfinite(ours)]
                    if ours.size == 0:
                        acc.n_missing += 1
                        continue
                    acc.err_ms.append(float(np.median(ours)) - truth[k])
    title = f"{half} half" if not records else ""
    if levels:
        title = (title + ", " if title else "") + f"noise {noise}"
    return Report({w: s.summary() for w, s in scores.items()}, len(names),
                  elapsed / max(len(names), 1), {k: a.summary() for k, a in per_lead.items()},
                  title, edge_outliers(all_feats), {k: a.summary() for k, a in trusted.items()})


def _trusted_beats(waves: Waves, feature: str, lead: int) -> np.ndarray:
    """(B,) beats whose ``feature`` in ``lead`` is not doubtful (confidence.py's rule)."""
    sure = np.ones(waves.n_beats, bool)
    for w in FEATURE_WAVES.get(feature, ()):
        conf = waves.confidence.get(w) if waves.confidence else None
        if conf is not None and conf.shape[1] == waves.n_beats:
            sure &= ~(conf[lead] < DOUBTFUL_BELOW)
    return sure


# feature -> deviation from its lead's median (ms) that counts as an outlier (issue 13, edge rule)
EDGE_OUTLIER_MS: dict[str, float] = {"p_dur_ms": 40.0, "pr_ms": 40.0, "qrs_dur_ms": 40.0,
                                     "t_dur_ms": 80.0, "qt_ms": 80.0}


def edge_outliers(features: list[dict[str, np.ndarray]]) -> dict[str, dict[str, float]]:
    """Outlier shares at the first/last beat vs inner beats, over many records' (L, B) features.

    A value is an outlier when it deviates from its lead's median by more than
    :data:`EDGE_OUTLIER_MS`. A wave cut by the record's border shows up as an excess of outliers
    at the edge beats; the edge rule's goal is a ratio (edge share / inner share) <= 2.
    """
    out = {}
    for k, thr in EDGE_OUTLIER_MS.items():
        n = {"edge": [0, 0], "inner": [0, 0]}  # [outliers, values]
        for f in features:
            v = f[k]
            if v.shape[1] < 3:
                continue
            with np.errstate(invalid="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                dev = np.abs(v - np.nanmedian(v, axis=1, keepdims=True)) > thr
            ok = np.isfinite(v)
            edge = np.zeros(v.shape[1], bool)
            edge[[0, -1]] = True
            for part, cols in (("edge", edge), ("inner", ~edge)):
                n[part][0] += int((dev & ok)[:, cols].sum())
                n[part][1] += int(ok[:, cols].sum())
        e, i = (n[p][0] / max(n[p][1], 1) for p in ("edge", "inner"))
        out[k] = {"edge_share": e, "inner_share": i, "ratio": e / i if i > 0 else float("inf") if e else 1.0,
                  "n_edge": n["edge"][1], "n_inner": n["inner"][1]}
    return out


def edge_markdown(stats: dict[str, dict[str, float]], title: str = "") -> str:
    rows = [f"| {k} | {100 * s['edge_share']:.2f} % of {s['n_edge']} | {100 * s['inner_share']:.2f} % "
            f"of {s['n_inner']} | {s['ratio']:.2f} |" for k, s in stats.items()]
    head = (f"**edge-beat outliers{': ' + title if title else ''}**\n\n| feature | first/last beats | "
            "inner beats | ratio |\n|---|---|---|---|")
    return head + "\n" + "\n".join(rows)


def annotated_lead_values(ann: dict[str, list[tuple[int, int, int]]], fs_hz: float) -> dict[str, float]:
    """Medians over one lead's annotated beats of :data:`PER_LEAD` (ms), NaN where none.

    A P belongs to the QRS that follows it within 400 ms with no QRS between; a T to the QRS before
    it with no QRS between. RR is to the previous annotated QRS peak when that is under 2 s.
    """
    to_ms = 1000.0 / fs_hz
    qrs = sorted(ann.get("QRS", []))
    ps = sorted(ann.get("P", []))
    ts = sorted(ann.get("T", []))
    vals: dict[str, list[float]] = {k: [] for k in PER_LEAD}
    vals["p_dur_ms"] = [(off - on) * to_ms for on, _, off in ps]
    for i, (q_on, q_pk, q_off) in enumerate(qrs):
        vals["qrs_dur_ms"].append((q_off - q_on) * to_ms)
        prev_q = qrs[i - 1] if i else None
        next_q = qrs[i + 1] if i + 1 < len(qrs) else None
        p = [a for a in ps if a[2] <= q_on and q_on - a[0] <= 0.4 * fs_hz
             and (prev_q is None or a[0] > prev_q[2])]
        if p:
            vals["pr_ms"].append((q_on - p[-1][0]) * to_ms)
        t = [a for a in ts if a[0] >= q_off and (next_q is None or a[2] < next_q[0])]
        if t:
            qt = (t[0][2] - q_on) * to_ms
            vals["qt_ms"].append(qt)
            if prev_q is not None and (q_pk - prev_q[1]) < 2 * fs_hz:
                vals["qtc_ms"].append(qt / np.sqrt((q_pk - prev_q[1]) * to_ms / 1000.0))
    return {k: float(np.median(v)) if v else float("nan") for k, v in vals.items()}


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
