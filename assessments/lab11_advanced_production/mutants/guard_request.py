from labkit.production.injection import detect_injection, spotlight


def guard_request(user_text, document, threshold):
    # Plausible mistake: screen the user's text and the retrieved document as one input, so a poisoned page
    # blocks an honest user (and the user's score carries the document's signals).
    verdict = detect_injection(user_text + "\n" + document, threshold)
    found = detect_injection(document, threshold)
    return {"action": "block" if verdict.flagged else "answer",
            "score": verdict.score,
            "signals": list(verdict.signals),
            "document_signals": list(found.signals),
            "prompt": None if verdict.flagged else spotlight(document, source="document")}
