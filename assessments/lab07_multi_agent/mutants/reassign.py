from labkit.llm import ScriptedChatModel
from labkit.multiagent import CollaborativeAgent, Coordinator, MessageBroker, Subtask, Workflow, run_sync


def reassign(team, silent, subtasks, max_attempts):
    async def main():
        broker = MessageBroker()
        model = ScriptedChatModel(replies=["done"], repeat_last=True)
        agents = [CollaborativeAgent(name, caps, broker, model) for name, caps in team.items()]
        for agent in agents:
            if agent.name not in silent:
                agent.start()
        # Plausible mistake: max_attempts is never passed on, so the coordinator keeps its default.
        coordinator = Coordinator(broker, agents, model=model, accept_timeout=0.5, result_timeout=2.0)
        chain = [Subtask(sid, f"do {sid}", cap, (subtasks[i - 1][0],) if i else ())
                 for i, (sid, cap) in enumerate(subtasks)]
        try:
            workflow = await coordinator.run(Workflow("project", chain))
        finally:
            for agent in agents:
                await agent.stop()
        return {s.id: [s.status, s.tried] for s in workflow.subtasks}

    return run_sync(main(), timeout=60)
