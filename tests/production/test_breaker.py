"""Circuit breaker: every transition at an exact fake-clock instant."""

from __future__ import annotations

import pytest

from labkit.errors import CircuitOpenError, InvalidInputError, ModelTimeoutError
from labkit.llm import ScriptedChatModel, Timeout
from labkit.production.breaker import CircuitBreaker
from labkit.production.clock import FakeClock


def _fail():
    raise ModelTimeoutError(1)


def test_opens_after_threshold_consecutive_failures_only():
    clock = FakeClock()
    b = CircuitBreaker(failure_threshold=3, reset_timeout=10, clock=clock)
    for _ in range(2):
        b.record_failure()
    b.record_success()  # resets the consecutive count
    for _ in range(2):
        b.record_failure()
    assert b.state == "closed"
    clock.advance(1)
    b.record_failure()
    assert b.state == "open" and b.transitions[-1].at == 1.0


def test_open_rejects_until_timeout_then_half_open_exactly_at_deadline():
    clock = FakeClock()
    b = CircuitBreaker(failure_threshold=1, reset_timeout=10, clock=clock)
    with pytest.raises(ModelTimeoutError):
        b.call(_fail)
    clock.advance(9.999)
    with pytest.raises(CircuitOpenError) as info:
        b.call(lambda: "never called")
    assert info.value.retry_in == pytest.approx(0.001)
    clock.advance(0.001)
    assert b.state == "half_open"
    assert b.call(lambda: "probe ok") == "probe ok"
    assert b.state == "closed"
    assert [(t.at, t.source, t.target) for t in b.transitions] == [
        (0.0, "closed", "open"), (10.0, "open", "half_open"), (10.0, "half_open", "closed")]
    assert b.rejected == 1


def test_half_open_failure_reopens_for_a_full_timeout():
    clock = FakeClock()
    b = CircuitBreaker(failure_threshold=2, reset_timeout=5, clock=clock)
    b.record_failure(); b.record_failure()
    clock.advance(7)  # half-open became due at 5, the probe happens at 7
    with pytest.raises(ModelTimeoutError):
        b.call(_fail)
    assert b.state == "open"
    clock.advance(4.9)
    assert b.state == "open"
    clock.advance(0.1)
    assert b.state == "half_open"
    assert [(t.at, t.target) for t in b.transitions] == [(0.0, "open"), (5.0, "half_open"), (7.0, "open"),
                                                         (12.0, "half_open")]


def test_half_open_admits_limited_trials_and_needs_enough_successes():
    clock = FakeClock()
    b = CircuitBreaker(failure_threshold=1, reset_timeout=1, half_open_max_calls=2, success_threshold=2, clock=clock)
    b.record_failure()
    clock.advance(1)
    b.before_call(); b.before_call()
    with pytest.raises(CircuitOpenError):
        b.before_call()  # a third concurrent trial is refused
    b.record_success()
    assert b.state == "half_open"
    b.record_success()
    assert b.state == "closed"


def test_ignored_errors_do_not_count():
    b = CircuitBreaker(failure_threshold=1, clock=FakeClock())
    with pytest.raises(InvalidInputError):
        b.call(lambda: (_ for _ in ()).throw(InvalidInputError("bad prompt")))
    assert b.state == "closed"


async def test_async_call_with_scripted_model_and_listener():
    seen = []
    clock = FakeClock()
    b = CircuitBreaker(name="primary", failure_threshold=2, reset_timeout=30, clock=clock, on_transition=seen.append)
    model = ScriptedChatModel(replies=[Timeout(), Timeout(), "back"])
    for _ in range(2):
        with pytest.raises(ModelTimeoutError):
            await b.acall(model.ainvoke, "x")
    with pytest.raises(CircuitOpenError, match="'primary' is open"):
        await b.acall(model.ainvoke, "x")
    assert len(model.calls) == 2  # the open breaker never reached the model
    clock.advance(30)
    assert (await b.acall(model.ainvoke, "x")).content == "back"
    assert [t.target for t in seen] == ["open", "half_open", "closed"]


@pytest.mark.parametrize("bad", [dict(failure_threshold=0), dict(reset_timeout=0),
                                 dict(success_threshold=2, half_open_max_calls=1)])
def test_bad_configuration(bad):
    with pytest.raises(InvalidInputError):
        CircuitBreaker(**bad)


def test_admits_reflects_free_trial_slots():
    clock = FakeClock()
    b = CircuitBreaker(failure_threshold=1, reset_timeout=1, clock=clock)
    assert b.admits()
    b.record_failure()
    assert not b.admits()
    clock.advance(1)
    assert b.admits()
    b.before_call()
    assert not b.admits()  # the single trial is in flight


def test_abandon_frees_the_half_open_slot():
    clock = FakeClock()
    b = CircuitBreaker(failure_threshold=1, reset_timeout=1, clock=clock)
    b.record_failure()
    clock.advance(1)
    b.before_call()
    assert not b.admits()
    b.abandon()
    assert b.admits() and b.state == "half_open"
