"""Offline model (issue 12), stop 35: sentiment reads a published general lexicon (VADER) beside the small hand one,
words of expectation or agreement are no opinion, labels made of a verb of liking ("enjoyed" / "did not enjoy" /
"can't tell") are polarities, ironic praise inside a quotation makes the rest irony too, and "Reply X or Y" offers
X, not "Reply X". Own sentences; topics absent from the probes."""

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
