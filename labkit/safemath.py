"""Evaluate arithmetic safely: parse to a syntax tree, walk only whitelisted nodes, bound every result.

``eval("2**2**40")`` hangs a process and ``eval("__import__('os').system(...)")`` owns it. Here an expression is
parsed with :mod:`ast` and walked by hand: numbers, ``+ - * / // % **``, unary signs, parentheses and a short list
of named functions and constants. Anything else (names, attributes, calls to anything unlisted, comprehensions,
strings) is rejected before a single operation runs. Exponents and result magnitudes are bounded so no input can
make the evaluator run for long or allocate huge integers.

The evaluator also records each operation it performs, which the offline model shows as worked steps and the
calculator tool reports back.

>>> evaluate("2 + 3 * 4")
14
>>> evaluate("sqrt(16) + 2^3")
12.0
>>> [s.text for s in evaluate_with_steps("(2 + 3) * 4").steps]
['2 + 3 = 5', '5 * 4 = 20']
"""

from __future__ import annotations

import ast
import math
import operator
import re
import warnings
from dataclasses import dataclass, field

from labkit.errors import InvalidInputError, UnsafeExpressionError

MAX_EXPRESSION_LENGTH = 500
MAX_EXPONENT = 1_000
MAX_MAGNITUDE = 10.0**100
MAX_NODES = 200

_BINARY = {
    ast.Add: ("+", operator.add),
    ast.Sub: ("-", operator.sub),
    ast.Mult: ("*", operator.mul),
    ast.Div: ("/", operator.truediv),
    ast.FloorDiv: ("//", operator.floordiv),
    ast.Mod: ("%", operator.mod),
    ast.Pow: ("^", operator.pow),
}

FUNCTIONS = {
    "sqrt": math.sqrt,
    "abs": abs,
    "round": round,
    "floor": math.floor,
    "ceil": math.ceil,
    "log": math.log,
    "log10": math.log10,
    "log2": math.log2,
    "exp": math.exp,
    "sin": math.sin,
    "cos": math.cos,
    "tan": math.tan,
    "min": min,
    "max": max,
}
CONSTANTS = {"pi": math.pi, "e": math.e}


@dataclass(frozen=True)
class Step:
    """One operation performed during evaluation, e.g. ``Step('2 + 3 = 5', 5)``."""

    text: str
    value: float | int


@dataclass
class Evaluation:
    """The value of an expression and the operations that produced it, in order."""

    expression: str
    value: float | int
    steps: list[Step] = field(default_factory=list)


def format_number(x: float | int) -> str:
    """Numbers as a person writes them: integers without ``.0``, floats to at most 10 significant digits.

    >>> format_number(3.0), format_number(2.5), format_number(1/3)
    ('3', '2.5', '0.3333333333')
    """
    if isinstance(x, bool):
        x = int(x)
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    if isinstance(x, float):
        return f"{x:.10g}"
    return str(x)


def normalise(expression: str) -> str:
    """Accept the symbols people type: ``^`` for power, ``×``/``x`` between numbers, ``÷``, thousands commas.

    >>> normalise("3 × 4 ÷ 2 ^ 2")
    '3 * 4 / 2 ** 2'
    >>> normalise("1,000 x 3")
    '1000 * 3'
    """
    text = expression.replace("×", "*").replace("÷", "/").replace("−", "-")
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
    text = re.sub(r"(?<=[\d)])\s*[xX]\s*(?=[\d(])", " * ", text)
    text = text.replace("^", "**")
    return text


def _check_bounds(value: float | int) -> float | int:
    if isinstance(value, complex):
        raise UnsafeExpressionError("The result is a complex number; only real arithmetic is supported.")
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        raise UnsafeExpressionError("The result is not a finite number.")
    if abs(value) > MAX_MAGNITUDE:
        raise UnsafeExpressionError(f"The result exceeds {MAX_MAGNITUDE:.0e}; use smaller numbers.")
    return value


