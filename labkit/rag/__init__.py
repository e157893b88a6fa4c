"""Levels 4-5, retrieval-augmented generation: give a model your documents, and measure how well it finds them.

The path through this package follows a document: :mod:`.loaders` read files into :class:`~.documents.Document`\\ s,
:mod:`.chunking` cuts them into :class:`~.documents.Chunk`\\ s that remember their exact offsets, :mod:`.dense`
(faiss) and :mod:`.sparse` (BM25) index them, :mod:`.fusion` combines the two, :mod:`.pipeline` answers with
citations, and :mod:`.evaluation` / :mod:`.beir` measure retrieval. Level 5 adds :mod:`.expansion`,
:mod:`.rerank`, :mod:`.query` (decomposition and multi-hop), :mod:`.hierarchical`, :mod:`.graph`,
:mod:`.multimodal` and :mod:`.agentic`.

Names are imported on first use, so ``import labkit.rag`` does not load faiss, torch or LangChain.
"""

from __future__ import annotations

from labkit.lazy import lazy_exports

_EXPORTS = {
    "Document": "labkit.rag.documents",
    "Chunk": "labkit.rag.documents",
    "Hit": "labkit.rag.documents",
    "load_file": "labkit.rag.loaders",
    "load_directory": "labkit.rag.loaders",
    "load_text": "labkit.rag.loaders",
    "load_markdown": "labkit.rag.loaders",
    "load_pdf": "labkit.rag.loaders",
    "load_csv": "labkit.rag.loaders",
    "load_image": "labkit.rag.loaders",
    "ocr_available": "labkit.rag.loaders",
    "Chunker": "labkit.rag.chunking",
    "FixedChunker": "labkit.rag.chunking",
    "RecursiveChunker": "labkit.rag.chunking",
    "SentenceChunker": "labkit.rag.chunking",
    "SemanticChunker": "labkit.rag.chunking",
    "MarkdownHeaderChunker": "labkit.rag.chunking",
    "LangChainChunker": "labkit.rag.chunking",
    "get_chunker": "labkit.rag.chunking",
    "reassemble": "labkit.rag.chunking",
    "Retriever": "labkit.rag.retriever",
    "as_langchain_retriever": "labkit.rag.retriever",
    "DenseIndex": "labkit.rag.dense",
    "BM25Index": "labkit.rag.sparse",
    "HybridRetriever": "labkit.rag.fusion",
    "reciprocal_rank_fusion": "labkit.rag.fusion",
    "weighted_fusion": "labkit.rag.fusion",
    "RAGPipeline": "labkit.rag.pipeline",
    "RAGAnswer": "labkit.rag.pipeline",
    "format_context": "labkit.rag.pipeline",
    "extract_citations": "labkit.rag.pipeline",
    "precision_at_k": "labkit.rag.evaluation",
    "recall_at_k": "labkit.rag.evaluation",
    "reciprocal_rank": "labkit.rag.evaluation",
    "ndcg_at_k": "labkit.rag.evaluation",
    "hit_rate": "labkit.rag.evaluation",
    "evaluate_run": "labkit.rag.evaluation",
    "groundedness": "labkit.rag.evaluation",
    "context_relevance": "labkit.rag.evaluation",
    "load_beir": "labkit.rag.beir",
    "BeirDataset": "labkit.rag.beir",
    # Level 5
    "MultiQueryRetriever": "labkit.rag.expansion",
    "PRFRetriever": "labkit.rag.expansion",
    "EmbeddingReranker": "labkit.rag.rerank",
    "SentenceReranker": "labkit.rag.rerank",
    "RerankingRetriever": "labkit.rag.rerank",
    "mmr": "labkit.rag.rerank",
    "analyze_query": "labkit.rag.query",
    "decompose": "labkit.rag.query",
    "SubQuestion": "labkit.rag.query",
    "execution_order": "labkit.rag.query",
    "MultiHopRAG": "labkit.rag.query",
    "HierarchicalIndex": "labkit.rag.hierarchical",
    "KnowledgeGraph": "labkit.rag.graph",
    "GraphRAGRetriever": "labkit.rag.graph",
    "MultimodalRetriever": "labkit.rag.multimodal",
    "CorrectiveRAG": "labkit.rag.agentic",
    "SelfReflectiveRAG": "labkit.rag.agentic",
    "RelevanceGrader": "labkit.rag.agentic",
}
__all__ = sorted(_EXPORTS)


__getattr__ = lazy_exports(__name__, _EXPORTS)
