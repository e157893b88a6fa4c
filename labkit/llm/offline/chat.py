"""Skill: small talk. A greeting or a statement (not a question) is acknowledged, and what the user said about
themselves is repeated back so they can see it was heard.

What it cannot do: hold a conversation about anything. It acknowledges; questions go to the answering skill.
"""

from __future__ import annotations

import re

from labkit.llm.offline import cues
from labkit.llm.offline.skill import Result, Turn
from labkit.llm.offline.text import split_sentences, swap_person


class Acknowledge:
    """Skill: acknowledge a greeting or a statement."""

    name = "acknowledge"

    def applies(self, turn: Turn) -> float:
        v = turn.view
        asks = "?" in v.user or bool(cues.QUESTION_WORD.search(v.user))
        if cues.GREETING.match(v.user) or (not v.context and not asks):
            return 0.45
        return 0.3 if v.history and "?" not in v.user else 0.0

    def run(self, turn: Turn) -> Result:
        user = turn.view.user
        statements = [s for s in split_sentences(user) if not s.endswith("?")]
        facts = [swap_person(s) for s in statements if cues.FIRST_PERSON.search(s)]
        name = cues.SELF_INTRODUCTION.search(user)
        thanked = re.match(r"\s*(?:thanks|thank you)\b", user, re.I)
        greeting = (f"Nice to meet you, {name.group(1)}." if name else "You're welcome." if thanked else
                    "Hello." if cues.GREETING.match(user) and not facts else "Noted.")
        if facts:
            return Result(text=f"{greeting} I'll remember that: " + " ".join(facts))
        return Result(text=greeting if name or thanked else greeting + " How can I help?")
