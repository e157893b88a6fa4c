"""Extractive question answering: find the sentence of the context that answers the question, or say why not.

Three ideas, each a check a reader can follow:

1. *Retrieve*: BM25 over the context's sentences finds candidates cheaply, and (optionally) embedding similarity
   reranks the top few, as in a production retriever.
2. *Type the answer*: the question says what kind of thing it wants (``when`` -> a date, ``how many`` -> a
   quantity, ``who`` -> a person, ``where`` -> a place, :data:`.cues.ANSWER_TYPES`), and a sentence only answers it
   if it holds a value of that kind (:mod:`.values`). "When did the bridge reopen?" skips "it closed for repairs"
   when that sentence has no date, and prefers the sentence that also says *reopened*.
3. *Check support*: the question's specific anchors (a year, a name) must be in the context, and its content words
   in the chosen sentence. Otherwise the model says it cannot answer and why ("The context does not mention 2021.").

When a question asks for a time or quantity that no sentence states but one step of arithmetic over the context's
numbers gives (departure 18:30 + crossing 2 h 15 min), the derivation helper of :mod:`.arithmetic` computes it and
the answer shows the step.

When the chosen sentence lists several things alike ("bibles in goatskin, account books in calfskin"), the item the
question names is the answer (:func:`parallel_item`); a figure whose clause names another relative time ("last
year's sale raised £612") does not answer a question about this year.

A compound question ("Who designed it and in which year was it lit?") is split at its second question word and
answered part by part; a part the context does not support is named in the reply rather than guessed.

What it cannot do: answer from anything but the given text, combine facts across more than one arithmetic step, or
resolve references beyond "it/they" pointing at the previous sentence. Chunks of the context that carry an id
(``[doc-3] ...``) are cited in the answer.
"""

from __future__ import annotations

import dataclasses
import functools
import random
import re
from dataclasses import dataclass

from labkit.llm.offline import cues
from labkit.llm.offline.arithmetic import derive, extreme, relative_figure
from labkit.llm.offline.sampling import choose
from labkit.llm.offline.skill import Result, Similarity, Turn, abstain
from labkit.llm.offline.text import SentenceScorer, content_words, split_sentences, stem, swap_person, words
from labkit.llm.offline.values import Value, entities, extract

NOT_IN_CONTEXT = "I cannot find the answer in the provided context."

_CHUNK_ID = re.compile(r"^\s*\[(?:source:\s*|id:\s*)?([\w.:/#-]{1,64})\]\s*", re.IGNORECASE)
_PRONOUN_START = re.compile(r"^(?:it|he|she|they|this|these|that|its|his|her|their)\b", re.IGNORECASE)
_WHAT_KIND = {"time": "time of day", "date": "date", "quantity": "figure", "money": "price or sum of money",
              "person": "person's name", "place": "place"}


@dataclass
class Sentence:
    text: str
    source: str | None


@dataclass
class Answer:
    """The answer, the sentence it came from, where that came from, and whether the context supports it."""

    text: str
    sentence: str
    source: str | None
    supported: bool
    score: float
    reason: str = ""
    named: str = ""  # the one name a comparison picked ("Spey"), for a critic to look for in an answer
    worked: str = ""  # the value one step of arithmetic gave ("20:45"), without the working shown beside it
    unsaid: tuple[str, ...] = ()  # the parts of a compound question the context does not answer


_ADDED_ON = re.compile(r"\b(?:premium|on top|surcharge|plus|extra|VAT|service charge|tip|booking fee|\d+(?:\.\d+)?\s*%)",
                       re.I)
"""Words that add to a stated sum: a sentence holding them states a part of a total, not the total."""


def _lasts(v: Value) -> bool:
    """Whether a value can say how long something is: a duration, or a figure with a unit that is not money."""
    return v.kind == "duration" or v.kind == "number" and bool(v.unit)


def context_sentences(context: str) -> list[Sentence]:
    """Sentences of the context, each tagged with the id of the chunk it came from (``[id] text`` lines)."""
    out: list[Sentence] = []
    source: str | None = None
    for block in re.split(r"\n(?=\s*\[[^\]]{1,70}\])|\n\s*\n", context):
        m = _CHUNK_ID.match(block)
        if m:
            source, block = m.group(1), block[m.end() :]
        for s in split_sentences(block):
            out.append(Sentence(s, source))
    return out


RATE_AFTER = re.compile(r"\s*(?:(?!(?:and|or|of|in|to|for|with|at|on|from|by|than)\b)[a-z]+\s+)?"
                        r"(?:a|an|per|each|every)\s+[a-z]+\b", re.I)
"""A value followed by "a place", "an hour", "per head", "yards per minute": a rate, from which a question's total is
worked out."""
_TOTAL_WORDS = r"\b(?:in total|altogether|in all|all in|overall|total)\b"
_AGGREGATE_ASKED = re.compile(rf"{_TOTAL_WORDS}|\bwhole\b|"
                              r"\b(?:last|this|next)\s+(?:week|month|year|season|term)['’]s\b", re.I)
"""A question about a whole ("in total", "last month's diesel"), which a rate ("£1.45 a litre") does not answer."""


def answer_type(question: str) -> str | None:
    """The type of thing the question asks for, or None when any sentence may answer it.

    >>> answer_type("When did the bridge reopen?"), answer_type("How many pupils?"), answer_type("Why?")
    ('date', 'quantity', None)
    >>> answer_type("What happens to scans when the network drops?") is None  # a later "when" opens a clause
    True
    """
    first = cues.QUESTION_WORD.search(question)
    if first and first.group(1).lower() != "when":
        question = re.sub(r"\bwhen\b", " ", question, flags=re.I)
    return next((kind for kind, pattern in cues.ANSWER_TYPES if pattern.search(question)), None)


def key_terms(question: str) -> list[str]:
    """The question's content words minus words that only name the answer type or the act of asking.

    >>> key_terms("Do you remember my name?"), key_terms("When did the Tamsworth bridge reopen?")
    ([], ['tamsworth', 'bridg', 'reopen'])
    """
    skip = {stem(w) for w in cues.TYPE_WORDS | cues.ASKING_WORDS | {"one", "single"}}  # ("for one slot": "a slot")
    skip |= {stem(m.group("adjective")) for m in cues.HOW_ADJECTIVE.finditer(question)}
    return [w for w in content_words(question) if w not in skip]


def anchors(question: str) -> list[str]:
    """What the question pins down and the context must mention: its years, dates, numbers and proper names.

    >>> anchors("How much did the Storbreen glacier retreat in 2021?")
    ['Storbreen', '2021']
    """
    numeric = [v for v in extract(question, kinds=("date", "year", "number", "time", "money"))
               if re.search(r"\d", v.text)]  # "the two countries" pins nothing down; "in 2021" does
    return [v.text for v in sorted([*numeric, *entities(question)], key=lambda v: v.start)]


def named_rival(question: str, sentence: str) -> str | None:
    """Another name standing before the noun the question's name stands before: the sentence is about another one
    of the same kind ("the *Orrin* ferry" for "When was the Wendle ferry withdrawn?"), even when the asked name is in
    the context's topic sentence and so may go unsaid.

    >>> named_rival("When was the Wendle ferry withdrawn?", "The Orrin ferry was withdrawn in May 2023.")
    'Orrin'
    >>> named_rival("When does the Saturday class start?", "The Thursday evening class starts at 18:30.")
    'Thursday'
    >>> named_rival("When was the Wendle ferry withdrawn?", "The ferry was withdrawn in May 2023.") is None
    True
    """
    for name, noun in re.findall(r"(?<!^)\b([A-Z][\w-]+)\s+([a-z]{3,})\b", question.strip()):
        if noun in cues.STOPWORDS or re.search(rf"\b{re.escape(name)}\b", sentence):
            continue
        for rival in re.findall(rf"\b([A-Z][\w-]+)\s+(?:[a-z]+\s+)?{re.escape(noun)}\b", sentence):
            if rival.lower() not in cues.STOPWORDS:
                return rival
    return None


