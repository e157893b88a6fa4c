"""Domain RAG: legal, technical and medical assistants that filter, cite, verify and warn.

* :mod:`~labkit.domains.corpus` loads small domain corpora with the metadata filters need.
* :mod:`~labkit.domains.filters` admits only what applies: jurisdiction, version, evidence level, year.
* :mod:`~labkit.domains.retrieval` ranks admissible documents behind a one-method ``retrieve`` interface.
* :mod:`~labkit.domains.citations` extracts and validates citations against the sources.
* :mod:`~labkit.domains.disclaimers` enforces the domain's disclaimer in code.
* :mod:`~labkit.domains.profiles` bundles a domain's prompt, filters, settings and thresholds.
* :mod:`~labkit.domains.assistant` runs the pipeline; :mod:`~labkit.domains.readiness` measures it.

Attributes load on first use, so ``import labkit.domains`` stays cheap.
"""

from __future__ import annotations

from labkit.lazy import lazy_exports

_EXPORTS = {
    "DomainDocument": "labkit.domains.corpus",
    "EvalQuestion": "labkit.domains.corpus",
    "Corpus": "labkit.domains.corpus",
    "load_corpus": "labkit.domains.corpus",
    "JurisdictionFilter": "labkit.domains.filters",
    "VersionFilter": "labkit.domains.filters",
    "EvidenceFilter": "labkit.domains.filters",
    "YearFilter": "labkit.domains.filters",
    "EmbeddingRetriever": "labkit.domains.retrieval",
    "Hit": "labkit.domains.retrieval",
    "RagRetriever": "labkit.domains.retrieval",
    "Citation": "labkit.domains.citations",
    "extract_citations": "labkit.domains.citations",
    "validate_citations": "labkit.domains.citations",
    "enforce_disclaimer": "labkit.domains.disclaimers",
    "has_disclaimer": "labkit.domains.disclaimers",
    "DomainProfile": "labkit.domains.profiles",
    "get_profile": "labkit.domains.profiles",
    "register_profile": "labkit.domains.profiles",
    "available_domains": "labkit.domains.profiles",
    "DomainAssistant": "labkit.domains.assistant",
    "DomainAnswer": "labkit.domains.assistant",
    "readiness_report": "labkit.domains.readiness",
    "ReadinessReport": "labkit.domains.readiness",
}
__all__ = sorted(_EXPORTS)


__getattr__ = lazy_exports(__name__, _EXPORTS)
