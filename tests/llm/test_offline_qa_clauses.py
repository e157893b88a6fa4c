"""Question answering picks the clause a question asks about (offline model, issue 12). Own sentences, topics absent
from the probe sets."""

import json
import re

import pytest

from labkit.llm import get_model
from labkit.llm.offline.arithmetic import Solution, work_out
from labkit.llm.offline.values import entities


@pytest.fixture(scope="module")
def model():
    return get_model("offline")


def ask(model, context: str, question: str) -> str:
    return str(model.invoke(f"Context: {context}\nQuestion: {question}").content)


def test_a_name_after_the_first_figure_owns_the_figure_after_it(model):
    context = "In the trial, Kestrel, the younger collie, penned 14 sheep, and Moss, the veteran, penned 22."
    assert "22" in ask(model, context, "How many sheep did Moss pen?")
    assert "14" not in ask(model, context, "How many sheep did Moss pen?")
    assert "14" in ask(model, context, "How many sheep did Kestrel pen?")


def test_an_elliptical_second_clause_answers_its_own_qualifier(model):
    context = "The ferry to Hrisey sails every 2 hours in winter and every 30 minutes in summer."
    reply = ask(model, context, "How often does the ferry sail in summer?")
    assert "30 minutes" in reply and "2 hours" not in reply


def test_a_price_list_line_is_split_at_commas_after_a_figure(model):
    context = "Tuning prices: upright piano £80, grand piano £120, grand piano with a pitch raise £160."
    reply = ask(model, context, "How much is tuning a grand piano without a pitch raise?")
    assert "£120" in reply and "£160" not in reply and "£80" not in reply


def test_a_serial_list_of_clauses_gives_the_one_asked_about(model):
    context = ("Of the orchard's three presses, the oak press still works, the iron press has been broken since "
               "2019, and the screw press is on loan to the museum.")
    reply = ask(model, context, "Which press has been broken since 2019?")
    assert "iron press" in reply and "oak" not in reply


def test_a_building_name_is_not_taken_for_a_person(model):
    context = "Ivy Lodge at Thornby was re-roofed in slate in 2011."
    reply = ask(model, context, "Who re-roofed it?")
    assert "Ivy Lodge" not in reply and "cannot" in reply.lower()


def test_one_item_of_a_price_list_is_looked_up_not_summed():
    assert work_out("Prices: new strings £30, bow rehair £60. How much is a bow rehair?") is None
    # a combination is arithmetic, not a lookup (the solver then works it out or says it cannot)
    assert work_out("Prices: new strings £30, bow rehair £60. How much are both together?") is not None


def test_a_clock_time_question_never_gets_a_price():
    found = work_out("Evening class: five Mondays from 6 pm to 8 pm. £50 for the course. What time does it end?")
    assert not isinstance(found, Solution) or ":" in found.answer


def test_a_range_is_one_answer(model):
    context = "A slate roof lasts 80 to 100 years, and a felt roof 10 to 20 years."
    assert "10 to 20 years" in ask(model, context, "How long does a felt roof last?")


@pytest.mark.parametrize("request_text", ["Translate 'thank you' into Faroese.", "Recommend a film about lighthouses.",
                                          "Suggest a name for my sourdough starter."])
def test_a_request_it_cannot_do_is_refused_not_acknowledged(model, request_text):
    reply = str(model.invoke(request_text).content)
    assert reply.startswith("I don't know") and "Noted" not in reply


def test_a_greeting_is_greeted(model):
    assert str(model.invoke("Hello!").content).startswith("Hello.")


def test_next_month_is_a_time_not_a_step_separator(model):
    reply = str(model.invoke("Give me a plan: we move the hives next week. We have to smoke the bees, close the "
                             "entrances and strap each hive shut.").content)
    steps = [line for line in reply.splitlines() if line[:1].isdigit()]
    assert steps == ["1. Smoke the bees", "2. Close the entrances", "3. Strap each hive shut"]


def test_an_inline_answer_is_critiqued_against_the_context_before_it(model):
    wrong = str(model.invoke("Context: The Tarn Beck footbridge was rebuilt in 2009. Critique this answer: The "
                             "footbridge was rebuilt in 1990.").content)
    assert wrong.startswith("Score: 2/10") and "says 2009 where the response says 1990" in wrong
    right = str(model.invoke("Context: The Tarn Beck footbridge was rebuilt in 2009. Critique this answer: The "
                             "footbridge was rebuilt in 2009.").content)
    assert "Correctness: correct" in right


def test_a_figure_about_something_else_is_unverifiable_not_wrong(model):
    reply = str(model.invoke("Context: The Tarn Beck footbridge was rebuilt in 2009. Critique this answer: The "
                             "village hall opened in 1990.").content)
    assert "Correctness: incorrect" not in reply


def test_a_year_given_as_years_later_is_worked_out_for_its_own_event(model):
    context = "Ines opened the bakery in 1994 and sold it eleven years later."
    assert ask(model, context, "When did Ines sell the bakery?").startswith("2005")
    assert "1994" in ask(model, context, "When did Ines open the bakery?")
    assert "2005" not in ask(model, context, "When did Ines open the bakery?")


def test_a_mid_sentence_though_concedes_the_clause_after_it(model):
    reply = str(model.invoke('Sentiment (positive or negative): "The ferry crossing was superb, though the cafe on '
                             'board was a little expensive."').content)
    assert reply.strip().lower().startswith("positive")


