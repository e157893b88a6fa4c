"""Structured extraction: typed fields by name, type, description and format; one quantity per field; nested objects,
lists and Optional fields; never a sentence in a short field; and the report of what was found."""

from __future__ import annotations

from typing import Optional

import pytest
from pydantic import BaseModel, Field

from labkit.llm.offline.structured import FieldSkills, extract_fields, fill_schema, fill_value, guess_type, role_of


def fill(model: type[BaseModel], text: str) -> dict:
    return fill_schema(model.model_json_schema(), text, FieldSkills())


class Eruption(BaseModel):
    volcano: str
    year: int
    vei: int
    fatalities: int


def test_numbers_go_to_the_field_their_words_name_not_the_first_number():
    text = "The 1815 eruption of Mount Tambora had a Volcanic Explosivity Index of 7 and killed about 71,000 people."
    assert fill(Eruption, text) == {"volcano": "Mount Tambora", "year": 1815, "vei": 7, "fatalities": 71000}


class Booking(BaseModel):
    guest: str
    people: int
    date: str = Field(description="the day of the booking")
    time: str
    restaurant: str


def test_typed_strings_are_values_not_sentences():
    text = "Table for 6 under the name Ingrid Solberg at Maaemo on 14 March 2025 at 7.30 pm."
    assert fill(Booking, text) == {"guest": "Ingrid Solberg", "people": 6, "date": "2025-03-14", "time": "19:30",
                                   "restaurant": "Maaemo"}


class Trip(BaseModel):
    origin: str
    destination: str
    departure_time: str
    duration_minutes: int
    price: float


def test_durations_times_and_money():
    text = "The ferry from Tromso to Skjervoy leaves at 18:30, takes 2 hours and 15 minutes and costs 450 kroner."
    assert fill(Trip, text) == {"origin": "Tromso", "destination": "Skjervoy", "departure_time": "18:30",
                                "duration_minutes": 135, "price": 450}


class Address(BaseModel):
    street: Optional[str] = None
    city: str


class Resident(BaseModel):
    name: str
    age: Optional[int] = None
    address: Address


def test_nested_objects_and_optional_fields_are_null_when_absent():
    assert fill(Resident, "Jonas Berg, 52, lives at 14 Harbour Street in Bergen.") == {
        "name": "Jonas Berg", "age": 52, "address": {"street": "14 Harbour Street", "city": "Bergen"}}
    result = extract_fields(Resident.model_json_schema(), "Maria Lopez lives in Valencia.")
    assert result.values == {"name": "Maria Lopez", "age": None, "address": {"street": None, "city": "Valencia"}}
    assert result.found["age"] is False and result.found["address.city"] is True
    assert result.missing_required == [] and result.support == 1.0


class Member(BaseModel):
    name: str
    instrument: Optional[str] = None
    age: int


class Quartet(BaseModel):
    members: list[Member]


def test_lists_of_objects_one_per_named_item():
    text = "The quartet: Ana Ruiz (violin, 34), Tom Berg (cello, 41) and Li Wei (viola, 29)."
    assert fill(Quartet, text) == {"members": [{"name": "Ana Ruiz", "instrument": "violin", "age": 34},
                                               {"name": "Tom Berg", "instrument": "cello", "age": 41},
                                               {"name": "Li Wei", "instrument": "viola", "age": 29}]}


class Bakery(BaseModel):
    ingredients: list[str]
    loaves: int
    price_per_loaf: float
    owner: Optional[str] = None


def test_lists_of_strings_and_values_next_to_their_cue():
    text = ("Each morning the bakery owned by Karl Holm bakes 120 loaves from flour, water, salt and yeast, "
            "sold at 3.50 euros each.")
    assert fill(Bakery, text) == {"ingredients": ["flour", "water", "salt", "yeast"], "loaves": 120,
                                  "price_per_loaf": 3.5, "owner": "Karl Holm"}


class Club(BaseModel):
    club_name: str
    founded: int
    members_count: int
    city: str
    president: Optional[str] = None


def test_a_qualified_name_field_and_a_person_the_text_does_not_name():
    text = "The Riverside Chess Club was founded in 1987 in Leeds and now has 64 members."
    assert fill(Club, text) == {"club_name": "Riverside Chess Club", "founded": 1987, "members_count": 64,
                                "city": "Leeds", "president": None}


def test_missing_required_fields_are_reported_not_invented():
    schema = {"type": "object", "required": ["name", "email", "phone"],
              "properties": {"name": {"type": "string"}, "email": {"type": "string"}, "phone": {"type": "string"}}}
    result = extract_fields(schema, "My name is Ola Nordmann, write to ola@example.no.")
    assert result.values == {"name": "Ola Nordmann", "email": "ola@example.no", "phone": None}
    assert result.missing_required == ["phone"] and result.support == pytest.approx(2 / 3)


