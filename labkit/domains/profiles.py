"""Domain profiles: everything that makes a RAG assistant legal, technical or medical, in one frozen record.

The one idea: the pipeline (retrieve, prompt, generate, check citations, enforce the disclaimer) is the same in every
domain; what changes is configuration. A profile holds the system prompt, the disclaimer, the citation kinds to
validate, the filters a question may carry (jurisdiction, version, evidence level), retrieval settings (top-k, a
score floor, recency weighting), the answer-coverage gate and the readiness thresholds the domain must meet.
Profiles live in a registry, so a new domain is one :func:`register_profile` call.

Left out: per-domain chunking and terminology boosting (the corpora here are one chunk per document).

>>> get_profile("legal").filter_for(jurisdiction="US-CA").describe()
'jurisdiction binds in US-CA (US-CA, US-9CIR, US)'
>>> {"legal", "medical", "technical"} <= set(available_domains())
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from labkit.domains.citations import KINDS
from labkit.domains.filters import AllOf, EvidenceFilter, Filter, JurisdictionFilter, VersionFilter, YearFilter
from labkit.errors import InvalidInputError, UnknownDomainError
from labkit.registry import Registry


@dataclass(frozen=True)
class DomainProfile:
    """Configuration of one domain; see the module docstring."""

    name: str
    system_prompt: str
    disclaimer: str
    citation_kinds: tuple[str, ...]
    filters: Mapping[str, Callable[[Any], Filter]]
    required_metadata: tuple[str, ...]
    top_k: int = 3
    min_score: float = 0.2
    recency_weight: float = 0.0
    min_question_coverage: float = 0.0
    """Decline when the answer holds less than this share of the question's distinctive terms (0 = never)."""
    thresholds: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.name or not self.system_prompt.strip() or not self.disclaimer.strip():
            raise InvalidInputError("A DomainProfile needs a name, a system prompt and a disclaimer.")
        unknown = set(self.citation_kinds) - set(KINDS)
        if unknown:
            raise InvalidInputError(f"Profile {self.name!r}: unknown citation kinds {sorted(unknown)}.")
        if not isinstance(self.top_k, int) or self.top_k < 1:
            raise InvalidInputError(f"Profile {self.name!r}: top_k must be a positive integer.")
        if not isinstance(self.min_question_coverage, (int, float)) or not 0 <= self.min_question_coverage <= 1:
            raise InvalidInputError(f"Profile {self.name!r}: min_question_coverage must be between 0 and 1.")
        object.__setattr__(self, "filters", MappingProxyType(dict(self.filters)))
        object.__setattr__(self, "thresholds", MappingProxyType(dict(self.thresholds)))

    def filter_for(self, **options: Any) -> Filter | None:
        """The filter for a question's options (``jurisdiction="US-CA"``...); ``None`` when no option is set."""
        unknown = set(options) - set(self.filters)
        if unknown:
            raise InvalidInputError(
                f"The {self.name} profile has no filter {sorted(unknown)}; it accepts: {', '.join(self.filters)}.")
        built = [self.filters[name](value) for name, value in options.items() if value is not None]
        if not built:
            return None
        return built[0] if len(built) == 1 else AllOf(tuple(built))


PROFILES: Registry[DomainProfile] = Registry("domain", error=lambda name, known: UnknownDomainError(name, sorted(known)))
get_profile = PROFILES.get
"""The registered profile called ``name``; an unknown one raises :class:`~labkit.errors.UnknownDomainError`."""
available_domains = PROFILES.names


def register_profile(profile: DomainProfile, replace: bool = False) -> DomainProfile:
    """Add ``profile`` to the registry (``replace=True`` to overwrite one of the same name)."""
    if not isinstance(profile, DomainProfile):
        raise InvalidInputError("register_profile takes a DomainProfile.")
    return PROFILES.register(profile.name, profile, replace=replace)


LEGAL = register_profile(DomainProfile(
    name="legal",
    system_prompt=(
        "You are a legal research assistant. Use only the documents in the context and tag every statement with "
        "the [id] of its source. State the jurisdiction of each source and whether it binds or merely persuades. "
        "Give legal information, never legal advice, and say plainly when the sources do not settle the question."
    ),
    disclaimer=("This is general legal information drawn from the listed sources, not legal advice. "
                "Consult a lawyer licensed in your jurisdiction before acting on it."),
    citation_kinds=("doc", "case", "statute", "regulation"),
    filters={"jurisdiction": JurisdictionFilter, "min_year": YearFilter},
    required_metadata=("jurisdiction", "year", "kind"),
    top_k=3,
    min_score=0.25,
    recency_weight=0.05,
    min_question_coverage=0.5,
    thresholds={"corpus_coverage": 0.85, "answer_support": 0.75, "refusal": 1.0, "citation_validity": 0.9,
                "disclaimer_presence": 1.0, "filter_correctness": 1.0, "metadata_completeness": 1.0,
                "load_consistency": 1.0},
))

TECHNICAL = register_profile(DomainProfile(
    name="technical",
    system_prompt=(
        "You are a technical documentation assistant. Use only the documentation in the context, tag every "
        "statement with the [id] of its source, name the versions it applies to, and warn when a feature is "
        "deprecated or removed."
    ),
    disclaimer="Check the documentation for the exact version you run before relying on this answer.",
    citation_kinds=("doc", "version", "rfc", "cve"),
    filters={"version": VersionFilter},
    required_metadata=("min_version",),
    top_k=3,
    min_score=0.2,
    min_question_coverage=0.5,
    thresholds={"corpus_coverage": 0.85, "answer_support": 0.75, "refusal": 1.0, "citation_validity": 0.9,
                "disclaimer_presence": 1.0, "filter_correctness": 1.0, "metadata_completeness": 1.0,
                "load_consistency": 1.0},
))

MEDICAL = register_profile(DomainProfile(
    name="medical",
    system_prompt=(
        "You are a medical literature assistant for research purposes. Use only the studies in the context, tag "
        "every statement with the [id] of its source, state its evidence level and study type, and point out "
        "weak or conflicting evidence. Recommend consulting a clinician for any decision about care."
    ),
    disclaimer=("This summarises research for information only and is not medical advice. "
                "Talk to a qualified clinician about diagnosis or treatment."),
    citation_kinds=("doc", "pmid", "doi", "evidence"),
    filters={"max_evidence_level": EvidenceFilter, "min_year": YearFilter},
    required_metadata=("evidence_level", "study_type", "year"),
    top_k=3,
    min_score=0.3,
    recency_weight=0.05,
    min_question_coverage=0.5,
    thresholds={"corpus_coverage": 0.85, "answer_support": 0.75, "refusal": 1.0, "citation_validity": 0.95,
                "disclaimer_presence": 1.0, "filter_correctness": 1.0, "metadata_completeness": 1.0,
                "load_consistency": 1.0},
))
