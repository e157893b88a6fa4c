from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph import END, START, StateGraph
from langgraph.types import Command, interrupt
from typing import TypedDict


def approval_gate(actions, decisions):
    ledger = []

    class Run(TypedDict):
        log: list

    # Plausible mistake: one node loops over every action and asks inside the loop. Each resume re-runs the node
    # from the top, so refunds approved earlier are sent again before the next question.
    def process(state):
        log = []
        for action in actions:
            if action["tool"] == "refund":
                if interrupt({"order": action["order"], "amount": action["amount"]}):
                    ledger.append([action["order"], action["amount"]])
                    log.append(f"{action['order']}: refunded")
                else:
                    log.append(f"{action['order']}: declined")
            else:
                log.append(f"{action['order']}: looked up")
        return {"log": log}

    graph = StateGraph(Run)
    graph.add_node("process", process)
    graph.add_edge(START, "process")
    graph.add_edge("process", END)
    app = graph.compile(checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "refunds"}}
    state = app.invoke({"log": []}, config)
    asked, answers = [], iter(decisions)
    while app.get_state(config).interrupts:
        asked.append(app.get_state(config).interrupts[0].value["order"])
        state = app.invoke(Command(resume=next(answers, False)), config)
    return {"ledger": ledger, "asked": asked, "log": state["log"]}
