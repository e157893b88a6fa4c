"""A Redis cache tier: shared by every process and machine that can reach the server, with server-side TTLs.

The one idea: the in-process tier dies with the process and is not shared between workers; Redis is the classic
second tier because every worker sees the same entries and the server expires them itself (``SET key value PX ms``).
Keys are namespaced (``prefix``) so several applications can share one server and ``clear`` only removes ours.

Connect with a URL (``redis://localhost:6379/0``) or the ``REDIS_URL`` environment variable. A server that cannot
be reached raises :class:`~labkit.errors.CacheBackendError`, which :class:`~labkit.production.cache.TieredCache`
treats as "skip this tier", so a Redis outage slows requests down instead of failing them.

Left out: Redis Cluster and Sentinel (redis-py supports both with other client classes), client-side caching.
"""

from __future__ import annotations

import json
import os
from typing import Any

from labkit.errors import CacheBackendError, ConfigurationError, MissingDependencyError
from labkit.production.cache import BACKENDS, Cache, _dumps


class RedisCache(Cache):
    """The cache contract over a Redis server through redis-py."""

    name = "redis"

    def __init__(self, url: str | None = None, ttl: float | None = None, prefix: str = "labkit:cache:",
                 client: Any = None, socket_timeout: float = 2.0):
        super().__init__(ttl)
        self.prefix = prefix
        if client is None:
            try:
                import redis
            except ImportError as exc:  # pragma: no cover - redis is a dev/extra dependency
                raise MissingDependencyError("redis", "redis", "the Redis cache tier") from exc
            url = url or os.environ.get("REDIS_URL")
            if not url:
                raise ConfigurationError("RedisCache needs a server: pass url='redis://host:6379/0' or set REDIS_URL.")
            client = redis.Redis.from_url(url, decode_responses=True, socket_timeout=socket_timeout,
                                          socket_connect_timeout=socket_timeout)
        self.client = client
        self.url = url

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        import redis

        try:
            return getattr(self.client, method)(*args, **kwargs)
        except redis.RedisError as exc:
            raise CacheBackendError(f"Redis at {self.url or 'the given client'} failed on {method.upper()}: {exc}. "
                                    "Is redis-server running and REDIS_URL right?") from exc

    def _get(self, key: str) -> Any | None:
        raw = self._call("get", self.prefix + key)
        return None if raw is None else json.loads(raw)

    def _set(self, key: str, value: Any, ttl: float | None) -> None:
        px = None if ttl is None else max(1, int(round(ttl * 1000)))
        self._call("set", self.prefix + key, _dumps(value), px=px)

    def _delete(self, key: str) -> bool:
        return bool(self._call("delete", self.prefix + key))

    def _clear(self) -> None:
        keys = list(self._call("scan_iter", match=self.prefix + "*", count=500))
        if keys:
            self._call("delete", *keys)

    def ttl_of(self, key: str) -> float | None:
        """Seconds until ``key`` expires (None: no expiry or no such key), as the server sees it."""
        ms = self._call("pttl", self.prefix + key)
        return None if ms is None or ms < 0 else ms / 1000

    def ping(self) -> bool:
        try:
            return bool(self._call("ping"))
        except CacheBackendError:
            return False


BACKENDS.register("redis", RedisCache)
