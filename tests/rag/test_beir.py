import json

import pytest

from labkit.errors import DatasetFormatError
from labkit.rag import BM25Index, evaluate_run, load_beir
from labkit.rag.beir import read_trec_run, write_trec_run


@pytest.fixture
def beir_folder(tmp_path):
    corpus = [{"_id": "d1", "title": "Aspirin", "text": "Aspirin reduces fever and inflammation."},
              {"_id": "d2", "title": "Insulin", "text": "Insulin regulates blood glucose."},
              {"_id": "d3", "title": "", "text": "Statins lower cholesterol in the blood."}]
    queries = [{"_id": "q1", "text": "What regulates blood glucose?"}, {"_id": "q2", "text": "fever drug"},
               {"_id": "q9", "text": "unjudged"}]
    (tmp_path / "corpus.jsonl").write_text("\n".join(json.dumps(r) for r in corpus))
    (tmp_path / "queries.jsonl").write_text("\n".join(json.dumps(r) for r in queries))
    (tmp_path / "qrels").mkdir()
    (tmp_path / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\nq1\td2\t1\nq2\td1\t1\n")
    return tmp_path


def test_load_and_evaluate_bm25(beir_folder, tmp_path):
    data = load_beir(beir_folder)
    assert [c.text for c in data.corpus][:1] == ["Aspirin Aspirin reduces fever and inflammation."]
    assert data.queries == {"q1": "What regulates blood glucose?", "q2": "fever drug"}
    index = BM25Index().add(data.corpus)
    run = {q: [(h.id, h.score) for h in index.retrieve(text, 10)] for q, text in data.queries.items()}
    path = write_trec_run(run, tmp_path / "run.trec")
    ranked = read_trec_run(path)
    assert ranked["q1"][0] == "d2"
    assert evaluate_run(ranked, data.qrels, ["ndcg@10", "recall@100"]) == {"ndcg@10": 1.0, "recall@100": 1.0}


def test_format_errors(beir_folder):
    with pytest.raises(DatasetFormatError, match="available splits"):
        load_beir(beir_folder, split="dev")
    (beir_folder / "queries.jsonl").write_text('{"text": "no id"}')
    with pytest.raises(DatasetFormatError, match="_id"):
        load_beir(beir_folder)
    with pytest.raises(DatasetFormatError, match="not a folder"):
        load_beir(beir_folder / "nope")
