def rrf_fuse(rankings, k=60, weights=None):
    weights = weights or [1.0] * len(rankings)
    fused = {}
    for ranking, weight in zip(rankings, weights):
        # Plausible mistake: ranks counted from 0, so the top hit gets weight / k instead of weight / (k + 1).
        for rank, doc_id in enumerate(ranking):
            fused[doc_id] = fused.get(doc_id, 0.0) + weight / (k + rank)
    return [[doc_id, score] for doc_id, score in sorted(fused.items(), key=lambda t: (-t[1], t[0]))]
