from labkit.prompting.classifier import CATEGORIES, ClassifierReport, normalise_label


def classifier_report(gold, replies):
    # Plausible mistake: replies that name no category are skipped instead of counted as misses,
    # so a prompt that makes the model ramble looks *more* accurate.
    rows = tuple(("", label, normalise_label(reply, CATEGORIES)) for label, reply in zip(gold, replies))
    parsed = tuple(row for row in rows if row[2] is not None)
    report = ClassifierReport("lab", parsed)
    return {
        "accuracy": round(report.accuracy, 3),
        "per_category": report.per_category(),
        "unparsed": len(rows) - len(parsed),
        "confusions": [list(c) for c in report.confusions()],
    }
