"""A task cache for small models: the answer to a repeated task is looked up, not recomputed.

Small models are often run on narrow, repetitive tasks (classify this ticket, extract that field), where the same
input comes back again and again, often differing only in case or spacing. A :class:`TaskCache` keys each result by
``(task, text)`` and looks it up in two steps:

1. **exact**: the same task and byte-for-byte the same text;
2. **normalised**: the same task and the same text after :func:`~labkit.small.improve.normalise_text` (case, runs of
   spaces and surrounding punctuation ignored), so ``"Where is my parcel?"`` finds ``"where is my parcel"``.

The one idea: count what each step saves, separately. ``stats`` reports exact hits, normalised hits and misses per
task; the normalised step is a decision with a risk (for a task where case matters, such as extracting a code, two
"equal" keys can need different answers), so it can be switched off with ``normalise=None`` and its share is
visible.

What it leaves out: persistence and expiry (see :mod:`labkit.production.cache`), and similarity lookups by meaning
(:mod:`labkit.production.semantic_cache`), which trade more hits for wrong ones.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from labkit.errors import InvalidInputError
from labkit.small.improve import normalise_text

__all__ = ["TaskCache", "TaskCacheStats"]


@dataclass
class TaskCacheStats:
    """Lookups of one task (or all): ``exact`` and ``normalised`` hits, ``misses``; ``hit_rate`` over all lookups.

    >>> TaskCacheStats(exact=2, normalised=1, misses=1).hit_rate
    0.75
    """

    exact: int = 0
    normalised: int = 0
    misses: int = 0

    @property
    def lookups(self) -> int:
        return self.exact + self.normalised + self.misses

    @property
    def hit_rate(self) -> float:
        return (self.exact + self.normalised) / self.lookups if self.lookups else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"exact": self.exact, "normalised": self.normalised, "misses": self.misses,
                "hit_rate": round(self.hit_rate, 3)}


class TaskCache:
    """Results of ``(task, text)`` pairs, found by the exact text first and then by its normalised form.

    At most ``max_items`` results are kept; the least recently used goes first.

    >>> cache = TaskCache()
    >>> calls = []
    >>> label = lambda text: calls.append(text) or "shipping"
    >>> [cache.run("classify", t, label) for t in ("Where is my parcel?", "Where is my parcel?", "where is my parcel")]
    ['shipping', 'shipping', 'shipping']
    >>> len(calls), cache.stats().as_dict()
    (1, {'exact': 1, 'normalised': 1, 'misses': 1, 'hit_rate': 0.667})
    """

    def __init__(self, *, max_items: int = 1024, normalise: Callable[[str], str] | None = normalise_text):
        if max_items < 1:
            raise InvalidInputError(f"max_items must be at least 1, got {max_items}.")
        self.max_items, self.normalise = max_items, normalise
        self._exact: OrderedDict[tuple[str, str], Any] = OrderedDict()
        self._normal: dict[tuple[str, str], tuple[str, str]] = {}     # normalised key -> exact key holding it
        self._stats: dict[str, TaskCacheStats] = {}

    @staticmethod
    def _check(task: Any, text: Any) -> None:
        if not isinstance(task, str) or not task or not isinstance(text, str):
            raise InvalidInputError(f"A task cache key is a non-empty task name and a text (strings), got "
                                    f"{task!r} and {type(text).__name__}.")

    def _normal_key(self, task: str, text: str) -> tuple[str, str] | None:
        return (task, self.normalise(text)) if self.normalise is not None else None

    def lookup(self, task: str, text: str) -> tuple[str, Any]:
        """``("exact", value)``, ``("normalised", value)`` or ``("miss", None)``; counted in :meth:`stats`."""
        self._check(task, text)
        stats = self._stats.setdefault(task, TaskCacheStats())
        if (task, text) in self._exact:
            self._exact.move_to_end((task, text))
            stats.exact += 1
            return "exact", self._exact[(task, text)]
        normal = self._normal_key(task, text)
        holder = self._normal.get(normal) if normal is not None else None
        if holder is not None and holder in self._exact:
            self._exact.move_to_end(holder)
            stats.normalised += 1
            return "normalised", self._exact[holder]
        stats.misses += 1
        return "miss", None

    def put(self, task: str, text: str, value: Any) -> None:
        """Store ``value`` for ``(task, text)``, evicting the least recently used result beyond ``max_items``."""
        self._check(task, text)
        self._exact[(task, text)] = value
        self._exact.move_to_end((task, text))
        normal = self._normal_key(task, text)
        if normal is not None:
            self._normal[normal] = (task, text)
        while len(self._exact) > self.max_items:
            old, _ = self._exact.popitem(last=False)
            normal_old = self._normal_key(*old)
            if normal_old is not None and self._normal.get(normal_old) == old:
                del self._normal[normal_old]

    def run(self, task: str, text: str, compute: Callable[[str], Any]) -> Any:
        """The cached result, or ``compute(text)`` stored and returned (a raised error is not cached)."""
        kind, value = self.lookup(task, text)
        if kind != "miss":
            return value
        value = compute(text)
        self.put(task, text, value)
        return value

    def stats(self, task: str | None = None) -> TaskCacheStats:
        """Counts for one task, or summed over every task."""
        if task is not None:
            return TaskCacheStats(**vars(self._stats.get(task, TaskCacheStats())))
        total = TaskCacheStats()
        for one in self._stats.values():
            total.exact += one.exact
            total.normalised += one.normalised
            total.misses += one.misses
        return total

    def __len__(self) -> int:
        return len(self._exact)
