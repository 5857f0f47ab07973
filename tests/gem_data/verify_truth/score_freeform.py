"""Score the grounding verifier on the hand-written truth corpus (freeform.py), with score.py's tables.

    .venv/bin/python -m tests.gem_data.verify_truth.score_freeform --half dev|heldout|all [--json] [--errors N]

The verifier is run as a black box through `score.run_verifier`; the numbers are measurements, not
regressions: no test asserts them. score_gemstyle.py runs the same on corpus 3.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.gem_data.verify_truth import score
from tests.gem_data.verify_truth.corpus import LUDB_DIR
from tests.gem_data.verify_truth.freeform import build_freeform
from tests.gem_data.verify_truth.score import ParagraphResult, run_verifier


def evaluate(half: str = "all", ludb_dir: Path = LUDB_DIR, limit: int | None = None,
             build: Callable = build_freeform) -> tuple[dict, list[ParagraphResult]]:
    paragraphs = [p for p in build(ludb_dir) if half == "all" or p.half == half][:limit]
    results = [run_verifier(p, ludb_dir) for p in paragraphs]
    return score.score(results), results


def main(argv: list[str] | None = None, build: Callable = build_freeform, doc: str = __doc__,
         name: str = "the hand-written corpus") -> None:
    score.main(argv, lambda half: evaluate(half, build=build), doc, name)


if __name__ == "__main__":
    main()