def test_no_sentence_lands_in_a_short_field():
    schema = {"type": "object", "properties": {"vessel": {"type": "string"}, "captain": {"type": "string"}}}
    values = fill_schema(schema, "The storm was severe and the crossing was cancelled for the day.", FieldSkills())
    assert values == {"vessel": None, "captain": None}


def test_enum_fields_take_an_allowed_value_or_none():
    schema = {"type": "object", "properties": {"level": {"enum": ["low", "medium", "high"]}}}
    assert fill_schema(schema, "The tide will be high at noon.") == {"level": "high"}
    assert fill_schema(schema, "Nothing about tides here.") == {"level": None}
    with_classifier = FieldSkills(classify=lambda text, labels: (labels[1], 0.9))
    assert fill_schema(schema, "Nothing about tides here.", with_classifier) == {"level": "medium"}


def test_similarity_is_used_when_lent():
    calls = []

    def similarity(query, texts):
        calls.append(query)
        return [1.0 if "died" in t else 0.0 for t in texts]

    schema = {"type": "object", "properties": {"casualties": {"type": "integer"}, "injured": {"type": "integer"}}}
    values = fill_schema(schema, "In the storm 12 died and 40 were hurt.", FieldSkills(similarity=similarity))
    assert values["casualties"] == 12 and calls


def test_single_keys_by_name_only():
    text = "The board meets in Lisbon on 2025-03-14 with 9 members."
    assert fill_value("date", {}, text) == "2025-03-14"
    assert fill_value("city", {}, text) == "Lisbon"
    assert fill_value("sentiment", {}, text) is None  # no enum given: nothing to classify against


@pytest.mark.parametrize("key, expected", [("age", "number"), ("is_open", "boolean"), ("city", "string"),
                                           ("attendees", "array")])
def test_guess_type(key, expected):
    assert guess_type(key) == expected


@pytest.mark.parametrize("key, role", [("email", "email"), ("arrival_time", "time"), ("birthday", "date"),
                                       ("club_name", "organisation"), ("ship_name", "value"), ("host", "person"),
                                       ("destination", "place"), ("notes", "free_text"), ("ship", "value")])
def test_roles_from_names(key, role):
    assert role_of(key, {}) == role


class Concert(BaseModel):
    orchestra: str
    work: str
    venue: str
    date: str
    conductor: Optional[str] = None


def test_a_role_field_needs_its_role_word_and_a_possessive_names_a_work():
    text = "The Tallinn Harbour Orchestra plays Sibelius's second symphony at the Linnahall on 12 March 2025."
    assert fill(Concert, text) == {"orchestra": "Tallinn Harbour Orchestra", "work": "Sibelius's second symphony",
                                   "venue": "Linnahall", "date": "2025-03-12", "conductor": None}
    assert fill_value("conductor", {"type": "string"}, "The concert was conducted by Ada Chen.") == "Ada Chen"


def test_names_next_to_the_field_word_and_ship_names():
    chess = {"type": "object", "properties": {"white": {"type": "string"}, "black": {"type": "string"}}}
    assert fill_schema(chess, "Priya Nair (white) beat Tomasz Lis (black) in 38 moves.") == {
        "white": "Priya Nair", "black": "Tomasz Lis"}
    ferry = {"type": "object", "properties": {"ship": {"type": "string"}, "origin": {"type": "string"},
                                              "destination": {"type": "string"}, "minutes": {"type": "integer"}}}
    assert fill_schema(ferry, "The MV Hebridean Isles sails from Uig to Tarbert; the crossing takes 100 minutes.") == {
        "ship": "MV Hebridean Isles", "origin": "Uig", "destination": "Tarbert", "minutes": 100}


def test_keys_by_name_only_take_their_type_from_the_text():
    keys = {"type": "object", "properties": {"hut": {}, "beds": {}, "warden": {}}}
    assert fill_schema(keys, "Glen Feshie bothy sleeps 8 people and has a wood stove.") == {
        "hut": "Glen Feshie bothy", "beds": 8, "warden": None}  # the lone name with the noun it qualifies
    listed = {"type": "object", "properties": {"instruments": {}}}
    assert fill_schema(listed, "The quartet is a viola, a harp, a flute and a bassoon.") == {
        "instruments": ["viola", "harp", "flute", "bassoon"]}


def test_each_number_is_described_by_its_own_words():
    schema = {"type": "object", "properties": {"temperature_c": {"type": "number"}, "wind_kmh": {"type": "integer"},
                                               "city": {"type": "string"}}}
    assert fill_schema(schema, "In Bodo it was minus 3.5 degrees with winds of 40 km/h.") == {
        "temperature_c": -3.5, "wind_kmh": 40, "city": "Bodo"}


