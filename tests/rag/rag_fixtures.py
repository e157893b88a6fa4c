"""Shared fixtures for the rag tests: one embeddings instance and a small corpus with known answers.

Not a conftest.py: other test folders import their conftest by name (``from conftest import ...``), and a second
module called ``conftest`` would shadow theirs. Test modules here do ``from rag_fixtures import *`` instead.
"""

import pytest

__all__ = ["CORPUS", "QUERIES", "bm25_index", "corpus_chunks", "dense_index", "embeddings", "queries"]

CORPUS = {
    "faiss": "FAISS is a library from Meta for efficient similarity search over dense vectors. It offers flat, "
             "IVF and HNSW indexes.",
    "bm25": "BM25 is a ranking function that scores documents by term frequency and inverse document frequency. "
            "It is the classic sparse keyword baseline.",
    "hnsw": "HNSW builds a hierarchical navigable small-world graph. The efSearch parameter controls how many "
            "candidates a query explores.",
    "rrf": "Reciprocal rank fusion combines ranked lists by summing one over sixty plus the rank of each document.",
    "chunking": "Chunk overlap keeps a sentence that straddles a boundary intact in at least one chunk.",
    "refund": "Customers may return hardware within 30 days of delivery for a full refund of the purchase price.",
    "warranty": "The warranty covers manufacturing defects for two years; accidental damage is not covered.",
    "shipping": "Orders over 50 euros ship free within the EU; delivery takes three to five business days.",
    "sku": "Part number XK-4471 is the replacement battery for the Model 3 scanner.",
    "oslo": "The support office is located in Oslo and is open from nine to five on weekdays.",
}

# query -> relevant ids: lexical (codes, rare words) and paraphrased (semantic) questions
QUERIES = {
    "Which library does efficient vector similarity search?": {"faiss"},
    "How long do I have to send back a device and get my money back?": {"refund"},
    "What is XK-4471?": {"sku"},
    "Is damage from dropping the product covered?": {"warranty"},
    "How does reciprocal rank fusion combine lists?": {"rrf"},
    "What parameter controls candidates explored in HNSW?": {"hnsw"},
    "How many days until my parcel arrives?": {"shipping"},
    "Where can I find the support team?": {"oslo"},
}


@pytest.fixture(scope="session")
def embeddings():
    from labkit.embed import MiniLMEmbeddings

    return MiniLMEmbeddings()  # the test-wide LABKIT_HOME cache: repeated texts are embedded once


@pytest.fixture(scope="session")
def corpus_chunks():
    from labkit.rag import Chunk

    return [Chunk(i, t, i, 0, len(t)) for i, t in CORPUS.items()]


@pytest.fixture(scope="session")
def dense_index(embeddings, corpus_chunks):
    from labkit.rag import DenseIndex

    return DenseIndex(embeddings).add(corpus_chunks)


@pytest.fixture(scope="session")
def bm25_index(corpus_chunks):
    from labkit.rag import BM25Index

    return BM25Index().add(corpus_chunks)


@pytest.fixture(scope="session")
def queries():
    return QUERIES
