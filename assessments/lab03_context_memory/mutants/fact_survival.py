from labkit.context.truncation import STRATEGIES, truncate


def fact_survival(sentences, fact_at, max_tokens):
    # Plausible mistake: budgets in words instead of tokens. Words are fewer than tokens, so more text
    # "fits" than the model will really accept.
    fact = sentences[fact_at]
    words = " ".join(sentences).split()
    if len(words) <= max_tokens:
        kept = {s: " ".join(words) for s in STRATEGIES}
    else:
        half = max_tokens // 2
        kept = {"head": " ".join(words[:max_tokens]), "tail": " ".join(words[-max_tokens:]),
                "middle": " ".join(words[:half] + ["…"] + words[len(words) - (max_tokens - half - 1):])}
    return {strategy: fact in kept[strategy] for strategy in STRATEGIES}
