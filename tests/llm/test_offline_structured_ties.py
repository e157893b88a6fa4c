"""Structured output ties every value to its field: a value of the right type that the text's own words tie to the
field, else null (or an honest refusal for a required field). Sentences written for these tests, on topics absent
from the probe suites (puppet theatres, galleries, chapels, film festivals, botanical cuttings)."""

from __future__ import annotations

import json

import pytest

from labkit.llm import get_model
from labkit.llm.offline.structured import FieldSkills, fill_schema, guess_type, named_value


def _schema(**fields: object) -> dict:
    return {"type": "object", "properties": {k: ({"type": t} if isinstance(t, str) else t) for k, t in fields.items()}}


def test_a_possessive_name_that_owns_no_noun_keeps_its_s():
    found = fill_schema(_schema(chapel="string", date="string"), "The recital is at St Aldhelm's, Corfe on 2 May 2031.")
    assert found["chapel"] in (None, "St Aldhelm's")  # never the town after the comma, never "St Aldhelm"
    assert found["date"] == "2031-05-02"


def test_a_name_after_a_placed_name_and_a_comma_is_no_lone_value():
    assert fill_schema(_schema(ensemble="string"), "The recital is at St Aldhelm's, Corfe.") == {"ensemble": None}
    assert fill_schema(_schema(chapel="string"), "The recital is at St Aldhelm's, Corfe.") == {"chapel": "St Aldhelm's"}


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


def test_a_boolean_field_reads_the_opposite_word_when_its_own_is_absent():
    assert fill_schema(_schema(is_open="boolean"), "The Harrow skating pond is closed until the thaw.") == {"is_open": False}
    assert fill_schema(_schema(is_open="boolean"), "The skating pond is not closed today.") == {"is_open": True}
    assert fill_schema(_schema(is_open="boolean"), "The skating pond has thick ice.") == {"is_open": None}


def test_a_count_the_text_denies_is_zero_not_null():
    assert fill_schema(_schema(robins="integer", wrens="integer"), "Garden count: 14 robins and no wrens this winter.") \
        == {"robins": 14, "wrens": 0}
    assert fill_schema(_schema(faults="integer"), "Inspection done. Faults: none.") == {"faults": 0}
    assert fill_schema(_schema(reopenings="integer"), "No reopenings date is set.") == {"reopenings": None}


def test_a_cause_may_hold_a_number_but_never_a_span_of_time():
    assert fill_schema(_schema(reason="string"), "The match was stopped because of a grade 3 storm warning.") == {
        "reason": "grade 3 storm warning"}
    assert fill_schema(_schema(reason="string"), "The lift halted for ten minutes.") == {"reason": None}


def test_a_route_is_its_two_ends():
    assert fill_schema(_schema(route="string", fare="number"), "Coach ticket: Tralee to Dingle, fare 14 euros.") == {
        "route": "Tralee to Dingle", "fare": 14}
    assert fill_schema(_schema(route="string"), "The coach leaves at 9.") == {"route": None}


def test_a_firm_after_by_is_the_doer_of_the_verb_a_role_names():
    found = fill_schema(_schema(builder="string", year="integer"), "The pavilion, built by Greer & Daughters in 1911, seats 300.")
    assert found == {"builder": "Greer & Daughters", "year": 1911}


def test_a_field_named_for_whoever_does_an_activity_takes_the_person_after_by():
    found = fill_schema(_schema(venue="string", thatcher="string"),
                        "Roof thatching at Ashcombe Barn, Dorset, by Carys Penhale, finished in June.")
    assert found["thatcher"] == "Carys Penhale"


def test_a_written_list_fills_a_to_list_key_that_names_no_places():
    listed = {"type": "object", "properties": {"to_buy": {"type": "array", "items": {"type": "string"}}}}
    assert fill_schema(listed, "Shop for Sunday: flour, two lemons and a jar of honey.") == {
        "to_buy": ["flour", "two lemons", "jar of honey"]}


