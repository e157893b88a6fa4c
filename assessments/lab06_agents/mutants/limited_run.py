from langchain_core.messages import AIMessage

from labkit.agents import Agent, Limits, LongTermMemory, Plan, Step
from labkit.llm import ScriptedChatModel


def limited_run(step_tokens, max_steps, max_tokens):
    replies = [AIMessage(content=f"result {i}",
                         usage_metadata={"input_tokens": 0, "output_tokens": n, "total_tokens": n})
               for i, n in enumerate(step_tokens, 1)]
    model = ScriptedChatModel(replies=replies)
    plan = Plan("pipeline", [Step(f"s{i}", f"part {i}") for i in range(1, len(step_tokens) + 1)])
    # Plausible mistake: only the step limit is configured; the token budget is left at its default.
    agent = Agent(model, limits=Limits(max_steps=max_steps), memory=LongTermMemory(semantic=False))
    run = agent.run(plan.goal, plan)
    statuses = run.trace.statuses()
    return {"status": run.status, "reason": run.reason,
            "ran": [s.id for s in plan.steps if statuses.get(s.id) == "passed"],
            "skipped": [s.id for s in plan.steps if statuses.get(s.id) == "skipped"],
            "tokens": run.trace.tokens, "model_calls": len(model.calls)}
