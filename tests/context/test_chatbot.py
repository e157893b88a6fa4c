import pytest

from labkit.context.chatbot import NOTE_HEADER, ContextAwareChatbot, recall_rate
from labkit.errors import InvalidInputError
from labkit.llm import NOT_IN_CONTEXT, ScriptedChatModel, get_model


def test_alice_likes_hiking():
    bot = ContextAwareChatbot(get_model())
    bot.chat("Hi, I'm Alice.")
    bot.chat("I like hiking in the mountains.")
    assert "hiking" in bot.chat("What do I like?")
    assert bot.chat("What is my name?") == "Your name is Alice."


def test_memory_survives_the_window_only_with_recall_or_summary():
    def run(**options):
        bot = ContextAwareChatbot(get_model(), window=2, **options)
        bot.chat("Hi, I'm Alice.")
        for text in ["The weather is nice today.", "Lunch was pasta.", "The train was late again."]:
            bot.chat(text)
        return bot.chat("What is my name?")

    assert run(summarize=False, recall=False).startswith(NOT_IN_CONTEXT)  # then says why
    assert run(summarize=False, recall=True) == "Your name is Alice."
    assert run(summarize=True, recall=False) == "Your name is Alice."


def test_the_model_receives_notes_then_the_window():
    model = ScriptedChatModel(replies=["ok"], repeat_last=True)
    bot = ContextAwareChatbot(model, window=2, summarize=False)
    bot.chat("I like hiking in the mountains.")
    bot.chat("The weather is nice today.")
    bot.chat("What do I enjoy outdoors?")
    roles = [type(m).__name__ for m in model.calls[-1].messages]
    assert roles == ["SystemMessage", "HumanMessage", "AIMessage", "HumanMessage", "AIMessage", "HumanMessage"]
    note = model.calls[-1].messages[1].content
    assert note.startswith(NOTE_HEADER) and "hiking" in note


def test_recall_rate_measures_the_memories():
    window_only = recall_rate(get_model(), 4, window=4, summarize=False, recall=False)
    with_recall = recall_rate(get_model(), 4, window=4, summarize=False, recall=True)
    assert window_only < with_recall and with_recall >= 0.8


def test_bad_inputs():
    with pytest.raises(InvalidInputError):
        ContextAwareChatbot(get_model()).chat("  ")
    with pytest.raises(InvalidInputError):
        ContextAwareChatbot(get_model(), window=0)
    with pytest.raises(InvalidInputError):
        recall_rate(get_model(), facts=())
    with pytest.raises(InvalidInputError):
        recall_rate(get_model(), filler_turns=-1)
