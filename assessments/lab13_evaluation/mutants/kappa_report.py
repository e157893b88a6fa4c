from labkit.evaluation import cohens_kappa, percent_agreement


def kappa_report(judge, human):
    # Plausible mistake: an abstention is treated as one more label, so it counts as a disagreement, and the judge
    # looks as if it answered everything.
    labels = ["abstain" if j is None else j for j in judge]
    return {"answered": len(labels), "coverage": 1.0, "agreement": round(percent_agreement(labels, human), 3),
            "kappa": round(cohens_kappa(labels, human), 3)}
