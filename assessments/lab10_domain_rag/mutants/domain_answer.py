from labkit.domains import DomainAssistant, has_disclaimer

ASSISTANTS = {}


def domain_answer(domain, question, filters):
    if domain not in ASSISTANTS:
        ASSISTANTS[domain] = DomainAssistant(domain, documents=list(CORPORA[domain].documents))
    # Plausible mistake: retrieve first, filter later -- the question is asked without its filters, and the
    # sources are pruned afterwards, so fewer than k (or none) admissible sources remain.
    answer = ASSISTANTS[domain].ask(question)
    where = get_profile(domain).filter_for(**filters)
    sources = [h.document.id for h in answer.hits if where is None or where(h.document.metadata)]
    return {"sources": sources, "answered": answer.answered and bool(sources), "citations_ok": answer.check.ok,
            "disclaimer": has_disclaimer(answer.text, get_profile(domain).disclaimer)}
