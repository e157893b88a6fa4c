"""The safe evaluator: correct arithmetic, nothing else, bounded work."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labkit.errors import InvalidInputError
from labkit.safemath import UnsafeExpressionError, evaluate, evaluate_with_steps


@pytest.mark.parametrize("expr, value", [("1 + 2 * 3", 7), ("(1 + 2) * 3", 9), ("2 ^ 10", 1024), ("7 // 2", 3),
                                         ("-3 + 5", 2), ("sqrt(81)", 9.0), ("max(3, 9, 4)", 9), ("10 / 4", 2.5)])
def test_values(expr, value):
    assert evaluate(expr) == value


def test_steps_follow_evaluation_order():
    assert [s.text for s in evaluate_with_steps("2 * 3 + 4 * 5").steps] == ["2 * 3 = 6", "4 * 5 = 20", "6 + 20 = 26"]


@pytest.mark.parametrize("attack", ["__import__('os').system('ls')", "open('/etc/passwd')", "(lambda: 1)()",
                                    "[x for x in range(10)]", "a + 1", "'ab' * 3", "2 ** 2 ** 40", "9 ** 999999",
                                    "1 / 0", "0 ** -1", "().__class__"])
def test_rejects_code_and_huge_work(attack):
    with pytest.raises(UnsafeExpressionError):
        evaluate(attack)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789+-*/^%() .e", max_size=40))
def test_fuzz_never_crashes_unexpectedly(expr):
    try:
        evaluate(expr)
    except InvalidInputError:  # UnsafeExpressionError is one; the empty string is another
        pass
