from collections import deque


def graph_hops(triples, seeds, hops):
    # Plausible mistake: walk each fact only the way it is written (subject -> object), so "A founded B" never leads
    # from B back to A.
    forward = {}
    for subject, relation, obj, chunk in triples:
        forward.setdefault(subject.lower(), []).append(obj.lower())
    distance = {seed.lower(): 0 for seed in seeds}
    queue = deque(distance)
    while queue:
        node = queue.popleft()
        if distance[node] == hops:
            continue
        for nxt in forward.get(node, []):
            if nxt not in distance:
                distance[nxt] = distance[node] + 1
                queue.append(nxt)
    nearest = {}
    for subject, relation, obj, chunk in triples:
        ends = [distance[e.lower()] for e in (subject, obj) if e.lower() in distance]
        if len(ends) == 2 and min(ends) < hops:
            nearest[chunk] = min(min(ends), nearest.get(chunk, hops))
    return [[chunk, d] for chunk, d in sorted(nearest.items(), key=lambda item: (item[1], item[0]))]
