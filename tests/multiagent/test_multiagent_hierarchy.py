import pytest

from labkit.errors import DelegationError, InvalidInputError
from labkit.llm import ScriptedChatModel
from labkit.multiagent import (CollaborativeAgent, Coordinator, Kind, MessageBroker, Subtask, TeamLead, TrustScores,
                               Workflow, build_teams, org_depth)


def worker(broker, name, caps, answer="42"):
    return CollaborativeAgent(name, caps, broker, ScriptedChatModel(replies=[answer], repeat_last=True))


def right(subtask, output):
    return output == "42"


def requests(broker):
    return [(m.sender, m.recipient, m.content.get("budget")) for m in broker.log if m.kind is Kind.TASK_REQUEST]


async def test_a_task_goes_down_the_tree_and_the_answer_comes_back_up():
    broker = MessageBroker()
    workers = [worker(broker, "w1", ["research"]), worker(broker, "w2", ["writing"], "report")]
    teams = build_teams({"boss": ["lead-r", "lead-w"], "lead-r": ["w1"], "lead-w": ["w2"]}, workers, broker)
    teams.start()
    try:
        workflow = await teams.run(Workflow("p", [Subtask("s1", "find", "research"),
                                                  Subtask("s2", "write", "writing", ("s1",))]))
    finally:
        await teams.stop()
    assert [(s.status, s.assigned, s.output) for s in workflow.subtasks] == [("done", "lead-r", "42"),
                                                                            ("done", "lead-w", "report")]
    assert teams.depth == 2 and set(teams.leads) == {"lead-r", "lead-w"}
    assert requests(broker) == [("boss", "lead-r", None), ("lead-r.desk", "w1", None),
                                ("boss", "lead-w", None), ("lead-w.desk", "w2", None)]
    assert "lead-r.desk: s1: done by w1" in teams.events()


async def test_verified_outcomes_move_trust_and_the_next_task_goes_to_the_trusted_worker():
    broker = MessageBroker()
    trust = TrustScores()
    workers = [worker(broker, "w1", ["math"], "41"), worker(broker, "w2", ["math"])]
    teams = build_teams({"boss": ["lead"], "lead": ["w1", "w2"]}, workers, broker, trust=trust, verify=right)
    teams.start()
    try:
        first = await teams.run(Workflow("p", [Subtask("s1", "6 * 7", "math")]))
        second = await teams.run(Workflow("p", [Subtask("s2", "7 * 6", "math")]))
    finally:
        await teams.stop()
    assert first.get("s1").output == second.get("s2").output == "42"
    # equal trust at first: w1 by name, rejected by the check; then w2 is trusted more and asked first
    assert teams.leads["lead"].desk.events == ["s1: assigned to w1", "s1: w1 rejected (the output failed verification)",
                                               "s1: assigned to w2", "s1: done by w2",
                                               "s2: assigned to w2", "s2: done by w2"]
    assert trust.counts("w1") == (0.0, 1.0) and trust.counts("w2") == (2.0, 0.0)
    assert trust.counts("lead") == (2.0, 0.0)  # the supervisor's desk judges the lead by the same check


async def test_the_budget_caps_every_request_in_the_tree():
    async def run(budget):
        broker = MessageBroker()
        workers = [worker(broker, "w1", ["math"], "0"), worker(broker, "w2", ["math"], "0"),
                   worker(broker, "w3", ["math"])]
        teams = build_teams({"boss": ["lead-a", "lead-b"], "lead-a": ["w1", "w2"], "lead-b": ["w3"]}, workers,
                            broker, verify=right)
        teams.start()
        try:
            workflow = await teams.run(Workflow("p", [Subtask("s1", "6 * 7", "math", budget=budget)]))
        finally:
            await teams.stop()
        return workflow.get("s1"), requests(broker), teams

    # 4: lead-a gets 1 of the 3 left after its own request (two leads to try), spends it on w1 (wrong), and gives up;
    # lead-b gets the last 1 and w3 answers
    s1, sent, teams = await run(4)
    assert (s1.status, s1.assigned, s1.budget) == ("done", "lead-b", 0)
    assert sent == [("boss", "lead-a", 1), ("lead-a.desk", "w1", 0), ("boss", "lead-b", 1), ("lead-b.desk", "w3", 0)]
    assert "lead-a.desk: s1: failed after trying w1 (budget spent)" in teams.events()
    # 3: after lead-a only 1 is left, enough to ask lead-b but not for lead-b to ask anyone: it is passed over
    s1, sent, teams = await run(3)
    assert s1.status == "failed" and sent == [("boss", "lead-a", 1), ("lead-a.desk", "w1", 0)]
    assert teams.supervisor.events[-2:] == ["s1: lead-b passed over (no budget left to pass down)",
                                            "s1: failed after trying lead-a (budget spent)"]


async def test_a_lead_with_no_member_able_to_do_it_reports_a_delegation_failure():
    broker = MessageBroker()
    lead = TeamLead("lead", broker, [worker(broker, "w1", ["math"], "0")], verify=right, max_attempts=1)
    with pytest.raises(DelegationError, match="lead"):
        await lead.perform({"task": "t1", "description": "6 * 7", "capability": "math"})  # w1 never started


async def test_a_silence_lowers_trust_and_a_decline_does_not():
    broker = MessageBroker()
    trust = TrustScores()
    quiet = worker(broker, "quiet", ["math"])
    busy = CollaborativeAgent("busy", ["math"], broker, ScriptedChatModel(replies=["42"], repeat_last=True),
                              max_backlog=0)
    busy.pending = 1  # full: it declines
    busy.start()
    coordinator = Coordinator(broker, [busy, quiet], model=ScriptedChatModel(replies=[]), accept_timeout=0.3,
                              trust=trust)
    workflow = await coordinator.run(Workflow("p", [Subtask("s1", "x", "math")]))
    await busy.stop()
    assert workflow.get("s1").status == "failed"
    assert trust.counts("busy") == (0.0, 0.0) and trust.counts("quiet") == (0.0, 1.0)


def test_org_charts_are_trees_of_limited_depth():
    assert org_depth({"boss": ["w1"]}) == 1
    assert org_depth({"boss": ["a", "w1"], "a": ["b"], "b": ["w2"]}) == 3
    with pytest.raises(InvalidInputError, match="cycle|exactly one top"):
        org_depth({"a": ["b"], "b": ["a"]})
    with pytest.raises(InvalidInputError, match="more than once: w1"):
        org_depth({"boss": ["a", "b"], "a": ["w1"], "b": ["w1"]})
    with pytest.raises(InvalidInputError, match="empty teams: a"):
        org_depth({"boss": ["a"], "a": []})
    broker = MessageBroker()
    with pytest.raises(InvalidInputError, match="3 levels deep; max_depth is 2"):
        build_teams({"boss": ["a"], "a": ["b"], "b": ["w1"]}, [worker(broker, "w1", ["x"])], broker, max_depth=2)
    with pytest.raises(InvalidInputError, match="no worker and no team of their own: ghost"):
        build_teams({"boss": ["ghost"]}, [], broker)
    with pytest.raises(InvalidInputError, match="budget"):
        Subtask("s1", "x", "math", budget=-1)
