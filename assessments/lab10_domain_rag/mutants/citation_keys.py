from labkit.domains import extract_citations


def citation_keys(text, kinds):
    # Plausible mistake: "normalising" by lower-casing the text as written, so v2.0 and v2, or "§ 1983" and "§1983",
    # stay different citations.
    return sorted({f"{c.kind}:{c.text.lower()}" for c in extract_citations(text, kinds)})
