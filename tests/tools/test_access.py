import datetime

import pytest

from labkit.clock import FakeClock
from labkit.errors import InvalidInputError, ToolAccessDeniedError
from labkit.llm import ScriptedChatModel, ToolCalls
from labkit.production.audit import AuditLog
from labkit.tools import (AccessPolicy, ApprovalRequest, AuditTrail, Caller, Risk, ToolRegistry, access_of,
                          declare_access, run_tool_loop)


@declare_access(Risk.READ_ONLY, scopes={"orders:read"})
def lookup_order(order_id: str) -> str:
    """Look up an order's status."""
    return f"{order_id}: shipped"


@declare_access(Risk.SIDE_EFFECTING, scopes={"orders:read", "orders:write"})
def refund_order(order_id: str, amount: float) -> str:
    """Refund part or all of an order."""
    return f"refunded {amount:.2f} on {order_id}"


@declare_access(Risk.DESTRUCTIVE, scopes={"customers:admin"})
def delete_customer(customer_id: str) -> str:
    """Delete a customer and all their data."""
    return f"deleted {customer_id}"


def undeclared_export(table: str) -> str:
    """Export a table to a file."""
    return f"exported {table}"


ROLES = {"viewer": {"orders:read"}, "support": {"orders:read", "orders:write"},
         "admin": {"orders:read", "orders:write", "customers:admin"}}


def registry():
    return ToolRegistry([lookup_order, refund_order, delete_customer, undeclared_export])


def outcome(policy, caller, tool, args):
    result = policy.guard(registry(), caller).call(tool, args)
    return result.output if result.ok else result.error


def test_declaration_lives_on_the_function_and_is_read_back_from_the_tool():
    tools = registry()
    assert access_of(tools.get("refund_order")).risk is Risk.SIDE_EFFECTING
    assert access_of(tools.get("delete_customer")).scopes == {"customers:admin"}
    assert access_of(tools.get("undeclared_export")) is None
    assert refund_order("o-1", 2) == "refunded 2.00 on o-1"  # declaring changes nothing about calling it


@pytest.mark.parametrize("role, tool, args, allowed, reason", [
    ("viewer", "lookup_order", {"order_id": "o-1"}, True, "within the role's scopes"),
    ("viewer", "refund_order", {"order_id": "o-1", "amount": 5}, False, "role 'viewer' lacks the scope orders:write"),
    ("support", "refund_order", {"order_id": "o-1", "amount": 5}, True, "approved"),
    ("support", "delete_customer", {"customer_id": "c-1"}, False, "role 'support' lacks the scope customers:admin"),
    ("admin", "delete_customer", {"customer_id": "c-1"}, True, "approved"),
    ("admin", "undeclared_export", {"table": "orders"}, False, "the tool declares no risk level (declare_access)"),
    ("intern", "lookup_order", {"order_id": "o-1"}, False, "unknown role 'intern' (roles: admin, support, viewer)"),
])
def test_roles_scopes_and_undeclared_tools(role, tool, args, allowed, reason):
    trail = AuditTrail(clock=FakeClock(100))
    policy = AccessPolicy(ROLES, approve=lambda request: True, audit=trail)
    text = outcome(policy, Caller("u1", role), tool, args)
    assert text.startswith("Access denied") != allowed and (allowed or reason in text)
    [entry] = trail.entries
    assert (entry.actor, entry.action, entry.resource, entry.details["reason"], entry.timestamp) == (
        "u1", "tool.allow" if allowed else "tool.deny", tool, reason, 100)


def test_approval_is_asked_above_the_threshold_with_the_validated_arguments():
    asked: list[ApprovalRequest] = []

    def approver(request):
        asked.append(request)
        return request.args["amount"] <= 50

    policy = AccessPolicy(ROLES, approve=approver)
    support = Caller("sam", "support")
    assert outcome(policy, support, "lookup_order", {"order_id": "o-1"}) == "o-1: shipped"  # read-only: nobody asked
    assert outcome(policy, support, "refund_order", {"order_id": "o-1", "amount": "20"}) == "refunded 20.00 on o-1"
    assert "not approved" in outcome(policy, support, "refund_order", {"order_id": "o-2", "amount": 80})
    assert [(r.tool, r.args, r.risk, r.caller) for r in asked] == [
        ("refund_order", {"order_id": "o-1", "amount": 20.0}, Risk.SIDE_EFFECTING, support),  # coerced "20" -> 20.0
        ("refund_order", {"order_id": "o-2", "amount": 80.0}, Risk.SIDE_EFFECTING, support)]


