"""Plain-data judging: objects that lie about equality never pass; plain values compare strictly."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from labkit.assess.compare import NotPlainData, same, to_plain

plain = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=20,
)


@given(plain)
def test_plain_values_round_trip_and_equal_themselves(value):
    assert to_plain(value) == value
    assert same(value, to_plain(value))


@given(plain, plain)
def test_same_agrees_with_json_equality_for_distinct_types(a, b):
    import json

    if same(a, b):
        assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


class Liar:
    def __eq__(self, other):
        return True


class LyingStr(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


@pytest.mark.parametrize("value", [Liar(), LyingStr("x"), [1, Liar()], {"k": LyingStr("v")}, {1: "int key"},
                                   float("nan"), math.inf, object()])
def test_liars_and_non_plain_values_are_refused(value):
    with pytest.raises(NotPlainData):
        to_plain(value)


def test_strict_types():
    assert not same(1, True) and not same(1, 1.0) and not same("1", 1) and not same([1], (1,))
    assert same(1, 1.0 + 1e-12, "approx") and not same(1, 1.1, "approx")
    assert same([[1, 2], [3]], [[3], [1, 2]], "unordered") and not same([1, 1], [1], "unordered")
    assert same({"a": [0.1 + 0.2]}, {"a": [0.3]}, "approx")


def test_deep_or_huge_values_are_refused():
    deep = []
    for _ in range(100):
        deep = [deep]
    with pytest.raises(NotPlainData, match="deeply"):
        to_plain(deep)
    with pytest.raises(NotPlainData, match="large"):
        to_plain(list(range(200_000)))


def test_numpy_values_are_unwrapped():
    np = pytest.importorskip("numpy")
    assert to_plain(np.array([1.5, 2.5])) == [1.5, 2.5]
    assert to_plain(np.int64(3)) == 3
