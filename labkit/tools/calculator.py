"""A calculator tool that parses arithmetic instead of executing it.

What it teaches: the classic demo calculator is ``eval(expression)``, which runs whatever the model (or a prompt
injection) writes. This tool hands the expression to :mod:`labkit.safemath`, which parses it into a syntax tree and
walks only whitelisted nodes (numbers, ``+ - * / // % ^``, a few named functions), bounding exponents and results.
Asking it for ``__import__('os')`` or ``9**9**9`` is an error message, not an incident.

The one idea: a tool's input comes from a model, so treat it as untrusted user input.

Left out: units, variables and symbolic algebra.
"""

from __future__ import annotations

from labkit.safemath import evaluate_with_steps, format_number


def calculator(expression: str) -> str:
    """Evaluate an arithmetic expression exactly and safely (numbers, + - * / // % ^, sqrt, log, sin, min, max, pi).

    Args:
        expression: the arithmetic to compute, e.g. '(2 + 3) * 4' or 'sqrt(16) + 2^3'

    >>> calculator("(2 + 3) * 4")
    '20'
    >>> calculator("1000 * (1 + 0.05)^10")
    '1628.894627'
    """
    return format_number(evaluate_with_steps(expression).value)


def calculator_with_steps(expression: str) -> str:
    """Evaluate an arithmetic expression and show each operation performed, one per line.

    Args:
        expression: the arithmetic to compute, e.g. '(2 + 3) * 4'

    >>> print(calculator_with_steps("(2 + 3) * 4"))
    2 + 3 = 5
    5 * 4 = 20
    Answer: 20
    """
    result = evaluate_with_steps(expression)
    lines = [s.text for s in result.steps] + [f"Answer: {format_number(result.value)}"]
    return "\n".join(lines)


def calculator_tool(with_steps: bool = False):
    """The calculator as a registry :class:`~labkit.tools.registry.Tool` named ``calculator``."""
    from labkit.tools.registry import tool_from_function

    return tool_from_function(calculator_with_steps if with_steps else calculator, name="calculator")
