from labkit.production.routing import ModelOption, Router


def route_requests(prompts, max_cost):
    # Plausible mistake: the context windows are left at their default, so a long request is routed to a small
    # model that cannot even read it.
    router = Router([ModelOption("small", 1, 0.1), ModelOption("medium", 2, 0.5), ModelOption("large", 3, 3.0)])
    out = []
    for prompt in prompts:
        decision = router.route(prompt, max_cost=max_cost)
        out.append([decision.model, decision.task, decision.complexity, list(decision.fallbacks)])
    return out
