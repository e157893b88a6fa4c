import math


def ndcg_at_k(ranked, grades, k):
    # Plausible mistake: the ideal ranking is built from the documents that were retrieved, not from all judged ones,
    # so a system that misses a highly relevant document is not penalised for it.
    gains = [grades.get(doc_id, 0) for doc_id in ranked[:k]]
    dcg = sum((2 ** g - 1) / math.log2(rank + 1) for rank, g in enumerate(gains, start=1))
    ideal = sorted(gains, reverse=True)
    idcg = sum((2 ** g - 1) / math.log2(rank + 1) for rank, g in enumerate(ideal, start=1))
    return dcg / idcg if idcg > 0 else 0.0
