"""The domain assistant: retrieve with the profile's filters, answer from the sources, check citations, add the
disclaimer.

The one idea: a domain answer is only as trustworthy as the checks around the model. Retrieval admits only documents
that apply (filters), the prompt gives the model nothing but those documents as ``[id]``-tagged context lines under
the profile's system prompt, and the output is then *gated* (an answer that covers too little of what the question
asks is declined, see :mod:`.grounding`), *verified* (every citation must be found in the sources it drew on) and
*completed* (the disclaimer is enforced in code). The model writes the answer; the pipeline decides what the
user is told about it.

Left out: rewriting or removing invalid citations (they are reported in ``answer.check.invalid`` so a UI can flag
them) and multi-turn conversation.

>>> from labkit.domains.corpus import DomainDocument
>>> from labkit.llm import ScriptedChatModel
>>> docs = [DomainDocument("d1", "Tea", "Green tea contains caffeine.")]
>>> class Fixed:  # any object with retrieve(query, k, where, min_score) serves as the retriever
...     def retrieve(self, query, k=3, where=None, min_score=0.0):
...         return [Hit(docs[0], 0.9)]
>>> bot = DomainAssistant("medical", retriever=Fixed(),
...                       model=ScriptedChatModel(replies=["Green tea contains caffeine [d1] [d9]."]))
>>> reply = bot.ask("Does green tea contain caffeine?")
>>> [c.text for c, _ in reply.check.invalid], reply.text.endswith(bot.profile.disclaimer)
(['[d9]'], True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from labkit.domains.citations import CitationCheck, validate_citations
from labkit.domains.corpus import DomainDocument, load_corpus
from labkit.domains.disclaimers import enforce_disclaimer
from labkit.domains.grounding import common_terms, question_coverage
from labkit.domains.profiles import DomainProfile, get_profile
from labkit.domains.retrieval import EmbeddingRetriever, Hit
from labkit.errors import InvalidInputError


@dataclass(frozen=True)
class DomainAnswer:
    """What the user sees (``text``), what the model said (``raw``), the sources and the citation check."""

    question: str
    text: str
    raw: str
    hits: tuple[Hit, ...]
    check: CitationCheck
    filter: str
    prompt: str
    coverage: float | None = None
    declined: str = ""

    @property
    def sources(self) -> list[str]:
        return [h.document.id for h in self.hits]

    @property
    def answered(self) -> bool:
        """False when the assistant declined (no admissible sources, or the model found no answer in them)."""
        from labkit.llm import NOT_IN_CONTEXT

        return bool(self.hits) and bool(self.raw.strip()) and NOT_IN_CONTEXT not in self.raw and not self.declined


def context_block(hits: list[Hit] | tuple[Hit, ...]) -> str:
    """Context lines in the ``[id] text`` convention, one per source.

    >>> context_block([Hit(DomainDocument("a-1", "T", "Some text."), 0.5)])
    '[a-1] Some text.'
    """
    return "\n".join(f"[{h.document.id}] {' '.join(h.document.text.split())}" for h in hits)


class DomainAssistant:
    """Answers questions in one domain; see the module docstring.

    ``profile`` is a registered domain name or a :class:`DomainProfile`; ``retriever`` defaults to an
    :class:`EmbeddingRetriever` over ``documents`` (default: the bundled corpus of that domain); ``model`` defaults
    to ``labkit.llm.get_model()``.
    """

    def __init__(self, profile: str | DomainProfile, retriever: Any = None, model: Any = None,
                 documents: list[DomainDocument] | None = None):
        self.profile = profile if isinstance(profile, DomainProfile) else get_profile(profile)
        if retriever is not None and not callable(getattr(retriever, "retrieve", None)):
            raise InvalidInputError("retriever must have a retrieve(query, k, where, min_score) method.")
        if retriever is None:
            docs = documents if documents is not None else list(load_corpus(self.profile.name).documents)
            retriever = EmbeddingRetriever(docs, recency_weight=self.profile.recency_weight)
        self.retriever = retriever
        self._model = model
        self._common: frozenset[str] | None = None

    @property
    def model(self) -> Any:
        from labkit.llm import resolve_model

        self._model = resolve_model(self._model)  # the configured default, chosen on first use
        return self._model

    def messages(self, question: str, hits: list[Hit] | tuple[Hit, ...]) -> list[tuple[str, str]]:
        """The chat messages sent to the model: the profile's system prompt, then the sources and the question."""
        return [("system", self.profile.system_prompt),
                ("human", f"Context:\n{context_block(hits)}\nQuestion: {question.strip()}")]

    def ask(self, question: str, **filters: Any) -> DomainAnswer:
        """Answer ``question`` under the profile's ``filters`` (e.g. ``jurisdiction="US-NY"``)."""
        if not isinstance(question, str) or not question.strip():
            raise InvalidInputError("question must be a non-empty string.")
        where = self.profile.filter_for(**filters)
        hits = tuple(self.retriever.retrieve(question, k=self.profile.top_k, where=where,
                                             min_score=self.profile.min_score))
        described = where.describe() if where else "no filter"
        from labkit.llm import NOT_IN_CONTEXT

        if not hits:  # nothing admissible: decline without a model call, so nothing can be made up
            raw = f"No {self.profile.name} source matches this question ({described}), so I cannot answer it."
            prompt = ""
        else:
            messages = self.messages(question, hits)
            prompt = messages[1][1]
            reply = self.model.invoke(messages)
            raw = reply.content if isinstance(reply.content, str) else str(reply.content)
        shown, coverage, declined = raw, None, ""
        gate = self.profile.min_question_coverage
        if hits and gate > 0 and NOT_IN_CONTEXT not in raw:
            coverage = question_coverage(question, raw, self.common_terms())
            if coverage < gate:  # the answer is about the corpus, not about the question: decline
                declined = (f"The {self.profile.name} sources found do not address this question (the answer covers "
                            f"{coverage:.0%} of its key terms, below {gate:.0%}), so I cannot answer it.")
                shown = declined
        check = validate_citations(shown, [h.document for h in hits], self.profile.citation_kinds)
        text = enforce_disclaimer(shown, self.profile.disclaimer)
        return DomainAnswer(question, text, raw, hits, check, described, prompt, coverage, declined)

    def common_terms(self) -> frozenset[str]:
        """Terms in more than half of the retriever's documents (none when it does not expose ``documents``)."""
        if self._common is None:
            documents = getattr(self.retriever, "documents", None) or []
            self._common = common_terms([f"{d.title} {d.text}" for d in documents]) if documents else frozenset()
        return self._common
