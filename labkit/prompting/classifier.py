"""A worked Level 1 application: an email classifier, measured on a labelled set instead of eyeballed.

The one idea: a classifier prompt is a piece of software, so it gets a test set and an accuracy figure. The prompt
follows the anatomy (role, task, categories, labelled material, a one-word format), the model's reply is
normalised to a known category (anything else counts as a miss, never silently as a label), and
:func:`evaluate` reports accuracy, a per-category breakdown and the confusions, so a prompt change is judged by
numbers. The labelled set (35 emails, 7 per category) lives in ``labkit/prompting/data/emails.json``.

Left out: calibrated probabilities, multi-label emails and threading; an email here has exactly one category.

>>> normalise_label("Category: Spam.", CATEGORIES)
'spam'
>>> normalise_label("I think it is probably fine", CATEGORIES) is None
True
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from labkit.errors import InvalidInputError
from labkit.prompting.anatomy import Prompt

CATEGORIES = ("urgent", "important", "spam", "newsletter", "personal")
DESCRIPTIONS = {
    "urgent": "needs action today: outages, deadlines within hours, security incidents",
    "important": "work that matters but not today: reviews, budgets, contracts, meeting notes",
    "spam": "unsolicited scams, prizes, phishing links and ads",
    "newsletter": "subscribed periodic digests, issues and roundups",
    "personal": "friends and family: invitations, greetings, favours",
}


@dataclass(frozen=True)
class LabelledEmail:
    text: str
    label: str


def load_emails(path: str | None = None) -> list[LabelledEmail]:
    """The labelled email set: the bundled one, or a JSON file of the same shape at ``path``."""
    source = Path(path) if path else resources.files("labkit.prompting").joinpath("data/emails.json")
    raw = json.loads(source.read_text(encoding="utf-8"))
    return [LabelledEmail(e["text"], e["label"]) for e in raw["emails"]]


def normalise_label(reply: str, categories: Sequence[str]) -> str | None:
    """The category a reply names (case, punctuation and a leading 'Category:' ignored); ``None`` if it names none
    or more than one."""
    words = re.findall(r"[a-z]+", reply.lower())
    found = {c for c in categories if c.lower() in words}
    return found.pop() if len(found) == 1 else None


def bare_prompt(email: str) -> Prompt:
    """The syllabus's classifier: a role, the category names and a one-word format."""
    return Prompt(
        role="You are an email classification system.",
        task="Classify this email into one of: " + ", ".join(CATEGORIES),
        context=email,
        context_label="Email",
        format="Respond with only the category name in lowercase.",
    )


def described_prompt(email: str) -> Prompt:
    """The same, with a one-line description per category: the labels now say what they mean."""
    lines = "\n".join(f"- {c}: {DESCRIPTIONS[c]}" for c in CATEGORIES)
    return Prompt(
        role="You are an email classification system.",
        task=f"Classify this email into one of these categories:\n{lines}",
        context=email,
        context_label="Email",
        format="Respond with only the category name in lowercase.",
    )


PROMPTS = {"bare": bare_prompt, "described": described_prompt}


def classify_email(model: Any, email: str, prompt: str = "described") -> str | None:
    """The category ``model`` gives ``email`` (``None`` when the reply names no single known category)."""
    if not isinstance(email, str) or not email.strip():
        raise InvalidInputError("classify_email needs the email's text (a non-empty string).")
    if prompt not in PROMPTS:
        raise InvalidInputError(f"Unknown prompt {prompt!r}; choose one of {sorted(PROMPTS)}.")
    reply = model.invoke(PROMPTS[prompt](email).render())
    return normalise_label(str(reply.content), CATEGORIES)


@dataclass(frozen=True)
class ClassifierReport:
    """Accuracy over a labelled set, per-category recall and the (gold, predicted) confusions."""

    prompt: str
    rows: tuple[tuple[str, str, str | None], ...] = field(default_factory=tuple)

    @property
    def accuracy(self) -> float:
        return sum(g == p for _, g, p in self.rows) / len(self.rows) if self.rows else 0.0

    def per_category(self) -> dict[str, float]:
        totals = Counter(g for _, g, _ in self.rows)
        hits = Counter(g for _, g, p in self.rows if g == p)
        return {c: round(hits[c] / totals[c], 2) for c in sorted(totals)}

    def confusions(self) -> list[tuple[str, str, int]]:
        """``(gold, predicted, count)`` for every mistake, most frequent first."""
        counts = Counter((g, p or "(none)") for _, g, p in self.rows if g != p)
        return [(g, p, n) for (g, p), n in counts.most_common()]


def evaluate(
    model: Any, emails: Sequence[LabelledEmail] | None = None, prompt: str = "described", concurrency: int = 4
) -> ClassifierReport:
    """Classify every labelled email (one batched call, ``concurrency`` at a time) and score the predictions."""
    emails = list(load_emails() if emails is None else emails)
    if not emails:
        raise InvalidInputError("evaluate needs at least one labelled email.")
    if prompt not in PROMPTS:
        raise InvalidInputError(f"Unknown prompt {prompt!r}; choose one of {sorted(PROMPTS)}.")
    unknown = sorted({e.label for e in emails} - set(CATEGORIES))
    if unknown:
        raise InvalidInputError(f"Labels {unknown} are not categories; use {list(CATEGORIES)}.")
    replies = model.batch([PROMPTS[prompt](e.text).render() for e in emails], config={"max_concurrency": concurrency})
    rows = tuple((e.text, e.label, normalise_label(str(r.content), CATEGORIES)) for e, r in zip(emails, replies))
    return ClassifierReport(prompt, rows)
