"""Domain RAG: legal, technical and medical assistants that filter, cite, verify and warn.

* :mod:`~labkit.domains.corpus` loads small domain corpora with the metadata filters need.
* :mod:`~labkit.domains.filters` admits only what applies: jurisdiction, version, evidence level, year.
* :mod:`~labkit.domains.retrieval` ranks admissible documents: ``labkit.rag``'s retriever with a filter and a floor.
* :mod:`~labkit.domains.citations` extracts and validates citations against the sources.
* :mod:`~labkit.domains.disclaimers` enforces the domain's disclaimer in code.
* :mod:`~labkit.domains.profiles` bundles a domain's prompt, filters, settings and thresholds.
* :mod:`~labkit.domains.assistant` runs the pipeline; :mod:`~labkit.domains.readiness` measures it.

Attributes load on first use, so ``import labkit.domains`` stays cheap.
"""

from __future__ import annotations

from labkit.lazy import lazy_face

__all__, __getattr__ = lazy_face(__name__, {
    "corpus": ("DomainDocument", "EvalQuestion", "Corpus", "load_corpus"),
    "filters": ("JurisdictionFilter", "VersionFilter", "EvidenceFilter", "YearFilter"),
    "retrieval": ("DomainRetriever", "EmbeddingRetriever", "Hit", "RagRetriever"),
    "citations": ("Citation", "extract_citations", "validate_citations"),
    "disclaimers": ("enforce_disclaimer", "has_disclaimer"),
    "profiles": ("DomainProfile", "PROFILES", "get_profile", "register_profile", "available_domains"),
    "assistant": ("DomainAssistant", "DomainAnswer"),
    "readiness": ("readiness_report", "ReadinessReport"),
})
