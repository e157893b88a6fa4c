from typing import Literal

from labkit.errors import ToolArgumentError
from labkit.tools import ToolRegistry


def validate_booking(args):
    # Plausible mistake: the room is typed as any string, so the schema does not list the allowed rooms.
    def book_room(room: str, people: int, date: str, projector: bool = False) -> str:
        """Book a meeting room.

        Args:
            room: the room name
            people: how many people attend
            date: the day, as YYYY-MM-DD
            projector: whether a projector is needed
        """
        return f"{room} booked for {people} on {date}"

    tool = ToolRegistry([book_room]).get("book_room")
    try:
        tool.validate(args)
    except ToolArgumentError as error:
        return sorted({problem.split(":")[0] for problem in error.problems})
    return []
