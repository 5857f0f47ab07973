"""Score the grounding verifier on the varied-voices truth corpus (varied.py, corpus 4), with score.py's tables.

    .venv/bin/python -m tests.gem_data.verify_truth.score_varied --half dev|heldout|all [--json] [--errors N]

The same scorer as score_freeform.py (corpus 2) and score_gemstyle.py (corpus 3), on corpus 4; the
numbers are measurements, not regressions: no test asserts them.
"""
from __future__ import annotations

from pathlib import Path

from tests.gem_data.verify_truth import score_freeform
from tests.gem_data.verify_truth.corpus import LUDB_DIR
from tests.gem_data.verify_truth.score import ParagraphResult
from tests.gem_data.verify_truth.varied import build_varied


def evaluate(half: str = "all", ludb_dir: Path = LUDB_DIR, limit: int | None = None) -> tuple[dict, list[ParagraphResult]]:
    return score_freeform.evaluate(half, ludb_dir, limit, build=build_varied)


def main(argv: list[str] | None = None) -> None:
    score_freeform.main(argv, build=build_varied, doc=__doc__, name="the varied-voices corpus")


if __name__ == "__main__":
    main()
