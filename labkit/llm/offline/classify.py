"""Zero-shot classification: score the text against each offered label and pick the best.

Each label is scored two ways: does the text use the label's words (or its description's words), and, when
embeddings are available, how close is the text to "<label>: <description>"? The mix makes a label's wording matter,
exactly as with a real model: ``billing`` beats ``category 2``, and a label with a short description beats a bare
word.

Sentiment is the one task with its own knowledge: when the labels are polarities (positive / negative / neutral and
their synonyms) a small general opinion lexicon (:data:`.cues.POSITIVE_WORDS`) scores the text, with negation
flipping a word and the clause after a contrast ("I expected to hate it, *but* it was the best concert") weighing
most, since that is where writers put their verdict.

What it cannot do: know what an unusual label means beyond its words, its description and the embedding model's
sense of them. An undescribed label such as ``category 2`` gets a near-uniform score; the confidence says so.

>>> classify("My invoice shows a double charge", ["invoice problem", "delivery problem"]).label
'invoice problem'
>>> classify("I expected to hate it, but honestly it was the best concert of my life.", ["positive", "negative"]).label
'positive'
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, field

from labkit.llm.offline import cues
from labkit.llm.offline.sampling import SCORE_SCALE, choose
from labkit.llm.offline.skill import Result, Similarity, Turn
from labkit.llm.offline.text import content_words


@dataclass
class Classification:
    label: str
    confidence: float
    scores: dict[str, float] = field(default_factory=dict)


def weighted_clauses(text: str) -> list[tuple[str, float]]:
    """The text's clauses with how much each states the writer's point: a clause after 'but'/'however' counts
    three times, a conceded 'although ...' clause half.

    >>> weighted_clauses("I expected to hate it, but it was great.")
    [('I expected to hate it,', 1.0), ('it was great.', 3.0)]
    """
    out: list[tuple[str, float]] = []
    for sentence in re.split(r"(?<=[.!?])\s+", text.strip()):
        pieces = cues.CONTRAST.split(sentence)
        for i, piece in enumerate(p.strip() for p in pieces):
            if not piece:
                continue
            weight = 3.0 if i > 0 else 1.0
            if cues.CONCESSIVE_LEAD.match(sentence) and i == 0 and len(pieces) == 1 and "," in piece:
                conceded, _, point = piece.partition(",")  # "Although it rained, we loved it."
                out += [(conceded + ",", 0.5), (point.strip(), 3.0)]
                continue
            out.append((piece, weight))
    return out


def polarity(text: str) -> float:
    """Opinion of the text in -1..1 from the general lexicon, negation-aware, contrast-weighted.

    >>> polarity("The food was not good.") < 0 < polarity("Not bad at all, really great.")
    True
    """
    total = weight_sum = 0.0
    for clause, weight in weighted_clauses(text):
        tokens = re.findall(r"[a-z']+", clause.lower())
        score = 0.0
        for i, token in enumerate(tokens):
            sign = 1.0 if token in cues.POSITIVE_WORDS else -1.0 if token in cues.NEGATIVE_WORDS else 0.0
            if sign and any(cues.NEGATION.fullmatch(t) or t.endswith("n't") for t in tokens[max(0, i - 3) : i]):
                sign = -sign
            score += sign
        if score:
            total += weight * score
            weight_sum += weight * abs(score)
    return total / weight_sum if weight_sum else 0.0


def _lexical(text_terms: set[str], label: str, description: str) -> float:
    label_terms = set(content_words(label))
    extra = set(content_words(description))
    direct = len(label_terms & text_terms) / len(label_terms) if label_terms else 0.0
    described = min(1.0, len(extra & text_terms) / 2) if extra else 0.0
    return 0.6 * direct + 0.4 * described


def _polarity_scores(text: str, labels: list[str]) -> list[float] | None:
    """Label scores from the opinion lexicon when every label is a polarity, else None."""
    kinds = [cues.POLARITY_LABELS.get(label.lower().strip()) for label in labels]
    if None in kinds:
        return None
    p = polarity(text)
    target = {"positive": 1.0, "negative": -1.0, "neutral": 0.0}
    return [1.0 - abs(p - target[k]) / 2 for k in kinds]  # type: ignore[index]


def classify(
    text: str,
    labels: list[str],
    descriptions: dict[str, str] | None = None,
    similarity: Similarity | None = None,
    temperature: float = 0.0,
    rng: random.Random | None = None,
) -> Classification:
    """Pick one of ``labels`` for ``text``; confidence is the softmax probability of the pick."""
    descriptions = descriptions or {}
    point = " ".join(clause for clause, weight in weighted_clauses(text) if weight > 1) or text
    terms = set(content_words(text)) | set(content_words(point))
    scores = [_lexical(terms, readable(label), descriptions.get(label, "")) for label in labels]
    if similarity is not None:
        prompts = [f"{readable(label)}: {descriptions[label]}" if descriptions.get(label) else readable(label)
                   for label in labels]
        semantic = [(a + b) / 2 for a, b in zip(similarity(text, prompts), similarity(point, prompts))]
        mean = sum(semantic) / len(semantic)
        scores = [0.5 * (s - mean) * 4 + 0.5 * lex for s, lex in zip(semantic, scores)]  # differences carry meaning
    lexicon = _polarity_scores(text, labels)
    if lexicon is not None:
        scores = [0.3 * s + 0.7 * lex for s, lex in zip(scores, lexicon)]
    pick = choose(scores, temperature, rng or random.Random(0))
    top = max(scores)
    weights = [math.exp((s - top) / SCORE_SCALE) for s in scores]
    confidence = weights[pick] / sum(weights)
    return Classification(labels[pick], round(confidence, 2), dict(zip(labels, (round(s, 4) for s in scores))))


def material(turn: Turn) -> str:
    """The text to label: the prompt's material, else a ``Question:`` section (asked to be labelled), else the
    instruction with the offered labels taken out (they are in it only because the prompt lists them)."""
    v = turn.view
    text = v.context or v.sections.get("question") or v.sections.get("query")
    if text:
        return text
    listed = "|".join(re.escape(label) for label in sorted(v.labels, key=len, reverse=True))
    return re.sub(rf"\b(?:{listed})\b", " ", v.instruction, flags=re.IGNORECASE)


def readable(label: str) -> str:
    """A label as words: ``book_ticket`` -> ``book ticket``.

    >>> readable("lost_property")
    'lost property'
    """
    return re.sub(r"[_-]+", " ", label).strip()


class Classify:
    """Skill: pick one of the labels the prompt lists. Applies whenever the prompt offers labels."""

    name = "classify"

    def applies(self, turn: Turn) -> float:
        return 0.9 if turn.view.labels else 0.0

    def run(self, turn: Turn) -> Result:
        v = turn.view
        c = classify(material(turn), v.labels, v.label_descriptions, turn.similarity, turn.temperature, turn.rng)
        reason = f"The text is closest to '{c.label}' of the offered labels."
        return Result(
            text=c.label, short=c.label, fields={"label": c.label, "confidence": c.confidence},
            aliases={**{k: c.label for k in ("category", "class", "sentiment", "intent", "topic", "type")},
                     **{k: reason for k in cues.REASON_KEYS}},
        )
