"""Reusable prompt templates whose variables are checked, so a missing or misspelt one fails loudly.

The one idea: ``str.format`` raises ``KeyError: 'tone'`` for the first missing variable and silently ignores extra
ones, so a misspelt ``tonne=`` ships a prompt without its tone. A :class:`Template` knows its variables up front,
and :meth:`Template.render` reports *every* missing and every unexpected variable in one error, with the full list
the template expects. Templates can be partially filled (a team fixes the role, a caller fills the rest) and kept
in a registry by name.

Left out: logic inside templates (loops, conditionals: use Jinja2 for that) and LangChain's ``PromptTemplate``,
which this mirrors in miniature; ``Template.to_langchain()`` converts when you need it in a chain.

>>> t = Template("Summarise {text} in {n} sentences.")
>>> t.variables
('text', 'n')
>>> t.render(text="the report", n=2)
'Summarise the report in 2 sentences.'
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from labkit.errors import InvalidInputError, TemplateVariableError
from labkit.registry import Registry


def template_variables(text: str) -> tuple[str, ...]:
    """Named fields of a ``{name}`` template in order of first use; ``{{`` and ``}}`` are literal braces.

    >>> template_variables("{a} and {b}, then {a} again; {{not a field}}")
    ('a', 'b')
    """
    names: list[str] = []
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise InvalidInputError(f"Malformed template ({exc}); write literal braces as '{{{{' and '}}}}'.") from None
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier():
            raise InvalidInputError(
                f"Template field {{{name}}} is not a plain name; use named fields like {{topic}} "
                "(no positions, attributes or indexes)."
            )
        if spec or conversion:
            raise InvalidInputError(f"Template field {{{name}}} has a format spec or conversion; keep fields plain.")
        if name not in names:
            names.append(name)
    return tuple(names)


@dataclass(frozen=True)
class Template:
    """A ``{name}`` template with its variables known up front; ``defaults`` pre-fill some of them."""

    text: str
    name: str = ""
    defaults: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.text, str) or not self.text.strip():
            raise InvalidInputError("A template needs non-empty text.")
        unknown = sorted(set(self.defaults) - set(template_variables(self.text)))
        if unknown:
            raise TemplateVariableError(
                f"Defaults {unknown} are not variables of template {self.name or '(unnamed)'}; "
                f"it has {list(template_variables(self.text))}.", [], unknown)
        object.__setattr__(self, "defaults", dict(self.defaults))

    @property
    def variables(self) -> tuple[str, ...]:
        """Every variable of the template, in order (pre-filled ones included)."""
        return template_variables(self.text)

    @property
    def required(self) -> tuple[str, ...]:
        """The variables still to be given at render time."""
        return tuple(v for v in self.variables if v not in self.defaults)

    def partial(self, **values: Any) -> Template:
        """A copy with some variables fixed (unknown names are an error)."""
        return Template(self.text, self.name, {**self.defaults, **values})

    def render(self, **values: Any) -> str:
        """Fill every variable; raises :class:`~labkit.errors.TemplateVariableError` naming all missing and all
        unexpected variables at once."""
        merged = {**self.defaults, **values}
        missing = [v for v in self.variables if v not in merged]
        unexpected = sorted(set(values) - set(self.variables))
        if missing or unexpected:
            label = f"Template {self.name!r}" if self.name else "The template"
            problems = []
            if missing:
                problems.append(f"missing {missing}")
            if unexpected:
                problems.append(f"unexpected {unexpected}")
            raise TemplateVariableError(
                f"{label} cannot be rendered: {' and '.join(problems)}. It expects {list(self.required)}"
                + (f" (pre-filled: {sorted(self.defaults)})" if self.defaults else "") + ".",
                missing, unexpected,
            )
        return self.text.format(**merged)

    def to_langchain(self) -> Any:
        """The same template as a LangChain ``PromptTemplate`` (defaults become partial variables)."""
        from langchain_core.prompts import PromptTemplate

        return PromptTemplate.from_template(self.text).partial(**self.defaults)


# --- a small registry of reusable templates (the syllabus's three, written for labkit) -------------------------

TEMPLATES: Registry[Template] = Registry("template")


def register(template: Template) -> Template:
    """Add a named template to the registry (a name can be registered once)."""
    if not template.name:
        raise InvalidInputError("Only named templates can be registered: Template(text, name='...').")
    return TEMPLATES.register(template.name, template)


get_template = TEMPLATES.get
"""A registered template by name; the error lists the names that exist."""


register(Template(
    "You are a {expert_type} with {years_experience} years of experience.\n\n"
    "Task: Analyse the following {subject_type}.\n"
    "Format: Four sections (strengths, weaknesses, opportunities, risks) with 2-3 bullet points each, then "
    "recommendations.\n"
    "Focus: strengths on {strength_focus}; weaknesses on {weakness_focus}; risks on {risk_focus}.\n"
    "Tone: {tone}\n"
    "Content: {content}",
    name="analysis",
))
register(Template(
    "You are a creative {role} known for {style_traits}.\n\n"
    "Task: Create {deliverable_type} for {target_audience}.\n"
    "Constraints: theme {theme}; mood {mood}; at most {length}.\n"
    "Brief: {brief}",
    name="creative",
))
register(Template(
    "You are a senior {technical_role} specialising in {specialization}.\n\n"
    "Task: Propose a solution to this challenge: {technical_challenge}\n"
    "Context: current setup: {current_state}. Requirements: {requirements}. Constraints: {constraints}.\n"
    "Format: 1. approach 2. implementation steps 3. risks and mitigations 4. alternatives, in at most 300 words.",
    name="technical",
))
