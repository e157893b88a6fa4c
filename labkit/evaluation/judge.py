"""LLM-as-judge: a model grades answers against a rubric, or picks the better of two, and abstains when unsure.

When an answer has no single reference ("explain the refund policy"), a second model can grade it. That judge is an
instrument with its own errors, so three habits come with it:

1. **Read the verdict strictly.** :func:`parse_score` and :func:`parse_choice` accept a verdict only in a form the
   prompt asked for ("Score: 4/5", "Verdict: B"); a reply with no verdict, two different verdicts, a number off the
   scale, or one that says it cannot verify the answer is an *abstention* (``label=None``), never a default score.
   (A common pattern, ``except: return 0.5``, turns every unreadable reply into a confident middle grade.)
2. **Swap the pair.** Judges prefer a position (often the first answer). :class:`PairwiseJudge` asks twice, with
   the answers in both orders; a verdict that flips with the order is no verdict (a tie, flagged inconsistent), and
   :func:`position_bias` measures how often the first position wins.
3. **Calibrate before trusting.** :func:`measure_judge` runs a judge over human-labelled answers (the bundled set of
   48, :func:`load_judged_answers`, written and labelled before any judge ran on it) and reports agreement, Cohen's
   kappa and coverage (:mod:`.agreement`). A pass mark chosen on those 48 (:func:`~.agreement.sweep_pass_mark`) is
   confirmed on 24 fresh answers written afterwards (``load_judged_answers("fresh")``).

The judge takes any chat model (``labkit.llm.get_model()`` by default). What the offline model can judge: it is a
rule engine, so it checks what the prompt lets it check (a figure or name against the given context, arithmetic)
and says it cannot verify the rest, which this judge counts as an abstention. A 270M *base* model follows no
"Score: N" instruction at all; score it by label likelihood (``labkit.llm.local.classify``) instead, and measure
that too. Neither judges style, helpfulness or facts outside the prompt; lesson 13 shows the numbers.

Left out: reference-guided grading with several references, chain-of-thought judges, and ensembles of judges.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from labkit.errors import InvalidInputError
from labkit.evaluation.agreement import Calibration, calibrate

_NUM = r"(\d+(?:\.\d+)?)"
_SCORE_FORMS = (
    re.compile(rf"(?i:\b(?:score|rating|grade)\b(?:\s*(?:is|of))?)[\s:=*]*{_NUM}\**(?:\s*(?:/|out of)\s*{_NUM})?"),
    re.compile(rf"{_NUM}\s*(?:/|(?i:out of))\s*{_NUM}"),
)
_CHOICE = re.compile(r"(?i:\b(?:verdict|winner|choice|better answer|preferred answer|prefer)\b)\s*(?:is)?\s*[:=]?\s*"
                     r"[*\[(\"']*\s*(?:(?i:answer|response)\s+)?(?P<choice>A|B|(?i:tie))\b")
_CHOICE_SENTENCE = re.compile(r"\b(?i:answer|response)\s+(?P<choice>A|B)\s+is\s+(?i:better|more (?:accurate|correct))")
_BRACKETED = re.compile(r"\[\[(?P<choice>A|B|(?i:tie))\]\]")
_DOUBT = re.compile(r"(?i)\b(?:cannot|can't|can not|unable to|not able to)\s+(?:verify|tell|judge|determine|decide|"
                    r"assess|check)\b")


def _only(values: list[Any]) -> Any:
    """The single distinct value, or None when there is none or more than one (conflicting verdicts)."""
    distinct = list(dict.fromkeys(values))
    return distinct[0] if len(distinct) == 1 else None


def parse_score(text: str, low: float = 1, high: float = 5) -> float | None:
    """The one score in ``text`` on the ``low``-``high`` scale, or ``None`` (no score, several, or off the scale).

    >>> parse_score("Score: 4/5. Correct and supported.")
    4.0
    >>> parse_score("I would give it 4 out of 5.")
    4.0
    >>> parse_score("4")
    4.0
    >>> parse_score("Score: 7") is None, parse_score("Score: 3/10") is None
    (True, True)
    >>> parse_score("Score: 2. On reflection, Score: 4.") is None
    True
    """
    found = []
    for form in _SCORE_FORMS:
        for m in form.finditer(text):
            value, scale = float(m.group(1)), m.group(2)
            if scale is not None and float(scale) != high:
                return None  # a score on another scale than the one asked for: not comparable
            found.append(value)
        if found:
            break
    if not found and re.fullmatch(rf"\s*\**{_NUM}\**\s*\.?\s*", text):
        found = [float(text.strip(" *."))]
    value = _only(found)
    return value if value is not None and low <= value <= high else None


def parse_choice(text: str) -> str | None:
    """``"A"``, ``"B"`` or ``"tie"`` when the reply states exactly one verdict, else ``None``.

    >>> parse_choice("Verdict: B. It gives the right date.")
    'B'
    >>> parse_choice("[[A]]"), parse_choice("Answer A is better because it is shorter."), parse_choice("B")
    ('A', 'A', 'B')
    >>> parse_choice("Verdict: tie")
    'tie'
    >>> parse_choice("Both have merits.") is None, parse_choice("Verdict: A. Verdict: B.") is None
    (True, True)
    """
    found = [m.group("choice") for p in (_CHOICE, _CHOICE_SENTENCE, _BRACKETED) for m in p.finditer(text)]
    if not found and text.strip(" *.\n") in {"A", "B"}:
        found = [text.strip(" *.\n")]
    choice = _only([c if c in {"A", "B"} else "tie" for c in found])
    return choice


def _reply(model: Any, prompt: str) -> str:
    content = model.invoke(prompt).content
    if isinstance(content, list):  # providers that return content blocks
        content = "".join(part.get("text", "") if isinstance(part, dict) else str(part) for part in content)
    return str(content)


def _default_model(model: Any) -> Any:
    if model is not None:
        return model
    from labkit.llm import get_model

    return get_model()


@dataclass(frozen=True)
class Rubric:
    """What a judge checks (``criteria``) and its scale; an answer passes at ``pass_at`` or above."""

    criteria: tuple[str, ...] = (
        "correct: it answers the question the way the context does",
        "faithful: every claim it makes is supported by the context",
    )
    low: int = 1
    high: int = 5
    pass_at: int = 4

    def __post_init__(self) -> None:
        if not self.criteria or not self.low < self.pass_at <= self.high:
            raise InvalidInputError("A rubric needs criteria and low < pass_at <= high, e.g. Rubric(('correct',), "
                                    "1, 5, 4).")

    def _header(self, context: str | None) -> str:
        lines = [f"- {c}" for c in self.criteria]
        block = [f"Context: {context}"] if context else []
        return "\n".join(["Criteria:", *lines, *block])

    def prompt(self, question: str, answer: str, context: str | None = None) -> str:
        """The grading prompt: task, criteria, context, question, answer, and the reply format."""
        where = " using only the context" if context else ""
        return (f"Evaluate the answer to the question{where}.\n{self._header(context)}\nQuestion: {question}\n"
                f"Answer: {answer}\nScore the answer on a scale of {self.low} to {self.high} ({self.high} = meets "
                f"every criterion, {self.low} = meets none). Reply as 'Score: N' and one sentence of reasons.")

    def pairwise_prompt(self, question: str, first: str, second: str, context: str | None = None) -> str:
        """The comparison prompt, with ``first`` shown as Answer A and ``second`` as Answer B."""
        where = " using only the context" if context else ""
        return (f"Compare two answers to the question{where}.\n{self._header(context)}\nQuestion: {question}\n"
                f"Answer A: {first}\nAnswer B: {second}\nWhich answer is better? Reply as 'Verdict: A', "
                "'Verdict: B' or 'Verdict: tie', and one sentence of reasons.")


@dataclass(frozen=True)
class Verdict:
    """A graded answer: ``label`` is ``"pass"``, ``"fail"`` or ``None`` (abstained); ``reply`` is the judge's text."""

    label: str | None
    score: float | None
    reply: str
    why_abstained: str = ""

    @property
    def abstained(self) -> bool:
        return self.label is None


