"""Offline model (issue 12), stop 34: a word problem's figure about something else is said and left out, the share a
percentage leaves ("the rest"), a wait "before" the asked event, how long something lasts kept out of when it
starts, a list with its unit written once, a hyphenated counted noun, "summaries" in a system message, prose that
says "classes" read as prose, and relative clauses trimmed whole in summaries. Own sentences; topics absent from the
probes."""

import re

import pytest

from labkit.llm import get_model
from labkit.llm.offline.answer import answer_question
from labkit.llm.offline.arithmetic import Abstention, Solution, work_out
from labkit.llm.offline.prompt import read_prompt
from labkit.llm.offline.summarize import summarize


@pytest.fixture(scope="module")
def model():
    return get_model("offline")


def _answer(text: str) -> str:
    found = work_out(text)
    assert isinstance(found, Solution), found
    return found.answer


def test_a_figure_in_a_sentence_of_its_own_about_something_else_is_left_out_and_said_so():
    found = work_out("The garden needs 96 tonnes of gravel, and each truck carries 12 tonnes. The quarry is 30 km "
                     "away. How many truck loads will it take?")
    assert isinstance(found, Solution) and found.value == 8
    assert any("30 km is about something else" in step for step in found.steps)


def test_a_figure_in_a_clause_between_commas_is_left_out():
    assert _answer("The choir, which has 40 singers, buys 5 folders at £3 each and a stand for £4. The treasurer "
                   "pays with £20. How much change does she get?") == "£1"


def test_a_figure_is_kept_when_it_measures_what_another_figure_measures():
    found = work_out("A still yields 300 litres of spirit. 10% evaporates, and the rest goes into 750 ml bottles. "
                     "How many bottles does it fill?")
    assert not isinstance(found, Solution) or found.value == 360  # never 750 ml less a tenth


def test_a_price_is_never_left_out_of_a_question_about_money():
    found = work_out("Three friends pay £20 each for a pottery class. They share a £9 taxi and split it equally. "
                     "How much does each friend pay altogether?")
    assert not isinstance(found, Solution) or found.value == 23


@pytest.mark.parametrize("asked, expected", [("the church", "£560"), ("the school", "£240")])
def test_a_percentage_and_the_rest_answer_the_share_asked_about(asked, expected):
    assert _answer(f"The fair raised £800. 30% goes to the school and the rest goes to the church. How much goes to "
                   f"{asked}?") == expected


def test_a_wait_before_the_asked_event_is_added_to_the_time_given():
    assert _answer("The dough goes in the proving drawer at 9:20 am and must rest for 1 hour 50 minutes before "
                   "baking. When can baking start?") == "11:10"


def test_how_long_something_lasts_is_not_part_of_when_it_starts():
    found = work_out("Guided walks start two hours before high tide and last 75 minutes. On Sunday high tide is at "
                     "15:10. What time does Sunday's walk start?")
    assert isinstance(found, Solution) and found.answer == "13:10"
    assert _answer("The walk starts one hour before high tide and lasts 1 hour 40 minutes. High tide is at 15:10. "
                   "What time does the walk end?") == "15:50"


def test_a_unit_written_once_after_a_list_is_every_figures_unit():
    assert _answer("The four dives lasted 40, 52, 61 and 47 seconds. What was the average length of a dive, in "
                   "seconds?") == "50 seconds"


def test_an_unplaced_figure_in_a_sentence_that_shares_the_questions_words_still_stops_the_solver():
    found = work_out("Each crate holds 24 jars. The stall sold 9 crates of jam. The jam stall opened 6 days a week. "
                     "How many jars did the stall sell?")
    assert isinstance(found, Abstention) or found.value == 216


def test_a_hyphenated_counted_noun_is_read_whole(model):
    reply = model.invoke("Context: The lifeboat crew had 37 call-outs in June, up from 12 in May. The crew has 20 "
                         "volunteers.\nQuestion: How many call-outs did the crew have in June?").content
    assert "37" in reply and "12" not in reply and "20" not in reply


def test_summaries_in_a_system_message_are_a_standing_order_to_summarise(model):
    reply = model.invoke([("system", "You write one-sentence summaries for the allotment society bulletin."),
                          ("user", "The Fernside allotments reopen on the first Saturday of March after the winter "
                                   "flooding, with twelve new raised beds by the gate, and all plot fees stay at £35 a "
                                   "year.")])
    assert reply.response_metadata["skill"] == "summarize"
    assert not reply.content.lstrip().startswith("1.")


def test_prose_that_says_classes_is_not_a_list_of_labels():
    view = read_prompt([("user", "Summarise in at most two sentences:\nThe gala was cut to the junior and masters "
                                 "classes only, while the open races, which need the full pool, move to Sunday "
                                 "morning instead, and tickets for Saturday are valid on either day.")])
    assert view.labels == []


def test_a_relative_clause_is_trimmed_with_both_its_commas_and_never_becomes_a_clause_of_its_own():
    text = ("The Dunmore Chess Club, which has met in the town hall since 1952, will move to the library from May "
            "because the hall is being sold, and members voted to keep the yearly fee at £20.")
    summary = summarize(text, max_words=25)
    assert len(summary.split()) <= 25
    assert "The Dunmore Chess Club will move to the library" in summary
    assert ", will" not in summary and not summary.startswith("Which")


