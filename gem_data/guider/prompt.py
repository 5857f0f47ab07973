"""Versioned prompt templates (``prompts/*.toml``) and the seeded choice of a clinician's question.

A template file holds ``prompt_version``, ``system`` and ``user`` (with ``{question}``, ``{report}``,
``{machine}``, ``{measurements}``); a questions file holds one instruction per line. The question for
a record is picked by a hash of (seed, record_id), so it is stable across runs and machines and
independent of batch composition.
"""
from __future__ import annotations

import hashlib
import math
import tomllib
from dataclasses import dataclass
from pathlib import Path

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"
_FIELDS = ("question", "report", "machine", "measurements")


@dataclass(frozen=True)
class PromptTemplate:
    version: str
    system: str
    user: str
    questions: tuple[str, ...]

    def question_for(self, record_id: str, seed: int) -> tuple[int, str]:
        """(index, text) of the record's question: sha256(seed:record_id) mod the number of questions."""
        digest = hashlib.sha256(f"{seed}:{record_id}".encode()).digest()
        i = int.from_bytes(digest[:8], "big") % len(self.questions)
        return i, self.questions[i]

    def render_user(self, *, question: str, report: str, machine: str | None, measurements: str) -> str:
        """The user text; with ``machine=None`` (no machine measurements) the template line holding
        ``{machine}`` is left out rather than sent saying so: every token is paid on every record."""
        user = self.user
        if machine is None:
            user = "\n".join(line for line in user.split("\n") if "{machine}" not in line)
        return user.format(question=question, report=report, machine=machine, measurements=measurements)


def load_template(template_path: str | Path, questions_path: str | Path) -> PromptTemplate:
    """Read and check a template and its questions (every placeholder present, none unknown)."""
    doc = tomllib.loads(Path(template_path).read_text(encoding="utf-8"))
    missing = [k for k in ("prompt_version", "system", "user") if not doc.get(k)]
    if missing:
        raise ValueError(f"{template_path}: missing {', '.join(missing)}")
    user = doc["user"]
    absent = [f for f in _FIELDS if "{" + f + "}" not in user]
    if absent:
        raise ValueError(f"{template_path}: user part lacks {', '.join('{' + f + '}' for f in absent)}")
    questions = tuple(line.strip() for line in Path(questions_path).read_text(encoding="utf-8").splitlines()
                      if line.strip() and not line.lstrip().startswith("#"))
    if not questions:
        raise ValueError(f"{questions_path}: no questions")
    return PromptTemplate(version=str(doc["prompt_version"]), system=doc["system"].strip(), user=user,
                          questions=questions)


def machine_line(row: dict) -> str | None:
    """The machine's median-beat measurements as one short line (intervals derived as in SPEC §1), or
    None where the source has none (PTB-XL, generic WFDB folders)."""
    def val(name):
        v = row.get(name)
        return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)

    rr, p_on, p_end = val("rr_interval_ms"), val("p_onset_ms"), val("p_end_ms")
    q_on, q_end, t_end = val("qrs_onset_ms"), val("qrs_end_ms"), val("t_end_ms")
    qt = val("qt_machine_ms") if val("qt_machine_ms") is not None else (
        t_end - q_on if t_end is not None and q_on is not None else None)
    parts = []
    if rr:
        parts.append(f"RR {rr:.0f} ms (rate {60000 / rr:.0f} bpm)")
    for label, a, b in (("P", p_on, p_end), ("PR", p_on, q_on), ("QRS", q_on, q_end)):
        if a is not None and b is not None and b > a:
            parts.append(f"{label} {b - a:.0f} ms")
    if qt is not None:
        parts.append(f"QT {qt:.0f} ms")
    axes = [f"{name} {val(col):.0f}°" for name, col in
            (("P", "p_axis_deg"), ("QRS", "qrs_axis_deg"), ("T", "t_axis_deg")) if val(col) is not None]
    if axes:
        parts.append("axes " + ", ".join(axes))
    return "; ".join(parts) if parts else None
