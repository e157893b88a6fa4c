"""The plain Python tools the tune46 `tools` probes bind: typed parameters and docstrings, as a learner would write them.

Same contract as the other folders' tools.py (each probe names the ones it binds; the benchmark passes them to
``bind_tools``), on this set's topics (a scything competition, a badger watch, a corn dolly workshop, a sloe gin
contest, a minigolf course, a bunting sewing bee, a hog roast, a sunflower contest, a glow-worm walk and a yarn
bombing group). Their bodies are never run: a probe checks which tool the model asks for and with which arguments,
not what it returns.
"""

from __future__ import annotations

from typing import Literal


def enter_scything_competition(competitor: str, age: int, class_name: Literal["novice", "open", "veterans"],
                               own_scythe: bool = True) -> str:
    """Enter someone in the scything match. Classes: novice = never placed in a competition, open = anyone else
    under 60, veterans = aged 60 or over. own_scythe is False when they will borrow a club scythe."""
    return f"{competitor} entered ({class_name})."


def book_badger_watch(date: str, adults: int, children: int = 0,
                      session: Literal["early", "late"] = "early") -> float:
    """Book places in the badger hide on a date (YYYY-MM-DD). The early session starts at 19:30, the late one at
    21:00. Returns the price in pounds."""
    return 0.0


def book_corn_dolly_workshop(date: str, places: int,
                             style: Literal["suffolk horseshoe", "welsh border fan", "harvest knot"]) -> float:
    """Book places on a corn dolly workshop on a date (YYYY-MM-DD); each date teaches one style. Returns the price in
    pounds."""
    return 0.0


def enter_sloe_gin(maker: str, category: Literal["classic", "flavoured", "other spirit"], abv_percent: float) -> int:
    """Enter a bottle in the sloe gin contest: the maker's name, the category (classic = sloes, gin and sugar only;
    flavoured = extra flavourings added; other spirit = not made with gin) and its strength in % ABV. Returns the
    entry number."""
    return 0


def book_minigolf(date: str, time: str, players: int) -> str:
    """Book a tee time on the minigolf course on a date (YYYY-MM-DD) at a time (HH:MM, 24-hour) for a number of
    players."""
    return f"{players} players at {time} on {date}."


def log_bunting_made(metres: float, date: str, sewer: str | None = None) -> str:
    """Add finished bunting to the sewing bee's tally: its length in metres, the date it was finished (YYYY-MM-DD)
    and, if known, who sewed it."""
    return f"{metres} m logged."


def order_hog_roast(date: str, guests: int, pig_weight_kg: float, vegetarian_portions: int = 0) -> float:
    """Order a hog roast from the caterer for a date (YYYY-MM-DD): the number of guests, the pig's weight in
    kilograms and any vegetarian portions. Returns the quote in pounds."""
    return 0.0


def record_sunflower_height(pupil: str, year_group: int, height_cm: float) -> str:
    """Record a pupil's sunflower in the school contest: the pupil's first name, their year group (a number, e.g. 4
    for Year 4) and the sunflower's height in centimetres."""
    return f"{pupil}: {height_cm} cm."


def book_glow_worm_walk(date: str, people: int) -> str:
    """Book places on a guided glow-worm walk on Dunmere Downs on a date (YYYY-MM-DD)."""
    return f"{people} booked on {date}."


def get_weather_forecast(place: str, date: str) -> str:
    """The weather forecast for a place on a date (YYYY-MM-DD): rain, wind and temperature."""
    return "Dry, 14C."


def request_yarn_bomb_permit(location: str, start_date: str, end_date: str) -> str:
    """Ask the council for a permit to put knitted decorations on street furniture at a location, from a start date
    to an end date (both YYYY-MM-DD)."""
    return f"Permit requested for {location}."
