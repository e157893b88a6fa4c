"""Tree-of-thought: search over model-generated reasoning steps, scoring partial solutions and pruning weak ones.

The one idea: instead of one chain of thought, grow a tree. At each depth the model *proposes* several next
thoughts for every kept state, an *evaluator* scores each new state, and the search keeps the ``beam_width`` best
(breadth-first search with a beam, as in Yao et al., 2023). Width (proposals per state), beam and depth are hard
limits, so the cost is bounded: at most ``beam_width * max_children`` evaluations per level. The whole explored tree
is returned, pruned branches included, so you can see *why* the search chose its path.

:func:`tree_search` is generic (any ``propose``/``evaluate`` callables). :class:`ArithmeticThoughts` plugs a model
into it for word problems: thoughts are the next ``Step N:`` lines of sampled solutions, and a state is scored by
how many samples proposed the same step (the model's vote) gated by a verifier that re-computes the step and checks
its numbers come from the problem or from earlier steps.

Left out: depth-first search with backtracking and model-written value prompts ("sure/likely/impossible").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from labkit.errors import InvalidInputError
from labkit.reasoning.chain import check_steps, extract_answer, normalise_answer

State = tuple[str, ...]


@dataclass
class Node:
    """One explored state: the thought that led to it, its score and whether the search kept it."""

    id: int
    parent: int | None
    depth: int
    thought: str
    score: float
    terminal: bool
    kept: bool = False


@dataclass(frozen=True)
class TreeResult:
    """Every node the search explored, and the best terminal one (``None`` if no path finished)."""

    nodes: tuple[Node, ...]
    best: Node | None

    def path(self, node: Node | None = None) -> list[Node]:
        """The nodes from the root's child down to ``node`` (default: the best)."""
        node = node or self.best
        by_id = {n.id: n for n in self.nodes}
        out: list[Node] = []
        while node is not None:
            out.append(node)
            node = by_id.get(node.parent) if node.parent is not None else None
        return out[::-1]

    @property
    def thoughts(self) -> list[str]:
        return [n.thought for n in self.path()] if self.best else []

    def rows(self) -> list[dict[str, Any]]:
        """One row per explored node (for a DataFrame): id, parent, depth, thought, score, kept, on best path."""
        chosen = {n.id for n in self.path()} if self.best else set()
        return [{"id": n.id, "parent": n.parent, "depth": n.depth, "thought": n.thought, "score": round(n.score, 3),
                 "kept": n.kept, "best_path": n.id in chosen} for n in self.nodes]

    def to_dict(self) -> dict[str, Any]:
        """The tree as nested dicts under a root: ``{"thought", "score", "children": [...]}``."""
        children: dict[int | None, list[Node]] = {}
        for n in self.nodes:
            children.setdefault(n.parent, []).append(n)

        def build(n: Node) -> dict[str, Any]:
            return {"thought": n.thought, "score": round(n.score, 3), "kept": n.kept,
                    "children": [build(c) for c in children.get(n.id, [])]}

        return {"thought": "(problem)", "children": [build(c) for c in children.get(None, [])]}


def tree_search(
    propose: Callable[[State], Sequence[str]],
    evaluate: Callable[[State], float],
    is_terminal: Callable[[State], bool],
    beam_width: int = 2,
    max_children: int = 3,
    max_depth: int = 4,
) -> TreeResult:
    """Breadth-first search with a beam over states (tuples of thoughts).

    ``propose(state)`` returns candidate next thoughts (at most ``max_children`` are used); ``evaluate(state)``
    scores a state in [0, 1] (0 prunes it); ``is_terminal(state)`` says a state is a finished solution.
    """
    for name, value in (("beam_width", beam_width), ("max_children", max_children), ("max_depth", max_depth)):
        if not isinstance(value, int) or value < 1:
            raise InvalidInputError(f"{name} must be a positive integer, got {value!r}.")
    nodes: list[Node] = []
    frontier: list[tuple[State, Node | None]] = [((), None)]
    finished: list[Node] = []
    for depth in range(1, max_depth + 1):
        level: list[tuple[State, Node]] = []
        for state, parent in frontier:
            for thought in list(dict.fromkeys(propose(state)))[:max_children]:
                child = (*state, thought)
                score = float(evaluate(child))
                if not 0.0 <= score <= 1.0:
                    raise InvalidInputError(f"evaluate() must return a score in [0, 1], got {score!r}.")
                node = Node(len(nodes), parent.id if parent else None, depth, thought, score, is_terminal(child))
                nodes.append(node)
                level.append((child, node))
        alive = [(s, n) for s, n in level if n.score > 0]
        finished += [n for _, n in alive if n.terminal]
        open_states = sorted((x for x in alive if not x[1].terminal), key=lambda x: (-x[1].score, x[1].id))
        frontier = open_states[:beam_width]
        for _, n in frontier:
            n.kept = True
        if not frontier:
            break
    for n in finished:
        n.kept = True
    best = max(finished, key=lambda n: (n.score, -n.id), default=None)
    return TreeResult(tuple(nodes), best)


