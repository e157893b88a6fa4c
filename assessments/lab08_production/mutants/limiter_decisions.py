from labkit.errors import InvalidInputError
from labkit.production.clock import FakeClock
from labkit.production.ratelimit import TokenBucket


def limiter_decisions(requests, rate, capacity):
    clock = FakeClock()
    # Plausible mistake: one global bucket instead of one per key -- a noisy tenant spends everyone's quota.
    bucket = TokenBucket(rate=rate, capacity=capacity, clock=clock)
    decisions, admitted, throttled = [], {}, {}
    for at, key, cost in requests:
        clock.advance(at - clock())
        try:
            ok = bucket.try_acquire(cost)
        except InvalidInputError:
            decisions.append("invalid")
            continue
        decisions.append("admit" if ok else "throttle")
        counter = admitted if ok else throttled
        counter[key] = counter.get(key, 0) + 1
    return {"decisions": decisions, "admitted": admitted, "throttled": throttled}
