"""Sharding and replicas for a dense index: split the vectors to fit and search in parallel, copy them to serve more reads.

Two different problems, two different answers:

* **Too many vectors for one machine (or one search is too slow): shard.** :class:`ShardedIndex` puts each chunk
  in one of N faiss indexes, chosen by a stable hash of its id (:func:`shard_of`), searches every shard for its top
  k and merges the lists (:func:`merge_top_k`). With exact (flat) shards the merged top k *equals* the single
  index's top k: any chunk in the global top k is also in its own shard's top k, since fewer than k chunks of
  that shard can beat it. Every query still visits every shard (scatter-gather), so sharding divides memory and
  per-shard work, not the number of searches. ``faiss.IndexShards`` does the same inside one process.
* **Too many queries for one copy: replicate.** :class:`ReplicatedIndex` keeps R identical copies. Single queries go
  round-robin to the healthy copies (a copy marked down is skipped, so replicas also give availability), and
  :meth:`ReplicatedIndex.search_batch` hands a batch to ``faiss.IndexReplicas``, which splits the queries among
  the copies and searches them on parallel threads. Replicas answer exactly what one copy answers.

>>> [shard_of(f"doc-{i}", 3) for i in range(6)]
[1, 1, 2, 0, 0, 0]
>>> merge_top_k([[("a", 0.9), ("c", 0.5)], [("b", 0.7), ("d", 0.6)]], 3)
[('a', 0.9), ('b', 0.7), ('d', 0.6)]

Left out: shards on separate machines (the merge is the same; the network and partial failures are not),
re-sharding (``hash mod N`` moves most chunks when N changes; consistent hashing moves about 1/N), routing a
query to a subset of shards by metadata (a tenant per shard), and replica consistency while the index is being
written (here replicas are copied from a finished index).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import numpy as np

from labkit.errors import InvalidInputError, RetrievalError
from labkit.rag.dense import DenseIndex
from labkit.rag.documents import Hit, as_chunks
from labkit.rag.retriever import Retriever


def shard_of(chunk_id: str, n_shards: int) -> int:
    """The shard a chunk lives in: the first 8 bytes of ``sha256(id)`` modulo ``n_shards`` (stable across runs and
    machines, unlike Python's ``hash``).

    >>> shard_of("handbook#1", 4) == shard_of("handbook#1", 4)
    True
    """
    if not isinstance(n_shards, int) or isinstance(n_shards, bool) or n_shards < 1:
        raise InvalidInputError(f"n_shards must be a positive integer, got {n_shards!r}.")
    return int.from_bytes(hashlib.sha256(chunk_id.encode("utf-8")).digest()[:8], "big") % n_shards


def merge_top_k(shard_results: Sequence[Sequence[tuple[str, float]]], k: int) -> list[tuple[str, float]]:
    """Merge per-shard ``(id, score)`` lists into the global top ``k``: highest score first, ties by id.

    Each shard must have returned its own top ``k`` (not ``k / n``): the best hits may all sit in one shard. An id
    found in two shards (a chunk caught mid-move while re-sharding) counts once, with its best score.

    >>> merge_top_k([[("x", 0.5)], [("a", 0.5)], []], 5)
    [('a', 0.5), ('x', 0.5)]
    >>> merge_top_k([[("m", 0.6), ("n", 0.4)], [("m", 0.7)]], 2)
    [('m', 0.7), ('n', 0.4)]
    """
    if not isinstance(k, int) or isinstance(k, bool) or k < 1:
        raise InvalidInputError(f"k must be a positive integer, got {k!r}.")
    best: dict[str, float] = {}
    for results in shard_results:
        for doc_id, score in results:
            best[doc_id] = max(float(score), best.get(doc_id, float("-inf")))
    return sorted(best.items(), key=lambda pair: (-pair[1], pair[0]))[:k]


class ShardedIndex(Retriever):
    """N dense indexes of ``kind``; each chunk goes to ``shard_of(chunk.id, n_shards)``; queries scatter and gather."""

    name = "sharded"

    def __init__(self, n_shards: int = 4, embeddings: Any = None, kind: str = "flat", **options: Any):
        if not isinstance(n_shards, int) or isinstance(n_shards, bool) or n_shards < 1:
            raise InvalidInputError(f"n_shards must be a positive integer, got {n_shards!r}.")
        # shard 0 owns the embedding model; the others only ever receive vectors
        self.shards = [DenseIndex(embeddings, kind, **options) for _ in range(n_shards)]

    def embed(self, texts: list[str]) -> np.ndarray:
        return self.shards[0].embed(texts)

    def add(self, items: Any, vectors: np.ndarray | None = None) -> ShardedIndex:
        """Embed the chunks once, then add each to its shard (``vectors`` skips embedding)."""
        chunks = as_chunks(items)
        if not chunks:
            return self
        vecs = self.embed([c.text for c in chunks]) if vectors is None else np.ascontiguousarray(vectors, dtype=np.float32)
        if vecs.shape[0] != len(chunks):
            raise InvalidInputError(f"{vecs.shape[0]} vectors for {len(chunks)} chunks; pass one vector per chunk.")
        n = len(self.shards)
        taken = {c.id for shard in self.shards for c in shard.chunks}
        clash = taken.intersection(c.id for c in chunks)
        if clash:
            raise InvalidInputError(f"Chunk id {sorted(clash)[0]!r} is already in the index; ids must be unique.")
        owner = [shard_of(c.id, n) for c in chunks]
        for s, shard in enumerate(self.shards):
            rows = [i for i, o in enumerate(owner) if o == s]
            if rows:
                shard.add([chunks[i] for i in rows], vecs[rows])
        return self

    def __len__(self) -> int:
        return sum(len(shard) for shard in self.shards)

    def sizes(self) -> list[int]:
        """Chunks per shard (a hash spreads them evenly only on average)."""
        return [len(shard) for shard in self.shards]

    def hits_for_vector(self, vector: np.ndarray, k: int) -> list[Hit]:
        """Each non-empty shard's top ``k`` for ``vector``, merged into the global top ``k``."""
        if not len(self):
            raise RetrievalError("The index is empty: add() chunks before searching.")
        per_shard = [shard.hits_for_vector(vector, k) for shard in self.shards if len(shard)]
        by_id = {h.id: h for hits in per_shard for h in hits}
        top = merge_top_k([[(h.id, h.score) for h in hits] for hits in per_shard], k)
        return [Hit(by_id[doc_id].chunk, score, self.name) for doc_id, score in top]

    def _retrieve(self, query: str, k: int) -> list[Hit]:
        return self.hits_for_vector(self.embed([query])[0], k)


class ReplicatedIndex(Retriever):
    """``n_replicas`` identical copies of a built :class:`~labkit.rag.dense.DenseIndex`, read round-robin."""

    name = "replicated"

    def __init__(self, index: DenseIndex, n_replicas: int = 2):
        import faiss

        if not isinstance(index, DenseIndex) or index.index is None or not len(index):
            raise InvalidInputError("ReplicatedIndex needs a DenseIndex that already holds chunks.")
        if not isinstance(n_replicas, int) or isinstance(n_replicas, bool) or n_replicas < 1:
            raise InvalidInputError(f"n_replicas must be a positive integer, got {n_replicas!r}.")
        self.source = index
        self.copies = [index.index] + [faiss.clone_index(index.index) for _ in range(n_replicas - 1)]
        self.healthy = [True] * n_replicas
        self.served = [0] * n_replicas
        self._turn = 0

    def _check(self, replica: int) -> None:
        if not isinstance(replica, int) or not 0 <= replica < len(self.copies):
            raise InvalidInputError(f"replica must be in 0..{len(self.copies) - 1}, got {replica!r}.")

    def mark_down(self, replica: int) -> None:
        """Stop sending reads to ``replica`` (a failed health check)."""
        self._check(replica)
        self.healthy[replica] = False

    def mark_up(self, replica: int) -> None:
        self._check(replica)
        self.healthy[replica] = True

    def next_replica(self) -> int:
        """The next healthy copy in round-robin order."""
        for step in range(len(self.copies)):
            candidate = (self._turn + step) % len(self.copies)
            if self.healthy[candidate]:
                self._turn = candidate + 1
                return candidate
        raise RetrievalError("Every replica is marked down; no copy can serve the read.")

    def hits_for_vector(self, vector: np.ndarray, k: int) -> list[Hit]:
        replica = self.next_replica()
        self.served[replica] += 1
        scores, positions = self.copies[replica].search(np.ascontiguousarray(vector[None, :], dtype=np.float32),
                                                        min(k, len(self.source)))
        return [Hit(self.source.chunks[p], float(s), self.name) for s, p in zip(scores[0], positions[0]) if p >= 0]

    def _retrieve(self, query: str, k: int) -> list[Hit]:
        return self.hits_for_vector(self.source.embed([query])[0], k)

    def search_batch(self, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Search a batch of query vectors with ``faiss.IndexReplicas`` over the healthy copies: the batch is split
        among them and searched on parallel threads. Returns faiss's ``(scores, positions)``."""
        import faiss

        live = [copy for copy, ok in zip(self.copies, self.healthy) if ok]
        if not live:
            raise RetrievalError("Every replica is marked down; no copy can serve the batch.")
        replicas = faiss.IndexReplicas(self.source.index.d, True)
        for copy in live:
            replicas.addIndex(copy)
        queries = np.ascontiguousarray(np.atleast_2d(vectors), dtype=np.float32)
        return replicas.search(queries, min(k, len(self.source)))
