"""Score the grounding verifier on the LLM-house-style truth corpus (gemstyle.py), with score.py's tables.

    .venv/bin/python -m tests.gem_data.verify_truth.score_gemstyle --half dev|heldout|all [--json] [--errors N]

The same scorer as score_freeform.py (corpus 2), on corpus 3; the numbers are measurements, not
regressions: no test asserts them.
"""
from __future__ import annotations

from pathlib import Path

from tests.gem_data.verify_truth import score_freeform
from tests.gem_data.verify_truth.corpus import LUDB_DIR
from tests.gem_data.verify_truth.gemstyle import build_gemstyle
from tests.gem_data.verify_truth.score import ParagraphResult


def evaluate(half: str = "all", ludb_dir: Path = LUDB_DIR, limit: int | None = None) -> tuple[dict, list[ParagraphResult]]:
    return score_freeform.evaluate(half, ludb_dir, limit, build=build_gemstyle)


def main(argv: list[str] | None = None) -> None:
    score_freeform.main(argv, build=build_gemstyle, doc=__doc__, name="the LLM-style corpus")


if __name__ == "__main__":
    main()