class RubricJudge:
    """Grades one answer on a :class:`Rubric` with a chat model; see the module docstring for the rules."""

    def __init__(self, model: Any = None, rubric: Rubric | None = None, *, abstain_on_doubt: bool = True):
        self.model = _default_model(model)
        self.rubric = rubric or Rubric()
        self.abstain_on_doubt = abstain_on_doubt

    def judge(self, question: str, answer: str, context: str | None = None) -> Verdict:
        reply = _reply(self.model, self.rubric.prompt(question, answer, context))
        if self.abstain_on_doubt and _DOUBT.search(reply):
            return Verdict(None, parse_score(reply, self.rubric.low, self.rubric.high), reply,
                           "the judge says it cannot verify the answer")
        score = parse_score(reply, self.rubric.low, self.rubric.high)
        if score is None:
            return Verdict(None, None, reply, f"no single score on the {self.rubric.low}-{self.rubric.high} scale")
        return Verdict("pass" if score >= self.rubric.pass_at else "fail", score, reply)


@dataclass(frozen=True)
class PairwiseVerdict:
    """The better of two answers, asked in both orders.

    ``raw`` holds the choices as presented (``"A"`` = whichever answer was shown first); ``first`` and ``second``
    are those choices mapped back to the caller's names (``"A"`` = the caller's first answer). ``winner`` is
    ``"A"``, ``"B"``, ``"tie"`` (also when the two orders disagree: ``consistent`` is then False) or ``None`` when
    a reply could not be read.
    """

    winner: str | None
    first: str | None
    second: str | None
    raw: tuple[str | None, ...] = field(default=())

    @property
    def consistent(self) -> bool | None:
        if self.first is None or self.second is None:
            return None
        return self.first == self.second


_SWAPPED = {"A": "B", "B": "A", "tie": "tie", None: None}


