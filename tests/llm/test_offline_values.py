"""Typed value extraction: every kind on several phrasings, spans that never overlap, and names from cues."""

from __future__ import annotations

import datetime as dt

import pytest

from labkit.llm.offline.values import (add_minutes, entities, extract, format_minutes, minutes_between, numbers,
                                       parse_number)


def kinds_and_values(text: str, **kw) -> list[tuple[str, object]]:
    return [(v.kind, v.value) for v in extract(text, **kw)]


@pytest.mark.parametrize("text, value", [
    ("1,250", 1250), ("12,000.5", 12000.5), ("0.75", 0.75), ("seventeen", 17), ("forty-two", 42),
    ("two hundred and five", 205), ("three thousand four hundred", 3400), ("a dozen", 12), ("two dozen", 24),
    ("half a dozen", 6), ("half", 0.5), ("three quarters", 0.75), ("two and a half", 2.5), ("a hundred", 100),
    ("2 million", 2_000_000), ("5k", 5000),
])
def test_numbers_in_digits_and_words(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["seven apples", "banana", "", "12 13"])
def test_not_one_number(text):
    assert parse_number(text) is None


def test_thousands_separator_is_one_number_not_two():
    assert [v.value for v in numbers("The hall seats 1,250 people and 3,400 came.")] == [1250, 3400]


def test_counted_noun_is_kept_and_verbs_are_not_nouns():
    found = numbers("A tank holds 1200 litres; 300 g of flour; 12 multiplied by 7")
    assert [(v.value, v.unit) for v in found] == [(1200, "litres"), (300, "g"), (12, ""), (7, "")]


def test_one_as_a_pronoun_is_not_a_number():
    assert numbers("Pick the red one, not that one.") == []
    assert [v.value for v in numbers("One ticket costs 9 euros.")] == [1, 9]


@pytest.mark.parametrize("text, value, currency", [
    ("$1.50", 1.5, "USD"), ("80 dollars", 80, "USD"), ("EUR 12", 12, "EUR"), ("€12.40", 12.4, "EUR"),
    ("450 kroner", 450, "NOK"), ("£3", 3, "GBP"), ("twenty euros", 20, "EUR"), ("$2 million", 2_000_000, "USD"),
    ("NOK 1,200", 1200, "NOK"),
])
def test_money(text, value, currency):
    (found,) = extract(f"It cost {text} in the end.")
    assert (found.kind, found.value, found.unit) == ("money", value, currency)


def test_cents_are_fractions_of_a_unit_and_pounds_of_weight_are_not_money():
    assert kinds_and_values("a stamp is 60 cents") == [("money", 0.6)]
    assert kinds_and_values("5 pounds of apples") == [("number", 5)]


@pytest.mark.parametrize("text, value", [("25%", 25), ("15 percent", 15), ("7.5 per cent", 7.5), ("ten percent", 10)])
def test_percentages(text, value):
    assert kinds_and_values(f"a rise of {text} this year") == [("percent", value)]


@pytest.mark.parametrize("text, iso", [
    ("2025-03-14", "2025-03-14"), ("14 March 2025", "2025-03-14"), ("March 14, 2025", "2025-03-14"),
    ("the 14th of March, 2025", "2025-03-14"), ("Friday, 14 March 2025", "2025-03-14"), ("Mar. 14 2025", "2025-03-14"),
    ("14.03.2025", "2025-03-14"), ("3/14/2025", "2025-03-14"), ("14/3/2025", "2025-03-14"),
    ("September 2022", "2022-09"), ("5 May", "--05-05"),
])
def test_dates_become_iso(text, iso):
    assert [v.value for v in extract(f"It happened on {text}.", kinds=("date",))] == [iso]


def test_may_the_verb_is_not_a_month():
    assert extract("May I book a table? You may.", kinds=("date",)) == []


def test_relative_dates_need_a_clock():
    assert extract("We leave tomorrow.", kinds=("date",)) == []
    friday = dt.date(2026, 12, 4)  # a Friday
    assert [v.value for v in extract("tomorrow, next Friday", kinds=("date",), today=friday)] == ["2026-12-05", "2026-12-11"]


