from labkit.small import KeywordToolSelector


def select_tools(requests, min_score):
    selector = KeywordToolSelector(TOOLS, min_score=min_score)
    # Plausible mistake: always take the best-scoring tool, even when nothing really matched.
    return [selector.scores(request)[0].name for request in requests]
