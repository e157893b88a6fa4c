import pytest
from hypothesis import given
from hypothesis import strategies as st

from labkit.errors import InvalidInputError
from labkit.llm import ScriptedChatModel
from labkit.multiagent import (CollaborativeAgent, MessageBroker, decision_frame, majority_vote, negotiate, run_debate,
                               weighted_vote)


def test_split_votes_have_no_winner_and_name_the_tie():
    decision = majority_vote({"a": "x", "b": "y", "c": "x", "d": "y"})
    assert decision.winner is None and decision.tied == ("x", "y")
    assert majority_vote({"a": "x", "b": "y", "c": "z"}).winner is None  # a plurality is not a majority


def test_weights_can_overturn_a_head_count():
    votes = {"lead": "x", "b": "y", "c": "y"}
    assert majority_vote(votes).winner == "y"
    assert weighted_vote(votes, {"lead": 2.5}).winner == "x"
    with pytest.raises(InvalidInputError):
        weighted_vote(votes, {"lead": -1})


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.sampled_from("xyz"), max_size=9))
def test_a_winner_always_holds_more_than_half(votes):
    decision = majority_vote(votes)
    if decision.winner is not None:
        assert decision.tally[decision.winner] * 2 > len(votes)
    else:
        assert not votes or max(decision.tally.values()) * 2 <= len(votes)


def team(broker, prefs):
    agents = [CollaborativeAgent(n, ["x"], broker, ScriptedChatModel(replies=[]), preferences=p) for n, p in prefs]
    for a in agents:
        a.start()
    return agents


async def test_negotiation_drops_the_weakest_option_until_a_majority_forms():
    broker = MessageBroker()
    broker.register("chair")
    agents = team(broker, [("a", ["x", "y"]), ("b", ["y", "x"]), ("c", ["z", "x"]), ("d", ["x"])])
    decision = await negotiate(broker, "chair", ["a", "b", "c", "d"], "pick", ["x", "y", "z"])
    for a in agents:
        await a.stop()
    assert decision.winner == "x" and decision.rounds == 2
    assert decision.history == ({"x": 2.0, "y": 1.0, "z": 1.0}, {"x": 3.0, "y": 1.0})
    assert decision_frame(decision).loc["z"].tolist() == [1.0, 0.0]
    assert broker.counts() == {"consensus_proposal": 8, "consensus_vote": 8}


async def test_a_deadlocked_pair_stops_with_no_winner_and_a_silent_voter_abstains():
    broker = MessageBroker()
    broker.register("chair")
    agents = team(broker, [("a", ["x"]), ("b", ["y"])])
    broker.register("mute")  # registered, never answers
    decision = await negotiate(broker, "chair", ["a", "b", "mute"], "pick", ["x", "y"], rounds=5, timeout=0.5)
    for a in agents:
        await a.stop()
    assert decision.winner is None and decision.tied == ("x", "y") and decision.abstained == ("mute",)
    assert decision.rounds == 2  # nobody moved between rounds: stop instead of repeating the split


async def test_negotiation_bad_input():
    with pytest.raises(InvalidInputError):
        await negotiate(MessageBroker(), "chair", ["a"], "t", ["x"])


async def test_debate_scores_arguments_and_a_silent_debater_forfeits():
    broker = MessageBroker()
    broker.register("mod")
    pro = CollaborativeAgent("pro", ["x"], broker, ScriptedChatModel(replies=["Solar is cheap."], repeat_last=True),
                             knowledge=["Solar is cheap."])
    pro.start()
    broker.register("con")  # never answers
    judge = ScriptedChatModel(replies=["Score: 7/10"], repeat_last=True)
    result = await run_debate(broker, "mod", "Which?", {"pro": "solar", "con": "wind"}, judge=judge, rounds=2,
                              timeout=0.5)
    await pro.stop()
    assert result.winner == "solar" and result.totals == {"solar": 7.0, "wind": 0.0}
    assert result.to_frame()["argument"].tolist() == ["Solar is cheap.", "(no answer)",
                                                     "I have nothing new to add.", "(no answer)"]


async def test_a_debate_ends_when_a_whole_round_has_nothing_new():
    broker = MessageBroker()
    broker.register("mod")
    points = {"pro": ["Solar costs 20 percent less.", "Panels need little upkeep."],
              "con": ["Wind also works at night."]}
    debaters = [CollaborativeAgent(n, ["debate"], broker, ScriptedChatModel(replies=p), knowledge=p)
                for n, p in points.items()]
    for d in debaters:
        d.start()
    judge = ScriptedChatModel(replies=["Score: 6/10", "Score: 9/10", "Score: 0/10"])  # one per real argument
    result = await run_debate(broker, "mod", "Which?", {"pro": "solar", "con": "wind"}, judge=judge, rounds=5,
                              timeout=2.0)
    for d in debaters:
        await d.stop()
    assert result.rounds == 3 and len(judge.calls) == 3
    assert [(a["round"], a["debater"], a["score"]) for a in result.arguments] == [
        (1, "pro", 6.0), (1, "con", 9.0), (2, "pro", 0.0), (2, "con", 0.0), (3, "pro", 0.0), (3, "con", 0.0)]
    assert result.totals == {"solar": 6.0, "wind": 9.0} and result.winner == "wind"


async def test_a_judge_that_abstains_scores_nothing_and_the_record_says_so():
    broker = MessageBroker()
    broker.register("mod")
    debaters = [CollaborativeAgent(n, ["debate"], broker, ScriptedChatModel(replies=[p]), knowledge=[p])
                for n, p in (("pro", "Solar costs 20 percent less."), ("con", "Wind also works at night."))]
    for d in debaters:
        d.start()
    judge = ScriptedChatModel(replies=["Score: none. I cannot verify this argument.", "Score: 6/10"])
    result = await run_debate(broker, "mod", "Which?", {"pro": "solar", "con": "wind"}, judge=judge, rounds=1,
                              timeout=2.0)
    for d in debaters:
        await d.stop()
    assert [(a["argument"], a["score"]) for a in result.arguments] == [
        ("Solar costs 20 percent less. (judge gave no score)", 0.0), ("Wind also works at night.", 6.0)]
    assert "Criteria:" in judge.calls[0].messages[-1].content and result.winner == "wind"


async def test_the_offline_judge_rates_arguments_against_the_rubric_without_checking_their_facts():
    broker = MessageBroker()
    broker.register("mod")
    debaters = [CollaborativeAgent(n, ["debate"], broker, ScriptedChatModel(replies=[p]), knowledge=[p])
                for n, p in (("pro", "Solar panels would cover 60 percent of the demand, so the bills fall."),
                             ("con", "Wind is nice."))]
    for d in debaters:
        d.start()
    result = await run_debate(broker, "mod", "Which option should the depot install?",
                              {"pro": "solar", "con": "wind"}, rounds=1, timeout=30.0)
    for d in debaters:
        await d.stop()
    scores = {a["debater"]: a["score"] for a in result.arguments}
    assert scores["pro"] > scores["con"] > 0 and result.winner == "solar"


async def test_debate_rounds_must_be_positive():
    broker = MessageBroker()
    with pytest.raises(InvalidInputError, match="rounds"):
        await run_debate(broker, "mod", "Which?", {"a": "x", "b": "y"}, judge=ScriptedChatModel(replies=[]), rounds=0)
