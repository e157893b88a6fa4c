"""The improvement loop: failures feed the pool, the held-out split only measures, and a leak is an error."""

from __future__ import annotations

import random

import pytest

from labkit.errors import HeldOutLeakError, InvalidInputError
from labkit.small.distill import hashed_bow, load_transfer_reviews
from labkit.small.improve import ImprovementLoop, NearestExamples, normalise_text
from labkit.small.measure import load_local_eval


def _data():
    local = load_local_eval()["sentiment"]
    feedback = [{"text": r["text"], "label": r["label"]} for r in load_transfer_reviews()["transfer"]]
    return local["pool"], feedback, local["eval"]


def _loop(pool, heldout, **kw):
    return ImprovementLoop(pool, heldout, NearestExamples(hashed_bow, k=3).predict, **kw)


def test_nearest_examples_votes_and_breaks_ties_by_the_closest():
    knn = NearestExamples(hashed_bow, k=2)
    pool = [{"text": "cold tea", "label": "neg"}, {"text": "great tea", "label": "pos"}]
    assert knn.predict(pool, ["cold tea today"]) == ["neg"]
    with pytest.raises(InvalidInputError, match="empty"):
        knn.predict([], ["x"])


def test_failures_join_the_pool_and_every_round_is_measured():
    pool, feedback, heldout = _data()
    loop = _loop(pool, heldout)
    rounds = loop.run([feedback[i:i + 20] for i in range(0, 80, 20)])
    assert [r.index for r in rounds] == [0, 1, 2, 3, 4] and all(r.heldout.n == 60 for r in rounds)
    assert rounds[-1].pool_size == len(pool) + sum(r.failures for r in rounds)
    assert len(loop.failure_log) == sum(r.failures for r in rounds)
    assert all(f["predicted"] != f["label"] for f in loop.failure_log)


def test_adding_a_held_out_item_is_refused_even_disguised():
    pool, _, heldout = _data()
    loop = _loop(pool, heldout)
    disguised = {"text": "  " + heldout[3]["text"].upper() + " ", "label": heldout[3]["label"]}
    with pytest.raises(HeldOutLeakError):
        loop.add([disguised])
    with pytest.raises(HeldOutLeakError):                 # in a feedback batch, too
        loop.step([disguised])
    with pytest.raises(HeldOutLeakError):                 # and in the starting pool
        _loop(pool + [heldout[0]], heldout)
    assert not {normalise_text(e["text"]) for e in loop.pool} & {normalise_text(e["text"]) for e in heldout}


def test_held_out_labels_never_steer_what_the_pool_learns():
    # the leakage test: scramble the held-out gold labels; if they fed selection, the pool would change
    pool, feedback, heldout = _data()
    scrambled = [dict(e, label=random.Random(i).choice(["positive", "negative"])) for i, e in enumerate(heldout)]
    batches = [feedback[i:i + 20] for i in range(0, 80, 20)]
    honest, blind = _loop(pool, heldout), _loop(pool, scrambled)
    honest.run(batches)
    blind.run(batches)
    assert honest.pool == blind.pool and honest.failure_log == blind.failure_log
    assert [r.failures for r in honest.rounds] == [r.failures for r in blind.rounds]


def test_add_all_adds_every_reviewed_item():
    pool, feedback, heldout = _data()
    loop = _loop(pool, heldout, add="all")
    loop.step(feedback[:20])
    assert len(loop.pool) == len(pool) + 20
    with pytest.raises(InvalidInputError):
        _loop(pool, heldout, add="some")
    with pytest.raises(InvalidInputError, match="held-out split is empty"):
        _loop(pool, [])
