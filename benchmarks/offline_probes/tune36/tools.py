"""The plain Python tools the tune36 `tools` probes bind: typed parameters and docstrings, as a learner would write them.

Same contract as the other folders' tools.py (each probe names the ones it binds; the benchmark passes them to
``bind_tools``), on this set's topics (a beach volleyball league, a soap box derby, a hedge laying match, a wife
carrying race, an apple pressing day, a bike polo club, a stilt walking troupe, a sled dog rally, a lawnmower racing
series and a bathtub race). Their bodies are never run: a probe checks which tool the model asks for and with which
arguments, not what it returns.
"""

from __future__ import annotations

from typing import Literal


def book_volleyball_court(date: str, time: str, court: int, hours: int = 1) -> float:
    """Book a beach volleyball court (1 to 4) at Marram Bay on a date (YYYY-MM-DD) from a start time (HH:MM,
    24-hour) for a number of hours. Returns the price in pounds."""
    return 0.0


def register_volleyball_team(team_name: str, players: list[str], division: Literal["mixed", "womens", "mens"]) -> str:
    """Register a team for the beach volleyball league with the players' full names and its division."""
    return f"{team_name} registered in the {division} division."


def enter_soapbox_kart(kart_name: str, driver_name: str, driver_age: int, weight_kg: float) -> str:
    """Enter a kart in the soap box derby with its name, the driver's full name and age on race day, and the weight
    of kart and driver together in kilograms."""
    return f"{kart_name} entered for {driver_name}."


def enter_hedge_laying(name: str, competitor_class: Literal["open", "novice", "junior"],
                       style: Literal["midland", "south of england", "welsh"]) -> str:
    """Enter the hedge laying match. Classes: open = experienced competitors; novice = in their first two years of
    competing; junior = under 18. Style is the hedge laying style the competitor will use."""
    return f"{name} entered in the {competitor_class} class ({style})."


def enter_wife_carrying(carrier: str, carried: str, carried_weight_kg: float) -> str:
    """Enter a couple in the wife carrying race: the carrier's and the carried partner's full names and the carried
    partner's weight in kilograms (at least 49 kg)."""
    return f"{carrier} carrying {carried} entered."


def book_pressing_slot(date: str, apples_kg: float, pasteurise: bool = False) -> str:
    """Book a slot at the apple pressing day on a date (YYYY-MM-DD) for a weight of apples in kilograms, optionally
    with the juice pasteurised."""
    return f"{apples_kg} kg on {date}."


def order_bottles(bottles: int, size_ml: int = 750) -> float:
    """Order empty glass bottles for apple juice: how many, and their size in millilitres (500, 750 or 1000).
    Returns the price in pounds."""
    return 0.0


def join_bike_polo(name: str, own_bike: bool = True, mallet_hire: bool = False) -> str:
    """Join the bike polo club as a new member with your full name; say whether you have your own bike and whether
    you need to hire a club mallet."""
    return f"Welcome, {name}."


def book_stilt_walkers(date: str, walkers: int, start_time: str, hours: float) -> float:
    """Book stilt walkers from the troupe for an event on a date (YYYY-MM-DD), starting at a time (HH:MM, 24-hour),
    for a number of hours. Returns the fee in pounds."""
    return 0.0


def book_stilt_workshop(date: str, people: int) -> str:
    """Book places at a beginners' stilt walking workshop on a date (YYYY-MM-DD)."""
    return f"{people} on {date}."


def enter_sled_dog_race(musher: str, race_class: Literal["2-dog", "4-dog", "6-dog", "canicross"], dogs: int) -> str:
    """Enter a musher in the sled dog rally in a class, with the number of dogs they will run."""
    return f"{musher} in the {race_class} class."


def get_trail_conditions(trail: str) -> str:
    """Get the latest ground and weather conditions for one of the rally's forest trails."""
    return f"Conditions on {trail}."


def buy_mower_race_tickets(round_number: int, adults: int, children: int = 0) -> float:
    """Buy spectator tickets for a round of the lawnmower racing series (1 to 7). Returns the price in pounds."""
    return 0.0


def enter_mower_race(driver: str, mower_group: Literal["A", "B", "C", "D"], round_number: int) -> str:
    """Enter a driver and their mower in a round of the lawnmower racing series, in racing group A, B, C or D."""
    return f"{driver} in group {mower_group}, round {round_number}."


def enter_bathtub(tub_name: str, paddlers: int, fancy_dress: bool = False) -> str:
    """Enter a tub in the bathtub race with its name and number of paddlers (1 or 2)."""
    return f"{tub_name} entered."


def sponsor_tub(tub_name: str, amount: float) -> str:
    """Sponsor a tub in the bathtub race with an amount in pounds for the lifeboat charity."""
    return f"£{amount} pledged to {tub_name}."
