"""Prompt compression for small context windows: fit a prompt to an exact token limit without losing what matters.

Small models (1B-7B parameters) often have 2k-8k token windows, and they answer worse when the window is crammed.
The one idea: a prompt is a set of *parts* with different value. The instruction and the question are required;
context is optional and ranked. Spend the token budget in priority order: keep whole parts while they fit, shorten
the first one that does not (keep its sentences most related to the query, then cut at a token boundary), and drop
everything below it. The result is measured with the real tokenizer (:mod:`labkit.llm.tokens`) and is guaranteed
never to exceed the limit; if the required parts alone do not fit, that is an error, not a silent truncation.

Left out: learned compressors (LLMLingua-style token dropping with a small LM) and abstractive summaries of the
dropped context; both cost a model call, which is what a small-model pipeline is trying to save.

>>> fitted = compress_prompt([PromptPart("Answer briefly.", required=True),
...                           PromptPart("Cats sleep a lot. Dogs bark at night. Cats purr.", priority=1),
...                           PromptPart("Question: Do cats purr?", required=True)], max_tokens=20, query="cats purr")
>>> fitted.text
'Answer briefly.\\nCats sleep a lot. Cats purr.\\nQuestion: Do cats purr?'
>>> fitted.tokens, fitted.original_tokens
(19, 24)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from labkit.errors import InvalidInputError, PromptTooLongError
from labkit.llm.tokens import count_tokens, truncate_tokens
from labkit.small.terms import split_sentences, term_set

_LABEL = re.compile(r"^\s*\[[^\]\n]{1,64}\]\s*")


@dataclass(frozen=True)
class PromptPart:
    """One piece of a prompt: its text, whether it must survive, and how much it is worth (higher = kept first)."""

    text: str
    name: str = ""
    priority: int = 0
    required: bool = False
    compressible: bool = True

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise InvalidInputError(f"PromptPart.text must be a str, got {type(self.text).__name__}.")
        if not isinstance(self.priority, int) or isinstance(self.priority, bool):
            raise InvalidInputError(f"PromptPart.priority must be an int, got {self.priority!r}.")


@dataclass(frozen=True)
class CompressedPrompt:
    """A prompt fitted to ``max_tokens``: its text and token count, and what happened to each optional part."""

    text: str
    tokens: int
    max_tokens: int
    original_tokens: int
    kept: tuple[str, ...]
    compressed: tuple[str, ...]
    dropped: tuple[str, ...]

    @property
    def saved_tokens(self) -> int:
        """Tokens removed compared with the uncompressed prompt."""
        return self.original_tokens - self.tokens


def shorten(text: str, max_tokens: int, query: str = "") -> str:
    """At most ``max_tokens`` tokens of ``text``: its sentences most related to ``query`` in their original order,
    or, when the most related sentence does not fit whole, that sentence cut at a token boundary. A leading
    ``[id]`` label is kept so a shortened chunk can still be cited.

    >>> shorten("[d1] The sky is blue. Grass is green. The sea is blue too.", 12, query="sea colour")
    '[d1] The sea is blue too.'
    >>> shorten("anything", 0)
    ''
    """
    if not isinstance(max_tokens, int) or isinstance(max_tokens, bool) or max_tokens < 0:
        raise InvalidInputError(f"max_tokens must be a non-negative integer, got {max_tokens!r}.")
    if count_tokens(text) <= max_tokens:
        return text
    label_match = _LABEL.match(text)
    label = label_match.group(0) if label_match else ""
    body = text[len(label):]
    room = max_tokens - count_tokens(label)
    if room <= 0:
        return ""
    sentences = split_sentences(body)
    wanted = term_set(query)
    # Rank by how many query terms a sentence holds; ties keep document order (earlier = more likely a topic line).
    ranked = sorted(range(len(sentences)), key=lambda i: (-len(term_set(sentences[i]) & wanted), i))
    chosen: list[int] = []
    for i in ranked:
        candidate = " ".join(sentences[j] for j in sorted([*chosen, i]))
        if count_tokens(candidate) <= room:
            chosen.append(i)
        elif not chosen:
            break  # the most relevant sentence does not fit whole: cut it rather than keep something less relevant
    if chosen:
        shortened = label + " ".join(sentences[j] for j in sorted(chosen))
    elif sentences:
        shortened = label + truncate_tokens(sentences[ranked[0]], room)
    else:
        shortened = ""
    # Token counts of joined pieces are additive for this tokenizer, but we verify rather than trust it.
    while shortened and count_tokens(shortened) > max_tokens:
        shortened = truncate_tokens(shortened, count_tokens(shortened) - 1)
    return shortened.rstrip() if shortened.strip() != label.strip() else ""


def _render(parts: Sequence[PromptPart], texts: dict[int, str], separator: str) -> str:
    return separator.join(texts[i] for i in range(len(parts)) if i in texts and texts[i])


def compress_prompt(
    parts: Sequence[PromptPart],
    max_tokens: int,
    query: str = "",
    separator: str = "\n",
    min_part_tokens: int = 4,
) -> CompressedPrompt:
    """Fit ``parts`` (in their given order) into ``max_tokens`` tokens; see the module docstring for the policy.

    ``query`` steers which sentences of a shortened part survive. A part shortened below ``min_part_tokens`` is
    dropped instead, since a three-token scrap of context misleads more than it helps.
    """
    parts = list(parts)
    if not parts or not all(isinstance(p, PromptPart) for p in parts):
        raise InvalidInputError("parts must be a non-empty list of PromptPart objects.")
    if not isinstance(max_tokens, int) or isinstance(max_tokens, bool) or max_tokens <= 0:
        raise InvalidInputError(f"max_tokens must be a positive integer, got {max_tokens!r}.")
    if not isinstance(separator, str) or separator.strip():
        raise InvalidInputError("separator must be whitespace (for example '\\n'), so joining parts adds no tokens.")
    names = [p.name or f"part-{i}" for i, p in enumerate(parts)]
    if len(set(names)) != len(names):
        raise InvalidInputError(f"Part names must be unique, got {names}.")

    original = count_tokens(_render(parts, {i: p.text for i, p in enumerate(parts)}, separator))
    texts = {i: p.text for i, p in enumerate(parts) if p.required}
    required_tokens = count_tokens(_render(parts, texts, separator))
    if required_tokens > max_tokens:
        raise PromptTooLongError(required_tokens, max_tokens)

    kept: list[str] = []
    compressed: list[str] = []
    dropped: list[str] = []
    optional = sorted((i for i, p in enumerate(parts) if not p.required), key=lambda i: (-parts[i].priority, i))
    budget_spent = False
    for i in optional:
        part = parts[i]
        if budget_spent:
            dropped.append(names[i])
            continue
        if count_tokens(_render(parts, {**texts, i: part.text}, separator)) <= max_tokens:
            texts[i] = part.text
            kept.append(names[i])
            continue
        budget_spent = True  # the first part that does not fit whole ends the allocation
        room = max_tokens - count_tokens(_render(parts, texts, separator))
        short = shorten(part.text, room, query) if part.compressible else ""
        while short and count_tokens(_render(parts, {**texts, i: short}, separator)) > max_tokens:
            room -= 1
            short = shorten(part.text, room, query) if room > 0 else ""
        if short and count_tokens(short) >= min_part_tokens:
            texts[i] = short
            compressed.append(names[i])
        else:
            dropped.append(names[i])
    text = _render(parts, texts, separator)
    return CompressedPrompt(text, count_tokens(text), max_tokens, original, tuple(kept), tuple(compressed),
                            tuple(dropped))


def compress_qa_prompt(
    question: str,
    chunks: Sequence[str],
    max_tokens: int,
    instruction: str = "Answer the question from the context only, and cite the [id] of the line you use.",
) -> CompressedPrompt:
    """A ``Context:``/``Question:`` prompt whose context chunks (best first) are cut to fit ``max_tokens``.

    The instruction, the ``Context:`` header and the question are required; chunk *k* gets priority ``-k``, so
    the best-ranked chunk is kept longest.
    """
    if not isinstance(question, str) or not question.strip():
        raise InvalidInputError("question must be a non-empty string.")
    if isinstance(chunks, str) or not all(isinstance(c, str) for c in chunks):
        raise InvalidInputError("chunks must be a list of strings (best first), not a single string.")
    parts = [PromptPart(instruction, "instruction", required=True),
             PromptPart("Context:", "context-header", required=True)]
    parts += [PromptPart(c, f"chunk-{k}", priority=-k) for k, c in enumerate(chunks)]
    parts.append(PromptPart(f"Question: {question.strip()}", "question", required=True))
    return compress_prompt(parts, max_tokens, query=question)
