"""Per-record isolation: one record's exception becomes a quarantine row, never a failed partition.

At 800k records anything that can be malformed will be, and a partition that fails on one record
fails again on every retry. Every per-record stage calls its per-record function through
:func:`isolate`; what escapes it is a row ``(record_id, stage, reason)`` whose reason names the
exception type and message. A systematic bug still stops the line: the per-stage
``quarantine_share`` asset checks (assets/checks.py) block a batch above a configurable share.

>>> value, row = isolate("features", "demo/1", lambda: 1 / 0)
>>> value, row["reason"]
(None, 'unexpected ZeroDivisionError: division by zero')
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
MAX_MESSAGE_CHARS = 300  # a reason is a table cell, not a traceback (the log keeps the traceback)
UNEXPECTED = "unexpected"  # every isolated reason starts with this word, so checks can count them

_log = logging.getLogger(__name__)


def isolate(stage: str, record_id: str, fn: Callable[..., T], *args, **kwargs) -> tuple[T | None, dict | None]:
    """``(fn(*args, **kwargs), None)``, or ``(None, quarantine row)`` when ``fn`` raises.

    Only ``Exception`` is caught: an interrupt or a killed worker still stops the run.
    """
    try:
        return fn(*args, **kwargs), None
    except Exception as exc:  # noqa: BLE001 - the point is that nothing escapes one record
        _log.warning("%s: record %s failed", stage, record_id, exc_info=True)
        return None, quarantine_row(stage, record_id, exc)


def quarantine_row(stage: str, record_id: str, exc: BaseException) -> dict:
    """The quarantine row for one exception: stage, record, exception type and message."""
    message = " ".join(str(exc).split())  # one line, whatever the exception printed
    if len(message) > MAX_MESSAGE_CHARS:
        message = message[:MAX_MESSAGE_CHARS] + "…"
    reason = f"{UNEXPECTED} {type(exc).__name__}: {message}" if message else f"{UNEXPECTED} {type(exc).__name__}"
    return {"record_id": record_id, "stage": stage, "reason": reason}
