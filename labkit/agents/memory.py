"""Agent memory: a small working memory for the task at hand, and a long-term store recalled by meaning.

The one idea: the two memories answer different questions. *Working memory* is "what do I know right now, in this
task" — step outputs by id and a short log of recent events, bounded so it never swamps the prompt. *Long-term
memory* is "what have I learned before that is relevant to this" — every finished task and every failure lesson is
stored, and recall ranks them by similarity to the new task (embeddings from :mod:`labkit.embed`, or word overlap
with ``semantic=False``) so only the few relevant ones enter the prompt.

What it leaves out: forgetting policies, summarising old memories and episodic replay (see :mod:`labkit.context`'s
memory lessons); persistence is a plain JSON file.

>>> wm = WorkingMemory(max_notes=2)
>>> wm.note("a"); wm.note("b"); wm.note("c")
>>> wm.recent()
['b', 'c']
"""

from __future__ import annotations

import json
import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labkit.errors import InvalidInputError


@dataclass
class WorkingMemory:
    """Facts of the current task (step outputs by id) and a bounded log of recent notes."""

    max_notes: int = 20
    facts: dict[str, str] = field(default_factory=dict)
    notes: deque[str] = field(init=False)

    def __post_init__(self) -> None:
        if self.max_notes < 1:
            raise InvalidInputError(f"WorkingMemory.max_notes must be at least 1, got {self.max_notes}.")
        self.notes = deque(maxlen=self.max_notes)

    def remember(self, key: str, value: str) -> None:
        self.facts[key] = value

    def note(self, text: str) -> None:
        self.notes.append(text)

    def recent(self, n: int | None = None) -> list[str]:
        items = list(self.notes)
        return items if n is None else items[-n:]

    def clear(self) -> None:
        self.facts.clear()
        self.notes.clear()


def _words(text: str) -> set[str]:
    """Lower-case words of 3+ letters, a crude but dependency-free similarity basis.

    >>> sorted(_words("The cat sat on a Mat"))
    ['cat', 'mat', 'sat', 'the']
    """
    return set(re.findall(r"[a-z0-9]{3,}", text.lower()))


@dataclass(frozen=True)
class Memory:
    """One long-term memory: its text, a kind (``task``, ``lesson``, ``fact``...) and a relevance score on recall."""

    text: str
    kind: str = "fact"
    score: float = 0.0


class LongTermMemory:
    """Texts remembered across tasks, recalled by similarity. ``path`` makes it persist as JSON."""

    def __init__(self, *, semantic: bool = True, path: str | Path | None = None):
        self.semantic = semantic
        self.path = Path(path) if path else None
        self.items: list[Memory] = []
        self._vectors: Any = None
        if self.path and self.path.exists():
            try:
                rows = json.loads(self.path.read_text())
                self.items = [Memory(r["text"], r.get("kind", "fact")) for r in rows]
            except (ValueError, KeyError, TypeError) as exc:
                raise InvalidInputError(f"{self.path} is not a labkit memory file ({exc}); move it away.") from None

    def __len__(self) -> int:
        return len(self.items)

    def remember(self, text: str, kind: str = "fact") -> None:
        if not isinstance(text, str) or not text.strip():
            raise InvalidInputError("Only non-empty text can be remembered.")
        if any(m.text == text for m in self.items):
            return
        self.items.append(Memory(text.strip(), kind))
        self._vectors = None
        if self.path:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps([{"text": m.text, "kind": m.kind} for m in self.items], indent=1))

    def recall(self, query: str, k: int = 3, min_score: float = 0.2) -> list[Memory]:
        """Up to ``k`` memories most similar to ``query`` (scores in 0..1), best first."""
        if not self.items or not query.strip():
            return []
        if self.semantic:
            from labkit.embed import get_embeddings

            encode = get_embeddings().encode
            if self._vectors is None:
                self._vectors = encode([m.text for m in self.items])
            scores = [float(s) for s in self._vectors @ encode([query])[0]]
        else:
            q = _words(query)
            scores = [len(q & _words(m.text)) / max(1, len(q)) for m in self.items]
        ranked = sorted(range(len(self.items)), key=lambda i: (-scores[i], i))
        return [Memory(self.items[i].text, self.items[i].kind, round(scores[i], 3))
                for i in ranked[:k] if scores[i] >= min_score]
