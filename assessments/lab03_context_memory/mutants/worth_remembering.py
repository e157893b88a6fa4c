from labkit.context.episodic import importance


def worth_remembering(messages, threshold):
    # Plausible mistake: an off-by-one gate (> instead of >=): episodes scored exactly at the threshold are lost.
    kept = []
    for turn, text in enumerate(messages):
        score, reasons = importance(text)
        if score > threshold:
            kept.append({"turn": turn, "importance": score, "reasons": reasons})
    return sorted(kept, key=lambda e: -e["importance"])
