"""Information prioritisation: score each piece of information, then pack the best into the budget.

The one idea: when everything does not fit, decide by value, not by order of arrival. Each block gets a score =
priority weight x relevance (a support ticket that needs action now outranks company history, however early the
history was added); blocks are packed best-first while they fit, and the first block that does not fit may be
truncated into the space left, if that space is worth using.

Left out: learned relevance (use retrieval scores from :mod:`labkit.rag` as ``relevance``) and deduplication.

>>> Block("Payment failed", "critical", 1.0).score > Block("Founded in 1995", "background", 0.3).score
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from labkit.context.truncation import truncate
from labkit.errors import InvalidInputError
from labkit.llm.tokens import count_tokens

PRIORITY_WEIGHTS = {"critical": 10, "high": 7, "medium": 5, "low": 2, "background": 1}


@dataclass(frozen=True)
class Block:
    """A piece of information with a priority level and a relevance in [0, 1] to the current request."""

    content: str
    priority: str = "medium"
    relevance: float = 1.0

    def __post_init__(self) -> None:
        if self.priority not in PRIORITY_WEIGHTS:
            raise InvalidInputError(f"Unknown priority {self.priority!r}; use one of {list(PRIORITY_WEIGHTS)}.")
        if not 0.0 <= self.relevance <= 1.0:
            raise InvalidInputError(f"relevance must be between 0 and 1, got {self.relevance!r}.")
        if not isinstance(self.content, str) or not self.content.strip():
            raise InvalidInputError("A block needs non-empty content.")

    @property
    def score(self) -> float:
        return PRIORITY_WEIGHTS[self.priority] * self.relevance

    def render(self) -> str:
        return f"[{self.priority.upper()}] {self.content.strip()}"


def prioritise(blocks: Sequence[Block]) -> list[Block]:
    """Blocks best-first by score (stable: equal scores keep their input order)."""
    return sorted(blocks, key=lambda b: -b.score)


@dataclass(frozen=True)
class Packed:
    """What went in (in order, the last possibly truncated), what was left out, and the token count."""

    text: str
    included: tuple[Block, ...]
    dropped: tuple[Block, ...]
    truncated: Block | None
    tokens: int


def pack(blocks: Sequence[Block], max_tokens: int, min_fragment: int = 8, strategy: str = "head") -> Packed:
    """Pack blocks best-first into ``max_tokens``; the first that does not fit is truncated if at least
    ``min_fragment`` tokens are left for it, and everything after it is dropped."""
    if not isinstance(max_tokens, int) or max_tokens < 0:
        raise InvalidInputError(f"max_tokens must be a non-negative integer, got {max_tokens!r}.")
    parts: list[str] = []
    included: list[Block] = []
    dropped: list[Block] = []
    truncated = None
    used = 0
    for block in prioritise(blocks):
        if dropped or truncated:
            dropped.append(block)
            continue
        rendered = block.render()
        cost = count_tokens(rendered)
        if used + cost <= max_tokens:
            parts.append(rendered)
            included.append(block)
            used += cost
            continue
        room = max_tokens - used
        if room >= min_fragment:
            cut = truncate(rendered, room, strategy)
            parts.append(cut)
            included.append(block)
            truncated = block
            used += count_tokens(cut)
        else:
            dropped.append(block)
    text = "\n\n".join(parts)
    return Packed(text, tuple(included), tuple(dropped), truncated, count_tokens(text))