def test_a_definition_is_matched_by_the_clause_after_but(model):
    reply = str(model.invoke(
        "kiln fault = the kiln does not reach its set temperature; glaze fault = the glaze crawls, pinholes or runs; "
        "clay fault = the pot cracks or bloats.\n"
        'Potter: "The glaze came out smooth and glossy, but the kiln stalled at 900 degrees and never got to '
        'temperature."').content)
    assert reply.strip().lower().startswith("kiln fault")


def test_quoted_labels_with_definitions_in_brackets_are_offered(model):
    reply = str(model.invoke('Tickets are filed as "billing" (money, invoices, refunds), "access" (logins, passwords) '
                             'or "other".\n"I was charged twice for my March invoice."').content)
    assert reply.strip().lower().startswith("billing")


def test_keys_listed_after_json_colon_and_a_counted_plural_key(model):
    reply = str(model.invoke('Turn this into JSON: workshop, seats, fee.\n"Bookbinding Basics. Eight seats, '
                             'fee £60."').content)
    data = json.loads(reply)
    assert list(data) == ["workshop", "seats", "fee"] and data["seats"] == 8 and data["fee"] == 60


def test_an_indefinite_pronoun_is_never_a_name():
    assert not [v for v in entities("Someone left a bicycle at the gate. Nobody claimed it.") if v.kind == "person"]


def test_a_denied_emergency_is_not_urgent(model):
    reply = str(model.invoke('urgent or not urgent?\n"No smoke and no leak from the boiler. It just clicks a bit; '
                             'could someone look at it next spring?"').content)
    assert reply.strip().lower().startswith("not urgent")


def test_options_listed_with_commas_in_closing_brackets(model):
    reply = str(model.invoke('Tone of this email (formal, casual, angry):\n"Dear Sir, I write to confirm receipt of '
                             'your letter of 3 March."').content)
    assert reply.strip().lower().startswith("formal")


def test_a_superlative_question_picks_the_name_with_the_extreme_figure(model):
    context = "The Wensum weir is 3.2 metres high, the Bure weir 2.6 metres and the Yare weir 4.1 metres."
    assert ask(model, context, "Which of the weirs is the lowest?").startswith("Bure, at 2.6 metres")
    assert ask(model, context, "Which weir is the highest?").startswith("Yare, at 4.1 metres")
    years = "Hollin Mill opened in 1822. Cragside Mill opened in 1791. Lowther Mill opened in 1805."
    assert ask(model, years, "Which mill is the oldest?").startswith("Cragside Mill, in 1791")


@pytest.mark.parametrize("context", [
    "The Regal charges £9.50 a seat and the Odeon £9.50.",  # a tie
    "The Wensum weir is 3.2 metres high, the Bure weir 260 centimetres.",  # two units
    "Lane 4 and Lane 6 were timed at 58 and 61 seconds.",  # figures no single name owns
])
def test_a_comparison_it_cannot_read_is_not_guessed(context):
    from labkit.llm.offline.arithmetic import extreme
    assert extreme("Which is the cheapest or the lowest or the fastest?", context) is None


def test_a_critique_of_a_superlative_answer_checks_the_name(model):
    prompt = ("Using the text, rate the answer 1-5.\nText: The Wensum weir is 3.2 metres high, the Bure weir 2.6 "
              "metres and the Yare weir 4.1 metres.\nQuestion: Which weir is the lowest?\nAnswer: The {} weir.")
    assert str(model.invoke(prompt.format("Bure")).content).startswith(("Score: 4/5", "Score: 5/5"))
    assert str(model.invoke(prompt.format("Yare")).content).startswith("Score: 1/5")


def _score_line(model, prompt: str) -> str:
    return str(model.invoke(prompt).content).splitlines()[0]


def test_a_critique_reads_facts_and_question_written_before_the_answer_without_labels(model):
    prompt = ("The Haddon ferry leaves at 09:10 and the crossing takes 40 minutes. When does it arrive?\n"
              "Answer: {}\nRate the answer from 1 to 10.")
    assert _score_line(model, prompt.format("09:50.")) in ("Score: 8/10", "Score: 9/10", "Score: 10/10")
    assert _score_line(model, prompt.format("10:10.")) in ("Score: 1/10", "Score: 2/10")


def test_phrase_headers_name_the_question_and_the_reply():
    from labkit.llm.offline.prompt import read_prompt
    view = read_prompt([("human", "The notice says: the Tern Hide closes at 16:00 in winter.\nA visitor asked: When "
                                  "does the hide close?\nThe reply was: At 16:00.\nRate the reply from 1 to 5.")])
    assert view.sections["question"] == "When does the hide close?" and view.sections["reply"].startswith("At 16:00")


def test_a_rate_worked_out_from_a_total_is_not_contradicted_by_the_total(model):
    reply = str(model.invoke("Context: The kiln fired 1,200 tiles in 8 hours.\nQuestion: What was its rate?\n"
                             "Answer: 150 tiles per hour.\nRate the answer from 1 to 10.").content)
    assert "Correctness: incorrect" not in reply


@pytest.mark.parametrize("answer", ["(30 + 20) x 3 = 150, so £150.", "£150, because 30 + 20 = 50 and 50 x 3 = 150."])
def test_right_sums_on_a_wrong_reading_get_no_high_score(model, answer):
    reply = str(model.invoke("Context: A rowing boat costs £30 per hour, plus a £20 deposit paid once.\nQuestion: "
                             f"What do 3 hours cost?\nAnswer: {answer}\nRate the answer from 1 to 10.").content)
    assert "Correctness: correct" not in reply and not re.match(r"Score: (?:[7-9]|10)/10", reply)


def test_a_stated_minimum_is_a_condition_not_a_quantity_to_use():
    assert work_out("Tickets cost £9 each, with a minimum of six tickets per booking. How much do eight tickets "
                    "cost?").answer == "£72"


