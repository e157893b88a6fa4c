import re

from labkit.rag.evaluation import support


def faithfulness_report(answer, context):
    # Plausible mistake: word overlap per sentence only. "Within 60 days" shares every word but the number with
    # "within 30 days", clauses joined by "and" are judged together, and a refusal counts as a claim.
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", answer.strip()) if s]
    unsupported = [s for s in sentences if support(s, context) < 0.6]
    score = round(1 - len(unsupported) / len(sentences), 4) if sentences else 1.0
    return {"score": score, "unsupported": unsupported, "refusal": False}
