from labkit.production.semantic_cache import SemanticCache


def semantic_answers(requests, threshold, ttl):
    # Plausible mistake: the TTL is left out (and with it the clock), so a stale answer is served for ever.
    cache = SemanticCache(threshold=threshold)
    sources = []
    for _, question in requests:
        answer = cache.get(question)
        if answer is None:
            sources.append(None)
            cache.set(question, f"answer to: {question}")
        else:
            sources.append(cache.last_hit.matched)
    stats = cache.stats
    return {"sources": sources, "hits": stats.hits, "misses": stats.misses, "expirations": stats.expirations}
