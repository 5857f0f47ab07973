"""Score the grounding verifier on the hand-written truth corpus (freeform.py), with score.py's tables.

    .venv/bin/python -m tests.gem_data.verify_truth.score_freeform --half dev|heldout|all [--json] [--errors N]

The verifier is run as a black box through `score.run_verifier`; the numbers are measurements, not
regressions: no test asserts them. score_gemstyle.py runs the same on corpus 3.
"""
from __future__ import annotations

import argparse
from collections.abc import Callable
import json
from pathlib import Path

from tests.gem_data.verify_truth.corpus import LUDB_DIR
from tests.gem_data.verify_truth.freeform import build_freeform
from tests.gem_data.verify_truth.score import (
    ParagraphResult,
    _errors,
    _md,
    run_verifier,
    score,
)


def evaluate(half: str = "all", ludb_dir: Path = LUDB_DIR, limit: int | None = None,
             build: Callable = build_freeform) -> tuple[dict, list[ParagraphResult]]:
    paragraphs = [p for p in build(ludb_dir) if half == "all" or p.half == half][:limit]
    results = [run_verifier(p, ludb_dir) for p in paragraphs]
    return score(results), results


def main(argv: list[str] | None = None, build: Callable = build_freeform, doc: str = __doc__,
         name: str = "the hand-written corpus") -> None:
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--half", choices=("dev", "heldout", "all"), default="all")
    ap.add_argument("--json", action="store_true", help="print every table as one JSON object")
    ap.add_argument("--errors", type=int, default=0, help="also list the first N disagreements")
    args = ap.parse_args(argv)
    report, results = evaluate(args.half, build=build)
    if args.json:
        print(json.dumps(report, indent=1))
        return
    print(f"## Verifier against {name} (half: {args.half}, {report['paragraphs']} paragraphs, "
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
