"""Domain filters: keep only the documents that apply — the right jurisdiction, version or strength of evidence.

Similarity finds documents *about* the question; it cannot tell a New York ruling from a California one, or the 2.x
docs from the 3.x docs. The one idea: a filter is a predicate on a document's metadata, applied *before* ranking, so
the top-k are all admissible (filtering after ranking can leave fewer than k, or none). Each filter knows its
domain's structure: a California question may rely on California law, Ninth Circuit rulings and federal law; a
version range is inclusive of every patch release; evidence level 2 admits 2a and 2b. A document that lacks the
field is excluded: unknown applicability is not applicability.

Left out: date-effective law (repeals, amendments) and soft boosts in place of hard filters.

>>> JurisdictionFilter("US-CA")({"jurisdiction": "US-9CIR"}), JurisdictionFilter("US-NY")({"jurisdiction": "US-CA"})
(True, False)
>>> VersionFilter("2.4")({"min_version": "2.0", "max_version": "2.9"})
True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from labkit.errors import InvalidInputError

JURISDICTION_SCOPE: dict[str, tuple[str, ...]] = {
    "US": ("US",),
    "US-CA": ("US-CA", "US-9CIR", "US"),
    "US-NY": ("US-NY", "US-2CIR", "US"),
    "US-9CIR": ("US-9CIR", "US"),
    "US-2CIR": ("US-2CIR", "US"),
    "UK": ("UK",),
}
"""For each jurisdiction, the jurisdictions whose law binds there (itself, its federal circuit, federal law)."""


def parse_version(text: Any) -> tuple[int, ...]:
    """A dotted version as a tuple of ints; a leading ``v`` is allowed.

    >>> parse_version("v2.10.1"), parse_version("3")
    ((2, 10, 1), (3,))
    """
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str) or not re.fullmatch(r"[vV]?\d+(?:\.\d+){0,3}", text.strip()):
        raise InvalidInputError(f"A version must look like '2.3' or 'v2.3.1', got {text!r}.")
    return tuple(int(p) for p in text.strip().lstrip("vV").split("."))


def evidence_rank(level: Any) -> int:
    """The numeric level of an evidence grade (Oxford CEBM: 1 strongest, 5 weakest).

    >>> evidence_rank("2b"), evidence_rank(5), evidence_rank("III")
    (2, 5, 3)
    """
    roman = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}
    if isinstance(level, int) and not isinstance(level, bool) and 1 <= level <= 5:
        return level
    if isinstance(level, str):
        s = level.strip()
        if s.upper() in roman:
            return roman[s.upper()]
        m = re.fullmatch(r"([1-5])[abc]?", s.lower())
        if m:
            return int(m.group(1))
    raise InvalidInputError(f"An evidence level must be 1-5 (optionally with a, b or c) or I-V, got {level!r}.")


class Filter:
    """A predicate on document metadata. Subclasses implement ``__call__`` and ``describe``."""

    def __call__(self, metadata: Mapping[str, Any]) -> bool:  # pragma: no cover - interface
        raise NotImplementedError

    def describe(self) -> str:  # pragma: no cover - interface
        raise NotImplementedError


@dataclass(frozen=True)
class JurisdictionFilter(Filter):
    """Documents whose ``jurisdiction`` binds in ``jurisdiction`` (see :data:`JURISDICTION_SCOPE`)."""

    jurisdiction: str

    def __post_init__(self) -> None:
        if self.jurisdiction not in JURISDICTION_SCOPE:
            raise InvalidInputError(
                f"Unknown jurisdiction {self.jurisdiction!r}; known: {', '.join(JURISDICTION_SCOPE)}.")

    def __call__(self, metadata: Mapping[str, Any]) -> bool:
        return metadata.get("jurisdiction") in JURISDICTION_SCOPE[self.jurisdiction]

    def describe(self) -> str:
        return f"jurisdiction binds in {self.jurisdiction} ({', '.join(JURISDICTION_SCOPE[self.jurisdiction])})"


@dataclass(frozen=True)
class VersionFilter(Filter):
    """Documents whose ``min_version``..``max_version`` range (inclusive, patch releases included) holds ``version``;
    a missing ``max_version`` means "still current"."""

    version: str

    def __post_init__(self) -> None:
        parse_version(self.version)

    def __call__(self, metadata: Mapping[str, Any]) -> bool:
        low, high = metadata.get("min_version"), metadata.get("max_version")
        if low is None:
            return False
        v = parse_version(self.version)
        lo = parse_version(low)
        padded = v + (0,) * max(0, len(lo) - len(v))
        if padded[: max(len(lo), len(v))] < lo:
            return False
        if high is None:
            return True
        hi = parse_version(high)
        return (v + (0,) * max(0, len(hi) - len(v)))[: len(hi)] <= hi

    def describe(self) -> str:
        return f"applies to version {self.version}"


@dataclass(frozen=True)
class EvidenceFilter(Filter):
    """Documents whose ``evidence_level`` is at least as strong as ``max_level`` (1 strongest)."""

    max_level: int

    def __post_init__(self) -> None:
        if not isinstance(self.max_level, int) or isinstance(self.max_level, bool) or not 1 <= self.max_level <= 5:
            raise InvalidInputError(f"max_evidence_level must be an integer from 1 to 5, got {self.max_level!r}.")

    def __call__(self, metadata: Mapping[str, Any]) -> bool:
        level = metadata.get("evidence_level")
        return level is not None and evidence_rank(level) <= self.max_level

    def describe(self) -> str:
        return f"evidence level {self.max_level} or stronger"


@dataclass(frozen=True)
class YearFilter(Filter):
    """Documents from ``min_year`` or later (their ``year`` field)."""

    min_year: int

    def __post_init__(self) -> None:
        if not isinstance(self.min_year, int) or isinstance(self.min_year, bool):
            raise InvalidInputError(f"min_year must be an integer year, got {self.min_year!r}.")

    def __call__(self, metadata: Mapping[str, Any]) -> bool:
        year = metadata.get("year")
        return isinstance(year, int) and year >= self.min_year

    def describe(self) -> str:
        return f"published {self.min_year} or later"


@dataclass(frozen=True)
class AllOf(Filter):
    """Every one of ``filters`` must hold."""

    filters: tuple[Filter, ...]

    def __call__(self, metadata: Mapping[str, Any]) -> bool:
        return all(f(metadata) for f in self.filters)

    def describe(self) -> str:
        return " and ".join(f.describe() for f in self.filters) or "no filter"