@pytest.mark.parametrize("text, clock", [
    ("19:30", "19:30"), ("7.30 pm", "19:30"), ("7:30pm", "19:30"), ("7 p.m.", "19:00"), ("12 am", "00:00"),
    ("half past six", "06:30"), ("half past six in the evening", "18:30"), ("quarter to eight", "07:45"),
    ("ten past nine at night", "21:10"), ("noon", "12:00"), ("midnight", "00:00"),
    # an hour from one to five written in words, with nothing to mark the morning, is in the afternoon
    ("five o'clock", "17:00"), ("ten past four", "16:10"), ("four in the morning", "04:00"), ("4.10", "04:10"),
])
def test_clock_times(text, clock):
    assert [v.value for v in extract(f"We meet at {text} sharp.", kinds=("time",))] == [clock]


def test_a_decimal_is_not_a_time_without_a_cue():
    assert kinds_and_values("The pH was 7.30 today") == [("number", 7.3)]
    assert kinds_and_values("The bus leaves at 7.30") == [("time", "07:30")]


@pytest.mark.parametrize("text, minutes", [
    ("2 hours and 15 minutes", 135), ("5 working days", 7200), ("2 h 15 min", 135), ("90 minutes", 90), ("1.5 hours", 90),
    ("an hour and a half", 90), ("half an hour", 30), ("two and a half hours", 150), ("45-minute", 45),
    ("3 days", 3 * 24 * 60), ("1 hour, 5 minutes and 30 seconds", 65.5),
])
def test_durations_in_minutes(text, minutes):
    (found,) = extract(f"The trip takes {text} in all.", kinds=("duration",))
    assert found.value == minutes and found.text == text


def test_an_age_is_not_a_duration():
    assert kinds_and_values("She is 12 years old.") == [("number", 12)]


def test_years_are_told_apart_from_counts():
    assert kinds_and_values("The 1815 eruption killed about 71,000 people; 1200 litres") == [
        ("year", 1815), ("number", 71000), ("number", 1200)]


def test_spans_never_overlap_and_point_into_the_text():
    text = "Depart 18:30 on 2025-03-14, pay $1.50 (25% off) for 2 hours and 15 minutes."
    found = extract(text)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))
    assert all(text[v.start:v.end] == v.text for v in found)
    assert [v.kind for v in found] == ["time", "date", "money", "percent", "duration"]


def test_names_places_and_organisations():
    text = ("Reserve a table at Maaemo for 4 people. Dr Ada Chen met Professor Lindqvist of Uppsala University "
            "in Lisbon. The 1815 eruption of Mount Tambora had a Volcanic Explosivity Index of 7.")
    assert [(v.kind, v.value) for v in entities(text)] == [
        ("place", "Maaemo"), ("person", "Dr Ada Chen"), ("person", "Professor Lindqvist"),
        ("organisation", "Uppsala University"), ("place", "Lisbon"), ("place", "Mount Tambora"),
        ("name", "Volcanic Explosivity Index")]


def test_the_first_word_of_a_sentence_needs_a_cue_to_be_a_name():
    assert entities("Reserve a table. Compute the total. Remember the milk.") == []
    assert [v.value for v in entities("Maria buys 3 pens. Then Maria leaves.")] == ["Maria", "Maria"]


@pytest.mark.parametrize("helper, args, expected", [
    (add_minutes, ("18:30", 135), "20:45"), (add_minutes, ("23:30", 45), "00:15"),
    (minutes_between, ("09:15", "11:40"), 145), (format_minutes, (135,), "2 hours 15 minutes"),
    (format_minutes, (60,), "1 hour"),
])
def test_clock_helpers(helper, args, expected):
    assert helper(*args) == expected


def test_a_troop_or_a_chorus_is_an_organisation():
    from labkit.llm.offline.values import entities
    kinds = {v.text: v.kind for v in entities("The Kendal Scouts, led by Ms Ada Orr, met the Dent Singers.")}
    assert kinds["Kendal Scouts"] == kinds["Dent Singers"] == "organisation"
