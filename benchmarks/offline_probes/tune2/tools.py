"""The plain Python tools the tune2 `tools` probes bind: typed parameters and docstrings, as a learner would write them.

Same contract as ../tools.py and ../tune/tools.py (each probe names the ones it binds, up to eight; the benchmark
passes them to ``bind_tools``), on topics neither of those touches (fishmongers, canal locks, hot-air balloons,
climbing gyms, glassblowing, letterpress, ferris wheels, a clock museum, dog sledding, quilting, falconry). Their
bodies are never run: a probe checks which tool the model asks for and with which arguments, not what it returns.
"""

from __future__ import annotations

from typing import Literal


def order_fish(species: str, kilograms: float, filleted: bool = False) -> str:
    """Order fish from the fishmonger by species and weight in kilograms, whole or filleted."""
    return f"{kilograms} kg {species}{' fillets' if filleted else ''}."


def fish_price(species: str) -> float:
    """Today's fishmonger price of a species, in pounds per kilogram."""
    return 0.0


def book_lock_passage(lock: str, date: str, boat_length_m: float) -> str:
    """Book a boat's passage through a staffed canal lock on a date (YYYY-MM-DD); boat length in metres."""
    return f"{lock} on {date} for a {boat_length_m} m boat."


def canal_lock_status(lock: str) -> str:
    """Say whether a canal lock is open, closed for repairs or has a queue."""
    return "open"


def book_balloon_flight(launch_site: str, date: str, passengers: int, sunrise: bool = True) -> str:
    """Book seats on a hot-air balloon flight from a launch site on a date (YYYY-MM-DD), at sunrise or sunset."""
    return f"{passengers} seats from {launch_site} on {date}."


def balloon_wind_forecast(launch_site: str, date: str) -> dict:
    """The forecast surface wind (knots) and direction at a balloon launch site on a date (YYYY-MM-DD)."""
    return {}


def climbing_gym_pass(gym: str, visits: int, shoe_rental: bool = False) -> str:
    """Buy a multi-visit pass for a climbing gym, optionally with shoe rental on every visit."""
    return f"{visits}-visit pass at {gym}."


def convert_climbing_grade(grade: str, from_system: Literal["french", "yds", "uiaa"],
                           to_system: Literal["french", "yds", "uiaa"]) -> str:
    """Convert a rock-climbing route grade between the French, YDS and UIAA systems."""
    return grade


def book_glassblowing_class(studio: str, date: str, start: str, people: int = 1) -> str:
    """Book places in a glassblowing class at a studio on a date (YYYY-MM-DD) starting at a time (HH:MM, 24 h)."""
    return f"{people} at {studio} on {date} at {start}."


def letterpress_quote(copies: int, paper: Literal["cotton", "bamboo", "recycled"], colours: int = 1) -> float:
    """Quote the price in pounds of a letterpress print run: number of copies, paper stock and ink colours."""
    return 0.0


def ferris_wheel_tickets(wheel: str, adults: int, children: int = 0) -> str:
    """Buy ride tickets for a ferris wheel for a number of adults and children."""
    return f"{adults} adults, {children} children on {wheel}."


def clock_museum_tour(museum: str, date: str, language: str = "English") -> str:
    """Book a guided tour of a clock museum on a date (YYYY-MM-DD) in a language."""
    return f"{museum} on {date} in {language}."


def book_sled_tour(kennel: str, date: str, hours: float, dogs: int = 6) -> str:
    """Book a dog-sledding tour from a kennel on a date (YYYY-MM-DD) for a number of hours with a team of dogs."""
    return f"{kennel} on {date}, {hours} h, {dogs} dogs."


def quilt_fabric_needed(width_cm: float, length_cm: float, seam_allowance_cm: float = 0.75) -> float:
    """Square metres of fabric needed for a quilt top of a width and length in centimetres."""
    return 0.0


def falconry_display_times(centre: str, date: str) -> list[str]:
    """The flying display times at a falconry centre on a date (YYYY-MM-DD)."""
    return []


def convert_weight(value: float, from_unit: str, to_unit: str) -> float:
    """Convert a weight between units ('g', 'kg', 'oz', 'lb')."""
    return value


def convert_temperature(value: float, from_unit: str, to_unit: str) -> float:
    """Convert a temperature between units ('C', 'F', 'K')."""
    return value


def multiply(a: float, b: float) -> float:
    """Multiply two numbers and return the product."""
    return a * b
