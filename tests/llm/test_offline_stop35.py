"""Offline model (issue 12), stop 35: sentiment on a published general lexicon (VADER) and labels made of a verb of
liking; intents and label lists in everyday wording; word problems with packs, ratios, splits and groups never
counted; critiques of answers given in everyday forms, checked clause by clause; plans from a week of one's own jobs;
word limits, ordinal dates, event names and numeric lists. Own sentences; topics absent from the probes."""

import pytest

from labkit.llm import get_model
from labkit.llm.offline.classify import classify, opinion
from labkit.llm.offline.prompt import read_prompt


@pytest.fixture(scope="module")
def model():
    return get_model("offline")


def _label(model, prompt: str) -> str:
    return str(model.invoke(prompt).content).strip()


def test_praise_in_words_the_hand_lexicon_lacks_is_read_from_the_general_lexicon():
    assert opinion("The regatta was the highlight of the summer and the crowd cheered every crew home.").polarity > 0
    assert opinion("A dreary afternoon of drizzle and a gloomy, half-empty grandstand.").polarity < 0


def test_what_was_agreed_or_feared_is_no_opinion_of_what_happened():
    complaint = ("Not pleased. The boat arrived a week after the date we agreed and it has no mast, which you "
                 "promised it would have.")
    assert opinion(complaint).polarity < 0
    assert classify("I was dreading the choir concert, but it wasn't nearly as dull as I'd feared.",
                    ["positive", "negative", "neutral"]).label == "positive"


@pytest.mark.parametrize("labels, expect", [
    (["enjoyed", "did not enjoy", "can't tell"], "enjoyed"),
    (["liked it", "didn't like it", "can't tell"], "liked it"),
])
def test_labels_made_of_a_verb_of_liking_are_read_as_polarities(model, labels, expect):
    text = "I'm no fan of rowing, but the head race was not bad at all and I'd happily watch it again."
    assert _label(model, f"Did the writer enjoy the head race? Answer {', '.join(labels[:-1])} or {labels[-1]}.\n"
                         f'"{text}"') == expect


def test_a_negated_verb_of_liking_label_wins_on_criticism():
    assert classify("The marquee leaked, the band was awful and we left at nine.",
                    ["enjoyed", "did not enjoy", "can't tell"]).label == "did not enjoy"


def test_ironic_praise_in_a_quotation_turns_the_rest_of_the_praise_to_irony(model):
    prompt = ('How did this rower feel about the regatta? Answer loved it, mixed, or hated it.\n'
              '"Oh wonderful, another regatta where the landing stage was half sunk and the showers were cold. '
              'Honestly can\'t wait to do it all again next summer."')
    assert _label(model, prompt) == "hated it"


def test_reply_x_or_y_offers_x_not_reply_x():
    view = read_prompt([("human", "Would this angler recommend the lake? Reply recommend or not recommend.\n"
                                  '"Cold wind, but three carp before noon. Go."')])
    assert view.labels == ["recommend", "not recommend"]


# --- word problems ----------------------------------------------------------------------------------------------------

from labkit.llm.offline.arithmetic import Solution, duration_as_asked, work_out  # noqa: E402


def _solved(text: str) -> Solution:
    found = work_out(text)
    assert isinstance(found, Solution), found
    return found


def test_the_last_figure_of_a_written_list_is_averaged_not_taken_for_the_count():
    found = _solved("The club began in 2004. Our bowler took 3, 6, 2, 9 and 4 wickets in her five games. What was "
                    "her average number of wickets per game?")
    assert found.value == 4.8


def test_a_duration_is_given_in_the_unit_the_question_asks_for():
    assert _solved("The ferry left at 9:40 am and docked at 12:10 pm. How many minutes did the crossing take?"
                   ).answer == "150 minutes"
    assert duration_as_asked(150, "How long did it take?") == "2 hours 30 minutes"


def test_one_for_every_n_scales_the_counted_group_and_says_what_it_leaves_out():
    found = _solved("32 walkers set off with their 3 leaders. The rangers hand out 1 map for every 4 walkers. How "
                    "many maps are handed out?")
    assert found.value == 8
    assert any("3 leaders are not what the ratio counts" in step for step in found.steps)


