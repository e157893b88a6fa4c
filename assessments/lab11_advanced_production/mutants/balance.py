from labkit.production.balancer import Endpoint, get_balancer


def balance(strategy, endpoints, latencies, n):
    pool = [Endpoint(name, model=None, weight=weight) for name, weight in endpoints]
    if strategy == "weighted":
        # Plausible mistake: weights as repetition -- "aaab aaab": right proportions, but bursts of requests hit one
        # endpoint back to back instead of being interleaved.
        cycle = [name for name, weight in endpoints for _ in range(weight)]
        return [cycle[i % len(cycle)] for i in range(n)]
    balancer = get_balancer(strategy)
    picks = []
    for _ in range(n):
        endpoint = balancer.pick(pool)
        picks.append(endpoint.name)
        endpoint.observe(latencies.get(endpoint.name, 1.0), ok=True)
    return picks
