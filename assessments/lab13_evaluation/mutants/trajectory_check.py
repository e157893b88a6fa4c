from labkit.evaluation import check_trajectory


def trajectory_check(trace, expected, forbidden, max_steps):
    # Plausible mistake: the expected tools are checked as a set, so an agent that refunds before it looks the order
    # up passes.
    tools = [call["name"] for turn in trace if turn["role"] == "assistant" for call in turn.get("tool_calls", [])]
    report = check_trajectory(tools, expected, order="any_order", forbidden=forbidden, max_steps=max_steps)
    return {"tools": report.tools, "passed": report.passed, "problems": report.problems}
