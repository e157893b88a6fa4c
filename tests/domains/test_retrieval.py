"""Dense domain retrieval: pre-filtering, k, score floor, recency; a bag-of-words embedder keeps most tests fast."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from labkit.domains.corpus import DomainDocument, load_corpus
from labkit.domains.filters import JurisdictionFilter
from labkit.domains.retrieval import EmbeddingRetriever, Hit
from labkit.errors import InvalidInputError


class BagOfWords:
    """Deterministic stand-in for an embedder: hashed word counts, unit length."""

    def encode(self, texts):
        out = np.zeros((len(texts), 64), dtype="float32")
        for i, t in enumerate(texts):
            for w in t.lower().replace(".", " ").split():
                out[i, int(hashlib.md5(w.encode()).hexdigest(), 16) % 64] += 1
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


DOCS = [
    DomainDocument("ca", "Non-compete", "non-compete agreements void california", {"jurisdiction": "US-CA", "year": 2020}),
    DomainDocument("ny", "Non-compete", "non-compete agreements reasonable new york", {"jurisdiction": "US-NY", "year": 2015}),
    DomainDocument("fed", "Copyright", "fair use factors copyright", {"jurisdiction": "US", "year": 1976}),
    DomainDocument("old", "Non-compete", "non-compete agreements history", {"jurisdiction": "US-CA", "year": 1950}),
]


def test_filter_is_applied_before_ranking():
    r = EmbeddingRetriever(DOCS, embeddings=BagOfWords())
    unfiltered = r.retrieve("non-compete agreements new york", k=2)
    assert unfiltered[0].document.id == "ny"
    filtered = r.retrieve("non-compete agreements new york", k=2, where=JurisdictionFilter("US-CA"))
    assert sorted(h.document.id for h in filtered) == ["ca", "old"]  # still k results, all admissible
    assert all(isinstance(h, Hit) for h in filtered)


def test_min_score_and_k():
    r = EmbeddingRetriever(DOCS, embeddings=BagOfWords())
    assert len(r.retrieve("non-compete", k=10)) == 4
    assert [h.document.id for h in r.retrieve("fair use copyright", k=10, min_score=0.5)] == ["fed"]


def test_recency_weight_breaks_near_ties_toward_newer_documents():
    same = [DomainDocument("new", "T", "alpha beta", {"year": 2020}), DomainDocument("old", "T", "alpha beta", {"year": 1990})]
    plain = EmbeddingRetriever(same, embeddings=BagOfWords()).retrieve("alpha beta", k=2)
    weighted = EmbeddingRetriever(same, embeddings=BagOfWords(), recency_weight=0.1).retrieve("alpha beta", k=2)
    assert weighted[0].document.id == "new" and weighted[0].score == pytest.approx(plain[0].score + 0.1, abs=1e-5)


def test_real_embeddings_rank_the_right_legal_document():
    r = EmbeddingRetriever(list(load_corpus("legal").documents))
    hits = r.retrieve("Are employee non-compete agreements enforceable?", k=3, where=JurisdictionFilter("US-NY"))
    assert hits[0].document.id == "legal-ny-noncompete"
    assert all(h.document.metadata["jurisdiction"] in ("US-NY", "US-2CIR", "US") for h in hits)


@pytest.mark.parametrize(
    "call",
    [
        lambda: EmbeddingRetriever([]),
        lambda: EmbeddingRetriever(["text"]),
        lambda: EmbeddingRetriever(DOCS, recency_weight=2),
        lambda: EmbeddingRetriever(DOCS, embeddings=BagOfWords()).retrieve("", k=1),
        lambda: EmbeddingRetriever(DOCS, embeddings=BagOfWords()).retrieve("q", k=0),
        lambda: EmbeddingRetriever(DOCS, embeddings=BagOfWords()).retrieve("q", min_score="high"),
        lambda: EmbeddingRetriever(DOCS, embeddings=BagOfWords()).retrieve("q", where="US-CA"),
    ],
)
def test_bad_inputs(call):
    with pytest.raises(InvalidInputError):
        call()


def test_rag_adapter_over_a_labkit_rag_index_gives_the_same_filtered_sources():
    from labkit.rag.dense import DenseIndex
    from labkit.rag.documents import Document

    from labkit.domains.retrieval import RagRetriever

    docs = list(load_corpus("legal").documents)
    index = DenseIndex().add([Document(d.id, f"{d.title}. {d.text}", {**d.metadata, "title": d.title}) for d in docs])
    adapter = RagRetriever(index, depth=len(docs), documents=docs)
    ours = EmbeddingRetriever(docs)
    for q in load_corpus("legal").questions:
        where = JurisdictionFilter(q.filters["jurisdiction"]) if "jurisdiction" in q.filters else None
        got = [h.document.id for h in adapter.retrieve(q.question, k=3, where=where)]
        assert got == [h.document.id for h in ours.retrieve(q.question, k=3, where=where)]
    hit = adapter.retrieve("non-compete", k=1)[0]
    assert hit.document.title and "jurisdiction" in hit.document.metadata


def test_rag_adapter_bad_inputs():
    from labkit.domains.retrieval import RagRetriever

    with pytest.raises(InvalidInputError):
        RagRetriever(object())
    with pytest.raises(InvalidInputError):
        RagRetriever(EmbeddingRetriever(DOCS, embeddings=BagOfWords()), depth=0)


def test_a_domain_retriever_is_a_rag_retriever_and_its_hits_rag_hits():
    from labkit.rag.documents import Hit as RagHit
    from labkit.rag.fusion import HybridRetriever
    from labkit.rag.retriever import Retriever

    r = EmbeddingRetriever(DOCS, embeddings=BagOfWords())
    assert isinstance(r, Retriever)
    hit = r.retrieve("fair use copyright", k=1)[0]
    assert isinstance(hit, RagHit) and hit.id == "fed" and hit.text == hit.document.text
    assert hit.chunk.metadata["title"] == "Copyright"
    fused = HybridRetriever([r, EmbeddingRetriever(DOCS, embeddings=BagOfWords())]).retrieve("fair use copyright", 1)
    assert [h.id for h in fused] == ["fed"]
    assert hit == Hit(DOCS[2], hit.score) and repr(hit).startswith("Hit(document=DomainDocument(")
