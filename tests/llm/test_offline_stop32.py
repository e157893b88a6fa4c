"""Offline model (issue 12): requests that give only a length, labels listed on their own line, a question before its
notes, averages of a listed series, answers in the asked unit, ages at two times, an interval inside a duration, and a
critic that checks two claims of one line and catches an invented rule. Own sentences; topics absent from the probes."""

import re

import pytest

from labkit.llm import get_model
from labkit.llm.offline.arithmetic import Solution, work_out
from labkit.llm.offline.critique import arithmetic_findings, critique
from labkit.llm.offline.prompt import read_prompt


@pytest.fixture(scope="module")
def model():
    return get_model("offline")


NOTICE = ("The Hallam paper-mill museum will shut its beating room from 3 March to 30 April while a conservator "
          "repairs the wooden stampers, although the print shop and café stay open at weekends and guided walks "
          "along the leat go ahead as planned.")


@pytest.mark.parametrize("request_line", ["One sentence, please:", "30 words max:", "25 words or fewer, please:",
                                          "In under 40 words, what happened?"])
def test_a_request_that_gives_only_a_length_asks_for_a_summary_of_the_text(model, request_line):
    reply = str(model.invoke(f"{request_line}\n{NOTICE}").content)
    assert "Hallam" in reply and "mention" not in reply  # a summary, not "the context does not mention 'one'"
    limit = re.search(r"(\d+) words", request_line)
    assert not limit or len(reply.split()) <= int(limit.group(1))


def test_a_question_about_one_number_is_not_a_length_request(model):
    reply = str(model.invoke(f"Context: {NOTICE}\nQuestion: From what date is the beating room shut?").content)
    assert "3 March" in reply


def test_labels_on_the_line_after_one_of_these_are_read():
    view = read_prompt([("system", "Sort each museum comment into exactly one of these:\n"
                                   "lost property / accessibility / praise / other\nReply with the label only."),
                        ("user", "The lift to the upper gallery was out of order all afternoon.")])
    assert view.labels == ["lost property", "accessibility", "praise", "other"]


def test_rulings_defined_one_per_line_under_give_one_are_labels():
    view = read_prompt([("system", "You judge the conker match. Give one ruling:\n"
                                   "STRIKE - the conker hit the opponent's conker\n"
                                   "MISS - the conker missed entirely\n"
                                   "FOUL - the string was wrapped round the hand"),
                        ("user", "Ella swung and clipped Ben's conker on the side.")])
    assert view.labels == ["STRIKE", "MISS", "FOUL"]
    assert view.label_descriptions["MISS"] == "the conker missed entirely"


def test_a_question_after_a_pointer_is_the_question_and_the_lines_below_are_the_notes(model):
    reply = str(model.invoke("Answer from the notes below: what time does the print shop open?\n"
                             "The Hallam museum opens at 10:00. Its print shop opens at 11:30 and closes at 16:00.").content)
    assert "11:30" in reply and "10:00" not in reply


def solved(text: str) -> Solution:
    result = work_out(text)
    assert isinstance(result, Solution), result
    return result


def test_an_average_of_a_listed_series_ignores_a_measure_the_question_never_names():
    result = solved("Four stalls, each on a 3 m by 2 m pitch, sold 30, 45, 25 and 40 jars of chutney. What was the "
                    "average number of jars per stall?")
    assert result.value == 35


def test_an_average_needs_the_word_in_the_question_not_in_the_text():
    result = work_out("The club record is 40 jars and the average stall sold 12.\nhow many jars did the Pattersons "
                      "sell?")
    assert not (isinstance(result, Solution) and result.value in (26, 52, 28))


def test_what_one_item_holds_times_the_number_of_items():
    assert solved("Each tray holds 24 seedlings. A nursery fills 15 trays. How many seedlings is that?").value == 360
    assert solved("Each minibus seats 16 people. How many minibuses are needed for 65 people?").value == 5  # (round up)


@pytest.mark.parametrize("text, value, unit", [
    ("Each jar holds 250 g of honey. A beekeeper fills 18 jars. How many kilograms of honey is that?", 4.5, "kg"),
    ("Each lap is 400 m. Mia runs 12 laps. How many kilometres does she run?", 4.8, "km"),
])
def test_an_answer_worked_out_in_one_unit_is_given_in_the_unit_asked(text, value, unit):
    result = solved(text)
    assert result.value == value and result.answer.endswith(unit)


def test_a_pace_asked_in_minutes_per_km_is_not_answered_as_a_speed():
    result = solved("Omar cycled 24 km in 1 hour 20 minutes. What was his pace in minutes per km?")
    assert result.value == pytest.approx(3.3333, abs=1e-3) and "minutes per km" in result.answer


@pytest.mark.parametrize("text, value", [
    ("Nia is four times as old as her cousin Ivo. In 6 years' time she will be twice as old as him. "
     "How old is Nia now?", 12),
    ("Ravi is three times as old as Lena. Four years ago he was five times as old as her. How old is Lena?", 8),
])
def test_ages_known_by_two_ratios_are_solved_by_their_equation(text, value):
    assert solved(text).value == value


def test_an_interval_included_in_a_duration_is_not_added_to_it():
    result = solved("The lantern parade sets off at 18:15 and lasts 90 minutes, including a 20-minute stop at the "
                    "bridge. What time does it finish?")
    assert result.answer == "19:45"


