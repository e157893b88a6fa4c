"""Collaborative agents: a mailbox loop, specialisations, and a handler per message kind.

The one idea: a collaborative agent is a small server. It reads its mailbox in a loop and answers each kind of
message by protocol: a task request in its specialisation is *accepted* (then a result or a failure follows),
otherwise *declined* with the reason; shared information is kept (``heard``) for later tasks; a help request is
answered only when the agent can help; a consensus proposal gets a vote; a collaboration request gets its
contribution.

The work itself (:meth:`CollaborativeAgent.perform`) is one model call over the agent's knowledge, so the offline
model answers from what the agent has been told; subclasses (:mod:`labkit.multiagent.specialists`) change only that.
Agents also start exchanges themselves: :meth:`~CollaborativeAgent.share` what they learned, ask everyone for
help (:meth:`~CollaborativeAgent.request_help`, collecting whatever answers arrive before the deadline), or ask one
colleague to :meth:`~CollaborativeAgent.collaborate`. Busy time and finished tasks are counted for the metrics.

Each message is handled in its own asyncio task, so an agent busy with work still accepts, declines and votes at
once; ``capacity`` bounds how many tasks it works on together, and a full backlog means it declines ("busy").

What it leaves out: agents that negotiate their capacity or hand work on to a colleague themselves.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable, Sequence
from typing import Any

from labkit.errors import DeadlineExceededError, InvalidInputError, UnknownAgentError
from labkit.multiagent.broker import MessageBroker
from labkit.multiagent.messages import BROADCAST, Kind, Message


NOTHING_NEW = "I have nothing new to add."


def usage_tokens(message: Any) -> int:
    usage = getattr(message, "usage_metadata", None) or {}
    return int(usage.get("total_tokens", 0))


class CollaborativeAgent:
    """An agent with a name, specialisations and a mailbox on ``broker`` (see the module docstring).

    ``preferences`` (a ranked list of options) fixes how it votes; without it, the model picks from its knowledge.
    ``capacity`` tasks run at once; up to ``max_backlog`` more are accepted and wait; beyond that it declines.
    """

    delegates = False  # a worker does its tasks itself; a team lead (multiagent.hierarchy) hands them on

    def __init__(self, name: str, specialisations: Iterable[str], broker: MessageBroker, model: Any = None,
                 knowledge: Iterable[str] = (), preferences: Sequence[str] = (), capacity: int = 1,
                 max_backlog: int = 2):
        from labkit.llm import resolve_model

        self.name = name
        self.specialisations = tuple(s.lower() for s in specialisations)
        if not self.specialisations:
            raise InvalidInputError(f"Agent {name!r} needs at least one specialisation (e.g. 'research').")
        self.broker = broker
        self.model = resolve_model(model)
        self.knowledge: list[str] = list(knowledge)
        self.heard: list[str] = []  # what others shared: used for tasks, never argued as one's own
        self.preferences = list(preferences)
        if not isinstance(capacity, int) or capacity < 1 or not isinstance(max_backlog, int) or max_backlog < 0:
            raise InvalidInputError(f"Agent {name!r}: capacity must be >= 1 and max_backlog >= 0.")
        self.capacity, self.max_backlog = capacity, max_backlog
        self.pending = 0
        self._slots = asyncio.Semaphore(capacity)
        self.mailbox = broker.register(name)
        self.busy_seconds = 0.0
        self.tasks_done = 0
        self.tasks_failed = 0
        self.tokens = 0
        self.said: set[str] = set()
        self.errors: list[str] = []
        self._task: asyncio.Task[None] | None = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r}, specialisations={list(self.specialisations)})"

    # --- lifecycle ----------------------------------------------------------------------------------------------

    def start(self) -> None:
        """Start reading the mailbox (needs a running event loop)."""
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._loop(), name=f"agent:{self.name}")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None

    async def _loop(self) -> None:
        handlers: set[asyncio.Task[None]] = set()
        try:
            while True:
                message = await self.mailbox.get()
                # each message is handled in its own task, so the agent keeps answering (accepting, declining,
                # voting) while earlier work runs; the work itself is limited by ``capacity``
                task = asyncio.get_running_loop().create_task(self._safe_handle(message))
                handlers.add(task)
                task.add_done_callback(handlers.discard)
        finally:
            for task in handlers:
                task.cancel()

    async def _safe_handle(self, message: Message) -> None:
        try:
            await self.handle(message)
        except UnknownAgentError:  # the sender left; nothing to answer
            pass
        except Exception as exc:  # a bad message must not kill the agent: record it and read on
            self.errors.append(f"{message.id} ({message.kind.value}): {type(exc).__name__}: {exc}")

    # --- protocol -----------------------------------------------------------------------------------------------

    def can_do(self, capability: str) -> bool:
        return capability.lower() in self.specialisations

    def consider(self, task: dict[str, Any]) -> tuple[bool, str]:
        """Accept or decline a task request, with the reason."""
        capability = str(task.get("capability", ""))
        if capability and not self.can_do(capability):
            return False, f"{self.name} does not do {capability!r} (does: {', '.join(self.specialisations)})"
        if self.pending >= self.capacity + self.max_backlog:
            return False, f"{self.name} is busy ({self.pending} tasks accepted and not finished)"
        return True, "capability match"

    async def reply(self, to: Message, kind: Kind, content: dict[str, Any]) -> Message:
        return await self.broker.post(self.name, to.sender, kind, content, to.conversation, reply_to=to.id)

    async def handle(self, message: Message) -> None:
        kind = message.kind
        if kind is Kind.TASK_REQUEST:
            ok, reason = self.consider(message.content)
            if not ok:
                await self.reply(message, Kind.TASK_DECLINE, {"reason": reason})
                return
            self.pending += 1
            try:
                await self.reply(message, Kind.TASK_ACCEPT, {"reason": reason})
                async with self._slots:
                    output = await self._timed(self.perform(message.content))
            except UnknownAgentError:
                raise
            except Exception as exc:  # a failed task is reported, not swallowed
                self.tasks_failed += 1
                await self.reply(message, Kind.TASK_FAILED, {"error": f"{type(exc).__name__}: {exc}"})
            else:
                self.tasks_done += 1
                await self.reply(message, Kind.TASK_RESULT, {"output": output})
            finally:
                self.pending -= 1
        elif kind is Kind.INFORMATION_SHARE:
            text = str(message.content.get("text", "")).strip()
            if text and text not in self.heard:
                self.heard.append(text)
        elif kind is Kind.HELP_REQUEST:
            topic = str(message.content.get("capability", ""))
            if not topic or self.can_do(topic):
                answer = await self._timed(self.perform({"description": message.content.get("question", "")}))
                await self.reply(message, Kind.HELP_REPLY, {"answer": answer})
        elif kind is Kind.COLLABORATION_REQUEST:
            contribution = await self._timed(self.contribute(message.content))
            await self.reply(message, Kind.COLLABORATION_REPLY, {"contribution": contribution})
        elif kind is Kind.CONSENSUS_PROPOSAL:
            vote = await self.position(str(message.content.get("topic", "")), list(message.content.get("options", [])))
            await self.reply(message, Kind.CONSENSUS_VOTE, {"vote": vote})

    async def _timed(self, work: Any) -> Any:
        started = time.monotonic()
        try:
            return await work
        finally:
            self.busy_seconds += time.monotonic() - started

    # --- initiating -----------------------------------------------------------------------------------------------

    async def share(self, text: str, conversation: str = "") -> Message:
        """Tell every other agent something (an information share; no reply expected)."""
        return await self.broker.broadcast(self.name, Kind.INFORMATION_SHARE, {"text": text}, conversation)

    async def request_help(self, question: str, capability: str = "", timeout: float = 5.0,
                           max_replies: int | None = None) -> list[Message]:
        """Ask everyone; collect the help replies that arrive within ``timeout`` seconds (maybe none).

        ``max_replies`` stops waiting as soon as that many have arrived.
        """
        request = self.broker.message(self.name, BROADCAST, Kind.HELP_REQUEST,
                                      {"question": question, "capability": capability})
        await self.broker.request(request)
        replies: list[Message] = []
        deadline = time.monotonic() + timeout
        try:
            while (left := deadline - time.monotonic()) > 0 and (max_replies is None or len(replies) < max_replies):
                try:
                    replies.append(await self.broker.next_reply(request, left))
                except DeadlineExceededError:
                    break
        finally:
            self.broker.close(request)
        return replies

    async def collaborate(self, partner: str, objective: str, timeout: float = 5.0) -> str | None:
        """Ask one agent to contribute to ``objective``; its contribution, or None if it stays silent."""
        request = self.broker.message(self.name, partner, Kind.COLLABORATION_REQUEST, {"objective": objective})
        await self.broker.request(request)
        try:
            reply = await self.broker.next_reply(request, timeout)
        except DeadlineExceededError:
            return None
        finally:
            self.broker.close(request)
        return str(reply.content.get("contribution", ""))

    # --- the work -----------------------------------------------------------------------------------------------

    async def ask(self, prompt: str) -> str:
        reply = await self.model.ainvoke(prompt)
        self.tokens += usage_tokens(reply)
        return str(reply.content).strip()

    def material(self, task: dict[str, Any]) -> str:
        """What the agent knows for a task: inputs from earlier subtasks, its own knowledge, then what it heard."""
        inputs = [f"{k}: {v}" for k, v in dict(task.get("inputs", {})).items()]
        return "\n".join([*inputs, *self.knowledge, *self.heard])

    async def perform(self, task: dict[str, Any]) -> str:
        """Do a task: answer its description from the agent's material."""
        description = str(task.get("description", "")).strip()
        material = self.material(task)
        return await self.ask(f"Context:\n{material}\nQuestion: {description}" if material else description)

    async def contribute(self, request: dict[str, Any]) -> str:
        """Add to a collaboration (or a debate): the best point for ``position`` on ``objective`` not made before."""
        import re

        from labkit.llm.refusal import is_refusal  # light: the offline model need not load for a scripted debater

        objective = str(request.get("objective", ""))
        position = str(request.get("position", ""))
        sentences = [s for k in self.knowledge for s in re.split(r"(?<=[.!?])\s+", k) if s.strip()]
        fresh = [s for s in sentences if s not in self.said]
        if not fresh:
            return NOTHING_NEW
        question = f"Why choose {position}? {objective}" if position else objective
        answer = await self.ask("Context:\n" + "\n".join(fresh) + f"\nQuestion: {question}")
        used = {s for s in fresh if s in answer}
        if not used and is_refusal(answer.strip(), opening=True):  # a refusal may go on to say why
            return NOTHING_NEW
        self.said.update(used)
        return answer

    async def position(self, topic: str, options: list[str]) -> str:
        """This agent's vote among ``options``: its first preference still on offer, else the model's choice."""
        for choice in self.preferences:
            if choice in options:
                return choice
        if not options:
            return ""
        text = " ".join(self.knowledge) or topic
        choice = await self.ask(f"Classify the text into one of: {', '.join(options)}.\nText: {topic} {text}")
        return choice if choice in options else options[0]
