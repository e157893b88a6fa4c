"""Query analysis, decomposition, and multi-hop execution in dependency order.

What it teaches: some questions cannot be answered by one retrieval. "Compare the warranty of A and B" needs two
lookups and a combination; "Where was the founder of Acme born?" needs the founder's name *before* the second
lookup can even be written. So:

1. :func:`analyze_query` labels the question (factual, comparison, multi-hop, procedural, numeric) and pulls out
   entities and keywords.
2. :func:`decompose` turns it into :class:`SubQuestion`\\ s; a sub-question may depend on others and refer to
   their answers as ``{q1}``.
3. :func:`execution_order` sorts them topologically (``graphlib``); a dependency cycle cannot be executed and is
   reported as :class:`~labkit.errors.QueryPlanCycleError` naming the cycle.
4. :class:`MultiHopRAG` answers each in order, substituting earlier answers (their *bridge entity*: the new name
   the answer introduced) into later questions.

The one idea: a multi-hop question is a small dependency graph of retrievals; run it in topological order.

Left out: model-written decompositions (plans from a real model fit the same :class:`SubQuestion` shape) and
parallel execution of independent branches.
"""

from __future__ import annotations

import graphlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from labkit.errors import InvalidInputError, QueryPlanCycleError

_ENTITY = re.compile(r"\b(?:[A-Z][\w-]*|[A-Z]{2,}[\w-]*)(?:\s+(?:of\s+|de\s+)?[A-Z][\w-]*)*(?:\s+\d[\w.-]*\b)?|"
                     r"\b[A-Z]{1,4}-?\d[\w-]*\b")
_QUESTION_WORDS = frozenset("What Which Who Whom Whose When Where Why How Is Are Was Were Do Does Did Can Could "
                            "Should Would Will Compare List Explain Describe Tell Give Find Show Ask Name The A An In On Of I "
                            "And Or If For".split())
_COMPARE = re.compile(r"^(?:compare|contrast)\s+(?P<a>.+?)\s+(?:and|with|to|vs\.?|versus)\s+(?P<b>.+?)[?.]?$|"
                      r"^(?:what(?:'s| is| are) the )?differences? between\s+(?P<a2>.+?)\s+and\s+(?P<b2>.+?)[?.]?$|"
                      r"^(?P<a3>.+?)\s+(?:vs\.?|versus)\s+(?P<b3>.+?)[?.]?$", re.I)
_NESTED = re.compile(r"^(?P<head>(?:what|which|who|where|when|how)\b.*?\bof)\s+(?:the\s+)?(?P<thing>[\w\s-]+?)\s+"
                     r"(?P<rel>(?:that|which|who|whose)\s+.+?)[?.]?$", re.I)
_POSSESSIVE_CHAIN = re.compile(r"^(?P<head>(?:what|which|who|where|when|how)\b.*?)\s+(?:the\s+)?(?P<attr>[\w-]+)\s+of\s+"
                               r"the\s+(?P<role>[\w-]+)\s+of\s+(?P<entity>.+?)[?.]?$", re.I)


@dataclass(frozen=True)
class QueryAnalysis:
    """What kind of question this is, and the names and keywords in it."""

    query: str
    intent: str
    entities: tuple[str, ...]
    keywords: tuple[str, ...]
    needs_decomposition: bool


def extract_entities(text: str) -> list[str]:
    """Capitalised names and codes, in order (question words at the start of a sentence are not names).

    >>> extract_entities("Where was the founder of Acme Robotics born? Ask Ada about XK-4471.")
    ['Acme Robotics', 'Ada', 'XK-4471']
    """
    out = []
    for m in _ENTITY.finditer(text):
        words = m.group(0).split()
        while words and words[0] in _QUESTION_WORDS:
            words = words[1:]
        name = " ".join(words).strip()
        if name and name not in out:
            out.append(name)
    return out


def analyze_query(query: str) -> QueryAnalysis:
    """Label a question.

    >>> a = analyze_query("Compare the warranty of the X100 and the X200")
    >>> a.intent, a.entities, a.needs_decomposition
    ('comparison', ('X100', 'X200'), True)
    >>> analyze_query("How do I reset the router?").intent
    'procedural'
    """
    if not isinstance(query, str) or not query.strip():
        raise InvalidInputError("The query must be non-empty text.")
    q = query.strip()
    lower = q.lower()
    from labkit.rag.expansion import keyword_query

    if _COMPARE.match(q):
        intent = "comparison"
    elif _NESTED.match(q) or _POSSESSIVE_CHAIN.match(q):
        intent = "multi_hop"
    elif re.match(r"^how (?:do|can|should|to)\b|^(?:steps|explain how)\b", lower):
        intent = "procedural"
    elif re.match(r"^how (?:many|much|long|old|far)\b", lower) or re.search(r"\d\s*[-+*/]\s*\d", lower):
        intent = "numeric"
    else:
        intent = "factual"
    compound = len(re.findall(r"\?", q)) > 1 or bool(re.search(r"\band (?:what|how|which|who|when|where|does|is)\b", lower))
    return QueryAnalysis(q, intent, tuple(extract_entities(q)), tuple(keyword_query(q).split()),
                         intent in ("comparison", "multi_hop") or compound)


@dataclass(frozen=True)
class SubQuestion:
    """One retrieval step; ``{qN}`` in ``text`` is replaced by the answer of sub-question ``qN``."""

    id: str
    text: str
    depends_on: tuple[str, ...] = ()


