import numpy as np
import pytest

from labkit.errors import InvalidInputError, RetrievalError
from labkit.rag import DenseIndex
from rag_fixtures import *  # noqa: F401,F403  (shared session fixtures)


def test_flat_matches_numpy_exact_search():
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(300, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = DenseIndex(embeddings=object(), kind="flat").add([f"t{i}" for i in range(300)], vectors=vectors)
    queries = vectors[:5] + 0.1 * rng.normal(size=(5, 16)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    _, positions = index.search_vectors(queries, 10)
    expected = np.argsort(-(queries @ vectors.T), axis=1)[:, :10]
    assert (positions == expected).all()


@pytest.mark.parametrize("kind, options", [("hnsw", {"ef_search": 64}), ("ivf", {"nlist": 8, "nprobe": 8}),
                                           ("sq8", {})])
def test_approximate_indexes_agree_with_flat_on_small_data(kind, options):
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(2000, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    ids = [str(i) for i in range(2000)]
    flat = DenseIndex(object(), "flat").add(ids, vectors=vectors)
    approx = DenseIndex(object(), kind, **options).add(ids, vectors=vectors)
    queries = vectors[:50]
    _, exact = flat.search_vectors(queries, 10)
    _, found = approx.search_vectors(queries, 10)
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(exact, found)])
    assert recall >= 0.9


def test_known_answers_on_fixture_corpus(dense_index, queries):
    top1 = {q: dense_index.retrieve(q, 1)[0].id for q in queries}
    correct = sum(top1[q] in rel for q, rel in queries.items())
    assert correct >= len(queries) - 2, top1
    assert dense_index.retrieve("How long do I have to send back a device and get my money back?", 1)[0].id == "refund"


def test_save_load_without_pickle(dense_index, embeddings, tmp_path):
    folder = dense_index.save(tmp_path / "idx")
    assert sorted(p.name for p in folder.iterdir()) == ["chunks.json", "index.faiss"]
    loaded = DenseIndex.load(folder, embeddings)
    q = "Which library does efficient vector similarity search?"
    assert [(h.id, round(h.score, 5)) for h in loaded.retrieve(q, 3)] == \
        [(h.id, round(h.score, 5)) for h in dense_index.retrieve(q, 3)]
    (folder / "chunks.json").write_text('{"format": 1, "kind": "flat", "settings": {}, "chunks": []}')
    with pytest.raises(RetrievalError, match="do not belong together"):
        DenseIndex.load(folder, embeddings)
    with pytest.raises(RetrievalError, match="does not hold"):
        DenseIndex.load(tmp_path / "nothing")


def test_errors(embeddings):
    with pytest.raises(InvalidInputError, match="Unknown index kind"):
        DenseIndex(kind="annoy")
    with pytest.raises(RetrievalError, match="empty"):
        DenseIndex(embeddings).retrieve("x")
    with pytest.raises(InvalidInputError, match="vectors for"):
        DenseIndex(object()).add(["a", "b"], vectors=np.zeros((1, 4), dtype=np.float32))
