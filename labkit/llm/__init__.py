"""Model access for every level: the factory, the offline and scripted models, record/replay, token counting, and
telling a refusal from an answer.

>>> from labkit.llm import get_model
>>> get_model().invoke("What is 6 * 7?").content.splitlines()[-1]
'Answer: 42'

Attributes are imported on first use, so ``import labkit.llm`` stays cheap.
"""

from __future__ import annotations

from labkit.lazy import lazy_face

__all__, __getattr__ = lazy_face(__name__, {
    "factory": ("get_model", "resolve_model", "parse_spec", "available_models", "PROVIDERS"),
    "offline": ("OfflineChatModel", "NOT_IN_CONTEXT", "NO_KNOWLEDGE"),
    "scripted": ("ScriptedChatModel", "Timeout", "RateLimit", "MalformedJSON", "Latency", "ToolCalls"),
    "cache": ("RecordReplayChatModel",),
    "tokens": ("count_tokens", "truncate_tokens"),
    "refusal": ("is_refusal", "REFUSAL_CUES"),
})
