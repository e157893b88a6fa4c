"""API key rotation: several keys, used in turn, rested after a 429, retired when revoked, rotated on a schedule.

The one idea: a single long-lived key is a single point of failure (its rate limit caps the service) and a
standing risk (a leak is valid until someone notices). A key ring holds several keys, each with its own
cool-down: a key that got a 429 rests for ``retry_after`` seconds while the others carry the traffic; a key the
provider rejects (revoked, expired) is retired for good; and the active key moves on every ``rotate_every``
seconds so no key is used continuously. Keys never appear in ``repr`` or logs, only their names.

>>> from labkit.production.clock import FakeClock
>>> clock = FakeClock()
>>> ring = KeyRing({"k1": "sk-aaa", "k2": "sk-bbb"}, rotate_every=3600, clock=clock)
>>> ring.current()[0]
'k1'
>>> ring.rate_limited("k1", retry_after=30); ring.current()[0]
'k2'
>>> clock.advance(30); ring.current()[0]          # k1 rested; still k2 until the schedule rotates
'k2'

Left out: fetching keys from a secrets manager (Vault, AWS Secrets Manager) and re-reading them when rotated
there; pass a ``dict`` built from one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

from labkit.errors import ConfigurationError, InvalidInputError


class KeyRing:
    def __init__(self, keys: Mapping[str, str], rotate_every: float | None = None,
                 clock: Callable[[], float] = time.monotonic):
        if not keys or not all(isinstance(v, str) and v for v in keys.values()):
            raise InvalidInputError("A key ring needs at least one named, non-empty key.")
        if rotate_every is not None and rotate_every <= 0:
            raise InvalidInputError(f"rotate_every must be > 0 seconds or None, got {rotate_every!r}.")
        self._keys = dict(keys)
        self.names = list(keys)
        self.rotate_every = rotate_every
        self.clock = clock
        self.resting_until: dict[str, float] = {}
        self.retired: set[str] = set()
        self.uses: dict[str, int] = {n: 0 for n in self.names}
        self._active = 0
        self._since = clock()

    def __repr__(self) -> str:
        return f"KeyRing(names={self.names}, retired={sorted(self.retired)})"

    def _usable(self, name: str, now: float) -> bool:
        return name not in self.retired and self.resting_until.get(name, 0.0) <= now

    def current(self) -> tuple[str, str]:
        """``(name, secret)`` of the key to use now; raises when every key is retired or resting."""
        now = self.clock()
        if self.rotate_every is not None and now - self._since >= self.rotate_every:
            self._active = (self._active + 1) % len(self.names)
            self._since = now
        for step in range(len(self.names)):
            name = self.names[(self._active + step) % len(self.names)]
            if self._usable(name, now):
                if step:
                    self._active = (self._active + step) % len(self.names)
                    self._since = now
                self.uses[name] += 1
                return name, self._keys[name]
        live = [n for n in self.names if n not in self.retired]
        if not live:
            raise ConfigurationError("Every API key in the ring was rejected by the provider: add a valid key.")
        wait = min(self.resting_until[n] for n in live) - now
        raise ConfigurationError(f"Every API key is rate-limited; the first is usable again in {wait:.3g} s.")

    def rate_limited(self, name: str, retry_after: float = 1.0) -> None:
        """The provider answered 429 for ``name``: rest it for ``retry_after`` seconds."""
        self._check(name)
        self.resting_until[name] = self.clock() + retry_after

    def rejected(self, name: str) -> None:
        """The provider refused ``name`` (401/403: revoked or expired): never use it again."""
        self._check(name)
        self.retired.add(name)

    def _check(self, name: str) -> None:
        if name not in self._keys:
            raise InvalidInputError(f"No key named {name!r} in the ring ({self.names}).")
