from labkit.rag import BM25Index, DenseIndex, HybridRetriever, RecursiveChunker, load_directory
from labkit.rag.evaluation import answer_hit_rate, compare_retrievers
from labkit.rag.samples import ANSWERS, QUESTIONS, sample_chunks, sample_documents, write_sample_folder
from rag_fixtures import *  # noqa: F401,F403  (shared session fixtures)


def test_labels_point_at_real_chunks():
    ids = {c.id for c in sample_chunks()}
    assert set().union(*QUESTIONS.values()) <= ids
    docs = {d.id: d.text for d in sample_documents()}
    for question, phrase in ANSWERS.items():
        assert sum(phrase in text for text in docs.values()) >= 1, question


def test_sample_folder_round_trips_through_the_loaders(tmp_path):
    docs = load_directory(write_sample_folder(tmp_path))
    by_modality = {}
    for d in docs:
        by_modality.setdefault(d.metadata["modality"], []).append(d.id)
    assert by_modality["image"] == ["diagram"] and len(by_modality["table"]) == 4 and len(by_modality["text"]) == 7


def test_retrievers_on_the_labelled_questions(embeddings):
    chunks = sample_chunks()
    bm25, dense = BM25Index().add(chunks), DenseIndex(embeddings).add(chunks)
    rows = {r["retriever"]: r for r in compare_retrievers(
        {"bm25": bm25, "dense": dense, "hybrid": HybridRetriever([bm25, dense], depth=10)}, QUESTIONS, k=3)}
    assert rows["dense"]["hit_rate@3"] >= 0.9 and rows["bm25"]["hit_rate@3"] >= 0.8
    assert rows["hybrid"]["recall@3"] >= rows["bm25"]["recall@3"]
    small = RecursiveChunker(size=400).split_all(sample_documents())
    assert answer_hit_rate(DenseIndex(embeddings).add(small), ANSWERS, k=3) >= 0.9
