"""Level 2, advanced prompting: reasoning you can check, examples chosen per query, roles, templates, search, votes.

Modules, in teaching order: :mod:`.chain` (chain-of-thought, answer extraction, step checks, self-verification),
:mod:`.fewshot` (static and faiss similarity selection with MMR), :mod:`.roles` (a role library), :mod:`.templates`
(variables checked up front), :mod:`.tree` (tree-of-thought beam search), :mod:`.consistency` (self-consistency).

Import from the modules (``from labkit.reasoning.tree import tree_search``); this package imports nothing heavy.
"""
