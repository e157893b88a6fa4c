"""Content terms: the cheap features behind compression, tool selection and grouping."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from labkit.errors import InvalidInputError
from labkit.small.terms import jaccard, split_sentences, stem, term_set, terms


def test_terms_drop_stop_words_and_stem():
    assert terms("Please convert these 12 miles into kilometres!") == ["convert", "12", "mile", "kilometre"]
    assert terms("HTTP/2 and C++ and v2.3") == ["http", "2", "c++", "v2.3"]
    assert term_set("Searching searches searched") == {"search"}
    assert stem("class") == "class" and stem("boxes") == "box" and stem("running") == "run"


def test_jaccard_bounds():
    assert jaccard({"a"}, {"a"}) == 1.0 and jaccard({"a"}, {"b"}) == 0.0 and jaccard(set(), {"a"}) == 0.0


def test_sentences_split_only_before_capitals_or_digits():
    assert split_sentences("Use v2.3 now. It works. e.g. this stays. 3 items follow.") == [
        "Use v2.3 now.", "It works. e.g. this stays.", "3 items follow."]
    assert split_sentences("") == []


@given(st.text(max_size=200))
def test_terms_never_crash_and_are_lower_case(text):
    assert all(t == t.lower() and t for t in terms(text))


@pytest.mark.parametrize("bad", [None, 3, b"bytes", ["list"]])
def test_bad_inputs(bad):
    with pytest.raises(InvalidInputError):
        terms(bad)
