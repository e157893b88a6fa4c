"""Zero-shot classification: score the text against each offered label and pick the best.

Each label is scored two ways: does the text mention the label (or its description's words), and, when
embeddings are available, how close is the text to the sentence "This text is about <label>: <description>"? The
mix makes a label's wording matter, exactly as with a real model: ``billing`` beats ``category 2``, and a label with
a short description beats a bare word.

>>> classify("My invoice shows a double charge", ["billing", "shipping"]).label
'billing'
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from labkit.llm.offline.sampling import SCORE_SCALE, choose
from labkit.llm.offline.text import content_words, stem

Similarity = Callable[[str, list[str]], list[float]]

# A handful of everyday associations, so a lexical-only classifier is not helpless on common label names.
_ASSOCIATIONS = {
    "billing": "invoice charge charged payment refund bill price paid card subscription",
    "shipping": "delivery package arrived parcel tracking shipped courier late",
    "positive": "love great excellent amazing good happy wonderful best recommend",
    "negative": "hate terrible awful bad worst disappointed broken poor refund angry",
    "neutral": "okay fine average",
    "spam": "winner prize free click offer lottery unsubscribe crypto",
    "urgent": "asap immediately urgent critical outage down emergency today now",
    "technical": "error bug crash install login password server",
}


@dataclass
class Classification:
    label: str
    confidence: float
    scores: dict[str, float] = field(default_factory=dict)


def _lexical(text_terms: set[str], label: str, description: str) -> float:
    label_terms = set(content_words(label))
    extra = set(content_words(description)) | {stem(w) for w in _ASSOCIATIONS.get(label.lower(), "").split()}
    direct = len(label_terms & text_terms) / len(label_terms) if label_terms else 0.0
    assoc = min(1.0, len(extra & text_terms) / 2) if extra else 0.0
    return 0.6 * direct + 0.4 * assoc


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
    terms = set(content_words(text))
    lexical = [_lexical(terms, label, descriptions.get(label, "")) for label in labels]
    if similarity is not None:
        # A bare label word embeds poorly; the label followed by its description (or its everyday associations)
        # lands much nearer to texts that belong to it.
        prompts = [f"{label}: {descriptions.get(label) or _ASSOCIATIONS.get(label.lower(), label)}" for label in labels]
        semantic = similarity(text, prompts)
        mean = sum(semantic) / len(semantic)
        semantic = [s - mean for s in semantic]  # only the differences between labels carry information
        scores = [0.5 * s + 0.5 * lex for s, lex in zip(semantic, lexical)]
    else:
        scores = lexical
    pick = choose(scores, temperature, rng or random.Random(0))
    top = max(scores)
    weights = [math.exp((s - top) / SCORE_SCALE) for s in scores]
    confidence = weights[pick] / sum(weights)
    return Classification(labels[pick], round(confidence, 2), dict(zip(labels, (round(s, 4) for s in scores))))
