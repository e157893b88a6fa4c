"""Caches with one interface: get / set / delete with a TTL, hit-rate statistics, and tiers chained together.

The one idea: a cache is a promise about *staleness* (the TTL) and *size* (the eviction policy), and its worth is
measured by one number, the hit rate. Every backend here (:class:`MemoryCache`, :class:`SQLiteCache`, the Redis
and semantic caches in sibling modules) implements the same small contract, so :class:`TieredCache` can put a fast,
small, per-process cache in front of a slower, shared, bigger one: a hit in a lower tier is copied up ("backfill"),
so the next lookup is served by the fastest tier.

>>> from labkit.production.clock import FakeClock
>>> clock = FakeClock()
>>> cache = MemoryCache(max_size=2, ttl=10, clock=clock)
>>> cache.set("q1", "a1"); cache.get("q1")
'a1'
>>> clock.advance(11); cache.get("q1") is None      # expired
True
>>> cache.stats.hits, cache.stats.misses, cache.stats.expirations
(1, 1, 1)

Values must be JSON-serialisable (str, numbers, lists, dicts): shared backends store JSON, and the memory tier
enforces the same rule so switching backends never changes behaviour. Left out: write-behind queues, cache
stampede locks across processes (the proxy coalesces identical in-flight requests instead), size in bytes.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labkit.errors import CacheBackendError, InvalidInputError
from labkit.registry import Registry
from labkit.sqlite import connect, migrate

Clock = Callable[[], float]
BACKENDS: Registry[Callable[..., Cache]] = Registry("cache backend", entry_points="labkit.cache_backends")
"""Cache backends by name, for :func:`create_cache`; installed packages add theirs through the entry-point group."""


def make_key(*parts: Any) -> str:
    """A stable cache key from any JSON-serialisable parts (order matters).

    >>> make_key("gpt", {"temperature": 0}, "hello")
    '174cfaaff377a19b5fcae1d379e24149'
    """
    raw = json.dumps(parts, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


@dataclass
class CacheStats:
    """Counters every cache keeps; ``hit_rate`` is hits / lookups (0.0 before any lookup)."""

    hits: int = 0
    misses: int = 0
    sets: int = 0
    deletes: int = 0
    evictions: int = 0
    expirations: int = 0

    @property
    def lookups(self) -> int:
        return self.hits + self.misses

    @property
    def hit_rate(self) -> float:
        return self.hits / self.lookups if self.lookups else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"hits": self.hits, "misses": self.misses, "sets": self.sets, "deletes": self.deletes,
                "evictions": self.evictions, "expirations": self.expirations, "hit_rate": round(self.hit_rate, 4)}


def _check_ttl(ttl: float | None) -> float | None:
    if ttl is not None and (not isinstance(ttl, (int, float)) or isinstance(ttl, bool) or ttl <= 0):
        raise InvalidInputError(f"ttl must be a positive number of seconds or None (never expires), got {ttl!r}.")
    return ttl


def _check_key(key: Any) -> str:
    if not isinstance(key, str) or not key:
        raise InvalidInputError(f"Cache keys are non-empty strings, got {key!r}. Build one with make_key(...).")
    return key


def _dumps(value: Any) -> str:
    try:
        return json.dumps(value, sort_keys=True)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(
            f"Cache values must be JSON-serialisable (str, number, list, dict), got {type(value).__name__}: {exc}"
        ) from exc


class Cache(ABC):
    """The contract: ``get`` (None on a miss), ``set`` with an optional per-entry TTL, ``delete``, ``clear``.

    The base class validates input and keeps :attr:`stats`; a backend implements the four ``_`` methods.
    ``ttl`` given to the constructor is the default for entries set without one (None: no expiry).
    """

    name = "cache"

    def __init__(self, ttl: float | None = None):
        self.default_ttl = _check_ttl(ttl)
        self.stats = CacheStats()

    def get(self, key: str) -> Any | None:
        value = self._get(_check_key(key))
        if value is None:
            self.stats.misses += 1
        else:
            self.stats.hits += 1
        return value

    def set(self, key: str, value: Any, ttl: float | None = None) -> None:
        if value is None:
            raise InvalidInputError("None cannot be cached: get() uses None to mean 'miss'. Store a sentinel instead.")
        ttl = _check_ttl(ttl) if ttl is not None else self.default_ttl
        self._set(_check_key(key), value, ttl)
        self.stats.sets += 1

    def delete(self, key: str) -> bool:
        """Remove ``key``; True when it was there."""
        removed = self._delete(_check_key(key))
        self.stats.deletes += int(removed)
        return removed

    def clear(self) -> None:
        self._clear()

    def ping(self) -> bool:
        """True when the backend answers (used by health checks)."""
        return True

    @abstractmethod
    def _get(self, key: str) -> Any | None: ...

    @abstractmethod
    def _set(self, key: str, value: Any, ttl: float | None) -> None: ...

    @abstractmethod
    def _delete(self, key: str) -> bool: ...

    @abstractmethod
    def _clear(self) -> None: ...


class MemoryCache(Cache):
    """In-process LRU with per-entry TTL: an ``OrderedDict`` whose order is recency of use.

    ``max_size`` bounds the number of entries; inserting one more evicts the least recently *used* entry (not the
    oldest inserted one: a popular old entry stays). Expired entries are dropped when touched.
    """

    name = "memory"

    def __init__(self, max_size: int = 1024, ttl: float | None = None, clock: Clock = time.monotonic):
        super().__init__(ttl)
        if not isinstance(max_size, int) or max_size < 1:
            raise InvalidInputError(f"max_size must be a positive integer, got {max_size!r}.")
        self.max_size = max_size
        self.clock = clock
        self._data: OrderedDict[str, tuple[str, float | None]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._data)

    def _get(self, key: str) -> Any | None:
        with self._lock:
            item = self._data.get(key)
            if item is None:
                return None
            raw, expires = item
            if expires is not None and self.clock() >= expires:
                del self._data[key]
                self.stats.expirations += 1
                return None
            self._data.move_to_end(key)
            return json.loads(raw)

    def _set(self, key: str, value: Any, ttl: float | None) -> None:
        raw = _dumps(value)
        with self._lock:
            self._data[key] = (raw, None if ttl is None else self.clock() + ttl)
            self._data.move_to_end(key)
            while len(self._data) > self.max_size:
                self._data.popitem(last=False)
                self.stats.evictions += 1

    def _delete(self, key: str) -> bool:
        with self._lock:
            return self._data.pop(key, None) is not None

    def _clear(self) -> None:
        with self._lock:
            self._data.clear()


# IF NOT EXISTS: files written before the migrations table existed already hold this table; they are adopted.
_SQLITE_MIGRATIONS = [("0001_cache", "CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, value TEXT NOT NULL, "
                                    "expires REAL, last_used REAL NOT NULL)")]


class SQLiteCache(Cache):
    """A cache in one SQLite file, shared by every process on the machine and surviving restarts.

    Expiry times are absolute (``clock`` defaults to ``time.time``, so they mean the same in every process);
    expired rows are ignored on read and purged by :meth:`purge_expired`. ``max_size`` evicts least recently used
    rows (``last_used`` column) after a write.
    """

    name = "sqlite"

    def __init__(self, path: str | Path, ttl: float | None = None, max_size: int | None = None,
                 clock: Clock = time.time):
        super().__init__(ttl)
        if max_size is not None and (not isinstance(max_size, int) or max_size < 1):
            raise InvalidInputError(f"max_size must be a positive integer or None, got {max_size!r}.")
        self.path = Path(path)
        self.max_size = max_size
        self.clock = clock
        self._lock = threading.Lock()
        try:
            self._conn = connect(self.path, threads=True)
            migrate(self._conn, _SQLITE_MIGRATIONS)
        except (sqlite3.Error, OSError) as exc:
            raise CacheBackendError(f"Cannot open the SQLite cache at {self.path}: {exc}. "
                                    "Check that the folder exists and is writable.") from exc

    def __len__(self) -> int:
        with self._lock:
            return self._conn.execute("SELECT COUNT(*) FROM cache").fetchone()[0]

    def _get(self, key: str) -> Any | None:
        now = self.clock()
        with self._lock, self._conn:
            row = self._conn.execute("SELECT value, expires FROM cache WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
            if row[1] is not None and now >= row[1]:
                self._conn.execute("DELETE FROM cache WHERE key = ?", (key,))
                self.stats.expirations += 1
                return None
            self._conn.execute("UPDATE cache SET last_used = ? WHERE key = ?", (now, key))
        return json.loads(row[0])

    def _set(self, key: str, value: Any, ttl: float | None) -> None:
        raw, now = _dumps(value), self.clock()
        with self._lock, self._conn:
            self._conn.execute("INSERT OR REPLACE INTO cache VALUES (?, ?, ?, ?)",
                               (key, raw, None if ttl is None else now + ttl, now))
            if self.max_size is not None:
                excess = self._conn.execute("SELECT COUNT(*) FROM cache").fetchone()[0] - self.max_size
                if excess > 0:
                    self._conn.execute("DELETE FROM cache WHERE key IN (SELECT key FROM cache WHERE key != ? "
                                       "ORDER BY last_used LIMIT ?)", (key, excess))
                    self.stats.evictions += excess

    def _delete(self, key: str) -> bool:
        with self._lock, self._conn:
            return self._conn.execute("DELETE FROM cache WHERE key = ?", (key,)).rowcount > 0

    def _clear(self) -> None:
        with self._lock, self._conn:
            self._conn.execute("DELETE FROM cache")

    def purge_expired(self) -> int:
        """Delete every expired row now; returns how many."""
        with self._lock, self._conn:
            n = self._conn.execute("DELETE FROM cache WHERE expires IS NOT NULL AND expires <= ?",
                                   (self.clock(),)).rowcount
        self.stats.expirations += n
        return n

    def ping(self) -> bool:
        try:
            with self._lock:
                self._conn.execute("SELECT 1").fetchone()
            return True
        except sqlite3.Error:
            return False

    def close(self) -> None:
        self._conn.close()


class TieredCache(Cache):
    """Several caches read in order, fastest first; a hit in a lower tier is copied into the tiers above it.

    ``set`` and ``delete`` go to every tier. ``tier_hits`` counts which tier answered, the number that tells you
    whether the small fast tier is big enough. A tier whose backend fails (Redis down) is skipped, not fatal: a
    cache must never be the reason a request fails.
    """

    name = "tiered"

    def __init__(self, tiers: Sequence[Cache]):
        super().__init__(None)
        tiers = list(tiers)
        if not tiers or not all(isinstance(t, Cache) for t in tiers):
            raise InvalidInputError("TieredCache needs a non-empty list of Cache objects, fastest first.")
        self.tiers = tiers
        self.tier_hits = [0] * len(tiers)
        self.tier_errors = [0] * len(tiers)

    def _get(self, key: str) -> Any | None:
        for i, tier in enumerate(self.tiers):
            try:
                value = tier.get(key)
            except CacheBackendError:
                self.tier_errors[i] += 1
                continue
            if value is not None:
                self.tier_hits[i] += 1
                for upper in self.tiers[:i]:
                    self._quietly(upper.set, key, value)
                return value
        return None

    def _quietly(self, fn: Callable[..., Any], *args: Any) -> Any:
        try:
            return fn(*args)
        except CacheBackendError:
            return None

    def _set(self, key: str, value: Any, ttl: float | None) -> None:
        for i, tier in enumerate(self.tiers):
            try:
                tier.set(key, value, ttl)
            except CacheBackendError:
                self.tier_errors[i] += 1

    def _delete(self, key: str) -> bool:
        return any([bool(self._quietly(t.delete, key)) for t in self.tiers])

    def _clear(self) -> None:
        for tier in self.tiers:
            self._quietly(tier.clear)

    def ping(self) -> bool:
        return all(t.ping() for t in self.tiers)


def register_backend(name: str, factory: Callable[..., Cache]) -> None:
    """Make ``create_cache(name, ...)`` build caches with ``factory`` (replacing any backend of that name)."""
    BACKENDS.register(name, factory, replace=True)


def create_cache(name: str, **options: Any) -> Cache:
    """Build a cache by backend name: ``memory``, ``sqlite``, ``redis``, ``semantic`` (the last two load lazily)."""
    return BACKENDS.get(name)(**options)


# The Redis and semantic backends register themselves when their module is imported; naming the module here
# (a string, not an import) keeps this file free of its plugins, so no import circle forms.
BACKENDS.register("memory", MemoryCache)
BACKENDS.register("sqlite", SQLiteCache)
BACKENDS.provide("redis", "labkit.production.redis_cache")
BACKENDS.provide("semantic", "labkit.production.semantic_cache")
