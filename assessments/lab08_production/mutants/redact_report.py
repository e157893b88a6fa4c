import re


def redact_report(text, style):
    # Plausible mistake: home-made patterns without validation. Every long digit run looks like a card and every
    # group of digits with separators like a phone, so order numbers, dates and versions are destroyed too.
    counts = {}

    def sub(kind, pattern, text):
        def repl(match):
            counts[kind] = counts.get(kind, 0) + 1
            return f"[{kind.upper()}]"
        return re.sub(pattern, repl, text)

    text = sub("email", r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text)
    text = sub("card", r"\b\d(?:[ -]?\d){12,18}\b", text)
    text = sub("phone", r"\+?\d[\d .()-]{6,}\d", text)
    return {"text": text, "counts": counts}