@pytest.mark.parametrize("prompt", [
    "Notice: \"The hide opens at 08:00 and closes at 16:00.\"\n\nSomeone asked when the hide closes, and a warden "
    "answered: 18:00.\n\nHow good is the warden's answer on a scale of 1-5?",
    "The notice says the hide opens at 08:00 and closes at 16:00.\n\nQ: When does the hide close?\nA: 18:00.\n\n"
    "Mark the answer from 1 to 5.",
])
def test_an_answer_given_in_words_or_after_a_is_critiqued_against_the_text_before_it(model, prompt):
    reply = str(model.invoke(prompt).content)
    assert reply.startswith(("Score: 1/5", "Score: 2/5")) and "18:00" not in reply.splitlines()[0]


def test_naming_what_the_context_names_is_not_answering_the_question(model):
    reply = str(model.invoke("Crew notes: skipper Ruth Ames; cook Dan Pryce; navigator (on loan) Ivo Marsh.\n\nWho "
                             "cooked on the trip? Answer: Ivo Marsh did.\n\nMark this answer from 0 to 10.").content)
    assert "Correctness: correct" not in reply


def test_a_figure_worked_out_is_no_answer_to_who_won(model):
    reply = str(model.invoke("Result: Harrow Vale beat Stoke Lacy 31-19.\nQuestion: Who won the match?\nAnswer: Stoke "
                             "Lacy, by 12 points.\nScore the answer from 0 to 10.").content)
    assert "Correctness: correct" not in reply


def test_a_sum_of_durations_is_said_in_their_own_unit():
    from labkit.llm.offline.arithmetic import derive
    assert derive("How long in total is it kept?", ["It is kept for 7 days and then for a further 21 days."]).answer \
        == "28 days"


def test_a_bare_figure_is_an_answer_not_an_empty_response(model):
    reply = str(model.invoke("How would you grade this answer, 1 to 5?\n\nQ: Roughly what share of people in Wales "
                             "cycle to work?\nA: About 3%.").content)
    assert "empty" not in reply and "cannot verify" in reply


@pytest.mark.parametrize("prompt", [
    "The fee is 4 euros per hour and the hall is booked for 6 hours. What is the fee? The answer given: 24 euros. "
    "Score it from 0 to 10.",
    "A customer asks: \"The hall is 4 euros per hour and I booked 6 hours - what do I owe?\" The clerk answers: "
    "\"24 euros.\" Score the clerk's answer from 0 to 10.",
])
def test_an_answer_given_on_the_same_line_as_the_request_is_critiqued(model, prompt):
    reply = str(model.invoke(prompt).content)
    assert reply.startswith("Score: ") and "Score: none" not in reply


def test_a_claim_someone_says_is_critiqued(model):
    reply = str(model.invoke("We sold 10 tickets at £5 and 4 at £3. The treasurer says the takings came to £62. Give "
                             "that a score from 0 to 10.").content)
    assert reply.startswith("Score: ")


def test_a_time_relative_to_the_stated_one_is_not_contradicted_by_it(model):
    reply = str(model.invoke("Context: The bus calls every other Monday; the next call is on Monday 1 March 2027.\n"
                             "Question: When is the call after that?\nAnswer: Monday 15 March 2027.\nRate the answer "
                             "from 1 to 10.").content)
    assert "Correctness: incorrect" not in reply


def test_an_hour_and_a_quarter_is_75_minutes():
    from labkit.llm.offline.values import extract
    assert [v.value for v in extract("It takes an hour and a quarter.", kinds=("duration",))] == [75]


def test_an_imperative_inside_an_answer_is_part_of_the_answer():
    from labkit.llm.offline.critique import _ASKS_TO_RATE
    assert not _ASKS_TO_RATE.match("Review the maintenance plan every quarter.")
    assert _ASKS_TO_RATE.match("Score it from 0 to 10.") and _ASKS_TO_RATE.match("Rate the clerk's answer, 1-5.")


def test_a_number_the_question_pins_must_be_in_the_context_as_a_whole_word(model):
    context = "Price list: grade 1 mussels £9 a kilo, grade 2 £7 a kilo, rope-grown £11 a kilo."
    reply = ask(model, context, "How much is a kilo of grade 3 mussels?")
    assert "£7" not in reply and "cannot" in reply.lower()


def test_a_name_asked_about_that_the_context_gives_elsewhere_rules_out_another_sentence(model):
    context = ("In the spring trial the Cox tested at 12.1% sugar and the Russet at 13.4%. "
               "The Egremont were picked last, on 2 October.")
    reply = ask(model, context, "What sugar did the Egremont test at?")
    assert "12.1" not in reply and "13.4" not in reply


def test_a_typed_answer_keeps_its_value_or_says_it_has_none(model):
    context = ("The crew were paged at 03:05. The lifeboat launched 9 minutes after the pagers went off, and the "
               "tractor followed at 03:20.")
    reply = ask(model, context, "At what time did the lifeboat launch?")
    assert reply.strip() != "The lifeboat launched 9 minutes after the pagers went off"
    assert "03:14" in reply or "cannot" in reply.lower()


def test_a_time_range_after_from_shares_its_end_s_half_of_the_day():
    from labkit.llm.offline.values import extract
    times = [v.value for v in extract("The club meets from 7.30 to 9.30pm on Tuesdays.", kinds=("time",))]
    assert times == ["19:30", "21:30"]


