"""Small-model patterns: make a 1B-7B model useful by giving it less to do, and less to read.

* :mod:`~labkit.small.compression` fits a prompt to an exact token limit, required parts first.
* :mod:`~labkit.small.chains` splits a task into single-skill steps, each prompt small enough for a small model.
* :mod:`~labkit.small.tool_selection` picks tools by keyword overlap, with no model call, and measures its accuracy.
* :mod:`~labkit.small.batching` groups similar requests and runs them in batches with bounded concurrency.

Attributes load on first use, so ``import labkit.small`` stays cheap.
"""

from __future__ import annotations

from labkit.lazy import lazy_exports

_EXPORTS = {
    "PromptPart": "labkit.small.compression",
    "CompressedPrompt": "labkit.small.compression",
    "compress_prompt": "labkit.small.compression",
    "compress_qa_prompt": "labkit.small.compression",
    "shorten": "labkit.small.compression",
    "Skill": "labkit.small.chains",
    "SkillChain": "labkit.small.chains",
    "ChainRun": "labkit.small.chains",
    "ToolSpec": "labkit.small.tool_selection",
    "KeywordToolSelector": "labkit.small.tool_selection",
    "evaluate_selector": "labkit.small.tool_selection",
    "load_tool_requests": "labkit.small.tool_selection",
    "group_requests": "labkit.small.batching",
    "process_grouped": "labkit.small.batching",
    "terms": "labkit.small.terms",
}
__all__ = sorted(_EXPORTS)


__getattr__ = lazy_exports(__name__, _EXPORTS)
