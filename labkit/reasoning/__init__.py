"""Level 2, advanced prompting: reasoning you can check, examples chosen per query, roles, templates, search, votes.

Modules, in teaching order: :mod:`.chain` (chain-of-thought, answer extraction, step checks, self-verification),
:mod:`.fewshot` (static and faiss similarity selection with MMR), :mod:`.roles` (a role library), :mod:`.templates`
(variables checked up front), :mod:`.tree` (tree-of-thought beam search), :mod:`.consistency` (self-consistency).

Their public names load from here on first use (``from labkit.reasoning import tree_search``), so this package
imports nothing heavy.
"""

from __future__ import annotations

from labkit.lazy import lazy_face

__all__, __getattr__ = lazy_face(__name__, {
    "chain": ("cot_prompt", "extract_answer", "normalise_answer", "check_steps", "solve", "solve_with_verification",
             "load_word_problems"),
    "fewshot": ("Example", "few_shot_prompt", "StaticSelector", "SimilaritySelector", "mmr_select", "label_match_rate",
                "load_support_examples"),
    "roles": ("Role", "ROLES", "get_role", "ask", "review", "route", "panel"),
    "templates": ("Template", "TEMPLATES", "get_template", "template_variables"),
    "tree": ("tree_search", "solve_with_tree"),
    "consistency": ("majority_vote", "self_consistency", "aself_consistency", "vote_breakdown",
                    "classify_with_confidence", "accuracy"),
})
