"""Time you can control: one clock shape for the whole package.

The one idea: code that needs "now" never asks the machine; it takes a ``clock``, a function of no arguments that
returns seconds as a float. What the seconds count is the caller's choice: durations (TTLs, backoff, circuit
breakers, rate limiters) pass ``time.monotonic``; calendar time (a grade's ``graded_at``, a progress attempt, the
collection time of a submission) passes :data:`wall_clock`, seconds since the Unix epoch. A test or a lesson passes
a :class:`FakeClock`, so "wait 30 seconds" takes no time, every transition happens at an exact, repeatable instant,
and a grading run can be replayed years after a deadline with the same outcome.

>>> clock = FakeClock()
>>> clock()
0.0
>>> clock.sleep(2.5); clock()
2.5
>>> clock.slept
[2.5]
>>> utc_iso(FakeClock.at("2026-12-01T00:00:00+00:00"))
'2026-12-01T00:00:00+00:00'
"""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timezone
from typing import Callable

from labkit.errors import InvalidInputError

Clock = Callable[[], float]
"""A clock: ``clock()`` returns seconds (monotonic for durations, epoch seconds for calendar time)."""

wall_clock: Clock = time.time
"""Calendar time in epoch seconds: the default wherever a timestamp is written down."""


class FakeClock:
    """A clock that only moves when told to: ``advance(s)``, ``sleep(s)`` or ``await asleep(s)``."""

    def __init__(self, start: float = 0.0):
        self.now = float(start)
        self.slept: list[float] = []

    @classmethod
    def at(cls, when: str | datetime) -> "FakeClock":
        """A fake calendar clock standing at ``when`` (ISO 8601 text or a datetime; naive means UTC)."""
        moment = datetime.fromisoformat(when) if isinstance(when, str) else when
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        return cls(moment.timestamp())

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


def utc_now(clock: Clock = wall_clock) -> datetime:
    """The calendar clock's reading as an aware UTC datetime."""
    return datetime.fromtimestamp(clock(), tz=timezone.utc)


def utc_iso(clock: Clock = wall_clock) -> str:
    """The calendar clock's reading as ISO 8601 UTC text to the second, the form every store writes."""
    return utc_now(clock).isoformat(timespec="seconds")
