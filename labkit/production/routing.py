"""Model routing: send each request to the cheapest model that can do it well.

The one idea: most traffic is easy (extract a field, classify, answer from a given context), and a small model does
it for a tenth of the price; the big model is for the hard minority. A router estimates the request's *task* and
*complexity* from cheap signals (no model call), then picks the cheapest model whose capability covers both and
whose context window fits, within an optional cost ceiling. Every decision carries its reasons, so a wrong route
can be debugged.

>>> estimate_complexity("What is the capital of France?").level
'simple'
>>> estimate_complexity("Compare the two designs, explain the trade-offs step by step and then recommend one.").level
'complex'
>>> classify_task("Summarize this report in 3 sentences: ...")
'summarization'

Left out: learned routers (a small classifier trained on which model's answer won); the signals here are the
features such a router would start from.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from labkit.errors import InvalidInputError

LEVELS = ("simple", "moderate", "complex")

_REASONING = re.compile(r"\b(why|explain|compare|contrast|analy[sz]e|evaluate|prove|derive|design|trade-?offs?|"
                        r"step[- ]by[- ]step|reason|justify|critique|plan)\b", re.I)
_MULTIPART = re.compile(r"\b(and then|then|after that|finally|also)\b|;|\n\s*[-*\d]", re.I)
_TASKS: list[tuple[str, re.Pattern[str]]] = [
    ("summarization", re.compile(r"\b(summari[sz]e|summary|tl;?dr|condense)\b", re.I)),
    ("classification", re.compile(r"\b(classify|categori[sz]e|label|sentiment|which category)\b", re.I)),
    ("extraction", re.compile(r"\b(extract|respond in json|json with keys|fill in|parse)\b", re.I)),
    ("code", re.compile(r"```|\b(code|function|python|sql|regex|bug|stack trace|compile)\b", re.I)),
    ("math", re.compile(r"\d\s*[-+*/^]\s*\d|\b(calculate|compute|how many|how much)\b", re.I)),
    ("reasoning", _REASONING),
]


@dataclass(frozen=True)
class Complexity:
    score: int
    level: str
    reasons: tuple[str, ...]


def estimate_complexity(prompt: str) -> Complexity:
    """Score 0-7 from length, reasoning verbs and multi-part structure: 0-1 simple, 2-3 moderate, 4+ complex."""
    if not isinstance(prompt, str) or not prompt.strip():
        raise InvalidInputError("The prompt to route is empty: there is nothing to estimate.")
    words = len(prompt.split())
    reasons: list[str] = []
    score = 0
    if words > 400:
        score += 2
        reasons.append(f"long ({words} words)")
    elif words > 80:
        score += 1
        reasons.append(f"medium length ({words} words)")
    verbs = {m.lower() for m in _REASONING.findall(prompt)}
    if verbs:
        score += min(3, len(verbs))
        reasons.append("reasoning: " + ", ".join(sorted(verbs)))
    parts = len(_MULTIPART.findall(prompt)) + max(0, prompt.count("?") - 1)
    if parts:
        score += min(2, parts)
        reasons.append(f"{parts} extra part(s)")
    level = LEVELS[0] if score <= 1 else LEVELS[1] if score <= 3 else LEVELS[2]
    return Complexity(score, level, tuple(reasons) or ("short, single question",))


def classify_task(prompt: str) -> str:
    """The first task whose cue appears (order: summarization, classification, extraction, code, math, reasoning)."""
    for task, pattern in _TASKS:
        if pattern.search(prompt):
            return task
    return "chat"


@dataclass(frozen=True)
class ModelOption:
    """A model the router may choose: its capability (1 small .. 3 frontier), price, window and skills."""

    name: str
    capability: int
    cost_per_1k_tokens: float
    context_window: int = 8192
    tasks: frozenset[str] = field(default_factory=lambda: frozenset({"*"}))

    def handles(self, task: str) -> bool:
        return "*" in self.tasks or task in self.tasks


@dataclass(frozen=True)
class RouteDecision:
    model: str
    fallbacks: tuple[str, ...]
    task: str
    complexity: str
    estimated_cost: float
    reasons: tuple[str, ...]

    @property
    def candidates(self) -> tuple[str, ...]:
        return (self.model, *self.fallbacks)


# complexity level -> minimum capability; tasks that need more than their complexity suggests
_MIN_CAPABILITY = {"simple": 1, "moderate": 2, "complex": 3}
_TASK_FLOOR = {"code": 2, "reasoning": 2, "math": 1}


class Router:
    """Cheapest adequate model first; more capable ones follow as fallbacks (cheapest first)."""

    def __init__(self, options: Sequence[ModelOption], chars_per_token: float = 4.0):
        options = list(options)
        if not options:
            raise InvalidInputError("A router needs at least one ModelOption.")
        if len({o.name for o in options}) != len(options):
            raise InvalidInputError("ModelOption names must be unique.")
        self.options = sorted(options, key=lambda o: (o.cost_per_1k_tokens, -o.capability, o.name))
        self.chars_per_token = chars_per_token

    def route(self, prompt: str, task: str | None = None, max_cost: float | None = None,
              expected_output_tokens: int = 256) -> RouteDecision:
        complexity = estimate_complexity(prompt)
        task = task or classify_task(prompt)
        need = max(_MIN_CAPABILITY[complexity.level], _TASK_FLOOR.get(task, 1))
        tokens = int(len(prompt) / self.chars_per_token) + expected_output_tokens
        fits = [o for o in self.options if o.handles(task) and o.context_window >= tokens]
        if not fits:
            raise InvalidInputError(f"No model handles task {task!r} with a {tokens}-token request; "
                                    "add a ModelOption for it or shorten the prompt.")
        adequate = [o for o in fits if o.capability >= need]
        reasons = [f"task={task}", f"complexity={complexity.level} ({'; '.join(complexity.reasons)})",
                   f"needs capability >= {need}"]
        if not adequate:
            adequate = sorted(fits, key=lambda o: -o.capability)[:1]
            reasons.append(f"no model reaches {need}: using the most capable, {adequate[0].name}")
        if max_cost is not None:
            affordable = [o for o in adequate if o.cost_per_1k_tokens * tokens / 1000 <= max_cost]
            if affordable:
                adequate = affordable
            else:
                reasons.append(f"nothing adequate fits the budget {max_cost:g}: over budget rather than wrong")
        chosen = adequate[0]
        cost = round(chosen.cost_per_1k_tokens * tokens / 1000, 6)
        reasons.append(f"cheapest adequate: {chosen.name} (~{tokens} tokens, est. ${cost:g})")
        fallbacks = tuple(o.name for o in adequate[1:]) + tuple(
            o.name for o in sorted(fits, key=lambda o: -o.capability) if o not in adequate and o.capability > chosen.capability)
        return RouteDecision(chosen.name, fallbacks, task, complexity.level, cost, tuple(reasons))
