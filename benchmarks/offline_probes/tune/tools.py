"""The plain Python tools the tune `tools` probes bind: typed parameters and docstrings, as a learner would write them.

Same contract as ../tools.py (each probe names one to three of these; the benchmark passes them to ``bind_tools``),
but new functions on new topics, so that tuning on them does not teach the model the main suite's tool names. Their
bodies are never run: a probe checks which tool the model asks for and with which arguments, not what it returns.
"""

from __future__ import annotations


def book_hut_bed(hut: str, nights: int, guests: int) -> str:
    """Reserve beds in a mountain hut for a number of guests and nights."""
    return f"{guests} beds at {hut} for {nights} nights."


def lighthouse_visits(lighthouse: str, date: str) -> list[str]:
    """List the guided visit slots of a lighthouse on a date (YYYY-MM-DD)."""
    return []


def order_honey(variety: str, jars: int, jar_grams: int = 340) -> str:
    """Order jars of honey of a variety (e.g. 'heather', 'clover') from the apiary; jar size in grams."""
    return f"{jars} x {jar_grams} g {variety} honey."


def tram_route(origin_stop: str, destination_stop: str) -> list[str]:
    """Plan a tram journey between two named stops and return the lines to take."""
    return []


def book_ice_time(rink: str, date: str, start: str, hours: float) -> str:
    """Book a slot on an ice rink on a date (YYYY-MM-DD) from a start time (HH:MM) for a number of hours."""
    return f"{rink} on {date} at {start} for {hours} h."


def kiln_schedule(cone: int, hold_minutes: int = 0) -> str:
    """Start a pottery kiln firing to a pyrometric cone number, holding at peak for some minutes."""
    return f"Firing to cone {cone}, hold {hold_minutes} min."


def convert_length(value: float, from_unit: str, to_unit: str) -> float:
    """Convert a length between units ('m', 'km', 'ft', 'mi', 'nmi')."""
    return value


def reserve_telescope(observatory: str, night: str, minutes: int) -> str:
    """Reserve observing time on an observatory telescope for a night (YYYY-MM-DD) and a number of minutes."""
    return f"{observatory} on {night}: {minutes} min."


def seed_bank_lookup(species: str) -> list[str]:
    """Look up the stored seed lots of a plant species (Latin or common name) in the seed bank."""
    return []


def register_crew(club: str, rower: str, seat: int) -> str:
    """Register a rower in a seat (1 = bow to 8 = stroke) of a rowing club's eight."""
    return f"{rower} in seat {seat} at {club}."


def cheese_cellar_temperature(cellar: str) -> float:
    """Get the current temperature in degrees Celsius of a named cheese-ageing cellar."""
    return 0.0


def regatta_results(regatta: str, year: int) -> list[str]:
    """Return the finishing order of a sailing regatta in a year."""
    return []


def tea_price(estate: str, grade: str, kilograms: float) -> float:
    """Quote the price of a quantity of tea (kilograms) of a leaf grade (e.g. 'FTGFOP', 'BOP') from an estate."""
    return 0.0


def subtract(a: float, b: float) -> float:
    """Subtract b from a and return the difference."""
    return a - b


def divide(a: float, b: float) -> float:
    """Divide a by b and return the quotient."""
    return a / b


def send_choir_notice(choir: str, message: str) -> str:
    """Send a message to every member of a choir."""
    return f"Sent to {choir}: {message}"
