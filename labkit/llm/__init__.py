"""Model access for every level: the factory, the offline and scripted models, record/replay, token counting.

>>> from labkit.llm import get_model
>>> get_model().invoke("What is 6 * 7?").content.splitlines()[-1]
'Answer: 42'

Attributes are imported on first use, so ``import labkit.llm`` stays cheap.
"""

from __future__ import annotations

from labkit.lazy import lazy_exports

_EXPORTS = {
    "get_model": "labkit.llm.factory",
    "parse_spec": "labkit.llm.factory",
    "available_models": "labkit.llm.factory",
    "OfflineChatModel": "labkit.llm.offline",
    "NOT_IN_CONTEXT": "labkit.llm.offline",
    "NO_KNOWLEDGE": "labkit.llm.offline",
    "ScriptedChatModel": "labkit.llm.scripted",
    "Timeout": "labkit.llm.scripted",
    "RateLimit": "labkit.llm.scripted",
    "MalformedJSON": "labkit.llm.scripted",
    "Latency": "labkit.llm.scripted",
    "ToolCalls": "labkit.llm.scripted",
    "RecordReplayChatModel": "labkit.llm.cache",
    "count_tokens": "labkit.llm.tokens",
    "truncate_tokens": "labkit.llm.tokens",
}
__all__ = sorted(_EXPORTS)


__getattr__ = lazy_exports(__name__, _EXPORTS)
