"""The optional printed header: record id, date and the cart's machine measurements.

Patient identifiers (subject and study ids) are printed only when asked for: a training image
should not carry them by default. Durations follow SPEC §1 (PR = QRS onset - P onset, QT = T end -
QRS onset) and QTc is Bazett's (SPEC §3).
"""
from __future__ import annotations

import math


def header_lines(row: dict, *, show_ids: bool = False) -> list[str]:
    """Up to three header lines from a catalog row (missing values print as "--")."""
    first = [str(row.get("record_id") or ""), str(row.get("ecg_time") or "")]
    if show_ids:
        first += [f"subject {row.get('subject_id') or '--'}", f"study {row.get('study_id') or '--'}"]
    rr = _num(row.get("rr_interval_ms"))
    qt = _num(row.get("qt_machine_ms"))
    hr = 60000.0 / rr if rr else None
    qtc = qt / math.sqrt(rr / 1000.0) if qt and rr else None
    pr = _diff(row.get("qrs_onset_ms"), row.get("p_onset_ms"))
    qrs = _diff(row.get("qrs_end_ms"), row.get("qrs_onset_ms"))
    axes = "/".join(_fmt(row.get(k)) for k in ("p_axis_deg", "qrs_axis_deg", "t_axis_deg"))
    return [
        "   ".join(s for s in first if s),
        f"HR {_fmt(hr)} bpm   PR {_fmt(pr)} ms   QRS {_fmt(qrs)} ms   QT/QTc {_fmt(qt)}/{_fmt(qtc)} ms",
        f"P/QRS/T axes {axes} deg",
    ]


def _num(v) -> float | None:
    if v is None:
        return None
    v = float(v)
    return v if math.isfinite(v) else None


def _diff(a, b) -> float | None:
    a, b = _num(a), _num(b)
    return a - b if a is not None and b is not None else None


def _fmt(v) -> str:
    v = _num(v)
    return "--" if v is None else f"{v:.0f}"
