"""Citation extraction on tricky strings, and validation against sources."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labkit.domains.citations import KINDS, extract_citations, source_keys, validate_citations
from labkit.domains.corpus import DomainDocument
from labkit.errors import InvalidInputError


def keys(text, kinds=None):
    return [c.key for c in extract_citations(text, kinds)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Smith v. Jones, 123 F.3d 456 (9th Cir. 1997)", ["case:123 f.3d 456"]),
        ("In ProCD, Inc. v. Zeidenberg, 86 F.3d 1447, 1449 (7th Cir. 1996), the court agreed.", ["case:86 f.3d 1447"]),
        ("Under Brown v. Board of Education, 347 U.S. 483 (1954), it ended.", ["case:347 u.s. 483"]),
        ("Doe v. Acme Corp., 500 F. Supp. 2d 12 (S.D.N.Y. 2007)", ["case:500 f.supp.2d 12"]),
        ("Ramos v. Helix Data, Inc., 9 Cal.5th 210 (2020)", ["case:9 cal.5th 210"]),
        ("Marlow v. Pierce Analytics, Inc., 88 N.Y.3d 101 (2015)", ["case:88 n.y.3d 101"]),
        ("Smith v. Jones was decided in 1997.", []),  # a case name without a reporter is not a citation
        ("Harland v Vesta Software Ltd [2021] EWCA Civ 512", []),  # UK neutral citations are out of scope
        ("Cal. Civ. Code § 1798.100", ["statute:calcivcode §1798.100"]),
        ("42 U.S.C. § 1983 and 17 U.S.C. §107.", ["statute:42 usc §1983", "statute:17 usc §107"]),
        ("UCC § 2-207", ["statute:ucc §2-207"]),
        ("21 C.F.R. § 50.25(a)", ["regulation:21 cfr §50.25(a)"]),
        ("Section 230 protects hosts; § 1983 alone is incomplete.", []),
    ],
)
def test_legal_citations(text, expected):
    assert keys(text, ["case", "statute", "regulation"]) == expected


def test_case_citation_text_drops_leading_words():
    (c,) = extract_citations("See Smith v. Jones, 123 F.3d 456.")
    assert c.text == "Smith v. Jones, 123 F.3d 456" and c.kind == "case"
    assert "See Smith v. Jones, 123 F.3d 456."[c.start : c.end] == c.text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Upgrade to v2.3 now.", ["version:2.3"]),
        ("v2.0 and v2 and version 2.0.0", ["version:2", "version:2", "version:2"]),
        ("released v10.1-beta.2", ["version:10.1-beta.2"]),
        ("Smith v. Jones; v.2 of the form", []),  # 'v.' is a case separator, not a version
        ("TLSv1.3 and 10.0.0.1 and [tech-auth-v1] and tidepool-v3", []),
        ("RFC 6749, RFC7231, rfc-9110", ["rfc:6749", "rfc:7231", "rfc:9110"]),
        ("CVE-2021-44228 was bad", ["cve:2021-44228"]),
    ],
)
def test_technical_citations(text, expected):
    assert keys(text, ["version", "rfc", "cve"]) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("PMID 90000001; PMID:90000002.", ["pmid:90000001", "pmid:90000002"]),
        ("doi:10.5555/abc.123.", ["doi:10.5555/abc.123"]),
        ("(see doi 10.5555/xyz)", ["doi:10.5555/xyz"]),
        ("https://doi.org/10.1016/S0140-6736(20)30183-5).", ["doi:10.1016/s0140-6736(20)30183-5"]),
        ("Level IIb, level 3, evidence level 1a, Level V", ["evidence:2b", "evidence:3", "evidence:1a", "evidence:5"]),
        ("sea level 6 is not an evidence level", []),
    ],
)
def test_medical_citations(text, expected):
    assert keys(text, ["pmid", "doi", "evidence"]) == expected


def test_doc_tags_skip_years_ellipses_and_single_letters():
    assert keys("[legal-03] [1] [2019] [...] [a] [med.x:1]", ["doc"]) == ["doc:legal-03", "doc:1", "doc:med.x:1"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_extraction_never_crashes_and_spans_are_exact(text):
    for c in extract_citations(text):
        assert c.kind in KINDS and text[c.start : c.end] == c.text and c.key.startswith(c.kind + ":")


DOCS = [
    DomainDocument("src-a", "A", "Smith v. Jones, 123 F.3d 456 (9th Cir. 1997) held it. See 17 U.S.C. § 107.",
                   {"citations": ["Cal. Bus. & Prof. Code § 16600"]}),
    DomainDocument("src-b", "B", "A trial (PMID: 90000002) showed it.", {"evidence_level": "1b"}),
]


def test_source_keys_include_metadata_citations_and_evidence():
    assert source_keys(DOCS[0]) >= {"case:123 f.3d 456", "statute:17 usc §107", "statute:calbus&profcode §16600"}
    assert source_keys(DOCS[1]) == {"pmid:90000002", "evidence:1b"}


def test_valid_and_invalid_citations():
    check = validate_citations("It holds, Smith v. Jones, 123 F.3d 456 [src-a]. Also 17 U.S.C. § 512 [src-a] [src-zz].", DOCS)
    assert [c.key for c in check.valid] == ["case:123 f.3d 456", "doc:src-a", "doc:src-a"]
    reasons = {c.key: why for c, why in check.invalid}
    assert reasons["statute:17 usc §512"] == "not in the cited sources [src-a]"
    assert reasons["doc:src-zz"] == "[src-zz] was not among the retrieved documents"
    assert check.cited_sources == ("src-a",) and not check.ok
    assert check.validity_rate == pytest.approx(3 / 5)


def test_citation_must_come_from_the_cited_source_not_just_any():
    check = validate_citations("Evidence level 1b (PMID: 90000002) [src-a].", DOCS)
    assert {c.key for c, _ in check.invalid} == {"evidence:1b", "pmid:90000002"}
    untagged = validate_citations("Evidence level 1b (PMID: 90000002).", DOCS)
    assert untagged.ok and untagged.cited_sources == ()


def test_no_citations_is_rate_one_and_kinds_restrict():
    assert validate_citations("Plain words.", DOCS).validity_rate == 1.0
    check = validate_citations("v9.9 [src-a]", DOCS, kinds=["doc"])  # versions not checked for this profile
    assert [c.key for c in check.citations] == ["doc:src-a"]


@pytest.mark.parametrize(
    "call",
    [
        lambda: extract_citations(None),
        lambda: extract_citations("x", kinds=["bogus"]),
        lambda: validate_citations(3, DOCS),
        lambda: validate_citations("x", "not a list"),
        lambda: validate_citations("x", [{"id": 1, "text": "t"}]),
        lambda: source_keys({"text": "no id"}),
    ],
)
def test_bad_inputs(call):
    with pytest.raises(InvalidInputError):
        call()
