"""Arithmetic with shown steps: written expressions, and word problems read as typed quantities and relations.

The offline model never guesses a number. It reads the problem's quantities with :mod:`.values` (so "1,250" is one
number, "four" is 4, "$1.50" is money, "2 hours and 15 minutes" is 135 minutes), recognises which relation the
words state between them, and evaluates each step with :mod:`labkit.safemath` (never ``eval``). The relations it
knows are the ones school word problems are made of, one small reader each, tried in order:

- a written expression (``What is 12 * (3 + 4)?``, ``12 plus 30 divided by 5``, ``15% of 80``);
- clock times: a start time plus durations (18:30 + 2 h 15 min -> 20:45), or the time between two clock times;
- percentages: discounts, increases, tips and tax on a price (or on the total of several items), a part as a
  percentage of a whole, percentage change;
- change from a payment (a $10 note for four $1.50 pens -> 4);
- rates ("40 litres per minute", "60 km/h", "$15 an hour"): amount / rate -> time, rate * time -> amount;
- ratios ("3:5", "for every 2 ... there are 3 ...", "1 ball for every 3 players") and proportional scaling (a recipe
  for 4 -> for 10, unit prices); whole packs for a need, rounded up ("packs of 20 at £3.50 a pack");
- comparisons between people or things ("twice as old as", "4 years older than", "12 more than") and ages in the
  future or past;
- averages, differences ("how many more"), and sequences of one operation per quantity ("has 5, buys 3 more").

The honesty rule: **every quantity the problem states must be used**, or the solver does not answer. A reader that
fits but leaves a number over is the wrong reading; when no reader uses everything, :func:`work_out` returns an
:class:`Abstention` that says which quantity it could not place, instead of a confident number computed from half
the problem. Years that only label events ("55 metres in 2020") are labels, not quantities. A problem that shares
something "for every contestant" or "among the finders" without saying how many there are is declined for that
reason.

Sampling, and what it simulates: at temperature T > 0 a solution *slips* (one number off by one, or one operator
swapped) with probability ``min(0.6, slip_rate * T)``; ``slip_rate`` defaults to :data:`SLIP_RATE`. These slips are a
**simulation**: independent random errors on a problem the solver gets right at T = 0, which is exactly the error
model under which self-consistency (sample several times, take the majority) is guaranteed to help. A real model's
errors are often systematic (every sample misreads the problem the same way), and no vote repairs those. Pass
``slip_rate=0`` to switch the simulation off.

>>> solve("What is 12 * (3 + 4)?").value
84
>>> work_out("A jacket costs 80 dollars and is discounted by 25%. What is the sale price?").answer
'$60'
>>> work_out("A tank holds 1200 litres. It drains at 40 litres per minute. How many minutes until it is empty?").answer
'30 minutes'
>>> work_out("A train leaves at 18:30 and the trip takes 2 hours and 15 minutes. At what time does it arrive?").answer
'20:45'
>>> work_out("Ann has 5 apples and 3 pears. How many apples does she have after eating 2?").reason
'I could not work out how to use 3 pears in this problem, so I will not guess an answer.'

Left out: simultaneous equations, unit conversion beyond time (km to miles), interest compounded over several
periods, and any problem that needs a quantity the text does not state (the reply says what is missing).
"""

from __future__ import annotations

import random
import re
from fractions import Fraction
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from labkit.llm.offline import cues
from labkit.llm.offline.cues import IRREGULAR_PAST
from labkit.llm.offline.text import content_words, split_sentences, stem
from labkit.llm.offline.sampling import slips
from labkit.llm.offline.values import (DURATION_UNITS, Value, add_minutes, clock_minutes, extract, format_minutes,
                                       longest_run, minutes_between, parse_number, unit_dimension, unit_symbol)
from labkit.safemath import UnsafeExpressionError, evaluate_with_steps, format_number

SLIP_RATE = 0.3
"""Simulation parameter: how often, per unit of temperature, a sampled solution slips (see the module docstring)."""

CANNOT_READ = "I could not read the quantities in this problem, so I cannot solve it."

# --- the words problems are written in (general English; audited here, next to the readers that use them) ---------

_WORD_OPS = [
    (r"\bmultiplied by\b|\btimes\b", "*"),
    (r"\bdivided by\b|\bover\b", "/"),
    (r"\bplus\b|\badded to\b", "+"),
    (r"\bminus\b|\bless\b|\btake away\b", "-"),
    (r"\bto the power of\b|\braised to(?: the power of)?\b", "^"),
    (r"\bsquared\b", "^ 2"),
    (r"\bcubed\b", "^ 3"),
    (r"\bmod(?:ulo)?\b", "%"),
]
_EXPRESSION = re.compile(r"[-+(]*\s*\d[\d.,\s]*(?:(?:\*\*|[-+*/^%x×÷()])\s*[-+(]*\s*\d*[\d.,\s]*\)*\s*)+")
_FUNC_EXPRESSION = re.compile(r"\b(?:sqrt|abs|round|floor|ceil|log10|log2|log|exp|min|max)\s*\([^()]*\)[\d\s+\-*/^().]*")

# Cue words between two quantities in a one-operation-per-quantity problem, in order of precedence.
_SEQUENCE_CUES = [
    ("*", r"\b(?:times|each|per|every|rows? of|groups? of|packs? of|boxes? of|bags? of|trays? of|crates? of|"
          r"sets? of|multipl\w*|doubles?|triples?)\b"),
    ("/", r"\b(?:split|divide\w*|shared? equally|equally among|among|per person|each get|into \d+ equal)\b"),
    ("-", r"\b(?:gives? away|giving away|gave away|eats?|eating|eaten|ate|loses?|losing|lost|spends?|spending|spent|"
          r"sells?|selling|sold|uses?|using|used|removes?|removing|"
          r"fewer|less|minus|takes? away|taken away|took|breaks?|broke|subtract\w*|left|lends? out|lent out|"
          r"gets? off|got off|drops?|dropped|gives?|gave|donates?|donated|pays?|paid)\b"),
    ("+", r"\b(?:buys?|bought|gets?|got|receives?|received|finds?|found|adds?|added|more|plus|gains?|gained|"
          r"earns?|earned|another|joins?|joined|collects?|collected|picks? up|picked|gets? on|got on|total|"
          r"together|and|makes?|made|saves?|saved)\b"),
]
_DECREASE = re.compile(r"\b(?:discount\w*|off|reduc\w*|cut|sale|decreas\w*|drops?|dropped|falls?|fell|lower\w*|"
                       r"cheaper|less|markdown|marked down|loses?|lost|shrinks?|shrank|declin\w*|shortens?|"
                       r"shortened|shorter|smaller|slower|lighter|fewer|narrower|shallower)\b", re.I)
_INCREASE = re.compile(r"\b(?:increas\w*|rises?|rose|raised?|more|tip|tips|gratuity|tax|vat|markup|marked up|"
                       r"interest|grows?|grew|up|surcharge|service charge|fee|added|extra|higher|further|farther|"
                       r"longer|taller|bigger|larger|faster|heavier|wider|deeper)\b", re.I)
_REST = re.compile(r"\b(?:the (?:rest|remainder|remaining \w+)|everything else|all the others?)\b", re.I)
"""The share a percentage leaves ("25% goes to the roof fund and *the rest* buys new bells")."""
_PART_ASKED = re.compile(r"\bhow much (?:is|was|will|would|does|did|should)\b.*\b(?:discount|tip|tax|vat|interest|"
                         r"saving|savings|save|saved|off|increase|decrease|markup|surcharge|fee)\b|"
                         r"\bwhat is the (?:discount|tip|tax|vat|interest|saving|increase|decrease|markup|fee)\b|"
                         r"\bhow much (?:does|did|do|will|would) (?:\w+ ){0,3}(?:save|tip|pay in tax|leave as a tip)\b",
                         re.I)
_PERCENT_OF_WHOLE = re.compile(r"\bwhat (?:percent(?:age)?|per cent|%)\b|\bas a percent(?:age)?\b|"
                               r"\bhow many percent\b|\bby (?:what|how much) percent(?:age)?\b", re.I)
_PAYMENT = re.compile(r"\b(?:pays?|paid|paying|hands? over|handed|gives? the \w+|gave the \w+|with|using|has|had)\b"
                      r"[^.?!,]{0,25}$", re.I)
_PAYMENT_NOUN = re.compile(r"^\s*(?:note|bill|banknote|coin)\b", re.I)
_CHANGE_ASKED = re.compile(r"\bchange\b|\bhow much (?:money )?(?:is|does \w+ have|will \w+ have|do \w+ have|"
                           r"remains?|is left|will be left|left over|back|does \w+ get back|will \w+ get back)\b|"
                           r"\b(?:left|remaining|get back|receive back)\b", re.I)
_EACH_AFTER = re.compile(r"^\s*(?:each|apiece|a piece|per (?:item|piece|one|unit)|for each)\b", re.I)
_RATE = re.compile(r"^\s*(?:(?P<unit>[a-z]+)\s+)?(?:of \w+\s+)?(?:per|an?|every|each|/)\s*(?:(?P<n>\d+(?:\.\d+)?)\s*)?"
                   r"(?P<den>[a-z]+)\b", re.I)
_SPEED = re.compile(r"^\s*(?P<unit>km|mi|m)\s*/\s*(?P<den>h|hr|hour|min|s)\b|^\s*(?P<mph>mph|kph|km/h|kmh)\b", re.I)
_MULTIPLIER = {"twice": 2, "double": 2, "triple": 3, "thrice": 3, "half": 0.5}
_COMPARATIVE_MORE = r"more|older|taller|longer|heavier|bigger|larger|further|farther|higher|later|extra"
_COMPARATIVE_LESS = r"fewer|less|younger|shorter|lighter|smaller|lower|earlier"
_ARRIVAL_ASKED = re.compile(r"\b(?:what time|when|at what time|by what time|what hour)\b", re.I)
_DEPARTURE_ASKED = re.compile(r"\b(?:leave|depart|set off|start|begin|wake|get up|head out|go)\b", re.I)
_DEADLINE = re.compile(r"\b(?:by|before|no later than|must (?:be|arrive)|has to (?:be|arrive)|needs? to (?:be|arrive)|"
                       r"arrive|starts?|begins?|opens?)\b", re.I)
_DURATION_ASKED = re.compile(r"\bhow long\b|\bhow many (?:minutes|hours|seconds|days)\b|\bwhat is the duration\b|"
                             r"\bhow much time\b", re.I)
_AVERAGE_ASKED = re.compile(r"\b(?:average|mean)\b", re.I)
_DIFFERENCE_ASKED = re.compile(r"\bhow (?:many|much) (?:more|fewer|less|longer|shorter|higher|lower|further|"
                               r"farther|older|younger|taller|heavier|bigger|larger|smaller)\b|\bdifference\b|"
                               r"\bhow much (?:did|does) \w+ (?:grow|increase|rise|fall|drop|change)\b|"
                               r"\bby how (?:many|much)\b|\bmargin\b", re.I)
_TOTAL_ASKED = re.compile(r"\b(?:total|altogether|in all|combined|together|sum|overall|both|all)\b", re.I)
_YEARS_ASKED = re.compile(r"\bhow old\b|\bhow many years\b|\bhow long ago\b|\bwhat age\b|\bhow long (?:did|was|had)\b",
                          re.I)
_QUESTION_LEAD = re.compile(r"^\s*(?:how|what|which|when|find|calculate|compute|work out|determine|at what|by what|"
                            r"in what|if)\b", re.I)
_UNIT_ALIASES = {
    "liter": "litre", "l": "litre", "meter": "metre", "m": "metre", "kilometre": "km", "kilometer": "km",
    "kilogram": "kg", "kilo": "kg", "gram": "g", "people": "person", "persons": "person", "children": "child",
    "men": "man", "women": "woman", "mile": "mi", "hr": "hour", "h": "hour", "min": "minute", "sec": "second",
    "loaves": "loaf", "boxes": "box", "dishes": "dish", "glasses": "glass", "buses": "bus", "pieces": "piece",
}


def unit_key(word: str) -> str:
    """One spelling per unit, so "litres" matches "liter" and "people" matches "person".

    >>> [unit_key(w) for w in ["litres", "Liters", "km", "kilometres", "people", "pages", "boxes", "minutes"]]
    ['litre', 'litre', 'km', 'km', 'person', 'page', 'box', 'minute']
    >>> [unit_key(w) for w in ["minibus", "minibuses", "bus", "buses", "cactuses", "glass", "glasses"]]
    ['minibus', 'minibus', 'bus', 'bus', 'cactus', 'glass', 'glass']
    """
    w = word.lower()
    if w in _UNIT_ALIASES:
        return _UNIT_ALIASES[w]
    if len(w) > 4 and re.search(r"(?:us|ss|sh|ch|x)es$", w):  # "buses", "glasses", "benches": -es after a hiss
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us")):
        w = w[:-1]
    return _UNIT_ALIASES.get(w, w)


# --- results ------------------------------------------------------------------------------------------------------


@dataclass
class Solution:
    """An evaluated problem: the expression, its value, one line per step, and the answer as it should be said
    (with its unit: ``'$60'``, ``'30 minutes'``, ``'20:45'``). ``value`` is a number, or ``'HH:MM'`` for a clock time."""

    expression: str
    value: float | int | str
    steps: list[str]
    answer: str = ""

    def __post_init__(self) -> None:
        self.answer = self.answer or (self.value if isinstance(self.value, str) else format_number(self.value))


@dataclass
class Abstention:
    """A problem the solver will not answer, and why (said to the user as written)."""

    reason: str
    quantities: list[Value] = field(default_factory=list)
    value: None = None


class Derivation(NamedTuple):
    """One arithmetic step over numbers in a context: the answer as it should be said, and the working."""

    answer: str
    steps: list[str]
    gap: str = ""
    """For a comparison of two that asks by how much: the difference ("33 metres")."""


# --- plain expressions --------------------------------------------------------------------------------------------


def _words_to_symbols(text: str) -> str:
    out = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)  # "1,250" is one number
    out = _number_words_to_digits(out)
    for pattern, symbol in _WORD_OPS:
        out = re.sub(pattern, f" {symbol} ", out, flags=re.IGNORECASE)
    return out


def _number_words_to_digits(text: str) -> str:
    """Numbers written in words replaced by digits ("twelve plus seven" -> "12 plus 7")."""
    for v in reversed(extract(text, kinds=("number",))):
        if not re.match(r"\d", v.text):
            text = text[: v.start] + format_number(v.value) + text[v.end :]
    return text


def find_expression(text: str) -> str | None:
    """The longest arithmetic expression in ``text``, if any.

    >>> find_expression("Please compute 3 plus 4 times 2 for me")
    '3 + 4 * 2'
    >>> find_expression("What is twelve multiplied by 1,250?")
    '12 * 1250'
    >>> find_expression("List the sailings on 2025-08-01 at 18:30.") is None
    True
    """
    for v in reversed(extract(text, kinds=("date", "time"))):
        text = text[: v.start] + " ; " + text[v.end :]  # 2025-08-01 and 18:30 are not subtractions or ratios
    converted = _words_to_symbols(text)
    candidates = [m.group(0) for m in _FUNC_EXPRESSION.finditer(converted)]
    candidates += [m.group(0) for m in _EXPRESSION.finditer(converted)]
    candidates = [re.sub(r"\s+", " ", c).strip(" ,.") for c in candidates]
    candidates = [c for c in candidates if re.search(r"\d\s*(?:\*\*|[-+*/^%x×÷])\s*[-+(]*\s*\d|\w\(", c)]
    if not candidates:
        return None
    best = max(candidates, key=len)
    while best.count("(") > best.count(")") and best.startswith("("):
        best = best[1:].strip()
    while best.count(")") > best.count("(") and best.endswith(")"):
        best = best[:-1].strip()
    return best


# --- the problem, read ----------------------------------------------------------------------------------------------


@dataclass
class Problem:
    """A word problem taken apart: the statements, the question, and every quantity with its span."""

    text: str
    question: str
    quantities: list[Value]
    times: list[Value]
    years: list[Value]

    @classmethod
    def read(cls, text: str) -> Problem:
        found = extract(text, kinds=("number", "year", "money", "percent", "duration", "time"))
        sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z\d])|\n+", text.strip())  # (a question may start lower-case)
        question = next((s for s in reversed(sentences) if "?" in s or _QUESTION_LEAD.match(s)), "")
        quantities = [v for v in found if v.kind in ("number", "money", "percent", "duration")
                      and not _is_label(text, v) and not _names_the_one(text, question, v)]
        return cls(text, question, quantities, [v for v in found if v.kind == "time"],
                   [v for v in found if v.kind == "year"])

    def before(self, v: Value, width: int = 40) -> str:
        """The words just before a quantity, within its sentence."""
        return re.split(r"[.!?;]\s", self.text[max(0, v.start - width) : v.start])[-1]

    def after(self, v: Value, width: int = 40) -> str:
        return re.split(r"[.!?;]\s", self.text[v.end : v.end + width])[0]

    @property
    def question_start(self) -> int:
        return max(0, self.text.rfind(self.question)) if self.question else len(self.text)

    def in_question(self, v: Value) -> bool:
        """Whether a quantity is part of what is asked ("how much do 8 cost?"), after the question word."""
        asked = re.search(r"\b(?:how|what|which|find|calculate|compute|work out)\b", self.question, re.I)
        return v.start >= self.question_start + (asked.start() if asked else 0)


_MEASURES = {"g", "kg", "mg", "lb", "oz", "ml", "l", "cl", "litre", "liter", "cm", "mm", "m", "km", "metre", "meter",
             "gram", "kilogram", "ft", "foot", "inch"}
"""Units of size: "a 340 g jar" describes the jar."""


_MAY_BE_NEGATIVE = re.compile(r"\b(?:temperature|degrees?|below|balance|loss|lost|profit|overdrawn|debt|owe\w*|"
                              r"short)\b|°", re.I)
"""Words of a problem whose answer may fairly be negative; any other negative answer is a misreading."""


def _names_the_one(text: str, question: str, v: Value) -> bool:
    """Whether a "one" in the question points back at a thing the problem already described ("takes a 25 kg batch
    ... How many kilograms does one full batch give?"): a reference, not a count.

    >>> p = Problem.read("A 25 kg batch loses 16% of its weight. How many kilograms does one full batch give?")
    >>> [q.text for q in p.quantities]
    ['25', '16%']
    """
    at = text.find(question)
    if v.text.lower() != "one" or at < 0 or v.start < at:
        return False
    following = re.match(r"\s+(?:(?:full|whole|single|such)\s+)?([a-z]+)", text[v.end:], re.I)
    return bool(following) and bool(re.search(rf"\b(?:a|an|the|each|every|per)\s+(?:[\w-]+\s+){{0,3}}"
                                              rf"{re.escape(following.group(1))}\b", text[:at], re.I))


