"""Agentic RAG: retrieval that checks its own work and tries again differently.

What it teaches: a plain RAG pipeline retrieves once and answers whatever it got. Two well-known loops do better:

* Corrective RAG (CRAG): *grade* each retrieved chunk for relevance before answering. Keep the relevant ones; if
  none is relevant, *rewrite* the query (keywords, feedback terms) and retrieve again; if that still fails, fall back
  to another source (a second index, a web-search tool) or say honestly that nothing relevant was found.
* Self-reflective RAG (Self-RAG style): answer, then *critique* the answer (did it answer at all? is every sentence
  supported by the context? are the citations real?), and when the critique fails, *refine* the query and go
  round again, up to ``max_rounds``.

Grading and critique here are measurable checks (embedding relevance, :func:`~labkit.rag.evaluation.groundedness`,
citation validity), so the loops run offline and deterministically; a real model can replace any of them.
Every decision is recorded in ``trace`` so a learner sees why the loop did what it did.

The one idea: make retrieval a loop with an explicit, logged stopping rule, not a single shot.

Left out: training-time reflection tokens (Self-RAG proper); the loop uses external checks instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from labkit.errors import InvalidInputError
from labkit.rag.documents import Hit
from labkit.rag.evaluation import groundedness
from labkit.rag.expansion import keyword_query
from labkit.rag.pipeline import RAGAnswer, RAGPipeline
from labkit.rag.retriever import Retriever


@dataclass(frozen=True)
class Grade:
    """A relevance judgement of one hit."""

    id: str
    score: float
    relevant: bool


class RelevanceGrader:
    """Grades hits by embedding similarity to the question (``threshold`` on cosine)."""

    def __init__(self, embeddings: Any = None, threshold: float = 0.4):
        self._embeddings, self.threshold = embeddings, threshold

    def grade(self, question: str, hits: Sequence[Hit]) -> list[Grade]:
        if not hits:
            return []
        if self._embeddings is None:
            from labkit.embed import get_embeddings

            self._embeddings = get_embeddings()
        vectors = np.asarray(self._embeddings.embed_documents([question, *[h.text for h in hits]]), dtype=np.float32)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        sims = vectors[1:] @ vectors[0]
        return [Grade(h.id, round(float(s), 4), bool(s >= self.threshold)) for h, s in zip(hits, sims)]


@dataclass
class AgenticResult:
    """The final answer and the trace of every step the loop took."""

    question: str
    answer: RAGAnswer | None
    trace: list[str] = field(default_factory=list)
    rounds: int = 0

    @property
    def text(self) -> str:
        return self.answer.answer if self.answer else ""


class CorrectiveRAG:
    """Retrieve -> grade -> (rewrite and retry) -> (fallback) -> answer from relevant chunks only.

    ``fallback``: another :class:`Retriever`, or a function ``question -> list[Hit]`` (e.g. a web-search tool).
    """

    NOTHING_FOUND = "No relevant information was found for this question in the knowledge base or the fallback."

    def __init__(self, retriever: Retriever, model: Any = None, *, grader: RelevanceGrader | None = None,
                 fallback: Retriever | Callable[[str], list[Hit]] | None = None, k: int = 4,
                 rewrite: Callable[[str], str] = keyword_query):
        self.retriever, self.k, self.rewrite = retriever, k, rewrite
        self.grader = grader or RelevanceGrader()
        self.fallback = fallback
        self.pipeline = RAGPipeline(retriever, model, k)

    def _relevant(self, question: str, hits: list[Hit], trace: list[str], label: str) -> list[Hit]:
        grades = self.grader.grade(question, hits)
        keep = {g.id for g in grades if g.relevant}
        trace.append(f"{label}: {len(hits)} hits, {len(keep)} relevant "
                     f"({', '.join(f'{g.id}={g.score:.2f}' for g in grades) or 'none'})")
        return [h for h in hits if h.id in keep]

    def run(self, question: str) -> AgenticResult:
        trace: list[str] = []
        relevant = self._relevant(question, self.retriever.retrieve(question, self.k), trace, "retrieve")
        if not relevant:
            rewritten = self.rewrite(question)
            if rewritten and rewritten != question:
                trace.append(f"rewrite: {rewritten!r}")
                relevant = self._relevant(question, self.retriever.retrieve(rewritten, self.k), trace, "retry")
        if not relevant and self.fallback is not None:
            hits = self.fallback.retrieve(question, self.k) if isinstance(self.fallback, Retriever) \
                else list(self.fallback(question))
            relevant = self._relevant(question, hits, trace, "fallback")
        if not relevant:
            trace.append("give up: nothing relevant")
            return AgenticResult(question, RAGAnswer(question, self.NOTHING_FOUND, [], [], [], answered=False), trace, 1)
        answer = self.pipeline.answer_from_hits(question, relevant)
        trace.append(f"answer from {', '.join(h.id for h in relevant)}")
        return AgenticResult(question, answer, trace, 1)


@dataclass(frozen=True)
class Critique:
    """Why an answer passes or fails: answered at all, grounded enough, citations real."""

    answered: bool
    groundedness: float
    bad_citations: tuple[str, ...]
    passed: bool

    def reasons(self) -> str:
        if self.passed:
            return "ok"
        out = []
        if not self.answered:
            out.append("no answer in the context")
        if self.answered and self.groundedness < 1:
            out.append(f"groundedness {self.groundedness:.2f}")
        if self.bad_citations:
            out.append(f"unknown citations {list(self.bad_citations)}")
        return "; ".join(out)


def critique(answer: RAGAnswer, min_groundedness: float = 0.75) -> Critique:
    """Check an answer against its own context."""
    g = groundedness(answer.answer, [h.text for h in answer.hits]) if answer.answered else 0.0
    passed = answer.answered and g >= min_groundedness and not answer.unknown_citations
    return Critique(answer.answered, round(g, 4), tuple(answer.unknown_citations), passed)


class SelfReflectiveRAG:
    """Answer, critique, refine the query, repeat (at most ``max_rounds``); returns the first answer that passes,
    or the last one with the trace saying why it did not.

    ``refiners`` produce the next query from the question and the failed answer; the defaults try the keywords,
    then the question plus pseudo-relevance feedback terms from what was retrieved.
    """

    def __init__(self, retriever: Retriever, model: Any = None, *, max_rounds: int = 3, k: int = 4,
                 min_groundedness: float = 0.75,
                 refiners: Sequence[Callable[[str, RAGAnswer], str]] | None = None):
        if max_rounds < 1:
            raise InvalidInputError("max_rounds must be at least 1.")
        self.pipeline = RAGPipeline(retriever, model, k)
        self.retriever, self.max_rounds, self.k, self.min_groundedness = retriever, max_rounds, k, min_groundedness
        self.refiners = list(refiners) if refiners is not None else [
            lambda q, a: keyword_query(q),
            lambda q, a: q + " " + " ".join(_feedback_words(q, a.hits)),
        ]

    def run(self, question: str) -> AgenticResult:
        trace: list[str] = []
        query = question
        answer = None
        for round_no in range(1, self.max_rounds + 1):
            hits = self.retriever.retrieve(query, self.k)
            answer = self.pipeline.answer_from_hits(question, hits)
            verdict = critique(answer, self.min_groundedness)
            trace.append(f"round {round_no}: query={query!r} -> {verdict.reasons()}")
            if verdict.passed:
                return AgenticResult(question, answer, trace, round_no)
            if round_no - 1 < len(self.refiners) and round_no < self.max_rounds:
                query = self.refiners[round_no - 1](question, answer)
            elif round_no < self.max_rounds:
                trace.append("no refinement left")
                break
        return AgenticResult(question, answer, trace, len([t for t in trace if t.startswith("round")]))


def _feedback_words(question: str, hits: Sequence[Hit], n: int = 4) -> list[str]:
    """Frequent content words of the hits that the question lacks (a model-free query refinement)."""
    from collections import Counter

    from labkit.rag.sparse import tokenize

    have = set(tokenize(question, stem=False))
    counts: Counter[str] = Counter()
    for h in hits:
        counts.update(w for w in tokenize(h.text, stem=False) if w not in have and not w.isdigit())
    return [w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]
