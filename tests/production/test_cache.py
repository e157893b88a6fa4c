"""Caches: one contract across backends (parametrised), TTL with a fake clock, LRU, tiers, Redis on a real server."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

import numpy as np
import pytest

from labkit.errors import CacheBackendError, InvalidInputError
from labkit.llm import ScriptedChatModel
from labkit.production.cache import MemoryCache, SQLiteCache, TieredCache, create_cache, make_key
from labkit.production.clock import FakeClock
from labkit.production.llm_cache import CachedChatModel
from labkit.production.semantic_cache import SemanticCache


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A real redis-server on a free loopback port in a temp dir; skipped (with the reason) when none is installed."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server, or `make system-deps`)")
    folder = tmp_path_factory.mktemp("redis")
    port = _free_port()
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder),
                             "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    client = redis.Redis(host="127.0.0.1", port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    else:
        proc.kill()
        pytest.skip("redis-server was installed but did not start on loopback")
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(params=["memory", "sqlite", "redis"])
def any_cache(request, tmp_path):
    if request.param == "memory":
        yield MemoryCache()
        return
    if request.param == "sqlite":
        yield SQLiteCache(tmp_path / "c.sqlite")
        return
    from labkit.production.redis_cache import RedisCache

    cache = RedisCache(request.getfixturevalue("redis_url"), prefix=f"t{time.monotonic_ns()}:")
    yield cache
    cache.clear()


def test_contract_roundtrip_delete_and_stats(any_cache):
    assert any_cache.get("k") is None
    any_cache.set("k", {"answer": [1, 2, "x"]})
    assert any_cache.get("k") == {"answer": [1, 2, "x"]}
    assert any_cache.delete("k") is True
    assert any_cache.delete("k") is False
    assert any_cache.get("k") is None
    assert (any_cache.stats.hits, any_cache.stats.misses, any_cache.stats.sets) == (1, 2, 1)
    assert any_cache.stats.hit_rate == pytest.approx(1 / 3)
    any_cache.set("a", 1)
    any_cache.set("b", 2)
    any_cache.clear()
    assert any_cache.get("a") is None and any_cache.get("b") is None
    assert any_cache.ping()


@pytest.mark.parametrize("bad", ["", None, 3])
def test_bad_keys_and_values_are_refused(any_cache, bad):
    with pytest.raises(InvalidInputError):
        any_cache.set(bad, "v")
    with pytest.raises(InvalidInputError, match="JSON"):
        any_cache.set("k", object())
    with pytest.raises(InvalidInputError, match="None"):
        any_cache.set("k", None)
    with pytest.raises(InvalidInputError, match="ttl"):
        any_cache.set("k", "v", ttl=-1)


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
def test_ttl_expires_exactly_at_deadline_with_fake_clock(kind, tmp_path):
    clock = FakeClock(1000.0)
    cache = MemoryCache(ttl=10, clock=clock) if kind == "memory" else SQLiteCache(tmp_path / "c", ttl=10, clock=clock)
    cache.set("default", "d")
    cache.set("short", "s", ttl=2)
    clock.advance(1.999)
    assert cache.get("short") == "s"
    clock.advance(0.001)
    assert cache.get("short") is None
    clock.advance(7.999)
    assert cache.get("default") == "d"
    clock.advance(0.001)
    assert cache.get("default") is None
    assert cache.stats.expirations == 2


def test_memory_lru_evicts_least_recently_used_not_oldest():
    cache = MemoryCache(max_size=2)
    cache.set("a", 1)
    cache.set("b", 2)
    cache.get("a")  # a is now the most recently used
    cache.set("c", 3)
    assert cache.get("b") is None and cache.get("a") == 1 and cache.get("c") == 3
    assert cache.stats.evictions == 1


def test_sqlite_persists_across_instances_and_bounds_size(tmp_path):
    clock = FakeClock(0)
    first = SQLiteCache(tmp_path / "c.sqlite", max_size=2, clock=clock)
    for i, k in enumerate("abc"):
        clock.advance(1)
        first.set(k, i)
    assert len(first) == 2 and first.stats.evictions == 1
    second = SQLiteCache(tmp_path / "c.sqlite", clock=clock)
    assert second.get("a") is None and second.get("c") == 2


def test_sqlite_purge_expired(tmp_path):
    clock = FakeClock(0)
    cache = SQLiteCache(tmp_path / "c.sqlite", clock=clock)
    cache.set("a", 1, ttl=1)
    cache.set("b", 1)
    clock.advance(5)
    assert cache.purge_expired() == 1 and len(cache) == 1


def test_sqlite_unwritable_path_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(CacheBackendError, match="Cannot open the SQLite cache"):
        SQLiteCache(blocker / "sub" / "c.sqlite")


def test_tiered_backfills_upper_tier_and_counts_which_tier_hit(tmp_path):
    top, bottom = MemoryCache(), SQLiteCache(tmp_path / "c.sqlite")
    tiered = TieredCache([top, bottom])
    bottom.set("k", "from-disk")
    assert tiered.get("k") == "from-disk" and tiered.tier_hits == [0, 1]
    assert top.get("k") == "from-disk"
    assert tiered.get("k") == "from-disk" and tiered.tier_hits == [1, 1]
    tiered.set("n", 1)
    assert top.get("n") == 1 and bottom.get("n") == 1
    assert tiered.delete("n") and top.get("n") is None and bottom.get("n") is None


def test_tiered_survives_a_dead_redis_tier():
    from labkit.production.redis_cache import RedisCache

    dead = RedisCache(f"redis://127.0.0.1:{_free_port()}/0", socket_timeout=0.2)
    assert dead.ping() is False
    with pytest.raises(CacheBackendError, match="redis-server running"):
        dead.get("k")
    tiered = TieredCache([MemoryCache(), dead])
    tiered.set("k", "v")
    assert tiered.get("k") == "v"
    assert tiered.get("missing") is None
    assert tiered.tier_errors == [0, 2]


def test_redis_ttl_is_set_on_the_server_and_expires(redis_url):
    from labkit.production.redis_cache import RedisCache

    cache = RedisCache(redis_url, ttl=30, prefix="ttl-test:")
    cache.set("k", "v")
    assert 29 < cache.ttl_of("k") <= 30
    cache.set("short", "v", ttl=0.05)
    deadline = time.monotonic() + 5
    while cache.get("short") is not None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert cache.get("short") is None
    cache.clear()


def test_redis_is_shared_between_clients_and_clear_respects_prefix(redis_url):
    from labkit.production.redis_cache import RedisCache

    a, b, other = RedisCache(redis_url, prefix="app:"), RedisCache(redis_url, prefix="app:"), RedisCache(redis_url, prefix="other:")
    a.set("k", [1, 2])
    other.set("k", "mine")
    assert b.get("k") == [1, 2]
    a.clear()
    assert b.get("k") is None and other.get("k") == "mine"
    other.clear()


def test_create_cache_registry(tmp_path):
    assert isinstance(create_cache("memory", max_size=3), MemoryCache)
    with pytest.raises(InvalidInputError, match="Unknown cache backend"):
        create_cache("memcached")


def test_make_key_is_order_sensitive_and_stable():
    assert make_key("a", "b") != make_key("b", "a")
    assert make_key({"x": 1, "y": 2}) == make_key({"y": 2, "x": 1})


class _Embeddings:
    """Tiny deterministic bag-of-words embedder so semantic-cache logic is tested without the model."""

    vocab = ["refund", "policy", "cancel", "order", "track", "shipping", "what", "is"]

    def encode(self, texts):
        out = np.zeros((len(texts), len(self.vocab)), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.lower().replace("?", "").split():
                if w in self.vocab:
                    out[i, self.vocab.index(w)] += 1
        return out


def test_semantic_cache_threshold_and_similarity():
    cache = SemanticCache(threshold=0.7, embeddings=_Embeddings())
    cache.set("what is the refund policy", "30 days")
    assert cache.get("refund policy?") == "30 days"
    assert cache.last_hit.matched == "what is the refund policy" and cache.last_hit.similarity < 1
    assert cache.get("cancel order") is None
    strict = SemanticCache(threshold=0.99, embeddings=_Embeddings())
    strict.set("what is the refund policy", "30 days")
    assert strict.get("refund policy?") is None
    with pytest.raises(InvalidInputError, match="threshold"):
        SemanticCache(threshold=1.5, embeddings=_Embeddings())


def test_semantic_cache_with_real_embeddings():
    cache = SemanticCache(threshold=0.85)
    cache.set("How do I reset my password?", "Use the 'Forgot password' link.")
    assert cache.get("how can I reset my password") == "Use the 'Forgot password' link."
    assert cache.get("How do I delete my account?") is None


def test_cached_chat_model_keys_on_everything_that_changes_the_answer():
    inner = ScriptedChatModel(replies=["a", "b", "c"])
    model = CachedChatModel(inner=inner, store=MemoryCache())
    assert model.invoke("q1").content == "a"
    assert model.invoke("q1").content == "a"
    assert model.invoke("q2").content == "b"
    assert model.invoke("q1", stop=["\n"]).content == "c"  # different options: a different request
    assert len(inner.calls) == 3 and model.store.stats.hits == 1


async def test_cached_chat_model_async_and_semantic():
    inner = ScriptedChatModel(replies=["30 days", "other"])
    model = CachedChatModel(inner=inner, store=SemanticCache(threshold=0.7, embeddings=_Embeddings()))
    assert (await model.ainvoke("what is the refund policy")).content == "30 days"
    reply = await model.ainvoke("refund policy?")
    assert reply.content == "30 days" and reply.response_metadata["cache"] == "hit"
    assert len(inner.calls) == 1


def test_tool_call_replies_are_not_cached():
    from labkit.llm import ToolCalls

    inner = ScriptedChatModel(replies=[ToolCalls([("search", {"q": "x"})]), "text"])
    model = CachedChatModel(inner=inner, store=MemoryCache())
    assert model.invoke("go").tool_calls
    assert model.invoke("go").content == "text"


def test_cached_chat_model_survives_a_dead_cache():
    from labkit.production.redis_cache import RedisCache

    dead = RedisCache(f"redis://127.0.0.1:{_free_port()}/0", socket_timeout=0.2)
    inner = ScriptedChatModel(replies=["a", "b"])
    model = CachedChatModel(inner=inner, store=dead)
    assert [model.invoke("q").content, model.invoke("q").content] == ["a", "b"]  # slower, still answering