def _is_label(text: str, v: Value) -> bool:
    """Numbers that name rather than count: "room 12", "bus 42", "No. 5", "chapter 3", "act two", "#4"; a size that only
    describes a thing ("a *340 g* jar costs 12 euros": the jar is counted, not the grams); and a stated minimum or
    maximum ("with a minimum of four players"), a condition rather than a quantity of the problem."""
    question_start = max(text.rfind(". ", 0, text.rfind("?")) if "?" in text else -1, 0)
    if v.kind == "number" and unit_key(v.unit or "") in _MEASURES and v.start < question_start \
            and re.search(r"\b(?:a|an|one|each|every)\s+$", text[:v.start], re.I) \
            and re.match(r"[ -]?[a-z]+", text[v.end :]) and not re.match(r"\s*(?:of|per|a|an|each|for)\b", text[v.end :]) \
            and not re.search(rf"\bper {re.escape(v.unit)}\b", text[question_start:], re.I) \
            and not (re.search(r"\b(?:a|an|one)\s+$", text[:v.start], re.I) and any(
                unit_key(w) == unit_key(v.unit) for w in re.findall(r"[a-z]+", text[question_start:].lower()))):
        return True  # (but "a 25 kg batch ... How many kilograms ...?" asks for the size itself)
    inner = re.search(r"-([a-z]+)$", v.text)  # "a half-hour lesson", "a two-day course" (the unit read with it)
    hyphened = re.match(r"-([a-z]+)\s+[a-z]", text[v.end :]) or (inner if re.match(r"\s+[a-z]", text[v.end :]) else None)
    if hyphened and v.kind in ("number", "duration") and (
            re.search(r"\b(?:a|an|the|each|every|per)\s+$", text[: v.start], re.I) or re.match(r"an?\s", v.text, re.I)) \
            and _MONEY_ASKED.search(text[question_start:]) and not re.search(r"\b(?:per|an?|each|every)\s+"
                                                                              rf"{hyphened.group(1)}\b", text, re.I) \
            and not any(unit_key(w) == unit_key(hyphened.group(1))  # (unless the question asks in it: "how many minutes")
                        for w in re.findall(r"[a-z]+", re.sub(r"[\w.]+-[a-z]+", " ", text[question_start:].lower()))):
        return True  # in a question about money, a measure made an adjective describes the thing it prices
    if v.kind == "number" and v.start < question_start and re.search(
            r"\b(?:a|the)\s+(?:minimum|maximum)\s+(?:group\s+|party\s+|booking\s+)?(?:size\s+)?of\s+$",
            text[max(0, v.start - 40) : v.start], re.I):
        return True  # "£22 per player, with a minimum of four players": a condition of the offer, not a count
    return bool(re.search(r"(?:\b(?:room|bus|route|flight|platform|gate|chapter|page|no\.?|number|line|track|"
                          r"table|seat|row|level|floor|grade|class|step|part|item|question|exercise|act|scene|round|"
                          r"stage|heat|leg|lap|hole|lane|car|court|pitch|bay|plot|unit|block|ward|zone|phase|"
                          r"episode|lot|entry|ticket|booking|invoice)|#)\s*$",
                          text[max(0, v.start - 12) : v.start], re.I)) and v.kind == "number" and (
        not v.unit or unit_key(v.unit) not in _MEASURES and not re.match(r"\s*(?:of|per|x)\b", text[v.end :]))


# --- working: each step evaluated with safemath, with the simulated slip --------------------------------------------


class _Work:
    """The steps of one solution. At most one step slips, when the sampler says so (the simulation)."""

    def __init__(self, slip: bool, rng: random.Random | None):
        self.slip_pending, self.rng = slip, rng
        self.steps: list[str] = []
        self.expressions: list[str] = []

    def calc(self, expression: str, why: str) -> float | int:
        if self.slip_pending and self.rng is not None:
            expression = _slip(expression, self.rng)
            self.slip_pending = False
        evaluation = evaluate_with_steps(expression)
        value = evaluation.value
        if isinstance(value, float):
            value = round(value, 9)  # 18 * 1 / 3 is 6, not 5.999999999
            value = int(value) if value.is_integer() else value
        self.steps.append(f"{why}: {expression} = {format_number(value)}" if why else f"{expression} = {format_number(value)}")
        self.expressions.append(expression)
        return value

    def note(self, text: str) -> None:
        self.steps.append(text)


def _n(value: float | int) -> str:
    return format_number(value)


def _money_text(value: float | int, currency: str) -> str:
    symbol = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}.get(currency)
    amount = f"{value:.2f}" if isinstance(value, float) and not float(value).is_integer() else format_number(value)
    if symbol:
        return f"-{symbol}{amount[1:]}" if amount.startswith("-") else f"{symbol}{amount}"
    return f"{amount} {currency}".strip()


def _with_unit(value: float | int, unit: str) -> str:
    if not unit:
        return _n(value)
    singular = unit_key(unit)
    if value != 1 and unit in DURATION_UNITS:
        unit += "s"  # "60 hours", not "60 hour"
    return f"{_n(value)} {singular if value == 1 else unit}"


_UNIT_ASKED = re.compile(r"\bhow many (?P<unit>seconds|minutes|hours)\b|\bin (?P<within>seconds|minutes|hours)\s*\??$",
                         re.I)


def duration_as_asked(minutes: float, question: str) -> str:
    """A duration (held in minutes) in the unit the question asks for, else as people say it.

    >>> duration_as_asked(155, "How many minutes did she take?"), duration_as_asked(155, "How long did she take?")
    ('155 minutes', '2 hours 35 minutes')
    >>> duration_as_asked(90, "How long is the walk, in hours?")
    '1.5 hours'
    """
    asked = _UNIT_ASKED.search(question)
    if asked is None:
        return format_minutes(minutes)
    unit = (asked["unit"] or asked["within"]).lower()
    return f"{_n(round(minutes / {'seconds': 1 / 60, 'minutes': 1, 'hours': 60}[unit], 6))} {unit}"


Reader = Callable[[Problem, _Work], "tuple[float | int | str, str, set[int]] | None"]
"""A reader returns (value, answer as said, indices of the quantities it used), or None when it does not fit."""


# --- readers, one per kind of relation ------------------------------------------------------------------------------


_STARTED_AT = re.compile(r"\b(?:goes on|go on|goes in|go in|put on|put in|starts?|started|begins?|began|leaves?|left|"
                         r"sets? off|set out|departs?|departed|lit|lights?|switched on)\b[^.;]{0,30}?\b(?:at|from)\s+$",
                         re.I)


def _clock(p: Problem, w: _Work) -> tuple[str | int, str, set[int]] | None:
    durations = [i for i, v in enumerate(p.quantities) if v.kind == "duration"]
    if len(p.times) == 2 and durations and len(durations) == len(p.quantities):
        started = [t for t in p.times if _STARTED_AT.search(p.text[max(0, t.start - 50) : t.start])]
        if len(started) == 1:  # "goes on the spit at 6.15am and needs 9.5 hours. Carving is advertised for 6.30pm."
            other = next(t for t in p.times if t is not started[0])
            w.note(f"({other.text} is another time of the day, not when it starts.)")
            p = Problem(p.text, p.question, p.quantities, started, p.years)
    if len(p.times) == 1 and durations and len(durations) == len(p.quantities):
        start = p.times[0]
        earlier = [i for i in durations if (before := re.match(r"\s+(?:before|earlier than|ahead of)\s+((?:\S+\s+){0,2}"
                                                               r"[^\s.,;!?]+)", p.text[p.quantities[i].end :], re.I))
                   and not _word_roots(before.group(1)) & _word_roots(p.question)]
        # ("starts one hour before low tide and lasts 1 hour 50 minutes": the hour is taken off the time given; but
        # "set at 10:40 for 2 hours before judging. When can judging start?" asks for the event after the wait)
        within = {i for k, i in enumerate(durations) if k and re.search(
            r"\b(?:including|includes|which includes)\s+(?:an?|the)?\s*$", p.text[: p.quantities[i].start], re.I)}
        # ("lasts 70 minutes, including a 15-minute interval": the interval is part of the 70, not added to it)
        lasting = {i for i in durations if earlier and i not in earlier and re.search(
            r"\b(?:starts?|begins?)\b", p.question, re.I) and re.search(r"\b(?:lasts?|takes?|runs? for)\s+$",
                                                                      p.before(p.quantities[i]), re.I)}
        # ("start one hour before low tide and last 90 minutes. When does it start?": how long it lasts is not asked)
        for i in lasting:
            w.note(f"({format_minutes(p.quantities[i].value)} is how long it lasts, not when it starts.)")
        durations = [i for i in durations if i not in within | lasting]
        backwards = bool(_DEPARTURE_ASKED.search(p.question) and _DEADLINE.search(p.text[: start.end + 30])
                         and not re.search(r"\b(?:leaves?|departs?|starts?|sets? off)\b[^.]*$",
                                           p.text[max(0, start.start - 40) : start.start], re.I))
        if backwards:
            earlier = []  # counting back from the time given already takes "one hour before" off it
        total = sum(-p.quantities[i].value if i in earlier else p.quantities[i].value for i in durations)
        if len(durations) > 1:
            total = w.calc(" ".join(("- " if i in earlier else "+ " if k else "") + _n(p.quantities[i].value)
                                    for k, i in enumerate(durations)), "Total time in minutes")
        if not (_ARRIVAL_ASKED.search(p.question) or re.search(r"\bwhen\b|\bwhat time\b", p.question, re.I)):
            return None
        hours, minutes = (int(x) for x in start.value.split(":"))
        op = "-" if backwards else "+"
        result_minutes = w.calc(f"{hours} * 60 + {minutes} {op} {_n(total)}", f"{start.value} in minutes {op} "
                                                                                 f"{format_minutes(total)}")
        clock = add_minutes("00:00", result_minutes)
        w.note(f"{_n(result_minutes)} minutes after midnight is {clock}")
        return clock, clock, set(durations) | within | lasting
    if len(p.times) == 2 and not p.quantities and (_DURATION_ASKED.search(p.question) or "how long" in p.text.lower()):
        first, second = p.times
        between = minutes_between(first.value, second.value)
        w.calc(f"{clock_minutes(second.value)} - {clock_minutes(first.value)}"
               + (" + 1440" if between != clock_minutes(second.value) - clock_minutes(first.value) else ""),
               f"From {first.value} to {second.value}, in minutes")
        return between, duration_as_asked(between, p.question), set()
    return None


def _items(p: Problem, w: _Work, prices: list[int]) -> tuple[float | int, set[int]] | None:
    """The cost of the items bought: each price times its count ("four pens at $1.50 each", "four $1.50 pens")."""
    used: set[int] = set()
    parts: list[str] = []
    each_count = None  # "two adults pay 9 euros each ... and 6 euros each": the same two pay the second price too
    for i in prices:
        price = p.quantities[i]
        count = None
        # the nearest plain number before the price in the same clause counts it
        for j in range(i - 1, -1, -1):
            q = p.quantities[j]
            if q.kind != "number" or j in used:
                if q.kind == "money":
                    break
                continue
            gap = p.text[q.end : price.start]
            if re.search(r"[.;!?]", gap) or len(gap) > 45:
                break
            count = j
            break
        if count is None and each_count is not None and _EACH_AFTER.match(p.text[price.end :]):
            parts.append(f"{_n(p.quantities[each_count].value)} * {_n(price.value)}")
            used.add(i)
            continue
        if count is None:  # "A ticket costs 12 dollars. A family buys 5 tickets": the count names the priced thing
            priced = {unit_key(word) for word in re.findall(r"[a-z]+", p.before(price).lower())}
            per = re.match(r"\s*(?:per|a|an|each|for each|for every)\s+([a-z]+)", p.text[price.end :], re.I)
            priced |= {unit_key(per.group(1).lower())} if per else set()  # "£2.25 per snail ... 3 snails"
            count = next((j for j, q in enumerate(p.quantities) if q.kind == "number" and j not in used and q.unit
                          and unit_key(q.unit) in priced), None)
            if count is not None:
                parts.append(f"{_n(p.quantities[count].value)} * {_n(price.value)}")
                used |= {count, i}
                continue
        if count is not None and not _EACH_AFTER.match(p.text[price.end :]) and re.search(
                r"\bfor\s*$", p.text[p.quantities[count].end : price.start]):
            parts.append(_n(price.value))  # "a dozen eggs for £3.60": the price of them all
            used |= {count, i}
            continue
        if count is not None and (_EACH_AFTER.match(p.text[price.end :]) or re.search(
                r"\b(?:at|for|costing|cost|costs|priced at)\s*$", p.text[p.quantities[count].end : price.start])
                or p.text[p.quantities[count].end : price.start].strip() == ""):
            parts.append(f"{_n(p.quantities[count].value)} * {_n(price.value)}")
            used |= {count, i}
            each_count = count if _EACH_AFTER.match(p.text[price.end :]) else None
        else:
            parts.append(_n(price.value))
            used.add(i)
    if not parts:
        return None
    if len(parts) == 1 and "*" not in parts[0]:
        return p.quantities[prices[0]].value, used
    return w.calc(" + ".join(parts), "Cost of the items"), used


def _currency(p: Problem) -> str:
    return next((v.unit for v in p.quantities if v.kind == "money" and v.unit), "")


_WORTH = re.compile(r"\b(?:a|an|each|every|one)\s+(?P<item>[a-z]+)\s+(?:is worth|earns|scores|gets|gives|counts for|"
                    r"counts as|is)?\s*(?P<n>\d+(?:\.\d+)?|nothing|zero|no points?)\b(?:\s+(?P<unit>points?|marks?))?",
                    re.I)
"""What one result is worth in a points table: "a win is worth 3 points", "a draw 1 point", "a loss nothing"."""
_RESULT_FORMS = {"won": "win", "winning": "win", "wins": "win", "drew": "draw", "drawing": "draw", "draws": "draw",
                 "drawn": "draw", "lost": "loss", "losing": "loss", "losses": "loss", "lose": "loss"}
"""The verb and plural forms a count of results is written with ("winning 7 and drawing 3")."""


def _points(p: Problem, w: _Work) -> tuple[float | int, str, set[int]] | None:
    """A points table and a record: "a win is worth 3 points, a draw 1 point and a loss nothing ... played 12,
    winning 7 and drawing 3" is 7 x 3 + 3 x 1 = 24 points. The number played only bounds the counts (the rest are
    results worth nothing, or the problem is not read).

    >>> _points(Problem.read("A win is worth 3 points, a draw 1 point and a loss nothing. They played 12, winning 7 "
    ...                      "and drawing 3. How many points do they have?"), _Work(False, None))[:2]
    (24, '24 points')
    """
    table = list(_WORTH.finditer(p.text))
    unit = next((m.group("unit") for m in table if m.group("unit")), None)
    if not unit or not re.search(rf"\bhow many {unit_key(unit)}s?\b|\b(?:score|total)\b", p.question, re.I):
        return None
    worth = {m.group("item").lower(): 0 if not m.group("n")[0].isdigit() else float(m.group("n"))
             for m in table if m.end() <= p.question_start}
    if len(worth) < 2:
        return None

    def result(word: str) -> str | None:  # "winning", "wins" -> "win"; a unit's plural "draws" -> "draw"
        form = _RESULT_FORMS.get(word.lower(), word.lower())
        return form if form in worth else unit_key(form) if unit_key(form) in worth else None

    spans = {(m.start("n"), m.end("n")) for m in table}
    counts, used, played = [], set(), None
    for i, v in enumerate(p.quantities):
        if (v.start, v.end) in spans:
            used.add(i)
            continue
        item = next((r for word in [*p.before(v, 15).split()[-1:], *([v.unit] if v.unit else [])]
                     if (r := result(word))), None)
        if item is not None:
            counts.append((item, v))
            used.add(i)
        elif played is None and (v.unit and re.match(r"(?:match|game|race|round|fixture)", v.unit)
                                 or re.search(r"\bplayed\s*$", p.before(v, 15))):
            played = i
    if not counts or len(used) + (played is not None) != len(p.quantities):
        return None
    if played is not None:
        if sum(v.value for _, v in counts) > p.quantities[played].value:
            return None
        used.add(played)
    units = _plural(unit_key(unit))
    total = w.calc(" + ".join(f"{_n(v.value)} * {_n(worth[item])}" for item, v in counts),
                   f"{units.capitalize()} for each result")
    return total, f"{_n(total)} {units}", used


def _change(p: Problem, w: _Work) -> tuple[float | int, str, set[int]] | None:
    if re.search(r"\bchange\b", p.question, re.I) and not any(v.kind == "money" for v in p.quantities):
        # "three coffees at 4.50 each with a 20 note": amounts written without a currency are still prices
        as_money = [Value("money", v.value, v.text, v.start, v.end, "") if v.kind == "number" and (
            _PAYMENT_NOUN.match(p.after(v)) or not v.unit and (_EACH_AFTER.match(p.text[v.end:]) or re.search(
                r"\b(?:at|costing|costs?)\s*$", p.before(v)))) else v for v in p.quantities]
        p = Problem(p.text, p.question, as_money, p.times, p.years)
    money = [i for i, v in enumerate(p.quantities) if v.kind == "money"]
    if len(money) < 2 or not _CHANGE_ASKED.search(p.question):
        return None
    payment = next((i for i in money if _PAYMENT_NOUN.match(p.after(p.quantities[i]))), None)  # "a $10 note"
    if payment is None:
        payment = next((i for i in money if _PAYMENT.search(p.before(p.quantities[i]))
                        and not _EACH_AFTER.match(p.text[p.quantities[i].end:])), None)
    if payment is None:
        return None
    bought = _items(p, w, [i for i in money if i != payment])
    if bought is None:
        return None
    cost, used = bought
    change = w.calc(f"{_n(p.quantities[payment].value)} - {_n(cost)}", "Change from the payment")
    return change, _money_text(change, _currency(p)), used | {payment}


_MORE_WORDS = frozenset({"more", "higher", "up", "greater", "larger", "bigger"})
_EARLIER_BASE = re.compile(r"^\s*(?P<way>more|less|fewer|higher|lower|up|down|greater|smaller|larger|bigger)\s+"
                           r"(?:than|on|from)\s+(?:the\s+)?(?:last|previous|the year before|before|the original|"
                           r"originally|it was|in\s+\d{4})", re.I)
"""A percentage of an earlier figure the problem does not give ("20% more than last year")."""
_EARLIER_ASKED = re.compile(r"\b(?:last|previous|before|originally|original|at first|the year before|in \d{4})\b", re.I)


