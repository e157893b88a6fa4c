from labkit.domains import has_disclaimer


def with_disclaimer(raw_answer, domain):
    # Plausible mistake: append the disclaimer unless it is already there -- whatever "disclaimer" the model wrote
    # itself stays in the answer.
    disclaimer = get_profile(domain).disclaimer
    text = raw_answer if disclaimer in raw_answer else f"{raw_answer.strip()}\n\n{disclaimer}"
    return {"text": text, "ok": has_disclaimer(text, disclaimer)}
