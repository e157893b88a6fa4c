"""Measuring retrieval and answers: ranking metrics against relevance judgements, and grounding checks.

Ranking metrics take a ranked list of ids and the relevant ids (``{id: grade}``; grade 1 for binary judgements):

* precision@k: the share of the top k that is relevant; recall@k: the share of the relevant found in the top k;
* hit rate@k: 1 if anything relevant is in the top k (averaged over queries: the share of queries "answered");
* reciprocal rank: 1 / rank of the first relevant hit (averaged: MRR);
* nDCG@k: discounted cumulative gain ``sum (2^grade - 1) / log2(rank + 1)``, divided by the best possible, so a
  relevant hit counts less the lower it sits. BEIR reports nDCG@10, so do we.

Answer checks (no judge model needed, so they run offline and in CI):

* :func:`groundedness`: the share of the answer's sentences supported by the context (token overlap, optionally
  embedding similarity): a low value flags claims the retrieved text does not back (faithfulness).
* :func:`context_relevance`: how much of the retrieved context is about the question.

The one idea: you cannot improve retrieval you do not measure; report nDCG@10 and recall@100 like the papers do.

Left out: LLM-as-judge faithfulness (see ``labkit.production`` guardrails and the critique skill) and answer
correctness against references.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from labkit.errors import InvalidInputError
from labkit.registry import Registry

Qrels = Mapping[str, Mapping[str, int]]
Run = Mapping[str, Sequence[str]]


def _check(ranked: Sequence[str], relevant: Mapping[str, int] | set[str], k: int | None) -> dict[str, int]:
    if isinstance(ranked, str):
        raise InvalidInputError("ranked must be a list of ids, not a single string.")
    if k is not None and (not isinstance(k, int) or k < 1):
        raise InvalidInputError(f"k must be a positive integer, got {k!r}.")
    if isinstance(relevant, Mapping):
        return {d: int(g) for d, g in relevant.items() if int(g) > 0}
    return {d: 1 for d in relevant}


def precision_at_k(ranked: Sequence[str], relevant: Mapping[str, int] | set[str], k: int) -> float:
    """The share of the top ``k`` that is relevant.

    >>> precision_at_k(["a", "x", "b", "y"], {"a", "b", "c"}, 2)
    0.5
    """
    rel = _check(ranked, relevant, k)
    return sum(1 for d in ranked[:k] if d in rel) / k


def recall_at_k(ranked: Sequence[str], relevant: Mapping[str, int] | set[str], k: int) -> float:
    """The share of the relevant ids found in the top ``k``.

    >>> recall_at_k(["a", "x", "b", "y"], {"a", "b", "c"}, 4)
    0.6666666666666666
    """
    rel = _check(ranked, relevant, k)
    if not rel:
        return 0.0
    return len(set(ranked[:k]) & set(rel)) / len(rel)


def hit_rate(ranked: Sequence[str], relevant: Mapping[str, int] | set[str], k: int) -> float:
    """1.0 when anything relevant is in the top ``k``, else 0.0.

    >>> hit_rate(["x", "y", "a"], {"a"}, 2), hit_rate(["x", "y", "a"], {"a"}, 3)
    (0.0, 1.0)
    """
    rel = _check(ranked, relevant, k)
    return 1.0 if any(d in rel for d in ranked[:k]) else 0.0


def reciprocal_rank(ranked: Sequence[str], relevant: Mapping[str, int] | set[str], k: int | None = None) -> float:
    """1 / rank of the first relevant id (0.0 when none is found within ``k``).

    >>> reciprocal_rank(["x", "a", "b"], {"a", "b"})
    0.5
    """
    rel = _check(ranked, relevant, k)
    for rank, d in enumerate(ranked[:k] if k else ranked, start=1):
        if d in rel:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(ranked: Sequence[str], relevant: Mapping[str, int] | set[str], k: int) -> float:
    """nDCG with exponential gain ``2^grade - 1`` (the trec_eval / BEIR convention; equal to linear for binary).

    >>> round(ndcg_at_k(["x", "a"], {"a": 1}, 10), 4)   # 1/log2(3) over the ideal 1/log2(2)
    0.6309
    """
    rel = _check(ranked, relevant, k)
    seen: set[str] = set()
    dcg = 0.0
    for rank, d in enumerate(ranked[:k], start=1):
        if d in rel and d not in seen:
            dcg += (2 ** rel[d] - 1) / math.log2(rank + 1)
        seen.add(d)
    ideal = sorted(rel.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(r + 1) for r, g in enumerate(ideal, start=1))
    return dcg / idcg if idcg > 0 else 0.0


METRICS: Registry[Callable[..., float]] = Registry("metric")
for _name, _metric in (("ndcg", ndcg_at_k), ("recall", recall_at_k), ("precision", precision_at_k),
                       ("hit_rate", hit_rate), ("mrr", reciprocal_rank)):
    METRICS.register(_name, _metric)


def evaluate_run(run: Run, qrels: Qrels, metrics: Sequence[str] = ("ndcg@10", "recall@100", "mrr@10")) -> dict[str, float]:
    """Mean of each metric over the queries that have judgements (queries missing from ``run`` score 0).

    >>> evaluate_run({"q1": ["a", "b"], "q2": ["c"]}, {"q1": {"b": 1}, "q2": {"c": 1}}, ["mrr@10", "recall@1"])
    {'mrr@10': 0.75, 'recall@1': 0.5}
    """
    judged = [q for q, rel in qrels.items() if any(int(g) > 0 for g in rel.values())]
    if not judged:
        raise InvalidInputError("The qrels hold no relevant documents; nothing to evaluate.")
    out: dict[str, float] = {}
    for spec in metrics:
        name, _, kk = spec.partition("@")
        fn = METRICS.get(name)
        k = int(kk) if kk else None
        if k is None and name != "mrr":
            raise InvalidInputError(f"{name} needs a cut-off: write '{name}@10'.")
        values = [fn(list(run.get(q, [])), qrels[q], k) for q in judged]
        out[spec] = float(np.mean(values))
    return out


# --- answer checks -------------------------------------------------------------------------------------------

_SENT = re.compile(r"(?<=[.!?])\s+")
_CITATION = re.compile(r"\[[^\]]{1,70}\]")


def _content(text: str) -> set[str]:
    """Stemmed content words (the BM25 tokenizer: stop words out, Snowball stems when PyStemmer is installed)."""
    from labkit.rag.sparse import tokenize

    return set(tokenize(text))


def _stem(w: str) -> str:
    return w


def support(sentence: str, context: str) -> float:
    """The share of the sentence's content words found in the context (stemmed, stop words ignored).

    >>> support("Cats sleep sixteen hours.", "A cat sleeps about sixteen hours a day.")
    1.0
    """
    words = {_stem(w) for w in _content(_CITATION.sub("", sentence))}
    if not words:
        return 1.0
    ctx = {_stem(w) for w in _content(context)}
    return len(words & ctx) / len(words)


def groundedness(answer: str, context: str | Sequence[str], threshold: float = 0.7,
                 embeddings: Any = None, semantic_threshold: float = 0.75) -> float:
    """The share of the answer's sentences that the context supports (1.0 = every claim is backed).

    A sentence is supported when at least ``threshold`` of its content words occur in the context, or, with
    ``embeddings``, when it is semantically close (cosine >= ``semantic_threshold``) to one context sentence.

    >>> groundedness("Paris is in France. It has 90 million people.", "Paris is the capital of France.")
    0.5
    """
    if isinstance(context, (list, tuple)):
        context = "\n".join(context)
    sentences = [s for s in _SENT.split(answer.strip()) if _content(_CITATION.sub("", s))]
    if not sentences:
        return 0.0
    flags = [support(s, context) >= threshold for s in sentences]
    if embeddings is not None and not all(flags):
        ctx_sents = [s for s in _SENT.split(context) if s.strip()]
        if ctx_sents:
            vec = np.asarray(embeddings.embed_documents([*sentences, *ctx_sents]), dtype=np.float32)
            vec /= np.maximum(np.linalg.norm(vec, axis=1, keepdims=True), 1e-12)
            sims = vec[: len(sentences)] @ vec[len(sentences):].T
            flags = [f or float(sims[i].max()) >= semantic_threshold for i, f in enumerate(flags)]
    return sum(flags) / len(flags)


def context_relevance(question: str, contexts: Sequence[str], embeddings: Any = None,
                      threshold: float = 0.35) -> float:
    """The share of retrieved contexts relevant to the question (embedding cosine >= ``threshold``, or, without
    embeddings, sharing at least half of the question's content words).

    >>> context_relevance("refund window days", ["Refunds are accepted within 30 days.", "Our office is in Oslo."])
    0.5
    """
    if not contexts:
        return 0.0
    if embeddings is None:
        q = {_stem(w) for w in _content(question)}
        if not q:
            return 0.0
        return sum(len(q & {_stem(w) for w in _content(c)}) / len(q) >= 0.5 for c in contexts) / len(contexts)
    vec = np.asarray(embeddings.embed_documents([question, *contexts]), dtype=np.float32)
    vec /= np.maximum(np.linalg.norm(vec, axis=1, keepdims=True), 1e-12)
    sims = vec[1:] @ vec[0]
    return float(np.mean(sims >= threshold))


# --- comparing retrievers on a labelled set ----------------------------------------------------------------------


def compare_retrievers(retrievers: Mapping[str, Any], questions: Mapping[str, set[str]], k: int = 3) -> list[dict[str, Any]]:
    """One row per retriever: recall@k, MRR@k, nDCG@k and hit rate@k over labelled ``{question: relevant ids}``."""
    rows = []
    for name, retriever in retrievers.items():
        run = {q: [h.id for h in retriever.retrieve(q, k)] for q in questions}
        qrels = {q: {d: 1 for d in rel} for q, rel in questions.items()}
        scores = evaluate_run(run, qrels, [f"recall@{k}", f"mrr@{k}", f"ndcg@{k}", f"hit_rate@{k}"])
        rows.append({"retriever": name, **{m: round(v, 3) for m, v in scores.items()}})
    return rows


def answer_hit_rate(retriever: Any, answers: Mapping[str, str], k: int = 3) -> float:
    """The share of questions whose answer phrase appears (case-insensitive) in one of the top ``k`` chunks.

    Unlike id-based metrics this works across chunkings, so it can compare chunk sizes.
    """
    if not answers:
        raise InvalidInputError("answers is empty: give {question: answer phrase}.")
    found = 0
    for question, phrase in answers.items():
        found += any(phrase.lower() in h.text.lower() for h in retriever.retrieve(question, k))
    return found / len(answers)