def test_how_long_asks_for_a_duration_not_the_price_beside_it(model):
    reply = ask(model, "The harbour cruise costs £14 and lasts 50 minutes.", "How long is the cruise?")
    assert "50 minutes" in reply  # (before: "The harbour cruise costs £14", the clause with the price alone)


def test_a_total_the_context_only_gives_in_parts_is_not_a_stated_figure(model):
    context = "The print sold for a hammer price of £300, and the buyer pays a 25% premium on top."
    reply = ask(model, context, "How much did the buyer pay in total?")
    assert "cannot" in reply or "375" in reply


def test_a_span_between_two_times_with_a_break_beside_them_is_no_one_step_answer(model):
    context = "The workshop runs from 9am to 1pm, with a half-hour tea break."
    assert "4 hours" not in ask(model, context, "How many hours of teaching are there?")


def test_a_critique_of_an_answer_to_a_question_it_cannot_check_gives_no_middle_score(model):
    reply = str(model.invoke('The sign says: "Dogs welcome." I asked: can I bring my ferret? The answer I got: '
                             '"Yes." Rate that answer from 1 to 5.').content)
    assert "Score: none" in reply


def test_a_scale_after_how_good_and_a_rating_request_in_the_closing_paragraph_are_read(model):
    reply = str(model.invoke("How good is this answer, 1-5?\nQuestion: Tickets are £6 each. How much for three?\n"
                             "Answer: £18").content)
    assert "/5" in reply and "/10" not in reply
    closing = str(model.invoke('The rules say: "Members may borrow a kayak for up to three hours."\nQ: Can members '
                               'borrow a kayak?\nA: Yes, for up to three hours.\n\nGive this answer a mark out of 10.'
                               ).content)
    assert closing.startswith("Score:")


def test_how_long_keeps_the_clause_with_the_length_and_a_which_question_its_own_class(model):
    context = ("The Saturday ride runs from Ross to Hay, 30 km on lanes. The Thursday evening ride is hilly and "
               "22 km long.")
    reply = ask(model, context, "How long is the Thursday ride?")
    assert "22 km" in reply or "cannot" in reply.lower()
    newsletter = ("The heavy class was won by Ann Lowe's tractor Atlas. The light class went to Raj Patel driving "
                  "Wren, ahead of Finch.")
    assert "Atlas" not in ask(model, newsletter, "Which tractor won the light class?")


def test_one_step_arrival_is_no_answer_when_a_count_multiplies_the_duration(model):
    context = "The final starts at 9:40 pm. It is played over six rounds of about 20 minutes each."
    assert "22:00" not in ask(model, context, "At what time should it finish?")


def test_a_present_tense_when_question_is_answered_by_a_stated_condition(model):
    context = ("A library card is issued on the day you apply. The card is renewed free of charge only if no fines "
               "are outstanding.")
    assert "only if no fines" in ask(model, context, "When is a library card renewed free of charge?")
    assert "cannot" in ask(model, "The card is renewed if no fines are outstanding.",
                           "When was the card first issued?").lower()


def test_a_sentence_may_leave_its_topic_sentence_s_words_unsaid(model):
    context = ("A tenant can ask the council for a repair of a broken boiler. The council must do the repair within "
               "48 hours.")
    assert "48 hours" in ask(model, context, "How long does the council have to do a repair of a broken boiler?")
    # not when the sentence is about another name than the question's
    road = "The Tulita road opens in January. The Wekweeti road closed on 24 March."
    assert "24 March" not in ask(model, road, "When did the Tulita road close?")


def test_a_which_question_s_own_verb_may_be_said_in_other_words_and_a_list_keeps_its_last_item(model):
    context = ("Judges award points in a sheepdog trial on four elements: the outrun, the lift, the fetch and the "
               "pen. A run-off may decide a tied trial.")
    reply = ask(model, context, "Which elements decide the points in a sheepdog trial?")
    assert "the outrun, the lift, the fetch and the pen" in reply


def test_another_name_before_the_asked_name_s_noun_is_about_another_one(model):
    context = "The Wendle ferry sails at 09:00. The Orrin ferry was withdrawn in May 2023."
    assert "May 2023" not in ask(model, context, "When was the Wendle ferry withdrawn?")
    assert "May 2023" in ask(model, context, "When was the Orrin ferry withdrawn?")


def test_a_sentence_that_only_says_when_it_starts_does_not_say_when_it_ends(model):
    context = "The Tarn Ridge night hike starts at 9pm and lasts three hours, including a 20-minute stop for soup."
    reply = ask(model, context, "What time does the hike end?")
    assert "starts at 9pm" not in reply and ("00:00" in reply or "cannot" in reply.lower())
    route = "The carnival assembles at Mill Lane and sets off at noon. It ends at the Harbour Green."
    assert "Harbour Green" in ask(model, route, "Where does the carnival finish?")


def test_a_critic_reads_a_clock_time_without_am_or_pm_as_either_half_of_the_day(model):
    reply = str(model.invoke("Context: The ghost walk starts at 8pm and ends at 21:30 outside the Blue Boar.\n"
                             "Question: What time does the walk end?\nAnswer: Half past nine.\n\n"
                             "Rate the answer from 1 to 10.").content)
    assert "Correctness: correct" in reply
    morning = str(model.invoke("Context: The ghost walk starts at 8pm and ends at 21:30 outside the Blue Boar.\n"
                               "Question: What time does the walk end?\nAnswer: 9.30am.\n\n"
                               "Rate the answer from 1 to 10.").content)
    assert "Correctness: incorrect" in morning


