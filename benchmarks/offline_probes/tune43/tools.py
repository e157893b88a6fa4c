"""The plain Python tools the tune43 `tools` probes bind: typed parameters and docstrings, as a learner would write them.

Same contract as the other folders' tools.py (each probe names the ones it binds; the benchmark passes them to
``bind_tools``), on this set's topics (a bar billiards league, a scout jumble sale, a town crier competition, a
poultry show, a bodging course on the pole lathe, a mummers play, a pooh sticks championship, a topiary competition,
a rushbearing procession and a primary school sports day). Their bodies are never run: a probe checks which tool the
model asks for and with which arguments, not what it returns.
"""

from __future__ import annotations

from typing import Literal


def book_bar_billiards_table(pub: str, date: str, time: str, games: int = 1) -> str:
    """Book the bar billiards table at a league pub on a date (YYYY-MM-DD) from a time (HH:MM, 24-hour) for a number
    of 15-minute games."""
    return f"Table at {pub} booked for {games} games."


def enter_bar_billiards_league(team: str, captain: str, division: Literal["premier", "one", "two"]) -> str:
    """Enter a team in the bar billiards league. division: premier, one or two (new teams normally start in two)."""
    return f"{team} entered in division {division}."


def book_jumble_collection(address: str, date: str, bags: int, furniture: bool = False) -> str:
    """Ask the scouts to collect donations for the jumble sale from an address on a date (YYYY-MM-DD): the number of
    bags, and furniture=True if there is furniture too (it needs the van)."""
    return f"Collection from {address} on {date}."


def enter_town_crier_competition(crier: str, town: str, with_escort: bool = False) -> str:
    """Enter a town crier in the town crier competition under the town they cry for; with_escort=True if they bring
    an escort (a consort who walks with them in the parade)."""
    return f"{crier} of {town} entered."


def book_poultry_pens(exhibitor: str, pens: int, bantam: bool = False) -> float:
    """Book show pens for an exhibitor's birds at the poultry show; bantam=True for the smaller bantam pens. Returns
    the pen fees in pounds."""
    return 0.0


def book_bodging_course(name: str, start_date: str, people: int = 1, camping: bool = False) -> str:
    """Book places on the two-day green woodworking (bodging) course starting on a date (YYYY-MM-DD); camping=True to
    camp in the wood on the night between the two days."""
    return f"{name}: {people} place(s) from {start_date}."


def book_mummers(venue: str, date: str, time: str) -> str:
    """Book the mummers to perform their play at a venue on a date (YYYY-MM-DD) at a time (HH:MM, 24-hour)."""
    return f"Mummers booked at {venue}."


def buy_pooh_sticks(buyer: str, sticks: int) -> float:
    """Buy numbered sticks for the pooh sticks championship (one stick = one entry in a heat). Returns the price in
    pounds."""
    return 0.0


def enter_topiary_competition(gardener: str, category: Literal["geometric", "figurative", "cloud"], plant: str) -> str:
    """Enter a piece in the topiary competition. category: geometric = cones, balls, spirals and other shapes,
    figurative = animals, birds, people or objects, cloud = cloud-pruned trees. plant: the species, e.g. yew or box."""
    return f"{gardener} entered ({category}, {plant})."


def register_rushbearing_child(child: str, age: int, carries_bearing: bool = True) -> str:
    """Register a child for the rushbearing procession; carries_bearing=False for a child who walks without carrying
    a rush bearing."""
    return f"{child} registered."


def enter_sports_day_race(pupil: str, race: Literal["sack race", "egg and spoon", "three-legged", "sprint"],
                          year_group: int) -> str:
    """Enter a pupil in one race at the school sports day; year_group is the school year as a number (1 to 6)."""
    return f"{pupil} entered in the {race}."
