import pandas as pd


def quality_report(records):
    # Plausible mistake: a query nobody judged counts as a miss, so hit rate and MRR average over every query.
    rows = []
    for r in records:
        relevant = set(r.get("relevant") or [])
        rank = next((i for i, d in enumerate(r["ranked"], start=1) if d in relevant), None)
        rows.append({"type": r["type"], "refused": bool(r["refused"]),
                     "hit": 1.0 if rank else 0.0, "rr": 1.0 / rank if rank else 0.0})
    frame = pd.DataFrame(rows)
    out = {}
    for kind, group in frame.groupby("type", sort=True):
        out[kind] = {"queries": int(len(group)), "judged": int(len(group)),
                     "hit_rate": float(group["hit"].mean()), "mrr": float(group["rr"].mean()),
                     "refusal_rate": float(group["refused"].mean())}
    return out
