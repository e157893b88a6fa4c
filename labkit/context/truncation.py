"""Token budgets and truncation: count in tokens, and when text is too long, choose *which end* to lose.

The one idea: a context window is measured in tokens, so every budget decision must be too (characters and words
are only estimates), and when something must be cut the choice of what survives is a design decision. Keep the
``head`` for documents that front-load (abstracts, news), the ``tail`` for logs and chats where the latest matters,
and ``middle`` ("middle-out": keep both ends, drop the middle) for anything whose setup and conclusion both count.
Every function here guarantees its output fits: ``count_tokens(result) <= max_tokens``, checked, not assumed.

Left out: summarising instead of cutting (see :mod:`labkit.context.summary`) and provider tokenizers (counts use
the bundled WordPiece tokenizer; budget with a margin for a real provider).

>>> truncate("one two three four five six", 4, "head")
'one two three four'
>>> truncate("one two three four five six", 4, "tail")
'three four five six'
>>> truncate("one two three four five six seven eight nine", 5, "middle")
'one two … eight nine'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from labkit.errors import InvalidInputError
from labkit.llm.tokens import count_tokens, token_spans

STRATEGIES = ("head", "tail", "middle")
MARKER = " … "  # one token: tells the reader (and the model) that something was cut here


@dataclass(frozen=True)
class TokenBudget:
    """A context budget: the model's window minus what is reserved for the answer.

    >>> TokenBudget(window=1000, reserve=200).available
    800
    """

    window: int
    reserve: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.window, int) or self.window < 1:
            raise InvalidInputError(f"window must be a positive number of tokens, got {self.window!r}.")
        if not isinstance(self.reserve, int) or not 0 <= self.reserve < self.window:
            raise InvalidInputError(f"reserve must be between 0 and window-1 ({self.window - 1}), got {self.reserve!r}.")

    @property
    def available(self) -> int:
        """Tokens the prompt may use."""
        return self.window - self.reserve

    def fits(self, text: str) -> bool:
        return count_tokens(text) <= self.available

    def remaining(self, *texts: str) -> int:
        """Tokens left after ``texts`` (negative when over budget)."""
        return self.available - sum(count_tokens(t) for t in texts)


def fit_rate(texts: Sequence[str], max_tokens: int) -> float:
    """Share of ``texts`` that fit in ``max_tokens`` as they are.

    >>> fit_rate(["short", "a much longer text than the other one"], 3)
    0.5
    """
    if not texts:
        raise InvalidInputError("fit_rate needs at least one text.")
    return sum(count_tokens(t) <= max_tokens for t in texts) / len(texts)


def _check(text: str, max_tokens: int, strategy: str) -> None:
    if not isinstance(text, str):
        raise InvalidInputError(f"Expected text (str), got {type(text).__name__}.")
    if not isinstance(max_tokens, int) or isinstance(max_tokens, bool) or max_tokens < 0:
        raise InvalidInputError(f"max_tokens must be a non-negative integer, got {max_tokens!r}.")
    if strategy not in STRATEGIES:
        raise InvalidInputError(f"Unknown truncation strategy {strategy!r}; choose one of {list(STRATEGIES)}.")


def _head(text: str, spans: list[tuple[int, int]], n: int) -> str:
    return text[: spans[n - 1][1]] if n > 0 else ""


def _tail(text: str, spans: list[tuple[int, int]], n: int) -> str:
    return text[spans[len(spans) - n][0] :] if n > 0 else ""


def truncate(text: str, max_tokens: int, strategy: str = "head", marker: str = MARKER) -> str:
    """Cut ``text`` to at most ``max_tokens`` tokens, keeping the ``head``, the ``tail`` or both ends (``middle``).

    Cuts fall on token boundaries of the original text. ``middle`` joins the two ends with ``marker``; when the
    budget is too small for a marker plus both ends it keeps the head alone.
    """
    _check(text, max_tokens, strategy)
    spans = token_spans(text)
    if len(spans) <= max_tokens:
        return text
    marker_tokens = count_tokens(marker)
    keep = max_tokens
    while keep >= 0:
        if strategy == "head" or (strategy == "middle" and keep < marker_tokens + 2):
            out = _head(text, spans, keep).rstrip()
        elif strategy == "tail":
            out = _tail(text, spans, keep).lstrip()
        else:
            body = keep - marker_tokens
            head_n = (body + 1) // 2
            out = _head(text, spans, head_n).rstrip() + marker + _tail(text, spans, body - head_n).lstrip()
        # WordPiece may split a cut word differently from the original, so check rather than assume.
        if count_tokens(out) <= max_tokens:
            return out
        keep -= 1
    return ""  # pragma: no cover - keep == 0 always yields "" above


# --- where does information survive? a needle-in-a-haystack probe -----------------------------------------------

NEEDLE = ("The vault access code is 4817.", "What is the vault access code?", "4817")
HAYSTACK = (
    "The museum opened a new wing for modern sculpture.", "Rainfall in the valley was above average in spring.",
    "The committee discussed the parking schedule for visitors.", "A new bakery opened near the central station.",
    "The river festival draws crowds every summer.", "Volunteers repainted the fence around the school garden.",
    "The library extended its opening hours on Thursdays.", "Local farmers reported a strong apple harvest.",
    "The cycling club planned a route along the coast.", "Engineers inspected the old bridge last week.",
    "The choir rehearses in the community hall.", "Tickets for the theatre sold out within a day.",
)


def haystack(position: str, sentences: int = 12) -> str:
    """A document of unrelated sentences with :data:`NEEDLE` at its ``start``, ``middle`` or ``end``."""
    if position not in ("start", "middle", "end"):
        raise InvalidInputError(f"position must be 'start', 'middle' or 'end', got {position!r}.")
    filler = [HAYSTACK[i % len(HAYSTACK)] for i in range(sentences)]
    at = {"start": 0, "middle": len(filler) // 2, "end": len(filler)}[position]
    return " ".join([*filler[:at], NEEDLE[0], *filler[at:]])


def survival(model: Any, max_tokens: int, strategies: Sequence[str] = STRATEGIES,
             positions: Sequence[str] = ("start", "middle", "end")) -> dict[str, dict[str, bool]]:
    """For each strategy and needle position: truncate the document to ``max_tokens``, ask the model the needle's
    question with the truncated text as context, and record whether the answer holds the needle."""
    _, question, expected = NEEDLE
    table: dict[str, dict[str, bool]] = {}
    for strategy in strategies:
        prompts = [f"Context: {truncate(haystack(p), max_tokens, strategy)}\nQuestion: {question}" for p in positions]
        replies = model.batch(prompts, config={"max_concurrency": 1})
        table[strategy] = {p: expected in str(r.content) for p, r in zip(positions, replies)}
    return table
