from labkit.context.buffer import WindowMemory


def remembered(messages, k, max_tokens):
    # Plausible mistake: the token cap is never applied, so a long message overflows the memory budget.
    memory = WindowMemory(k=k)
    for i, text in enumerate(messages):
        memory.add("human" if i % 2 == 0 else "ai", text)
    return {"window": [t.content for t in memory.window()], "forgotten": len(memory.forgotten())}