def test_a_colour_keeps_its_shade_word():
    assert fill_schema(_schema(colour="string"), "A dark green kayak was left at the slipway.") == {"colour": "dark green"}
    assert fill_schema(_schema(colour="string"), "The mare is a chestnut with a white blaze.") == {"colour": "chestnut"}


def test_a_day_the_fields_own_clause_does_not_give_is_not_its_day():
    found = fill_schema(_schema(reopens={"type": "string", "format": "date"}),
                        "The lido has been shut since Tuesday. No reopening date has been announced.")
    assert found == {"reopens": None}


def test_a_pattern_of_a_number_of_things_is_no_code():
    assert named_value("pattern", "a herringbone pattern of 48 tiles") is None


def test_keys_in_brackets_after_json_are_the_requested_keys():
    import json

    from labkit.llm import get_model

    reply = get_model("offline").invoke("Give me JSON (sauna, opens, price) for this: The Hirvi sauna at Kaivopuisto "
                                        "opens at 07:30 and entry costs €22.").content
    assert json.loads(reply) == {"sauna": "Hirvi", "opens": "07:30", "price": 22}


def test_key_types_from_the_text_counts_after_a_number_and_amounts_after_the_keys_words():
    keys = {"type": "object", "properties": {"seats_left": {}, "child_ticket": {}}}
    assert fill_schema(keys, "Child tickets are €6 and only 4 seats left for the matinee.") == {
        "seats_left": 4, "child_ticket": 6}


def test_a_name_the_text_defines_as_the_fields_thing_beats_a_name_beside_its_word():
    keys = {"type": "object", "properties": {"show": {}, "date": {}}}
    found = fill_schema(keys, "'Paper Moons' is a puppet show at Vintry Hall on 3 June 2031.")
    assert found == {"show": "Paper Moons", "date": "2031-06-03"}


def test_the_prompt_reader_keeps_a_key_with_a_clock_type_hint():
    from labkit.llm.offline.prompt import read_format

    assert read_format("Return JSON with fields pier, sailing (HH:MM) for: 'The launch leaves at 07:10.'").json_keys == [
        "pier", "sailing"]


def test_a_field_named_for_a_kind_of_site_takes_the_lone_placed_name():
    assert fill_schema(_schema(lodge="string", beds="integer"), "The new hostel at Glenbrittle has twelve beds.") == {
        "lodge": "Glenbrittle", "beds": 12}
    assert fill_schema(_schema(painting="string"), "It was sold at the Oslo auction.") == {"painting": None}


def test_an_abbreviation_does_not_cut_a_number_from_the_words_before_it():
    found = fill_schema(_schema(kite_number="integer", span_m="number"),
                        "Entry for a Flexifoil kite, kite no. 4471: span 2.1 m.")
    assert found == {"kite_number": 4471, "span_m": 2.1}


def test_an_event_field_in_an_irregular_past_form_takes_its_year():
    assert fill_schema(_schema(sold="integer", price_eur="number"),
                       "The loom was made in 1890; we sold it in 2024 for 900 euros.") == {"sold": 2024, "price_eur": 900}


def test_a_list_after_a_heading_colon_has_items_named_in_lower_case():
    schema = {"type": "object", "properties": {"shop": {"type": "string"}, "cheeses": {"type": "array", "items": {
        "type": "object", "properties": {"name": {"type": "string"}, "weight_g": {"type": "integer"},
                                         "grade": {"type": "string"}}}}}}
    found = fill_schema(schema, "Delivered in 2030 to Strand Deli: the brie (400 g, grade A), the gouda (750 g, grade B) "
                                "and the feta (200 g, grade A).")
    assert found["cheeses"] == [{"name": "brie", "weight_g": 400, "grade": "A"},
                                {"name": "gouda", "weight_g": 750, "grade": "B"},
                                {"name": "feta", "weight_g": 200, "grade": "A"}]


def test_items_that_open_with_a_name_keep_their_comma_separated_parts():
    schema = {"type": "object", "properties": {"boats": {"type": "array", "items": {
        "type": "object", "properties": {"name": {"type": "string"}, "built": {"type": "integer"},
                                         "berths": {"type": "integer"}}}}}}
    found = fill_schema(schema, "The hire fleet is two yachts: Kite Runner, built 2019, 6 berths, and Sea Island, "
                                "built 2021, 4 berths. A third arrives in 2032.")
    assert found["boats"] == [{"name": "Kite Runner", "built": 2019, "berths": 6},
                              {"name": "Sea Island", "built": 2021, "berths": 4}]


