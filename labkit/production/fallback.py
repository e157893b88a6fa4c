"""Fallback chains: when the best option fails, try the next one, and always end with an answer.

The one idea: decide *in advance* what a degraded answer looks like. A typical chain is: the primary model → a
cheaper or differently hosted model → a cached answer to the same question (possibly stale) → a templated reply
that says honestly that the service is degraded. The last step cannot fail, so the chain as a whole never raises;
the result records which step answered and why every earlier step failed, so degradation is visible in metrics
instead of silent.

>>> from labkit.llm import ScriptedChatModel, Timeout
>>> chain = FallbackChain([model_step("primary", ScriptedChatModel(replies=[Timeout()])),
...                        model_step("backup", ScriptedChatModel(replies=["backup answer"]))])
>>> result = chain.invoke("hello")
>>> result.text, result.source, result.errors
('backup answer', 'backup', {'primary': 'ModelTimeoutError: The model did not answer within 30 s.'})

Left out: hedged requests (send to B if A is slow rather than failed); the proxy's retries across endpoints cover
the common case.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from labkit.errors import FallbackExhaustedError, InvalidInputError
from labkit.production.cache import Cache, make_key


@dataclass(frozen=True)
class Step:
    """One option: a name, a sync function prompt -> text, and optionally an async twin."""

    name: str
    run: Callable[[str], str]
    arun: Callable[[str], Awaitable[str]] | None = None
    remember: bool = False
    """Store this step's answers in the chain's cache (true for model steps)."""


@dataclass(frozen=True)
class FallbackResult:
    text: str
    source: str
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def degraded(self) -> bool:
        return bool(self.errors)


def model_step(name: str, model: Any, guard: Callable[..., Any] | None = None) -> Step:
    """A step that asks a chat model. ``guard`` wraps the call (e.g. ``breaker.call`` or ``retrier.call``)."""

    def run(prompt: str) -> str:
        reply = guard(model.invoke, prompt) if guard else model.invoke(prompt)
        return str(reply.content)

    async def arun(prompt: str) -> str:
        reply = await (guard(model.ainvoke, prompt) if guard else model.ainvoke(prompt))
        return str(reply.content)

    return Step(name, run, arun, remember=True)


def cache_key_for(prompt: str) -> str:
    """The key under which a chain remembers an answer to ``prompt``."""
    return "fallback:" + make_key(prompt)


def cache_step(cache: Cache, name: str = "cache") -> Step:
    """A step that answers from answers remembered earlier (a miss is this step's failure)."""

    def run(prompt: str) -> str:
        value = cache.get(cache_key_for(prompt))
        if value is None:
            raise LookupError("no cached answer for this prompt")
        return str(value)

    return Step(name, run)


def template_step(template: str = "The assistant is temporarily unavailable; your request was not lost. "
                                  "Please try again in a few minutes.", name: str = "template") -> Step:
    """The last resort: a fixed reply (``{prompt}`` may appear in it); it cannot fail."""
    return Step(name, lambda prompt: template.replace("{prompt}", prompt[:200]))


class FallbackChain:
    """Try steps in order; the first answer wins. ``cache``: where model answers are remembered for cache steps."""

    def __init__(self, steps: Sequence[Step], cache: Cache | None = None):
        steps = list(steps)
        if not steps:
            raise InvalidInputError("A fallback chain needs at least one step (end it with template_step()).")
        names = [s.name for s in steps]
        if len(set(names)) != len(names):
            raise InvalidInputError(f"Step names must be unique, got {names}.")
        self.steps = steps
        self.cache = cache
        self.served: dict[str, int] = {s.name: 0 for s in steps}

    def _done(self, step: Step, prompt: str, text: str, errors: dict[str, str]) -> FallbackResult:
        if step.remember and self.cache is not None:
            try:
                self.cache.set(cache_key_for(prompt), text)
            except Exception:  # noqa: BLE001 - remembering is best effort; the answer is already here
                pass
        self.served[step.name] += 1
        return FallbackResult(text, step.name, errors)

    def invoke(self, prompt: str) -> FallbackResult:
        errors: dict[str, str] = {}
        for step in self.steps:
            try:
                text = step.run(prompt)
            except Exception as exc:  # noqa: BLE001 - each failure is recorded and the next step tried
                errors[step.name] = f"{type(exc).__name__}: {exc}"
                continue
            return self._done(step, prompt, text, errors)
        raise FallbackExhaustedError(errors)

    async def ainvoke(self, prompt: str) -> FallbackResult:
        errors: dict[str, str] = {}
        for step in self.steps:
            try:
                text = await step.arun(prompt) if step.arun else step.run(prompt)
            except Exception as exc:  # noqa: BLE001
                errors[step.name] = f"{type(exc).__name__}: {exc}"
                continue
            return self._done(step, prompt, text, errors)
        raise FallbackExhaustedError(errors)