def _percent(p: Problem, w: _Work) -> tuple[float | int, str, set[int]] | None:
    percents = [i for i, v in enumerate(p.quantities) if v.kind == "percent"]
    others = [i for i, v in enumerate(p.quantities) if v.kind != "percent"]
    if len(percents) != 1 and not (len(percents) == 0 and _PERCENT_OF_WHOLE.search(p.question)):
        return None
    if not percents:  # "30 of the 120 members voted; what percentage voted?"
        if len(others) != 2:
            return None
        a, b = (p.quantities[i] for i in others)
        if re.search(r"\bfrom\b", p.text[max(0, a.start - 8) : a.start], re.I) and re.search(r"\bto\b", p.after(a)) or \
                re.search(r"\b(?:grow|grew|increas\w*|ris\w*|rose|decreas\w*|fall|fell|drop\w*|chang\w*|up|down)\b",
                          p.question, re.I):
            change = w.calc(f"({_n(b.value)} - {_n(a.value)}) / {_n(a.value)} * 100", "Change as a percentage")
            return change, f"{_n(change)}%", set(others)
        part, whole = (a, b) if a.value <= b.value else (b, a)
        share = w.calc(f"{_n(part.value)} / {_n(whole.value)} * 100", "Part as a percentage of the whole")
        return share, f"{_n(share)}%", set(others)
    pi = percents[0]
    rate = p.quantities[pi].value
    earlier = _EARLIER_BASE.search(p.text[p.quantities[pi].end : p.quantities[pi].end + 40])
    if earlier and len(others) == 1 and _EARLIER_ASKED.search(p.question):
        # "£2,400 this year, 20% more than last year: how much last year?" - the rate is of the unknown, so divide
        now = p.quantities[others[0]]
        factor = f"(1 + {_n(rate)} / 100)" if earlier.group("way").lower() in _MORE_WORDS else f"(1 - {_n(rate)} / 100)"
        before = w.calc(f"{_n(now.value)} / {factor}", f"{_n(now.value)} is {_n(rate)}% "
                                                        f"{earlier.group('way').lower()} than the earlier figure")
        say_before = _money_text(before, _currency(p)) if now.kind == "money" else _with_unit(before, now.unit)
        return before, say_before, {pi, others[0]}
    money = [i for i in others if p.quantities[i].kind == "money"]
    limits = [i for i in money if cues.THRESHOLD_BEFORE.search(p.before(p.quantities[i], 25))]
    if len(limits) > 1:
        return None
    money = [i for i in money if i not in limits]
    full = [i for i in money if _FULL_PRICE.search(p.before(p.quantities[i], 30))]
    if full and len(full) < len(money):  # "25% off the knife; the strop at its full price of £12": added after
        money = [i for i in money if i not in full]
    else:
        full = []
    if money:
        bought = _items(p, w, money)
        if bought is None:
            return None
        base, used = bought
        if limits:  # "15% off any order over £2,000": the rate applies only past the limit
            limit = p.quantities[limits[0]]
            used |= set(limits)
            if base <= limit.value:
                w.note(f"{_n(base)} is not over {_n(limit.value)}, so the {_n(rate)}% does not apply")
                return base, _money_text(base, _currency(p)), used | {pi}
            w.note(f"{_n(base)} is over {_n(limit.value)}, so the {_n(rate)}% applies")
    elif len(others) == 1:
        base, used = p.quantities[others[0]].value, {others[0]}
    else:
        return None
    unit = _currency(p)
    say = (lambda x: _money_text(x, unit)) if money else (lambda x: _with_unit(x, p.quantities[others[0]].unit)
                                                          if len(others) == 1 else _n(x))
    near = p.text[max(0, p.quantities[pi].start - 60) : p.quantities[pi].end + 40]
    of_phrase = re.match(r"\s*of\b", p.text[p.quantities[pi].end :], re.I)
    part = w.calc(f"{_n(base)} * {_n(rate)} / 100", f"{_n(rate)}% of {_n(base)}")
    said_after = re.split(r"[.!?](?:\s|$)", p.text[p.quantities[pi].end : p.quantities[pi].end + 160])[0]
    rest = _REST.search(said_after)
    if rest and re.search(r"\d", said_after[rest.end() :]):
        return None  # "35% sells for €4,000 a tonne; the rest for €1,500": each share has a figure of its own
    if rest:  # "25% goes to the roof fund and the rest buys new bells": which share is asked
        share_words = _word_roots(said_after[: rest.start()])
        rest_words = _word_roots(said_after[rest.end() :])
        asked = _word_roots(p.question)
        if len(asked & rest_words) > len(asked & share_words):
            result = w.calc(f"{_n(base)} - {_n(part)}", "The rest")
            return result, say(result), used | {pi}
        if len(asked & share_words) > len(asked & rest_words):
            return part, say(part), used | {pi}
        return None
    if _PART_ASKED.search(p.question) or (of_phrase and not (_DECREASE.search(near) or _INCREASE.search(near))):
        return part, say(part), used | {pi}
    if _DECREASE.search(near) and not re.search(r"\b(?:tip|tax|vat|interest)\b", near, re.I):
        result = w.calc(f"{_n(base)} - {_n(part)}", "After the decrease")
    elif _INCREASE.search(near):
        result = w.calc(f"{_n(base)} + {_n(part)}", "After the increase")
    else:
        return part, say(part), used | {pi}
    used |= {pi}
    if full:
        result = w.calc(" + ".join([_n(result), *(_n(p.quantities[i].value) for i in full)]), "Plus the full-price "
                        "items")
        used |= set(full)
    leftover = [i for i in range(len(p.quantities)) if i not in used]
    if len(leftover) == 1 and p.quantities[leftover[0]].kind == "number" and _SHARED_OUT.search(p.text) \
            and _EACH_ASKED.search(p.question):  # "a 15% tip, then split it equally between the 5 of us"
        count = p.quantities[leftover[0]].value
        result = w.calc(f"{_n(result)} / {_n(count)}", f"Shared equally by {_n(count)}")
        used |= set(leftover)
    return result, say(result), used


_EACH_BEFORE = re.compile(r"(?:^|[.!?;]\s+)\s*(?:each|every)\s+(?P<den>[a-z]+)\s+(?:holds|uses|needs|takes|weighs|"
                          r"contains|carries|seats|fits|gives|produces|measures|covers|is)\s+(?:about\s+|around\s+)?$",
                          re.I)
"""A sentence that opens on what one item holds ("Each jar holds ", "Every tray needs "): the figure after it is a rate
per item."""


def _percent_chain(p: Problem, w: _Work) -> tuple[float | int, str, set[int]] | None:
    """A share of a share of a sum of money ("64 players each paid £5. 75% of the fees go into the pot, and the
    winner takes 60% of the pot. How much does the winner get?"): the sum, then each percentage of what the last one
    left, in the order written.

    >>> _percent_chain(Problem.read("40 people each paid £10. 50% of the money goes to the pot and the winner takes 30% of the pot. How much does the winner get?"), _Work(False, None))[:2]
    (60, '£60')
    """
    percents = [i for i, v in enumerate(p.quantities) if v.kind == "percent"]
    money = [i for i, v in enumerate(p.quantities) if v.kind == "money"]
    counts = [i for i, v in enumerate(p.quantities) if v.kind == "number"]
    if len(percents) < 2 or len(money) != 1 or len(counts) > 1 or not _MONEY_ASKED.search(p.question) or not all(
            re.match(r"\s*of\b", p.text[p.quantities[i].end :]) for i in percents) or any(
            _DECREASE.search(p.after(p.quantities[i])) or _INCREASE.search(p.after(p.quantities[i])) for i in percents):
        return None
    price = p.quantities[money[0]]
    if counts:
        count = p.quantities[counts[0]]
        if not re.search(r"\beach\b", p.text[count.end : price.end + 12], re.I):
            return None  # only "N people each paid £5" makes a sum of the count and the price
        total = w.calc(f"{_n(_count(count))} * {_n(price.value)}", "The sum paid")
    else:
        total = price.value
    for i in percents:
        v = p.quantities[i]
        total = w.calc(f"{_n(total)} * {_n(v.value)} / 100", f"{v.text} of {_n(total)}")
    return total, _money_text(total, _currency(p)), set(percents) | set(money) | set(counts)


def _rate_of(p: Problem, v: Value) -> tuple[str, float | int, str] | None:
    """(numerator unit, denominator amount, denominator unit) when ``v`` is a rate ("40 litres per minute")."""
    rest = p.text[v.end :]
    speed = _SPEED.match(rest)
    if speed:
        if speed.group("mph"):
            return ("mi" if speed.group("mph").lower() == "mph" else "km"), 1, "hour"
        return unit_key(speed.group("unit")), 1, unit_key(speed.group("den"))
    m = _RATE.match(rest)
    if not m or not re.search(r"\b(?:per|an?|every|each)\b|/", m.group(0)):
        each = _EACH_BEFORE.search(p.before(v, 60))  # "Each jar holds 250 g": 250 g per jar
        if each and v.unit and unit_key(each.group("den")) != unit_key(v.unit):
            return unit_key(v.unit), 1, unit_key(each.group("den"))
        return None
    if m.group("den").lower() in ("the", "week's", "day's", "lot", "few"):
        return None
    numerator = m.group("unit") or v.unit or ("money" if v.kind == "money" else "")
    if numerator and unit_key(numerator) in ("per", "a", "an", "every", "each"):
        numerator = v.unit
    amount = float(m.group("n")) if m.group("n") else 1
    return unit_key(numerator) if numerator else "", amount, unit_key(m.group("den"))


def _rate(p: Problem, w: _Work) -> tuple[float | int, str, set[int]] | None:
    rates = [(i, r) for i, v in enumerate(p.quantities) if (r := _rate_of(p, v))]
    if len(rates) != 1 or len(p.quantities) not in (2, 3):
        return None
    ri, (num_unit, den_amount, den_unit) = rates[0]
    rate = p.quantities[ri]
    rest = [i for i in range(len(p.quantities)) if i != ri]
    if len(rest) == 2:  # "has 340 pages and has read 90; how many more days at 25 pages a day?"
        a, b = (p.quantities[i] for i in rest)
        if not re.search(r"\b(?:more|left|remain\w*|still|rest|finish|complete)\b", p.question, re.I) or a.kind != b.kind:
            return None
        big, small = (a, b) if a.value >= b.value else (b, a)
        left = w.calc(f"{_n(big.value)} - {_n(small.value)}", "What is still to go")
        other = Value(big.kind, left, big.text, big.start, big.end, big.unit)
        oi = rest[0]
        value, answer, _ = _apply_rate(p, w, rate, other, num_unit, den_amount, den_unit) or (None, None, None)
        return None if value is None else (value, answer, set(range(3)))
    oi = rest[0]
    other = p.quantities[oi]
    if _EACH_BEFORE.search(p.before(rate, 60)) and not (other.unit and unit_key(other.unit) == den_unit):
        return None  # "Each crate holds 24 bottles ... 250 bottles": how many crates is for the containers reader
    found = _apply_rate(p, w, rate, other, num_unit, den_amount, den_unit)
    return None if found is None else (found[0], found[1], {ri, oi})


def _plural(noun: str) -> str:
    """A count noun's plural, as English writes the regular ones ("bus" -> "buses", "tray" -> "trays", "loaf" ->
    "loaves").

    >>> [_plural(n) for n in ("bus", "box", "batch", "tray", "lorry", "loaf", "jar", "hour")]
    ['buses', 'boxes', 'batches', 'trays', 'lorries', 'loaves', 'jars', 'hours']
    """
    if re.search(r"(?:s|x|z|ch|sh)$", noun):
        return noun + "es"
    if re.search(r"[^aeiou]y$", noun):
        return noun[:-1] + "ies"
    if re.search(r"(?:loa|lea|hal|shel|thie|wol|cal)f$", noun):
        return noun[:-1] + "ves"
    return noun + "s"


def _apply_rate(p: Problem, w: _Work, rate: Value, other: Value, num_unit: str, den_amount: float, den_unit: str
                ) -> tuple[float | int, str, None] | None:
    """Rate times a stretch of time or a count, or an amount divided by the rate."""
    per = f"{_n(_count(rate))} / {_n(den_amount)}" if den_amount != 1 else _n(_count(rate))
    other_unit = unit_key(other.unit) if other.unit else ""
    if other.kind == "duration" and den_unit in DURATION_UNITS:
        amount_in_den = other.value / DURATION_UNITS[den_unit]
        value = w.calc(f"{per} * {_n(round(amount_in_den, 10))}", f"Rate times {other.text}")
        return value, (_money_text(value, rate.unit) if rate.kind == "money" else _with_unit(value, num_unit and (
            rate.unit or num_unit))), None
    if other_unit and other_unit == den_unit or (not other_unit and re.search(
            rf"\b{re.escape(den_unit)}", p.after(other), re.I)):
        value = w.calc(f"{per} * {_n(other.value)}", f"Rate times the number of {_plural(den_unit)}")
        return value, (_money_text(value, rate.unit) if rate.kind == "money" else _with_unit(value, rate.unit or num_unit)), None
    bare_count = not num_unit and other.kind == "number" and rate.kind == "number" and re.search(
        rf"\bhow (?:many {re.escape(den_unit)}s?|long)\b", p.question, re.I)  # "holds 1,250 boxes, ships 250 a day"
    if (other_unit and other_unit == num_unit) or (other.kind == "money" and rate.kind == "money") or bare_count:
        value = w.calc(f"{_n(other.value)} / ({per})" if den_amount != 1 else f"{_n(other.value)} / {per}",
                       "Amount divided by the rate")
        unit = den_unit
        asked = re.search(r"\bhow many (hours|minutes|seconds|days)\b", p.question, re.I)
        if asked and den_unit in DURATION_UNITS and unit_key(asked.group(1)) != den_unit:
            target = unit_key(asked.group(1))
            value = w.calc(f"{_n(value)} * {_n(DURATION_UNITS[den_unit])} / {_n(DURATION_UNITS[target])}",
                           f"In {target}s")
            unit = target
        return value, _with_unit(value, _plural(unit) if value != 1 else unit), None
    return None


_RATIO = re.compile(r"\b(?P<a>\d+(?:\.\d+)?)\s*(?::|to)\s*(?P<b>\d+(?:\.\d+)?)\b")
_RATIO_PAIR = re.compile(r"\bratio of (?P<x>[a-z]+)(?: \w+)? to (?P<y>[a-z]+)|"
                         r"\b(?P<x2>[a-z]+) and (?P<y2>[a-z]+) (?:are |come )?in (?:the|a) ratio(?: of)?\b", re.I)
_FOR_EVERY = re.compile(r"\bfor every (?P<a>\w+) (?P<x>[a-z]+)[^.]*?\b(?:there (?:are|is)|are|is|get|gets|has|have)? ?"
                        r"(?P<b>\w+) (?P<y>[a-z]+)", re.I)


_TO_EVERY = re.compile(r"\b(?P<b>\w+) (?P<y>[a-z]+) (?:for|to|per) (?:every|each) (?P<a>\w+) (?P<x>[a-z]+)", re.I)
"""The ratio written the other way round: "1 ball for every 3 players", "one pilot to every four crew"."""


def _ratio(p: Problem, w: _Work) -> tuple[float | int, str, set[int]] | None:
    m = _RATIO.search(p.text) if re.search(r"\bratio\b", p.text, re.I) else None
    pair = _RATIO_PAIR.search(p.text)
    if m and pair:
        a, b = float(m.group("a")), float(m.group("b"))
        x, y = unit_key(pair.group("x") or pair.group("x2")), unit_key(pair.group("y") or pair.group("y2"))
        ratio_span = (m.start(), m.end())
    else:
        every = _FOR_EVERY.search(p.text) or _TO_EVERY.search(p.text)
        if not every or parse_number(every.group("a")) is None or parse_number(every.group("b")) is None:
            return None
        a, b = parse_number(every.group("a")), parse_number(every.group("b"))
        x, y = unit_key(every.group("x")), unit_key(every.group("y"))
        ratio_span = (every.start(), every.end())
    known = [(i, v) for i, v in enumerate(p.quantities) if not ratio_span[0] <= v.start < ratio_span[1]]
    aside: set[int] = set()
    if len(known) > 1:  # "27 players turn up, with their 4 coaches; 1 ball for every 3 players": the players count
        counted = [(i, v) for i, v in known if v.unit and unit_key(v.unit) in (x, y)]
        if len(counted) == 1 and all(v.unit for _, v in known):
            aside = {i for i, _ in known} - {counted[0][0]}
            for j in sorted(aside):
                w.note(f"({_named(p.quantities[j])} are not what the ratio counts, so they are not used.)")
        known = counted
    if len(known) != 1:
        return None
    i, v = known[0]
    unit = unit_key(v.unit) if v.unit else ""
    first_known = unit == x or (not unit and re.search(rf"\b{x}", p.after(v), re.I))
    in_ratio = {j for j, q in enumerate(p.quantities) if ratio_span[0] <= q.start < ratio_span[1]}
    if not first_known and unit != y:  # the whole: "120 members ... juniors and seniors in the ratio 3 to 5"
        asked = re.search(r"\bhow many (?P<n>[a-z]+)", p.question, re.I)
        part = unit_key(asked.group("n")) if asked else ""
        if part not in (x, y) or not unit or unit in (x, y):
            return None
        share = a if part == x else b
        value = w.calc(f"{_n(v.value)} * {_n(share)} / ({_n(a)} + {_n(b)})", f"{_n(share)} parts of {_n(a + b)}")
        return value, _n(value), {i} | in_ratio
    per_given, per_other = (a, b) if first_known else (b, a)
    other_name = y if first_known else x
    other = w.calc(f"{_n(v.value)} / {_n(per_given)} * {_n(per_other)}", f"Scale by the ratio {_n(a)} : {_n(b)}")
    if _TOTAL_ASKED.search(p.question) and not re.search(rf"\bhow many {other_name}", p.question, re.I):
        total = w.calc(f"{_n(v.value)} + {_n(other)}", "Both together")
        return total, _n(total), {i} | in_ratio | aside
    return other, _n(other), {i} | in_ratio | aside


_SHARES = re.compile(r"\bratio(?:\s+of)?\s+(?P<parts>\d+(?:\s*:\s*\d+)+)", re.I)
_WHICH_SHARE = re.compile(r"\b(?P<which>first|second|third|fourth|last|largest|biggest|smallest|least|most)\b", re.I)


def _ratio_shares(p: Problem, w: _Work) -> tuple[float | int, str, set[int]] | None:
    """One share of an amount split in a ratio of two or more parts ("£540 in the ratio 4:3:2 ... the first team":
    540 x 4 / 9 = 240), the share picked by its place or size.

    >>> work_out("Three cousins share 90 marbles in the ratio 1:2:3. How many does the third cousin get?").answer
    '45'
    """
    m = _SHARES.search(p.text)
    which = _WHICH_SHARE.search(p.question)
    if not m or not which:
        return None
    parts = [int(x) for x in re.findall(r"\d+", m.group("parts"))]
    inside = {i for i, v in enumerate(p.quantities) if m.start("parts") <= v.start < m.end("parts")}
    outside = [i for i, v in enumerate(p.quantities) if i not in inside and not (
        v.kind == "number" and v.value == len(parts) and not re.search(r"\d", v.text))]  # "Three teams" counts them
    if len(outside) != 1 or len(parts) < 2:
        return None
    counted = {i for i, v in enumerate(p.quantities) if i not in inside and i not in outside}
    word = which.group("which").lower()
    places = {"first": 0, "second": 1, "third": 2, "fourth": 3, "last": -1}
    if word in places:
        if places[word] >= len(parts):
            return None
        part = parts[places[word]]
    else:
        part = max(parts) if word in ("largest", "biggest", "most") else min(parts)
    whole = p.quantities[outside[0]]
    value = w.calc(f"{_n(whole.value)} * {part} / {sum(parts)}", f"{part} parts of {sum(parts)}")
    say = _money_text(value, _currency(p)) if whole.kind == "money" else _n(value)
    return value, say, set(outside) | inside | counted


