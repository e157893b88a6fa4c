"""Skill chains: values flow between steps, every prompt stays under its limit, missing inputs fail before any call."""

from __future__ import annotations

import json

import pytest

from labkit.errors import InvalidInputError, MissingChainInputError, PromptTooLongError
from labkit.llm import ScriptedChatModel, Timeout
from labkit.llm.tokens import count_tokens
from labkit.small.chains import ChainRun, Skill, SkillChain, support_ticket_chain

TICKET = ("Hi, I was charged twice for my March subscription and I want the extra payment refunded. "
          "I have been a customer since 2019 and I usually like the service. The app also felt slow last week, "
          "but that is not why I am writing. You can reach me at jo.baker@example.com any day. "
          "Please sort out the double charge quickly, because money is tight this month.")
POLICY = ("[refunds] Duplicate charges are refunded within 5 business days of the report. Refunds go back to the "
          "original card.\n[shipping] Orders ship in 2 days. Express shipping costs extra.\n"
          "[accounts] Passwords can be reset from the login page.")


def test_values_flow_from_step_to_step():
    model = ScriptedChatModel(replies=["  short summary ", "billing"])
    chain = SkillChain([
        Skill("sum", "Summarize: {text}", "summary"),
        Skill("cls", "Classify into one of: billing, other.\nText: {summary}", "label"),
    ], model)
    run = chain.run(text="long text")
    assert isinstance(run, ChainRun) and run.output == "billing"
    assert run.state == {"text": "long text", "summary": "short summary", "label": "billing"}
    assert model.calls[1].messages[0].content.endswith("Text: short summary")
    assert [s.skill for s in run.steps] == ["sum", "cls"]


def test_every_prompt_fits_its_limit_and_material_is_shortened():
    model = ScriptedChatModel(replies=["ok"], repeat_last=True)
    skill = Skill("answer", "Context:\n{ctx}\nQuestion: {q}", "a", max_prompt_tokens=30, compress="ctx", query="q")
    long_ctx = " ".join(f"Sentence {i} is filler." for i in range(40)) + " The refund takes 5 days."
    run = SkillChain([skill], model).run(ctx=long_ctx, q="How long does the refund take?")
    step = run.steps[0]
    assert step.shortened and step.prompt_tokens <= 30 == skill.max_prompt_tokens
    assert "The refund takes 5 days." in step.prompt  # the query steered which sentence survived
    assert count_tokens(model.calls[0].messages[0].content) <= 30


def test_offline_support_ticket_chain_does_each_job_within_96_tokens():
    run = support_ticket_chain(max_prompt_tokens=96).run(
        ticket=TICKET, policy=POLICY, question="How long does a refund for a duplicate charge take?")
    assert run.largest_prompt <= 96
    assert count_tokens(TICKET + "\n" + POLICY) > 96  # the material alone would not fit one small prompt
    assert run.state["category"] == "billing"
    assert json.loads(run.state["contact"]) == {"email": "jo.baker@example.com"}
    assert "5 business days" in run.output and "[refunds]" in run.output


def test_missing_inputs_fail_before_any_model_call():
    model = ScriptedChatModel(replies=["x"])
    chain = SkillChain([Skill("a", "{text}", "out"), Skill("b", "{out} {other}", "final")], model)
    with pytest.raises(MissingChainInputError) as info:
        chain.run(text="hi")
    assert info.value.skill == "b" and info.value.missing == ["other"]
    assert model.calls == []


def test_step_that_cannot_fit_raises_with_the_skill_name():
    chain = SkillChain([Skill("big", "{a}", "out", max_prompt_tokens=3)], ScriptedChatModel(replies=["x"]))
    with pytest.raises(PromptTooLongError) as info:
        chain.run(a="one two three four five")
    assert "skill 'big'" in str(info.value)
    fixed = Skill("fixed", "a long fixed instruction that is already too long {m}", "o", 4, compress="m")
    with pytest.raises(PromptTooLongError):
        SkillChain([fixed], ScriptedChatModel(replies=["x"])).run(m="text")


def test_model_errors_propagate():
    chain = SkillChain([Skill("a", "{t}", "o")], ScriptedChatModel(replies=[Timeout()]))
    with pytest.raises(Exception, match="did not answer"):
        chain.run(t="x")


@pytest.mark.parametrize(
    "call",
    [
        lambda: Skill("", "{a}", "o"),
        lambda: Skill("s", "", "o"),
        lambda: Skill("s", "{a}", "not an id"),
        lambda: Skill("s", "{a}", "o", max_prompt_tokens=0),
        lambda: Skill("s", "{a", "o"),
        lambda: Skill("s", "{a.b}", "o"),
        lambda: Skill("s", "{0}", "o"),
        lambda: Skill("s", "{a}", "o", compress="b"),
        lambda: SkillChain([]),
        lambda: SkillChain(["not a skill"]),
        lambda: SkillChain([Skill("s", "{a}", "o"), Skill("s", "{o}", "p")]),
    ],
)
def test_bad_inputs(call):
    with pytest.raises(InvalidInputError):
        call()
