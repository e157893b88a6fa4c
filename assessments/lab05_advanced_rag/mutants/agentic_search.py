from labkit.rag import BM25Index, Document
from labkit.rag.agentic import RelevanceGrader
from labkit.rag.expansion import rule_variants


def agentic_search(question, k, threshold, need, budget):
    index = BM25Index().add([Document(doc_id, text) for doc_id, text in CORPUS.items()])
    judge = RelevanceGrader(EMBEDDINGS, threshold)
    queries = rule_variants(question)
    evidence, rounds = [], 0
    while True:
        hits = index.retrieve(queries[rounds], k)
        rounds += 1
        for grade in judge.grade(question, hits):
            if grade.relevant:  # Plausible mistake: a chunk found again by a later query counts as new evidence.
                evidence.append(grade.id)
        if len(evidence) >= need:
            return {"evidence": evidence, "rounds": rounds, "stop": "enough"}
        if rounds == budget:
            return {"evidence": evidence, "rounds": rounds, "stop": "budget"}
        if rounds == len(queries):
            return {"evidence": evidence, "rounds": rounds, "stop": "exhausted"}
