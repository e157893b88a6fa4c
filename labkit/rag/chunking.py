"""Chunkers: cut a document into retrievable pieces without losing a character.

What it teaches: the chunk is the unit a retriever finds and a model reads. Too big and it drowns the answer in
noise (and the context budget); too small and it loses the sentence that made it meaningful. The strategies here go
from blunt to careful:

* :class:`FixedChunker`: every ``size`` characters, with ``overlap`` so a sentence cut at a boundary survives whole
  in one of the two chunks. Simple, and blind to meaning.
* :class:`RecursiveChunker`: try paragraph breaks first, then lines, sentences, words, and only then characters,
  so chunks end where the text does (the idea of LangChain's ``RecursiveCharacterTextSplitter``).
* :class:`SentenceChunker`: whole sentences, packed up to a size.
* :class:`SemanticChunker`: a new chunk where the *topic* changes, i.e. where the embedding similarity between
  neighbouring sentences drops (a breakpoint above a percentile of the distances).
* :class:`MarkdownHeaderChunker`: one chunk per section, carrying its header path (``Guide > Install``) as metadata.
* :class:`LangChainChunker`: any LangChain text splitter, with its chunks mapped back to offsets.

The one idea: every chunker here returns *spans* of the original text. Chunk text is ``text[start:end]``, spans are
in order and leave no gap, so :func:`reassemble` gives back the document exactly (tests check this with
hypothesis). Whitespace stays attached to the piece before it instead of being stripped.

Left out: token-based sizes (sizes are characters; :mod:`labkit.llm.tokens` converts) and chunk summaries.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

import numpy as np

from labkit.errors import InvalidInputError
from labkit.rag.documents import Chunk, Document
from labkit.registry import Registry

Span = tuple[int, int, dict[str, Any]]

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n\s*\n")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence pieces of ``text[start:end]`` as spans; trailing whitespace stays with its sentence.

    >>> t = "One. Two! Three"
    >>> [t[a:b] for a, b in sentence_spans(t)]
    ['One. ', 'Two! ', 'Three']
    """
    end = len(text) if end is None else end
    spans, cursor = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        if m.end() > cursor and text[cursor:m.start()].strip():
            spans.append((cursor, m.end()))
            cursor = m.end()
    if cursor < end:
        if spans and not text[cursor:end].strip():
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((cursor, end))
    return spans


def pack(pieces: list[tuple[int, int]], size: int, overlap: int = 0) -> list[tuple[int, int]]:
    """Greedily join consecutive pieces into spans of at most ``size`` characters (a bigger piece stays alone).

    Overlap re-uses whole trailing pieces of the previous span, up to ``overlap`` characters.

    >>> pack([(0, 4), (4, 8), (8, 12)], size=8)
    [(0, 8), (8, 12)]
    >>> pack([(0, 4), (4, 8), (8, 12)], size=8, overlap=4)
    [(0, 8), (4, 12)]
    """
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(pieces):
        j = i
        while j + 1 < len(pieces) and pieces[j + 1][1] - pieces[i][0] <= size:
            j += 1
        out.append((pieces[i][0], pieces[j][1]))
        if j + 1 >= len(pieces):
            break
        nxt = j + 1
        if overlap > 0:  # step back over whole pieces that fit in the overlap (but always move forward)
            k = j
            while k > i and pieces[j][1] - pieces[k][0] <= overlap and pieces[j + 1][1] - pieces[k][0] <= size:
                k -= 1
            nxt = k + 1 if k + 1 > i else j + 1
        i = nxt
    return out


class Chunker(ABC):
    """Base class: subclasses return spans of the text; this class turns them into checked, cited chunks."""

    name = "chunker"

    @abstractmethod
    def spans(self, text: str) -> list[Span]:
        """Ordered ``(start, end, metadata)`` spans that start at 0, end at ``len(text)`` and leave no gap."""

    def split(self, document: Document | str, doc_id: str | None = None) -> list[Chunk]:
        """Chunks of ``document``; ids are ``<doc id>#<n>``; metadata merges the document's and the span's."""
        if isinstance(document, str):
            document = Document(doc_id or "doc", document)
        elif not isinstance(document, Document):
            raise InvalidInputError(f"split() takes a Document or a str, got {type(document).__name__}.")
        text = document.text
        if not text:
            return []
        spans = self.spans(text)
        _check_spans(spans, len(text), self.name)
        return [Chunk(f"{document.id}#{i}", text[a:b], document.id, a, b, {**document.metadata, **meta})
                for i, (a, b, meta) in enumerate(spans)]

    def split_all(self, documents: list[Document]) -> list[Chunk]:
        return [c for d in documents for c in self.split(d)]


