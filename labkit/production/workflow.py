"""Workflow orchestration as an explicit state machine, with an event bus and compensation on failure (a saga).

The one idea: a multi-step job that touches other systems (charge a card, book a slot, send an e-mail) cannot be
rolled back by a database transaction. Each step therefore declares its **compensation** (refund the charge, cancel
the slot); when a step fails, the orchestrator runs the compensations of the completed steps in *reverse* order.
The workflow's life is a state machine with a fixed transition table, so an impossible move ("completed" after
"compensating") is an error rather than a silent corruption, and every transition is published on an **event bus**
for monitors, audit logs and dashboards.

    pending -> running -> completed
                       -> compensating -> compensated      (every compensation succeeded)
                                       -> failed            (a compensation failed: needs a human)

>>> bus = EventBus()
>>> wf = Workflow("order", [Step("reserve", lambda ctx: "slot-7", compensate=lambda ctx: None),
...                         Step("charge", lambda ctx: 1 / 0)], bus=bus)
>>> run = wf.run({})
>>> run.state, run.step_states
('compensated', {'reserve': 'compensated', 'charge': 'failed'})
>>> [e.topic for e in bus.history][-4:]
['step.failed', 'workflow.compensating', 'step.compensated', 'workflow.compensated']

Left out: durable state (persist ``run.history`` to resume after a crash, as Temporal does), parallel branches.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from labkit.errors import InvalidInputError, WorkflowError
from labkit.production.retry import Retrier

TRANSITIONS: dict[str, set[str]] = {
    "pending": {"running"},
    "running": {"completed", "compensating"},
    "compensating": {"compensated", "failed"},
    "completed": set(),
    "compensated": set(),
    "failed": set(),
}


@dataclass(frozen=True)
class Event:
    seq: int
    topic: str
    payload: dict[str, Any]


class EventBus:
    """In-process publish/subscribe. ``"*"`` subscribes to everything; a failing handler is recorded, not raised."""

    def __init__(self) -> None:
        self.subscribers: dict[str, list[Callable[[Event], None]]] = {}
        self.history: list[Event] = []
        self.dead_letters: list[tuple[Event, str]] = []

    def subscribe(self, topic: str, handler: Callable[[Event], None]) -> None:
        self.subscribers.setdefault(topic, []).append(handler)

    def publish(self, topic: str, **payload: Any) -> Event:
        event = Event(len(self.history) + 1, topic, payload)
        self.history.append(event)
        for handler in self.subscribers.get(topic, []) + self.subscribers.get("*", []):
            try:
                handler(event)
            except Exception as exc:  # noqa: BLE001 - one broken subscriber must not break the workflow
                self.dead_letters.append((event, f"{type(exc).__name__}: {exc}"))
        return event


@dataclass(frozen=True)
class Step:
    """``action(ctx)`` does the work (its result is stored as ``ctx[name]``); ``compensate(ctx)`` undoes it."""

    name: str
    action: Callable[[dict[str, Any]], Any]
    compensate: Callable[[dict[str, Any]], Any] | None = None
    retrier: Retrier | None = None


@dataclass
class WorkflowRun:
    workflow: str
    state: str = "pending"
    context: dict[str, Any] = field(default_factory=dict)
    step_states: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    history: list[tuple[str, str]] = field(default_factory=list)


class Workflow:
    def __init__(self, name: str, steps: Sequence[Step], bus: EventBus | None = None):
        steps = list(steps)
        if not steps:
            raise InvalidInputError("A workflow needs at least one step.")
        names = [s.name for s in steps]
        if len(set(names)) != len(names):
            raise InvalidInputError(f"Step names must be unique, got {names}.")
        self.name, self.steps, self.bus = name, steps, bus or EventBus()

    def _move(self, run: WorkflowRun, target: str) -> None:
        if target not in TRANSITIONS[run.state]:
            raise WorkflowError(f"Workflow {self.name!r} cannot go from {run.state!r} to {target!r}; "
                                f"allowed: {sorted(TRANSITIONS[run.state]) or 'nothing (final state)'}.")
        run.history.append((run.state, target))
        run.state = target
        self.bus.publish(f"workflow.{target}", workflow=self.name)

    def run(self, context: dict[str, Any] | None = None) -> WorkflowRun:
        run = WorkflowRun(self.name, context=dict(context or {}), step_states={s.name: "pending" for s in self.steps})
        self._move(run, "running")
        done: list[Step] = []
        for step in self.steps:
            run.step_states[step.name] = "running"
            self.bus.publish("step.started", workflow=self.name, step=step.name)
            try:
                result = (step.retrier.call(step.action, run.context) if step.retrier
                          else step.action(run.context))
            except Exception as exc:  # noqa: BLE001 - the saga handles every step failure the same way
                run.step_states[step.name] = "failed"
                run.error = f"{step.name}: {type(exc).__name__}: {exc}"
                self.bus.publish("step.failed", workflow=self.name, step=step.name, error=run.error)
                self._compensate(run, done)
                return run
            run.context[step.name] = result
            run.step_states[step.name] = "done"
            done.append(step)
            self.bus.publish("step.completed", workflow=self.name, step=step.name)
        self._move(run, "completed")
        return run

    def _compensate(self, run: WorkflowRun, done: list[Step]) -> None:
        self._move(run, "compensating")
        all_ok = True
        for step in reversed(done):
            if step.compensate is None:
                run.step_states[step.name] = "done (no compensation)"
                continue
            try:
                step.compensate(run.context)
            except Exception as exc:  # noqa: BLE001 - keep undoing the others, then report
                all_ok = False
                run.step_states[step.name] = "compensation failed"
                self.bus.publish("compensation.failed", workflow=self.name, step=step.name,
                                 error=f"{type(exc).__name__}: {exc}")
                continue
            run.step_states[step.name] = "compensated"
            self.bus.publish("step.compensated", workflow=self.name, step=step.name)
        self._move(run, "compensated" if all_ok else "failed")
