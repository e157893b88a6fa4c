"""The plain Python tools the tune32 `tools` probes bind: typed parameters and docstrings, as a learner would write them.

Same contract as the other folders' tools.py (each probe names the ones it binds; the benchmark passes them to
``bind_tools``), on this set's topics (a tiddlywinks league, a sand sculpture festival, a cheese rolling race, a yo-yo
championship, a sheep shearing contest, a canoe polo club, a pancake race, a sea shanty choir, a skittles alley and a
Lego robotics club). Their bodies are never run: a probe checks which tool the model asks for and with which
arguments, not what it returns.
"""

from __future__ import annotations

from typing import Literal


def register_tiddlywinks_team(team_name: str, players: list[str],
                              division: Literal["premier", "first", "second"] = "second") -> str:
    """Register a team in the tiddlywinks league with its players' full names; new teams start in the second
    division unless the committee says otherwise."""
    return f"{team_name} registered in the {division} division."


def order_sculpture_sand(tonnes: float, delivery_date: str,
                         sand_type: Literal["beach", "sharp", "building"] = "beach") -> float:
    """Order sand for a sand sculpture, in tonnes, delivered on a date (YYYY-MM-DD). Returns the price in pounds."""
    return 0.0


def book_sculpture_plot(team_name: str, date: str, people: int) -> str:
    """Book a sculpting plot on the beach at the sand sculpture festival for a team on a date (YYYY-MM-DD)."""
    return f"Plot booked for {team_name} ({people}) on {date}."


def enter_cheese_race(name: str, age: int, race: Literal["downhill", "uphill"],
                      division: Literal["men", "women"]) -> str:
    """Enter a runner (18 or over) in one of the cheese rolling races."""
    return f"{name} entered in the {division}'s {race} race."


def buy_spectator_ticket(date: str, tickets: int) -> float:
    """Buy spectator tickets for the cheese rolling on a date (YYYY-MM-DD). Returns the price in pounds."""
    return 0.0


def enter_yoyo_contest(name: str, division: Literal["string trick", "looping", "offstring", "freehand"],
                       age_group: Literal["junior", "open"] = "open") -> str:
    """Enter a player in the yo-yo championship. Divisions: string trick = one yo-yo, string tied to the finger;
    looping = yo-yos swung in loops; offstring = yo-yo not attached to the string; freehand = string not tied to the
    finger but ending in a counterweight. Age groups: junior = under 16 on the day, open = anyone."""
    return f"{name} entered in {division} ({age_group})."


def book_shearer(farm: str, date: str, sheep: int, crutching: bool = False) -> str:
    """Book a contract shearer to shear a number of sheep at a farm on a date (YYYY-MM-DD); crutching = also clip
    round the tails."""
    return f"Shearer booked at {farm} on {date} for {sheep} sheep."


def book_canoe_polo_taster(date: str, time: str, people: int, boats_needed: int = 0) -> str:
    """Book places on a canoe polo taster session on a date (YYYY-MM-DD) at a time (HH:MM, 24-hour);
    boats_needed is how many club boats to lend."""
    return f"{people} on {date} at {time}."


def enter_pancake_race(name: str, heat: Literal["open", "junior", "veterans"]) -> str:
    """Enter a runner in the pancake race: junior = under 16, veterans = over 60, open = everyone else."""
    return f"{name} entered in the {heat} heat."


def donate_to_pancake_charity(amount: float, gift_aid: bool = False) -> str:
    """Donate an amount in pounds to the pancake race's charity; gift_aid adds Gift Aid for UK taxpayers."""
    return f"£{amount} donated."


def book_shanty_choir(venue: str, date: str, start_time: str, set_minutes: int = 45) -> float:
    """Book the sea shanty choir to sing at a venue on a date (YYYY-MM-DD) from a start time (HH:MM, 24-hour); the
    usual set is 45 minutes. Returns the fee in pounds."""
    return 0.0


def book_skittle_alley(date: str, people: int, hours: float = 3, supper: bool = False) -> float:
    """Book the pub's skittle alley on a date (YYYY-MM-DD) for a number of people and hours (3 unless asked
    otherwise), with or without the ploughman's supper. Returns the price in pounds."""
    return 0.0


def order_lego_parts(part: Literal["large motor", "medium motor", "colour sensor", "distance sensor", "force sensor",
                                   "hub", "battery"], quantity: int) -> float:
    """Order spare parts for the robotics club's LEGO kits. Returns the price in pounds."""
    return 0.0


def register_robotics_team(team_name: str, members: list[str], age_division: Literal["junior", "senior"]) -> str:
    """Register a team for the LEGO robotics competition: junior = all members aged 9 to 12, senior = 13 to 16."""
    return f"{team_name} registered ({age_division})."