def _check_spans(spans: list[Span], n: int, name: str) -> None:
    if not spans or spans[0][0] != 0 or spans[-1][1] != n:
        raise AssertionError(f"{name}: spans must start at 0 and end at {n}")
    covered = 0
    for a, b, _ in spans:
        if not (a <= covered < b or (a == covered == b)) or a < 0:
            raise AssertionError(f"{name}: span ({a}, {b}) leaves a gap or goes backwards")
        covered = b


def reassemble(chunks: list[Chunk]) -> str:
    """The document text back from its chunks, overlaps removed (uses the offsets).

    >>> text = "alpha beta gamma"
    >>> reassemble(FixedChunker(size=6, overlap=2).split(text)) == text
    True
    """
    out, covered = [], 0
    for c in sorted(chunks, key=lambda c: (c.start, c.end)):
        if c.end > covered:
            out.append(c.text[covered - c.start:] if c.start < covered else c.text)
            covered = c.end
    return "".join(out)


def _positive(name: str, value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise InvalidInputError(f"{name} must be a positive integer, got {value!r}.")
    return value


def _overlap(overlap: Any, size: int) -> int:
    if not isinstance(overlap, int) or overlap < 0 or overlap >= size:
        raise InvalidInputError(f"overlap must be an integer in [0, size), got {overlap!r} with size {size}.")
    return overlap


@dataclass(frozen=True)
class FixedChunker(Chunker):
    """Windows of ``size`` characters, each starting ``size - overlap`` after the last."""

    size: int = 500
    overlap: int = 50
    name = "fixed"

    def __post_init__(self) -> None:
        _positive("size", self.size)
        _overlap(self.overlap, self.size)

    def spans(self, text: str) -> list[Span]:
        step = self.size - self.overlap
        out: list[Span] = []
        for a in range(0, len(text), step):
            out.append((a, min(a + self.size, len(text)), {}))
            if a + self.size >= len(text):
                break
        return out


DEFAULT_SEPARATORS = ("\n\n", "\n", ". ", "? ", "! ", "; ", ", ", " ")


@dataclass(frozen=True)
class RecursiveChunker(Chunker):
    """Split at the coarsest separator that makes pieces fit, recursing to finer ones; then pack up to ``size``."""

    size: int = 500
    overlap: int = 0
    separators: tuple[str, ...] = DEFAULT_SEPARATORS
    name = "recursive"

    def __post_init__(self) -> None:
        _positive("size", self.size)
        _overlap(self.overlap, self.size)

    def _pieces(self, text: str, a: int, b: int, level: int) -> list[tuple[int, int]]:
        if b - a <= self.size:
            return [(a, b)]
        if level >= len(self.separators):  # no separator left: cut characters
            return [(i, min(i + self.size, b)) for i in range(a, b, self.size)]
        sep = self.separators[level]
        cuts, pos = [a], a
        while (found := text.find(sep, pos, b)) != -1:
            pos = found + len(sep)
            if pos < b:
                cuts.append(pos)
        cuts.append(b)
        out: list[tuple[int, int]] = []
        for s, e in zip(cuts, cuts[1:]):
            out.extend(self._pieces(text, s, e, level + 1))
        return out

    def spans(self, text: str) -> list[Span]:
        return [(a, b, {}) for a, b in pack(self._pieces(text, 0, len(text), 0), self.size, self.overlap)]


@dataclass(frozen=True)
class SentenceChunker(Chunker):
    """Whole sentences packed up to ``size`` characters; ``overlap`` repeats trailing sentences."""

    size: int = 500
    overlap: int = 0
    name = "sentence"

    def __post_init__(self) -> None:
        _positive("size", self.size)
        _overlap(self.overlap, self.size)

    def spans(self, text: str) -> list[Span]:
        pieces: list[tuple[int, int]] = []
        splitter = RecursiveChunker(size=self.size)
        for a, b in sentence_spans(text):  # a "sentence" longer than size (a table, a code block) is split further
            pieces.extend(splitter._pieces(text, a, b, 0) if b - a > self.size else [(a, b)])
        return [(a, b, {}) for a, b in pack(pieces, self.size, self.overlap)]


class SemanticChunker(Chunker):
    """Break where neighbouring sentences are least alike: distances above the ``percentile`` start a new chunk.

    ``max_size`` (characters) still caps a chunk: an over-long topic is packed by sentences.
    """

    name = "semantic"

    def __init__(self, embeddings: Any = None, percentile: float = 80.0, max_size: int = 1000):
        if not 0 < percentile < 100:
            raise InvalidInputError(f"percentile must be between 0 and 100, got {percentile!r}.")
        self.embeddings = embeddings
        self.percentile = percentile
        self.max_size = _positive("max_size", max_size)

    def breakpoints(self, sentences: list[str]) -> list[int]:
        """Indices ``i`` where a chunk starts at sentence ``i`` (never 0)."""
        if len(sentences) < 2:
            return []
        if self.embeddings is None:
            from labkit.embed import get_embeddings

            self.embeddings = get_embeddings()
        vectors = np.asarray(self.embeddings.embed_documents([s.strip() for s in sentences]), dtype=np.float32)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        distances = 1.0 - np.sum(vectors[:-1] * vectors[1:], axis=1)
        threshold = np.percentile(distances, self.percentile)
        return [i + 1 for i, d in enumerate(distances) if d > threshold]

    def spans(self, text: str) -> list[Span]:
        sentences = sentence_spans(text)
        starts = [0, *self.breakpoints([text[a:b] for a, b in sentences]), len(sentences)]
        out: list[Span] = []
        for s, e in zip(starts, starts[1:]):
            out.extend((a, b, {}) for a, b in pack(sentences[s:e], self.max_size))
        return out


_HEADER = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.M)
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)


