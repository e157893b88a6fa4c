"""Critique: score a response against its question and criteria, with reasons, on the scale the prompt asks for.

The score is computed, not guessed, from four measurable properties of the response:

- relevance: how much of the question's content the response addresses (lexical, plus embeddings when available);
- coverage: how many of the listed criteria or required terms appear;
- specificity: concrete detail (numbers, names, examples) rather than vague filler;
- length fit: neither a one-liner nor padding.

Each property that falls short becomes a weakness with a suggestion, so a reflection loop gets actionable feedback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from labkit.llm.offline import cues
from labkit.llm.offline.prompt import JUDGED_HEADERS
from labkit.llm.offline.skill import Result, Similarity, Turn
from labkit.llm.offline.text import content_words, split_sentences
from labkit.safemath import format_number


@dataclass
class Assessment:
    score01: float
    strengths: list[str] = field(default_factory=list)
    weaknesses: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)

    def on_scale(self, low: float, high: float) -> float:
        """The score mapped to ``[low, high]`` (integers when the scale is integral)."""
        value = low + self.score01 * (high - low)
        return round(value) if float(low).is_integer() and float(high).is_integer() and high - low >= 2 else round(value, 2)


def critique(response: str, question: str = "", criteria: str = "", similarity: Similarity | None = None) -> Assessment:
    """Score ``response`` in 0..1 with strengths, weaknesses and suggestions."""
    result = Assessment(0.0)
    resp_terms = set(content_words(response))
    q_terms = set(content_words(question))
    if not resp_terms:
        result.weaknesses.append("The response is empty.")
        result.suggestions.append("Write a response that addresses the question.")
        return result

    relevance = len(q_terms & resp_terms) / len(q_terms) if q_terms else 0.7
    if similarity and question.strip():
        relevance = max(relevance, similarity(question, [response])[0])
    crit_terms = [t for t in re.split(r"[,;\n]|\band\b", criteria) if content_words(t)]
    if crit_terms:
        met = [t.strip() for t in crit_terms if set(content_words(t)) & resp_terms]
        coverage = len(met) / len(crit_terms)
        missing = [t.strip() for t in crit_terms if t.strip() not in met]
    else:
        coverage, missing = relevance, []
    n_words = len(response.split())
    details = len(re.findall(r"\d|\b[A-Z][a-z]+\b|\be\.g\.|\bfor example\b|\bsuch as\b", response))
    specificity = min(1.0, details / max(2.0, n_words / 12))
    specificity = max(0.0, specificity - 0.1 * len(cues.VAGUE_WORDS.findall(response)))
    length_fit = 1.0 if 15 <= n_words <= 400 else (n_words / 15 if n_words < 15 else 400 / n_words)

    score = 0.4 * relevance + 0.25 * coverage + 0.2 * specificity + 0.15 * length_fit
    result.score01 = round(max(0.0, min(1.0, score)), 3)

    if relevance >= 0.6:
        result.strengths.append("It addresses the question directly.")
    else:
        result.weaknesses.append("It drifts from the question.")
        result.suggestions.append("Answer the question asked, using its key terms: " + ", ".join(sorted(q_terms - resp_terms)[:5]) + ".")
    if missing:
        result.weaknesses.append("Criteria not met: " + "; ".join(missing[:4]) + ".")
        result.suggestions.append("Cover each missing criterion explicitly.")
    elif crit_terms:
        result.strengths.append("It meets every listed criterion.")
    if specificity >= 0.5:
        result.strengths.append("It is concrete (numbers, names or examples).")
    else:
        result.weaknesses.append("It is vague.")
        result.suggestions.append("Add a concrete example, figure or name.")
    if length_fit < 0.8:
        result.weaknesses.append("It is too short." if n_words < 15 else "It is too long.")
        result.suggestions.append("Expand with supporting detail." if n_words < 15 else "Cut repetition and filler.")
    if len(split_sentences(response)) >= 2 and relevance >= 0.6:
        result.strengths.append("It is organised in several sentences.")
    return result


class Critique:
    """Skill: score a response (a ``Response:``/``Answer:`` section, or the context) against its question."""

    name = "critique"

    def applies(self, turn: Turn) -> float:
        v = turn.view
        judged = judged_text(turn)
        wants = bool(cues.CRITIQUE_REQUEST.search(v.request))
        return 0.95 if wants and (judged or (v.context and (v.format.score_scale or not v.labels))) else 0.0

    def run(self, turn: Turn) -> Result:
        v = turn.view
        criteria = v.sections.get("criteria", "") or v.sections.get("rubric", "")
        question = v.sections.get("question", "") or v.sections.get("task", "")
        found = critique(judged_text(turn) or v.context, question, criteria, turn.similarity)
        low, high = v.format.score_scale or (1.0, 10.0)
        score = found.on_scale(low, high)
        lines = [f"Score: {format_number(score)}/{format_number(high)}"]
        for title, notes in (("Strengths", found.strengths), ("Weaknesses", found.weaknesses),
                             ("Suggestions", found.suggestions)):
            if notes:
                lines.append(f"{title}: " + " ".join(notes))
        feedback = " ".join(found.weaknesses + found.suggestions) or " ".join(found.strengths)
        return Result(text="\n".join(lines), short=format_number(score),
                      fields={"score": score, "strengths": found.strengths, "weaknesses": found.weaknesses,
                              "suggestions": found.suggestions, "feedback": feedback},
                      aliases={"rating": score, "grade": score, "comments": feedback, "critique": feedback})


def judged_text(turn: Turn) -> str:
    """The text to be judged: the first ``Response:``/``Answer:``/``Draft:``... section of the prompt."""
    return next((turn.view.sections[h] for h in JUDGED_HEADERS if h in turn.view.sections), "")
