"""Time you can control: a fake clock for tests, lessons and simulations.

The one idea: code that depends on time (TTLs, backoff, circuit breakers, rate limiters) takes a ``clock`` (a
function returning seconds) and a ``sleep`` function as arguments. Production passes ``time.monotonic`` and
``time.sleep``; a test passes a :class:`FakeClock`, so "wait 30 seconds" takes no time and every transition happens at
an exact, repeatable instant.

>>> clock = FakeClock()
>>> clock()
0.0
>>> clock.sleep(2.5); clock()
2.5
>>> clock.slept
[2.5]

Left out: timezones and calendar time; these components only ever need durations.
"""

from __future__ import annotations

import asyncio

from labkit.errors import InvalidInputError


class FakeClock:
    """A clock that only moves when told to: ``advance(s)``, ``sleep(s)`` or ``await asleep(s)``."""

    def __init__(self, start: float = 0.0):
        self.now = float(start)
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise InvalidInputError(f"A clock cannot go backwards (advance({seconds})).")
        self.now += seconds

    def sleep(self, seconds: float) -> None:
        """Record the requested sleep and move time forward by it, instantly."""
        self.slept.append(seconds)
        self.advance(seconds)

    async def asleep(self, seconds: float) -> None:
        """The async twin of :meth:`sleep`; yields to the event loop once so other tasks can run."""
        self.sleep(seconds)
        await asyncio.sleep(0)
