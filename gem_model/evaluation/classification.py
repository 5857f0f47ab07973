"""ECG-Bench-style classification metrics from generated text (PULSE / GEM tables, SPEC §8).

A free-text interpretation becomes a label vector by keyword/synonym matching per dataset (English,
plus the German of PTB-XL's reports), skipping negated mentions ("no ST elevation"). From the (n, k)
label matrices we compute:

- macro AUC: mean over classes of the ROC AUC (Mann-Whitney rank form, ties averaged). A class whose
  ground truth is all-negative or all-positive has no AUC; it is *excluded and reported*
  (``auc_excluded``), never turned into a NaN that poisons the mean.
- macro F1: mean over all classes of 2TP / (2TP + FP + FN); a class with no true and no predicted
  positive gets ``zero_division`` (0, as scikit-learn's ``f1_score(average="macro", zero_division=0)``).
- Hamming loss: share of (sample, class) cells where prediction and truth differ.
- multiple-choice accuracy: an answer that cannot be parsed to exactly one option counts as wrong
  (some released scripts draw a random letter instead, which inflates accuracy by ~1/n_options).

With text only, the "score" for AUC is the binary prediction itself, as in ECG-Bench's text scoring;
pass real scores to :func:`multilabel_metrics` when a model exposes them.
"""
from __future__ import annotations

import ast
import csv
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.stats import rankdata