def test_titles_are_names_not_sentences_and_events_are_not_cities():
    book = {"type": "object", "properties": {"title": {"type": "string"}, "author": {"type": "string"},
                                             "pages": {"type": "integer"}, "year": {"type": "integer"}}}
    assert fill_schema(book, "Sigrid Undset's novel Kristin Lavransdatter, first published in 1920, runs to 1,100 "
                             "pages.") == {"title": "Kristin Lavransdatter", "author": "Sigrid Undset",
                                           "pages": 1100, "year": 1920}
    keys = {"type": "object", "properties": {"event": {}, "city": {}, "date": {}, "attendance": {}}}
    assert fill_schema(keys, "Over 14,000 people attended the Bergen Food Festival on 6 September 2024.") == {
        "event": "Bergen Food Festival", "city": None, "date": "2024-09-06", "attendance": 14000}


# --- named values, calibrated enums, kinds and units (issue 12: generalise to prompts nobody tuned for) ------------


class Incident(BaseModel):
    reporter: str
    priority: str
    gate: str


def test_a_field_named_in_the_text_takes_the_value_beside_its_name():
    text = "Reporter Tomas Berg says the scanner at gate C12 is broken again; this is high priority."
    assert fill(Incident, text) == {"reporter": "Tomas Berg", "priority": "high", "gate": "C12"}
    assert fill_value("status", {}, "Order 5521 - Status: shipped yesterday.") == "shipped yesterday"


def test_an_enum_takes_a_named_option_and_an_unsure_classifier_pick_is_no_value():
    schema = {"type": "object", "properties": {"priority": {"enum": ["low", "medium", "high"]}}}
    assert fill_schema(schema, "Filed as priority: medium by the night shift.") == {"priority": "medium"}
    unsure = FieldSkills(classify=lambda text, labels: (labels[0], 0.55))
    assert fill_schema(schema, "The lift on floor 2 squeaks.", unsure) == {"priority": None}


class Player(BaseModel):
    name: str
    instrument: str


class Ensemble(BaseModel):
    players: list[Player]


def test_a_required_field_missing_inside_a_list_item_is_reported_by_its_path():
    result = extract_fields(Ensemble.model_json_schema(), "Players: Ana Ruiz, Ben Okafor, Chen Wei.")
    assert result.values["players"] and "players[0].instrument" in result.missing_values
    optional = {"type": "object", "required": ["note"], "properties": {
        "note": {"anyOf": [{"type": "string"}, {"type": "null"}]}}}
    assert extract_fields(optional, "Nothing here.").missing_values == []


def test_a_quantity_of_the_wrong_kind_never_fills_a_field():
    schema = {"type": "object", "properties": {"price_per_kg": {"type": "number"}, "months": {"type": "integer"}}}
    assert fill_schema(schema, "The Vellore blue is a goat's cheese aged for 9 months.") == {
        "price_per_kg": None, "months": 9}


def test_words_every_sibling_field_shares_do_not_decide_which_number_is_which():
    schema = {"type": "object", "properties": {k: {"type": "number"} for k in (
        "adult_ticket_nok", "child_ticket_nok", "family_ticket_nok", "senior_ticket_nok")}}
    text = "An adult ticket costs 180 kroner, a child ticket 90 and a family ticket 450."
    assert fill_schema(schema, text) == {"adult_ticket_nok": 180, "child_ticket_nok": 90, "family_ticket_nok": 450,
                                         "senior_ticket_nok": None}


def test_units_in_keys_by_symbol_measured_quantity_scale_and_span():
    schema = {"type": "object", "properties": {
        "depth_m": {"type": "number"}, "water_temperature": {"type": "number"},
        "volume_million_litres": {"type": "number"}, "closed_years": {"type": "integer"}}}
    text = ("The Karst quarry lake is 31 metres deep, holds 4.6 million litres and the water is 14 degrees; it "
            "was closed to swimmers for three years.")
    assert fill_schema(schema, text) == {"depth_m": 31, "water_temperature": 14, "volume_million_litres": 4.6,
                                         "closed_years": 3}


def test_a_boolean_is_read_in_the_clause_that_mentions_it():
    schema = {"type": "object", "properties": {"dog_allowed": {"type": "boolean"}, "wifi": {"type": "boolean"}}}
    assert fill_schema(schema, "Dogs allowed on the terrace, but no wifi anywhere.") == {
        "dog_allowed": True, "wifi": False}


class Stop(BaseModel):
    town: str
    day: int
    nights: int


class Route(BaseModel):
    stops: list[Stop]


def test_parallel_list_items_are_cut_at_their_commas_and_named_by_their_first_word():
    text = "Route: Kalmar on day 1 (2 nights), Visby on day 3 (1 nights), Ystad on day 5 (3 nights)."
    assert fill(Route, text) == {"stops": [{"town": "Kalmar", "day": 1, "nights": 2},
                                           {"town": "Visby", "day": 3, "nights": 1},
                                           {"town": "Ystad", "day": 5, "nights": 3}]}


def test_ordinals_fill_position_fields_only():
    schema = {"type": "object", "properties": {"finish_position": {"type": "integer"}, "boats": {"type": "integer"}}}
    assert fill_schema(schema, "Of the 14 boats, the Kestrel finished fifth.") == {"finish_position": 5, "boats": 14}