class PairwiseJudge:
    """Picks the better of two answers; with ``swap=True`` (the default) asks in both orders and keeps only an
    order-independent verdict."""

    def __init__(self, model: Any = None, rubric: Rubric | None = None, *, swap: bool = True):
        self.model = _default_model(model)
        self.rubric = rubric or Rubric()
        self.swap = swap

    def choose(self, question: str, first: str, second: str, context: str | None = None) -> str | None:
        """One reading in the order given: ``"A"`` (``first``), ``"B"``, ``"tie"`` or ``None``."""
        return parse_choice(_reply(self.model, self.rubric.pairwise_prompt(question, first, second, context)))

    def compare(self, question: str, a: str, b: str, context: str | None = None) -> PairwiseVerdict:
        first = self.choose(question, a, b, context)
        if not self.swap:
            return PairwiseVerdict(first, first, None, (first,))
        presented = self.choose(question, b, a, context)
        second = _SWAPPED[presented]
        if first is None or second is None:
            winner = None
        else:
            winner = first if first == second else "tie"
        return PairwiseVerdict(winner, first, second, (first, presented))


def position_bias(verdicts: Sequence[PairwiseVerdict]) -> dict[str, float | int | None]:
    """How verdicts depend on the order: ``first_position_wins`` is the share of decisive readings (A or B, as
    presented) that chose whatever was shown first (0.5 = no preference); ``consistent`` is the share of pairs read
    in both orders whose verdict survived the swap. Each is ``None`` when no reading could measure it.

    >>> position_bias([PairwiseVerdict("tie", "A", "B", ("A", "A")), PairwiseVerdict("B", "B", "B", ("B", "A"))])
    {'pairs': 2, 'first_position_wins': 0.75, 'consistent': 0.5}
    """
    decisive = [c for v in verdicts for c in v.raw if c in {"A", "B"}]
    both = [v for v in verdicts if v.consistent is not None]
    return {"pairs": len(verdicts),
            "first_position_wins": round(sum(c == "A" for c in decisive) / len(decisive), 4) if decisive else None,
            "consistent": round(sum(bool(v.consistent) for v in both) / len(both), 4) if both else None}


# --- calibration against the bundled human labels ----------------------------------------------------------------


JUDGED_SETS = {"dev": "judged_answers.json", "fresh": "judged_answers_fresh.json"}


def load_judged_answers(which: str = "dev") -> list[dict[str, str]]:
    """Human-labelled answers (``id, question, context, answer, human, kind``) from ``data/``.

    ``"dev"``: the 48 answers labelled before any judge ran; the first measurement of every judge is made on them,
    and a judge's threshold may then be chosen on them. ``"fresh"``: 24 answers written after that, to confirm a
    choice made on ``dev``; never tune on them.
    """
    if which not in JUDGED_SETS:
        raise InvalidInputError(f"Unknown judged set {which!r}; choose 'dev' or 'fresh'.")
    path = f"data/{JUDGED_SETS[which]}"
    return json.loads(resources.files("labkit.evaluation").joinpath(path).read_text(encoding="utf-8"))["items"]


def measure_judge(judge: RubricJudge | Callable[[dict[str, str]], str | None],
                  items: Sequence[dict[str, str]] | None = None) -> tuple[Calibration, list[dict[str, Any]]]:
    """Run ``judge`` on human-labelled items and compare: the :class:`Calibration` and one row per item.

    ``judge`` is a :class:`RubricJudge` or any function from an item to ``"pass"``, ``"fail"`` or ``None``. A row's
    ``score`` is the rubric judge's score where it gave a verdict (``None`` otherwise), for :func:`sweep_pass_mark`.
    """
    items = list(items) if items is not None else load_judged_answers()
    rows = []
    for item in items:
        score = None
        if isinstance(judge, RubricJudge):
            verdict = judge.judge(item["question"], item["answer"], item.get("context"))
            label, score = verdict.label, (None if verdict.abstained else verdict.score)
        else:
            label = judge(item)
        rows.append({"id": item["id"], "kind": item.get("kind"), "human": item["human"], "judge": label,
                     "score": score})
    return calibrate([r["judge"] for r in rows], [r["human"] for r in rows]), rows


def human_pairs(items: Sequence[dict[str, str]] | None = None) -> list[dict[str, str]]:
    """Pairs of answers to the same question whose human labels differ: ``{question, context, a, b, human}`` with
    ``human`` naming the passing answer (``"A"`` or ``"B"``), in the order the answers were written."""
    items = list(items) if items is not None else load_judged_answers()
    by_question: dict[str, list[dict[str, str]]] = {}
    for item in items:
        by_question.setdefault(item["question"], []).append(item)
    pairs = []
    for group in by_question.values():
        if len(group) == 2 and group[0]["human"] != group[1]["human"]:
            a, b = group
            pairs.append({"question": a["question"], "context": a["context"], "a": a["answer"], "b": b["answer"],
                          "human": "A" if a["human"] == "pass" else "B"})
    return pairs
