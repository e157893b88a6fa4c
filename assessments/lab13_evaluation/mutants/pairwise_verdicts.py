from labkit.evaluation import PairwiseJudge, position_bias
from labkit.llm import ScriptedChatModel


def pairwise_verdicts(replies):
    # Plausible mistake: one reading per pair in one order, so a judge that always picks the first position looks
    # decisive, and each pair reads the reply meant for the swapped order of the previous one.
    judge = PairwiseJudge(ScriptedChatModel(replies=replies), swap=False)
    verdicts = [judge.compare("Which answer states the refund window correctly?", "answer one", "answer two")
                for _ in range(len(replies) // 2)]
    return {"winners": [v.winner for v in verdicts], **position_bias(verdicts)}
