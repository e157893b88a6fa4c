from labkit.errors import ConfigurationError
from labkit.production.clock import FakeClock
from labkit.production.keys import KeyRing


def key_usage(keys, requests, rotate_every, retry_after):
    # Plausible mistake: a 429 retires the key for good, as if it had been revoked, instead of resting it.
    clock = FakeClock()
    ring = KeyRing({name: f"sk-{name}" for name in keys}, rotate_every=rotate_every, clock=clock)
    used = []
    for t, outcome in requests:
        clock.advance(t - clock())
        try:
            name, _secret = ring.current()
        except ConfigurationError:
            used.append(None)
            continue
        used.append(name)
        if outcome in ("429", "401"):
            ring.rejected(name)
    return {"used": used, "retired": sorted(ring.retired)}