def test_a_written_list_starts_after_its_lead_in():
    schema = {"type": "object", "properties": {"stops": {"type": "array", "items": {"type": "string"}}}}
    text = "The bus goes from Arden to Bray, stopping at Colby, Dunmore and Elgin."
    assert fill_schema(schema, text) == {"stops": ["Colby", "Dunmore", "Elgin"]}


def test_a_lone_name_far_from_a_field_word_the_text_uses_is_not_that_field():
    schema = {"type": "object", "properties": {"wood": {"type": "string"}}}
    assert fill_schema(schema, "Harlow Mills builds chairs from oak wood felled nearby.") == {"wood": None}


def test_a_place_field_prefers_a_name_typed_as_a_place():
    schema = {"type": "object", "properties": {"gallery": {"type": "string"}, "city": {"type": "string"}}}
    assert fill_schema(schema, "The Kunsthalle in Bremen reopened.") == {"gallery": "Kunsthalle", "city": "Bremen"}


def test_first_and_last_keys_take_the_first_and_last_clock_time():
    schema = {"type": "object", "properties": {"first_ferry": {"type": "string"}, "last_ferry": {"type": "string"}}}
    assert fill_schema(schema, "Ferries cross between 06:10 and 22:45.") == {"first_ferry": "06:10",
                                                                             "last_ferry": "22:45"}


def test_a_topic_is_what_the_text_is_about_never_the_whole_sentence():
    schema = {"type": "object", "properties": {"topic": {"type": "string"}}}
    assert fill_schema(schema, "Professor Ana Lund will lecture about coastal erosion at noon.") == {
        "topic": "coastal erosion"}
    assert fill_schema(schema, "Professor Ana Lund will give her yearly lecture in the main hall at noon.") == {
        "topic": None}


def schema_of(**fields: str) -> dict:
    return {"type": "object", "properties": {k: {"type": t} for k, t in fields.items()}}


def test_an_identifier_is_never_a_count_or_a_length():
    text = "Parcel 4471-B from depot 12, tracking no. 8812 3409, weighs 3 kg. Phone 0161 496 0000 for help."
    assert fill_schema(schema_of(weight_kg="number", pieces="integer"), text) == {"weight_kg": 3, "pieces": None}
    assert fill_schema(schema_of(length_m="integer"), "Narrowboat licence 602 113, moored at bay 4.") == {
        "length_m": None}


def test_an_identifier_field_still_takes_its_number():
    assert fill_schema(schema_of(ticket="integer", cost="number"), "Ticket 0057: new hinge, €35.") == {
        "ticket": 57, "cost": 35}


def test_a_year_field_takes_a_year_or_a_dates_year_never_a_small_number():
    assert fill_schema(schema_of(opened_year="integer"), "One chair lift serves the resort; it opened in March 1998.") \
        == {"opened_year": 1998}
    assert fill_schema(schema_of(founded_year="integer"), "It has 3 studios and 12 teachers.") == {
        "founded_year": None}


def test_weekdays_and_code_letters_are_no_names():
    schema = schema_of(bakery="string", pickup_day="string")
    assert fill_schema(schema, "Hatherley Bakery is open Monday to Friday. Bread orders are collected on Saturdays.") \
        == {"bakery": "Hatherley Bakery", "pickup_day": None}
    assert fill_schema(schema_of(collection_day="string"), "Open Monday to Friday; collection on Saturdays only.") == {
        "collection_day": "Saturday"}


def test_a_place_field_takes_an_unknown_name_only_where_a_place_stands():
    schema = schema_of(site="string")
    assert fill_schema(schema, "Volunteers will be told later; the dig at Marden Down is off.") == {"site": "Marden Down"}
    assert fill_schema(schema, "Volunteers will be told later.") == {"site": None}


def test_a_place_written_as_a_common_noun_on_a_named_road():
    assert fill_schema(schema_of(venue="string"), "The reading group meets in the back room on Mill Lane.") == {
        "venue": "back room on Mill Lane"}


def test_ambiguous_slashed_dates_are_read_as_the_text_confirms_or_not_at_all():
    schema = {"type": "object", "properties": {"date": {"type": "string", "format": "date"}}}
    assert fill_schema(schema, "Audit on 04/03/2026 (4 March).") == {"date": "2026-03-04"}
    assert fill_schema(schema, "Audit on 04/03/2026.") == {"date": None}
    assert fill_schema(schema, "Audit on 25/03/2026.") == {"date": "2026-03-25"}


def test_lists_come_from_their_own_clause_and_one_list_serves_one_field():
    schema = {"type": "object", "properties": {"class_times": {"type": "array", "items": {"type": "string"}},
                                               "in_stock": {"type": "array", "items": {"type": "string"}},
                                               "back_order": {"type": "array", "items": {"type": "string"}}}}
    text = "The shop opens at 09:00 and shuts at 18:00. Classes run at 10:30 and 14:00. " \
           "On the shelf: rye, spelt and barley flour. Back order: buckwheat."
    assert fill_schema(schema, text) == {"class_times": ["10:30", "14:00"], "in_stock": ["rye", "spelt", "barley flour"],
                                         "back_order": ["buckwheat"]}


