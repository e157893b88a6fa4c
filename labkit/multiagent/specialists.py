"""Specialist agents: research, analysis and writing, each doing its kind of work its own way.

The one idea: specialisation is a different :meth:`perform`, not a different prompt alone.

- :class:`ResearchAgent` owns a small document collection: it retrieves the documents closest to the task
  (embeddings from :mod:`labkit.embed`) and answers a question from them, or reports what they say about a topic,
  citing the document ids;
- :class:`AnalysisAgent` computes what can be computed — the numbers in its inputs are counted, summed and
  averaged in code, exactly — and has the model summarise the rest;
- :class:`WriterAgent` condenses everything it was handed into a short report.

What it leaves out: web search and real data sources (give a ResearchAgent your documents, or plug a
:mod:`labkit.rag` retriever into a subclass).
"""

from __future__ import annotations

import asyncio
import re
import statistics
from collections.abc import Iterable, Mapping
from typing import Any

from labkit.errors import InvalidInputError
from labkit.multiagent.agent import CollaborativeAgent
from labkit.multiagent.broker import MessageBroker


def numbers_in(text: str) -> list[float]:
    """Numbers written in ``text`` (thousands separators allowed; ids like ``[s1]`` are ignored).

    >>> numbers_in("[s1] Sales were 1,200 in May and 950.5 in June.")
    [1200.0, 950.5]
    """
    cleaned = re.sub(r"\[[^\]]*\]", " ", text)
    found = re.findall(r"(?<![\w.])-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.])-?\d+(?:\.\d+)?", cleaned)
    return [float(m.replace(",", "")) for m in found]


def describe_numbers(values: list[float]) -> str:
    """A one-sentence description of a list of numbers.

    >>> describe_numbers([2.0, 4.0, 9.0])
    'count 3, total 15, mean 5, min 2, max 9'
    """
    def fmt(x: float) -> str:
        return f"{x:g}" if abs(x) < 1e15 else f"{x:.3e}"

    return (f"count {len(values)}, total {fmt(sum(values))}, mean {fmt(round(statistics.fmean(values), 4))}, "
            f"min {fmt(min(values))}, max {fmt(max(values))}")


class ResearchAgent(CollaborativeAgent):
    """Answers from its own documents (``{id: text}``), retrieving the ``k`` closest to each task."""

    def __init__(self, name: str, broker: MessageBroker, documents: Mapping[str, str], model: Any = None,
                 k: int = 1, specialisations: Iterable[str] = ("research",), **kwargs: Any):
        if not documents:
            raise InvalidInputError(f"ResearchAgent {name!r} needs at least one document to research.")
        super().__init__(name, specialisations, broker, model, **kwargs)
        self.documents = dict(documents)
        self.k = k
        self._vectors: Any = None

    def retrieve(self, query: str) -> list[str]:
        from labkit.embed import get_embeddings

        encode = get_embeddings().encode
        ids = list(self.documents)
        if self._vectors is None:
            self._vectors = encode([self.documents[i] for i in ids])
        scores = self._vectors @ encode([query])[0]
        ranked = sorted(range(len(ids)), key=lambda i: (-float(scores[i]), i))[: self.k]
        return [ids[i] for i in ranked]

    async def perform(self, task: dict[str, Any]) -> str:
        description = str(task.get("description", ""))
        found = await asyncio.to_thread(self.retrieve, description)  # embedding is CPU work: keep the loop free
        context = "\n".join(f"[{i}] {self.documents[i]}" for i in found)
        if description.rstrip().endswith("?"):  # a question: answer it from the documents
            return await self.ask(f"Context:\n{context}\nQuestion: {description}")
        text = " ".join(self.documents[i] for i in found)  # a topic: report what the documents say
        return await self.ask(f"Summarize in 2 sentences: {text}") + " [" + ", ".join(found) + "]"


class AnalysisAgent(CollaborativeAgent):
    """Computes statistics of the numbers in its inputs, then asks the model for a one-sentence summary."""

    def __init__(self, name: str, broker: MessageBroker, model: Any = None,
                 specialisations: Iterable[str] = ("analysis",), **kwargs: Any):
        super().__init__(name, specialisations, broker, model, **kwargs)

    async def perform(self, task: dict[str, Any]) -> str:
        material = self.material(task)
        values = numbers_in(material)
        summary = await self.ask(f"Summarize in 1 sentence: {material}") if material.strip() else ""
        facts = f"Figures: {describe_numbers(values)}." if values else "No figures to analyse."
        return f"{facts} {summary}".strip()


class WriterAgent(CollaborativeAgent):
    """Condenses its inputs into a report of ``sentences`` sentences."""

    def __init__(self, name: str, broker: MessageBroker, model: Any = None, sentences: int = 3,
                 specialisations: Iterable[str] = ("writing",), **kwargs: Any):
        super().__init__(name, specialisations, broker, model, **kwargs)
        self.sentences = sentences

    async def perform(self, task: dict[str, Any]) -> str:
        material = self.material(task)
        if not material.strip():
            return await super().perform(task)
        material = re.sub(r"^\[[^\]]*\][^:\n]*:\s*", "", material, flags=re.M)  # drop the "[s1] step:" labels
        return await self.ask(f"Summarize in {self.sentences} sentences: {material}")
