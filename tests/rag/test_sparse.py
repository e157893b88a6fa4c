import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from labkit.errors import InvalidInputError, RetrievalError
from labkit.rag import BM25Index
from labkit.rag.sparse import tokenize
from rag_fixtures import *  # noqa: F401,F403  (shared session fixtures)


def test_scores_match_rank_bm25(corpus_chunks):
    """bm25s 'robertson' is the Okapi BM25 of rank_bm25 up to the constant factor (k1 + 1), which bm25s leaves out
    of the term-frequency part (it does not change any ranking): same tokens in, proportional scores out.

    rank_bm25 floors negative IDF (terms in more than half the documents) at epsilon * mean IDF and bm25s clips it at
    0, so the comparison uses queries whose terms are rarer than that.
    """
    index = BM25Index(k1=1.5, b=0.75, method="robertson").add(corpus_chunks)
    reference = BM25Okapi([index.tokenize(c.text) for c in corpus_chunks], k1=1.5, b=0.75)
    for query in ["similarity search vectors", "refund purchase price", "graph candidates query explores",
                  "XK-4471 battery scanner"]:
        tokens = index.tokenize(query)
        ours, theirs = index.score_all(query), reference.get_scores(tokens)
        np.testing.assert_allclose(ours * (1.5 + 1), theirs, rtol=1e-4, atol=1e-5)
        assert theirs.max() > 0 and list(np.argsort(-ours, kind="stable")) == list(np.argsort(-theirs, kind="stable"))


def test_known_answers(bm25_index):
    assert bm25_index.retrieve("XK-4471", 1)[0].id == "sku"
    assert bm25_index.retrieve("reciprocal rank fusion", 1)[0].id == "rrf"
    assert bm25_index.retrieve("zebra unicorn", 3) == []


def test_stemming_matches_inflections():
    assert tokenize("Running cells") == tokenize("run cell")


def test_save_load_round_trip(bm25_index, tmp_path):
    loaded = BM25Index.load(bm25_index.save(tmp_path / "bm25"))
    assert [h.id for h in loaded.retrieve("warranty defects", 3)] == [h.id for h in bm25_index.retrieve("warranty defects", 3)]


def test_errors():
    with pytest.raises(RetrievalError, match="empty"):
        BM25Index().retrieve("x")
    with pytest.raises(InvalidInputError):
        BM25Index(b=2)
    idx = BM25Index().add(["a text"])
    with pytest.raises(InvalidInputError, match="already in the index"):
        idx.add(["other"])
    with pytest.raises(InvalidInputError, match="k must be"):
        idx.retrieve("text", 0)
