"""How structured output reads values that need more than a lookup: counts packed in cases, shares of a sum, sides
of a rectangle, the two ends of a change, yes/no keys asked for by name, units written against their number. Sentences
written for these tests, on topics absent from the probe suites (cider presses, print shops, kennels, climbing walls,
bell foundries)."""

from __future__ import annotations

import json

import pytest

from labkit.llm import get_model
from labkit.llm.offline.extract import type_hint
from labkit.llm.offline.structured import fill_schema, guess_type
from labkit.llm.offline.values import extract, parse_number
from labkit.llm.refusal import is_refusal


def _schema(**fields: object) -> dict:
    return {"type": "object", "properties": {k: ({"type": t} if isinstance(t, str) else t) for k, t in fields.items()}}


def _ask_json(prompt: str, system: str | None = None) -> dict:
    messages = ([("system", system)] if system else []) + [("user", prompt)]
    return json.loads(get_model("offline").invoke(messages).content)


# --- values --------------------------------------------------------------------------------------------------------

def test_number_words_side_by_side_are_two_numbers_not_their_sum():
    values = [v.value for v in extract("We sold one three-year-old ram and two four-bed sheds.") if v.kind == "number"]
    assert values == [1, 3, 2, 4]
    assert parse_number("one three") is None and parse_number("twenty three") == 23


def test_a_unit_written_against_its_number_is_read():
    found = {v.unit: v.value for v in extract("A 9ct gold chain, 250g of wire and a 6mm drill bit.") if v.kind == "number"}
    assert found == {"ct": 9, "g": 250, "mm": 6}


def test_a_name_after_a_sale_to_is_a_person_and_one_after_an_amount_of_is_a_product():
    kinds = {v.text: v.kind for v in extract("The press sold six crates of Kingston Black to Morwenna Pascoe on Friday.")}
    assert kinds["Morwenna Pascoe"] == "person"
    assert kinds["Kingston Black"] == "name"


def test_a_name_in_quotes_is_a_title_and_friends_of_a_place_are_an_organisation():
    kinds = {v.text: v.kind for v in extract("Bell 'Great Tom Harris' was cast for the Friends of Saint Mawgan Church.")}
    assert kinds["Great Tom Harris"] == "name"
    assert kinds["Friends of Saint Mawgan Church"] == "organisation"


def test_a_year_before_a_makers_name_is_a_year():
    assert [v.kind for v in extract("A 1908 Taylor bell.") if v.text == "1908"] == ["year"]


def test_this_afternoon_puts_a_time_in_words_after_noon():
    assert [v.value for v in extract("We reopen at twenty past two this afternoon.") if v.kind == "time"] == ["14:20"]


# --- numbers that need one step --------------------------------------------------------------------------------------

def test_cases_times_bottles_and_boxes_of_eggs_make_the_count_asked_for():
    text = "The Old Mill ordered 3 cases of Perry Gold (6 bottles to a case) and 4 boxes of 10 candles."
    assert fill_schema(_schema(perry_gold_bottles="integer", candles="integer"), text) == {
        "perry_gold_bottles": 18, "candles": 40}


def test_a_measure_per_bag_is_not_multiplied_into_a_count():
    found = fill_schema(_schema(bags="integer", bag_kg="number"), "Delivered 2 bags of 25 kg of grit.")
    assert found == {"bags": 2, "bag_kg": 25}


def test_a_percentage_of_an_earlier_sum_fills_a_money_field_and_stays_a_percentage_for_a_percent_field():
    text = "Framing quote £240; 25% deposit taken on 4 May 2031."
    assert fill_schema(_schema(quote="number", deposit="number"), text) == {"quote": 240, "deposit": 60}
    assert fill_schema(_schema(deposit_percent="number"), text) == {"deposit_percent": 25}


def test_the_sides_of_a_rectangle_follow_the_order_the_text_names_or_the_usual_one():
    named = "Poster 300 x 420 mm (height x width), matt."
    assert fill_schema(_schema(width_mm="integer", height_mm="integer"), named) == {"width_mm": 420, "height_mm": 300}
    usual = "Mat cut to 600 x 450 mm."
    assert fill_schema(_schema(width_mm="integer", height_mm="integer"), usual) == {"width_mm": 600, "height_mm": 450}


def test_a_size_each_is_no_total_and_in_total_names_the_total():
    text = "Kennel feed: 12 sacks, 180 kg in total (15 kg each)."
    assert fill_schema(_schema(sacks="integer", total_weight_kg="number"), text) == {"sacks": 12, "total_weight_kg": 180}