def test_a_contracted_question_word_and_a_code_with_digits_are_read_whole(model):
    context = "Feeding chart: RX7 pellets, 2.5 kg a day for growers. A hog eats about 3 kg a day."
    reply = ask(model, context, "What's the amount of RX7 pellets a day for growers?")
    assert "2.5 kg" in reply


def test_a_date_asked_with_what_s_the_date_needs_a_date_and_a_range_gives_the_asked_end(model):
    notes = "Last year's fair was held on 3 May. This year's fair moves to the Corn Hall and stalls must book by 1 April."
    assert "cannot" in ask(model, notes, "What's the date of this year's fair?").lower()
    hours = "Opening hours at the lido: weekdays 7am to 7pm; Sundays 9am to 2pm."
    reply = ask(model, hours, "What time does the lido finish on Sundays?")
    assert "2pm" in reply and "9am" not in reply


def test_a_critic_takes_a_leading_answer_before_a_dash_and_one_of_several_figures_settles_nothing(model):
    percent = str(model.invoke("Q: Ola scored 18 of her 24 penalties. What percentage is that?\n"
                               "A: 75% - 18 divided by 24 is 0.75.\nScore this answer from 0 to 10.").content)
    assert "Correctness: correct" in percent
    ciders = str(model.invoke("The farm presses a sweet cider at 4% and a dry cider at 6.5%.\nA visitor asked how strong "
                              "the dry cider is, and I replied: \"4%.\"\nMark the reply out of 10.").content)
    assert "Correctness: correct" not in ciders


def test_a_critique_works_out_a_share_the_context_names_of_its_one_sum(model):
    prompt = ("Context: A restored spinning wheel costs £420. We ask for a quarter of the price up front.\n"
              "Question: How much is paid up front?\nAnswer: {}\n\nRate the answer from 1 to 10.")
    assert _score_line(model, prompt.format("£105.")) in ("Score: 8/10", "Score: 9/10", "Score: 10/10")
    assert _score_line(model, prompt.format("£140.")) in ("Score: 1/10", "Score: 2/10", "Score: none")
    deposit = ("Context: The hand-bound album costs £240. We take a third of the price as a deposit.\n"
               "Question: How much is the deposit?\nAnswer: {}\n\nRate the answer from 1 to 10.")
    assert _score_line(model, deposit.format("£80.")) in ("Score: 8/10", "Score: 9/10", "Score: 10/10")
    assert _score_line(model, deposit.format("£60.")) in ("Score: 1/10", "Score: 2/10")


def test_a_worked_total_is_not_wrong_for_leaving_out_a_figure_of_its_sum(model):
    prompt = ("Context: A relay heat has four legs of 400 m and three changeovers of 20 m, with a 30-second pause "
              "after each leg.\nQuestion: How far do the runners cover in a heat?\nAnswer: 1,660 m.\n\n"
              "Grade the answer from 1 to 5.")
    assert not _score_line(model, prompt).startswith(("Score: 1/5", "Score: 2/5"))


def test_a_question_asked_indirectly_with_ask_is_the_question_the_reply_answers(model):
    prompt = ("Bookings this week: the bell tower tour on Tuesday, the crypt tour on Thursday.\nA visitor phoned to "
              "ask when the crypt tour runs, and I replied: \"On Tuesday.\"\nHow good was the reply, from 1 to 5?")
    assert not _score_line(model, prompt).startswith(("Score: 4/5", "Score: 5/5"))


def test_a_sum_of_the_contexts_figures_is_not_wrong_for_naming_none_of_them(model):
    prompt = ("Context: The farrier takes 30 minutes to trim a hoof set and 45 minutes to shoe. The forge opened in "
              "2015.\nQuestion: How long does a trim followed by shoeing take?\nAnswer: 75 minutes.\n\n"
              "Give the answer a mark from 1 to 5.")
    assert not _score_line(model, prompt).startswith(("Score: 1/5", "Score: 2/5"))


def test_a_figure_given_as_someones_working_or_told_to_someone_is_judged_not_noted(model):
    worked = ("The kennels charge £18 a night for one dog. Mr Abara's dog stays for 5 nights. My colleague worked "
              "out his bill as £90.\nRate my colleague's figure from 1 to 10.")
    assert _score_line(model, worked).startswith("Score:")
    told = ("The museum opens at 10:00 on weekdays and 11:00 on Sundays. A visitor asked when it opens on Sunday, "
            "and I told her: \"At ten.\"\nHow good was that reply, on a scale of 1 to 5?")
    assert not _score_line(model, told).startswith(("Score: 4/5", "Score: 5/5"))


def test_a_share_of_a_named_figure_is_worked_out_from_that_figure(model):
    prompt = ("Context: The working load of a climbing rope is one fifth of the rated load. Rope R-7 has a rated load "
              "of 20 kN; a sample of it failed at 17.5 kN.\nQuestion: What is the working load of rope R-7?\n"
              "Answer: {}\n\nRate from 1 to 10.")
    assert _score_line(model, prompt.format("4 kN.")) in ("Score: 8/10", "Score: 9/10", "Score: 10/10")
    assert _score_line(model, prompt.format("3.5 kN.")) in ("Score: 1/10", "Score: 2/10", "Score: none")


def test_a_rule_with_conditions_is_not_settled_by_one_clause_that_names_the_subject(model):
    prompt = ("Rule: a member may lead a walk only after at least 6 months in the club and at least 10 walks.\n"
              "Ines joined 8 months ago and has done 7 walks.\nQuestion: Can Ines lead a walk?\n"
              "Answer: Yes, she joined more than six months ago.\nRate the answer from 1 to 10.")
    assert not _score_line(model, prompt).startswith(("Score: 8/10", "Score: 9/10", "Score: 10/10"))


