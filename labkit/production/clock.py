"""Time you can control in the production patterns: TTLs, backoff, breakers and limiters take a ``clock``.

The clock shape is the package's one (:mod:`labkit.clock`): production passes ``time.monotonic`` and ``time.sleep``,
a test or a lesson passes a :class:`FakeClock`, so "wait 30 seconds" takes no time and every transition happens at
an exact, repeatable instant. This module is Level 8's face for it.

>>> clock = FakeClock()
>>> clock.sleep(2.5); clock()
2.5
"""

from labkit.clock import Clock, FakeClock

__all__ = ["Clock", "FakeClock"]
