from labkit.agents import ReflectionAgent
from labkit.llm import ScriptedChatModel


def reflection_caps(scores, max_rounds, target):
    writer = ScriptedChatModel(replies=[f"Draft {i}." for i in range(1, len(scores) + 1)], repeat_last=True)
    critic = ScriptedChatModel(replies=[f"Score: {s}/10\nWeaknesses: needs work." for s in scores], repeat_last=True)
    agent = ReflectionAgent(writer, critic, max_rounds=max_rounds, target=target, timeout=5.0)
    result = agent.run("Write the release note.")
    # Plausible mistake: "the last revision is the best one" -- but a revision can make a draft worse.
    last = result.rounds[-1]
    return {"critiques": len(result.rounds), "writer_calls": len(writer.calls), "stopped": result.stopped,
            "answer": last.draft, "score": last.score}