_SHARED_JOB = re.compile(r"(?:^|[.!?]\s+|\bif\s+|\bwith\s+|\bwhen\s+)$", re.I)
"""A count that opens its clause ("If 3 pumps empty ...", "With 4 workers ...") counts who does a job: the time a job
takes falls as they are more, where "prints 3 pages in 12 seconds" (a count after its verb) scales up."""


def _proportion(p: Problem, w: _Work) -> tuple[float | int, str, set[int]] | None:
    """Three quantities a, b, c where a and c count the same thing: the answer is b / a * c."""
    if len(p.quantities) != 3:
        return None
    asked = [i for i, v in enumerate(p.quantities) if p.in_question(v)]
    if len(asked) != 1:
        return None
    c = asked[0]
    given = [i for i in range(3) if i != c]
    qc = p.quantities[c]
    for a in given:
        b = next(i for i in given if i != a)
        qa, qb = p.quantities[a], p.quantities[b]
        rate = _rate_of(p, qb)
        if rate and rate[1] == 1:
            continue  # "18 euros an hour" is a rate, not "18 for 37.5 hours": the rate reader's case
        bundle = qa.kind == qc.kind == "number" and (not qa.unit or not qc.unit) and qb.kind == "money"
        same = bundle or (qa.kind == qc.kind and qa.kind in ("duration",)) or (
            qa.unit and qc.unit and unit_key(qa.unit) == unit_key(qc.unit)) or (qa.kind == "number" and qc.kind == "number"
                                                                                 and not qc.unit and qb.kind == "money")
        if same and qb.kind != qa.kind or same and unit_key(qb.unit or "x") != unit_key(qa.unit or "y"):
            if qb.kind == "duration" and _SHARED_JOB.search(p.text[max(0, qa.start - 12): qa.start]) and \
                    qa.kind == qc.kind == "number":
                # "3 pumps empty a pond in 12 hours; 4 pumps?": more hands share one job, so the time shrinks
                value = w.calc(f"{_n(qb.value)} * {_n(qa.value)} / {_n(qc.value)}",
                               f"{qb.text} for {_n(qa.value)} sharing the job, so {_n(qc.value)} take")
            else:
                value = w.calc(f"{_n(qb.value)} / {_n(qa.value)} * {_n(qc.value)}",
                               f"{_n(qb.value)} for {_n(qa.value)}, scaled to {_n(qc.value)}")
            asked_unit = re.search(r"\bhow many (minutes|hours|days|weeks|seconds)\b", p.question, re.I)
            if qb.kind == "duration" and asked_unit:  # "how many days for 12 rooms?": in days, as asked
                unit = unit_key(asked_unit.group(1))
                value = w.calc(f"{_n(value)} / {_n(DURATION_UNITS[unit])}", f"In {unit}s")
                answer = _with_unit(value, unit)
            else:
                answer = _money_text(value, qb.unit) if qb.kind == "money" else (
                    format_minutes(value) if qb.kind == "duration" else _with_unit(value, qb.unit))
            return value, answer, {a, b, c}
    return None


_NAME = r"(?:(?:[Hh]is|[Hh]er|[Tt]heir|[Tt]he|[Mm]y|[Oo]ur) [a-z]+|(?!(?:His|Her|Their|The|My|Our)\b)[A-Z][a-z]+)"
_RELATIVE = re.compile(
    rf"(?P<subj>{_NAME})(?: is| was| has| had| have| owns| earns| weighs| scored| runs| reads| gets| got| saved| collected)?"
    rf" (?:(?P<amount>[\w.,]+(?: \w+)?) (?:(?:years?|cm|kg|km|metres|meters|points|dollars|euros) )?(?:\w+ )?(?P<dir>{_COMPARATIVE_MORE}|"
    rf"{_COMPARATIVE_LESS})\b(?: \w+)? than|(?P<mult>twice|double|triple|thrice|half|[\w.]+ times) as (?:many|much|old|tall|"
    rf"long|heavy|big|far|fast)(?: \w+)? as) (?P<obj>{_NAME})")
_FACT = re.compile(rf"(?P<subj>{_NAME})(?:'s \w+)? (?:is|was|has|had|have|owns|earns|weighs|scored|turned|turns)"
                   rf"(?: (?:now|about|exactly|already|currently|only|just|got))? (?P<amount>\d[\d.,]*|[a-z]+(?:-[a-z]+)?)\b")


def _count(v: Value) -> float | int:
    """A quantity as a count of its own unit: "4 years" is 4 (not 2,103,840 minutes), "$3" is 3."""
    if v.kind == "duration":
        return round(v.value / DURATION_UNITS[v.unit], 6)  # (20 seconds is stored as 0.3333333333 minutes)
    return v.value


def _count_text(v: Value) -> str:
    """:func:`_count` as an expression, a fraction where the count is not whole ("2 hours 40 minutes": (160 / 60)),
    so a sum over it comes out exact (45 * (160 / 60) / 1.5 = 80, not 80.00000001)."""
    count = _count(v)
    if v.kind == "duration" and not float(count).is_integer():
        return f"({_n(v.value)} / {_n(DURATION_UNITS[v.unit])})"
    return _n(count)


def _multiplier(word: str) -> float | None:
    """The factor a multiplying word says: "twice" 2, "half" 0.5, "three times" 3, "2.5 times" 2.5; None if none."""
    word = word.lower()
    return _MULTIPLIER.get(word) or parse_number(word.removesuffix(" times"))


def _relations(p: Problem, w: _Work) -> tuple[float | int, str, set[int]] | None:
    """People or things compared: facts ("Ben is 12") and relations ("Anna is twice as old as Ben")."""
    known: dict[str, float | int] = {}
    used: set[int] = set()
    index_at = {v.start: i for i, v in enumerate(p.quantities)}

    def quantity_at(start: int) -> int | None:
        return next((i for s, i in index_at.items() if start <= s < start + 12), None)

    relations = list(_RELATIVE.finditer(p.text))
    if not relations:
        return None
    for m in _FACT.finditer(p.text):
        i = quantity_at(m.start("amount"))
        if i is not None and not any(r.start() <= m.start() < r.end() for r in relations):
            known.setdefault(m.group("subj").lower(), _count(p.quantities[i]))
            used.add(i)
    pending = list(relations)
    for _ in range(len(pending) + 1):
        for r in list(pending):
            subj, obj = r.group("subj").lower(), r.group("obj").lower()
            if obj not in known:
                continue
            if r.group("mult"):
                word = r.group("mult").lower()
                factor = _multiplier(word)
                if factor is None:
                    return None
                i = quantity_at(r.start("mult"))
                if i is not None:
                    used.add(i)
                known[subj] = w.calc(f"{_n(known[obj])} * {_n(factor)}", f"{r.group('subj')} is {word} {r.group('obj')}")
            else:
                i = quantity_at(r.start("amount"))
                if i is None:
                    return None
                used.add(i)
                sign = "+" if re.fullmatch(_COMPARATIVE_MORE, r.group("dir")) else "-"
                known[subj] = w.calc(f"{_n(known[obj])} {sign} {_n(_count(p.quantities[i]))}",
                                     f"{r.group('subj')} compared with {r.group('obj')}")
            pending.remove(r)
    if pending:
        return None
    target = next((name for name in known if re.search(rf"\b{re.escape(name)}\b", p.question, re.I)), None)
    offset = re.search(r"\bin (?P<n>[\w.]+) years?(?: time)?\b|\b(?P<ago>[\w.]+) years? ago\b", p.question, re.I)
    if target is None and _TOTAL_ASKED.search(p.question):
        total = w.calc(" + ".join(_n(v) for v in known.values()), "All together")
        return total, _n(total), used
    if target is None:
        return None
    value = known[target]
    if offset:
        i = quantity_at(p.question_start + (offset.start("n") if offset.group("n") else offset.start("ago")))
        if i is None:
            return None
        used.add(i)
        sign = "+" if offset.group("n") else "-"
        value = w.calc(f"{_n(value)} {sign} {_n(_count(p.quantities[i]))}", "Years ahead" if sign == "+" else "Years ago")
    return value, _n(value), used


_TIMES_AS_OLD = r"(?P<{k}>twice|double|triple|thrice|half|[\w.]+ times) as old as"
_AGES_NOW = re.compile(r"\b(?P<a>[A-Z][a-z]+)(?:, (?:who|whose) [^,]{1,60},)? is " + _TIMES_AS_OLD.format(k="k1") +
                       r" (?:(?:her|his|their) (?:\w+ )?)?(?P<b>[A-Z][a-z]+)\b")
_AGES_THEN = re.compile(r"\b(?:in (?P<ahead>[\w.]+) years?(?:'s?)?(?: time)?,? (?:she|he|they|[A-Z][a-z]+) will be|"
                        r"(?P<ago>[\w.]+) years? ago,? (?:she|he|they|[A-Z][a-z]+) was) " + _TIMES_AS_OLD.format(k="k2"),
                        re.I)


def _age_equation(p: Problem, w: _Work) -> tuple[float | int, str, set[int]] | None:
    """Two ages known only through two ratios, now and some years away: "Ruby is three times as old as Sam. In 4
    years she will be twice as old as him." With Sam's age x, 3x + 4 = 2(x + 4), so x = 4 (2 - 1) / (3 - 2).

    >>> _age_equation(Problem.read("Ruby is three times as old as her brother Sam. In 4 years' time she will be "
    ...                            "twice as old as him. How old is Ruby now?"), _Work(False, None))[:2]
    (12, '12')
    """
    now, then = _AGES_NOW.search(p.text), _AGES_THEN.search(p.text)
    if not now or not then or then.start() < now.end():
        return None
    k1, k2 = _multiplier(now.group("k1")), _multiplier(then.group("k2"))
    years = parse_number(then.group("ahead") or then.group("ago") or "")
    if not k1 or not k2 or not years or k1 == k2:
        return None
    sign = 1 if then.group("ahead") else -1
    younger = w.calc(f"{_n(sign * years)} * ({_n(k2)} - 1) / ({_n(k1)} - {_n(k2)})",
                     f"{now.group('b')}'s age x: {_n(k1)}x {'+' if sign > 0 else '-'} {_n(years)} = "
                     f"{_n(k2)}(x {'+' if sign > 0 else '-'} {_n(years)})")
    asked = now.group("a") if re.search(rf"\b{now.group('a')}\b", p.question) else (
        now.group("b") if re.search(rf"\b{now.group('b')}\b", p.question) else None)
    if asked is None or younger <= 0 or not float(younger).is_integer():
        return None
    value = younger if asked == now.group("b") else w.calc(f"{_n(k1)} * {_n(younger)}", f"{now.group('a')}'s age")
    spans = [(now.start(), now.end()), (then.start(), then.end())]
    used = {i for i, v in enumerate(p.quantities) if any(a <= v.start < b for a, b in spans)}
    return value, _n(value), used


_AS_MANY = re.compile(r"\b(?P<k>twice|double|triple|half|(?P<n>[\w.]+) times) as (?:many|much)(?: (?P<y>[a-z]+))?", re.I)


def _times_as_many(p: Problem, w: _Work) -> tuple[float | int, str, set[int]] | None:
    """One quantity and a multiple of it with no names: "1,200 residents and 3 times as many sheep"."""
    m = _AS_MANY.search(p.text)
    if not m or _RELATIVE.search(p.text):
        return None
    factor_index = next((i for i, v in enumerate(p.quantities) if m.group("n") and v.start == m.start("n")), None)
    factor = p.quantities[factor_index].value if factor_index is not None else _MULTIPLIER.get(m.group("k").lower())
    base = [i for i, v in enumerate(p.quantities) if i != factor_index and v.end <= m.start()]
    if factor is None or len(base) != 1 or len(p.quantities) != len(base) + (factor_index is not None):
        return None
    b = p.quantities[base[0]]
    value = w.calc(f"{_n(b.value)} * {_n(factor)}", f"{m.group('k')} as many as {b.text}")
    used = set(base) | ({factor_index} if factor_index is not None else set())
    if _TOTAL_ASKED.search(p.question) and not (m.group("y") and re.search(rf"\b{m.group('y')}", p.question, re.I)):
        value = w.calc(f"{_n(b.value)} + {_n(value)}", "Both together")
    unit = m.group("y") or ""
    return value, (_money_text(value, b.unit) if b.kind == "money" else _with_unit(value, unit)), used


def _elapsed_years(p: Problem, w: _Work) -> tuple[float | int, str, set[int]] | None:
    """Years between two years ("born in 1990 ... in 2025"); labels-only years become the quantities here."""
    if len(p.years) != 2 or not _YEARS_ASKED.search(p.question):
        return None
    first, second = sorted(y.value for y in p.years)
    value = w.calc(f"{second} - {first}", "Years between them")
    return value, _with_unit(value, "years"), set()


def _fractions(p: Problem, w: _Work) -> tuple[float | int, str, set[int]] | None:
    """Fractions of a whole, in turn: "half of the 36 students ... a third of the rest"."""
    parts = [i for i, v in enumerate(p.quantities) if v.kind == "number" and 0 < v.value < 1]
    wholes = [i for i, v in enumerate(p.quantities) if i not in parts]
    if not parts or len(wholes) != 1:
        return None
    whole = p.quantities[wholes[0]]
    base, remaining, share = whole.value, whole.value, None
    asks_rest = bool(re.search(r"\b(?:left|rest|remain\w*|others|not)\b", p.question, re.I))
    for n, i in enumerate(parts):
        of_rest = re.match(r"\s+of\s+(?:the\s+)?(?:rest|remainder|remaining|others|what is left)\b", p.after(p.quantities[i]),
                           re.I)
        base = remaining if of_rest else whole.value
        fraction = Fraction(p.quantities[i].value).limit_denominator(12)  # a third is 1 / 3, not 0.3333333333
        share = w.calc(f"{_n(base)} * {fraction.numerator} / {fraction.denominator}", f"{p.quantities[i].text} of {_n(base)}")
        if n < len(parts) - 1 or asks_rest:
            remaining = w.calc(f"{_n(remaining)} - {_n(share)}", "What is left")
    if asks_rest:
        share = remaining
    change = p.quantities[parts[-1]]
    near = p.text[max(0, change.start - 40) : change.end]
    if len(parts) == 1 and not asks_rest and not _PART_ASKED.search(p.question) and re.search(
            r"\bby\s+(?:about\s+|around\s+|roughly\s+|nearly\s+|almost\s+)?\S+(?:\s+\S+)?$", near) and (
            _DECREASE.search(near) or _INCREASE.search(near)):  # "it shortens by about a third": what is left
        down = bool(_DECREASE.search(near))
        share = w.calc(f"{_n(whole.value)} {'-' if down else '+'} {_n(share)}", "After the decrease" if down else
                       "After the increase")
        return share, _with_unit(share, whole.unit), set(range(len(p.quantities)))
    named = re.match(r"\s+([a-z]+)\b", p.after(p.quantities[parts[-1]]))
    unit = named.group(1) if named and named.group(1) not in ("of", "are", "is", "were", "was") and not asks_rest else whole.unit
    return share, _with_unit(share, unit), set(range(len(p.quantities)))


def _per_unit(p: Problem, w: _Work) -> tuple[float | int, str, set[int]] | None:
    """A price over a count: "a 2 kg bag costs 5.40 euros; the price per kg?", or "tickets are $15 each; a group
    spends $105; how many tickets?" (the total over the price)."""
    if len(p.quantities) != 2:
        return None
    money = [i for i, v in enumerate(p.quantities) if v.kind == "money"]
    if len(money) == 2 and re.search(r"\bhow many\b", p.question, re.I):
        priced = [i for i in money if _EACH_AFTER.match(p.text[p.quantities[i].end:]) or _rate_of(p, p.quantities[i])]
        if len(priced) != 1:
            return None
        price, total = p.quantities[priced[0]], p.quantities[1 - priced[0]]
        count = w.calc(f"{_n(total.value)} / {_n(price.value)}", "The total divided by the price of one")
        return count, _n(count), {0, 1}
    asked = re.search(r"\b(?:price|cost) (?:per|of one|for one|of a|for a|of each)\s+(\w+)|\bper (\w+)\b|\beach\b",
                      p.question, re.I)
    if len(money) != 1 or not asked:
        return None
    price, amount = p.quantities[money[0]], p.quantities[1 - money[0]]
    if amount.kind not in ("number", "duration"):
        return None
    each = w.calc(f"{_n(price.value)} / {_n(_count(amount))}", "The price divided by the amount")
    unit = asked.group(1) or asked.group(2) or ""
    return each, f"{_money_text(each, price.unit)}" + (f" per {unit}" if unit else ""), {0, 1}


_HOLDS = re.compile(r"\b(?:each|every|one|a|an|per)\s+(?P<holder>[a-z]+)\s+(?:can\s+)?(?:carries|carry|holds|hold|"
                    r"takes|take|fits|fit|seats|seat|contains|contain|moves|move)\s+(?:up to\s+|at most\s+)?$", re.I)


_GROUPS_OF = re.compile(r"\b(?:in|into)\s+(?P<holder>[a-z]+)\s+of\s*$", re.I)


def _containers(p: Problem, w: _Work) -> tuple[float | int, str, set[int]] | None:
    """How many containers a total needs: "4,100 tonnes; each truck carries 38 tonnes; how many trips?" is
    4100 / 38 = 107.9, and a part-full truck still makes a trip, so 108 (only "full" ones round down)."""
    if len(p.quantities) != 2 or not re.search(r"\bhow many\b", p.question, re.I):
        return None
    asked = _HOW_MANY.search(p.question)
    for i, capacity in enumerate(p.quantities):
        group = _GROUPS_OF.search(p.before(capacity))
        if group and asked and unit_key(group.group("holder")) == unit_key(asked.group("noun")) \
                and not p.in_question(capacity) and p.quantities[1 - i].value > capacity.value:
            # "packs 144 rolls in bags of 6; how many bags?": the total divided by one bag's share
            total = p.quantities[1 - i]
            exact = w.calc(f"{_n(total.value)} / {_n(capacity.value)}", f"{group.group('holder')} of "
                                                                          f"{_n(capacity.value)}: the total divided by {_n(capacity.value)}")
            if float(exact).is_integer():
                return int(exact), _n(int(exact)), {0, 1}
            return None  # a part-full bag: whether it counts is not said
    for i, capacity in enumerate(p.quantities):
        if not _HOLDS.search(p.before(capacity)) or p.in_question(capacity):
            continue
        total = p.quantities[1 - i]
        if not total.unit or unit_key(total.unit) != unit_key(capacity.unit or "") or total.value <= capacity.value:
            return None
        exact = w.calc(f"{_n(total.value)} / {_n(capacity.value)}", "The total divided by what one holds")
        if float(exact).is_integer():
            return int(exact), _n(int(exact)), {0, 1}
        if re.search(r"\bfull\b", p.question, re.I):
            count = w.calc(f"floor({_n(total.value)} / {_n(capacity.value)})", "Only full ones count, so round down")
        else:
            count = w.calc(f"ceil({_n(total.value)} / {_n(capacity.value)})", "A part-full one is still needed, so round up")
        return count, _n(count), {0, 1}
    return None


