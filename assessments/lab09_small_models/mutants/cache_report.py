from labkit.small import TaskCache


def cache_report(requests, normalise, max_items):
    # Plausible mistake: one cache keyed by the text alone, so a task can receive another task's answer.
    calls = []
    cache = TaskCache(max_items=max_items) if normalise else TaskCache(max_items=max_items, normalise=None)

    def answer(task, text):
        def compute(t):
            calls.append(t)
            return stand_in_model(task, t)
        return cache.run("any", text, compute)

    answers = [answer(task, text) for task, text in requests]
    tasks = sorted({task for task, _ in requests})
    return {"answers": answers, "model_calls": len(calls),
            "stats": {task: cache.stats("any").as_dict() for task in tasks}}
