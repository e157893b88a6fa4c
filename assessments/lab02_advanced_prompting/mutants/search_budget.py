from labkit.reasoning.tree import tree_search


def search_budget(numbers, target, beam_width, max_children, max_depth):
    # Plausible mistake: the width limit is not passed on, so every state is expanded by the library default.
    def total(state):
        return sum(int(t) for t in state)

    def propose(state):
        return [str(n) for n in numbers]

    def evaluate(state):
        return 0.0 if total(state) > target else total(state) / target

    def is_terminal(state):
        return total(state) == target

    result = tree_search(propose, evaluate, is_terminal, beam_width=beam_width, max_depth=max_depth)
    return {"explored": len(result.nodes), "best": result.thoughts,
            "deepest": max((n.depth for n in result.nodes), default=0)}
