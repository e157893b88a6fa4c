from labkit.small import NearestExamples, hashed_bow


def improvement_curve(batch_size, k, add):
    # Plausible mistake: a home-made loop that also "learns" from its held-out mistakes, so the curve measures memory.
    knn = NearestExamples(hashed_bow, k=k)
    pool = [dict(e) for e in POOL]

    def measure():
        predicted = knn.predict(pool, [e["text"] for e in HELDOUT])
        wrong = [e for p, e in zip(predicted, HELDOUT) if p != e["label"]]
        return round(1 - len(wrong) / len(HELDOUT), 3), wrong

    accuracy, _ = measure()
    curve, failures = [accuracy], []
    for start in range(0, len(FEEDBACK), batch_size):
        batch = FEEDBACK[start:start + batch_size]
        predicted = knn.predict(pool, [e["text"] for e in batch])
        failed = [e for p, e in zip(predicted, batch) if p != e["label"]]
        failures.append(len(failed))
        pool += failed if add == "failures" else batch
        accuracy, wrong_heldout = measure()
        curve.append(accuracy)
        pool += wrong_heldout          # the leak
    return {"curve": curve, "failures": failures, "pool_size": len(pool)}
