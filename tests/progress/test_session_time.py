"""Time spent from attempt timestamps: hand-computed gaps, breaks, sessions, and properties of the rule."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from labkit.progress.sessions import active_seconds, count_sessions, credited_gaps, time_spent


def test_gaps_within_a_session_count_and_breaks_do_not():
    # 0 -> 10 min -> 25 min (both counted), 25 -> 90 min is a break, 90 -> 100 min counted: 10 + 15 + 10 = 35 min
    minutes = [0, 10, 25, 90, 100]
    assert active_seconds([m * 60 for m in minutes], session_gap=30 * 60) == 35 * 60
    assert count_sessions([m * 60 for m in minutes], session_gap=30 * 60) == 2


def test_a_gap_exactly_at_the_limit_still_counts():
    assert credited_gaps([0, 1800], session_gap=1800) == [0.0, 1800.0]
    assert credited_gaps([0, 1801], session_gap=1800) == [0.0, 0.0]


def test_time_is_credited_to_the_assessment_of_the_attempt_that_ends_the_gap():
    spent = time_spent([("2026-03-02T10:00:00+00:00", "a"), ("2026-03-02T10:07:00+00:00", "b"),
                        ("2026-03-02T10:09:00+00:00", "a")], session_gap=600)
    assert spent.by_assessment == {"a": 120.0, "b": 420.0}
    assert spent.total_seconds == 540.0 and spent.sessions == 1


def test_unsorted_events_and_time_zones_are_normalised():
    spent = time_spent([("2026-03-02T11:05:00+01:00", "a"), ("2026-03-02T10:00:00Z", "a")])
    assert spent.total_seconds == 300.0


def test_bad_session_gap_and_unsorted_seconds_are_refused():
    with pytest.raises(ValueError, match="positive"):
        credited_gaps([0, 1], session_gap=0)
    with pytest.raises(ValueError, match="sorted"):
        credited_gaps([5, 1])


@given(st.lists(st.integers(min_value=0, max_value=10**6), max_size=30), st.integers(min_value=1, max_value=10**4))
def test_time_spent_is_bounded_by_the_span_and_by_the_gap(times, gap):
    times = sorted(times)
    total = active_seconds(times, session_gap=gap)
    span = times[-1] - times[0] if times else 0
    assert 0 <= total <= span
    assert total <= gap * max(len(times) - 1, 0)
    # every break starts a new session, so sessions - 1 gaps were not counted
    assert count_sessions(times, gap) == (1 + sum(b - a > gap for a, b in zip(times, times[1:])) if times else 0)