def test_a_critic_marks_a_discount_added_instead_of_taken_off_as_wrong(model):
    reply = model.invoke("Check this solution and give it a score out of 10.\n\nProblem: A pottery course costs £180. "
                         "Students get 20% off. How much does a student pay?\nSolution: 20% of 180 = 36, and "
                         "180 + 36 = £216.").content
    assert reply.startswith("Score: 1/10") and "the other way round" in reply


def test_a_critic_with_only_sections_in_the_prompt_checks_the_problem_not_a_context(model):
    reply = model.invoke([("system", "You are a strict grader. Give a score from 1 to 10 and one sentence of "
                                     "feedback."),
                          ("user", "Problem: A tortoise walks at 4 centimetres per second. How long does it take to "
                                   "cover 240 centimetres?\nAnswer given: 240 / 4 = 60 seconds.")]).content
    assert reply.startswith("Score: 9/10") and "60 seconds is what the problem works out to" in reply


def test_a_weekday_in_a_possessive_is_no_name_and_a_superlative_over_the_others_is_answered():
    reply = answer_question("Which kite flew highest?", "In Sunday's altitude contest the kite Red Fox reached 310 "
                                                        "metres, Osprey reached 420 metres and Blue Wren reached 280 "
                                                        "metres.").text
    assert reply.startswith("Osprey")


def test_one_of_a_thing_asked_is_a_thing_a_price_is_quoted_for():
    context = "Members book the court in 40-minute slots. Members pay £12 a slot; visitors pay £18."
    assert answer_question("How much does a visitor pay for one slot?", context).text == "£18"


def test_this_years_figure_is_not_last_years():
    context = ("The village tortoise race covers 5 metres. This year's winner, Dot, took 4 minutes 10 seconds; last "
               "year's winner, Sprout, took 6 minutes 2 seconds.")
    reply = answer_question("How long did this year's winner take?", context).text
    assert "4 minutes 10 seconds" in reply and "6 minutes" not in reply


def test_an_enum_argument_takes_only_its_own_options(model):
    from typing import Literal

    def book_tasting(date: str, session: Literal["lunch", "evening"], places: int) -> str:
        """Book places at a cheese tasting on a date (YYYY-MM-DD), lunch or evening session."""
        return ""

    message = model.bind_tools([book_tasting]).invoke(
        "Three places on the evening cheese session on 12 March 2027, please.")
    assert message.tool_calls and message.tool_calls[0]["args"]["session"] == "evening"


def test_when_a_thing_began_is_not_another_event_of_its_life():
    context = "The Kelby kite festival moved from the beach to the downs in 2011 and drew its biggest crowd in 2018."
    assert not answer_question("What year did the festival start?", context).supported
    assert "2011" in answer_question("When did the festival move to the downs?", context).text
    assert answer_question("When was the club founded?", "The club was founded in 1921 and moved in 1964.").text \
        == "1921"


def test_a_critic_does_not_mark_an_answer_wrong_in_a_unit_the_solver_did_not_reach(model):
    reply = model.invoke("Problem: A cyclist rode 900 metres in 3 minutes. What was her average speed in km/h?\n"
                         "Student answer: 18 km/h, since 300 m a minute is 18,000 m an hour.\n"
                         "Score the student's answer from 0 to 100.").content
    low = re.match(r"Score: (\d+)/100", reply)
    assert not (low and int(low.group(1)) < 65), reply  # no score, or a high one: never marked wrong


def test_bands_defined_in_prose_are_read_and_a_measure_in_another_unit_is_converted(model):
    reply = model.invoke("Boats go in classes by weight: light is under 2 tonnes, mid is 2 to 5 tonnes, heavy is over "
                         "5 tonnes.\nBoat no. 7, built in 1988, weighs 3,400 kg. Which class - light, mid or heavy?")
    assert reply.content.strip() == "mid"
    reply = model.invoke("Grade the snow for a beginners' lesson as open, caution or closed. Open = depth above 0.5 m; "
                         "caution = 0.2 m up to 0.5 m; closed = below 0.2 m.\nDepth at the top station today: 0.35 m.")
    assert reply.content.strip() == "caution"


def test_a_boolean_of_what_a_thing_uses_or_owns_is_read_from_its_denial(model):
    from pydantic import BaseModel

    class Entry(BaseModel):
        baker: str
        uses_butter: bool
        own_tin: bool

    record = model.with_structured_output(Entry).invoke(
        "Sam Reid entered the shortbread class. Her shortbread has no butter in it - she bakes with coconut oil. "
        "She hasn't got a tin of her own, so the club lends her one.")
    assert record.uses_butter is False and record.own_tin is False


def test_a_price_per_thing_is_multiplied_by_the_count_of_that_thing():
    assert _answer("Entry is £1.75 per dog. Ravi enters 4 dogs and pays with a £10 note. How much change does he "
                   "get?") == "£3"


def test_a_percentage_whose_rest_has_a_price_of_its_own_is_not_read_as_one_share():
    found = work_out("A farm sells 20 tonnes of apples. 40% are dessert apples at £900 a tonne; the rest sell for "
                     "£300 a tonne. What is the total income?")
    assert not isinstance(found, Solution) or found.value == 10800
