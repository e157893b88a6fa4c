def gate_decision(metrics, baseline):
    # Plausible mistake: a home-made gate where higher is always better and a missing metric is silently skipped.
    statuses = {}
    for name, spec in baseline["metrics"].items():
        if name not in metrics:
            continue
        change, tolerance = metrics[name] - spec["value"], spec.get("tolerance", 0.0)
        statuses[name] = "regressed" if change < -tolerance else "improved" if change > tolerance else "ok"
    passed = "regressed" not in statuses.values()
    return {"passed": passed, "statuses": statuses,
            "message": "eval gate passed" if passed else "eval gate failed"}
