import re

import pytest

from labkit.errors import InvalidInputError
from labkit.llm import ScriptedChatModel, get_model
from labkit.reasoning.roles import ROLES, Role, ask, get_role, panel, register


def test_library_roles_render_a_system_prompt_with_criteria():
    assert {"financial_advisor", "technical_architect", "marketing_strategist"} <= set(ROLES)
    text = get_role("financial_advisor").system_prompt()
    assert text.startswith("You are a certified financial advisor") and "Criteria: risk" in text


def test_ask_sends_the_role_as_system_message():
    model = ScriptedChatModel(replies=["ok"])
    ask(model, "editor", "Is this clear?", context="Some draft.")
    system, human = model.calls[0].messages
    assert "copy editor" in system.content and human.content == "Context: Some draft.\nQuestion: Is this clear?"


def test_each_role_reviews_against_its_own_criteria():
    question = "How should we host our new web application?"
    answer = ("Use a managed container service with autoscaling, keep secrets in a vault for security, and set a "
              "monthly cost budget with alerts. Review the maintenance plan every quarter.")
    reviews = panel(get_model(), ["technical_architect", "financial_advisor"], question, answer)
    scores = {r: int(re.search(r"Score: (\d+)/10", text).group(1)) for r, text in reviews.items()}
    assert scores["technical_architect"] > scores["financial_advisor"]
    assert "diversification" in reviews["financial_advisor"]


def test_bad_roles():
    with pytest.raises(InvalidInputError, match="Known roles"):
        get_role("wizard")
    with pytest.raises(InvalidInputError):
        Role("not an id", "x", ("y",), "a", "s")
    with pytest.raises(InvalidInputError):
        register(get_role("editor"))
    with pytest.raises(InvalidInputError):
        get_role("editor").messages("")
    with pytest.raises(InvalidInputError):
        panel(get_model(), [], "q", "a")


@pytest.mark.parametrize("question,role", [
    ("I'm 25 with $10k savings. How should I start investing?", "financial_advisor"),
    ("Our API is slow under load; how do we scale it?", "technical_architect"),
    ("How do we launch our new app to teenagers?", "marketing_strategist"),
    ("How do I explain fractions to my 8-year-old?", "teacher"),
])
def test_route_picks_the_expert_by_meaning(question, role):
    from labkit.reasoning.roles import route

    assert route(question)[0] == role


def test_route_bad_inputs():
    from labkit.reasoning.roles import route

    with pytest.raises(InvalidInputError):
        route("")
    with pytest.raises(InvalidInputError):
        route("x", roles=[])
    with pytest.raises(InvalidInputError, match="Known roles"):
        route("x", roles=["wizard"])
