"""The durable request ledger: never pay twice for one answer, lose nothing on kill -9.

A request's key is the sha256 of its canonical form: endpoint, model, messages with every image
replaced by the sha256 of its bytes, every sampling parameter, the response schema and the prompt
version. Any change to any of them is a new request; nothing else is.

The ledger is one SQLite file in WAL mode with ``synchronous=FULL``: each state change is a committed
transaction before the next network step, so a process killed at any instant leaves a consistent file.
Life of a key: ``sending`` (intent, committed *before* the HTTP request leaves) -> ``done`` (response,
usage, cost, finish_reason stored) or ``failed`` (reason stored; tried again on the next run).
A key found in ``sending`` whose owner process is gone was in flight at a crash: the server may have
answered and billed it, so it is marked ``interrupted`` and, when re-sent, reported as possibly billed
twice. A ``done`` key is never sent again.

Batch plans (``gem_data.llm.batch``) live in a second table of the same file.
"""
from __future__ import annotations

import hashlib
import json
import os
import socket
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS requests (
    key TEXT PRIMARY KEY,
    custom_id TEXT NOT NULL,
    backend TEXT NOT NULL,
    model TEXT NOT NULL,            -- as requested (part of the key)
    served_model TEXT,              -- as the endpoint reported it (a dated snapshot, usually)
    state TEXT NOT NULL,            -- sending | done | failed | interrupted
    owner TEXT,                     -- host:pid of the process that last sent it
    attempts INTEGER NOT NULL DEFAULT 0,
    interrupted INTEGER NOT NULL DEFAULT 0,  -- was in flight at a crash at least once
    via TEXT,                       -- online | batch:<plan_id>
    text TEXT,
    finish_reason TEXT,
    prompt_tokens INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    cost_usd REAL NOT NULL DEFAULT 0,
    latency_s REAL NOT NULL DEFAULT 0,
    error TEXT,
    updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS batch_plans (
    plan_id TEXT PRIMARY KEY,
    jsonl_path TEXT NOT NULL,
    keys_json TEXT NOT NULL,
    n_requests INTEGER NOT NULL,
    n_bytes INTEGER NOT NULL,
    est_cost_usd REAL NOT NULL DEFAULT 0,
    state TEXT NOT NULL,            -- planned | uploaded | created | downloaded | failed
    input_file_id TEXT,
    batch_id TEXT,
    error TEXT,
    updated_at REAL NOT NULL
);
"""


@dataclass(frozen=True)
class LedgerRow:
    key: str
    custom_id: str
    backend: str
    model: str
    served_model: str | None
    state: str
    attempts: int
    interrupted: bool
    via: str | None
    text: str | None
    finish_reason: str | None
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float
    latency_s: float
    error: str | None


def canonical_request(*, endpoint: str, model: str, messages: list[dict], params: dict,
                      prompt_version: str) -> str:
    """The canonical JSON text a key is hashed from (sorted keys, no whitespace).

    ``messages`` must already carry ``sha256:<hex>`` in place of image bytes; ``params`` holds every
    sampling parameter and the response schema, exactly as sent.
    """
    doc = {"endpoint": endpoint, "model": model, "messages": messages, "params": params,
           "prompt_version": prompt_version}
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def request_key(**canonical) -> str:
    """sha256 hex of :func:`canonical_request` (same keyword arguments)."""
    return hashlib.sha256(canonical_request(**canonical).encode("utf-8")).hexdigest()


class Ledger:
    """One SQLite ledger file; safe to open from several processes (WAL, busy timeout)."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)
        self.owner = f"{socket.gethostname()}:{os.getpid()}"

    def close(self) -> None:
        self._db.close()

    # -- requests -------------------------------------------------------------------------------

    def get(self, keys: list[str]) -> dict[str, LedgerRow]:
        out: dict[str, LedgerRow] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._db.execute(f"SELECT {_COLS} FROM requests WHERE key IN ({marks})", chunk):
                out[row[0]] = _row(row)
        return out

    def recover(self, stale_s: float = 3600.0) -> int:
        """Mark keys left ``sending`` by a dead process as ``interrupted``; returns how many.

        An owner on another host cannot be probed: its intents count as dead after ``stale_s``.
        """
        n = 0
        rows = self._db.execute(
            "SELECT key, owner, updated_at FROM requests WHERE state = 'sending' "
            "AND (via IS NULL OR via NOT LIKE 'batch:%')").fetchall()  # batch keys: see batch.py
        for key, owner, updated_at in rows:
            if owner == self.owner or (_owner_alive(owner) and time.time() - updated_at < stale_s):
                continue
            self._db.execute("UPDATE requests SET state='interrupted', interrupted=1, updated_at=? "
                             "WHERE key=? AND state='sending'", (time.time(), key))
            n += 1
        return n

    def begin(self, key: str, custom_id: str, backend: str, model: str, via: str) -> bool:
        """Record the intent to send ``key`` (committed before the request leaves).

        Returns False (and changes nothing) when the key is already ``done`` or is being sent by
        another live process, so the caller must not send it.
        """
        now = time.time()
        with _tx(self._db):
            row = self._db.execute("SELECT state, owner FROM requests WHERE key=?", (key,)).fetchone()
            if row is None:
                self._db.execute(
                    "INSERT INTO requests(key, custom_id, backend, model, state, owner, attempts, via, "
                    "updated_at) VALUES (?,?,?,?,'sending',?,1,?,?)",
                    (key, custom_id, backend, model, self.owner, via, now))
                return True
            state, owner = row
            if state == "done":
                return False
            if state == "sending" and owner != self.owner and _owner_alive(owner):
                return False
            interrupted = 1 if state in ("sending", "interrupted") else 0
            self._db.execute(
                "UPDATE requests SET state='sending', owner=?, attempts=attempts+1, via=?, "
                "interrupted=MAX(interrupted, ?), error=NULL, updated_at=? WHERE key=?",
                (self.owner, via, interrupted, now, key))
            return True

    def finish(self, key: str, *, text: str | None, finish_reason: str | None, prompt_tokens: int,
               completion_tokens: int, cost_usd: float, latency_s: float, served_model: str | None) -> None:
        """Store an answer; from now on this key is never sent again."""
        self._db.execute(
            "UPDATE requests SET state='done', text=?, finish_reason=?, prompt_tokens=?, "
            "completion_tokens=?, cost_usd=?, latency_s=?, served_model=?, error=NULL, updated_at=? "
            "WHERE key=?", (text, finish_reason, prompt_tokens, completion_tokens, cost_usd, latency_s,
                            served_model, time.time(), key))

    def fail(self, key: str, error: str, *, latency_s: float = 0.0) -> None:
        """Store why a key failed; it is sent again on the next run."""
        self._db.execute("UPDATE requests SET state='failed', error=?, latency_s=?, updated_at=? "
                         "WHERE key=?", (error, latency_s, time.time(), key))

    def retrying(self, key: str, reason: str, *, maybe_billed: bool) -> None:
        """An attempt failed in a way worth retrying. A timeout or dropped connection may still have
        been answered (and billed) by the server, so it marks the key as possibly billed twice."""
        self._db.execute("UPDATE requests SET state='failed', error=?, interrupted=MAX(interrupted, ?), "
                         "updated_at=? WHERE key=?", (f"retrying: {reason}", int(maybe_billed),
                                                      time.time(), key))

    def spent_usd(self) -> float:
        """What every stored answer in this ledger cost."""
        return float(self._db.execute(
            "SELECT COALESCE(SUM(cost_usd), 0) FROM requests WHERE state='done'").fetchone()[0])

    def counts(self) -> dict[str, int]:
        return dict(self._db.execute("SELECT state, COUNT(*) FROM requests GROUP BY state").fetchall())

    # -- batch plans ----------------------------------------------------------------------------

    def add_plan(self, plan_id: str, jsonl_path: str, keys: list[str], n_bytes: int,
                 est_cost_usd: float) -> None:
        self._db.execute(
            "INSERT OR IGNORE INTO batch_plans(plan_id, jsonl_path, keys_json, n_requests, n_bytes, "
            "est_cost_usd, state, updated_at) VALUES (?,?,?,?,?,?,'planned',?)",
            (plan_id, jsonl_path, json.dumps(keys), len(keys), n_bytes, est_cost_usd, time.time()))

    def update_plan(self, plan_id: str, **fields) -> None:
        allowed = {"state", "input_file_id", "batch_id", "error"}
        if not set(fields) <= allowed:
            raise ValueError(f"unknown plan fields {set(fields) - allowed}")
        sets = ", ".join(f"{k}=?" for k in fields)
        self._db.execute(f"UPDATE batch_plans SET {sets}, updated_at=? WHERE plan_id=?",
                         (*fields.values(), time.time(), plan_id))

    def plans(self, states: tuple[str, ...] | None = None) -> list[dict]:
        cols = ("plan_id", "jsonl_path", "keys_json", "n_requests", "n_bytes", "est_cost_usd", "state",
                "input_file_id", "batch_id", "error")
        rows = self._db.execute(f"SELECT {', '.join(cols)} FROM batch_plans ORDER BY rowid").fetchall()
        out = [dict(zip(cols, r)) for r in rows]
        for p in out:
            p["keys"] = json.loads(p.pop("keys_json"))
        return [p for p in out if states is None or p["state"] in states]

    def committed_usd(self) -> float:
        """Estimated cost of batch plans not yet downloaded (the server may run them any time)."""
        return float(self._db.execute(
            "SELECT COALESCE(SUM(est_cost_usd), 0) FROM batch_plans WHERE state IN ('planned', 'uploaded', 'created')"
        ).fetchone()[0])


_COLS = ("key, custom_id, backend, model, served_model, state, attempts, interrupted, via, text, "
         "finish_reason, prompt_tokens, completion_tokens, cost_usd, latency_s, error")


def _row(r: tuple) -> LedgerRow:
    return LedgerRow(key=r[0], custom_id=r[1], backend=r[2], model=r[3], served_model=r[4], state=r[5],
                     attempts=r[6], interrupted=bool(r[7]), via=r[8], text=r[9], finish_reason=r[10],
                     prompt_tokens=r[11], completion_tokens=r[12], cost_usd=r[13], latency_s=r[14],
                     error=r[15])


class _tx:
    """BEGIN IMMEDIATE ... COMMIT, so a read-then-write is atomic across processes."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, *_):
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")


def _owner_alive(owner: str | None) -> bool:
    """Is the process named ``host:pid`` still running? Other hosts are assumed alive."""
    if not owner:
        return False
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname():
        return True
    try:
        os.kill(int(pid), 0)
    except (ProcessLookupError, ValueError):
        return False
    except PermissionError:
        return True
    return True
