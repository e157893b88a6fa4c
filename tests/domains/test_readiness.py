"""Readiness reports: every rate is computed from runs, and broken components fail the checks they should."""

from __future__ import annotations

import dataclasses

import pytest

from labkit.domains.assistant import DomainAssistant
from labkit.domains.corpus import DomainDocument, EvalQuestion, load_corpus
from labkit.domains.profiles import get_profile
from labkit.domains.readiness import ReadinessReport, readiness_report
from labkit.errors import InvalidInputError
from labkit.llm import ScriptedChatModel


@pytest.fixture(scope="module")
def legal_report():
    return readiness_report(DomainAssistant("legal"))


def test_offline_legal_assistant_is_ready(legal_report):
    report = legal_report
    assert isinstance(report, ReadinessReport) and report.ready, report.table()
    questions = load_corpus("legal").questions
    assert len(report.answers) == len(questions)
    assert report.check("disclaimer_presence").total == len(questions)
    assert report.check("refusal").total == sum(not q.answerable for q in questions)
    assert report.check("filter_correctness").total == sum(bool(q.filters) for q in questions)
    leakage = report.check("filter_leakage")
    assert leakage.threshold is None and leakage.passed and leakage.passed_count > 0  # the filter matters
    assert report.table().splitlines()[-1] == "legal: READY"


def test_citation_rate_matches_a_recount(legal_report):
    citations = [c for a in legal_report.answers for c in a.check.citations]
    valid = [c for a in legal_report.answers for c in a.check.valid]
    check = legal_report.check("citation_validity")
    assert (check.passed_count, check.total) == (len(valid), len(citations))


def test_a_model_that_invents_sources_is_not_ready():
    model = ScriptedChatModel(replies=["It is so [legal-invented], per Roe v. Wade, 410 U.S. 113."], repeat_last=True)
    ungated = dataclasses.replace(get_profile("legal"), min_question_coverage=0.0)  # show the model's raw output
    report = readiness_report(DomainAssistant(ungated, model=model))
    assert not report.ready
    assert report.check("citation_validity").value == 0.0
    assert report.check("answer_support").value == 0.0
    assert report.check("refusal").value == 0.0  # it "answered" the unanswerable questions too
    assert report.check("disclaimer_presence").value == 1.0  # enforcement does not depend on the model
    assert "FAIL" in report.table() and report.table().endswith("legal: NOT READY")


def test_a_retriever_that_ignores_filters_fails_filter_correctness():
    class Leaky:
        def __init__(self, inner):
            self.inner = inner
            self.documents = inner.documents

        def retrieve(self, query, k=3, where=None, min_score=0.0):
            return self.inner.retrieve(query, k=k, where=None, min_score=min_score)

    honest = DomainAssistant("legal")
    report = readiness_report(DomainAssistant("legal", retriever=Leaky(honest.retriever)))
    assert report.check("filter_correctness").value < 1.0 and not report.ready


def test_missing_metadata_is_found():
    docs = [DomainDocument("m-1", "T", "Exercise helps back pain.", {"evidence_level": "1a"})]
    questions = [EvalQuestion("Does exercise help back pain?", {}, ("m-1",))]
    report = readiness_report(DomainAssistant("medical", documents=docs), questions)
    check = report.check("metadata_completeness")
    assert check.value == 0.0 and "m-1" in check.detail


def test_bad_inputs():
    with pytest.raises(InvalidInputError):
        readiness_report("legal")
    with pytest.raises(InvalidInputError):
        readiness_report(DomainAssistant("legal", model=ScriptedChatModel(replies=[])), [])
    with pytest.raises(InvalidInputError):
        readiness_report(DomainAssistant("legal", model=ScriptedChatModel(replies=[])), ["question?"])
    report = readiness_report(DomainAssistant("legal", model=ScriptedChatModel(replies=["x"], repeat_last=True)),
                              [EvalQuestion("q?", {}, ())])
    with pytest.raises(InvalidInputError):
        report.check("nonexistent")


def test_the_coverage_gate_is_what_makes_technical_refuse():
    gated = readiness_report(DomainAssistant("technical"))
    assert gated.check("refusal").value == 1.0 and gated.check("answer_support").value == 1.0
    # The offline model declines off-topic questions by itself; an over-confident model (scripted here) does not,
    # and then the coverage gate is what refuses.
    def overconfident():
        return ScriptedChatModel(replies=["Install tidepool with pip install tidepool [tech-install]."],
                                 repeat_last=True)

    profile = get_profile("technical")
    caught = readiness_report(DomainAssistant(profile, model=overconfident()))
    ungated = readiness_report(DomainAssistant(dataclasses.replace(profile, min_question_coverage=0.0),
                                               model=overconfident()))
    assert caught.check("refusal").value == 1.0
    assert ungated.check("refusal").value < 1.0 and not ungated.ready
    declined = [a for a in caught.answers if a.declined]
    assert declined and all(a.coverage < 0.5 and not a.answered for a in declined)


def test_load_consistency_catches_answers_that_change_between_runs():
    replies = [f"Reply number {i} [legal-ca-noncompete]." for i in range(60)]  # never the same answer twice
    ungated = dataclasses.replace(get_profile("legal"), min_question_coverage=0.0)
    questions = list(load_corpus("legal").questions)[:4]
    report = readiness_report(DomainAssistant(ungated, model=ScriptedChatModel(replies=replies)), questions)
    check = report.check("load_consistency")
    assert check.value == 0.0 and check.total == 4 and "a different answer" in check.detail and not report.ready
    skipped = readiness_report(DomainAssistant(ungated, model=ScriptedChatModel(replies=replies)), questions,
                               concurrency=1)
    assert "load_consistency" not in [c.name for c in skipped.checks]
    with pytest.raises(InvalidInputError):
        readiness_report(DomainAssistant("legal"), questions, concurrency=0)
