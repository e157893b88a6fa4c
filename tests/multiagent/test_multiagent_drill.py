from labkit.llm import ScriptedChatModel
from labkit.multiagent import outage_drill, run_sync


async def test_reassignment_rescues_a_workflow_with_a_silent_agent():
    model = ScriptedChatModel(replies=["noted"], repeat_last=True)
    without = await outage_drill(["research-1"], max_attempts=1, accept_timeout=0.5, model=model)
    with_reassignment = await outage_drill(["research-1"], max_attempts=3, accept_timeout=0.5, model=model)
    assert without.progress() == {"done": 1, "failed": 1, "skipped": 2}
    assert with_reassignment.progress() == {"done": 4}
    assert with_reassignment.get("s1").tried == ["research-1", "research-2"]


async def test_a_whole_capability_down_cannot_be_rescued():
    model = ScriptedChatModel(replies=["noted"], repeat_last=True)
    workflow = await outage_drill(["writing-1", "writing-2"], max_attempts=3, accept_timeout=0.5, model=model)
    assert workflow.get("s4").status == "failed" and workflow.progress()["done"] == 3


async def test_run_sync_works_inside_a_running_loop():
    model = ScriptedChatModel(replies=["noted"], repeat_last=True)
    assert run_sync(outage_drill([], model=model)).progress() == {"done": 4}
