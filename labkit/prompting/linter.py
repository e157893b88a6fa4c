"""A prompt linter: the classic beginner mistakes, found by rules, each with a reason and a suggested fix.

The one idea: most bad prompts fail in the same five ways, and all five are visible in the text before any model
sees it. A vague instruction ("make this better"), no output format, no example where the format is non-trivial,
context the model is assumed to share ("what should *we* do next?") and no bound on length. Like a code linter,
each rule is small, explainable and can be wrong; the findings are advice for a person, not a verdict.

Left out: model-graded prompt review (an LLM critiquing the prompt) and spelling/grammar checks. Rules are English.

>>> [f.rule for f in lint("Write about dogs")]
['vague-instruction', 'no-format', 'unbounded-length']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from labkit.errors import InvalidInputError
from labkit.prompting.anatomy import Prompt

_VAGUE_VERBS = re.compile(
    r"^\s*(?:please\s+)?(?:make (?:this|it) (?:better|good|nicer|pop)|improve (?:this|it)|fix (?:this|it)|"
    r"help(?: me)?(?: with)?|write about|tell me about|do something|thoughts on|look at|deal with|handle)\b",
    re.IGNORECASE,
)
_CRITERIA = re.compile(r"\bby\b|:|\bso that\b|\bfocus(?:ing)? on\b|\bin terms of\b|\bcriteria\b", re.IGNORECASE)
_FORMAT = re.compile(
    r"\bjson\b|\byaml\b|\bcsv\b|\btable\b|\bbullet|\bnumbered\b|\blist\b|\bformat\b|\bsections?\b|\boutline\b|"
    r"\bheadings?\b|\brespond with\b|\banswer with\b|\breply with\b|\bonly the\b|\bone word\b|\bin \w+ sentences?\b|"
    r"\bkeys?\b|\bfields?\b|\bmarkdown\b|\bcategor(?:y|ies)\b|\blabel\b|\byes or no\b",
    re.IGNORECASE,
)
_STRUCTURED = re.compile(r"\bjson\b|\byaml\b|\bcsv\b|\btable\b|\bschema\b|\bregex\b|\bxml\b", re.IGNORECASE)
_EXAMPLE = re.compile(r"\bexamples?\b|\be\.g\.|\bfor instance\b|\blike this\b|\bsuch as\b|\{[^{}]*:[^{}]*\}|\bkeys?\b",
                      re.IGNORECASE)
_DEICTIC = re.compile(r"\b(?:this|that|these|those|it|the above|our|we|us|next|the (?:issue|problem|plan|strategy|"
                      r"document|file|code|data|email|text))\b", re.IGNORECASE)
_SITUATION = re.compile(r"\b(?:given|since|because|context|background|we(?:'re| are| have)|i(?:'m| am| have))\b",
                        re.IGNORECASE)
_MATERIAL = re.compile(r"(?:^\s*|[.!?]\s+)[A-Za-z][\w ]{0,30}:\s*\S", re.MULTILINE)
_GENERATIVE = re.compile(r"\b(?:write|compose|draft|describe|explain|summari[sz]e|generate|create|list|outline|"
                         r"article|essay|story|blog|report|presentation|discuss|elaborate)\b", re.IGNORECASE)
_LENGTH = re.compile(r"\b\d+(?:\s*-\s*\d+)?[\s-]*(?:words?|sentences?|paragraphs?|bullets?|points?|items?|lines?|"
                     r"characters?|tokens?|pages?|steps?|tips?|sections?)\b|\b(?:one|two|three|four|five|single)\s+"
                     r"(?:words?|sentences?|paragraphs?|bullets?|points?|lines?)\b|\b(?:brief|briefly|short|concise|"
                     r"one-line|one word|only the|at most|no more than|under \d+|maximum|max)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One problem the linter found: which rule, why it matters here, and what to write instead."""

    rule: str
    reason: str
    fix: str


def _has_material(text: str) -> bool:
    """A labelled section (``Context: ...``), a stated situation ("Given ..."), a fenced block, or a long prompt."""
    return bool(_MATERIAL.search(text) or _SITUATION.search(text) or "```" in text or '"""' in text or len(text.split()) > 60)


def lint(prompt: str | Prompt) -> list[Finding]:
    """Check a prompt (text or :class:`Prompt`) against the five rules; an empty list means nothing to flag."""
    if isinstance(prompt, Prompt):
        prompt = prompt.render()
    if not isinstance(prompt, str):
        raise InvalidInputError(f"lint() takes a prompt as text or a Prompt, got {type(prompt).__name__}.")
    text = prompt.strip()
    if not text:
        raise InvalidInputError("The prompt is empty: there is nothing to lint.")
    findings: list[Finding] = []
    words = text.split()
    has_material = _has_material(text)

    if (_VAGUE_VERBS.search(text) and not _has_criteria(text)) or (len(words) <= 4 and not has_material and not _FORMAT.search(text)):
        findings.append(Finding(
            "vague-instruction",
            "The instruction does not say what a good result looks like, so the model has to guess.",
            "Name the concrete change or deliverable and the criteria, e.g. 'Improve readability by shortening "
            "sentences, adding bullet points and removing jargon'.",
        ))
    if not _FORMAT.search(text):
        findings.append(Finding(
            "no-format",
            "No output format is requested, so the answer's shape will vary from call to call.",
            "Add a 'Format:' line: JSON with named keys, a bulleted list, N sentences, or 'only the category name'.",
        ))
    if _STRUCTURED.search(text) and not _EXAMPLE.search(text):
        findings.append(Finding(
            "no-examples",
            "A structured format is asked for without an example or named fields, so keys and types are guesses.",
            "Show the shape: 'Format as JSON like this: {\"name\": \"John\", \"age\": 30, \"city\": \"NYC\"}'.",
        ))
    if _DEICTIC.search(text) and not has_material:
        findings.append(Finding(
            "assumed-context",
            "The prompt refers to things the model has not been given ('this', 'our', 'we', 'next').",
            "Paste the material under a label ('Context: ...') and state the situation: who you are, what happened, "
            "what options you are weighing.",
        ))
    if _GENERATIVE.search(text) and not _LENGTH.search(text):
        findings.append(Finding(
            "unbounded-length",
            "The task produces free text but sets no length, so answers may ramble or stop short.",
            "Bound it: '300 words', '3 bullet points', 'in 2 sentences', 'one word'.",
        ))
    return findings


def _has_criteria(text: str) -> bool:
    """A vague verb is fine when criteria follow it ("improve readability by ...")."""
    return bool(_CRITERIA.search(text)) and len(text.split()) > 6
