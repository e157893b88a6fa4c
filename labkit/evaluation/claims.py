"""RAG faithfulness, claim by claim, and answer relevance: is every statement backed by what was retrieved?

An answer is *faithful* when every claim it makes is supported by the retrieved context, whether or not it is
correct; it is *relevant* when it addresses the question. The two fail separately: "The bridge is 1,240 metres long"
is faithful to a context about the bridge and irrelevant to "which side is the cycle lane on"; "Kestrel runs in any
browser" may be relevant and is unsupported.

:func:`faithfulness` splits the answer into claims (:func:`split_claims`: sentences, then clauses joined by "; ",
", and", ", but") and checks each (:func:`check_claim`):

1. every number the claim states must appear in the context (an embedding model finds "within 60 days" and
   "within 30 days" nearly identical, so numbers are checked exactly);
2. most of its content words must occur in the context (:func:`labkit.rag.evaluation.support`, stemmed), or, given
   embeddings, the claim must be close in meaning to one context sentence.

The score is the share of supported claims, with the unsupported ones named, which is what you fix. An answer that
declines ("the context does not say", :func:`labkit.llm.refusal.is_refusal`) makes no claim: it is faithful, and
:func:`answer_relevance` gives it 0.

What these checks cannot see: words that are all present in the wrong relation ("It has 340 teachers" against
"340 pupils and 28 teachers" passes both tests), negation, and claims that need two sentences combined. An
entailment model or a calibrated judge (:mod:`.judge`) is the next step; lesson 13 measures where these rules fail.

Left out: RAGAS-style answer relevance (generate questions from the answer and compare them with the question),
which needs a generating model; here relevance is the embedding cosine of question and answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from labkit.evaluation.metrics import numbers_in
from labkit.llm.refusal import is_refusal  # one refusal detector for the library (also labkit.evaluation's)
from labkit.rag.evaluation import support

_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_CLAUSE = re.compile(r";\s+|,\s+(?:and|but)\s+")
_CITATION = re.compile(r"\[[^\]]{1,70}\]")


def split_claims(answer: str) -> list[str]:
    """The answer's claims: sentences, split again at "; ", ", and", ", but" (citations removed).

    >>> split_claims("Customers have 30 days, and sale items can be refunded too. Ask in store [doc1].")
    ['Customers have 30 days', 'sale items can be refunded too.', 'Ask in store.']
    """
    text = _CITATION.sub("", answer)
    text = re.sub(r"\s+([.,;!?])", r"\1", text)
    claims = []
    for sentence in _SENTENCE.split(text.strip()):
        claims.extend(c.strip() for c in _CLAUSE.split(sentence) if c.strip(" .,;"))
    return claims


def _number_in(value: float, context_numbers: Sequence[float]) -> bool:
    return any(abs(value - c) <= 1e-9 * max(1.0, abs(c)) for c in context_numbers)


@dataclass(frozen=True)
class ClaimCheck:
    """One claim and why it is (not) supported: word ``overlap`` (0-1), numbers absent from the context, and the
    best embedding ``similarity`` to a context sentence (``None`` when no embeddings were given)."""

    claim: str
    supported: bool
    overlap: float
    missing_numbers: tuple[float, ...] = ()
    similarity: float | None = None

    @property
    def reason(self) -> str:
        if self.missing_numbers:
            return "states " + ", ".join(f"{n:g}" for n in self.missing_numbers) + ", which the context does not"
        if self.supported:
            return "supported"
        return f"only {self.overlap:.0%} of its words are in the context"


def check_claim(claim: str, context: str, *, threshold: float = 0.6, embeddings: Any = None,
                semantic_threshold: float = 0.8) -> ClaimCheck:
    """Check one claim against the context (see the module docstring for the two rules).

    >>> check_claim("Refunds are accepted within 60 days.", "Refunds are accepted within 30 days.").reason
    'states 60, which the context does not'
    >>> check_claim("The west wing holds ceramics.", "The west wing holds ceramics; the east wing maps.").supported
    True
    """
    context_numbers = numbers_in(context)
    missing = tuple(n for n in numbers_in(claim) if not _number_in(n, context_numbers))
    overlap = round(support(claim, context), 4)
    similarity = None
    if embeddings is not None:
        from labkit.embed import cosine_similarity

        sentences = [s for s in _SENTENCE.split(context) if s.strip()] or [context]
        vectors = embeddings.embed_documents([claim, *sentences])
        similarity = round(float(cosine_similarity(vectors[:1], vectors[1:]).max()), 4)
    words_ok = overlap >= threshold or (similarity is not None and similarity >= semantic_threshold)
    return ClaimCheck(claim, not missing and words_ok, overlap, missing, similarity)


@dataclass(frozen=True)
class FaithfulnessReport:
    """The share of supported claims (``score``), every claim's check, and whether the answer declined."""

    score: float
    claims: list[ClaimCheck] = field(default_factory=list)
    refusal: bool = False

    @property
    def unsupported(self) -> list[ClaimCheck]:
        return [c for c in self.claims if not c.supported]


def faithfulness(answer: str, context: str | Sequence[str], **options: Any) -> FaithfulnessReport:
    """Check every claim of ``answer`` against ``context`` (one text or the retrieved chunks); ``options`` go to
    :func:`check_claim`.

    >>> report = faithfulness("Students pay 12 euros, and entry is free for children under 10.",
    ...                       "Tickets cost 18 euros, or 12 euros for students.")
    >>> report.score, [c.reason for c in report.unsupported]
    (0.5, ['states 10, which the context does not'])
    """
    text = context if isinstance(context, str) else "\n".join(context)
    if is_refusal(answer):
        return FaithfulnessReport(1.0, [], refusal=True)
    checks = [check_claim(claim, text, **options) for claim in split_claims(answer)]
    if not checks:
        return FaithfulnessReport(1.0, [])
    return FaithfulnessReport(round(sum(c.supported for c in checks) / len(checks), 4), checks)


def answer_relevance(question: str, answer: str, embeddings: Any = None) -> float:
    """How well the answer addresses the question: the MiniLM cosine of the two (0 for a refusal).

    Terse answers ("February.") score lower than full sentences that restate the question, so compare relevance
    between answers to the same question rather than against a fixed bar.
    """
    if is_refusal(answer) or not answer.strip():
        return 0.0
    from labkit.embed import cosine_similarity, get_embeddings

    embeddings = embeddings or get_embeddings()
    vectors = embeddings.embed_documents([question, answer])
    return round(float(cosine_similarity(vectors[:1], vectors[1:])[0, 0]), 4)
