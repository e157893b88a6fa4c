"""The plain Python tools the tune27 `tools` probes bind: typed parameters and docstrings, as a learner would write them.

Same contract as the other folders' tools.py (each probe names the ones it binds; the benchmark passes them to
``bind_tools``), on this set's topics (a mountain rescue team, a working watermill, a gamelan group, a jigsaw
contest, a well dressing festival, a driving range, a spelling bee, rock pool rambles, a charity raft race and a
scout hut for hire). Their bodies are never run: a probe checks which tool the model asks for and with which
arguments, not what it returns.
"""

from __future__ import annotations

from typing import Literal


def donate_to_rescue_team(amount: float, gift_aid: bool = False) -> str:
    """Make a donation in pounds to the volunteer mountain rescue team; gift_aid adds Gift Aid for UK taxpayers."""
    return f"£{amount} donated."


def order_flour(flour: Literal["wholemeal", "brown", "white", "spelt"], bags: int, bag_kg: float = 1.5) -> float:
    """Order stoneground flour from the watermill shop: which flour, how many bags, and the bag size in kilograms
    (1.5 or 5). Returns the price in pounds."""
    return 0.0


def book_mill_tour(date: str, adults: int, children: int = 0) -> str:
    """Book a guided tour of the working watermill on a date (YYYY-MM-DD) for a number of adults and children."""
    return f"{adults} adults and {children} children on {date}."


def book_gamelan_taster(date: str, people: int) -> str:
    """Book places at a beginners' gamelan taster evening on a date (YYYY-MM-DD)."""
    return f"{people} on {date}."


def enter_jigsaw_contest(category: Literal["singles", "pairs", "teams"], names: list[str], pieces: int = 500) -> str:
    """Enter the jigsaw contest in a category with the entrants' full names, on a 500- or 1000-piece puzzle."""
    return f"{', '.join(names)} in {category} ({pieces} pieces)."


def buy_range_balls(bucket: Literal["small", "large", "jumbo"], buckets: int = 1, club_hire: int = 0) -> float:
    """Buy buckets of balls at the driving range (small = 50 balls, large = 100, jumbo = 150) and hire a number of
    clubs. Returns the price in pounds."""
    return 0.0


def book_golf_lesson(date: str, time: str, minutes: int = 30) -> str:
    """Book a lesson with the driving range pro on a date (YYYY-MM-DD) at a time (HH:MM, 24-hour), 30 minutes long
    unless asked otherwise."""
    return f"{minutes}-minute lesson on {date} at {time}."


def register_speller(name: str, school: str, year_group: int) -> str:
    """Register a pupil for the schools spelling bee with their full name, school and school year group (3 to 6)."""
    return f"{name} ({school}, year {year_group}) registered."


def book_rockpool_ramble(date: str, people: int, wellies_hire: int = 0) -> str:
    """Book places on a guided rock pool ramble on a date (YYYY-MM-DD); wellies_hire is how many pairs of wellies
    to hire."""
    return f"{people} on {date}."


def enter_raft(crew_name: str, crew_size: int, raft_class: Literal["fun", "open", "racing"]) -> str:
    """Enter a raft in the charity raft race. Classes: fun = any crew in fancy dress, whatever the raft; open = a
    home-built raft, no fancy dress; racing = shop-bought kayaks or boats lashed together, no fancy dress."""
    return f"{crew_name} ({crew_size}) in the {raft_class} class."


def hire_scout_hut(date: str, start_time: str, end_time: str, kitchen: bool = False) -> float:
    """Hire the scout hut on a date (YYYY-MM-DD) from a start time to an end time (HH:MM, 24-hour), with or without
    the kitchen. Returns the price in pounds."""
    return 0.0


def well_dressing_trail_map(village: str) -> str:
    """Get the walking map of the well dressing trail for a village."""
    return f"Map of the {village} trail."