def test_a_tip_then_an_equal_split_divides_by_the_party():
    assert _solved("The 4 of us went for curry. The bill came to £52 and we added a 10% tip, then shared it "
                   "equally. How much did each of us pay?").value == 14.3


def test_a_discount_skips_the_item_bought_at_full_price():
    assert _solved("A tent is £120 but it is 20% off. I also buy a mallet at its full price of £9. What do I pay "
                   "altogether?").value == 105


def test_a_read_but_unfinished_problem_is_declined_not_answered_from_its_rate(model):
    reply = str(model.invoke("40 pupils and 5 teachers visit the farm. The farm lends 1 pair of boots for every 3 "
                             "pupils. How many pairs of boots are lent?").content)
    assert "1 pair" not in reply.splitlines()[-1]


# --- plans and summary limits -----------------------------------------------------------------------------------------

from labkit.llm.offline.plan import make_plan  # noqa: E402
from labkit.llm.offline.prompt import read_format  # noqa: E402


def test_a_plan_keeps_the_action_written_before_i_need_to_and_puts_before_that_first():
    steps = make_plan("For the bake sale: I'll set out the cakes at ten, but before that I need to wipe down a long, "
                      "narrow table, and once it's over I'll count the takings.")
    assert [s.split()[0].lower() for s in steps][:2] == ["wipe", "i'll"]
    assert "long narrow table" in steps[0] and "count the takings" in steps[-1]


def test_before_i_do_that_goes_before_the_clause_it_follows():
    steps = make_plan("I need to paint the fence, but before I do that I have to scrub off the moss.")
    assert steps == ["Scrub off the moss", "Paint the fence"]


@pytest.mark.parametrize("request_text, limit", [
    ("Give me a 30-word summary of this for the parish magazine:", 30),
    ("TL;DR, 40 words max:", 40),
    ("Sum this up in 25 words or fewer:", 25),
    ("Summarise it in 20 words.", 20),
])
def test_word_limits_in_everyday_wording_are_read(request_text, limit):
    assert read_format(request_text).max_words == limit


# --- critiques and names ----------------------------------------------------------------------------------------------

from labkit.llm.offline.values import entities  # noqa: E402


def test_an_unchecked_claim_someone_says_gets_no_score(model):
    reply = str(model.invoke("In the quoits match a ringer scores 3 and a leaner 1. Ann threw two ringers and a "
                             "leaner. My daughter says Ann scored 7 points. How would you mark her answer out of 10?"
                             ).content)
    assert reply.startswith("Score: none") and "cannot verify" in reply


def test_a_free_standing_text_still_gets_a_middle_score(model):
    reply = str(model.invoke("Rate this notice from 1 to 10: The hall opens at 7 pm; bring a plate to share.").content)
    assert not reply.startswith("Score: none")


def test_names_introduced_with_name_s_or_it_s_are_read_without_the_introduction():
    assert [v.value for v in entities("Two tickets please. Name's Owen Price.") if v.kind == "person"] == ["Owen Price"]


def test_a_question_for_a_time_is_not_classified_by_the_list_a_notice_opens_with(model):
    reply = str(model.invoke([("system", "Answer only from the notice."),
                              ("human", "Notice: Litter Pick, Sunday 3 May, Ashby Green. Meet by the pond at 10am; "
                                        "we finish at noon.\nI'm joining in - what time should I arrive?")]).content)
    assert reply.strip() not in ("Litter Pick", "Sunday 3 May", "Ashby Green")


def test_a_denied_denial_after_a_verb_of_saying_affirms():
    assert opinion("I can't say the boat trip wasn't worth it - the kids haven't stopped talking about it.").polarity > 0


def test_everyday_review_words_the_general_lexicon_lacks_are_read():
    o = opinion("The cabin was spotless and the staff attentive, but the breakfast was soggy and the tour rushed.")
    assert o.praise >= 2 and o.criticism >= 2


def test_a_quoted_x_or_not_x_is_offered_and_a_task_before_a_dash_is_no_label():
    from labkit.llm.offline.classify import find_labels, offered
    from labkit.llm.offline.skill import Turn
    view = read_prompt([("human", 'Flag the report as "urgent" or "not urgent": "The gate latch is stiff."')])
    assert offered(Turn(view))[0] == ["urgent", "not urgent"]
    assert find_labels('Roof type - flat, pitched or hipped? "It slopes on all four sides."')[0] == \
        ["flat", "pitched", "hipped"]


