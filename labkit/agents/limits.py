"""Hard limits: the agent stops when it has used its steps, tokens or time, and says which limit stopped it.

The one idea: an autonomous loop needs a budget it cannot overrun. :class:`Limits` is the configuration;
:class:`Budget` is the meter the agent checks before each step. A limit reached is an outcome, recorded in the run,
not a crash.

What it leaves out: money. Multiply tokens by your provider's price (see the production lessons on cost).

>>> budget = Budget(Limits(max_steps=2))
>>> budget.spend(tokens=10); budget.spend(tokens=5)
>>> budget.exhausted()
'step limit (2 steps)'
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from labkit.errors import InvalidInputError


@dataclass(frozen=True)
class Limits:
    """Budgets for one agent run. ``step_timeout`` bounds each step; ``max_attempts`` counts retries too."""

    max_steps: int = 25
    max_tokens: int = 50_000
    max_seconds: float = 120.0
    step_timeout: float = 30.0
    max_attempts: int = 3

    def __post_init__(self) -> None:
        for name in ("max_steps", "max_tokens", "max_attempts"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise InvalidInputError(f"Limits.{name} must be a positive integer, got {value!r}.")
        for name in ("max_seconds", "step_timeout"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not value > 0:
                raise InvalidInputError(f"Limits.{name} must be a positive number of seconds, got {value!r}.")


@dataclass
class Budget:
    """What a run has used so far against its :class:`Limits`."""

    limits: Limits
    steps: int = 0
    tokens: int = 0
    started: float = field(default_factory=time.monotonic)

    def spend(self, steps: int = 1, tokens: int = 0) -> None:
        self.steps += steps
        self.tokens += tokens

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def remaining_seconds(self) -> float:
        return max(0.0, self.limits.max_seconds - self.elapsed())

    def step_deadline(self) -> float:
        """Seconds the next step may take: its own timeout, cut to the time left in the run."""
        return max(0.001, min(self.limits.step_timeout, self.remaining_seconds()))

    def exhausted(self) -> str | None:
        """Which limit is used up (a phrase for the record), or None while there is budget left."""
        if self.steps >= self.limits.max_steps:
            return f"step limit ({self.limits.max_steps} steps)"
        if self.tokens >= self.limits.max_tokens:
            return f"token limit ({self.limits.max_tokens} tokens)"
        if self.elapsed() >= self.limits.max_seconds:
            return f"time limit ({self.limits.max_seconds:g} s)"
        return None