def typed_values(text: str, kind: str | None) -> list[Value]:
    """The values in ``text`` that can answer a question of type ``kind`` (all values when ``kind`` is None)."""
    allowed = cues.ANSWER_KINDS.get(kind or "", None)
    return [v for v in values_in(text) if allowed is None or v.kind in allowed]


@functools.lru_cache(maxsize=4096)
def values_in(text: str) -> tuple[Value, ...]:
    """Every typed value of ``text``, read once per text (a prompt's sentences are checked again and again)."""
    return tuple(extract(text))


def scoring_text(sentences: list[Sentence], i: int) -> str:
    """A sentence as scored: one that opens with a pronoun borrows the previous sentence of its chunk, since
    "It was completed in 1889" is about whatever the sentence before it named."""
    s = sentences[i]
    if i > 0 and _PRONOUN_START.match(s.text) or i > 0 and re.search(r"\b(?:it|they)\b", s.text[:60], re.I):
        if sentences[i - 1].source == s.source:
            return f"{sentences[i - 1].text} {s.text}"
    return s.text


def is_supported(coverage: float, semantic: float | None) -> bool:
    """Enough of the question's meaning is in the sentence to answer from it."""
    if semantic is None:
        return coverage >= 0.5
    return (coverage >= 0.34 and semantic >= 0.3) or semantic >= 0.55 or coverage >= 0.75


def _missing_anchor(question: str, context: str) -> str | None:
    """The first anchor of the question that the context never mentions, as the whole word the question writes it in
    ("HP5", not its "HP").

    >>> _missing_anchor("How long do I develop HP5 shot at 800?", "HP5 Plus: pushed to 800, 10 min.") is None
    True
    """
    for anchor in anchors(question):  # as a whole word: "grade 3" is not in "£13 a dozen"
        whole = re.search(rf"\w*{re.escape(anchor)}\w*", question)
        word = whole.group(0) if whole else anchor
        if not re.search(rf"(?<![\w.]){re.escape(word)}(?!\w)", context, re.I):
            return word
    return None


def paraphrasable(question: str) -> set[str]:
    """Question words a context usually states in other words: the verb of a how-to question ("switched on" answers
    "how do I *turn* on") and the adjective a yes/no question asks about ("void" answers "*enforceable*?").

    >>> sorted(paraphrasable("How do I turn on HTTP/2?")), sorted(paraphrasable("Is the contract enforceable?"))
    (['turn'], ['enforceable'])
    """
    found = {(m.group("verb") or m.group("infinitive")).lower() for m in cues.HOW_TO_VERB.finditer(question)}
    if cues.YES_NO_QUESTION.match(question):
        found |= {w for w in words(question) if cues.PREDICATE_ADJECTIVE.fullmatch(w)}
    return found


def unmentioned_term(question: str, terms: list[str], context: str) -> str | None:
    """The first specific word of the question that the context never uses, in any form ('open' is in 'reopened',
    'moved' in 'move'): the question is then about something the context does not state ("How many *croissants*
    ...?" over a text about loaves), and a sentence about a neighbouring fact would be a confident wrong answer.
    General verbs and measure words (:data:`.cues.GENERIC_QUESTION_WORDS`), ordinals, the adjective a yes/no
    question asks about (:data:`.cues.PREDICATE_ADJECTIVE`: "void" answers "enforceable?") and the verb of a how-to
    question (:data:`.cues.HOW_TO_VERB`: "switched on" answers "how do I turn on") do not count: a context may say
    the same in other words.

    >>> unmentioned_term("How much does a lifetime membership cost?", ["lifetim", "membership"],
    ...                  "Membership costs 30 euros a year.")
    'lifetime'
    >>> unmentioned_term("When did the museum move?", ["museum", "mov"], "The museum moved in 1964.") is None
    True
    >>> unmentioned_term("When was the race won?", ["race", "won"], "The race's winning time was 11.2 seconds.") is None
    True
    >>> unmentioned_term("How do I turn on HTTP/2?", ["turn", "http"], "HTTP/2 is switched on with http2=True.")
    >>> unmentioned_term("Are non-compete agreements enforceable?", ["non", "compet", "agreement", "enforc"],
    ...                  "California treats most non-compete agreements as void.") is None
    True
    """
    context_words = set(content_words(context))
    loose = paraphrasable(question)
    for low in words(question):
        term = stem(low)
        if term not in terms or low in cues.ORDINALS or low in cues.GENERIC_QUESTION_WORDS:
            continue
        if low in loose:
            continue
        forms = {term, stem(cues.IRREGULAR_PAST.get(low, low))}  # ("won" is in "the winning times")
        if not any(form in w or len(w) >= 3 and form.startswith(w) for form in forms for w in context_words):
            return low
    return None


_PERIOD = re.compile(r"\b(this|next|last|previous|coming)\s+(?:year|month|week|season|term|weekend)'?s?\b", re.I)
"""A period named relative to now ("this year's", "last season")."""


def conflicting_ordinal(question: str, sentence: str) -> str | None:
    """An ordinal the sentence uses that the question does not, when the question has its own ("the *first* tram"
    against "the *last* tram leaves at 00:40"): the sentence is about another one.

    >>> conflicting_ordinal("When does the first tram leave?", "The last tram leaves at 00:40.")
    'last'
    >>> conflicting_ordinal("What's the date of this year's fair?", "Last year's fair was on 3 May.")
    'last'
    """
    asked_period = {m.group(1).lower() for m in _PERIOD.finditer(question)}
    said_period = [m.group(1).lower() for m in _PERIOD.finditer(sentence)]
    if asked_period and said_period and not asked_period & set(said_period):
        return said_period[0]  # "Last year's fair was held on 3 May" is no date for this year's fair
    asked = {w for w in words(question) if w in cues.ORDINALS}
    if not asked:
        return None
    return next((w for w in words(sentence) if w in cues.ORDINALS and w not in asked), None)


def defined_in_brackets(question: str, context: str) -> str | None:
    """What a bracket beside the asked term says, for a question about its bounds ("how old do you have to be for the
    veteran class?" of "... junior (under 16) and veteran (65 and over)"): ``"veteran: 65 and over"``, else None.

    >>> defined_in_brackets("How old do you have to be for the veteran class?",
    ...                     "Four classes: men's, junior (under 16) and veteran (65 and over).")
    'veteran: 65 and over'
    """
    if not re.search(r"\bhow (?:old|young|tall|heavy|long|many)\b|\bwhat (?:age|ages|height|size|weight)\b|"
                     r"\bwho (?:can|may|counts)\b", question, re.I):
        return None
    asked = set(content_words(question))
    found = [(m.group("term"), m.group("def")) for m in re.finditer(
        r"(?P<term>[A-Za-z][\w'-]*)\s*\((?P<def>[^()]*\d[^()]*)\)", context) if stem(m.group("term")) in asked]
    return f"{found[0][0]}: {found[0][1].strip()}" if len(found) == 1 else None