def test_a_critic_reads_a_figure_someone_gave_without_a_colon(model):
    told = str(model.invoke("The seed library asks a 20% deposit on its £45 seed-saving kit. A member asked what the "
                            "deposit is, and the volunteer told her £90.\nRate the volunteer's answer from 1 to 10.").content)
    assert told.startswith("Score:") and "Noted" not in told  # a critique, not a note to remember
    assert _score_line(model, "The kit costs £45 and we take a 20% deposit. The volunteer told her the deposit is "
                              "£90.\nMark the volunteer's answer out of 10.") in ("Score: 1/10", "Score: 2/10",
                                                                                  "Score: none")


def test_a_critic_does_not_overrule_a_worked_answer_with_its_own_reading(model):
    rounded = ("Problem: A hat-block maker carves 4 blocks a day. How many working days does an order of 18 blocks "
               "need?\nAnswer given: 18 / 4 = 4.5, so 5 working days.\nGrade the answer from 1 to 5.")
    assert _score_line(model, rounded) not in ("Score: 1/5", "Score: 2/5")  # rounding up is no error to punish
    excess = ("Problem: The mill ground 150 kg on Saturday against an average of 120 kg. By what percentage was the "
              "average exceeded?\nAnswer given: (150 - 120) / 120 = 0.25, so by 25%.\nScore the answer out of 100.")
    assert _score_line(model, excess) not in ("Score: 0/100", "Score: 5/100", "Score: 10/100")
    slip = ("Problem: Four blocks at £12 each are paid for with a £50 note. What is the change?\n"
            "Answer given: 4 x 12 = 46, so £4.\nGrade the answer from 1 to 5.")
    assert _score_line(model, slip) in ("Score: 1/5", "Score: 2/5")  # a wrong sum is still a wrong answer


def test_a_value_one_step_from_the_context_and_a_value_of_another_clause_are_not_the_context_s_answer(model):
    before = ("Context: The bell-less tower club has 52 members, four of whom joined in May.\nQuestion: How many "
              "members did it have before May?\nAnswer: 48.\nScore from 0 to 10.")
    assert _score_line(model, before) not in ("Score: 0/10", "Score: 1/10", "Score: 2/10")
    assert "cannot" in ask(model, "The bridge takes walkers aged 8 and over, and Hector is the longest-serving "
                                  "warden.", "How old is Hector?").lower()


def test_a_measure_is_no_count_of_people(model):
    context = "The narrowboat Kingfisher is 18 metres long and sleeps four in two cabins."
    reply = ask(model, context, "How many people can sleep on the Kingfisher?")
    assert "four" in reply and "18" not in reply
    assert "18" in ask(model, context, "How many metres long is the Kingfisher?")


_LENGTHS = ("Problem: A harpsichord maker has 7 metres of walnut strip and cuts it into 40 cm lengths. How many full "
            "lengths can she cut?\nAnswer given: {}\nRate the answer from 1 to 10.")


def test_a_whole_answer_rounded_against_the_question_is_wrong_and_a_rounded_decimal_checks_out(model):
    reply = str(model.invoke(_LENGTHS.format("700 / 40 = 17.5, so 18 lengths.")).content)
    assert reply.startswith(("Score: 1/10", "Score: 2/10")) and "must round down" in reply
    reply = str(model.invoke(_LENGTHS.format("700 / 40 = 17.5, so 17 lengths.")).content)
    assert not reply.startswith(("Score: 1/10", "Score: 2/10", "Score: 3/10"))
    from labkit.llm.offline.critique import arithmetic_findings
    assert [ok for ok, _ in arithmetic_findings("3,000 / 7 = 428.6 and 3,000 / 7 = 428.5; 10 / 4 = 3.")] == [
        True, False, False]  # a decimal is read as rounded to its places; a whole number must be exact


def test_right_working_the_solver_reads_differently_gets_no_score_not_a_low_one(model):
    prompt = ("Problem: A harpsichord needs 240 hours of work. Two makers each work 6 hours a day. How many days does "
              "it take?\nAnswer given: Together they work 12 hours a day, and 240 / 12 = 20 days.\n"
              "Rate the answer from 1 to 10.")
    reply = str(model.invoke(prompt).content)
    assert "Correctness: incorrect" not in reply and not re.match(r"Score: [1-4]/10", reply)


def test_a_time_range_says_when_a_thing_starts_and_a_rival_name_may_have_a_modifier(model):
    context = ("The Tuesday pottery workshop runs from 10:00 to 12:30. The Friday late workshop starts at 19:00.")
    start = ask(model, context, "When does the Tuesday workshop start?")
    assert "10:00" in start and "19:00" not in start and "12:30" not in start
    end = ask(model, context, "When does the Tuesday workshop finish?")
    assert "12:30" in end and "19:00" not in end


def test_the_name_of_the_asked_thing_is_no_answer_to_who(model):
    context = "The Holloway Road Lido was opened in 1931 by the mayor Agnes Pell. Its first gala was judged by Tom Reyes."
    reply = ask(model, context, "Who opened the lido?")
    assert "Agnes Pell" in reply and "Tom Reyes" not in reply
    answer = ("Context: " + context + "\nQuestion: Who opened the lido?\nAnswer: {}\nRate the answer from 1 to 10.")
    assert _score_line(model, answer.format("Tom Reyes, who judged its first gala.")) in ("Score: 1/10", "Score: 2/10")
    assert _score_line(model, answer.format("The mayor, Agnes Pell.")) in ("Score: 8/10", "Score: 9/10",
                                                                          "Score: 10/10")


