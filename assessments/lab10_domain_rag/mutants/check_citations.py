from labkit.domains import validate_citations


def check_citations(answer, domain, retrieved_ids):
    # Plausible mistake: checking against the whole corpus instead of what was retrieved for this answer, so a real
    # citation the model remembered (but was never shown) passes as grounded.
    corpus = CORPORA[domain]
    result = validate_citations(answer, list(corpus.documents), get_profile(domain).citation_kinds)
    return {"valid": [c.text for c in result.valid], "invalid": [c.text for c, _ in result.invalid],
            "cited_sources": [d for d in result.cited_sources if d in retrieved_ids]}
