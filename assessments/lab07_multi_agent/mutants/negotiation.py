from labkit.multiagent import weighted_vote


def negotiation(preferences, options, rounds):
    # Plausible mistake: one vote on everyone's first choice and done -- no rounds, no dropping the weakest option,
    # and a silent agent is simply left out instead of recorded as abstaining.
    votes = {name: ranked[0] for name, ranked in preferences.items() if ranked and ranked[0] in options}
    decision = weighted_vote(votes)
    return {"winner": decision.winner, "rounds": 1, "abstained": [], "history": [decision.tally]}
