"""A document assistant (the syllabus's week-3 project): layered context within a budget, plus memory of past Q&A.

The one idea: the pieces of this level compose. For each question the assistant assembles a context from layers
(:mod:`.hierarchy`): the documents, most relevant first and each truncated at its tail if needed, then what it
remembers of earlier questions (:mod:`.episodic`), all inside one token budget that also counts the instruction and
the question. The model answers from that context or says the answer is not there; the exchange is remembered.

Left out: retrieval over a large corpus (Level 4 builds the indexes); documents here are passed in per question
and ranked by embedding similarity to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from labkit.context.episodic import EpisodicMemory
from labkit.context.hierarchy import Assembly, Layer, assemble
from labkit.errors import InvalidInputError
from labkit.llm.tokens import count_tokens

INSTRUCTION = "Answer the question from the context only; if the context does not contain the answer, say so."


@dataclass(frozen=True)
class AssistantAnswer:
    """The reply, the assembled context (with each layer's fate) and the prompt's token count."""

    text: str
    assembly: Assembly
    prompt_tokens: int


class DocumentAssistant:
    """Answers questions about documents within ``budget`` tokens, remembering earlier questions."""

    def __init__(self, model: Any, budget: int = 400, embeddings: Any = None):
        if not isinstance(budget, int) or budget < 32:
            raise InvalidInputError(f"budget must be an integer of at least 32 tokens, got {budget!r}.")
        self.model, self.budget = model, budget
        self.memory = EpisodicMemory(threshold=1, embeddings=embeddings)
        if embeddings is None:
            from labkit.embed import get_embeddings

            embeddings = get_embeddings()
        self.embeddings = embeddings

    def _rank(self, question: str, documents: Sequence[str]) -> list[int]:
        """Document indexes, most similar to the question first."""
        import numpy as np

        vectors = np.asarray(self.embeddings.embed_documents([question, *documents]), dtype=np.float32)
        sims = vectors[1:] @ vectors[0]
        return [int(i) for i in np.argsort(-sims, kind="stable")]

    def frame(self, question: str) -> str:
        return f"{INSTRUCTION}\nContext:\n\nQuestion: {question.strip()}"

    def answer(self, question: str, documents: Sequence[str]) -> AssistantAnswer:
        if not isinstance(question, str) or not question.strip():
            raise InvalidInputError("Ask a non-empty question.")
        documents = [d for d in documents if isinstance(d, str) and d.strip()]
        if not documents:
            raise InvalidInputError("Give the assistant at least one non-empty document.")
        # Layers keep the documents' own numbers; their priority is their rank for this question.
        layers = [Layer(f"document {i + 1}", documents[i], priority=rank + 1, truncate="head")
                  for rank, i in enumerate(self._rank(question, documents))]
        remembered = [f"Earlier question: {ep.query} Answer given: {ep.response}"
                      for ep, _ in self.memory.search(question, k=2)]
        if remembered:
            layers.append(Layer("memory", "\n".join(remembered), priority=len(layers) + 1, truncate="tail"))
        room = self.budget - count_tokens(self.frame(question))
        assembly = assemble(layers, room)
        prompt = f"{INSTRUCTION}\nContext:\n{assembly.text}\n\nQuestion: {question.strip()}"
        reply = str(self.model.invoke(prompt).content)
        self.memory.record(question.strip(), reply)
        return AssistantAnswer(reply, assembly, count_tokens(prompt))
