"""The plain Python tools the tune41 `tools` probes bind: typed parameters and docstrings, as a learner would write them.

Same contract as the other folders' tools.py (each probe names the ones it binds; the benchmark passes them to
``bind_tools``), on this set's topics (a majorette troupe, a tap dancing school, a salsa night, a pilates studio, a
clay pigeon shoot, an amateur radio club, a metal detecting club, a toad crossing patrol, an owl sanctuary and a
donkey derby). Their bodies are never run: a probe checks which tool the model asks for and with which arguments,
not what it returns.
"""

from __future__ import annotations

from typing import Literal


def book_majorette_troupe(event: str, date: str, marchers: int, meet_time: str = "10:00") -> float:
    """Book the majorette troupe to march at an event on a date (YYYY-MM-DD) with a number of marchers, meeting at
    a time (HH:MM, 24-hour). Returns the fee in pounds."""
    return 0.0


def enrol_tap_pupil(pupil_name: str, age: int, level: Literal["baby", "junior", "adult"],
                    lessons_per_week: int = 1) -> str:
    """Enrol a pupil at the tap dancing school. Levels: baby = ages 3 to 5, junior = 6 to 15, adult = 16 and over."""
    return f"{pupil_name} enrolled ({level})."


def buy_salsa_ticket(date: str, tickets: int, ticket_type: Literal["standard", "student"] = "standard",
                     include_class: bool = True) -> float:
    """Buy tickets for salsa night on a date (YYYY-MM-DD); include_class adds the beginners' class before the
    social dancing. Returns the price in pounds."""
    return 0.0


def book_pilates_class(class_type: Literal["mat", "reformer"], date: str, time: str, people: int = 1) -> str:
    """Book places on a pilates class at the studio on a date (YYYY-MM-DD) at a time (HH:MM, 24-hour)."""
    return f"{people} booked on {class_type} at {time} on {date}."


def book_clay_shoot(date: str, shooters: int, clays_per_person: int = 50, lesson: bool = False) -> float:
    """Book a clay pigeon shoot at the ground on a date (YYYY-MM-DD) for a number of shooters; lesson adds a
    coach for beginners. Returns the price in pounds."""
    return 0.0


def log_radio_contact(callsign: str, frequency_mhz: float, mode: Literal["SSB", "CW", "FM", "FT8"],
                      report: str = "59") -> str:
    """Log a two-way radio contact in the club log: the other station's callsign, the frequency in MHz and the mode
    (SSB = single sideband voice, CW = Morse code, FM = FM voice, FT8 = the digital mode). report is the signal
    report given."""
    return f"Logged {callsign}."


def report_metal_find(item: str, location: str, depth_cm: int, date: str) -> str:
    """Report a metal detecting find to the finds liaison officer: what it is, where it was found, how deep (in
    centimetres) and the date (YYYY-MM-DD)."""
    return f"{item} reported."


def log_toad_crossing(road: str, date: str, toads_helped: int, toads_killed: int = 0) -> str:
    """Record a night's toad patrol: the road, the date (YYYY-MM-DD), how many toads were carried across and how
    many were found killed by traffic."""
    return f"{toads_helped} toads logged on {road}."


def adopt_owl(owl_name: str, package: Literal["bronze", "silver", "gold"], recipient: str,
              newsletter: bool = True) -> str:
    """Adopt one of the sanctuary's owls for someone. Packages: bronze = £20 a year, certificate only; silver = £30
    a year, certificate and photo; gold = £45 a year, certificate, photo and a meet-the-owl visit."""
    return f"{owl_name} adopted for {recipient}."


def book_sanctuary_visit(date: str, adults: int, children: int = 0) -> float:
    """Book a visit to the owl sanctuary on a date (YYYY-MM-DD). Returns the price in pounds."""
    return 0.0


def sponsor_donkey(donkey: str, race_number: int, amount: float) -> str:
    """Sponsor a donkey in one race of the donkey derby for an amount in pounds, which goes to the donkey
    sanctuary."""
    return f"{donkey} sponsored in race {race_number}."
