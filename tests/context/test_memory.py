import pytest

from labkit.context.buffer import Turn, WindowMemory, transcript
from labkit.context.episodic import EpisodicMemory, importance
from labkit.context.summary import SummaryMemory, summary_prompt
from labkit.context.vector import VectorMemory
from labkit.errors import InvalidInputError
from labkit.llm import ScriptedChatModel, get_model


def test_window_keeps_the_last_k_and_respects_tokens():
    memory = WindowMemory(k=3)
    for i in range(5):
        memory.add("human" if i % 2 == 0 else "ai", f"message number {i}")
    assert [t.index for t in memory.window()] == [2, 3, 4]
    assert [t.index for t in memory.forgotten()] == [0, 1]
    tight = WindowMemory(k=10, max_tokens=7)
    for text in ["one two three", "four five six", "seven eight nine"]:
        tight.add("human", text)
    assert [t.content for t in tight.window()] == ["four five six", "seven eight nine"]
    assert [type(m).__name__ for m in memory.messages()] == ["HumanMessage", "AIMessage", "HumanMessage"]


def test_transcript_and_bad_turns():
    assert transcript([Turn("human", "hi", 0), Turn("ai", "yo", 1)], include_ai=False) == "User: hi"
    with pytest.raises(InvalidInputError):
        WindowMemory().add("robot", "x")
    with pytest.raises(InvalidInputError):
        WindowMemory().add("human", " ")
    with pytest.raises(InvalidInputError):
        WindowMemory(k=0)


def test_summary_folds_forgotten_turns_through_the_model():
    model = ScriptedChatModel(replies=["S1", "S2"])
    memory = SummaryMemory(model, k=2, sentences=2)
    memory.add("human", "I'm Alice.")
    memory.add("ai", "Hello Alice.")
    assert memory.summary == "" and memory.calls == 0
    memory.add("human", "I like hiking.")  # "I'm Alice." leaves the window
    assert memory.summary == "S1" and memory.calls == 1
    assert "I'm Alice." in model.calls[0].messages[-1].content
    memory.add("ai", "Noted.")  # only an AI turn leaves: no call
    assert memory.calls == 1
    memory.add("human", "Bye.")  # "I like hiking." leaves; the fold sees the previous summary
    prompt = model.calls[1].messages[-1].content
    assert memory.summary == "S2" and "S1" in prompt and "I like hiking." in prompt


def test_offline_rolling_summary_stays_bounded():
    memory = SummaryMemory(get_model(), k=2, sentences=2)
    texts = ["Hi, I'm Alice.", "The weather is nice today.", "I like hiking in the mountains.", "Lunch was ok.",
             "Bye for now.", "My sister lives in Denver."]
    for text in texts:
        memory.add("human", text)
        memory.add("ai", "Noted.")
    kept = [t for t in texts if t in memory.summary]
    assert "Hi, I'm Alice." in kept and len(kept) == 2  # bounded: two sentences however long the chat
    assert memory.calls == len(texts) - 1


def test_summary_prompt_shape():
    text = summary_prompt("Earlier.", [Turn("human", "A.", 0), Turn("ai", "B.", 1)], 2)
    assert text.startswith("Summarize in 2 sentences") and "Earlier.\nA." in text and "B." not in text


def test_vector_memory_recalls_by_meaning():
    memory = VectorMemory()
    for text in ["Hi, I'm Alice.", "I like hiking in the mountains.", "The train was late again."]:
        memory.add(text)
    best, score = memory.search("What outdoor activity do I enjoy?", k=1)[0]
    assert best.text == "I like hiking in the mountains." and 0 < score <= 1
    assert VectorMemory().search("anything") == []
    with pytest.raises(InvalidInputError):
        memory.search("", k=1)
    with pytest.raises(InvalidInputError):
        memory.add("  ")


@pytest.mark.parametrize("text,low,high", [("The weather is nice today.", 1, 2), ("Hi, I'm Alice.", 4, 10),
                                           ("I'm allergic to peanuts, remember that.", 5, 10),
                                           ("What time is it?", 1, 1)])
def test_importance_scores(text, low, high):
    score, reasons = importance(text)
    assert low <= score <= high and (score == 1) == (reasons == [])


def test_episodic_memory_keeps_only_important_episodes_and_ranks_them():
    memory = EpisodicMemory(threshold=3)
    assert memory.record("The weather is nice today.") is None
    kept = memory.record("I'm allergic to peanuts, remember that.", "Noted.")
    memory.record("I like hiking in the mountains.")
    assert kept is not None and kept.importance >= 5 and len(memory.episodes) == 2 and memory.seen == 3
    top, _ = memory.search("Can I eat this peanut cake?", k=1)[0]
    assert top.query.startswith("I'm allergic")
    with pytest.raises(InvalidInputError):
        EpisodicMemory(threshold=11)
    with pytest.raises(InvalidInputError):
        EpisodicMemory(scorer=lambda t: (0, [])).record("x")
