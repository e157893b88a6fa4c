"""Typed messages: what agents say to each other, as data with a kind, a conversation and a reply link.

The one idea: agents coordinate through messages whose *kind* says what is expected — a task request expects an
accept or a decline and then a result; a consensus proposal expects a vote; an information share expects nothing.
``conversation`` groups the messages of one exchange (a subtask, a vote) so its history can be read back in
order; ``reply_to`` links an answer to the request it answers.

Message ids are a per-broker counter (``m1``, ``m2``...), not random UUIDs, so a lesson's transcript is the same on
every run.

What it leaves out: priorities, expiry and serialisation for a network transport (an in-process broker needs none).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

BROADCAST = "*"


class Kind(str, Enum):
    """What a message is for."""

    TASK_REQUEST = "task_request"
    TASK_ACCEPT = "task_accept"
    TASK_DECLINE = "task_decline"
    TASK_RESULT = "task_result"
    TASK_FAILED = "task_failed"
    INFORMATION_SHARE = "information_share"
    COLLABORATION_REQUEST = "collaboration_request"
    COLLABORATION_REPLY = "collaboration_reply"
    HELP_REQUEST = "help_request"
    HELP_REPLY = "help_reply"
    CONSENSUS_PROPOSAL = "consensus_proposal"
    CONSENSUS_VOTE = "consensus_vote"
    STATUS_UPDATE = "status_update"


@dataclass(frozen=True)
class Message:
    """One message. ``recipient`` is an agent name or :data:`BROADCAST`; ``sent_at`` is a monotonic clock reading."""

    id: str
    sender: str
    recipient: str
    kind: Kind
    content: dict[str, Any] = field(default_factory=dict)
    conversation: str = ""
    reply_to: str | None = None
    sent_at: float = 0.0

    def summary(self, width: int = 70) -> str:
        """A one-line rendering for transcripts: ``m3 coordinator -> analyst [task_request] {...}``."""
        body = ", ".join(f"{k}={v!s}" for k, v in self.content.items())
        body = body if len(body) <= width else body[: width - 1] + "…"
        return f"{self.id} {self.sender} -> {self.recipient} [{self.kind.value}] {body}"
