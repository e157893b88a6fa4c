"""Key rotation with a fake clock."""

from __future__ import annotations

import pytest

from labkit.errors import ConfigurationError, InvalidInputError
from labkit.production.clock import FakeClock
from labkit.production.keys import KeyRing


def test_scheduled_rotation_and_rest_after_429():
    clock = FakeClock()
    ring = KeyRing({"a": "sk-1", "b": "sk-2", "c": "sk-3"}, rotate_every=60, clock=clock)
    assert ring.current() == ("a", "sk-1")
    clock.advance(59.9)
    assert ring.current()[0] == "a"
    clock.advance(0.1)
    assert ring.current()[0] == "b"
    ring.rate_limited("b", retry_after=10)
    assert ring.current()[0] == "c"
    clock.advance(60)
    assert ring.current()[0] == "a"  # schedule moves on from c
    assert ring.uses == {"a": 3, "b": 1, "c": 1}


def test_retired_and_all_resting():
    clock = FakeClock()
    ring = KeyRing({"a": "sk-1", "b": "sk-2"}, clock=clock)
    ring.rejected("a")
    assert ring.current()[0] == "b"
    ring.rate_limited("b", retry_after=5)
    with pytest.raises(ConfigurationError, match="usable again in 5"):
        ring.current()
    clock.advance(5)
    assert ring.current()[0] == "b"
    ring.rejected("b")
    with pytest.raises(ConfigurationError, match="rejected"):
        ring.current()
    assert "sk-" not in repr(ring)
    with pytest.raises(InvalidInputError):
        ring.rejected("zzz")
    with pytest.raises(InvalidInputError):
        KeyRing({})
