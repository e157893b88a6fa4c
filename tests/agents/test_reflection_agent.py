import json

import pytest

from labkit.agents import ReflectionAgent
from labkit.agents.reflection import compare_reflection, keyword_coverage, load_tasks
from labkit.errors import InvalidInputError
from labkit.llm import ScriptedChatModel

MATERIAL = "The Skarvik lighthouse was designed by Ingrid Holm. Its lamp was first lit in 1887."


def test_draft_critique_revise_until_satisfied():
    model = ScriptedChatModel(replies=["draft one", "better draft"])
    critic = ScriptedChatModel(replies=["Score: 4/10\nWeaknesses: too vague.", "Score: 9/10\nStrengths: clear."])
    result = ReflectionAgent(model, critic).run("Explain X", "Some material.", "clarity")
    assert (result.answer, result.score, result.stopped) == ("better draft", 0.9, "satisfied")
    assert [r.score for r in result.rounds] == [0.4, 0.9]


def test_each_party_sees_what_a_user_would_give_it():
    model = ScriptedChatModel(replies=["It was lit in 1887.", "Ingrid Holm designed it; it was lit in 1887."])
    critic = ScriptedChatModel(replies=["Score: 5/10\nWeaknesses: the designer is missing.", "Score: 9/10"])
    ReflectionAgent(model, critic).run("Who designed it and when was it lit?", MATERIAL, "designer, year")
    critique_prompt = critic.calls[0].messages[-1].content
    assert "Criteria: designer, year" in critique_prompt and MATERIAL in critique_prompt
    assert "Response: It was lit in 1887." in critique_prompt
    revise_prompt = model.calls[1].messages[-1].content
    # the reviser gets the whole material (not the material minus the draft), its draft and the critic's reply
    assert MATERIAL in revise_prompt and "Draft: It was lit in 1887." in revise_prompt
    assert "the designer is missing." in revise_prompt and "Criteria:" not in revise_prompt


def test_the_revision_replaces_the_draft_instead_of_being_appended_to_it():
    model = ScriptedChatModel(replies=["first", "second"])
    critic = ScriptedChatModel(replies=["Score: 3/10", "Score: 9/10"])
    result = ReflectionAgent(model, critic).run("task", MATERIAL)
    assert [r.draft for r in result.rounds] == ["first", "second"] and result.answer == "second"


def test_the_loop_is_capped_and_keeps_the_best_draft():
    model = ScriptedChatModel(replies=["good", "worse", "worst"])
    critic = ScriptedChatModel(replies=["Score: 7/10", "Score: 5/10", "Score: 3/10"])
    result = ReflectionAgent(model, critic, max_rounds=3).run("task")
    assert result.stopped == "max_rounds" and len(result.rounds) == 3
    assert (result.answer, result.score) == ("good", 0.7)
    assert len(model.calls) == 3  # one draft + two revisions: no revision after the last critique


def test_a_revision_that_changes_nothing_stops_the_loop():
    model = ScriptedChatModel(replies=["same answer"], repeat_last=True)
    critic = ScriptedChatModel(replies=["Score: 5/10"], repeat_last=True)
    result = ReflectionAgent(model, critic, max_rounds=3).run("task", MATERIAL)
    assert (result.stopped, len(result.rounds), len(model.calls)) == ("no_change", 1, 2)


def test_a_critic_without_a_score_stops_the_loop():
    result = ReflectionAgent(ScriptedChatModel(replies=["d"]), ScriptedChatModel(replies=["Looks fine"])).run("t")
    assert result.stopped == "no_score" and result.answer == "d"


def test_bad_settings():
    with pytest.raises(InvalidInputError):
        ReflectionAgent(ScriptedChatModel(replies=[]), max_rounds=0)
    with pytest.raises(InvalidInputError):
        ReflectionAgent(ScriptedChatModel(replies=[]), target=8)
    with pytest.raises(InvalidInputError):
        ReflectionAgent(ScriptedChatModel(replies=[])).run("  ")


def test_the_comparison_reports_what_the_writer_did_gain_or_not(tmp_path):
    task = {"id": "lighthouse", "question": "Who designed it and when was it lit?", "material": MATERIAL,
            "criteria": "designer, year", "keywords": ["Ingrid Holm", "1887"]}
    # a writer that improves on request: coverage rises and the answer grows
    improving = ScriptedChatModel(replies=["Lit in 1887.", "Lit in 1887.", "Score: 5/10",
                                           "Designed by Ingrid Holm, lit in 1887.", "Score: 9/10"])
    row = compare_reflection([task], model=improving).iloc[0]
    assert (row["off"], row["on"], row["stopped"]) == (0.5, 1.0, "satisfied")
    assert row["words_on"] > row["words_off"] and row["tokens_on"] >= row["tokens_off"]
    # a writer that cannot revise: the comparison shows no gain rather than inventing one
    stuck = ScriptedChatModel(replies=["Lit in 1887.", "Lit in 1887.", "Score: 5/10", "Lit in 1887."])
    row = compare_reflection([task], model=stuck).iloc[0]
    assert (row["off"], row["on"], row["stopped"]) == (0.5, 0.5, "no_change")


def test_every_bundled_task_is_answerable_from_its_material():
    tasks = load_tasks()
    assert len(tasks) >= 10 and len({t["id"] for t in tasks}) == len(tasks)
    for task in tasks:
        assert keyword_coverage(task["material"], task["keywords"]) == 1.0, task["id"]
    # the set is not built so that one sentence is always half an answer: the number of facts varies
    assert len({len(t["keywords"]) for t in tasks}) >= 3


def test_a_bad_task_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "tasks.json"
    bad.write_text(json.dumps([{"id": "x"}]))
    with pytest.raises(InvalidInputError, match="lacks"):
        load_tasks(str(bad))
    with pytest.raises(InvalidInputError, match="Cannot read"):
        load_tasks(str(tmp_path / "missing.json"))


def test_a_critic_that_never_answers_ends_the_loop_with_the_draft():
    from labkit.llm import Latency

    slow_critic = ScriptedChatModel(replies=[Latency(3, "Score: 9/10")])
    result = ReflectionAgent(ScriptedChatModel(replies=["draft"]), slow_critic, timeout=0.2).run("task")
    assert (result.answer, result.stopped, result.rounds) == ("draft", "timeout", [])
