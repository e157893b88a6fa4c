"""Deadlines: every call an agent makes ends in bounded time, finished or abandoned.

An agent calls code it does not control: a model that may stall, a learner's tool that may loop forever. The one
idea: never wait without a deadline. A synchronous call runs in a worker thread and the agent waits on it for at
most ``seconds``; an awaitable is wrapped in :func:`asyncio.wait_for`. Either way the caller gets the result or a
:class:`~labkit.errors.DeadlineExceededError` naming what was too slow.

What it leaves out: Python cannot kill a thread, so an abandoned synchronous call keeps running in its (daemon)
thread until it returns or the process exits; its result is discarded. Tools that must be stopped for real belong
in a subprocess (see :mod:`labkit.grading`'s sandbox).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from labkit.errors import DeadlineExceededError, InvalidInputError

T = TypeVar("T")


def _check(seconds: float | None) -> None:
    if seconds is not None and not seconds > 0:
        raise InvalidInputError(f"A deadline must be a positive number of seconds or None, got {seconds!r}.")


def call_with_deadline(fn: Callable[..., T], *args: Any, seconds: float | None, what: str = "The call",
                       **kwargs: Any) -> T:
    """``fn(*args, **kwargs)``, or :class:`DeadlineExceededError` if it is not done within ``seconds``.

    Exceptions raised by ``fn`` are re-raised unchanged. ``seconds=None`` calls ``fn`` directly.

    >>> call_with_deadline(sum, [1, 2, 3], seconds=1.0)
    6
    """
    _check(seconds)
    if seconds is None:
        return fn(*args, **kwargs)
    done = threading.Event()
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn(*args, **kwargs)
        except BaseException as exc:  # handed to the caller below
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=target, daemon=True, name=f"labkit-deadline: {what}").start()
    if not done.wait(seconds):
        raise DeadlineExceededError(what, seconds)
    if "error" in box:
        raise box["error"]
    return box["value"]


async def await_with_deadline(awaitable: Awaitable[T], seconds: float | None, what: str = "The call") -> T:
    """Await ``awaitable`` for at most ``seconds`` (cancelling it after), else :class:`DeadlineExceededError`."""
    _check(seconds)
    try:
        return await asyncio.wait_for(awaitable, seconds)
    except DeadlineExceededError:  # an inner deadline already named the culprit
        raise
    except asyncio.TimeoutError:
        raise DeadlineExceededError(what, seconds or 0.0) from None