def test_two_claims_on_one_line_are_checked_apart():
    findings = arithmetic_findings("4 x £3.50 = £14.00, plus 3 x £0.40 = £1.20 for the bags, so £15.20.")
    assert [ok for ok, _ in findings] == [True, True]
    assert [ok for ok, _ in arithmetic_findings("4 x £3.50 = £14.00, plus 3 x £0.40 = £1.50.")] == [True, False]


CONTEXT = "Mill tours cost £9, £6 for students, and run at 11:00 and 14:00."


def test_a_right_figure_with_an_invented_rule_is_marked_down():
    plain = critique("£6.", question="How much is a tour for students?", context=CONTEXT)
    padded = critique("£6, but students must bring a signed consent form from their college.",
                      question="How much is a tour for students?", context=CONTEXT)
    assert plain.verdict == "correct" and padded.verdict == "incorrect"


def test_reasons_and_working_after_a_right_answer_are_not_invented_rules():
    result = critique("£6, so a pair of students pays less than it would for two full tickets.",
                      question="How much is a tour for students?", context=CONTEXT)
    assert result.verdict == "correct"


def ask(model, context: str, question: str) -> str:
    return str(model.invoke(f"Context: {context}\nQuestion: {question}").content)


def test_a_figure_that_names_another_one_is_no_answer(model):
    context = "Eight sailors raced in the 11am heat: Ana Ruiz, Tom Webb and six more. Tom Webb had won the 10am heat."
    reply = ask(model, context, "Who won the 11am heat?")
    assert "Webb" not in reply and re.search(r"cannot|does not|no ", reply)


def test_the_phrase_the_question_uses_picks_its_clause(model):
    context = "A pitch at the craft fair is £20 if booked by 1 June, or £28 on the day."
    assert "£28" in ask(model, context, "How much is a pitch on the day?")


def test_the_asked_edge_in_other_words_picks_its_clause(model):
    context = "The quiz does not start at 7pm as printed: the doors open at 7pm and the first round begins at 7.45pm."
    reply = ask(model, context, "When does the quiz start?")
    assert "19:45" in reply or "7.45" in reply


def test_a_club_field_takes_the_club_not_the_event_entered(model):
    from pydantic import BaseModel

    class Entry(BaseModel):
        rider: str
        club: str

    text = "Entry for the Hallam Hill Climb: Priya Shah, riding for Dunmore Wheelers CC, starts at 10:42."
    entry = model.with_structured_output(Entry).invoke(text)
    assert entry.rider == "Priya Shah" and entry.club == "Dunmore Wheelers CC"


def test_a_list_of_names_ends_where_the_names_do(model):
    from pydantic import BaseModel

    class Heat(BaseModel):
        snails: list[str]

    heat = model.with_structured_output(Heat).invoke("Heat two: Zippy, Shelly, Turbo and Gary over 13 inches of "
                                                     "damp cloth.")
    assert heat.snails == ["Zippy", "Shelly", "Turbo", "Gary"]


def test_a_thousands_comma_does_not_split_a_list_item():
    from labkit.llm.offline.structured import _enumeration

    assert _enumeration("The float used 2,500 roses, lilies, ferns and moss.", {"flower"})[0] == "2,500 roses"


@pytest.mark.parametrize("request_text", [
    "Plan a sponsored walk of 60 km between 9am and 1pm. We walk at about 5 km an hour.",
    "Plan how our team of six rows the 10 km lake crossing in eight minutes.",
    "Plan one sitting of the quiz for all 90 players at once. The hall only seats 60.",
    "Plan how to build a clock that runs forever without ever needing winding or a battery.",
])
def test_a_goal_its_own_numbers_rule_out_gets_no_plan(model, request_text):
    reply = str(model.invoke(request_text).content)
    assert "cannot be planned" in reply and "1." not in reply


def test_a_feasible_goal_with_numbers_still_gets_its_steps(model):
    reply = str(model.invoke("Plan a 12 km walk between 9am and 1pm: meet at the church, walk to the lake, then "
                             "have lunch at the inn.").content)
    assert "1." in reply and "lake" in reply.lower()


def test_a_repetition_no_reader_reads_is_no_licence_to_guess():
    from labkit.llm.offline.arithmetic import Abstention

    result = work_out("Each archer shoots twice at six targets. Ola missed 2 targets. What percentage did she hit?")
    assert isinstance(result, Abstention) and "twice" in result.reason
    assert solved("Lena is 9. Her aunt is four times her age. How old is her aunt?").value == 36




def test_an_option_is_chosen_by_the_age_bounds_its_description_gives(model):
    from typing import Literal

    def enter_dip(name: str, group: Literal["juniors", "adults", "seniors"]) -> str:
        """Enter a swimmer in the winter dip. Groups: juniors (under 14), adults, seniors (70 and over)."""
        return f"{name} in {group}"

    bound = model.bind_tools([enter_dip])
    said = "Enter my nan, Edith Rowe, in the winter dip - she's 82."
    assert bound.invoke(said).tool_calls[0]["args"]["group"] == "seniors"
    assert bound.invoke("Enter Alfie Rowe in the dip, aged 9.").tool_calls[0]["args"]["group"] == "juniors"
    assert not bound.invoke("Enter Edith Rowe in the winter dip.").tool_calls  # no age, no guess: it asks


def test_statements_before_a_question_header_are_its_context(model):
    reply = str(model.invoke("The Hallam Dip has three groups: juniors (under 14), adults and seniors (70 and over). "
                             "Entry is £5.\nQuestion: How old must you be for the seniors group?").content)
    assert "70" in reply and "14" not in reply
