"""Self-consistency: sample several reasoning paths at temperature > 0, normalise their answers, take the majority.

The one idea: one sampled chain of thought can slip anywhere; independent samples rarely slip the same way. So ask
``n`` times concurrently (``ainvoke`` + ``asyncio.gather``), reduce each reply to a canonical answer
(:func:`~labkit.reasoning.chain.normalise_answer`), and vote. The share of samples that agree is a cheap confidence
signal: 5 of 5 is very different from 2 of 5, and a low agreement is a good reason to escalate to a person.

Each sample carries its own system line ("Independent attempt i of n") so samples are distinct requests: that
keeps the offline model's seeded sampling reproducible however the concurrent calls interleave, and is harmless
for a real model. ``temperature`` and ``seed`` are passed per call; drop ``seed`` for providers without one.

What a vote can and cannot repair: it removes mistakes that samples make *independently* (a slip here, a
different slip there), and it cannot remove a mistake the samples *share* (a misreading of the problem that the
model makes every time): then the vote returns the wrong answer with high agreement. :func:`error_kind` and
:func:`vote_breakdown` sort problems into those cases (and the one where the model gives no answer at all), using
the temperature-0 answer as the model's own reading.
On labkit's offline model the independent case is a simulation (it injects random slips at temperature > 0 into
answers it gets right at 0), so its vote gains are guaranteed by construction; measure a real model before
believing a number.

Left out: weighted voting by sample log-probability and early stopping when the vote is already decided.

>>> majority_vote(["42", "42", "41", None]).answer, majority_vote(["42", "42", "41", None]).confidence
('42', 0.5)
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from labkit.errors import InvalidInputError
from labkit.reasoning.chain import cot_prompt, extract_answer, normalise_answer

T = TypeVar("T")


@dataclass(frozen=True)
class Vote:
    """The winning answer, its vote count, the number of samples and every answer's count."""

    answer: str | None
    votes: int
    samples: int
    counts: tuple[tuple[str, int], ...]

    @property
    def confidence(self) -> float:
        """Agreement: the share of *all* samples (unparseable ones included) that gave the winning answer."""
        return self.votes / self.samples if self.samples else 0.0


def majority_vote(answers: Sequence[str | None]) -> Vote:
    """Majority over normalised answers; ``None`` (no answer found) never wins. Ties go to the answer seen first."""
    if not answers:
        raise InvalidInputError("majority_vote needs at least one answer.")
    counts = Counter(a for a in answers if a is not None)
    if not counts:
        return Vote(None, 0, len(answers), ())
    order = {a: i for i, a in reversed(list(enumerate(answers)))}
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], order[kv[0]]))
    return Vote(ranked[0][0], ranked[0][1], len(answers), tuple(ranked))


@dataclass(frozen=True)
class Consistency:
    """Self-consistency outcome: the vote and every sampled reply with its normalised answer."""

    vote: Vote
    replies: tuple[str, ...]
    answers: tuple[str | None, ...]

    @property
    def answer(self) -> str | None:
        return self.vote.answer

    @property
    def confidence(self) -> float:
        return self.vote.confidence


async def asample(model: Any, prompt: str, n: int, temperature: float = 0.8, seed: int | None = 0) -> list[str]:
    """``n`` concurrent samples of one prompt; reply ``i`` is always the answer to attempt ``i``."""
    if not isinstance(n, int) or n < 1:
        raise InvalidInputError(f"n (samples) must be a positive integer, got {n!r}.")
    if not isinstance(prompt, str) or not prompt.strip():
        raise InvalidInputError("The prompt must be non-empty text.")
    options: dict[str, Any] = {"temperature": temperature}
    if seed is not None:
        options["seed"] = seed

    async def one(i: int) -> str:
        messages = [("system", f"Independent attempt {i + 1} of {n}."), ("human", prompt)]
        return str((await model.ainvoke(messages, **options)).content)

    return list(await asyncio.gather(*(one(i) for i in range(n))))


async def aself_consistency(
    model: Any,
    problem: str,
    n: int = 5,
    temperature: float = 0.8,
    seed: int | None = 0,
    extract: Callable[[str], str | None] = extract_answer,
) -> Consistency:
    """Sample ``n`` chain-of-thought solutions of ``problem`` concurrently and vote on their answers."""
    replies = await asample(model, cot_prompt(problem), n, temperature, seed)
    answers = tuple(normalise_answer(extract(r)) for r in replies)
    return Consistency(majority_vote(answers), tuple(replies), answers)


def run_sync(coro_factory: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to completion from sync code, also inside Jupyter (where a loop is already running)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro_factory())
    box: dict[str, Any] = {}

    def worker() -> None:
        try:
            box["value"] = asyncio.run(coro_factory())
        except BaseException as exc:  # re-raised in the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["value"]


def self_consistency(model: Any, problem: str, n: int = 5, temperature: float = 0.8, seed: int | None = 0) -> Consistency:
    """Synchronous :func:`aself_consistency` (in a notebook you may also ``await aself_consistency(...)``)."""
    return run_sync(lambda: aself_consistency(model, problem, n, temperature, seed))


