"""An on-disk cache of embedding vectors keyed by (model, text hash).

Embedding a corpus is the slowest step of most retrieval pipelines, and most re-runs embed the same text again.
This cache stores each vector as raw float32 bytes in SQLite under the key ``(model name, sha256(text))``, so a
changed text gets a new vector and an unchanged one is read back instead of recomputed.

Left out: eviction. The file grows with the number of distinct texts (about 1.6 KB per 384-d vector); delete it
to start over.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import numpy as np

from labkit.sqlite import connect, migrate

# IF NOT EXISTS: caches written before the migrations table existed already hold this table; they are adopted.
_MIGRATIONS = [
    ("0001_vectors", "CREATE TABLE IF NOT EXISTS vectors (model TEXT NOT NULL, text_hash TEXT NOT NULL, "
                     "dim INTEGER NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (model, text_hash))"),
]


def text_hash(text: str) -> str:
    """Stable hex digest of a text.

    >>> text_hash("abc")[:12]
    'ba7816bf8f01'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """Vectors stored in one SQLite file; safe to share between threads of one process."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._conn = connect(self.path, threads=True)
        migrate(self._conn, _MIGRATIONS)
        self.hits = 0
        self.misses = 0

    def get_many(self, model: str, texts: list[str]) -> list[np.ndarray | None]:
        """The cached vector for each text, or ``None`` where it has not been embedded yet."""
        hashes = [text_hash(t) for t in texts]
        found: dict[str, np.ndarray] = {}
        with self._lock:
            unique = list(dict.fromkeys(hashes))
            for start in range(0, len(unique), 500):  # SQLite caps the number of bound parameters
                chunk = unique[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._conn.execute(
                    f"SELECT text_hash, vector FROM vectors WHERE model = ? AND text_hash IN ({marks})",
                    [model, *chunk],
                )
                for h, blob in rows:
                    found[h] = np.frombuffer(blob, dtype=np.float32)
        out = [found.get(h) for h in hashes]
        hit = sum(v is not None for v in out)
        self.hits += hit
        self.misses += len(out) - hit
        return out

    def put_many(self, model: str, texts: list[str], vectors: np.ndarray) -> None:
        """Store vectors for texts (one row per text; re-storing a text replaces its vector)."""
        rows = [
            (model, text_hash(t), int(v.shape[0]), np.asarray(v, dtype=np.float32).tobytes())
            for t, v in zip(texts, vectors)
        ]
        with self._lock:
            self._conn.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?)", rows)
            self._conn.commit()

    def __len__(self) -> int:
        with self._lock:
            return self._conn.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self._conn.close()
