from labkit.context.truncation import TokenBudget, truncate
from labkit.errors import InvalidInputError
from labkit.llm.tokens import count_tokens


def fit_to_budget(text, window, reserve, strategy):
    # Plausible mistake: truncates to the whole window and forgets the tokens reserved for the answer,
    # so the prompt "fits" and the reply gets cut off instead.
    try:
        budget = TokenBudget(window=window, reserve=reserve)
        fitted = truncate(text, window, strategy)
    except InvalidInputError:
        return {"error": "invalid"}
    return {"available": budget.available, "tokens_before": count_tokens(text),
            "tokens_after": count_tokens(fitted), "cut": fitted != text, "text": fitted}