def test_the_first_noun_of_a_two_word_key_said_to_be_a_word_gives_its_value():
    assert fill_schema(_schema(frame_material="string"), "The racing bike is light. Its frame is titanium.") == {
        "frame_material": "titanium"}
    assert fill_schema(_schema(frame_material="string"), "The frame is a gift from my aunt.") == {"frame_material": None}


def test_a_lone_name_never_takes_a_number_word_after_it_as_its_noun():
    assert fill_schema(_schema(team="string"), "Seat her in the Tamesis Canoe Club four.") == {"team": "Tamesis Canoe Club"}


def test_a_role_whose_own_verb_the_text_uses_takes_the_person_after_by():
    found = fill_schema(_schema(puzzle="string", setter="string"),
                        "Tonight's crossword was set by Ilse Marchetti for the Quayside Gazette.")
    assert found["setter"] == "Ilse Marchetti"


def _json_reply(prompt) -> dict:
    import json
    return json.loads(str(get_model("offline").invoke(prompt).content))


def test_bracketed_type_hints_in_words_and_in_a_system_message_type_the_keys():
    reply = _json_reply([("system", "You turn kiln logs into JSON. Keys: kiln, temps_c (a list of numbers), "
                                    "vented (true or false)."),
                         ("human", "Kiln Brenna reached 980, 1,120 and 1,240 °C; the dampers were not vented.")])
    assert reply["temps_c"] == [980, 1120, 1240] and reply["vented"] is False


@pytest.mark.parametrize("text, want", [
    ("Please don't gift wrap the candles.", False),
    ("The shop will gift wrap both candles.", True),
])
def test_a_key_the_text_uses_as_an_action_is_a_yes_or_no(text, want):
    assert _json_reply(f"Reply in JSON with the keys item and gift_wrap. Use null if not given. Two beeswax candles. {text}")["gift_wrap"] \
        is want


def test_nobody_and_taken_off_deny_a_boolean():
    reply = _json_reply("JSON with item and claimed, null if not given. A green scarf was left on the 14:05. Nobody has claimed it.")
    assert reply["claimed"] is False
    reply = _json_reply("JSON with painting (or null) and on_display (true/false). The Hallam seascape was taken off display "
                        "in March.")
    assert reply["on_display"] is False


def test_names_with_accents_and_particles_are_read_whole():
    from labkit.llm.offline.values import entities
    names = [v.text for v in entities("Mr Idris ap Gwilym sold it to Château Vey-Lussac, then met Dr Jan van der "
                                      "Berg and Zoë Müller at Ørsted.")]
    assert names == ["Mr Idris ap Gwilym", "Château Vey-Lussac", "Dr Jan van der Berg", "Zoë Müller", "Ørsted"]


def test_a_dotted_accession_number_is_one_id():
    assert _json_reply("JSON with object_id and material (or null). Object T.1987.22 is a linen sampler.")["object_id"] \
        == "T.1987.22"


def test_a_list_the_key_word_introduces_is_taken_not_the_whole_comma_list():
    reply = _json_reply("Make this into JSON with patient, age and allergies (a list). Notes: Orla Finch, 52, two "
                        "crowns, allergic to aspirin and nickel.")
    assert reply["allergies"] == ["aspirin", "nickel"]


def test_a_singular_group_key_named_in_a_name_is_not_a_list_of_people():
    reply = _json_reply("JSON with team and points; use null if not given. Team Kestrel scored 31 points in the final.")
    assert reply["team"] in ("Team Kestrel", None) and reply["points"] == 31


def test_a_request_for_one_numbered_record_reads_that_record():
    reply = _json_reply("Return the second booking as JSON with keys guests and nights. Bookings: (1) 4 guests for "
                        "2 nights; (2) 6 guests for 3 nights.")
    assert reply == {"guests": 6, "nights": 3}


