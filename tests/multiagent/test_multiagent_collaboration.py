import pytest

from labkit.errors import InvalidInputError
from labkit.llm import ScriptedChatModel
from labkit.multiagent import CollaborativeAgent, Kind, MessageBroker
from labkit.multiagent.specialists import AnalysisAgent, ResearchAgent


async def exchange(broker, agent, kind, content, n=1, timeout=2.0):
    request = await broker.request(broker.message("boss", agent.name, kind, content))
    return [await broker.next_reply(request, timeout) for _ in range(n)]


@pytest.fixture
def broker():
    b = MessageBroker()
    b.register("boss")
    return b


async def test_a_task_in_the_specialisation_is_accepted_then_delivered(broker):
    agent = CollaborativeAgent("ana", ["analysis"], broker, ScriptedChatModel(replies=["the answer"]))
    agent.start()
    accept, result = await exchange(broker, agent, Kind.TASK_REQUEST,
                                    {"description": "Do it", "capability": "analysis", "inputs": {"x": "1"}}, 2)
    await agent.stop()
    assert (accept.kind, result.kind, result.content["output"]) == (Kind.TASK_ACCEPT, Kind.TASK_RESULT, "the answer")
    assert agent.model.calls[0].messages[-1].content == "Context:\nx: 1\nQuestion: Do it"
    assert agent.tasks_done == 1


async def test_a_task_outside_the_specialisation_is_declined_with_the_reason(broker):
    agent = CollaborativeAgent("ana", ["analysis"], broker, ScriptedChatModel(replies=[]))
    agent.start()
    [decline] = await exchange(broker, agent, Kind.TASK_REQUEST, {"description": "x", "capability": "writing"})
    await agent.stop()
    assert decline.kind is Kind.TASK_DECLINE and "writing" in decline.content["reason"]


async def test_a_failing_task_is_reported_and_the_agent_keeps_working(broker):
    agent = CollaborativeAgent("ana", ["analysis"], broker, ScriptedChatModel(replies=[RuntimeError("boom"), "ok"]))
    agent.start()
    _, failed = await exchange(broker, agent, Kind.TASK_REQUEST, {"description": "x"}, 2)
    _, done = await exchange(broker, agent, Kind.TASK_REQUEST, {"description": "y"}, 2)
    await agent.stop()
    assert failed.kind is Kind.TASK_FAILED and "boom" in failed.content["error"]
    assert done.content["output"] == "ok" and (agent.tasks_failed, agent.tasks_done) == (1, 1)


async def test_shared_information_becomes_knowledge_and_help_is_given_only_when_able(broker):
    agent = CollaborativeAgent("ana", ["analysis"], broker, ScriptedChatModel(replies=["42"]))
    agent.start()
    await broker.broadcast("boss", Kind.INFORMATION_SHARE, {"text": "The answer is 42."})
    [help_reply] = await exchange(broker, agent, Kind.HELP_REQUEST, {"question": "What?", "capability": "analysis"})
    request = await broker.request(broker.message("boss", "ana", Kind.HELP_REQUEST, {"capability": "law"}))
    with pytest.raises(TimeoutError):  # not able: no reply, and the wait is bounded
        await broker.next_reply(request, 0.2)
    await agent.stop()
    assert agent.heard == ["The answer is 42."] and help_reply.content["answer"] == "42"
    assert "The answer is 42." in agent.model.calls[0].messages[-1].content


async def test_specialists_do_their_own_kind_of_work(broker):
    docs = {"solar": "Solar panels would produce 120 MWh per year.", "wind": "A wind turbine would produce 80 MWh."}
    research = ResearchAgent("res", broker, docs)
    analyst = AnalysisAgent("ana", broker)
    found = await research.perform({"description": "How much would the wind turbine produce?"})
    assert "80 MWh" in found and "[wind]" in found
    report = await analyst.perform({"inputs": {"[s1] solar": "120 MWh", "[s2] wind": "80 MWh"}})
    assert report.startswith("Figures: count 2, total 200, mean 100, min 80, max 120.")


def test_bad_agents(broker):
    with pytest.raises(InvalidInputError):
        CollaborativeAgent("x", [], broker, ScriptedChatModel(replies=[]))
    with pytest.raises(InvalidInputError):
        ResearchAgent("r", broker, {}, ScriptedChatModel(replies=[]))


async def test_a_busy_agent_still_answers_at_once_and_declines_beyond_its_backlog(broker):
    from labkit.llm import Latency

    agent = CollaborativeAgent("ana", ["analysis"], broker, ScriptedChatModel(replies=[Latency(1.5, "slow")]),
                               capacity=1, max_backlog=0)
    agent.start()
    first = await broker.request(broker.message("boss", "ana", Kind.TASK_REQUEST, {"description": "x"}))
    assert (await broker.next_reply(first, 1.0)).kind is Kind.TASK_ACCEPT
    [busy] = await exchange(broker, agent, Kind.TASK_REQUEST, {"description": "y"}, timeout=1.0)
    assert busy.kind is Kind.TASK_DECLINE and "busy" in busy.content["reason"]
    assert (await broker.next_reply(first, 5.0)).content["output"] == "slow"
    await agent.stop()


async def test_agents_share_ask_for_help_and_collaborate(broker):
    asker = CollaborativeAgent("asker", ["writing"], broker, ScriptedChatModel(replies=[]))
    expert = CollaborativeAgent("expert", ["law"], broker,
                                ScriptedChatModel(replies=["Clause 4 applies.", "Clause 4 covers refunds."]),
                                knowledge=["Clause 4 covers refunds."])
    other = CollaborativeAgent("other", ["cooking"], broker, ScriptedChatModel(replies=[]))
    silent = CollaborativeAgent("silent", ["law"], broker, ScriptedChatModel(replies=[]))  # never started
    for agent in (expert, other):
        agent.start()
    await asker.share("The client is in Lisbon.")
    replies = await asker.request_help("Which clause applies?", "law", timeout=5.0, max_replies=1)
    assert await asker.request_help("Which recipe?", "baking", timeout=0.2) == []  # nobody can: the deadline ends it
    contribution = await asker.collaborate("expert", "refund policy", timeout=2.0)
    nothing = await asker.collaborate("silent", "refund policy", timeout=0.2)
    for agent in (expert, other):
        await agent.stop()
    assert [(r.sender, r.content["answer"]) for r in replies] == [("expert", "Clause 4 applies.")]
    assert expert.heard == ["The client is in Lisbon."] and other.heard == ["The client is in Lisbon."]
    assert contribution == "Clause 4 covers refunds." and nothing is None
    assert "refund policy" in expert.model.calls[1].messages[-1].content
