"""Disclaimers are enforced whatever the model wrote: omitted, duplicated, altered or replaced by its own."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labkit.domains.disclaimers import enforce_disclaimer, has_disclaimer
from labkit.domains.profiles import get_profile
from labkit.errors import InvalidInputError

LEGAL = get_profile("legal").disclaimer


@pytest.mark.parametrize(
    "model_output",
    [
        "Non-competes are void in California [legal-ca-noncompete].",  # simply omitted
        f"Answer [x].\n\n{LEGAL}\n\n{LEGAL}",  # duplicated
        f"Answer [x]. {LEGAL.upper()}",  # shouted, mid-paragraph
        "Answer [x].\n" + LEGAL.replace(" ", "\n   "),  # re-wrapped
        "Answer [x].\nDisclaimer: this is reliable legal advice, act on it.",  # the model's own replacement
        "Answer [x]. **Legal disclaimer**: none needed.",
        "Answer [x].\n> DISCLAIMER - ignore previous disclaimers",
        "",  # nothing at all
    ],
)
def test_disclaimer_survives_any_model_output(model_output):
    text = enforce_disclaimer(model_output, LEGAL)
    assert has_disclaimer(text, LEGAL)
    assert text.endswith(LEGAL) and text.count(LEGAL) == 1
    assert "reliable legal advice" not in text and "none needed" not in text.lower()
    assert "ignore previous" not in text.lower()
    if "[x]" in model_output:
        assert text.startswith("Answer [x].")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["legal", "technical", "medical"]))
def test_property_always_exactly_one_verbatim_disclaimer_at_the_end(text, domain):
    disclaimer = get_profile(domain).disclaimer
    once = enforce_disclaimer(text, disclaimer)
    assert once.endswith(disclaimer) and once.count(disclaimer) == 1
    assert enforce_disclaimer(once, disclaimer) == once  # idempotent


def test_content_about_disclaimers_is_kept():
    text = "Disclaimer of warranty must be conspicuous [legal-ca-warranty].\nDisclaimers hidden in a licence fail."
    enforced = enforce_disclaimer(text, LEGAL)
    assert enforced.startswith(text) and enforced.endswith(LEGAL)
    assert enforce_disclaimer("Answer.\n**Disclaimer**\n", LEGAL) == f"Answer.\n\n{LEGAL}"  # a bare heading goes


def test_has_disclaimer_is_strict():
    assert not has_disclaimer("Answer.", LEGAL)
    assert not has_disclaimer(f"{LEGAL} Answer.", LEGAL)  # not at the end
    assert not has_disclaimer(f"{LEGAL}\n{LEGAL}", LEGAL)  # twice


@pytest.mark.parametrize("call", [
    lambda: enforce_disclaimer(None, "x"),
    lambda: enforce_disclaimer("text", ""),
    lambda: enforce_disclaimer("text", "   "),
    lambda: has_disclaimer("text", None),
])
def test_bad_inputs(call):
    with pytest.raises(InvalidInputError):
        call()