def accuracy(
    model: Any, problems: Sequence[tuple[str, Any]], n: int = 5, temperature: float = 0.8, seed: int | None = 0
) -> dict[str, float]:
    """Single-sample accuracy (the share of all samples that are right: what one call gets, on average) vs
    majority-vote accuracy over ``problems``, plus the mean agreement."""
    if not problems:
        raise InvalidInputError("accuracy needs at least one (problem, answer) pair.")

    async def all_runs() -> list[Consistency]:
        return list(await asyncio.gather(*(aself_consistency(model, q, n, temperature, seed) for q, _ in problems)))

    runs = run_sync(all_runs)
    gold = [normalise_answer(str(a)) for _, a in problems]
    single = sum(sum(a == g for a in r.answers) / len(r.answers) for r, g in zip(runs, gold)) / len(problems)
    voted = sum(r.answer == g for r, g in zip(runs, gold)) / len(problems)
    agreement = sum(r.confidence for r in runs) / len(runs)
    return {"single": round(single, 3), "majority": round(voted, 3), "agreement": round(agreement, 3)}


def error_kind(gold: str | None, greedy: str | None, answers: Sequence[str | None]) -> str:
    """Where a problem's errors come from: ``"none"`` (every sample right), ``"sampling"`` (the temperature-0
    answer is right, some samples are not: a vote can repair this), ``"systematic"`` (the temperature-0 answer is
    wrong: samples share the misreading, and a vote returns it) or ``"no answer"`` (the model gives no answer at
    temperature 0: there is nothing right to vote for).

    >>> error_kind("29", "29", ["29", "30", "29"]), error_kind("29", "43", ["43", "43", "42"])
    ('sampling', 'systematic')
    >>> error_kind("29", None, [None, None])
    'no answer'
    """
    if greedy is None:
        return "no answer"
    if greedy != gold:
        return "systematic"
    return "none" if all(a == gold for a in answers) else "sampling"


def vote_breakdown(
    model: Any, problems: Sequence[tuple[str, Any]], n: int = 5, temperature: float = 0.8, seed: int | None = 0
) -> list[dict[str, Any]]:
    """One row per problem: the gold answer, the temperature-0 answer, the vote of ``n`` samples at
    ``temperature``, its agreement, the share of samples that differ from the temperature-0 answer (``slipped``),
    whether the vote is right, and the :func:`error_kind`."""
    if not problems:
        raise InvalidInputError("vote_breakdown needs at least one (problem, answer) pair.")

    async def all_runs() -> list[tuple[Consistency, Consistency]]:
        async def both(question: str) -> tuple[Consistency, Consistency]:
            greedy = await aself_consistency(model, question, 1, 0.0, seed)
            return greedy, await aself_consistency(model, question, n, temperature, seed)

        return list(await asyncio.gather(*(both(q) for q, _ in problems)))

    rows = []
    for (question, gold), (greedy, sampled) in zip(problems, run_sync(all_runs)):
        expected = normalise_answer(str(gold))
        rows.append({"problem": question, "gold": expected, "temperature 0": greedy.answer, "vote": sampled.answer,
                     "agreement": round(sampled.confidence, 2),
                     "slipped": round(sum(a != greedy.answer for a in sampled.answers) / n, 2),
                     "vote right": sampled.answer == expected,
                     "errors": error_kind(expected, greedy.answer, sampled.answers)})
    return rows


# --- the syllabus's week-1 project: few-shot selection + self-consistency = a label with a confidence -----------


@dataclass(frozen=True)
class Labelled:
    """A voted label, its agreement, and the examples the prompt showed."""

    label: str | None
    confidence: float
    vote: Vote
    examples: tuple[Any, ...]


async def aclassify_with_confidence(
    model: Any,
    text: str,
    labels: Sequence[str],
    selector: Any,
    task: str = "Classify the text",
    n: int = 5,
    temperature: float = 0.8,
    seed: int | None = 0,
) -> Labelled:
    """Few-shot prompt with examples chosen for ``text`` by ``selector``, sampled ``n`` times, labels voted.

    A reply that names no single label (see :func:`labkit.prompting.classifier.normalise_label`) is a non-vote.
    """
    from labkit.prompting.classifier import normalise_label
    from labkit.reasoning.fewshot import few_shot_prompt

    labels = list(labels)
    if len(labels) < 2:
        raise InvalidInputError("Give at least two labels to choose between.")
    examples = selector.select(text)
    prompt = few_shot_prompt(f"{task.strip()} into one of: {', '.join(labels)}.", examples, text)
    replies = await asample(model, prompt, n, temperature, seed)
    vote = majority_vote([normalise_label(r, labels) for r in replies])
    return Labelled(vote.answer, vote.confidence, vote, tuple(examples))


def classify_with_confidence(model: Any, text: str, labels: Sequence[str], selector: Any, **options: Any) -> Labelled:
    """Synchronous :func:`aclassify_with_confidence`."""
    return run_sync(lambda: aclassify_with_confidence(model, text, labels, selector, **options))
