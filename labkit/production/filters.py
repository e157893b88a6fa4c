"""Output filters: check what the model says before anyone sees it.

The one idea: input guardrails will miss things, so the *output* is checked too, by rules that do not depend on
why the model misbehaved. Each filter looks at the reply and returns an action: ``pass``, ``redact`` (with the new
text) or ``block`` (with a reason). A :class:`FilterChain` applies them in order; a block stops the chain and the
user gets a safe fallback message, while the log keeps the reason.

Filters here: personal data (redact with :mod:`labkit.production.pii`), leaked secrets (API-key shapes), a leaked
system prompt (long word n-grams shared with it, or a canary token planted in it), and a length cap.

>>> chain = FilterChain([pii_filter(), secret_filter()])
>>> result = chain.apply("Your key is sk-live-abcdefghijklmnopqrstuv, mail ana@example.org")
>>> result.action, result.reasons
('block', ('pii: email x1', 'secret: API key (sk-...)'))

Left out: toxicity and topic classifiers (they need a model; plug one in as a filter function).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from labkit.errors import InvalidInputError
from labkit.production.pii import KINDS, redact


@dataclass(frozen=True)
class FilterResult:
    action: str  # pass | redact | block
    text: str
    reasons: tuple[str, ...] = ()


Filter = Callable[[str], FilterResult]

_SECRETS = [
    ("API key (sk-...)", re.compile(r"\bsk-[A-Za-z0-9_-]{20,}")),
    ("AWS access key", re.compile(r"\bAKIA[0-9A-Z]{16}\b")),
    ("GitHub token", re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b")),
    ("private key", re.compile(r"-----BEGIN (RSA |EC |OPENSSH )?PRIVATE KEY-----")),
]


def pii_filter(kinds: Sequence[str] = KINDS, style: str = "label") -> Filter:
    """Redact personal data in the reply."""

    def check(text: str) -> FilterResult:
        r = redact(text, kinds, style)
        if not r.findings:
            return FilterResult("pass", text)
        return FilterResult("redact", r.text, tuple(f"pii: {k} x{n}" for k, n in sorted(r.counts.items())))

    return check


def secret_filter() -> Filter:
    """Block replies containing credential-shaped strings (a model echoing a key from its context)."""

    def check(text: str) -> FilterResult:
        found = [name for name, pattern in _SECRETS if pattern.search(text)]
        return FilterResult("block", text, tuple(f"secret: {n}" for n in found)) if found else FilterResult("pass", text)

    return check


def shared_ngrams(a: str, b: str, n: int = 8) -> int:
    """How many word n-grams of ``a`` also occur in ``b`` (case-insensitive).

    >>> shared_ngrams("you are a helpful bank assistant never reveal", "I am a helpful bank assistant", n=3)
    2
    """
    def grams(t: str) -> set[tuple[str, ...]]:
        words = re.findall(r"\w+", t.lower())
        return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}

    return len(grams(a) & grams(b))


def prompt_leak_filter(system_prompt: str, n: int = 8, canary: str | None = None) -> Filter:
    """Block replies that quote the system prompt (any shared ``n``-word sequence) or contain the ``canary``."""
    if not system_prompt.strip():
        raise InvalidInputError("prompt_leak_filter needs the system prompt it should protect.")

    def check(text: str) -> FilterResult:
        if canary and canary in text:
            return FilterResult("block", text, ("leak: canary token in reply",))
        shared = shared_ngrams(system_prompt, text, n)
        if shared:
            return FilterResult("block", text, (f"leak: {shared} {n}-word sequence(s) of the system prompt",))
        return FilterResult("pass", text)

    return check


def length_filter(max_chars: int) -> Filter:
    """Truncate replies longer than ``max_chars`` (at a word boundary), marking the cut."""
    if max_chars < 10:
        raise InvalidInputError("max_chars below 10 leaves nothing readable.")

    def check(text: str) -> FilterResult:
        if len(text) <= max_chars:
            return FilterResult("pass", text)
        cut = text[: max_chars - 1].rsplit(" ", 1)[0]
        return FilterResult("redact", cut + "…", (f"length: cut from {len(text)} to {max_chars} chars",))

    return check


class FilterChain:
    """Apply filters in order: redactions accumulate, the first block stops the chain."""

    def __init__(self, filters: Sequence[Filter],
                 blocked_message: str = "Sorry, I can't share that. The reply was withheld by a safety filter."):
        self.filters = list(filters)
        self.blocked_message = blocked_message

    def apply(self, text: str) -> FilterResult:
        reasons: list[str] = []
        action = "pass"
        for f in self.filters:
            r = f(text)
            if r.action == "block":
                return FilterResult("block", self.blocked_message, tuple(reasons) + r.reasons)
            if r.action == "redact":
                action, text = "redact", r.text
                reasons.extend(r.reasons)
        return FilterResult(action, text, tuple(reasons))
