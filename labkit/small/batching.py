"""Grouped batch processing: similar requests travel together, a few batches at a time, and one bad item fails alone.

A small model served locally (llama.cpp, vLLM, Ollama) is fastest when it gets batches of similar prompts: they share
a template prefix the server can cache, and one batched forward pass costs far less than many single ones. The one
idea has three parts: *group* requests by similarity (a key you give, or content-term overlap), *batch* each group
into chunks of ``batch_size`` and run at most ``max_concurrency`` batches at once (a semaphore), and *isolate*
errors: a failing item (or a failing batch) is recorded with its reason while every other item still gets its
answer. Results come back in input order, whatever order the batches finished in.

Left out: retries and timeouts (wrap the handler with ``labkit.production``'s retry) and adaptive batch sizes.

>>> group_requests(["convert 5 miles to km", "weather in Oslo", "convert 3 miles to km"], threshold=0.4)
[[0, 2], [1]]
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from labkit.errors import InvalidInputError
from labkit.small.terms import jaccard, term_set


def group_requests(
    requests: Sequence[str], threshold: float = 0.5, key: Callable[[str], Hashable] | None = None
) -> list[list[int]]:
    """Indices of ``requests`` grouped by ``key(request)``, or else by content-term overlap with each group's first
    member (Jaccard >= ``threshold``). Groups and members keep their first-appearance order.

    >>> group_requests(["a1", "b1", "a2"], key=lambda r: r[0])
    [[0, 2], [1]]
    """
    if isinstance(requests, str) or not all(isinstance(r, str) for r in requests):
        raise InvalidInputError("requests must be a list of strings.")
    if not isinstance(threshold, (int, float)) or not 0 <= threshold <= 1:
        raise InvalidInputError(f"threshold must be between 0 and 1, got {threshold!r}.")
    if key is not None:
        by_key: dict[Hashable, list[int]] = {}
        for i, r in enumerate(requests):
            by_key.setdefault(key(r), []).append(i)
        return list(by_key.values())
    groups: list[list[int]] = []
    leaders: list[frozenset[str]] = []
    for i, r in enumerate(requests):
        words = term_set(r)
        for group, leader in zip(groups, leaders):
            if jaccard(words, leader) >= threshold:
                group.append(i)
                break
        else:
            groups.append([i])
            leaders.append(words)
    return groups


@dataclass(frozen=True)
class ItemResult:
    """One request's outcome: its output, or the error that stopped it (never both)."""

    index: int
    request: str
    output: Any
    error: str | None
    group: int
    batch: int

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class BatchReport:
    """Every item's result in input order, and how the work was split."""

    results: tuple[ItemResult, ...]
    groups: int
    batches: int
    max_in_flight: int

    @property
    def outputs(self) -> list[Any]:
        """Outputs in input order (``None`` where an item failed)."""
        return [r.output for r in self.results]

    @property
    def failed(self) -> list[ItemResult]:
        return [r for r in self.results if not r.ok]

    @property
    def success_rate(self) -> float:
        return sum(r.ok for r in self.results) / len(self.results) if self.results else 1.0


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _unwrap(value: Any) -> Any:
    content = getattr(value, "content", None)  # chat model replies -> their text
    return content if isinstance(content, str) else value


async def _call_items(handler: Any, inputs: list[Any], batch_size: int) -> list[Any]:
    if hasattr(handler, "abatch"):  # a LangChain Runnable: one batched call, exceptions returned per item
        return list(await handler.abatch(inputs, config={"max_concurrency": batch_size}, return_exceptions=True))
    outs: list[Any] = []
    for item in inputs:
        try:
            if inspect.iscoroutinefunction(handler):
                outs.append(await handler(item))
            else:
                result = await asyncio.to_thread(handler, item)
                outs.append(await result if inspect.isawaitable(result) else result)
        except Exception as exc:  # isolate: this item fails, the batch goes on
            outs.append(exc)
    return outs


async def process_grouped(
    requests: Sequence[str],
    handler: Any,
    *,
    batch_size: int = 8,
    max_concurrency: int = 2,
    threshold: float = 0.5,
    key: Callable[[str], Hashable] | None = None,
    prompt: Callable[[str], Any] | None = None,
) -> BatchReport:
    """Group, batch and run ``requests`` through ``handler``; see the module docstring.

    ``handler`` is a LangChain Runnable (a chat model: each batch is one ``abatch`` call) or a function of one
    input (sync functions run in a worker thread). ``prompt`` turns a request into the handler's input.
    """
    requests = list(requests) if not isinstance(requests, str) else requests
    groups = group_requests(requests, threshold, key)
    for name, value in (("batch_size", batch_size), ("max_concurrency", max_concurrency)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise InvalidInputError(f"{name} must be a positive integer, got {value!r}.")
    if not (hasattr(handler, "abatch") or callable(handler)):
        raise InvalidInputError("handler must be a LangChain Runnable (e.g. a chat model) or a function of one input.")
    inputs = [prompt(r) for r in requests] if prompt else list(requests)

    batches = [(g, idxs[s : s + batch_size]) for g, idxs in enumerate(groups) for s in range(0, len(idxs), batch_size)]
    results: dict[int, ItemResult] = {}
    gate = asyncio.Semaphore(max_concurrency)
    in_flight = 0
    peak = 0

    async def run(batch_no: int, group: int, idxs: list[int]) -> None:
        nonlocal in_flight, peak
        async with gate:
            in_flight += 1
            peak = max(peak, in_flight)
            try:
                outs = await _call_items(handler, [inputs[i] for i in idxs], batch_size)
                if len(outs) != len(idxs):
                    raise InvalidInputError(f"The handler returned {len(outs)} results for {len(idxs)} inputs.")
            except Exception as exc:  # the whole batch failed: every item in it says why, other batches go on
                outs = [exc] * len(idxs)
            finally:
                in_flight -= 1
        for i, out in zip(idxs, outs):
            failed = isinstance(out, BaseException)
            results[i] = ItemResult(i, requests[i], None if failed else _unwrap(out),
                                    _describe(out) if failed else None, group, batch_no)

    await asyncio.gather(*(run(b, g, idxs) for b, (g, idxs) in enumerate(batches)))
    return BatchReport(tuple(results[i] for i in range(len(requests))), len(groups), len(batches), peak)


def run_grouped(requests: Sequence[str], handler: Any, **options: Any) -> BatchReport:
    """:func:`process_grouped` from synchronous code (scripts, the CLI). In a notebook, ``await process_grouped``."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(process_grouped(requests, handler, **options))
    raise InvalidInputError("An event loop is already running (a notebook?): use  await process_grouped(...)  instead.")
