"""One refusal detector for the library: cues anywhere (faithfulness) or at the opening (an agent's nonempty)."""

from __future__ import annotations

import pytest

from labkit.agents.criteria import verify
from labkit.evaluation.claims import faithfulness
from labkit.llm import NO_KNOWLEDGE, NOT_IN_CONTEXT
from labkit.llm.refusal import is_refusal


@pytest.mark.parametrize("reply", [NOT_IN_CONTEXT, NO_KNOWLEDGE, "  i do not know", "Noted. How can I help?",
                                   "Not in the context.", "I can't find that in the text."])
def test_the_offline_models_refusals_and_their_usual_phrasings_open_as_refusals(reply):
    assert is_refusal(reply, opening=True) and is_refusal(reply)


@pytest.mark.parametrize("reply", ["The context does not say when it opened.", "It rained; the report gives no reason."])
def test_a_cue_inside_an_answer_is_a_refusal_only_when_read_anywhere(reply):
    assert is_refusal(reply) and not is_refusal(reply, opening=True)


@pytest.mark.parametrize("reply", ["It opened in 1994.", "Nothing is missing: the knowledge base is complete.",
                                   "The cannon fired.", "Snow knows no season."])
def test_answers_are_not_refusals(reply):
    assert not is_refusal(reply) and not is_refusal(reply, opening=True)


def test_both_library_readers_use_it():
    assert verify(NOT_IN_CONTEXT, "nonempty").reason == "the output is a refusal"
    assert verify("The context does not say.", "nonempty").passed  # an answer that opens otherwise
    assert faithfulness("The context does not say when the trail opened.", "The trail is 14 km long.").refusal
