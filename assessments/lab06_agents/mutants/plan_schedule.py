def plan_schedule(steps):
    # Plausible mistake: a home-made depth-first sort. It never notices a cycle (a visited step is simply
    # skipped), and its order follows the recursion rather than the phases.
    needs = {s["id"]: list(s.get("needs", [])) for s in steps}
    order, seen, level = [], set(), {}

    def visit(step_id):
        if step_id in seen:
            return
        seen.add(step_id)
        for dep in needs[step_id]:
            visit(dep)
        level[step_id] = 1 + max((level.get(d, 0) for d in needs[step_id]), default=0)
        order.append(step_id)

    for s in steps:
        visit(s["id"])
    phases = [[i for i in order if level[i] == n] for n in range(1, max(level.values()) + 1)]
    return {"order": order, "phases": phases}
