"""Extractive summaries: keep the most central sentences, in their original order, within the requested length.

A sentence is central when it shares vocabulary with many other sentences (the idea behind TextRank, reduced to
one step of degree centrality over bag-of-stems cosine similarity). The first sentence gets a small bonus, because
writers tend to lead with the point.

>>> text = "Solar power is growing fast. Panels got cheaper every year. Solar power now beats coal on cost. Cats sleep."
>>> summarize(text, sentences=1)
'Solar power is growing fast.'
"""

from __future__ import annotations

import math
import re
from collections import Counter

from labkit.llm.offline import cues
from labkit.llm.offline.skill import Result, Turn, abstain
from labkit.llm.offline.text import content_words, split_sentences


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def rank_sentences(sentences: list[str]) -> list[float]:
    """Centrality score per sentence, with a bonus for the lead sentence, where writers put the point."""
    bags = [Counter(content_words(s)) for s in sentences]
    scores = []
    for i, bag in enumerate(bags):
        centrality = sum(_cosine(bag, other) for j, other in enumerate(bags) if j != i)
        scores.append(centrality / max(1, len(bags) - 1) + (0.3 if i == 0 else 0.0))
    return scores


def summarize(text: str, sentences: int | None = None, max_words: int | None = None) -> str:
    """The most central sentences in their original order: ``sentences`` of them, or as many as fit in
    ``max_words`` (default: about a quarter of the text, 1 to 3). A lone sentence over the word limit is cut."""
    all_sentences = [s for s in split_sentences(text) if content_words(s)
                     and not (cues.SUMMARY_REQUEST.search(s.lower()) and len(s.split()) <= 12)]  # not the request
    if not all_sentences:
        return ""
    scores = rank_sentences(all_sentences)
    by_rank = sorted(range(len(all_sentences)), key=lambda i: (-scores[i], i))
    if max_words is None:
        keep = by_rank[: sentences or max(1, min(3, round(len(all_sentences) / 4)))]
    else:
        keep, used = [], 0
        if len(all_sentences[by_rank[0]].split()) > max_words:  # the central sentence is too long: its clauses
            return _clauses_within(all_sentences, max_words)
        for i in by_rank[: sentences or len(by_rank)]:
            n = len(all_sentences[i].split())
            if used + n <= max_words:
                keep.append(i)
                used += n
        if not keep:
            return " ".join(all_sentences[by_rank[0]].split()[: max_words - 1]).rstrip(",;:") + "..."
    return " ".join(all_sentences[i] for i in sorted(keep))


_CLAUSE_CUT = re.compile(r";\s+|,\s+(?=(?:but|and|after|while|which|who|so|although|though|whereas)\s)|"
                         r"\s+(?=(?:but|while|although|whereas)\s)")


def _clauses_within(sentences: list[str], max_words: int) -> str:
    """A summary of clauses when even the central sentence is over the limit: the text's clauses ranked like
    sentences (the lead clause first among equals), as many as fit, in their order, as one sentence. When not
    even the lead clause fits, the central sentence is cut, as before.

    >>> _clauses_within(["The mill turned under sail on Saturday for the first time since 1958, after a long "
    ...                  "appeal by the Friends of the Mill raised the money; the stones will not grind flour until "
    ...                  "spring."], 24)
    'The mill turned under sail on Saturday for the first time since 1958; the stones will not grind flour until spring.'
    """
    clauses = [c.strip(" ,;") for s in sentences for c in _CLAUSE_CUT.split(s.rstrip(".!?")) if content_words(c)]
    if len(clauses[0].split()) > max_words:  # not even the lead clause fits: the central sentence, cut
        ranks = rank_sentences(sentences)
        best = sentences[max(range(len(sentences)), key=lambda i: (ranks[i], -i))]
        return " ".join(best.split()[: max_words - 1]).rstrip(",;:") + "..."
    scores = rank_sentences(clauses)
    scores[0] += 1.0  # the lead clause states the news; the others compete for the words left
    keep, used = [], 0
    for i in sorted(range(len(clauses)), key=lambda i: (-scores[i], i)):
        n = len(clauses[i].split())
        if used + n <= max_words:
            keep.append(i)
            used += n
    text = "; ".join(clauses[i] for i in sorted(keep))
    return text[:1].upper() + text[1:] + "."


def _beside_a_length(user: str) -> str:
    """The text sent with a request that gives only a length ("30 words max:\n<text>"), or ``""``.

    >>> _beside_a_length("Two sentences max, please:\\nThe hall shuts in July while the roof is mended, and bookings "
    ...                  "move to the church.")
    'The hall shuts in July while the roof is mended, and bookings move to the church.'
    """
    lines = [line for line in user.splitlines() if line.strip()]
    rest = [line for line in lines if not cues.LENGTH_ONLY_REQUEST.match(line)]
    text = "\n".join(rest)
    return text if len(rest) < len(lines) and len(text.split()) >= 12 else ""


class Summarize:
    """Skill: an extractive summary of the context (or the conversation) within the requested length."""

    name = "summarize"

    def applies(self, turn: Turn) -> float:
        if cues.SUMMARY_REQUEST.search(turn.view.system.lower()) and turn.view.user.strip():
            return 0.92  # the system message's standing order: whatever the user sends ("... a repair or a swap") is
            # text to summarise, not options to choose from
        if turn.once("beside_a_length", lambda: _beside_a_length(turn.view.user)):
            return 0.9  # "One sentence, please:" over a text: its summary, not a question about "one"
        return 0.8 if cues.SUMMARY_REQUEST.search(turn.view.request) else 0.0

    def run(self, turn: Turn) -> Result:
        v = turn.view
        fmt = v.format
        limit = cues.WORD_LIMIT.search(f"{v.system}\n{v.user}")
        max_words = fmt.max_words or (int(limit.group("a") or limit.group("b")) - (1 if limit and re.search(
            r"under|fewer than|less than", limit.group(0), re.I) else 0) if limit else None)
        if max_words is None and not fmt.sentences and re.search(r"\btl;?dr\b|\bgist\b|\bin brief\b", v.request, re.I):
            max_words = 25  # "TL;DR please": short whatever the text's length
        text = turn.material or turn.once("beside_a_length", lambda: _beside_a_length(v.user)) or v.instruction
        if cues.SUMMARY_REQUEST.search(text.lower()) and len(text.split()) <= 25 and v.user.strip() not in ("", text):
            text = v.user  # the material found is the request itself (in the system message): the user sent the text
        summary = summarize(text, fmt.sentences or (fmt.bullets or None), max_words)
        if not summary:
            return abstain("There is no text to summarise: put it in the prompt (for example after 'Text:').")
        return Result(text=summary, items=split_sentences(summary), fields={"summary": summary},
                      aliases={"tldr": summary, "gist": summary})
