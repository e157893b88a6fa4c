"""Evaluation sets: the split is a function of the id, stable under additions and reordering, stratified on request."""

from __future__ import annotations

import json

import pytest

from labkit.errors import InvalidInputError
from labkit.evaluation.datasets import EvalSet, Example, hash_split, leaks, stratified_split


def _examples(n, strata=("a",)):
    return [Example(f"id-{i}", f"question {i}", str(i), strata[i % len(strata)]) for i in range(n)]


def test_hash_split_is_stable_under_reordering_and_additions():
    examples = _examples(300)
    base = {e.id for e in hash_split(examples, 0.25).test}
    assert {e.id for e in hash_split(list(reversed(examples)), 0.25).test} == base
    grown = {e.id for e in hash_split(examples + _examples(400)[300:], 0.25).test}
    assert base <= grown and len(grown) > len(base)
    assert 0.15 < len(base) / 300 < 0.35


def test_salt_changes_the_split_and_the_train_keeps_the_original_order():
    examples = _examples(200)
    assert {e.id for e in hash_split(examples, 0.3, salt="x").test} != {e.id for e in hash_split(examples, 0.3).test}
    split = hash_split(examples, 0.3)
    assert [e.id for e in split.train] == [e.id for e in examples if e not in split.test]
    assert split.sizes()["train"] + split.sizes()["test"] == 200


def test_stratified_split_puts_every_stratum_on_both_sides():
    examples = _examples(60, strata=("common",) * 9 + ("rare",))  # 6 rare examples
    split = stratified_split(examples, 0.2)
    for stratum in ("common", "rare"):
        test = [e for e in split.test if e.stratum == stratum]
        train = [e for e in split.train if e.stratum == stratum]
        assert test and train
    assert len([e for e in split.test if e.stratum == "rare"]) == 1  # round(6 * 0.2)
    # a plain hash split on such a small stratum can miss it entirely; the stratified one cannot, for any salt
    for salt in map(str, range(20)):
        assert any(e.stratum == "rare" for e in stratified_split(examples, 0.2, salt=salt).test)


def test_leaks_find_the_same_input_on_both_sides():
    split = hash_split([Example("a", "What is the refund window?"), Example("b", "what is the REFUND window")], 0.5)
    if split.test and split.train:
        assert leaks(split) == [split.test[0].id]
    clean = stratified_split([Example("a", "one", stratum="s"), Example("b", "two", stratum="s")], 0.5)
    assert leaks(clean) == []


@pytest.mark.parametrize("bad", [0, 1, -0.1, 1.5])
def test_a_fraction_outside_0_1_is_refused(bad):
    with pytest.raises(InvalidInputError, match="test_fraction"):
        hash_split(_examples(3), bad)


def test_duplicate_ids_are_refused():
    with pytest.raises(InvalidInputError, match="appears twice"):
        EvalSet("x", [Example("a", 1), Example("a", 2)])


def test_load_jsonl_and_json(tmp_path):
    records = [{"id": 1, "question": "q1", "answer": "a1", "kind": "k", "context": "c"},
               {"id": 2, "question": "q2", "answer": "a2", "kind": "k"}]
    (tmp_path / "set.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    (tmp_path / "set.json").write_text(json.dumps({"items": records}))
    for name in ("set.jsonl", "set.json"):
        evalset = EvalSet.load(tmp_path / name, input_key="question", expected_key="answer", stratum_key="kind")
        first = evalset.examples[0]
        assert (first.id, first.input, first.expected, first.stratum, dict(first.meta)) == ("1", "q1", "a1", "k",
                                                                                           {"context": "c"})
        assert len(evalset.split(0.5, stratified=True).test) == 1


def test_load_errors_are_one_clear_line(tmp_path):
    with pytest.raises(InvalidInputError, match="No evaluation set"):
        EvalSet.load(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(InvalidInputError, match="not an evaluation set"):
        EvalSet.load(tmp_path / "bad.json")
    (tmp_path / "noid.json").write_text(json.dumps([{"input": "q"}]))
    with pytest.raises(InvalidInputError, match="lacks 'id'"):
        EvalSet.load(tmp_path / "noid.json")