def conflicting_value(question: str, sentence: str) -> str | None:
    """A figure that names which one the question means ("the *2pm* race"), where the sentence gives another figure
    for the same noun and not the asked one ("Bandit had won the 1.20pm race"): the sentence is about another race.

    >>> conflicting_value("Who won the 2pm race?", "Bandit had won the 1.20pm race, and Pepper was the favourite.")
    '1.20pm race'
    >>> conflicting_value("Who won the 2pm race?", "Socks won the 2pm race after the 1.20pm race was rerun.") is None
    True
    >>> conflicting_value("Who won the race in 2024?", "Jo Lee won the 2025 Ashby race, a second off the 2024 record.")
    'the 2025 race'
    """
    said = extract(sentence)
    for qv in extract(question):
        noun = re.match(r"\s*([A-Za-z]+)", question[qv.end :])
        if not noun or noun.group(1).lower() in cues.STOPWORDS:
            continue
        same = [sv for sv in said if sv.kind == qv.kind and re.match(rf"\s*{re.escape(noun.group(1))}\b",
                                                                      sentence[sv.end :], re.I)]
        if same and not any(sv.value == qv.value for sv in same):
            return f"{same[0].text} {noun.group(1)}"
    for qv in extract(question, kinds=("year",)):  # "Who won the race *in 2024*?" of "won the 2025 ... race"
        noun = re.search(r"([A-Za-z]+)\s+(?:in|of|for)\s+$", question[: qv.start])
        if not noun or noun.group(1).lower() in cues.STOPWORDS:
            continue
        word = re.escape(noun.group(1))
        attached = [sv for sv in said if sv.kind == "year" and (
            re.match(rf"(?:\s+[\w'-]+){{0,4}}?\s+{word}s?\b", sentence[sv.end :], re.I)
            or re.search(rf"\b{word}s?\s+(?:in|of|for)\s+$", sentence[: sv.start], re.I))]
        if attached and not any(sv.value == qv.value for sv in attached):
            return f"the {attached[0].text} {noun.group(1)}"
    return None


def asked_end(question: str) -> str | None:
    """Which end of something the question asks about: "end" ("What time does the walk *finish*?"), "start", or None
    when it names both or neither.

    >>> asked_end("What time does the walk finish?"), asked_end("When does the market start?"), asked_end("Where is it?")
    ('end', 'start', None)
    >>> asked_end("What time does the button lift stop on a Saturday?")
    'end'
    """
    end = cues.END_WORDS.search(question) or cues.END_ASKED.search(question)
    start = cues.START_WORDS.search(question)
    return "end" if end and not start else "start" if start and not end else None


_ORIGIN_ASKED = re.compile(r"\b(?:when|what year|which year)\b.*\b(?:did|was|were)\b.*\b(?:start|begin|began|"
                           r"found|founded|establish\w*|set up|first held|first run|started|begun|launch\w*)\b", re.I)
_ORIGIN_SAID = re.compile(r"\b(?:start\w*|began|begin\w*|begun|found\w*|establish\w*|first|since|launch\w*|set up|"
                          r"open\w*|creat\w*|inaugurat\w*|dates? (?:back|from)|born|started|new|old\w*|ago)\b", re.I)
"""When a thing began ("What year did the championship start?"), and the words of a sentence that says so: one
about another event of its life ("moved to the green in 2012") does not."""


def other_end(question: str, sentence: str) -> str | None:
    """The start word of a sentence that says only when or where something starts, for a question about its end (or
    the other way round): "starts at 8pm and lasts an hour and a half" does not say when the walk *finishes*.

    >>> other_end("What time does the walk finish?", "The walk starts at 8pm and lasts an hour and a half.")
    'starts'
    >>> other_end("Where does the parade finish?", "It ends at Castle Green, where the fire show starts.") is None
    True
    """
    end = asked_end(question)
    if end is None:
        return None
    asked, other = (cues.END_WORDS, cues.START_WORDS) if end == "end" else (cues.START_WORDS, cues.END_WORDS)
    said = None if asked.search(sentence) else other.search(sentence)
    return said.group(0) if said else None


def missing_dimension(question: str, sentence: str) -> str | None:
    """For 'how tall / deep / wide / heavy / fast', the adjective when the sentence states no such dimension.

    >>> missing_dimension("How tall is the lighthouse?", "Its light can be seen for 22 nautical miles.")
    'tall'
    >>> missing_dimension("How tall is Hekla?", "Its summit is 1,491 metres high.") is None
    True
    """
    m = cues.HOW_ADJECTIVE.search(question)
    family = cues.DIMENSION_WORDS.get(m.group("adjective").lower()) if m else None
    if not family:
        return None
    low = sentence.lower()
    return None if any(re.search(rf"\b{re.escape(w)}", low) for w in family) else m.group("adjective").lower()


def modifies_asked_thing(sentence: str, value: Value, terms: list[str], question: str = "") -> bool:
    """Whether a name is only a modifier of what the question asks about ("the *Glenmoor* estate" for "Who founded
    the estate?"): the word right after it is one of the question's terms, so it names the thing, not the answer.
    So is a name whose own last word is a common noun of the question: "the Marlow Street Opera *House*" for "Who
    founded the opera house?" (but "Anne *Morel*" answers "Who planted the Morel vineyard?": there the word is a name).

    >>> s = "Founded in 1862, the Glenmoor estate employs 1,400 pickers."
    >>> modifies_asked_thing(s, entities(s)[0], ["found", "estat"])
    True
    >>> s = "The Marlow Street Opera House was founded in 1889 by Edwin Harrow."
    >>> [modifies_asked_thing(s, v, ["found", "opera", "hous"]) for v in entities(s)]
    [True, False]
    >>> s = "It was planted by Anne Morel in 1962."
    >>> modifies_asked_thing(s, entities(s)[0], ["plant", "morel", "vineyard"], "Who planted the Morel vineyard?")
    False
    """
    following = re.match(r"\s*([A-Za-z]+)", sentence[value.end :])
    head = value.text.split()[-1] if " " in value.text else ""
    named_in_question = bool(head) and re.search(rf"(?<![.?!]\s)(?<!^){re.escape(head)}\b", question) \
        and not re.search(rf"\b[A-Z]\w*\s+{re.escape(head)}\b", question)  # ("the Morel vineyard", not "Opera House")
    return bool(following) and stem(following.group(1)) in terms or \
        bool(head) and stem(head.lower()) in terms and not named_in_question


def not_the_asked_thing(sentence: str, values: list[Value], question: str) -> list[Value]:
    """The names of a sentence that can answer a who- or where-question: not the question's own names, nor a name
    of the thing it asks about (:func:`modifies_asked_thing`)."""
    terms = key_terms(question)
    return [v for v in values if v.text.lower() not in question.lower()
            and not modifies_asked_thing(sentence, v, terms, question)]


def same_root(a: str, b: str) -> bool:
    """Two stems of one word family: equal, one the other plus a letter ('move' / 'mov', as the tiny stemmer leaves
    them), or sharing their first five letters ('founder' / 'found').

    >>> same_root("founder", "found"), same_root("move", "mov"), same_root("reopen", "open"), same_root("close", "clock")
    (True, True, False, False)
    """
    short, long = sorted((a, b), key=len)
    return (a == b or len(short) >= 3 and len(long) - len(short) == 1 and long.startswith(short)
            or len(short) >= 5 and a[:5] == b[:5])


def counts(sentence: str, value: Value, noun: str) -> bool:
    """Whether ``value`` counts the (stemmed) ``noun``: it is the value's unit, or within three words after it.

    >>> s = "Our twelve hives produced 180 kilograms of honey."
    >>> [counts(s, v, "honey") for v in extract(s)]
    [False, True]
    """
    after = content_words(" ".join(sentence[value.end :].split()[:3]))
    return (bool(value.unit) and stem(value.unit) == noun) or noun in after


def negated_words(question: str) -> set[str]:
    """The content words a question rules out: up to three words after "no", "not", "without" or "never".

    >>> sorted(negated_words("How much is a stove with no bird guard, in town?"))
    ['bird', 'guard']
    """
    return {w for m in re.finditer(r"\b(?:no|not|without|never)\s+((?:[\w-]+\s+){0,2}[\w-]+)", question, re.I)
            for w in content_words(re.split(r"[,;.?!]", m.group(1))[0])}


