"""Time spent, estimated from when things happened: the gaps between consecutive attempts, within a session.

The one idea: the progress store records *events* (each check or quiz answer, with its time), not a stopwatch. Work
happens between events, so the time spent is the sum of the gaps between consecutive attempts, but only the gaps
short enough to be work: a gap longer than ``session_gap`` (default 30 minutes) is a break, it starts a new session
and counts nothing. Each gap is credited to the assessment of the attempt that *ends* it (the work led up to that
check).

What it leaves out: the time before the first attempt of a session (reading the task, writing a first draft) is
invisible to an event log, so the estimate is a lower bound; and a learner who leaves a lab open and comes back
within ``session_gap`` is counted as working.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterable, Sequence

from labkit.errors import InvalidInputError

DEFAULT_SESSION_GAP = 30 * 60  # seconds


def parse_time(value: str) -> datetime:
    """An ISO 8601 timestamp as an aware UTC datetime (naive ones are taken as UTC).

    >>> parse_time("2026-01-31T12:00:00+01:00").isoformat()
    '2026-01-31T11:00:00+00:00'
    """
    when = datetime.fromisoformat(value)
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc)


def credited_gaps(seconds: Sequence[float], session_gap: float = DEFAULT_SESSION_GAP) -> list[float]:
    """For event times in seconds (sorted), the time credited to each event: its gap to the previous one, or 0.

    The first event and every event after a break (gap > ``session_gap``) get 0.

    >>> credited_gaps([0, 60, 180, 5000, 5030], session_gap=1800)
    [0.0, 60.0, 120.0, 0.0, 30.0]
    """
    if session_gap <= 0:
        raise InvalidInputError(f"session_gap must be positive seconds, got {session_gap}.")
    credit = []
    previous = None
    for t in seconds:
        gap = 0.0 if previous is None else float(t - previous)
        if gap < 0:
            raise InvalidInputError("Event times must be sorted, earliest first.")
        credit.append(gap if gap <= session_gap else 0.0)
        previous = t
    return credit


def active_seconds(seconds: Sequence[float], session_gap: float = DEFAULT_SESSION_GAP) -> float:
    """Total time credited to a sorted sequence of event times (seconds).

    >>> active_seconds([0, 60, 180, 5000, 5030], session_gap=1800)
    210.0
    """
    return float(sum(credited_gaps(seconds, session_gap)))


def count_sessions(seconds: Sequence[float], session_gap: float = DEFAULT_SESSION_GAP) -> int:
    """How many sessions the events form (a new one after every break longer than ``session_gap``).

    >>> count_sessions([0, 60, 180, 5000, 5030], session_gap=1800), count_sessions([])
    (2, 0)
    """
    if not seconds:
        return 0
    return 1 + sum(1 for a, b in zip(seconds, seconds[1:]) if b - a > session_gap)


@dataclass(frozen=True)
class TimeSpent:
    """Seconds of work credited in total and per assessment, and the number of sessions."""

    total_seconds: float
    by_assessment: dict[str, float]
    sessions: int


def time_spent(events: Iterable[tuple[str, str]], session_gap: float = DEFAULT_SESSION_GAP) -> TimeSpent:
    """``events`` are ``(iso_time, assessment)`` pairs, in any order; see the module docstring for the rule.

    >>> t = time_spent([("2026-01-01T10:00:00+00:00", "a"), ("2026-01-01T10:05:00+00:00", "b"),
    ...                 ("2026-01-01T12:00:00+00:00", "a")])
    >>> t.total_seconds, t.by_assessment, t.sessions
    (300.0, {'a': 0.0, 'b': 300.0}, 2)
    """
    ordered = sorted((parse_time(at), assessment) for at, assessment in events)
    if not ordered:
        return TimeSpent(0.0, {}, 0)
    origin = ordered[0][0]
    seconds = [(when - origin).total_seconds() for when, _ in ordered]
    credit = credited_gaps(seconds, session_gap)
    by_assessment: dict[str, float] = {}
    for (_, assessment), c in zip(ordered, credit):
        by_assessment[assessment] = by_assessment.get(assessment, 0.0) + c
    return TimeSpent(float(sum(credit)), dict(sorted(by_assessment.items())), count_sessions(seconds, session_gap))
