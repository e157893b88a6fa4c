"""Extractive summaries: the lead sentence, then what adds the most not yet said, within the requested length.

The lead is the most central sentence (it shares vocabulary with many others: the idea behind TextRank, reduced to
one step of degree centrality over bag-of-stems cosine similarity), with a small bonus for the first, because writers
lead with the point. The rest is chosen for coverage (Gillick & Favre's concept view, greedily): each pick is the
sentence, or under a word limit the clause or trimmable part of one, that adds the most facts not yet said per
word. A lead too long for the limit is cut where one of its phrases ends (``_PHRASE_END``), never mid-phrase. What it
cannot do: paraphrase. One long sentence under a tight word limit loses the clauses that do not fit.

>>> text = "Solar power is growing fast. Panels got cheaper every year. Solar power now beats coal on cost. Cats sleep."
>>> summarize(text, sentences=1)
'Solar power is growing fast; panels got cheaper every year.'
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
    """A summary of ``text`` in its own words, in their original order: ``sentences`` of its sentences, or as much of
    it as fits in ``max_words`` (default: about a quarter of the text, 1 to 3 sentences).

    The lead (the most central sentence, usually the first) comes first. The rest is chosen for *coverage*, not
    centrality: each further pick is the one that adds the most facts not yet said (`_facts`), since a sentence
    like the lead mostly repeats it. Under a word limit the picks are clauses and the parts of them a summary can
    drop (`_TRIMMABLE`: a lead-in, an aside, a sponsor), so that a later clause's news can take their words. A
    reason stays: the reason for the news ("because the crew went on strike") is usually part of it.
    """
    all_sentences = [s for s in split_sentences(text) if content_words(s)
                     and not (cues.SUMMARY_REQUEST.search(s.lower()) and len(s.split()) <= 12)]  # not the request
    if not all_sentences:
        return ""
    scores = rank_sentences(all_sentences)
    lead = max(range(len(all_sentences)), key=lambda i: (scores[i], -i))
    count = sentences or (None if max_words else max(1, min(3, round(len(all_sentences) / 4))))
    if sentences and max_words is None and len(all_sentences) > sentences:
        fused = _fused(all_sentences, lead, sentences)
        if fused:
            return fused
    if max_words is None or sum(len(s.split()) for s in all_sentences) <= max_words and (
            count is None or count >= len(all_sentences)):
        return " ".join(all_sentences[i] for i in sorted(_covering(all_sentences, lead, count or len(all_sentences))))
    return _within(all_sentences, lead, max_words, count) or \
        " ".join(all_sentences[lead].split()[: max_words - 1]).rstrip(",;:") + "..."  # not even the lead's core fits


_FUSE_MAX = 14   # words: only short sentences are joined
_FUSED_MAX = 36  # words in one joined sentence


def _fused(sentences: list[str], lead: int, count: int) -> str:
    """``count`` sentences made of up to twice as many short ones, joined in pairs with a semicolon ("The hog roast
    was a sell-out; about 170 people came."), when the text is written in short sentences and asked for fewer; the
    pairs are chosen for coverage as :func:`_covering` chooses sentences. "" when the text's sentences are too long
    to join.

    >>> _fused(["The fair was a sell-out.", "About 170 people came.", "Ann Vale ran the cake stall.",
    ...         "The band played until dusk.", "It raised £900 for the roof."], 0, 1)
    'The fair was a sell-out; Ann Vale ran the cake stall.'
    """
    order = _covering(sentences, lead, 2 * count)  # (in the order chosen: the lead, then the most new facts)
    budget = 0.7 * sum(len(x.split()) for x in sentences)  # a summary still leaves out almost a third of the text
    while order and sum(len(sentences[i].split()) for i in order) > budget:
        order = order[:-1]
    picks = sorted(order)
    if len(picks) <= count or any(len(sentences[i].split()) > _FUSE_MAX for i in picks):
        return ""
    groups: list[list[int]] = [[i] for i in picks]
    while len(groups) > count:  # join the pair of neighbours that makes the shortest sentence
        k = min(range(len(groups) - 1), key=lambda k: sum(len(sentences[i].split()) for i in groups[k] + groups[k + 1]))
        if sum(len(sentences[i].split()) for i in groups[k] + groups[k + 1]) > _FUSED_MAX:
            return ""
        groups[k:k + 2] = [groups[k] + groups[k + 1]]

    whole = " ".join(sentences)

    def join(group: list[int]) -> str:
        parts = [sentences[group[0]].rstrip(".!? ")]
        for i in group[1:]:
            text = sentences[i].rstrip(".!? ")
            first, second = (text.split() + ["", ""])[:2]
            named = first == "I" or second[:1].isupper() or re.search(rf"[a-z,;]\s+{re.escape(first)}\b",
                                                                     whole) is not None  # a name ("Ann Vale ran")
            # keeps its capital wherever it stands ("... came; Jenny Cole won"), another opening word loses it
            parts.append(text if named else text[:1].lower() + text[1:])
        return "; ".join(parts) + "."

    return " ".join(join(g) for g in groups)


def _facts(text: str) -> dict[str, float]:
    """What a passage says, as weighted facts: its content-word stems (1), names (1.5: a capitalised word after the
    first) and figures (2: numbers, money, times).

    >>> sorted(_facts("The fee rises to £150 for Ingrid Solberg.").items())
    [('150', 2.0), ('fee', 1.0), ('ingrid', 1.5), ('ris', 1.0), ('solberg', 1.5)]
    """
    facts: dict[str, float] = {}
    for i, m in enumerate(re.finditer(r"[A-Za-z][A-Za-z'-]*|\d+(?:[.,:]\d+)*", text)):
        token = m.group()
        if token[0].isdigit():
            facts[token.replace(",", "")] = 2.0
        elif stems := content_words(token):
            facts[stems[0]] = max(facts.get(stems[0], 0.0), 1.5 if i and token[0].isupper() else 1.0)
    return facts


def _covering(sentences: list[str], lead: int, count: int) -> list[int]:
    """``count`` sentences: the lead, then each time the one that adds the most facts not yet said."""
    facts = [_facts(s) for s in sentences]
    keep, said = [lead], set(facts[lead])

    def gain(i: int) -> float:
        return sum(w for fact, w in facts[i].items() if fact not in said)

    while len(keep) < min(count, len(sentences)):
        best = max((i for i in range(len(sentences)) if i not in keep), key=lambda i: (gain(i), -i))
        if gain(best) <= 0:
            break
        keep.append(best)
        said |= set(facts[best])
    return keep


_CLAUSE_CUT = re.compile(r";\s+|,\s+(?=(?:but|and|after|while|so|although|though|whereas)\s)|"
                         r"\s+(?=(?:but|while|although|whereas)\s)")
_TRIMMABLE = re.compile(
    r"^(?:After|Following|Although|Though|When|Despite|At|During)\b[^,;]{6,60}?,\s+(?=\S+\s+\S+\s+\S+)|"  # a lead-in
    r"^For the first time(?: in [\w\s-]{2,30}? history| since \d{4}| ever)?,?\s+(?=\S+\s+\S+\s+\S+)|"
    r"\s*\([^()]*\)|"                                     # an aside in brackets
    r",\s+(?:which|who|whose)\b[^,;]*,(?=\s+(?:will|would|is|are|was|were|has|have|had|can|could|may|might|must|"
    r"should|now|still|also|[a-z]+ed)\b)|"  # a relative clause before its noun's verb, with both its commas
    r",\s+(?:including|such as|mostly|mainly|especially|which|who|whose|in which|to be)\b[^,;]*|"  # after a comma
    r"\s+(?:donated|sponsored|organi[sz]ed|provided|funded|supplied|hosted)\s+by\s[^,;]*|"  # "a prize donated by X"
    r",\s+with\s[^,;]*$|"                                # a closing "with the top two promoted each year"
    r"\s+after\s+(?:its|their|the|a|an|his|her|our|\d+)\s[^,;]*|"  # "added dates after its first sessions sold out"
    r"\s+including\s.*$|"                               # "costs £38 including foliage, a ring and a drink"
    r"\s+(?:already|now|still|also)\b")                  # words that add nothing a summary needs
"""The parts of a clause a summary can drop and still say what the clause says."""


def _pieces(sentence: str) -> list[list[tuple[tuple[int, int], ...]]]:
    """The sentence's clauses, each as its parts: the core first (the clause less its trimmable parts, as one or
    more spans), then each trimmable part. A clause's span includes the separator before it ("; ", ", ").

    >>> s = "After a storm, the pier (built 1901) is shut, and the cafe will open at noon."
    >>> [[s[a:b] for a, b in part] for part in _pieces(s)[0]]
    [['the pier', ' is shut'], ['After a storm, '], [' (built 1901)']]
    >>> [[s[a:b] for a, b in part] for part in _pieces(s)[1]]
    [[', and the cafe will open at noon']]
    """
    ends = [m.start() for m in _CLAUSE_CUT.finditer(sentence)] + [len(sentence.rstrip(".!? "))]
    clauses, start = [], 0
    for end in ends:
        body = start + len(re.match(r"[;,]?\s*", sentence[start:end]).group())  # after the separator
        trims = [(body + m.start(), body + m.end()) for m in _TRIMMABLE.finditer(sentence[body:end]) if m.group()]
        core, at = [], start
        for a, b in trims:
            core += [(at, a)] if a > at else []
            at = b
        core += [(at, end)] if end > at else []
        clauses.append([tuple(core)] + [((a, b),) for a, b in trims])
        start = end
    return clauses


def _within(sentences: list[str], lead: int, max_words: int, count: int | None) -> str:
    """The summary within ``max_words`` that says the most, built from clause parts (`_pieces`): the lead sentence's
    first core, then the parts that add the most new facts per word (a budgeted maximum-coverage greedy, run once
    from each of the first 40 clauses as a forced second pick, the usual guard against the greedy filling the budget
    with small parts and leaving no room for a long one). A trimmable part counts 0.7 of its facts (it is background by how it is
    written), and is only kept with its clause's core; at most ``count`` sentences are used."""
    parts: dict[tuple[int, int, int], str] = {}  # (sentence, clause, part) -> its words
    spans: dict[tuple[int, int, int], tuple[tuple[int, int], ...]] = {}
    for s, sentence in enumerate(sentences):
        for c, clause in enumerate(_pieces(sentence)):
            for k, part in enumerate(clause):
                spans[(s, c, k)] = part
                parts[(s, c, k)] = " ".join(sentence[a:b] for a, b in part)
    size = {key: len(text.split()) for key, text in parts.items()}
    facts = {key: {fact: w * (0.7 if key[2] else 1.0) for fact, w in _facts(text).items()}  # (a trimmable part: 0.7)
             for key, text in parts.items()}
    first = (lead, 0, 0)
    if first not in parts:
        return ""
    firsts = [first]
    if size[first] > max_words:  # the lead's core alone is too long: its longest opening phrases that fit, each
        # ending where a phrase ends ("... asking for the return of the bronze figure of the vicar"), compete
        firsts = []
        a, b = spans[first][0]
        for j, m in enumerate(_PHRASE_END.finditer(sentences[lead], a, b)):
            n = len(sentences[lead][a : m.start()].split())
            if 6 <= n <= max_words and not _OPEN_CLAUSE.search(sentences[lead][a : m.start()]):
                key = (lead, 0, -1 - j)
                spans[key], parts[key], size[key] = ((a, m.start()),), sentences[lead][a : m.start()], n
                facts[key] = _facts(parts[key])
                firsts.append(key)
        if not firsts:
            return ""

    def fill(keep: list[tuple[int, int, int]]) -> tuple[float, list[tuple[int, int, int]]]:
        said: dict[str, float] = {}

        def add(key: tuple[int, int, int]) -> None:
            for fact, w in facts[key].items():
                said[fact] = max(said.get(fact, 0.0), w)

        for key in keep:
            add(key)
        used = sum(size[key] for key in keep)
        while True:
            sentences_used = {key[0] for key in keep}
            best, best_ratio = None, 0.0
            for key in parts:
                if key in keep or used + size[key] > max_words or key[2] and (key[0], key[1], 0) not in keep or \
                        count is not None and key[0] not in sentences_used and len(sentences_used) >= count:
                    continue
                gain = sum(w for fact, w in facts[key].items() if fact not in said)
                if gain / max(1, size[key]) > best_ratio:
                    best, best_ratio = key, gain / max(1, size[key])
            if best is None:
                return sum(said.values()), keep
            keep = keep + [best]
            used += size[best]
            add(best)

    seeds = [[f] for f in firsts] + [[f, key] for f in firsts for key in [
        k for k in parts if k[1:] != (0, 0) or k[0] != lead][:40] if key[2] == 0 and size[f] + size[key] <= max_words
        and (count is None or count > 1 or key[0] == lead)]
    _, keep = max((fill(seed) for seed in seeds), key=lambda r: (r[0], -sum(size[k] for k in r[1])))
    return " ".join(_render(sentences[s], [span for key in sorted(keep) if key[0] == s for span in spans[key]])
                    for s in sorted({key[0] for key in keep}))


