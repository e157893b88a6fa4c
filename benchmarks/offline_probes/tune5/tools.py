"""The plain Python tools the tune5 `tools` probes bind: typed parameters and docstrings, as a learner would write them.

Same contract as ../tools.py and the other folders' tools.py (each probe names the ones it binds; the benchmark passes
them to ``bind_tools``), on topics none of those touches (taxidermy, calligraphy, juggling, mosaic, cork, snail
farming, cider making, locksmiths, hedgehog rescue, hedge mazes, darts, bowling, sandcastle contests, trampoline parks,
blacksmiths, tattoo studios, ostrich farms, skateparks, rickshaws). Their bodies are never run: a probe checks which
tool the model asks for and with which arguments, not what it returns.
"""

from __future__ import annotations

from typing import Literal, Optional


def book_taxidermy_mount(animal: str, mount: Literal["full body", "head", "rug"], client: str) -> str:
    """Book a taxidermy job: the animal to be mounted, the kind of mount, and the client's name."""
    return f"{mount} {animal} for {client}."


def calligraphy_quote(script: str, items: int, gilding: bool = False) -> float:
    """The price in pounds for hand-lettering a number of items (place cards, envelopes, certificates) in a script
    such as italic or copperplate, optionally with gold-leaf gilding."""
    return 0.0


def book_juggling_workshop(date: str, participants: int,
                           level: Literal["beginner", "intermediate", "advanced"] = "beginner") -> str:
    """Book a juggling workshop on a date (YYYY-MM-DD) for a number of participants at a given level."""
    return f"{participants} at {level} level on {date}."


def order_tesserae(material: str, colour: str, weight_kg: float) -> str:
    """Order mosaic tesserae by weight in kilograms: the material (e.g. smalti, vitreous glass) and the colour."""
    return f"{weight_kg} kg of {colour} {material}."


def cork_price(grade: str, weight_kg: float) -> float:
    """The buyer's price in euros for a weight of raw cork bark in kilograms of a given grade (first, second, third)."""
    return 0.0


def order_snails(customer: str, quantity: int, delivery_date: str) -> str:
    """Order live snails from the farm for a customer: how many, and the delivery date (YYYY-MM-DD)."""
    return f"{quantity} snails for {customer} on {delivery_date}."


def book_cider_tasting(date: str, guests: int, time: str = "18:00") -> str:
    """Book a tasting at the cider mill on a date (YYYY-MM-DD) for a number of guests, at a time (HH:MM, 24-hour)."""
    return f"{guests} guests on {date} at {time}."


def locksmith_callout(address: str, emergency: bool = False) -> str:
    """Send a locksmith to an address; emergency call-outs come within the hour at a higher rate."""
    return f"Locksmith sent to {address}."


def report_hedgehog(location: str, injured: bool, weight_g: Optional[int] = None) -> str:
    """Report a hedgehog that needs help to the rescue: where it is, whether it looks injured, and its weight in grams
    if known."""
    return f"Hedgehog at {location}."


def book_maze_tickets(maze: str, date: str, adults: int, children: int = 0) -> str:
    """Buy entry tickets for a hedge maze on a date (YYYY-MM-DD) for a number of adults and children."""
    return f"{adults} adults, {children} children at {maze} on {date}."


def darts_checkout(score: int) -> list:
    """The recommended three-dart finish (e.g. ["T20", "T11", "D14"]) for a remaining score in darts."""
    return []


def book_bowling_lane(venue: str, date: str, time: str, bowlers: int, bumpers: bool = False) -> str:
    """Book a ten-pin bowling lane at a venue on a date (YYYY-MM-DD) and time (HH:MM, 24-hour) for a number of bowlers,
    with or without bumpers."""
    return f"{bowlers} bowlers at {venue}, {date} {time}."


def enter_sandcastle_contest(team: str, members: int, contest: str) -> str:
    """Enter a team into a sandcastle contest: the team's name, how many members, and which contest."""
    return f"{team} ({members}) entered in {contest}."


def book_trampoline_session(park: str, date: str, time: str, jumpers: int, minutes: int = 60) -> str:
    """Book a jump session at a trampoline park on a date (YYYY-MM-DD) and start time (HH:MM, 24-hour) for a number
    of jumpers, lasting a number of minutes."""
    return f"{jumpers} jumpers at {park}, {date} {time}, {minutes} min."


def commission_forging(item: str, quantity: int, material: str = "mild steel") -> str:
    """Commission hand-forged ironwork from the blacksmith: the item, how many, and the metal."""
    return f"{quantity} x {item} in {material}."


def book_tattoo_consultation(artist: str, date: str, design: str) -> str:
    """Book a consultation with a tattoo artist on a date (YYYY-MM-DD) to discuss a design."""
    return f"Consultation with {artist} on {date}."


def ostrich_egg_order(eggs: int, blown: bool = False) -> str:
    """Order ostrich eggs from the farm shop: how many, and whether they should be blown (emptied) for decoration."""
    return f"{eggs} eggs."


def skatepark_conditions(park: str) -> str:
    """Whether a skatepark's surface is dry and rideable right now, and any areas closed for repairs."""
    return "dry"


def book_rickshaw(pickup: str, destination: str, passengers: int, time: str) -> str:
    """Book a cycle rickshaw from a pickup point to a destination for a number of passengers at a time (HH:MM,
    24-hour)."""
    return f"{passengers} from {pickup} to {destination} at {time}."


def convert_weight(value: float, from_unit: str, to_unit: str) -> float:
    """Convert a weight between units (g, kg, tonne, lb, oz)."""
    return value
