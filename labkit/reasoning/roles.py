"""Role prompting: a library of expert roles, each rendered as a system message with its own review criteria.

The one idea: a role is more than "You are an expert". It is a bundle of expertise, an approach, a communication
style *and the criteria that expert judges by*. Keeping roles as data (a frozen :class:`Role` in a registry) lets
one question be put to several experts, and lets the same answer be reviewed by each expert against their own
criteria; the offline model's critique skill reads the role's ``Criteria:`` line, so the effect is measurable.

Left out: persona consistency over long conversations, and any claim that a role adds knowledge: it changes
emphasis and format, not what the model knows.

>>> print(get_role("technical_architect").system_prompt().splitlines()[0])
You are a senior technical architect.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from labkit.errors import InvalidInputError
from labkit.registry import Registry


@dataclass(frozen=True)
class Role:
    """An expert persona: who, what they know, how they work and talk, and what they check an answer for."""

    name: str
    title: str
    expertise: tuple[str, ...]
    approach: str
    style: str
    criteria: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise InvalidInputError(f"Role names are identifiers like 'financial_advisor', got {self.name!r}.")
        if not self.title.strip() or not self.expertise:
            raise InvalidInputError("A role needs a title and at least one area of expertise.")

    def system_prompt(self) -> str:
        """The role as a system message."""
        lines = [f"You are {self.title}.", f"Expertise: {', '.join(self.expertise)}.",
                 f"Approach: {self.approach}", f"Communication style: {self.style}"]
        if self.criteria:
            lines.append(f"Criteria: {', '.join(self.criteria)}")
        return "\n".join(lines)

    def messages(self, question: str, context: str = "") -> list[tuple[str, str]]:
        """``[("system", role), ("human", question)]``, with optional labelled context."""
        if not isinstance(question, str) or not question.strip():
            raise InvalidInputError("Ask the role a non-empty question.")
        human = f"Context: {context.strip()}\nQuestion: {question.strip()}" if context.strip() else question.strip()
        return [("system", self.system_prompt()), ("human", human)]


ROLES: Registry[Role] = Registry("role")
get_role = ROLES.get
"""A role from the library; the error lists the roles that exist."""


def register(role: Role) -> Role:
    """Add a role to the library (names are unique)."""
    return ROLES.register(role.name, role)


def ask(model: Any, role: str | Role, question: str, context: str = "") -> str:
    """Put a question to a role; returns the reply text."""
    persona = get_role(role) if isinstance(role, str) else role
    return str(model.invoke(persona.messages(question, context)).content)


def review(model: Any, role: str | Role, question: str, answer: str) -> str:
    """Have a role rate an answer on a 1-10 scale against the role's own criteria."""
    persona = get_role(role) if isinstance(role, str) else role
    prompt = f"Rate the answer on a scale of 1 to 10.\nQuestion: {question.strip()}\nAnswer: {answer.strip()}"
    return str(model.invoke([("system", persona.system_prompt()), ("human", prompt)]).content)


def route(question: str, roles: Sequence[str] | None = None, embeddings: Any = None) -> tuple[str, float]:
    """Conditional prompting: the role whose expertise is closest to ``question`` (embedding cosine), and the score.

    This is the "adaptive" part of role prompting: the program, not the user, picks the expert per question.
    """
    import numpy as np

    if not isinstance(question, str) or not question.strip():
        raise InvalidInputError("route() needs a non-empty question.")
    names = list(roles) if roles is not None else sorted(ROLES)
    if not names:
        raise InvalidInputError("route() needs at least one role to choose from.")
    personas = [get_role(n) for n in names]
    if embeddings is None:
        from labkit.embed import get_embeddings

        embeddings = get_embeddings()
    profiles = [f"{p.title}: {', '.join(p.expertise)}" for p in personas]
    vectors = np.asarray(embeddings.embed_documents([question, *profiles]), dtype=np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    sims = vectors[1:] @ vectors[0]
    best = int(np.argmax(sims))
    return names[best], round(float(sims[best]), 3)


def panel(model: Any, roles: Sequence[str], question: str, answer: str) -> dict[str, str]:
    """The same answer reviewed by several roles: ``{role: review}``."""
    if not roles:
        raise InvalidInputError("A panel needs at least one role.")
    return {name: review(model, name, question, answer) for name in roles}


for _role in (
    Role("financial_advisor", "a certified financial advisor with 15 years of experience",
         ("retirement planning", "tax optimisation", "risk management"),
         "Conservative and evidence-based; always weigh the client's risk tolerance.",
         "Clear explanations, specific next steps, explicit warnings about risk.",
         ("risk", "diversification", "fees", "time horizon")),
    Role("technical_architect", "a senior technical architect",
         ("scalable systems", "cloud architecture", "performance"),
         "Weigh trade-offs, plan for maintenance, put security first.",
         "Technical but accessible; offer alternatives and name failure modes.",
         ("security", "scalability", "cost", "maintenance")),
    Role("marketing_strategist", "a marketing strategist who has run many product launches",
         ("brand positioning", "customer psychology", "multi-channel campaigns"),
         "Data-driven and customer-centric; test, measure, iterate.",
         "Creative but grounded; give success metrics and respect the budget.",
         ("audience", "budget", "metrics", "channels")),
    Role("editor", "an experienced copy editor",
         ("clarity", "structure", "plain language"),
         "Cut what does not serve the reader; keep the author's voice.",
         "Direct, specific edits with a one-line reason each.",
         ("clarity", "concision", "structure")),
    Role("teacher", "a patient teacher of beginners",
         ("explaining concepts", "worked examples", "checking understanding"),
         "Start from what the learner knows; one idea at a time.",
         "Simple words, a worked example, a question to check understanding.",
         ("example", "simple language", "steps")),
):
    register(_role)
