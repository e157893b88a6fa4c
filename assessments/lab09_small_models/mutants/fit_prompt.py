from labkit.errors import PromptTooLongError
from labkit.llm.tokens import count_tokens, truncate_tokens


def fit_prompt(question, chunks, max_tokens):
    # Plausible mistake: build the whole prompt, then cut it at the limit -- the question is the first thing lost.
    instruction = "Answer the question from the context only, and cite the [id] of the line you use."
    text = "\n".join([instruction, "Context:", *chunks, f"Question: {question.strip()}"])
    cut = truncate_tokens(text, max_tokens)
    kept = [f"chunk-{k}" for k, c in enumerate(chunks) if c in cut]
    return {"tokens": count_tokens(cut), "ends_with_question": cut.endswith(f"Question: {question.strip()}"),
            "kept": kept, "compressed": [], "dropped": [f"chunk-{k}" for k in range(len(chunks)) if f"chunk-{k}" not in kept]}
