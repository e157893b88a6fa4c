import asyncio

import pytest

from labkit.errors import DeadlineExceededError, InvalidInputError, UnknownAgentError
from labkit.multiagent import BROADCAST, Kind, MessageBroker


async def test_direct_and_broadcast_delivery_and_history():
    broker = MessageBroker()
    boxes = {n: broker.register(n) for n in ("a", "b", "c")}
    direct = await broker.post("a", "b", Kind.INFORMATION_SHARE, {"text": "hi"}, conversation="talk")
    await broker.broadcast("a", Kind.STATUS_UPDATE, {"status": "busy"}, conversation="talk")
    assert boxes["b"].qsize() == 2 and boxes["c"].qsize() == 1 and boxes["a"].qsize() == 0
    assert (await boxes["b"].get()) is direct
    assert [m.id for m in broker.history("talk")] == ["m1", "m2"]
    assert broker.counts() == {"information_share": 1, "status_update": 1}
    assert broker.log[1].recipient == BROADCAST


async def test_a_message_to_an_unknown_agent_is_refused_and_recorded():
    broker = MessageBroker()
    broker.register("a")
    with pytest.raises(UnknownAgentError, match="'ghost'") as info:
        await broker.post("a", "ghost", Kind.TASK_REQUEST, {})
    assert info.value.known == ["a"] and len(broker.undeliverable) == 1 and broker.log == []


async def test_a_request_nobody_answers_times_out_and_is_recorded():
    broker = MessageBroker()
    broker.register("a")
    broker.register("silent")
    request = await broker.request(broker.message("a", "silent", Kind.HELP_REQUEST, {"question": "?"}))
    with pytest.raises(DeadlineExceededError):
        await broker.next_reply(request, timeout=0.2)
    assert broker.timeouts == [(request.id, "silent")]


async def test_replies_go_to_the_request_channel_not_the_mailbox():
    broker = MessageBroker()
    box = broker.register("a")
    broker.register("b")
    request = await broker.request(broker.message("a", "b", Kind.HELP_REQUEST))

    async def answer():
        await broker.post("b", "a", Kind.HELP_REPLY, {"answer": 1}, request.conversation, reply_to=request.id)

    asyncio.get_running_loop().create_task(answer())
    reply = await broker.next_reply(request, timeout=1)
    assert reply.content == {"answer": 1} and box.qsize() == 0
    assert [m.id for m in broker.history(request.conversation)] == [request.id, reply.id]


async def test_bad_names_and_kinds():
    broker = MessageBroker()
    broker.register("a")
    with pytest.raises(InvalidInputError):
        broker.register("a")
    with pytest.raises(InvalidInputError):
        broker.register(BROADCAST)
    with pytest.raises(InvalidInputError):
        broker.message("a", "a", "task_request")
