import pytest

from labkit.agents import ReflectionAgent
from labkit.errors import InvalidInputError
from labkit.llm import ScriptedChatModel

FALCON = """The Falcon 9 rocket was developed by SpaceX. Its first flight took place in 2010.
The rocket is 70 metres tall and burns kerosene with liquid oxygen.
The first stage is reusable and lands on a drone ship."""


def test_generate_critique_refine_until_satisfied():
    model = ScriptedChatModel(replies=["draft one", "better draft"])
    critic = ScriptedChatModel(replies=["Score: 4/10\nWeaknesses: too vague.", "Score: 9/10\nStrengths: clear."])
    result = ReflectionAgent(model, critic, mode="rewrite").run("Explain X", "Some material.")
    assert (result.answer, result.score, result.stopped) == ("better draft", 0.9, "satisfied")
    assert [r.score for r in result.rounds] == [0.4, 0.9]
    refine_prompt = model.calls[1].messages[-1].content
    assert "Draft: draft one" in refine_prompt and "too vague." in refine_prompt
    assert "Response: draft one" in critic.calls[0].messages[-1].content


def test_the_loop_is_capped_and_keeps_the_best_draft():
    model = ScriptedChatModel(replies=["good", "worse", "worst"])
    critic = ScriptedChatModel(replies=["Score: 7/10", "Score: 5/10", "Score: 3/10"])
    result = ReflectionAgent(model, critic, max_rounds=3, mode="rewrite").run("task")
    assert result.stopped == "max_rounds" and len(result.rounds) == 3
    assert (result.answer, result.score) == ("good", 0.7)
    assert len(model.calls) == 3  # one generate + two refinements: no refinement after the last critique


def test_a_critic_without_a_score_stops_the_loop():
    result = ReflectionAgent(ScriptedChatModel(replies=["d"]), ScriptedChatModel(replies=["Looks fine"])).run("t")
    assert result.stopped == "no_score" and result.answer == "d"


def test_patch_mode_adds_the_missing_fact_with_the_offline_model():
    task = "Who developed the Falcon 9 and when did it first fly?"
    off = ReflectionAgent(max_rounds=1).run(task, FALCON, "developer, first flight year")
    on = ReflectionAgent(max_rounds=3).run(task, FALCON, "developer, first flight year")
    assert "SpaceX" in on.answer and "2010" in on.answer
    assert on.score > off.score and len(on.rounds) >= 2


def test_bad_settings():
    with pytest.raises(InvalidInputError):
        ReflectionAgent(ScriptedChatModel(replies=[]), mode="polish")
    with pytest.raises(InvalidInputError):
        ReflectionAgent(ScriptedChatModel(replies=[]), target=8)


def test_the_bundled_comparison_shows_reflection_helping(tmp_path):
    from labkit.agents.reflection import compare_reflection, load_tasks

    tasks = load_tasks()
    assert len(tasks) == 6 and all(len(t["keywords"]) == 2 for t in tasks)
    table = compare_reflection(tasks[:2])
    assert table["on"].mean() > table["off"].mean() and (table["tokens_on"] > table["tokens_off"]).all()
    bad = tmp_path / "tasks.json"
    bad.write_text('[{"id": "x"}]')
    with pytest.raises(InvalidInputError, match="lacks"):
        load_tasks(str(bad))


def test_a_critic_that_never_answers_ends_the_loop_with_the_draft():
    from labkit.llm import Latency

    slow_critic = ScriptedChatModel(replies=[Latency(3, "Score: 9/10")])
    result = ReflectionAgent(ScriptedChatModel(replies=["draft"]), slow_critic, timeout=0.2).run("task")
    assert (result.answer, result.stopped, result.rounds) == ("draft", "timeout", [])