_DENIES = re.compile(r"\bnot\b|n't\b|\bnever\b", re.I)
"""A clause that denies what it says ("does not start at 7pm"), which gives no answer to what it denies."""
_LEAD_IN_CUT = re.compile(r"(?<!\d),|,(?!\d)|;|:\s|\band\b|\bbut\b")
"""Where the words that introduce a value begin: after the last comma (not a thousands comma), semicolon, colon,
"and" or "but" before it."""
_RANGE_TAIL = re.compile(r"\s*(?:to|-|–|or)\s*[\d.,]*\d(?:\s+[a-z]+)?")
"""The rest of a range or an alternative after its first value ("15 *to 25 years*"), which is one answer."""


def focus_clause(sentence: str, values: list[Value], question: str) -> str:
    """When a sentence holds several candidate values ("40 metres in 2019 and 55 metres in 2020"), the clause whose
    value sits with the question's anchors; else the sentence.

    >>> s = "The glacier retreated 40 metres in 2019 and 55 metres in 2020."
    >>> focus_clause(s, extract(s, kinds=("number",)), "How much did it retreat in 2020?")
    '55 metres in 2020'
    """
    pinned = {a.lower() for a in anchors(question)}
    values = [v for v in values if v.text.lower() not in pinned]  # "line 11" in the question is no answer
    if len(values) < 2:
        return sentence
    terms = set(key_terms(question)) - pinned
    segments = [seg for seg in re.split(r";\s*", sentence) if any(v.text in seg for v in values)]
    if len(segments) > 1:  # "Sea Thistle, skippered by A, finished third; Gannet, skippered by B, was second"
        asked_when = _relative_times(question)

        def hits(seg: str) -> int:  # ("this year's winner" is not "last year's winner": the relative time counts)
            when = _relative_times(seg)
            return 3 * sum(1 for a in pinned if a in seg.lower()) + len(terms & set(content_words(seg))) + (
                3 * len(asked_when & when) - 3 * len(when - asked_when) if asked_when else 0)
        best = max(segments, key=hits)
        if sum(1 for seg in segments if hits(seg) == hits(best)) == 1:
            inside = [v for v in values if v.text in best]
            kept = {v.text for v in inside}  # (read again for their places in the clause; only the ones still in play)
            return best if len(inside) == 1 else focus_clause(best, [v for v in extract(
                best, kinds=tuple({v.kind for v in inside})) if v.text in kept], question)
    owned = _owned_by_anchor(sentence, values, pinned)
    if owned:
        return owned
    noun = cues.ASKED_NOUN.search(question)
    counted = [v for v in values if noun and counts(sentence, v, stem(noun.group("noun")))]
    if len(counted) == 1:  # "How many locks ...?" of "21 locks over 29 kilometres"
        v = counted[0]
        return v.text if v.unit in v.text else f"{v.text} {v.unit}"
    # What the sentence says before its first value is shared by every clause ("Line 11 runs every 10 minutes on
    # weekdays and every 20 minutes on Sundays"): only the words after it tell the clauses apart.
    head = sentence[: min(v.start for v in values)].lower()
    told = (terms - set(content_words(head))) or terms
    lead_ins = {v.start: _LEAD_IN_CUT.split(sentence[: v.start])[-1] for v in values}
    introduced = [v for v in values if told & set(content_words(" ".join(lead_ins[v.start].split()[-2:])))
                  and not _DENIES.search(lead_ins[v.start])]  # ("does not start at 7pm")
    said = _said_most(sentence, values, told, negated_words(question))
    if said and (len(introduced) != 1 or introduced[0] is not said[0]):
        return said[1]  # "The junior final is at 14:00, the adult final at 15:30": not "final at 15:30"
    if len(introduced) == 1 and not pinned:  # "opens at 4 pm and *closes at* 10 pm": the asked word's own clause
        v = introduced[0]
        span = _RANGE_TAIL.match(sentence[v.end:])
        if span:  # a range or an alternative is one answer: "15 to 25 years", not "15"
            return v.text + span.group(0)
        unit_follows = v.unit and v.unit not in v.text and sentence[v.end:].lstrip().startswith(v.unit)
        return f"{v.text} {v.unit}" if unit_follows else v.text  # "250 degrees", not "250"
    ordinal = next((cues.ORDINALS[w] for w in re.findall(r"[a-z]+", question.lower()) if w in cues.ORDINALS), None)
    if ordinal is not None and ordinal < len(values) and not any(w in sentence.lower() for w in cues.ORDINALS):
        return values[ordinal].text  # "the first high water" of "High water: 11:26 and 23:51"
    # "1,100 metres" is one number, not two clauses
    clauses = [c.strip(" ,;:.") for c in re.split(r"(?<!\d),|,(?!\d)|;|:(?=\s+(?:it|they|he|she|we|this|that|there)\b)|"
                                                  r"\band\b|\bbut\b|\bwhile\b|\bor\b", sentence) if c.strip(" ,;:.")]
    phrases = {m.group(0).lower() for m in re.finditer(
        r"\b(?:on|in|at|by|for|before|after|during) (?:the |a )?[a-z]+\b", question) if not re.search(r"\d", m.group(0))}
    # ("on the day" tells "£12 on the day" from "£9 if you enter online")
    asked_edge = next((edge for edge in (cues.START_WORDS, cues.END_WORDS) if edge.search(question)), None)
    asked_terms = set(key_terms(question))  # (the edge word in other words only: a clause with the question's own
    # "starts" already counts it)
    edge_said = {stem(w) for w in asked_edge.findall(question)} if asked_edge else set()
    shared_subject = bool(asked_terms & set(content_words(head)))  # the question's subject opens the sentence
    pinned = {a for a in pinned if a not in head} or pinned
    terms = told
    negated = negated_words(question)  # "a stove with no bird guard": a clause naming the guard is the other price
    terms -= negated
    scored = []
    for clause in clauses:
        has_value = any(v.text in clause for v in values)
        words = set(content_words(clause))
        denied = _DENIES.search(clause) is not None  # "does not start at 7pm"
        own_subject = _CLAUSE_SUBJECT.match(clause)  # "the service starts at 3pm": about the service, not the
        # procession the question and the sentence's opening name
        hits = 3 * sum(1 for a in pinned if a in clause.lower()) + len(terms & words) - 3 * len(negated & words) + \
            2 * sum(1 for phrase in phrases if phrase in clause.lower()) + bool(
                asked_edge and asked_edge.search(clause) and not edge_said & words and not denied) - 3 * bool(
                denied and asked_terms & words) - bool(
                shared_subject and own_subject and stem(own_subject.group(1)) not in asked_terms)
        # (the asked edge in other words: "begins at 3.15pm" says when it starts; a clause that denies what is asked,
        # "does not start at 7pm as printed", gives the figure it is not)
        if has_value:
            scored.append((hits, clause))
    best = max(scored, key=lambda t: t[0], default=(0, ""))
    if best[0] > 0 and sum(1 for h, _ in scored if h == best[0]) == 1:
        return best[1]
    nearest = nearest_value(sentence, values, pinned | terms)
    return nearest.text if nearest else sentence


_CLAUSE_SUBJECT = re.compile(r"(?:the|a|an|our|their|its|his|her)\s+([a-z]+)\s+(?:[a-z]+s|is|are|was|were|will|has|"
                             r"have|opens|closes)\b", re.I)


def _relative_times(text: str) -> set[str]:
    """The times a text names relative to now ("this year", "last season"), as lower-case phrases.

    >>> sorted(_relative_times("This year's winner beat last year's time"))
    ['last year', 'this year']
    """
    return {f"{m.group(1).lower()} {m.group(2).lower()}" for m in re.finditer(
        r"\b(this|last|next|previous) (year|season|month|week|spring|summer|autumn|winter)\b", text, re.I)}


