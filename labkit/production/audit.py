"""An append-only audit log with a hash chain: every entry commits to all the entries before it.

The one idea: an audit log is only evidence if altering it is *detectable*. Each entry stores the hash of the
previous entry and its own hash over (previous hash + its canonical JSON body). Changing, deleting or reordering any
entry breaks every hash after it, and :meth:`AuditLog.verify` says where. Two additions close the remaining gaps:

* **truncation** (dropping the newest entries) leaves a valid shorter chain, so publish :meth:`AuditLog.head`
  somewhere the writer cannot edit (another system, a ticket, a transparency log) and verify against it;
* **rewriting the whole chain** is possible for whoever can recompute SHA-256, so give the log a secret ``key``:
  hashes become HMAC-SHA256 and only key holders can produce a valid chain.

SQLite triggers additionally refuse UPDATE and DELETE, which stops accidents (not attackers with the file: that is
what the chain is for).

>>> from labkit.production.clock import FakeClock
>>> log = AuditLog(clock=FakeClock(1700000000))
>>> _ = log.append("alice", "model.invoke", "gpt-x", {"decision": "allow"})
>>> _ = log.append("bob", "policy.deny", "gpt-x", {"rule": "no-pii"})
>>> log.verify().ok, len(log)
(True, 2)
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labkit.errors import AuditIntegrityError, InvalidInputError
from labkit.sqlite import connect, migrate

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    timestamp: float
    actor: str
    action: str
    resource: str
    details: dict[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class Verification:
    ok: bool
    checked: int
    first_bad: int | None = None
    reason: str = ""


def canonical(body: dict[str, Any]) -> str:
    """The exact bytes that get hashed: sorted keys, no whitespace, UTF-8.

    >>> canonical({"b": 1, "a": [1, 2]})
    '{"a":[1,2],"b":1}'
    """
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _initial(db: sqlite3.Connection) -> None:
    # IF NOT EXISTS: logs written before the migrations table existed already hold these; they are adopted.
    db.execute("CREATE TABLE IF NOT EXISTS audit (seq INTEGER PRIMARY KEY, body TEXT NOT NULL, "
               "prev_hash TEXT NOT NULL, hash TEXT NOT NULL)")
    for op in ("UPDATE", "DELETE"):
        db.execute(f"CREATE TRIGGER IF NOT EXISTS audit_no_{op.lower()} BEFORE {op} ON audit "
                   f"BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END")


_MIGRATIONS = [("0001_audit", _initial)]


class AuditLog:
    """SQLite-backed (``path``) or in-memory (``path=None``) audit log; ``key`` switches hashes to HMAC."""

    def __init__(self, path: str | Path | None = None, key: bytes | None = None,
                 clock: Callable[[], float] = time.time):
        self.path = str(path) if path is not None else ":memory:"
        self.key = key
        self.clock = clock
        self._lock = threading.Lock()
        self._conn = connect(self.path, threads=True)
        migrate(self._conn, _MIGRATIONS)

    def _digest(self, prev_hash: str, body: str) -> str:
        data = (prev_hash + body).encode()
        if self.key:
            return hmac.new(self.key, data, hashlib.sha256).hexdigest()
        return hashlib.sha256(data).hexdigest()

    def __len__(self) -> int:
        with self._lock:
            return self._conn.execute("SELECT COUNT(*) FROM audit").fetchone()[0]

    def head(self) -> str:
        """The newest entry's hash (GENESIS when empty): publish it elsewhere to detect truncation."""
        with self._lock:
            row = self._conn.execute("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        return row[0] if row else GENESIS

    def append(self, actor: str, action: str, resource: str = "", details: dict[str, Any] | None = None) -> AuditEntry:
        for label, value in (("actor", actor), ("action", action)):
            if not isinstance(value, str) or not value:
                raise InvalidInputError(f"An audit entry needs a non-empty {label} string, got {value!r}.")
        details = details or {}
        with self._lock, self._conn:
            row = self._conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
            seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS)
            body = {"seq": seq, "timestamp": self.clock(), "actor": actor, "action": action,
                    "resource": resource, "details": details}
            try:
                text = canonical(body)
            except TypeError as exc:
                raise InvalidInputError(f"Audit details must be JSON-serialisable: {exc}") from exc
            digest = self._digest(prev, text)
            self._conn.execute("INSERT INTO audit VALUES (?, ?, ?, ?)", (seq, text, prev, digest))
        return AuditEntry(seq, body["timestamp"], actor, action, resource, details, prev, digest)

    def entries(self) -> list[AuditEntry]:
        with self._lock:
            rows = self._conn.execute("SELECT body, prev_hash, hash FROM audit ORDER BY seq").fetchall()
        out = []
        for body, prev, digest in rows:
            b = json.loads(body)
            out.append(AuditEntry(b["seq"], b["timestamp"], b["actor"], b["action"], b["resource"], b["details"],
                                  prev, digest))
        return out

    def verify(self, expected_head: str | None = None) -> Verification:
        """Recompute the chain; report the first entry (by position, 1-based) that does not verify."""
        with self._lock:
            rows = self._conn.execute("SELECT seq, body, prev_hash, hash FROM audit ORDER BY rowid").fetchall()
        prev = GENESIS
        for position, (seq, body, prev_hash, digest) in enumerate(rows, start=1):
            try:
                claimed_seq = json.loads(body).get("seq")
            except json.JSONDecodeError:
                return Verification(False, position - 1, position, "body is not valid JSON")
            if seq != position or claimed_seq != position:
                return Verification(False, position - 1, position,
                                    f"sequence gap or reorder (found seq {seq}, body says {claimed_seq})")
            if prev_hash != prev:
                return Verification(False, position - 1, position, "prev_hash does not match the previous entry")
            if not hmac.compare_digest(self._digest(prev_hash, body), digest):
                return Verification(False, position - 1, position, "hash does not match the entry's content")
            prev = digest
        if expected_head is not None and prev != expected_head:
            return Verification(False, len(rows), len(rows) + 1,
                                "the chain does not end at the published head: entries were removed from the end")
        return Verification(True, len(rows))

    def verify_or_raise(self, expected_head: str | None = None) -> None:
        result = self.verify(expected_head)
        if not result.ok:
            raise AuditIntegrityError(result.first_bad or 0, result.reason)

    def close(self) -> None:
        self._conn.close()