_EACH_NEEDS = re.compile(r"\b(?:each|every|per|one)\s+(?:[a-z]+\s+){1,2}(?:needs|uses|takes|requires|gets)\s+$", re.I)
"""What one of several things needs ("Each bug hotel needs "): the figure after it is needed once per thing."""


def _packs(p: Problem, w: _Work) -> tuple[float | int, str, set[int]] | None:
    """Whole packs for a need, and what they cost: "each hotel needs 35 canes; canes come in packs of 20 at £3.50 a
    pack; 6 hotels" is 6 x 35 = 210 canes, 210 / 20 = 10.5, so 11 packs (a part of a pack cannot be bought), and
    11 x £3.50 = £38.50. The need is one count, or what each of several things needs times how many there are."""
    sizes = [i for i, v in enumerate(p.quantities) if v.kind == "number" and _GROUPS_OF.search(p.before(v))
             and not p.in_question(v)]
    if len(sizes) != 1:
        return None
    size = p.quantities[sizes[0]]
    pack = unit_key(_GROUPS_OF.search(p.before(size)).group("holder"))
    prices = [i for i, v in enumerate(p.quantities) if v.kind == "money" and re.match(
        rf"\s*(?:a|an|per|each|for each|for every|every|for one)\s+{pack}", p.after(v), re.I)]
    money_asked = bool(_MONEY_ASKED.search(p.question))
    asked = _HOW_MANY.search(p.question)
    if money_asked and len(prices) != 1 or not money_asked and not (asked and unit_key(asked.group("noun")) == pack):
        return None
    rest = [i for i in range(len(p.quantities)) if i not in sizes + prices[:1] and p.quantities[i].kind == "number"]
    if len(rest) + len(sizes) + (1 if money_asked else 0) != len(p.quantities) or not 1 <= len(rest) <= 2 \
            or any(unit_dimension(p.quantities[i].unit) for i in rest) or re.search(r"\bfull\b|\bfill", p.question):
        return None  # counts only ("1.5 kg of ganache, 12 g a chocolate" is a measure); "how many full boxes can she
        # fill" asks what a supply fills, not what a need takes
    if len(rest) == 1:
        need = p.quantities[rest[0]].value
    else:
        per = [i for i in rest if _EACH_NEEDS.search(p.before(p.quantities[i]))]
        if len(per) != 1:
            return None
        count = next(i for i in rest if i != per[0])
        need = w.calc(f"{_n(p.quantities[count].value)} * {_n(p.quantities[per[0]].value)}", "What is needed in all")
    packs = w.calc(f"ceil({_n(need)} / {_n(size.value)})", f"{_plural(pack).capitalize()} of {_n(size.value)}, "
                                                             f"rounded up: part of a {pack} cannot be bought")
    if not money_asked:
        return packs, _n(packs), set(rest) | set(sizes)
    price = p.quantities[prices[0]]
    cost = w.calc(f"{_n(packs)} * {_n(price.value)}", f"{_n(packs)} {_plural(pack)} at {price.text}")
    return cost, _money_text(cost, price.unit), set(rest) | set(sizes) | {prices[0]}


_SIDES = re.compile(r"\b(?:long|wide|high|by|x|×)\b", re.I)


def _area(p: Problem, w: _Work) -> tuple[float | int, str, set[int]] | None:
    """A rectangle's area (length times width) or perimeter (twice their sum), from two lengths in one unit said as
    "120 m long and 45 m wide" or "8 m by 5 m"."""
    which = re.search(r"\b(area|perimeter)\b", p.question, re.I)
    if not which or len(p.quantities) != 2:
        return None
    a, b = p.quantities
    units = {unit_key(v.unit) for v in (a, b) if v.unit}
    if len(units) != 1 or not _SIDES.search(p.text[a.end: b.end + 12]):  # "120 m long and 45 m wide", "8 m by 5 m"
        return None
    unit = next(v.unit for v in (a, b) if v.unit)
    if which.group(1).lower() == "area":
        value = w.calc(f"{_n(a.value)} * {_n(b.value)}", "Area: length times width")
        return value, f"{_n(value)} square {unit}" if len(unit) > 2 else f"{_n(value)} {unit}²", {0, 1}
    value = w.calc(f"2 * ({_n(a.value)} + {_n(b.value)})", "Perimeter: twice length plus width")
    return value, _with_unit(value, unit), {0, 1}


def _longest_list(p: Problem) -> list[int]:
    """The longest run of quantities written as one list ("96, 148, 62 and 84"): the indices, in order."""
    listed = {id(v) for v in longest_run(p.text, p.quantities)}
    return [i for i, v in enumerate(p.quantities) if id(v) in listed]


_TRIMMED = re.compile(r"\b(?:the )?(?:highest|top|best) and (?:the )?(?:lowest|bottom|worst)(?: \w+)?(?: scores?| marks?| "
                      r"times?)? (?:are|is|get|gets)? ?(?:thrown out|dropped|discarded|removed|ignored|left out|taken "
                      r"out|not counted|struck out)", re.I)
"""A trimmed mean, as judges' scores are often averaged."""


def _average(p: Problem, w: _Work) -> tuple[float | int, str, set[int]] | None:
    if not (_AVERAGE_ASKED.search(p.question) or _TRIMMED.search(p.text) and re.search(r"\baverag\w*", p.text, re.I)) \
            or len(p.quantities) < 2:  # ("the rest are averaged. What is her final score?")
        return None
    indices = list(range(len(p.quantities)))
    listed, aside = _longest_list(p), set()
    if len(listed) >= 3:  # "Five teams each had a 3 m plot and charmed 96, 148, 62, 110 and 84 worms": the list;
        # a number that counts the list checks it, and one in a unit the question never names describes something else
        unit = p.quantities[listed[-1]].unit
        aside = {i for i, v in enumerate(p.quantities) if i not in listed and (
            (v.value == len(listed) and v.kind == "number") or
            (v.unit and v.unit != unit and stem(v.unit) not in content_words(p.question)))}
        indices = listed
    # "80, 90 and 70 in three tests": a number equal to how many others there are counts them
    # (a figure of a written list is one of the values: "11, 7, 14, 9 and 4 points in five matches" averages five)
    count = None if len(listed) >= 3 else next(
        (i for i in indices if p.quantities[i].kind == "number" and p.quantities[i].value == len(indices) - 1
         and p.quantities[i].unit), None)
    values = [i for i in indices if i != count]
    amounts = [p.quantities[i].value for i in values]
    last = p.quantities[values[-1]] if values else None
    unit_once = last is not None and last.kind == "duration" and all(
        p.quantities[i].kind == "number" and not p.quantities[i].unit for i in values[:-1])
    if unit_once:  # "lasted 48, 65, 32 and 54 seconds": the unit written once, after the last figure, is every figure's
        written = re.match(r"\d+(?:\.\d+)?", last.text)
        if written is None:
            return None
        amounts[-1] = float(written.group(0))
    elif len({p.quantities[i].kind for i in values}) != 1:
        return None
    if _TRIMMED.search(p.text) and len(amounts) >= 3:  # "the highest and the lowest are thrown out"
        high, low = max(amounts), min(amounts)
        amounts = list(amounts)
        amounts.remove(high)
        amounts.remove(low)
        w.note(f"The highest ({_n(high)}) and the lowest ({_n(low)}) are left out.")
        values = values[: len(amounts)]  # (the count divides what is left)
    if len(values) < 2:
        return None
    first = p.quantities[values[0]]
    in_seconds = first.kind == "duration" and not unit_once and any(
        re.search(r"\bsec", p.quantities[i].text, re.I) for i in values)  # "2 minutes 10 seconds": sum in seconds
    if in_seconds:
        amounts = [round(a * 60, 6) for a in amounts]
    total = w.calc(" + ".join(_n(a) for a in amounts), "Sum" + (" in seconds" if in_seconds else ""))
    mean = w.calc(f"{_n(total)} / {len(values)}", f"Divided by the {len(values)} values")
    say = _with_unit(mean, _plural(last.unit)) if unit_once else _money_text(mean, first.unit) if \
        first.kind == "money" else duration_as_asked(mean / 60 if in_seconds else mean, p.question) if \
        first.kind == "duration" else _n(mean)
    return (mean / 60 if in_seconds else mean), say, set(indices) | aside


def _speed(p: Problem, w: _Work) -> tuple[float | int, str, set[int]] | None:
    """An amount over a stretch of time, as a rate: "45 km in 3 hours" -> 15 km per hour."""
    if len(p.quantities) != 2 or not re.search(r"\b(?:speed|how fast|rate|per|an hour|a minute|each hour|every hour)\b",
                                               p.question, re.I):
        return None
    durations = [i for i, v in enumerate(p.quantities) if v.kind == "duration"]
    if len(durations) != 1:
        return None
    di = durations[0]
    amount = p.quantities[1 - di]
    asked = re.search(r"\bper (second|minute|hour|day|week)\b", p.question, re.I) or re.search(
        r"\b(?:km|mi|m)/(h|s|min)\b|\b(?:mp|kp)(h)\b", p.question, re.I)  # ("in km/h", "in mph")
    written = next((g for g in asked.groups() if g), "") if asked else ""
    unit = {"h": "hour", "s": "second", "min": "minute"}.get(written.lower(), unit_key(written)) if asked else \
        p.quantities[di].unit
    if p.quantities[di].unit == unit:
        rate = w.calc(f"{_n(amount.value)} / {_n(p.quantities[di].value / DURATION_UNITS[unit])}", f"Amount per {unit}")
    else:  # in one step, so that 2 km in 8 minutes is 15 km per hour, not 15.00000004
        w.calc(f"{_n(p.quantities[di].value)} / {_n(DURATION_UNITS[unit])}", f"The time in {unit}s")
        rate = w.calc(f"{_n(amount.value)} * {_n(DURATION_UNITS[unit])} / {_n(p.quantities[di].value)}",
                      f"Amount per {unit}")
    label = _money_text(rate, amount.unit) if amount.kind == "money" else _with_unit(rate, amount.unit)
    return rate, f"{label} per {unit}", {0, 1}


def _remaining(p: Problem, w: _Work) -> tuple[float | int, str, set[int]] | None:
    """A whole and a part taken ("1,250 seats and 980 are taken; how many are free?")."""
    if len(p.quantities) != 2 or not re.search(r"\b(?:free|left|remain\w*|available|empty|unsold|unused|spare|vacant|"
                                               r"still|not)\b", p.question, re.I):
        return None
    whole, part = p.quantities
    between = p.text[whole.end : part.start]
    if any(re.search(cue, between, re.I) for sym, cue in _SEQUENCE_CUES if sym != "+") or re.search(
            r"\b(?:buys?|bought|gets?|got|receives?|finds?|found|more|another|adds?|added)\b", between, re.I):
        return None  # the words between say how to combine them: the sequence reader's job
    if part.value > whole.value or whole.kind != part.kind:
        return None
    value = w.calc(f"{_n(whole.value)} - {_n(part.value)}", "What remains")
    return value, _money_text(value, whole.unit) if whole.kind == "money" else _with_unit(value, whole.unit), {0, 1}


def _difference(p: Problem, w: _Work) -> tuple[float | int, str, set[int]] | None:
    if not _DIFFERENCE_ASKED.search(p.question) or len(p.quantities) != 2:
        return None
    a, b = p.quantities
    big, small = (a, b) if a.value >= b.value else (b, a)
    value = w.calc(f"{_n(big.value)} - {_n(small.value)}", "Difference")
    unit = big.unit if big.unit == small.unit else ""
    say = _money_text(value, big.unit) if big.kind == "money" else (
        format_minutes(value) if big.kind == "duration" else _with_unit(value, unit))
    return value, say, {0, 1}


def word_problem_expression(text: str) -> str | None:
    """A one-operation-per-quantity problem as an expression; ``None`` when a step has no operation word.

    >>> word_problem_expression("A box holds 6 rows of 4 eggs. How many eggs?")
    '6 * 4'
    >>> word_problem_expression("Maria has twelve apples. She gives away 5 and then buys 8 more. How many now?")
    '12 - 5 + 8'
    """
    p = Problem.read(text)
    return _sequence_expression(p)


def _sequence_cue(*texts: str) -> tuple[str | None, str]:
    """The operation the first cue word names, looking through ``texts`` in turn and each in the order of
    :data:`_SEQUENCE_CUES`, and the word; a bare "and" only when no other cue is in any of them ("gives away 5 and
    then buys 8": buys; "and then reads 9 more pages": more). ``(None, "")`` when there is none."""
    found = [(sym, m.group(0)) for text in texts for sym, cue in _SEQUENCE_CUES
             for m in re.finditer(cue, text, re.IGNORECASE)]
    return next((f for f in found if f[1].lower() != "and"), found[0] if found else (None, ""))


_EACH_OF = re.compile(r"\b(?:each|every one) of (?:the |its |their |our |your |his |her )?$", re.I)
_EACH_GETS = re.compile(r"\s*[a-z]+\s+(?:gets|has|takes|makes|receives|is given|is allowed|needs|brings|carries)\s+",
                        re.I)
"""What each of a number of things has: "each of the 72 competitors *gets* three throws"."""


def _sequence_expression(p: Problem) -> str | None:
    numbers = p.quantities
    if len(numbers) < 2 or any(v.kind == "percent" for v in numbers):
        return None
    rates = [_rate_of(p, v) for v in numbers]  # (None for a quantity that is no rate)
    for v, rate in zip(numbers, rates):  # "40 rupees for each kilometre after that" needs a count of kilometres
        if v.kind == "money" and rate and len(rate[2]) >= 2 and rate[2] not in DURATION_UNITS and not any(
                unit_key(o.unit) == rate[2] for o in numbers if o is not v and o.unit):
            return None
    expression = _count_text(numbers[0])
    running_unit = _unit_of(numbers[0])  # what the running total counts
    asked_noun = re.search(r"\bhow (?:many|much) ([a-z]+)", p.question, re.I)
    asked = unit_key(asked_noun.group(1)) if asked_noun else ""
    for k, (prev, cur) in enumerate(zip(numbers, numbers[1:])):
        between = p.text[prev.end : cur.start]
        tail = re.split(r"[.!?;]\s", between)[-1]  # "24 eggs each. He breaks 5": the cue is "breaks", not "each"
        # the words after a quantity ("12 cookies each") count too, up to the end of its clause or the next quantity
        limit = numbers[k + 2].start if k + 2 < len(numbers) else len(p.text)
        after = re.split(r"[.;!?]", p.text[cur.end : min(limit, cur.end + 25)])[0]
        subject = re.match(r"\s*(?:each|every)\s+(?=[a-z]+\s)", tail, re.I)  # "Each member then gives 2 back"
        if subject and _sequence_cue(tail[subject.end():])[0] not in (None, "*"):
            tail = between = tail[subject.end():]  # the verb is the operation; "each" only names who does it
        op, word = _sequence_cue(tail, between, after)
        each_of = k == 0 and _EACH_OF.search(p.before(prev)) and _EACH_GETS.fullmatch(between)
        if each_of:
            op, word = "*", ""  # "each of the 72 competitors gets three throws": 72 times 3 throws, not 72 + 3
        if asked and cur.unit and unit_key(cur.unit) != asked and re.match(
                rf"\s*(?:[a-z]+\s+)?{re.escape(asked)}s?\b", p.text[cur.end :], re.I) and \
                any(v.unit and unit_key(v.unit) == unit_key(cur.unit) for v in numbers[: k + 1]):
            op, word = "/", ""  # "... kg of flour into 1.5 kg bags; how many bags?": the measure of one bag divides
        rate = rates[k] if k == 0 else None
        if rate and rate[2] and cur.unit and unit_key(cur.unit) == rate[2]:
            op, word = "*", ""  # "£45 an hour ... takes 14 hours": an opening rate times its own unit, whatever the
            # words say
        if word.lower() == "and" and not _TOTAL_ASKED.search(p.question) and not (
                asked and prev.unit and cur.unit and unit_key(prev.unit) == unit_key(cur.unit) == asked):
            return None  # a bare "and" lists things ("10 trestle tables and 60 chairs"); it adds them only when the
            # question asks for a total or counts what both count
        if op is None or op in "*/" and prev.kind == cur.kind == "money" and op == "*":
            return None  # dollars times dollars means nothing: the words were misread
        if op == "*" and cur.kind == "duration" and any(v.kind == "duration" for v in numbers[: k + 1]):
            return None  # nor do hours times hours ("800 hours ... 8 hours a day": a division, misread)
        if op in "+-" and running_unit and running_unit.startswith("money:") != (cur.kind == "money"):
            return None  # money added to hours or eggs: the words were misread
        if op in "+-" and running_unit and cur.unit and running_unit != _unit_of(cur) and not (
                op == "+" and _TOTAL_ASKED.search(p.question) and asked and asked not in (running_unit, _unit_of(cur))):
            return None  # apples added to pears, unless the question counts them together ("string players")
        if op in "+-" and not running_unit:
            running_unit = _unit_of(cur)
        elif op in "*/":
            running_unit = _unit_of(cur) if each_of else ""  # "each of 15 pupils gets four tickets" counts tickets;
            # "3 boxes of 12 pencils" counts pencils, "$15 a week for 6 weeks" dollars: unknown here
        # "3 dollars plus 2 dollars per km, 7 km": a rate multiplies its own number, not the running total
        grouped = op in "*/" and ("+" in expression or "-" in expression) and rates[k] is None
        amount = _count_text(cur)
        expression = f"({expression}) {op} {amount}" if grouped else f"{expression} {op} {amount}"
    return expression


def _unit_of(v: Value) -> str:
    if v.kind == "money":
        return "money:" + (v.unit or "?")
    return unit_key(v.unit) if v.unit else ""


_A_DAY = re.compile(r"^\s*(?:a|per|each|every)\s+(?P<unit>day|week|shift)\b", re.I)


def _shared_work(p: Problem, w: _Work) -> tuple[float | int, str, set[int]] | None:
    """A job of so many hours shared by a team working so many hours a day: the job divided by the team's hours a
    day ("800 hours of work ... four sculptors ... each works 8 hours a day": 800 / (4 x 8) = 25 days).

    >>> work_out("A boat needs 600 hours of work. Three builders each work 10 hours a day. How many days does it "
    ...          "take?").answer
    '20 days'
    """
    if len(p.quantities) != 3 or not re.search(r"\bhow (?:many (?:days|weeks|shifts)|long)\b", p.question, re.I):
        return None
    daily = [i for i, v in enumerate(p.quantities) if v.kind == "duration" and _A_DAY.match(p.after(v))]
    jobs = [i for i, v in enumerate(p.quantities) if v.kind == "duration" and i not in daily]
    teams = [i for i, v in enumerate(p.quantities) if v.kind == "number" and v.unit and not _is_label(p.text, v)]
    if len(daily) != 1 or len(jobs) != 1 or len(teams) != 1:
        return None
    job, team, day = (p.quantities[i] for i in (jobs[0], teams[0], daily[0]))
    period = _A_DAY.match(p.after(day)).group("unit").lower()
    together = w.calc(f"{_n(_count(team))} * {_n(day.value / 60)}", f"Hours of work a {period}, all together")
    value = w.calc(f"{_n(job.value / 60)} / {_n(together)}", f"The job divided by the hours a {period}")
    return value, _with_unit(value, period + ("s" if value != 1 else "")), {jobs[0], teams[0], daily[0]}


