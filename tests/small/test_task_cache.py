"""The task cache: exact before normalised, per-task statistics, bounded size, and tasks kept apart."""

from __future__ import annotations

import pytest

from labkit.errors import InvalidInputError
from labkit.small.task_cache import TaskCache


def test_exact_then_normalised_then_miss_with_counts():
    cache = TaskCache()
    cache.put("classify", "Where is my parcel?", "shipping")
    assert cache.lookup("classify", "Where is my parcel?") == ("exact", "shipping")
    assert cache.lookup("classify", "  WHERE is my   parcel ") == ("normalised", "shipping")
    assert cache.lookup("classify", "Where is my invoice?") == ("miss", None)
    assert cache.stats("classify").as_dict() == {"exact": 1, "normalised": 1, "misses": 1, "hit_rate": 0.667}


def test_tasks_never_share_results():
    cache = TaskCache()
    cache.put("classify", "refund please", "billing")
    assert cache.lookup("summarise", "refund please") == ("miss", None)
    assert cache.stats("summarise").misses == 1 and cache.stats().lookups == 1


def test_normalisation_can_be_switched_off_where_case_matters():
    cache = TaskCache(normalise=None)
    cache.put("extract_code", "Code AbC-12", "AbC-12")
    assert cache.lookup("extract_code", "code abc-12") == ("miss", None)


def test_run_computes_once_and_does_not_cache_errors():
    cache, calls = TaskCache(), []

    def label(text):
        calls.append(text)
        if "#" in text:
            raise ValueError("unreadable")
        return "ok"

    assert [cache.run("t", x, label) for x in ("a", "A", "a.")] == ["ok"] * 3
    assert calls == ["a"]
    for _ in range(2):
        with pytest.raises(ValueError):
            cache.run("t", "#", label)
    assert calls.count("#") == 2 and cache.stats("t").misses == 3


def test_least_recently_used_goes_first_and_takes_its_normalised_key():
    cache = TaskCache(max_items=2)
    cache.put("t", "one", 1)
    cache.put("t", "two", 2)
    cache.lookup("t", "one")               # "two" is now the least recently used
    cache.put("t", "three", 3)
    assert len(cache) == 2
    assert cache.lookup("t", "TWO") == ("miss", None)
    assert cache.lookup("t", "One!") == ("normalised", 1)


def test_bad_input_is_a_clear_error():
    with pytest.raises(InvalidInputError):
        TaskCache(max_items=0)
    with pytest.raises(InvalidInputError, match="task name"):
        TaskCache().lookup("", "x")
    with pytest.raises(InvalidInputError):
        TaskCache().put("t", None, 1)
