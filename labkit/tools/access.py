"""Risk levels and access control for tools: who may call what, when a person must approve, and a record of each.

What it teaches: once a model can call tools, the question is not only "which tool fits" but "may *this caller*
make *this call*". Each tool declares, next to its code, how much harm a call can do and which permissions
(scopes) it needs:

* :attr:`Risk.READ_ONLY` looks things up (a search, a ``SELECT``);
* :attr:`Risk.SIDE_EFFECTING` changes the world in a way that can be undone or is bounded (send an email, refund);
* :attr:`Risk.DESTRUCTIVE` cannot be undone (delete an account, drop a table).

An :class:`AccessPolicy` decides every call *before* it runs, in a fixed order: the tool must declare its risk (an
undeclared tool is refused: fail closed), the caller's role must exist and hold every scope the tool requires, and a
call above ``approval_above`` goes to a person (an approval callback) who sees the tool, the validated arguments and
the risk. Every decision, allowed or denied, goes to an audit sink with its reason.

The one idea: the policy sits between the loop and the tool, not in the prompt. :meth:`AccessPolicy.guard` returns a
:class:`~labkit.tools.registry.ToolRegistry` whose tools check the policy first, so the tool loop of
:mod:`labkit.tools.loop` runs unchanged and a refusal reaches the model as an error it can explain to the user.

>>> from labkit.tools.registry import ToolRegistry
>>> @declare_access(Risk.DESTRUCTIVE, scopes={"customers:admin"})
... def delete_customer(customer_id: str) -> str:
...     '''Delete a customer and all their data.'''
...     return f"deleted {customer_id}"
>>> trail = AuditTrail()
>>> policy = AccessPolicy({"support": {"customers:read"}, "admin": {"customers:read", "customers:admin"}},
...                       approve=lambda request: request.args["customer_id"] != "c-1", audit=trail)
>>> support = policy.guard(ToolRegistry([delete_customer]), Caller("sam", "support"))
>>> support.call("delete_customer", {"customer_id": "c-9"}).content
"Error: Access denied: 'sam' may not call 'delete_customer': role 'support' lacks the scope customers:admin."
>>> admin = policy.guard(ToolRegistry([delete_customer]), Caller("ada", "admin"))
>>> admin.call("delete_customer", {"customer_id": "c-9"}).content
'deleted c-9'
>>> [(e.actor, e.action, e.details["reason"]) for e in trail.entries]
[('sam', 'tool.deny', "role 'support' lacks the scope customers:admin"), ('ada', 'tool.allow', 'approved')]

The audit sink is anything with ``append(actor, action, resource, details)``: :class:`AuditTrail` keeps entries in
memory; :class:`labkit.production.audit.AuditLog` (Level 8) has the same method and stores them in a hash chain that
shows tampering, so production passes it in without this module importing a higher level.

Left out: hiding the tools a caller may not use from the model (here it sees them and is refused, which the audit
records), limits on how often a caller may call (see :mod:`labkit.production.ratelimit`), policies on argument
values (refunds above an amount), and approvals that wait for a person asynchronously (see :mod:`labkit.agents.graphs`
for a run that pauses and resumes).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, Protocol

from labkit.clock import Clock, wall_clock
from labkit.errors import InvalidInputError, ToolAccessDeniedError
from labkit.tools.registry import Tool, ToolRegistry

ACCESS_ATTRIBUTE = "__labkit_access__"
"""Where :func:`declare_access` stores a function's declaration, read back by :func:`access_of`."""


class Risk(IntEnum):
    """How much harm one call can do; ordered, so ``risk > Risk.READ_ONLY`` means "changes something"."""

    READ_ONLY = 0
    SIDE_EFFECTING = 1
    DESTRUCTIVE = 2


@dataclass(frozen=True)
class ToolAccess:
    """What a tool declares: its risk level and the scopes a caller must hold to call it."""

    risk: Risk
    scopes: frozenset[str] = frozenset()


def declare_access(risk: Risk, scopes: Iterable[str] = ()) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator: declare a tool function's risk and required scopes, next to its code; the function is unchanged.

    >>> @declare_access(Risk.SIDE_EFFECTING, scopes=["orders:write"])
    ... def refund(order_id: str) -> str:
    ...     '''Refund an order.'''
    ...     return "refunded"
    >>> getattr(refund, ACCESS_ATTRIBUTE)
    ToolAccess(risk=<Risk.SIDE_EFFECTING: 1>, scopes=frozenset({'orders:write'}))
    """
    if not isinstance(risk, Risk):
        raise InvalidInputError(f"risk must be a Risk (READ_ONLY, SIDE_EFFECTING, DESTRUCTIVE), got {risk!r}.")
    if isinstance(scopes, str):
        raise InvalidInputError(f"scopes must be a collection of scope names, not the single string {scopes!r}.")
    access = ToolAccess(risk, frozenset(scopes))

    def mark(fn: Callable[..., Any]) -> Callable[..., Any]:
        setattr(fn, ACCESS_ATTRIBUTE, access)
        return fn

    return mark


def access_of(tool: Tool) -> ToolAccess | None:
    """A registered tool's declaration, or None when its function declares nothing."""
    return getattr(tool.func, ACCESS_ATTRIBUTE, None)


@dataclass(frozen=True)
class Caller:
    """Who is asking: an ``id`` for the audit and a ``role`` that the policy maps to scopes."""

    id: str
    role: str


@dataclass(frozen=True)
class ApprovalRequest:
    """What a person is shown before approving a call: who, which tool, the validated arguments and the risk."""

    caller: Caller
    tool: str
    args: dict[str, Any]
    risk: Risk


