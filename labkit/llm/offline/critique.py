"""Critique: judge a response, checking what can be checked and saying plainly what cannot.

Correctness comes first, and only from evidence in the prompt:

- *arithmetic claims* in the response ("12 x 7 = 82") are recomputed with :mod:`labkit.safemath`;
- a *word problem* in the question is solved (:mod:`.arithmetic`) and the response's final number compared; where
  they disagree and every sum the response shows is right, the solver (which misreads problems too) does not
  overrule it: no score. A result written with decimals counts as rounded ("23,000 / 150 = 153.3"), and a whole
  answer rounded against the question ("how many full bowls": 114.3, so 115) is wrong;
- a *given context* is used to answer the question (:mod:`.answer`); the response must state that answer. A bare
  claim with no question is confirmed when every figure, date and name it states is in the context; an answer to a
  question is not (naming the producer the notes name is no answer to "who engineered it?").

The prompt may be laid out as a form ("Context: / Question: / Answer:") or in words: the facts written unlabelled
before the answer, "Q: ... / A: ...", "Someone asked when ..., and a student answered: 2pm", "The treasurer says the
takings came to £62", "A chatbot told me that ..., according to the notice below", '"..." That's what I wrote',
"Student: ...". The text around the answer is the material; a request to rate written on the answer's own line
("70 mg. Score it from 0 to 10.") is cut off it. A claim with no question is checked against the one clause of the
material about its subject (:func:`clause_finding`): "the road run leaves at 10:30 on the Saturday" is wrong beside
"The road run leaves at 10:30 on Sunday", whatever else the notice says about Saturday.

A response found wrong scores low whatever its style; one found right scores high. When nothing in the prompt lets
the critic check an answer to a question (no context that settles it, no arithmetic), it says it cannot verify it
and gives no score ("Score: none"): any number would judge a claim nobody checked, and a confident paragraph of
capitalised names gets no 10/10 from a critic that cannot check it. Two cases still get a score: a listed rubric
(whether each criterion is covered can be checked, facts cannot: the score rates coverage) and a free-standing text
with no question to answer (the score rates only what can be seen, relevance, concrete detail and length, and stays
in the middle of the scale).

What it cannot do: judge facts that are not in the prompt, or reasoning beyond single arithmetic claims. Right sums
prove the working, not the reading ("145 + 10 = 155 a night" for a fee paid once per stay), so an answer whose only
evidence is its own correct arithmetic gets no score; nor does one whose figure the context holds only as material
for a sum, or a time relative to the one the context states ("the visit after that").
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field

from labkit.llm.offline import cues
from labkit.llm.offline.answer import (RATE_AFTER, answer_question, answer_type, key_terms, not_the_asked_thing,
                                      typed_values)
from labkit.llm.offline.arithmetic import solve, unit_key
from labkit.llm.offline.prompt import JUDGED_HEADERS, read_format
from labkit.llm.offline.skill import Result, Similarity, Turn
from labkit.llm.offline.text import content_words, split_sentences, words
from labkit.llm.offline.values import WEEKDAYS, Value, entities, extract
from labkit.safemath import UnsafeExpressionError, evaluate, format_number

UNCHECKED = ("Correctness: I cannot verify whether it is correct: {why} The score stays in the middle of the scale "
             "and reflects only relevance, criteria, detail and length.")
NOTHING_TO_CHECK = "the prompt gives no context or arithmetic to check it against."
RIGHT_SUMS = "its sums are right, but nothing in the prompt confirms they are the right sums to do."
NOTHING_SETTLES = "nothing the context states settles whether it is right."
NO_SCORE = ("Correctness: I cannot verify whether it is correct: {why} I give no score, since any score would judge a "
            "claim I could not check.")
RUBRIC_ONLY = ("Correctness: I cannot verify the facts from the prompt; the score rates how well the response covers "
               "the listed criteria.")
_ANSWER_MEANT = re.compile(r"\b(?:(?:his|her|their|my|your|the|this|that) (?:answer|claim|solution|result)|"
                           r"(?:says|said|claims|claimed|reckons|thinks) (?:that )?(?:it|he|she|they|the|[A-Z]\w+))\b")
"""Words that say the text judged is an answer or a claim ("mark his answer", "my son says Sam scored 14"), not a
free-standing text: unchecked, it gets no score either."""
MISSING_CRITERION_CAP = 0.5
"""The highest score (0..1) for a response that misses a listed criterion: the middle of the scale."""
_WORD_OPERATORS = {"plus": "+", "minus": "-", "times": "*", "multiplied by": "*", "divided by": "/", "x": "*",
                   "×": "*", "÷": "/"}


@dataclass
class Assessment:
    score01: float
    verdict: str = "unchecked"
    """``correct`` or ``incorrect`` when the prompt allowed a check, else ``unchecked``."""
    findings: list[str] = field(default_factory=list)
    strengths: list[str] = field(default_factory=list)
    weaknesses: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)

    def on_scale(self, low: float, high: float) -> float:
        """The score mapped to ``[low, high]`` (integers when the scale is integral)."""
        value = low + self.score01 * (high - low)
        integral = float(low).is_integer() and float(high).is_integer() and high - low >= 2
        return round(value) if integral else round(value, 2)


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= max(0.01, 1e-6 * abs(b))


_REMAINDER = re.compile(r"\b(?P<a>\d+)\s*(?:/|÷|divided by)\s*(?P<b>\d+)\s*(?:=|is)\s*(?P<q>\d+)\s*(?:remainder|rem\.?|r)\s*"
                        r"(?P<r>\d+)\b", re.I)


def arithmetic_findings(response: str) -> list[tuple[bool, str]]:
    """Each arithmetic claim of the response, recomputed: ``(holds, note)``.

    A result written with decimals is read as rounded to them ("23,000 / 150 = 153.3" holds); one written as a whole
    number must be exact.

    >>> arithmetic_findings("So 12 x 7 = 82 apples.")
    [(False, '12 x 7 is 84, not 82.')]
    >>> [ok for ok, _ in arithmetic_findings("23,000 / 150 = 153.3, so 153 bottles; 10 / 3 = 3.")]
    [True, False]
    >>> [ok for ok, _ in arithmetic_findings("320 + 2 x 190 = 320 + 380 = 700 euros, or 48 x 65 = £3,120.")]
    [True, True, True]
    >>> arithmetic_findings("46 / 6 = 7 remainder 4, so 8 packs."), arithmetic_findings("46 / 6 = 7 r 3")[0][0]
    ([(True, '46 / 6 = 7 remainder 4 checks out.')], False)
    >>> arithmetic_findings("5 x €2.80 = €14.00, plus 2 x €0.60 = €1.20 for the cones")
    [(True, '5 x €2.80 = 14 checks out.'), (True, '2 x €0.60 = 1.2 checks out.')]
    """
    out = []
    for m in _REMAINDER.finditer(response):  # "46 / 6 = 7 remainder 4": a whole division with what is left over
        a, b, q, r = (int(m.group(k)) for k in ("a", "b", "q", "r"))
        ok = b != 0 and divmod(a, b) == (q, r)
        out.append((ok, f"{a} / {b} = {q} remainder {r} checks out." if ok else
                    f"{a} / {b} is {a // b} remainder {a % b}, not {q} remainder {r}." if b else f"{a} / 0 is undefined."))
    response = _REMAINDER.sub(lambda m: " " * len(m.group(0)), response)
    for m in cues.ARITHMETIC_CLAIM.finditer(response):
        chain = [m.group("expr"), *m.group("middle").split("=")[1:]]
        for k, step in enumerate(chain[1:], 1):  # "5 x 2.80 = 14.00, plus 2 x 0.60 = 1.20": two claims, not a chain
            two = re.match(r"^\s*(?P<head>[£$€]?\d[\d,]*(?:\.\d+)?)\s*,\s*(?:plus|and|then|with|add)\s+(?P<tail>.+)$",
                           step)
            if two:  # the chain up to the head is one claim; what follows it is another
                out += _chain_checked(chain[:k], two.group("head"))
                tail = _evaluated(two.group("tail"))
                claimed = _evaluated(m.group("value").rstrip(".,"))
                own = tail is not None and (claimed is not None and _same(tail, claimed) or re.search(
                    r"\d\s*(?:[x×*/+-]|times|plus|minus)\s*[£$€]?\d", two.group("tail")))
                # ("plus 2 x 0.60 = 1.20" is a sum of its own; "90, plus 30 = 120" goes on from the 90)
                out += _chain_checked([two.group("tail")] if own else [step, *chain[k + 1 :]], m.group("value"))
                break
        else:
            out += _chain_checked(chain, m.group("value"))
    return out


def _chain_checked(shown_steps: list[str], value: str) -> list[tuple[bool, str]]:
    """Each step of a chain ("320 + 2 x 190 = 320 + 380 = 700") checked against the value written at its end."""
    written = re.sub(r"[£$€,]", "", value).rstrip(".")
    try:
        claimed = float(written)
    except ValueError:
        return []
    places = len(written.split(".")[1]) if "." in written else 0
    out = []
    for shown in shown_steps:
        actual = _evaluated(shown)
        if actual is None:
            continue
        shown = shown.strip()
        if _same(actual, claimed) or places and round(actual, places) == claimed:
            out.append((True, f"{shown} = {format_number(actual)} checks out."))
        else:
            out.append((False, f"{shown} is {format_number(actual)}, not {value.rstrip('.,')}."))
    return out


def _evaluated(shown: str) -> float | None:
    """A sum as a response writes it ("3,120 x 0.15", "40 plus 15", "£14 x 3"), computed; None when it is no sum."""
    expression = re.sub(r"[£$€,]", "", shown)
    for word, symbol in _WORD_OPERATORS.items():
        expression = re.sub(rf"(?<=[\d\s]){re.escape(word)}(?=[\d\s])", f" {symbol} ", expression)
    try:
        return float(evaluate(expression))
    except (UnsafeExpressionError, ValueError):
        return None


_LEADING_ANSWER = re.compile(r"^\s*(?:(?:it is|it's|that's|the answer is|about|around|roughly)\s+)?[£$€]?"
                             r"(?P<n>-?\d[\d,]*(?:\.\d+)?)(?![\d.,]\d)[^\d=]{0,30}?(?:[,;:(]|\s[–—]\s|(?<=[^\d\s])\s-\s|"
                             r"\s(?:because|since|as|that "
                             r"is|which is|from|i\.e\.)\b)", re.I)


def _final_number(response: str) -> float | None:
    """The number the response gives as its answer: the one it opens with when working follows it ("£690, that is 45
    x 14 = 630 plus 60" -> 690, "82% - 41 divided by 50 is 0.82" -> 82), else the last number as written ("1200 / 40
    = 30 minutes." -> 30, "82 - 41 = 41" -> 41), in words when it writes no digits ("two hundred and forty").

    >>> _final_number("82% - 41 divided by 50 is 0.82."), _final_number("82 - 41 = 41")
    (82.0, 41.0)
    >>> _final_number("Four ninths of it, which is two hundred and forty pounds.")
    240.0
    """
    lead = _LEADING_ANSWER.match(response)
    numbers = [lead.group("n")] if lead else re.findall(r"-?\d[\d,]*(?:\.\d+)?", response)[-1:]
    if numbers:
        return float(numbers[-1].replace(",", ""))
    worded = [v for v in extract(response) if v.is_numeric and isinstance(v.value, (int, float))]
    return float(worded[-1].value) if worded else None  # "which is two hundred and forty pounds"


def rounding_finding(question: str, response: str) -> tuple[bool, str] | None:
    """When the response's working ends on a fraction and its answer is a whole number rounded the other way from
    what the question asks, the finding that says so: down for things that must be whole ("how many full bowls": a
    part-filled bowl is none), up for what must suffice ("how many coaches are needed"). None otherwise: a rounding
    the right way proves only the rounding, not the sum before it.

    >>> rounding_finding("How many full bowls does one pot give?", "40,000 / 350 = 114.3, so 115 bowls.")[0]
    False
    >>> rounding_finding("How many coaches are needed for 130 pupils?", "130 / 50 = 2.6, so 3 coaches.") is None
    True
    >>> rounding_finding("How many days does it take?", "45 / 6 = 7.5, so 8 days.") is None
    True
    """
    claims = list(cues.ARITHMETIC_CLAIM.finditer(response))
    final = _final_number(response)
    if not claims or final is None or not final.is_integer():
        return None
    worked = _evaluated(claims[-1].group("expr"))
    if worked is None:
        return None
    if worked.is_integer() or final not in (math.floor(worked), math.ceil(worked)):
        return None
    down, up = bool(cues.WHOLE_ITEMS.search(question)), bool(cues.ENOUGH_FOR.search(question))
    if down == up:
        return None
    wanted = math.floor(worked) if down else math.ceil(worked)
    if final == wanted:
        return None
    why = "only whole ones count" if down else "anything less falls short"
    return False, (f"{format_number(worked)} must round {'down' if down else 'up'} here, to {wanted}: {why}, so "
                   f"{format_number(final)} is wrong.")


def percent_as_amount(problem: str, response: str) -> tuple[bool, str] | None:
    """A sum in the response that adds or takes a percentage of the problem, as a bare number, to or from one of its
    amounts: "80 + 25 = 105" for 80 dollars discounted by 25%. A percentage is a share of something, never an amount
    in its own right, so the sum is wrong whatever the rest. None when no such sum is shown, or when the problem also
    states the bare number as an amount (then the sum may use that).

    >>> percent_as_amount("A jacket costs 80 dollars and is discounted by 25%.", "80 - 25 = 55 dollars.")[0]
    False
    >>> percent_as_amount("A jacket costs 80 dollars and is discounted by 25%.", "80 x 0.25 = 20, 80 - 20 = 60.")
    """
    stated = extract(problem)
    percents = {float(v.value) for v in stated if v.kind == "percent" and isinstance(v.value, (int, float))}
    amounts = {float(v.value) for v in stated if v.is_numeric and v.kind not in ("percent", "year")
               and isinstance(v.value, (int, float))}
    for m in cues.ARITHMETIC_CLAIM.finditer(response):
        terms = re.split(r"\s*([-+])\s*", re.sub(r"[£$€,]", "", m.group("expr").strip(" ()")))
        if len(terms) != 3 or "%" in m.group("expr"):
            continue  # (one addition or subtraction of two plain figures: "80 + 25")
        try:
            a, b = float(terms[0]), float(terms[2])
        except ValueError:
            continue
        for share, amount in ((a, b), (b, a)):
            if share in percents and share not in amounts and amount in amounts:
                return False, (f"{format_number(share)} is a percentage ({format_number(share)}%), not an amount: "
                               f"{m.group('expr').strip()} treats it as one.")
    return None


def problem_finding(question: str, response: str) -> tuple[bool, str] | None:
    """When the question is a word problem the solver can read, whether the response's final number solves it."""
    if not question.strip():
        return None
    solution = solve(question)
    if solution is None or _other_unit(question, solution.answer):
        return None
    if isinstance(solution.value, str):  # a clock time
        times = extract(response, kinds=("time",))
        if not times:
            return None
        stated, right = times[-1].value, times[-1].value == solution.value
    else:
        number = _final_number(response)
        if number is None:
            return None
        stated, right = format_number(number), _same(number, float(solution.value))
        lasting = extract(solution.answer, kinds=("duration",))
        said = extract(response, kinds=("duration",))
        if not right and lasting and said and _same(float(said[-1].value), float(lasting[0].value)):
            right = True  # "4,320 seconds, which is 72 minutes, or 1 hour 12 minutes": the same time in other units
        elif lasting and said:
            stated = said[-1].text  # ("1 minute 10 seconds", not its last number)
    if right:
        return True, f"The final answer {solution.answer} is what the problem works out to."
    opposite = _the_other_way(solution.expression, response)
    if opposite:
        return False, (f"The problem works out to {solution.answer}: {solution.expression}, but the response does "
                       f"{opposite}, the other way round.")
    if _own_reading(question, response, solution.value):
        return None  # two readings of the problem, neither shown wrong: nothing settles which is right
    return False, f"The problem works out to {solution.answer}, but the response gives {stated}."


def _the_other_way(expression: str, response: str) -> str | None:
    """The response's sum that combines the solver's last two terms the other way round ("240 + 36" where the
    problem's 15% off gives "240 - 36"), or None. Same figures, opposite step: not another reading of the problem, but
    a discount added or a rise taken off.

    >>> _the_other_way("240 - 36", "15% of 240 = 36, and 240 + 36 = £276.")
    '240 + 36'
    >>> _the_other_way("240 - 36", "15% of 240 = 36, and 240 - 36 = £204.") is None
    True
    """
    solver = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([-+])\s*(\d+(?:\.\d+)?)\s*", expression)
    if not solver:
        return None
    terms = sorted(float(x) for x in (solver.group(1), solver.group(3)))
    for m in cues.ARITHMETIC_CLAIM.finditer(response):
        said = re.fullmatch(r"\s*[£$€]?(\d[\d,]*(?:\.\d+)?)\s*([-+])\s*[£$€]?(\d[\d,]*(?:\.\d+)?)\s*",
                            m.group("expr"))
        if said and said.group(2) != solver.group(2) and sorted(
                float(x.replace(",", "")) for x in (said.group(1), said.group(3))) == terms:
            return m.group("expr").strip()
    return None


def _other_unit(question: str, answer: str) -> str | None:
    """The unit a question asks its answer in ("What is its area *in hectares*?") when the solver's answer is not in
    it ("5400 m²"): the two cannot be compared, and the solver has not converted.

    >>> _other_unit("A field is 120 m by 45 m. What is its area in hectares?", "5400 m²")
    'hectares'
    >>> _other_unit("How long is the walk in minutes?", "95 minutes") is None
    True
    >>> _other_unit("What was their average speed in km/h?", "12000 metres per hour")
    'km/h'
    """
    for unit in re.findall(r"\bin\s+([a-z]+(?:/[a-z]+)?)\s*\?", question, re.I):
        if (unit.lower() in cues.MEASURE_UNITS | cues.TIME_UNITS or "/" in unit) and unit_key(unit) not in {
                unit_key(w) for w in re.findall(r"[^\W\d_]+", answer)}:
            return unit
    return None


def _own_reading(question: str, response: str, solved: object) -> bool:
    """Whether a response that disagrees with the solver shows a reading of its own that nothing here refutes: it
    shows working for a problem with figures, every sum in it is right and one of them gives its answer ("(212 - 80) / 80 = 1.65, so by 165%";
    "23,000 / 150 = 153.3" for 23 litres in 150 ml bottles; "16 hours a day, and 96 / 16 = 6" for two builders of 8
    hours), or it rounds the solver's fraction to a whole ("45 / 6 = 7.5, so 8 working days"). The solver misreads
    problems too (units, figures one step apart), so it does not overrule such an answer; the critic says it cannot
    settle it.

    >>> _own_reading("212 mm fell; the average is 80 mm. By what percentage was it exceeded?",
    ...              "(212 - 80) / 80 = 1.65, so by 165%.", 37.7)
    True
    >>> _own_reading("Four pens at $1.50 are paid for with a $10 note. What is the change?", "$16.", 4)
    False
    >>> _own_reading("48 jackets at £65 each, 15% off. What is the total cost?",
    ...              "48 x 65 = £3,120, and taking off the 15 gives £3,105.", 2652)  # no shown sum gives 3,105
    False
    """
    final = _final_number(response)
    if isinstance(solved, (int, float)) and final is not None and not float(solved).is_integer() and \
            final in (math.floor(solved), math.ceil(solved)):
        return True
    working = arithmetic_findings(response)
    results = [float(m.group("value").replace(",", "").rstrip(".,")) for m in cues.ARITHMETIC_CLAIM.finditer(response)]
    percent = re.search(r"\d\s*(?:%|per ?cent\b)", response, re.I) is not None
    reached = final is not None and any(  # a result as it stands, rounded to a whole, or as a percentage (1.65: 165%)
        _same(final, r) or final in (math.floor(r), math.ceil(r)) or percent and _same(final, 100 * r)
        for r in results)
    return bool(working) and all(ok for ok, _ in working) and reached and any(
        v.is_numeric and v.kind != "year" for v in extract(question))




def _rate_in(text: str, v: Value) -> bool:
    """Whether ``text`` writes the value as a rate ("£85 a place", "12 per hour"); False when it does not write it.

    >>> _rate_in("The class costs £85 a place.", extract("£85")[0]), _rate_in("It took £85.", extract("£85")[0])
    (True, False)
    """
    at = text.find(v.text)
    return at >= 0 and RATE_AFTER.match(text[at + len(v.text):]) is not None


def context_problem_finding(question: str, response: str, context: str) -> tuple[bool, str] | None:
    """When the context and question together are a word problem the solver reads and the response's final number
    is what it works out to, that agreement (a right answer found two independent ways); None otherwise. A
    disagreement is not reported: on prompts written for a reader, not a solver, the solver misreads more often than
    a stated answer is wrong, so it proves nothing.

    >>> context_problem_finding("How much did the workshop take?", "£1,020.",
    ...                         "The workshop costs £85 a place. All twelve places were sold.")
    (True, 'The final answer is what the figures in the context work out to (£1020).')
    """
    solution = solve(f"{context.strip()} {question.strip()}")
    number = _final_number(response)
    if solution is None or isinstance(solution.value, str) or number is None or not _same(number, float(solution.value)):
        return None
    return True, f"The final answer is what the figures in the context work out to ({solution.answer})."


def _writes(response: str, v: Value) -> bool:
    """Whether the response writes the value as a whole token ("4" is not in "84.7", "12" not in "2012")."""
    return re.search(rf"(?<![\w.]){re.escape(v.text)}(?!\w|\.\d)", response, re.I) is not None


def _normal(v: Value) -> str:
    return str(v.value).lower()


def _same_clock(v: Value, stated: list[Value]) -> bool:
    """Whether the response states clock time ``v``, counting a time it writes without a half of the day ("half
    past nine") as either half: 21:30 is "half past nine" on an evening walk.

    >>> _same_clock(extract("It ends at 21:30.")[0], extract("Half past nine."))
    True
    >>> _same_clock(extract("It ends at 21:30.")[0], extract("9.30am."))
    False
    """
    if v.kind != "time":
        return False
    for w in stated:
        if w.kind != "time":
            continue
        if w.value == v.value:
            return True
        marked = re.search(r"[ap]\.?\s?m\b|\b(?:[01]\d|2[0-3]):\d\d|morning|afternoon|evening|night|noon|midnight",
                           w.text, re.I)
        if not marked and w.value[2:] == v.value[2:] and (int(w.value[:2]) - int(v.value[:2])) % 12 == 0:
            return True
    return False


_YES_NO_REPLY = re.compile(r"^\s*(yes|no)\b", re.I)


def yes_no_finding(question: str, response: str, context: str) -> tuple[bool, str] | None:
    """For a yes/no question, the context's answer from the one clause that states everything asked ("no queen
    seen" answers "Was the queen seen?" with no), compared with the response's yes or no; None when no clause
    states all of it.

    >>> yes_no_finding("Was the queen seen?", "Yes, it was.", "Inspection: no queen seen, but fresh eggs present.")
    (False, "The context says no ('Inspection: no queen seen'); the response says yes.")
    """
    reply = _YES_NO_REPLY.match(response)
    terms = set(key_terms(question))
    if not cues.YES_NO_QUESTION.match(question) or not reply or not terms or cues.CONDITIONS.search(context):
        return None  # (a rule with conditions, "only after at least 3 months AND 24 sessions", is not one clause's yes)
    clauses = [c.strip() for s in split_sentences(context) for c in re.split(r",|;|\bbut\b|\bwhile\b", s) if c.strip()]
    stating = [c for c in clauses if terms <= set(content_words(c))]
    if len(stating) != 1:
        return None
    said = "no" if cues.NEGATION.search(stating[0]) else "yes"
    if reply.group(1).lower() == said:
        return True, f"The context says {said} ('{stating[0]}')."
    return False, f"The context says {said} ('{stating[0]}'); the response says {reply.group(1).lower()}."


_RELATIVE_TO_STATED = re.compile(r"\b(?:after|before) (?:that|this|it)\b|\bthe (?:one|time|visit|day|week) (?:after|"
                                 r"before)\b|\bthe following\b|\bthe previous\b", re.I)
"""A question about a time relative to the one the context states: the stated one is not its answer."""


_TOTAL_ASKED = re.compile(r"\b(?:in total|altogether|all told|at most|at the most|overall|combined|total|included|"
                          r"including|in all)\b", re.I)
"""A question that asks for a sum of the context's figures ("How long, breaks included?")."""


def context_findings(question: str, response: str, context: str,
                     similarity: Similarity | None) -> tuple[list[tuple[bool, str]], str]:
    """The response checked against the context: ``(findings, why unverifiable)``. When the context answers the
    question, the response must state that answer; when it does not, the response's claims cannot be checked
    (they are not wrong for being absent from the context, only unverifiable)."""
    stated = extract(response)
    said = {_normal(v) for v in stated} | {v.text.lower() for v in stated}
    yes_no = yes_no_finding(question, response, context) if question.strip() else None
    if yes_no:
        return [yes_no], ""
    if question.strip():
        kind = answer_type(question)
        worked = context_problem_finding(question, response, context) if kind not in ("person", "place") else None
        if worked:  # (a figure worked out is no answer to "who won?")
            return [worked], ""
        defined = _defined_share(question, response, context) if kind not in ("person", "place", "date", "time") \
            else None
        if defined:  # "The working load is one fifth of the rated load" answers "What is the working load?"
            return [defined], ""
        found = answer_question(question, context, similarity)
        if not key_terms(question) and not found.worked:
            # "How much will that be?" names nothing to look up: what a price list holds is the material of a sum
            return [], NOTHING_SETTLES
        if found.unsaid:  # a response to "Which platform is higher, and by how much?" must settle both parts
            return [], f"The context does not settle every part of the question ({found.unsaid[0].strip()})."
        if found.named:  # a comparison picked one name: the answer must be it (and give its difference, if asked)
            if re.search(rf"(?<!\w){re.escape(found.named)}(?!\w)", response, re.I):
                gap = [v for v in extract(found.worked) if v.is_numeric]
                figures = [v for v in stated if v.is_numeric and _normal(v) not in {_normal(c) for c in extract(
                    context)}]  # figures of its own: a difference, if anything
                if gap and figures and not any(_same(float(v.value), float(gap[0].value)) for v in figures
                                               if isinstance(v.value, (int, float))):
                    return [(False, f"The difference is {found.worked}; the response gives "
                                    f"{figures[0].text}.")], ""
                return [(True, f"It names the context's answer: {found.text}.")], ""
            return [(False, f"The context gives {found.text}; the response does not name {found.named}.")], ""
        expected = typed_values(found.worked or found.text, kind) if found.supported and kind else []
        expected = [e for e in expected if not _rate_in(found.text, e) or _rate_in(question, e)]
        if kind in ("person", "place"):  # ("the Marlow Street Opera House" names what is asked about)
            expected = not_the_asked_thing(found.worked or found.text, expected, question)
        # ("£85 a place" answers "how much is a place?", not "how much did the workshop take?")
        sentence = next((s for s in split_sentences(context) if found.text.strip(" .") in s), found.text)
        in_sentence = extract(sentence)  # the answering sentence's figures, read once
        many_figures = sum(v.is_numeric for v in in_sentence) > 2  # (the material of a sum, not one answer)
        if expected:
            given = [e for e in expected if _normal(e) in said or _writes(response, e) or _same_clock(e, stated)]
            if given and (len(expected) == 1 or len(given) == len(expected)):
                # (one of several figures of the answering sentence, "the Slab, 14 metres, and the Roof, 18 metres",
                # is not the context's answer for being in it)
                return [(True, f"It gives the context's answer ({given[0].text}).")], ""
            share = _share_finding(expected, response, context) if kind in ("money", "quantity") and len(
                expected) == 1 and _is_share(expected[0]) and re.search(rf"{re.escape(expected[0].text)}\s+of\b",
                                                                          found.text) else None
            if share:
                return [share], ""
            summed = not found.worked and (_TOTAL_ASKED.search(question) and many_figures or _sum_of_figures(
                response, [v for v in in_sentence if v.kind == expected[0].kind]))
            # (a worked answer is the one combination of the figures that answers: "431 cm - 1.5 cm", not their sum)
            if len(expected) == 1 and (found.worked or sum(v.is_numeric for v in extract(found.text)) <= 2) and \
                    not _RELATIVE_TO_STATED.search(question) and not summed:
                # ("the visit after that": the date is a reference; "breaks included" of a sentence of many figures
                # asks for their sum, which no one figure of it is)
                return [(False, f"The context says {expected[0].text}; the response does not.")], ""
            # (a sentence of many figures, "six rounds of 4 minutes and five of 3, a one-minute break", is the
            # material of a sum, not the answer to look up)
            # several figures of the asked kind in the answering sentence: which one answers is not settled
        if not found.supported:
            names = [v.text for v in entities(question)] if kind in ("date", "time") else []
            settled = clause_finding(response, context, names, listed=True) if names else None
            if settled:  # "When do we play Carden Hawks at home?": the fixture clause that names Carden Hawks
                return [settled], ""
            return [], f"The context does not answer the question ({found.reason or 'nothing in it addresses it'})."
        claimed = [v for v in stated if v.is_numeric] or stated  # a figure, if it gives one, is what it claims
        answer_values = [v for v in extract(found.text) if v.kind in {c.kind for c in claimed}
                         and not (_rate_in(found.text, v) and not _rate_in(question, v))]
        final = _final_number(response) if claimed[:1] and claimed[0].is_numeric else None

        def shared(v: Value) -> bool:  # a figure must be the response's answer, not a step of its working
            if final is not None and v.is_numeric and isinstance(v.value, (int, float)):
                return _same(final, float(v.value))
            return _normal(v) in said or _writes(response, v) or _same_clock(v, stated)

        if claimed and answer_values and not many_figures:
            # the context's answer sentence holds values of that kind: one must be shared (a sentence of many
            # figures is the material of a sum, checked above if at all)
            if any(shared(v) for v in answer_values) and (len(answer_values) == 1 or len(
                    [v for v in answer_values if _writes(found.text, v)]) == 1):
                return [(True, f"It agrees with the context: {found.text}")], ""
                # (one of several figures of a sentence, "the sweet at 14%, the dry at 11.5%", settles nothing)
            a_share = len(answer_values) == 1 and _is_share(answer_values[0]) and bool(
                re.match(r"\s+of\b", found.text[answer_values[0].end :]))  # ("one sixth of the ...", not "at 6.8%")
            share = _share_finding(answer_values, response, context) if a_share else None
            if share:  # "The safe working load is one sixth of the minimum breaking load": worked out, not stated
                return [share], ""
            if len(answer_values) == 1 and not a_share and not _rate_in(found.text, answer_values[0]) and not _writes(
                    response, answer_values[0]) and not _RELATIVE_TO_STATED.search(question) and not _sum_of_figures(
                    response, [v for v in in_sentence if v.kind == answer_values[0].kind]) and not \
                    re.search(r"\b(?:average|per|speed|pace|rate)\b", question, re.I):
                # (a worked answer that builds on the figure does not deny it, nor does "the visit after that", nor
                # one to a question that asks for a computation: "What was her *average* speed?")
                return [(False, f"The context says: {found.text}")], ""
            # several values of that kind (whose is which?) or a rate the answer may be worked from: not settled
    in_context = {_normal(v) for v in extract(context)} | {v.text.lower() for v in extract(context)}
    unstated = [v for v in stated if _normal(v) not in in_context and v.text.lower() not in context.lower()]
    contradicted = _contradiction(response, unstated, context)
    if contradicted:
        return [contradicted], ""
    if unstated:
        return [], f"The context does not mention {', '.join(v.text for v in unstated)}."
    if not question.strip():  # a claim with no question: the clause about its subject settles it, else every
        # figure and name of it must be the context's
        subject = [w for w in content_words(response) if not w[:1].isdigit() and not _WEEKDAYS.fullmatch(w)]
        settled = clause_finding(response, context, subject[:2]) or clause_finding(response, context, subject[:1])
        if settled:
            return [settled], ""
    if stated and not question.strip():
        return [(True, "Every figure, date and name it states is in the context.")], ""
    if stated:  # naming what the context names is no answer: the producer is in the notes, but not as the engineer
        return [], "Everything it names is in the context, but nothing there shows that it answers the question."
    return [], ""


def _unsupported_extra(response: str, context: str, question: str) -> str | None:
    """A clause of a right answer that claims what neither the context nor the question says ("£11, but concessions
    must be booked a week ahead, by phone only"): most of its words are new to both. The first clause states the
    answer and is checked by the caller. A right answer with an invented rule is not a right answer.

    >>> _unsupported_extra("£11, but concessions must be booked at least a week ahead, by phone only.",
    ...                    "Tickets cost £16, £11 for concessions.", "How much is a concession ticket?")
    'concessions must be booked at least a week ahead, by phone only'
    >>> _unsupported_extra("A concession ticket is £11.", "Tickets cost £16, £11 for concessions.", "How much?") is None
    True
    """
    known = set(content_words(context)) | set(content_words(question))
    clauses = re.split(r"[.;!?]\s+|,?\s+\bbut\b\s+|,\s+and\s+|,\s+(?=(?:so|which|because|as|since|although|"
                       r"though)\b)", response)
    for clause in clauses[1:]:  # (the first states the answer, in its own words: "At one o'clock in the morning")
        if re.match(r"(?:so|which|because|as|since|although|though|this|that)\b", clause, re.I) or re.search(r"\d", clause):
            continue  # working and reasons ("so six would not be enough") are checked as sums, not as claims
        terms = [w for w in content_words(clause) if not w[:1].isdigit()]
        if len(terms) >= 3 and sum(w in known for w in terms) / len(terms) < 0.34:
            return clause.strip(" .,;")
    return None


def _defined_share(question: str, response: str, context: str) -> tuple[bool, str] | None:
    """The share finding (:func:`_share_finding`) for a context that defines what the question asks as a share of
    something else ("The working load is one fifth of the rated load."): the one share whose sentence, up to it, holds
    the question's own words.

    >>> _defined_share("What is the working load of rope R-7?", "4 kN.", "The working load of a rope is one fifth of "
    ...                "the rated load. Rope R-7 has a rated load of 20 kN; a sample of it failed at 17.5 kN.")
    (True, 'one fifth of 20 kN is 4, which is what it says.')
    """
    asked = set(key_terms(question))
    shares = []
    for sentence in split_sentences(context):
        for v in extract(sentence):
            if _is_share(v) and re.match(r"\s+of\s+(?:the|its|their)\b", sentence[v.end :]) and len(
                    asked & set(content_words(sentence[: v.start]))) >= 2:
                shares.append(v)
    return _share_finding(shares, response, context) if len(shares) == 1 else None


def _is_share(v: Value) -> bool:
    """Whether a figure is a share of something else: a percentage, or a fraction ("a third", "one sixth")."""
    return v.kind == "percent" or v.kind == "number" and isinstance(v.value, (int, float)) and 0 < v.value < 1


def _sum_of_figures(response: str, figures: list[Value]) -> bool:
    """Whether the response's final figure is the sum of two or more of the given figures ("40 minutes for a fade and
    15 for a trim" and "55 minutes"), or the difference of two ("41 members, three of whom joined this spring" and
    "38" before the spring): then no one of them is what it must state.

    >>> _sum_of_figures("Just under an hour - 55 minutes.", extract("40 minutes for a fade and 15 minutes for a trim"))
    True
    >>> _sum_of_figures("38.", extract("It has 41 members, three of whom joined this spring."))
    True
    """
    final = _final_number(response)
    if final is None or not 2 <= len(figures) <= 6:
        return False
    numbers = [float(v.value) for v in figures if isinstance(v.value, (int, float))]
    return any(_same(final, sum(c)) for r in range(2, len(numbers) + 1) for c in itertools.combinations(numbers, r)) \
        or any(_same(final, a - b) for a, b in itertools.permutations(numbers, 2))


def _share_finding(expected: list[Value], response: str, context: str) -> tuple[bool, str] | None:
    """A share the context names ("a third of the price", "a 40% deposit") of the one sum it states, worked out and
    compared with the response's final figure; None when the share or its sum is not one clear figure.

    >>> _share_finding(extract("a third"), "£130.", "The hat costs £390. We take a third of the price as a deposit.")
    (True, 'a third of £390 is 130, which is what it says.')
    >>> _share_finding(extract("25%"), "£100.", "The quote is £240, with a 25% deposit.")[0]
    False
    >>> _share_finding(extract("one sixth"), "9 kN.", "The safe load is one sixth of the breaking load. Batch 4 has "
    ...                "a breaking load of 54 kN; a sample broke at 58.6 kN.")
    (True, 'one sixth of 54 kN is 9, which is what it says.')
    """
    part = expected[0]
    fraction = part.value / 100 if part.kind == "percent" else part.value
    values = extract(context)
    named = re.search(rf"{re.escape(part.text)}\s+of\s+(?:the|its|their|his|her)\s+([\w\s-]{{3,40}}?)(?=[.,;:]|$)",
                      context)  # "one sixth of the minimum breaking load": the sum it is a share of, by name

    def named_before(v: Value) -> bool:  # the name stands between the figure before it and this one
        start = max([max(0, v.start - 40)] + [u.end for u in values if u.is_numeric and u.end <= v.start])
        left = re.split(r"[.;!?]\s", context[start : v.start])[-1]
        return bool(named) and set(content_words(named.group(1))) <= set(content_words(left))

    sums = [v for v in values if v.is_numeric and not _is_share(v) and named_before(v)]
    sums = sums if len(sums) == 1 else [v for v in values if v.kind == "money"]
    final = _final_number(response)
    if len(expected) != 1 or not _is_share(part) or len(sums) != 1 or final is None:
        return None
    worked = float(sums[0].value) * fraction
    unit = re.match(r"\s*([A-Za-z]{1,4})\b", context[sums[0].end :]) if sums[0].kind == "number" else None
    base, worked = sums[0].text + (f" {unit.group(1)}" if unit else ""), round(worked, 6)
    if _same(final, worked):
        return True, f"{part.text} of {base} is {format_number(worked)}, which is what it says."
    return False, f"{part.text} of {base} is {format_number(worked)}, not {format_number(final)}."


_WEEKDAYS = re.compile(rf"\b({'|'.join(WEEKDAYS)})s?\b", re.I)
_CHECKED_KINDS = ("date", "time", "number", "money", "percent", "duration")


def _same_value(v: Value, clause_values: list[Value]) -> bool:
    """Whether the context's values include ``v`` ("quarter past seven" is 19:15 as well as 07:15)."""
    return any(_normal(c) == _normal(v) or v.kind == "time" and _same_clock(c, [v]) for c in clause_values)


def _with_unit(v: Value) -> str:
    return f"{v.text} {v.unit}" if v.kind == "number" and v.unit else v.text


def clause_finding(response: str, context: str, about: list[str], listed: bool = False) -> tuple[bool, str] | None:
    """The response's figures and weekdays against the one clause of the context about the same thing (every stem of
    ``about`` in it): all of them there is a confirmation, a different one of the same kind there a contradiction
    ("the road run leaves at 10:30 on the Saturday" against "The road run leaves the main ring at 10:30 on Sunday").
    None when no single clause is about it, or the response states nothing to compare. ``listed``: only a short
    clause with no duration counts, an item of a list ("Sunday 16 March v Carden Hawks at 11:00"), since a longer one
    may hold the material of the answer rather than the answer ("Round 3 starts at 4:45am, covers ... Rowan Way").

    >>> clause_finding("A standard permit lets me dig to 60 cm.", "A standard permit allows scraping to 5 cm. An "
    ...                "advanced permit allows digging to 60 cm.", ["standard", "permit"])
    (False, "The context says 5 cm where the response says 60 cm ('A standard permit allows scraping to 5 cm.').")
    """
    words = {w for term in about for w in content_words(term)}
    clauses = [c.strip() for sentence in split_sentences(context) for c in re.split(r";\s+", sentence) if c.strip()]
    mine = [c for c in clauses if words and words <= set(content_words(c))]
    if len(mine) != 1:
        return None
    clause = mine[0]
    values = [v for v in extract(clause) if v.kind in _CHECKED_KINDS]
    if listed and (len(clause.split()) > 12 or any(v.kind == "duration" for v in values)):
        return None
    claimed = [v for v in extract(response) if v.kind in _CHECKED_KINDS]
    days, clause_days = set(_WEEKDAYS.findall(response.lower())), set(_WEEKDAYS.findall(clause.lower()))
    if not claimed and not days:
        return None
    if bool(cues.NEGATION.search(response)) != bool(cues.NEGATION.search(clause)):
        return None  # "is not suitable" against "is suitable": the figures may agree while the claim does not
    for v in claimed:
        rivals = [c for c in values if c.kind == v.kind and (c.unit or "") == (v.unit or "")]
        if len(rivals) == 1 and not _same_value(v, rivals):
            return False, f"The context says {_with_unit(rivals[0])} where the response says {_with_unit(v)} ('{clause}')."
    if days and clause_days and not days & clause_days:
        return False, f"The context says {sorted(clause_days)[0].title()} ('{clause}')."
    if not all(_same_value(v, values) for v in claimed) or not days <= clause_days:
        return None
    return True, f"The context says so: {clause}"


def _contradiction(response: str, unstated: list[Value], context: str) -> tuple[bool, str] | None:
    """A value the response states that the context replaces: a context sentence that says the same thing (at least
    two of the response sentence's content words besides the value) with a different value of the same kind.

    >>> _contradiction("The dam opened in 1916.", extract("The dam opened in 1916."), "The dam opened in 1961.")
    (False, "The context says 1961 where the response says 1916 ('The dam opened in 1961.').")
    """
    for v in unstated:
        claim = next((s for s in split_sentences(response) if v.text in s), response)
        claim_words = {w for w in content_words(claim.replace(v.text, " ")) if not w[:1].isdigit()}  # words, not figures
        for sentence in split_sentences(context):
            rivals = [w for w in extract(sentence) if w.kind == v.kind and _normal(w) != _normal(v)]
            if len(rivals) == 1 and _rate_in(claim, v) != _rate_in(sentence, rivals[0]):
                continue  # "1,500 yards per minute" is worked from "750,000 yards", not a rival figure for it
            if len(rivals) == 1 and len(claim_words & set(content_words(sentence))) >= 2:
                return False, (f"The context says {rivals[0].text} where the response says {v.text} "
                               f"('{sentence.strip()}').")
    return None


def _form(response: str, question: str, criteria: str, similarity: Similarity | None) -> tuple[float, Assessment]:
    """What can be judged without checking facts: relevance, criteria, concrete detail and length (0..1)."""
    result = Assessment(0.0)
    resp_terms = set(content_words(response))
    q_terms = set(content_words(question))
    relevance = len(q_terms & resp_terms) / len(q_terms) if q_terms else 0.7
    if similarity and question.strip():
        relevance = max(relevance, similarity(question, [response])[0])
    crit_terms = [t for t in re.split(r"[,;\n]|\band\b", criteria) if content_words(t)]
    if crit_terms:
        met = [t.strip() for t in crit_terms if set(content_words(t)) & resp_terms]
        coverage = len(met) / len(crit_terms)
        missing = [t.strip() for t in crit_terms if t.strip() not in met]
    else:
        coverage, missing = relevance, []
    n_words = len(response.split())
    details = len(re.findall(r"\d|\be\.g\.|\bfor example\b|\bsuch as\b|\bbecause\b", response))
    specificity = min(1.0, details / max(2.0, n_words / 15))
    specificity = max(0.0, specificity - 0.1 * len(cues.VAGUE_WORDS.findall(response)))
    length_fit = 1.0 if 15 <= n_words <= 400 else (n_words / 15 if n_words < 15 else 400 / n_words)
    if relevance >= 0.6:
        result.strengths.append("It addresses the question directly.")
    else:
        result.weaknesses.append("It drifts from the question.")
        unused = q_terms - resp_terms  # (shown as the question writes them: "class", not the stem "clas")
        shown = [w for w in dict.fromkeys(words(question)) if content_words(w) and content_words(w)[0] in unused]
        result.suggestions.append("Answer the question asked, using its key terms: " + ", ".join(shown[:5]) + ".")
    if missing:
        result.weaknesses.append("Criteria not met: " + "; ".join(missing[:4]) + ".")
        result.suggestions.append("Cover each missing criterion explicitly.")
    elif crit_terms:
        result.strengths.append("It meets every listed criterion.")
    if specificity < 0.5:
        result.weaknesses.append("It is vague.")
        result.suggestions.append("Add a concrete example, figure or reason.")
    if length_fit < 0.8:
        result.weaknesses.append("It is too short." if n_words < 15 else "It is too long.")
        result.suggestions.append("Expand with supporting detail." if n_words < 15 else "Cut repetition and filler.")
    if len(split_sentences(response)) >= 2 and relevance >= 0.6:
        result.strengths.append("It is organised in several sentences.")
    weights = (0.3, 0.5) if crit_terms else (0.45, 0.25)  # with a rubric, the rubric counts most
    score = weights[0] * relevance + weights[1] * coverage + 0.1 * specificity + 0.1 * length_fit
    return max(0.0, min(1.0, score)), result


def critique(response: str, question: str = "", criteria: str = "", similarity: Similarity | None = None,
             context: str = "") -> Assessment:
    """Judge ``response`` (see the module docstring): a 0..1 score, a verdict, and what was found."""
    if not re.search(r"[^\W_]", response):  # ("About 3%." has no content word, but it is an answer)
        return Assessment(0.0, "incorrect", ["The response is empty."], [], ["The response is empty."],
                          ["Write a response that addresses the question."])
    form, result = _form(response, question, criteria, similarity)
    sums = arithmetic_findings(response)
    problem = problem_finding(question, response) if not context else None
    rounding = rounding_finding(question, response) if not context else None
    misused = percent_as_amount(question + " " + context, response)
    findings = [f for f in (misused, problem, rounding) if f]
    unverifiable = ""
    if context:
        checked, unverifiable = context_findings(question, response, context, similarity)
        extra = _unsupported_extra(response, context, question) if checked and all(ok for ok, _ in checked) else None
        findings += checked + ([(False, f"It adds what the context does not say: '{extra}'.")] if extra else [])
    concludes = len(content_words(cues.ARITHMETIC_CLAIM.sub(" ", response))) > 4  # "so the week's hay is 18 x 7 = 126 kg"
    if (question.strip() or concludes) and not findings and all(ok for ok, _ in sums):
        # Right sums prove the working, not the reading: "145 + 10 = 155 a night" adds a once-per-stay fee nightly.
        unverifiable = unverifiable or (RIGHT_SUMS if sums else "")
        sums = []
    findings = sums + findings
    result.findings = [note for _, note in findings] or ([unverifiable] if unverifiable else [])
    if any(not ok for ok, _ in findings):
        result.verdict = "incorrect"
        result.score01 = round(0.1 * form, 3)
        result.weaknesses.insert(0, "It is wrong: " + " ".join(note for ok, note in findings if not ok))
        result.suggestions.insert(0, "Correct the wrong statements before anything else.")
    elif findings:
        result.verdict = "correct"
        result.score01 = round(0.7 + 0.3 * form, 3)
        # A checked answer addresses the question, whatever its wording: do not also call it off-topic.
        drift = "It drifts from the question."
        if drift in result.weaknesses:
            result.weaknesses.remove(drift)
            result.suggestions = [x for x in result.suggestions if not x.startswith("Answer the question asked")]
        result.strengths.insert(0, "It is correct: " + " ".join(note for _, note in findings))
    elif criteria.strip():  # a rubric: whether the listed criteria are covered can be checked, facts cannot
        result.score01 = round(0.1 + 0.8 * form, 3)
    else:  # unverifiable: form moves the score only within the middle band of the scale
        result.score01 = round(0.4 + 0.2 * form, 3)
    if any(w.startswith("Criteria not met") for w in result.weaknesses):
        # A response the critic itself finds missing a listed criterion is not a 9/10, whatever else it does well.
        result.score01 = min(result.score01, MISSING_CRITERION_CAP)
    return result


_PHRASED_ANSWER = re.compile(
    r"(?:^|(?<=\n))[ \t]*A[ \t]*:[ \t]*(?P<short>\S[^\n]*)|\b(?:answered|answers|replied|replies|responded|responds|"
    r"wrote|writes|said|says|(?:told|tells|texted|texts|messaged|emailed)(?: (?:him|her|them|me|us))?|"
    r"(?:answer|reply|response)(?: given(?: was| is)?| was| is)|"
    r"(?:^|(?<=\n))[ \t]*(?!(?:rate|score|grade|mark|critique|evaluate|check|review|assess|judge)\b)(?:[A-Za-z]+(?:'s|’s)?"
    r"[ \t]+){1,2}(?:answer|reply|response)|"
    r"(?:^|(?<=\n))[ \t]*(?:[Mm]y |[Tt]he )?(?:[Ss]tudent|[Pp]upil|[Ll]earner|[Cc]andidate|[Tt]rainee|[Cc]hatbot|[Bb]ot|"
    r"[Aa]ssistant)(?:'s|’s)?)[ \t]*:[ \t]*(?P<said>\S[^\n]*)")
_ANSWERED_QUOTE = re.compile(r"\b(?:answered|answers|replied|replies|responded|responds|wrote|writes|said|says)\s+"
                             r"[\"“](?P<said>[^\"”\n]+)[\"”]")
"""An answer quoted straight after its verb: 'his friend answered "the Nakamura lock"'."""
_CLAIMED = re.compile(r"\b(?:(?:says|said|claims|claimed|reckons|thinks)\s+(?:that\s+)?|(?:told|tells|texted|assured)\s+"
                      r"(?:me|us|him|her|them)\s+that\s+)(?P<claim>(?:the|it|they|we|he|she|a|an|my|our|his|her|their|"
                      r"its|there|if|when)\b[^.!?\n]*[.!?]?)")
# the last claim: "A committee member says the takings came to £2,180.", "A chatbot told me that a standard permit ..."
"""An answer given in words: "A: ...", "The member of staff answers: ...", "The answer given: 70 mg.", a role's answer
line ("Staff answer: ...", "Student: ..."), "A committee member says the takings came to £2,180." (a claim after says/claims)."""
_QUOTED_OWN = re.compile(r"^\s*[\"“](?P<claim>[^\"”\n]{8,})[\"”]\s*(?:That(?:'s| is)|This is|Those are) what (?:I|we|he|she|"
                         r"they|my \w+|our \w+)\b[^.!?\n]*[.!?]?")
"""A quoted sentence the writer then owns: '"The trap was run on 12 July ..." That's what I wrote in the newsletter.'"""
_WORKED_OUT = re.compile(r"[^.!?\n]*\b(?:worked out|calculated|estimated|reckoned|added up|totted up|put)\s+"
                         r"(?:that\s+)?"
                         r"(?P<what>(?:the|her|his|their|our|my|its|your)\s+[\w' -]{2,40}?)\s+(?:as|at|to be|will be|"
                         r"would be|is|was|comes? to|came to|costs?|totals?|adds? up to)\s+(?P<claim>[^\n]*?[.!?])(?=\s|$)")
"""A figure given as someone's working: "My colleague worked out her bill as £392.", "... worked out that our total
will be £255.", "... that her milk costs £57 a week." (what, and the claimed figure)."""
_REPORTED = re.compile(r"[^.!?\n]*\b(?P<verb>told|tells|quoted|quotes|gave|gives)\s+(?:(?:him|her|them|me|us|the\s+[a-z]+)\s+)?"
                       r"(?:that\s+)?(?:(?P<what>(?:the|her|his|their|our|my|its|your)\s+[\w' -]{2,40}?)\s+(?:is|was|will be|"
                       r"would be|comes? to|came to|costs?)\s+)?(?P<claim>(?:about |around |roughly )?[£$€]?\d[^\n]*?[.!?])"
                       r"(?=\s|$)")
"""A figure someone gave as the answer, without a colon: "my colleague told them £125.", "... told them the deposit is
£135.", "My colleague quoted them £1,320." (what it is the figure of, when said, and the claimed figure)."""
_PHRASED_QUESTION = re.compile(r"(?:^|(?<=\n))[ \t]*Q[ \t]*:[ \t]*(?P<q>\S[^\n]*)|\bask(?:s|ed)?\s*:?\s*[\"“](?P<quoted>[^\"”]+)[\"”]")
_ASKED_INDIRECTLY = re.compile(r"[^.!?\n]*\b(?:asked|wants to know|wanted to know|asks|ask|enquired|inquired|"
                               r"wondered|worked out|figured out|calculated)\s+(?P<q>(?:what|when|who|where|which|"
                               r"how|whether|if)\b[^.!?\n]*?)(?:,?\s+and\s+[^.!?\n]*$|[.!?]|$)")


_ASKS_TO_RATE = re.compile(r"(?:please\s+)?(?:rate|score|grade|mark|give)\b[^.!?\n]{0,40}?(?:\b(?:it|this|that|them|the "
                           r"[\w'’]+(?: [\w'’]+)? (?:answer|reply|response|solution))\b|\d+\s*(?:-|to|–)\s*\d+|out of \d+)",
                           re.I)
"""A sentence that asks to rate what came before it ("Score it from 0 to 10.", "Rate the clerk's answer, 1-5"), not an
imperative inside an answer ("Review the costs yearly.")."""


def _before_rating_request(text: str) -> tuple[str, str]:
    """``text`` split before a sentence in it that asks to rate it ('24 euros." Score the clerk's answer ...'), or
    ``(text, "")`` when none does."""
    for cut in re.finditer(r"(?<=[.!?\"”])\s+(?=\S)", text):
        if _ASKS_TO_RATE.match(text[cut.end():]):
            return text[: cut.start()], text[cut.end():]
    return text, ""


def _answer_said(claim: str) -> str:
    """An answer given in words, without a request to rate it written after it, the quotes around it, or a closing
    pointer to its source (", according to the notice below")."""
    said = _before_rating_request(claim)[0].strip().strip('"“”').strip()
    return re.sub(r",?\s+according to (?:the|this|that|these|my|our|your)\b[^.!?]*(?=[.!?]?$)", "", said).strip()


def phrased_judged(text: str) -> tuple[str, str, str] | None:
    """``(judged, material, question)`` for a critique that gives the answer in words rather than under a header
    ("... and a student answered: 2pm.", "Q: ... / A: £30."): the answer, the text before it, and the question (a
    ``Q:`` line, or an indirect one: "Someone asked what time it opens").

    >>> phrased_judged("Notice: doors at 7pm.\\nQ: When do doors open?\\nA: 8pm.\\nMark it from 0 to 10.")
    ('8pm.', 'Notice: doors at 7pm.\\nMark it from 0 to 10.', 'When do doors open?')
    """
    own = _QUOTED_OWN.search(text)
    if own:  # '"The trap was run on 12 July ..." That's what I wrote.': the quote, and the material after it
        return _answer_said(own.group("claim")), text[own.end():].strip(), ""
    m = _PHRASED_ANSWER.search(text) or _ANSWERED_QUOTE.search(text)
    claims = list(_CLAIMED.finditer(text)) if not m else []
    worked = _WORKED_OUT.search(text) if not m and not claims else None
    if worked:  # "My colleague worked out her bill as £392.": the figure, and the question it answers
        judged = _answer_said(worked.group("claim"))
        return judged, text[: worked.start()].strip(), f"What is {worked.group('what')}?"
    reported = _REPORTED.search(text) if not m and not claims else None
    if reported:  # "... told them the deposit is £135.", "... asked what the deposit is, and my colleague told them £125."
        judged = _answer_said(reported.group("claim"))
        before = text[: reported.start()]
        asked = _ASKED_INDIRECTLY.search(before)
        if reported.group("what"):
            question = f"What is {reported.group('what')}?"
        elif asked:
            question, before = asked.group("q").strip(), before[: asked.start()] + before[asked.end():]
        else:
            question = "What is the quote?" if reported.group("verb").startswith("quote") else ""
        return judged, before.strip(), question
    if not m and not claims:
        return None
    judged = (m.groupdict().get("short") or m.group("said")) if m else claims[-1].group("claim")
    m = m or claims[-1]
    judged = _answer_said(judged)
    before = text[: m.start()]
    q = _PHRASED_QUESTION.search(before) or _ASKED_INDIRECTLY.search(before)
    if q:
        before = before[: q.start()] + before[q.end() :]
    after = text[m.end():]  # "A chatbot told me that ... Rate its answer.\nNotice: ...": the material may follow
    return judged, f"{before.strip()}\n{after.strip()}".strip(), (q.group("q") or q.group("quoted")).strip() if q else ""


def judged_and_instruction(turn: Turn) -> tuple[str, str]:
    """The text to be judged (the first ``Response:``/``Answer:``/``Draft:``... section of the prompt, else an
    answer given in words, :func:`phrased_judged`) and any instruction written on the lines after it ("Answer: 22
    cm.\nRate it 1-10."), which is not part of the answer."""
    if not any(h in turn.view.sections for h in JUDGED_HEADERS):
        phrased = phrased_judged(turn.view.user)
        if phrased and cues.CRITIQUE_REQUEST.search(turn.view.user.lower()):
            return phrased[0], ""
    section = next((turn.view.sections[h] for h in JUDGED_HEADERS if h in turn.view.sections), "")
    lines = section.splitlines()
    for i, line in enumerate(lines[1:], 1):
        if cues.CRITIQUE_REQUEST.search(line.lower()):
            return "\n".join(lines[:i]).strip(), "\n".join(lines[i:])
    judged, request = _before_rating_request(section)  # ("70 mg. Score it from 0 to 10.")
    return judged.strip(), request


_INLINE_JUDGED = re.compile(r"\b(?:critique|rate|score|grade|evaluate|check|review|assess|judge)\s+(?:this|the "
                            r"following|the)\s+(?:answer|response|claim|statement|reply)\s*:\s*(?P<judged>\S.*)$",
                            re.I | re.S)


def inline_judged(text: str) -> tuple[str, str] | None:
    """``(context, judged)`` when a context ends by asking for a critique of a text written inline ("Context: The
    lighthouse was automated in 1987. Critique this answer: It was automated in 1978.").

    >>> inline_judged("The dam opened in 1961. Critique this answer: It opened in 1916.")
    ('The dam opened in 1961.', 'It opened in 1916.')
    """
    m = _INLINE_JUDGED.search(text)
    if not m or not text[: m.start()].strip():
        return None
    return text[: m.start()].strip(), m.group("judged").strip()


def unlabelled_material(instruction: str, question: str) -> tuple[str, str]:
    """``(context, question)`` for a critique whose facts come unlabelled before the answer ("The lido is open from 1
    May to 26 September. On what date does it close?\\nAnswer: ..."): the lines that do not ask for the judgement,
    with the last question among them as the question when no section gave one. A leftover too short to be a fact
    ("Be strict.") is no context.

    >>> unlabelled_material("The lido opens on 1 May. When does it open?\\nRate the answer 1-5.", "")
    ('The lido opens on 1 May.', 'When does it open?')
    """
    lines = [line.strip() for line in instruction.splitlines()
             if line.strip() and not cues.CRITIQUE_REQUEST.search(line.lower())]
    sentences = split_sentences(" ".join(lines))
    asked = [i for i, s in enumerate(sentences) if s.rstrip().endswith("?")]
    if not question.strip() and asked:
        question = sentences.pop(asked[-1])
    context = " ".join(sentences)
    return (context if len(context.split()) >= 6 else ""), question.strip().strip('"“”')


def _outside_sections(text: str, sections: dict[str, str]) -> str:
    """``text`` less the lines that open one of the prompt's sections ("Problem: ...", "Answer given: ..."): with no
    instruction line of its own, a prompt's instruction is all of it, and its sections are no unlabelled material.

    >>> _outside_sections("Problem: 3 mm a second over 330 mm?\\nAnswer given: 110 s.", {"problem": "", "answer given": ""})
    ''
    """
    return "\n".join(line for line in text.splitlines()
                     if not ((m := re.match(r"\s*([A-Za-z][A-Za-z ]{0,30}?)\s*:", line)) and m.group(1).lower() in sections))


def judged_text(turn: Turn) -> str:
    """The text to be judged (see :func:`judged_and_instruction`)."""
    return judged_and_instruction(turn)[0]


class Critique:
    """Skill: score a response (a ``Response:``/``Answer:`` section, or the context) against its question."""

    name = "critique"

    def applies(self, turn: Turn) -> float:
        v = turn.view
        judged, instruction = judged_and_instruction(turn)
        closing = v.user.strip().split("\n\n")[-1].lower() if "\n\n" in v.user.strip() else \
            v.user.strip().splitlines()[-1].lower() if judged and v.user.strip() else ""  # ("...\n\nGive this
        wants = bool(cues.CRITIQUE_REQUEST.search(v.request) or cues.CRITIQUE_REQUEST.search(instruction.lower())
                     or closing and cues.CRITIQUE_REQUEST.search(closing))  # answer a mark out of 10.")
        return 0.95 if wants and (judged or (v.context and (v.format.score_scale or not v.labels))) else 0.0

    def run(self, turn: Turn) -> Result:
        v = turn.view
        criteria = v.sections.get("criteria", "") or v.sections.get("rubric", "")
        question = v.sections.get("question") or v.sections.get("task") or v.sections.get("problem") or ""
        judged, instruction = judged_and_instruction(turn)
        context = v.context
        phrased = None if any(h in v.sections for h in JUDGED_HEADERS) else phrased_judged(v.user)
        if judged and phrased and judged == phrased[0]:  # an answer given in words: the material is what comes before
            context, question = unlabelled_material(phrased[1], question or phrased[2])
        elif judged and not question and context and v.question.rstrip().endswith("?") and \
                not cues.CRITIQUE_REQUEST.search(v.question.lower()):
            question = v.question  # "Session notes: ...\n\nWho engineered it? Answer: ...": asked without a header
        elif judged and not context:
            context, question = unlabelled_material(_outside_sections(v.instruction, v.sections), question)
        if judged and context and not question.strip():  # "Customer: ... What will it cost?\nStaff answer: ...":
            # the question asked inside the material is the one the answer answers
            rest, asked = unlabelled_material(context, "")
            if asked.endswith("?"):
                context, question = rest or context, asked
        inline = inline_judged(context) if not judged and context else None
        if inline:
            context, judged = inline
        found = critique(judged or context, question, criteria, turn.similarity, context if judged else "")
        low, high = v.format.score_scale or read_format(instruction).score_scale or \
            read_format(f"{v.system}\n{v.user}").score_scale or (1.0, 10.0)  # ("Give the answer a mark from 1 to 5.")
        score = found.on_scale(low, high)
        unsettled = NOTHING_SETTLES if judged and context else NOTHING_TO_CHECK
        if found.verdict != "unchecked":
            correctness = f"Correctness: {found.verdict} -- " + " ".join(found.findings)
        elif criteria.strip():
            correctness = RUBRIC_ONLY
        else:
            correctness = UNCHECKED.format(why=" ".join(found.findings) or unsettled)
        asked = any("?" in s and not cues.CRITIQUE_REQUEST.search(s.lower()) for s in split_sentences(v.user)) \
            or _ANSWER_MEANT.search(v.user) is not None  # "My son says Sam scored 14. How would you mark his answer?"
        if found.verdict == "unchecked" and not criteria.strip() and (judged and (context or question.strip()) or asked):
            # An answer to a question (or a text with a context to check it against, or a prompt that asks something
            # besides the rating) that nothing settled: no score at all, since any number would judge a claim
            # nobody checked.
            lines = ["Score: none", NO_SCORE.format(why=" ".join(found.findings) or unsettled)]
            return Result(text="\n".join(lines + [f"Suggestions: {s}" for s in found.suggestions[:1]]), short="none",
                          fields={"score": None, "verdict": "unchecked", "strengths": found.strengths,
                                  "weaknesses": found.weaknesses, "suggestions": found.suggestions,
                                  "feedback": " ".join(found.findings)},
                          aliases={"rating": None, "grade": None, "correct": None})
        lines = [f"Score: {format_number(score)}/{format_number(high)}", correctness]
        for title, notes in (("Strengths", found.strengths), ("Weaknesses", found.weaknesses),
                             ("Suggestions", found.suggestions)):
            if notes:
                lines.append(f"{title}: " + " ".join(notes))
        feedback = " ".join(found.weaknesses + found.suggestions) or " ".join(found.strengths)
        return Result(text="\n".join(lines), short=format_number(score),
                      fields={"score": score, "verdict": found.verdict, "strengths": found.strengths,
                              "weaknesses": found.weaknesses, "suggestions": found.suggestions,
                              "feedback": feedback},
                      aliases={"rating": score, "grade": score, "comments": feedback, "critique": feedback,
                               "correct": found.verdict == "correct" if found.verdict != "unchecked" else None})
