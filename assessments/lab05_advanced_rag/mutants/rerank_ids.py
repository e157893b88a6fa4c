from labkit.rag import BM25Index, Document
from labkit.rag.rerank import EmbeddingReranker


def rerank_ids(query, depth, k):
    index = BM25Index().add([Document(doc_id, text) for doc_id, text in CORPUS.items()])
    # Plausible mistake: retrieve narrow, then rerank -- the reranker can only reorder the k hits it was given.
    candidates = index.retrieve(query, k)
    reranked = EmbeddingReranker(EMBEDDINGS).rerank(query, candidates, k)
    return [hit.id for hit in reranked]