def test_a_record_picked_by_something_the_text_cannot_match_is_refused():
    reply = str(get_model("offline").invoke(
        "Give me JSON with crew and time for the crew that won. Crew Alder finished in 7:02 and Crew Birch in "
        "7:15.").content)
    assert "cannot tell which part of the text" in reply


def test_a_key_named_for_its_role_claims_its_value_before_a_key_that_may_hold_it():
    reply = _json_reply("JSON with item, found_at, date; null if not given. Found at the east gate on 3 March 2027: a red glove.")
    assert reply["date"] == "2027-03-03" and reply["found_at"] != "2027-03-03"


def test_a_uk_phone_number_with_a_five_digit_area_code_is_read_whole():
    assert _json_reply("JSON with tuner and phone; null if not given. This is Olek Nowak, piano tuner (07811 204 377).")["phone"] \
        == "07811 204 377"


def test_names_with_latin_extended_letters_are_read_whole():
    from labkit.llm.offline.values import entities
    assert [v.text for v in entities("Booked: Mateusz Wiśniewski and Ana Šimić, from Łódź.")] == [
        "Mateusz Wiśniewski", "Ana Šimić", "Łódź"]


def test_keys_listed_with_hints_after_json_colon_or_after_i_need_are_a_record_to_fill():
    reply = _json_reply("Extract to JSON: make (string), year (integer), restored (true/false).\n\nThe 1961 Riley "
                        "Elf was fully restored in 2020.")
    assert reply["year"] == 1961 and reply["restored"] is True
    reply = _json_reply("Can you turn this into JSON? I need group_name, adults, under_16s.\n\"The Keswick Rovers: "
                        "twelve under-16s and two adults.\"")
    assert reply["adults"] == 2 and reply["under_16s"] == 12


def test_square_bracket_hints_and_one_of_lists_type_the_keys():
    from labkit.llm.offline.extract import type_hint
    said = "Fields: first_visit [date YYYY-MM-DD, or null if not given], weight; weight is one of dk, aran, chunky"
    assert type_hint("first_visit", said) == {"type": "string", "format": "date"}
    assert type_hint("weight", said) == {"type": "string", "enum": ["dk", "aran", "chunky"]}


def test_a_bracketed_key_list_is_not_material_for_the_values():
    reply = _json_reply("Give me JSON (fields: yarn, price, in_stock) for this card: \"Fenwick DK - £6.50. Sold "
                        "out until March.\"")
    assert reply["in_stock"] is False and reply["price"] == 6.5


@pytest.mark.parametrize("prompt, key, want", [
    ("JSON with caller and reward_offered. Caller: Ms Ada Orr. She is not offering a reward.", "reward_offered", False),
    ("JSON with band and own_drum_kit. The Larks are booked; the drummer is bringing his own kit.", "own_drum_kit", True),
])
def test_keys_that_ask_whether_something_holds_are_yes_or_no(prompt, key, want):
    assert _json_reply(prompt)[key] is want


def test_an_adverb_opening_a_sentence_is_no_name():
    from labkit.llm.offline.values import entities
    assert [v.text for v in entities("Fully licensed bar. Friendly games at Hove Lawn Club.")] == ["Hove Lawn Club"]


def test_an_unmarked_time_listed_after_an_afternoon_one_is_in_the_afternoon():
    from labkit.llm.offline.values import extract
    assert [v.value for v in extract("Shows at 11am, 1.30pm and a quarter to four.", kinds=("time",))] == [
        "11:00", "13:30", "15:45"]
    assert [v.value for v in extract("Open to 5.30 pm. Tours at 11:00.", kinds=("time",))] == ["17:30", "11:00"]


def test_a_figure_right_after_another_fields_word_is_that_fields():
    reply = _json_reply("Use null for anything not given. JSON please (station, rainfall_mm, percent_of_average): Kufra recorded 3 mm of rain, 60% of "
                        "its long-term average of 5 mm.")
    assert reply["rainfall_mm"] in (3, None) and reply["percent_of_average"] == 60


