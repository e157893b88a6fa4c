"""Retrieve, then generate: answers that cite the chunks they came from.

What it teaches: the RAG loop is three steps. Retrieve the top chunks for the question; put them in the prompt,
each line starting with its id (``[handbook#3] ...``); ask the model to answer *only* from that context and to cite
ids. Then check the citations: an id the retriever never returned is a hallucinated source, and an answer that cites
nothing (or says the answer is not in the context) is a retrieval miss, not a model failure, and should be reported
as such.

The offline model follows this convention: it answers with one sentence of the context plus its ``[id]``, or with
:data:`labkit.llm.NOT_IN_CONTEXT`. Real models do the same when asked, which is why the prompt asks.

The one idea: a RAG answer is only as trustworthy as its citations, so make citations machine-checkable.

Left out: streaming, and context compression beyond a character budget (see :mod:`labkit.context`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from labkit.errors import InvalidInputError
from labkit.rag.documents import Hit
from labkit.rag.retriever import Retriever

PROMPT = """Answer the question using only the context below. Each context line starts with its source id in
square brackets; cite the ids you used, like [id]. If the context does not contain the answer, say so.

Context:
{context}

Question: {question}"""

_CITE = re.compile(r"\[([\w.:/#-]{1,64})\]")


_HEADER_LINE = re.compile(r"^\s{0,3}#{1,6}\s.*$", re.M)


def format_context(hits: Sequence[Hit], max_chars: int | None = None) -> str:
    """One ``[id] text`` line per hit (newlines flattened, markdown header lines dropped), up to ``max_chars``.

    Headers are structure, not content: the chunk keeps them in ``metadata["section"]``, and a model that quotes
    "# Warranty" as a fact helps nobody. A chunk that is only headers is left out.

    >>> from labkit.rag.documents import Chunk
    >>> format_context([Hit(Chunk("a#0", "# Pets\\nCats\\nsleep."), 1.0), Hit(Chunk("a#1", "## Dogs"), 0.5)])
    '[a#0] Cats sleep.'
    """
    lines, used = [], 0
    for h in hits:
        body = " ".join(_HEADER_LINE.sub("", h.text).split())
        if not body:
            continue
        line = f"[{h.id}] {body}"
        if max_chars is not None and lines and used + len(line) > max_chars:
            break
        lines.append(line)
        used += len(line) + 1
    return "\n".join(lines)


def extract_citations(answer: str) -> list[str]:
    """Cited ids in order of first appearance.

    >>> extract_citations("Yes [faq#2], see also [faq#2] and [kb-7].")
    ['faq#2', 'kb-7']
    """
    return list(dict.fromkeys(_CITE.findall(answer)))


@dataclass
class RAGAnswer:
    """The answer, the hits it was given, the ids it cited, and which cited ids were not among the hits."""

    question: str
    answer: str
    hits: list[Hit] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    unknown_citations: list[str] = field(default_factory=list)
    answered: bool = True

    @property
    def context(self) -> str:
        return format_context(self.hits)


def _not_in_context(answer: str) -> bool:
    """Whether ``answer`` says the context lacks the answer: the offline model's abstentions, or a phrase about the
    *context* anywhere in the reply.

    Not :func:`labkit.llm.refusal.is_refusal`, on purpose: its cues are general ("gives no", "does not mention"), and
    an extractive answer is a sentence *of the context*, which may say exactly that ("The Model 3 gives no warning
    [handbook#2]"); read anywhere they would turn such answers into refusals, read only at the opening they miss
    "The answer is not in the provided context." Both detectors agree on every answer of tests/rag and lessons 04-05.

    >>> _not_in_context("The Model 3 gives no warning before it shuts down [handbook#2].")
    False
    >>> _not_in_context("I'm sorry, but the answer is not in the provided context.")
    True
    """
    from labkit.llm import NO_KNOWLEDGE, NOT_IN_CONTEXT

    text = answer.strip()
    return text.startswith(NOT_IN_CONTEXT) or text.startswith(NO_KNOWLEDGE) or bool(
        re.search(r"\b(?:not (?:in|found in|contained in) the (?:provided )?context|cannot find the answer)\b", text, re.I))


class RAGPipeline:
    """``retriever`` + ``model`` (default: ``get_model()``) -> cited answers.

    ``max_context_chars`` bounds the prompt; ``prompt`` can be replaced (it needs ``{context}`` and ``{question}``).
    """

    def __init__(self, retriever: Retriever, model: Any = None, k: int = 4, *, prompt: str = PROMPT,
                 max_context_chars: int | None = 4000):
        if not isinstance(retriever, Retriever):
            raise InvalidInputError(f"retriever must be a labkit Retriever, got {type(retriever).__name__}.")
        if "{context}" not in prompt or "{question}" not in prompt:
            raise InvalidInputError("The prompt template needs {context} and {question} placeholders.")
        self.retriever, self.k, self.prompt, self.max_context_chars = retriever, k, prompt, max_context_chars
        self._model = model

    @property
    def model(self) -> Any:
        from labkit.llm import resolve_model

        self._model = resolve_model(self._model)  # the configured default, chosen on first use
        return self._model

    def answer_from_hits(self, question: str, hits: Sequence[Hit]) -> RAGAnswer:
        context = format_context(hits, self.max_context_chars)
        reply = self.model.invoke(self.prompt.format(context=context, question=question))
        text = reply.content if isinstance(reply.content, str) else str(reply.content)
        cited = extract_citations(text)
        known = {h.id for h in hits}
        return RAGAnswer(question, text.strip(), list(hits), cited, [c for c in cited if c not in known],
                         answered=not _not_in_context(text))

    def ask(self, question: str, k: int | None = None) -> RAGAnswer:
        """Retrieve ``k`` chunks and answer from them."""
        return self.answer_from_hits(question, self.retriever.retrieve(question, k or self.k))
