from labkit.llm import ScriptedChatModel
from labkit.multiagent import CollaborativeAgent, MessageBroker, run_debate, run_sync


def debate_rounds(points, positions, scores, rounds):
    async def main():
        broker = MessageBroker()
        broker.register("moderator")
        debaters = [CollaborativeAgent(name, ["debate"], broker, ScriptedChatModel(replies=list(said)), knowledge=said)
                    for name, said in points.items()]
        for debater in debaters:
            debater.start()
        judge = ScriptedChatModel(replies=[f"Score: {s}/10" for s in scores])
        try:
            result = await run_debate(broker, "moderator", "Which option?", positions, judge=judge, rounds=rounds,
                                      timeout=5.0)
        finally:
            for debater in debaters:
                await debater.stop()
        # Plausible mistake: reading the result by its scores -- every 0 counts as a forfeit (a weak argument is not
        # one), and the rounds reported are the rounds asked for, not the rounds held.
        forfeits = {name: 0 for name in positions}
        for argument in result.arguments:
            if argument["score"] == 0:
                forfeits[argument["debater"]] += 1
        return {"winner": result.winner, "totals": result.totals, "rounds": rounds, "forfeits": forfeits}

    return run_sync(main(), timeout=60)