def _said_most(sentence: str, values: list[Value], told: set[str],
               negated: frozenset[str] | set[str] = frozenset()) -> tuple[Value, str] | None:
    """The one value whose own clause (since the value before it) says at least two of the asked words, more than
    any other's, and none the question denies ("a stove with no bird guard"), with that clause: "The junior final is
    at 14:00" of "The junior final is at 14:00, the adult final at 15:30", where the words just before each value
    ("final at") would pick the wrong one. None otherwise.

    >>> s = "The junior final is at 14:00, the adult final at 15:30."
    >>> _said_most(s, extract(s, kinds=("time",)), {"junior", "final"})[1]
    'The junior final is at 14:00'
    """
    scores = {}
    for v in values:
        since = max((u.end for u in values if u.end <= v.start), default=0)
        clause = _LEAD_IN_CUT.split(sentence[since: v.start])[-1]
        words = set(content_words(clause))
        scores[v.start] = (0 if _DENIES.search(clause) or negated & words else len(told & words), clause)
    best = max(values, key=lambda v: scores[v.start][0])
    if scores[best.start][0] < 2 or sum(1 for v in values if scores[v.start][0] == scores[best.start][0]) > 1:
        return None
    span = _RANGE_TAIL.match(sentence[best.end:])
    return best, (scores[best.start][1] + best.text + (span.group(0) if span else "")).strip()


def _owned_by_anchor(sentence: str, values: list[Value], pinned: set[str]) -> str | None:
    """The one value whose stretch of the sentence since the value before it holds one of the question's anchors
    that the sentence's shared opening does not: a name stands before its figure ("Ombra ... found 19"). Said from
    the anchor to the value; else None.

    >>> s = "This season Bella found 31 truffles, and Ombra, the older pointer, found 19."
    >>> _owned_by_anchor(s, extract(s, kinds=("number",)), {"ombra"})
    'Ombra, the older pointer, found 19'
    >>> s = "The glacier retreated 40 metres in 2019 and 55 metres in 2020."
    >>> _owned_by_anchor(s, extract(s, kinds=("number",)), {"2020"}) is None  # the clause reading's case
    True
    """
    values = sorted(values, key=lambda v: v.start)
    lowered = sentence.lower()
    pinned = {a for a in pinned if a not in lowered[: values[0].start]}
    if not pinned:
        return None
    owners = []  # (value, where the anchor before it starts)
    for k, v in enumerate(values):
        low = values[k - 1].end if k else 0
        found = [at for at in (lowered.find(a, low, v.start) for a in pinned) if at >= 0]
        if found:
            owners.append((v, min(found)))
    if len(owners) != 1:  # an anchor after its value ("55 metres in 2020") is left to the clause reading below
        return None
    v, start = owners[0]
    text = sentence[start : v.end].strip(" ,;.")
    text = text[0].upper() + text[1:] if start and sentence[start].isupper() else text
    return text if len(text.split()) <= 12 else None


def nearest_value(sentence: str, values: list[Value], terms: set[str]) -> Value | None:
    """The value written closest after one of the question's words ("opens at 7 am and *closes at 2 pm*" for
    "when does it close?"), when one is clearly closest; else None.

    >>> s = "The shop opens at 7 am and closes at 2 pm."
    >>> nearest_value(s, extract(s, kinds=("time",)), {"clos"}).text
    '2 pm'
    """
    positions = [m.start() for m in re.finditer(r"[A-Za-z0-9]+", sentence)
                 if stem(m.group(0)) in terms or m.group(0).lower() in terms]
    if not positions:
        return None

    def gap(v: Value) -> int:
        before = [v.start - p for p in positions if p < v.start]
        return min(before) if before else 10_000

    ranked = sorted(values, key=gap)
    return ranked[0] if gap(ranked[0]) < gap(ranked[1]) else None


def question_parts(question: str) -> list[str]:
    """The questions a compound question asks, each ending in "?".

    >>> question_parts("Who designed the tower and in which year was it lit?")
    ['Who designed the tower?', 'In which year was it lit?']
    >>> question_parts("Which trains run between Oslo and Bergen?")
    ['Which trains run between Oslo and Bergen?']
    >>> question_parts("Which platform is higher, and by how much?")
    ['Which platform is higher, and by how much?']
    """
    parts = [p.strip(" ?") for p in cues.SECOND_QUESTION.split(question.strip()) if p.strip(" ?")]
    if any(re.fullmatch(r"(?:and\s+)?by how (?:much|many|far|long)", p, re.I) for p in parts[1:]):
        return [question]  # "Which is higher, and by how much?" asks one comparison
    return [p[:1].upper() + p[1:] + "?" for p in parts] if len(parts) > 1 else [question]


def answer_question(
    question: str,
    context: str,
    similarity: Similarity | None = None,
    temperature: float = 0.0,
    rng: random.Random | None = None,
) -> Answer:
    """Answer ``question`` from ``context`` with its supported sentences, or say why it cannot.

    A compound question ("Who designed it and when was it lit?") is answered part by part: the reply gives every
    part the context supports and says which part it could not find, and counts as unsupported only when no part is.
    """
    parts = question_parts(question)
    if len(parts) == 1:
        return _answer_one(question, context, similarity, temperature, rng)
    found = [_answer_one(part, context, similarity, temperature, rng) for part in parts]
    supported = [a for a in found if a.supported]
    if not supported:
        return Answer(NOT_IN_CONTEXT, "", None, False, 0.0, found[0].reason)
    texts = list(dict.fromkeys(a.text for a in supported))
    texts = [t for t in texts if not any(t != other and t in other for other in texts)]  # one sentence, two parts
    texts += [f"The context does not say: {part[:1].lower() + part[1:]}" for part, a in zip(parts, found)
              if not a.supported]
    return Answer(" ".join(texts), " ".join(dict.fromkeys(a.sentence for a in supported)), supported[0].source, True,
                  min(a.score for a in supported),
                  unsaid=tuple(part for part, a in zip(parts, found) if not a.supported))


