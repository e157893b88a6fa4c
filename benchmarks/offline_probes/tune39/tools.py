"""The plain Python tools the tune39 `tools` probes bind: typed parameters and docstrings, as a learner would write them.

Same contract as the other folders' tools.py (each probe names the ones it binds; the benchmark passes them to
``bind_tools``), on this set's topics. Their bodies are never run: a probe checks which tool the model asks for and
with which arguments, not what it returns.
"""

from __future__ import annotations

from typing import Literal


def book_bus_museum_visit(date: str, adults: int, children: int = 0, heritage_ride: bool = False) -> str:
    """Book entry to the bus museum on a date (YYYY-MM-DD) for a number of adults and children; heritage_ride adds
    a ride on a vintage bus for the whole party."""
    return f"{adults} adults, {children} children on {date}."


def hire_vintage_bus(fleet_number: int, date: str, hours: int, pickup_town: str) -> float:
    """Hire one of the museum's vintage buses, by fleet number, with a driver for a number of hours on a date
    (YYYY-MM-DD), picking up in a town. Returns the price in pounds."""
    return 0.0


def order_firebricks(quantity: int, brick_type: Literal["standard", "insulating", "arch"] = "standard") -> float:
    """Order bricks for a wood-fired oven. standard = dense firebricks for the floor and dome; insulating =
    lightweight bricks that keep the heat in; arch = tapered bricks for the door arch. Returns the price in pounds."""
    return 0.0


def book_oven_workshop(date: str, places: int) -> str:
    """Book places on a one-day bread oven building workshop on a date (YYYY-MM-DD)."""
    return f"{places} places on {date}."


def enter_throwing_contest(name: str, round: Literal["cylinder", "bowl", "plate"], clay_kg: float = 1.0) -> str:
    """Enter a potter in one round of the pottery throwing contest, with the weight of clay in kilograms."""
    return f"{name} in the {round} round with {clay_kg} kg."


def register_conga_dancer(name: str, age: int, costume: bool = False) -> str:
    """Register a dancer for the conga record attempt with their full name and age in years; costume is whether
    they will come in fancy dress."""
    return f"{name} ({age}) registered."


def report_swan(location: str, condition: Literal["injured", "dead", "tangled", "distressed"], cygnets: int = 0) -> str:
    """Report a swan in trouble to the swan rescue team: where it is, its condition (tangled = caught in fishing
    line or litter) and how many cygnets are with it."""
    return f"Swan reported at {location}."


def enter_cheese_board(entrant: str, board_name: str, cheeses: list[str], vegetarian: bool = False) -> str:
    """Enter a board in the cheese board competition: the entrant's full name, the board's name, the cheeses on
    it, and whether every cheese is vegetarian."""
    return f"{board_name} entered."


def book_star_party_pitch(arrival_date: str, nights: int, pitch: Literal["tent", "caravan"], power_hookup: bool = False) -> float:
    """Book a pitch at the star party from an arrival date (YYYY-MM-DD) for a number of nights. Returns the price
    in pounds."""
    return 0.0


def get_sky_forecast(site: str, date: str) -> str:
    """Get the cloud cover, transparency and seeing forecast for an observing site on a night (YYYY-MM-DD)."""
    return f"Forecast for {site} on {date}."


def log_jukebox_repair(model: str, fault: str, hours: float) -> str:
    """Log work done on a jukebox in the club's repair book: the jukebox model, the fault fixed and the hours
    spent."""
    return f"{hours} h on the {model} logged."


def join_go_tournament(name: str, grade: str, tournament: Literal["autumn", "winter", "spring"], handicap_games: bool = True) -> str:
    """Enter a player in one of the go club's tournaments with their grade (for example "3 dan" or "5 kyu");
    handicap_games is whether they play handicap games against stronger players."""
    return f"{name} ({grade}) in the {tournament} tournament."


def record_bottle_collection(site: str, colour: Literal["clear", "brown", "green"], weight_kg: float) -> str:
    """Record glass collected at a bottle bank site during the collection drive: the site, the glass colour and the
    weight in kilograms."""
    return f"{weight_kg} kg of {colour} at {site}."
