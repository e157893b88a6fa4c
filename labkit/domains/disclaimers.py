"""Enforced disclaimers: the warning a domain answer must carry is added by code, never left to the model.

A model told "always add the disclaimer" will sometimes drop it, shorten it, or write its own ("Disclaimer: this is
reliable legal advice"). The one idea: treat the disclaimer as part of the output *format*, enforced after
generation. Any copy or imitation the model wrote is removed (exact copies in any case or spacing, and lines that
label themselves a disclaimer, like "Disclaimer: ..."), then the profile's text is appended once, verbatim, at the end. The check
:func:`has_disclaimer` is what readiness reports count.

Left out: detecting advice phrased to contradict the disclaimer ("you should sue"); that is a guardrail's job
(``labkit.production``), not formatting.

>>> enforce_disclaimer("Answer. Disclaimer: trust me.", "Not advice.")
'Answer.\\n\\nNot advice.'
>>> has_disclaimer(enforce_disclaimer("Answer.", "Not advice."), "Not advice.")
True
"""

from __future__ import annotations

import re

from labkit.errors import InvalidInputError

_SELF_STYLED = re.compile(  # a line that labels itself a disclaimer ("Disclaimer: ...", "**DISCLAIMER** - ...")
    r"(?im)^[ \t>*_#-]*(?:\*\*)?(?:legal |medical |technical )?disclaimer(?:\*\*)?\s*(?:[:\-\u2013].*)?$")
_INLINE_SELF_STYLED = re.compile(
    r"(?i)(?<=[.!?])[ \t]+(?:\*\*)?(?:legal |medical |technical )?disclaimer(?:\*\*)?\s*[:\-\u2013].*$", re.M)


def _pattern(disclaimer: str) -> re.Pattern[str]:
    return re.compile(r"\s+".join(re.escape(w) for w in disclaimer.split()), re.IGNORECASE)


def _check(text: object, disclaimer: object) -> tuple[str, str]:
    if not isinstance(text, str):
        raise InvalidInputError(f"text must be a string, got {type(text).__name__}.")
    if not isinstance(disclaimer, str) or not disclaimer.strip():
        raise InvalidInputError("disclaimer must be a non-empty string.")
    return text, disclaimer.strip()


def enforce_disclaimer(text: str, disclaimer: str) -> str:
    """``text`` without any disclaimer the model wrote, ending with exactly one verbatim ``disclaimer``.

    Idempotent: enforcing twice gives the same text.
    """
    text, disclaimer = _check(text, disclaimer)
    body = _pattern(disclaimer).sub(" ", text)
    body = _INLINE_SELF_STYLED.sub("", body)
    body = _SELF_STYLED.sub("", body)
    body = re.sub(r"[ \t]+\n", "\n", body)
    body = re.sub(r"\n{3,}", "\n\n", body).strip()
    return f"{body}\n\n{disclaimer}" if body else disclaimer


def has_disclaimer(text: str, disclaimer: str) -> bool:
    """Whether ``text`` ends with ``disclaimer`` verbatim and contains it only once."""
    text, disclaimer = _check(text, disclaimer)
    return text.rstrip().endswith(disclaimer) and text.count(disclaimer) == 1
