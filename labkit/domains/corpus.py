"""Domain corpora: small document collections with the metadata that domain filters and citations depend on.

The one idea: in specialised RAG the metadata matters as much as the text. A legal passage without its jurisdiction,
a doc page without the versions it applies to, a study without its evidence level cannot be filtered or weighed,
so loading a corpus validates that every document carries an id, a title, text and a metadata mapping, and every
evaluation question names the documents that answer it.

The bundled corpora (``labkit/domains/data/<domain>.json``, a dozen short documents each) are fictional teaching
material; their descriptions say so, and nothing in them is to be cited as law, documentation or medicine.

Left out: loaders for PDFs and HTML (``labkit.rag`` has those) and chunking; each document here is one chunk.

>>> doc = DomainDocument("d1", "Title", "Text.", {"year": 2020})
>>> doc.metadata["year"]
2020
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from labkit.errors import CorpusError, InvalidInputError


@dataclass(frozen=True)
class DomainDocument:
    """One retrievable document: a unique id (cited as ``[id]``), a title, its text and its metadata."""

    id: str
    title: str
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id or any(c in self.id for c in " []"):
            raise InvalidInputError(f"A document id must be a string without spaces or brackets, got {self.id!r}.")
        if not isinstance(self.text, str) or not self.text.strip():
            raise InvalidInputError(f"Document {self.id!r} has no text.")
        if not isinstance(self.title, str):
            raise InvalidInputError(f"Document {self.id!r}: title must be a string.")
        if not isinstance(self.metadata, dict):
            raise InvalidInputError(f"Document {self.id!r}: metadata must be a dict.")


@dataclass(frozen=True)
class EvalQuestion:
    """A question for readiness checks: the filters to ask it with and the ids of the documents that answer it
    (empty for a question the corpus cannot answer, which the assistant should decline)."""

    question: str
    filters: dict[str, Any]
    relevant: tuple[str, ...]

    @property
    def answerable(self) -> bool:
        return bool(self.relevant)


@dataclass(frozen=True)
class Corpus:
    """A domain's documents and evaluation questions."""

    domain: str
    description: str
    documents: tuple[DomainDocument, ...]
    questions: tuple[EvalQuestion, ...]

    def get(self, doc_id: str) -> DomainDocument:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise InvalidInputError(f"No document {doc_id!r} in the {self.domain} corpus.")


def parse_corpus(raw: Any, source: str = "<data>") -> Corpus:
    """Validate and build a :class:`Corpus` from its JSON structure; errors name the file and the bad entry."""
    if not isinstance(raw, dict) or not isinstance(raw.get("documents"), list):
        raise CorpusError(source, 'expected an object with a "documents" list.')
    domain = raw.get("domain")
    if not isinstance(domain, str) or not domain:
        raise CorpusError(source, 'missing "domain" name.')
    docs = []
    for i, item in enumerate(raw["documents"]):
        if not isinstance(item, dict) or set(item) - {"id", "title", "text", "metadata"}:
            raise CorpusError(source, f"document #{i} must have only id, title, text and metadata.")
        try:
            docs.append(DomainDocument(item.get("id"), item.get("title", ""), item.get("text"),
                                       item.get("metadata", {})))
        except InvalidInputError as exc:
            raise CorpusError(source, f"document #{i}: {exc}") from None
    ids = [d.id for d in docs]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise CorpusError(source, f"duplicate document ids {dupes}.")
    questions = []
    for i, q in enumerate(raw.get("questions", [])):
        if not isinstance(q, dict) or not isinstance(q.get("question"), str) or not q["question"].strip():
            raise CorpusError(source, f"question #{i} needs a non-empty 'question' string.")
        relevant = q.get("relevant", [])
        unknown = [r for r in relevant if r not in ids]
        if unknown:
            raise CorpusError(source, f"question #{i} names unknown documents {unknown}.")
        filters = q.get("filters", {})
        if not isinstance(filters, dict):
            raise CorpusError(source, f"question #{i}: filters must be an object.")
        questions.append(EvalQuestion(q["question"], dict(filters), tuple(relevant)))
    return Corpus(domain, str(raw.get("description", "")), tuple(docs), tuple(questions))


def load_corpus(domain: str | Path) -> Corpus:
    """A bundled corpus by domain name (``legal``, ``technical``, ``medical``) or any corpus JSON file by path."""
    if isinstance(domain, Path) or (isinstance(domain, str) and domain.endswith(".json")):
        path = Path(domain)
        if not path.is_file():
            raise CorpusError(str(path), "no such file.")
        text, source = path.read_text(encoding="utf-8"), str(path)
    elif isinstance(domain, str):
        resource = resources.files("labkit.domains").joinpath(f"data/{domain}.json")
        if not resource.is_file():
            bundled = sorted(p.name[:-5] for p in resources.files("labkit.domains").joinpath("data").iterdir()
                             if p.name.endswith(".json"))
            raise CorpusError(f"data/{domain}.json",
                              f"no bundled corpus named {domain!r}; bundled: {', '.join(bundled)}.")
        text, source = resource.read_text(encoding="utf-8"), f"labkit/domains/data/{domain}.json"
    else:
        raise InvalidInputError(f"domain must be a name or a path, got {type(domain).__name__}.")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CorpusError(source, f"not valid JSON ({exc}).") from None
    return parse_corpus(raw, source)
