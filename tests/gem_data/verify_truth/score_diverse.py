"""Score the grounding verifier on the diverse-voices truth corpus (diverse.py, corpus 5), with score.py's tables.

    .venv/bin/python -m tests.gem_data.verify_truth.score_diverse --half dev|heldout|all [--json] [--errors N]

The same scorer as score_freeform.py (corpus 2), score_gemstyle.py (corpus 3) and score_varied.py
(corpus 4), on corpus 5; the numbers are measurements, not regressions: no test asserts them.
"""
from __future__ import annotations

from pathlib import Path

from tests.gem_data.verify_truth import score_freeform
from tests.gem_data.verify_truth.corpus import LUDB_DIR
from tests.gem_data.verify_truth.diverse import build_diverse
from tests.gem_data.verify_truth.score import ParagraphResult


def evaluate(half: str = "all", ludb_dir: Path = LUDB_DIR, limit: int | None = None) -> tuple[dict, list[ParagraphResult]]:
    return score_freeform.evaluate(half, ludb_dir, limit, build=build_diverse)


def main(argv: list[str] | None = None) -> None:
    score_freeform.main(argv, build=build_diverse, doc=__doc__, name="the diverse-voices corpus")


if __name__ == "__main__":
    main()
