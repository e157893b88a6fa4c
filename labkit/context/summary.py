"""Rolling summary memory: fold turns that leave the window into a summary written by the model.

The one idea: forgetting old turns loses facts, keeping them all overflows the budget; a summary keeps the facts in
a bounded size. Each time turns fall out of the window, the model is asked to summarise *the previous summary plus
those turns* in at most ``sentences`` sentences, so the summary rolls forward and its size stays bounded however
long the conversation runs. The price: every fold is a model call, and a summary can drop a detail that later
turns out to matter (which is why :mod:`.vector` memory exists).

By default only the user's turns are summarised: what the user told you is what memory must keep, and the
assistant's replies can be regenerated. Pass ``include_ai=True`` to keep them.

Left out: summarising by topic and summary quality checks.
"""

from __future__ import annotations

from typing import Any

from labkit.context.buffer import Turn, WindowMemory, transcript
from labkit.errors import InvalidInputError


def summary_prompt(previous: str, turns: list[Turn], sentences: int, include_ai: bool = False) -> str:
    """The fold prompt: the old summary and the new turns as material, with a sentence limit.

    >>> print(summary_prompt("", [Turn("human", "I'm Alice.", 0)], 2))
    Summarize in 2 sentences, keeping every fact the user stated about themselves:
    Text:
    I'm Alice.
    """
    said = transcript(turns) if include_ai else "\n".join(t.content for t in turns if t.role == "human")
    material = "\n".join(filter(None, [previous.strip(), said]))
    return (f"Summarize in {sentences} sentences, keeping every fact the user stated about themselves:\n"
            f"Text:\n{material}")


class SummaryMemory:
    """A window of recent turns plus a rolling, model-written summary of everything older."""

    def __init__(self, model: Any, k: int = 4, sentences: int = 3, include_ai: bool = False):
        if not isinstance(sentences, int) or sentences < 1:
            raise InvalidInputError(f"sentences must be a positive integer, got {sentences!r}.")
        self.model = model
        self.buffer = WindowMemory(k=k)
        self.sentences, self.include_ai = sentences, include_ai
        self.summary = ""
        self.folded = 0  # turns already in the summary
        self.calls = 0

    def add(self, role: str, content: str) -> Turn:
        turn = self.buffer.add(role, content)
        self._fold()
        return turn

    def _fold(self) -> None:
        gone = self.buffer.forgotten()[self.folded :]
        if not gone:
            return
        self.folded += len(gone)
        if not self.include_ai and all(t.role == "ai" for t in gone):
            return
        self.calls += 1
        reply = self.model.invoke(summary_prompt(self.summary, gone, self.sentences, self.include_ai))
        self.summary = str(reply.content).strip()

    def window(self) -> list[Turn]:
        return self.buffer.window()
