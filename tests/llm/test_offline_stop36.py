"""Offline model (issue 12), stop 36: word problems whose answer is the size of the thing described, a price for a
group, and a sanity check that turns a negative count or amount into an honest refusal. Own sentences; topics
absent from the probes."""

import pytest

from labkit.llm import get_model
from labkit.llm.offline.arithmetic import Abstention, work_out
from labkit.llm.offline_probes import is_refusal


@pytest.fixture(scope="module")
def model():
    return get_model("offline")


def test_a_size_the_question_asks_for_is_a_quantity_and_one_of_the_thing_is_no_count():
    found = work_out("Fresh hops lose 80% of their weight when dried. The kiln at farm no. 2 takes a 40 kg load. "
                     "How many kilograms of dried hops does one full load give?")
    assert found.value == 8


def test_a_price_after_for_is_the_price_of_the_whole_group():
    found = work_out("Ravi buys 2 kg of apples at £1.50 a kilo and a dozen rolls for £2.40. He pays with a £10 "
                     "note. How much change does he get?")
    assert found.value == pytest.approx(4.6)


def test_a_negative_count_or_amount_is_a_misreading_said_as_a_refusal(model):
    found = work_out("Mo buys 4 kg of cherries at £6.50 a kilo. He pays with a £20 note. How much change does he "
                     "get?")
    assert isinstance(found, Abstention) and "negative" in found.reason
    reply = str(model.invoke("Mo buys 4 kg of cherries at £6.50 a kilo. He pays with a £20 note. How much change "
                             "does he get?").content)
    assert is_refusal(reply), reply


def test_each_as_the_subject_of_a_sentence_is_no_multiplier():
    found = work_out("The kite club buys 60 spools of line and shares them equally among its 12 members. Each member "
                     "then gives 1 of them back to the club shed. How many spools does each member keep?")
    assert found.value == 4
    assert work_out("There are 5 boxes on the stall. Each box holds 12 eggs. How many eggs are there?").value == 60


def test_things_priced_one_by_one_in_a_container_of_unknown_size_are_declined():
    found = work_out("Each stall at the fair is given one bag of lemons, and the lemons cost 20p each. 14 stalls "
                     "took part. How much did the lemons cost?")
    assert isinstance(found, Abstention) and "how many lemons are in a bag" in found.reason
    assert work_out("Each stall is given one bag of 6 lemons, and the lemons cost 20p each. 14 stalls took part. "
                    "How much did the lemons cost?").value == pytest.approx(16.8)


@pytest.mark.parametrize("context, question, expect, forbid", [
    ("The bakery glazes its buns in honey, its plaits in apricot jam and its rolls in egg wash.",
     "What does the bakery glaze its plaits in?", "apricot", "honey"),
    ("The cider farm makes three ciders: the sweet Orchard Gold at 4%, the medium Red Streak at 5.5% and a dry "
     "perry at 6%.", "How strong is their medium cider?", "5.5%", "4%"),
])
def test_the_item_of_a_parallel_list_that_the_question_names_is_the_answer(model, context, question, expect, forbid):
    reply = str(model.invoke(f"Context: {context}\nQuestion: {question}").content)
    assert expect in reply and forbid not in reply, reply


def test_an_item_with_a_verb_of_its_own_is_no_ellipsis_and_a_range_is_one_item(model):
    reply = str(model.invoke("Context: The narrowboat Kestrel is 18 metres long and sleeps six in three cabins; the "
                             "smaller Wren sleeps four.\nQuestion: How many people can sleep on the Kestrel?").content)
    assert "six" in reply and "four" not in reply, reply
    reply = str(model.invoke("Context: Riders on the zip wire must weigh between 40 and 110 kg.\nQuestion: What is "
                             "the most a rider may weigh?").content)
    assert "between 40" not in reply.lower() or "110" in reply, reply


def test_a_figure_for_another_year_does_not_answer_this_years_question(model):
    reply = str(model.invoke("Last year's plant sale raised £430 and this year we hoped for £500. The tombola ran "
                             "out of tickets by noon.\nHow much did we raise this year?").content)
    assert is_refusal(reply) and "430" not in reply, reply


