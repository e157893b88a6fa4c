"""Hierarchical context assembly: layers with priorities, required or optional, that never exceed the budget.

The one idea: a prompt is built from layers (system instructions, user profile, task, conversation history,
retrieved knowledge, the current query), and they are not equal. Required layers go in whole or the assembly fails
with a clear error (a prompt without its instructions or its question is worse than no call); optional layers are
added by priority while they fit, truncated with their own strategy (history keeps its tail, documents their head)
or dropped. The result reports what happened to every layer, and its token count is measured on the final text,
so ``assembly.tokens <= budget`` holds by construction and is property-tested.

Left out: compressing required layers (summarise them before assembly if they are too big) and per-layer
minimum shares of the budget.

>>> a = assemble([Layer("system", "Be brief.", 1, required=True), Layer("query", "What is RAG?", 2, required=True)], 50)
>>> print(a.text)
[SYSTEM]
Be brief.
<BLANKLINE>
[QUERY]
What is RAG?
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from labkit.context.truncation import STRATEGIES, truncate
from labkit.errors import BudgetExceededError, InvalidInputError
from labkit.llm.tokens import count_tokens

SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Layer:
    """One layer of context. Lower ``priority`` numbers are more important and come first in the prompt.

    ``truncate``: how an optional layer may be cut to fit (``head``, ``tail``, ``middle``) or ``None`` to drop it
    whole when it does not fit.
    """

    name: str
    content: str
    priority: int
    required: bool = False
    truncate: str | None = None
    min_tokens: int = 16

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise InvalidInputError("A layer needs a name (it becomes the section header).")
        if not isinstance(self.content, str):
            raise InvalidInputError(f"Layer {self.name!r}: content must be text, got {type(self.content).__name__}.")
        if self.truncate is not None and self.truncate not in STRATEGIES:
            raise InvalidInputError(f"Layer {self.name!r}: truncate must be None or one of {list(STRATEGIES)}.")
        if self.required and self.truncate is not None:
            raise InvalidInputError(f"Layer {self.name!r} is required, so it is never truncated; drop truncate=.")

    def header(self) -> str:
        return f"[{self.name.upper()}]\n"

    def render(self, content: str | None = None) -> str:
        return self.header() + (self.content if content is None else content).strip()


@dataclass(frozen=True)
class LayerOutcome:
    name: str
    status: str  # "full", "truncated", "dropped" or "empty"
    tokens: int
    original_tokens: int


@dataclass(frozen=True)
class Assembly:
    """The assembled text, its token count (measured on the text) and what happened to each layer."""

    text: str
    tokens: int
    budget: int
    outcomes: tuple[LayerOutcome, ...]

    def status(self, name: str) -> str:
        return next(o.status for o in self.outcomes if o.name == name)

    def rows(self) -> list[dict[str, object]]:
        return [o.__dict__.copy() for o in self.outcomes]


def assemble(layers: Sequence[Layer], budget: int) -> Assembly:
    """Assemble ``layers`` within ``budget`` tokens (see the module docstring for the rules)."""
    if not isinstance(budget, int) or isinstance(budget, bool) or budget < 1:
        raise InvalidInputError(f"budget must be a positive number of tokens, got {budget!r}.")
    names = [layer.name for layer in layers]
    if len(set(names)) != len(names):
        raise InvalidInputError(f"Layer names must be unique, got {names}.")
    ordered = sorted(layers, key=lambda layer: layer.priority)
    present = [layer for layer in ordered if layer.content.strip()]
    cost = {layer.name: count_tokens(layer.render()) for layer in present}

    required = [layer for layer in present if layer.required]
    required_tokens = sum(cost[layer.name] for layer in required)
    if required_tokens > budget:
        sizes = ", ".join(f"{layer.name}={cost[layer.name]}" for layer in required)
        raise BudgetExceededError(
            f"The required layers need {required_tokens} tokens ({sizes}) but the budget is {budget}. Raise the "
            "budget, shorten or summarise a required layer, or make it optional with a truncation strategy.",
            required_tokens, budget,
        )

    chosen: dict[str, str] = {layer.name: layer.render() for layer in required}
    status: dict[str, str] = {layer.name: "full" for layer in required}
    used = required_tokens
    for layer in present:  # optional layers, most important first
        if layer.required:
            continue
        room = budget - used
        if cost[layer.name] <= room:
            chosen[layer.name], status[layer.name] = layer.render(), "full"
            used += cost[layer.name]
        elif layer.truncate and room - count_tokens(layer.header()) >= layer.min_tokens:
            body = truncate(layer.content.strip(), room - count_tokens(layer.header()), layer.truncate)
            chosen[layer.name], status[layer.name] = layer.render(body), "truncated"
            used += count_tokens(chosen[layer.name])
        else:
            status[layer.name] = "dropped"

    text = SEPARATOR.join(chosen[layer.name] for layer in present if layer.name in chosen)
    tokens = count_tokens(text)
    while tokens > budget:  # only if tokenisation of the joined text differs from the sum of its parts
        victim = next(layer for layer in reversed(present) if layer.name in chosen and not layer.required)
        del chosen[victim.name]
        status[victim.name] = "dropped"
        text = SEPARATOR.join(chosen[layer.name] for layer in present if layer.name in chosen)
        tokens = count_tokens(text)

    outcomes = tuple(
        LayerOutcome(layer.name, status.get(layer.name, "empty"),
                     count_tokens(chosen[layer.name]) if layer.name in chosen else 0,
                     cost.get(layer.name, 0))
        for layer in ordered
    )
    return Assembly(text, tokens, budget, outcomes)