def test_a_price_in_pence_fills_a_pence_field_as_pence():
    assert fill_schema(_schema(price_per_copy_pence="integer"), "Printed at 18p per copy.") == {"price_per_copy_pence": 18}


def test_five_of_us_counts_people_and_kids_count_as_children_but_ages_do_not():
    text = "There'll be six of us, including my three kids (ages 4, 7 and 12). Two of us are beginners."
    assert fill_schema(_schema(people="integer", children="integer", beginners="integer"), text) == {
        "people": 6, "children": 3, "beginners": 2}


def test_a_count_of_people_fills_no_field_counting_other_things():
    text = "Nobody wanted a refund, and 58 people stayed for the encore."
    assert fill_schema(_schema(refunds_given="integer"), text) == {"refunds_given": None}
    assert fill_schema(_schema(audience="integer"), text) == {"audience": 58}


def test_a_drinks_strength_is_its_percentage():
    text = "Barrel 12 racked at 7.2% ABV into 180 bottles of 50 cl."
    assert fill_schema(_schema(strength="number", bottles="integer"), text) == {"strength": 7.2, "bottles": 180}


# --- strings -------------------------------------------------------------------------------------------------------

def test_the_ends_of_a_change_fill_from_and_to_fields():
    text = "Reprint 118: change the size from A5 to A4, and the cover from matt to gloss."
    found = fill_schema(_schema(size_from="string", size_to="string", cover_from="string", cover_to="string"), text)
    assert found == {"size_from": "A5", "size_to": "A4", "cover_from": "matt", "cover_to": "gloss"}


def test_the_words_before_a_one_word_key_used_as_a_noun_are_its_value():
    assert fill_schema(_schema(finish="string"), "A walnut frame, hand-rubbed finish, and brass hooks.") == {
        "finish": "hand-rubbed"}
    assert fill_schema(_schema(finish="string"), "We finish the frames on Fridays.") == {"finish": None}


def test_a_postcode_field_takes_the_postcode():
    found = _ask_json("Extract JSON: name (string), postcode (string). Hi, Ceri Vaughan here, we're at SA62 6PY.")
    assert found == {"name": "Ceri Vaughan", "postcode": "SA62 6PY"}


def test_a_size_letter_is_not_a_unit_and_a_spelled_size_is_its_letter():
    found = _ask_json("Harness for Idris Lewis, 1.75 m tall, in medium. Reply with JSON: name, "
                      "harness_size (XS, S, M, L or XL).")
    assert found["harness_size"] == "M"
    found = _ask_json("Harness for Idris Lewis, 1.75 m tall, in extra large. Reply with JSON: name, "
                      "harness_size (XS, S, M, L or XL).")
    assert found["harness_size"] == "XL"


# --- keys asked for by name only ------------------------------------------------------------------------------------

@pytest.mark.parametrize("key, expected", [("urgent", "boolean"), ("lead_only", "boolean"), ("owns_rope", "boolean"),
                                           ("signal_ok", "boolean"), ("vet_called", "boolean"),
                                           ("kennels_booked", "number"), ("max_tonnes_per_year", "number"),
                                           ("customer", "string")])
def test_the_type_of_a_key_given_by_name(key, expected):
    assert guess_type(key) == expected


def test_a_type_hint_of_number_allows_decimals_and_string_or_null_is_no_choice_of_two():
    assert type_hint("refund", "keys refund (number, 0 if none)") == {"type": "number"}
    assert type_hint("editor", "keys editor (string or null)") == {}


def test_a_participle_key_said_with_not_and_an_inflected_action_are_yes_no_questions():
    assert type_hint("insured_with_us", "Not insured through us.") == {"type": "boolean"}
    assert type_hint("gift_wrap", "They don't want anything gift-wrapped.") == {"type": "boolean"}


def test_keys_given_by_name_read_yes_no_answers_from_the_text():
    found = _ask_json("Return JSON with keys dog, urgent, owns_crate, vet_called. Kennel note: Pepper, a collie. Not "
                      "urgent - she is eating again. The owners have their own crate. Vet called at 9.")
    assert found == {"dog": "Pepper", "urgent": False, "owns_crate": True, "vet_called": True}


def test_having_ones_own_turns_a_need_off():
    found = _ask_json("New climber Aled Rees brings his own harness. Reply with JSON: name, needs_harness (true/false).")
    assert found == {"name": "Aled Rees", "needs_harness": False}


