"""Tool choice and argument filling: the right tool per clause, typed arguments per parameter, explicit requests,
no call when nothing fits, and missing required arguments reported instead of guessed."""

from __future__ import annotations

import pytest
from langchain_core.tools import tool
from langchain_core.utils.function_calling import convert_to_openai_tool

from labkit.llm.offline.toolargs import FITS, choose_tools, split_clauses, tool_arguments, tool_scores


@tool
def get_weather(city: str) -> str:
    """Look up the current weather for a city."""
    return city


@tool
def calculator(expression: str) -> str:
    """Evaluate an arithmetic expression."""
    return expression


@tool
def book_table(restaurant: str, people: int, time: str) -> str:
    """Book a table at a restaurant."""
    return restaurant


@tool
def multiply(a: int, b: int) -> int:
    """Multiply two integers."""
    return a * b


@tool
def subtract(a: float, b: float) -> float:
    """Subtract b from a."""
    return a - b


@tool
def convert_currency(amount: float, from_currency: str, to_currency: str) -> str:
    """Convert an amount of money from one currency to another."""
    return from_currency


@tool
def send_message(recipient: str, text: str) -> str:
    """Send a text message to a person."""
    return text


@tool
def get_tide(port: str, date: str) -> str:
    """High and low tide times for a harbour on a date."""
    return port


@tool
def rent_bike(station: str, hours: int, electric: bool = False) -> str:
    """Rent a bike from a docking station for some hours."""
    return station


TOOLS = {t.name: convert_to_openai_tool(t) for t in
         [get_weather, calculator, book_table, multiply, subtract, convert_currency, send_message, get_tide, rent_bike]}


def calls(request: str, *names: str, **kw) -> list[tuple[str, dict, list[str]]]:
    out = []
    for chosen, clause in choose_tools(request, [TOOLS[n] for n in names], **kw):
        args, missing = tool_arguments(chosen, clause)
        out.append((chosen["function"]["name"], args, missing))
    return out


@pytest.mark.parametrize("request_text, names, expected", [
    ("Reserve a table at Maaemo for 4 people at 19:30.", ["book_table", "get_weather"],
     [("book_table", {"restaurant": "Maaemo", "people": 4, "time": "19:30"}, [])]),
    ("Book a table for two at Kontrast at 8 pm.", ["get_weather", "book_table"],
     [("book_table", {"restaurant": "Kontrast", "people": 2, "time": "20:00"}, [])]),
    ("Please compute 12 multiplied by 7 using the tool.", ["multiply"], [("multiply", {"a": 12, "b": 7}, [])]),
    ("Subtract 5 from 12 with the tool.", ["multiply", "subtract"], [("subtract", {"a": 12, "b": 5}, [])]),
    ("what's 17 * 23", ["get_weather", "calculator"], [("calculator", {"expression": "17 * 23"}, [])]),
    ("Could you check the weather in Oslo?", ["calculator", "get_weather"], [("get_weather", {"city": "Oslo"}, [])]),
    ("Send a message to Ingrid Solberg saying the ferry is delayed by 20 minutes.", ["send_message"],
     [("send_message", {"recipient": "Ingrid Solberg", "text": "the ferry is delayed by 20 minutes"}, [])]),
    ("When is high tide in Kristiansund on 14 March 2025?", ["get_weather", "get_tide"],
     [("get_tide", {"port": "Kristiansund", "date": "2025-03-14"}, [])]),
    ("I'd like an electric bike from Central Station for 3 hours.", ["get_weather", "rent_bike"],
     [("rent_bike", {"station": "Central Station", "hours": 3, "electric": True}, [])]),
])
def test_one_call_with_typed_arguments(request_text, names, expected):
    assert calls(request_text, *names) == expected


@tool
def order_bread(loaf: str, quantity: int) -> str:
    """Order loaves of bread from the bakery."""
    return loaf


@tool
def rent(station: str, bike_type: str, hours: int) -> str:
    """Rent a bike."""
    return station


@tool
def add(a: float, b: float) -> float:
    """Add two numbers."""
    return a + b


