import pytest

from labkit.context.assistant import DocumentAssistant
from labkit.errors import InvalidInputError
from labkit.llm import NOT_IN_CONTEXT, ScriptedChatModel, get_model
from labkit.llm.tokens import count_tokens

DOCS = ["The office is open from 8 am to 6 pm on weekdays. On Saturdays it opens at 10 am. " * 3,
        "Expense claims must be filed within 30 days of purchase. Receipts are required for claims over 25 euros.",
        "Employees may work remotely up to three days per week. Remote days must be agreed with the team lead."]


def test_answers_from_the_most_relevant_document_within_budget():
    assistant = DocumentAssistant(get_model(), budget=120)
    answer = assistant.answer("How many days can I work remotely?", DOCS)
    assert "three days" in answer.text
    assert answer.prompt_tokens <= 120
    assert answer.assembly.status("document 3") == "full"  # the remote-work document ranks first
    assert assistant.answer("What is the parental leave policy?", DOCS).text.startswith(NOT_IN_CONTEXT)


def test_remembers_earlier_questions_in_the_next_prompt():
    model = ScriptedChatModel(replies=["Three days.", "ok"])
    assistant = DocumentAssistant(model, budget=400)
    assistant.answer("How many days can I work remotely?", DOCS)
    assistant.answer("Can I work remotely on Fridays?", DOCS)
    second = model.calls[1].messages[-1].content
    assert "Earlier question: How many days can I work remotely? Answer given: Three days." in second
    assert count_tokens(second) <= 400


def test_bad_inputs():
    with pytest.raises(InvalidInputError):
        DocumentAssistant(get_model(), budget=10)
    assistant = DocumentAssistant(get_model())
    with pytest.raises(InvalidInputError):
        assistant.answer("", DOCS)
    with pytest.raises(InvalidInputError):
        assistant.answer("Why?", ["", "  "])