def test_a_lead_name_is_the_person_who_writes():
    found = _ask_json("Hello, this is Tamsin Roe - can you book four of us on Saturday?",
                      system="Extract the booking as JSON with keys lead_name (string), people (integer).")
    assert found == {"lead_name": "Tamsin Roe", "people": 4}


def test_a_json_request_before_material_that_asks_a_question_is_still_an_extraction():
    found = _ask_json("Extract JSON with keys lead_name (string), people (integer). Hello, this is Tamsin Roe - can "
                      "you book four of us on Saturday?")
    assert found == {"lead_name": "Tamsin Roe", "people": 4}


def test_a_form_line_answers_a_yes_no_field_even_before_a_dash():
    text = "Gym inspection 4 June. Crash mats replaced: no - still on order. Fire exit clear: yes."
    assert fill_schema(_schema(mats_replaced="boolean", exit_clear="boolean"), text) == {
        "mats_replaced": False, "exit_clear": True}


def test_keys_given_by_name_for_a_job_a_time_and_a_free_sum():
    found = _ask_json("Return JSON with keys customer, rewire_lamp, tea_served, parking, total_claim (null for anything "
                      "not given). Job for Ms "
                      "Ines Vidal: rewire the brass lamp. Tea served from four. Parking was free. Total claim £12.")
    assert found["rewire_lamp"] is True and found["tea_served"] is None
    assert found["parking"] == 0 and found["total_claim"] == 12


def test_a_rate_field_takes_the_price_per_unit_not_what_the_sum_comes_to():
    text = "Courier run: 18 km at 60p a km = £10.80, waiting time free. Total £10.80."
    assert fill_schema(_schema(km="number", rate_per_km_pence="integer", total="number"), text) == {
        "km": 18, "rate_per_km_pence": 60, "total": 10.8}


def test_a_pack_size_without_a_noun_is_the_size_of_a_pack():
    text = "Stock: staples 4 boxes (500 to a box), labels 2 rolls."
    assert fill_schema(_schema(staple_boxes="integer", staples_per_box="integer"), text) == {
        "staple_boxes": 4, "staples_per_box": 500}


def test_clock_times_in_words_read_as_the_working_day_reads_them():
    assert [v.value for v in extract("First lift at twenty past nine, last one down at ten to six.")
            if v.kind == "time"] == ["09:20", "17:50"]
    assert [v.value for v in extract("The parcel is ready at ten past four.") if v.kind == "time"] == ["16:10"]
    assert [v.value for v in extract("Milking starts at half past five in the morning.") if v.kind == "time"] == [
        "05:30"]


def test_a_reading_that_finds_a_third_or_less_of_the_keys_says_so_instead_of_returning_the_record():
    reply = str(get_model("offline").invoke(
        "hiya can I get booked in with Marta for a cut? it's Jo. "
        "Turn that text into JSON with name, stylist, services, day, time, deposit_paid.").content)
    assert reply.startswith("I cannot answer this reliably: I found only 2 of the 6 keys") and is_refusal(reply)
    # the same request where the keys the text does not give may be null is answered
    found = _ask_json("hiya can I get booked in with Marta for a cut on Friday? Turn that into JSON with name, "
                      "stylist, day, time, deposit_paid. Use null for anything not stated.")
    assert found["day"] == "Friday"


def test_a_json_line_after_the_material_is_the_request_and_a_size_is_not_a_count():
    found = _ask_json("Morning - we need three 40 ft flats moved off the quay at Berth 4. Each is about 6 tonnes. "
                      "Could you quote? Ines Duarte, 07700 900118.\nJSON please: contact (string), flats (integer), "
                      "flat_tonnes (number).")
    assert found == {"contact": "Ines Duarte", "flats": 3, "flat_tonnes": 6}


def test_bringing_ones_own_and_a_key_said_paid_in_full_are_yes_no():
    assert guess_type("paid_in_full") == "boolean"
    found = _ask_json("Choir outing: 30 singers, arriving at noon. They're bringing packed lunches. "
                      "Return JSON with keys singers, lunch_needed.")
    assert found == {"singers": 30, "lunch_needed": False}


def test_a_list_of_objects_described_in_words_is_declined_as_a_refusal():
    reply = str(get_model("offline").invoke(
        "Tonight: Early Bird, 50p a book; Snowball, £1 a book. Return JSON: games (a list of objects with name "
        "(string) and price (number)), break_time (HH:MM).").content)
    assert reply.startswith("I cannot answer this as asked: games is a list of objects") and is_refusal(reply)


