import time

from langchain_core.tools import tool

from labkit.agents import ToolUseAgent
from labkit.safemath import evaluate


def substitute_tool(expression, faults):
    def service(name, description):
        def run(expression: str) -> str:
            # Plausible mistake: a failing service *returns* an error message instead of raising, so the agent
            # counts it as a successful call and never looks for a substitute.
            if faults.get(name) == "down":
                return f"Error: {name} is down"
            if faults.get(name) == "hang":
                time.sleep(2.0)
            return str(evaluate(expression))
        run.__name__, run.__doc__ = name, description
        return tool(run)

    tools = [service("calculator", "Calculate an arithmetic expression."),
             service("backup_calculator", "Slow backup service for arithmetic.")]
    agent = ToolUseAgent(tools=tools, max_turns=3, tool_timeout=0.5, max_retries=1)
    run = agent.run(f"Calculate {expression}")
    return {"status": run.status,
            "events": [[e.tool, e.status, e.attempts, e.replaces] for e in run.events]}