def test_a_colour_list_is_the_colours_named():
    schema = {"type": "object", "properties": {"colours": {"type": "array", "items": {"type": "string"}}}}
    assert fill_schema(schema, "Our blue and white Vessel K-12, a gift from Oda Berg, sails on Fridays.") == {
        "colours": ["blue", "white"]}


def test_records_cut_at_and_their_labels_are_not_values_and_a_heading_is_no_item():
    schema = {"type": "object", "properties": {"horses": {"type": "array", "items": {
        "type": "object", "properties": {"name": {"type": "string"}, "role": {"type": "string"},
                                         "age": {"type": "integer"}}}}}}
    text = "Ploughing team at Stowe Farm: Duke (leader, age 9), Bess (near side, age 6) and Moss (rear, age 11)."
    assert fill_schema(schema, text) == {"horses": [{"name": "Duke", "role": "leader", "age": 9},
                                                    {"name": "Bess", "role": "near side", "age": 6},
                                                    {"name": "Moss", "role": "rear", "age": 11}]}


def test_a_person_of_a_place_is_the_person_and_the_place():
    schema = {"type": "object", "properties": {"builder": {"type": "object", "properties": {
        "name": {"type": "string"}, "town": {"type": "string"}}}}}
    assert fill_schema(schema, "The organ was built by Henrietta Walcot of Bristol in 1854.") == {
        "builder": {"name": "Henrietta Walcot", "town": "Bristol"}}


def test_a_code_field_with_several_codes_and_no_cue_stays_empty():
    schema = schema_of(registration="string")
    assert fill_schema(schema, "Our G-ABCD is a Robin R-200 trainer.") == {"registration": None}
    assert fill_schema(schema, "Registration G-ABCD, a Robin R-200 trainer.") == {"registration": "G-ABCD"}


def test_an_enum_option_inside_a_hyphenated_word_is_not_named():
    schema = {"type": "object", "properties": {"tariff": {"enum": ["day", "half-day", "evening"]}}}
    assert fill_schema(schema, "She booked the half-day tariff.") == {"tariff": "half-day"}


def test_a_thing_field_takes_what_a_quantity_measures_when_one_thing_is_measured():
    schema = schema_of(produce="string", kilograms="number")
    assert fill_schema(schema, "The co-op sold 300 kg of rhubarb on Saturday.") == {"produce": "rhubarb",
                                                                                   "kilograms": 300}
    assert fill_schema(schema_of(produce="string"), "It sold 3 kg of rhubarb and 5 kg of kale.") == {"produce": None}


def test_a_vessel_kind_is_no_part_of_its_name_and_names_joined_by_an_ampersand_are_one():
    schema = schema_of(boat="string", chandler="string")
    assert fill_schema(schema, "The tug Molly Brace was refitted by Harker & Lowe.")["boat"] == "Molly Brace"
    assert fill_schema(schema_of(boat="string"), "Barge Evening Star moored at noon.") == {"boat": "Evening Star"}
    assert fill_schema(schema_of(supplier="string"), "Delivered by Harker & Lowe of Hull.") == {
        "supplier": "Harker & Lowe"}


def test_a_qualified_place_field_with_several_places_and_no_cue_stays_empty():
    schema = schema_of(birth_city="string")
    assert fill_schema(schema, "The choir sang in Tromso and then at Bodo.") == {"birth_city": None}
    assert fill_schema(schema_of(sender_city="string"), "A crate reached Bergen from a farm in Voss.") == {
        "sender_city": "Voss"}


def test_a_time_its_sibling_field_labels_is_not_this_fields():
    schema = schema_of(opens="string", closes="string")
    assert fill_schema(schema, "The kiosk closes at 16:00.") == {"opens": None, "closes": "16:00"}
    assert fill_schema(schema, "The kiosk opens at 07:15 and closes at 16:00.") == {"opens": "07:15", "closes": "16:00"}


def test_a_city_claims_its_name_before_a_field_for_something_in_it():
    schema = schema_of(hotel="string", city="string")
    assert fill_schema(schema, "The Velka Grand, a 40-room hotel in Olomouc, reopened.")["city"] == "Olomouc"


def test_a_lone_name_fills_a_lone_required_field_but_never_an_optional_one():
    class Town(BaseModel):
        population: int
        river: Optional[str] = None

    assert fill(Town, "Kessel has 12,000 inhabitants.") == {"population": 12000, "river": None}


def test_a_leading_count_is_dropped_only_when_it_counts_the_items_after_it():
    schema = {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "string"}}}}
    assert fill_schema(schema, "In the box: two mugs, a kettle and a tray.") == {"items": ["two mugs", "kettle", "tray"]}
    assert fill_schema(schema, "In the box: two mugs, a tall mug and a small mug.") == {"items": ["tall mug", "small mug"]}


