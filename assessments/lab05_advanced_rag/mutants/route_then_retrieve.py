import numpy as np


def route_then_retrieve(query, top_documents, k):
    # Plausible mistake: skip the summary level and search every chunk of every manual (flat retrieval), so look-alike
    # chunks of the wrong manual compete.
    q = EMBEDDINGS.encode([query])[0]
    chunks = {c: text for manual in MANUALS.values() for c, text in manual["chunks"].items()}
    ids = list(chunks)
    sims = EMBEDDINGS.encode([chunks[c] for c in ids]) @ q
    ranked = sorted(zip(ids, sims), key=lambda pair: (-float(pair[1]), pair[0]))
    return [c for c, _ in ranked[:k]]
