import math


def merge_shards(shard_results, k):
    # Plausible mistake: split k between the shards (k / n from each), as if the best hits were spread evenly.
    per_shard = math.ceil(k / max(len(shard_results), 1))
    best = {}
    for results in shard_results:
        for doc_id, score in results[:per_shard]:
            best[doc_id] = max(score, best.get(doc_id, float("-inf")))
    ranked = sorted(best.items(), key=lambda pair: (-pair[1], pair[0]))
    return [[doc_id, score] for doc_id, score in ranked[:k]]
