"""A context-aware chatbot: a window of recent turns, a rolling summary and recalled long-term memories, per call.

The one idea: the model is stateless, so every call must carry what it needs to remember. Each turn the bot builds
the message list from three memories: the last ``window`` messages verbatim (:mod:`.buffer`), a rolling summary of
what the user said before that (:mod:`.summary`), and the few important past statements most similar to the new
message (:mod:`.episodic`). Summary and recalled statements go in as one user note placed before the window, so any
chat model reads them as part of the conversation (the offline model answers from earlier user turns).

The syllabus's example, "My name is Alice and I like hiking", then "What do I like?" twenty turns later, works
because the preference is recalled by meaning even after it has left the window.

Left out: per-user persistence and tool use (Level 4).
"""

from __future__ import annotations

from typing import Any

from labkit.context.buffer import WindowMemory
from labkit.context.episodic import EpisodicMemory
from labkit.context.summary import SummaryMemory
from labkit.errors import InvalidInputError

NOTE_HEADER = "(Notes from earlier in our conversation.)"


class ContextAwareChatbot:
    """Chat with memory. ``summarize`` and ``recall`` switch the two long-range memories on or off, so their effect
    can be measured against a window-only bot."""

    def __init__(self, model: Any, window: int = 4, summarize: bool = True, recall: bool = True, recall_k: int = 3,
                 summary_sentences: int = 3,
                 system: str = "You are a helpful assistant. Use what the user told you earlier."):
        if not isinstance(window, int) or window < 1:
            raise InvalidInputError(f"window must be a positive number of messages, got {window!r}.")
        self.model, self.system, self.recall_k = model, system, recall_k
        self.memory: WindowMemory | SummaryMemory = SummaryMemory(model, k=window, sentences=summary_sentences) if summarize else WindowMemory(k=window)
        self.episodes = EpisodicMemory() if recall else None
        self.last_messages: list[Any] = []

    def _window(self) -> list[Any]:
        return self.memory.window()

    def notes(self, text: str) -> list[str]:
        """What the bot adds beyond the window for this message: the summary, then recalled statements."""
        in_window = {t.content for t in self._window()}
        notes: list[str] = []
        summary = getattr(self.memory, "summary", "")
        if summary:
            notes.append(summary)
        if self.episodes is not None:
            for episode, _ in self.episodes.search(text, k=self.recall_k):
                if episode.query not in in_window and all(episode.query not in n for n in notes):
                    notes.append(episode.query)
        return notes

    def build_messages(self, text: str) -> list[Any]:
        from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

        messages: list[Any] = [SystemMessage(self.system)]
        notes = self.notes(text)
        if notes:
            messages += [HumanMessage(NOTE_HEADER + "\n" + "\n".join(notes)), AIMessage("Noted.")]
        messages += [t.as_message() for t in self._window()]
        messages.append(HumanMessage(text))
        return messages

    def chat(self, text: str) -> str:
        """One turn: build the context, call the model, then remember both sides."""
        if not isinstance(text, str) or not text.strip():
            raise InvalidInputError("Say something: the message is empty.")
        self.last_messages = self.build_messages(text.strip())
        reply = str(self.model.invoke(self.last_messages).content)
        self.memory.add("human", text.strip())
        self.memory.add("ai", reply)
        if self.episodes is not None:
            self.episodes.record(text.strip(), reply)
        return reply


# --- measuring memory: plant facts, talk about other things, ask ------------------------------------------------

FACTS = (
    ("Hi, I'm Alice.", "What is my name?", "alice"),
    ("I like hiking in the mountains.", "What do I like?", "hiking"),
    ("My sister lives in Denver.", "Where does my sister live?", "denver"),
    ("I work as a nurse at the city hospital.", "Where do I work?", "hospital"),
    ("My favourite colour is green.", "What is my favourite colour?", "green"),
)
SMALL_TALK = (
    "The weather is nice today.", "I watched a film yesterday.", "Traffic was bad this morning.",
    "Lunch was pasta.", "The train was late again.", "It might rain tomorrow.", "The coffee here is strong.",
    "Weekends go by too fast.", "The park was crowded.", "That song is catchy.",
)


def recall_rate(model: Any, filler_turns: int = 6, facts=FACTS, **bot_options: Any) -> float:
    """Tell the bot every fact, then ``filler_turns`` of small talk, then ask about each fact; the share of answers
    that contain the expected word. ``bot_options`` go to :class:`ContextAwareChatbot`."""
    if not facts:
        raise InvalidInputError("recall_rate needs at least one (statement, question, expected) fact.")
    if not isinstance(filler_turns, int) or filler_turns < 0:
        raise InvalidInputError(f"filler_turns must be a non-negative integer, got {filler_turns!r}.")
    bot = ContextAwareChatbot(model, **bot_options)
    for statement, _, _ in facts:
        bot.chat(statement)
    for i in range(filler_turns):
        bot.chat(SMALL_TALK[i % len(SMALL_TALK)])
    hits = sum(expected in bot.chat(question).lower() for _, question, expected in facts)
    return hits / len(facts)