_NEGATION = re.compile(r"\b(no|not|without|absence of|absent|negative for|free of|rules? out|kein\w*|ohne)\b",
                       re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[.;:\n]|\bbut\b|\bhowever\b|\bwith\b", re.IGNORECASE)


@dataclass(frozen=True)
class LabelSet:
    """Classes of one benchmark and the regular expressions that mention each of them in text."""

    name: str
    classes: tuple[str, ...]
    patterns: dict[str, tuple[str, ...]]

    def compiled(self) -> dict[str, re.Pattern]:
        return {c: re.compile("|".join(f"(?:{p})" for p in self.patterns[c]), re.IGNORECASE)
                for c in self.classes}


LABEL_SETS: dict[str, LabelSet] = {
    # PTB-XL diagnostic superclasses (Wagner et al. 2020; scp_statements.csv ``diagnostic_class``)
    "ptbxl-super": LabelSet("ptbxl-super", ("NORM", "MI", "STTC", "CD", "HYP"), {
        "NORM": (r"\bnormal (?:ecg|ekg|electrocardiogram|tracing)\b", r"within normal limits",
                 r"\bnormales? ekg\b", r"\bnormal ekg\b"),
        "MI": (r"infarct", r"\bstemi\b", r"\bnstemi\b", r"pathologic(?:al)? q", r"\bq waves?\b",
               r"infarkt"),
        "STTC": (r"\bst[- ]?t\b", r"\bst[- ](?:segment )?(?:depression|elevation|changes?|abnormalit)",
                 r"t[- ]wave (?:inversion|abnormalit|changes?|flattening)", r"inverted t", r"ischa?emi",
                 r"repolari[sz]ation (?:abnormalit|disturbance|changes?)", r"(?:long|prolonged) qt",
                 r"st[- ]?senkung", r"st[- ]?hebung", r"t[- ]?negativ", r"isch[äa]mie"),
        "CD": (r"bundle[- ]branch block", r"\bi?[lr]?bbb\b", r"fascicular block",
               r"hemiblock", r"\b(?:first|second|third|1st|2nd|3rd)[- ]degree (?:av|atrioventricular)",
               r"\bav[- ]block\b", r"atrioventricular block", r"wolff|\bwpw\b|pre-?excitation",
               r"intraventricular conduction", r"\bivcd\b", r"conduction (?:delay|defect|disturbance)",
               r"schenkelblock", r"leitungsst[öo]rung"),
        "HYP": (r"hypertroph", r"\b[lr]vh\b", r"atrial (?:enlargement|overload|abnormality)",
                r"ventricular enlargement", r"vergr[öo](?:ß|ss)er"),
    }),
    # CPSC 2018 (9 classes), used by ECG-Bench
    "cpsc2018": LabelSet("cpsc2018", ("NORM", "AF", "I-AVB", "LBBB", "RBBB", "PAC", "PVC", "STD", "STE"), {
        "NORM": (r"\bnormal (?:ecg|ekg|electrocardiogram|tracing)\b", r"within normal limits",
                 r"normal sinus rhythm"),
        "AF": (r"atrial fibrillation", r"\bafib\b", r"\ba-?fib\b"),
        "I-AVB": (r"\b(?:first|1st)[- ]degree (?:av|atrioventricular)", r"\bi-?avb\b"),
        "LBBB": (r"left bundle[- ]branch block", r"\blbbb\b"),
        "RBBB": (r"right bundle[- ]branch block", r"\brbbb\b"),
        "PAC": (r"premature atrial", r"atrial premature", r"\bpacs?\b", r"atrial ectop"),
        "PVC": (r"premature ventricular", r"ventricular premature", r"\bpvcs?\b", r"ventricular ectop"),
        "STD": (r"st[- ](?:segment )?depression", r"st[- ]depressed"),
        "STE": (r"st[- ](?:segment )?elevation", r"st[- ]elevated", r"\bstemi\b"),
    }),
}


def parse_labels(texts: list[str | None], label_set: LabelSet) -> np.ndarray:
    """(n, k) bool: class ``j`` is mentioned, un-negated, in text ``i`` (None or empty: no labels)."""
    compiled = label_set.compiled()
    out = np.zeros((len(texts), len(label_set.classes)), dtype=bool)
    for i, text in enumerate(texts):
        for j, cls in enumerate(label_set.classes):
            out[i, j] = _mentioned(text or "", compiled[cls])
    return out


def _mentioned(text: str, pattern: re.Pattern) -> bool:
    for m in pattern.finditer(text):
        clause_start = max((b.end() for b in _CLAUSE_BREAK.finditer(text, 0, m.start())), default=0)
        if not _NEGATION.search(text[max(clause_start, m.start() - 40):m.start()]):
            return True
    return False


def labels_from_codes(codes: str | dict | None, code_to_class: dict[str, str], classes: tuple[str, ...]) -> np.ndarray:
    """(k,) bool from PTB-XL ``scp_codes`` (dict literal, any likelihood) via ``code_to_class``."""
    if isinstance(codes, str):
        codes = ast.literal_eval(codes) if codes.strip() else {}
    found = {code_to_class[c] for c in (codes or {}) if c in code_to_class}
    return np.array([c in found for c in classes], dtype=bool)


def load_scp_statements(path: str | Path) -> dict[str, str]:
    """SCP code -> diagnostic superclass, from PTB-XL's ``scp_statements.csv`` (diagnostic rows only)."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    key = "" if "" in rows[0] else next(iter(rows[0]))
    return {r[key]: r["diagnostic_class"] for r in rows if r.get("diagnostic_class")}


@dataclass(frozen=True)
class MultiLabelMetrics:
    classes: tuple[str, ...]
    macro_auc: float | None  # over auc_classes only
    auc_per_class: dict[str, float]
    auc_excluded: tuple[str, ...]  # classes with a one-valued ground truth: AUC undefined
    macro_f1: float
    f1_per_class: dict[str, float]
    hamming_loss: float
    n_samples: int
    support: dict[str, int]


def multilabel_metrics(y_true: np.ndarray, y_pred: np.ndarray, y_score: np.ndarray | None = None, *,
                       classes: tuple[str, ...], zero_division: float = 0.0) -> MultiLabelMetrics:
    """Macro AUC / macro F1 / Hamming loss of (n, k) bool ``y_pred`` (and float ``y_score``) vs ``y_true``."""
    y_true = np.asarray(y_true, dtype=bool)
    y_pred = np.asarray(y_pred, dtype=bool)
    if y_true.shape != y_pred.shape or y_true.ndim != 2 or y_true.shape[1] != len(classes):
        raise ValueError(f"shapes {y_true.shape} / {y_pred.shape} do not match {len(classes)} classes")
    scores = y_pred.astype(np.float64) if y_score is None else np.asarray(y_score, dtype=np.float64)
    auc: dict[str, float] = {}
    excluded = []
    f1: dict[str, float] = {}
    for j, cls in enumerate(classes):
        t, p = y_true[:, j], y_pred[:, j]
        value = _roc_auc(t, scores[:, j])
        if value is None:
            excluded.append(cls)
        else:
            auc[cls] = value
        tp, fp, fn = int(np.sum(t & p)), int(np.sum(~t & p)), int(np.sum(t & ~p))
        f1[cls] = 2 * tp / (2 * tp + fp + fn) if (2 * tp + fp + fn) else zero_division
    return MultiLabelMetrics(
        classes=tuple(classes), macro_auc=float(np.mean(list(auc.values()))) if auc else None,
        auc_per_class=auc, auc_excluded=tuple(excluded), macro_f1=float(np.mean(list(f1.values()))),
        f1_per_class=f1, hamming_loss=float(np.mean(y_true != y_pred)) if y_true.size else 0.0,
        n_samples=int(y_true.shape[0]), support={c: int(y_true[:, j].sum()) for j, c in enumerate(classes)})


def _roc_auc(truth: np.ndarray, score: np.ndarray) -> float | None:
    """ROC AUC as the normalised Mann-Whitney U (average ranks for ties); None if one class is absent."""
    n_pos = int(truth.sum())
    n_neg = truth.size - n_pos
    if n_pos == 0 or n_neg == 0:
        return None
    ranks = rankdata(score)
    return float((ranks[truth].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


_LETTER = "ABCDEFGHIJ"


def parse_choice(text: str | None, n_options: int, options: list[str] | None = None) -> int | None:
    """The option index a free-text answer picks, or None when it names none or several.

    Tried in order: an explicit "answer is (B)" / "Answer: B"; a lone letter (``B``, ``(B)``, ``B.``,
    ``**B**``) at the start; the text of exactly one option. Anything else is unparseable.
    """
    if not text:
        return None
    letters = _LETTER[:n_options]
    explicit = re.findall(rf"\b(?:answer|option|choice)\s*(?:is|:)?\s*[(\[*]*([{letters}])\b[)\]*]*",
                          text, re.IGNORECASE)
    picked = {c.upper() for c in explicit}
    if len(picked) == 1:
        return letters.index(picked.pop())
    if len(picked) > 1:
        return None
    lead = re.match(rf"^\s*[(\[*]*([{letters}])(?:[)\].:*]|\s|$)", text)
    if lead:
        return letters.index(lead.group(1))
    if options:
        hits = [i for i, o in enumerate(options) if o and re.search(re.escape(o.strip()), text, re.IGNORECASE)]
        if len(hits) == 1:
            return hits[0]
    return None


def choice_accuracy(predicted: list[int | None], truth: list[int]) -> float:
    """Share of answers equal to the truth; an unparseable answer (None) counts as wrong."""
    if len(predicted) != len(truth):
        raise ValueError(f"{len(predicted)} answers for {len(truth)} questions")
    if not truth:
        return 0.0
    return sum(p is not None and p == t for p, t in zip(predicted, truth)) / len(truth)