def test_a_number_in_another_unit_never_fills_a_field_named_for_its_unit():
    assert fill_schema(schema_of(finish_hours="number"), "The cutter retired after 30 miles.") == {"finish_hours": None}
    assert fill_schema(schema_of(distance_km="number"), "The walk is 12 km and takes 3 hours.") == {"distance_km": 12}


def test_a_number_word_after_a_is_that_number():
    assert fill_schema(schema_of(name="string", age="integer"), "Pip is a four-year-old collie.") == {
        "name": "Pip", "age": 4}


def test_a_role_field_takes_the_person_nearest_its_word_never_the_word_itself():
    schema = schema_of(ceo="string")
    assert fill_schema(schema, "Halvard Foods, whose CEO is Ines Moreau, hired 40 staff.") == {"ceo": "Ines Moreau"}


def test_non_negates_a_boolean():
    schema = {"type": "object", "properties": {"refundable": {"type": "boolean"}}}
    assert fill_schema(schema, "The deposit is non-refundable.") == {"refundable": False}
    assert fill_schema(schema, "The deposit is refundable until May.") == {"refundable": True}


def test_a_cause_field_takes_the_phrase_after_because_of_never_the_sentence():
    schema = schema_of(cause="string")
    assert fill_schema(schema, "The 09:40 ferry was cancelled because of a broken ramp.") == {"cause": "broken ramp"}
    assert fill_schema(schema, "The 09:40 ferry was cancelled.") == {"cause": None}
    assert fill_schema(schema, "The 09:40 ferry was held for ten minutes.") == {"cause": None}


def test_the_one_person_of_a_text_fills_its_one_required_person_field_but_no_optional_one():
    class Race(BaseModel):
        runner: str
        minutes: int

    class Talk(BaseModel):
        topic_minutes: int
        chair: Optional[str] = None

    assert fill(Race, "Kofi Mensah finished in 41 minutes.") == {"runner": "Kofi Mensah", "minutes": 41}
    assert fill(Talk, "Kofi Mensah spoke for 41 minutes.")["chair"] is None


def test_a_possessive_subject_is_no_lone_value():
    class Repair(BaseModel):
        part: str

    assert extract_fields(Repair.model_json_schema(), "Mr Odell's wall clock stopped last week.").values == {
        "part": None}


@pytest.mark.parametrize("key, role", [("transport", "value"), ("passport", "value"), ("candidate", "person"),
                                       ("update", "value"), ("saxophone", "value"), ("stone", "value"),
                                       ("allocation", "value"), ("home_port", "place"), ("booked_on", "date"),
                                       ("contact_phone", "phone")])
def test_a_role_word_inside_another_word_gives_no_role(key, role):
    assert role_of(key, {}) == role


def test_an_enum_field_claims_no_name():
    schema = {"type": "object", "properties": {"transport": {"enum": ["bus", "ferry"]}, "destination": {"type": "string"}}}
    assert fill_schema(schema, "We go to Orkney next week.")["destination"] == "Orkney"


def test_a_field_for_a_one_off_event_holds_a_year():
    schema = schema_of(opened="integer", rooms="integer")
    assert fill_schema(schema, "The inn opened with 12 rooms.") == {"opened": None, "rooms": 12}
    assert fill_schema(schema, "The inn opened in 1931 with 12 rooms.") == {"opened": 1931, "rooms": 12}


def test_a_role_verb_names_its_doer_the_name_before_it():
    assert fill_schema(schema_of(winner="string"), "Aino Virta (Kuopio) beat Lars Berg in the final.") == {
        "winner": "Aino Virta"}
    assert fill_schema(schema_of(seller="string"), "Ravi Menon sold the van to Ola Dahl.") == {"seller": "Ravi Menon"}


def test_a_boolean_read_off_a_label_with_the_fields_word():
    schema = {"type": "object", "properties": {"passed": {"type": "boolean"}, "passengers": {"type": "integer"}}}
    assert fill_schema(schema, "Inspection result: pass.")["passed"] is True
    assert fill_schema(schema, "The lift carried 3 passengers.")["passed"] is None


def test_a_passive_role_verb_names_the_doer_after_by():
    assert fill_schema(schema_of(boat="string", owner="string"), "The boat Tern, owned by Ravi Menon, sank.") == {
        "boat": "Tern", "owner": "Ravi Menon"}