def test_a_critic_reads_chained_sums_and_amounts_with_a_currency_sign(model):
    from labkit.llm.offline.critique import arithmetic_findings
    assert [ok for ok, _ in arithmetic_findings("2 x 45 + 30 = 90 + 30 = 120, and 4 x £15 = £60.")] == [True, True,
                                                                                                      True]
    prompt = ("Problem: A kiln hire costs 45 euros an hour plus a 30 euro cleaning fee. What does a 2-hour hire cost?"
              "\nAnswer given: 2 x 45 + 30 = 90 + 30 = 120 euros.\nRate the answer from 1 to 10.")
    assert "Correctness: incorrect" not in str(model.invoke(prompt).content)


def test_a_discount_past_a_limit_applies_only_past_it(model):
    from labkit.llm.offline.arithmetic import solve
    over = solve("A choir orders 30 folders at £20 each. The printer takes 10% off orders over £500. What is the total?")
    assert over is not None and over.value == 540
    under = solve("A choir orders 20 folders at £20 each. The printer takes 10% off orders over £500. What is the total?")
    assert under is not None and under.value == 400
    prompt = ("Question: A choir orders 30 folders at £20 each. The printer takes 10% off orders over £500. What is "
              "the total?\nStudent answer: 30 x 20 = £600, and taking off the 10 gives £590.\n"
              "Grade the student answer from 1 (wrong) to 5 (fully correct).")
    assert _score_line(model, prompt) in ("Score: 1/5", "Score: 2/5")  # no shown sum reaches 590: it is not a reading


def test_a_comparison_of_two_names_the_larger_and_the_difference(model):
    context = "The Pell Street wall has two routes: the Slab, 14 metres high, and the Roof, 18 metres high."
    reply = ask(model, context, "Which route is higher, and by how much?")
    assert reply.startswith("Roof") and "4 metres" in reply
    assert ask(model, context, "Which route is lower?").startswith("Slab")
    prompt = f"Context: {context}\nQuestion: Which route is higher, and by how much?\nAnswer: {{}}\nRate it from 1 to 10."
    low = ("Score: 1/10", "Score: 2/10", "Score: 3/10", "Score: 4/10")
    assert _score_line(model, prompt.format("The Slab, at 18 metres, is higher by 4 metres.")) in low
    assert _score_line(model, prompt.format("The Roof, by 5 metres.")) in low
    assert _score_line(model, prompt.format("The Roof is 4 metres higher than the Slab.")) not in low


def test_a_critic_settles_a_compound_question_only_part_by_part(model):
    prompt = ("Context: The Kessock bothy was built by the estate's ghillies and sleeps six.\n"
              "Question: Who built the bothy, and when was it restored?\n"
              "Answer: The estate's ghillies built it, and it was restored in 1998.\nRate the answer from 1 to 10.")
    assert _score_line(model, prompt) == "Score: none"


def test_a_critic_does_not_compare_a_sum_in_one_unit_with_an_answer_asked_in_another(model):
    prompt = ("Problem: A paddock is 150 m long and 60 m wide. What is its area in hectares?\n"
              "Answer given: 150 x 60 = 9,000 square metres, which is 0.9 hectares.\nRate the answer from 1 to 10.")
    assert "Correctness: incorrect" not in str(model.invoke(prompt).content)


def test_a_percentage_added_to_an_amount_as_a_bare_number_is_wrong(model):
    prompt = ("Question: A loom costs 640 euros and the maker adds 15% for delivery. What is the total?\n"
              "Student answer: {}\nGrade the student answer from 1 (wrong) to 5 (fully correct).")
    assert _score_line(model, prompt.format("640 + 15 = 655 euros.")) in ("Score: 1/5", "Score: 2/5")
    assert _score_line(model, prompt.format("15% of 640 is 96, so 640 + 96 = 736 euros.")) not in ("Score: 1/5",
                                                                                                 "Score: 2/5")


def test_over_times_taken_the_fastest_took_the_least(model):
    context = ("At the sledge race, sledge 3, Red Comet, finished in 48 seconds; sledge 7, Blue Streak, in 1 minute 2 "
               "seconds; and sledge 5, Old Faithful, in 51 seconds.")
    assert ask(model, context, "Which sledge was the fastest?").startswith("Red Comet")
    assert ask(model, context, "Which sledge was the slowest?").startswith("Blue Streak")


def test_acts_and_rounds_are_labels_and_a_shared_job_is_divided(model):
    from labkit.llm.offline.arithmetic import solve
    show = solve("The pantomime starts at 18:45. Act one lasts 55 minutes, the interval 15 minutes and act two 50 "
                 "minutes. When does it end?")
    assert show is not None and show.value == "20:45"
    job = solve("Re-roofing the barn takes 360 hours of work. Three roofers each work 6 hours a day. How many days "
                "does it take?")
    assert job is not None and job.value == 20  # not 360 x 3 x 6


def test_a_designation_is_part_of_a_name_and_a_name_word_of_the_question_can_answer_who(model):
    satellite = "The Kora-2 satellite orbits at 540 kilometres and completes an orbit every 95 minutes."
    assert [v.text for v in entities(satellite)] == ["Kora-2"]
    prompt = ("Context: {}\nQuestion: {}\nAnswer: {}\nRate the answer from 1 to 10.")
    assert _score_line(model, prompt.format(satellite, "At what altitude does Kora-2 orbit?",
                                            "It orbits at 540 kilometres.")) not in ("Score: none", "Score: 1/10")
    vineyard = "The Morel vineyard covers 22 hectares near Dijon. It was planted by Anne Morel in 1962."
    assert "Anne Morel" in ask(model, vineyard, "Who planted the Morel vineyard?")
    assert _score_line(model, prompt.format(vineyard, "Who planted the Morel vineyard?",
                                            "It was planted by the Dijon council.")) in ("Score: 1/10", "Score: 2/10")


