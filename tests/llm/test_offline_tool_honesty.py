"""Tool calling that would rather not call than call wrong: no tool for a request none fits (and saying so), no call
for an undoing request or an information question with an action tool, and arguments read by their type (units
converted, dimension adjectives, from/to pairs of options, boolean flags, names read whole, codes), never a guess
for an optional parameter. Topics here appear in no probe set."""

from __future__ import annotations

from typing import Literal

from langchain_core.tools import tool
from langchain_core.utils.function_calling import convert_to_openai_tool

from labkit.llm import get_model
from labkit.llm.offline.toolargs import choose_tools, is_statement, tool_arguments


@tool
def book_pottery_class(studio: str, date: str, people: int = 1) -> str:
    """Book places in a pottery class at a studio on a date (YYYY-MM-DD)."""
    return studio


@tool
def kiln_status(kiln: str) -> str:
    """Say whether a kiln is firing, cooling or free."""
    return kiln


@tool
def ship_parcel(weight_kg: float, destination: str, express: bool = False) -> str:
    """Ship a parcel of a weight in kilograms to a destination city."""
    return destination


@tool
def convert_volume(value: float, from_unit: str, to_unit: str) -> float:
    """Convert a volume between units ('ml', 'l')."""
    return value


@tool
def convert_scale(value: float, from_scale: Literal["celsius", "fahrenheit"],
                  to_scale: Literal["celsius", "fahrenheit"]) -> float:
    """Convert a reading between temperature scales."""
    return value


@tool
def rug_price(width_cm: float, length_cm: float, fringe_cm: float = 0.0) -> float:
    """Price of a hand-knotted rug of a width and length in centimetres."""
    return 0.0


@tool
def museum_tour(museum: str, date: str, language: str = "English") -> str:
    """Book a guided tour of a museum on a date (YYYY-MM-DD) in a language."""
    return museum


@tool
def book_flight(origin: str, destination: str, date: str) -> str:
    """Book a flight from an origin airport to a destination on a date (YYYY-MM-DD)."""
    return origin


@tool
def multiply(a: float, b: float) -> float:
    """Multiply two numbers and return the product."""
    return a * b


@tool
def lookup_serial(serial: str) -> str:
    """Look up a product by its serial."""
    return serial


def _args(fn, text: str):
    return tool_arguments(convert_to_openai_tool(fn), text)


def _names(text: str, *fns) -> list[str]:
    return [t["function"]["name"] for t, _ in choose_tools(text, [convert_to_openai_tool(f) for f in fns])]


def test_a_request_no_tool_fits_gets_no_call_and_an_honest_reply():
    model = get_model("offline").bind_tools([ship_parcel, kiln_status])
    reply = model.invoke("What is the tallest mountain in Chile?")
    assert not reply.tool_calls
    assert "None of the available tools (ship_parcel, kiln_status)" in reply.content
    assert get_model("offline").bind_tools([ship_parcel]).invoke("Thanks, that's all!").content == "You're welcome."


def test_an_undoing_request_never_calls_the_tool_that_does_the_opposite():
    assert _names("Please cancel my pottery class booking on 2027-01-09.", book_pottery_class, kiln_status) == []


def test_an_information_question_calls_no_action_tool():
    assert _names("What is the baggage allowance on my flight from Oslo?", book_flight) == []
    assert _names("Book a flight from Oslo to Lima on 2027-03-02.", book_flight) == ["book_flight"]


def test_two_numbers_alone_do_not_make_an_arithmetic_call():
    assert _names("Who won the Kestrel 500 rally in 2019?", multiply, kiln_status) == []


def test_a_stated_fact_is_data_and_the_question_picks_the_tool():
    assert is_statement("Cheddar is £9.40 a kilo at the moment.")
    assert not is_statement("What would 3 kilos cost me?")
    assert _names("Cheddar is £9.40 a kilo at the moment. What would 3 kilos cost me?", multiply, kiln_status) == [
        "multiply"]