def test_a_list_item_named_in_lower_case_and_a_heading_name_that_is_no_item():
    class Dish(BaseModel):
        name: str
        price: float

    class Menu(BaseModel):
        cafe: str
        dishes: list[Dish]

    assert fill(Menu, "Today at Gull & Anchor: fish pie £9.50, pea soup £4.20, apple crumble £5.") == {
        "cafe": "Gull & Anchor", "dishes": [{"name": "fish pie", "price": 9.5}, {"name": "pea soup", "price": 4.2},
                                             {"name": "apple crumble", "price": 5}]}
    schema = {"type": "object", "properties": {"project": {"type": "string"}, "team": {"type": "array", "items": {
        "type": "object", "properties": {"name": {"type": "string"}, "role": {"type": "string"}}}}}}
    assert fill_schema(schema, "Project Osprey: Ida Lund (lead) and Max Roe (design).") == {
        "project": "Project Osprey", "team": [{"name": "Ida Lund", "role": "lead"}, {"name": "Max Roe", "role": "design"}]}


def test_a_country_is_the_place_named_last_and_a_role_person_claims_before_a_generic_one():
    schema = schema_of(city="string", country="string")
    assert fill_schema(schema, "Ship it to Eda Kaya, Lindenweg 3, Graz, Austria.") == {"city": "Graz", "country": "Austria"}
    assert fill_schema(schema, "Oulu in Finland has 210,000 people.") == {"city": None, "country": "Finland"}
    assert fill_schema(schema_of(name="string", keeper="string"),
                       "Miso is a 4-year-old red panda looked after by keeper Jon Bell.") == {
        "name": "Miso", "keeper": "Jon Bell"}


def test_keys_given_by_name_take_their_type_from_what_the_text_does():
    assert fill_schema({"type": "object", "properties": {"crew": {}, "skipper": {}}},
                       "The Fulmar sails with a crew of five under skipper Rae Dunn.") == {"crew": 5, "skipper": "Rae Dunn"}
    assert fill_schema({"type": "object", "properties": {"patient": {}, "allergies": {}}},
                       "Ms Aila Berg, 58, bed 4, allergic to nuts.")["allergies"] is None


def test_a_capitalised_preposition_and_a_year_make_no_code_and_a_unit_symbol_is_its_field():
    assert fill_schema(schema_of(year="integer", visitors="integer"), "In 2023 the mill had 9,100 visitors.") == {
        "year": 2023, "visitors": 9100}
    assert fill_schema(schema_of(temperature_c="number"), "Core temperature 37.9 C at noon.") == {"temperature_c": 37.9}


def test_a_word_before_an_ampersand_belongs_to_the_name():
    assert fill_schema(schema_of(bakery="string", loaves="integer"), "Loaf & Co baked 90 loaves.") == {
        "bakery": "Loaf & Co", "loaves": 90}


def test_a_duration_from_two_clock_times_only_when_they_bound_one_span():
    schema = schema_of(duration_minutes="integer")
    assert fill_schema(schema, "The class runs from 18:30 to 21:00.") == {"duration_minutes": 150}
    assert fill_schema(schema, "The hall opens at 10:00. The talk starts at 15:00.") == {"duration_minutes": None}


def test_a_list_of_numbers_leaves_out_identifiers():
    schema = {"type": "object", "properties": {"scores": {"type": "array", "items": {"type": "integer"}}}}
    assert fill_schema(schema, "Ticket 5521: the judges gave 7, 8 and 9.") == {"scores": [7, 8, 9]}


def test_the_ends_of_one_range_fill_a_first_and_last_pair():
    schema = schema_of(first_stall="integer", last_stall="integer")
    assert fill_schema(schema, "Stalls 3 to 9 are closed on Sunday.") == {"first_stall": 3, "last_stall": 9}
    assert fill_schema(schema_of(min_age="integer", max_age="integer"), "For children between 8 and 14.") == {
        "min_age": 8, "max_age": 14}
    assert fill_schema(schema, "Stall 3 is closed; stall 9 is open.") == {"first_stall": None, "last_stall": None}


def test_a_title_beside_a_persons_name_is_the_honorific():
    schema = {"type": "object", "properties": {"vet": {"type": "object", "properties": {
        "name": {"type": "string"}, "title": {"type": "string"}}}}}
    assert fill_schema(schema, "Checked by Dr Ola Hansen on Monday.") == {"vet": {"name": "Dr Ola Hansen", "title": "Dr"}}
    book = {"type": "object", "properties": {"name": {"type": "string"}, "book": {"type": "object", "properties": {
        "title": {"type": "string"}}}}}
    assert fill_schema(book, "Dr Ola Hansen loved 'Salt Roads'.")["book"] == {"title": "Salt Roads"}


def test_a_place_after_to_is_no_lone_value_and_a_compound_role_reads_no_verb():
    assert fill_schema(schema_of(train="string", delay_minutes="integer"), "The 07:50 to Crewe ran 12 minutes late.") \
        == {"train": None, "delay_minutes": 12}
    assert fill_schema(schema_of(shop="string", best_seller="string"), "Halden Books sold 80 maps on Friday.")[
        "best_seller"] is None


