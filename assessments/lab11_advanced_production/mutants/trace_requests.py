from labkit.production.telemetry import Telemetry


def trace_requests(questions, docs):
    # Plausible mistake: the error is caught inside the generate span, so the trace says every request went well.
    tel = Telemetry(service="rag-api")
    errors = 0
    for question in questions:
        with tel.span("rag.request", question_chars=len(question)):
            with tel.span("rag.retrieve", k=2) as span:
                words = set(question.lower().split())
                hits = [doc_id for doc_id, text in docs.items() if words & set(text.lower().split())]
                span.set_attribute("hits", len(hits))
            with tel.span("rag.generate", sources=len(hits)):
                try:
                    if not hits:
                        raise LookupError("no document shares a word with the question")
                except LookupError:
                    errors += 1
    return {"tree": tel.span_tree(), "errors": errors}
