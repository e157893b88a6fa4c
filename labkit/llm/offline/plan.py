"""Step plans: break a request into ordered, checkable steps.

The plan is built from the request itself: each clause that starts with an action ("collect the logs",
"summarise the errors", "then email the team") becomes a step, in the order written. A request with a single
action is expanded into the universal shape of work: gather what is needed, do it, check the result.

>>> make_plan("Plan how to: collect the sales data, compute the monthly totals and then write a short report.")
['Collect the sales data', 'Compute the monthly totals', 'Write a short report']
"""

from __future__ import annotations

import re

from labkit.llm.offline.text import content_words

_LEAD = re.compile(
    r"^.*?\b(?:plan (?:how )?to|plan for|plan|steps? (?:to|for)|how (?:do i|to|can i|should i)|"
    r"break (?:\w+ )?down(?: into (?:\w+ )?steps)?|"
    r"decompose|outline|i (?:want|need) to|help me)\b\s*:?\s*",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(?:;|,\s*(?:and\s+)?(?:then\s+)?|\band then\b|\bthen\b|\bafter that\b|\bfinally\b|\band\b(?=\s+[a-z]+(?:e|y|t|d|k|n|s|h|w)\b\s))\s*", re.IGNORECASE)


def _clean(step: str) -> str:
    step = re.sub(r"^(?:first(?:ly)?|next|also|and|to)\s+", "", step.strip(" .,:;"), flags=re.IGNORECASE).strip()
    return step[:1].upper() + step[1:] if step else step


def make_plan(request: str, max_steps: int = 8) -> list[str]:
    """Ordered step descriptions for ``request``."""
    body = request.strip().splitlines()[0] if request.strip() else ""
    m = _LEAD.match(body)
    goal = body[m.end() :] if m else body
    goal = re.sub(r"[?.!]+$", "", goal).strip()
    pieces = [_clean(p) for p in _SPLIT.split(goal)]
    steps = [p for p in pieces if len(content_words(p)) >= 1 and len(p.split()) >= 2]
    if len(steps) >= 2:
        return steps[:max_steps]
    topic = steps[0] if steps else (goal or "the task")
    topic_lower = topic[:1].lower() + topic[1:]
    return [
        f"Clarify the goal and success criteria for: {topic_lower}",
        f"Gather the information and resources needed to {topic_lower}" if not topic_lower.startswith("the ")
        else f"Gather the information and resources needed for {topic_lower}",
        f"Carry out: {topic_lower}",
        "Check the result against the success criteria and fix any gaps",
    ]