def test_a_sum_given_as_nothing_is_zero_and_a_bare_number_is_no_price():
    found = fill_schema(_schema(adult_price="number", child_price="number", under_four_price="number",
                                call_out_fee="number"),
                        "Adults £8.50, children (4-15) £5, under-fours free. No call-out fee inside the ring road.",
                        FieldSkills())
    assert found == {"adult_price": 8.5, "child_price": 5, "under_four_price": 0, "call_out_fee": 0}


def test_a_first_name_repeating_a_listed_full_name_is_the_same_person():
    reply = _json_reply("JSON with players (a list) and leader. The violas are Ingrid Solberg, Tomás Ó Briain and "
                        "Yusuf Demir, with Ingrid leading.")
    assert sorted(reply["players"]) == ["Ingrid Solberg", "Tomás Ó Briain", "Yusuf Demir"]


def test_a_day_and_month_take_the_year_of_the_text():
    found = fill_schema(_schema(out={"type": "string", "format": "date"}, back={"type": "string", "format": "date"}),
                        "Taken out on 28 Dec 2026, due back on 3 January.", FieldSkills())
    assert found == {"out": "2026-12-28", "back": "2027-01-03"}


def test_an_ordinal_in_the_material_picks_no_record():
    reply = _json_reply("Return a JSON object with pilot, wingspan_m and weight_kg. Member 0452, Ada Birch, flew "
                        "her glider for the first time: 2.1 m wingspan, 1.4 kg.")
    assert reply["pilot"] == "Ada Birch" and reply["wingspan_m"] == 2.1


@pytest.mark.parametrize("hint, options", [
    ("level (one of: beginner, intermediate, advanced)", ["beginner", "intermediate", "advanced"]),
    ("line_type (single-line, dual-line or quad-line)", ["single-line", "dual-line", "quad-line"]),
])
def test_a_bracketed_option_list_is_an_enum(hint, options):
    from labkit.llm.offline.extract import type_hint
    assert type_hint(hint.split()[0], f"keys: {hint}.") == {"type": "string", "enum": options}


def test_an_option_the_text_denies_is_not_chosen():
    found = fill_schema(_schema(level={"type": "string", "enum": ["beginner", "intermediate", "advanced"]}),
                        "Level 2: not for complete beginners.", FieldSkills())
    assert found["level"] != "beginner"


def test_a_time_range_shares_its_end_s_half_of_the_day():
    from labkit.llm.offline.values import extract
    assert [v.value for v in extract("Wednesdays, 6.30 to 8.30pm.", kinds=("time",))] == ["18:30", "20:30"]
    assert [v.value for v in extract("From half past six till nine in the evening.", kinds=("time",))] == [
        "18:30", "21:00"]


def test_no_x_were_y_is_a_zero_count_and_a_weekday_abbreviation_is_no_name():
    found = fill_schema(_schema(riders="integer", bikes_stolen="integer"),
                        "Our 12 riders did well; no bikes were stolen (we lost two in October).", FieldSkills())
    assert found == {"riders": 12, "bikes_stolen": 0}
    from labkit.llm.offline.values import entities
    assert [v.text for v in entities("We meet at the Quaker Meeting House on Wed 3 March.")] == ["Quaker Meeting House"]


def test_a_key_list_after_a_colon_is_no_material():
    reply = _json_reply("Give me prices as JSON, in pounds per kg: copper, brass, plus buys_batteries (true/false). "
                        "Board: \"copper £6.20/kg, brass £3.90/kg. We do NOT buy batteries.\"")
    assert reply["buys_batteries"] is False and reply["copper"] == 6.2


@pytest.mark.parametrize("hint", ['"order" (identifier, copied exactly)', '"order" (number with currency, e.g. 12.50 EUR)'])
def test_a_bracketed_description_is_no_type_and_no_option_list(hint):
    from labkit.llm.offline.extract import type_hint
    assert type_hint("order", hint) == {}


