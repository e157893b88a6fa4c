"""Level 5 retrievers on the shared fixture corpus: expansion, reranking, hierarchy, graph, multimodal, agentic."""

import pytest

from labkit.errors import InvalidInputError
from labkit.llm import ScriptedChatModel
from labkit.rag import BM25Index, Chunk, DenseIndex, Document
from labkit.rag.agentic import CorrectiveRAG, RelevanceGrader, SelfReflectiveRAG
from labkit.rag.evaluation import recall_at_k
from labkit.rag.expansion import MultiQueryRetriever, PRFRetriever, feedback_terms
from labkit.rag.graph import GraphRAGRetriever, KnowledgeGraph, extract_triples
from labkit.rag.hierarchical import HierarchicalIndex
from labkit.rag.multimodal import MultimodalRetriever
from labkit.rag.rerank import EmbeddingReranker, RerankingRetriever, SentenceReranker
from rag_fixtures import *  # noqa: F401,F403  (shared session fixtures)


def test_multi_query_fuses_variants(bm25_index):
    retriever = MultiQueryRetriever(bm25_index)
    ids = [h.id for h in retriever.retrieve("What is the refund window and does the warranty cover damage?", 3)]
    assert {"refund", "warranty"} <= set(ids)


def test_prf_adds_terms_from_top_hits(bm25_index):
    prf = PRFRetriever(bm25_index, feedback_docs=1, n_terms=3)
    hits = prf.retrieve("replacement battery", 2)
    assert hits[0].id == "sku" and len(prf.last_expansion) == 3
    assert set(prf.last_expansion) <= set(bm25_index.tokenize(bm25_index.chunks[8].text))
    assert feedback_terms("x", [], bm25_index) == []


def test_reranking_fixes_keyword_first_stage(bm25_index, embeddings, queries):
    def mean_recall(r, k=1):
        return sum(recall_at_k([h.id for h in r.retrieve(q, k)], rel, k) for q, rel in queries.items()) / len(queries)

    for reranker in (EmbeddingReranker(embeddings), SentenceReranker(embeddings)):
        reranked = RerankingRetriever(bm25_index, reranker, candidates=10)
        assert mean_recall(reranked) >= mean_recall(bm25_index)
    with pytest.raises(InvalidInputError):
        SentenceReranker(embeddings, alpha=2)


HANDBOOK = """# Returns
## Window
Hardware may be returned within 30 days of delivery.
## Condition
Items must be unused and in the original box.
# Security
## Passwords
Passwords must have at least 12 characters and are rotated yearly.
"""
MANUAL = """# Scanner Manual
## Battery
The Model 3 scanner battery lasts ten hours and charges in two hours.
## Cleaning
Wipe the lens with a dry cloth; never use solvents.
"""


def test_hierarchical_narrows_document_then_section(embeddings):
    index = HierarchicalIndex(embeddings, chunk_size=200, top_documents=1, top_sections=2).add_documents(
        [Document("handbook", HANDBOOK, {"title": "Employee handbook"}),
         Document("manual", MANUAL, {"title": "Scanner Manual"})])
    hits = index.retrieve("How long does the scanner battery last?", 2)
    assert hits[0].chunk.doc_id == "manual" and "ten hours" in hits[0].text
    assert hits[0].chunk.metadata["path"] == "Scanner Manual > Battery"
    path = index.search_path("How many characters must a password have?")
    assert [d for _, d in path["document"]] == ["handbook"]


GRAPH_FACTS = {
    "lib": "The Retry Kit library was written by Dana Osei.",
    "team": "Dana Osei works in the Platform Team at Northwind.",
    "office": "The Platform Team sits on the fourth floor of the Oslo office.",
    "noise": "The cafeteria serves soup on Mondays.",
}


