import itertools

from labkit.errors import PoolTimeoutError
from labkit.production.clock import FakeClock
from labkit.production.pool import ConnectionPool


def pool_checkouts(events, max_size, max_uses, max_age):
    clock = FakeClock()
    numbers = itertools.count(1)
    # Plausible mistake: no health check, so a connection the server dropped while idle is lent out again.
    pool = ConnectionPool(lambda: Client(next(numbers)), max_size=max_size, max_uses=max_uses, max_age=max_age,
                          acquire_timeout=0, clock=clock)
    held, got = {}, []
    for event in events:
        action, _, arg = event.partition(":")
        if action == "wait":
            clock.advance(float(arg))
        elif action == "acquire":
            try:
                held[arg] = pool.acquire()
                got.append(held[arg].number)
            except PoolTimeoutError:
                got.append("timeout")
        elif action == "drop":
            held[arg].alive = False
        elif action == "release":
            pool.release(held.pop(arg))
    return {"connections": got, "created": pool.stats.created, "reused": pool.stats.reused,
            "timeouts": pool.stats.timeouts, "recycled": pool.stats.recycled}