def test_numbers_are_given_in_the_parameters_unit_and_by_their_adjective():
    assert _args(ship_parcel, "Ship a 2,500 g parcel to Lyon by express.") == (
        {"weight_kg": 2.5, "destination": "Lyon", "express": True}, [])
    assert _args(rug_price, "The rug is 240 cm long and 170 cm wide.") == ({"width_cm": 170, "length_cm": 240}, [])


def test_a_boolean_flag_is_on_when_named_off_when_negated_and_default_when_absent():
    assert _args(ship_parcel, "Send 4 kg to Porto, no express needed.")[0]["express"] is False
    assert "express" not in _args(ship_parcel, "Send 4 kg to Porto.")[0]


def test_from_and_to_options_are_placed_by_their_cues():
    assert _args(convert_volume, "How many ml is 2 l?")[0] == {"value": 2, "from_unit": "l", "to_unit": "ml"}
    assert _args(convert_scale, "It is 451 fahrenheit outside; what is that in celsius?")[0] == {
        "value": 451, "from_scale": "fahrenheit", "to_scale": "celsius"}


def test_names_are_read_whole_and_from_the_descriptions_preposition():
    assert _args(book_pottery_class, "Two of us at Clay & Fire on 2027-02-14.")[0] == {
        "studio": "Clay & Fire", "date": "2027-02-14", "people": 2}
    assert _args(kiln_status, "Is Northfield big kiln free yet?")[0] == {"kiln": "Northfield"}


def test_an_optional_parameter_keeps_its_default_rather_than_take_a_guess():
    args, missing = _args(museum_tour, "On 2 May 2027, a tour of the Halden Glass Museum for my students.")
    assert args == {"museum": "Halden Glass Museum", "date": "2027-05-02"} and missing == []


def test_a_missing_required_argument_is_asked_for_not_invented():
    assert _args(book_pottery_class, "Book the pottery class at Clay & Fire for three.")[1] == ["date"]
    model = get_model("offline").bind_tools([book_pottery_class, kiln_status])
    reply = model.invoke("Book the pottery class at Clay & Fire for three.")
    assert not reply.tool_calls and "need to know the date" in reply.content


def test_a_lone_code_fills_the_one_open_text_parameter():
    assert _args(lookup_serial, "What do we know about item 7QX-55b?")[0] == {"serial": "7QX-55b"}


@tool
def set_reminder(message: str, time: str) -> str:
    """Set a reminder with a message at a clock time (HH:MM)."""
    return message


@tool
def notify_team(team: str, message: str) -> str:
    """Send a notice to a named team."""
    return message


@tool
def heat_to(celsius: float) -> str:
    """Heat the oven to a temperature in degrees Celsius."""
    return str(celsius)


@tool
def book_desk(office: str, date: str) -> str:
    """Book a desk in an office on a date (YYYY-MM-DD)."""
    return office


@tool
def race_results(race: str, year: int) -> list:
    """Results of a named race in a year."""
    return []


def test_a_message_is_what_the_request_says_not_the_request_itself():
    assert _args(set_reminder, "Remind me to feed the cat at 17:45.")[0] == {"message": "feed the cat", "time": "17:45"}
    assert _args(set_reminder, "Set a reminder for 07:00.")[1] == ["message"]
    assert _args(notify_team, "Let the Harbour Team know the crane is cancelled tonight.")[0] == {
        "team": "Harbour Team", "message": "the crane is cancelled tonight"}


def test_a_word_of_a_message_is_not_the_requests_action():
    assert _names("Let the Harbour Team know the crane is cancelled tonight.", notify_team, heat_to) == ["notify_team"]


def test_a_number_in_another_scale_is_not_given_to_a_unit_named_parameter():
    assert _args(heat_to, "Heat it to 200 C.")[0] == {"celsius": 200}
    assert _args(heat_to, "Heat it to 400 Fahrenheit.")[1] == ["celsius"]


def test_sharing_only_the_action_verb_is_no_fit():
    assert _names("Book a hotel room in Tromso for 2 nights.", book_desk) == []


def test_a_year_beside_the_name_noun_is_not_the_name():
    assert _args(race_results, "Results of the Birkebeiner Ski race 2019?")[0] == {"race": "Birkebeiner Ski", "year": 2019}


