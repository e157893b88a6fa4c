import pytest

from labkit.errors import InvalidInputError
from labkit.multiagent import TrustScores


def test_beta_posterior_mean_against_hand_computed_values():
    trust = TrustScores()
    assert trust.score("unseen") == 0.5  # Beta(1, 1): no evidence either way
    for ok in (True, True, True, False):
        trust.record("ann", ok)
    assert trust.counts("ann") == (3.0, 1.0)
    assert trust.score("ann") == pytest.approx(4 / 6)  # Beta(4, 2) mean


def test_decay_forgets_old_evidence_so_a_recent_failure_weighs_more():
    plain, forgetful = TrustScores(), TrustScores(decay=0.5)
    for ok in (True, True, True, False):
        plain.record("ann", ok)
        forgetful.record("ann", ok)
    # decayed successes: ((1 * .5 + 1) * .5 + 1) * .5 = 0.875; the failure is fresh: 1
    assert forgetful.counts("ann") == (0.875, 1.0)
    assert forgetful.score("ann") == pytest.approx(1.875 / 3.875)
    assert forgetful.score("ann") < plain.score("ann")


def test_rank_prefers_trust_then_name_and_resolve_accepts_the_most_trusted_answer():
    trust = TrustScores()
    for _ in range(3):
        trust.record("ann", True)
        trust.record("bob", False)
    assert trust.rank(["bob", "cy", "ann"]) == ["ann", "cy", "bob"]
    conflict = trust.resolve({"ann": "42", "bob": "41", "cy": "41"})
    # ann 0.8 against bob 0.2 + cy 0.5: one trusted agent outweighs two doubtful ones
    assert conflict.winner == "42" and conflict.tally == pytest.approx({"42": 0.8, "41": 0.7})
    plurality = TrustScores().resolve({"a": "x", "b": "y", "c": "z", "d": "x"})
    assert plurality.winner == "x"  # the leader wins without a majority of the trust: a conflict must be settled
    tie = TrustScores().resolve({"a": "x", "b": "y"})
    assert tie.winner is None and tie.tied == ("x", "y")
    assert [row["agent"] for row in trust.table()] == ["ann", "bob"]


@pytest.mark.parametrize("decay", [0, -0.1, 1.5, "0.9", True])
def test_bad_decay_is_refused(decay):
    with pytest.raises(InvalidInputError, match="decay"):
        TrustScores(decay)


def test_an_outcome_must_be_a_boolean():
    with pytest.raises(InvalidInputError, match="True"):
        TrustScores().record("ann", 1)
