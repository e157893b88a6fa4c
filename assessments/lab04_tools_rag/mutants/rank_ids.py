from labkit.embed import cosine_similarity
from labkit.rag import BM25Index, Document


def rank_ids(query, method, k):
    ids, texts = list(CORPUS), list(CORPUS.values())
    if method == "bm25":
        # Plausible mistake: indexing the bare texts, so hits carry positions ("0", "1", ...) instead of the ids.
        index = BM25Index().add(texts)
        return [hit.id for hit in index.retrieve(query, k)]
    scores = cosine_similarity(EMBEDDINGS.encode([query]), EMBEDDINGS.encode(texts))[0]
    # ... and sorting ascending: the least similar texts come first.
    order = sorted(range(len(ids)), key=lambda i: (float(scores[i]), i))
    return [ids[i] for i in order[:k]]