_INTERVAL = re.compile(r"\bevery\s+$", re.I)


def _departures(p: Problem, w: _Work) -> tuple[float | int, str, set[int]] | None:
    """How many times something happens at a fixed interval from a first time to a last one, both included ("every
    40 minutes, the first at 10:00, the last at 15:20": 320 / 40 + 1 = 9).

    >>> work_out("Boats leave every 30 minutes. The first leaves at 09:00 and the last at 11:00. How many boats leave "
    ...          "each day?").answer
    '5'
    """
    if len(p.quantities) != 1 or len(p.times) != 2 or not re.search(r"\bhow many\b", p.question, re.I):
        return None
    interval = p.quantities[0]
    if interval.kind != "duration" or not _INTERVAL.search(p.before(interval)):
        return None
    first, last = p.times
    span = w.calc(f"{clock_minutes(last.value)} - {clock_minutes(first.value)}", f"From {first.value} to "
                                                                                  f"{last.value}, in minutes")
    if span <= 0 or span % interval.value:
        return None  # (a last time off the interval's beat is not read)
    value = w.calc(f"{_n(span)} / {_n(interval.value)} + 1", "Intervals in that time, plus the first")
    return value, _n(value), {0}


def _sequence(p: Problem, w: _Work) -> tuple[float | int, str, set[int]] | None:
    if re.search(r"\bthan\b|\bas (?:many|much|old|long|tall|heavy)\b|\btimes as\b", p.text, re.I):
        return None  # a comparison the comparison reader could not resolve is not a running total ("bat and ball")
    if re.search(r"\b(?:add|adds|added) up to\b|\b(?:come|comes) to\b|\bin how many\b|\bhow many (?:years|months|"
                 r"weeks|days) (?:until|before|till)\b", p.question, re.I):
        return None  # a target the question sets ("will their ages add up to 41?") is solved for, not summed
    if re.search(r"\bchange\b", p.question, re.I) or re.search(r"\bfirst\b.*\b(?:extra|additional|further)\b", p.text,
                                                               re.I | re.S):
        return None  # change from a payment and tiered prices have their own readers; a running total misreads them
    expression = _sequence_expression(p)
    if expression is None:
        return None
    if re.search(r"\bhow (?:many|much) more\b|\b(?:still )?needs? to\b", p.question, re.I) and not re.search(
            r"[-*/]", expression):
        return None  # "How many more points do we need?" asks for a gap; a running sum of every figure is no gap
    value = w.calc(expression, "")
    last = p.quantities[-1]
    say = _money_text(value, _currency(p)) if p.quantities[0].kind == "money" else _with_unit(value, last.unit) if (
        last.kind == "duration" and expression.endswith(f"* {_count_text(last)}")) else _n(value)
    # ("72 * 3 * 20 = 4320": seconds, when the last step multiplies by "20 seconds per throw")
    return value, say, set(range(len(p.quantities)))


_TAKEN_OFF = re.compile(r"\b(?:off|discount\w*|vouchers?|coupons?|reduc\w*|less|refund\w*|rebate)\b", re.I)
_ADDED_ON = re.compile(r"\b(?:fee|surcharge|extra|plus|delivery|deposit|postage|on top|booking charge|call-out)\b", re.I)


def _priced_total(p: Problem, w: _Work) -> tuple[float | int, str, set[int]] | None:
    """A price per unit times a count, with one fixed sum taken off or added once ("£22 per player ... a voucher takes
    £15 off the whole booking ... six players": 22 * 6 - 15), in whatever order the problem gives them. The fixed sum
    must say how it applies (off, voucher, fee, delivery, ...) and must not itself be a price per counted unit."""
    money = [v for v in p.quantities if v.kind == "money"]
    counts = [v for v in p.quantities if v.kind == "number"]
    if len(p.quantities) != 3 or len(money) != 2 or len(counts) != 1:
        return None
    count = counts[0]
    rated = [(v, None if each else _rate_of(p, v)) for v in money
             if (each := re.match(r"\s+each\b", p.text[v.end :], re.I)) or _rate_of(p, v)]  # ("£8 each and ...")
    if len(rated) != 1:
        return None
    price, rate = rated[0]
    counted = unit_key(count.unit) if count.unit else ""
    priced = rate[2] if rate else next((unit_key(w) for w in re.findall(r"[a-z]+", p.before(price, 60).lower())
                                        if unit_key(w) == counted), "")
    if not counted or priced != counted:
        return None  # "£145 per night" is not multiplied by players, nor "£4.50 each" by a job number
    once = next(v for v in money if v is not price)
    clause = re.split(r"[.;!?]\s", p.text[max(0, once.start - 40) : once.end + 40])
    around = next((c for c in clause if once.text in c), "")
    off, on = _TAKEN_OFF.search(around), _ADDED_ON.search(around)
    if bool(off) == bool(on):
        return None  # no word, or both kinds of word, say how the sum applies
    op = "-" if off else "+"
    i = {id(v): k for k, v in enumerate(p.quantities)}
    value = w.calc(f"{_n(price.value)} * {_n(_count(count))} {op} {_n(once.value)}",
                   f"{_n(_count(count))} at {_money_text(price.value, price.unit)}, "
                   f"{'less' if off else 'plus'} {_money_text(once.value, once.unit)} once")
    return value, _money_text(value, _currency(p)), {i[id(price)], i[id(count)], i[id(once)]}


def _money_total(p: Problem, w: _Work) -> tuple[float | int, str, set[int]] | None:
    """Sums of money taken or raised, put together, each price with its count ("38 people paid £4 each, the raffle
    raised £96.50 and the bar gave £82. How much was raised altogether?"), when the question asks for a total."""
    money = [i for i, v in enumerate(p.quantities) if v.kind == "money"]
    if len(money) < 2 or not _TOTAL_ASKED.search(p.question) or not _MONEY_ASKED.search(p.question) or \
            any(v.kind not in ("money", "number") for v in p.quantities) or \
            _PER_ONE_ASKED.search(p.question):
        return None  # ("How much does each friend pay altogether?" asks for one person's part)
    added = _items(p, w, money)
    if added is None:
        return None
    total, used = added
    return total, _money_text(total, _currency(p)), used


_ONE_PRICED = re.compile(r"\b(?:a|an|one|each|every)\s+(?P<thing>(?:[a-z-]+\s+){0,2}[a-z-]+)\s+(?:costs?|is|sells for|"
                         r"is priced at)\s*$", re.I)
"""A price of one thing, written before the price ("A cinema ticket costs £9.50")."""


def _bought(p: Problem, w: _Work) -> tuple[float | int, str, set[int]] | None:
    """The cost of things bought at a price of one, counted in the problem by the thing's own name ("A cinema ticket
    costs £9.50. How much do 4 tickets cost?": 4 * 9.50), each price with its own count ("A jump costs £85 and a video
    £20; 6 jump and 4 buy the video" is not read: there the counts name people, not the priced things). A question
    about the price of one ("How much is one ticket?") is not this reader's."""
    if re.search(r"\b(?:one|each|a single|per|apiece)\b", p.question, re.I) or not re.search(
            r"\bhow much\b|\bcost\b|\bpay\b|\btotal\b", p.question, re.I):
        return None
    money = [i for i, v in enumerate(p.quantities) if v.kind == "money"]
    if not money or any(v.kind not in ("money", "number") for v in p.quantities):
        return None
    for i in money:
        price = p.quantities[i]
        one = _ONE_PRICED.search(p.before(price, 60))
        if not one:
            return None
        thing = unit_key(one.group("thing").split()[-1])
        if not any(q.kind == "number" and q.unit and unit_key(q.unit) == thing for q in p.quantities):
            return None  # every price must be counted by its thing's own name
    found = _items(p, w, money)
    if found is None:
        return None
    value, used = found
    return value, _money_text(value, _currency(p)), used


READERS: list[tuple[str, Reader]] = [
    ("clock time", _clock),
    ("change", _change),
    ("points for each result", _points),
    ("percentages of percentages", _percent_chain),
    ("percentage", _percent),
    ("price times count, a sum once", _priced_total),
    ("rate", _rate),
    ("shares in a ratio", _ratio_shares),
    ("ratio", _ratio),
    ("ages at two times", _age_equation),
    ("comparison", _relations),
    ("times as many", _times_as_many),
    ("years between", _elapsed_years),
    ("speed", _speed),
    ("area", _area),
    ("containers", _containers),
    ("whole packs", _packs),
    ("price of one", _per_unit),
    ("fractions", _fractions),
    ("average", _average),
    ("what remains", _remaining),
    ("difference", _difference),
    ("proportion", _proportion),
    ("shared work", _shared_work),
    ("departures at an interval", _departures),
    ("things bought at a price of one", _bought),
    ("one operation per quantity", _sequence),
    ("sums of money together", _money_total),
]
"""The readers, most specific first. The first that fits *and uses every quantity* gives the answer."""


# --- the entry points -------------------------------------------------------------------------------------------------


def _is_problem(p: Problem) -> bool:
    return bool(p.question and re.search(
        r"\bhow (?:many|much|long|far|old|fast|tall)\b|\bwhat (?:is|was|will|would|time|percent\w*|does|do|did|are|"
        r"were|should)\b|\bwhen\b|"
        r"\b(?:calculate|compute|work out|find|total|cost|price|change|left|remain\w*|average|how)\b",
        p.question, re.I))


def _slip(expression: str, rng: random.Random) -> str:
    """A plausible mistake: one number off by one, or one operator swapped."""
    numbers = list(re.finditer(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])", expression))
    if numbers and rng.random() < 0.6:
        m = rng.choice(numbers)
        wrong = format_number(float(m.group(0)) + rng.choice([-1, 1]))
        return expression[: m.start()] + wrong + expression[m.end() :]
    swaps = {"+": "-", "-": "+", "*": "+", "/": "*"}
    ops = [i for i, ch in enumerate(expression) if ch in swaps and i > 0]
    if not ops:
        return expression
    i = rng.choice(ops)
    return expression[:i] + swaps[expression[i]] + expression[i + 1 :]


def _expression_solution(expression: str, w: _Work) -> Solution | None:
    try:
        w.calc(expression, "")
    except UnsafeExpressionError:
        return None
    shown = w.expressions[-1]
    evaluation = evaluate_with_steps(shown)
    steps = [s.text for s in evaluation.steps] or [f"{shown} = {format_number(evaluation.value)}"]
    return Solution(expression=shown, value=evaluation.value, steps=steps)


def work_out(text: str, temperature: float = 0.0, rng: random.Random | None = None,
             slip_rate: float = SLIP_RATE) -> Solution | Abstention | None:
    """Solve the arithmetic in ``text``.

    Returns a :class:`Solution`; an :class:`Abstention` when the text is a word problem the solver cannot read
    completely (its ``reason`` says what was not understood); ``None`` when the text holds no arithmetic at all.
    ``temperature``, ``rng`` and ``slip_rate`` drive the simulated slips described in the module docstring.

    >>> work_out("Four pens cost $1.50 each. Lena pays with a $10 note. How much change does she get?").answer
    '$4'
    >>> work_out("What is the capital of Peru?") is None
    True
    """
    slip = rng is not None and slips(temperature, rng, slip_rate)
    text, joined = _one_more(text)
    text, shared = _share_of_amount(text)
    p = Problem.read(text)
    is_prose = len(re.findall(r"[A-Za-z]{3,}", text)) >= 3
    direct = find_expression(text)
    quantity_count = len(p.quantities) + len(p.times) + (len(p.years) if _YEARS_ASKED.search(p.question) else 0)
    if direct and (not is_prose or len(re.findall(r"\d+(?:\.\d+)?", direct)) >= len(p.quantities)):
        return _expression_solution(direct, _Work(slip, rng))
    if not (is_prose or any(q.kind == "percent" for q in p.quantities)) or not _is_problem(p):
        return None
    if re.search(r"\bwhen\b|\bwhat time\b", p.question, re.I) and not p.times and not _YEARS_ASKED.search(p.question):
        return None  # a when-question over a text with no clock times asks for a fact, not a calculation
    if quantity_count == 0:
        return None  # a question with no quantities is not arithmetic ("How many moons does Mars have?")
    if _looks_up_one_price(p):
        return None  # "How much is a new bridge?" of a price list: a lookup for question answering, not a sum
    unstated = _unnamed_subject(p) or _unstated_period(p) or _unstated_year(p) or _vague_count(p) or _uncounted_each(p) \
        or _uncounted_sharers(p) or _uncounted_contents(p) or _unmentioned_stuff(p)
    if unstated:
        return Abstention(unstated, p.quantities)
    reading = _reading(p, slip, rng)
    for aside in (v for v in p.quantities if reading is None and _aside(p, v)):
        reading = _reading(_without(p, aside), slip, rng)
        if reading is not None:  # a figure of another fact ("The hut holds 80 people."), said and left out
            reading[2].note(f"({_named(aside)} is about something else, so it is not used.)")
    if reading is not None:
        name, (value, answer), work = reading
        for step in (shared, joined):
            if step:
                work.steps.insert(0, step)
        repeated = _REPEATS.search(p.text[: p.question_start])
        if repeated and name not in _READS_MULTIPLIERS:  # "shoots twice, at five targets each time": 10 targets
            return Abstention(f"I could not work out what '{repeated.group(0)}' multiplies in this problem, so I will "
                              "not guess an answer.", p.quantities)
        counted = _HOW_MANY.search(p.question)
        if isinstance(value, float) and not value.is_integer() and counted and not (_PER_ONE_ASKED.search(p.question)
                                                        or re.search(r"\b(?:average|mean|share)\b", p.question, re.I)) and \
                unit_key(counted.group("noun")) not in DURATION_UNITS and \
                counted.group("noun").lower() not in cues.MEASURE_UNITS:
            return Abstention(f"I cannot work out the answer: my reading gives {_n(value)} {counted.group('noun')}, "
                              "not a whole number, so I have misread something in this problem.", p.quantities)
        if isinstance(value, (int, float)) and value < 0 and not _MAY_BE_NEGATIVE.search(p.text):
            kind = "amount" if _MONEY_ASKED.search(p.question) else "count"
            return Abstention(f"I cannot work out the answer: my reading gives {_n(value)}, a negative {kind}, so I "
                              "have misread something in this problem.", p.quantities)
        unread = _unread_number(p)
        if unread:
            return Abstention(f"I could not read what {unread} stands for in this problem, so I cannot work out the "
                              "answer.", p.quantities)
        return Solution(expression=work.expressions[-1] if work.expressions else str(value), value=value,
                        steps=work.steps, answer=answer)
    if not p.quantities and len(p.times) < 2 and not p.years:
        return Abstention(CANNOT_READ)
    lone = _unplaced(p)
    if lone is not None:
        return Abstention(f"I could not work out how to use {_named(lone)} in this problem, so I will not guess an "
                          "answer.", p.quantities)
    return Abstention(CANNOT_READ, p.quantities)


_ONE_MORE = re.compile(r"\b(?P<n>\d+) (?P<group>[a-z]+s) and (?P<whose>their|the|a|an|one|his|her|our) (?P<one>coach|"
                       r"teacher|driver|leader|captain|manager|guide|instructor|tutor|referee|umpire|conductor|"
                       r"chaperone|skipper|organiser|organizer)\b(?!s)", re.I)


def _one_more(text: str) -> tuple[str, str]:
    """A group and one more person sharing equally ("the 12 players and their coach split the cost"): the text with
    the head count written out ("13 people"), and the step that says so; else the text as it was and "".

    >>> _one_more("The 12 players and their coach split the £195 equally. How much does each pay?")[1]
    '12 players and their coach make 13 people.'
    """
    m = _ONE_MORE.search(text)
    if m is None or not (_SHARED_OUT.search(text) or _EACH_ASKED.search(text)):
        return text, ""
    n = int(m.group("n")) + 1
    return (text[: m.start()] + f"{n} people" + text[m.end():],
            f"{m.group('n')} {m.group('group')} and {m.group('whose')} {m.group('one')} make {n} people.")


_SHARE_OF = re.compile(r"\b(?P<pct>\d+(?:\.\d+)?)\s?(?:%|per ?cent) of (?:its|their|the|his|her|our|your|my) "
                       r"(?P<amount>[£$€]\d[\d,]*(?:\.\d+)?)(?= [a-z]+\b)", re.I)


def _share_of_amount(text: str) -> tuple[str, str]:
    """One term of a total given as a share of another amount ("38 paid £4 each, the raffle raised £96.50, and the bar
    gave 10% of its £820 takings. How much was raised altogether?"): the text with the share worked out ("£82"), and
    the step that says so; else the text as it was and "".

    >>> _share_of_amount("The raffle raised £96.50 and the bar gave 10% of its £820 takings. How much was raised altogether?")[1]
    '10% of £820 is £82.'
    """
    m = _SHARE_OF.search(text)
    question = text[text.rfind(".", 0, text.rfind("?")) + 1 :] if "?" in text else ""
    others = [v for v in extract(text[: m.start()] + text[m.end() :], kinds=("money",))] if m else []
    if m is None or not _TOTAL_ASKED.search(question) or not others:
        return text, ""
    currency, amount = m.group("amount")[0], float(m.group("amount")[1:].replace(",", ""))
    share = round(amount * float(m.group("pct")) / 100, 2)
    said = f"{currency}{_n(share)}"
    return text[: m.start()] + said + text[m.end() :], f"{m.group('pct')}% of {m.group('amount')} is {said}."


def _reading(p: Problem, slip: bool, rng: random.Random | None) -> tuple[str, tuple[float | int, str], _Work] | None:
    """The first reader that fits and uses every quantity: its name, the value and answer in the asked unit, and the
    work that shows the steps."""
    for name, reader in READERS:
        work = _Work(slip, rng)
        try:
            read = reader(p, work)
        except (UnsafeExpressionError, ValueError, ZeroDivisionError):
            read = None
        if read is None:
            continue
        value, answer, used = read
        if used != set(range(len(p.quantities))) or _wrong_unit(p, str(answer)):
            continue
        return name, _in_asked_unit(p, value, str(answer), work), work
    return None


def _named(v: Value) -> str:
    return f"{v.text} {v.unit}" if v.unit and v.kind == "number" else v.text


def _without(p: Problem, v: Value) -> Problem:
    return Problem(p.text, p.question, [q for q in p.quantities if q is not v], p.times, p.years)


