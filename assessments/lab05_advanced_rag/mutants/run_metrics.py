def run_metrics(run, qrels, k):
    # Plausible mistake: averaging over the queries the system answered, so a query it skipped costs nothing.
    totals = {"recall": 0.0, "mrr": 0.0, "hit_rate": 0.0}
    queries = [q for q in run if q in qrels and any(g > 0 for g in qrels[q].values())]
    for q in queries:
        relevant = {d for d, g in qrels[q].items() if g > 0}
        top = run[q][:k]
        totals["recall"] += len(relevant & set(top)) / len(relevant)
        totals["mrr"] += next((1 / rank for rank, d in enumerate(top, start=1) if d in relevant), 0.0)
        totals["hit_rate"] += 1.0 if relevant & set(top) else 0.0
    return {name: value / len(queries) for name, value in totals.items()}
