"""Judging a result: turn it into plain data first, then compare plain data with plain data.

The one idea: never ask a learner's object whether it is right. ``obj == expected`` calls ``obj.__eq__``, which a
learner can define to return ``True`` for anything. So a result is first converted by :func:`to_plain` into exactly
``None``/``bool``/``int``/``float``/``str``/``list``/``dict`` (subclasses refused, numpy values unwrapped through
``tolist``), and :func:`same` compares two such values with type checks of its own (``True`` is not ``1``, ``1.0``
is not ``"1.0"``). The grader goes one step further: it only ever sees the JSON *text* of a result, parses it
itself and compares with this module, so no learner object reaches it at all.

The learner's instant check (:mod:`labkit.assess.check`) and the grader's judge (:mod:`labkit.grading.judge`) share
every helper that decides or describes a verdict from here, so the two can never disagree: :func:`same` (does a
result match), :func:`score` (the points for so many passing cases), :func:`call_text` (how a case is written in
feedback) and :func:`short` (a value cut for a table).

Leaves out: comparing arrays with shapes, dataframes, or objects with custom equality (return plain data instead).
"""

from __future__ import annotations

import math
from typing import Any

from labkit.errors import NotPlainData

MAX_DEPTH = 32
MAX_ITEMS = 100_000


def to_plain(value: Any, _depth: int = 0, _budget: list[int] | None = None) -> Any:
    """Plain JSON-able copy of ``value``; tuples become lists; anything else is refused.

    >>> to_plain((1, [2.5, "a"], {"k": None}))
    [1, [2.5, 'a'], {'k': None}]
    >>> class Sneaky(int):
    ...     def __eq__(self, other): return True
    >>> to_plain(Sneaky(3))
    Traceback (most recent call last):
    ...
    labkit.errors.NotPlainData: the result contains a Sneaky; return plain Python values (int, float, str, bool, None, list, dict)
    """
    budget = _budget if _budget is not None else [MAX_ITEMS]
    budget[0] -= 1
    if budget[0] < 0 or _depth > MAX_DEPTH:
        raise NotPlainData(f"the result is too large or too deeply nested (limit {MAX_ITEMS} items, depth {MAX_DEPTH})")
    kind = type(value)
    if value is None or kind in (bool, int, str):
        return value
    if kind is float:
        if not math.isfinite(value):
            raise NotPlainData(f"the result contains {value!r}; return a finite number")
        return value
    if kind in (list, tuple):
        return [to_plain(v, _depth + 1, budget) for v in value]
    if kind is dict:
        out = {}
        for k, v in value.items():
            if type(k) is not str:
                raise NotPlainData(f"the result has a dict key of type {type(k).__name__}; use str keys")
            out[k] = to_plain(v, _depth + 1, budget)
        return out
    if kind.__module__.split(".")[0] == "numpy" and hasattr(value, "tolist"):
        return to_plain(value.tolist(), _depth + 1, budget)
    raise NotPlainData(
        f"the result contains a {kind.__name__}; return plain Python values (int, float, str, bool, None, list, dict)"
    )


def _key(value: Any) -> str:
    import json

    return json.dumps(value, sort_keys=True)


def same(expected: Any, actual: Any, mode: str = "exact", tolerance: float = 1e-6) -> bool:
    """Whether plain ``actual`` matches plain ``expected`` under ``mode`` (exact, approx, unordered).

    >>> same([1, 2], [1, 2]), same(1, True), same(0.1 + 0.2, 0.3, "approx"), same([2, 1], [1, 2], "unordered")
    (True, False, True, True)
    """
    if mode == "unordered":
        if type(expected) is not list or type(actual) is not list:
            return same(expected, actual, "exact", tolerance)
        return sorted(map(_key, expected)) == sorted(map(_key, actual))
    te, ta = type(expected), type(actual)
    if mode == "approx" and te in (int, float) and ta in (int, float):
        return math.isclose(expected, actual, rel_tol=tolerance, abs_tol=tolerance)
    if te is not ta:
        return False
    if te is list:
        return len(expected) == len(actual) and all(same(e, a, mode, tolerance) for e, a in zip(expected, actual))
    if te is dict:
        return expected.keys() == actual.keys() and all(same(expected[k], actual[k], mode, tolerance) for k in expected)
    return expected == actual


def score(points: float, passed: int, total: int, partial: bool = True) -> float:
    """Points earned for ``passed`` of ``total`` cases, rounded to 2 decimals (all or nothing unless ``partial``).

    >>> score(3, 2, 4), score(3, 2, 4, partial=False), score(3, 4, 4), score(3, 0, 0)
    (1.5, 0.0, 3.0, 0.0)
    """
    if total == 0:
        return 0.0
    if not partial:
        return float(points) if passed == total else 0.0
    return round(points * passed / total, 2)


def call_text(function: str, case: dict[str, Any]) -> str:
    """How feedback writes one case: the call ``function(*args, **kwargs)`` as Python text.

    >>> call_text("f", {"args": [1, "a"], "kwargs": {"k": 2}}), call_text("g", {})
    ("f(1, 'a', k=2)", 'g()')
    """
    parts = [repr(a) for a in case.get("args", [])] + [f"{k}={v!r}" for k, v in case.get("kwargs", {}).items()]
    return f"{function}({', '.join(parts)})"


def short(value: Any, limit: int = 80) -> str:
    """A one-line repr cut to ``limit`` characters, for feedback tables.

    >>> short("x" * 100, 10)
    "'xxxxxx..."
    """
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
