from labkit.errors import InvalidInputError, RetryExhaustedError
from labkit.llm import ScriptedChatModel
from labkit.llm.scripted import RateLimit, Timeout
from labkit.production.clock import FakeClock
from labkit.production.retry import Retrier, RetryPolicy


def retry_attempts(faults, max_attempts):
    def reply(fault):
        if fault.startswith("rate_limit:"):
            return RateLimit(retry_after=float(fault.split(":")[1]))
        if fault == "timeout":
            return Timeout()
        if fault == "bad_request":
            return InvalidInputError("the request is malformed")
        return fault

    model = ScriptedChatModel(replies=[reply(f) for f in faults])
    clock = FakeClock()
    # Plausible mistake: "retry on any exception" -- a malformed request is retried until the attempts run out.
    policy = RetryPolicy(max_attempts=max_attempts, base_delay=1, multiplier=2, max_delay=8, jitter="none",
                         retry_on=(Exception,))
    retrier = Retrier(policy, sleep=clock.sleep)
    try:
        outcome = retrier.call(model.invoke, "Summarise the ticket.").content
    except RetryExhaustedError:
        outcome = "exhausted"
    except InvalidInputError:
        outcome = "not_retried"
    return {"outcome": outcome, "model_calls": len(model.calls), "waits": clock.slept}
