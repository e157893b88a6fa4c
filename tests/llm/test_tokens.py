"""Token counting and truncation with the bundled WordPiece tokenizer."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from labkit.errors import InvalidInputError
from labkit.llm.tokens import count_tokens, count_tokens_batch, truncate_tokens


def test_counts_match_the_reference_tokenizer():
    from transformers import AutoTokenizer

    from labkit.embed import bundled_model_path

    reference = AutoTokenizer.from_pretrained(str(bundled_model_path()))
    for text in ["Hello world", "Tokenization isn't trivial: 3.14159!", "naïve café " * 50]:
        assert count_tokens(text) == len(reference.encode(text, add_special_tokens=False))


def test_batch_equals_single():
    texts = ["a b c", "", "longer text with several words"]
    assert count_tokens_batch(texts) == [count_tokens(t) for t in texts]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300), st.integers(min_value=0, max_value=80), st.sampled_from(["end", "start"]))
@example("0UW02:", 4, "start")  # found by CI: the last 4 tokens, cut out, tokenize into 5
def test_truncation_fits_and_is_a_substring(text, limit, side):
    out = truncate_tokens(text, limit, side=side)
    assert count_tokens(out) <= limit or out == text and count_tokens(text) <= limit
    assert out in text


@pytest.mark.parametrize("bad", [None, 3, ["x"]])
def test_non_text_is_a_clear_error(bad):
    with pytest.raises(InvalidInputError, match="str"):
        count_tokens(bad)


def test_negative_limit_is_a_clear_error():
    with pytest.raises(InvalidInputError, match="max_tokens"):
        truncate_tokens("abc", -1)
