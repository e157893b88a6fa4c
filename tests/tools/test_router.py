import pytest

from labkit.errors import InvalidInputError
from labkit.tools import SourceRouter

KB = {"refund", "warranty", "onboarding"}


def knowledge(query: str) -> float:
    return 1.0 if KB & set(query.lower().replace("?", "").split()) else 0.1


@pytest.mark.parametrize("query, source", [
    ("What is 17 * 23?", "tools"),
    ("Compute the total of 12 and 30", "tools"),
    ("What's the EUR/USD exchange rate today?", "tools"),
    ("What does the warranty cover?", "rag"),
    ("Our refund window is 30 days; what is 30 * 2?", "hybrid"),
    ("Who painted the Mona Lisa?", "parametric"),
])
def test_routes(query, source):
    decision = SourceRouter(knowledge=knowledge).decide(query)
    assert decision.source == source and decision.reasons


def test_route_calls_the_handler_and_hybrid_runs_both():
    router = SourceRouter(knowledge=knowledge)
    handlers = {"rag": lambda q: "doc", "tools": lambda q: "tool", "parametric": lambda q: "model"}
    assert router.route("What is the refund policy?", handlers)[1] == "doc"
    assert router.route("refund of 3 * 4", handlers)[1] == {"rag": "doc", "tools": "tool"}
    with pytest.raises(InvalidInputError, match="no handler"):
        router.route("Who painted it?", {"rag": lambda q: q})
    with pytest.raises(InvalidInputError, match="Unknown route"):
        router.route("x", {"web": lambda q: q})
    with pytest.raises(InvalidInputError):
        router.decide("")