def _aside(p: Problem, v: Value) -> bool:
    """Whether a figure the readers cannot place is a fact about something else, safe to leave out: not of the asked
    kind (no price in a money question, no duration in a time question, never a percentage), measuring nothing the
    other figures measure, alone in a statement of its own or a ", which ...," clause that shares no word with the
    question ("The beach is 2 km long." before "How many lorry loads will it take?"), its unit named nowhere else.

    >>> p = Problem.read("The hut costs £25 an hour. The hut holds 80 people. A choir books it for 3 hours. How much does the choir pay?")
    >>> _aside(p, p.quantities[1]), _aside(p, p.quantities[2])
    (True, False)
    """
    if v.kind == "percent" or v.kind == "money" and _MONEY_ASKED.search(p.question) or \
            v.kind == "duration" and _TIME_ASKED.search(p.question):
        return False  # a price is never beside the point of a question about money, nor a duration of one about time
    if v.kind == "number" and _SHARED_OUT.search(p.text):
        return False  # "the 5 of us ... split it equally": a count is what a sharing divides by
    measure = unit_dimension(v.unit)
    if measure and any(unit_dimension(q.unit) == measure for q in p.quantities if q is not v):
        return False  # "640 litres of juice" beside "500 ml bottles": one measure, to be divided by the other
    statements = split_sentences(p.text[: p.question_start])
    own = next((s for s in statements if v.text in s and p.text.find(s) <= v.start < p.text.find(s) + len(s)), None)
    if own is None or "?" in own:
        return False
    start = p.text.find(own)
    aside = next((m for m in _RELATIVE_ASIDE.finditer(own) if start + m.start() <= v.start < start + m.end()), None)
    if aside:  # "The club, which has 26 members, buys 3 sets": the clause between the commas
        own, start = aside.group(0), start + aside.start()
    others = [q for q in [*p.quantities, *p.times, *p.years] if q is not v and start <= q.start < start + len(own)]
    if others or _word_roots(own) & _word_roots(p.question):
        return False
    return not (_word_roots(v.unit or "") & _word_roots(p.text[:start] + p.text[start + len(own):]))


_FULL_PRICE = re.compile(r"\b(?:full|normal|usual|regular)[ -]price\b|\bnot (?:in the sale|discounted)\b", re.I)
_PER_ONE_ASKED = re.compile(r"\b(?:each|per|every|a head|apiece)\b", re.I)
"""A question about one of several ("how much does each pay", "per person"), not about the whole."""
_EACH_ASKED = re.compile(r"\beach\b|\bper (?:person|head)\b|\ba head\b", re.I)
_SHARED_OUT = re.compile(r"\b(?:split|shar(?:e|es|ed|ing)|divid(?:e|es|ed|ing)|equally)\b", re.I)
_RELATIVE_ASIDE = re.compile(r",\s*(?:which|who)\s+[^,.;]*,")
"""A clause between commas that describes a thing on the way ("The club, *which has 26 members,* buys ...")."""
_MONEY_ASKED = re.compile(r"\bhow much\b|\b(?:cost|pa(?:y|id|ys)|price|spen[dt]|charge|fee|earn|raise|take)\w*|[£$€]",
                          re.I)
_TIME_ASKED = re.compile(r"\bhow long\b|\bwhen\b|\btime\b|\b(?:second|minute|hour|day|week|speed|pace|rate)s?\b|"
                         r"\bper\b|\bfast\b", re.I)


def _word_roots(text: str) -> set[str]:
    """Content words cut to four letters, a coarse match that the suffix stripper cannot split ("race" and "races",
    "tonne" and "tonnes")."""
    return {w[:4] for w in re.findall(r"[a-z]{3,}", text.lower()) if w not in cues.STOPWORDS}


_REPEATS = re.compile(r"\b(?:twice|thrice|(?:two|three|four|five) times)\b(?! (?:as|more|less|fewer|bigger|larger|"
                      r"smaller|longer|shorter|older|younger|heavier|faster|slower|the|that|what|her|his|their|its|my|"
                      r"your|our))", re.I)
"""A repetition that multiplies a quantity without being one ("shoots *twice*, at five targets each time")."""
_READS_MULTIPLIERS = {"comparison", "times as many", "ages at two times", "ratio", "shares in a ratio"}
"""The readers that read such words themselves."""


def _unnamed_subject(p: Problem) -> str | None:
    """Why not to answer, when the question asks about a name the problem never mentions ("how many jars did the
    Pattersons sell?" of a text about the club record and the average stall).

    >>> _unnamed_subject(Problem.read("The record is 40 jars and the average stall sold 12. How many did Ann sell?"))
    'The problem does not mention Ann, so I cannot work out the answer.'
    """
    statements = p.text[: p.question_start].lower()
    names = re.findall(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]{2,}\b", p.question.strip())
    missing = [n for n in names if n.lower() not in statements and stem(n.lower()) not in statements]
    return f"The problem does not mention {missing[0]}, so I cannot work out the answer." if missing else None


