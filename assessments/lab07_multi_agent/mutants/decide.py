from collections import Counter


def decide(votes, weights):
    # Plausible mistake: plurality instead of majority -- the option with the most weight wins even without
    # more than half, and a tie silently goes to whichever option was counted first.
    tally = Counter()
    for voter, option in votes.items():
        tally[option] += float((weights or {}).get(voter, 1.0))
    winner = tally.most_common(1)[0][0] if tally else None
    return {"winner": winner, "tied": [], "tally": dict(tally)}