def test_a_list_with_a_unit_after_every_figure_is_averaged_alone():
    found = work_out("The three teams swam the 3 x 50 m relay in the 25 m pool. Their times were 40.5 s, 39.5 s and "
                     "42.5 s. What was the average time?")
    assert found.value == pytest.approx(40.833, abs=0.01)


def test_the_writers_own_name_is_no_town():
    from labkit.llm.offline.toolargs import tool_arguments

    tool = {"type": "function", "function": {
        "name": "enter_beard_contest", "description": "Enter a beard in the contest under the town it grows in.",
        "parameters": {"type": "object", "properties": {"entrant": {"type": "string"}, "town": {"type": "string"}},
                       "required": ["entrant", "town"]}}}
    args, missing = tool_arguments(tool, "Put me down for the beard contest please, name's Olly Brand.")
    assert args.get("town") != "Olly Brand" and "town" in missing


def test_durations_of_minutes_and_seconds_are_one_each_and_averaged_in_seconds():
    found = work_out("Her three yo-yo routines lasted 3 minutes 5 seconds, 2 minutes 50 seconds and 3 minutes 20 "
                     "seconds. What was her average routine, in seconds?")
    assert found.answer == "185 seconds"
    assert work_out("The laps took 1 minute 10 seconds, 1 minute 5 seconds and 1 minute 15 seconds. What was the "
                    "average lap?").answer == "1 minute 10 seconds"


@pytest.mark.parametrize("problem, expect", [
    ("Last year's longest kite flight was 40 minutes. This year's winner flew 15% longer. How long did this year's "
     "winner fly, in minutes?", 46),
    ("The old slipway was 80 metres long. The new one is 25% shorter. How long is the new slipway?", 60),
])
def test_a_percentage_with_a_comparative_is_an_increase_or_a_decrease(problem, expect):
    assert work_out(problem).value == pytest.approx(expect)


def test_a_trimmed_mean_leaves_out_the_highest_and_the_lowest():
    found = work_out("Four judges scored the pie 7.5, 8.5, 6.0 and 9.0. The highest and the lowest marks are dropped "
                     "and the rest are averaged. What is the pie's final mark?")
    assert found.value == pytest.approx(8.0)


def test_an_aside_about_a_person_does_not_hide_the_age_relation():
    found = work_out("Ruth, who wears bib 14 in the fun run, is four times as old as her son Ben. In six years' time "
                     "she will be twice as old as him. How old is Ruth now?")
    assert found.value == 12


def test_what_each_one_of_a_group_never_counted_needs_is_declined():
    found = work_out("Each lantern in our workshop needs 1.5 m of willow, and the willow costs £2 a metre. The "
                     "workshop runs from 2pm to 5pm. How much will the willow cost?")
    assert isinstance(found, Abstention) and "how many lanterns" in found.reason


def test_a_share_of_another_amount_is_worked_out_as_one_term_of_a_total():
    found = work_out("Quiz night: 24 people paid £3 each, the tombola raised £41.50, and the pub gave 5% of its £600 "
                     "takings. How much was raised altogether?")
    assert found.value == pytest.approx(143.5)
    assert found.steps[0] == "5% of £600 is £30."


def test_a_measure_made_an_adjective_describes_what_a_price_is_for():
    found = work_out("A one-hour pottery class used to cost £20. From May the price goes up by 15%. What does a "
                     "one-hour class cost now?")
    assert found.value == pytest.approx(23)
    assert work_out("Biscuit covered the 200-metre course in 40 seconds. What was his average speed in metres per "
                    "second?").value == 5


def test_an_answer_quoted_after_its_verb_is_judged_and_an_opinion_is_not_scored(model):
    reply = str(model.invoke('My niece asked "what is the prettiest kite design?" and her friend answered "the box '
                             'kite, because it looks like a lantern".\nHow good is that answer? Rate it 1-5.').content)
    assert is_refusal(reply) and "-4" not in reply, reply


def test_a_grade_request_on_the_last_line_after_q_and_a_is_a_critique(model):
    reply = str(model.invoke("Q: A pottery class costs £20 and the price rises by 10%. What is the new price?\nA: "
                             "£22.\nGrade 1 to 5.").content)
    assert "5/5" in reply or "4/5" in reply, reply


