import pytest

from labkit.errors import InvalidInputError
from labkit.llm import ScriptedChatModel, get_model
from labkit.reasoning.chain import load_word_problems
from labkit.reasoning.tree import ArithmeticThoughts, solve_with_tree, tree_search


def count_to(target):
    """A toy problem: reach `target` by adding 1 or 2; the evaluator prefers states closer to it."""
    def propose(state):
        total = sum(int(t) for t in state)
        return ["2", "1"] if total < target else []

    def evaluate(state):
        total = sum(int(t) for t in state)
        return 0.0 if total > target else 1.0 - (target - total) / (target + 1)

    def terminal(state):
        return sum(int(t) for t in state) == target

    return propose, evaluate, terminal


def test_beam_search_respects_width_and_depth_and_keeps_the_whole_tree():
    propose, evaluate, terminal = count_to(5)
    result = tree_search(propose, evaluate, terminal, beam_width=2, max_children=2, max_depth=4)
    assert result.best is not None and sum(int(t) for t in result.thoughts) == 5
    by_depth = {}
    for n in result.nodes:
        by_depth.setdefault(n.depth, []).append(n)
    assert len(by_depth[1]) == 2 and all(len(v) <= 2 * 2 for v in by_depth.values())
    assert max(by_depth) <= 4
    assert any(not n.kept for n in result.nodes)  # pruned branches are still reported
    tree = result.to_dict()
    assert tree["thought"] == "(problem)" and len(tree["children"]) == 2
    assert sum(r["best_path"] for r in result.rows()) == len(result.path())


def test_depth_limit_can_leave_no_solution():
    propose, evaluate, terminal = count_to(50)
    assert tree_search(propose, evaluate, terminal, max_depth=3).best is None


def test_verifier_prunes_steps_with_wrong_or_ungrounded_numbers():
    t = ArithmeticThoughts(ScriptedChatModel(replies=[]), "Tom has 3 boxes of 12 pencils and gives away 7.")
    assert t.verified(("Step 1: 3 * 12 = 36",))
    assert not t.verified(("Step 1: 3 * 12 = 37",))           # arithmetic wrong
    assert not t.verified(("Step 1: 3 * 13 = 39",))           # 13 is not in the problem
    assert not t.verified(("Step 1: 3 * 12 = 36", "Step 2: 15 - 7 = 8"))  # ignores the previous result
    assert t.verified(("Step 1: 3 * 12 = 36", "Step 2: 36 - 7 = 29", "Answer: 29"))
    assert not t.verified(("Step 1: 3 * 12 = 36", "Step 2: 36 - 7 = 29", "Answer: 30"))


def test_tree_search_on_the_offline_model_finds_the_answer_despite_slips():
    problems = load_word_problems()[:6]
    found = [solve_with_tree(get_model(), q, temperature=0.8, seed=0) for q, _ in problems]
    correct = sum(f.answer == str(gold) for f, (_, gold) in zip(found, problems))
    assert correct >= 5
    assert all(f.calls > 0 for f in found)


def test_bad_limits():
    propose, evaluate, terminal = count_to(3)
    with pytest.raises(InvalidInputError):
        tree_search(propose, evaluate, terminal, beam_width=0)
    with pytest.raises(InvalidInputError):
        tree_search(propose, lambda s: 2.0, terminal)
    with pytest.raises(InvalidInputError):
        ArithmeticThoughts(get_model(), "")


def test_next_thought_reads_full_solutions_single_steps_and_answers():
    t = ArithmeticThoughts(ScriptedChatModel(replies=[]), "What is 3 * 12 - 7?")
    full = "Step 1: 3 * 12 = 36\nStep 2: 36 - 7 = 29\nAnswer: 29"
    assert t.next_thought(full, 0) == "Step 1: 3 * 12 = 36"
    assert t.next_thought(full, 1) == "Step 2: 36 - 7 = 29"
    assert t.next_thought(full, 2) == "Answer: 29"
    assert t.next_thought("Step 1: 36 - 7 = 29", 1) == "Step 2: 36 - 7 = 29"  # a model that restarts numbering
    assert t.next_thought("I am not sure.", 0) is None
