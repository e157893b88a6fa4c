"""Connection pooling: open a few connections once, lend them out, take them back, and retire the tired ones.

The one idea: opening a connection (to a database, to a model provider's HTTPS endpoint) costs far more than using
one: TCP and TLS handshakes, authentication, a process or a session on the server. A service that opens one per
request pays that on every request and, under load, opens more than the server accepts. A **pool** keeps at most
``max_size`` connections, lends an idle one when it has one, opens a new one only when none is idle and the cap
allows, and makes a caller wait (at most ``acquire_timeout`` seconds, then :class:`~labkit.errors.PoolTimeoutError`)
when all are lent out: back-pressure instead of a stampede on the server.

A pooled connection lives a long time, so the pool keeps it honest:

* **health check on checkout**: a connection that died while idle (a server restart, a firewall's idle timeout) is
  closed and replaced before a caller ever sees it;
* **recycle after** ``max_uses`` checkouts: bounds whatever a connection accumulates (session state, memory);
* **recycle after** ``max_age`` seconds on the injected clock: credentials rotate, DNS moves, servers drop old
  connections; a pool that never retires one finds out in production;
* **an exception inside** ``with pool.connection()`` discards that connection: its state is unknown (half a
  transaction, a half-read response), so the next caller gets a fresh one. That costs a reconnect, never a wrong answer.

Idle connections are lent last-in first-out, so a quiet service keeps few of them warm and the rest age out.

>>> import itertools
>>> from labkit.clock import FakeClock
>>> clock = FakeClock()
>>> pool = ConnectionPool(itertools.count(1).__next__, max_size=2, max_age=60, clock=clock)  # "connections" 1, 2, ...
>>> with pool.connection() as first: pass
>>> with pool.connection() as again: pass
>>> first, again, pool.stats.created, pool.stats.reused
(1, 1, 1, 1)
>>> clock.advance(60)
>>> with pool.connection() as fresh: fresh
2
>>> pool.stats.recycled
{'max_age': 1}

:func:`sqlite_pool` pools SQLite connections with a ``SELECT 1`` health check. SQLite opens a file in well under a
millisecond, so there a pool saves little time; count the connections opened, which is what a networked database or
a provider's rate of new TLS sessions charges for. Left out: a minimum of pre-opened connections, background
reaping of idle connections, fairness among waiters (a woken waiter may lose the race to a newcomer), and async
acquire (wrap the pool in ``asyncio.to_thread`` or use the client library's own async pool, e.g. httpx's).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from labkit.errors import InvalidInputError, PoolTimeoutError

T = TypeVar("T")


@dataclass
class PoolStats:
    """What the pool did.

    ``checkouts`` split into ``created`` (a new connection) and ``reused`` (an idle one); ``waits`` counts checkouts
    that found every connection lent, ``timeouts`` those that then gave up; ``recycled`` counts closed connections by
    reason (``max_uses``, ``max_age``, ``failed_check``, ``broken``). A reuse rate near 1 is the point of a pool; many
    waits say ``max_size`` is too small or connections are held too long.
    """

    checkouts: int = 0
    created: int = 0
    reused: int = 0
    waits: int = 0
    timeouts: int = 0
    peak_in_use: int = 0
    recycled: dict[str, int] = field(default_factory=dict)

    @property
    def reuse_rate(self) -> float:
        """Share of checkouts served by an idle connection (0.0 before the first)."""
        return self.reused / self.checkouts if self.checkouts else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"checkouts": self.checkouts, "created": self.created, "reused": self.reused, "waits": self.waits,
                "timeouts": self.timeouts, "peak_in_use": self.peak_in_use, "recycled": dict(self.recycled),
                "reuse_rate": round(self.reuse_rate, 4)}


@dataclass
class _Pooled(Generic[T]):
    connection: T
    opened_at: float
    uses: int = 0


def close_quietly(connection: Any) -> None:
    """The default close: call ``connection.close()`` if there is one; a failing close is not the caller's problem.

    >>> close_quietly(42)  # nothing to close
    """
    close = getattr(connection, "close", None)
    if callable(close):
        try:
            close()
        except Exception:  # noqa: BLE001 - the connection is being thrown away either way
            pass


class ConnectionPool(Generic[T]):
    """At most ``max_size`` connections from ``factory``, lent by :meth:`connection` (or :meth:`acquire`, then
    :meth:`release`).

    ``health_check(connection)`` runs on every checkout of an idle connection; falsy or raising means dead.
    ``max_uses`` and ``max_age`` (seconds on ``clock``) retire connections; ``None`` means never.
    ``acquire_timeout`` is how long a caller waits for a free connection when all are lent (0: fail at once).
    Thread-safe; factories and health checks run outside the pool's lock, so a slow connect blocks only its caller.
    """

    def __init__(self, factory: Callable[[], T], *, max_size: int = 5, acquire_timeout: float = 10.0,
                 max_uses: int | None = None, max_age: float | None = None,
                 health_check: Callable[[T], Any] | None = None, close: Callable[[T], None] = close_quietly,
                 clock: Callable[[], float] = time.monotonic, name: str = "pool"):
        if not callable(factory):
            raise InvalidInputError("factory must be a function that opens a connection, "
                                    f"got {type(factory).__name__}.")
        if not isinstance(max_size, int) or max_size < 1:
            raise InvalidInputError(f"max_size must be an integer >= 1, got {max_size!r}.")
        if acquire_timeout < 0:
            raise InvalidInputError(f"acquire_timeout must be >= 0 seconds, got {acquire_timeout!r}.")
        if max_uses is not None and (not isinstance(max_uses, int) or max_uses < 1):
            raise InvalidInputError(f"max_uses must be an integer >= 1 or None, got {max_uses!r}.")
        if max_age is not None and max_age <= 0:
            raise InvalidInputError(f"max_age must be > 0 seconds or None, got {max_age!r}.")
        self.factory = factory
        self.max_size = max_size
        self.acquire_timeout = float(acquire_timeout)
        self.max_uses = max_uses
        self.max_age = max_age
        self.health_check = health_check
        self.close_connection = close
        self.clock = clock
        self.name = name
        self.stats = PoolStats()
        self._idle: list[_Pooled[T]] = []
        self._lent: dict[int, _Pooled[T]] = {}
        self._opening = 0
        self._closed = False
        self._cond = threading.Condition()

    # -- what the pool holds --------------------------------------------------------------------------------------

    @property
    def in_use(self) -> int:
        return len(self._lent)

    @property
    def idle(self) -> int:
        return len(self._idle)

    def _size(self) -> int:
        return len(self._idle) + len(self._lent) + self._opening

    def _can_lend(self) -> bool:
        return self._closed or bool(self._idle) or self._size() < self.max_size

    def _too_old(self, item: _Pooled[T]) -> bool:
        return self.max_age is not None and self.clock() - item.opened_at >= self.max_age

    def _retire(self, item: _Pooled[T], reason: str) -> None:
        """Close a connection for ``reason`` and count it (the caller has already removed it from idle/lent)."""
        self.stats.recycled[reason] = self.stats.recycled.get(reason, 0) + 1
        self.close_connection(item.connection)

    def _healthy(self, connection: T) -> bool:
        if self.health_check is None:
            return True
        try:
            return bool(self.health_check(connection))
        except Exception:  # noqa: BLE001 - a check that raises is a failed check
            return False

    # -- lending ----------------------------------------------------------------------------------------------------

    def acquire(self, timeout: float | None = None) -> T:
        """Lend a connection: a healthy idle one (most recently returned first), else a new one if the cap allows,
        else wait up to ``timeout`` (default ``acquire_timeout``) seconds for one to come back."""
        limit = self.acquire_timeout if timeout is None else float(timeout)
        if limit < 0:
            raise InvalidInputError(f"timeout must be >= 0 seconds, got {timeout!r}.")
        while True:
            with self._cond:
                if not self._can_lend():
                    self.stats.waits += 1
                    # a blocking wait is real time by nature; the injected clock only ages connections
                    if not self._cond.wait_for(self._can_lend, timeout=limit):
                        self.stats.timeouts += 1
                        raise PoolTimeoutError(self.name, limit, len(self._lent))
                if self._closed:
                    raise InvalidInputError(f"Pool {self.name!r} is closed; create a new pool to open connections.")
                item = self._idle.pop() if self._idle else None
                if item is not None and self._too_old(item):
                    self._retire(item, "max_age")
                    continue
                if item is None:
                    self._opening += 1
                else:
                    self._lent[id(item.connection)] = item  # reserved while its health is checked
            if item is None:
                return self._open_and_lend()
            if self._healthy(item.connection):
                return self._lend(item, reused=True)
            with self._cond:
                del self._lent[id(item.connection)]
                self._retire(item, "failed_check")
                self._cond.notify()

    def _open_and_lend(self) -> T:
        try:
            connection = self.factory()
        except BaseException:
            with self._cond:
                self._opening -= 1
                self._cond.notify()  # the slot this caller reserved is free again
            raise
        item = _Pooled(connection, opened_at=self.clock())
        with self._cond:
            self._opening -= 1
            self._lent[id(connection)] = item
        return self._lend(item, reused=False)

    def _lend(self, item: _Pooled[T], reused: bool) -> T:
        with self._cond:
            item.uses += 1
            self.stats.checkouts += 1
            if reused:
                self.stats.reused += 1
            else:
                self.stats.created += 1
            self.stats.peak_in_use = max(self.stats.peak_in_use, len(self._lent))
        return item.connection

    def release(self, connection: T, broken: bool = False) -> None:
        """Give a connection back; a ``broken``, used-up or too-old connection is closed instead of kept."""
        with self._cond:
            item = self._lent.pop(id(connection), None)
            if item is None:
                raise InvalidInputError(f"Pool {self.name!r} did not lend this connection (or it was released "
                                        "already); release each acquired connection exactly once.")
            if broken:
                self._retire(item, "broken")
            elif self.max_uses is not None and item.uses >= self.max_uses:
                self._retire(item, "max_uses")
            elif self._too_old(item):
                self._retire(item, "max_age")
            elif self._closed:
                self.close_connection(item.connection)
            else:
                self._idle.append(item)
            self._cond.notify()

    @contextmanager
    def connection(self, timeout: float | None = None) -> Iterator[T]:
        """``with pool.connection() as db: ...``: always released; an exception inside discards the connection."""
        connection = self.acquire(timeout)
        try:
            yield connection
        except BaseException:
            self.release(connection, broken=True)
            raise
        self.release(connection)

    def close(self) -> None:
        """Close the idle connections now and lent ones as they come back; later acquires raise."""
        with self._cond:
            self._closed = True
            idle, self._idle = self._idle, []
            self._cond.notify_all()
        for item in idle:
            self.close_connection(item.connection)

    def __enter__(self) -> ConnectionPool[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def sqlite_healthy(db: Any) -> bool:
    """A SQLite connection is healthy when it still answers ``SELECT 1`` (a closed one raises)."""
    return db.execute("SELECT 1").fetchone() == (1,)


def sqlite_pool(path: str | Path, **options: Any) -> ConnectionPool[Any]:
    """A pool of :func:`labkit.sqlite.connect` connections (WAL, busy timeout) to one database file.

    ``options`` go to :class:`ConnectionPool` (``max_size``, ``max_uses``, ``max_age``, ``clock``, ...). An in-memory
    database is refused: every ``:memory:`` connection is a separate, empty database, so pooling it loses data.
    """
    if str(path) == ":memory:":
        raise InvalidInputError("sqlite_pool needs a file path: each ':memory:' connection is its own empty database.")
    from labkit.sqlite import connect

    return ConnectionPool(lambda: connect(path, threads=True), health_check=sqlite_healthy,
                          close=lambda db: db.close(), name=options.pop("name", f"sqlite:{Path(path).name}"),
                          **options)
