"""Level 1, prompt engineering: prompt anatomy, a prompt linter, output-format control and a worked classifier.

Modules, in teaching order: :mod:`.anatomy` (a prompt as role/task/context/format/constraints, and measuring the
poor -> better -> good evolution), :mod:`.linter` (the five beginner mistakes), :mod:`.structured` (JSON with
schema validation and a bounded repair loop), :mod:`.classifier` (the email classifier with an accuracy figure).
"""

from labkit.prompting.anatomy import EVOLUTION, Prompt, complies, format_compliance, parse_json_object
from labkit.prompting.classifier import CATEGORIES, classify_email, evaluate, load_emails
from labkit.prompting.linter import Finding, lint
from labkit.prompting.structured import StructuredResult, extract_structured, format_instructions, validate

__all__ = [
    "CATEGORIES", "EVOLUTION", "Finding", "Prompt", "StructuredResult", "classify_email", "complies",
    "evaluate", "extract_structured", "format_compliance", "format_instructions", "lint", "load_emails",
    "parse_json_object", "validate",
]
