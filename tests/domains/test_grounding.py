"""Answer coverage: common corpus terms do not count, and bad inputs are refused."""

from __future__ import annotations

import pytest

from labkit.domains.grounding import common_terms, question_coverage
from labkit.errors import InvalidInputError


def test_common_terms_are_those_in_more_than_the_share():
    texts = ["alpha beta", "alpha gamma", "alpha beta delta", "epsilon"]
    assert common_terms(texts) == {"alpha"}
    assert common_terms(texts, share=0.25) == {"alpha", "beta"}
    assert common_terms([]) == frozenset()


def test_coverage_ignores_common_terms_and_stop_words():
    q = "Does tidepool support WebSocket connections?"
    assert question_coverage(q, "tidepool supports websocket connections") == 1.0
    assert question_coverage(q, "Install tidepool with pip.", {"tidepool"}) == 0.0
    assert question_coverage(q, "Install tidepool with pip.") == pytest.approx(1 / 4)
    assert question_coverage("Is it?", "anything") == 1.0  # nothing to cover


@pytest.mark.parametrize("call", [
    lambda: question_coverage(None, "a"),
    lambda: question_coverage("q", 3),
    lambda: common_terms(["a"], share=1.5),
    lambda: common_terms(["a"], share=0),
])
def test_bad_inputs(call):
    with pytest.raises(InvalidInputError):
        call()
