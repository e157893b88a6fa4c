"""The three records retrieval passes around: a document, a chunk of it, and a hit (a chunk with a score).

The one idea: a chunk remembers *where* it came from (document id and character offsets), so an answer can cite
it, a reader can open the source at that place, and a test can prove chunking lost nothing.

Left out: rich metadata schemas; ``metadata`` is a plain dict of JSON-serialisable values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Document:
    """A loaded source: its id, its full text and metadata (``source`` path, ``modality``, page, ...)."""

    id: str
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Chunk:
    """A piece of a document: ``text == document.text[start:end]``; ``id`` is what answers cite."""

    id: str
    text: str
    doc_id: str = ""
    start: int = 0
    end: int = 0
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "doc_id": self.doc_id, "start": self.start, "end": self.end,
                "metadata": self.metadata}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Chunk:
        return cls(data["id"], data["text"], data.get("doc_id", ""), data.get("start", 0), data.get("end", 0),
                   data.get("metadata", {}))


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk, its score (higher is better; scales differ between retrievers) and who found it."""

    chunk: Chunk
    score: float
    source: str = ""

    @property
    def id(self) -> str:
        return self.chunk.id

    @property
    def text(self) -> str:
        return self.chunk.text


def as_chunks(items: Any) -> list[Chunk]:
    """Accept chunks, documents (one chunk each) or plain strings (ids ``0``, ``1``, ...).

    >>> [c.id for c in as_chunks(["a", "b"])]
    ['0', '1']
    """
    from labkit.errors import InvalidInputError

    if isinstance(items, (str, Chunk, Document)):
        items = [items]
    out: list[Chunk] = []
    for i, item in enumerate(items):
        if isinstance(item, Chunk):
            out.append(item)
        elif isinstance(item, Document):
            out.append(Chunk(item.id, item.text, item.id, 0, len(item.text), dict(item.metadata)))
        elif isinstance(item, str):
            out.append(Chunk(str(i), item, str(i), 0, len(item)))
        else:
            raise InvalidInputError(f"Item {i} is {type(item).__name__}; index Chunk, Document or str values.")
    ids = [c.id for c in out]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise InvalidInputError(f"Chunk id {dup!r} appears more than once; ids must be unique to be cited.")
    return out
