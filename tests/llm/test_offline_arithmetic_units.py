"""Word problems whose answer must be in the unit the question asks for (offline model, issue 12)."""

import pytest

from labkit.llm.offline.arithmetic import Solution, work_out


@pytest.mark.parametrize("problem, answer", [
    ("A warehouse holds 1,250 boxes and ships 250 a day. How many days until it is empty?", "5 days"),
    ("A library has 900 books and lends 45 a week. How many weeks until none are left?", "20 weeks"),
    ("A hive stores 36 kilograms of honey and the colony eats 3 a month. How many months will it last?", "12 months"),
])
def test_an_amount_over_a_bare_rate_is_a_count_of_the_rate_unit(problem, answer):
    found = work_out(problem)
    assert isinstance(found, Solution) and found.answer == answer


@pytest.mark.parametrize("problem", [
    "A shop has 40 boxes and sells 10. How many days until it is empty?",
    "A kiln holds 24 pots and 6 crack. How many weeks does the firing take?",
])
def test_an_answer_in_another_unit_than_asked_is_not_given(problem):
    assert not isinstance(work_out(problem), Solution)


def test_a_count_in_the_asked_unit_is_still_answered():
    found = work_out("Tom has 12 apples and buys 5 more. How many apples does he have?")
    assert isinstance(found, Solution) and found.value == 17


def test_a_rate_over_a_stretch_of_time_names_the_stretch_as_given():
    found = work_out("Ana works 8 hours a day for 5 days. How many hours does she work?")
    assert isinstance(found, Solution) and found.value == 40
    assert any("5 days" in step for step in found.steps)


@pytest.mark.parametrize("problem, answer", [
    ("A potter makes 96 cups and packs them in boxes of 8. How many boxes does she fill?", "12"),
    ("A yard is 30 m long and 12 m wide. What is its area?", "360 m²"),
    ("A pen is 6 m by 4 m. What is its perimeter?", "20 m"),
    ("If 2 ploughs turn a field in 9 hours, how long do 3 ploughs take?", "6 hours"),
    ("With 5 painters a hall takes 6 days. How many days would 3 painters take?", "10 days"),
    ("A press stamps 5 badges in 20 seconds. How long does it take to stamp 3 badges?", "12 seconds"),
])
def test_groups_areas_and_shared_jobs(problem, answer):
    found = work_out(problem)
    assert isinstance(found, Solution) and found.answer == answer


def test_three_bags_of_six_is_still_a_product():
    found = work_out("She has 3 bags of 6 plums. How many plums does she have?")
    assert isinstance(found, Solution) and found.value == 18
