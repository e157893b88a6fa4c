import operator
from typing import Annotated, TypedDict

from langgraph.graph import END, START, StateGraph
from langgraph.types import Send


def restock(stock, deliveries):
    # Plausible mistake: a reducer that merges dicts -- each delivery *replaces* an item's count instead of adding.
    def merge(left, right):
        return {**(left or {}), **(right or {})}

    class Inventory(TypedDict):
        stock: Annotated[dict, merge]
        deliveries: list
        handled: Annotated[list, operator.add]

    def receive(task):
        return {"stock": task["delivery"], "handled": [task["index"]]}

    def fan_out(state):
        return [Send("receive", {"index": i, "delivery": d}) for i, d in enumerate(state["deliveries"])]

    graph = StateGraph(Inventory)
    graph.add_node("receive", receive)
    graph.add_conditional_edges(START, fan_out, ["receive"])
    graph.add_edge("receive", END)
    final = graph.compile().invoke({"stock": stock, "deliveries": deliveries, "handled": []})
    return {"stock": {k: v for k, v in final["stock"].items() if v != 0}, "tasks": len(final["handled"])}