def test_a_yes_or_no_key_the_text_does_not_settle_gets_words_not_a_null_that_reads_as_no():
    model = get_model("offline")
    asked = ("Give me JSON with keys client, chairs, has_cushions. Note from the upholstery workshop: Mrs Okafor is "
             "bringing four dining chairs for re-covering in green velvet.")
    reply = model.invoke(asked).content
    assert "{" not in reply and "has_cushions" in reply and "does not say" in reply
    assert "client: Mrs Okafor" in reply and "chairs: 4" in reply  # what it did find is still said
    allowed = model.invoke(asked.replace("has_cushions.", "has_cushions (null if not stated).")).content
    assert json.loads(allowed)["has_cushions"] is None and json.loads(allowed)["chairs"] == 4


def test_a_date_key_with_a_yes_or_no_word_in_it_is_a_date():
    assert guess_type("next_eligible_date") == "string" and guess_type("eligible") == "boolean"


def test_a_field_of_no_known_role_takes_no_name_that_another_field_holds_nor_a_bare_date_or_count():
    text = "Pebble, a grey lop, came in on 3 March 2031 to be neutered."
    found = fill_schema(_schema(patient="string", operation="string"), text)
    assert found["operation"] != found["patient"] or found["patient"] is None
    dated = fill_schema(_schema(kiln="string", fired="string"), "Kiln firing on Tuesday 4 March 2031.")
    assert dated["kiln"] is None
    assert fill_schema(_schema(month="string"), "Sales in November 2030 rose.")["month"] in ("November 2030", "2030-11")


@pytest.mark.parametrize("text", ["The glass-blowing demo is off until further notice.",
                                  "A glass-blowing demo is £12 extra, which they didn't book."])
def test_a_yes_or_no_mention_the_sentence_undoes_settles_nothing(text):
    assert fill_schema(_schema(demo_on="boolean"), text) == {"demo_on": None}


def test_a_yes_or_no_key_needs_all_its_words_in_the_clause():
    text = "The original oak frame is kept; the seat gets new webbing."
    assert fill_schema(_schema(frame_replaced="boolean", new_webbing="boolean"), text) == {"frame_replaced": None,
                                                                                          "new_webbing": True}
    assert fill_schema(_schema(owns_boat="boolean"), "The club does not own a boat.") == {"owns_boat": False}


def test_keys_and_types_on_the_next_line_are_the_keys_and_material_that_says_key_is_material():
    model = get_model("offline")
    reply = model.invoke([("system", "Reply with JSON only. Keys and types:\nclient [string], copies [integer]"),
                          ("human", "Ms Ines Varga wants three copies of her garage key.")]).content
    assert json.loads(reply) == {"client": "Ms Ines Varga", "copies": 3}


def test_a_name_holding_the_field_s_own_word_beats_a_nearer_one():
    text = "Shown by Dr Lena Fisk of the Tayside Cactus Society, Opuntia."
    assert fill_schema(_schema(exhibitor="string", society="string"), text)["society"] == "the Tayside Cactus Society"


def test_a_value_that_only_names_its_own_key_is_no_value():
    found = fill_schema(_schema(item="string", gift_aid="string"), "Donated a teapot. Gift Aid form not signed.")
    assert found["gift_aid"] != "Gift Aid"


def test_a_field_for_a_kind_of_thing_holds_no_person():
    text = "Junior class: 1st Mrs Ffion Hale, 2nd Mr Rhodri Evans. She scored 140 points."
    assert fill_schema(_schema(class_name="string", points="integer"), text)["class_name"] != "Mrs Ffion Hale"


def test_a_title_alone_fills_only_a_title_field_and_a_street_no_person():
    text = "The waiver was signed by Mr and Mrs Okafor of 4 Heron Close; call his brother Tunde in an emergency."
    found = fill_schema(_schema(signed_by="string", emergency_contact="string", check_done="string"), text)
    assert found["check_done"] not in ("Mr", "Mr ") and found["emergency_contact"] != "Heron Close"
    assert guess_type("home_check_passed") == "boolean" and guess_type("patch_test_done") == "boolean"