def test_the_sentence_that_asks_names_the_act_and_money_back_is_a_refund():
    from labkit.llm.offline.classify import classify, message_intent
    assert message_intent("I cancelled my gym plan last spring. Could you book me a squash court for Friday?") == "book"
    assert classify("I booked three seats for the panto but we're ill. Can we have our £27 back, please?",
                    ["booking", "refund", "question"]).label == "refund"


def test_whole_packs_for_a_need_and_their_cost():
    found = _solved("Each stall needs 14 tent pegs and there are 5 stalls. Pegs come in bags of 30 at £2.50 a bag. "
                    "How much will the pegs cost?")
    assert found.value == 7.5 and any("rounded up" in step for step in found.steps)
    assert _solved("We need 130 paper cups. Cups come in packs of 25. How many packs must we buy?").value == 6


def test_a_share_for_every_one_of_an_uncounted_group_is_declined():
    found = work_out("The club bought enough medals for every runner to get 2, at £1.50 a medal. How much did the "
                     "medals cost?")
    assert not isinstance(found, Solution) and "how many runners" in found.reason


# --- critiques in everyday forms ----------------------------------------------------------------------------------------

from labkit.llm.offline.critique import clause_finding, phrased_judged  # noqa: E402

_NOTICE = ("Notice: Ashby Steam Fair, Saturday 6 and Sunday 7 July. The parade leaves the top field at 11:00 on Sunday "
           "and returns at about 13:30. A standard ticket allows entry to the fair; a gold ticket also allows rides "
           "on the footplate.")


@pytest.mark.parametrize("claim, low", [("the parade leaves at 11:00 on the Sunday", False),
                                        ("the parade leaves at 11:00 on the Saturday", True)])
def test_a_chatbot_claim_is_checked_against_the_notice_that_follows_it(model, claim, low):
    reply = str(model.invoke(f"A chatbot told me that {claim}, according to the notice below. Rate its answer from "
                             f"1 to 5.\n{_NOTICE}").content)
    score = int(reply.split("/")[0].split()[-1])
    assert (score <= 2) if low else (score >= 4)


def test_the_clause_about_the_claim_s_subject_settles_it():
    assert clause_finding("A standard ticket allows footplate rides.", _NOTICE, ["standard", "ticket"]) is None
    ok, why = clause_finding("Dev's class is on Wednesday at quarter past seven.",
                             "Monday 18:30 Zumba, instructor Carla. Wednesday 19:15 Zumba Gold, instructor Dev.",
                             ["dev"])
    assert ok, why


def test_a_quoted_answer_to_a_quoted_question_is_checked_against_the_list_item_that_names_it(model):
    prompt = ('The quiz sheet printed the fixtures: "Home fixtures: Saturday 5 April v Ambleside at 14:00; Sunday 13 '
              'April v Kendal Kites at 10:30."\nQuestion 2 asked: "When do we play Kendal Kites at home?" and Sam '
              'wrote: "Saturday 5 April at two."\nMark it 0-10.')
    assert str(model.invoke(prompt).content).startswith(("Score: 0/10", "Score: 1/10"))


def test_a_quote_the_writer_owns_is_the_judged_text_and_what_follows_is_the_material():
    judged, material, question = phrased_judged('"The fair raised £900." That\'s what I wrote in the newsletter.\n'
                                                'Here are the takings: £900 from the gate.')
    assert judged == "The fair raised £900." and "takings" in material and question == ""


def test_right_sums_behind_a_conclusion_are_no_proof_of_it(model):
    reply = str(model.invoke('My brother says that if the ferry leaves every 30 minutes from 09:00 and the last '
                             'morning one goes at 12:00, there are 180 / 30 = 6 morning ferries. Give his answer a '
                             'score out of 10.').content)
    assert reply.startswith("Score: none")


def test_time_counted_back_before_an_event_and_a_span_to_now_is_no_clock_sum():
    from labkit.llm.offline.arithmetic import derive
    assert derive("What time should we arrive?", ["Kick-off is at 2.30pm and teams must be there 45 minutes "
                                                  "before kick-off."]).answer == "13:45"
    assert derive("How long has Ruth been teaching?", ["Ruth teaches on Monday at 18:30 and on Friday at "
                                                       "09:30."]) is None


