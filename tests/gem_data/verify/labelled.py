"""Fill the corpus templates from a record's measurements and score the verifier against the labels."""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np

from gem_data.signals import STANDARD_LEADS
from gem_data.verify.report import VerifyPolicy, verify_response
from gem_data.verify.values import RecordValues

from .corpus import ORDINAL_WORDS

SHORT = {
    "hr": "heart_rate_bpm", "rr": "rr1_ms", "pr": "pr_ms", "qrs": "qrs_dur_ms", "qrsamp": "qrs_amp_mv",
    "pamp": "p_amp_mv", "pdur": "p_dur_ms", "tamp": "t_amp_mv", "tdur": "t_dur_ms", "st": "st_level_mv",
    "stdur": "st_dur_ms", "qt": "qt_ms", "qtc": "qtc_ms", "qtcf": "qtc_fridericia_ms",
}
_PLACEHOLDER = re.compile(r"\{(\w+)(?:@(\w+))?(?:#(\d+))?((?:[+\-*][\d.]+)*)(?:\|(\w+))?\}")
_OP = re.compile(r"([+\-*])([\d.]+)")
_LABEL = re.compile(r"\[([SCU])\|([^\]]*)\]")
VERDICT = {"S": "supported", "C": "contradicted", "U": "unverifiable"}


@dataclass
class Paragraph:
    id: str
    record: str
    text: str
    spans: list[tuple[int, int, str]]  # (start, end, expected verdict)
    flags: tuple[str, ...] = ()


def raw_value(values: RecordValues, name: str, lead: str | None, beat: str | None) -> float:
    if name == "nbeats":
        return float(values.n_beats)
    f = SHORT[name]
    if beat is not None:
        b = int(beat) - 1
        if b >= values.n_beats:
            return math.nan
        col = values.per_beat[f][:, b]
        if lead is not None:
            return float(col[STANDARD_LEADS.index(lead)])
        return float(np.nanmedian(col)) if np.isfinite(col).any() else math.nan
    if lead is not None:
        return float(values.lead_median(f)[STANDARD_LEADS.index(lead)])
    rec = values.record(f)
    return rec[0] if rec else math.nan


def _fill(template: str, values: RecordValues, for_eval: bool) -> str | None:
    missing = False

    def sub(m: re.Match) -> str:
        nonlocal missing
        name, lead, beat, ops, fmt = m.groups()
        if name == "ordinal_beyond":
            k = values.n_beats + 3
            if k > len(ORDINAL_WORDS):
                missing = True
                return ""
            return ORDINAL_WORDS[k - 1]
        v = raw_value(values, name, lead, beat)
        for op, num in _OP.findall(ops or ""):
            v = v + float(num) if op == "+" else v - float(num) if op == "-" else v * float(num)
        if not math.isfinite(v):
            missing = True
            return "nan"
        if for_eval:
            return repr(v)
        if fmt == "s":
            return f"{v / 1000:.3f} s"
        if fmt == "mm":
            return f"{v * 10:.1f} mm"
        if fmt == "msec":
            return f"{v:.0f} msec"
        if name == "nbeats":
            return f"{v:.0f}"
        return f"{v:.2f}" if SHORT[name].endswith("_mv") else f"{v:.0f}"

    out = _PLACEHOLDER.sub(sub, template)
    return None if missing else out


def render(entry: dict, record: str, values: RecordValues) -> Paragraph | None:
    """The paragraph for one record, or None when its ``requires`` fail or a value is missing."""
    for cond in entry.get("requires", []):
        expr = _fill(cond, values, for_eval=True)
        if expr is None or not eval(expr, {"__builtins__": {}, "abs": abs}):  # noqa: S307 (test data)
            return None
    marked = _fill(entry["text"], values, for_eval=False)
    if marked is None:
        return None
    text, spans, pos = [], [], 0
    for m in _LABEL.finditer(marked):
        text.append(marked[pos:m.start()])
        start = sum(len(t) for t in text)
        text.append(m.group(2))
        spans.append((start, start + len(m.group(2)), VERDICT[m.group(1)]))
        pos = m.end()
    text.append(marked[pos:])
    return Paragraph(entry["id"], record, "".join(text), spans, tuple(entry.get("flags", ())))


@dataclass
class Score:
    """Claim-level outcomes: (expected, predicted, kind) per labelled or extracted claim."""

    rows: list[tuple[str, str, str, str]] = field(default_factory=list)  # expected, predicted, kind, where
    flag_misses: list[str] = field(default_factory=list)

    def add(self, para: Paragraph, values: RecordValues, policy: VerifyPolicy) -> None:
        rep = verify_response(para.text, values, policy, raw=False)
        hit = [False] * len(para.spans)
        for claim, verdict in zip(rep.claims, rep.verdicts):
            label = None
            for i, (s, e, expected) in enumerate(para.spans):
                if claim.start < e and s < claim.end:
                    label, hit[i] = expected, True
                    break
            where = f"{para.id}@{para.record}: {claim.text!r} ({verdict.reason})"
            if label and verdict.reason.startswith("amplitudes are scaled"):
                # this corpus filled amplitudes from our own FeatureDB, in LUDB's per-lead scaled
                # units (SPEC §1: not millivolts); v2 rightly refuses to judge millivolts there
                label = "unverifiable"
            self.rows.append((label or "unlabelled", verdict.verdict, claim.kind, where))
        for i, (s, e, expected) in enumerate(para.spans):
            if not hit[i]:
                self.rows.append((expected, "missed", "missed", f"{para.id}@{para.record}: {para.text[s:e]!r}"))
        for flag in para.flags:
            if flag not in rep.flags:
                self.flag_misses.append(f"{para.id}@{para.record}: {flag} not raised ({rep.flags})")

    def precision_recall(self, verdict: str, kind: str | None = None) -> tuple[float, float, int, int]:
        """(precision, recall, predicted, labelled) for one verdict, over one claim kind or all."""
        rows = [r for r in self.rows if kind is None or r[2] == kind]
        tp = sum(1 for e, p, _, _ in rows if e == verdict and p == verdict)
        pred = sum(1 for _, p, _, _ in rows if p == verdict)
        true = sum(1 for e, _, _, _ in rows if e == verdict)
        return (tp / pred if pred else 1.0), (tp / true if true else 1.0), pred, true

    def table(self) -> str:
        kinds = sorted({r[2] for r in self.rows})
        lines = ["kind          claims  contradicted P    R     (pred/true)  supported P    R"]
        for kind in [None, *kinds]:
            n = sum(1 for r in self.rows if kind is None or r[2] == kind)
            cp, cr, cpred, ctrue = self.precision_recall("contradicted", kind)
            sp, sr, _, _ = self.precision_recall("supported", kind)
            lines.append(f"{kind or 'ALL':13s} {n:6d}  {cp:14.3f} {cr:5.3f}  ({cpred}/{ctrue}){'':6s} "
                         f"{sp:11.3f} {sr:5.3f}")
        confusion = Counter((e, p) for e, p, _, _ in self.rows)
        lines.append("expected -> predicted: " + ", ".join(f"{e}->{p}: {n}" for (e, p), n in sorted(confusion.items())))
        return "\n".join(lines)

    def errors(self) -> list[str]:
        return [f"expected {e}, got {p}: {w}" for e, p, _, w in self.rows
                if e != p and not (e == "unlabelled" and p != "contradicted")]


def per_feature(score: Score) -> dict[str, Counter]:
    out: dict[str, Counter] = defaultdict(Counter)
    for e, p, k, _ in score.rows:
        out[k][(e, p)] += 1
    return out
