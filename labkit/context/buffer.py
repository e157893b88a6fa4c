"""Conversation memory, simplest form: a window buffer that keeps the last turns, by count and by tokens.

The one idea: a chat model remembers nothing between calls; "memory" is whatever you send again. Sending the whole
history grows the prompt without bound, so the first memory is a sliding window: keep the last ``k`` messages and,
optionally, no more than ``max_tokens`` of them. Everything older is forgotten, which is exactly the failure the
other memories (:mod:`.summary`, :mod:`.vector`, :mod:`.episodic`) fix.

Left out: persistence across processes (serialise :meth:`WindowMemory.turns` yourself).

>>> memory = WindowMemory(k=2)
>>> for text in ["a", "b", "c"]:
...     _ = memory.add("human", text)
>>> [t.content for t in memory.window()]
['b', 'c']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from labkit.errors import InvalidInputError
from labkit.llm.tokens import count_tokens

ROLES = ("human", "ai")


@dataclass(frozen=True)
class Turn:
    """One message of a conversation, numbered in the order it was said."""

    role: str
    content: str
    index: int

    def as_message(self) -> Any:
        from langchain_core.messages import AIMessage, HumanMessage

        return HumanMessage(self.content) if self.role == "human" else AIMessage(self.content)


class WindowMemory:
    """All turns are kept (for other memories to read); :meth:`window` returns the last ``k`` within ``max_tokens``."""

    def __init__(self, k: int = 6, max_tokens: int | None = None):
        if not isinstance(k, int) or k < 1:
            raise InvalidInputError(f"k (messages kept) must be a positive integer, got {k!r}.")
        if max_tokens is not None and (not isinstance(max_tokens, int) or max_tokens < 1):
            raise InvalidInputError(f"max_tokens must be a positive integer or None, got {max_tokens!r}.")
        self.k, self.max_tokens = k, max_tokens
        self.turns: list[Turn] = []

    def add(self, role: str, content: str) -> Turn:
        if role not in ROLES:
            raise InvalidInputError(f"role must be one of {ROLES}, got {role!r}.")
        if not isinstance(content, str) or not content.strip():
            raise InvalidInputError("A message needs non-empty text.")
        turn = Turn(role, content.strip(), len(self.turns))
        self.turns.append(turn)
        return turn

    def window(self) -> list[Turn]:
        """The newest turns: at most ``k``, and at most ``max_tokens`` in total (newest kept first)."""
        recent = self.turns[-self.k :]
        if self.max_tokens is None:
            return recent
        kept: list[Turn] = []
        used = 0
        for turn in reversed(recent):
            cost = count_tokens(turn.content)
            if used + cost > self.max_tokens:
                break
            kept.append(turn)
            used += cost
        return kept[::-1]

    def forgotten(self) -> list[Turn]:
        """Turns that have fallen out of the window."""
        first = self.window()[0].index if self.window() else len(self.turns)
        return self.turns[:first]

    def messages(self) -> list[Any]:
        """The window as LangChain messages."""
        return [t.as_message() for t in self.window()]


def transcript(turns: Sequence[Turn], include_ai: bool = True) -> str:
    """Turns as ``User: ...`` / ``Assistant: ...`` lines.

    >>> transcript([Turn("human", "hi", 0), Turn("ai", "hello", 1)])
    'User: hi\\nAssistant: hello'
    """
    names = {"human": "User", "ai": "Assistant"}
    return "\n".join(f"{names[t.role]}: {t.content}" for t in turns if include_ai or t.role == "human")
