"""A semantic cache: answer a new question with the cached answer of a *similar* earlier one.

The one idea: exact-match caches miss "What's the refund policy?" after "what is the refund policy" has been
answered. Embed each cached question; on lookup, embed the new one and return the stored answer of the nearest
neighbour when cosine similarity clears a ``threshold``. The threshold is a precision/recall dial: too low and
"cancel my order" gets the answer to "track my order" (a wrong answer served confidently, worse than a miss);
too high and it is an exact cache with extra steps. ``benchmarks/bench_cache.py`` measures precision at the
threshold on labelled pairs: with the bundled MiniLM on short FAQ questions, 0.8 (the default) gave precision 1.0
but caught only a fifth of the paraphrases, and 0.7 caught half at precision 0.93. Measure on your own traffic.

Keep one semantic cache per scope (model, system prompt, tenant): similarity on the question alone would serve
one tenant's answer to another, so the scope must never be left to the embedding.

Left out: an ANN index (a linear scan over a few thousand unit vectors is one matrix product; use faiss past
~100k entries), persistence (put it in front of an exact tier with :class:`~labkit.production.cache.TieredCache`).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np

from labkit.errors import InvalidInputError
from labkit.production.cache import BACKENDS, Cache, Clock, _dumps


@dataclass(frozen=True)
class SemanticHit:
    """What a lookup matched: the stored value, the cached question it came from, and how similar it was."""

    value: Any
    matched: str
    similarity: float


class SemanticCache(Cache):
    """Cache keyed by meaning. ``get(question)`` returns the value of the most similar cached question, or None."""

    name = "semantic"

    def __init__(self, threshold: float = 0.8, embeddings: Any = None, max_size: int = 10_000,
                 ttl: float | None = None, clock: Clock = time.monotonic):
        super().__init__(ttl)
        if not 0.0 < threshold <= 1.0:
            raise InvalidInputError(f"threshold is a cosine similarity in (0, 1], got {threshold!r}.")
        if not isinstance(max_size, int) or max_size < 1:
            raise InvalidInputError(f"max_size must be a positive integer, got {max_size!r}.")
        if embeddings is None:
            from labkit.embed import get_embeddings

            embeddings = get_embeddings()
        self.embeddings = embeddings
        self.threshold = threshold
        self.max_size = max_size
        self.clock = clock
        self.last_hit: SemanticHit | None = None
        self._entries: OrderedDict[str, tuple[np.ndarray, Any, float | None]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def _vector(self, text: str) -> np.ndarray:
        if hasattr(self.embeddings, "encode"):
            vec = np.asarray(self.embeddings.encode([text])[0], dtype=np.float32)
        else:
            vec = np.asarray(self.embeddings.embed_query(text), dtype=np.float32)
        norm = float(np.linalg.norm(vec))
        return vec / norm if norm else vec

    def lookup(self, key: str) -> SemanticHit | None:
        """The best match above the threshold with its similarity (does not touch the statistics)."""
        query = self._vector(key)
        now = self.clock()
        with self._lock:
            for k in [k for k, (_, _, exp) in self._entries.items() if exp is not None and now >= exp]:
                del self._entries[k]
                self.stats.expirations += 1
            scoped = list(self._entries.items())
            if not scoped:
                return None
            matrix = np.stack([v[0] for _, v in scoped])
            sims = matrix @ query
            best = int(np.argmax(sims))
            if float(sims[best]) < self.threshold:
                return None
            full_key, (_, value, _) = scoped[best]
            self._entries.move_to_end(full_key)
        return SemanticHit(value=value, matched=full_key, similarity=round(float(sims[best]), 4))

    def _get(self, key: str) -> Any | None:
        hit = self.lookup(key)
        self.last_hit = hit
        return None if hit is None else hit.value

    def _set(self, key: str, value: Any, ttl: float | None) -> None:
        _dumps(value)  # same rule as every other tier
        vec = self._vector(key)
        with self._lock:
            self._entries[key] = (vec, value, None if ttl is None else self.clock() + ttl)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_size:
                self._entries.popitem(last=False)
                self.stats.evictions += 1

    def _delete(self, key: str) -> bool:
        with self._lock:
            return self._entries.pop(key, None) is not None

    def _clear(self) -> None:
        with self._lock:
            self._entries.clear()


BACKENDS.register("semantic", SemanticCache)
