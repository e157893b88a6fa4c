import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labkit.context.hierarchy import Layer, assemble
from labkit.context.priority import Block, pack, prioritise
from labkit.errors import BudgetExceededError, InvalidInputError
from labkit.llm.tokens import count_tokens

SENTENCE = st.lists(st.sampled_from(["alpha", "beta", "tokenization", "42", "naïve", "user", "likes", "hiking",
                                     "!", "retrieved", "document", "🙂"]), min_size=0, max_size=60).map(" ".join)


@st.composite
def layer_sets(draw):
    n = draw(st.integers(min_value=1, max_value=6))
    layers = []
    for i in range(n):
        required = draw(st.booleans())
        layers.append(Layer(f"layer{i}", draw(SENTENCE), priority=draw(st.integers(0, 9)), required=required,
                            truncate=None if required else draw(st.sampled_from([None, "head", "tail", "middle"])),
                            min_tokens=draw(st.integers(1, 20))))
    return layers


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layer_sets(), st.integers(min_value=1, max_value=200))
def test_assembly_never_exceeds_the_budget_and_keeps_required_layers(layers, budget):
    required_cost = sum(count_tokens(l.render()) for l in layers if l.required and l.content.strip())
    if required_cost > budget:
        with pytest.raises(BudgetExceededError) as info:
            assemble(layers, budget)
        assert info.value.required_tokens == required_cost and info.value.budget == budget
        return
    result = assemble(layers, budget)
    assert count_tokens(result.text) == result.tokens <= budget
    for layer in layers:
        if layer.required and layer.content.strip():
            assert result.status(layer.name) == "full" and layer.content.strip() in result.text


def test_optional_layers_are_truncated_or_dropped_by_priority():
    history = " ".join(f"turn{i}" for i in range(200))
    layers = [
        Layer("system", "You are a helpful assistant.", 1, required=True),
        Layer("profile", "The user is Alice, who likes hiking.", 2),
        Layer("history", history, 4, truncate="tail"),
        Layer("knowledge", "A long manual. " * 50, 5),
        Layer("query", "What trails do you recommend?", 6, required=True),
    ]
    result = assemble(layers, 120)
    assert [result.status(n) for n in ("system", "profile", "history", "knowledge", "query")] == [
        "full", "full", "truncated", "dropped", "full"]
    assert "turn199" in result.text and "turn0 " not in result.text  # the tail of the history survives
    assert result.text.index("[SYSTEM]") < result.text.index("[HISTORY]") < result.text.index("[QUERY]")
    assert result.tokens <= 120


def test_required_layers_over_budget_give_a_clear_error():
    with pytest.raises(BudgetExceededError, match="required layers need .* budget is 5"):
        assemble([Layer("system", "You are a very helpful assistant indeed.", 1, required=True)], 5)


@pytest.mark.parametrize("make", [
    lambda: Layer("", "x", 1),
    lambda: Layer("a", "x", 1, truncate="sideways"),
    lambda: Layer("a", "x", 1, required=True, truncate="head"),
    lambda: assemble([Layer("a", "x", 1), Layer("a", "y", 2)], 10),
    lambda: assemble([Layer("a", "x", 1)], 0),
])
def test_bad_layers(make):
    with pytest.raises(InvalidInputError):
        make()


def test_prioritise_and_pack_follow_the_scores():
    blocks = [Block("Company founded in 1995, headquarters in Seattle.", "background", 0.3),
              Block("Customer support ticket: payment issue needs immediate resolution.", "critical", 1.0),
              Block("Recent purchases show a preference for premium products.", "high", 0.9)]
    assert [b.priority for b in prioritise(blocks)] == ["critical", "high", "background"]
    packed = pack(blocks, 20, min_fragment=50)
    assert [b.priority for b in packed.included] == ["critical"] and packed.tokens <= 20
    assert len(packed.dropped) == 2
    partial = pack(blocks, 20, min_fragment=4)
    assert partial.truncated is not None and partial.tokens <= 20


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(SENTENCE.filter(str.strip), st.sampled_from(["critical", "high", "low"]),
                          st.floats(0, 1)), max_size=6), st.integers(0, 80))
def test_pack_never_exceeds_the_budget(items, budget):
    packed = pack([Block(c, p, r) for c, p, r in items], budget)
    assert packed.tokens <= budget
    assert len(packed.included) + len(packed.dropped) == len(items)


def test_bad_blocks():
    with pytest.raises(InvalidInputError):
        Block("x", "urgent")
    with pytest.raises(InvalidInputError):
        Block("x", "high", 1.5)
    with pytest.raises(InvalidInputError):
        Block("  ")