def test_a_singular_subject_and_what_happened_to_it_is_a_yes_or_no_key():
    model = get_model("offline")
    reply = model.invoke("Return JSON with keys name, drivers, deposit_paid. Party for Ama Boateng: six drivers. "
                         "Deposit hasn't been paid yet.").content
    assert json.loads(reply)["deposit_paid"] is False


def test_a_band_does_not_take_the_title_another_key_s_words_stand_before():
    text = "Test piece is 'Cry of the Curlew'. Band: Easington Silver, 25 players."
    found = fill_schema(_schema(band="string", test_piece="string", players="integer"), text)
    assert found["band"] != "Cry of the Curlew" and found["test_piece"] == "Cry of the Curlew"


def test_a_person_is_no_value_of_a_field_of_no_known_role_while_a_person_field_is_empty():
    text = "Service for Dr Kemi Adebayo-Lowe: serviced 3 March 2031. Next service not booked."
    found = fill_schema(_schema(customer="string", next_service="string"), text)
    assert found["next_service"] != "Dr Kemi Adebayo-Lowe"


def test_an_event_key_needs_the_event_not_a_mention_of_its_subject():
    note = "Notes for Thursday's recital: the choir has twelve singers. The recital is going ahead despite the snow."
    assert fill_schema(_schema(recital_cancelled="boolean"), note) == {"recital_cancelled": False}
    assert fill_schema(_schema(recital_cancelled="boolean"), "Thursday's recital is cancelled.") == {
        "recital_cancelled": True}
    assert fill_schema(_schema(recital_cancelled="boolean"), "Thursday's recital has twelve singers.") == {
        "recital_cancelled": None}
    # an event still to come has not happened
    assert fill_schema(_schema(paid="boolean"), "Invoice for the hall hire, £140, to be paid at the door.") == {
        "paid": False}
    assert fill_schema(_schema(risk_assessment_done="boolean"), "I still need to do the risk assessment tonight.") == {
        "risk_assessment_done": False}
    assert fill_schema(_schema(programme_included="boolean"), "Tickets £12; the programme is extra at £3.") == {
        "programme_included": False}
    assert fill_schema(_schema(collect_in_person="boolean"), "Please post the tickets to her home address.") == {
        "collect_in_person": False}


def test_a_count_field_takes_the_count_not_a_size_or_an_age_or_a_label():
    text = "Hire for the gala: one 9 m gazebo, four 2-metre trestle tables, and two puppies (about 8 weeks old)."
    found = fill_schema(_schema(gazebos="integer", tables="integer", puppies="integer"), text)
    assert found == {"gazebos": 1, "tables": 4, "puppies": 2}
    assert fill_schema(_schema(rounds="integer"), "Scores from table 4 (Swiss rules).") == {"rounds": None}


def test_a_price_each_is_no_total():
    text = "Puppet show tickets: 3 adults at £9 and 2 children at £6."
    assert fill_schema(_schema(total="number"), text) == {"total": None}


def test_a_span_in_words_ends_after_it_starts():
    text = "The puppet workshop is on 4 June 2031, nine till half past four."
    found = fill_schema(_schema(start="string", end="string"), text)
    assert found == {"start": "09:00", "end": "16:30"}


def test_a_form_line_gives_its_field_the_whole_plain_value():
    form = "Team: Harbour Hawks Junior Level 2\nSet length: 1:45\nContact: Ivo Brandt (stage manager)"
    found = fill_schema(_schema(team="string", set_length="string", level="integer"), form)
    assert found == {"team": "Harbour Hawks Junior Level 2", "set_length": "1:45", "level": 2}


def test_a_price_belongs_to_those_the_words_after_it_name():
    text = "Matinee: free for under-fives, £7 for adults."
    assert fill_schema(_schema(under_five_price="number", adult_price="number"), text) == {
        "under_five_price": 0, "adult_price": 7}


def test_a_day_field_takes_the_weekday_and_first_and_last_dates_the_ends():
    text = "Puppet workshops every Saturday at 10:30, from 3 May to 28 June 2031."
    found = fill_schema(_schema(day="string", first_date="string", last_date="string"), text)
    assert found == {"day": "Saturday", "first_date": "2031-05-03", "last_date": "2031-06-28"}
