from collections import Counter

import pytest

from labkit.errors import InvalidInputError
from labkit.llm import ScriptedChatModel, get_model
from labkit.prompting.classifier import (
    CATEGORIES, LabelledEmail, classify_email, evaluate, load_emails, normalise_label,
)


def test_bundled_set_is_balanced_and_valid():
    emails = load_emails()
    counts = Counter(e.label for e in emails)
    assert set(counts) == set(CATEGORIES) and len(emails) >= 30 and min(counts.values()) >= 6


@pytest.mark.parametrize("reply,label", [("spam", "spam"), ("Category: URGENT.", "urgent"),
                                         ("urgent or spam", None), ("no idea", None), ("", None)])
def test_normalise_label(reply, label):
    assert normalise_label(reply, CATEGORIES) == label


def test_report_counts_misses_and_unparseable_replies():
    emails = [LabelledEmail("a", "spam"), LabelledEmail("b", "urgent"), LabelledEmail("c", "personal")]
    report = evaluate(ScriptedChatModel(replies=["spam", "personal", "I am not sure"]), emails, concurrency=1)
    assert report.accuracy == pytest.approx(1 / 3)
    assert report.per_category() == {"personal": 0.0, "spam": 1.0, "urgent": 0.0}
    assert ("personal", "(none)", 1) in report.confusions()


def test_offline_accuracy_with_described_categories():
    report = evaluate(get_model(), prompt="described")
    # The offline model abstains when no label clearly leads (a "(none)" reply), so accuracy counts abstentions as
    # misses; what it does label, it labels mostly right.
    wrong = sum(n for _, got, n in report.confusions() if got != "(none)")
    assert report.accuracy >= 0.7 and wrong <= 5
    assert classify_email(get_model(), "You won a free prize! Click this link to claim it.") == "spam"


def test_bad_inputs():
    with pytest.raises(InvalidInputError):
        classify_email(get_model(), "")
    with pytest.raises(InvalidInputError):
        evaluate(get_model(), [], prompt="described")
    with pytest.raises(InvalidInputError):
        evaluate(get_model(), [LabelledEmail("x", "bogus")])
    with pytest.raises(InvalidInputError):
        evaluate(get_model(), prompt="nope")
