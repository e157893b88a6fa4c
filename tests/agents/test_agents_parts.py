import asyncio
import threading

import pytest

from labkit.agents import LongTermMemory, SelfHealing, call_with_deadline, await_with_deadline, diagnose, verify
from labkit.errors import DeadlineExceededError, InvalidInputError, MalformedOutputError, ModelTimeoutError
from labkit.llm import ScriptedChatModel


def test_deadline_abandons_a_call_that_never_returns():
    release = threading.Event()
    try:
        with pytest.raises(DeadlineExceededError, match="stuck"):
            call_with_deadline(release.wait, 30, seconds=0.2, what="stuck")
    finally:
        release.set()
    with pytest.raises(ZeroDivisionError):
        call_with_deadline(lambda: 1 / 0, seconds=1)
    with pytest.raises(InvalidInputError):
        call_with_deadline(sum, [], seconds=0)


async def test_async_deadline():
    assert await await_with_deadline(asyncio.sleep(0, result=5), 1) == 5
    with pytest.raises(DeadlineExceededError):
        await await_with_deadline(asyncio.sleep(10), 0.2, "sleep")


@pytest.mark.parametrize("error, strategy", [
    (ModelTimeoutError(1), "shorten"), (DeadlineExceededError("x", 1), "shorten"),
    (MalformedOutputError("bad"), "strict"), (KeyError("k"), "retry"),
])
def test_diagnosis_picks_a_strategy_per_error(error, strategy):
    assert diagnose(error).strategy == strategy


def test_healing_gives_up_after_max_attempts_and_records_each():
    outcome = SelfHealing(max_attempts=2).run(lambda adj: "", check=lambda v: verify(v, "nonempty"))
    assert not outcome.ok and [a.strategy for a in outcome.attempts] == ["first", "rephrase"]
    assert outcome.attempts[-1].verdict == "the output is empty"


def test_rule_criteria_and_a_judged_criterion():
    assert verify('{"a": 1}', "json; contains:a").passed
    assert not verify("abc", "matches:^\\d+$").passed
    judge = ScriptedChatModel(replies=["Score: 8/10", "Score: 3/10"])
    assert verify("text", "is polite", judge=judge).passed
    failed = verify("text", "is polite", judge=judge)
    assert not failed.passed and failed.score == 0.3
    with pytest.raises(InvalidInputError, match="judge"):
        verify("text", "is polite")


def test_long_term_memory_recalls_by_meaning_and_persists(tmp_path):
    path = tmp_path / "mem.json"
    memory = LongTermMemory(path=path)
    memory.remember("The staging database password rotates every Monday.")
    memory.remember("Invoices are sent on the first day of the month.")
    best = memory.recall("When do we bill customers?", k=1)
    assert best[0].text.startswith("Invoices")
    assert len(LongTermMemory(path=path, semantic=False)) == 2
    with pytest.raises(InvalidInputError):
        memory.remember("  ")


def test_a_judge_that_never_answers_fails_the_verdict_in_time():
    from labkit.llm import Latency

    verdict = verify("text", "is polite", judge=ScriptedChatModel(replies=[Latency(3, "Score: 9/10")]), timeout=0.2)
    assert not verdict.passed and "0.2 s" in verdict.reason
