"""The plain Python tools the tune34 `tools` probes bind: typed parameters and docstrings, as a learner would write them.

Same contract as the other folders' tools.py (each probe names the ones it binds; the benchmark passes them to
``bind_tools``), on this set's topics (a hackathon, a cycling hill climb, a jazz brunch, a steam rally, a parkrun, a
record fair, a plant sale, a food bank, a model rocket club and a line dancing class). Their bodies are never run: a
probe checks which tool the model asks for and with which arguments, not what it returns.
"""

from __future__ import annotations

from typing import Literal


def register_hackathon_team(team_name: str, members: list[str],
                            track: Literal["health", "climate", "transport", "education"]) -> str:
    """Register a team for the civic hackathon with its members' full names and the challenge track it enters
    (health, climate, transport or education)."""
    return f"{team_name} ({len(members)}) in the {track} track."


def enter_hill_climb(rider_name: str, category: Literal["juvenile", "junior", "senior", "veteran"],
                     club: str | None = None) -> str:
    """Enter a rider in the cycling hill climb in an age category (juvenile under 16, junior 16-18, senior 19-39,
    veteran 40 and over), with their cycling club if they have one."""
    return f"{rider_name} entered as {category}."


def book_jazz_brunch(date: str, time: str, people: int, high_chair: bool = False) -> str:
    """Book a table at the Sunday jazz brunch on a date (YYYY-MM-DD) at a time (HH:MM, 24-hour) for a number of
    people, with a high chair if asked for."""
    return f"Table for {people} on {date} at {time}."


def buy_rally_tickets(day: Literal["saturday", "sunday", "weekend"], adults: int, children: int = 0) -> float:
    """Buy steam rally tickets for Saturday, Sunday or a weekend pass, for a number of adults and children.
    Returns the price in pounds."""
    return 0.0


def find_parkrun_result(athlete_id: str, date: str) -> str:
    """Look up a runner's parkrun result by their athlete ID (the barcode number, e.g. A1234567) and the date of the
    run (YYYY-MM-DD)."""
    return f"Result for {athlete_id} on {date}."


def book_record_stall(trader: str, tables: int, table_type: Literal["full", "half"] = "full",
                      window: bool = False) -> float:
    """Book tables at the record fair for a trader: how many, full or half tables, and whether by the window.
    Returns the price in pounds."""
    return 0.0


def reserve_plants(plant: str, quantity: int, name: str) -> str:
    """Reserve plants at the community plant sale, to be collected on the day under the customer's name."""
    return f"{quantity} {plant} reserved for {name}."


def book_food_bank_collection(address: str, date: str, weight_kg: float) -> str:
    """Book the food bank van to collect donated food from an address on a date (YYYY-MM-DD); weight_kg is the
    rough weight of the donation in kilograms."""
    return f"Collection from {address} on {date}."


def book_rocket_launch_slot(date: str, flyer: str, motor_class: Literal["A", "B", "C", "D"],
                            max_altitude_m: int = 300) -> str:
    """Book a launch slot at the model rocket club's field on a date (YYYY-MM-DD) for a flyer, with the motor class
    (A to D) and the altitude ceiling in metres (300 unless asked otherwise)."""
    return f"{flyer} on {date}, class {motor_class}."


def join_line_dancing_class(name: str, level: Literal["beginners", "improvers"], weeks: int = 1) -> float:
    """Sign someone up for the line dancing class at the beginners' or improvers' level for a number of weeks.
    Returns the price in pounds."""
    return 0.0


def get_weather_forecast(town: str, date: str) -> str:
    """Get the weather forecast for a town on a date (YYYY-MM-DD)."""
    return f"Forecast for {town} on {date}."
