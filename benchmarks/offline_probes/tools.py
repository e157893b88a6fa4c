"""The plain Python tools the `tools` probes bind: typed parameters and docstrings, as a learner would write them.

Each probe names one to three of these; the benchmark passes the functions to ``bind_tools``. Their bodies are never
run: a probe checks which tool the model asks for and with which arguments, not what the tool returns.
"""

from __future__ import annotations


def book_table(restaurant: str, people: int, time: str) -> str:
    """Reserve a table at a restaurant for a number of people at a time (HH:MM)."""
    return f"Booked {restaurant} for {people} at {time}."


def multiply(a: float, b: float) -> float:
    """Multiply two numbers and return the product."""
    return a * b


def add(a: float, b: float) -> float:
    """Add two numbers and return the sum."""
    return a + b


def get_weather(city: str) -> str:
    """Get the current weather for a city."""
    return f"Weather in {city}: unknown."


def ferry_departures(port: str, date: str) -> list[str]:
    """List the ferry departures from a port on a date (YYYY-MM-DD)."""
    return []


def convert_currency(amount: float, from_currency: str, to_currency: str) -> float:
    """Convert an amount of money from one currency to another (three-letter codes such as EUR, USD, NOK)."""
    return amount


def tide_times(harbour: str, date: str) -> list[str]:
    """Return the high and low water times for a harbour on a date (YYYY-MM-DD)."""
    return []


def rent_bike(station: str, bike_type: str, hours: int) -> str:
    """Rent a bike of a type ('city', 'electric' or 'cargo') from a station for a number of hours."""
    return f"Rented a {bike_type} bike at {station} for {hours} h."


def set_reminder(message: str, time: str) -> str:
    """Set a reminder with a message at a clock time (HH:MM)."""
    return f"Reminder at {time}: {message}"


def order_bread(loaf: str, quantity: int) -> str:
    """Order a number of loaves of a given kind from the bakery."""
    return f"Ordered {quantity} x {loaf}."


def volcano_status(volcano: str) -> str:
    """Get the current alert level of a named volcano."""
    return f"{volcano}: unknown."


def convert_temperature(celsius: float) -> float:
    """Convert a temperature from degrees Celsius to degrees Fahrenheit."""
    return celsius * 9 / 5 + 32


def register_player(name: str, rating: int, club: str = "Riverside") -> str:
    """Register a chess player with their rating for the club tournament."""
    return f"Registered {name} ({rating}) for {club}."


def buy_concert_tickets(concert: str, quantity: int) -> str:
    """Buy a number of tickets for a named concert."""
    return f"{quantity} tickets for {concert}."


def distance_km(origin: str, destination: str) -> float:
    """Return the road distance in kilometres between two towns."""
    return 0.0