def test_a_state_key_is_false_where_the_text_says_its_opposite_and_sides_may_carry_units():
    text = "Cabin 9, 3 to 10 May. Dogs are banned from the cabins; the sauna is open all week."
    assert fill_schema(_schema(dogs_allowed="boolean"), text) == {"dogs_allowed": False}
    assert fill_schema(_schema(room_length_m="number", room_width_m="number"), "Room 5.2 m x 3.9 m, oak floor.") == {
        "room_length_m": 5.2, "room_width_m": 3.9}


def test_a_date_field_takes_no_weekday_and_a_participle_phrase_key_is_yes_no():
    assert guess_type("taken_out_of_use") == "boolean"
    found = fill_schema(_schema(collect_by={"type": "string", "format": "date"}), "I'll drop it off on Thursday.")
    assert found == {"collect_by": None}


# --- stop 29: units, earlier values, values the text says are unknown, tables --------------------------------------
# (sentences about a tide mill, a seed library, a hat-block maker and a rope bridge)

def test_metric_units_are_converted_into_the_unit_a_field_is_named_for():
    got = fill_schema(_schema(flour_g="number", sacks_kg="number", beam_mm="integer"),
                      "The tide mill ground 2.5 kg of flour for the open day from two 25 kg sacks; its beam is 0.4 m wide.")
    assert got == {"flour_g": 2500, "sacks_kg": 25, "beam_mm": 400}


def test_a_previous_field_takes_the_value_the_text_says_used_to_hold():
    text = "The seed library now lends 1,240 packets a year (it was 860 when it opened)."
    got = fill_schema(_schema(packets="integer", previous_packets="integer"), text)
    assert got == {"packets": 1240, "previous_packets": 860}


def test_a_field_the_text_says_is_not_known_yet_stays_null():
    text = "Hat block for Mrs Achebe: crown 57 cm, brim 8 cm. Collection date not decided yet; price TBC."
    got = fill_schema(_schema(crown_cm="number", collection_date={"type": "string", "format": "date"},
                              price="number"), text)
    assert got == {"crown_cm": 57, "collection_date": None, "price": None}


def test_an_invoice_reads_each_figure_with_the_label_on_its_own_line():
    text = ("Rope bridge inspection - invoice 7731\nHemp rope 40 m @ £3.10 = £124.00\nCall-out = £60.00\n"
            "Sub-total £184.00   VAT £36.80   Total £220.80\nBalance: nothing owing.")
    got = _ask_json(text + "\nGive me JSON with subtotal, vat, total, balance_due")
    assert got == {"subtotal": 184, "vat": 36.8, "total": 220.8, "balance_due": 0}


def test_first_and_last_fields_take_the_two_ends_of_a_span_and_a_stay_gives_its_nights():
    text = ("The tide mill grinds from April to October. Miller's cottage booking: arrive Fri 9 July 2027, "
            "depart Fri 16 July 2027, sleeps 4.")
    got = fill_schema(_schema(first_month="string", last_month="string", nights="integer"), text)
    assert got == {"first_month": "April", "last_month": "October", "nights": 7}
    assert fill_schema(_schema(first_name="string"), "From Jo to Al.")["first_name"] is None


def test_a_key_listed_with_types_asks_for_a_record_without_the_word_json():
    system = "You extract loans. Keys: borrower (string), packets (integer), returned (true/false)."
    got = _ask_json("Borrowed by Tamsin Oduya: 6 packets of runner beans. Not returned yet.", system)
    assert got == {"borrower": "Tamsin Oduya", "packets": 6, "returned": False}


def test_per_item_yes_no_and_ones_own_said_in_another_clause():
    got = fill_schema(_schema(has_box="boolean", has_papers="boolean"), "Block 14: papers yes, box no.")
    assert got == {"has_box": False, "has_papers": True}
    got = fill_schema(_schema(own_gloves="boolean"), "Gloves provided at the bridge, she hasn't got her own.")
    assert got == {"own_gloves": False}


def test_names_the_text_does_not_give_to_a_field():
    text = "A hat block for Greystones, Alnwick, with the motto 'Carpe diem'."  # a quoted motto's word is no client
    assert fill_schema(_schema(client_name="string"), text)["client_name"] != "Carpe"
    text = "Lilac's come up well this year, 40 packets saved. Pip"  # "Lilac's come up" is what did something
    assert fill_schema(_schema(volunteer="string"), text)["volunteer"] in (None, "Pip")
    text = "The rope bridge is inspected by the county engineer, Ruth Mbeki, twice a year."
    assert fill_schema(_schema(inspected_by="string"), text) == {"inspected_by": "Ruth Mbeki"}
    assert fill_schema(_schema(tower="string"), "The Lantern tower is staffed by volunteers.") == {"tower": "Lantern"}


