"""Score the grounding verifier against the independent truth corpus (issue 14, item 4).

Runs the verifier as a black box on every paragraph (features extracted once per record), matches its
claims to the labelled claims by span overlap and reports 'contradicted' precision/recall, leakage
recall and false-positive rate, 3-way verdict accuracy and the share of labelled claims extracted:
overall, per claim type, per feature, per written form, per style and per half.

    .venv/bin/python -m tests.gem_data.verify_truth.score [--half dev|heldout|all] [--json] [--errors N]
        [--noise emg=20,mains50=30,wander=200]

``--noise``: the FeatureDB is extracted from seeded noisy copies of the records (gem_data.features.noise,
seed 0), as users' ECGs carry it; the claims and their labels stay those of the clean annotations.
"""
from __future__ import annotations

import argparse
import functools
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from tests.gem_data.verify_truth.corpus import (
    LUDB_DIR,
    Paragraph,
    build_corpus,
    load_truth,
)

VERDICTS = ("supported", "contradicted", "unverifiable")
NOISE = ""  # the --noise spec the verifier's features are extracted under ("": the clean records)


@functools.cache
def _record_values(record: int, ludb_dir: Path = LUDB_DIR, noise: str = ""):
    """Our features for one record, extracted once: the verifier's only view of the signal."""
    import dataclasses

    from gem_data.features import extract_record
    from gem_data.features.noise import add_noise
    from gem_data.signals import read_record
    from gem_data.verify import RecordValues

    rec = read_record(ludb_dir / str(record))
    if noise:
        rec = dataclasses.replace(rec, signal=add_noise(rec.signal, rec.fs, noise, str(record), 0))
    rows = extract_record(rec)
    sex = load_truth(record, ludb_dir).sex
    try:      # optional metadata: the catalog may carry sex (sex-specific QTc); older verifiers lack it
        return RecordValues.from_rows(rows, sex=sex)
    except TypeError:
        return RecordValues.from_rows(rows)


def _span(row: dict, text: str, cursor: int) -> tuple[int, int]:
    """A verifier claim's character span: its own offsets, else its text located in the paragraph."""
    if row.get("start") is not None and row.get("end") is not None:
        return int(row["start"]), int(row["end"])
    needle = str(row.get("text") or "")
    k = text.find(needle, cursor) if needle else -1
    k = text.find(needle) if k < 0 and needle else k
    return (k, k + len(needle)) if k >= 0 else (-1, -1)


@dataclass
class ParagraphResult:
    paragraph: Paragraph
    predicted: list[str | None]           # per labelled claim; None = not extracted
    matched_rows: list[list[dict]]
    unmatched: list[dict]                 # verifier claims overlapping no labelled claim
    flagged_leakage: bool
    error: str | None = None


def run_verifier(paragraph: Paragraph, ludb_dir: Path = LUDB_DIR) -> ParagraphResult:
    from gem_data.verify import VerifyPolicy, verify_response

    try:
        rep = verify_response(paragraph.text, _record_values(paragraph.record, ludb_dir, NOISE), VerifyPolicy(), raw=False)
        rows, flags = list(rep.claim_rows()), list(rep.summary().get("flags", []))
    except Exception as exc:  # noqa: BLE001 - a crash on one paragraph is a scored failure, not a lost run
        return ParagraphResult(paragraph, [None] * len(paragraph.claims), [[] for _ in paragraph.claims], [],
                               False, f"{type(exc).__name__}: {exc}")
    matched: list[list[dict]] = [[] for _ in paragraph.claims]
    unmatched, cursor = [], 0
    for row in rows:
        a, b = _span(row, paragraph.text, cursor)
        cursor = max(cursor, b)
        overlaps = [(min(b, c.end) - max(a, c.start), -abs(a - c.start), i) for i, c in enumerate(paragraph.claims)]
        best = max(overlaps, default=(0, 0, -1))
        if best[0] > 0:
            matched[best[2]].append(row)
        else:
            unmatched.append(row)
    predicted = []
    for rows_i in matched:
        verdicts = {r.get("verdict") for r in rows_i}
        predicted.append(None if not rows_i else next((v for v in ("contradicted", "supported") if v in verdicts),
                                                        "unverifiable"))
    return ParagraphResult(paragraph, predicted, matched, unmatched, "leakage" in flags)


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


@dataclass
class Tally:
    n: int = 0
    extracted: int = 0
    correct: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    confusion: dict = field(default_factory=lambda: defaultdict(int))

    def add(self, label: str, pred: str | None) -> None:
        self.n += 1
        self.extracted += pred is not None
        self.correct += pred == label
        self.tp += label == "contradicted" and pred == "contradicted"
        self.fp += label != "contradicted" and pred == "contradicted"
        self.fn += label == "contradicted" and pred != "contradicted"
        self.confusion[(label, pred or "not extracted")] += 1

    def row(self) -> dict:
        return {"claims": self.n, "extracted": _ratio(self.extracted, self.n), "accuracy": _ratio(self.correct, self.n),
                "accuracy_extracted": _ratio(self.correct, self.extracted),
                "contra_precision": _ratio(self.tp, self.tp + self.fp), "contra_recall": _ratio(self.tp, self.tp + self.fn),
                "contradicted": self.tp + self.fn, "false_contra": self.fp}


