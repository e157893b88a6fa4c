"""The plain Python tools the tune14 `tools` probes bind: typed parameters and docstrings, as a learner would write them.

Same contract as the other folders' tools.py (each probe names the ones it binds; the benchmark passes them to
``bind_tools``), on this set's topics (a maple sugar shack, a reindeer farm, a meadery, a clay-pigeon shooting ground,
a water polo club, a goldsmith's workshop, a hydroponic farm, a summer toboggan run, a koi dealer, a camel-trek
company and a hedge-laying match). Their bodies are never run: a probe checks which tool the model asks for and with
which arguments, not what it returns.
"""

from __future__ import annotations

from typing import Literal


def book_sugar_shack_tour(date: str, time: str, adults: int, children: int = 0, brunch: bool = False) -> str:
    """Book a guided tour of the sugar shack on a date (YYYY-MM-DD) at a time (HH:MM) for a number of adults and
    children; add the pancake brunch after the tour when asked."""
    return f"{adults} adults, {children} children on {date} at {time}."


def syrup_stock(grade: Literal["golden", "amber", "dark", "very dark"]) -> int:
    """How many bottles of maple syrup of a grade are in stock in the shop (golden = delicate, amber = rich,
    dark = robust, very dark = strong)."""
    return 0


def book_reindeer_visit(date: str, adults: int, children: int, sleigh_ride: bool = True) -> str:
    """Book a visit to the reindeer farm on a date (YYYY-MM-DD) for a number of adults and children; the sleigh ride
    is included unless turned down."""
    return f"{adults} adults, {children} children on {date}."


def order_mead(product: str, bottles: int, delivery_date: str | None = None) -> str:
    """Order bottles of one of the meadery's meads (e.g. "Heather Gold", "Cliff Top") by the bottle, with an optional
    delivery date (YYYY-MM-DD); without one, the order waits for collection."""
    return f"{bottles} x {product}."


def book_mead_tour(date: str, people: int) -> str:
    """Book places on the meadery's Friday tour and tasting on a date (YYYY-MM-DD)."""
    return f"{people} on {date}."


def book_clay_lesson(date: str, time: str, clays: int = 50, gun_hire: bool = True) -> str:
    """Book a clay-pigeon shooting lesson on a date (YYYY-MM-DD) at a time (HH:MM): 50 clays unless asked otherwise,
    with a hired gun unless the shooter brings their own."""
    return f"Lesson on {date} at {time}, {clays} clays."


def pool_booking(pool: str, date: str, start_time: str, lanes: int) -> str:
    """Book lanes at a named swimming pool for a one-hour water polo session starting at a time (HH:MM) on a date
    (YYYY-MM-DD)."""
    return f"{lanes} lanes at {pool} on {date} from {start_time}."


def quote_ring(metal: Literal["silver", "9ct gold", "18ct gold", "platinum"], weight_g: float) -> float:
    """The goldsmith's price in pounds for a plain band in a metal, from the weight of metal it needs in grams."""
    return 0.0


def book_ring_class(date: str, people: int, metal: Literal["silver", "gold"] = "silver") -> str:
    """Book places on a one-day ring-making class on a date (YYYY-MM-DD); silver bands unless gold is asked for."""
    return f"{people} on {date}."


def set_nutrient_dose(bay: int, ml_per_litre: float) -> str:
    """Set the nutrient dosing pump for a growing bay of the hydroponic farm, in millilitres of concentrate per litre
    of water."""
    return f"Bay {bay}: {ml_per_litre} ml/l."


def harvest_forecast(crop: str, week: int) -> float:
    """How many kilograms of a crop (e.g. "lettuce", "basil") the farm expects to harvest in a week of the year."""
    return 0.0


def toboggan_ride_card(rides: int, riders: int) -> float:
    """The price in pounds of a prepaid ride card for the summer toboggan run: how many rides it holds, and how many
    people will share it."""
    return 0.0


def book_koi_health_check(pond_litres: int, fish: int, date: str) -> str:
    """Book a home visit to check the health of a pond's koi: the pond's volume in litres, how many fish, and the date
    (YYYY-MM-DD)."""
    return f"{fish} fish in {pond_litres} l on {date}."


def book_camel_trek(trek: Literal["sunset", "dawn", "overnight"], date: str, people: int,
                    pickup_hotel: str | None = None) -> str:
    """Book a camel trek (the sunset ride, the dawn ride or the overnight desert camp) on a date (YYYY-MM-DD) for a
    number of people, with an optional hotel to pick them up from."""
    return f"{people} on the {trek} trek on {date}."


def enter_hedgelaying(name: str, entry_class: Literal["open", "novice", "veteran"], own_tools: bool = True) -> str:
    """Enter a competitor in the hedge-laying match in a class; own_tools is false when they will borrow the club's
    billhooks and axes."""
    return f"{name} entered in the {entry_class} class."