@dataclass(frozen=True)
class AccessDecision:
    """The policy's verdict on one call and the reason, as written to the audit."""

    caller: Caller
    tool: str
    allowed: bool
    reason: str
    risk: Risk | None = None


class AuditSink(Protocol):
    """Anything that records an event: :class:`AuditTrail` here, ``labkit.production.audit.AuditLog`` in Level 8."""

    def append(self, actor: str, action: str, resource: str = "", details: dict[str, Any] | None = None) -> Any: ...


@dataclass(frozen=True)
class AuditRecord:
    """One audited event: when, who, what happened (``tool.allow`` / ``tool.deny``), to which tool, and the details."""

    timestamp: float
    actor: str
    action: str
    resource: str
    details: dict[str, Any]


@dataclass
class AuditTrail:
    """An in-memory audit sink: records in the order they happened, stamped by ``clock``."""

    clock: Clock = wall_clock
    entries: list[AuditRecord] = field(default_factory=list)

    def append(self, actor: str, action: str, resource: str = "", details: dict[str, Any] | None = None) -> AuditRecord:
        record = AuditRecord(self.clock(), actor, action, resource, dict(details or {}))
        self.entries.append(record)
        return record


class AccessPolicy:
    """Roles mapped to scopes, an approval rule and an audit sink; decides and records every tool call.

    ``roles`` maps a role name to the scopes it holds. A call whose tool's risk is above ``approval_above`` needs
    ``approve(request)`` to return True; without an ``approve`` callback such calls are refused. ``audit`` receives
    one entry per decision (an :class:`AuditTrail` when none is given).
    """

    def __init__(self, roles: Mapping[str, Iterable[str]], *, approval_above: Risk = Risk.READ_ONLY,
                 approve: Callable[[ApprovalRequest], bool] | None = None, audit: AuditSink | None = None):
        if not isinstance(roles, Mapping) or not roles:
            raise InvalidInputError("roles must map at least one role name to its scopes, "
                                    "e.g. {'viewer': {'db:read'}}.")
        if any(isinstance(scopes, str) for scopes in roles.values()):
            raise InvalidInputError("Each role's scopes must be a collection of names, not a single string.")
        if not isinstance(approval_above, Risk):
            raise InvalidInputError(f"approval_above must be a Risk, got {approval_above!r}.")
        if approve is not None and not callable(approve):
            raise InvalidInputError("approve must be a function taking an ApprovalRequest and returning True or False.")
        self.roles = {role: frozenset(scopes) for role, scopes in roles.items()}
        self.approval_above, self.approve = approval_above, approve
        self.audit: AuditSink = audit if audit is not None else AuditTrail()

    def decide(self, caller: Caller, tool: Tool, args: dict[str, Any]) -> AccessDecision:
        """Check one call (the rules in the module docstring, in order), audit the decision, and return it."""
        access = access_of(tool)
        if access is None:
            decision = AccessDecision(caller, tool.name, False, "the tool declares no risk level (declare_access)")
        else:
            decision = AccessDecision(caller, tool.name, *self._judge(caller, tool.name, args, access), access.risk)
        details = {"role": caller.role, "reason": decision.reason, "args": _plain(args),
                   "risk": decision.risk.name.lower() if decision.risk is not None else None}
        self.audit.append(caller.id, "tool.allow" if decision.allowed else "tool.deny", tool.name, details)
        return decision

    def _judge(self, caller: Caller, tool: str, args: dict[str, Any], access: ToolAccess) -> tuple[bool, str]:
        if caller.role not in self.roles:
            return False, f"unknown role {caller.role!r} (roles: {', '.join(sorted(self.roles))})"
        missing = sorted(access.scopes - self.roles[caller.role])
        if missing:
            return False, f"role {caller.role!r} lacks the scope{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
        if access.risk <= self.approval_above:
            return True, "within the role's scopes"
        if self.approve is None:
            return False, f"{access.risk.name.lower()} calls need approval and no approver is configured"
        try:
            approved = self.approve(ApprovalRequest(caller, tool, dict(args), access.risk))
        except Exception as exc:  # an approver that fails has not approved
            return False, f"the approver failed ({type(exc).__name__}: {exc})"
        return (True, "approved") if approved is True else (False, "not approved")

    def guard(self, registry: ToolRegistry, caller: Caller) -> ToolRegistry:
        """The same tools for ``caller``, each checking :meth:`decide` before it runs (after argument validation, so
        the approver sees exactly what would run); a refusal raises :class:`~labkit.errors.ToolAccessDeniedError`,
        which the registry hands to the model as an error result."""
        if not isinstance(caller, Caller):
            raise InvalidInputError(f"caller must be a Caller(id, role), got {type(caller).__name__}.")
        return ToolRegistry([self._guarded(tool, caller) for tool in registry])

    def _guarded(self, tool: Tool, caller: Caller) -> Tool:
        def checked(**kwargs: Any) -> Any:
            decision = self.decide(caller, tool, kwargs)
            if not decision.allowed:
                raise ToolAccessDeniedError(caller.id, tool.name, decision.reason)
            return tool.func(**kwargs)

        setattr(checked, ACCESS_ATTRIBUTE, access_of(tool))
        return dataclasses.replace(tool, func=checked, langchain=None)


def _plain(args: dict[str, Any]) -> dict[str, Any]:
    """Arguments as JSON-safe values for the audit (dates and other objects become their text).

    >>> import datetime
    >>> _plain({"day": datetime.date(2026, 1, 2), "n": 3})
    {'day': '2026-01-02', 'n': 3}
    """
    return json.loads(json.dumps(args, default=str))
