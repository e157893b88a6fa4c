"""The plain Python tools the tune3 `tools` probes bind: typed parameters and docstrings, as a learner would write them.

Same contract as ../tools.py, ../tune/tools.py and ../tune2/tools.py (each probe names the ones it binds; the
benchmark passes them to ``bind_tools``), on topics none of those touches (bell foundries, salt marshes, ice-road
trucking, pipe organs, cave diving, hovercraft crossings, sail lofts, model railways, farriers, bookbinding). Their
bodies are never run: a probe checks which tool the model asks for and with which arguments, not what it returns.
"""

from __future__ import annotations

from typing import Literal


def cast_bell(note: str, weight_kg: float, inscription: str = "") -> str:
    """Order a new church bell from the foundry: its musical note (e.g. "E flat"), weight in kilograms, and an
    optional inscription cast round the shoulder."""
    return f"{note} bell, {weight_kg} kg."


def bell_retuning_quote(weight_kg: float) -> float:
    """The foundry's price in pounds for retuning an existing bell of the given weight in kilograms."""
    return 0.0


def marsh_tide_times(site: str, date: str) -> list:
    """High and low water times at a salt-marsh site on a date (YYYY-MM-DD)."""
    return []


def book_marsh_walk(site: str, date: str, walkers: int, birdwatching: bool = False) -> str:
    """Book a guided walk across a salt marsh on a date (YYYY-MM-DD) for a number of walkers; birdwatching walks go
    slower and bring telescopes."""
    return f"{walkers} walkers at {site} on {date}."


def ice_road_status(road: str) -> str:
    """Whether a winter ice road is open, and its current load limit in tonnes."""
    return "open"


def book_ice_road_haul(road: str, load_tonnes: float, depart_date: str) -> str:
    """Book a truck slot on a winter ice road: the road, the load in tonnes, the departure date (YYYY-MM-DD)."""
    return f"{load_tonnes} t on {road} leaving {depart_date}."


def book_organ_tuning(church: str, date: str, full_overhaul: bool = False) -> str:
    """Book the organ builder to tune a church's pipe organ on a date (YYYY-MM-DD), or to overhaul it fully."""
    return f"{church} on {date}."


def organ_specification(organ: str) -> dict:
    """The stop list, number of manuals and pipe count of a named pipe organ."""
    return {}


def log_cave_dive(site: str, max_depth_m: float, minutes: int, gas: Literal["air", "nitrox", "trimix"] = "air") -> str:
    """Record a cave dive in the club log: site, maximum depth in metres, bottom time in minutes, breathing gas."""
    return f"{site}: {max_depth_m} m, {minutes} min on {gas}."


def cave_visibility(site: str) -> float:
    """The latest reported underwater visibility in metres at a cave-diving site."""
    return 0.0


def hovercraft_departures(route: str, date: str) -> list:
    """The hovercraft departure times on a route (e.g. "Southsea to Ryde") on a date (YYYY-MM-DD)."""
    return []


def book_hovercraft(route: str, date: str, passengers: int, bicycles: int = 0) -> str:
    """Book hovercraft seats on a route and date (YYYY-MM-DD) for a number of passengers, with any bicycles."""
    return f"{passengers} on {route} on {date}."


def order_sail(boat_class: str, sail: Literal["mainsail", "jib", "spinnaker"], cloth: str = "dacron") -> str:
    """Order a new sail from the sail loft for a boat class (e.g. "Wayfarer"): which sail, and the cloth."""
    return f"{sail} for a {boat_class} in {cloth}."


def repair_sail(sail_number: str, damage: str) -> str:
    """Book a sail into the loft for repair, by its sail number, describing the damage."""
    return f"{sail_number}: {damage}."


def model_length_mm(real_length_m: float, scale: int) -> float:
    """The length in millimetres of a model of a real object (length in metres) at 1:scale (e.g. 76 for OO gauge)."""
    return real_length_m * 1000 / scale


def book_layout_session(club: str, date: str, operators: int) -> str:
    """Book a running session on a model railway club's layout on a date (YYYY-MM-DD) for a number of operators."""
    return f"{club} on {date} for {operators}."


def book_farrier(horse: str, date: str, service: Literal["trim", "front shoes", "full set"]) -> str:
    """Book the farrier for a horse on a date (YYYY-MM-DD): a barefoot trim, front shoes only, or a full set."""
    return f"{service} for {horse} on {date}."


def binding_quote(pages: int, copies: int, cover: Literal["cloth", "leather", "paper"] = "cloth") -> float:
    """The bindery's price in pounds to bind a number of copies of a book with a given page count and cover."""
    return 0.0


def convert_length(value: float, from_unit: str, to_unit: str) -> float:
    """Convert a length between units (metres, feet, inches, millimetres, miles, kilometres)."""
    return value
