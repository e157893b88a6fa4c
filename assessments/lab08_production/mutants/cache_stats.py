from labkit.llm import ScriptedChatModel
from labkit.production.cache import MemoryCache
from labkit.production.clock import FakeClock
from labkit.production.llm_cache import CachedChatModel


def cache_stats(requests, max_size, ttl):
    clock = FakeClock()
    inner = ScriptedChatModel(replies=["an answer"], repeat_last=True)
    # Plausible mistake: the fake clock is advanced but never given to the cache, which keeps reading the real
    # clock -- so in a fast test nothing ever expires.
    store = MemoryCache(max_size=max_size, ttl=ttl)
    model = CachedChatModel(inner=inner, store=store)
    for at, prompt in requests:
        clock.advance(at - clock())
        model.invoke(prompt)
    stats = store.stats.as_dict()
    return {"hits": stats["hits"], "misses": stats["misses"], "evictions": stats["evictions"],
            "expirations": stats["expirations"], "hit_rate": round(store.stats.hit_rate, 3),
            "model_calls": len(inner.calls)}