@pytest.mark.parametrize("request_text, chosen, expected", [
    ("Convert 250 euros to Norwegian kroner (NOK).", convert_currency,
     {"amount": 250, "from_currency": "EUR", "to_currency": "NOK"}),
    ("How many US dollars (USD) do I get for 80 GBP?", convert_currency,
     {"amount": 80, "from_currency": "GBP", "to_currency": "USD"}),
    ("Order 6 rye loaves from the bakery, please.", order_bread, {"loaf": "rye", "quantity": 6}),
    ("Book a cargo bike from Harbour Square for 5 hours.", rent, {"station": "Harbour Square", "bike_type": "cargo",
                                                                 "hours": 5}),
    ("Use the add tool to sum 1,250 and 375.", add, {"a": 1250, "b": 375}),
])
def test_currencies_qualifiers_and_numbers_as_written(request_text, chosen, expected):
    tool_dict = convert_to_openai_tool(chosen)
    ((picked, clause),) = choose_tools(request_text, [tool_dict, TOOLS["get_weather"]])
    assert picked is tool_dict and tool_arguments(picked, clause) == (expected, [])


def test_a_clause_without_the_argument_borrows_the_request():
    ((picked, clause),) = choose_tools("Should I pack a rain jacket for Kirkwall today? Check the weather there.",
                                       [TOOLS["get_weather"]])
    assert tool_arguments(picked, clause) == ({"city": "Kirkwall"}, [])


def test_one_call_per_clause_in_order():
    assert calls("Convert 250 EUR to NOK, then tell me the weather in Bergen.", "get_weather", "convert_currency") == [
        ("convert_currency", {"amount": 250, "from_currency": "EUR", "to_currency": "NOK"}, []),
        ("get_weather", {"city": "Bergen"}, [])]
    assert calls("What is 6 times 7 and then 10 minus 4?", "multiply", "subtract") == [
        ("multiply", {"a": 6, "b": 7}, []), ("subtract", {"a": 10, "b": 4}, [])]


@pytest.mark.parametrize("request_text", ["Hello there!", "What is the capital of France?", "Thanks, that's all."])
def test_no_call_when_no_tool_fits(request_text):
    assert calls(request_text, "get_weather", "book_table") == []
    assert max(tool_scores(request_text, [TOOLS["get_weather"], TOOLS["book_table"]])) < FITS


def test_missing_required_arguments_are_reported_not_invented():
    assert calls("What time is high tide?", "get_tide") == [("get_tide", {}, ["port", "date"])]
    args, missing = tool_arguments(TOOLS["book_table"], "Reserve a table for 4 people.")
    assert args == {"people": 4} and missing == ["restaurant", "time"]


def test_tool_choice_forces_a_named_tool_or_any_tool():
    forced = choose_tools("Hello there!", [TOOLS["get_weather"], TOOLS["calculator"]], tool_choice="calculator")
    assert [t["function"]["name"] for t, _ in forced] == ["calculator"]
    anyone = choose_tools("Hello there!", [TOOLS["get_weather"]], tool_choice="any")
    assert [t["function"]["name"] for t, _ in anyone] == ["get_weather"]


def test_similarity_is_one_batch_per_clause():
    batches = []

    def similarity(query, texts):
        batches.append(len(texts))
        return [0.0] * len(texts)

    choose_tools("Could you check the weather in Oslo?", [TOOLS["get_weather"], TOOLS["calculator"]], similarity)
    assert batches == [2]


def test_split_clauses():
    assert split_clauses("Book a table at Maaemo and then send a message to Ada.") == [
        "Book a table at Maaemo", "send a message to Ada."]


@tool
def set_alarm(time: str, label: str = "") -> str:
    """Set an alarm clock."""
    return time


def test_meaning_alone_chooses_a_tool_only_when_clearly_close():
    def similarity(query, texts):  # a stand-in encoder: close for waking, far for everything else
        return [0.48 if "wake" in query.lower() and "alarm" in t else 0.1 for t in texts]

    alarm = convert_to_openai_tool(set_alarm)
    chosen = choose_tools("Wake me at 6.45 am tomorrow.", [alarm, TOOLS["get_weather"]], similarity)
    assert [(t["function"]["name"], tool_arguments(t, c)) for t, c in chosen] == [("set_alarm", ({"time": "06:45"}, []))]
    assert choose_tools("Tell me a joke.", [alarm, TOOLS["get_weather"]], similarity) == []


# --- arguments by the description's own forms, names, recipients (issue 12: prompts nobody tuned for) -------------


@tool
def convert_volume(value: float, from_unit: str, to_unit: str) -> float:
    """Convert a volume between units ('l', 'ml', 'gal')."""
    return value


@tool
def order_tea(variety: str, tins: int) -> str:
    """Order tins of tea of a variety (e.g. 'assam', 'darjeeling')."""
    return variety


@tool
def assign_locker(member: str, locker: str) -> str:
    """Give a gym member a locker."""
    return locker


@tool
def send_email(to: str, subject: str, body: str) -> str:
    """Send an email."""
    return to


