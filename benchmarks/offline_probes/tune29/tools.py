"""The plain Python tools the tune29 `tools` probes bind: typed parameters and docstrings, as a learner would write them.

Same contract as the other folders' tools.py (each probe names the ones it binds; the benchmark passes them to
``bind_tools``), on this set's topics (a fell race, a worm charming championship, ferret racing at a farm show, a
candle-making studio, a chainsaw carving show, maypole dancing at a May fair, punt hire, a kazoo band, Easter egg
rolling and a gurning contest). Their bodies are never run: a probe checks which tool the model asks for and with
which arguments, not what it returns.
"""

from __future__ import annotations

from typing import Literal, Optional


def enter_fell_race(name: str, age: int, club: Optional[str] = None, pre_entry: bool = True) -> str:
    """Enter a runner in the Crag Howe Fell Race with their full name, their age on race day and their running club
    (None if unattached); pre_entry is True for the cheaper online entry, False for entry on the day."""
    return f"{name} entered."


def get_fell_race_results(year: int) -> str:
    """Look up the finishing times and placings of the Crag Howe Fell Race in a given year."""
    return f"Results for {year}."


def book_worm_plot(team_name: str, team_size: int, date: str) -> str:
    """Book a plot at the worm charming championship for a team (1 to 4 people) on a date (YYYY-MM-DD)."""
    return f"Plot booked for {team_name} on {date}."


def bet_on_ferret(race_time: str, ferret: str, stake: float = 0.5) -> str:
    """Place a bet in pounds on a ferret in the race starting at race_time (HH:MM, 24-hour). The stake is 50p
    unless asked otherwise."""
    return f"£{stake} on {ferret} at {race_time}."


def book_candle_class(class_type: Literal["soy", "beeswax", "container"], date: str, places: int = 1) -> float:
    """Book places on a candle-making class at the studio on a date (YYYY-MM-DD). Returns the price in pounds."""
    return 0.0


def bid_on_carving(lot: int, amount: float) -> str:
    """Place a bid in pounds on a lot in the chainsaw carving auction."""
    return f"£{amount} bid on lot {lot}."


def register_maypole_dancers(school: str, dancers: int, year_groups: list[int]) -> str:
    """Register a school's team of children for the maypole dancing at the May fair, with how many children dance
    and which school year groups they come from."""
    return f"{dancers} dancers from {school}."


def hire_punt(date: str, start_time: str, hours: float, people: int, chauffeur: bool = False) -> float:
    """Hire a punt on a date (YYYY-MM-DD) from a start time (HH:MM, 24-hour) for a number of hours, for a number of
    people (up to 6 self-hire, 12 chauffeured). Returns the price in pounds."""
    return 0.0


def buy_kazoos(kind: Literal["plastic", "metal"], quantity: int) -> float:
    """Order kazoos for the band from the supplier: plastic or metal, and how many. Returns the price in pounds."""
    return 0.0


def enter_egg_roll(child_name: str, age: int, painted_egg_entry: bool = False) -> str:
    """Enter a child (up to 13) in the Easter Monday egg rolling; painted_egg_entry also enters their egg in the
    painted egg competition."""
    return f"{child_name} ({age}) entered."


def enter_gurning(name: str, category: Literal["mens", "womens", "junior", "veteran"]) -> str:
    """Enter someone in the gurning contest. Categories: mens, womens, junior (under 16) and veteran (anyone 65 and
    over, whatever their sex)."""
    return f"{name} in the {category} class."


def weather_forecast(place: str, date: str) -> str:
    """Get the weather forecast for a place on a date (YYYY-MM-DD)."""
    return f"Forecast for {place} on {date}."
