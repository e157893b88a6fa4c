"""Domain filters: jurisdiction scope, inclusive version ranges, evidence levels, years, combinations."""

from __future__ import annotations

import pytest

from labkit.domains.filters import (
    AllOf,
    EvidenceFilter,
    JurisdictionFilter,
    VersionFilter,
    YearFilter,
    evidence_rank,
    parse_version,
)
from labkit.errors import InvalidInputError


@pytest.mark.parametrize(
    "asked, doc, admitted",
    [
        ("US-CA", "US-CA", True), ("US-CA", "US-9CIR", True), ("US-CA", "US", True), ("US-CA", "US-NY", False),
        ("US-CA", "US-2CIR", False), ("US-CA", "UK", False), ("US-NY", "US-2CIR", True), ("US", "US-CA", False),
        ("UK", "UK", True), ("UK", "US", False), ("US-CA", None, False),
    ],
)
def test_jurisdiction_scope(asked, doc, admitted):
    assert JurisdictionFilter(asked)({"jurisdiction": doc} if doc else {}) is admitted


@pytest.mark.parametrize(
    "version, low, high, admitted",
    [
        ("2.4", "2.0", "2.9", True), ("2.9.7", "2.0", "2.9", True), ("3.0", "2.0", "2.9", False),
        ("1.9", "2.0", None, False), ("2", "2.0", None, True), ("3", "3.1", None, False), ("3.1.0", "3.1", None, True),
        ("v2.3", "2.3", "2.4", True), ("2.10", "2.3", "2.9", False), (2.5, "2.3", None, True),
    ],
)
def test_version_ranges(version, low, high, admitted):
    assert VersionFilter(str(version))({"min_version": low, "max_version": high}) is admitted


def test_version_filter_excludes_documents_without_a_range():
    assert VersionFilter("2.0")({}) is False


def test_evidence_and_year_and_all_of():
    assert [evidence_rank(x) for x in ("1a", "1b", "2b", 3, "IV", " v ")] == [1, 1, 2, 3, 4, 5]
    strong = EvidenceFilter(1)
    assert strong({"evidence_level": "1b"}) and not strong({"evidence_level": "2a"}) and not strong({})
    recent = YearFilter(2015)
    assert recent({"year": 2015}) and not recent({"year": 2014}) and not recent({"year": "2020"})
    both = AllOf((strong, recent))
    assert both({"evidence_level": "1a", "year": 2020}) and not both({"evidence_level": "1a", "year": 2000})
    assert both.describe() == "evidence level 1 or stronger and published 2015 or later"


@pytest.mark.parametrize(
    "call",
    [
        lambda: JurisdictionFilter("Mars"),
        lambda: VersionFilter("latest"),
        lambda: VersionFilter("2.x"),
        lambda: parse_version(None),
        lambda: parse_version(True),
        lambda: EvidenceFilter(0),
        lambda: EvidenceFilter(6),
        lambda: EvidenceFilter("1"),
        lambda: evidence_rank("7"),
        lambda: evidence_rank(True),
        lambda: YearFilter("2020"),
    ],
)
def test_bad_inputs(call):
    with pytest.raises(InvalidInputError):
        call()
