def choose_strategy(arms, history, query_type, epsilon, u, j):
    # Plausible mistake: one routing table for every question -- feedback is pooled across query types.
    totals = {arm: [0, 0.0] for arm in arms}
    for kind, arm, reward in history:
        totals[arm][0] += 1
        totals[arm][1] += reward
    untried = [arm for arm in arms if totals[arm][0] == 0]
    if untried:
        return untried[0]
    if u < epsilon:
        return arms[j]
    means = {arm: total / pulls for arm, (pulls, total) in totals.items()}
    return max(arms, key=lambda arm: means[arm])
