"""The plain Python tools the tune37 `tools` probes bind: typed parameters and docstrings, as a learner would write them.

Same contract as the other folders' tools.py (each probe names the ones it binds; the benchmark passes them to
``bind_tools``), on this set's topics (a shin kicking contest, a gingerbread house competition, a mince pie bake-off,
a wreath making workshop, a hay bale rolling race, a hula hoop class, a tractor pulling show, an egg throwing
championship, a village flower show and a scrabble club). Their bodies are never run: a probe checks which tool the
model asks for and with which arguments, not what it returns.
"""

from __future__ import annotations

from typing import Literal


def enter_shin_kicking(name: str, weight_class: Literal["lightweight", "middleweight", "heavyweight"],
                       straw: bool = True) -> str:
    """Enter the shin kicking championship. Weight classes: lightweight = under 70 kg, middleweight = 70 to 90 kg,
    heavyweight = over 90 kg. straw: whether the kicker will pad their trousers with straw, as the rules allow."""
    return f"{name} entered as a {weight_class}."


def order_icing_sugar(kilograms: float, royal: bool = False) -> float:
    """Order icing sugar for the gingerbread house competition, by weight in kilograms; royal=True for royal icing
    sugar (sets hard), otherwise plain icing sugar. Returns the price in pounds."""
    return 0.0


def register_gingerbread_house(title: str, maker: str, category: Literal["junior", "adult", "family"]) -> str:
    """Register a gingerbread house for the competition with its title, the maker's full name and its category."""
    return f"'{title}' by {maker} ({category})."


def order_mince_pies(dozens: int, collection_date: str, free_from: bool = False) -> float:
    """Order mince pies from the bake-off stall by the dozen, to collect on a date (YYYY-MM-DD); free_from=True for
    the pies made without wheat or butter. Returns the price in pounds."""
    return 0.0


def book_wreath_workshop(date: str, session: Literal["morning", "afternoon"], places: int,
                         borrow_secateurs: bool = False) -> str:
    """Book places on a wreath making workshop on a date (YYYY-MM-DD), morning or afternoon session;
    borrow_secateurs=True if the group needs to borrow secateurs."""
    return f"{places} places, {session} of {date}."


def enter_hay_bale_race(team_name: str, members: list[str]) -> str:
    """Enter a team in the hay bale rolling race with its team name and the members' full names (two per team)."""
    return f"{team_name}: {', '.join(members)}."


def book_hula_hoop_class(date: str, people: int, hoop_hire: int = 0) -> str:
    """Book places at a hula hoop class on a date (YYYY-MM-DD); hoop_hire is how many hoops to borrow."""
    return f"{people} on {date}."


def buy_tractor_pull_tickets(date: str, adults: int, children: int = 0, parking: bool = False) -> float:
    """Buy tickets for the tractor pulling show on a date (YYYY-MM-DD) for adults and children, with or without a
    car parking pass. Returns the price in pounds."""
    return 0.0


def enter_egg_throw(thrower: str, catcher: str, under_16: bool = False) -> str:
    """Enter a pair in the egg throwing championship: the thrower's and the catcher's full names; under_16=True for
    the junior contest."""
    return f"{thrower} to {catcher}."


def enter_flower_show(exhibitor: str, class_numbers: list[int], member: bool = False) -> float:
    """Enter an exhibitor in classes of the village flower show by class number; members of the horticultural
    society pay a lower fee. Returns the fee in pounds."""
    return 0.0


def book_scrabble_board(date: str, time: str, players: int = 2) -> str:
    """Book a board and a table at the scrabble club on a date (YYYY-MM-DD) at a time (HH:MM, 24-hour) for two to
    four players."""
    return f"Board for {players} on {date} at {time}."


def look_up_scrabble_word(word: str) -> bool:
    """Check whether a word is allowed in the club's scrabble dictionary."""
    return True
