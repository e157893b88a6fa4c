"""PII detection and redaction: find personal data with patterns *and* validation, then replace it before it leaks.

The one idea: a pattern finds *candidates*; a validator decides. Sixteen digits are not a card number unless the
Luhn checksum holds and the prefix belongs to a card network; ``000-12-3456`` is shaped like a US Social Security
number but the SSA never issues area 000, 666 or 900-999. Validation is what keeps order numbers, dates and
version strings from being redacted, which matters because over-redaction destroys the text a model needs.

>>> luhn_valid("4111 1111 1111 1111"), luhn_valid("4111 1111 1111 1112")
(True, False)
>>> redact("Mail jo.doe+news@example.co.uk or call +44 20 7946 0958.").text
'Mail [EMAIL] or call [PHONE].'

Kinds: ``email``, ``phone`` (7-15 digits, E.164's limit, with separators; dates and dotted versions excluded),
``card`` (13-19 digits, Luhn, known network prefix), ``ssn`` (US, validated area/group/serial), ``uk_ni`` (UK
National Insurance number with HMRC's prefix rules). Left out: names and addresses (they need a trained NER model,
e.g. Microsoft Presidio with spaCy; patterns cannot do them honestly), IBANs, passport numbers.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from labkit.errors import InvalidInputError

KINDS = ("card", "ssn", "uk_ni", "email", "phone")  # also the precedence when two findings overlap

_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")
_CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")
_SSN = re.compile(r"(?<![\d-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\d-])")
_UK_NI = re.compile(r"\b([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])\b")
_PHONE = re.compile(r"(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]?\d{2,4}){1,4}(?![\w])")
_DATE = re.compile(r"^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$")
_NI_BAD_PREFIX = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}


def luhn_valid(number: str) -> bool:
    """The Luhn mod-10 checksum used by every payment card (separators ignored).

    >>> luhn_valid("79927398713")
    True
    """
    digits = [int(c) for c in number if c.isdigit()]
    if len(digits) < 2:
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return total % 10 == 0


def card_network(digits: str) -> str | None:
    """The card network a number's prefix and length belong to, or None.

    >>> card_network("4111111111111111"), card_network("371449635398431"), card_network("1234567812345670")
    ('visa', 'amex', None)
    """
    n, p2, p4 = len(digits), int(digits[:2]), int(digits[:4])
    if digits[0] == "4" and n in (13, 16, 19):
        return "visa"
    if (51 <= p2 <= 55 or 2221 <= p4 <= 2720) and n == 16:
        return "mastercard"
    if p2 in (34, 37) and n == 15:
        return "amex"
    if (digits.startswith("6011") or p2 == 65 or 644 <= int(digits[:3]) <= 649) and n in (16, 19):
        return "discover"
    if 3528 <= p4 <= 3589 and n in (16, 19):
        return "jcb"
    return None


def ssn_valid(area: str, group: str, serial: str) -> bool:
    """SSA rules: area not 000, 666 or 9xx; group not 00; serial not 0000.

    >>> ssn_valid("123", "45", "6789"), ssn_valid("666", "12", "3456")
    (True, False)
    """
    return area not in ("000", "666") and not area.startswith("9") and group != "00" and serial != "0000"


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Redaction:
    text: str
    findings: list[Finding]

    @property
    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.findings:
            out[f.kind] = out.get(f.kind, 0) + 1
        return out


def _candidates(text: str, kind: str) -> Iterable[Finding]:
    if kind == "email":
        for m in _EMAIL.finditer(text):
            yield Finding("email", m.start(), m.end(), m.group())
    elif kind == "card":
        for m in _CARD.finditer(text):
            digits = re.sub(r"\D", "", m.group())
            if 13 <= len(digits) <= 19 and luhn_valid(digits) and card_network(digits):
                yield Finding("card", m.start(), m.end(), m.group())
    elif kind == "ssn":
        for m in _SSN.finditer(text):
            if ssn_valid(m.group(1), m.group(3), m.group(4)):
                yield Finding("ssn", m.start(), m.end(), m.group())
    elif kind == "uk_ni":
        for m in _UK_NI.finditer(text):
            if m.group(1) not in _NI_BAD_PREFIX:
                yield Finding("uk_ni", m.start(), m.end(), m.group())
    elif kind == "phone":
        for m in _PHONE.finditer(text):
            raw = m.group()
            digits = re.sub(r"\D", "", raw)
            plain_number = raw.isdigit() and not raw.startswith("+")
            if not 7 <= len(digits) <= 15 or _DATE.match(raw) or plain_number and len(digits) < 10:
                continue
            if re.fullmatch(r"\d+(\.\d+)+", raw) and not raw.startswith("+"):
                continue  # dotted numbers are versions or IP addresses, not phones
            if re.fullmatch(r"\d{3}([- ])\d{2}\1\d{4}", raw):
                continue  # SSN-shaped (valid ones were taken earlier); no phone plan is written 3-2-4
            yield Finding("phone", m.start(), m.end(), raw)


def detect_pii(text: str, kinds: Iterable[str] = KINDS) -> list[Finding]:
    """Validated findings in text order; where two overlap, the kind earlier in :data:`KINDS` wins."""
    if not isinstance(text, str):
        raise InvalidInputError(f"detect_pii takes text, got {type(text).__name__}.")
    kinds = list(kinds)
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise InvalidInputError(f"Unknown PII kinds {unknown}; choose from {KINDS}.")
    taken: list[Finding] = []
    for kind in sorted(kinds, key=KINDS.index):
        for f in _candidates(text, kind):
            if all(f.end <= t.start or f.start >= t.end for t in taken):
                taken.append(f)
    return sorted(taken, key=lambda f: f.start)


def _replacement(f: Finding, style: str) -> str:
    if style == "label":
        return f"[{f.kind.upper()}]"
    if style == "mask":  # keep the last four digits, a common support-desk convention
        digits = re.sub(r"\D", "", f.text)
        return f"[{f.kind.upper()} ...{digits[-4:]}]" if f.kind in ("card", "phone") else f"[{f.kind.upper()}]"
    return f"[{f.kind.upper()}:{hashlib.sha256(f.text.encode()).hexdigest()[:8]}]"


def redact(text: str, kinds: Iterable[str] = KINDS, style: str = "label") -> Redaction:
    """Replace each finding with ``[KIND]`` (``label``), ``[CARD ...1111]`` (``mask``) or ``[EMAIL:1a2b3c4d]``
    (``hash``: the same value always gets the same tag, so a model can still tell two people apart)."""
    if style not in ("label", "mask", "hash"):
        raise InvalidInputError(f"style must be 'label', 'mask' or 'hash', got {style!r}.")
    findings = detect_pii(text, kinds)
    out, last = [], 0
    for f in findings:
        out.append(text[last:f.start])
        out.append(_replacement(f, style))
        last = f.end
    out.append(text[last:])
    return Redaction("".join(out), findings)