def decompose(query: str) -> list[SubQuestion]:
    """Rule-based decomposition (comparison, nested 'of the X that ...', 'the A of the B of C', compound questions).

    >>> [(s.id, s.text, s.depends_on) for s in decompose("Where was the founder of Acme born?")][:1]
    [('q1', 'Who is the founder of Acme?', ())]
    >>> [s.text for s in decompose("Compare BM25 and dense retrieval")]
    ['What about BM25?', 'What about dense retrieval?', 'Compare {q1} and {q2}']
    """
    analysis = analyze_query(query)
    q = analysis.query
    m = _COMPARE.match(q)
    if m:
        a = (m.group("a") or m.group("a2") or m.group("a3")).strip()
        b = (m.group("b") or m.group("b2") or m.group("b3")).strip()
        return [SubQuestion("q1", f"What about {a}?"), SubQuestion("q2", f"What about {b}?"),
                SubQuestion("q3", "Compare {q1} and {q2}", ("q1", "q2"))]
    born = re.match(r"^(?P<wh>where|when)\s+(?:was|were|is|did)\s+the\s+(?P<role>[\w\s-]+?)\s+of\s+(?P<entity>.+?)\s+"
                    r"(?P<verb>born|founded|built|created|made|die|died)[?.]?$", q, re.I)
    if born:
        return [SubQuestion("q1", f"Who is the {born.group('role')} of {born.group('entity')}?"),
                SubQuestion("q2", f"{born.group('wh').capitalize()} was {{q1}} {born.group('verb')}?", ("q1",))]
    m = _POSSESSIVE_CHAIN.match(q)
    if m:
        return [SubQuestion("q1", f"Who or what is the {m.group('role')} of {m.group('entity')}?"),
                SubQuestion("q2", f"{m.group('head')} the {m.group('attr')} of {{q1}}?", ("q1",))]
    m = _NESTED.match(q)
    if m:
        return [SubQuestion("q1", f"Which {m.group('thing')} {m.group('rel')}?"),
                SubQuestion("q2", f"{m.group('head')} {{q1}}?", ("q1",))]
    from labkit.rag.expansion import rule_variants

    parts = rule_variants(q)[2:]
    if len(parts) > 1:
        return [SubQuestion(f"q{i}", p if p.endswith("?") else p + "?") for i, p in enumerate(parts, start=1)]
    return [SubQuestion("q1", q)]


def execution_order(plan: Sequence[SubQuestion]) -> list[SubQuestion]:
    """Sub-questions in an order where every dependency comes first (ties keep plan order).

    >>> [s.id for s in execution_order([SubQuestion("b", "x {a}", ("a",)), SubQuestion("a", "y")])]
    ['a', 'b']
    """
    by_id: dict[str, SubQuestion] = {}
    for s in plan:
        if s.id in by_id:
            raise InvalidInputError(f"Sub-question id {s.id!r} is used twice; ids must be unique.")
        by_id[s.id] = s
    for s in plan:
        missing = [d for d in s.depends_on if d not in by_id]
        if missing:
            raise InvalidInputError(f"Sub-question {s.id!r} depends on {missing}, which are not in the plan.")
        for ref in re.findall(r"\{(\w+)\}", s.text):
            if ref not in s.depends_on:
                raise InvalidInputError(f"Sub-question {s.id!r} uses {{{ref}}} but does not list {ref!r} in depends_on.")
    sorter = graphlib.TopologicalSorter({s.id: s.depends_on for s in plan})
    try:
        sorter.prepare()
    except graphlib.CycleError as exc:
        raise QueryPlanCycleError([str(x) for x in exc.args[1]]) from None
    position = {s.id: i for i, s in enumerate(plan)}
    order: list[SubQuestion] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready(), key=position.__getitem__)
        for node in ready:
            order.append(by_id[node])
            sorter.done(node)
    return order


_CITATION = re.compile(r"\s*\[[^\]]{1,70}\]")


def bridge_entity(answer: str, question: str) -> str:
    """The new name an answer introduces (the bridge to the next hop), or the answer itself without citations.

    >>> bridge_entity("Acme was founded by Mara Quist in 1998 [a#0].", "Who is the founder of Acme?")
    'Mara Quist'
    """
    clean = _CITATION.sub("", answer).strip()
    known = {e.lower() for e in extract_entities(question)}
    for name in extract_entities(clean):
        if name.lower() not in known and not any(name.lower() in k or k in name.lower() for k in known):
            return name
    return clean.rstrip(".")


@dataclass
class HopResult:
    """One executed sub-question: the text actually asked, the answer, and the bridge value passed on."""

    id: str
    question: str
    answer: str
    value: str
    citations: list[str] = field(default_factory=list)


@dataclass
class MultiHopResult:
    query: str
    answer: str
    hops: list[HopResult]

    @property
    def citations(self) -> list[str]:
        return list(dict.fromkeys(c for h in self.hops for c in h.citations))


class MultiHopRAG:
    """Answer a question by running its sub-questions through a :class:`~labkit.rag.pipeline.RAGPipeline` in order."""

    def __init__(self, pipeline: Any, k: int = 3):
        self.pipeline, self.k = pipeline, k

    def run(self, query: str, plan: Sequence[SubQuestion] | None = None) -> MultiHopResult:
        steps = execution_order(plan if plan is not None else decompose(query))
        values: dict[str, str] = {}
        hops: list[HopResult] = []
        for step in steps:
            text = re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], step.text)
            if step.depends_on and text.lower().startswith("compare "):
                answer = " ".join(next(h.answer for h in hops if h.id == d) for d in step.depends_on)
                hops.append(HopResult(step.id, text, answer, answer,
                                      list(dict.fromkeys(c for h in hops if h.id in step.depends_on for c in h.citations))))
                values[step.id] = answer
                continue
            result = self.pipeline.ask(text, self.k)
            value = bridge_entity(result.answer, text) if result.answered else text
            values[step.id] = value
            hops.append(HopResult(step.id, text, result.answer, value, result.citations))
        return MultiHopResult(query, hops[-1].answer if hops else "", hops)
