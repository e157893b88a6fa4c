from labkit.reasoning.chain import extract_answer, normalise_answer
from labkit.reasoning.consistency import majority_vote


def vote_on_samples(replies):
    # Plausible mistake: replies without an answer line are dropped before voting, so agreement is measured
    # over the parseable samples only and looks higher than it is.
    answers = [normalise_answer(extract_answer(r)) for r in replies]
    answers = [a for a in answers if a is not None]
    if not answers:
        return {"answer": None, "votes": 0, "confidence": 0.0, "escalate": True}
    vote = majority_vote(answers)
    return {"answer": vote.answer, "votes": vote.votes, "confidence": round(vote.confidence, 3),
            "escalate": vote.confidence < 0.6}