def test_the_threshold_decides_which_risks_need_a_person():
    only_destructive = AccessPolicy(ROLES, approval_above=Risk.SIDE_EFFECTING)  # no approver at all
    admin = Caller("ada", "admin")
    assert outcome(only_destructive, admin, "refund_order", {"order_id": "o-1", "amount": 1}) == "refunded 1.00 on o-1"
    assert "destructive calls need approval and no approver is configured" in outcome(
        only_destructive, admin, "delete_customer", {"customer_id": "c-1"})


@pytest.mark.parametrize("answer, reason", [(False, "not approved"), ("yes", "not approved"),
                                            (None, "not approved")])
def test_only_a_true_approval_approves(answer, reason):
    policy = AccessPolicy(ROLES, approve=lambda request: answer)
    assert reason in outcome(policy, Caller("ada", "admin"), "delete_customer", {"customer_id": "c-1"})


def test_an_approver_that_fails_has_not_approved():
    def broken(request):
        raise ConnectionError("approval service down")

    trail = AuditTrail()
    policy = AccessPolicy(ROLES, approve=broken, audit=trail)
    text = outcome(policy, Caller("ada", "admin"), "delete_customer", {"customer_id": "c-1"})
    assert "the approver failed (ConnectionError: approval service down)" in text
    assert trail.entries[0].action == "tool.deny"


def test_a_denied_call_never_runs_the_tool():
    calls = []

    @declare_access(Risk.DESTRUCTIVE, scopes={"customers:admin"})
    def purge(customer_id: str) -> str:
        """Purge a customer."""
        calls.append(customer_id)
        return "purged"

    policy = AccessPolicy(ROLES, approve=lambda request: False)
    guarded = policy.guard(ToolRegistry([purge]), Caller("ada", "admin"))
    assert not guarded.call("purge", {"customer_id": "c-1"}).ok and calls == []
    with pytest.raises(ToolAccessDeniedError) as info:
        guarded.get("purge").run({"customer_id": "c-1"})
    assert (info.value.caller, info.value.tool, info.value.reason) == ("ada", "purge", "not approved")


def test_every_decision_is_audited_in_a_hash_chained_log():
    log = AuditLog(clock=FakeClock(1700000000))
    policy = AccessPolicy(ROLES, approve=lambda request: True, audit=log)
    viewer = Caller("vic", "viewer")
    outcome(policy, viewer, "lookup_order", {"order_id": "o-1"})
    outcome(policy, viewer, "refund_order", {"order_id": "o-1", "amount": 3})
    entries = log.entries()
    assert [(e.actor, e.action, e.resource, e.details["risk"]) for e in entries] == [
        ("vic", "tool.allow", "lookup_order", "read_only"), ("vic", "tool.deny", "refund_order", "side_effecting")]
    assert entries[1].details["args"] == {"order_id": "o-1", "amount": 3.0} and log.verify().ok


def test_arguments_that_json_cannot_hold_are_audited_as_text():
    @declare_access(Risk.READ_ONLY)
    def agenda(day: datetime.date) -> str:
        """The agenda of a day."""
        return "free"

    trail = AuditTrail()
    policy = AccessPolicy({"anyone": set()}, audit=trail)
    assert policy.guard(ToolRegistry([agenda]), Caller("x", "anyone")).call("agenda", {"day": "2026-01-02"}).ok
    assert trail.entries[0].details["args"] == {"day": "2026-01-02"}


def test_the_tool_loop_shows_a_refusal_to_the_model():
    model = ScriptedChatModel(replies=[
        ToolCalls([("delete_customer", {"customer_id": "c-7"})]),
        ToolCalls([("lookup_order", {"order_id": "o-7"})]),
        "I may not delete customers; order o-7 has shipped.",
    ])
    trail = AuditTrail()
    policy = AccessPolicy(ROLES, approve=lambda request: True, audit=trail)
    result = run_tool_loop(model, policy.guard(registry(), Caller("sam", "support")), "Delete c-7, then check o-7.")
    assert [(s.tool, s.ok) for s in result.steps] == [("delete_customer", False), ("lookup_order", True)]
    assert "lacks the scope customers:admin" in result.steps[0].output
    assert [e.action for e in trail.entries] == ["tool.deny", "tool.allow"]


def test_bad_configuration_is_a_clear_error():
    with pytest.raises(InvalidInputError, match="roles must map"):
        AccessPolicy({})
    with pytest.raises(InvalidInputError, match="not a single string"):
        AccessPolicy({"viewer": "orders:read"})
    with pytest.raises(InvalidInputError, match="approval_above must be a Risk"):
        AccessPolicy(ROLES, approval_above=1.5)
    with pytest.raises(InvalidInputError, match="risk must be a Risk"):
        declare_access("high")
    with pytest.raises(InvalidInputError, match="caller must be a Caller"):
        AccessPolicy(ROLES).guard(registry(), "sam")
