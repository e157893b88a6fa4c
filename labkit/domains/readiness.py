"""Readiness of a domain assistant: measure, on labelled questions, the properties a domain deployment must have.

"Production ready" is a set of numbers with thresholds, not a feeling. The one idea: every check here is *computed*
from running the assistant on its corpus's evaluation questions, and each compares a measured rate with the
profile's threshold:

* ``metadata_completeness``: documents carrying every metadata field the profile's filters need.
* ``corpus_coverage``: answerable questions whose relevant document is among the retrieved sources (recall@k).
* ``answer_support``: answerable questions whose answer cites a relevant document.
* ``refusal``: unanswerable questions the assistant declines instead of answering from a loosely related source.
* ``citation_validity``: citations in all answers that are found in the sources they drew on.
* ``disclaimer_presence``: answers that end with the profile's disclaimer, verbatim, once.
* ``filter_correctness``: filtered questions whose sources all pass the filter *and* equal the top-k of the full
  ranking filtered afterwards (so pre-filtering neither leaks nor loses documents).
* ``load_consistency``: the same questions asked again from ``concurrency`` threads at once must give the same
  answers without errors (shared state in a model, cache or retriever shows up here first).

``filter_leakage`` is reported for information: how many sources the same questions would get from outside the
filter if it were not applied. It is the reason the filter exists.

Left out: latency and throughput under load (see ``labkit.production``'s proxy benchmark) and security probing
(guardrails).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from labkit.domains.assistant import DomainAnswer, DomainAssistant
from labkit.domains.corpus import EvalQuestion, load_corpus
from labkit.domains.disclaimers import has_disclaimer
from labkit.errors import InvalidInputError


@dataclass(frozen=True)
class ReadinessCheck:
    """One measured rate against its threshold (``threshold`` None: reported, not judged)."""

    name: str
    value: float
    passed_count: int
    total: int
    threshold: float | None
    detail: str = ""

    @property
    def passed(self) -> bool:
        return self.threshold is None or self.value >= self.threshold


@dataclass(frozen=True)
class ReadinessReport:
    """Every check, the answers they were computed from, and the verdict."""

    domain: str
    checks: tuple[ReadinessCheck, ...]
    answers: tuple[DomainAnswer, ...]

    @property
    def ready(self) -> bool:
        return all(c.passed for c in self.checks)

    def check(self, name: str) -> ReadinessCheck:
        for c in self.checks:
            if c.name == name:
                return c
        raise InvalidInputError(f"No readiness check {name!r}; checks: {[c.name for c in self.checks]}.")

    def table(self) -> str:
        """The report as aligned text: check, measured, threshold, verdict, detail."""
        lines = [f"{'check':<22} {'measured':>14} {'threshold':>9}  verdict  detail"]
        for c in self.checks:
            threshold = "-" if c.threshold is None else f"{c.threshold:.2f}"
            verdict = "info" if c.threshold is None else ("pass" if c.passed else "FAIL")
            measured = f"{c.value:.2f} ({c.passed_count}/{c.total})"
            lines.append(f"{c.name:<22} {measured:>14} {threshold:>9}  {verdict:<7}  {c.detail}".rstrip())
        lines.append(f"{self.domain}: {'READY' if self.ready else 'NOT READY'}")
        return "\n".join(lines)


def _rate(passed: int, total: int) -> float:
    return passed / total if total else 1.0


def readiness_report(assistant: DomainAssistant, questions: Sequence[EvalQuestion] | None = None,
                     concurrency: int = 4) -> ReadinessReport:
    """Run ``assistant`` on ``questions`` (default: its bundled corpus's) and compute every check;
    ``concurrency`` threads replay them for ``load_consistency`` (1 skips that check)."""
    if not isinstance(assistant, DomainAssistant):
        raise InvalidInputError("readiness_report needs a DomainAssistant.")
    if not isinstance(concurrency, int) or isinstance(concurrency, bool) or concurrency < 1:
        raise InvalidInputError(f"concurrency must be a positive integer, got {concurrency!r}.")
    profile = assistant.profile
    if questions is None:
        questions = load_corpus(profile.name).questions
    questions = list(questions)
    if not questions or not all(isinstance(q, EvalQuestion) for q in questions):
        raise InvalidInputError("readiness_report needs a non-empty list of EvalQuestion objects.")
    thresholds = profile.thresholds
    checks: list[ReadinessCheck] = []

    documents = getattr(assistant.retriever, "documents", None)
    if documents:
        complete = [d for d in documents if all(d.metadata.get(f) is not None for f in profile.required_metadata)]
        missing = sorted(d.id for d in documents if d not in complete)
        checks.append(ReadinessCheck("metadata_completeness", _rate(len(complete), len(documents)), len(complete),
                                     len(documents), thresholds.get("metadata_completeness"),
                                     f"missing fields in {missing}" if missing else ""))

    answers = [assistant.ask(q.question, **q.filters) for q in questions]
    pairs = list(zip(questions, answers))
    answerable = [(q, a) for q, a in pairs if q.answerable]
    unanswerable = [(q, a) for q, a in pairs if not q.answerable]

    covered = [q for q, a in answerable if set(q.relevant) & set(a.sources)]
    checks.append(ReadinessCheck("corpus_coverage", _rate(len(covered), len(answerable)), len(covered),
                                 len(answerable), thresholds.get("corpus_coverage")))
    supported = [q for q, a in answerable if a.answered and set(q.relevant) & set(a.check.cited_sources)]
    unsupported = [q.question for q, _ in answerable if q not in supported]
    checks.append(ReadinessCheck("answer_support", _rate(len(supported), len(answerable)), len(supported),
                                 len(answerable), thresholds.get("answer_support"),
                                 f"unsupported: {unsupported}" if unsupported else ""))
    declined = [q for q, a in unanswerable if not a.answered]
    wrongly = [f"{q.question} -> {a.check.cited_sources}" for q, a in unanswerable if a.answered]
    checks.append(ReadinessCheck("refusal", _rate(len(declined), len(unanswerable)), len(declined),
                                 len(unanswerable), thresholds.get("refusal"),
                                 f"answered anyway: {wrongly}" if wrongly else ""))

    n_cites = sum(len(a.check.citations) for a in answers)
    n_valid = sum(len(a.check.valid) for a in answers)
    bad = [c.text for a in answers for c, _ in a.check.invalid]
    checks.append(ReadinessCheck("citation_validity", _rate(n_valid, n_cites), n_valid, n_cites,
                                 thresholds.get("citation_validity"), f"invalid: {bad}" if bad else ""))
    with_disclaimer = [a for a in answers if has_disclaimer(a.text, profile.disclaimer)]
    checks.append(ReadinessCheck("disclaimer_presence", _rate(len(with_disclaimer), len(answers)),
                                 len(with_disclaimer), len(answers), thresholds.get("disclaimer_presence")))

    filtered = [(q, a) for q, a in pairs if q.filters]
    correct = 0
    leaked = returned_unfiltered = 0
    for q, a in filtered:
        where = profile.filter_for(**q.filters)
        everything = assistant.retriever.retrieve(q.question, k=10**6, where=None, min_score=profile.min_score)
        expected = [h.document.id for h in everything if where(h.document.metadata)][: profile.top_k]
        if all(where(h.document.metadata) for h in a.hits) and a.sources == expected:
            correct += 1
        top_unfiltered = everything[: profile.top_k]
        returned_unfiltered += len(top_unfiltered)
        leaked += sum(not where(h.document.metadata) for h in top_unfiltered)
    checks.append(ReadinessCheck("filter_correctness", _rate(correct, len(filtered)), correct, len(filtered),
                                 thresholds.get("filter_correctness")))
    checks.append(ReadinessCheck("filter_leakage", _rate(leaked, returned_unfiltered), leaked, returned_unfiltered,
                                 None, "sources from outside the filter if it were not applied"))
    if concurrency > 1:
        checks.append(_load_consistency(assistant, questions, answers, concurrency, thresholds.get("load_consistency")))
    return ReadinessReport(profile.name, tuple(checks), tuple(answers))


def _load_consistency(assistant: DomainAssistant, questions: list[EvalQuestion], answers: list[DomainAnswer],
                      concurrency: int, threshold: float | None) -> ReadinessCheck:
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        futures = [pool.submit(assistant.ask, q.question, **q.filters) for q in questions]
    same, problems = 0, []
    for q, future, first in zip(questions, futures, answers):
        try:
            again = future.result()
        except Exception as exc:  # a failure under load is a finding, not a crash of the report
            problems.append(f"{q.question} -> {type(exc).__name__}: {exc}")
            continue
        if again.text == first.text and again.sources == first.sources:
            same += 1
        else:
            problems.append(f"{q.question} -> a different answer")
    return ReadinessCheck("load_consistency", _rate(same, len(questions)), same, len(questions), threshold,
                          f"{concurrency} threads; " + "; ".join(problems) if problems else f"{concurrency} threads")
