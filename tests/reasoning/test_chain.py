import pytest

from labkit.errors import InvalidInputError
from labkit.llm import ScriptedChatModel, get_model
from labkit.reasoning.chain import (
    check_steps, cot_prompt, extract_answer, load_word_problems, normalise_answer, solve, solve_with_verification,
)


def test_cot_prompt_asks_for_steps_and_an_answer_line():
    text = cot_prompt("What is 2 + 3?")
    assert "step by step" in text and "Answer:" in text and text.endswith("Problem: What is 2 + 3?")
    with pytest.raises(InvalidInputError):
        cot_prompt("  ")


@pytest.mark.parametrize("text,answer", [
    ("Step 1: 1 + 1 = 2\nAnswer: 2", "2"),
    ("Answer: 3\nOn reflection...\nFinal answer: 4.", "4"),
    ("therefore: Paris", "Paris"),
    ("no conclusion here", None),
    ("", None),
])
def test_extract_answer_takes_the_last_answer_line(text, answer):
    assert extract_answer(text) == answer


@pytest.mark.parametrize("raw,norm", [("42", "42"), ("42.0", "42"), ("$1,250 dollars", "1250"), ("-3.5", "-3.5"),
                                      ("  Yes. ", "yes"), ("", None)])
def test_normalise_answer(raw, norm):
    assert normalise_answer(raw) == norm


def test_check_steps_recomputes_arithmetic():
    checks = check_steps("Step 1: 3 * 12 = 36\nStep 2: 36 - 7 = 28\nAnswer: 28")
    assert [c.ok for c in checks] == [True, False]
    assert checks[1].expected == 29 and checks[1].stated == 28


def test_offline_cot_solves_every_bundled_problem_at_temperature_zero():
    model = get_model()
    for question, gold in load_word_problems():
        result = solve(model, question)
        assert normalise_answer(result.answer) == str(gold), question
        assert result.steps and result.steps_ok


def test_verification_agrees_or_breaks_the_tie():
    agree = ScriptedChatModel(replies=["Step 1: 2 + 2 = 4\nAnswer: 4", "Step 1: 2 + 2 = 4\nAnswer: 4"])
    v = solve_with_verification(agree, "What is 2 + 2?")
    assert v.verified and v.answer == "4" and len(v.passes) == 2
    tie = ScriptedChatModel(replies=["Answer: 5", "Step 1: 2 + 2 = 4\nAnswer: 4", "Step 1: 2 + 2 = 4\nAnswer: 4"])
    v = solve_with_verification(tie, "What is 2 + 2?")
    assert v.verified and v.answer == "4" and len(v.passes) == 3
    wrong_steps = ScriptedChatModel(replies=["Step 1: 2 + 2 = 5\nAnswer: 5"], repeat_last=True)
    v = solve_with_verification(wrong_steps, "What is 2 + 2?")
    assert not v.verified  # arithmetic that does not re-compute never counts as agreement