@tool
def power(base: float, exponent: float) -> float:
    """Raise base to the power of exponent."""
    return base ** exponent


@tool
def train_times(origin: str, destination: str) -> list:
    """Departures between two stations."""
    return []


def args_of(chosen, request_text: str) -> tuple[dict, list[str]]:
    return tool_arguments(convert_to_openai_tool(chosen), request_text)


def test_units_take_the_form_the_description_lists_and_a_closed_list_refuses_others():
    assert args_of(convert_volume, "How many litres is 3 gallons?") == (
        {"value": 3, "from_unit": "gal", "to_unit": "l"}, [])
    assert args_of(convert_volume, "Convert 2 cups to millilitres.") == (
        {"value": 2, "to_unit": "ml"}, ["from_unit"])


def test_a_bare_variety_qualifies_the_tools_own_noun_and_an_example_list_trims_to_its_item():
    assert args_of(order_tea, "Send me 3 tins of darjeeling tea.") == ({"variety": "darjeeling", "tins": 3}, [])


def test_a_parameter_the_request_names_takes_the_value_beside_it_and_a_lone_name_fills_a_lone_gap():
    assert args_of(assign_locker, "Give Petra Novak locker 14B.") == ({"member": "Petra Novak", "locker": "14B"}, [])


def test_a_mail_goes_to_the_address_with_the_quoted_subject_and_the_said_body():
    assert args_of(send_email, "Email li@example.net with the subject 'Rota' saying I swapped to Friday.") == (
        {"to": "li@example.net", "subject": "Rota", "body": "I swapped to Friday"}, [])


def test_positional_numbers_are_never_reused_for_a_missing_one():
    assert args_of(power, "Compute 9 squared.") == ({"base": 9, "exponent": 2}, [])
    assert args_of(power, "Raise 9 to some power.") == ({"base": 9}, ["exponent"])


def test_a_place_after_to_is_never_the_origin():
    assert args_of(train_times, "Next train to Dundee?") == ({"destination": "Dundee"}, ["origin"])


def test_the_model_asks_for_missing_arguments_in_words_that_say_it_cannot_call_yet():
    from labkit.llm.offline.model import OfflineChatModel

    reply = OfflineChatModel(semantic=False).bind_tools([train_times]).invoke("Next train to Dundee?")
    assert not reply.tool_calls
    assert "To call train_times I need to know the origin" in reply.content


def test_a_required_item_is_the_thing_the_request_counts_not_the_place_it_is_for():
    forge = {"type": "function", "function": {"name": "commission_ironwork", "description": "Commission ironwork.",
             "parameters": {"type": "object", "required": ["item", "quantity"], "properties": {
                 "item": {"type": "string"}, "quantity": {"type": "integer"}}}}}
    assert tool_arguments(forge, "Could you make us a dozen door latches for the church hall?") == (
        {"item": "door latches", "quantity": 12}, [])


@tool
def soaring_forecast(site: str, date: str) -> str:
    """The soaring forecast (thermals, cloud base, wind) for a gliding site on a date (YYYY-MM-DD)."""
    return "good"


def test_a_weekday_names_no_site():
    forecast = convert_to_openai_tool(soaring_forecast)
    ((picked, clause),) = choose_tools("What is the soaring forecast at Kettlewick for Sunday 2031-05-09?", [forecast])
    args, missing = tool_arguments(picked, clause)
    assert args.get("site") != "Sunday" and args.get("date") == "2031-05-09"


@tool
def book_kayak_session(date: str, paddle_hire: bool = True) -> str:
    """Book a kayak session on a date (YYYY-MM-DD), with a hired paddle unless the paddler brings their own."""
    return date


@tool
def enter_regatta(name: str, own_boat: bool = True) -> str:
    """Enter a rower in the regatta; own_boat is false when they will borrow a club boat."""
    return name


def test_bringing_your_own_turns_a_hire_off_and_borrowing_turns_own_off():
    kayak = convert_to_openai_tool(book_kayak_session)
    ((picked, clause),) = choose_tools("Book me a kayak session on 2031-07-04, I'll bring my own paddle.", [kayak])
    assert tool_arguments(picked, clause)[0] == {"date": "2031-07-04", "paddle_hire": False}
    regatta = convert_to_openai_tool(enter_regatta)
    ((picked, clause),) = choose_tools("Enter Mo Adebayo in the regatta; he'll be borrowing a club scull.", [regatta])
    assert tool_arguments(picked, clause)[0] == {"name": "Mo Adebayo", "own_boat": False}
