"""Choosing the source of an answer: the model's own knowledge, a tool, the document store, or several.

What it teaches: before answering, decide *where the answer can come from*. Computation and live data need tools;
facts from your own documents need retrieval (RAG); general knowledge may come from the model's parameters; a
question that needs both a document and a computation is hybrid. Asking a model to pick works with strong models,
but the decision is cheap to make from explicit signals, and explicit signals can be tested and explained:

* computation: arithmetic in the text or a calculation verb with numbers;
* live data: words such as *current*, *today*, *latest*, *price*, *weather*;
* knowledge base: how well the question matches your documents, from a ``knowledge`` scorer you pass (for example
  the best retrieval score), above ``rag_threshold``.

The one idea: routing is a classifier whose features you can name; log its reasons next to every answer.

Left out: learning the router from feedback, and routing among several knowledge bases.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from labkit.errors import InvalidInputError

SOURCES = ("parametric", "tools", "rag", "hybrid")

_ARITHMETIC = re.compile(r"\d\s*[-+*/^×÷%]\s*\(?\d|\d\s*%\s*of\s+\$?\d|\b(?:sqrt|log)\s*\(")
_CALC_VERB = re.compile(r"\b(?:calculate|compute|how much|how many|sum of|total|convert|percent|interest|average)\b", re.I)
_NUMBER = re.compile(r"\d")
_LIVE = re.compile(r"\b(?:current(?:ly)?|today|tonight|now|latest|recent|this (?:week|month|year)|weather|forecast|"
                   r"price|stock|exchange rate|news|score)\b", re.I)


@dataclass(frozen=True)
class RouteDecision:
    """Which source to use and the signals that decided it."""

    source: str
    reasons: tuple[str, ...] = field(default_factory=tuple)
    knowledge_score: float | None = None


class SourceRouter:
    """Rule-based source router with an optional knowledge-base scorer.

    >>> router = SourceRouter()
    >>> router.decide("What is 15% of 240?").source
    'tools'
    >>> router.decide("What is the weather in Oslo today?").source
    'tools'
    >>> router.decide("Who wrote Hamlet?").source
    'parametric'
    >>> kb = SourceRouter(knowledge=lambda q: 0.9 if "refund" in q else 0.0)
    >>> kb.decide("What is our refund window?").source, kb.decide("What is our refund window plus 14 days, in 3 * 7?").source
    ('rag', 'hybrid')
    """

    def __init__(self, knowledge: Callable[[str], float] | None = None, rag_threshold: float = 0.5):
        if knowledge is not None and not callable(knowledge):
            raise InvalidInputError("knowledge must be a function query -> relevance score (e.g. best retrieval score).")
        self.knowledge = knowledge
        self.rag_threshold = rag_threshold

    def decide(self, query: str) -> RouteDecision:
        if not isinstance(query, str) or not query.strip():
            raise InvalidInputError("The query must be non-empty text.")
        reasons: list[str] = []
        needs_tool = False
        if _ARITHMETIC.search(query):
            reasons.append("contains arithmetic")
            needs_tool = True
        elif _CALC_VERB.search(query) and _NUMBER.search(query):
            reasons.append("asks for a calculation with numbers")
            needs_tool = True
        if _LIVE.search(query):
            reasons.append(f"needs live data ({_LIVE.search(query).group(0).lower()!r})")
            needs_tool = True
        score = None
        needs_rag = False
        if self.knowledge is not None:
            score = float(self.knowledge(query))
            if score >= self.rag_threshold:
                reasons.append(f"matches the knowledge base (score {score:.2f} >= {self.rag_threshold:g})")
                needs_rag = True
        if needs_tool and needs_rag:
            source = "hybrid"
        elif needs_tool:
            source = "tools"
        elif needs_rag:
            source = "rag"
        else:
            source = "parametric"
            reasons.append("no computation, live data or knowledge-base match")
        return RouteDecision(source, tuple(reasons), score)

    def route(self, query: str, handlers: dict[str, Callable[[str], Any]]) -> tuple[RouteDecision, Any]:
        """Decide, then call ``handlers[source](query)``; a hybrid route without its own handler runs rag then tools."""
        unknown = set(handlers) - set(SOURCES)
        if unknown:
            raise InvalidInputError(f"Unknown route names {sorted(unknown)}; use {', '.join(SOURCES)}.")
        decision = self.decide(query)
        if decision.source in handlers:
            return decision, handlers[decision.source](query)
        if decision.source == "hybrid" and {"rag", "tools"} <= set(handlers):
            return decision, {"rag": handlers["rag"](query), "tools": handlers["tools"](query)}
        raise InvalidInputError(f"The router chose {decision.source!r} but no handler was given for it.")
