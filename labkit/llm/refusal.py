"""Refusals: telling a reply that declines ("I don't know", "the context does not say") from one that answers.

The one idea: a model that may say "I cannot tell" is only useful if the code around it counts that reply as a
refusal and not as an answer: an agent's ``nonempty`` check must not pass it (:mod:`labkit.agents.criteria`), and a
faithfulness score must not split it into claims (:mod:`labkit.evaluation.claims`). One list of cue phrases, kept
here where every level can read it, serves both; a reply is read either anywhere or only at its opening.

Left out: refusals for safety reasons ("I can't help with that"), paraphrases beyond the listed cues, and languages
other than English. The offline model's benchmark keeps its own, independent list
(:data:`labkit.llm.offline_probes.REFUSAL_CUES`): a checker must not share the blind spots of what it checks.
"""

from __future__ import annotations

import re

REFUSAL_CUES = (
    r"does not (?:say|mention|state|give)",
    r"doesn't (?:say|mention)",
    r"gives no",
    r"no (?:information|mention)",
    r"not (?:in|given in|stated in) the (?:provided )?(?:context|text)",
    r"(?:i )?cannot (?:find|answer|tell)",
    r"(?:i )?can't find",
    r"i (?:don't|do not) know",
    r"noted\. how can i help",  # the reply to a message that asks nothing: no answer either
)
"""Phrases (regular expressions, matched case-insensitively as whole words) that mark a reply as a refusal."""

_CUES = "|".join(REFUSAL_CUES)
_ANYWHERE = re.compile(rf"(?i)\b(?:{_CUES})\b")
_OPENING = re.compile(rf"(?i)^\s*(?:{_CUES})\b")


def is_refusal(text: str, opening: bool = False) -> bool:
    """Whether ``text`` declines to answer: a cue of :data:`REFUSAL_CUES` anywhere in it, or, with ``opening``,
    at its start (a reply that *is* a refusal, not an answer that mentions one).

    >>> is_refusal("The context does not say when the trail was opened."), is_refusal("It opened in 1994.")
    (True, False)
    >>> is_refusal("I don't know.", opening=True), is_refusal("It rained; the notes do not say why.", opening=True)
    (True, False)
    """
    return bool((_OPENING.match if opening else _ANYWHERE.search)(text))