def _answer_one(
    question: str,
    context: str,
    similarity: Similarity | None = None,
    temperature: float = 0.0,
    rng: random.Random | None = None,
) -> Answer:
    sentences = [s for s in context_sentences(context) if content_words(s.text)]
    if not sentences or not content_words(question):
        return Answer(NOT_IN_CONTEXT, "", None, False, 0.0)
    missing = _missing_anchor(question, context)
    if missing:
        return Answer(NOT_IN_CONTEXT, "", None, False, 0.0, f"The context does not mention {missing}.")
    defined = defined_in_brackets(question, context)
    if defined:
        return Answer(defined, context, None, True, 1.0)
    compared = extreme(question, context)
    if compared:
        return Answer(f"{compared.answer} ({'; '.join(compared.steps)})", context, None, True, 1.0,
                      named=compared.answer.split(",")[0], worked=compared.gap)
    kind = answer_type(question)
    terms = key_terms(question)
    query = terms or question  # (the stems themselves: stemming "clas" again would give "cla")
    scorer = SentenceScorer([scoring_text(sentences, i) for i in range(len(sentences))])
    own = SentenceScorer([s.text for s in sentences])
    bm25 = [a + b for a, b in zip(scorer.score(query), own.score(query))]  # a sentence's own words count twice
    order = sorted(range(len(sentences)), key=lambda i: -bm25[i])[:8]
    if kind in ("time", "date", "quantity", "money"):
        # One step over the numbers of the passage the question is about: its best sentences and the ones after.
        near = sorted({j for i in order[:2] for j in (i, i + 1) if j < len(sentences)})
        derived = derive(question, [sentences[j].text for j in near]) or (
            relative_figure(question, [s.text for s in sentences]) if kind == "quantity" else None)
        if not derived and terms and scorer.coverage(query, order[0]) == 1.0 and (
                len(order) == 1 or bm25[order[0]] > bm25[order[1]]):
            # the one sentence that says all the question says, alone ("The advanced class runs from 19:30 to
            # 21:30", beside the beginners' 18:00 to 19:00, for "How long is the advanced class?")
            near = [order[0]]
            derived = derive(question, [sentences[order[0]].text])
        if derived:
            return Answer(f"{derived.answer} ({'; '.join(derived.steps)})",
                          " ".join(sentences[j].text for j in near), None, True, 1.0, worked=derived.answer)
    unstated = unmentioned_term(question, terms, context)
    if unstated:
        reason = f"The context does not mention '{unstated}'."
        return Answer(NOT_IN_CONTEXT, "", None, False, 0.0, reason)
    top = max(bm25) or 1.0
    sims = similarity(question, [scoring_text(sentences, i) for i in order]) if similarity else None
    candidates = []
    noun = cues.ASKED_NOUN.search(question)
    asked_noun = stem(noun.group("noun")) if noun and kind == "quantity" and noun.group("noun").lower() not in (
        cues.STOPWORDS | cues.TYPE_WORDS) else None
    naming = [s for s in sentences if asked_noun in content_words(s.text)] if asked_noun else []
    measured = bool(noun) and noun.group(0).lower().startswith("how much")  # an amount, in litres or kilograms
    counting = bool(noun) and not measured and asked_noun is None and noun.group("noun").lower() not in \
        cues.MEASURE_UNITS  # ("how many people can sleep on her?" is no "14 metres long": a measure counts no people,
    # unless it is what is counted, "how many metres"; an asked noun the context names is matched by answers_amount)

    def answers_amount(sentence: str, value: Value) -> bool:
        return counts(sentence, value, asked_noun) or measured and value.unit.lower() in cues.MEASURE_UNITS

    if asked_noun and not any(counts(s.text, v, asked_noun) for s in naming for v in typed_values(s.text, kind)) \
            and not (measured and any(answers_amount(s.text, v) for s in sentences for v in typed_values(s.text, kind))):
        return Answer(NOT_IN_CONTEXT, "", None, False, 0.0,
                      f"The context gives no number of {noun.group('noun').lower()}.")
    capitalised = re.findall(r"(?<!^)(?<![.?!]\s)\b[A-Z][\w-]+", question.strip())  # "the Tay", not "Where"
    names = {w for a in [*anchors(question), *capitalised] for w in content_words(a)}
    generic = {stem(w) for w in cues.GENERIC_QUESTION_WORDS}
    relation = set(terms) - names  # what is asked about the named things ("the *source* of the Tay")
    specific = relation - generic - {stem(w) for w in paraphrasable(question)}  # must be in the sentence itself
    why = re.match(r"\s*why\b", question, re.I) is not None
    ordinal_stems = {stem(w) for w in cues.ORDINALS}  # "the *first* high water" picks among values, see focus_clause
    context_words, topic_words = set(content_words(context)), set(content_words(sentences[0].text))
    lasting = kind == "quantity" and re.search(r"\bhow long\b(?!\s+ago)", question, re.I) is not None
    totalled = re.search(_TOTAL_WORDS, question, re.I) is not None
    aggregate = kind in ("money", "quantity") and _AGGREGATE_ASKED.search(question) is not None
    openings: dict[str | None, set[str]] = {}  # each chunk's topic sentence, as words
    for chunk_sentence in sentences:
        openings.setdefault(chunk_sentence.source, set(content_words(chunk_sentence.text)))
    conditional = kind in ("date", "time") and cues.GENERAL_WHEN.match(question) is not None
    which_verb = cues.WHICH_VERB.match(question) if kind is None else None
    paraphrased_verb = {stem(which_verb.group("verb"))} if which_verb else set()
    end_asked = asked_end(question)
    for pos, i in enumerate(order):
        coverage = scorer.coverage(query, i) if terms else 1.0
        # a sentence giving one time range states its start and its end ("runs from 11:00 to 14:00" says when the
        # class starts), though the question's start or end word is not in it
        ranged = end_asked is not None and kind in ("time", "date") and range_end(question, sentences[i].text) != \
            sentences[i].text
        if ranged and terms:
            coverage = min(1.0, coverage + 1 / len(terms))
        semantic = sims[pos] if sims is not None else None
        values = typed_values(sentences[i].text, kind) if kind else []
        if lasting:  # "How long is the show?" asks for a duration or a length, never the price beside it
            values = [v for v in values if _lasts(v)]
        if counting:
            values = [v for v in values if v.unit.lower() not in cues.MEASURE_UNITS]
        if aggregate:  # ("What did last month's diesel cost?" is not "£1.45 a litre")
            values = [v for v in values if not RATE_AFTER.match(sentences[i].text[v.end :])]
        if totalled and _ADDED_ON.search(sentences[i].text):
            continue  # "a hammer price of £420, and the buyer pays a 20% premium on top": no total is stated
        if kind in ("person", "place"):
            values = not_the_asked_thing(sentences[i].text, values, question)
        answers = [v for v in values if answers_amount(sentences[i].text, v)] if asked_noun else values
        if kind and answers and names and not _in_named_clause(sentences[i].text, values, names):
            answers = []  # "riders aged 5 and over, and Biscuit is the most popular pony": the age is not Biscuit's
        typed_ok = not kind or bool(answers) or conditional and cues.CONDITION_CUES.search(sentences[i].text) is not None
        if (conflicting_ordinal(question, sentences[i].text) or conflicting_value(question, sentences[i].text)
                or missing_dimension(question, sentences[i].text)
                or other_end(question, sentences[i].text)
                or kind == "date" and _ORIGIN_ASKED.search(question) and not _ORIGIN_SAID.search(sentences[i].text)
                or why and not cues.REASON_CUES.search(sentences[i].text)):
            continue  # about another one, another dimension, or no cause for a why-question
        # The asked relation must be stated outside the answer itself: "Kilbride Observatory houses a telescope"
        # does not say who *founded* the observatory, although the name holds the word.
        said = scoring_text(sentences, i)
        for v in answers:
            said = said.replace(v.text, " ")
        said_words = content_words(said)
        matched = sum(any(same_root(t, w) for w in said_words)
                      or ranged and (cues.START_WORDS.fullmatch(t) or cues.END_WORDS.fullmatch(t)) is not None
                      for t in relation)
        related = matched > 0
        relation_ok = (not relation or related or not specific and (semantic or 0.0) >= 0.55)  # "cost" / "is 12 euros"
        # A specific word the context uses elsewhere but not here: the value is about something else ("What does a
        # spinnaker cost?" of "A mainsail costs 1,240; spinnakers are made to order.").
        measured_noun = {asked_noun} if measured else set()  # "how much *water*": "It holds 5,000 litres."
        elsewhere = [t for t in specific - ordinal_stems - measured_noun if not any(same_root(t, w) for w in said_words)]
        opening = openings[sentences[i].source]
        subject = content_words(sentences[i].text)[:1]
        if subject and subject[0] in specific and subject[0] in opening and names <= opening:
            # a sentence whose subject is the question's and its topic sentence's may leave the topic sentence's
            # words unsaid ("... a copy of the personal data ..." then "The organisation must respond within one
            # month"), unless that sentence is about another name ("The Wekweeti road ... closed on 24 March")
            elsewhere = [t for t in elsewhere if t not in opening]
        if elsewhere and (kind or cues.ENTITY_QUESTION.match(question)
                          and any(t in context_words for t in set(elsewhere) - paraphrased_verb)):
            continue  # (with no answer type, a which-question, and only a word the context uses elsewhere, not its
            # verb: "Which boat won the *yacht* class?", but "Which factors *decide* fair use?")
        if named_rival(question, sentences[i].text):
            continue  # "The Orrin ferry was withdrawn" does not say when the Wendle ferry was
        if any(not any(same_root(n, w) for w in said_words) for n in names if n in context_words - topic_words):
            continue  # a name the question asks about, that the context names elsewhere (not in its opening, topic
            # sentence: "NHS band 1 costs ..."): this is about another ("What did the Bramling Cross test at?" of
            # "the Fuggles tested at 4.6%")
        supported = typed_ok and relation_ok and (not terms or is_supported(coverage, semantic) or (
            kind is not None and coverage >= 0.5))
        # Coverage weighs most: embeddings place "it closed" and "it reopened" close together, word overlap not.
        lexical = 0.5 * bm25[i] / top + 0.5 * coverage
        score = 0.6 * lexical + 0.4 * semantic if semantic is not None else lexical
        if supported:
            candidates.append((score + (0.25 if kind else 0.0), i, values, matched))
    # Of the supported sentences, only those that state most of what is asked: "It moved in 1964" over "It was
    # founded in 1921" for "When did the museum move?", though both name the museum.
    most = max((c[3] for c in candidates), default=0)
    candidates = [c[:3] for c in candidates if c[3] == most]
    if not candidates:
        reason = f"The context gives no {_WHAT_KIND[kind]} for this question." if kind else ""
        return Answer(NOT_IN_CONTEXT, "", None, False, 0.0, reason)
    candidates.sort(key=lambda t: -t[0])
    pick = choose([score for score, _, _ in candidates], temperature, rng or random.Random(0))
    score, i, values = candidates[pick]
    chosen = sentences[i]
    text = focus_clause(chosen.text, values, question)
    unsettled = len({v.text for v in values if v.text in text}) >= 2 if kind else text == chosen.text and re.match(
        r"[\s^>*-]*(?:what|which|who|whom|whose|where|how\s+(?!do\b|does\b|did\b|can\b|could\b|should\b|would\b|to\b)"
        r"[a-z]+)\b", question, re.I) is not None  # (a manner, a reason or a yes/no question asks for the whole sentence)
    item = parallel_item(chosen.text, question, values, kind) if unsettled else None
    held = [v for v in values if item and item[0] <= v.start and v.end <= item[1]]
    if item is not None and (not kind or len(held) == 1):  # "bibles in goatskin, account books in calfskin": the
        # item the question names (an item with several values of the asked kind leaves the choice to focus_clause)
        values = held
        text = chosen.text[item[0]:item[1]] if not kind else focus_clause(
            chosen.text[item[0]:item[1]], [dataclasses.replace(v, start=v.start - item[0], end=v.end - item[0])
                                           for v in values], question)
        text = text[:1].upper() + text[1:]
    if text == chosen.text and cues.ENTITY_QUESTION.match(question):
        text = asked_clause(chosen.text, terms)
    if kind and values and not any(v.text in text for v in values) and not [
            v for v in typed_values(text, kind) if not lasting or _lasts(v)]:
        # the clause kept lost the value: "launched 11 minutes after the pagers", for "at what time?"
        return Answer(NOT_IN_CONTEXT, "", None, False, 0.0,
                      f"The context gives no {_WHAT_KIND[kind]} for this question.")
    text = range_end(question, text) if kind in ("time", "date") else text
    clause = next((c for c in re.split(r";\s*|,?\s+(?:and|but|while|whereas)\s+", chosen.text) if text in c), text)
    asked_when, said_when = _relative_times(question), _relative_times(clause)
    if asked_when and said_when and not asked_when & said_when:  # "Last year's sale raised £612", for this year's
        return Answer(NOT_IN_CONTEXT, "", None, False, 0.0,
                      f"The context gives this for {sorted(said_when)[0]}, not for {sorted(asked_when)[0]}.")
    rivals = {v.text for v in values}
    if text == chosen.text and kind in ("money", "quantity", "time", "date") and len(rivals) >= 2:
        # "Entry is £8 for the under-16s and £12 for the open division" for "My son is 17. How much is his entry?":
        # nothing picked one of its figures, and the sentence with all of them is no answer
        return Answer(NOT_IN_CONTEXT, "", None, False, 0.0,
                      f"The context gives more than one {_WHAT_KIND[kind]} in one sentence and does not say which "
                      "one answers this question.")
    text += f" [{chosen.source}]" if chosen.source else ""
    return Answer(text, chosen.text, chosen.source, True, score)


