def plan_order(steps):
    # Plausible mistake: "steps with fewer dependencies go first" -- not a topological order, and it never sees a cycle.
    ids = [s["id"] for s in steps]
    if len(set(ids)) != len(ids) or any(d not in ids for s in steps for d in s.get("depends_on", [])):
        return {"status": "invalid"}
    ordered = sorted(steps, key=lambda s: len(s.get("depends_on", [])))
    return {"status": "ok", "order": [s["id"] for s in ordered]}