def test_a_yes_no_question_keeps_its_sentence_and_a_name_with_and_is_one_item(model):
    context = ("In England and Wales a garden shed under 2.5 metres tall needs no planning permission, and it must "
               "stand at least 2 metres from the boundary.")
    reply = str(model.invoke(f"Context: {context}\nQuestion: Does a garden shed need planning permission?").content)
    assert reply.startswith("In England and Wales"), reply


def test_a_lead_too_long_for_the_limit_is_cut_where_a_phrase_ends_not_mid_phrase():
    from labkit.llm.offline.summarize import summarize

    text = ("The restored 1908 steam roller at Hatherby Farm Museum is finished and will run again for the first time "
            "at the village show on 4 August, where every one of the 212 donors who paid for the boiler gets a free "
            "ride and a photograph.")
    summary = summarize(text, None, 22)
    assert not summary.endswith("...") and len(summary.split()) <= 22, summary
    assert summary.endswith("for the first time."), summary


@pytest.mark.parametrize("request_text", [
    "Plan the lantern walk so that it leaves the square at 6.30pm and everyone is at the abbey by 6pm.",
    "Plan how I can judge the cake stall in Ripley at 2pm on Sunday and be at the christening in Hull at 2pm the same "
    "day.",
])
def test_a_plan_its_own_clock_times_rule_out_is_declined(model, request_text):
    reply = str(model.invoke(request_text).content)
    assert is_refusal(reply) and "1." not in reply, reply


def test_a_plan_whose_times_fit_is_still_planned(model):
    reply = str(model.invoke("Plan the lantern walk: it leaves the square at 6pm and everyone is at the abbey by "
                             "6.30pm, then we hand out soup.").content)
    assert "1." in reply and not is_refusal(reply), reply


def test_praise_and_criticism_in_everyday_words_make_a_mixed_review(model):
    from labkit.llm.offline.classify import is_mixed, opinion

    o = opinion("The workshop was magic and the tutor is a patient teacher, but the car park was a bog and the tea "
                "was cold.")
    assert is_mixed(o), o


def test_a_count_of_whole_things_that_comes_out_fractional_is_a_misreading():
    found = work_out("A puppet show lasts 20 minutes and the puppeteer rests 15 minutes between shows. The first show "
                     "starts at 11:00 and the last must end by 4pm. How many shows can she fit in?")
    assert isinstance(found, Abstention) or float(found.value).is_integer()
    assert work_out("10 pizzas are shared equally among 4 friends. How many pizzas does each friend get?").value == 2.5


def test_something_bought_for_each_of_a_group_never_counted_is_declined():
    found = work_out("Every crew in the raft race carries one cox, and the club is buying each cox a life jacket at "
                     "£24 a jacket. The river course is 3 miles long. How much will the life jackets cost?")
    assert isinstance(found, Abstention) and "how many coxes" in found.reason, found


def test_a_share_of_a_share_of_a_sum_is_worked_in_order():
    found = work_out("Thirty entrants each paid £8 for the conker championship. 50% of the entry money goes to the "
                     "prize fund, and the champion gets 40% of the fund. How much does the champion get?")
    assert found.value == pytest.approx(48)


def test_a_step_the_writer_takes_back_is_dropped_and_a_later_sentence_stays_after_the_last_step(model):
    reply = str(model.invoke("Plan painting the shed: do the roof first - no wait, start with the door, then the "
                             "walls, and do the roof last. Then wash the brushes.").content)
    steps = [line for line in reply.splitlines() if line[:2].rstrip(".").isdigit()]
    assert [s.split(". ", 1)[1].split()[-1].lower() for s in steps] == ["door", "walls", "last", "brushes"], reply


def test_a_chatty_question_after_a_caret_is_still_a_which_question(model):
    reply = str(model.invoke('the rule card says: "Two red flags mark either side of the 50 gate and the blue flag '
                             'stands behind the 80 gate."\n^ which gate is the blue flag behind?').content)
    assert "80" in reply and "50" not in reply, reply


