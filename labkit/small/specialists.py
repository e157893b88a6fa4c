"""Specialist templates: compact per-task, per-domain prompts that fit a small window, and answers checked for shape.

A small model does one narrow job well when the prompt is short, names the job in its first words, and says exactly
what shape the answer takes. The one idea: keep those prompts as **data**, one :class:`TaskTemplate` per
``(domain, task)`` in a registry (:data:`TASK_TEMPLATES`, keys such as ``"customer_service/intent"``), each with

* a compact template whose variables are checked (:class:`labkit.reasoning.templates.Template`),
* the :class:`OutputFormat` its answer must have (a label from a list, yes/no, a number, JSON with keys, a short text),
* a token budget: the prompt plus the tokens reserved for the answer must fit the model's context limit, measured
  with labkit's tokenizer; when the material is too long it is shortened (:func:`~labkit.small.compression.shorten`),
  and when the template alone does not fit, that is an error, never a silent cut.

A :class:`Specialist` for a domain picks the template (its own domain's first, then the ``general`` one), fits it,
asks the model, and parses the answer against the format; an answer of the wrong shape is re-asked once with the
allowed answers spelt out, and reported ``valid=False`` with the reason if it is still wrong.

>>> get_task_template("customer_service/intent").output.labels
('refund', 'delivery', 'account', 'complaint', 'other')
>>> OutputFormat("yes_no").parse("Yes, escalate.")
(True, None)

Left out: learning templates from data (DSPy-style prompt optimisation), and any judgement of whether a well-shaped
answer is *right*: the format check catches "one of" where a label belongs, not a wrong label.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from labkit.errors import InvalidInputError, PromptTooLongError
from labkit.llm.tokens import count_tokens
from labkit.reasoning.templates import Template
from labkit.registry import Registry
from labkit.small.compression import shorten

FORMAT_KINDS = ("label", "yes_no", "number", "json", "text")
_YES = frozenset({"yes", "y", "true"})
_NO = frozenset({"no", "n", "false"})


@dataclass(frozen=True)
class OutputFormat:
    """The shape an answer must have, and :meth:`parse` to read it.

    ``kind``: ``label`` (one of ``labels``, or of the comma-separated list in the variable ``labels_from``),
    ``yes_no`` (a bool), ``number`` (the last line, so "Step 1: ...\nAnswer: 42" reads 42), ``json`` (an object
    with ``keys``, or with the key named by the variable ``keys_from``) or ``text`` (at most ``max_words`` words).
    A reply that opens by declining ("I don't know", "I cannot find ...") is no answer in any format.
    """

    kind: str
    labels: tuple[str, ...] = ()
    labels_from: str = ""
    keys: tuple[str, ...] = ()
    keys_from: str = ""
    max_words: int = 0

    def __post_init__(self) -> None:
        if self.kind not in FORMAT_KINDS:
            raise InvalidInputError(f"Unknown output format {self.kind!r}; use one of {', '.join(FORMAT_KINDS)}.")
        if self.kind == "label" and not (self.labels or self.labels_from):
            raise InvalidInputError("A label format needs labels=(...) or labels_from='<variable>'.")
        if self.kind == "json" and not (self.keys or self.keys_from):
            raise InvalidInputError("A json format needs keys=(...) or keys_from='<variable>'.")
        object.__setattr__(self, "labels", tuple(label.lower() for label in self.labels))

    def allowed(self, values: Mapping[str, Any] | None = None) -> tuple[str, ...]:
        """The labels an answer may be: fixed ones, or those listed in the ``labels_from`` variable.

        >>> OutputFormat("label", labels_from="categories").allowed({"categories": "Spam, ham"})
        ('spam', 'ham')
        """
        if self.labels or not self.labels_from:
            return self.labels
        listed = str((values or {}).get(self.labels_from, ""))
        return tuple(part.strip().lower() for part in listed.split(",") if part.strip())

    def parse(self, raw: str, values: Mapping[str, Any] | None = None) -> tuple[Any, str | None]:
        """``(value, None)`` when ``raw`` has this shape, else ``(None, problem)``. A leading ``Label:`` echo and
        surrounding punctuation are forgiven, since small models often repeat the prompt's last word.

        >>> OutputFormat("label", labels=("refund", "other")).parse("Intent: Refund.")
        ('refund', None)
        >>> OutputFormat("label", labels=("refund", "other")).parse("one of")
        (None, "'one of' is not one of: refund, other")
        >>> OutputFormat("number").parse("About 42 items")
        (None, "'About 42 items' is not a single number")
        """
        from labkit.llm.refusal import is_refusal

        text = raw.strip()
        if text and is_refusal(text, opening=True):
            return None, f"the model declined: {text.splitlines()[0][:80]!r}"
        line = text.splitlines()[-1 if self.kind == "number" else 0].strip() if text else ""
        first = re.sub(r"^[A-Za-z][\w ]{0,24}:\s*", "", line)
        word = first.strip(" .!\"'").lower()
        if len(first) > 60:
            first = first[:57] + "..."  # the problem names the answer; a whole paragraph does not help
        if self.kind == "label":
            allowed = self.allowed(values)
            if word in allowed:
                return word, None
            return None, f"{first!r} is not one of: {', '.join(allowed)}"
        if self.kind == "yes_no":
            head = re.split(r"[\s,.;:!]+", word, maxsplit=1)[0]
            if head in _YES or head in _NO:
                return head in _YES, None
            return None, f"{first!r} does not start with yes or no"
        if self.kind == "number":
            if re.fullmatch(r"-?\d+(?:\.\d+)?", word.replace(",", "")):
                number = float(word.replace(",", ""))
                return (int(number) if number.is_integer() else number), None
            return None, f"{first!r} is not a single number"
        if self.kind == "json":
            from labkit.prompting.anatomy import parse_json_object

            data = parse_json_object(text)
            if data is None:
                return None, "the answer is not a JSON object"
            keys = self.keys or (str((values or {}).get(self.keys_from, "")),)
            absent = [k for k in keys if data.get(k) is None]
            if absent:
                return None, f"the JSON object has no value for {absent}"
            return {k: data[k] for k in keys}, None
        if not text:
            return None, "the answer is empty"
        if self.max_words and len(text.split()) > self.max_words:
            return None, f"the answer has {len(text.split())} words, more than {self.max_words}"
        return text, None

    def instruction(self, values: Mapping[str, Any] | None = None) -> str:
        """The line added when an answer had the wrong shape and is asked again.

        >>> OutputFormat("yes_no").instruction()
        'Reply with only yes or no.'
        """
        if self.kind == "label":
            return f"Reply with only one of: {', '.join(self.allowed(values))}."
        if self.kind == "yes_no":
            return "Reply with only yes or no."
        if self.kind == "number":
            return "Reply with only the number."
        if self.kind == "json":
            keys = self.keys or (str((values or {}).get(self.keys_from, "")),)
            return f"Reply with only a JSON object with keys {', '.join(json.dumps(k) for k in keys)}."
        return f"Reply in at most {self.max_words} words." if self.max_words else "Reply with the answer only."


@dataclass(frozen=True)
class TaskTemplate:
    """A compact prompt for one task in one domain: the template, the answer's format, the variable holding the
    material (shortened when the budget is tight) and the tokens reserved for the answer."""

    domain: str
    task: str
    text: str
    output: OutputFormat
    material: str = ""
    reserve: int = 16

    def __post_init__(self) -> None:
        for label, value in (("domain", self.domain), ("task", self.task)):
            if not isinstance(value, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", value):
                raise InvalidInputError(f"A template's {label} is a lower-case name such as 'data_entry', "
                                        f"got {value!r}.")
        if not isinstance(self.output, OutputFormat):
            raise InvalidInputError(f"Template {self.key!r}: output must be an OutputFormat.")
        variables = self.template.variables
        if self.material and self.material not in variables:
            raise InvalidInputError(f"Template {self.key!r}: material={self.material!r} is not one of "
                                    f"{list(variables)}.")
        for source in (self.output.labels_from, self.output.keys_from):
            if source and source not in variables:
                raise InvalidInputError(f"Template {self.key!r}: the output reads {source!r}, which is not a variable.")
        if not isinstance(self.reserve, int) or isinstance(self.reserve, bool) or self.reserve < 1:
            raise InvalidInputError(f"Template {self.key!r}: reserve must be a positive number of tokens.")

    @property
    def key(self) -> str:
        """The registry key, ``domain/task``."""
        return f"{self.domain}/{self.task}"

    @property
    def template(self) -> Template:
        return Template(self.text, self.key)

    @property
    def overhead(self) -> int:
        """Tokens of the template with every variable empty: the fixed cost of this prompt.

        >>> get_task_template("content_moderation/safe").overhead
        16
        """
        return count_tokens(self.template.render(**{v: "" for v in self.template.variables}))

    def fit(self, values: Mapping[str, Any], context_limit: int) -> FittedPrompt:
        """The prompt for ``values`` within ``context_limit - reserve`` tokens; a material too long is shortened to
        its sentences that share most words with the rest of the prompt (the labels, the question).

        Raises :class:`~labkit.errors.PromptTooLongError` when even an empty material does not fit, and
        :class:`~labkit.errors.TemplateVariableError` naming every missing or unexpected variable.
        """
        if not isinstance(context_limit, int) or isinstance(context_limit, bool) or context_limit <= 0:
            raise InvalidInputError(f"context_limit must be a positive integer, got {context_limit!r}.")
        values = {k: str(v) for k, v in values.items()}
        prompt = self.template.render(**values)
        budget = context_limit - self.reserve
        if count_tokens(prompt) <= budget:
            return FittedPrompt(self.key, prompt, count_tokens(prompt), budget, False)
        where = f"template {self.key!r}"
        if not self.material:
            raise PromptTooLongError(count_tokens(prompt), budget, where)
        fixed = count_tokens(self.template.render(**{**values, self.material: ""}))
        room = budget - fixed
        # keep the material's sentences that share words with the instruction (a label, a key, the question)
        query = self.template.render(**{**values, self.material: ""})
        while room > 0:
            short = shorten(values[self.material], room, query)
            prompt = self.template.render(**{**values, self.material: short})
            if short and count_tokens(prompt) <= budget:
                return FittedPrompt(self.key, prompt, count_tokens(prompt), budget, True)
            room -= 1
        raise PromptTooLongError(fixed, budget, where)


@dataclass(frozen=True)
class FittedPrompt:
    """A rendered prompt, its size, the budget it had, and whether the material was shortened to fit."""

    key: str
    text: str
    tokens: int
    budget: int
    shortened: bool


@dataclass(frozen=True)
class SpecialistAnswer:
    """What a specialist sent and got: the template used, the prompt's size, the raw answers (two when the first
    had the wrong shape), the parsed value, and whether it is valid (with the problem when not)."""

    template: str
    prompt: str
    prompt_tokens: int
    shortened: bool
    raw: tuple[str, ...]
    value: Any
    valid: bool
    problem: str = ""

    @property
    def calls(self) -> int:
        return len(self.raw)


TASK_TEMPLATES: Registry[TaskTemplate] = Registry("task template")
"""Compact templates by ``domain/task``; :func:`register_task_template` adds yours."""


def register_task_template(template: TaskTemplate, *, replace: bool = False) -> TaskTemplate:
    """Add ``template`` under its ``domain/task`` key."""
    if not isinstance(template, TaskTemplate):
        raise InvalidInputError("register_task_template takes a TaskTemplate.")
    return TASK_TEMPLATES.register(template.key, template, replace=replace)


get_task_template = TASK_TEMPLATES.get
"""A template by ``domain/task``; an unknown key raises an error that lists the known ones."""


def domains() -> list[str]:
    """The domains with at least one template, ``general`` first."""
    found = sorted({key.split("/")[0] for key in TASK_TEMPLATES.names()})
    return sorted(found, key=lambda d: d != "general")


class Specialist:
    """A small model dressed for one domain: picks that domain's template for a task (else the general one), fits it
    to ``context_limit`` tokens, asks ``model`` and validates the answer's shape, re-asking once when it is wrong.

    ``model`` defaults to ``labkit.llm.get_model()``; ``retries=0`` turns the second ask off.
    """

    def __init__(self, domain: str, model: Any = None, context_limit: int = 512, retries: int = 1):
        if domain not in domains():
            raise InvalidInputError(f"Unknown domain {domain!r}; domains with templates: {', '.join(domains())}.")
        if not isinstance(retries, int) or isinstance(retries, bool) or retries < 0:
            raise InvalidInputError(f"retries must be 0 or more, got {retries!r}.")
        self.domain = domain
        self.context_limit = context_limit
        self.retries = retries
        self._model = model

    @property
    def model(self) -> Any:
        from labkit.llm import resolve_model

        self._model = resolve_model(self._model)
        return self._model

    def tasks(self) -> list[str]:
        """Every task this specialist can do: its own domain's and the general ones."""
        own = [k.split("/")[1] for k in TASK_TEMPLATES.names() if k.startswith(f"{self.domain}/")]
        general = [k.split("/")[1] for k in TASK_TEMPLATES.names() if k.startswith("general/")]
        return list(dict.fromkeys([*own, *general]))

    def pick(self, task: str) -> TaskTemplate:
        """The template for ``task``: ``<domain>/<task>`` if registered, else ``general/<task>``."""
        for key in (f"{self.domain}/{task}", f"general/{task}"):
            if key in TASK_TEMPLATES:
                return TASK_TEMPLATES.get(key)
        raise InvalidInputError(f"The {self.domain} specialist has no template for task {task!r}; "
                                f"it knows: {', '.join(self.tasks())}.")

    def _ask(self, prompt: str) -> str:
        reply = self.model.invoke(prompt)
        return (reply.content if isinstance(reply.content, str) else str(reply.content)).strip()

    def run(self, task: str, **values: Any) -> SpecialistAnswer:
        """Do ``task`` on ``values`` (the template's variables) and return the checked answer."""
        template = self.pick(task)
        fitted = template.fit(values, self.context_limit)
        answers = [self._ask(fitted.text)]
        value, problem = template.output.parse(answers[-1], values)
        for _ in range(self.retries if problem else 0):
            again = f"{fitted.text}\n{template.output.instruction(values)}"
            if count_tokens(again) > fitted.budget:
                break  # no room to say it again; report the problem rather than overflow the window
            answers.append(self._ask(again))
            value, problem = template.output.parse(answers[-1], values)
            if problem is None:
                break
        return SpecialistAnswer(template.key, fitted.text, fitted.tokens, fitted.shortened, tuple(answers), value,
                                problem is None, problem or "")


