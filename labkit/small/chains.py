"""Skill chains: split a task into small single-skill prompts, run them in order, pass each result forward.

A large model can read a support ticket and, in one prompt, summarise it, classify it, pull out the customer's
email and answer from the refund policy. A small model does each of those well only when asked alone. The one idea:
a chain of *skills*, each a tiny template with one job and a hard prompt-token limit. Each step reads named values
(the inputs, or outputs of earlier steps) and writes one named output. A step whose prompt would exceed its limit
has its designated material field shortened to fit (:func:`labkit.small.compression.shorten`, steered by a query
field), so no step ever sends the small model more than its limit.

Left out: branching and retries (see ``labkit.agents`` for plans with dependencies) and parsing outputs into types.

>>> Skill("classify", "Classify into one of: a, b.\\nText: {text}", output="label").fields
('text',)
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from labkit.errors import InvalidInputError, MissingChainInputError, PromptTooLongError
from labkit.llm.tokens import count_tokens
from labkit.small.compression import shorten


@dataclass(frozen=True)
class Skill:
    """One step: a ``str.format`` template, the name its output is stored under, and its prompt-token limit.

    ``compress`` names the field that may be shortened to meet ``max_prompt_tokens`` (usually the material);
    ``query`` names the field whose words decide which sentences of it to keep.
    """

    name: str
    template: str
    output: str
    max_prompt_tokens: int = 128
    compress: str | None = None
    query: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise InvalidInputError("Skill.name must be a non-empty string.")
        if not isinstance(self.template, str) or not self.template.strip():
            raise InvalidInputError(f"Skill {self.name!r} needs a non-empty template string.")
        if not isinstance(self.output, str) or not self.output.isidentifier():
            raise InvalidInputError(f"Skill {self.name!r}: output must be an identifier, got {self.output!r}.")
        limit = self.max_prompt_tokens
        if not isinstance(limit, int) or isinstance(limit, bool) or limit <= 0:
            raise InvalidInputError(f"Skill {self.name!r}: max_prompt_tokens must be a positive integer.")
        try:
            fields = [f for _, f, _, _ in string.Formatter().parse(self.template) if f is not None]
        except ValueError as exc:
            raise InvalidInputError(f"Skill {self.name!r}: the template is not a format string ({exc}).") from None
        if any(not f.isidentifier() for f in fields):
            raise InvalidInputError(f"Skill {self.name!r}: template fields must be names like {{text}}, got {fields}.")
        if self.compress is not None and self.compress not in fields:
            raise InvalidInputError(f"Skill {self.name!r}: compress={self.compress!r} is not a field of {fields}.")

    @property
    def fields(self) -> tuple[str, ...]:
        """The names the template reads, in order of first use."""
        found = [f for _, f, _, _ in string.Formatter().parse(self.template) if f]
        return tuple(dict.fromkeys(found))

    def needs(self) -> tuple[str, ...]:
        """Every value the step reads: its fields and its query field."""
        return tuple(dict.fromkeys([*self.fields, *([self.query] if self.query else [])]))

    def render(self, state: dict[str, Any]) -> tuple[str, bool]:
        """The prompt for this step from ``state``, within the limit; ``(prompt, was_shortened)``."""
        values = {f: str(state[f]) for f in self.fields}
        prompt = self.template.format(**values)
        if count_tokens(prompt) <= self.max_prompt_tokens:
            return prompt, False
        where = f"skill {self.name!r}"
        if self.compress is None:
            raise PromptTooLongError(count_tokens(prompt), self.max_prompt_tokens, where)
        overhead = count_tokens(self.template.format(**{**values, self.compress: ""}))
        room = self.max_prompt_tokens - overhead
        query = str(state[self.query]) if self.query else ""
        while room > 0:
            short = shorten(values[self.compress], room, query)
            prompt = self.template.format(**{**values, self.compress: short})
            if short and count_tokens(prompt) <= self.max_prompt_tokens:
                return prompt, True
            room -= 1
        raise PromptTooLongError(overhead, self.max_prompt_tokens, where)


@dataclass(frozen=True)
class StepRecord:
    """What one step sent and got back."""

    skill: str
    prompt: str
    prompt_tokens: int
    shortened: bool
    output: str


@dataclass(frozen=True)
class ChainRun:
    """The final state (inputs plus every output) and the record of each step."""

    state: dict[str, Any]
    steps: tuple[StepRecord, ...]

    @property
    def output(self) -> str:
        """The last step's output."""
        return self.steps[-1].output

    @property
    def largest_prompt(self) -> int:
        """Tokens of the largest prompt any step sent: what the model's window must hold."""
        return max(s.prompt_tokens for s in self.steps)


class SkillChain:
    """Runs :class:`Skill` steps in order against one chat model (default: ``labkit.llm.get_model()``)."""

    def __init__(self, skills: Sequence[Skill], model: Any = None):
        skills = list(skills)
        if not skills or not all(isinstance(s, Skill) for s in skills):
            raise InvalidInputError("SkillChain needs a non-empty list of Skill objects.")
        names = [s.name for s in skills]
        if len(set(names)) != len(names):
            raise InvalidInputError(f"Skill names in a chain must be unique, got {names}.")
        self.skills = skills
        self._model = model

    @property
    def model(self) -> Any:
        from labkit.llm import resolve_model

        self._model = resolve_model(self._model)  # the configured default, chosen on first use
        return self._model

    def check(self, inputs: dict[str, Any]) -> None:
        """Fail before any model call if a step would read a value nothing provides."""
        available = set(inputs)
        for skill in self.skills:
            missing = [n for n in skill.needs() if n not in available]
            if missing:
                raise MissingChainInputError(skill.name, missing)
            available.add(skill.output)

    def run(self, **inputs: Any) -> ChainRun:
        """Run every step; each step's output joins the state under its ``output`` name."""
        self.check(inputs)
        state = dict(inputs)
        records = []
        for skill in self.skills:
            prompt, shortened = skill.render(state)
            reply = self.model.invoke(prompt)
            text = reply.content if isinstance(reply.content, str) else str(reply.content)
            state[skill.output] = text.strip()
            records.append(StepRecord(skill.name, prompt, count_tokens(prompt), shortened, text.strip()))
        return ChainRun(state, tuple(records))


def support_ticket_chain(model: Any = None, max_prompt_tokens: int = 96) -> SkillChain:
    """A worked example: summarise a ticket, classify the summary, extract the contact, answer a question about it
    from the policy. Run it with ``ticket=``, ``policy=`` (``[id]`` lines) and ``question=``."""
    return SkillChain([
        Skill("summarize", "Summarize in 1 sentence:\n{ticket}", "summary", max_prompt_tokens, compress="ticket"),
        Skill("classify", "Classify the ticket into one of: billing, technical, account.\nTicket: {summary}",
              "category", max_prompt_tokens, compress="summary"),
        Skill("extract", 'Respond in JSON with keys "email".\nText: {ticket}', "contact", max_prompt_tokens,
              compress="ticket"),
        Skill("answer", "Answer from the context and cite the [id].\nContext:\n{policy}\nQuestion: {question}",
              "answer", max_prompt_tokens, compress="policy", query="question"),
    ], model)
