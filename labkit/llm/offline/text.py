"""Small text tools the offline model is built from: sentences, content words, stems and a BM25 sentence scorer.

They are written out here (rather than imported) because they *are* the lesson: an extractive model is a
retriever over the prompt's own sentences. ``labkit.rag`` uses the library BM25 for corpora; this one scores a few
hundred sentences inside one prompt, where a plain Python loop is fast enough.

>>> split_sentences("Dr. Smith arrived at 5 p.m. today. He left! Why? Because.")
['Dr. Smith arrived at 5 p.m. today.', 'He left!', 'Why?', 'Because.']
>>> content_words("The cats were running quickly to the houses")
['cat', 'run', 'quick', 'hous']
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Sequence

from labkit.llm.offline.cues import PERSON_SWAPS, STOPWORDS

_ABBREVIATIONS = ("dr", "mr", "mrs", "ms", "prof", "st", "vs", "etc", "e.g", "i.e", "inc", "ltd", "co", "jr", "sr",
                  "no", "fig", "eq", "approx", "p.m", "a.m")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'-]*|\d+(?:[.,]\d+)*")


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences at ``.``, ``!``, ``?`` and line breaks, keeping abbreviations and decimals intact."""
    sentences: list[str] = []
    for block in re.split(r"\n\s*\n|\n(?=\s*(?:[-*•]|\d+[.)])\s)|\n", text):
        block = block.strip()
        if not block:
            continue
        start = 0
        for match in re.finditer(r"[.!?]+[\"')\]]*(?=\s+|$)", block):
            end = match.end()
            before = block[start : match.start()].split()
            last = before[-1].lower().rstrip(".") if before else ""
            if match.group().startswith(".") and (last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha())):
                continue
            piece = block[start:end].strip()
            if piece:
                sentences.append(piece)
            start = end
        tail = block[start:].strip()
        if tail:
            sentences.append(tail)
    return sentences


def words(text: str) -> list[str]:
    """Lower-cased word and number tokens.

    >>> words("It's 3.5 km, isn't it?")
    ["it's", '3.5', 'km', "isn't", 'it']
    """
    return [w.lower() for w in _WORD.findall(text)]


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A deliberately tiny suffix stripper: enough to match 'running'/'runs'/'run', not a full Porter stemmer.

    >>> [stem(w) for w in ["running", "runs", "houses", "house", "loved", "studies", "classified"]]
    ['run', 'run', 'hous', 'hous', 'lov', 'study', 'classifi']
    """
    w = word.lower()
    if len(w) <= 3 or w[0].isdigit():
        return w
    for suffix, repl in (("ies", "y"), ("ing", ""), ("edly", ""), ("ly", ""), ("ed", ""), ("es", ""), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: len(w) - len(suffix)] + repl
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":  # runn -> run
        w = w[:-1]
    if len(w) > 4 and w.endswith("e"):  # love / loved -> lov, house / houses -> hous
        w = w[:-1]
    return w


def content_words(text: str) -> list[str]:
    """Stems of the words that carry meaning (stopwords and 1-letter words removed)."""
    return list(_content_words(text))


@functools.lru_cache(maxsize=16384)
def _content_words(text: str) -> tuple[str, ...]:
    # Cached: a prompt's sentences are read by several skills and scorers in one turn, and again in the next.
    return tuple(stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1)


class SentenceScorer:
    """Okapi BM25 over a list of short texts, built once and queried many times.

    ``score(query)`` returns one score per text: sum over query terms of
    ``idf(term) * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len / avg_len))``. A query is text, or the stems it was
    already cut into (stemming is not idempotent: "class" is "clas", and "clas" would become "cla").

    >>> scorer = SentenceScorer(["The beginners' lessons run on Mondays.", "The advanced class runs on Thursdays."])
    >>> scorer.coverage(["advanc", "clas"], 1), scorer.coverage("advanc clas", 1)
    (1.0, 0.5)
    """

    def __init__(self, texts: list[str], k1: float = 1.2, b: float = 0.75):
        self.texts = texts
        self.k1, self.b = k1, b
        self.docs = [Counter(content_words(t)) for t in texts]
        self.lengths = [sum(d.values()) for d in self.docs]
        self.avg_len = (sum(self.lengths) / len(self.lengths)) if self.lengths else 0.0
        df: Counter[str] = Counter()
        for d in self.docs:
            df.update(d.keys())
        n = len(texts)
        self.idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}

    def score(self, query: str | Sequence[str]) -> list[float]:
        terms = content_words(query) if isinstance(query, str) else list(query)
        scores = []
        for doc, length in zip(self.docs, self.lengths):
            s = 0.0
            norm = self.k1 * (1 - self.b + self.b * length / self.avg_len) if self.avg_len else self.k1
            for term in terms:
                tf = doc.get(term, 0)
                if tf:
                    s += self.idf.get(term, 0.0) * tf * (self.k1 + 1) / (tf + norm)
            scores.append(s)
        return scores

    def coverage(self, query: str | Sequence[str], index: int) -> float:
        """Fraction of the query's content words that appear in text ``index`` (0..1)."""
        terms = set(content_words(query) if isinstance(query, str) else query)
        if not terms:
            return 0.0
        return len(terms & set(self.docs[index])) / len(terms)


def swap_person(sentence: str) -> str:
    """Turn a user's first-person statement into a reply about them.

    >>> swap_person("I like hiking and my dog likes it too.")
    'You like hiking and your dog likes it too.'
    """

    def repl(m: re.Match[str]) -> str:
        word = m.group(0)
        out = PERSON_SWAPS.get(word.lower(), word)
        return out.capitalize() if m.start() == 0 else out

    return re.sub(r"\b[A-Za-z']+\b", repl, sentence)