# --- a second pass over fresh prompts -----------------------------------------------------------------------------------


def test_a_whole_division_with_its_remainder_is_checked_as_such():
    from labkit.llm.offline.critique import arithmetic_findings
    assert arithmetic_findings("58 / 8 = 7 remainder 2, so 8 boxes.") == [(True, "58 / 8 = 7 remainder 2 checks out.")]
    assert not arithmetic_findings("58 / 8 = 7 r 3")[0][0]


def test_a_share_among_a_group_never_counted_is_declined():
    found = work_out("The raffle raised £600. A third goes to the hall and the rest is split equally between the "
                     "helpers. How much does each helper get?")
    assert not isinstance(found, Solution) and "how many helpers" in found.reason


def test_a_negated_subject_negates_its_clause():
    assert opinion("Not a single thing went wrong all weekend.").polarity > 0


def test_options_one_a_line_under_a_tag_request_in_the_system_message(model):
    reply = str(model.invoke([("system", "Tag each email with a priority:\nhigh - someone is hurt or in danger now\n"
                                         "low - anything else\nReply with the tag only."),
                              ("human", "A child has fallen off the climbing frame and is bleeding badly.")]).content)
    assert reply == "high"


@pytest.mark.parametrize("text, iso", [("on the first of August 2026", "2026-08-01"),
                                       ("on the twenty-third of May", "--05-23"),
                                       ("on August the first", "--08-01")])
def test_days_of_the_month_in_ordinal_words(text, iso):
    from labkit.llm.offline.values import extract
    assert [v.value for v in extract(text) if v.kind == "date"] == [iso]


def test_a_sentence_that_orders_actions_is_no_goal_statement():
    steps = make_plan("We want to hold a fete on 3 May. We need the vicar's say-so, but before that we need to pick "
                      "a date. Once that's settled, email the helpers.")
    assert steps[0] == "Pick a date" and "say-so" in steps[1]


def test_three_jobs_of_one_s_own_each_at_its_time_are_a_plan_not_a_note(model):
    reply = str(model.invoke("On Monday I'll sand the boat. Tuesday morning I'll paint the hull, and in the "
                             "afternoon I'll varnish the oars.").content)
    assert reply.startswith("1. ") and "varnish the oars" in reply.splitlines()[-1]
    assert str(model.invoke("I love sailing on Sundays.").content).startswith("Noted")


def test_a_group_and_their_leader_share_as_one_more():
    found = _solved("The choir hires a coach for £168. The 13 singers and their conductor share the cost equally. How "
                    "much does each person pay?")
    assert found.value == 12 and found.steps[0] == "13 singers and their conductor make 14 people."


def test_a_numeric_list_field_takes_the_written_list_and_a_total_the_figure_after_its_word(model):
    reply = str(model.invoke("Archer: Tom Hale. 60 arrows over 6 ends. End by end: 52, 55, 49, 58, 51, 54 - total "
                             "319.\nGive me JSON with keys: archer, end_scores (list of numbers), total").content)
    import json
    data = json.loads(reply)
    assert data["end_scores"] == [52, 55, 49, 58, 51, 54] and data["total"] == 319


def test_an_event_argument_keeps_the_kind_of_event_after_the_place(model):
    def book_band(event: str, date: str) -> str:
        """Book the brass band to play at an event on a date (YYYY-MM-DD)."""
        return "ok"

    calls = model.bind_tools([book_band]).invoke("Please book the band for the Ambleside regatta on the third of "
                                                 "June 2027.").tool_calls
    assert calls[0]["args"] == {"event": "Ambleside regatta", "date": "2027-06-03"}


def test_an_ordinal_still_fills_a_place_beside_the_field_word_rule():
    from labkit.llm.offline.structured import fill_schema
    schema = {"type": "object", "properties": {"team": {"type": "string"}, "place": {"type": "integer"},
                                               "points": {"type": "integer"}}}
    assert fill_schema(schema, "Heat 4: the Otters, 2nd, 48 points.") == {"team": "Otters", "place": 2, "points": 48}
