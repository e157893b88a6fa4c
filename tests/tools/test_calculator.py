import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labkit.errors import InvalidInputError
from labkit.tools import ToolRegistry
from labkit.tools.calculator import calculator
from labkit.tools.calculator import calculator_tool, calculator_with_steps


def test_arithmetic():
    assert calculator("2 + 3 * 4") == "14"
    assert calculator("2^10") == "1024"
    assert calculator("sqrt(2) * sqrt(2)") == "2"
    assert calculator_with_steps("(1 + 2) * 3").splitlines() == ["1 + 2 = 3", "3 * 3 = 9", "Answer: 9"]


@pytest.mark.parametrize("attack", [
    "__import__('os').system('echo pwned')",
    "open('/etc/passwd').read()",
    "(lambda: 1)()",
    "().__class__.__bases__[0].__subclasses__()",
    "[x for x in range(10**9)]",
    "9**9**9",
    "2^2^2^2^2^2",
    "10**1000 * 10**1000",
    "'a' * 10**9",
    "globals()",
])
def test_attacks_are_refused(attack):
    with pytest.raises(InvalidInputError):
        calculator(attack)


def test_registry_reports_refusal_to_the_model():
    result = ToolRegistry([calculator_tool()]).call("calculator", {"expression": "__import__('os')"})
    assert not result.ok and "Not allowed" in result.error


_SENTINEL: list[str] = []


def _trap(*args, **kwargs):  # if the calculator ever ran code, these names would reach here
    _SENTINEL.append("ran")
    return 0


TOKENS = ["1", "2", "9", "99", "0", "0.5", "1e308", "+", "-", "*", "/", "//", "%", "**", "^", "(", ")", " ",
          "sqrt(", "log(", "pi", ",", "max(", "trap(", "__import__(", "'os'", ".system", "[", "]", "lambda",
          ":", "x", "for", "in", "__class__", "."]


@pytest.mark.timeout(120)
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=40))
def test_fuzz_never_executes_and_always_answers_or_refuses(tokens):
    expression = "".join(tokens)
    try:
        out = calculator(expression)
    except InvalidInputError:
        pass  # refused with a labkit error: fine
    else:
        assert math.isfinite(float(out))
    assert _SENTINEL == []


@pytest.mark.timeout(120)
@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-10**6, max_value=10**6), st.integers(min_value=-10**6, max_value=10**6),
       st.integers(min_value=0, max_value=10**6))
def test_fuzz_huge_powers_are_bounded(base, exp1, exp2):
    """Power towers with big operands finish at once: either a bounded number or a refusal."""
    for expression in (f"{base}**{exp1}", f"({base})^({exp1})^({exp2})", f"{base}**{exp2}**{exp2}"):
        try:
            value = float(calculator(expression))
        except InvalidInputError:
            continue
        assert abs(value) <= 1e100
