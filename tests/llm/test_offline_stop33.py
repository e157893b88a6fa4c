"""Offline model (issue 12): summaries chosen for coverage and trimmed to fit, a QA clause that says most of the
question, abstention over several figures of the asked kind, a critic that reads a role's answer line and a duration
said in other units, a points-table reader, plans that put 'first' and 'last' clauses where they say, counts given
as never, nicknames inside names, and a label question of three options. Own sentences; topics absent from the
probes."""

import json

import pytest

from labkit.llm import get_model
from labkit.llm.offline.answer import answer_question
from labkit.llm.offline.arithmetic import Solution, work_out
from labkit.llm.offline.plan import make_plan
from labkit.llm.offline.prompt import read_format, read_prompt
from labkit.llm.offline.summarize import summarize
from labkit.llm.offline.values import extract


@pytest.fixture(scope="module")
def model():
    return get_model("offline")


def test_a_summary_adds_the_sentence_with_new_facts_not_the_one_like_the_lead():
    text = ("The Carrow kite festival drew 3,000 visitors on Sunday. Rain stopped play for an hour. The giant octopus "
            "kite from Leeds won the best-in-show prize. The festival drew 3,000 visitors last year too.")
    summary = summarize(text, sentences=2)
    assert summary.startswith("The Carrow kite festival drew 3,000 visitors")
    assert "octopus" in summary and "last year" not in summary


def test_a_word_limit_trims_a_lead_in_so_that_a_later_clause_fits():
    text = ("After two anglers were caught by the tide last spring, the Selby estuary walk has moved to the morning, "
            "and every walker must now carry a whistle and a charged phone.")
    summary = summarize(text, max_words=25)
    assert len(summary.split()) <= 25
    assert "whistle" in summary and "morning" in summary
    assert not summary.startswith("After")


def test_a_summary_keeps_a_reason_for_the_news():
    text = ("The Dunmore ferry did not sail on Friday because the harbour wall was damaged in the storm. About 400 "
            "passengers took the coach instead. The council says repairs will take a week. Coffee was free on board "
            "the coach.")
    assert "storm" in summarize(text, max_words=30)


def test_the_clause_that_says_most_of_the_question_holds_its_answer():
    context = "The beginners' race starts at 10:15, the open race at 11:40, and the prizes are given at 13:00."
    found = answer_question("What time does the beginners' race start?", context)
    assert "10:15" in found.text and "11:40" not in found.text


def test_a_range_stays_with_its_own_subject():
    context = "An oak gate lasts 40 to 50 years and a pine gate 10 to 15 years; either needs oiling every 2 years."
    found = answer_question("How long does a pine gate last?", context)
    assert "10 to 15" in found.text and "40" not in found.text


def test_several_prices_and_nothing_to_pick_one_gives_no_answer(model):
    reply = str(model.invoke('From the club email: "Entry is £6 for the junior race and £9 for the senior race. '
                             'Parking costs £2."\nMy son is 17. How much will his entry cost?').content)
    assert "£6" not in reply and "£9" not in reply
    assert "does not say which" in reply


def test_a_mark_out_of_100_is_a_scale():
    assert read_format("Please check my pupil's answer and give it a mark out of 100.").score_scale[1] == 100


def test_clauses_that_say_first_and_last_go_there():
    steps = make_plan("Paint the frame last, sand the old varnish off first, and fill the cracks with wood filler.")
    assert steps[0].startswith("Sand") and steps[-1].startswith("Paint")


def test_a_points_table_and_a_record_give_the_points():
    found = work_out("In the quiz league a win is worth 2 points, a draw 1 point and a loss nothing. The Owls have "
                     "played 10 matches, winning 6 and drawing 1. How many points do they have?")
    assert isinstance(found, Solution) and found.value == 13


def test_each_of_n_things_getting_m_multiplies():
    found = work_out("Each of the 15 pupils gets four tickets, and a ticket lasts 30 seconds on the ride. How long "
                     "do all the tickets last?")
    assert not isinstance(found, Solution) or found.value == 1800
    found = work_out("Each of the 6 tables has 8 chairs. How many chairs are there?")
    assert isinstance(found, Solution) and found.value == 48


def test_a_role_s_answer_line_is_judged_against_the_customer_s_question(model):
    prompt = ("Prices at the Kettle Lane pottery: a wheel session is £30, a 5-session pass is £120, clay is £5 a "
              "session.\n\nCustomer: I'll come five times. What's the cheapest way to pay, and what will it cost?\n"
              "Staff answer: Pay as you go: 5 x £30 = £150, plus £25 for clay, so £175. That's the cheapest.\n\n"
              "Rate the staff answer from 1 to 10.")
    reply = str(model.invoke(prompt).content)
    assert "Score: none" in reply  # the sums are right, but nothing shows they are the right sums: no 9/10


def test_a_duration_said_in_other_units_is_the_same_answer(model):
    prompt = ("Grade this worked answer from 1 to 5.\n\nProblem: Each of the 30 riders gets two runs, and the "
              "timers allow 40 seconds per run. How long will all the runs take?\nAnswer: 30 x 2 = 60 runs. 60 x 40 "
              "= 2,400 seconds, which is 40 minutes.")
    assert "Score: 5/5" in str(model.invoke(prompt).content) or "Score: 4/5" in str(model.invoke(prompt).content)
    wrong = prompt.replace("which is 40 minutes", "which is 24 minutes")
    assert "Score: 1/5" in str(model.invoke(wrong).content)


def test_a_rate_question_is_not_marked_wrong_for_missing_a_figure_of_the_problem(model):
    prompt = ("Problem: A canal boat covers 12 km in 3 hours. What is its average speed in km per hour?\n"
              "Answer: 4 km per hour.\nRate the answer from 1 to 10.")
    assert "Score: 1/10" not in str(model.invoke(prompt).content)


def test_never_won_is_a_count_of_zero(model):
    reply = model.invoke([("system", "Turn the message into JSON with keys: name (string), previous_wins (integer)."),
                          ("human", "Hello, I'm Priya Shah. I've never won one before, but I love the bake-off.")])
    assert json.loads(str(reply.content))["previous_wins"] == 0


def test_a_quoted_nickname_stays_inside_the_name():
    names = [v.text for v in extract("Entry: Robert 'Bobby' Dunn, aged 58, from Wetherby.") if v.kind == "person"]
    assert names == ["Robert 'Bobby' Dunn"]


@pytest.mark.parametrize("question, labels", [
    ("Is this comment positive, negative or neutral?", ["positive", "negative", "neutral"]),
    ("Is the review positive, negative, or mixed?", ["positive", "negative", "mixed"]),
    ("What is the mood of this club message, positive or negative?", ["positive", "negative"]),
])
def test_a_label_question_offers_every_option(question, labels):
    assert read_prompt([("human", f'{question}\n"Lovely day out."')]).labels == labels


def test_a_year_attached_to_another_race_does_not_answer_the_asked_year():
    found = answer_question("Who won the regatta in 2023?",
                            "Mia Holt won the 2024 Fenby regatta in record time, beating the best time set in 2023.")
    assert not found.supported
