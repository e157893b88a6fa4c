import math

from labkit.production.indextuning import clustered_vectors, sweep_ivf


def tune_nprobe(n, nlist, target_recall):
    # Plausible mistake: the rule of thumb nprobe = sqrt(nlist) instead of a sweep against exact search.
    base = clustered_vectors(n, dim=32, clusters=20, seed=0)
    queries = clustered_vectors(100, dim=32, clusters=20, seed=1)
    nprobe = max(1, round(math.sqrt(nlist)))
    row = sweep_ivf(base, queries, k=10, nlist=nlist, nprobes=[nprobe])[0]
    return {"nprobe": row["nprobe"], "recall": row["recall@k"], "scanned": row["scanned"]}
