"""Corpus loading and validation: bundled corpora, files by path, and every malformed shape."""

from __future__ import annotations

import json

import pytest

from labkit.domains.corpus import DomainDocument, load_corpus, parse_corpus
from labkit.domains.profiles import get_profile
from labkit.errors import CorpusError, InvalidInputError


@pytest.mark.parametrize("domain", ["legal", "technical", "medical"])
def test_bundled_corpora_are_complete(domain):
    corpus = load_corpus(domain)
    assert corpus.domain == domain and len(corpus.documents) == 12 and "ictional" in corpus.description
    profile = get_profile(domain)
    for doc in corpus.documents:
        assert all(doc.metadata.get(f) is not None for f in profile.required_metadata), doc.id
    assert sum(q.answerable for q in corpus.questions) >= 8
    assert sum(not q.answerable for q in corpus.questions) >= 2
    for q in corpus.questions:  # every question's filters are ones the profile understands
        profile.filter_for(**q.filters)
    assert corpus.get(corpus.documents[0].id) is corpus.documents[0]


def test_load_by_path(tmp_path):
    path = tmp_path / "mini.json"
    path.write_text(json.dumps({"domain": "mini", "documents": [{"id": "m1", "title": "T", "text": "Body."}],
                                "questions": [{"question": "Q?", "relevant": ["m1"]}]}))
    corpus = load_corpus(path)
    assert corpus.documents[0].metadata == {} and corpus.questions[0].filters == {}
    assert load_corpus(str(path)).domain == "mini"


@pytest.mark.parametrize(
    "raw, message",
    [
        ([], "documents"),
        ({"documents": []}, "domain"),
        ({"domain": "x", "documents": [{"id": "a", "text": "t", "extra": 1}]}, "only id"),
        ({"domain": "x", "documents": [{"id": "a b", "text": "t"}]}, "without spaces"),
        ({"domain": "x", "documents": [{"id": "a", "text": " "}]}, "no text"),
        ({"domain": "x", "documents": [{"id": "a", "text": "t", "metadata": []}]}, "metadata"),
        ({"domain": "x", "documents": [{"id": "a", "text": "t"}, {"id": "a", "text": "u"}]}, "duplicate"),
        ({"domain": "x", "documents": [{"id": "a", "text": "t"}], "questions": [{"question": ""}]}, "question #0"),
        ({"domain": "x", "documents": [{"id": "a", "text": "t"}], "questions": [{"question": "q", "relevant": ["b"]}]},
         "unknown documents"),
        ({"domain": "x", "documents": [{"id": "a", "text": "t"}], "questions": [{"question": "q", "filters": []}]},
         "filters"),
    ],
)
def test_malformed_corpora_name_the_problem(raw, message):
    with pytest.raises(CorpusError, match=message):
        parse_corpus(raw, "test.json")


def test_missing_files_and_names(tmp_path):
    with pytest.raises(CorpusError, match="bundled: legal, medical, technical"):
        load_corpus("astrology")
    with pytest.raises(CorpusError, match="no such file"):
        load_corpus(tmp_path / "absent.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(CorpusError, match="not valid JSON"):
        load_corpus(bad)
    with pytest.raises(InvalidInputError):
        load_corpus(42)
    with pytest.raises(InvalidInputError):
        load_corpus("legal").get("nope")
    with pytest.raises(InvalidInputError):
        DomainDocument("id", 3, "text")
