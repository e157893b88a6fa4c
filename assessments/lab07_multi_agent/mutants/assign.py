from labkit.llm import ScriptedChatModel
from labkit.multiagent import CollaborativeAgent, Coordinator, MessageBroker, Subtask, Workflow, run_sync


def assign(team, subtasks):
    async def main():
        broker = MessageBroker()
        model = ScriptedChatModel(replies=["done"], repeat_last=True)
        agents = [CollaborativeAgent(name, caps, broker, model) for name, caps in team.items()]
        for agent in agents:
            agent.start()
        coordinator = Coordinator(broker, agents, model=model, accept_timeout=1.0, result_timeout=2.0)
        result = {}
        try:
            # Plausible mistake: one workflow per subtask, run one after the other. Every choice sees an idle
            # team, so the load never spreads and the same agent gets everything.
            for i, cap in subtasks:
                workflow = await coordinator.run(Workflow("project", [Subtask(i, f"do {i}", cap)]))
                s = workflow.subtasks[0]
                result[s.id] = s.assigned if s.status == "done" else s.status
        finally:
            for agent in agents:
                await agent.stop()
        return result

    return run_sync(main(), timeout=60)
