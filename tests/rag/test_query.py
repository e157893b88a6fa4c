import pytest

from labkit.errors import InvalidInputError, QueryPlanCycleError
from labkit.rag import BM25Index, Chunk, RAGPipeline
from labkit.rag.query import MultiHopRAG, SubQuestion, analyze_query, bridge_entity, decompose, execution_order

FACTS = {
    "acme": "Acme Robotics was founded by Mara Quist in 1998. The company builds warehouse robots.",
    "quist": "Mara Quist was born in Bergen, Norway. She studied engineering in Trondheim.",
    "bergen": "Bergen is a rainy city on the west coast of Norway.",
    "beta": "Beta Drones was founded by Ivo Lind in 2005.",
}


def test_cycle_is_a_clear_error():
    plan = [SubQuestion("q1", "a {q3}", ("q3",)), SubQuestion("q2", "b {q1}", ("q1",)),
            SubQuestion("q3", "c {q2}", ("q2",))]
    with pytest.raises(QueryPlanCycleError) as info:
        execution_order(plan)
    assert set(info.value.cycle) == {"q1", "q2", "q3"} and "cycle" in str(info.value)


def test_order_and_plan_validation():
    plan = [SubQuestion("final", "combine {a} {b}", ("a", "b")), SubQuestion("b", "B"), SubQuestion("a", "A")]
    assert [s.id for s in execution_order(plan)] == ["b", "a", "final"]
    with pytest.raises(InvalidInputError, match="not in the plan"):
        execution_order([SubQuestion("x", "y", ("z",))])
    with pytest.raises(InvalidInputError, match="does not list"):
        execution_order([SubQuestion("x", "uses {y}"), SubQuestion("y", "y")])
    with pytest.raises(InvalidInputError, match="twice"):
        execution_order([SubQuestion("x", "a"), SubQuestion("x", "b")])


def test_analysis_and_decomposition():
    assert analyze_query("Where was the founder of Acme Robotics born?").intent in ("multi_hop", "factual")
    assert [s.text for s in decompose("Where was the founder of Acme Robotics born?")] == \
        ["Who is the founder of Acme Robotics?", "Where was {q1} born?"]
    assert [s.text for s in decompose("What is the refund window and does the warranty cover water damage?")] == \
        ["What is the refund window?", "does the warranty cover water damage?"]
    assert decompose("Compare Acme Robotics vs Beta Drones")[2].depends_on == ("q1", "q2")
    assert bridge_entity("I cannot find it.", "Who?") == "I cannot find it"


def test_multi_hop_answers_in_dependency_order():
    index = BM25Index().add([Chunk(i, t, i) for i, t in FACTS.items()])
    result = MultiHopRAG(RAGPipeline(index, k=2)).run("Where was the founder of Acme Robotics born?")
    assert [h.question for h in result.hops] == ["Who is the founder of Acme Robotics?", "Where was Mara Quist born?"]
    assert result.hops[0].value == "Mara Quist"
    assert "Bergen" in result.answer and result.citations == ["acme", "quist"]
