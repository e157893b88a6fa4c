"""Running asyncio code from anywhere: a script, a test, a notebook cell or a widget callback.

The one idea: ``asyncio.run`` refuses to start inside a running event loop, and Jupyter always has one. In a cell,
just ``await`` the coroutine. In a plain (synchronous) callback — an ipywidgets ``interact`` function — use
:func:`run_sync`: it runs the coroutine on a fresh loop in a worker thread and waits at most ``timeout`` seconds.

>>> import asyncio
>>> run_sync(asyncio.sleep(0, result="done"))
'done'
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

from labkit.agents.deadline import call_with_deadline

T = TypeVar("T")


def run_sync(coro: Coroutine[Any, Any, T], timeout: float = 120.0) -> T:
    """Run ``coro`` to completion and return its result, inside or outside a running event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    return call_with_deadline(asyncio.run, coro, seconds=timeout, what="The coroutine")