def verbose_prompt(task: str, domain: str, **values: Any) -> str:
    """The baseline compact templates are measured against: a polite, general prompt that says everything in full.

    >>> verbose_prompt("intent", "customer_service", message="Hi").splitlines()[0]
    'You are a helpful, friendly and highly experienced assistant working in customer service.'
    """
    listed = "\n".join(f"{name.replace('_', ' ').capitalize()}: {value}" for name, value in values.items())
    return (f"You are a helpful, friendly and highly experienced assistant working in {domain.replace('_', ' ')}.\n"
            f"Please read the following information very carefully and think about what is being asked. "
            f"Your task is the following: {task.replace('_', ' ')}. Take into account all of the details below, "
            f"and make sure your answer is accurate, complete and professional.\n{listed}\n"
            f"Please provide your answer below.")


# --- the built-in templates: the five general tasks, then three domains -----------------------------------------

_LABEL = OutputFormat("label", labels_from="labels")
for _template in (
    TaskTemplate("general", "classify", "Classify into one of: {labels}.\nText: {text}", _LABEL, "text"),
    TaskTemplate("general", "extract", 'Respond in JSON with keys "{key}".\nText: {text}',
                 OutputFormat("json", keys_from="key"), "text", reserve=32),
    TaskTemplate("general", "summarize", "Summarize in 1 sentence:\n{text}", OutputFormat("text", max_words=40),
                 "text", reserve=48),
    TaskTemplate("general", "qa", "Answer from the context.\nContext: {context}\nQuestion: {question}",
                 OutputFormat("text", max_words=40), "context", reserve=48),
    TaskTemplate("general", "reason", "Solve step by step, then write 'Answer: <number>'.\nProblem: {problem}",
                 OutputFormat("number"), "problem", reserve=96),
    TaskTemplate("customer_service", "intent",
                 "Classify into one of: refund, delivery, account, complaint, other.\nCustomer message: {message}",
                 OutputFormat("label", labels=("refund", "delivery", "account", "complaint", "other")), "message"),
    TaskTemplate("customer_service", "escalate",
                 "Question: Should a manager handle this? Answer yes or no.\nMessage: {message}",
                 OutputFormat("yes_no"), "message", reserve=8),
    TaskTemplate("customer_service", "reply", "Write a 2-sentence polite reply.\nIssue: {issue}",
                 OutputFormat("text", max_words=60), "issue", reserve=96),
    TaskTemplate("data_entry", "fields", 'Respond in JSON with keys "name", "email", "date".\nText: {text}',
                 OutputFormat("json", keys=("name", "email", "date")), "text", reserve=48),
    TaskTemplate("data_entry", "record_type", "Classify into one of: person, company, address.\nRecord: {text}",
                 OutputFormat("label", labels=("person", "company", "address")), "text"),
    TaskTemplate("content_moderation", "safe",
                 "Question: Is this content safe to publish? Answer yes or no.\nContent: {content}",
                 OutputFormat("yes_no"), "content", reserve=8),
    TaskTemplate("content_moderation", "violation",
                 "Classify into one of: spam, harassment, hate, violence, none.\nContent: {content}",
                 OutputFormat("label", labels=("spam", "harassment", "hate", "violence", "none")), "content"),
):
    register_task_template(_template)
del _template
