"""The plain Python tools the tune38 `tools` probes bind: typed parameters and docstrings, as a learner would write them.

Same contract as the other folders' tools.py (each probe names the ones it binds; the benchmark passes them to
``bind_tools``), on this set's topics (duck herding trials, a lumberjack sports show, a bug hotel building day, clog
dancing, a pea shooting championship, black pudding throwing, a penny farthing race, a tree climbing competition, a
butterfly count and a backgammon club). Their bodies are never run: a probe checks which tool the model asks for and
with which arguments, not what it returns.
"""

from __future__ import annotations

from typing import Literal


def enter_duck_herding_trial(handler: str, dog: str, level: Literal["novice", "intermediate", "open"]) -> str:
    """Enter a handler and dog in the duck herding trials. level: novice = a dog that has never competed before,
    intermediate = a dog that has competed but never won, open = a dog that has won at least one trial."""
    return f"{handler} and {dog} entered in the {level} class."


def buy_lumberjack_show_tickets(date: str, adults: int, children: int = 0, grandstand: bool = False) -> float:
    """Buy tickets for the lumberjack sports show on a date (YYYY-MM-DD) for adults and children; grandstand=True for
    covered grandstand seats instead of standing by the arena. Returns the price in pounds."""
    return 0.0


def register_bug_hotel_volunteer(name: str, date: str, under_16: bool = False) -> str:
    """Register a volunteer for a bug hotel building day on a date (YYYY-MM-DD); under_16=True for children, who must
    come with an adult."""
    return f"{name} registered for {date}."


def book_clog_dancers(event: str, date: str, start_time: str, minutes: int = 20) -> str:
    """Book the clog dancing team to perform at an event on a date (YYYY-MM-DD) at a start time (HH:MM, 24-hour) for
    a number of minutes."""
    return f"Clog dancers booked for {event}."


def order_clogs(size: int, colour: Literal["black", "red", "brown"], irons: bool = True) -> float:
    """Order a pair of dancing clogs by UK shoe size and leather colour; irons=False for rubber soles instead of
    the traditional clog irons. Returns the price in pounds."""
    return 0.0


def enter_pea_shooting(name: str, category: Literal["adult", "junior"], laser_sight: bool = False) -> str:
    """Enter a competitor in the pea shooting championship. category: junior = under 16 on the day, adult = 16 or
    over. laser_sight=True if the shooter will use a laser sight (they shoot in a separate pool)."""
    return f"{name} entered ({category})."


def book_pudding_throws(thrower: str, throws: int = 3) -> float:
    """Book throws at the black pudding throwing for one thrower; each throw is one black pudding. Returns the
    price in pounds."""
    return 0.0


def enter_penny_farthing_race(rider: str, machine_year: int, wheel_inches: int) -> str:
    """Enter a rider in the penny farthing race with the year the machine was built and the diameter of its front
    wheel in whole inches."""
    return f"{rider} entered."


def register_tree_climber(name: str, events: list[Literal["speed climb", "aerial rescue", "throwline", "work climb",
                                                         "footlock"]]) -> str:
    """Register a climber for one or more events of the tree climbing competition."""
    return f"{name}: {', '.join(events)}."


def log_butterfly_sighting(site: str, date: str, species: str, number: int, minutes: int = 15) -> str:
    """Record how many butterflies of one species were seen in a timed count at a site on a date (YYYY-MM-DD);
    minutes is the length of the count."""
    return f"{number} {species} at {site}."


def book_backgammon_boards(date: str, time: str, boards: int = 1) -> str:
    """Book boards at the backgammon club on a date (YYYY-MM-DD) from a time (HH:MM, 24-hour)."""
    return f"{boards} boards on {date} at {time}."


def enter_backgammon_tournament(player: str, event: Literal["championship", "plate", "blitz"]) -> str:
    """Enter a club member in one of the backgammon club's competitions."""
    return f"{player} entered in the {event}."
