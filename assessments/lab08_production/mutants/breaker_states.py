from labkit.errors import CircuitOpenError
from labkit.production.breaker import CircuitBreaker
from labkit.production.clock import FakeClock


def breaker_states(events, threshold, reset_timeout):
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=threshold, reset_timeout=reset_timeout, clock=clock)
    states = []
    for event in events:
        if event.startswith("wait:"):
            clock.advance(float(event.split(":")[1]))
        # Plausible mistake: the outcome is recorded, but the breaker is never asked before the call, so an open
        # breaker lets every call through to the failing service.
        elif event == "fail":
            breaker.record_failure(ConnectionError("upstream unavailable"))
        else:
            breaker.record_success()
        states.append(breaker.state)
    return {"states": states, "rejected": breaker.rejected,
            "transitions": [[t.at, t.source, t.target] for t in breaker.transitions]}
