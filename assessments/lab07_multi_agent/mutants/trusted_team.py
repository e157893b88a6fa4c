from labkit.llm import ScriptedChatModel
from labkit.multiagent import CollaborativeAgent, MessageBroker, Subtask, TrustScores, Workflow, build_teams, run_sync


def trusted_team(org, answers, tasks, budget, decay):
    async def main():
        broker = MessageBroker()
        workers = [CollaborativeAgent(name, ["math"], broker, ScriptedChatModel(replies=list(said), repeat_last=True))
                   for name, said in answers.items()]
        trust = TrustScores(decay)
        # Plausible mistake: no verify -- trust counts delivery, not correctness, so a wrong answer is accepted and
        # raises the trust of the worker that gave it.
        teams = build_teams(org, workers, broker, trust=trust, accept_timeout=2.0, result_timeout=5.0)
        teams.start()
        outputs = {}
        try:
            for task in tasks:
                workflow = await teams.run(Workflow("sums", [Subtask(task, "What is 6 * 7?", "math", budget=budget)]))
                subtask = workflow.get(task)
                outputs[task] = subtask.output if subtask.status == "done" else subtask.status
        finally:
            await teams.stop()
        return {"outputs": outputs, "trust": {row["agent"]: row["trust"] for row in trust.table()}}

    return run_sync(main(), timeout=60)
