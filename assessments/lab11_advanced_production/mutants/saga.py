from labkit.production.workflow import EventBus, Step, Workflow


def saga(steps, fail, no_compensation):
    ledger = []
    built = []
    for name in steps:
        # Plausible mistake: lambdas in a loop capture the *variable* name, not its value, so every step and
        # every compensation acts as the last step.
        def run(ctx):
            if fail.get(name) == "action":
                raise ConnectionError(f"{name} failed")
            ledger.append(f"do {name}")
            return f"{name}-ok"

        def undo(ctx):
            if fail.get(name) == "compensation":
                raise ConnectionError(f"cannot undo {name}")
            ledger.append(f"undo {name}")

        built.append(Step(name, run, None if name in no_compensation else undo))
    bus = EventBus()
    run = Workflow("order", built, bus=bus).run({})
    return {"state": run.state, "step_states": run.step_states, "ledger": ledger,
            "history": [target for _, target in run.history]}
