"""The plain Python tools the tune28 `tools` probes bind: typed parameters and docstrings, as a learner would write them.

Same contract as the other folders' tools.py (each probe names the ones it binds; the benchmark passes them to
``bind_tools``), on this set's topics (a bowling green, a wool mill, a seed swap, a pub quiz night, a toy library, a
steel band, a paddleboard hire, a Christmas tree farm, walking football and a roller rink). Their bodies are never
run: a probe checks which tool the model asks for and with which arguments, not what it returns.
"""

from __future__ import annotations

from typing import Literal


def book_bowls_rink(date: str, start_time: str, players: int, hire_woods: int = 0) -> str:
    """Book a rink on the bowling club's green on a date (YYYY-MM-DD) from a start time (HH:MM, 24-hour) for a number
    of players; hire_woods is how many of them need to borrow a set of the club's woods."""
    return f"Rink for {players} on {date} at {start_time}."


def order_yarn(shade: str, skeins: int, weight: Literal["4-ply", "double knit", "aran", "chunky"] = "double knit",
               gift_wrap: bool = False) -> float:
    """Order skeins of the wool mill's yarn in a shade (e.g. "Moorland Heather", "Peat Brown"). Every skein weighs
    100 g. Double knit unless another weight is asked for. Returns the price in pounds."""
    return 0.0


def book_mill_tour(date: str, tour: Literal["morning", "afternoon"], people: int) -> str:
    """Book places on a guided tour of the wool mill on a date (YYYY-MM-DD): the morning tour (10:30) or the
    afternoon tour (13:45)."""
    return f"{people} on the {tour} tour on {date}."


def register_for_seed_swap(name: str, packets: int, stall: bool = False) -> str:
    """Register a person for the seed swap with the number of seed packets they will bring; stall asks for a table
    to sell plants from."""
    return f"{name} with {packets} packets."


def enter_quiz(team_name: str, players: int, date: str) -> str:
    """Enter a team in the pub quiz night on a date (YYYY-MM-DD) with a number of players (at most six)."""
    return f"{team_name} ({players}) on {date}."


def reserve_toy(member_id: str, toy: str, weeks: int = 2) -> str:
    """Reserve a toy from the toy library for a member (their member number, as written on the card) for a number of
    weeks: two unless asked otherwise."""
    return f"{toy} for member {member_id}, {weeks} weeks."


def hire_steel_band(date: str, start_time: str, hours: float, venue: str, players: int = 6) -> float:
    """Hire the steel band to play at a venue (its name or address) on a date (YYYY-MM-DD) from a start time (HH:MM,
    24-hour) for a number of hours, with six players unless a bigger line-up is asked for. Returns the fee in pounds."""
    return 0.0


def hire_paddleboard(date: str, start_time: str, boards: int, minutes: int = 90, wetsuits: int = 0) -> float:
    """Hire stand-up paddleboards on a date (YYYY-MM-DD) from a start time (HH:MM, 24-hour) for a number of minutes
    (90 unless asked otherwise), with a number of wetsuits. Returns the price in pounds."""
    return 0.0


def reserve_christmas_tree(variety: Literal["nordmann fir", "norway spruce", "fraser fir"], height_ft: int,
                           collection_date: str, netting: bool = True, delivery_address: str | None = None) -> str:
    """Reserve a cut Christmas tree of a variety and height in feet, to collect on a date (YYYY-MM-DD), netted unless
    asked otherwise; with a delivery address the farm delivers it on that date instead."""
    return f"{height_ft} ft {variety} for {collection_date}."


def join_walking_football(name: str, age: int, day: Literal["monday", "friday"]) -> str:
    """Sign a player up for the over-50s walking football sessions on Mondays (indoors) or Fridays (outdoors)."""
    return f"{name} ({age}) on {day}."


def book_rink_session(session: Literal["family skate", "roller disco", "adults only"], date: str, skaters: int,
                      skate_hire: int = 0) -> float:
    """Book places at a roller rink session on a date (YYYY-MM-DD) for a number of skaters; skate_hire is how many of
    them need hire skates. Returns the price in pounds."""
    return 0.0
