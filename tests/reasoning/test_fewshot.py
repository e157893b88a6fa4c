import numpy as np
import pytest

from labkit.errors import InvalidInputError
from labkit.reasoning.fewshot import (
    Example, SimilaritySelector, StaticSelector, few_shot_prompt, label_match_rate, load_support_examples, mmr_select,
)

BANK, QUERIES = load_support_examples()


@pytest.fixture(scope="module")
def selector():
    return SimilaritySelector(BANK, k=3)


def test_static_selector_is_the_same_for_every_query():
    s = StaticSelector(BANK, k=2)
    assert s.select("anything") == s.select("something else") == BANK[:2]


def test_similarity_selection_matches_brute_force_cosine(selector):
    query = QUERIES[0].input
    vectors = selector.vectors
    q = selector._encode([query])[0]
    expected = [BANK[i] for i in np.argsort(-(vectors @ q))[:3]]
    assert selector.select(query) == expected
    sims = [s for _, s in selector.scored(query)]
    assert sims == sorted(sims, reverse=True)


def test_dynamic_examples_are_more_on_topic_than_static(selector):
    assert label_match_rate(selector, QUERIES) >= 0.7
    assert label_match_rate(selector, QUERIES) > label_match_rate(StaticSelector(BANK, 3), QUERIES) + 0.3


def test_mmr_avoids_near_duplicates():
    bank = [Example("refund my money please", "billing"), Example("please refund my money", "billing"),
            Example("I want a refund of my money", "billing"), Example("my package never arrived", "shipping")]
    plain = SimilaritySelector(bank, k=2).select("refund money")
    diverse = SimilaritySelector(bank, k=2, mmr=True, lambda_mult=0.3).select("refund money")
    assert {e.output for e in plain} == {"billing"}
    assert {e.output for e in diverse} == {"billing", "shipping"}


def test_mmr_with_lambda_one_is_plain_similarity():
    v = np.eye(3, dtype=np.float32)
    assert mmr_select([(2, 0.9), (0, 0.5), (1, 0.1)], v, 3, 1.0) == [(2, 0.9), (0, 0.5), (1, 0.1)]


def test_prompt_puts_examples_before_the_labelled_query():
    text = few_shot_prompt("Classify the intent.", BANK[:2], "Where is my parcel?")
    assert text.index("Example 2:") < text.index("Input: Where is my parcel?") and text.endswith("Output:")


def test_bad_inputs():
    with pytest.raises(InvalidInputError, match="empty"):
        StaticSelector([], k=1)
    with pytest.raises(InvalidInputError):
        SimilaritySelector([], k=1)
    with pytest.raises(InvalidInputError):
        StaticSelector(BANK, k=0)
    with pytest.raises(InvalidInputError):
        few_shot_prompt("task", [], "query")
    with pytest.raises(InvalidInputError):
        few_shot_prompt("task", [Example("", "x")], "query")
    with pytest.raises(InvalidInputError):
        SimilaritySelector(BANK, k=2, lambda_mult=1.5)