def test_graph_rag_follows_links_vector_search_misses(embeddings):
    chunks = [Chunk(i, t, i) for i, t in GRAPH_FACTS.items()]
    dense = DenseIndex(embeddings).add(chunks)
    question = "On which floor does the team of the Retry Kit author sit?"
    graph = GraphRAGRetriever(dense, chunks, hops=3)
    ids = [h.id for h in graph.retrieve(question, 3)]
    assert {"lib", "team", "office"} <= set(ids)
    assert any(f["relation"] == "works in" for f in graph.last_facts)
    kg = KnowledgeGraph.from_chunks(chunks)
    assert kg.find_entities(question) == ["retry kit"]
    assert extract_triples("Nothing here.") == []


def test_multimodal_finds_table_rows_and_captions(embeddings):
    docs = [Document("intro", "Our plans fit teams of every size.", {"modality": "text"}),
            Document("plans-r1", "Table plans: plan: basic; price: 5 euros; seats: 1",
                     {"modality": "table", "table": "plans", "columns": ["plan", "price", "seats"]}),
            Document("plans-r2", "Table plans: plan: pro; price: 12 euros; seats: 5",
                     {"modality": "table", "table": "plans", "columns": ["plan", "price", "seats"]}),
            Document("arch", "Diagram: the API gateway forwards requests to the retriever service.",
                     {"modality": "image", "text_from": "caption"})]
    mm = MultimodalRetriever(docs, embeddings)
    assert mm.counts() == {"text": 1, "table": 3, "image": 1}
    assert mm.retrieve("How much does the pro plan cost?", 1)[0].id == "plans-r2"
    assert mm.retrieve("What does the gateway forward requests to?", 1)[0].chunk.metadata["modality"] == "image"
    only_images = mm.retrieve("pricing", 2, modalities=["image"])
    assert [h.id for h in only_images] == ["arch"]
    assert "table" in {h.chunk.metadata["modality"] for h in mm.retrieve("the gateway diagram", 2, quota={"table": 1})}
    with pytest.raises(InvalidInputError):
        mm.retrieve("x", modalities=["video"])


def test_corrective_rag_grades_rewrites_and_falls_back(dense_index, embeddings):
    grader = RelevanceGrader(embeddings, threshold=0.45)
    crag = CorrectiveRAG(dense_index, grader=grader, k=3)
    ok = crag.run("How long is the warranty on manufacturing defects?")
    assert ok.answer.answered and ok.answer.citations == ["warranty"] and ok.trace[0].startswith("retrieve")

    outside = [Chunk("web-1", "The Eiffel Tower is 330 metres tall.", "web")]
    fallback = BM25Index().add(outside)
    result = CorrectiveRAG(dense_index, grader=grader, fallback=fallback, k=3).run("How tall is the Eiffel Tower?")
    assert [t.split(":")[0] for t in result.trace][:3] == ["retrieve", "rewrite", "retry"]
    assert any(t.startswith("fallback") for t in result.trace) and result.answer.citations == ["web-1"]

    nothing = CorrectiveRAG(dense_index, grader=grader, k=3).run("How tall is the Eiffel Tower?")
    assert not nothing.answer.answered and nothing.trace[-1] == "give up: nothing relevant"


def test_self_reflective_rag_refines_until_the_critique_passes(bm25_index):
    model = ScriptedChatModel(replies=["The moon is made of cheese [faiss].", "Returns are accepted within 30 days of delivery [refund]."])
    loop = SelfReflectiveRAG(bm25_index, model, max_rounds=3, k=2)
    result = loop.run("Can I return hardware for a refund?")
    assert result.rounds == 2 and result.answer.citations == ["refund"]
    assert "groundedness" in result.trace[0] and result.trace[1].endswith("ok")


def test_self_reflective_rag_stops_at_the_cap(bm25_index):
    model = ScriptedChatModel(replies=["Made up [nowhere]."], repeat_last=True)
    result = SelfReflectiveRAG(bm25_index, model, max_rounds=3, k=2).run("Tell me about refunds")
    assert result.rounds == 3 and "unknown citations" in result.trace[-1]
