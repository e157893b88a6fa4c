"""Content terms: the cheap text features that let small-model pipelines decide things without calling a model.

The one idea: for routing, grouping and choosing what context to keep, a set of lower-cased, crudely stemmed
content words is often good enough, costs microseconds, and never hallucinates. Every decision in
:mod:`labkit.small` that can be made this way is made this way, so the small model only does what needs a model.

Left out: real stemming or lemmatisation (Porter, spaCy) and synonyms. "buy" and "purchase" do not match here;
that is the known price of keyword methods, and the lesson measures it instead of hiding it.

>>> terms("The cats were running to the houses!")
['cat', 'run', 'house']
>>> jaccard({"a", "b"}, {"b", "c"})
0.3333333333333333
"""

from __future__ import annotations

import re

from labkit.errors import InvalidInputError

STOPWORDS = frozenset(
    """a about above after again all am an and any are as at be because been before being below between both but by
    can could did do does doing down during each few for from further had has have having he her here hers him his
    how i if in into is it its itself just me more most my no nor not now of off on once only or other our out over
    own same she should so some such than that the their them then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you your please tell give
    me s t shall may might must also us let me i'm it's what's can't don't""".split()
)
_WORD = re.compile(r"[a-z0-9][a-z0-9'+#.-]*[a-z0-9+#]|[a-z0-9]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])")


def stem(word: str) -> str:
    """A tiny suffix stripper: enough to match 'converting'/'converts'/'convert', not a real stemmer.

    >>> [stem(w) for w in ["converting", "converts", "studies", "emailed", "bus", "boxes", "miles"]]
    ['convert', 'convert', 'study', 'email', 'bus', 'box', 'mile']
    """
    if len(word) <= 3 or word[0].isdigit():
        return word
    if re.search(r"(?:sh|ch|x|z|ss)es$", word):
        word = word[:-2]
    else:
        for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("s", "")):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith(("ss", "us", "is")):
                word = word[: len(word) - len(suffix)] + repl
                break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":  # runn -> run
        word = word[:-1]
    return word


def terms(text: str) -> list[str]:
    """Content terms of ``text`` in order: lower-cased words, stop words removed, stemmed (duplicates kept).

    >>> terms("Convert 5 miles to km")
    ['convert', '5', 'mile', 'km']
    """
    if not isinstance(text, str):
        raise InvalidInputError(f"Expected text (str), got {type(text).__name__}.")
    return [stem(w.strip(".'")) for w in _WORD.findall(text.lower()) if w not in STOPWORDS and w.strip(".'")]


def term_set(text: str) -> frozenset[str]:
    """The distinct content terms of ``text``.

    >>> sorted(term_set("search the web, search the news"))
    ['new', 'search', 'web']
    """
    return frozenset(terms(text))


def jaccard(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> float:
    """Overlap of two term sets, 0 (nothing shared) to 1 (identical); two empty sets count as identical.

    >>> jaccard(set(), set())
    1.0
    """
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text``: split after ``.``/``!``/``?`` when a capital or digit follows, and at line breaks.

    Deliberately simple (it keeps "e.g. this" and "v2.3 is" together because no capital follows).

    >>> split_sentences("First one. Second one! e.g. not split here.\\nThird")
    ['First one.', 'Second one! e.g. not split here.', 'Third']
    """
    out: list[str] = []
    for line in text.splitlines():
        out.extend(s.strip() for s in _SENTENCE_END.split(line) if s.strip())
    return out