def test_the_clause_about_the_questions_subject_answers_a_start_in_other_words(model):
    reply = str(model.invoke("Context: The parade leaves the green at half past ten, goes round the market square, "
                             "and the fair opens at noon.\nQuestion: What time does the parade set off?").content)
    assert "10:30" in reply or "half past ten" in reply, reply


def test_a_system_message_that_makes_the_model_a_writer_of_short_updates_summarises_the_passage(model):
    reply = str(model.invoke([("system", "You write one-sentence updates for the Kettlewell Primary website."),
                              ("human", "Kettlewell Primary's conker contest ended on Friday with Ana in Year 5 "
                                        "winning with a conker that survived 31 strikes, beating last year's best by "
                                        "nine, while every class collected its conkers on the same October walk.")]
                             ).content)
    assert "1." not in reply and "Ana" in reply and reply.count(". ") == 0, reply


def test_a_check_before_a_step_goes_before_it_and_steps_each_in_a_month_go_by_date(model):
    reply = str(model.invoke("Plan barbecue day: light the coals at noon, and put the burgers on at 1pm. At 2pm we serve, "
                             "but check the burgers are cooked through before anyone eats.").content)
    steps = [line for line in reply.splitlines() if line[:2].rstrip(".").isdigit()]
    assert "Check" in steps[-2] and "serve" in steps[-1], reply
    reply = str(model.invoke("The pumpkin contest: weighing day is 10 October. Before that we need to sow the seeds "
                             "in April, and the children plant them out in June. In August we pick off the extra "
                             "fruits.").content)
    steps = [line for line in reply.splitlines() if line[:2].rstrip(".").isdigit()]
    assert [m for s in steps for m in ("April", "June", "August", "October") if m in s] == \
        ["April", "June", "August", "October"], reply


def test_how_strong_asks_for_a_figure_not_a_sentence(model):
    reply = str(model.invoke("Context: The Kelby cider contest had 31 entries this year. The winning jug, pressed by "
                             "Ann Vale, was 7% ABV. The runner-up was 8.5% ABV.\nQuestion: How strong was the winning "
                             "cider?").content)
    assert "31 entries" not in reply and ("7%" in reply or is_refusal(reply)), reply


def test_a_start_time_beside_another_time_of_the_day_is_the_one_the_duration_runs_from():
    found = work_out("The cake goes in the oven at 9.40am and needs 2 hours and 15 minutes. Tea is served at 3pm. "
                     "At what time will the cake be done?")
    assert found.answer == "11:55", found


def test_an_amount_of_something_the_problem_never_mentions_is_declined():
    found = work_out("Ravi makes his chutney with 600 g of plums for every 3 jars. This year he picked 4.2 kg of "
                     "plums. How many grams of vinegar will he need?")
    assert isinstance(found, Abstention) and "does not mention vinegar" in found.reason


def test_an_evening_session_in_words_is_pm_and_the_sum_called_altogether_is_the_total(model):
    from labkit.llm.offline.values import extract

    assert [v.value for v in extract("the half past seven evening session", kinds=("time",))] == ["19:30"]
    reply = model.invoke([("system", "Turn each booking into JSON with keys: adults (integer), children (integer), "
                                     "total_price (number)."),
                          ("human", "Two adults and one child please. I make it £32 altogether - 2 x £12 plus 1 x "
                                    "£8.")]).content
    assert '"total_price": 32' in reply, reply


def test_praise_closed_by_obviously_after_a_complaint_is_irony():
    from labkit.llm.offline.classify import opinion

    assert opinion("Stood in a damp field for two hours and saw one owl for a second. Worth every penny of the £12, "
                   "obviously.").polarity < 0
    assert opinion("The food was lovely and the staff were kind. Worth every penny, obviously.").polarity > 0


def test_short_sentences_asked_for_in_fewer_are_joined_in_pairs():
    from labkit.llm.offline.summarize import summarize

    text = ("The Ashby hog roast on Saturday was a sell-out. About 170 people came. The 60 kg pig ran out by half past "
            "eight. Jenny Cole won the raffle. The band played until eleven. The night raised £2,260 towards new "
            "nets for the club.")
    summary = summarize(text, sentences=2)
    assert summary.count(". ") + 1 == 2 and ";" in summary and "2,260" in summary, summary
