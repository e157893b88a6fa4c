"""The plain Python tools the tune18 `tools` probes bind: typed parameters and docstrings, as a learner would write them.

Same contract as the other folders' tools.py (each probe names the ones it binds; the benchmark passes them to
``bind_tools``), on this set's topics (a coffee roastery, a badminton club, a village pantomime, a record shop, a
board game café, an axe-throwing venue, a chocolatier, a willow basket maker, a wakeboard cable park and a
greengrocer). Their bodies are never run: a probe checks which tool the model asks for and with which arguments, not
what it returns.
"""

from __future__ import annotations

from typing import Literal


def order_coffee(blend: str, kg: float, grind: Literal["whole bean", "espresso", "filter", "cafetiere"] = "whole bean",
                 delivery_date: str | None = None) -> str:
    """Order roasted coffee from the roastery by weight in kilograms (e.g. "Stoker", "Night Shift", "Yirgacheffe"),
    whole bean unless a grind is asked for, delivered on a date (YYYY-MM-DD) or, without one, held for collection."""
    return f"{kg} kg of {blend}, {grind}."


def book_roastery_tour(date: str, people: int) -> str:
    """Book places on the roastery's Saturday tour and cupping session on a date (YYYY-MM-DD)."""
    return f"{people} on {date}."


def book_badminton_court(date: str, start_time: str, courts: int = 1, hours: float = 1.0) -> str:
    """Book badminton courts at the club hall on a date (YYYY-MM-DD) from a start time (HH:MM, 24-hour): one court
    for one hour unless asked otherwise."""
    return f"{courts} court(s) on {date} from {start_time} for {hours} h."


def buy_panto_tickets(performance: Literal["friday evening", "saturday matinee", "saturday evening"], adults: int,
                      children: int = 0, wheelchair_spaces: int = 0) -> float:
    """Buy tickets for a performance of the village pantomime; wheelchair_spaces is how many of the seats are to be
    wheelchair spaces. Returns the total price in pounds."""
    return 0.0


def find_record(artist: str, title: str, max_price: float | None = None) -> list[str]:
    """Search the record shop's stock and want list for an album by an artist, optionally only copies at or under a
    price in pounds."""
    return []


def book_games_table(date: str, time: str, people: int, games_teacher: bool = False) -> str:
    """Book a table at the board game café on a date (YYYY-MM-DD) from a time (HH:MM, 24-hour) for a number of
    people; games_teacher asks for a member of staff to teach the group a game."""
    return f"Table for {people} on {date} at {time}."


def book_axe_lane(date: str, time: str, throwers: int,
                  package: Literal["standard", "celebration", "league"] = "standard") -> str:
    """Book an axe-throwing lane on a date (YYYY-MM-DD) at a time (HH:MM, 24-hour) for a number of throwers; the
    celebration package adds a trophy and a reserved table."""
    return f"{throwers} throwers on {date} at {time} ({package})."


def order_chocolates(box_size: int, selection: Literal["assorted", "dark", "milk"], boxes: int = 1,
                     gift_wrap: bool = False) -> float:
    """Order boxes of handmade chocolates: the number of chocolates per box (9, 16 or 24), the selection, how many
    boxes, and whether to gift-wrap them. Returns the price in pounds."""
    return 0.0


def book_willow_course(course: Literal["log basket", "garden obelisk", "shopping basket"], date: str,
                       places: int) -> str:
    """Book places on one of the basket maker's willow-weaving courses starting on a date (YYYY-MM-DD)."""
    return f"{places} on the {course} course on {date}."


def buy_cable_pass(hours: int, riders: int, wetsuit_hire: bool = False, board_hire: bool = False) -> float:
    """Buy a pass for the wakeboard cable park: how many hours, how many riders, and whether they hire wetsuits and
    boards. Returns the price in pounds."""
    return 0.0


def greengrocer_delivery(address: str, items: list[str],
                         day: Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]) -> str:
    """Arrange a greengrocer's home delivery of a list of items to an address on a weekday."""
    return f"{len(items)} items to {address} on {day}."


def produce_in_stock(item: str) -> bool:
    """Whether the greengrocer has an item of fruit or vegetables in stock today."""
    return False