_STEP_LINE = re.compile(r"^\s*step\s*(\d+)\s*[:.)-]\s*(.+)$", re.IGNORECASE | re.MULTILINE)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


class ArithmeticThoughts:
    """Model-backed proposer and evaluator for arithmetic word problems.

    ``propose`` samples ``samples`` continuations at ``temperature`` and offers their next steps (most voted
    first); ``evaluate`` scores a state as the mean over its steps of ``vote share * verified`` (0 if any step
    fails the verifier, which prunes the branch).
    """

    def __init__(self, model: Any, problem: str, samples: int = 4, temperature: float = 0.8, seed: int | None = 0):
        if not isinstance(problem, str) or not problem.strip():
            raise InvalidInputError("The problem must be non-empty text.")
        if not isinstance(samples, int) or samples < 1:
            raise InvalidInputError(f"samples must be a positive integer, got {samples!r}.")
        self.model, self.problem, self.samples = model, problem.strip(), samples
        self.options: dict[str, Any] = {"temperature": temperature}
        if seed is not None:
            self.options["seed"] = seed
        self.votes: dict[State, float] = {}
        self.calls = 0

    def prompt(self, state: State) -> str:
        so_far = "\n".join(state) if state else "(none yet)"
        return ("Continue the solution of the problem: write the next step as 'Step N: ...', or the final line "
                f"'Answer: ...' when it is solved.\nProblem: {self.problem}\nNotes: steps so far:\n{so_far}")

    def next_thought(self, reply: str, depth: int) -> str | None:
        """The step after ``depth`` steps: ``Step depth+1`` of a full solution, the single step of a reply that wrote
        only the next one (numbered as it likes), or the answer line once all steps are taken."""
        steps = {int(n): text.strip() for n, text in _STEP_LINE.findall(reply)}
        if depth + 1 in steps:
            return f"Step {depth + 1}: {steps[depth + 1]}"
        if len(steps) == 1 and depth > 0 and extract_answer(reply) is None:
            return f"Step {depth + 1}: {next(iter(steps.values()))}"
        answer = extract_answer(reply)
        return f"Answer: {answer}" if answer is not None and depth >= len(steps) else None

    def propose(self, state: State) -> list[str]:
        counts: dict[str, int] = {}
        for _ in range(self.samples):
            self.calls += 1
            thought = self.next_thought(str(self.model.invoke(self.prompt(state), **self.options).content), len(state))
            if thought:
                counts[thought] = counts.get(thought, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        for thought, n in ranked:
            self.votes[(*state, thought)] = n / self.samples
        return [t for t, _ in ranked]

    def verified(self, state: State) -> bool:
        """The last thought re-computes correctly and uses only numbers from the problem or earlier results."""
        last = state[-1]
        results = [c.stated for s in state[:-1] for c in check_steps(s)]
        if last.startswith("Answer:"):
            value = normalise_answer(last.split(":", 1)[1])
            return bool(results) and value == normalise_answer(str(results[-1]))
        checks = check_steps(last)
        if len(checks) != 1 or not checks[0].ok:
            return False
        known = {float(x) for x in _NUMBER.findall(self.problem)} | set(results)
        lhs = last.split(":", 1)[-1].split("=")[0]
        used = {float(x) for x in _NUMBER.findall(lhs)}
        return used <= known and (not results or results[-1] in used)

    def evaluate(self, state: State) -> float:
        if not self.verified(state):
            return 0.0
        shares = [self.votes.get(state[: i + 1], 0.0) for i in range(len(state))]
        return sum(shares) / len(shares)

    @staticmethod
    def is_terminal(state: State) -> bool:
        return bool(state) and state[-1].startswith("Answer:")

    def search(self, beam_width: int = 2, max_children: int = 3, max_depth: int = 5) -> TreeResult:
        return tree_search(self.propose, self.evaluate, self.is_terminal, beam_width, max_children, max_depth)


@dataclass(frozen=True)
class TreeAnswer:
    """The answer a search found (``None`` if no path finished) and what it cost in model calls."""

    answer: str | None
    calls: int
    result: TreeResult = field(repr=False)


def solve_with_tree(model: Any, problem: str, samples: int = 4, temperature: float = 0.8, seed: int | None = 0,
                    beam_width: int = 2, max_children: int = 3, max_depth: int = 5) -> TreeAnswer:
    """Run :class:`ArithmeticThoughts` search on one problem and return its normalised answer."""
    thoughts = ArithmeticThoughts(model, problem, samples, temperature, seed)
    result = thoughts.search(beam_width, max_children, max_depth)
    answer = normalise_answer(result.best.thought.split(":", 1)[1]) if result.best else None
    return TreeAnswer(answer, thoughts.calls, result)
