"""Sentence embeddings, offline: the bundled all-MiniLM-L6-v2 as a LangChain ``Embeddings``, with an on-disk cache.

The one idea: an embedding turns text into a vector whose direction carries meaning, so cosine similarity between
vectors ranks texts by how alike they are. Computing them is the slow part, so unchanged text is never embedded twice.

>>> from labkit.embed import get_embeddings          # doctest: +SKIP
>>> emb = get_embeddings()                           # doctest: +SKIP
>>> len(emb.embed_query("a cat sat on the mat"))     # doctest: +SKIP
384
"""

from __future__ import annotations

from labkit.lazy import lazy_face

__all__, __getattr__ = lazy_face(__name__, {
    "model": ("MODEL_NAME", "MiniLMEmbeddings", "bundled_model_path", "cosine_similarity", "get_embeddings"),
    "cache": ("EmbeddingCache", "text_hash"),
})