def test_a_count_and_a_plural_key_read_by_their_last_word():
    text = "Our library lent 1,950 packets last year; Oona Lee lent the most, 212. We have 64 members."
    got = fill_schema(_schema(library_loans="integer", members="integer"), text)
    assert got["members"] == 64 and got["library_loans"] in (1950, None)
    got = _ask_json("Respond in JSON with species, count. Use null if not given.\nLog: 44 curlews counted at the mill pond; two herons also seen.")
    assert got["species"] != 2 and got["count"] == 44


def test_a_temperature_below_zero_a_pair_and_a_span_of_years():
    assert [v.value for v in extract("The forecast low at the tide mill is -12 °C.")] == [-12]
    assert [(v.value, v.unit) for v in extract("one pair of hat blocks and two pairs of gloves")] == [(1, "pair"),
                                                                                                  (2, "pairs")]
    got = fill_schema(_schema(rain_days="integer", frost_days="integer"),
                      "In the mill's 30-year record, March had rain on 19 days and no frost at all.")
    assert got == {"rain_days": 19, "frost_days": 0}


def test_numbers_of_a_list_go_to_the_subject_that_names_them_and_quantity_led_items_are_records():
    text = "After the storm, bridges 2, 5 and 9 were repaired and bridge 7 was closed."
    assert fill_schema(_schema(repaired={"type": "array", "items": {"type": "integer"}},
                               closed={"type": "array", "items": {"type": "integer"}}), text) == {
        "repaired": [2, 5, 9], "closed": [7]}
    item = {"type": "object", "properties": {"kind": {"type": "string"}, "length_m": {"type": "number"},
                                             "coils": {"type": "integer"}}}
    got = fill_schema(_schema(ropes={"type": "array", "items": item}),
                      "In the store: one coil of 40 m hemp rope and three coils of 25 m sisal rope.")
    assert [(r["length_m"], r["coils"]) for r in got["ropes"]] == [(40, 1), (25, 3)]


# --- keys the text does not give -----------------------------------------------------------------------------------

def test_a_key_the_text_does_not_give_is_declined_unless_the_request_allows_null():
    text = ("The Harbour Lights Shanty Choir rehearses every Wednesday at 7.30 pm at the lifeboat station. "
            "JSON with choir, day, time, conductor.")
    reply = str(get_model("offline").invoke(text).content)
    assert is_refusal(reply) and "conductor" in reply and "{" not in reply
    assert "does not give conductor" in reply  # (only the key it could not read is named as missing)
    # leave to be null, for the one key or for every key, gets the record with the null in it
    for leave in ("JSON with choir, day, time, conductor (string or null).",
                  "JSON (keys choir, day, time, conductor; null for anything not given)."):
        found = _ask_json(text.rsplit("JSON", 1)[0] + leave)
        assert found == {"choir": "Harbour Lights Shanty Choir", "day": "Wednesday", "time": "19:30", "conductor": None}


def test_a_key_the_text_says_is_not_known_yet_is_null_without_asking():
    found = _ask_json("Kayak polo friendly against Tern Bay on Saturday at 2 pm; referee not confirmed yet. "
                      "JSON with opponent, day, time, referee.")
    assert found == {"opponent": "Tern Bay", "day": "Saturday", "time": "14:00", "referee": None}


def test_a_year_before_a_season_is_a_year_and_dates_the_days_in_its_sentence():
    text = "The Tern Bay kayak polo league's 2029 season runs from 14 April to 8 September on three pitches."
    assert [v.kind for v in extract(text) if v.text == "2029"] == ["year"]
    assert fill_schema(_schema(season_starts={"type": "string", "format": "date"},
                               season_ends={"type": "string", "format": "date"}, pitches="integer"), text) == {
        "season_starts": "2029-04-14", "season_ends": "2029-09-08", "pitches": 3}
    assert [v.kind for v in extract("We sold 2029 season tickets.") if v.text == "2029"] == ["number"]


def test_a_count_of_packs_is_no_size_per_pack_and_a_short_code_after_the_key_word_is_its_value():
    text = "The choir packed 180 song sheets into twelve folders of 15."
    assert fill_schema(_schema(sheets="integer", folders="integer", sheets_per_folder="integer"), text) == {
        "sheets": 180, "folders": 12, "sheets_per_folder": 15}
    assert fill_schema(_schema(section="string", singers="integer"),
                       "Folders went to section C: eleven singers in all.")["section"] == "C"