_PERIOD = re.compile(r"\b(?:january|february|march|april|may|june|july|august|september|october|november|december|"
                     r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b", re.I)
_RELATION_WORDS = re.compile(r"\b(?:twice|thrice|half|double|triple|more|less|fewer|times|as (?:many|much)|same)\b",
                             re.I)
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_VAGUE = re.compile(r"\b(?:some|several|a few|a number of|a couple of)\s+(?P<noun>[a-z]+)", re.I)


def _clause_of(text: str, v: Value) -> str:
    """The clause around a quantity: between the nearest commas, semicolons, full stops or "and"s."""
    start = max((m.end() for m in re.finditer(r"[,;.]\s|\band\b", text[: v.start])), default=0)
    stop = re.search(r"[,;.](?:\s|$)|\band\b", text[v.end :])
    return text[start : v.end + (stop.start() if stop else len(text))]


def _unstated_period(p: Problem) -> str | None:
    """A month or weekday the question asks about that no quantity belongs to: "38 sails in March and 52 in April
    ... How many in May?" gives no figure for May, whatever else the text says about May."""
    asked = {m.group(0).lower().rstrip("s") for m in _PERIOD.finditer(p.question)}
    if not asked or any(p.in_question(v) for v in p.quantities):
        return None
    labelled = {m.group(0).lower().rstrip("s") for v in p.quantities if not p.in_question(v)
                for m in _PERIOD.finditer(_clause_of(p.text, v))}
    if not labelled:
        return None  # the quantities name no period at all: the question's period is the problem's setting
    statements = p.text[: p.question_start]
    related = {m.group(0).lower().rstrip("s") for clause in re.split(r"[,;.]\s|\band\b", statements)
               if _RELATION_WORDS.search(clause) for m in _PERIOD.finditer(clause)}  # "twice as much in April"
    missing = sorted(asked - labelled - related)
    return f"The problem gives no figure for {missing[0].capitalize()}, so I cannot work out the answer." if missing else None


def _unstated_year(p: Problem) -> str | None:
    """A year the question asks about, in a problem that gives its figures year by year but not for that one: "31
    launches in 2024 and 44 in 2026 ... How many in 2025?" has no figure for 2025 (and no rule to derive one)."""
    asked = set(_YEAR.findall(p.question))
    if not asked or _YEARS_ASKED.search(p.question):
        return None  # "How old will she be in 2030?" works a year out
    labelled = {y for v in p.quantities if not p.in_question(v) for y in _YEAR.findall(_clause_of(p.text, v))}
    missing = sorted(asked - labelled)
    if len(labelled) < 2 or not missing:
        return None  # one year is the problem's setting, not a series
    return f"The problem gives no figure for {missing[0]}, so I cannot work out the answer."


def _vague_count(p: Problem) -> str | None:
    """A count the problem leaves open ("some copies in cloth and the rest in leather") for a thing it prices per
    item: the total depends on a number nobody stated."""
    for m in _VAGUE.finditer(p.text[: p.question_start]):
        noun = stem(m.group("noun").lower())
        per_item = [re.match(r"\s*(?:a|an|per|each|for each)\s+([a-z]+)", p.text[v.end :], re.I)
                    for v in p.quantities if v.kind == "money"]
        if any(item and stem(item.group(1).lower()) == noun for item in per_item):
            return (f"The problem does not say how many {m.group('noun')} there are ('{m.group(0)}'), "
                    "so I cannot work out the answer.")
    return None


def _counted(p: Problem, noun: str, more_than: float = 0) -> bool:
    """Whether a quantity of the problem counts the thing ``noun`` (a stem) names ("30 runners" for 'runner'), with
    more than ``more_than`` of them ("pushes one passenger" counts a passenger per team, not the passengers)."""
    return any(v.unit and stem(unit_key(v.unit)) == noun and v.value > more_than for v in p.quantities)


_FOR_EACH_ONE = re.compile(r"\b(?:for|to) (?:every|each) (?P<noun>[a-z]+)\b(?! of\b)", re.I)


_EACH_ONE_NEEDS = re.compile(r"(?:^|[.!?]\s+)(?:each|every) (?:[a-z]+ ){0,2}?(?P<noun>[a-z]+)(?: [a-z]+ (?:our|the|their) "
                             r"[a-z]+)? (?:needs|uses|takes|requires)\b", re.I)
"""What one of a group never counted needs ("Each hobby horse head in our workshop needs 0.4 m of felt")."""


_GIVEN_EACH = re.compile(r"\b(?:buy|buys|buying|bought|give|gives|giving|gave|order|orders|ordering|ordered|send|"
                         r"sends|sending|sent) (?:each|every) (?P<noun>[a-z]+)\b", re.I)
"""Something bought or given to each of a group ("the organisers are buying each passenger a pair of pyjamas")."""


def _uncounted_each(p: Problem) -> str | None:
    """A share "for every contestant" of a problem that never says how many contestants there are, while the question
    asks for a total: the total depends on that count ("enough pies for every contestant to get 5, at £3.20 a pie:
    how much did they spend?").

    >>> _uncounted_each(Problem.read("They bought enough pies for every contestant to get 5, at £3.20 a pie. How much did they spend?"))
    "The problem does not say how many contestants there are ('for every contestant'), so I cannot work out the total."
    >>> _uncounted_each(Problem.read("Each kite in our class needs 2 m of tape at £1.20 a metre. How much will the tape cost?"))
    "The problem does not say how many kites there are ('Each kite in our class needs'), so I cannot work out the total."
    """
    if _PER_ONE_ASKED.search(p.question):
        return None  # the share itself is asked
    asked = {stem(w) for w in content_words(p.question)}
    before = p.text[: p.question_start]
    found = [*_FOR_EACH_ONE.finditer(before), *_EACH_ONE_NEEDS.finditer(before), *_GIVEN_EACH.finditer(before)]
    for m in found:
        noun = stem(m.group("noun").lower())
        if noun in asked or _counted(p, noun, 1 if m.re is _GIVEN_EACH else 0):
            continue
        if m.re is not _GIVEN_EACH and re.search(rf"\b{re.escape(m.group('noun'))}",
                                                 p.text[: m.start()] + p.text[m.end() : p.question_start], re.I):
            continue  # named again ("the 30 runners ... for every runner"), maybe with its count (given each: only a
            # count over one counts them, as "pushes one passenger" counts one a team)
        said = m.group(0).lstrip(".!? ")
        return (f"The problem does not say how many {_plural(m.group('noun'))} there are ('{said}'), so I cannot "
                "work out the total.")
    return None


_SHARED_AMONG = re.compile(r"\b(?:shared|split|divided|spread)(?: out)?(?: equally| evenly)? (?:among|between|amongst) "
                           r"(?:the|all the|its|their|our) (?P<noun>[a-z]+)", re.I)


def _uncounted_sharers(p: Problem) -> str | None:
    """A share "among the finders" of a problem that never says how many finders there are.

    >>> _uncounted_sharers(Problem.read("240 coins: half go to the landowner and the rest are shared equally among the finders. How many does each finder get?"))
    "The problem does not say how many finders there are ('shared equally among the finders'), so I cannot work out each share."
    """
    for m in _SHARED_AMONG.finditer(p.text[: p.question_start]):
        noun = stem(m.group("noun").lower())
        if _counted(p, noun):
            continue
        return (f"The problem does not say how many {m.group('noun')} there are ('{m.group(0)}'), so I cannot work "
                "out each share.")
    return None


_STUFF_ASKED = re.compile(r"\bhow (?:much|many (?:grams|kilograms|kg|g|litres|liters|millilitres|ml|cl|cups|spoons|"
                          r"tablespoons|teaspoons|pints|ounces|oz|pounds|lb|tonnes|metres|meters|sheets|bags|bottles|"
                          r"jars|tins|packets|bars|balls)) of (?:the |her |his |their |our |my )?(?:[a-z]+ ){0,2}?"
                          r"(?P<noun>[a-z]+)(?= (?:does|do|did|will|would|is|are|was|were|can|could|should|must|has|"
                          r"have|in|for|to|on|at|go|goes)\b|\s*\?)", re.I)
"""The stuff an amount question asks for in a measure, the last word before its verb ("how many kilograms of roasted
*coffee* does ...", "how many grams of *sugar* will ..."); "how many pieces of furniture" counts things the problem
may name otherwise (tables, chairs), so it is not read here."""


def _unmentioned_stuff(p: Problem) -> str | None:
    """A question for an amount of something the problem never mentions ("450 g of sloes for every bottle ... How
    many grams of sugar will she need?"): nothing given says how much of it goes in.

    >>> _unmentioned_stuff(Problem.read("She uses 450 g of sloes for every bottle and has 2.7 kg of sloes. How many grams of sugar will she need?"))
    'The problem does not mention sugar, so I cannot work out how much is needed.'
    """
    m = _STUFF_ASKED.search(p.question)
    noun = m and m.group("noun")
    if not noun or noun.lower() in cues.STOPWORDS or unit_key(noun) in DURATION_UNITS:
        return None
    if set(content_words(noun)) & set(content_words(p.text[: p.question_start])):
        return None
    return f"The problem does not mention {noun.lower()}, so I cannot work out how much is needed."


_CONTAINER_OF = re.compile(r"\b(?:a|an|one|each|every|the) (?P<container>box|bag|crate|tray|pack|packet|carton|"
                           r"tub|tin|jar|sack|basket|bucket|bundle|roll|case|bottle|can) of (?P<noun>[a-z]+)", re.I)


def _uncounted_contents(p: Problem) -> str | None:
    """A price or a count "each" of things that come in a container of a size the problem never gives ("every team is
    given one box of eggs, and the eggs cost 30p each"): the total depends on how many are in one.

    >>> _uncounted_contents(Problem.read("Every team gets one box of eggs, and the eggs cost 30p each. 18 teams entered. How much did the eggs cost?"))
    'The problem does not say how many eggs are in a box, so I cannot work out the answer.'
    """
    for m in _CONTAINER_OF.finditer(p.text[: p.question_start]):
        noun = m.group("noun").lower()
        if _counted(p, stem(unit_key(noun))) or not re.search(
                rf"\b{re.escape(noun)}\b[^.;!?]{{0,30}}\b(?:each|apiece|a piece)\b|\b(?:per|a|an|each) "
                rf"{re.escape(noun.rstrip('s'))}\b", p.text[: p.question_start], re.I):
            continue  # the contents are counted ("a box of 12 eggs", "6 eggs a box"), or not priced one by one
        return (f"The problem does not say how many {noun} are in a {m.group('container').lower()}, so I cannot work "
                "out the answer.")
    return None


_WHAT_TIME = re.compile(r"\b(?:at )?what time\b", re.I)
_HOW_MANY = re.compile(r"\bhow many (?:more |fewer |extra |additional |whole |full |complete )?(?P<noun>[a-z]+)", re.I)


def _unread_number(p: Problem) -> str | None:
    """A figure written in digits after "every", "each" or "per" that no quantity, time or year of the reading covers
    ("for every 40 litres", "each 1,850 m long"): the rate's other term, and an answer that leaves it out answers
    another problem. (A figure that only describes a thing, "a 340 g jar", may be left out.)

    >>> _unread_number(Problem.read("A recipe uses 250 g of hops for every 40 litres of beer. How many grams for 1,000 litres?"))
    '40'
    """
    spans = [(v.start, v.end) for v in [*p.quantities, *p.times, *p.years]]
    for m in re.finditer(r"\b(?:every|each|per)\s+(\d[\d,]*(?:\.\d+)?)(?![\w-]|[.,]\d)", p.text, re.I):
        if not any(a <= m.start(1) < b for a, b in spans):
            return m.group(1)
    return None


_PACE_ASKED = re.compile(r"\b(?P<time>minutes?|mins?|seconds?|secs?)\s+(?:per|a|an|each|every)\s+(?P<dist>km|kilomet"
                         r"(?:re|er)s?|miles?|mi)\b", re.I)


def _in_asked_unit(p: Problem, value: float | int, answer: str, w: _Work) -> tuple[float | int, str]:
    """The answer in the unit the question asks for: grams worked out for "how many kilograms", or a speed for "pace in
    minutes per km", converted with a step; otherwise as it was.

    >>> w = _Work(False, None)
    >>> _in_asked_unit(Problem.read("A candle uses 180 g of wax. How many kilograms do 24 candles use?"), 4320, "4320", w)
    (4.32, '4.32 kg')
    >>> _in_asked_unit(Problem.read("She ran 14 km in 1 hour 45 minutes. What was her pace in minutes per km?"), 8,
    ...                "8 km per hour", w)
    (7.5, '7.5 minutes per km')
    """
    pace = _PACE_ASKED.search(p.question)
    speed = re.fullmatch(r"(?P<n>[\d.]+) (?P<dist>\w+) per hour", answer.strip())
    if pace and speed and value and unit_symbol(speed.group("dist")) == unit_symbol(pace.group("dist")):
        per = 3600 if pace.group("time").lower().startswith("s") else 60
        converted = w.calc(f"{per} / {_n(value)}", f"Pace: {per} {pace.group('time').lower()} per hour over the speed")
        return converted, f"{_n(converted)} {pace.group('time').lower()} per {pace.group('dist')}"
    asked = re.search(r"\bhow many (?P<noun>[a-z]+)\b|\bin (?P<noun2>[a-z]+)\s*\?", p.question, re.I)
    target = unit_symbol((asked.group("noun") or asked.group("noun2"))) if asked else None
    if target not in cues.METRIC_UNITS:
        return value, answer
    said = re.fullmatch(r"-?[\d.,]+(?:\s+(?P<unit>[A-Za-z]+))?", answer.strip())
    units = {unit_symbol(v.unit) for v in p.quantities if v.unit and unit_symbol(v.unit)}
    measured = [u for u in units if u in cues.METRIC_UNITS and cues.UNIT_SIZES[u][0] == cues.UNIT_SIZES[target][0]]
    source = unit_symbol(said.group("unit")) if said and said.group("unit") else (
        measured[0] if len(measured) == 1 else None)
    if not said or source is None or source == target or source not in measured:
        return value, answer
    factor = cues.UNIT_SIZES[source][1] / cues.UNIT_SIZES[target][1]
    converted = w.calc(f"{_n(value)} * {_n(factor)}" if factor >= 1 else f"{_n(value)} / {_n(1 / factor)}",
                       f"In {target}: {_n(value)} {source}")
    return converted, f"{_n(converted)} {target}"


def _wrong_unit(p: Problem, answer: str) -> bool:
    """The answer is not the kind of thing the question asks for: "How many days ...?" answered in boxes, or "What
    time ...?" answered with anything but a clock time.

    >>> _wrong_unit(Problem.read("A shop has 40 boxes and sells 10. How many days until it is empty?"), "30 boxes")
    True
    >>> _wrong_unit(Problem.read("A shop has 40 boxes and sells 10. How many boxes are left?"), "30 boxes")
    False
    >>> _wrong_unit(Problem.read("A shop has 40 boxes and sells 10. How many days until it is empty?"), "30")
    True
    >>> _wrong_unit(Problem.read("A cab charges $3 a mile and $12 to start. How much does the ride cost?"), "4 miles")
    True
    >>> _wrong_unit(Problem.read("Resizing costs £25 for silver and £40 for gold. How long will it take?"), "£65")
    True
    """
    if _WHAT_TIME.search(p.question):
        return not re.match(r"\d{1,2}:\d{2}\b", answer)
    if re.search(r"\bhow long\b", p.question, re.I) and any(v.kind == "money" for v in extract(answer)):
        return True  # "How long will it take?" answered in pounds is an answer to another question
    if _ASKS_COST.search(p.question) and any(v.kind == "money" for v in p.quantities) and re.fullmatch(
            r"-?[\d.,]+\s*[A-Za-z]+", answer.strip()):
        return not any(v.kind == "money" for v in extract(answer))
        # "How much does the ride cost?" answered in kilometres is an answer to another question
    asked = _HOW_MANY.search(p.question)
    if not asked:
        return False
    noun = unit_key(asked.group("noun"))
    if noun not in DURATION_UNITS and noun not in {unit_key(v.unit) for v in p.quantities if v.unit}:
        return False  # "How many come by bus?": the word after "how many" is not a unit this problem counts in
    said = re.fullmatch(r"-?[\d.,]+ (?P<unit>[A-Za-z]+)", answer.strip())
    if said:
        return noun != unit_key(said.group("unit"))
    # a bare number asked in units of time needs a duration or a rate over that unit among the quantities
    return noun in DURATION_UNITS and not any(
        v.kind == "duration" or ((rate := _rate_of(p, v)) and rate[2] == noun) for v in p.quantities)


_ASKS_COST = re.compile(r"\bhow much (?:does|do|did|will|would|is|was)\b[^?]*\b(?:cost|charge|pay|owe|fare|bill)\w*|"
                        r"\bwhat (?:is|was|will be) (?:the|her|his|their|my|our|your) (?:total )?(?:cost|price|fare|bill|"
                        r"charge|fee)\b", re.I)
"""A question that asks for an amount of money."""


_COMBINE = re.compile(r"\b(?:total|altogether|in all|all|both|together|sum|plus|each|per|every|change|left|"
                      r"more|less|difference|average|discount\w*|off|tip|tax|and)\b|\d", re.I)


_ASKS_PRICE = re.compile(r"\bhow much\b|\bwhat (?:is|are|was|were) the (?:price|cost|fee|charge)\b|"
                         r"\bwhat (?:does|do|did) [^?]*\bcost\b", re.I)


def _looks_up_one_price(p: Problem) -> bool:
    """A question that names exactly one item of a price list ("bow rehair £60, new bridge £85") and asks for no
    combination: the answer is that line, read by question answering, not a sum of the list.

    >>> _looks_up_one_price(Problem.read("Prices: bow rehair £60, new bridge £85. How much is a new bridge?"))
    True
    >>> _looks_up_one_price(Problem.read("Prices: bow rehair £60, new bridge £85. How much are both together?"))
    False
    """
    prices = [v for v in p.quantities if v.kind == "money" and not p.in_question(v)]
    if len(prices) < 2 or _COMBINE.search(p.question) or not _ASKS_PRICE.search(p.question):
        return False
    asked = set(content_words(p.question))
    statements = p.text[: p.question_start]
    labels = [re.split(r"[,;:.]|\band\b", statements[: v.start])[-1] for v in prices]
    return sum(bool(asked & set(content_words(label))) for label in labels) == 1


def _unplaced(p: Problem) -> Value | None:
    """The quantity to name in an abstention: the one no reader could use together with the others."""
    if len(p.quantities) < 2:
        return None
    for skip in range(len(p.quantities) - 1, -1, -1):
        rest = [v for i, v in enumerate(p.quantities) if i != skip]
        trial = Problem(p.text, p.question, rest, p.times, p.years)
        for _, reader in READERS:
            try:
                read = reader(trial, _Work(False, None))
            except (UnsafeExpressionError, ValueError, ZeroDivisionError):
                read = None
            if read is not None and read[2] == set(range(len(rest))):
                return p.quantities[skip]
    return None


def solve(text: str, temperature: float = 0.0, rng: random.Random | None = None,
          slip_rate: float = SLIP_RATE) -> Solution | None:
    """Like :func:`work_out`, but ``None`` for both "no arithmetic here" and "cannot read it"."""
    found = work_out(text, temperature, rng, slip_rate)
    return found if isinstance(found, Solution) else None


# --- one step over a context, for question answering ----------------------------------------------------------------

_ARRIVE = re.compile(r"\b(?:arriv\w*|reach\w*|land\w*|get(?:s)? (?:in|there|back)|finish\w*|end\w*|over|done|"
                     r"complet\w*|ready|dock\w*|return\w*|close\w*|stop(?:s|ped)?)\b", re.I)


_YEARS_LATER = re.compile(r"(?P<clause>[^,.;]*?)\b(?P<n>\d+|[a-z]+(?:-[a-z]+)?) years? (?P<dir>later|after(?:wards)?|"
                          r"earlier|before)\b", re.I)


def _asks_about_clause(question: str, clause: str) -> bool:
    """The question shares a content word (a verb or a noun) with the clause that holds the relative year; an
    irregular past form counts as its verb ("sold it" answers "When did she sell it?")."""
    def words(text: str) -> set[str]:
        return set(content_words(re.sub(r"[a-z]+", lambda m: IRREGULAR_PAST.get(m.group(0), m.group(0)), text.lower())))

    return bool(words(question) & words(re.split(r"\band\b|\bthen\b", clause)[-1]))


def _duration_text(a: Value, b: Value) -> Callable[[float], str]:
    """How to say a duration (held in minutes) worked from two: in their own unit when both are days or longer
    ("18 months" - "6 months" = "12 months"), else in hours and minutes."""
    per = DURATION_UNITS.get(a.unit, 0)
    if a.unit == b.unit and per >= DURATION_UNITS["day"]:
        return lambda minutes: _with_unit(round(minutes / per, 6) if minutes % per else int(minutes // per), a.unit)
    return format_minutes


_COMPARED = re.compile(r"(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>[a-z]+)\s+(?P<way>deeper|higher|longer|later|more|older|taller|"
                       r"heavier|bigger|further|farther|dearer|wider|earlier|less|fewer|younger|shorter|lighter|smaller|"
                       r"lower|cheaper|narrower)\s+than\s+(?:the|a|an|his|her|their|its|our|my)?\s*(?P<ref>[a-z]+)",
                       re.I)
_MORE_WAYS = frozenset("deeper higher longer later more older taller heavier bigger further farther dearer wider".split())


def relative_figure(question: str, sentences: list[str]) -> Derivation | None:
    """A figure the context gives only relative to another ("a buckle found 12 cm deeper than the coin", "the coin
    came up at 20 cm"): the question asks about the thing the relative figure describes, the other figure is the only
    one of that unit in a sentence that names the thing compared to, and one step gives the answer.

    >>> relative_figure("How deep was the buckle?", ["A coin came up at 20 cm.", "A buckle was found 12 cm deeper "
    ...                 "than the coin."]).answer
    '32 cm'
    """
    asked = set(content_words(question))
    for sentence in sentences:
        m = _COMPARED.search(sentence)
        if m is None or not asked & set(content_words(sentence[: m.start()])):
            continue  # ("12 cm deeper than the coin" answers a question about what was found deeper)
        ref, unit = stem(m.group("ref").lower()), m.group("unit").lower()
        bases = [v for other in sentences if other != sentence and ref in content_words(other)
                 for v in extract(other, kinds=("number",)) if v.unit.lower() == unit]
        if len(bases) != 1:
            return None
        base, n = bases[0].value, float(m.group("n"))
        sign = 1 if m.group("way").lower() in _MORE_WAYS else -1
        value = base + sign * n
        shown = format_number(int(value) if float(value).is_integer() else value)
        return Derivation(f"{shown} {unit}", [f"{format_number(base)} {unit} {'+' if sign > 0 else '-'} "
                                              f"{m.group('n')} {unit} = {shown} {unit}"])
    return None


_SPAN_TO_NOW = re.compile(r"\bhow long (?:has|have|had)\b|\bfor how long\b", re.I)


def derive(question: str, sentences: list[str]) -> Derivation | None:
    """One arithmetic step over the quantities of a context, when the question asks for something the context
    implies but does not state: an arrival time from a departure time and a duration, a total or a difference of
    quantities of one kind. ``None`` when no single step fits (the caller then answers extractively or abstains).

    >>> derive("At what time does the Nordlys arrive?",
    ...        ["The ferry Nordlys departs Tromso at 18:30.", "The crossing takes 2 hours and 15 minutes."])
    Derivation(answer='20:45', steps=['It starts at 18:30 and takes 2 hours 15 minutes: 18:30 + 2 hours 15 minutes = 20:45'], gap='')
    >>> derive("How much did the glacier retreat in 2021?", ["It retreated 40 metres in 2019 and 55 metres in 2020."])
    """
    text = " ".join(sentences)
    times = [v for v in extract(text, kinds=("time",))]
    durations = [v for v in extract(text, kinds=("duration",))]
    counted = [v for v in extract(text, kinds=("number",)) if not any(d.start <= v.start < d.end for d in durations)]
    if _ARRIVAL_ASKED.search(question) and _ARRIVE.search(question) and len(times) == 1 and len(durations) == 1 \
            and not counted:  # ("eight ends of about 15 minutes each": not one step)
        start, duration = times[0], durations[0]
        if re.match(r"\s*(?:before|earlier than|ahead of|prior to)\b", text[duration.end:], re.I):
            # "handed in half an hour before it shuts at 8pm": counted back from the time given
            end = add_minutes(start.value, -duration.value)
            return Derivation(end, [f"{format_minutes(duration.value)} before {start.value}: {start.value} - "
                                    f"{format_minutes(duration.value)} = {end}"])
        end = add_minutes(start.value, duration.value)
        return Derivation(end, [f"It starts at {start.value} and takes {format_minutes(duration.value)}: "
                                f"{start.value} + {format_minutes(duration.value)} = {end}"])
    if _DURATION_ASKED.search(question) and len(times) == 2 and not durations and not any(
            v.kind in ("number", "duration") for v in extract(text)) and not _SPAN_TO_NOW.search(question) \
            and len(set(re.findall(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", text, re.I))) < 2:
        # ("with a half-hour break": not one step; "how long has she been teaching?" asks for years, and "Monday at
        # 18:30 and Friday at 09:30" are two days' times, no span)
        between = minutes_between(times[0].value, times[1].value)
        return Derivation(duration_as_asked(between, question), [f"From {times[0].value} to {times[1].value} is "
                                                                 f"{format_minutes(between)}"])
    asked_years = {y for y in re.findall(r"\b(1[0-9]{3}|20[0-9]{2})\b", question)}
    years = [v.value for v in extract(text, kinds=("year",))]
    later = _YEARS_LATER.search(text)
    if later and len(set(years)) == 1 and re.match(r"\s*(?:when|in what year|in which year|what year)\b", question,
                                                     re.I) and _asks_about_clause(question, later.group("clause")):
        # "joined in 2011 and became captain six years later": the year the later event happened
        n = parse_number(later.group("n"))
        if n is not None and float(n).is_integer():
            sign = -1 if later.group("dir").lower() in ("earlier", "before") else 1
            year = years[0] + sign * int(n)
            return Derivation(str(year), [f"{years[0]} {'+' if sign > 0 else '-'} {int(n)} = {year}"])
    if asked_years - {str(y) for y in years}:
        return None  # the question is about a year the context never mentions
    if len(set(years)) == 2 and re.search(r"\bhow many years\b|\bhow long (?:after|before|between|did|was)\b|"
                                          r"\bhow old\b", question, re.I) and not asked_years:
        first, second = sorted(set(years))
        return Derivation(f"{second - first} years", [f"{second} - {first} = {second - first}"])
    quantities = [v for v in extract(text, kinds=("number", "money", "duration")) if v.unit or v.kind != "number"]
    units = {unit_key(v.unit) for v in quantities}
    asked_unit = re.search(r"\bhow many\s+([a-z]+)", question, re.I)
    if asked_unit and asked_unit.group(1).lower().rstrip("s") in DURATION_UNITS and any(
            v.kind != "duration" for v in quantities):
        return None  # "By how many seconds does she win?" of two distances: no step gives a time
    if len(quantities) == 2 and len(units) == 1:
        a, b = quantities
        say = (lambda x: _with_unit(x, a.unit)) if a.kind != "duration" else _duration_text(a, b)
        shown = _n if a.kind != "duration" else say
        if _DIFFERENCE_ASKED.search(question):
            value = abs(b.value - a.value)
            return Derivation(say(value), [f"{shown(max(a.value, b.value))} - {shown(min(a.value, b.value))} "
                                           f"= {shown(value)}"])
        if _TOTAL_ASKED.search(question) and re.search(r"\bhow (?:many|much|far|long)\b", question, re.I):
            value = a.value + b.value
            return Derivation(say(value), [f"{shown(a.value)} + {shown(b.value)} = {shown(value)}"])
    return None



_NAMED = ("person", "place", "organisation", "name")
_CLAUSE_BREAK = re.compile(r"[;,.:]\s+|\s+(?:and|while|but|whereas)\s+|\s+\(|\)\s*")


def extreme(question: str, context: str) -> Derivation | None:
    """The named thing with the largest or smallest figure, for a question that asks for it with a superlative ("Which
    of the three rivers is the shortest?") or, between two, a comparative ("Which platform is higher, and by how
    much?": the difference too), when every figure of that kind in the sentences that name them belongs to exactly
    one name, in its own clause or the clause right after it ("the Slab, 14 metres high"), and they are all in one
    unit. A count of the compared things themselves ("two platforms") is no figure of theirs. ``None`` otherwise (a
    figure with no owner, two owners, mixed units or a tie), so the caller never picks from a list it could not read.

    >>> extreme("Which of the three rivers is the shortest?",
    ...         "The Tay is 188 kilometres long, the Spey 172 kilometres and the Clyde 176 kilometres.")
    Derivation(answer='Spey, at 172 kilometres', steps=['the smallest of the 3 figures the context gives'], gap='')
    >>> extreme("Which is the cheapest?", "The Regal charges £9.50 and the Odeon £9.50.") is None  # a tie
    True
    >>> extreme("Which route is higher, and by how much?",
    ...         "The wall has two routes: the Slab, 14 metres high, and the Roof, 18 metres high.").answer
    'Roof, at 18 metres, higher than Slab by 4 metres'
    """
    m = cues.SUPERLATIVE_ASKED.search(question)
    if not m:
        return None
    word = re.sub(r"\s+", " ", re.sub(r"^the\s+", "", m.group("word").lower()))
    comparative = word in cues.COMPARATIVES
    way = cues.COMPARATIVES[word] if comparative else cues.SUPERLATIVES[word]
    years = way in ("old", "young") or word in ("earliest", "latest", "earlier", "later")
    compared = re.match(r"\s*(?:which|what)\s+(?:of\s+the\s+\w+\s+)?([a-z]+)", question, re.I)
    counted = unit_key(compared.group(1)) if compared else ""  # "two platforms" counts what is compared
    pairs: list[tuple[Value, Value]] = []
    unowned: list[Value] = []
    for sentence in split_sentences(context):
        held: list[tuple[Value, Value]] = []
        loose: list[Value] = []
        waiting: Value | None = None  # a name alone in its clause, whose figure may follow in the next
        for clause in _CLAUSE_BREAK.split(sentence):
            found = extract(clause)
            names = [v for v in found if v.kind in _NAMED]
            figures = [v for v in found if v.kind in ("number", "money", "duration", "year", "time", "date")
                       and not (v.unit and unit_key(v.unit) == counted)]
            if waiting is not None and names and figures:
                return None  # "'Foxglove', a Garrett built in 1904": whose year, the engine's or the maker's?
            if len(names) == 1 and len(figures) == 1:
                held.append((names[0], figures[0]))
            elif not names and len(figures) == 1 and waiting is not None and (figures[0].unit or figures[0].kind in (
                    "money", "duration")):  # (a measure, not a label: "The Custard Cannon, 58 seconds", not "car 14")
                held.append((waiting, figures[0]))
            else:
                loose += figures
            waiting = names[0] if len(names) == 1 and not figures else None
        if held:  # (a sentence that names none of them, "Jumpers must weigh between 45 and 120 kg", is no part)
            pairs += held
            unowned += loose
    kinds = {f.kind for _, f in pairs}
    if len(pairs) < 2 or comparative and len(pairs) != 2 or len(kinds) != 1 or (
            kinds & {"year", "time", "date"} and not years):
        return None
    kind = kinds.pop()
    if any(f.kind == kind for f in unowned):
        return None  # a figure of the compared kind that no single name owns: the list is not readable
    if word in ("fastest", "slowest", "faster", "slower") and kind == "duration":
        way = "min" if way == "max" else "max"  # over times taken, the fastest took the least
    units = {unit_key(f.unit) for _, f in pairs if f.unit}
    if len(units) > 1 and kind != "duration":  # (durations are read in minutes, whatever their unit)
        return None
    if way in ("old", "young"):  # the oldest has the earliest year but the largest age
        way = ("min" if way == "old" else "max") if kind in ("year", "date", "time") else (
            "max" if way == "old" else "min")
    ranked = sorted(pairs, key=lambda p: p[1].value, reverse=way == "max")
    if ranked[0][1].value == ranked[1][1].value:
        return None
    name, figure = ranked[0]
    unit = figure.unit or next(iter(units), "")

    def said(v: Value) -> str:
        return re.sub(r"\b(\w+) \1$", r"\1", v.text if v.kind != "number" or not unit else f"{v.text} {unit}")

    dated = kind in ("year", "date", "time")
    answer = f"{name.text}, {'in' if kind in ('year', 'date') else 'at'} {said(figure)}"
    if comparative and kind in ("number", "money", "duration") and re.search(r"\bby how much\b|\bhow much (?:more|"
                                                                            r"less|further|longer)\b", question, re.I):
        other = ranked[1]
        gap = abs(figure.value - other[1].value)
        big, small = sorted((figure.value, other[1].value), reverse=True)
        gap_said = f"{format_number(gap)}{' ' + unit if unit else ''}"
        return Derivation(f"{answer}, {word} than {other[0].text} by {gap_said}",
                          [f"{format_number(big)} - {format_number(small)} = {format_number(gap)}"], gap_said)
    most = ("latest" if way == "max" else "earliest") if dated else ("largest" if way == "max" else "smallest")
    return Derivation(answer,
                      [f"the {most} of the {len(pairs)} {'dates' if dated else 'figures'} the context gives"])