@dataclass(frozen=True)
class MarkdownHeaderChunker(Chunker):
    """One chunk per markdown section with its header path in metadata; sections over ``max_size`` are split further.

    Metadata: ``headers`` (list, outermost first) and ``section`` (``"Guide > Install"``).
    """

    max_size: int | None = None
    name = "markdown"

    def spans(self, text: str) -> list[Span]:
        fenced = [(m.start(), m.end()) for m in _FENCE.finditer(text)]
        heads = [m for m in _HEADER.finditer(text) if not any(a <= m.start() < b for a, b in fenced)]
        starts = [0] + [m.start() for m in heads if m.start() > 0]
        path: list[tuple[int, str]] = []
        meta_at: dict[int, dict[str, Any]] = {0: {"headers": [], "section": ""}}
        for m in heads:
            level = len(m.group(1))
            path = [(lvl, t) for lvl, t in path if lvl < level] + [(level, m.group(2).strip())]
            titles = [t for _, t in path]
            meta_at[m.start()] = {"headers": titles, "section": " > ".join(titles)}
        out: list[Span] = []
        bounds = starts + [len(text)]
        inner = RecursiveChunker(size=self.max_size) if self.max_size else None
        for a, b in zip(bounds, bounds[1:]):
            if a == b:
                continue
            meta = meta_at.get(a, {"headers": [], "section": ""})
            if inner and b - a > self.max_size:
                out.extend((a + s, a + e, dict(meta)) for s, e, _ in inner.spans(text[a:b]))
            else:
                out.append((a, b, dict(meta)))
        return out


class LangChainChunker(Chunker):
    """Any LangChain ``TextSplitter``, with its output mapped back to spans (gaps join the preceding chunk)."""

    name = "langchain"

    def __init__(self, splitter: Any):
        if not hasattr(splitter, "split_text"):
            raise InvalidInputError("LangChainChunker takes a LangChain TextSplitter (it has split_text()).")
        self.splitter = splitter

    def spans(self, text: str) -> list[Span]:
        starts, pos = [], 0
        for piece in self.splitter.split_text(text):
            found = text.find(piece, pos)
            if found == -1:  # the splitter rewrote text (e.g. stripped inner whitespace): fall back to its position
                continue
            if not starts or found > starts[-1]:
                starts.append(found)
            pos = found + 1
        if not starts or starts[0] != 0:
            starts.insert(0, 0)
        bounds = starts + [len(text)]
        return [(a, b, {}) for a, b in zip(bounds, bounds[1:]) if b > a]


CHUNKERS: Registry[type] = Registry("chunker")


def get_chunker(name: str, **options: Any) -> Chunker:
    """A chunker by registry name.

    >>> get_chunker("fixed", size=100, overlap=10)
    FixedChunker(size=100, overlap=10)
    """
    cls = CHUNKERS.get(name)
    try:
        return cls(**options)
    except TypeError as exc:
        raise InvalidInputError(f"Bad options for the {name!r} chunker: {exc}.") from None


for _name, _chunker in (("fixed", FixedChunker), ("recursive", RecursiveChunker), ("sentence", SentenceChunker),
                        ("semantic", SemanticChunker), ("markdown", MarkdownHeaderChunker)):
    CHUNKERS.register(_name, _chunker)
