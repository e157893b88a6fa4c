"""The message broker: asyncio mailboxes, direct and broadcast delivery, request/reply with deadlines, history.

The one idea: agents never call each other; they post messages to a broker, which delivers each to the
recipient's mailbox (an :class:`asyncio.Queue`), or to every other agent for a broadcast, and keeps the log. Two
rules make the system impossible to hang:

- a message to an unknown agent is refused at once with :class:`~labkit.errors.UnknownAgentError` (and recorded
  in :attr:`MessageBroker.undeliverable`), never queued for someone who will not come;
- a request that expects answers opens a reply channel, and every wait on it has a deadline
  (:meth:`MessageBroker.next_reply`); silence becomes a recorded :class:`~labkit.errors.DeadlineExceededError`.

What it leaves out: persistence, delivery across processes or machines (Redis streams, a message queue), priorities
and back-pressure; the shape of the API is the same.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import Counter
from typing import Any

from labkit.agents.deadline import await_with_deadline
from labkit.errors import DeadlineExceededError, InvalidInputError, UnknownAgentError
from labkit.multiagent.messages import BROADCAST, Kind, Message


class MessageBroker:
    """Mailboxes by agent name, a log of every message, and per-request reply channels."""

    def __init__(self) -> None:
        self._boxes: dict[str, asyncio.Queue[Message]] = {}
        self._replies: dict[str, asyncio.Queue[Message]] = {}
        self._ids = itertools.count(1)
        self._conversations = itertools.count(1)
        self.log: list[Message] = []
        self.undeliverable: list[tuple[Message, str]] = []
        self.timeouts: list[tuple[str, str]] = []

    # --- membership ---------------------------------------------------------------------------------------------

    def register(self, name: str) -> asyncio.Queue[Message]:
        """Create ``name``'s mailbox; names are unique and may not be the broadcast address."""
        if not isinstance(name, str) or not name.strip() or name == BROADCAST:
            raise InvalidInputError(f"Agent names must be non-empty strings other than {BROADCAST!r}, got {name!r}.")
        if name in self._boxes:
            raise InvalidInputError(f"An agent named {name!r} is already registered: names must be unique.")
        self._boxes[name] = asyncio.Queue()
        return self._boxes[name]

    def unregister(self, name: str) -> None:
        self._boxes.pop(name, None)

    @property
    def agents(self) -> list[str]:
        return list(self._boxes)

    def mailbox(self, name: str) -> asyncio.Queue[Message]:
        if name not in self._boxes:
            raise UnknownAgentError(name, self.agents)
        return self._boxes[name]

    # --- sending ------------------------------------------------------------------------------------------------

    def new_conversation(self, prefix: str = "c") -> str:
        return f"{prefix}{next(self._conversations)}"

    def message(self, sender: str, recipient: str, kind: Kind, content: dict[str, Any] | None = None,
                conversation: str = "", reply_to: str | None = None) -> Message:
        """A new message with the next id (not yet sent)."""
        if not isinstance(kind, Kind):
            raise InvalidInputError(f"Message kind must be a Kind, got {kind!r}; e.g. Kind.TASK_REQUEST.")
        return Message(f"m{next(self._ids)}", sender, recipient, kind, dict(content or {}),
                       conversation or self.new_conversation(), reply_to, time.monotonic())

    async def send(self, message: Message) -> Message:
        """Deliver ``message``: to its reply channel if it answers an open request, else to the mailbox(es)."""
        if message.recipient != BROADCAST and message.recipient not in self._boxes and not (
                message.reply_to and message.reply_to in self._replies):
            reason = f"no agent named {message.recipient!r}"
            self.undeliverable.append((message, reason))
            raise UnknownAgentError(message.recipient, self.agents)
        self.log.append(message)
        if message.reply_to and message.reply_to in self._replies:
            await self._replies[message.reply_to].put(message)
        elif message.recipient == BROADCAST:
            for name, box in self._boxes.items():
                if name != message.sender:
                    await box.put(message)
        else:
            await self._boxes[message.recipient].put(message)
        return message

    async def post(self, sender: str, recipient: str, kind: Kind, content: dict[str, Any] | None = None,
                   conversation: str = "", reply_to: str | None = None) -> Message:
        """Build and send a message in one call."""
        return await self.send(self.message(sender, recipient, kind, content, conversation, reply_to))

    async def broadcast(self, sender: str, kind: Kind, content: dict[str, Any] | None = None,
                        conversation: str = "") -> Message:
        return await self.post(sender, BROADCAST, kind, content, conversation)

    # --- request / reply ----------------------------------------------------------------------------------------

    async def request(self, message: Message) -> Message:
        """Send a message that expects replies; they go to its reply channel (read with :meth:`next_reply`)."""
        self._replies.setdefault(message.id, asyncio.Queue())
        try:
            return await self.send(message)
        except UnknownAgentError:
            self._replies.pop(message.id, None)
            raise

    async def next_reply(self, request: Message, timeout: float, what: str = "") -> Message:
        """The next reply to ``request`` within ``timeout`` seconds, else a recorded DeadlineExceededError."""
        channel = self._replies.get(request.id)
        if channel is None:
            raise InvalidInputError(f"Message {request.id} was not sent with request(): it has no reply channel.")
        label = what or f"A reply from {request.recipient!r} to {request.id} ({request.kind.value})"
        try:
            return await await_with_deadline(channel.get(), timeout, label)
        except DeadlineExceededError:
            self.timeouts.append((request.id, request.recipient))
            raise

    def close(self, request: Message) -> None:
        """Stop collecting replies to ``request`` (late replies then go to the sender's mailbox)."""
        self._replies.pop(request.id, None)

    # --- history ------------------------------------------------------------------------------------------------

    def history(self, conversation: str) -> list[Message]:
        """Every message of one conversation, in the order sent."""
        return [m for m in self.log if m.conversation == conversation]

    def counts(self) -> Counter[str]:
        """Messages sent, by kind."""
        return Counter(m.kind.value for m in self.log)

    def transcript(self, conversation: str | None = None, ids: bool = True) -> str:
        """One line per message; ``ids=False`` drops the ids (they depend on how parallel work interleaved)."""
        messages = self.log if conversation is None else self.history(conversation)
        lines = [m.summary() for m in messages]
        return "\n".join(line if ids else line.split(" ", 1)[1] for line in lines)
