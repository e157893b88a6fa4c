"""Arithmetic with shown steps: expressions in the prompt, or simple word problems turned into expressions.

The offline model never guesses a number: it finds an expression (``What is 17 * 23?``, ``12 plus 30 divided by
5``) or reads a one-operation-per-sentence word problem (``Sam has 5 apples and buys 3 more...``), evaluates it with
:mod:`labkit.safemath`, and writes each operation as a step.

At temperature > 0 a step may *slip* (an off-by-one or a swapped operator), with a probability that grows with
temperature. That mimics what sampling does to a real model's multi-step reasoning, and it is what self-consistency
(sample several times, take the majority) is designed to repair.

>>> solve("What is 12 * (3 + 4)?").value
84
>>> solve("Maria has 12 apples. She gives away 5 and then buys 8 more. How many apples does she have?").value
15
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from labkit.llm.offline.sampling import slips
from labkit.safemath import UnsafeExpressionError, evaluate_with_steps, format_number

_WORD_OPS = [
    (r"\bmultiplied by\b|\btimes\b", "*"),
    (r"\bdivided by\b|\bover\b", "/"),
    (r"\bplus\b|\badded to\b", "+"),
    (r"\bminus\b|\bless\b", "-"),
    (r"\bto the power of\b|\braised to\b", "^"),
    (r"\bsquared\b", "^ 2"),
    (r"\bcubed\b", "^ 3"),
    (r"\bmod(?:ulo)?\b", "%"),
]
_EXPRESSION = re.compile(r"[-+(]*\s*\d[\d.,\s]*(?:(?:\*\*|[-+*/^%x×÷()])\s*[-+(]*\s*\d*[\d.,\s]*\)*\s*)+")
_FUNC_EXPRESSION = re.compile(r"\b(?:sqrt|abs|round|floor|ceil|log10|log2|log|exp|min|max)\s*\([^()]*\)[\d\s+\-*/^().]*")

# Word-problem cue words between two quantities, in order of precedence.
_CUES = [
    ("*", r"\b(?:times|each|per|every|rows? of|groups? of|packs? of|boxes? of|bags? of|trays? of|crates? of|"
          r"sets? of|multipl\w*|doubles?|triples?)\b"),
    ("/", r"\b(?:split|divide\w*|shared? equally|equally among|among|per person|each get|into \d+ equal)\b"),
    ("-", r"\b(?:gives? away|gave away|eats?|ate|loses?|lost|spends?|spent|sells?|sold|uses?|used|removes?|"
          r"fewer|less|minus|takes? away|taken away|took|breaks?|broke|subtract\w*|left|lends? out|lent out|"
          r"gets? off|got off|drops?|dropped)\b"),
    ("+", r"\b(?:buys?|bought|gets?|got|receives?|received|finds?|found|adds?|added|more|plus|gains?|gained|"
          r"earns?|earned|another|joins?|joined|collects?|picks? up|picked|gets? on|got on|total|together|and)\b"),
]
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?!\w)(?!\.\d)")


@dataclass
class Solution:
    """An evaluated problem: the expression, its value and one line per step."""

    expression: str
    value: float | int
    steps: list[str]


def _words_to_symbols(text: str) -> str:
    out = text
    for pattern, symbol in _WORD_OPS:
        out = re.sub(pattern, f" {symbol} ", out, flags=re.IGNORECASE)
    return out


def find_expression(text: str) -> str | None:
    """The longest arithmetic expression in ``text``, if any.

    >>> find_expression("Please compute 3 plus 4 times 2 for me")
    '3 + 4 * 2'
    """
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


def word_problem_expression(text: str) -> str | None:
    """Turn a simple word problem into an expression, one operation per quantity after the first.

    >>> word_problem_expression("A box holds 6 rows of 4 eggs. How many eggs?")
    '6 * 4'
    """
    numbers = list(_NUMBER.finditer(text))
    if len(numbers) < 2 or "?" not in text and not re.search(r"\bhow (?:many|much)\b|\btotal\b", text, re.I):
        return None
    expression = numbers[0].group(0)
    for prev, cur in zip(numbers, numbers[1:]):
        between = text[prev.end() : cur.start()] + " " + text[cur.end() : cur.end() + 25]
        op = next((sym for sym, cue in _CUES if re.search(cue, between, re.IGNORECASE)), None)
        if op is None:
            return None
        expression = f"({expression}) {op} {cur.group(0)}" if op in "*/" and ("+" in expression or "-" in expression) else f"{expression} {op} {cur.group(0)}"
    return expression


def _slip(expression: str, rng: random.Random) -> str:
    """A plausible mistake: one number off by one, or one operator swapped."""
    numbers = list(_NUMBER.finditer(expression))
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


def solve(text: str, temperature: float = 0.0, rng: random.Random | None = None) -> Solution | None:
    """Solve the arithmetic in ``text``; ``None`` when the text holds no arithmetic the model can read."""
    is_prose = len(re.findall(r"[A-Za-z]{3,}", text)) >= 3
    expression = word_problem_expression(text) if is_prose else None
    direct = find_expression(text)
    if direct and (expression is None or len(re.findall(r"\d+", direct)) >= len(re.findall(r"\d+", expression or ""))):
        expression = direct
    if expression is None:
        return None
    shown = expression
    if rng is not None and slips(temperature, rng):
        shown = _slip(expression, rng)
    try:
        evaluation = evaluate_with_steps(shown)
    except UnsafeExpressionError:
        return None
    steps = [s.text for s in evaluation.steps] or [f"{shown} = {format_number(evaluation.value)}"]
    return Solution(expression=shown, value=evaluation.value, steps=steps)
