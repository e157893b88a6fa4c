import numpy as np
import pytest

from labkit.errors import InvalidInputError, RetrievalError
from labkit.rag import Chunk, DenseIndex
from labkit.rag.sharding import ReplicatedIndex, ShardedIndex, merge_top_k, shard_of


def random_chunks(n=300, dim=16, seed=0):
    rng = np.random.default_rng(seed)
    vectors = rng.normal(size=(n, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return [Chunk(f"c{i}", f"text {i}", f"d{i}") for i in range(n)], vectors


@pytest.mark.parametrize("n_shards", [1, 3, 7])
def test_sharded_top_k_equals_the_single_index_top_k(n_shards):
    chunks, vectors = random_chunks()
    single = DenseIndex(embeddings=object()).add(chunks, vectors)
    sharded = ShardedIndex(n_shards, embeddings=object()).add(chunks, vectors)
    assert len(sharded) == 300 and sum(sharded.sizes()) == 300 and min(sharded.sizes()) > 0
    queries = np.random.default_rng(1).normal(size=(25, 16)).astype(np.float32)
    for q in queries:
        for k in (1, 10, 50):
            want = [(h.id, round(h.score, 5)) for h in single.hits_for_vector(q, k)]
            got = [(h.id, round(h.score, 5)) for h in sharded.hits_for_vector(q, k)]
            assert got == want


def test_the_merge_matches_faiss_index_shards():
    import faiss

    _, vectors = random_chunks(120)
    reference = faiss.IndexShards(16, False, True)     # successive ids: shard s holds a contiguous block
    parts = [faiss.IndexFlatIP(16) for _ in range(4)]
    for part in parts:
        reference.add_shard(part)
    reference.add(vectors)
    query = np.random.default_rng(2).normal(size=(1, 16)).astype(np.float32)
    _, positions = reference.search(query, 8)
    offset, lists = 0, []
    for part in parts:                                   # each shard's own top 8, renamed to global ids
        scores, local = part.search(query, 8)
        lists.append([(f"c{offset + int(p)}", float(s)) for s, p in zip(scores[0], local[0]) if p >= 0])
        offset += part.ntotal
    assert [c for c, _ in merge_top_k(lists, 8)] == [f"c{p}" for p in positions[0]]


def test_each_shard_must_return_its_own_top_k():
    # All of the best hits live in shard 0: taking k / n from each shard loses them.
    shard0, shard1 = [("a", 0.9), ("b", 0.8), ("c", 0.7)], [("x", 0.1), ("y", 0.05)]
    assert merge_top_k([shard0, shard1], 3) == [("a", 0.9), ("b", 0.8), ("c", 0.7)]
    assert merge_top_k([shard0[:1], shard1[:2]], 3) != merge_top_k([shard0, shard1], 3)


def test_shard_assignment_is_stable_and_ids_stay_unique():
    assert shard_of("handbook#1", 5) == shard_of("handbook#1", 5)
    chunks, vectors = random_chunks(20)
    sharded = ShardedIndex(2, embeddings=object()).add(chunks, vectors)
    with pytest.raises(InvalidInputError, match="already in the index"):
        sharded.add(chunks[:1], vectors[:1])
    with pytest.raises(InvalidInputError, match="positive integer"):
        ShardedIndex(0)
    with pytest.raises(RetrievalError, match="empty"):
        ShardedIndex(2, embeddings=object()).hits_for_vector(vectors[0], 3)


def test_replicas_answer_like_one_copy_share_reads_and_skip_a_down_copy():
    chunks, vectors = random_chunks(200)
    index = DenseIndex(embeddings=object()).add(chunks, vectors)
    replicas = ReplicatedIndex(index, n_replicas=3)
    queries = np.random.default_rng(3).normal(size=(12, 16)).astype(np.float32)
    for q in queries:
        assert [h.id for h in replicas.hits_for_vector(q, 5)] == [h.id for h in index.hits_for_vector(q, 5)]
    assert replicas.served == [4, 4, 4]                       # round-robin
    replicas.mark_down(1)
    for q in queries[:4]:
        replicas.hits_for_vector(q, 5)
    assert replicas.served == [6, 4, 6]
    batch_scores, batch_positions = replicas.search_batch(queries, 5)
    one_scores, one_positions = index.search_vectors(queries, 5)
    assert np.array_equal(batch_positions, one_positions) and np.allclose(batch_scores, one_scores)
    for r in (0, 2):
        replicas.mark_down(r)
    with pytest.raises(RetrievalError, match="marked down"):
        replicas.hits_for_vector(queries[0], 5)
    with pytest.raises(InvalidInputError, match="already holds chunks"):
        ReplicatedIndex(DenseIndex(embeddings=object()))
