import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labkit.context.truncation import MARKER, TokenBudget, fit_rate, truncate
from labkit.errors import InvalidInputError
from labkit.llm.tokens import count_tokens

WORDS = st.sampled_from(["the", "budget", "tokenization", "unbelievable", "GPU", "42", "3.14", "naïve", "—", "!",
                         "context", "middle", "out", "(a)", "e-mail", "ça", "Straße", "🙂", "x", "supercalifragilistic"])
TEXT = st.lists(WORDS, min_size=0, max_size=80).map(" ".join) | st.text(max_size=300)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.integers(min_value=0, max_value=60), st.sampled_from(["head", "tail", "middle"]))
def test_truncation_never_exceeds_the_budget(text, budget, strategy):
    out = truncate(text, budget, strategy)
    assert count_tokens(out) <= budget
    if count_tokens(text) <= budget:
        assert out == text


@settings(max_examples=80, deadline=None)
@given(st.lists(WORDS, min_size=10, max_size=60).map(" ".join), st.integers(min_value=1, max_value=9))
def test_head_and_tail_keep_exact_ends(text, budget):
    head, tail = truncate(text, budget, "head"), truncate(text, budget, "tail")
    assert text.startswith(head) and text.endswith(tail)


def test_middle_out_keeps_both_ends_and_marks_the_cut():
    text = " ".join(f"w{i}" for i in range(100))
    out = truncate(text, 20, "middle")
    assert out.startswith("w0") and out.endswith("w99") and MARKER in out
    assert count_tokens(out) <= 20


def test_budget_and_fit_rate():
    b = TokenBudget(window=100, reserve=30)
    assert b.available == 70 and b.fits("hello world") and b.remaining("hello world") == 68
    assert fit_rate(["a b", "a b c d e"], 3) == 0.5


@pytest.mark.parametrize("kwargs", [{"window": 0}, {"window": 10, "reserve": 10}, {"window": 10, "reserve": -1}])
def test_bad_budgets(kwargs):
    with pytest.raises(InvalidInputError):
        TokenBudget(**kwargs)


@pytest.mark.parametrize("args", [("text", -1, "head"), ("text", 3, "sideways"), (None, 3, "head"), ("t", 1.5, "head")])
def test_bad_truncation_arguments(args):
    with pytest.raises(InvalidInputError):
        truncate(*args)
    with pytest.raises(InvalidInputError):
        fit_rate([], 3)


def test_needle_survives_where_the_strategy_keeps_text():
    from labkit.context.truncation import haystack, survival
    from labkit.llm import get_model

    table = survival(get_model(), 40)
    assert table["head"] == {"start": True, "middle": False, "end": False}
    assert table["tail"] == {"start": False, "middle": False, "end": True}
    assert table["middle"] == {"start": True, "middle": False, "end": True}
    assert all(all(row.values()) for row in survival(get_model(), count_tokens(haystack("middle"))).values())
    with pytest.raises(InvalidInputError):
        haystack("top")