def test_a_plants_list_is_no_plan_and_a_denied_option_is_not_chosen():
    from typing import Literal

    from pydantic import BaseModel

    from labkit.llm import OfflineChatModel

    class Survey(BaseModel):
        site: str
        plants: list[str]

    survey = OfflineChatModel().with_structured_output(Survey).invoke(
        "At Hollow Fen we recorded marsh marigold, water mint and yellow flag.")
    assert survey.plants == ["marsh marigold", "water mint", "yellow flag"]

    class Crossing(BaseModel):
        status: Literal["open", "restricted", "closed"] | None = None

    crossing = OfflineChatModel().with_structured_output(Crossing).invoke(
        "The ford is not open this week after the storm.")
    assert crossing.status is None


class Character(BaseModel):
    name: str
    nickname: str
    second_wife: str


def test_an_alias_and_a_role_said_with_was_go_to_their_own_fields():
    text = "Thorkel Eyjolfsson, nicknamed Silver-tongue, married twice; his second wife was Gudrun of Helgafell."
    assert fill(Character, text) == {"name": "Thorkel Eyjolfsson", "nickname": "Silver-tongue",
                                     "second_wife": "Gudrun of Helgafell"}


class Readings(BaseModel):
    month: str
    site: str


def test_a_month_field_takes_a_month_or_nothing_never_a_name():
    assert fill(Readings, "Gauge readings for October 2027 at Wadi Halfa: 3 mm.")["month"] == "October 2027"
    assert fill(Readings, "Gauge readings at Wadi Halfa: 3 mm.")["month"] is None


class Hiding(BaseModel):
    panel: str
    hidden_in: str


def test_a_verb_and_preposition_field_takes_the_phrase_after_them():
    text = "The Ashby panel was hidden in a barn loft during the Civil War and put back in 1662."
    assert fill(Hiding, text)["hidden_in"] == "barn loft"


class Commission(BaseModel):
    client: str
    animal: str


def test_a_persons_home_town_and_a_style_word_fill_no_lone_field():
    assert fill(Commission, "Commission from Mrs Pell of Ripon: a mounted barn owl.")["animal"] != "Ripon"


class Darts(BaseModel):
    player: str
    legs_won: int
    one_eighties: int


def test_a_number_named_in_a_denied_clause_counts_zero():
    assert fill(Darts, "Maeve won four legs but didn't throw a single 180.")["one_eighties"] == 0


class Lanes(BaseModel):
    lanes: list[int]
    bowlers: int


def test_identifiers_labelled_by_the_fields_own_word_are_its_values():
    assert fill(Lanes, "Lanes 3 and 4 for 10 bowlers.") == {"lanes": [3, 4], "bowlers": 10}


class Kit(BaseModel):
    kit: list[str]


def test_a_decimal_does_not_cut_a_list_item():
    text = "Please bring a Mitchell nib, a Speedball C-2 nib and a 2.4 mm Pilot Parallel pen."
    assert fill(Kit, text)["kit"][-1] == "2.4 mm Pilot Parallel pen"


class Intake(BaseModel):
    intake_id: str
    weight_g: int


def test_a_slashed_identifier_is_read_whole():
    assert fill(Intake, "Intake 2026/041: a hedgehog of 410 g.") == {"intake_id": "2026/041", "weight_g": 410}


class WeeklyClub(BaseModel):
    club: str


def test_a_weekday_inside_an_organisations_name_stays():
    assert fill(WeeklyClub, "The Thursday Chess Club meets on 4 March 2027.")["club"] == "Thursday Chess Club"


class Order(BaseModel):
    quantity: int
    unit_price_gbp: float


def test_the_unit_of_a_rate_is_no_quantity():
    assert fill(Order, "Please send three dozen hooks at £1.10 a dozen.") == {"quantity": 36, "unit_price_gbp": 1.1}


class Ticket(BaseModel):
    refundable: bool


def test_a_contracted_negation_denies_a_boolean():
    # "n't" sits inside its word: no word boundary precedes it, and "isn't" must still deny the clause
    assert fill(Ticket, "This ticket isn't refundable.") == {"refundable": False}
    assert fill(Ticket, "This ticket is refundable.") == {"refundable": True}


def test_bring_your_own_means_not_included_and_a_course_costing_money_is_no_number():
    schema = {"type": "object", "properties": {"course": {"type": "string"}, "days": {"type": "integer"},
                                               "price_gbp": {"type": "number"}, "max_students": {"type": "integer"},
                                               "lunch_included": {"type": "boolean"}}}
    text = "Our three-day welding course costs £350 and takes no more than six students; bring your own lunch."
    out = fill_schema(schema, text, FieldSkills())
    assert out["lunch_included"] is False and out["price_gbp"] == 350 and out["course"] != 350


def test_keys_given_by_name_only_are_typed_from_their_words():
    assert guess_type("lunch_included") == "boolean" and guess_type("max_students") == "number"


def test_a_plural_possessive_does_not_close_a_quotation():
    from labkit.llm.offline.structured import QUOTED

    assert [m.group(1) for m in QUOTED.finditer('"Beginners\' Walling Weekend at Malham." Book now.')] == [
        "Beginners' Walling Weekend at Malham."]
