"""The ``labkit readiness`` command: table or JSON, exit code follows the verdict, clean errors."""

from __future__ import annotations

import json

from labkit.cli import main
from labkit.domains.corpus import load_corpus


def test_readiness_command_prints_the_table_and_gates_on_the_verdict(capsys, tmp_path):
    medical = load_corpus("medical")
    small = {"domain": "medical", "documents": [
        {"id": d.id, "title": d.title, "text": d.text, "metadata": d.metadata} for d in medical.documents[:4]],
        "questions": [{"question": "Does aerobic exercise lower blood pressure?", "relevant": ["med-exercise-bp"]}]}
    (tmp_path / "small.json").write_text(json.dumps(small))
    assert main(["readiness", str(tmp_path / "small.json")]) == 0
    assert capsys.readouterr().out.rstrip().endswith("medical: READY")
    corpus = load_corpus("technical")
    broken = {"domain": "technical", "documents": [  # one document loses the metadata its filter needs
        {"id": d.id, "title": d.title, "text": d.text, "metadata": {} if i == 0 else d.metadata}
        for i, d in enumerate(corpus.documents)],
        "questions": [{"question": q.question, "filters": q.filters, "relevant": list(q.relevant)}
                      for q in corpus.questions[:1]]}
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken))
    assert main(["readiness", str(path), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    checks = {c["name"]: c for c in data["checks"]}
    assert data["ready"] is False and checks["metadata_completeness"]["ok"] is False
    assert "tech-install" in checks["metadata_completeness"]["detail"]


def test_readiness_command_reports_bad_input_cleanly(capsys):
    assert main(["readiness", "astrology"]) == 2
    assert "no bundled corpus named 'astrology'" in capsys.readouterr().err