@tool
def order_flour(grain: str, kilograms: float) -> str:
    """Order flour from the mill by grain and weight in kilograms."""
    return grain


@tool
def flour_price(grain: str) -> float:
    """Today's price of a flour grain, per kilogram."""
    return 0.0


def test_a_request_that_fills_a_tool_through_its_units_beats_one_that_only_sounds_alike():
    args, missing = _args(order_flour, "Half a kilo of spelt.")
    assert args == {"grain": "spelt", "kilograms": 0.5} and missing == []


def test_a_date_parameter_takes_a_calendar_date_not_a_relative_word():
    assert _args(book_desk, "Book a desk at the Fjordgata office tomorrow.")[1] == ["date"]


@tool
def road_distance(origin: str, destination: str) -> float:
    """Road distance in kilometres between two towns."""
    return 0.0


def test_a_route_written_with_between_fills_origin_and_destination():
    assert _args(road_distance, "What's the driving distance between Molde and Ålesund?")[0] == {
        "origin": "Molde", "destination": "Ålesund"}


def test_a_time_before_the_message_stays_out_of_it():
    assert _args(set_reminder, "Set a reminder at 06:30 to water the tomatoes.")[0] == {
        "message": "water the tomatoes", "time": "06:30"}


@tool
def buy_tokens(quantity: int, zone: Literal["inner", "outer"]) -> str:
    """Buy bus tokens for a fare zone."""
    return zone


@tool
def log_swim(distance_km: float, minutes: int) -> str:
    """Log a swim: distance in kilometres and time in minutes."""
    return ""


def test_two_requests_joined_by_and_get_a_call_each():
    assert _names("Weather for Tromso and the swim log: 2 km in 50 minutes.", log_swim, heat_to) == ["log_swim"]
    model = get_model("offline").bind_tools([buy_tokens, log_swim])
    calls = model.invoke("Buy 4 outer tokens and log a 2 km swim in 50 minutes.").tool_calls
    assert [(c["name"], c["args"]) for c in calls] == [("buy_tokens", {"quantity": 4, "zone": "outer"}),
                                                       ("log_swim", {"distance_km": 2, "minutes": 50})]


def test_a_count_the_request_never_wrote_is_not_invented():
    assert _args(buy_tokens, "Buy 6 second-zone outer tokens")[0].get("quantity") != 0


def test_describing_sentences_are_data_for_the_question_that_follows():
    assert is_statement("The night bus from Gdansk leaves at 23:10.") and not is_statement("Book the Jordal rink.")
    text = "The night bus from Gdansk leaves at 23:10 and arrives at 06:00. Ship a 3 kg parcel to Sopot."
    assert _names(text, ship_parcel, book_desk) == ["ship_parcel"]


@tool
def book_court(club: str, date: str, sport: Literal["tennis", "squash", "padel"] = "tennis") -> str:
    """Book a court at a sports club on a date (YYYY-MM-DD)."""
    return club


@tool
def water_beds(bed: str, litres: float) -> str:
    """Water a garden bed with a number of litres of water."""
    return bed


def test_an_option_inside_another_arguments_name_is_not_chosen_there():
    assert _args(book_court, "Squash at Vika Tennis Club on 2026-06-06.")[0]["sport"] == "squash"
    assert "sport" not in _args(book_court, "A court at Vika Tennis Club on 2026-06-06.")[0]


def test_what_the_tool_always_handles_is_no_argument():
    assert _args(water_beds, "Give it 12 litres of water.")[1] == ["bed"]



def test_a_pronoun_is_never_an_argument():
    from langchain_core.tools import tool

    from labkit.llm import OfflineChatModel

    @tool
    def make_drum(pitch: str, weight_kg: float, decoration: str = "") -> str:
        """Make a drum tuned to a pitch, of a weight in kilograms, with an optional decoration."""
        return "ok"

    reply = OfflineChatModel().bind_tools([make_drum]).invoke("Please make a drum weighing 3 kilograms. No paint on it.")
    assert all(call["args"].get("pitch") != "it" for call in reply.tool_calls)
    assert reply.tool_calls or "pitch" in reply.content  # no call: it asks for the missing pitch instead
