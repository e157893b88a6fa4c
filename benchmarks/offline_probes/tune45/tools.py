"""The plain Python tools the tune45 `tools` probes bind: typed parameters and docstrings, as a learner would write them.

Same contract as the other folders' tools.py (each probe names the ones it binds; the benchmark passes them to
``bind_tools``), on this set's topics (a cyclocross race, a toe wrestling championship, a ventriloquist showcase, a
taiko drumming group, a cosplay convention, a mural festival, a treasure hunt, a spoon carving course, a beatbox
battle and a dodgeball league). Their bodies are never run: a probe checks which tool the model asks for and with
which arguments, not what it returns.
"""

from __future__ import annotations

from typing import Literal


def enter_cyclocross(rider: str, category: Literal["youth", "junior", "senior", "veteran"], club: str = "") -> str:
    """Enter a rider in the cyclocross race in their age category (youth 12-15, junior 16-18, senior 19-39,
    veteran 40 and over), with their club if they ride for one."""
    return f"{rider} entered ({category})."


def hire_cyclocross_bike(date: str, size: Literal["S", "M", "L"], hours: float) -> float:
    """Hire a cyclocross bike on a date (YYYY-MM-DD) in frame size S, M or L for a number of hours (half hours
    allowed). Returns the price in pounds."""
    return 0.0


def enter_toe_wrestling(name: str, division: Literal["men", "women", "junior"],
                        foot: Literal["left", "right"] = "right") -> str:
    """Enter someone in the toe wrestling championship in a division, wrestling with their left or right foot."""
    return f"{name} entered in the {division}'s division."


def book_ventriloquist_tickets(date: str, adults: int, children: int = 0, front_row: bool = False) -> float:
    """Book seats for the ventriloquist showcase on a date (YYYY-MM-DD) for adults and children; front_row=True asks
    for front-row seats. Returns the price in pounds."""
    return 0.0


def book_taiko_workshop(date: str, people: int, borrow_sticks: bool = False) -> str:
    """Book places on a taiko drumming taster workshop on a date (YYYY-MM-DD); borrow_sticks=True if the group needs
    to borrow drumsticks."""
    return f"{people} places on {date}."


def register_cosplay_contest(entrant: str, character: str,
                             category: Literal["novice", "journeyman", "master"]) -> str:
    """Register an entrant for the cosplay costume contest with the character they are dressed as and their level."""
    return f"{entrant} as {character} ({category})."


def order_mural_paint(colour: str, litres: float, exterior: bool = True) -> float:
    """Order mural paint for the festival by colour name and volume in litres; exterior=False for indoor paint.
    Returns the price in pounds."""
    return 0.0


def enter_treasure_hunt(team_name: str, players: int, start_time: str) -> str:
    """Enter a team in the treasure hunt with its name, how many players (up to six) and the start time
    (HH:MM, 24-hour)."""
    return f"{team_name} starts at {start_time}."


def book_spoon_carving_course(start_date: str, days: int,
                              wood: Literal["birch", "cherry", "sycamore"] = "birch") -> str:
    """Book a place on the spoon carving course starting on a date (YYYY-MM-DD) for one to three days, carving in
    birch (the default), cherry or sycamore."""
    return f"{days} days from {start_date} in {wood}."


def enter_beatbox_battle(stage_name: str, category: Literal["solo", "tag team", "loopstation"], age: int) -> str:
    """Enter a beatboxer in the beatbox battle under their stage name, in the solo, tag team or loopstation
    category, with their age."""
    return f"{stage_name} entered ({category})."


def register_dodgeball_team(team_name: str, captain: str, players: int,
                            division: Literal["social", "competitive"] = "social") -> str:
    """Register a team in the dodgeball league with its name, the captain's full name, the squad size and the
    division."""
    return f"{team_name} ({division})."


def get_weather_forecast(town: str, date: str) -> str:
    """The weather forecast for a town on a date (YYYY-MM-DD)."""
    return "Dry."
