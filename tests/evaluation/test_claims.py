"""Faithfulness claim by claim, refusals, and answer relevance, with the limits the module names."""

from __future__ import annotations

from labkit.embed import get_embeddings
from labkit.evaluation.claims import (answer_relevance, check_claim, faithfulness, is_refusal, split_claims)

REFUNDS = "Refunds are accepted within 30 days of purchase with a receipt. Sale items cannot be refunded."


def test_split_claims_at_sentences_and_joined_clauses():
    assert split_claims("A is 1; B is 2. C is 3, but D is 4!") == ["A is 1", "B is 2.", "C is 3", "D is 4!"]
    assert split_claims("1,024 GB in total (16 nodes x 64 GB).") == ["1,024 GB in total (16 nodes x 64 GB)."]
    assert split_claims("   ") == []


def test_a_number_missing_from_the_context_makes_a_claim_unsupported():
    check = check_claim("Customers have 60 days to ask for a refund.", REFUNDS)
    assert not check.supported and check.missing_numbers == (60.0,)
    assert check_claim("Customers have 30 days to ask for a refund.", REFUNDS).supported


def test_words_absent_from_the_context_make_a_claim_unsupported():
    check = check_claim("Kestrel runs in any browser.", "The Kestrel app stores notes locally. It has no web version.")
    assert not check.supported and "of its words" in check.reason


def test_faithfulness_names_the_unsupported_claims():
    report = faithfulness("Customers have 30 days, and they get free shipping on returns.", REFUNDS)
    assert report.score == 0.5
    assert [c.claim for c in report.unsupported] == ["they get free shipping on returns."]
    assert faithfulness("Customers have 30 days.", [REFUNDS, "Other chunk."]).score == 1.0


def test_a_refusal_makes_no_claim_and_has_no_relevance():
    answer = "The context does not say when the trail was opened."
    assert is_refusal(answer)
    report = faithfulness(answer, "The trail is 14 km long.")
    assert report.refusal and report.score == 1.0 and report.claims == []
    assert answer_relevance("When was the trail opened?", answer) == 0.0


def test_embeddings_rescue_a_paraphrase_but_never_a_wrong_number():
    context = "Each Vanta sensor reports humidity every 5 minutes."
    embeddings = get_embeddings()
    paraphrase = "The device sends moisture readings at five-minute intervals."
    assert not check_claim(paraphrase, context).supported
    rescued = check_claim(paraphrase, context, embeddings=embeddings, semantic_threshold=0.5)
    assert rescued.supported and rescued.similarity > 0.5
    wrong = check_claim("Each Vanta sensor reports humidity every 7 minutes.", context, embeddings=embeddings)
    assert wrong.similarity > 0.9 and not wrong.supported


def test_known_limit_words_in_the_wrong_relation_pass():
    """Documented blind spot: every word and number is in the context, in the wrong relation."""
    context = "Greyfield School has 340 pupils and 28 teachers."
    assert faithfulness("It has 340 teachers.", context).score == 1.0


def test_answer_relevance_ranks_an_on_topic_answer_above_an_off_topic_one():
    question = "On which side of the Solberg bridge is the cycle lane?"
    on_topic = answer_relevance(question, "The cycle lane is on the north side of the bridge.")
    off_topic = answer_relevance(question, "Tickets for the spring concert cost 18 euros.")
    assert on_topic > off_topic + 0.3