_ITEM_CUTS = (re.compile(r";\s+|,?\s+(?:while|whereas)\s+|,\s+but\s+"),  # clauses first, then list items
              re.compile(r";\s+|,?\s+(?:while|whereas)\s+|,\s+(?:and\s+|but\s+)?(?!(?:which|who|whose|where|when)\b)|"
                         r"\s+and\s+"))  # (", which ..." adds to its item, it is none of its own)
_ASKED_VERB = re.compile(r"^\s*(?:who|what|which \w+)\s+(?P<verb>[a-z]+ed|won|ran|made|took|gave|came|went|got)\b|"
                         r"\b(?:do|does|did)\s+(?:they|we|you|i|he|she|it|people|the\s+[a-z]+)\s+(?P<verb2>[a-z]+)\b", re.I)


_FINITE_VERB = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|can|could|must|may|might|shall|should|"
                          r"do|does|did|[a-z]{3,}ed)\b|\b[a-z]{3,}s\s+(?:\d|one|two|three|four|five|six|seven|eight|"
                          r"nine|ten)\b", re.I)
"""A verb of its own ("the smaller Teal *sleeps* four"): a list item that has one is no ellipsis of the first."""


def parallel_item(sentence: str, question: str, values: list[Value], kind: str | None) -> tuple[int, int] | None:
    """The span of the one item of a parallel list that the question names, when the sentence lists several things
    alike ("bind bibles in goatskin, account books in calfskin and children's books in buckram cloth"; "the open
    class was won by A, the under-16s by B, and the free-from class by C"): the item holding the question's words
    that no other item holds, and, for a typed question, a value of the asked type. Clauses are tried before list
    items ("X is roasted at 205°C for 11 minutes, while the Sumatran is taken to 225°C over 14 minutes"). A header
    before a colon is the list's topic, not an item; the question's verb ("who *won*"), the noun it measures ("how
    much *hedge*") and the words before the sentence's first value ("*Entry is* £8 for the under-16s and £12 for the
    open division") say what every item shares, so they pick none. ``None`` when no single item is named.

    >>> s = "They bind bibles in goatskin, account books in calfskin and children's books in buckram cloth."
    >>> a, b = parallel_item(s, "What do they bind account books in?", [], None); s[a:b]
    'account books in calfskin'
    """
    start = sentence.find(":") + 1 if re.search(r"^[^:]{3,80}:\s", sentence) else 0
    asked = set(key_terms(question))
    verb = _ASKED_VERB.search(question)
    noun = cues.ASKED_NOUN.search(question)
    measured = noun.group("noun") if noun and noun.group(0).lower().startswith("how much") else None
    asked -= {stem(w) for w in (verb and (verb.group("verb") or verb.group("verb2")), measured) if w}
    frame = min((v.start for v in values), default=0)  # "Entry is £8 for the under-16s and £12 for the open
    # division": the words before the first value frame every item, when the later ones leave them unsaid
    for cut in _ITEM_CUTS:
        cuts = [m for m in cut.finditer(sentence, start)  # ("between 45 and 120 kg"; "England and Wales" is one name)
                if not re.search(r"\bbetween\s+\S+$", sentence[: m.start()], re.I) and not (
                    m.group().strip() == "and" and re.search(r"\b[A-Z][a-z]+$", sentence[: m.start()])
                    and re.match(r"[A-Z]", sentence[m.end():]))]
        bounds = [start] + [m.end() for m in cuts]
        ends = [m.start() for m in cuts] + [len(sentence.rstrip(".!? "))]
        items = [(a, b) for a, b in zip(bounds, ends) if b > a]
        if len(items) < 2:
            continue
        elliptical = not any(_FINITE_VERB.search(sentence[a:b]) for a, b in items[1:])
        if elliptical and not values:  # the later items parallel the first's tail: "(The bakery glazes) its buns in
            # honey, its plaits in apricot jam"
            a, b = items[0]
            tokens = list(re.finditer(r"\S+", sentence[a:b]))
            tail = sorted(len(sentence[c:d].split()) for c, d in items[1:])[(len(items) - 1) // 2]
            frame = a + tokens[max(0, len(tokens) - tail)].start()
        words = [set(content_words(sentence[max(a, frame) if elliptical else a:b])) for a, b in items]
        own = [{t for t in asked if any(same_root(t, w) for w in ws) and not any(
            same_root(t, w) for other in words if other is not ws for w in other)} for ws in words]
        best = max(len(o) for o in own)
        named = [item for item, o in zip(items, own) if len(o) == best]
        if best == 0 or len(named) > 1:
            continue
        a, b = named[0]
        if kind and not any(a <= v.start and v.end <= b for v in values):
            continue  # the item names the thing but its value sits in a wider clause: try the clauses
        return a, b
    return None


_CLAUSE_JOIN = re.compile(r",\s*(?:and|but|while|whereas)\b|;")
"""Where a sentence joins two clauses that may have subjects of their own (a bare "but" often shares one: "In
September it opens at ten but stops at six")."""


def _in_named_clause(sentence: str, values: list[Value], names: set[str]) -> list[Value]:
    """The values that share a clause with a name the question asks about, when the sentence joins clauses and one
    of them names it; otherwise all of them.

    >>> s = "Lessons are for riders aged 5 and over, and Biscuit is the most popular pony."
    >>> _in_named_clause(s, typed_values(s, "quantity"), {"biscuit"})
    []
    >>> s = "Biscuit is 17, and Pepper is 9."
    >>> [v.text for v in _in_named_clause(s, typed_values(s, "quantity"), {"biscuit"})]
    ['17']
    """
    clauses = _CLAUSE_JOIN.split(sentence)
    named = [c for c in clauses if any(same_root(n, w) for n in names for w in content_words(c))]
    if len(clauses) < 2 or not named:
        return values
    return [v for v in values if any(v.text in c for c in named)]


def range_end(question: str, text: str) -> str:
    """The end of the one time range a text states, for a question about when something ends (the start for one
    about when it starts); the text as it is otherwise.

    >>> range_end("What time do lessons finish on a Saturday?", "Saturdays 8am to 1pm")
    'Saturdays until 1pm'
    >>> range_end("When does the market start on Sundays?", "Sundays 10:00-16:00.")
    'Sundays from 10:00.'
    >>> range_end("When does the class finish?", "The class runs from 11:00 to 14:00.")
    'The class runs until 14:00.'
    """
    times = [v for v in values_in(text) if v.kind == "time"]
    ranges = [(a, b) for a, b in zip(times, times[1:]) if re.fullmatch(r"\s*(?:to|-|–|till|until)\s*",
                                                                       text[a.end : b.start], re.I)]
    if len(ranges) != 1:
        return text
    a, b = ranges[0]
    end = asked_end(question)
    before = re.sub(r"\b(?:from|between)\s+$", "", text[: a.start], flags=re.I)  # "runs from 11:00 to 14:00"
    if end == "end":
        return f"{before}until {text[b.start :]}"
    if end == "start":
        return f"{before}from {text[a.start : a.end]}{text[b.end :]}"
    return text


def asked_clause(sentence: str, terms: list[str]) -> str:
    """The clause of a sentence that states what the question asks, when exactly one clause holds most of its
    words; else the whole sentence. A sentence often states several facts side by side, and the neighbour fact
    ("Tomas Reyes carried the light") would contradict the answer ("Ana Kovac laid the line"). Clauses are cut only
    at semicolons and at "and"/"but"/"while" between two parts of four words or more (a shorter last part is a
    list's last item: "the lift, the fetch and the pen"), never at a bare comma ("Accidental damage, such as ..., is
    not covered" keeps its predicate) unless the sentence is a serial list ("A, B, and C"), and only for questions
    asking for a thing (:data:`.cues.ENTITY_QUESTION`): a yes/no, how or why question needs the whole statement.

    >>> asked_clause("On dive 118, Ana Kovac laid the line and Tomas Reyes carried the spare light.", ["laid", "line"])
    'On dive 118, Ana Kovac laid the line'
    >>> asked_clause("Of the three sources, the qanat still flows, the old well has been dry since 2015, and the "
    ...              "cistern fills from rain.", ["sourc", "dry", "2015"])
    'the old well has been dry since 2015'
    >>> asked_clause("The club meets on Tuesdays.", ["club", "meet"])
    'The club meets on Tuesdays.'
    """
    cuts = [0]
    # "A, B, and C": a serial list of clauses, so its bare commas divide clauses too
    commas = r"|(?<!\d),\s*|,(?!\d)\s*" if re.search(r",\s+(?:and|but)\s+", sentence) else ""
    for m in re.finditer(r";|,?\s+(?:and|but|while|whereas)\s+" + commas, sentence):
        if len(sentence[cuts[-1]:m.start()].split()) >= 4:  # a short lead ("On dive 118,") stays with its clause
            cuts += [m.start(), m.end()]
    spans: list[tuple[int, int]] = []
    for a, b in zip(cuts[::2], [*cuts[1::2], len(sentence)]):
        if spans and len(sentence[a:b].split()) < 4:  # a short tail is the list's last item ("..., the fetch and the
            spans[-1] = (spans[-1][0], b)            # pen"), not a clause of its own
        else:
            spans.append((a, b))
    clauses = [sentence[a:b].strip(" ,;.") for a, b in spans]
    if len(clauses) < 2:
        return sentence

    def hits(clause: str) -> int:
        said = content_words(clause)
        return sum(any(same_root(t, w) for w in said) for t in terms)

    scored = sorted(((hits(c), c) for c in clauses), key=lambda t: -t[0])
    if scored[0][0] > 0 and scored[0][0] > scored[1][0]:
        return scored[0][1]
    return sentence


def said_back(question: str, found: Answer) -> str:
    """An answer from the user's own earlier words, told back to them: 'Your name is Priya.' for a name question,
    else their sentence in the second person."""
    name_asked = cues.NAME_QUESTION.search(question)
    if name_asked:
        people = [v.value for v in entities(found.sentence) if v.kind in cues.ANSWER_KINDS["person"]]
        if people:
            owner = swap_person(name_asked.group("owner"))
            return f"{owner.capitalize()} {name_asked.group('what')} is {people[0]}."
    text = swap_person(cues.GREETING.sub("", found.sentence))
    return text[:1].upper() + text[1:]


class AnswerQuestion:
    """Skill: answer a question from the context, or from what the user said earlier in the conversation."""

    name = "answer"

    def applies(self, turn: Turn) -> float:
        v = turn.view
        asks = bool(v.context) or "?" in v.user or bool(cues.QUESTION_WORD.search(v.user))
        return 0.5 if turn.material and content_words(v.question) and asks else 0.0

    def run(self, turn: Turn) -> Result:
        v = turn.view
        found = answer_question(v.question, turn.material, turn.similarity, turn.temperature, turn.rng)
        if not found.supported:
            return abstain(f"{NOT_IN_CONTEXT} {found.reason}".strip())
        text = found.text if v.context else said_back(v.question, found)
        return Result(text=text, support=1.0,
                      fields={"answer": found.text, "source": found.source, "supported": True},
                      aliases={"evidence": found.sentence, "citation": found.source})
