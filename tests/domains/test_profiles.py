"""Domain profiles and their registry."""

from __future__ import annotations

import pytest

from labkit.domains import profiles
from labkit.domains.filters import AllOf, EvidenceFilter, VersionFilter
from labkit.domains.profiles import DomainProfile, available_domains, get_profile, register_profile
from labkit.errors import InvalidInputError, UnknownDomainError


def test_builtin_profiles():
    assert {"legal", "technical", "medical"} <= set(available_domains())
    medical = get_profile("medical")
    assert "not medical advice" in medical.disclaimer and "pmid" in medical.citation_kinds
    assert medical.filter_for() is None and medical.filter_for(max_evidence_level=None) is None
    assert medical.filter_for(max_evidence_level=2) == EvidenceFilter(2)
    assert isinstance(medical.filter_for(max_evidence_level=1, min_year=2015), AllOf)
    assert get_profile("technical").filter_for(version="2.3") == VersionFilter("2.3")
    assert "legal advice" in get_profile("legal").disclaimer


def test_filters_a_profile_does_not_know_are_rejected():
    with pytest.raises(InvalidInputError, match="accepts: jurisdiction, min_year"):
        get_profile("legal").filter_for(version="2.0")


def test_registry_and_unknown_domains():
    with pytest.raises(UnknownDomainError) as info:
        get_profile("astrology")
    assert "legal" in info.value.known
    custom = DomainProfile("finance-test", "You answer from filings.", "Not financial advice.", ("doc",), {}, ())
    try:
        assert register_profile(custom) is get_profile("finance-test")
        with pytest.raises(InvalidInputError, match="already registered"):
            register_profile(custom)
        register_profile(custom, replace=True)
    finally:
        profiles.PROFILES.remove("finance-test")
    with pytest.raises(InvalidInputError):
        register_profile("not a profile")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"disclaimer": " "},
        {"system_prompt": ""},
        {"citation_kinds": ("doc", "horoscope")},
        {"top_k": 0},
    ],
)
def test_bad_profiles(kwargs):
    args = dict(name="x", system_prompt="p", disclaimer="d", citation_kinds=("doc",), filters={}, required_metadata=())
    with pytest.raises(InvalidInputError):
        DomainProfile(**{**args, **kwargs})


def test_coverage_gate_setting_is_validated():
    assert get_profile("technical").min_question_coverage == 0.5
    args = dict(name="x", system_prompt="p", disclaimer="d", citation_kinds=("doc",), filters={}, required_metadata=())
    with pytest.raises(InvalidInputError):
        DomainProfile(**args, min_question_coverage=1.5)
