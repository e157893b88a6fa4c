"""The plain Python tools the tune12 `tools` probes bind: typed parameters and docstrings, as a learner would write them.

Same contract as the other folders' tools.py (each probe names the ones it binds; the benchmark passes them to
``bind_tools``), on this set's topics (a canoe club, a dry ski slope, a scuba shop, a pétanque club, a gliding club, a
donkey sanctuary, a go-kart track, a dog groomer, a sheep-shearing show). Their bodies are never run: a probe checks
which tool the model asks for and with which arguments, not what it returns.
"""

from __future__ import annotations

from typing import Literal


def book_canoe(boat_type: Literal["open canoe", "kayak", "sit-on-top"], date: str, paddlers: int,
               hours: float = 2) -> str:
    """Book club boats for a trip: the kind of boat, the date (YYYY-MM-DD), how many paddlers, and for how many
    hours (two unless asked otherwise)."""
    return f"{paddlers} in a {boat_type} on {date} for {hours} h."


def river_level(gauge: str) -> float:
    """The latest river level in metres at a named gauging station (e.g. "Glasbury bridge")."""
    return 0.0


def book_ski_lesson(date: str, time: str, skiers: int, snowboard: bool = False) -> str:
    """Book a group lesson on the dry ski slope on a date (YYYY-MM-DD) at a time (HH:MM) for a number of people;
    snowboard lessons instead of ski lessons when asked."""
    return f"{skiers} on {date} at {time}."


def book_dive_course(course: str, start_date: str, students: int) -> str:
    """Enrol students on a scuba course (e.g. "Open Water") starting on a date (YYYY-MM-DD)."""
    return f"{students} on {course} from {start_date}."


def cylinder_fill(gas: Literal["air", "nitrox"], cylinders: int, oxygen_percent: int | None = None) -> float:
    """The price in pounds to fill a number of dive cylinders with air or nitrox; for nitrox, the oxygen percentage
    of the mix (e.g. 32)."""
    return 0.0


def enter_petanque_tournament(team_name: str, players: int, date: str) -> str:
    """Enter a team in a pétanque tournament on a date (YYYY-MM-DD): 1 player for singles, 2 for doubles, 3 for
    triples."""
    return f"{team_name} ({players}) on {date}."


def book_trial_flight(date: str, passenger_weight_kg: float, aerotow: bool = False) -> str:
    """Book a trial lesson in a two-seater glider on a date (YYYY-MM-DD); the passenger's weight in kilograms is
    needed for the balance; aerotow launches behind the tug plane instead of the winch."""
    return f"Trial flight on {date}."


def soaring_forecast(site: str, date: str) -> str:
    """The soaring forecast (thermals, cloud base, wind) for a gliding site on a date (YYYY-MM-DD)."""
    return "good"


def book_grooming(dog_name: str, service: str, date: str, time: str) -> str:
    """Book a dog in at the grooming parlour for a service (e.g. "full groom", "bath and nail trim") on a date
    (YYYY-MM-DD) at a time (HH:MM)."""
    return f"{dog_name}: {service} on {date} at {time}."


def adopt_donkey(donkey: str, monthly_gbp: float, gift_for: str | None = None) -> str:
    """Set up a monthly adoption of a named sanctuary donkey at a monthly amount in pounds, optionally as a gift for
    someone (their name goes on the certificate)."""
    return f"{donkey} adopted at {monthly_gbp} a month."


def book_kart_session(drivers: int, date: str, time: str, junior: bool = False) -> str:
    """Book a go-kart session for a number of drivers on a date (YYYY-MM-DD) at a time (HH:MM); junior sessions use
    the smaller 160cc karts."""
    return f"{drivers} drivers on {date} at {time}."


def wool_price(weight_kg: float, grade: Literal["fine", "medium", "coarse"]) -> float:
    """What the wool board would pay in pounds for a clip of wool of a given weight in kilograms and grade."""
    return 0.0