class _Walker:
    def __init__(self) -> None:
        self.steps: list[Step] = []

    def visit(self, node: ast.AST) -> float | int:
        if isinstance(node, ast.Expression):
            return self.visit(node.body)
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
                raise UnsafeExpressionError(f"Only numbers are allowed, not {node.value!r}.")
            return _check_bounds(node.value)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
            value = self.visit(node.operand)
            return -value if isinstance(node.op, ast.USub) else value
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            left = self.visit(node.left)
            right = self.visit(node.right)
            symbol, fn = _BINARY[type(node.op)]
            if isinstance(node.op, ast.Pow):
                if abs(right) > MAX_EXPONENT:
                    raise UnsafeExpressionError(f"Exponent {format_number(right)} is larger than {MAX_EXPONENT}.")
                if abs(left) > 1 and abs(right) * math.log10(abs(left)) > math.log10(MAX_MAGNITUDE):
                    raise UnsafeExpressionError(f"The result exceeds {MAX_MAGNITUDE:.0e}; use smaller numbers.")
            if isinstance(node.op, (ast.Div, ast.FloorDiv, ast.Mod)) and right == 0:
                raise UnsafeExpressionError("Division by zero.")
            try:
                value = _check_bounds(fn(left, right))
            except (ZeroDivisionError, OverflowError) as exc:  # 0 ** -1, float overflow
                raise UnsafeExpressionError(f"{format_number(left)} {symbol} {format_number(right)}: {exc}.") from None
            if isinstance(node.op, ast.Div) and isinstance(value, float) and value.is_integer():
                value = int(value)
            self.steps.append(Step(f"{format_number(left)} {symbol} {format_number(right)} = {format_number(value)}", value))
            return value
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS:
            if node.keywords or not node.args:
                raise UnsafeExpressionError(f"{node.func.id}() takes positional numbers only.")
            args = [self.visit(a) for a in node.args]
            try:
                value = _check_bounds(FUNCTIONS[node.func.id](*args))
            except (ValueError, TypeError, OverflowError) as exc:
                raise UnsafeExpressionError(f"{node.func.id}({', '.join(map(format_number, args))}): {exc}") from None
            self.steps.append(Step(f"{node.func.id}({', '.join(map(format_number, args))}) = {format_number(value)}", value))
            return value
        if isinstance(node, ast.Name) and node.id in CONSTANTS:
            return CONSTANTS[node.id]
        what = type(node).__name__
        if isinstance(node, ast.Name):
            what = f"the name {node.id!r}"
        elif isinstance(node, ast.Call):
            what = "a call to something other than " + ", ".join(sorted(FUNCTIONS))
        raise UnsafeExpressionError(f"Not allowed in an arithmetic expression: {what}.")


def evaluate_with_steps(expression: str) -> Evaluation:
    """Evaluate ``expression`` and return its value with the operations in the order they ran."""
    if not isinstance(expression, str):
        raise InvalidInputError(f"The expression must be text, got {type(expression).__name__}.")
    if not expression.strip():
        raise InvalidInputError("The expression is empty; write something like '2 + 3 * 4'.")
    if len(expression) > MAX_EXPRESSION_LENGTH:
        raise UnsafeExpressionError(f"The expression is longer than {MAX_EXPRESSION_LENGTH} characters.")
    try:
        with warnings.catch_warnings():  # "1for" parses with a SyntaxWarning on stderr; it is an error here anyway
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(normalise(expression).strip(), mode="eval")
    except SyntaxError:
        raise UnsafeExpressionError(f"Could not parse {expression!r} as arithmetic.") from None
    if sum(1 for _ in ast.walk(tree)) > MAX_NODES:
        raise UnsafeExpressionError(f"The expression has more than {MAX_NODES} parts.")
    walker = _Walker()
    value = walker.visit(tree)
    return Evaluation(expression=expression, value=value, steps=walker.steps)


def evaluate(expression: str) -> float | int:
    """The value of an arithmetic expression (see the module docstring for what is allowed)."""
    return evaluate_with_steps(expression).value
