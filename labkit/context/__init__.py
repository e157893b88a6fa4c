"""Level 3, context engineering and memory: fit what matters into the window, and remember across turns.

Modules, in teaching order: :mod:`.truncation` (token budgets; head, tail and middle-out cuts), :mod:`.priority`
(score and pack information), :mod:`.hierarchy` (required and optional layers within a budget), then memory:
:mod:`.buffer` (window), :mod:`.summary` (rolling summary by the model), :mod:`.vector` (long-term, faiss),
:mod:`.episodic` (importance-scored episodes) and :mod:`.chatbot` (all of them in a chat loop).

Import from the modules (``from labkit.context.hierarchy import Layer, assemble``); this package imports nothing heavy.
"""
