"""Level 1, prompt engineering: prompt anatomy, a prompt linter, output-format control and a worked classifier.

Modules, in teaching order: :mod:`.anatomy` (a prompt as role/task/context/format/constraints, and measuring the
poor -> better -> good evolution), :mod:`.linter` (the five beginner mistakes), :mod:`.structured` (JSON with
schema validation and a bounded repair loop), :mod:`.classifier` (the email classifier with an accuracy figure).
"""

from __future__ import annotations

from labkit.lazy import lazy_face

__all__, __getattr__ = lazy_face(__name__, {
    "anatomy": ("EVOLUTION", "Prompt", "complies", "format_compliance", "parse_json_object", "good_prompt",
                "CONTACT_KEYS", "load_contacts"),
    "classifier": ("CATEGORIES", "classify_email", "evaluate", "load_emails", "described_prompt"),
    "linter": ("Finding", "lint"),
    "structured": ("StructuredResult", "extract_structured", "format_instructions", "validate", "attempts_table"),
})
