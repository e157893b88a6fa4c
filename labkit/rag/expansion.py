"""Query expansion: ask for the same thing in several ways, or with the words the answers use.

What it teaches: a query is a few words; the relevant chunk may say it differently. Two fixes:

* Multi-query: retrieve with several variants of the query and fuse the lists (RRF). Variants come from a model
  ("write 3 search queries for ...") when a real one is available, and from cheap rewrites otherwise: the keywords
  alone, and each part of a compound question.
* Pseudo-relevance feedback (PRF, RM3-style): assume the top few hits are relevant, take the terms that are
  frequent in them but rare in the collection, and add them to the query. No model needed; it helps recall on
  vocabulary-mismatch queries and can drift on ambiguous ones (hence few feedback docs and few terms).

The one idea: the retriever only sees the words you give it; expansion chooses better words.

Left out: HyDE (embedding a model-written hypothetical answer): it needs a model that can write one.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from labkit.errors import InvalidInputError
from labkit.rag.documents import Hit
from labkit.rag.fusion import reciprocal_rank_fusion
from labkit.rag.retriever import Retriever
from labkit.rag.sparse import BM25Index, tokenize

_WORD = re.compile(r"[A-Za-z0-9][\w-]*")
_STOP = frozenset("a an the of to in on at for and or is are was were be do does did what which who how why when "
                  "where can could should would will i my me we our you your it its this that there please".split())


def keyword_query(query: str) -> str:
    """The query without question and function words.

    >>> keyword_query("How do I reset my router password?")
    'reset router password'
    """
    return " ".join(w for w in _WORD.findall(query) if w.lower() not in _STOP)


def rule_variants(query: str) -> list[str]:
    """Cheap rewrites: the query, its keywords, and each part of a compound question (deduplicated).

    >>> rule_variants("What is the refund window and does the warranty cover water damage?")
    ['What is the refund window and does the warranty cover water damage?', 'refund window warranty cover water damage', 'What is the refund window', 'does the warranty cover water damage?']
    """
    parts = [p.strip(" ,;") for p in re.split(r"\s*(?:\band\b|;|\?\s+)\s*(?=(?:what|how|which|who|when|where|why|does|do|is|are|can)\b)",
                                               query, flags=re.I)]
    out = [query, keyword_query(query), *[p for p in parts if p and p != query]]
    return [v for v in dict.fromkeys(out) if v.strip()]


def model_variants(query: str, model: Any, n: int = 3) -> list[str]:
    """Variants written by a chat model (one per line), plus the original; empty lines and echoes dropped."""
    reply = model.invoke(f"Write {n} different search queries that would find documents answering the question "
                         f"below. One query per line, no numbering.\n\nQuestion: {query}")
    text = reply.content if isinstance(reply.content, str) else str(reply.content)
    lines = [re.sub(r"^\s*(?:\d+[.)]|[-*])\s*", "", line).strip().strip('"') for line in text.splitlines()]
    return list(dict.fromkeys([query, *[line for line in lines if 3 <= len(line) <= 300]]))[: n + 1]


class MultiQueryRetriever(Retriever):
    """Retrieve for every variant of the query and fuse the lists with reciprocal rank fusion."""

    name = "multi-query"

    def __init__(self, retriever: Retriever, variants: Callable[[str], list[str]] = rule_variants, depth: int = 20):
        self.retriever, self.variants, self.depth = retriever, variants, depth

    def _retrieve(self, query: str, k: int) -> list[Hit]:
        lists = [self.retriever.retrieve(v, max(k, self.depth)) for v in self.variants(query)]
        chunks = {h.id: h.chunk for hits in lists for h in hits}
        fused = reciprocal_rank_fusion([[h.id for h in hits] for hits in lists])
        return [Hit(chunks[i], s, self.name) for i, s in fused[:k]]


def feedback_terms(query: str, hits: list[Hit], index: BM25Index, n_terms: int = 5) -> list[str]:
    """Terms frequent in the feedback hits and rare in the collection (tf share x idf), not already in the query."""
    if not hits:
        return []
    df = _document_frequencies(index)
    n_docs = max(1, len(index.chunks))
    query_terms = set(index.tokenize(query))
    weights: Counter[str] = Counter()
    for h in hits:
        tokens = index.tokenize(h.text)
        if not tokens:
            continue
        for term, tf in Counter(tokens).items():
            if term not in query_terms and not term.isdigit():
                weights[term] += (tf / len(tokens)) * math.log((n_docs + 1) / (df.get(term, 0) + 0.5))
    return [t for t, _ in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:n_terms]]


def _document_frequencies(index: BM25Index) -> dict[str, int]:
    cached = getattr(index, "_df_cache", None)
    if cached is None or cached[0] != len(index.chunks):
        df: Counter[str] = Counter()
        for c in index.chunks:
            df.update(set(index.tokenize(c.text)))
        cached = (len(index.chunks), dict(df))
        index._df_cache = cached
    return cached[1]


class PRFRetriever(Retriever):
    """BM25 with pseudo-relevance feedback: search, add ``n_terms`` feedback terms from the top ``feedback_docs``,
    search again with the original query counted ``query_weight`` times. ``last_expansion`` keeps the terms added for
    the latest query (for inspection)."""

    name = "bm25+prf"

    def __init__(self, index: BM25Index, feedback_docs: int = 3, n_terms: int = 5, query_weight: int = 2):
        if not isinstance(index, BM25Index):
            raise InvalidInputError("PRFRetriever needs a BM25Index (it reads the collection's term statistics).")
        if not isinstance(query_weight, int) or query_weight < 1:
            raise InvalidInputError("query_weight must be a positive integer (how many times the original query counts).")
        self.index, self.feedback_docs, self.n_terms, self.query_weight = index, feedback_docs, n_terms, query_weight
        self.last_expansion: list[str] = []

    def expand(self, query: str) -> str:
        terms = feedback_terms(query, self.index.retrieve(query, self.feedback_docs), self.index, self.n_terms)
        self.last_expansion = terms
        # BM25 sums over query tokens, so repeating the original query weights it against the feedback terms
        # (RM3's interpolation, in its simplest form): the expansion can add recall without taking over.
        return " ".join([*[query] * self.query_weight, *terms])

    def _retrieve(self, query: str, k: int) -> list[Hit]:
        return [Hit(h.chunk, h.score, self.name) for h in self.index.retrieve(self.expand(query), k)]


__all__ = ["MultiQueryRetriever", "PRFRetriever", "feedback_terms", "keyword_query", "model_variants",
           "rule_variants", "tokenize"]
