"""Policy as code: declarative rules, evaluated to allow / deny / redact, with the reasons that decided it.

The one idea: "who may ask the model what, and what must be hidden" is a *decision*, not control flow scattered
through the application. Rules are data (JSON or Python dicts, validated by pydantic, reviewable in a pull request),
an engine evaluates them against a request context, and the decision names the rules that made it, so an auditor
can replay it.

Precedence when rules conflict (the part every policy engine must document):

1. Only rules whose conditions *all* hold are considered.
2. The highest ``priority`` among them wins: this is how exceptions are written (an ``allow`` at priority 10 for
   the compliance team overrides a ``deny`` at priority 0 for everyone).
3. Within the winning priority, ``deny`` beats ``redact`` beats ``allow`` (deny-overrides, as in XACML's combining
   algorithm and AWS IAM's explicit deny): when two equally important rules disagree, fail safe.
4. If no rule matches, the policy's ``default`` applies (``deny`` unless set: fail closed).

>>> engine = PolicyEngine({"default": "allow", "rules": [
...     {"id": "no-pii-to-external", "effect": "redact", "redact": ["email"],
...      "when": [{"field": "model.hosting", "op": "eq", "value": "external"}]}]})
>>> d = engine.evaluate({"model": {"hosting": "external"}, "text": "mail ana@example.org"})
>>> d.effect, d.rules, d.text
('redact', ('no-pii-to-external',), 'mail [EMAIL]')

The engine enriches the context with ``detected.pii`` (kinds found in ``text``) and ``detected.injection``
(the injection score), so rules can be written on them. Left out: a policy language (Rego/OPA, Cedar) with its
tooling; the combining logic above is the part those share.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from labkit.errors import InvalidInputError, PolicyViolationError

EFFECT_RANK = {"deny": 2, "redact": 1, "allow": 0}
_MISSING = object()


class Condition(BaseModel):
    """``field`` is a dotted path into the context; ``op`` compares it with ``value``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    field: str
    op: Literal["eq", "ne", "in", "not_in", "contains", "matches", "gt", "gte", "lt", "lte", "exists"]
    value: Any = None

    def holds(self, context: dict[str, Any]) -> bool:
        actual = resolve(context, self.field)
        if self.op == "exists":
            return (actual is not _MISSING) == bool(self.value if self.value is not None else True)
        if actual is _MISSING:
            return False
        try:
            if self.op == "eq":
                return actual == self.value
            if self.op == "ne":
                return actual != self.value
            if self.op == "in":
                return actual in self.value
            if self.op == "not_in":
                return actual not in self.value
            if self.op == "contains":
                return self.value in actual
            if self.op == "matches":
                return re.search(self.value, str(actual)) is not None
            return {"gt": actual > self.value, "gte": actual >= self.value,
                    "lt": actual < self.value, "lte": actual <= self.value}[self.op]
        except TypeError:
            return False  # comparing incomparable values: the condition does not hold


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(min_length=1)
    effect: Literal["allow", "deny", "redact"]
    description: str = ""
    priority: int = 0
    when: tuple[Condition, ...] = ()
    redact: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _redact_needs_kinds(self) -> Rule:
        if self.effect == "redact" and not self.redact:
            raise ValueError(f"rule {self.id!r}: a redact rule must list what to redact (PII kinds)")
        return self

    def matches(self, context: dict[str, Any]) -> bool:
        return all(c.holds(context) for c in self.when)


class Policy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    rules: tuple[Rule, ...] = ()
    default: Literal["allow", "deny"] = "deny"

    @model_validator(mode="after")
    def _unique_ids(self) -> Policy:
        ids = [r.id for r in self.rules]
        if len(set(ids)) != len(ids):
            raise ValueError(f"rule ids must be unique, got {ids}")
        return self


class Decision(BaseModel):
    model_config = ConfigDict(frozen=True)
    effect: Literal["allow", "deny", "redact"]
    rules: tuple[str, ...]
    reasons: tuple[str, ...]
    text: str | None = None
    overridden: tuple[str, ...] = ()
    """Rules that matched but lost on priority or effect: kept so conflicts are visible."""


def resolve(context: dict[str, Any], path: str) -> Any:
    """The value at a dotted ``path``, or a private MISSING marker.

    >>> resolve({"user": {"role": "analyst"}}, "user.role")
    'analyst'
    """
    value: Any = context
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return _MISSING
        value = value[part]
    return value


class PolicyEngine:
    def __init__(self, policy: Policy | dict[str, Any]):
        try:
            self.policy = policy if isinstance(policy, Policy) else Policy.model_validate(policy)
        except ValidationError as exc:
            raise InvalidInputError(f"Invalid policy: {exc.errors()[0]['loc']}: {exc.errors()[0]['msg']}. "
                                    "Rules need id, effect (allow|deny|redact) and optional when/priority/redact.") from exc

    @staticmethod
    def enrich(context: dict[str, Any]) -> dict[str, Any]:
        """Add ``detected.pii`` and ``detected.injection`` computed from ``context['text']``."""
        from labkit.production.injection import detect_injection
        from labkit.production.pii import detect_pii

        text = context.get("text")
        if not isinstance(text, str):
            return context
        detected = {"pii": sorted({f.kind for f in detect_pii(text)}),
                    "injection": detect_injection(text).score}
        return {**context, "detected": {**detected, **context.get("detected", {})}}

    def evaluate(self, context: dict[str, Any]) -> Decision:
        if not isinstance(context, dict):
            raise InvalidInputError(f"A policy context is a dict, got {type(context).__name__}.")
        context = self.enrich(context)
        matched = [r for r in self.policy.rules if r.matches(context)]
        if not matched:
            return Decision(effect=self.policy.default, rules=(), text=context.get("text"),
                            reasons=(f"no rule matched: default {self.policy.default}",))
        top = max(r.priority for r in matched)
        contenders = [r for r in matched if r.priority == top]
        effect = max((r.effect for r in contenders), key=EFFECT_RANK.__getitem__)
        winners = [r for r in contenders if r.effect == effect]
        losers = tuple(r.id for r in matched if r not in winners)
        reasons = tuple(f"{r.id} ({r.effect}, priority {r.priority})" + (f": {r.description}" if r.description else "")
                        for r in winners)
        text = context.get("text")
        if effect == "redact" and isinstance(text, str):
            from labkit.production.pii import redact

            kinds = sorted({k for r in winners for k in r.redact})
            text = redact(text, kinds).text
        return Decision(effect=effect, rules=tuple(r.id for r in winners), reasons=reasons, text=text,
                        overridden=losers)

    def enforce(self, context: dict[str, Any]) -> Decision:
        """Evaluate, and raise :class:`~labkit.errors.PolicyViolationError` on deny."""
        decision = self.evaluate(context)
        if decision.effect == "deny":
            raise PolicyViolationError(list(decision.reasons))
        return decision
