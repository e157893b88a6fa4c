"""The offline model: labkit's embedded default chat model (see :mod:`labkit.llm.offline.model`)."""

from labkit.llm.offline.answer import NOT_IN_CONTEXT
from labkit.llm.offline.model import OfflineChatModel
from labkit.llm.offline.unknown import NO_KNOWLEDGE

__all__ = ["NOT_IN_CONTEXT", "NO_KNOWLEDGE", "OfflineChatModel"]
