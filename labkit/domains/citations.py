"""Citations in domain answers: find them in text, normalise them, and check each one against the retrieved sources.

In legal, technical and medical answers a citation is a claim of its own: "Smith v. Jones, 123 F.3d 456" says a
particular court said a particular thing. The one idea: extract every citation with a pattern for its kind, reduce it
to a *key* that ignores cosmetic differences (spacing, "§" vs "§ ", "v2.0" vs "v2"), and call it valid only when the
same key occurs in a document the answer actually drew on. A citation the sources do not contain is flagged, whether
the model invented it or copied it from memory.

Kinds: ``doc`` (``[doc-id]`` source tags), ``case`` (volume, reporter, page; the key ignores party names, which are
spelled many ways), ``statute`` / ``regulation`` (title, code, section; "C.F.R." is a regulation), ``version``
(``v2.3``, ``version 2.3.1``), ``rfc``, ``cve``, ``pmid``, ``doi`` and ``evidence`` (``Level 1b``, ``level II``).

Left out: full Bluebook parsing (pin cites, "id.", "supra", parallel citations), and checking a citation against an
outside database (CourtListener, PubMed, Crossref); here the retrieved documents are the only ground truth.

>>> [c.key for c in extract_citations("See Smith v. Jones, 123 F.3d 456 (9th Cir. 1997) and 42 U.S.C. § 1983.")]
['case:123 f.3d 456', 'statute:42 usc §1983']
>>> [c.key for c in extract_citations("Upgrade to v2.3.0 (see RFC 6749), PMID: 90000012, Level Ib evidence.")]
['version:2.3', 'rfc:6749', 'pmid:90000012', 'evidence:1b']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from labkit.errors import InvalidInputError

KINDS = ("doc", "case", "statute", "regulation", "version", "rfc", "cve", "pmid", "doi", "evidence")

_NAME_WORD = r"(?:[A-Z][\w'&.-]*|of|the|and|for|de|&)"
_PARTY = rf"[A-Z][\w'&.-]*(?:,?\s{_NAME_WORD}){{0,5}}"
_CASE = re.compile(
    rf"(?P<name>{_PARTY}\s+v\.?\s+{_PARTY}),\s+(?P<vol>\d{{1,4}})\s+"
    r"(?P<rep>(?:[A-Z][A-Za-z']{0,6}\.\s?){1,4}(?:\d(?:d|th)\b)?)\s*(?P<page>\d{1,5})\b"
    r"(?:,\s*\d{1,5})?(?:\s*\((?P<court>[^()]{0,40}?)\s*(?P<year>1[6-9]\d\d|20\d\d)\))?"
)
_LEADING_WORDS = {"in", "see", "under", "cf.", "as", "per", "following", "citing", "and", "but", "also", "accord"}
_STATUTE = re.compile(
    r"(?:(?P<title>\d{1,3})\s+)?(?P<code>(?:(?:[A-Z][A-Za-z]*\.?|&)\s?){1,5}?)\s?§{1,2}\s?"
    r"(?P<sec>\d+[A-Za-z]?(?:[-.]\d+[A-Za-z]?)*(?:\([a-z0-9]{1,4}\))*)"
)
_VERSION = re.compile(r"(?<![\w.\-/#:\[])(?:[vV](?P<v>\d+(?:\.\d+){0,3})|[Vv]ersion\s+(?P<w>\d+(?:\.\d+){0,3}))"
                      r"(?P<pre>-(?:alpha|beta|rc|dev)\.?\d*)?(?![\w])")
_RFC = re.compile(r"\bRFC[\s-]?(?P<n>\d{3,5})\b", re.IGNORECASE)
_CVE = re.compile(r"\bCVE-(?P<y>\d{4})-(?P<n>\d{4,7})\b", re.IGNORECASE)
_PMID = re.compile(r"\bPMID:?\s*(?P<n>\d{1,8})\b")
_DOI = re.compile(r"(?:\bdoi:\s*|https?://(?:dx\.)?doi\.org/)?\b(?P<doi>10\.\d{4,9}/[^\s\"<>\]]+)", re.IGNORECASE)
_EVIDENCE = re.compile(r"\b(?:evidence\s+)?level\s+(?:of\s+evidence\s+)?(?P<lvl>IV|V|I{1,3}|[1-5])(?P<sub>[abc])?\b",
                       re.IGNORECASE)
_DOC = re.compile(r"\[(?P<id>[A-Za-z0-9][\w.:/#-]{0,63})\]")
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5"}


@dataclass(frozen=True)
class Citation:
    """One citation found in a text: its kind, the words as written, a normalised key, and where it was."""

    kind: str
    text: str
    key: str
    start: int
    end: int


def _version_key(number: str, pre: str | None) -> str:
    parts = number.split(".")
    while len(parts) > 1 and parts[-1] == "0":  # v2.0 and v2 name the same release line
        parts.pop()
    return ".".join(parts) + (pre.lower().rstrip(".") if pre else "")


def _strip_doi(doi: str) -> str:
    doi = doi.rstrip(".,;:")
    while doi.endswith(")") and doi.count(")") > doi.count("("):  # "(doi 10.1/x)" -> keep the DOI only
        doi = doi[:-1].rstrip(".,;:")
    return doi


def _cases(text: str) -> Iterable[Citation]:
    for m in _CASE.finditer(text):
        start = m.start("name")
        words = m.group("name").split()
        while words and words[0].lower() in _LEADING_WORDS:
            start = text.index(words[1], start + len(words[0])) if len(words) > 1 else start
            words = words[1:]
        reporter = re.sub(r"\s+", "", m.group("rep")).lower()
        yield Citation("case", text[start : m.end()], f"case:{m.group('vol')} {reporter} {m.group('page')}",
                       start, m.end())


def _statutes(text: str) -> Iterable[Citation]:
    for m in _STATUTE.finditer(text):
        code = re.sub(r"[\s.]", "", m.group("code")).lower()
        if not code:
            continue
        kind = "regulation" if code == "cfr" else "statute"
        title = f"{m.group('title')} " if m.group("title") else ""
        yield Citation(kind, m.group(0).strip(), f"{kind}:{title}{code} §{m.group('sec').lower()}", m.start(), m.end())


def _simple(text: str) -> Iterable[Citation]:
    for m in _VERSION.finditer(text):
        number = m.group("v") or m.group("w")
        yield Citation("version", m.group(0), f"version:{_version_key(number, m.group('pre'))}", m.start(), m.end())
    for m in _RFC.finditer(text):
        yield Citation("rfc", m.group(0), f"rfc:{int(m.group('n'))}", m.start(), m.end())
    for m in _CVE.finditer(text):
        yield Citation("cve", m.group(0), f"cve:{m.group('y')}-{m.group('n')}", m.start(), m.end())
    for m in _PMID.finditer(text):
        yield Citation("pmid", m.group(0), f"pmid:{int(m.group('n'))}", m.start(), m.end())
    for m in _DOI.finditer(text):
        doi = _strip_doi(m.group("doi"))
        end = m.start("doi") + len(doi)
        yield Citation("doi", text[m.start() : end], f"doi:{doi.lower()}", m.start(), end)
    for m in _EVIDENCE.finditer(text):
        level = m.group("lvl").lower()
        level = _ROMAN.get(level, level)
        yield Citation("evidence", m.group(0), f"evidence:{level}{(m.group('sub') or '').lower()}", m.start(), m.end())
    for m in _DOC.finditer(text):
        if not _DOC_LOOKALIKE.fullmatch(m.group("id")):
            yield Citation("doc", m.group(0), f"doc:{m.group('id')}", m.start(), m.end())


_DOC_LOOKALIKE = re.compile(r"\d{4}|[a-z]|\.\.\.")  # "[2019]", "[a]" and "[...]" are not source tags


def extract_citations(text: str, kinds: Sequence[str] | None = None) -> list[Citation]:
    """Every citation in ``text`` of the given ``kinds`` (default: all), in order of position.

    >>> [c.kind for c in extract_citations("Smith v. Jones is discussed in [legal-03].")]
    ['doc']
    >>> extract_citations("Use v. 2 of the form, not v2.", kinds=["version"])[0].key
    'version:2'
    """
    if not isinstance(text, str):
        raise InvalidInputError(f"Expected text (str), got {type(text).__name__}.")
    wanted = set(KINDS if kinds is None else kinds)
    unknown = wanted - set(KINDS)
    if unknown:
        raise InvalidInputError(f"Unknown citation kind(s) {sorted(unknown)}; known kinds: {', '.join(KINDS)}.")
    found = [c for gen in (_cases(text), _statutes(text), _simple(text)) for c in gen if c.kind in wanted]
    found.sort(key=lambda c: (c.start, -c.end))
    return found


@dataclass(frozen=True)
class CitationCheck:
    """Each citation of an answer, split into valid and invalid (with the reason)."""

    citations: tuple[Citation, ...]
    valid: tuple[Citation, ...]
    invalid: tuple[tuple[Citation, str], ...]
    cited_sources: tuple[str, ...]

    @property
    def validity_rate(self) -> float:
        """Valid citations / all citations; 1.0 for an answer that cites nothing (see ``cited_sources``)."""
        return len(self.valid) / len(self.citations) if self.citations else 1.0

    @property
    def ok(self) -> bool:
        return not self.invalid


def _doc_fields(doc: Any) -> tuple[str, str, dict[str, Any]]:
    if isinstance(doc, dict):
        doc_id, text, meta = doc.get("id"), doc.get("text"), doc.get("metadata", {})
    else:
        doc_id, text, meta = getattr(doc, "id", None), getattr(doc, "text", None), getattr(doc, "metadata", {})
    if not isinstance(doc_id, str) or not isinstance(text, str):
        raise InvalidInputError(f"A source document needs a str id and text, got {type(doc).__name__} {doc!r:.60}.")
    return doc_id, text, dict(meta or {})


def source_keys(doc: Any, kinds: Sequence[str] | None = None) -> set[str]:
    """The citation keys a document supports: those in its text, in ``metadata['citations']`` and its evidence
    level (``metadata['evidence_level']``).

    >>> sorted(source_keys({"id": "d", "text": "Per RFC 6585, send 429.", "metadata": {"evidence_level": "2b"}}))
    ['evidence:2b', 'rfc:6585']
    """
    _, text, meta = _doc_fields(doc)
    extra = " ".join(str(c) for c in meta.get("citations", []))
    keys = {c.key for c in extract_citations(f"{text}\n{extra}", kinds) if c.kind != "doc"}
    level = meta.get("evidence_level")
    if level is not None and (kinds is None or "evidence" in kinds):
        keys |= {c.key for c in extract_citations(f"level {level}", ["evidence"])}
    return keys


def validate_citations(answer: str, documents: Sequence[Any], kinds: Sequence[str] | None = None) -> CitationCheck:
    """Check every citation in ``answer`` against ``documents`` (the sources retrieved for it).

    A ``[doc-id]`` tag is valid when that document was retrieved. Any other citation is valid when the documents
    the answer tags contain the same key (or, if it tags none, any retrieved document does).

    >>> docs = [{"id": "d1", "text": "Smith v. Jones, 123 F.3d 456 (9th Cir. 1997) held X."}]
    >>> check = validate_citations("X holds (Smith v. Jones, 123 F.3d 456) [d1]. Also Roe v. Wade, 410 U.S. 113.", docs)
    >>> [c.text for c in check.valid], [(c.text, why) for c, why in check.invalid]
    (['Smith v. Jones, 123 F.3d 456', '[d1]'], [('Roe v. Wade, 410 U.S. 113', 'not in the cited sources [d1]')])
    """
    if not isinstance(answer, str):
        raise InvalidInputError(f"answer must be a string, got {type(answer).__name__}.")
    if isinstance(documents, (str, dict)):
        raise InvalidInputError("documents must be a list of documents (dicts or objects with id, text, metadata).")
    by_id = {}
    for doc in documents:
        doc_id, _, _ = _doc_fields(doc)
        by_id[doc_id] = doc
    citations = extract_citations(answer, None if kinds is None else sorted({*kinds, "doc"}))
    tags = [c.key.split(":", 1)[1] for c in citations if c.kind == "doc"]
    cited = [t for t in dict.fromkeys(tags) if t in by_id]
    pool = cited or list(by_id)
    keys = set().union(*(source_keys(by_id[d], kinds) for d in pool)) if pool else set()
    valid, invalid = [], []
    for c in citations:
        if c.kind == "doc":
            ident = c.key.split(":", 1)[1]
            if ident in by_id:
                valid.append(c)
            else:
                invalid.append((c, f"[{ident}] was not among the retrieved documents"))
        elif c.key in keys:
            valid.append(c)
        else:
            where = "the cited sources " + " ".join(f"[{d}]" for d in cited) if cited else "any retrieved document"
            invalid.append((c, f"not in {where}"))
    return CitationCheck(tuple(citations), tuple(valid), tuple(invalid), tuple(cited))
