import pytest

from labkit.errors import MalformedOutputError
from labkit.tools import Action, FinalAnswer, parse_action


def test_parses_action_with_noise():
    text = 'Thought: look it up\nAction: `search`\nAction Input: ```json\n{"query": "faiss"}\n```\nObservation: ...'
    assert parse_action(text) == Action("search", {"query": "faiss"}, "look it up")


def test_single_quotes_and_bare_strings():
    assert parse_action("Action: search\nAction Input: {'query': 'x'}").args == {"query": "x"}
    assert parse_action("Action: search\nAction Input: faiss index").args == {"input": "faiss index"}


def test_final_answer_before_action_wins():
    assert parse_action("Final Answer: 4\nAction: calculator") == FinalAnswer("4")


@pytest.mark.parametrize("text", ["just text", "Action: calculator"])
def test_malformed(text):
    with pytest.raises(MalformedOutputError):
        parse_action(text)
