"""Levels 4-5, retrieval-augmented generation: give a model your documents, and measure how well it finds them.

The path through this package follows a document: :mod:`.loaders` read files into :class:`~.documents.Document`\\ s,
:mod:`.chunking` cuts them into :class:`~.documents.Chunk`\\ s that remember their exact offsets, :mod:`.dense`
(faiss) and :mod:`.sparse` (BM25) index them, :mod:`.fusion` combines the two, :mod:`.pipeline` answers with
citations, and :mod:`.evaluation` / :mod:`.beir` measure retrieval. Level 5 adds :mod:`.expansion`,
:mod:`.rerank`, :mod:`.query` (decomposition and multi-hop), :mod:`.hierarchical`, :mod:`.graph`,
:mod:`.multimodal` and :mod:`.agentic`; :mod:`.adaptive` learns from feedback which retriever to use, and
:mod:`.analytics` aggregates per-query logs (quality by query type, refusals, score drift, slow stages);
:mod:`.sharding` splits a dense index into shards and copies it into replicas. :mod:`.samples` is the small
labelled corpus (a scanner maker's handbook, product pages, a price table, a diagram) that lessons and labs share.

Names are imported on first use, so ``import labkit.rag`` does not load faiss, torch or LangChain.
"""

from __future__ import annotations

from labkit.lazy import lazy_face

__all__, __getattr__ = lazy_face(__name__, {
    "documents": ("Document", "Chunk", "Hit"),
    "loaders": ("load_file", "load_directory", "load_text", "load_markdown", "load_pdf", "load_csv", "load_image",
                "ocr_available"),
    "chunking": ("Chunker", "FixedChunker", "RecursiveChunker", "SentenceChunker", "SemanticChunker",
                 "MarkdownHeaderChunker", "LangChainChunker", "CHUNKERS", "get_chunker", "reassemble"),
    "retriever": ("Retriever", "as_langchain_retriever"),
    "dense": ("DenseIndex",),
    "sparse": ("BM25Index",),
    "fusion": ("HybridRetriever", "reciprocal_rank_fusion", "weighted_fusion"),
    "pipeline": ("RAGPipeline", "RAGAnswer", "format_context", "extract_citations"),
    "evaluation": ("precision_at_k", "recall_at_k", "reciprocal_rank", "ndcg_at_k", "hit_rate", "METRICS",
                   "evaluate_run", "groundedness", "context_relevance", "compare_retrievers", "answer_hit_rate"),
    "beir": ("load_beir", "BeirDataset"),
    "expansion": ("MultiQueryRetriever", "PRFRetriever", "rule_variants"),
    "rerank": ("EmbeddingReranker", "SentenceReranker", "RerankingRetriever", "mmr"),
    "query": ("analyze_query", "decompose", "SubQuestion", "execution_order", "MultiHopRAG"),
    "hierarchical": ("HierarchicalIndex",),
    "graph": ("KnowledgeGraph", "GraphRAGRetriever"),
    "multimodal": ("MultimodalRetriever",),
    "agentic": ("CorrectiveRAG", "SelfReflectiveRAG", "RelevanceGrader"),
    "adaptive": ("AdaptiveRetriever", "EpsilonGreedy", "ThompsonSampling", "learn_from_labels",
                 "fixed_strategy_rewards"),
    "analytics": ("QueryLog", "QueryRecord", "quality_by_type", "score_drift", "stage_latency"),
    "sharding": ("ShardedIndex", "ReplicatedIndex", "merge_top_k", "shard_of"),
    "samples": ("sample_documents", "sample_chunks", "write_sample_folder"),
})
