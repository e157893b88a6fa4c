import json
import re

import pytest

from labkit.cli import main
from labkit.rag.beir import read_trec_run

DOCS = [("d1", "Aspirin", "Aspirin reduces fever and inflammation."),
        ("d2", "Insulin", "Insulin regulates blood glucose in diabetes."),
        ("d3", "Statins", "Statins lower cholesterol and the risk of heart attack."),
        ("d4", "Vitamin D", "Vitamin D supports bone health and calcium absorption.")]


@pytest.fixture
def beir(tmp_path):
    (tmp_path / "corpus.jsonl").write_text("\n".join(json.dumps({"_id": i, "title": t, "text": x}) for i, t, x in DOCS))
    queries = [{"_id": "q1", "text": "drug that brings down a fever"}, {"_id": "q2", "text": "blood sugar hormone"},
               {"_id": "q3", "text": "cholesterol lowering medicine"}]
    (tmp_path / "queries.jsonl").write_text("\n".join(json.dumps(q) for q in queries))
    (tmp_path / "qrels").mkdir()
    (tmp_path / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t1\nq3\td3\t1\n")
    return tmp_path


@pytest.mark.parametrize("method", ["bm25", "dense", "hybrid"])
def test_cli_prints_the_scores_last_and_writes_a_run(method, beir, tmp_path, capsys):
    run_file = tmp_path / f"{method}.trec"
    assert main(["bench", "retrieval", "--dataset", str(beir), "--method", method, "--run-out", str(run_file)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    m = re.fullmatch(r"nDCG@10=(\d\.\d{4}) R@100=(\d\.\d{4})", lines[-1])
    assert m and float(m.group(2)) == 1.0  # 4 documents: every relevant one is in the top 100
    assert any(line.startswith("latency retrieval: p50=") for line in lines)
    assert set(read_trec_run(run_file)) == {"q1", "q2", "q3"}
    if method != "bm25":
        assert float(m.group(1)) > 0.8 and any(line.startswith("latency query_embedding") for line in lines)


def test_cli_reports_bad_dataset_cleanly(tmp_path, capsys):
    assert main(["bench", "retrieval", "--dataset", str(tmp_path / "nope")]) == 2
    assert "not a folder" in capsys.readouterr().err
    assert main(["bench", "retrieval", "--dataset", str(tmp_path), "--method", "hybrid", "--weights", "1"]) == 2
