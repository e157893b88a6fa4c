"""Structured output ties every value to its field: a value of the right type that the text's own words tie to the
field, else null (or an honest refusal for a required field). Sentences written for these tests, on topics absent
from the probe suites (puppet theatres, galleries, chapels, film festivals, botanical cuttings)."""

from __future__ import annotations

from labkit.llm.offline.structured import FieldSkills, fill_schema, guess_type, named_value


def _schema(**fields: object) -> dict:
    return {"type": "object", "properties": {k: ({"type": t} if isinstance(t, str) else t) for k, t in fields.items()}}


def test_a_possessive_name_that_owns_no_noun_keeps_its_s():
    found = fill_schema(_schema(chapel="string", date="string"), "The recital is at St Aldhelm's, Corfe on 2 May 2031.")
    assert found["chapel"] in (None, "St Aldhelm's")  # never the town after the comma, never "St Aldhelm"
    assert found["date"] == "2031-05-02"


def test_a_name_after_a_placed_name_and_a_comma_is_no_lone_value():
    assert fill_schema(_schema(chapel="string"), "The recital is at St Aldhelm's, Corfe.") == {"chapel": None}


def test_a_single_letter_that_a_word_goes_on_qualifying_is_not_a_code():
    assert named_value("key", "The sonata in key B minor lasts 20 minutes.") is None
    assert named_value("zone", "Park in zone B.") == "B"


def test_two_days_of_one_month_are_two_dates_and_a_plural_date_key_is_a_list():
    assert guess_type("dates") == "array" and guess_type("show_times") == "array"
    found = fill_schema({"type": "object", "properties": {"festival": {}, "dates": {}}},
                        "The Lumen Film Festival runs on 6 and 7 May 2031 at the Arcadia cinema.")
    assert found == {"festival": "Lumen Film Festival", "dates": ["2031-05-06", "2031-05-07"]}


def test_a_year_never_fills_a_count_and_the_last_quantity_needs_a_tie():
    assert fill_schema(_schema(on_loan="integer"), "The gallery holds two Turner sketches; another goes on loan in 2029.") \
        == {"on_loan": None}  # neither the year nor the one number left (of another clause)
    assert fill_schema(_schema(dancers="integer", soloists="integer"),
                       "The troupe has thirty dancers and four of them are soloists.") == {"dancers": 30, "soloists": 4}


def test_an_integer_field_never_takes_a_fraction_rounded():
    found = fill_schema(_schema(sketches="integer", on_loan="integer"),
                        "The gallery holds two Turner sketches; a third goes on loan in 2029.")
    assert found == {"sketches": 2, "on_loan": None}


def test_a_name_between_an_article_and_a_noun_is_no_lone_value():
    assert fill_schema(_schema(finish="string"), "She ordered a Bauhaus chair for the study.") == {"finish": None}


def test_likeness_of_meaning_alone_fills_no_name_field():
    everything_alike = FieldSkills(similarity=lambda query, texts: [0.9] * len(texts))
    found = fill_schema(_schema(sponsor="string", mascot="string"),
                        "Tickets for the Velvet Lantern puppet show sold out in Tarnow.", everything_alike)
    assert found == {"sponsor": None, "mascot": None}


def test_a_lone_name_comes_with_the_noun_it_qualifies():
    assert fill_schema(_schema(species="string"), "We potted Ficus benjamina cuttings.") == {"species": "Ficus benjamina"}