def test_how_long_a_timed_session_lasts_is_worked_from_its_own_range(model):
    notes = ("At the Glenorrin School of Piping, beginners' chanter lessons run on Mondays from 18:00 to 19:00. "
             "The advanced pipe class runs on Thursdays from 19:30 to 21:30.")
    assert ask(model, notes, "How long is the advanced class?").startswith("2 hours")
    assert ask(model, notes, "How long are the beginners' lessons?").startswith("1 hour")
    reply = str(model.invoke(f"Notes: {notes}\nQuestion: How long is the advanced class?\nAnswer: Ninety minutes.\n"
                             "Give the answer a mark from 0 to 10.").content)
    assert _score_line(model, f"Notes: {notes}\nQuestion: How long is the advanced class?\nAnswer: Ninety minutes.\n"
                              "Give the answer a mark from 0 to 10.") in ("Score: 0/10", "Score: 1/10", "Score: 2/10")
    assert "advanced, class" in reply and "clas," not in reply  # key terms as the question writes them


def test_start_and_stop_verbs_need_not_be_in_the_context_but_the_right_end_must_be(model):
    hops = "Picking of the Goldings starts on 4 September and the Fuggles follow a week later."
    assert "4 September" in ask(model, hops, "When does the picking of the Goldings begin?")
    lift = "The lift starts at 9am and the café opens at 10am."
    assert "9am" not in ask(model, lift, "What time does the lift stop?")  # a start is no answer to 'stop'
    walk = "The river walk starts at 14:00 and lasts two hours, including a 20-minute stop at the lock."
    assert "14:00" not in ask(model, walk, "What time does the walk finish?")  # (a stop on the way ends nothing)


def test_each_in_a_look_up_question_is_no_sum_to_do(model):
    reply = str(model.invoke("Beginners' course: six Tuesday evening sessions from 7 pm to 9 pm, starting 4 May. "
                             "£75 including hire.\nWhat time does each session finish?").content)
    assert "quantities" not in reply  # a look-up, the answer skill's to answer or decline


def test_things_bought_at_a_price_of_one_are_counted_by_their_own_name():
    from labkit.llm.offline.arithmetic import solve
    tickets = solve("A cinema ticket costs £9.50. How much do 4 tickets cost?")
    assert tickets is not None and tickets.answer == "£38"
    both = solve("A notebook costs $3 and a pen costs $1.20. How much do 5 notebooks and 2 pens cost?")
    assert both is not None and both.answer == "$17.40"
    assert solve("A notebook costs $3 and a pen costs $1.20. How much do 5 notebooks cost?") is None  # pens uncounted


def test_what_someone_pays_asks_for_a_sum_of_money(model):
    context = "Entry to the Harwick lido is £6 for adults and £3 for children."
    assert ask(model, context, "What do children pay?").startswith("£3")


@pytest.mark.parametrize("problem, answer", [
    ("The fair raised £2,400 this year. That's 20% more than last year. How much did it raise last year?", "£2000"),
    ("A shop sold 180 bikes this year, 10% fewer than last year. How many did it sell last year?", "200 bikes"),
    ("The ramble starts one hour before low tide and lasts 1 hour 50 minutes. Low tide is at 3:05 pm. What time does "
     "the ramble finish?", "15:55"),
    ("A mill grinds 45 kg of wheat an hour. It runs for 2 hours 40 minutes, and the flour goes into 1.5 kg bags. How "
     "many bags does it fill?", "80"),
])
def test_a_percentage_of_an_earlier_figure_a_time_before_and_a_measure_per_bag(problem, answer):
    from labkit.llm.offline.arithmetic import solve
    found = solve(problem)
    assert found is not None and found.answer == answer


def test_a_target_the_question_sets_is_not_summed_and_a_rate_is_no_total(model):
    from labkit.llm.offline.arithmetic import solve
    assert solve("Aisha is 11 and her brother is 3 years older. In how many years will their ages add up to 41?") \
        is None  # not 11 + 3 + 41
    reply = str(model.invoke("The van uses a litre of diesel every 8 miles. Last month it drove 960 miles, and "
                             "diesel costs £1.45 a litre. What did last month's diesel cost?").content)
    assert "£1.45" not in reply


def test_options_defined_one_a_line_under_a_request_to_pick(model):
    from labkit.llm.offline.classify import defined_options
    labels, described = defined_options("Reply with one class only:\nFUN - any crew in fancy dress\n"
                                        "OPEN - a home-built raft, no fancy dress")
    assert labels == ["FUN", "OPEN"] and described["OPEN"] == "a home-built raft, no fancy dress"
    assert defined_options("Our week:\nMonday - swimming\nTuesday - rest")[0] == []  # no request to pick


def test_a_bare_and_lists_things_it_adds_them_only_for_a_total():
    from labkit.llm.offline.arithmetic import solve, word_problem_expression
    assert solve("The hall has a six-ring cooker, 10 trestle tables and 60 stacking chairs. How many cars can park "
                 "at the hall?") is None
    together = solve("The hall has 10 trestle tables and 60 stacking chairs. How many pieces of furniture in total?")
    assert together is not None and together.value == 70
    assert word_problem_expression("Maria has twelve apples. She gives away 5 and then buys 8 more. How many now?") \
        == "12 - 5 + 8"  # another cue beside the 'and' decides
