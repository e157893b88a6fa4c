"""A sparse keyword index: BM25 with the ``bm25s`` library.

What it teaches: BM25 scores a chunk by the query words it contains, weighting rare words up (inverse document
frequency), saturating repeated words (``k1``) and discounting long chunks (``b``). It needs no model, is fast,
and wins exactly where embeddings are weak: names, codes, numbers, rare technical terms. That complementarity is
why hybrid search (:mod:`labkit.rag.fusion`) beats either alone.

Tokenisation matters as much as the formula: lower-case words, English stop words removed, and Snowball stemming
(``PyStemmer``, when installed; a crude suffix stripper otherwise) so *cells* matches *cell*. The tokens are exposed (:meth:`BM25Index.tokenize`) so
a test can feed the very same tokens to ``rank_bm25`` and compare scores.

The one idea: exact term matching, weighted by rarity, is a strong baseline; measure anything fancier against it.

Left out: phrase and proximity queries, field boosts (index title + text as one field instead).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from labkit.errors import InvalidInputError, RetrievalError
from labkit.rag.documents import Chunk, Hit, as_chunks
from labkit.rag.retriever import Retriever

_WORD = re.compile(r"(?u)\b\w\w+\b|\b\d\b")  # single digits count: "Model 5" is not "Model 3"


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    return frozenset(STOPWORDS_EN_PLUS)


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    try:
        import Stemmer
    except ImportError:  # optional: without it BM25 still works, a little less well
        return None
    return Stemmer.Stemmer("english")


def tokenize(text: str, stem: bool = True, stopwords: bool = True) -> list[str]:
    """Lower-cased words of two or more characters and single digits, stop words removed, stemmed when possible.

    >>> tokenize("The cats are sleeping on 3 mats", stem=False)
    ['cats', 'sleeping', '3', 'mats']
    """
    words = _WORD.findall(text.lower())
    if stopwords:
        stop = _stopwords()
        words = [w for w in words if w not in stop]
    if not stem:
        return words
    stemmer = _stemmer()
    return stemmer.stemWords(words) if stemmer else [suffix_stem(w) for w in words]


def suffix_stem(word: str) -> str:
    """A crude fallback stemmer for when PyStemmer is missing: strips common English suffixes.

    >>> [suffix_stem(w) for w in ["cats", "sleeping", "studies", "used", "bus"]]
    ['cat', 'sleep', 'study', 'us', 'bus']
    """
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", "e"), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2 and not word.endswith(("ss", "us", "is")):
            return word[: len(word) - len(suffix)] + repl
    return word


class BM25Index(Retriever):
    """BM25 over chunks with ``bm25s`` (``method``: ``lucene`` default, ``robertson``, ``bm25+``, ``bm25l``, ``atire``)."""

    name = "bm25"

    def __init__(self, k1: float = 1.2, b: float = 0.75, method: str = "lucene", stem: bool = True):
        if k1 < 0 or not 0 <= b <= 1:
            raise InvalidInputError(f"BM25 needs k1 >= 0 and 0 <= b <= 1, got k1={k1}, b={b}.")
        self.k1, self.b, self.method, self.stem = k1, b, method, stem
        self.chunks: list[Chunk] = []
        self._model: Any = None

    def tokenize(self, text: str) -> list[str]:
        return tokenize(text, stem=self.stem)

    def add(self, items: Any) -> BM25Index:
        """Add chunks and rebuild the index (BM25 statistics are corpus-wide, so adding re-indexes everything)."""
        import bm25s

        chunks = as_chunks(items)
        ids = {c.id for c in self.chunks}
        clash = ids.intersection(c.id for c in chunks)
        if clash:
            raise InvalidInputError(f"Chunk id {sorted(clash)[0]!r} is already in the index; ids must be unique.")
        self.chunks.extend(chunks)
        corpus = [self.tokenize(c.text) or [""] for c in self.chunks]
        self._model = bm25s.BM25(k1=self.k1, b=self.b, method=self.method)
        self._model.index(corpus, show_progress=False)
        return self

    def __len__(self) -> int:
        return len(self.chunks)

    def score_all(self, query: str) -> np.ndarray:
        """The BM25 score of every chunk for ``query`` (index order)."""
        if self._model is None:
            raise RetrievalError("The BM25 index is empty: add() chunks before searching.")
        tokens = [t for t in self.tokenize(query) if t in self._model.vocab_dict]
        if not tokens:
            return np.zeros(len(self.chunks), dtype=np.float32)
        return np.asarray(self._model.get_scores(tokens), dtype=np.float32)

    def _retrieve(self, query: str, k: int) -> list[Hit]:
        scores = self.score_all(query)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.lexsort((top, -scores[top]))]  # by score, ties by index order: deterministic
        return [Hit(self.chunks[i], float(scores[i]), self.name) for i in top if scores[i] > 0]

    def save(self, folder: str | Path) -> Path:
        """Write the chunks and settings as JSON (the index itself is rebuilt on load: BM25 indexing is fast)."""
        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        meta = {"k1": self.k1, "b": self.b, "method": self.method, "stem": self.stem,
                "chunks": [c.to_json() for c in self.chunks]}
        (out / "bm25.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        return out

    @classmethod
    def load(cls, folder: str | Path) -> BM25Index:
        src = Path(folder) / "bm25.json"
        if not src.is_file():
            raise RetrievalError(f"{src} not found; save() a BM25Index there first.")
        meta = json.loads(src.read_text(encoding="utf-8"))
        index = cls(meta["k1"], meta["b"], meta["method"], meta["stem"])
        return index.add([Chunk.from_json(c) for c in meta["chunks"]])