_PHRASE_END = re.compile(r"(?=,\s|;\s|\s(?:that|which|who|whose|where|when|while|because|after|before|until|since|with|"
                         r"from|for|on|in|at|so|but|including)\s)")
"""Where a phrase of a long clause may end: before a comma or a word that opens a new phrase (never before "to",
"and" or "by", which leave "moved from June", "between 5pm" or "the teams event was won" saying something else)."""


_OPEN_CLAUSE = re.compile(r"\b(?:who|which|that|whose|where)\s+(?:\S+\s+)?\S+$|"
                          r"\b(?:who|which|whose|where)\s(?![^,]*\b(?:is|are|was|were|will|would|has|have|had|can|"
                          r"could|must|may|[a-z]{3,}ed)\b)[^,]*$|"  # ("... on 3 May, where every one of the donors")
                          r"^(?:After|When|Although|Though|Because|If|While|Since|Before|As|Once|Until)\b[^,]*$")
"""A phrase that stops a word or two into a clause it opened ("... the 600 donors who paid"), or an opening
subordinate clause that never reaches its main clause ("After two families were cut off by the tide")."""


def _render(sentence: str, spans: list[tuple[int, int]]) -> str:
    """The sentence cut down to ``spans``, tidied: no stray separator or conjunction at its start, one space between
    words, a capital first and a full stop last."""
    text = "".join(sentence[a:b] for a, b in sorted(spans))
    text = re.sub(r"\s+([,;])", r"\1", re.sub(r"\s+", " ", text)).strip()
    text = re.sub(r"^[,;]\s*(?:(?:and|but|so|while|whereas|although|though)\s+)?", "", text)
    text = re.sub(r"[,;]\s*$", "", text)
    return text[:1].upper() + text[1:] + (sentence.rstrip()[-1] if sentence.rstrip()[-1:] in ".!?" else ".")


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
        user = turn.view.user.strip()
        if cues.WRITER_ROLE.search(turn.view.system) and len(user.split()) >= 25 and "?" not in user:
            return 0.9  # "You write one-sentence updates for the website" and a passage: its short version
        if turn.once("beside_a_length", lambda: _beside_a_length(turn.view.user)):
            return 0.9  # "One sentence, please:" over a text: its summary, not a question about "one"
        return 0.8 if cues.SUMMARY_REQUEST.search(turn.view.request) else 0.0

    def run(self, turn: Turn) -> Result:
        v = turn.view
        fmt = v.format
        max_words = fmt.max_words or cues.word_limit(f"{v.system}\n{v.user}")
        if max_words is None and not fmt.sentences and re.search(r"\btl;?dr\b|\bgist\b|\bin brief\b", v.request, re.I):
            max_words = 25  # "TL;DR please": short whatever the text's length
        text = turn.material or turn.once("beside_a_length", lambda: _beside_a_length(v.user)) or v.instruction
        if (cues.SUMMARY_REQUEST.search(text.lower()) or cues.WRITER_ROLE.search(text)) and len(text.split()) <= 25 \
                and v.user.strip() not in ("", text):
            text = v.user  # the material found is the request itself (in the system message): the user sent the text
        summary = summarize(text, fmt.sentences or (fmt.bullets or None), max_words)
        if not summary:
            return abstain("There is no text to summarise: put it in the prompt (for example after 'Text:').")
        return Result(text=summary, items=split_sentences(summary), fields={"summary": summary},
                      aliases={"tldr": summary, "gist": summary})
