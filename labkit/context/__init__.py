"""Level 3, context engineering and memory: fit what matters into the window, and remember across turns.

Modules, in teaching order: :mod:`.truncation` (token budgets; head, tail and middle-out cuts), :mod:`.priority`
(score and pack information), :mod:`.hierarchy` (required and optional layers within a budget), then memory:
:mod:`.buffer` (window), :mod:`.summary` (rolling summary by the model), :mod:`.vector` (long-term, faiss),
:mod:`.episodic` (importance-scored episodes) and :mod:`.chatbot` (all of them in a chat loop).

Their public names load from here on first use (``from labkit.context import Layer, assemble``), so this package
imports nothing heavy.
"""

from __future__ import annotations

from labkit.lazy import lazy_face

__all__, __getattr__ = lazy_face(__name__, {
    "truncation": ("STRATEGIES", "TokenBudget", "fit_rate", "truncate", "haystack", "survival"),
    "priority": ("Block", "prioritise", "pack"),
    "hierarchy": ("Layer", "Assembly", "assemble"),
    "buffer": ("Turn", "WindowMemory"),
    "summary": ("SummaryMemory",),
    "vector": ("MemoryItem", "VectorMemory"),
    "episodic": ("Episode", "EpisodicMemory", "importance"),
    "chatbot": ("ContextAwareChatbot", "recall_rate"),
    "assistant": ("DocumentAssistant", "AssistantAnswer"),
})
