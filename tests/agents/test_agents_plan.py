import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labkit.agents.plan import Plan, Step, fill_placeholders, parse_steps
from labkit.errors import LabkitError, PlanCycleError, PlanError


def test_order_and_phases_follow_dependencies_and_keep_plan_order():
    plan = Plan("g", [Step("c", "x", depends_on=("a", "b")), Step("b", "y"), Step("a", "z"),
                      Step("d", "w", depends_on="c")])
    assert plan.phases() == [["b", "a"], ["c"], ["d"]]
    assert plan.order() == ["b", "a", "c", "d"]
    assert plan.dependents("a") == {"c", "d"}


def test_a_cycle_is_a_clear_labkit_error_naming_the_cycle():
    plan = Plan("g", [Step("a", "x", depends_on=("c",)), Step("b", "y", depends_on=("a",)),
                      Step("c", "z", depends_on=("b",))])
    with pytest.raises(PlanCycleError) as info:
        plan.order()
    assert isinstance(info.value, LabkitError)
    assert set(info.value.cycle) == {"a", "b", "c"} and info.value.cycle[0] == info.value.cycle[-1]
    assert "cycle" in str(info.value)


@pytest.mark.parametrize("build, message", [
    (lambda: Step("a", "x", depends_on=("a",)), "cycle"),
    (lambda: Plan("g", [Step("a", "x"), Step("a", "y")]), "unique"),
    (lambda: Plan("g", [Step("a", "x", depends_on=("zz",))]), "unknown step"),
    (lambda: Plan("g", []), "no steps"),
    (lambda: Step("a", "x", kind="tool"), "names no tool"),
    (lambda: Step("a", "x", tool="calc"), "kind='tool'"),
    (lambda: Step("a", "x", kind="magic"), "kind"),
    (lambda: Step("1 bad", "x"), "valid name"),
])
def test_bad_plans_are_rejected_with_a_message(build, message):
    with pytest.raises(PlanError, match=message):
        build()


def test_placeholders_and_step_parsing():
    assert fill_placeholders({"e": "{a} + {b}", "n": [1, "{a}"], "k": "{zz}"}, {"a": "1", "b": "2"}) == \
        {"e": "1 + 2", "n": [1, "1"], "k": "{zz}"}
    assert parse_steps("Plan:\n1. one\n  2) two\nnot a step\n* three") == ["one", "two", "three"]


def test_plan_table_has_one_row_per_step():
    frame = Plan("g", [Step("a", "x"), Step("b", "y", depends_on=("a",))]).to_frame()
    assert list(frame["step"]) == ["a", "b"] and list(frame["depends_on"]) == ["", "a"]


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 12).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n))))
def test_order_of_any_acyclic_plan_respects_every_dependency(case):
    n, edges = case
    deps = {i: sorted({a for a, b in edges if a < b and b == i}) for i in range(n)}  # edges point forward: no cycle
    plan = Plan("g", [Step(f"s{i}", "x", depends_on=tuple(f"s{d}" for d in deps[i])) for i in reversed(range(n))])
    order = plan.order()
    assert sorted(order) == sorted(f"s{i}" for i in range(n))
    position = {sid: k for k, sid in enumerate(order)}
    for i, ds in deps.items():
        assert all(position[f"s{d}"] < position[f"s{i}"] for d in ds)
