"""What base models do well: score text instead of writing it.

The one idea: a language model gives a probability to *any* continuation of a prompt, so instead of asking it to
write an answer (and parsing whatever it writes) you can ask how likely each allowed answer is. Three ways to use
that, from the most general to the most specific:

* :func:`continuation_logprob` — the log-probability of a continuation: how natural it is after the prompt;
* :func:`classify` — the label whose text is the most likely continuation (label likelihood): the output is always
  one of the labels, and the scores say how sure the model is;
* :func:`choose` — constrained decoding: generate token by token, allowing only tokens that keep the text on the way
  to one of the options. It decides greedily, one token at a time, so it can differ from :func:`classify`, which
  weighs every option whole.

>>> from labkit.llm.local.catalogue import GEMMA_3_270M, missing_package
>>> if missing_package(GEMMA_3_270M): import pytest; pytest.skip("needs pip install 'labkit[local]'")
>>> continuation_logprob("The capital of France is", " Paris") > continuation_logprob("The capital of France is", " soup")
True
>>> classify("Review: I loved every minute of it.\\nSentiment:", [" positive", " negative"]).label
' positive'
>>> choose("The colour of the clear daytime sky is", [" blue", " green", " purple"])
' blue'

What it leaves out: calibration (label probabilities from a small model are often biased towards one label; lesson
09 shows how examples in the prompt move them) and batching prompts together.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from labkit.errors import InvalidInputError

__all__ = ["Scored", "choose", "classify", "continuation_logprob"]


def _engine(model: Any) -> Any:
    """The engine for a model name or a :class:`~labkit.llm.local.chat.LocalChatModel`."""
    from labkit.llm.local.runtime import load_engine

    return load_engine(model if isinstance(model, str) else model.model)


def continuation_logprob(prompt: str, continuation: str, *, model: Any = "gemma-3-270m") -> float:
    """The natural-log probability of ``continuation`` right after ``prompt`` (a sum over its tokens, <= 0)."""
    return sum(_engine(model).continuation_logprobs(prompt, [continuation])[0])


@dataclass(frozen=True)
class Scored:
    """The result of :func:`classify`: the chosen label, each label's log-probability and normalised probability."""

    label: str
    logprobs: dict[str, float]

    @property
    def probabilities(self) -> dict[str, float]:
        """The labels' probabilities renormalised among themselves (softmax of the log-probabilities).

        >>> Scored("a", {"a": math.log(0.3), "b": math.log(0.1)}).probabilities["a"]
        0.75
        """
        top = max(self.logprobs.values())
        weights = {k: math.exp(v - top) for k, v in self.logprobs.items()}
        total = sum(weights.values())
        return {k: round(w / total, 12) for k, w in weights.items()}


def classify(prompt: str, labels: Sequence[str], *, model: Any = "gemma-3-270m", per_token: bool = False,
             cached_prefix: str = "") -> Scored:
    """The label that is the most likely continuation of ``prompt`` (label likelihood classification).

    Write labels as they would appear in the text, usually with their leading space (``" positive"``). With
    ``per_token`` the score is the mean log-probability per token, which stops long labels losing merely for length.
    ``cached_prefix`` (a start of the prompt shared by many calls, such as fixed few-shot examples) is computed once.
    """
    labels = list(labels)
    if len(labels) < 2 or len(set(labels)) != len(labels):
        raise InvalidInputError(f"Give at least two distinct labels to classify among, got {labels!r}.")
    token_scores = _engine(model).continuation_logprobs(prompt, labels, cached_prefix=cached_prefix)
    logprobs = {label: (sum(s) / len(s) if per_token else sum(s)) for label, s in zip(labels, token_scores)}
    return Scored(max(logprobs, key=logprobs.__getitem__), logprobs)


def choose(prompt: str, options: Sequence[str], *, model: Any = "gemma-3-270m") -> str:
    """The option reached by greedy decoding when only tokens that lead to some option are allowed.

    When one option is a prefix of another, the shorter wins once it is complete.
    """
    options = list(options)
    if not options or any(not o for o in options):
        raise InvalidInputError(f"Give at least one non-empty option to choose among, got {options!r}.")
    engine = _engine(model)
    paths = {option: engine.encode(option, bos=False) for option in options}

    def consistent(generated: list[int]) -> list[str]:
        return [o for o, ids in paths.items() if ids[: len(generated)] == generated]

    def allowed(generated: list[int]) -> set[int]:
        left = consistent(generated)
        if len(left) == 1 or any(len(paths[o]) == len(generated) for o in left):
            return set()  # decided: the rest of the option is forced, or an option is complete
        return {paths[o][len(generated)] for o in left}

    generated: list[int] = []
    for sample in engine.sample(engine.encode(prompt), max_tokens=max(map(len, paths.values())), temperature=0.0,
                                top_p=1.0, seed=0, allowed=allowed):
        generated.append(sample.token_id)
    left = consistent(generated)
    return min(left, key=lambda o: len(paths[o]))
