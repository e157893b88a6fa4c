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