def score(results: list[ParagraphResult]) -> dict:
    """Every table of the report as plain dicts (what --json prints and the tests assert on)."""
    groups: dict[str, dict[str, Tally]] = {k: defaultdict(Tally) for k in
                                           ("overall", "type", "feature", "form", "style", "half")}
    leak: dict[str, dict[str, list[int]]] = {k: defaultdict(lambda: [0, 0, 0, 0]) for k in ("overall", "style", "half")}
    unlabelled = 0
    for res in results:
        p = res.paragraph
        for c, pred in zip(p.claims, res.predicted):
            for table, key in (("overall", "all"), ("type", c.kind), ("feature", f"{c.kind}:{c.feature}"),
                               ("form", c.form), ("style", p.style), ("half", p.half)):
                groups[table][key].add(c.label, pred)
        for row in res.unmatched:      # a contradiction the corpus never planted is a false alarm
            unlabelled += 1
            if row.get("verdict") == "contradicted":
                for table, key in (("overall", "all"), ("type", "(unlabelled text)"), ("style", p.style),
                                   ("half", p.half)):
                    groups[table][key].fp += 1
        for table, key in (("overall", "all"), ("style", p.style), ("half", p.half)):
            cell = leak[table][key]   # [leaking, leaking flagged, clean, clean flagged]
            cell[0 if p.leakage else 2] += 1
            cell[1 if p.leakage else 3] += res.flagged_leakage
    out = {table: {k: t.row() for k, t in sorted(g.items())} for table, g in groups.items()}
    out["leakage"] = {table: {k: {"leaking": c[0], "recall": _ratio(c[1], c[0]), "clean": c[2],
                                  "false_positive_rate": _ratio(c[3], c[2])} for k, c in sorted(g.items())}
                      for table, g in leak.items()}
    out["paragraphs"] = len(results)
    out["unlabelled_extractions"] = unlabelled
    out["errors"] = [f"{r.paragraph.pid}: {r.error}" for r in results if r.error]
    return out


def evaluate(half: str = "all", ludb_dir: Path = LUDB_DIR) -> tuple[dict, list[ParagraphResult]]:
    paragraphs = [p for p in build_corpus(ludb_dir) if half == "all" or p.half == half]
    results = [run_verifier(p, ludb_dir) for p in paragraphs]
    return score(results), results


def _md(title: str, rows: dict[str, dict]) -> str:
    if not rows:
        return ""
    cols = list(next(iter(rows.values())))
    lines = [f"### {title}", "", "| " + " | ".join(["group"] + cols) + " |", "|" + "---|" * (len(cols) + 1)]
    for key, row in rows.items():
        lines.append("| " + " | ".join([key] + ["–" if row[c] is None else str(row[c]) for c in cols]) + " |")
    return "\n".join(lines) + "\n"


def _errors(results: list[ParagraphResult], n: int) -> str:
    out = ["### Disagreements", ""]
    for res in results:
        for c, pred, rows in zip(res.paragraph.claims, res.predicted, res.matched_rows):
            if pred != c.label and len(out) < n + 2:
                why = "; ".join(str(r.get("reason")) for r in rows) or "not extracted"
                out.append(f"- {res.paragraph.pid} [{c.kind}:{c.feature} {c.intent}] \"{c.text}\": "
                           f"label {c.label}, verifier {pred} ({why})")
        for row in res.unmatched:
            if row.get("verdict") == "contradicted" and len(out) < n + 2:
                out.append(f"- {res.paragraph.pid} unlabelled text \"{row.get('text')}\" called contradicted "
                           f"({row.get('reason')})")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None, evaluate_half=None, doc: str = __doc__,
         name: str = "the truth corpus") -> None:
    """The report's tables; corpora 2 and 3 pass their own ``evaluate_half(half)`` and name."""
    evaluate_half = evaluate_half or evaluate
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--half", choices=("dev", "heldout", "all"), default="all")
    ap.add_argument("--json", action="store_true", help="print every table as one JSON object")
    ap.add_argument("--errors", type=int, default=0, help="also list the first N disagreements")
    ap.add_argument("--noise", default="", help="extract the features from seeded noisy copies (µV spec)")
    args = ap.parse_args(argv)
    global NOISE
    NOISE = args.noise
    report, results = evaluate_half(args.half)
    if args.json:
        print(json.dumps(report, indent=1))
        return
    print(f"## Verifier against {name} (half: {args.half}, {report['paragraphs']} paragraphs, "
          + (f"features under noise {args.noise}, " if args.noise else "") +
          f"{report['unlabelled_extractions']} verifier claims outside any labelled span)\n")
    for table in ("overall", "type", "feature", "form", "style", "half"):
        print(_md(f"claims by {table}", report[table]))
    for table in ("overall", "style", "half"):
        print(_md(f"leakage by {table}", report["leakage"][table]))
    if report["errors"]:
        print("### Verifier errors\n\n" + "\n".join(f"- {e}" for e in report["errors"]) + "\n")
    if args.errors:
        print(_errors(results, args.errors))


if __name__ == "__main__":
    main()
