import pytest

from labkit.errors import InvalidInputError, PlanCycleError
from labkit.llm import Latency, ScriptedChatModel
from labkit.multiagent import CollaborativeAgent, Coordinator, MessageBroker, Subtask, Workflow, system_metrics
from labkit.multiagent.metrics import agents_frame


def worker(broker, name, caps, replies=("done",), start=True):
    agent = CollaborativeAgent(name, caps, broker, ScriptedChatModel(replies=list(replies), repeat_last=True))
    if start:
        agent.start()
    return agent


async def stop(team):
    for agent in team:
        await agent.stop()


def one(capability="research"):
    return Workflow("p", [Subtask("s1", "Find facts", capability)])


async def test_a_silent_agent_is_replaced_after_the_accept_timeout():
    broker = MessageBroker()
    team = [worker(broker, "a-silent", ["research"], start=False), worker(broker, "b-live", ["research"])]
    coordinator = Coordinator(broker, team, model=ScriptedChatModel(replies=[]), accept_timeout=0.5)
    workflow = await coordinator.run(one())
    await stop(team)
    s1 = workflow.get("s1")
    assert (s1.status, s1.assigned, s1.tried, s1.output) == ("done", "b-live", ["a-silent", "b-live"], "done")
    assert coordinator.events == ["s1: assigned to a-silent", "s1: a-silent no answer within 0.5 s",
                                  "s1: assigned to b-live", "s1: done by b-live"]
    assert broker.timeouts and system_metrics(broker, team, workflow)["reply_timeouts"] == 1


async def test_an_agent_that_accepts_but_never_delivers_is_replaced_after_the_result_timeout():
    broker = MessageBroker()
    team = [worker(broker, "a-slow", ["research"], [Latency(5, "late")]), worker(broker, "b-fast", ["research"])]
    coordinator = Coordinator(broker, team, model=ScriptedChatModel(replies=[]), result_timeout=0.5)
    workflow = await coordinator.run(one())
    await stop(team)
    assert workflow.get("s1").tried == ["a-slow", "b-fast"] and workflow.get("s1").status == "done"
    assert "s1: a-slow no answer within 0.5 s" in coordinator.events


async def test_failure_reports_are_reassigned_and_give_up_after_max_attempts():
    broker = MessageBroker()
    team = [worker(broker, n, ["research"], [RuntimeError("crash")]) for n in ("a", "b", "c")]
    coordinator = Coordinator(broker, team, model=ScriptedChatModel(replies=[]), max_attempts=2)
    workflow = await coordinator.run(Workflow("p", [Subtask("s1", "x", "research"),
                                                    Subtask("s2", "y", "research", ("s1",))]))
    await stop(team)
    assert workflow.get("s1").status == "failed" and workflow.get("s1").tried == ["a", "b"]
    assert workflow.get("s2").status == "skipped" and workflow.progress() == {"failed": 1, "skipped": 1}
    assert "s1: a failed (RuntimeError: crash)" in coordinator.events


async def test_no_capable_agent_means_unassigned_and_decliners_are_skipped():
    broker = MessageBroker()
    team = [worker(broker, "w", ["writing"])]
    coordinator = Coordinator(broker, team, model=ScriptedChatModel(replies=[]))
    workflow = await coordinator.run(one("research"))
    await stop(team)
    assert workflow.get("s1").status == "unassigned" and broker.log == []


async def test_parallel_subtasks_spread_over_agents_by_load():
    broker = MessageBroker()
    team = [worker(broker, "r1", ["research"], ["one"]), worker(broker, "r2", ["research"], ["two"]),
            worker(broker, "an", ["analysis"], ["sum"])]
    workflow = Workflow("p", [Subtask("s1", "A", "research"), Subtask("s2", "B", "research"),
                              Subtask("s3", "C", "analysis", ("s1", "s2"))])
    coordinator = Coordinator(broker, team, model=ScriptedChatModel(replies=[]))
    await coordinator.run(workflow)
    await stop(team)
    assert [(s.id, s.assigned) for s in workflow.subtasks] == [("s1", "r1"), ("s2", "r2"), ("s3", "an")]
    prompt = team[2].model.calls[0].messages[-1].content
    assert "[s1] A: one" in prompt and "[s2] B: two" in prompt
    metrics = system_metrics(broker, team, workflow)
    assert metrics["messages_by_kind"] == {"task_accept": 3, "task_request": 3, "task_result": 3}
    assert agents_frame(metrics)["tasks_done"].tolist() == [1, 1, 1]
    assert set(metrics["task_latency"]) == {"s1", "s2", "s3"}


async def test_decompose_tags_capabilities_and_links_stages():
    broker = MessageBroker()
    team = [worker(broker, "r", ["research"], start=False), worker(broker, "a", ["analysis"], start=False)]
    model = ScriptedChatModel(replies=["1. Find A\n2. Find B\n3. Compare them", "research", "research", "analysis"])
    workflow = await Coordinator(broker, team, model=model).decompose("compare A and B")
    assert [(s.id, s.capability, s.depends_on) for s in workflow.subtasks] == [
        ("s1", "research", ()), ("s2", "research", ()), ("s3", "analysis", ("s1", "s2"))]
    assert workflow.phases() == [["s1", "s2"], ["s3"]]


def test_bad_workflows_and_settings():
    with pytest.raises(PlanCycleError):
        Workflow("p", [Subtask("a", "x", "r", ("b",)), Subtask("b", "y", "r", ("a",))])
    with pytest.raises(InvalidInputError):
        Coordinator(MessageBroker(), [])
