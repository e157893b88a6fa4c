"""Extractive question answering: pick the sentence of the context that best answers the question, or say so.

Two stages, as in a production retriever: BM25 over the context's sentences finds candidates cheaply, then
(optionally) embedding similarity reranks the top few. An answer is only given when the best sentence is
*supported*: it shares enough of the question's content words or is semantically close. Otherwise the model says
:data:`NOT_IN_CONTEXT` instead of inventing something, which is the behaviour RAG systems need from a model.

Chunks of the context that carry an id (``[doc-3] ...`` or ``[3] ...``) are cited in the answer.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from labkit.llm.offline import cues
from labkit.llm.offline.sampling import choose
from labkit.llm.offline.skill import Result, Turn, abstain
from labkit.llm.offline.text import SentenceScorer, content_words, split_sentences, swap_person

NOT_IN_CONTEXT = "I cannot find the answer in the provided context."

Similarity = Callable[[str, list[str]], list[float]]

_CHUNK_ID = re.compile(r"^\s*\[(?:source:\s*|id:\s*)?([\w.:/#-]{1,64})\]\s*", re.IGNORECASE)


@dataclass
class Sentence:
    text: str
    source: str | None


@dataclass
class Answer:
    """The chosen sentence, where it came from, and whether the context really supports it."""

    text: str
    sentence: str
    source: str | None
    supported: bool
    score: float


def context_sentences(context: str) -> list[Sentence]:
    """Sentences of the context, each tagged with the id of the chunk it came from (``[id] text`` lines)."""
    out: list[Sentence] = []
    source: str | None = None
    for block in re.split(r"\n(?=\s*\[[^\]]{1,70}\])|\n\s*\n", context):
        m = _CHUNK_ID.match(block)
        if m:
            source, block = m.group(1), block[m.end() :]
        for s in split_sentences(block):
            out.append(Sentence(s, source))
    return out


_PRONOUN_START = re.compile(r"^(?:it|he|she|they|this|these|that|its|his|her|their)\b", re.IGNORECASE)
_WH_EVIDENCE = {
    "when": re.compile(r"\b(?:1[0-9]{3}|20[0-9]{2})\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|"
                       r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tomorrow)\b", re.I),
    "how many": re.compile(r"\d"),
    "how much": re.compile(r"\d"),
    "how long": re.compile(r"\d"),
    "how old": re.compile(r"\d"),
    "what year": re.compile(r"\b(?:1[0-9]{3}|20[0-9]{2})\b"),
    "who": re.compile(r"\b[A-Z][a-z]+\s+[A-Z][a-z]+\b|\b(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+[A-Z]"),
    "where": re.compile(r"\b(?:in|at|near|from)\s+[A-Z][a-z]+"),
    "email": re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"),
    "phone": re.compile(r"\d{3}[\s.-]?\d{3,4}"),
    "url|website|link": re.compile(r"https?://|www\.|\.(?:com|org|net|io)\b"),
}


def scoring_text(sentences: list[Sentence], i: int) -> str:
    """A sentence as scored: one that opens with a pronoun borrows the previous sentence of its chunk, since
    "It was completed in 1889" is about whatever the sentence before it named."""
    s = sentences[i]
    if i > 0 and _PRONOUN_START.match(s.text) and sentences[i - 1].source == s.source:
        return f"{sentences[i - 1].text} {s.text}"
    return s.text


def wh_bonus(question: str, sentence: str) -> float:
    """0.25 when the sentence holds the kind of thing the question asks for (a date for 'when', a number for
    'how many', a name for 'who'), else 0."""
    q = question.lower()
    for cue, evidence in _WH_EVIDENCE.items():
        if re.search(rf"\b{cue}\b", q):
            return 0.25 if evidence.search(sentence) else 0.0
    return 0.0


def rank(question: str, sentences: list[Sentence], similarity: Similarity | None,
         rerank_top: int = 8) -> list[tuple[float, float, int, float | None]]:
    """``(score, coverage, index, semantic similarity or None)`` for the best candidates, best first."""
    scorer = SentenceScorer([scoring_text(sentences, i) for i in range(len(sentences))])
    bm25 = scorer.score(question)
    top_bm25 = max(bm25) if bm25 else 0.0
    order = sorted(range(len(sentences)), key=lambda i: -bm25[i])[:rerank_top]
    sims = similarity(question, [scoring_text(sentences, i) for i in order]) if similarity and order else None
    ranked = []
    for pos, i in enumerate(order):
        lexical = bm25[i] / top_bm25 if top_bm25 > 0 else 0.0
        cov = scorer.coverage(question, i)
        semantic = sims[pos] if sims is not None else None
        score = 0.5 * lexical + 0.5 * semantic if semantic is not None else 0.6 * lexical + 0.4 * cov
        score += wh_bonus(question, sentences[i].text)
        ranked.append((score, cov, i, semantic))
    ranked.sort(key=lambda t: -t[0])
    return ranked


def is_supported(coverage: float, semantic: float | None) -> bool:
    """Enough of the question's meaning is in the sentence to answer from it."""
    if semantic is None:
        return coverage >= 0.5
    return (coverage >= 0.34 and semantic >= 0.3) or semantic >= 0.55 or coverage >= 0.75


def answer_question(
    question: str,
    context: str,
    similarity: Similarity | None = None,
    temperature: float = 0.0,
    rng: random.Random | None = None,
) -> Answer:
    """Answer ``question`` from ``context`` with one supported sentence, or :data:`NOT_IN_CONTEXT`."""
    sentences = [s for s in context_sentences(context) if content_words(s.text)]
    if not sentences or not content_words(question):
        return Answer(NOT_IN_CONTEXT, "", None, False, 0.0)
    ranked = rank(question, sentences, similarity)
    supported = [(score, i) for score, cov, i, semantic in ranked
                 if is_supported(cov, semantic) or (wh_bonus(question, sentences[i].text) and (semantic or 0) >= 0.25)]
    if not supported:
        return Answer(NOT_IN_CONTEXT, "", None, False, ranked[0][0] if ranked else 0.0)
    pick = choose([s for s, _ in supported], temperature, rng or random.Random(0))
    score, i = supported[pick]
    chosen = sentences[i]
    text = chosen.text + (f" [{chosen.source}]" if chosen.source else "")
    return Answer(text, chosen.text, chosen.source, True, score)


class AnswerQuestion:
    """Skill: answer a question from the context, or from what the user said earlier in the conversation."""

    name = "answer"

    def applies(self, turn: Turn) -> float:
        v = turn.view
        asks = bool(v.context) or "?" in v.user or bool(cues.QUESTION_WORD.search(v.user))
        return 0.5 if turn.material and content_words(v.question) and asks else 0.0

    def run(self, turn: Turn) -> Result:
        v = turn.view
        found = answer_question(v.question, turn.material, turn.similarity, turn.temperature, turn.rng)
        if not found.supported:
            return abstain(NOT_IN_CONTEXT)
        text = found.text
        if not v.context:  # answering from the user's own earlier words: tell them what they said
            text = swap_person(cues.GREETING.sub("", found.sentence))
            text = text[:1].upper() + text[1:]
        return Result(text=text, support=1.0,
                      fields={"answer": found.text, "source": found.source, "supported": True},
                      aliases={"evidence": found.sentence, "citation": found.source})
