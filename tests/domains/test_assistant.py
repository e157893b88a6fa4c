"""The domain assistant end to end: filters reach retrieval, citations are checked, the disclaimer always lands."""

from __future__ import annotations

import pytest

from labkit.domains.assistant import DomainAnswer, DomainAssistant, context_block
from labkit.domains.profiles import get_profile
from labkit.errors import InvalidInputError, UnknownDomainError
from labkit.llm import NOT_IN_CONTEXT, ScriptedChatModel


@pytest.fixture(scope="module")
def legal():
    return DomainAssistant("legal")


def test_offline_answer_is_filtered_cited_and_disclaimed(legal):
    answer = legal.ask("Are employee non-compete agreements enforceable?", jurisdiction="US-CA")
    assert isinstance(answer, DomainAnswer) and answer.answered
    assert answer.check.cited_sources == ("legal-ca-noncompete",) and answer.check.ok
    assert all(h.document.metadata["jurisdiction"] in ("US-CA", "US-9CIR", "US") for h in answer.hits)
    assert "[legal-ny-noncompete]" not in answer.prompt  # the New York rule never reaches the model
    assert answer.text.startswith(answer.raw) and answer.text.endswith(get_profile("legal").disclaimer)
    assert answer.filter.startswith("jurisdiction binds in US-CA")


def test_the_filter_changes_the_answer(legal):
    ny = legal.ask("Are employee non-compete agreements enforceable?", jurisdiction="US-NY")
    uk = legal.ask("Are employee non-compete agreements enforceable?", jurisdiction="UK")
    assert ny.check.cited_sources == ("legal-ny-noncompete",) and "reasonable" in ny.raw
    assert uk.sources == ["legal-uk-noncompete"]


def test_model_that_omits_the_disclaimer_and_invents_a_case():
    model = ScriptedChatModel(replies=[
        "Non-competes are void [legal-ca-noncompete], see Roe v. Wade, 410 U.S. 113 (1973) [legal-made-up]."])
    answer = DomainAssistant("legal", model=model).ask("Are non-competes void?", jurisdiction="US-CA")
    invalid = {c.text: why for c, why in answer.check.invalid}
    assert invalid == {"Roe v. Wade, 410 U.S. 113 (1973)": "not in the cited sources [legal-ca-noncompete]",
                       "[legal-made-up]": "[legal-made-up] was not among the retrieved documents"}
    assert answer.text.endswith(get_profile("legal").disclaimer)
    system, human = model.calls[0].messages
    assert system.content == get_profile("legal").system_prompt and human.content.startswith("Context:\n[")


def test_model_that_writes_its_own_disclaimer_gets_the_real_one():
    model = ScriptedChatModel(replies=["Take 2 tablets [med-salt-bp].\nDisclaimer: this is medical advice."])
    answer = DomainAssistant("medical", model=model).ask("Does salt raise blood pressure?")
    assert "this is medical advice" not in answer.text
    assert answer.text.endswith(get_profile("medical").disclaimer) and answer.text.count("Disclaimer") == 0


def test_no_admissible_source_means_no_model_call():
    model = ScriptedChatModel(replies=[])  # any call would raise ScriptExhaustedError
    answer = DomainAssistant("medical", model=model).ask("What is the best cast for a broken wrist?")
    assert answer.hits == () and not answer.answered and model.calls == []
    assert "cannot answer" in answer.raw and answer.text.endswith(get_profile("medical").disclaimer)


def test_not_in_context_counts_as_declined():
    model = ScriptedChatModel(replies=[NOT_IN_CONTEXT])
    answer = DomainAssistant("legal", model=model).ask("Are non-compete agreements enforceable?", jurisdiction="UK")
    assert answer.hits and not answer.answered


def test_technical_answer_carries_version_and_rfc_citations():
    answer = DomainAssistant("technical").ask("How do I use bearer token authentication?", version="2.4")
    kinds = {c.kind for c in answer.check.valid}
    assert {"doc", "rfc", "version"} <= kinds and answer.check.ok


def test_context_block_collapses_whitespace():
    from labkit.domains.corpus import DomainDocument
    from labkit.domains.retrieval import Hit

    assert context_block([Hit(DomainDocument("x-1", "T", "two\n\nlines"), 1.0)]) == "[x-1] two lines"


@pytest.mark.parametrize(
    "call",
    [
        lambda: DomainAssistant("astrology"),
        lambda: DomainAssistant("legal", retriever=object()),
        lambda: DomainAssistant("legal", model=ScriptedChatModel(replies=[])).ask(""),
        lambda: DomainAssistant("legal", model=ScriptedChatModel(replies=[])).ask("q?", version="2.0"),
        lambda: DomainAssistant("legal", model=ScriptedChatModel(replies=[])).ask("q?", jurisdiction="Mars"),
    ],
)
def test_bad_inputs(call):
    with pytest.raises((InvalidInputError, UnknownDomainError)):
        call()


def test_off_topic_answer_is_declined_by_the_coverage_gate():
    # A model that answers off-topic (the offline model itself declines this one; many real models would not).
    overconfident = ScriptedChatModel(replies=["Install tidepool with pip install tidepool [tech-install]."])
    tech = DomainAssistant("technical", model=overconfident)
    answer = tech.ask("How do I deploy tidepool on a mainframe with COBOL?")
    assert answer.hits and answer.raw.startswith("Install tidepool")  # the model did answer, off-topic
    assert answer.coverage == 0.0 and answer.declined and not answer.answered
    assert answer.text.startswith(answer.declined) and "[tech-install]" not in answer.text
    assert answer.check.citations == ()
    assert "tidepool" in tech.common_terms()
    on_topic = DomainAssistant("technical").ask("What is the default read timeout?")
    assert on_topic.coverage >= 0.5 and on_topic.answered and not on_topic.declined
