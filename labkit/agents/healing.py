"""Self-healing execution: after an error, diagnose it and retry with an adjusted strategy, not the same thing again.

The one idea: a blind retry repeats the mistake. A self-healing agent reads the failure first and changes what it
does next: a rate limit means *wait* the time the provider asked for; a timeout means *shorten* the input; output
that would not parse means ask for a *strict* format; an answer that missed its success criterion means *rephrase*
the request with the criterion spelled out; anything else gets one plain *retry*. Attempts are capped, and every
attempt is recorded with its strategy, so the trace shows how the agent recovered (or why it gave up).

What it leaves out: learning which strategy works best per error over time (the tool-use agent's statistics are
the first step toward that) and exponential backoff with jitter (see :mod:`labkit.production`).

>>> from labkit.errors import RateLimitError
>>> diagnose(RateLimitError(retry_after=0.5)).strategy
'wait'
>>> heal = SelfHealing(max_attempts=3)
>>> outcome = heal.run(lambda adj: 1 / (0 if adj is None else 1))
>>> outcome.ok, outcome.value, [a.strategy for a in outcome.attempts]
(True, 1.0, ['first', 'retry'])
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from labkit.agents.criteria import Verdict
from labkit.errors import (
    DeadlineExceededError,
    InvalidInputError,
    MalformedOutputError,
    ModelTimeoutError,
    RateLimitError,
)

T = TypeVar("T")


@dataclass(frozen=True)
class Adjustment:
    """What to change on the next attempt: ``strategy`` plus the reason (and ``wait`` seconds for ``wait``)."""

    strategy: str
    reason: str
    wait: float = 0.0


def diagnose(error: BaseException | None = None, verdict: Verdict | None = None, max_wait: float = 2.0) -> Adjustment:
    """Choose the next strategy from an error, or from a failed verdict when the call itself worked."""
    if error is None:
        reason = verdict.reason if verdict else "the output did not meet its criterion"
        return Adjustment("rephrase", reason)
    what = f"{type(error).__name__}: {error}"
    if isinstance(error, RateLimitError):
        return Adjustment("wait", what, wait=min(max_wait, max(0.0, error.retry_after)))
    if isinstance(error, (ModelTimeoutError, DeadlineExceededError, TimeoutError)):
        return Adjustment("shorten", what)
    if isinstance(error, (MalformedOutputError, json.JSONDecodeError)):
        return Adjustment("strict", what)
    return Adjustment("retry", what)


@dataclass(frozen=True)
class Attempt:
    """One try: the strategy it used, and its error or failed verdict (both empty when it worked)."""

    strategy: str
    error: str = ""
    verdict: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and not self.verdict


@dataclass
class Outcome(Generic[T]):
    """The result of a healed call: the value of the last attempt, whether it passed, and every attempt."""

    value: T | None
    ok: bool
    attempts: list[Attempt] = field(default_factory=list)
    error: BaseException | None = None

    @property
    def strategy(self) -> str:
        return " > ".join(a.strategy for a in self.attempts)


class SelfHealing:
    """Runs ``action(adjustment)`` up to ``max_attempts`` times; ``check`` turns a value into a :class:`Verdict`.

    ``action`` receives None on the first attempt and the :class:`Adjustment` chosen by :func:`diagnose` after that;
    it is the action's job to apply it (shorten its prompt, add the criterion...). ``time_left`` (a callable giving
    seconds) stops retrying when the caller's budget is spent, and caps ``wait``.
    """

    def __init__(self, max_attempts: int = 3, max_wait: float = 2.0, sleep: Callable[[float], None] = time.sleep):
        if not isinstance(max_attempts, int) or max_attempts < 1:
            raise InvalidInputError(f"max_attempts must be a positive integer, got {max_attempts!r}.")
        self.max_attempts = max_attempts
        self.max_wait = max_wait
        self.sleep = sleep

    def run(self, action: Callable[[Adjustment | None], T], check: Callable[[T], Verdict] | None = None,
            time_left: Callable[[], float] | None = None) -> Outcome[T]:
        outcome: Outcome[T] = Outcome(None, False)
        adjustment: Adjustment | None = None
        for _ in range(self.max_attempts):
            strategy = adjustment.strategy if adjustment else "first"
            if adjustment and adjustment.wait:
                pause = min(adjustment.wait, time_left() if time_left else adjustment.wait)
                self.sleep(max(0.0, pause))
            try:
                value = action(adjustment)
            except Exception as exc:  # every failure is diagnosed; nothing escapes unrecorded
                outcome.attempts.append(Attempt(strategy, error=f"{type(exc).__name__}: {exc}"))
                outcome.error = exc
                adjustment = diagnose(exc, max_wait=self.max_wait)
            else:
                outcome.value, outcome.error = value, None
                verdict = check(value) if check else Verdict(True)
                if verdict.passed:
                    outcome.attempts.append(Attempt(strategy))
                    outcome.ok = True
                    return outcome
                outcome.attempts.append(Attempt(strategy, verdict=verdict.reason))
                adjustment = diagnose(None, verdict)
            if time_left is not None and time_left() <= 0:
                break
        return outcome
