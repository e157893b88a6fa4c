"""The plain Python tools the tune10 `tools` probes bind: typed parameters and docstrings, as a learner would write them.

Same contract as ../tune3/tools.py (each probe names the ones it binds; the benchmark passes them to ``bind_tools``),
on this folder's topics (a lifeboat station, a bike-polo league, a community orchard, a ceilidh band, a marine
survey boat, an oyster farm, a cat café, a community radio station, a zip-line park, a soap maker, a velodrome, a
retro arcade). Their bodies are never run: a probe checks which tool the model asks for and with which arguments,
not what it returns.
"""

from __future__ import annotations

from typing import Literal


def page_lifeboat_crew(station: str, boat: Literal["all-weather", "inshore"], reason: str) -> str:
    """Page the volunteer crew of a lifeboat station to launch one of its boats (the big all-weather boat or the
    small inshore boat), with a short reason for the shout."""
    return f"{station} {boat} paged: {reason}."


def book_bike_polo_court(venue: str, date: str, start_time: str, hours: float = 1.0) -> str:
    """Book a hardcourt bike-polo court at a venue on a date (YYYY-MM-DD) from a start time (HH:MM, 24-hour) for a
    number of hours."""
    return f"{venue} on {date} at {start_time} for {hours} h."


def log_orchard_harvest(variety: str, weight_kg: float, tree_row: int | None = None) -> str:
    """Record fruit picked in the community orchard: the variety (e.g. "Bramley"), the weight in kilograms, and
    optionally the row number of the trees it came from."""
    return f"{weight_kg} kg of {variety}."


def book_ceilidh_band(date: str, venue: str, hours: float, caller: bool = True) -> str:
    """Book the ceilidh band for an event on a date (YYYY-MM-DD) at a venue, playing for a number of hours; the band
    brings its own caller unless ``caller`` is False (the hosts have their own)."""
    return f"Band booked at {venue} on {date}."


def log_depth_sounding(site: str, depth_m: float, time: str) -> str:
    """Add a depth sounding to the survey boat's log: the named site, the depth in metres and the time (HH:MM)."""
    return f"{site}: {depth_m} m at {time}."


def order_oysters(grade: int, dozens: int, delivery_date: str) -> str:
    """Order oysters from the farm: the size grade (1 = largest, 2 or 3), how many dozen, and the delivery date
    (YYYY-MM-DD)."""
    return f"{dozens} dozen grade {grade} for {delivery_date}."


def reserve_cat_cafe(date: str, time: str, guests: int, under_12s: int = 0) -> str:
    """Reserve a 70-minute session at the cat café on a date (YYYY-MM-DD) at a start time (HH:MM): ``guests`` is
    everyone in the party, children included; ``under_12s`` is how many of them are under twelve."""
    return f"{guests} guests on {date} at {time}."


def request_song(show: str, song: str, dedication: str = "") -> str:
    """Send a song request to a show on the community radio station, with an optional dedication to read out."""
    return f"{song} requested on {show}."


def check_zipline_eligibility(weight_kg: float, height_cm: int, age: int) -> bool:
    """Whether a rider may ride the zip lines, from their weight in kilograms, height in centimetres and age in
    years."""
    return True


def soap_lye_amount(oil_grams: float, superfat_percent: float = 5.0) -> float:
    """The grams of sodium hydroxide (lye) needed to saponify a weight of olive oil in grams, leaving the given
    percentage of the oil unsaponified (the superfat)."""
    return 0.0


def book_velodrome_session(date: str, riders: int, hire_bikes: int = 0) -> str:
    """Book a track taster session at the velodrome on a date (YYYY-MM-DD) for a number of riders, and how many
    track bikes to hire for them (riders with their own track bikes need none)."""
    return f"{riders} riders on {date}."


def arcade_high_scores(game: str, top: int = 10) -> list:
    """The best scores (initials and points) on one of the arcade's cabinets, e.g. "Galaga", best first: the top
    ``top`` entries."""
    return []
