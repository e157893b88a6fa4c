"""The plain Python tools the tune31 `tools` probes bind: typed parameters and docstrings, as a learner would write them.

Same contract as the other folders' tools.py (each probe names the ones it binds; the benchmark passes them to
``bind_tools``), on this set's topics (a fell race, a charity duck race, a tug of war team, a village book swap, a
poetry slam, a sea swimming club, pond dipping at a nature reserve, a dawn chorus walk, an open mic night and a
bike pump track). Their bodies are never run: a probe checks which tool the model asks for and with which
arguments, not what it returns.
"""

from __future__ import annotations

from typing import Literal


def enter_fell_race(race: str, date: str, runner_name: str, club: str | None = None) -> str:
    """Enter a runner in a fell race on a date (YYYY-MM-DD), with their full name and running club if they have one."""
    return f"{runner_name} entered for {race} on {date}."


def fell_race_results(race: str, year: int) -> list[str]:
    """Get the finishing order of a fell race in a given year."""
    return []


def buy_race_ducks(quantity: int, buyer_name: str) -> float:
    """Buy numbered plastic ducks for the charity duck race (£2 each) in the buyer's name. Returns the price in
    pounds."""
    return 2.0 * quantity


def duck_race_winner(year: int) -> int:
    """Look up the number of the winning duck in a year's duck race."""
    return 0


def register_tug_team(team_name: str, weight_class_kg: Literal[560, 640, 720], pullers: int = 8) -> str:
    """Register a team for the tug of war contest in a weight class (total team weight limit in kilograms)."""
    return f"{team_name} in the {weight_class_kg} kg class."


def reserve_swap_book(title: str, reader_name: str, days: int = 7) -> str:
    """Put a book from the village book swap aside for a named reader for a number of days (seven unless asked)."""
    return f"{title} kept for {reader_name} for {days} days."


def sign_up_poet(name: str, event_date: str, poems: int = 1) -> str:
    """Sign a poet up for a poetry slam night on a date (YYYY-MM-DD) with how many poems they will read."""
    return f"{name} on {event_date} ({poems} poems)."


def log_sea_swim(date: str, distance_m: int, minutes: int, water_temp_c: float) -> str:
    """Record a club sea swim: the date (YYYY-MM-DD), the distance in metres, the time in minutes and the water
    temperature in degrees Celsius."""
    return f"{distance_m} m in {minutes} min on {date}."


def sea_swim_conditions(beach: str) -> str:
    """Get today's sea temperature, wave height and flag for a beach."""
    return f"Conditions at {beach}."


def book_pond_dipping(date: str, children: int, adults: int = 0, nets_needed: int = 0) -> float:
    """Book a pond dipping session at the nature reserve on a date (YYYY-MM-DD) for a number of children and adults,
    and say how many nets to lend. Returns the price in pounds."""
    return 3.0 * children


def book_dawn_chorus_walk(date: str, people: int, breakfast: bool = False) -> str:
    """Book places on a guided dawn chorus walk on a date (YYYY-MM-DD); breakfast adds the cooked breakfast at the
    visitor centre afterwards."""
    return f"{people} on {date}."


def add_open_mic_act(act_name: str, performers: int, slot_minutes: int = 10, needs_keyboard: bool = False) -> str:
    """Put an act on the list for the next open mic night: its name, how many people perform, the slot length in
    minutes (ten at most) and whether it needs the house keyboard."""
    return f"{act_name} ({performers}) for {slot_minutes} minutes."


def hire_pump_track_bike(date: str, hours: float, frame_size: Literal["small", "medium", "large"]) -> float:
    """Hire a bike for the pump track on a date (YYYY-MM-DD) for a number of hours, in a frame size. Returns the
    price in pounds."""
    return 0.0
