"""Zero-shot classification: score the text against each offered label and pick the best.

Each label is scored two ways: does the text use the label's words (or its description's words), and, when
embeddings are available, how close is the text to "<label>: <description>"? The mix makes a label's wording matter,
exactly as with a real model: ``billing`` beats ``category 2``, and a label with a short description beats a bare
word.

Sentiment is the one task with its own knowledge: when the labels are polarities (positive / negative / neutral,
their synonyms, or verbs of liking: "enjoyed" / "did not enjoy" / "can't tell") a general opinion lexicon scores
the text: a small hand list (:data:`.cues.POSITIVE_WORDS`), then the published VADER lexicon of about 7,500 rated
words (:func:`.cues.general_valence`) for every word the hand list lacks, with negation
flipping a word and the clause after a contrast ("I expected to hate it, *but* it was the best concert") weighing
most, since that is where writers put their verdict.

Calibrated abstention: a label is only given when something in the text supports it over the others: the
text uses the label's (or its description's) words, the opinion lexicon points to it, or the embedding similarity
puts it clearly ahead (a margin of :data:`MIN_MARGIN` over the runner-up). When the scores are near-uniform, the model
says it cannot classify the text instead of guessing; when the "text" is only a question about a named thing ("Which
family does the oboe belong to?"), the answer needs world knowledge and the model says so.

What it cannot do: know what an unusual label means beyond its words, its description and the embedding model's
sense of them. An undescribed label such as ``category 2`` gets a near-uniform score, and the model abstains.

>>> classify("My invoice shows a double charge", ["invoice problem", "delivery problem"]).label
'invoice problem'
>>> classify("I expected to hate it, but honestly it was the best concert of my life.", ["positive", "negative"]).label
'positive'
"""

from __future__ import annotations

import functools
import math
import random
import re
from dataclasses import dataclass, field

from labkit.llm.offline import cues
from labkit.llm.offline.answer import answer_type
from labkit.llm.offline.sampling import SCORE_SCALE, choose
from labkit.llm.offline.skill import Result, Similarity, Turn, abstain
from labkit.llm.offline.text import content_words
from labkit.llm.offline.values import SCALES, SMALL_NUMBERS, convert_units, parse_number, unit_dimension, unit_symbol

NUMBER_WORDS = frozenset([*SMALL_NUMBERS, *SCALES]) - {"a", "an"}


MIN_MARGIN = 0.1
"""How far (in score units) the best label must lead the runner-up when no word of the text supports it: below
this, embedding similarity alone is near-uniform noise (measured on fresh prompts, wrong picks had margins under
0.1 far more often than right ones), and the model abstains."""


@dataclass
class Classification:
    label: str
    confidence: float
    scores: dict[str, float] = field(default_factory=dict)
    supported: bool = True
    """Whether the text supports the label over the others (see the module docstring); False means: do not say it."""
    why: str = ""
    """When not supported for a reason more specific than a close call, that reason in one sentence."""
    worded: dict[str, float] = field(default_factory=dict)
    """Each label's evidence from the text's own words (its name, or its definition's words said the same way)."""
    read: bool = False
    """Whether the support was read in the text (its words, an opinion, an urgency or spam cue, a band, an act),
    not only an embedding lead, which says which label is closest, not that it fits."""


def weighted_clauses(text: str) -> list[tuple[str, float]]:
    """The text's clauses with how much each states the writer's point: a clause after 'but'/'however' counts
    three times, a conceded 'although ...' clause half (and the clause before a mid-sentence 'though' three times).

    >>> weighted_clauses("I expected to hate it, but it was great.")
    [('I expected to hate it,', 1.0), ('it was great.', 3.0)]
    >>> weighted_clauses("Although the bus was late, the tour was excellent.")
    [('Although the bus was late,', 0.5), ('the tour was excellent.', 3.0)]
    >>> weighted_clauses("The tour was excellent, though the bus was late.")
    [('The tour was excellent', 3.0), ('the bus was late.', 0.5)]
    """
    out: list[tuple[str, float]] = []
    for sentence in re.split(r"(?<=[.!?])\s+", text.strip()):
        if cues.CONCESSIVE_LEAD.match(sentence) and "," in sentence:  # "Although it rained, we loved it."
            conceded, _, point = sentence.partition(",")
            out.append((conceded + ",", 0.5))
            pieces = cues.CONTRAST.split(point)
            out += [(piece.strip(), 3.0) for piece in pieces if piece.strip()]
            continue
        pieces = cues.CONTRAST.split(sentence)
        for i, piece in enumerate(p.strip() for p in pieces):
            if not piece:
                continue
            weight = 3.0 if i > 0 else 1.0
            if cues.CONCESSIVE_LEAD.match(sentence) and i == 0 and len(pieces) == 1 and "," in piece:
                conceded, _, point = piece.partition(",")  # "Although it rained, we loved it."
                out += [(conceded + ",", 0.5), (point.strip(), 3.0)]
                continue
            main, *conceded = cues.MID_CONCESSION.split(piece, maxsplit=1)
            if conceded and main.strip() and conceded[0].strip():  # "superb, though the seats were hard"
                out += [(main.strip(), 3.0), (conceded[0].strip(), 0.5)]
                continue
            out.append((piece, weight))
    return out


@functools.lru_cache(maxsize=4096)
def opinion_word(token: str) -> float:
    """+1 / -1 for a word of the general opinion lexicon, superlatives included ("smoothest", "happiest"), else 0.

    >>> opinion_word("smoothest"), opinion_word("worst"), opinion_word("ferry")
    (1.0, -1.0, 0.0)
    """
    forms = [token]
    if token.endswith("iest"):
        forms.append(token[:-4] + "y")
    elif token.endswith("ier") and len(token) > 5:
        forms.append(token[:-3] + "y")  # happier, tastier (not '-er' in general: 'later' is no opinion)
    elif token.endswith("est") and len(token) > 5:
        forms += [token[:-3], token[:-3] + "e", token[:-4]]  # smoothest, nicest, hottest
    for form in forms:
        if form in cues.POSITIVE_WORDS:
            return 1.0
        if form in cues.NEGATIVE_WORDS:
            return -1.0
    valence = cues.general_valence()
    for form in forms:
        if abs(rated := valence.get(form, 0.0)) >= cues.VALENCE_FLOOR:
            return math.copysign(1.0, rated)
    return 0.0


NEGATION_REACH = 3
"""How many words after a negation it can flip ("not at all *good*"); a scope also ends at 'and', 'because' or a
punctuation mark. "A lane nobody will use is *madness*": the negation belongs to the relative clause, not the verdict."""
NEG_RAISED_REACH = 8
"""The reach of a negation on a verb of saying or thinking ("I *wouldn't say* the run was bad", "I *don't think* it
was bad"): such a negation denies the clause that follows (neg-raising), so it reaches to that clause's end."""


def clause_opinion(clause: str) -> float:
    """The summed opinion of one clause: lexicon words, each flipped when a negation scopes over it.

    >>> clause_opinion("I wouldn't say the trip was bad"), clause_opinion("not rude and the soup was great")
    (1.0, 2.0)
    >>> clause_opinion("a plan nobody will follow is madness"), clause_opinion("never had a bad meal here")
    (-1.0, 1.0)
    >>> clause_opinion("nothing about the tour was useful"), clause_opinion("not as smooth as promised")
    (-1.0, -1.0)
    """
    praise, criticism = clause_parts(clause)
    return praise - criticism


@functools.lru_cache(maxsize=4096)
def clause_parts(clause: str) -> tuple[float, float]:
    """The praise and the criticism one clause holds (see :func:`clause_opinion`). A negation that is itself an
    opinion word ('never') counts only when it flips nothing: "never had a bad meal" is praise, "never again" is not.
    Idioms that look negated but are not ("can't believe how good", "can't wait") are read without the negation.

    >>> clause_parts("the starters were superb, the mains were bland"), clause_parts("I couldn't be happier")
    ((1.0, 1.0), (1.0, 0.0))
    >>> clause_parts("can't believe how good it is"), clause_parts("can't recommend them enough")
    ((1.0, 0.0), (1.0, 0.0))
    >>> clause_parts("I can't say the walk wasn't worth it"), clause_parts("I wouldn't say it was worth it")
    ((1.0, 0.0), (0.0, 1.0))
    """
    clause = cues.NOT_NEGATED.sub(lambda m: re.sub(r"\b(?:can(?:no|')?t|couldn't|could not|not|no)\b", " ", m[0]),
                                  clause.lower().replace("\u2019", "'"))
    tokens = re.findall(r"[a-z']+|[,;:()\u2013\u2014-]", clause)
    signs: list[float] = []
    reach, negator, raised = 0, -1, False
    for token in tokens:
        sign = opinion_word(token)
        if sign and reach:
            sign = -sign
            if negator >= 0:
                signs[negator] = 0.0  # 'never' spent on flipping 'bad'
        if (cues.NEGATION.fullmatch(token) or token.endswith("n't")) and reach and raised:
            reach, raised = 0, False  # "I can't say it wasn't worth it": a denied denial affirms
            signs.append(0.0)
            continue
        if cues.NEGATION.fullmatch(token) or token.endswith("n't"):
            reach, negator, raised = NEGATION_REACH + 1, len(signs), False
            if not signs and token in ("nothing", "nobody", "none", "neither", "no", "not"):
                reach = NEG_RAISED_REACH + 1  # "Nothing about the course was useful", "Not a single thing went
                # wrong": a negated subject negates its whole clause
        elif reach and cues.NEG_RAISING.fullmatch(token):
            reach, raised = NEG_RAISED_REACH + 1, True
        elif not token[0].isalpha() or cues.NEGATION_SCOPE_END.match(token):
            reach = 1
        signs.append(sign)
        reach = max(0, reach - 1)
    return sum((x for x in signs if x > 0), 0.0), sum((-x for x in signs if x < 0), 0.0)


@dataclass
class Opinion:
    """What the opinion lexicon reads in a text: its polarity in -1..1 (contrast-weighted), the praise and the
    criticism it holds, and whether the verdict clause (the one after 'but') had to be inferred from the contrast
    alone because it has no opinion word."""

    polarity: float
    praise: float
    criticism: float
    inferred_verdict: bool


@functools.lru_cache(maxsize=4096)
def opinion(text: str) -> Opinion:
    """Read the text's opinion: each clause's lexicon score (negation-aware), clauses after a contrast weighing
    most, clauses that only state an expectation ("I expected to hate it") not counted as praise or criticism. A
    contrast clause with no opinion word after one that has some is read as the opposite opinion (that is what 'but'
    says), and marked as inferred.

    >>> o = opinion("Quick and brilliant, but the lid came off and nobody fixed it.")
    >>> o.praise > 0 and o.criticism > 0 and o.inferred_verdict
    True
    >>> opinion("Oh great, the heater is broken again. Just what I needed.").polarity
    -1.0
    >>> opinion("Loved waiting forty minutes for a court. Best Wednesday ever.").polarity
    -1.0
    """
    total = weight_sum = praise = criticism = 0.0
    inferred = False
    previous = 0.0
    ironic = (cues.IRONIC_PRAISE.search(text) is not None
              and any(opinion_word(t) < 0 for t in re.findall(r"[a-z]+", text.lower())))
    if ironic:
        text = cues.IRONIC_PRAISE.sub(" awful. ", text)  # ironic praise around a complaint is more complaint
    sarcastic = ironic or cues.SARCASM.search(text) is not None
    if sarcastic:
        text = cues.SARCASM.sub(" awful. ", text)
    for clause, weight in weighted_clauses(text):
        pos, neg = clause_parts(clause)
        if sarcastic:  # in a sarcastic text, praise is irony too ("Loved waiting forty minutes ... Best night ever.",
            # "Oh brilliant, another court half gravel ... Can't wait to do it all again.")
            pos, neg = 0.0, pos + neg
        score = pos - neg
        if not pos and not neg and weight > 1 and previous and content_words(clause):
            score, inferred = -math.copysign(1.0, previous), True
            pos, neg = max(score, 0.0), max(-score, 0.0)
        if score:
            total += weight * score
            weight_sum += weight * abs(score)
            previous = score
        if not cues.IRREALIS.search(clause):
            praise += pos
            criticism += neg
    return Opinion(total / weight_sum if weight_sum else 0.0, praise, criticism, inferred)


def polarity(text: str) -> float:
    """Opinion of the text in -1..1 from the general lexicon, negation-aware, contrast-weighted.

    >>> polarity("The food was not good.") < 0 < polarity("Not bad at all, really great.")
    True
    """
    return opinion(text).polarity


def is_mixed(o: Opinion) -> bool:
    """Praise and criticism both, neither less than a third of the other.

    >>> is_mixed(opinion("The cabin was comfortable, but the food was awful.")), is_mixed(opinion("Great, great, great."))
    (True, False)
    """
    return min(o.praise, o.criticism) > 0 and min(o.praise, o.criticism) * 3 >= max(o.praise, o.criticism)


@functools.lru_cache(maxsize=4096)
def number_terms(text: str) -> frozenset[str]:
    """The numbers a text writes, in digits or in words, as terms ('#76') that a definition and a text can share:
    "a ratio of one to seventy-six" and "OO = 1:76" share #1 and #76.

    >>> sorted(number_terms("one to seventy-six")), sorted(number_terms("1:76"))
    (['#1', '#76'], ['#1', '#76'])
    """
    found = {float(d) for d in re.findall(r"\d+(?:\.\d+)?", text.replace(",", ""))}
    for token in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)?", text):
        if token.lower().split("-")[0] not in NUMBER_WORDS:
            continue
        value = parse_number(token)
        if value is not None:
            found.add(float(value))
    return frozenset(f"#{int(x) if x.is_integer() else x}" for x in found)


@functools.lru_cache(maxsize=4096)
def scoped_words(text: str) -> tuple[tuple[str, bool], ...]:
    """The text's words, each with whether a negation scopes over it (the scope rules of :func:`clause_opinion`).

    >>> [w for w, denied in scoped_words("No injuries, but the dive was aborted.") if denied]
    ['injuries']
    """
    out: list[tuple[str, bool]] = []
    tokens = re.findall(r"[a-z'\u2019]+|[,;:.!?()\u2013\u2014-]", text.lower().replace("\u2019", "'"))
    reach = 0
    for token in tokens:
        if cues.NEGATION.fullmatch(token) or token.endswith("n't"):
            reach = NEGATION_REACH + 1
        elif not token[0].isalpha() or cues.NEGATION_SCOPE_END.match(token) or cues.CONTRAST.fullmatch(token) \
                or cues.MID_CONCESSION.fullmatch(token):
            reach = 0
            if token[0].isalpha():
                out.append((token, False))
            continue
        else:
            out.append((token, bool(reach)))
        reach = max(0, reach - 1)
    return tuple(out)


@functools.lru_cache(maxsize=4096)
def scoped_stems(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The text's content-word stems said affirmatively, and those said under a negation ("no restrictions").

    >>> [sorted(stems) for stems in scoped_stems("No injuries, but the dive was aborted.")]
    [['abort', 'dive'], ['injury']]
    """
    affirmed: set[str] = set()
    negated: set[str] = set()
    for word, denied in scoped_words(text):
        (negated if denied else affirmed).update(content_words(word))
    return frozenset(affirmed), frozenset(negated)


def _lexical(text_terms: set[str], label: str, description: str,
             scoped: tuple[frozenset[str], frozenset[str]] | None = None) -> float:
    """How much the text uses the label's words (60%) and its description's words (40%, two words are full marks).
    With ``scoped`` (the text's :func:`scoped_stems`), a description word counts only when the text says it the
    same way: "no restrictions" does not match a definition "any restriction", but matches "with no restrictions".
    So must the label's own words: "I wouldn't say I disliked them" does not name the label "disliked"."""
    label_terms = set(content_words(label))
    extra = set(content_words(description)) | number_terms(description)
    named = label_terms & text_terms
    if scoped is not None and named:
        said, denied = scoped_stems(label)
        named = {t for t in named if t in said and t in scoped[0] or t in denied and t in scoped[1]}
    direct = len(named) / len(label_terms) if label_terms else 0.0
    shared = extra & text_terms
    if scoped is not None and shared:
        said, denied = scoped_stems(description)
        shared = {t for t in shared if t.startswith("#") or t in said and t in scoped[0] or t in denied and t in scoped[1]}
    described = min(1.0, len(shared) / 2) if extra else 0.0
    return 0.6 * direct + 0.4 * described


def _only_denied(label: str, scoped: tuple[frozenset[str], frozenset[str]]) -> bool:
    """Whether the text (its :func:`scoped_stems`) names a label's words only under a negation, the label itself
    being no negation ("I wouldn't say I disliked" for "disliked", not for "not urgent")."""
    terms = set(content_words(label))
    return bool(terms) and terms <= scoped[1] and not terms & scoped[0] and not scoped_stems(label)[1]


def _polarity_kind(label: str) -> str | None:
    """The polarity a label names: a sentiment or stance word (:data:`.cues.POLARITY_LABELS`), a verb of liking,
    negated or not (:data:`.cues.ATTITUDE_VERBS`), or the undecided answer (:data:`.cues.UNDECIDED_LABEL`).

    >>> [_polarity_kind(x) for x in ("Positive", "enjoyed", "did not enjoy", "didn't like it", "can't tell", "WIN")]
    ['positive', 'positive', 'negative', 'negative', 'neutral', None]
    """
    low = label.lower().strip().replace("\u2019", "'")
    if low in cues.MIXED_LABELS:
        return "mixed"
    if low in cues.POLARITY_LABELS:
        return cues.POLARITY_LABELS[low]
    if cues.UNDECIDED_LABEL.fullmatch(low):
        return "neutral"
    words = re.findall(r"[a-z']+", low)
    signs = [cues.ATTITUDE_VERBS[w] for w in words if w in cues.ATTITUDE_VERBS]
    if len(signs) != 1:
        return None
    denied = any(cues.NEGATION.fullmatch(w) or w.endswith("n't") for w in words)
    return "positive" if signs[0] * (-1 if denied else 1) > 0 else "negative"


def _polarity_scores(text: str, labels: list[str]) -> list[float] | None:
    """Label scores from the opinion lexicon when every label is a polarity, else None. A 'mixed' label wins when
    the text holds praise and criticism in comparable measure (:func:`is_mixed`); otherwise it scores as neutral."""
    kinds = [_polarity_kind(label) for label in labels]
    if None in kinds:
        return None
    o = opinion(text)
    if "mixed" in kinds and is_mixed(o):
        return [1.0 if k == "mixed" else 0.5 for k in kinds]
    target = {"positive": 1.0, "negative": -1.0, "neutral": 0.0, "mixed": 0.0}
    return [1.0 - abs(o.polarity - target[k]) / 2 for k in kinds]  # type: ignore[index]


def emotions_read(text: str) -> list[str]:
    """The basic emotions whose cues (:data:`.cues.EMOTION_CUES`) the text uses, most cues first.

    >>> emotions_read("How dare they cancel it! I am furious."), emotions_read("The shop opens at nine.")
    (['anger'], [])
    """
    counts = {e: len(pattern.findall(text)) for e, pattern in cues.EMOTION_CUES.items()}
    return sorted((e for e, n in counts.items() if n), key=lambda e: -counts[e])


def _emotion_scores(text: str, labels: list[str]) -> list[float] | None:
    """Label scores from the emotion cues when every label is a basic emotion: 1 for the emotion read most, when
    one leads; all 0 when none (or a tie) is read."""
    kinds = [cues.EMOTION_LABELS.get(label.lower().strip()) for label in labels]
    if None in kinds or len(set(kinds)) < 2:
        return None
    counts = {e: len(cues.EMOTION_CUES[e].findall(text)) for e in set(kinds)}  # type: ignore[index]
    best = max(counts.values())
    lead = [e for e, n in counts.items() if n == best]
    return [1.0 if best and len(lead) == 1 and k == lead[0] else 0.0 for k in kinds]


def intent_of(label: str) -> str | None:
    """The speech act a label names (:data:`.cues.INTENT_LABELS`): ``cancel_ticket`` -> 'cancel', else None.

    >>> intent_of("cancel_ticket"), intent_of("Booking"), intent_of("lost property")
    ('cancel', 'book', None)
    """
    acts = {cues.INTENT_LABELS[w] for w in readable(label).lower().split() if w in cues.INTENT_LABELS}
    return acts.pop() if len(acts) == 1 else None


def message_intent(text: str) -> str | None:
    """The act a message performs, read from general phrasing (:data:`.cues.INTENT_CUES`): a cancellation or a
    booking when it says so, a complaint when its opinion is negative, a question when it asks one; else None.

    >>> message_intent("We won't be coming on the 3rd after all, please release the two cabins.")
    'cancel'
    >>> message_intent("Is the pool heated in winter?"), message_intent("The pool was dirty and cold.")
    ('ask', 'complain')
    >>> message_intent("I booked two places for Friday but my sister can't come. Could I have her £30 back, please?")
    'refund'
    """
    sentences = re.split(r"(?<=[.!?])\s+", text.strip().strip("\"'\u201c\u201d "))
    asking = " ".join(s for s in sentences if cues.REQUEST_SENTENCE.search(s.strip("\"'\u201c\u201d ")))
    for scope in (asking, text):  # what the message asks for, then the story around it
        for act in ("cancel", "refund", "book"):
            if scope and cues.INTENT_CUES[act].search(scope):
                return act
    if polarity(text) < 0:
        return "complain"
    if any(cues.INTENT_CUES["ask"].search(s.strip("\"'\u201c\u201d ")) for s in sentences):
        return "ask"
    return None


def _intent_scores(text: str, labels: list[str]) -> list[float] | None:
    """Label scores from the act cues when every label is a speech act (and at least two acts are offered)."""
    acts = [intent_of(label) for label in labels]
    if None in acts or len(set(acts)) < 2:
        return None
    act = message_intent(text)
    return [1.0 if act and a == act else 0.0 for a in acts]


def urgency(text: str) -> str | None:
    """``high`` or ``low`` when the text's urgency cues point one way (:data:`.cues.URGENT_CUES`,
    :data:`.cues.CALM_CUES`), else None: a message with no cue, or with both, is not read as either.

    >>> urgency("The server room is flooding, come now!"), urgency("Update the wiki whenever, no rush."), urgency("Hi.")
    ('high', 'low', None)
    >>> urgency("No leak and no smoke; it could be redone next summer.")
    'low'

    """
    calm = len(cues.CALM_CUES.findall(text))
    affirmed = re.sub(r"\b(?:no|not|never|without)\s+(?:\w+\s+)?\w+", " ", cues.CALM_CUES.sub(" ", text), flags=re.I)
    urgent = len(cues.URGENT_CUES.findall(affirmed))  # "No leak, no smoke" names no emergency
    if urgent and not calm:
        return "high"
    if calm and not urgent:
        return "low"
    return None


def _urgency_scores(text: str, labels: list[str], task: str) -> list[float] | None:
    """Label scores from the urgency cues when the labels are urgency levels and the task is about urgency."""
    levels = [cues.URGENCY_LABELS.get(label.lower().strip()) for label in labels]
    if None in levels or not (cues.URGENCY_TASK.search(task) or "high" in levels and "urgent" in
                              [label.lower() for label in labels]):
        return None
    level = urgency(text)
    return [1.0 if level and lv == level else 0.0 for lv in levels]


def _spam_scores(text: str, labels: list[str]) -> list[float] | None:
    """Label scores from the spam cues when the labels are spam and its complement: two or more marks of spam make
    it spam; none make it an ordinary message only when the complement is offered; one is not enough either way."""
    kinds = [cues.SPAM_LABELS.get(label.lower().strip()) for label in labels]
    if None in kinds or "spam" not in kinds:
        return None
    marks = len(cues.SPAM_CUES.findall(text))
    verdict = "spam" if marks >= 2 else "ham" if marks == 0 else None
    return [1.0 if verdict and k == verdict else 0.0 for k in kinds]


_NUM = r"(?P<{0}>\d+(?:\.\d+)?)\s*(?P<{0}u>%|[a-z]+)?"
_BANDS = [
    (re.compile(r"\bbetween\s+" + _NUM.format("a") + r"\s+and\s+" + _NUM.format("b"), re.I), "between"),
    (re.compile(_NUM.format("a") + r"\s*(?:to|-|–)\s*" + _NUM.format("b"), re.I), "between"),
    (re.compile(r"\b(?:under|below|less than|fewer than|lower than|(?:shallow|short|small|young|light|cheap|low|"
                r"narrow|thin|slow|cool|clos|near)er than)\s+" + _NUM.format("b"), re.I), "below"),
    (re.compile(r"\b(?:over|above|more than|greater than|higher than|beyond|exceeding|in excess of|(?:deep|long|"
                r"larg|great|old|heav|high|wid|thick|fast|warm|hott|farth|furth)(?:i?er) than)\s+" + _NUM.format("a"),
                re.I), "above"),
    (re.compile(r"\b(?:at least|from)\s+" + _NUM.format("a"), re.I), "from"),
    (re.compile(_NUM.format("a") + r"(?:\s+\w+)?\s+or (?:more|above|higher|over)\b", re.I), "from"),
    (re.compile(r"\b(?:up to|at most)\s+" + _NUM.format("b"), re.I), "upto"),
    (re.compile(_NUM.format("b") + r"(?:\s+\w+)?\s+or (?:less|fewer|below|lower|under)\b", re.I), "upto"),
]


def band(description: str) -> tuple[float, float, bool, bool, str] | None:
    """The numeric range a label's description states: ``(low, high, low included, high included, unit)``.

    >>> band("85% germination or more"), band("under 3 mites per 100 bees"), band("70% to 84%")
    ((85.0, inf, True, True, '%'), (-inf, 3.0, True, False, 'mites'), (70.0, 84.0, True, True, '%'))
    """
    for pattern, kind in _BANDS:
        m = pattern.search(description)
        if not m:
            continue
        unit = next((u for u in (m.groupdict().get("au"), m.groupdict().get("bu")) if u), "") or ""
        low = float(m.group("a")) if "a" in m.groupdict() and m.group("a") else -math.inf
        high = float(m.group("b")) if "b" in m.groupdict() and m.group("b") else math.inf
        return low, high, kind != "above", kind not in ("below",), unit.lower()
    return None


def _band_scores(text: str, labels: list[str], descriptions: dict[str, str]) -> list[float] | None:
    """When the labels are numeric bands ("viable (85% or more)", "marginal (70% to 84%)"), 1 for the band that holds
    the text's one measurement in the bands' unit, else None (no bands, or not exactly one such measurement)."""
    bands = [band(descriptions.get(label, "")) for label in labels]
    units = {b[4] for b in bands if b and b[4]}
    if sum(b is not None for b in bands) < 2 or len(units) > 1:
        return None
    unit = next(iter(units), "")
    shared = set.intersection(*(set(re.findall(r"\d+(?:\.\d+)?", descriptions.get(label, ""))) for label in labels))
    readings = []
    for label in labels:  # the definitions, when the text still holds them, are no measurement of it
        if descriptions.get(label):
            text = text.replace(descriptions[label], " ")
    for m in re.finditer(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(%|[a-z]+)?", text):
        said, written = m.group(1), (m.group(2) or "").lower()
        if said in shared:
            continue
        if not unit or written == unit:
            readings.append(float(said.replace(",", "")))
        elif unit_dimension(written) == unit_dimension(unit) not in (None, "temperature"):
            # "4,200 kg" against bands in tonnes (a scale of degrees is never converted)
            readings.append(convert_units(float(said.replace(",", "")), unit_symbol(written), unit_symbol(unit)))
    if len(readings) != 1:
        return None
    x = readings[0]

    def holds(b: tuple[float, float, bool, bool, str] | None) -> bool:
        return b is not None and (x > b[0] or b[2] and x == b[0]) and (x < b[1] or b[3] and x == b[1])

    return [1.0 if holds(b) else 0.0 for b in bands]


def classify(
    text: str,
    labels: list[str],
    descriptions: dict[str, str] | None = None,
    similarity: Similarity | None = None,
    temperature: float = 0.0,
    rng: random.Random | None = None,
    task: str = "",
) -> Classification:
    """Pick one of ``labels`` for ``text``; confidence is the softmax probability of the pick. ``task`` is the
    request's wording ("rate the urgency ..."), which says what kind of labels these are."""
    descriptions = descriptions or {}
    undecided = [label for label in labels if label.lower().strip(" .'\"") in cues.UNDECIDED_LABELS]
    if len(undecided) == 1 and len(labels) >= 3:  # "likely meteorite (...), meteor-wrong (...), cannot tell (...)"
        c = classify(text, [label for label in labels if label not in undecided], descriptions, similarity,
                     temperature, rng, task)
        if c.read:
            return c
        return Classification(undecided[0], round(1.0 - c.confidence, 2), c.scores, supported=True, worded=c.worded,
                              read=True)  # nothing in the text's words decides it: "cannot tell" is the reading
    specific = [label for label in labels if label.lower().strip() not in cues.CATCH_ALL_LABELS]
    if 2 <= len(specific) < len(labels):  # "a (...), b (...) or other": other when no definition fits
        c = classify(text, specific, descriptions, similarity, temperature, rng, task)
        if c.read or c.why:
            return c
        if c.supported or not all(descriptions.get(label) for label in specific) or any(c.worded.values()):
            # only closer, not shown to fit; or, without definitions, not shown *not* to fit: it may be either
            return Classification(c.label, c.confidence, c.scores, supported=False, why=CLOSEST_NOT_FIT,
                                  worded=c.worded)
        other = next(label for label in labels if label not in specific)  # no definition's words: none fits
        return Classification(other, round(1.0 - c.confidence, 2), c.scores, supported=True, worded=c.worded,
                              read=True)
    point = " ".join(clause for clause, weight in weighted_clauses(text) if weight > 1) or text
    # a definition is matched by the writer's point: "prints nice and dark, *but* the carriage stays put" names a
    # carriage fault, not a printing one, though both sets of words are in the text
    terms = (set(content_words(point)) if descriptions and point != text else set(content_words(text))) \
        | set(content_words(point)) | number_terms(text)
    scoped = scoped_stems(text)
    scores = [_lexical(terms, readable(label), descriptions.get(label, ""), scoped) for label in labels]
    if similarity is not None:
        prompts = [f"{readable(label)}: {descriptions[label]}" if descriptions.get(label) else readable(label)
                   for label in labels]
        semantic = [(a + b) / 2 for a, b in zip(similarity(text, prompts), similarity(point, prompts))]
        # an embedding reads "I wouldn't say I disliked it" as close to "disliked": a label the text names only to
        # deny it gets the least similarity
        semantic = [min(semantic) if _only_denied(readable(label), scoped) else s for s, label in zip(semantic, labels)]
        mean = sum(semantic) / len(semantic)
        scores = [0.5 * (s - mean) * 4 + 0.5 * lex for s, lex in zip(semantic, scores)]  # differences carry meaning
    worded = [_lexical(terms, readable(label), descriptions.get(label, ""), scoped) for label in labels]
    lexicon = _polarity_scores(text, labels)
    if lexicon is not None:
        scores = [0.3 * s + 0.7 * lex for s, lex in zip(scores, lexicon)]
    levels = _urgency_scores(text, labels, task)
    if levels is None:
        levels = _spam_scores(text, labels)
    if levels is None:
        levels = _band_scores(text, labels, descriptions)
    intents = _intent_scores(text, labels) if levels is None else None
    if levels is None:
        levels = intents
    if levels is None:
        intents = levels = _emotion_scores(text, labels)  # like acts: an embedding reads topic, not feeling
    if levels is not None:
        scores = [0.3 * s + 0.7 * lv for s, lv in zip(scores, levels)]
        worded = [0.0] * len(labels)  # "high" in "high water" is no urgency cue, "spam" in "not spam" no mark
    pick = choose(scores, temperature, rng or random.Random(0))
    top = max(scores)
    weights = [math.exp((s - top) / SCORE_SCALE) for s in scores]
    confidence = weights[pick] / sum(weights)
    single = worded[pick] > 0 and worded.count(worded[pick]) == 1 and worded[pick] == max(worded)
    o = opinion(text) if lexicon is not None else None
    supported = is_supported(scores, worded, o is not None and o.polarity != 0.0
                             or levels is not None and max(levels) > 0)
    if intents is not None and max(intents) == 0:
        supported = False  # no act (or emotion) is phrased; an embedding measures a message's topic, not its act
    why = ""
    if o is not None and o.inferred_verdict and _polarity_kind(labels[pick]) != "mixed":
        supported, why = False, UNREAD_VERDICT  # "brilliant - but the seats were soaked": the verdict is unread
    elif lexicon is None and levels is None:
        act, picked_act = message_intent(text), intent_of(labels[pick])
        covered = {intent_of(label) for label in labels} - {None}
        if picked_act and act in covered and act != picked_act:
            supported, why = False, ACT_DISAGREES  # the words say 'cancel', the closest label is another act
        elif picked_act and act != picked_act and not single:
            supported, why = False, ACT_UNSAID  # "question" for a text that asks nothing
        elif picked_act and act == picked_act and not supported and is_supported(scores, worded, True):
            supported = True  # two independent readings agree
    if supported and not why and similarity is not None and descriptions.get(labels[pick]) and lexicon is None \
            and levels is None and resembles_what_is_denied(text, labels[pick], descriptions[labels[pick]], similarity):
        supported, why = False, DENIED_MATCH
    if supported and not why and not single and lexicon is None and levels is None \
            and defined_by_absence(descriptions.get(labels[pick], "")):
        supported, why = False, ABSENCE_UNCHECKED  # "minor = no injury, no damage": similarity cannot check absence
    read = supported and (single or o is not None and o.polarity != 0.0 or levels is not None and max(levels) > 0)
    return Classification(labels[pick], round(confidence, 2), dict(zip(labels, (round(s, 4) for s in scores))),
                          supported=supported, why=why, worded=dict(zip(labels, worded)), read=read)


def defined_by_absence(description: str) -> bool:
    """Whether a definition says only what is absent ("no injury, no damage", "nothing went wrong").

    >>> defined_by_absence("no injury, no damage"), defined_by_absence("damage to equipment only")
    (True, False)
    """
    words = scoped_words(description)
    return any(d for _, d in words) and not any(content_words(w) for w, d in words if not d)


def resembles_what_is_denied(text: str, label: str, description: str, similarity: Similarity) -> bool:
    """Whether a label's definition is closer to what the text says did *not* happen than to what it says did.

    Embedding similarity does not read negation: "no injuries, no gas issue" sits close to a definition "someone
    hurt or the dive aborted". When the picked definition's affirmed words resemble the text's denied words more
    than the rest, the pick rests on what the text rules out, and the model abstains. A definition by absence ("no
    watering and no weeding") is matched by the denied words as it should be, so it is not checked."""
    words = scoped_words(text)
    denied = " ".join(w for w, d in words if d and content_words(w))
    said = " ".join(w for w, d in words if not d)
    defined = " ".join(w for w, d in scoped_words(description) if not d)  # "no watering" defines by absence: fine
    if not denied or not content_words(said) or not content_words(defined):
        return False
    to_denied, to_said = similarity(f"{readable(label)}: {defined}", [denied, said])
    return to_denied > to_said


def is_supported(scores: list[float], worded: list[float], opinion: bool) -> bool:
    """Whether the best label is supported: the text's own words single it out (its words, or opinion words for a
    polarity label), or its score leads the runner-up by at least :data:`MIN_MARGIN`.

    >>> is_supported([0.31, 0.30, 0.29], [0.0, 0.0, 0.0], False), is_supported([0.6, 0.1], [0.0, 0.0], False)
    (False, True)
    """
    if len(scores) < 2:
        return True
    best = max(range(len(scores)), key=scores.__getitem__)
    runner_up = max(s for i, s in enumerate(scores) if i != best)
    words_point_here = worded[best] > 0 and worded[best] == max(worded) and worded.count(worded[best]) == 1
    return words_point_here or opinion or scores[best] - runner_up >= MIN_MARGIN


_QUOTED = re.compile(r"[\"\u201c]([^\"\u201d]{8,})[\"\u201d]")
_OPTION = r"[A-Za-z][\w'-]*(?: [\w'-]+){0,3}"
_OPENING_CHOICE = re.compile(rf"(?:^|(?<=[.!?])[ \t]+)\s*(?:(?P<task>[A-Za-z]+)\s*[,:]\s*|[A-Za-z]+(?: [a-z]+)?\s+[-\u2013\u2014]"
                             rf"\s+)?(?P<list>{_OPTION}(?:,\s*"
                             rf"{_OPTION})*,?\s+or\s+{_OPTION}|{_OPTION}(?:\s*/\s*{_OPTION}){{1,7}})\s*[?:]", re.M)
"""A choice that opens a line or follows a sentence: "Positive or negative?", "Is it praise, a complaint, or a
booking enquiry?", "positive / negative / mixed?", "Coat type - smooth, double or wire?" (the task before a dash)."""
_NEGATED_PAIR = re.compile(r"\b(?P<a>[a-z][\w-]*)[\"\u201d']? or [\"\u201c']?(?P<neg>not |non-?)(?P=a)\b", re.I)
_COLON_LIST = re.compile(rf":\s*(?P<list>{_OPTION}(?:,\s*{_OPTION})*(?:,?\s+or\s+|,\s*){_OPTION})\s*(?:[.?!](?=\s|$)|$)",
                         re.M)
_DEFINED_EQUALS = re.compile(r"(?:^|[:;]\s*|(?<=[.!?])\s+)(?P<label>[A-Za-z][\w' -]{0,30}?)\s*=\s*(?P<desc>[^;=\n]+?)(?=;|\.\s|\.?$)",
                             re.M)
_DEFINED_PAREN = re.compile(r"(?:^|[:,]\s*|\bor\s+|\bas\s+|\bare\s+)[\"\u201c]?(?P<label>[A-Za-z][\w'-]*(?: [\w'-]+){0,2})"
                            r"[\"\u201d]?\s*\((?P<desc>[^()]{3,})\)")
_GLOSSARY_LABEL = r"[A-Za-z][\w'-]*(?: [\w'-]+){0,2}"
_GLOSSARY_LINE = re.compile(rf"^\s*[A-Za-z][\w -]{{0,30}}:\s*(?P<list>{_GLOSSARY_LABEL}\s*=.+)$", re.M)
_GLOSSARY_ITEM = re.compile(rf"(?P<label>{_GLOSSARY_LABEL})\s*=\s*(?P<desc>[^=\n]+?)"
                            rf"(?=\s*[,;]\s*{_GLOSSARY_LABEL}\s*=|\s*[.;]?\s*$|\.\s)")
"""A glossary line of comma-separated definitions under a heading: "Scales: N = 1:148, OO = 1:76, O = 1:43."."""
_DEFINED_LINE = re.compile(r"^\s*(?:[-*•]\s*)?(?P<label>[A-Za-z][\w'/]*(?: [\w'/]+){0,2})\s+[-–—]\s+(?P<desc>\S[^\n]*)$",
                           re.M)
_CHOICE_CUE = re.compile(r"\b(?:class|classes|category|categories|label|labels|one of|reply with|answer with|sort|"
                         r"classify|choose|pick|tag|tags|triage|flag|priority|priorities)\b", re.I)
"""Options written one a line with a dash before their definition, under a request to pick one."""
_DEFINED_MEANS = re.compile(r"(?:^|[:,;]\s*)(?P<desc>[^,;:.\n]{2,40}?)\s+means\s+(?P<label>[^,;.\n]{2,60})")


_ASKING_LEAD = re.compile(r"^(?:is|are|was|were|does|do|did|would you (?:say|call)|would you say that)\s+"
                          r"(?:this|it|that|the|these)\b\s+(?=\S)", re.I)
"""The question around a first option ("*Is this review* positive, negative or mixed?"), not part of the option."""


_TASK_PAREN = re.compile(r"\b(?:" + "|".join(sorted(cues.TASK_NOUNS, key=len, reverse=True)) +
                         r")\s*\((?P<list>[^()]{3,80}?(?:\bor\b|/)[^()]{1,40})\)", re.I)
"""Options in parentheses after the kind of label: "Sentiment (positive or negative):", "tone (formal / casual)"."""
_PAREN_CHOICE = re.compile(r"\((?P<list>[^()]{3,80}?(?:\bor\b|/)[^()]{1,40}|[A-Za-z][\w -]{0,20}(?:,\s*[A-Za-z][\w -]{0,20}){2,})"
                           r"\)\s*(?:[:?]|$)", re.M)
"""Options in parentheses that close the request: "Sentiment of this review (positive, negative or neutral):", or
three or more listed with commas only ("(positive, negative, neutral):")."""
DEFAULT_POLARITIES = ("positive", "negative", "neutral")
"""The labels a bare "Sentiment?" asks for."""


def _items(raw: str) -> list[str]:
    parts = re.split(r"\s*,\s*(?:or\s+)?|\s+or\s+|\s*/\s*", raw.strip())
    items = [p.strip(" .'\"") for p in parts if p.strip(" .'\"")]
    if len(items) >= 2 and _ASKING_LEAD.match(items[0]):  # "Is the tone of this email formal": keep the option
        width = max(len(i.split()) for i in items[1:])
        lead = _ASKING_LEAD.match(items[0])
        rest = items[0][lead.end():] if re.fullmatch(r"(?i)\w+\s+(?:it|this|that)\s+", lead.group(0)) else ""
        items[0] = rest if rest and len(rest.split()) <= width else " ".join(items[0].split()[-width:])
        # ("Is it praise": praise; "Is this review positive": positive)
    return [re.sub(r"^(?:a|an)\s+(?=\w)", "", item, flags=re.I) if len(items) >= 2 else item for item in items]


def defined_options(text: str) -> tuple[list[str], dict[str, str]]:
    """Options written with their definitions ("a = ...; b = ...", "a (...), b (...)", "X means a", a glossary line
    "Scales: N = 1:148, OO = 1:76"), which are options wherever in the prompt they stand.

    >>> defined_options("Gear ratios: low = 1:4, middle = 1:2, high = 1:1.")
    (['low', 'middle', 'high'], {'low': '1:4', 'middle': '1:2', 'high': '1:1'})
    >>> defined_options("Reply with one grade only:\\nA - no faults\\nB - minor faults")[0]
    ['A', 'B']
    """
    for pattern, label_group in ((_DEFINED_EQUALS, "label"), (_DEFINED_PAREN, "label"), (_DEFINED_MEANS, "label")):
        found = [(m.group(label_group).strip(), m.group("desc").strip()) for m in pattern.finditer(text)]
        if pattern is _DEFINED_MEANS and found and all(len(d.split()) < len(x.split()) for x, d in found):
            found = [(d, x) for x, d in found]  # "pruning means cutting branches off": the term is the label
        found = [(re.sub(r"^(?:the|a|an)\s+", "", label, flags=re.I), desc) for label, desc in found]
        if len(found) >= 2 and len({label.lower() for label, _ in found}) == len(found):
            return [label for label, _ in found], dict(found)
    for line in _GLOSSARY_LINE.finditer(text):
        found = [(m.group("label").strip(), m.group("desc").strip()) for m in _GLOSSARY_ITEM.finditer(line["list"])]
        if len(found) >= 2 and len({label.lower() for label, _ in found}) == len(found):
            return [label for label, _ in found], dict(found)
    lines = list(_DEFINED_LINE.finditer(text))
    if len(lines) >= 2 and _CHOICE_CUE.search(text[: lines[0].start()]) and \
            len({m["label"].lower() for m in lines}) == len(lines):
        # one option a line under a request to pick ("Reply with one class only:\nFUN - any crew in fancy dress")
        return [m["label"].strip() for m in lines], {m["label"].strip(): m["desc"].strip() for m in lines}
    return [], {}


def find_labels(text: str) -> tuple[list[str], dict[str, str]]:
    """Options offered in phrasings the prompt reader does not list: an opening choice ("Positive or negative?",
    "Spam or not spam?"), "X or not X", a list after a colon joined by "or" ("to one team: delay, fare or lost
    property"), and defined options ("crawling = bare patches; crazing = fine cracks", "washed (brushed with brine),
    bloomy (white mould)", "the N flag means abandonment"), with their definitions as descriptions.

    >>> find_labels("Spam or not spam? 'Win a prize now'")[0], find_labels("Is this urgent or not urgent?")[0]
    (['Spam', 'not spam'], ['urgent', 'not urgent'])
    >>> find_labels("Defects: crawling = bare patches; crazing = fine cracks.")
    (['crawling', 'crazing'], {'crawling': 'bare patches', 'crazing': 'fine cracks'})
    """
    defined = defined_options(text)
    if defined[0]:
        return defined
    m = _NEGATED_PAIR.search(text)
    if m:
        return [m.group("a"), f"{m.group('neg')}{m.group('a').lower()}"], {}
    for pattern in (_OPENING_CHOICE, _COLON_LIST):
        for m in pattern.finditer(text):
            items = [i for i in _items(m.group("list")) if i.lower() not in cues.TASK_NOUNS]
            task = m.groupdict().get("task")
            if task and task.lower() not in cues.TASK_NOUNS:  # "Positive, negative or mixed?": an option, not a task
                items.insert(0, task)
            joined = re.search(r"\bor\b|/", m.group("list")) or len(items) >= 3
            if joined and 2 <= len(items) <= 8 and all(len(i.split()) <= 4 for i in items):
                return measured_items(items)
    return [], {}


def measured_items(items: list[str]) -> tuple[list[str], dict[str, str]]:
    """Items that each name an option and then its measure ("soprano C4 to A5, alto F3 to D5") split into the
    option and its description; other items are options as written.

    >>> measured_items(["dinghy 2 to 4 m", "keelboat 6 to 12 m"]), measured_items(["lost property", "fares"])
    ((['dinghy', 'keelboat'], {'dinghy': '2 to 4 m', 'keelboat': '6 to 12 m'}), (['lost property', 'fares'], {}))
    """
    split = [item.split(None, 1) for item in items]
    if all(len(parts) == 2 and re.search(r"\d", parts[1]) and not re.search(r"\d", parts[0]) for parts in split) \
            and len({parts[0].lower() for parts in split}) == len(split):
        return [parts[0] for parts in split], {parts[0]: parts[1] for parts in split}
    return items, {}


def offered(turn: Turn) -> tuple[list[str], dict[str, str]]:
    """The labels this turn offers: those the prompt reader found, else :func:`find_labels` on a request that asks
    to pick one (computed once per turn)."""
    def compute() -> tuple[list[str], dict[str, str]]:
        v = turn.view
        closing = _PAREN_CHOICE.search(v.user.split("\n\n")[0]) if v.labels else None
        if closing:  # "Sentiment of this comment from the judge's notes (positive, negative, neutral):": the list in
            items = _items(closing["list"].replace("/", ","))  # the parentheses that close the request is the set,
            if 2 <= len(items) <= 8 and all(len(i.split()) <= 3 for i in items):  # not "notes (positive"
                return items, {}
        if v.labels:  # the reader may have caught only the tail of a list ("English, French, Dutch or German")
            head = v.user if len(v.user) <= 1500 else f"{v.user[:600]}\n{v.user[-600:]}"  # keep long prompts fast
            fuller, described = find_labels(f"{v.system}\n{head}")
            mine, theirs = {x.lower() for x in v.labels}, {x.lower() for x in fuller}
            misread = {d.lower() for d in v.label_descriptions.values()} & (theirs - mine)  # "labels that apply: a"
            if mine < theirs or misread and len(theirs) >= len(mine):
                return fuller, {**v.label_descriptions, **described} if not misread else described
            first = v.labels[0].split()
            if len(v.labels) >= 2 and first[0].lower() in ("this", "that", "the", "it", "these") and len(first) > 1:
                width = max(len(label.split()) for label in v.labels[1:])  # "[Is the tone of] this email formal"
                trimmed = " ".join(first[-width:])
                return [trimmed, *v.labels[1:]], {trimmed if k == v.labels[0] else k: d
                                                  for k, d in v.label_descriptions.items()}
            return v.labels, v.label_descriptions
        user = v.user if len(v.user) <= 1500 else f"{v.user[:600]}\n{v.user[-600:]}"  # options sit in the request
        if v.context and not v.material_inferred:
            user = v.instruction  # a marked context is material to classify, not where the options are
        request = f"{v.system}\n{user}"
        if m := _TASK_PAREN.search(request) or _PAREN_CHOICE.search(user):  # "Sentiment (positive or negative):"
            items = _items(m["list"].replace("/", ","))
            if 2 <= len(items) <= 8 and all(len(i.split()) <= 3 for i in items):
                return items, {}
        if not cues.CLASSIFY_CUE.search(request) and not _OPENING_CHOICE.search(user) \
                and not _NEGATED_PAIR.search(user.split("\n")[0]):  # 'Triage it as "urgent" or "not urgent": "..."'
            if cues.PLACEMENT_CUE.search(request):  # "You place singers in parts. Ranges: soprano C4 to A5, ..."
                found = find_labels(request)
                return found if found[1] else ([], {})
            if cues.SENTIMENT_QUESTION.search(request):  # "<review> Sentiment?": the task names its labels
                return list(DEFAULT_POLARITIES), {}
            if "?" not in v.user and not v.format.json and not (cues.SUMMARY_REQUEST.search(v.user.lower())
                                                                or cues.PLAN_REQUEST.search(v.user.lower())):
                return defined_options(f"{v.system}\n{v.user}")  # "Levels: a = ...; b = ...\nReport: <text>"
            return [], {}
        found = find_labels(request)
        if not found[0] and user != v.user:  # "Classify the report. Definitions: a = ...; b = ...\n<report>"
            found = defined_options(v.context)
            first = v.context.strip().splitlines()[0] if v.context.strip() else ""
            first = re.split(r"(?<=[.!?])\s+", first)[0]
            if not found[0] and first and not _QUOTED.search(first):  # "Label it by team: a, b, c.\n<text>"
                found = find_labels(f"{v.instruction}: {first}")
        if not found[0] and cues.SENTIMENT_QUESTION.search(request):
            return list(DEFAULT_POLARITIES), {}
        return found

    def with_definitions() -> tuple[list[str], dict[str, str]]:
        labels, described = compute()
        if labels and not described:  # "light is under 3 tonnes, medium is 3 to 6 tonnes, ...": said in a sentence
            described = _stated_definitions(f"{turn.view.system}\n{turn.view.user}", labels)
        return labels, described
    return turn.once("labels", with_definitions)


def _stated_definitions(text: str, labels: list[str]) -> dict[str, str]:
    """Definitions the prompt states in prose, "<label> is|means|covers <definition>", when at least two labels have
    one; else none.

    >>> _stated_definitions("Light is under 3 tonnes, medium is 3 to 6 tonnes. Which: light or medium?",
    ...                     ["light", "medium"])
    {'light': 'under 3 tonnes', 'medium': '3 to 6 tonnes'}
    """
    found = {}
    for label in labels:
        m = re.search(rf"\b{re.escape(label)}\s+(?:is|are|means|covers|=)\s+(?P<d>(?:[^,;.\n?]|\.(?=\d))+)", text, re.I)
        if m:
            found[label] = m.group("d").strip()
    return found if len(found) >= 2 else {}


def material(turn: Turn) -> str:
    """The text to label: the prompt's material, else a ``Question:`` section (asked to be labelled), else the
    instruction with the offered labels taken out (they are in it only because the prompt lists them)."""
    v = turn.view
    quoted = quoted_material(turn)
    if v.labels and quoted and not (v.context or v.sections.get("question") or v.sections.get("query")):
        return quoted  # 'Intent of this email? Options: a, b. "<the email>"': the quoted message is what to label
    if not v.labels:  # options found by find_labels: the quoted text, else the lines that do not define them
        if quoted:
            return quoted
        labels, descriptions = offered(turn)
        lines = [line for line in re.split(r"\n|(?<=[.!?])\s+", v.user) if line.strip()
                 and not sum(label.lower() in line.lower() for label in labels) >= 2 and "?" not in line]
        if lines:
            return " ".join(lines)
    text = v.context or v.sections.get("question") or v.sections.get("query")
    if text and v.context and not v.labels:  # options on the context's first line: the text is what follows
        lines = [line for line in v.context.splitlines() if line.strip()]
        if len(lines) > 1 and sum(label.lower() in lines[0].lower() for label in offered(turn)[0]) >= 2:
            return "\n".join(lines[1:])
        head, _, rest = lines[0].partition(". ") if lines else ("", "", "")
        if rest and sum(label.lower() in head.lower() for label in offered(turn)[0]) >= 2:
            return "\n".join([rest, *lines[1:]])  # "polite or rude. <text>"
    if text:
        return text
    labels = offered(turn)[0]
    listed = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    return re.sub(rf"\b(?:{listed})\b", " ", v.instruction, flags=re.IGNORECASE)


def quoted_material(turn: Turn) -> str:
    """The quoted passages of the request that are not themselves offered labels ('"urgent" or "not urgent"')."""
    labels = {label.lower() for label in [*(turn.view.labels or []), *offered(turn)[0]]}
    return " ".join(q for q in _QUOTED.findall(turn.view.user) if q.strip().lower() not in labels)


def readable(label: str) -> str:
    """A label as words: ``book_ticket`` -> ``book ticket``.

    >>> readable("lost_property")
    'lost property'
    """
    return re.sub(r"[_-]+", " ", label).strip()


def asks_about_a_thing(turn: Turn) -> bool:
    """Whether the only "text" is the request itself asking what some named thing is ("Which family does the oboe
    belong to?"): labelling it needs world knowledge, not reading."""
    v = turn.view
    if v.context or v.sections.get("question") or v.sections.get("query") or quoted_material(turn):
        return False  # a quoted message is given to be read
    lists_labels = any(re.search(rf"\b{re.escape(label)}\b", v.instruction, re.I) for label in offered(turn)[0])
    return lists_labels and bool(cues.QUESTION_WORD.match(v.instruction.strip()))


CANNOT_CLASSIFY = ("I cannot classify this with confidence: nothing in the text clearly points to one of the offered "
                   "labels more than to the others, and I will not guess.")
UNREAD_VERDICT = ("I cannot classify this with confidence: the clause after the contrast carries the writer's "
                  "verdict, but it has no opinion word I can read, and I will not guess.")
ACT_DISAGREES = ("I cannot classify this with confidence: the message's wording asks for one kind of action while its "
                 "overall content is closest to a label of another kind, and I will not guess.")
DENIED_MATCH = ("I cannot classify this with confidence: the closest definition matches what the text says did "
                "not happen rather than what did, and I will not guess.")
NONE_APPLY = ("I cannot classify this with confidence: the text's own words support none of the offered labels, "
              "and I will not guess.")
CLOSEST_NOT_FIT = ("I cannot classify this with confidence: the text is only loosely closer to one of the named "
                   "labels, nothing in its words shows it fits that one rather than none of them, and I will not "
                   "guess.")
ACT_UNSAID = ("I cannot classify this with confidence: the closest label names an action the message's own words "
              "do not perform, and I will not guess.")
ABSENCE_UNCHECKED = ("I cannot classify this with confidence: the closest definition says only what is absent, "
                     "and nothing in the text's own words confirms that absence, so I will not guess.")
NEEDS_KNOWLEDGE = ("I cannot classify this: it asks what something is, which needs world knowledge the prompt does "
                   "not give. Add a description of it to classify.")


def labels_that_apply(c: Classification, labels: list[str]) -> list[str]:
    """For "tag with all that apply": the supported pick, then every other label the text's own words support
    (its name or its definition's words); a label only the embedding favours is not added."""
    chosen = [c.label] if c.supported and c.label.lower().strip() not in cues.CATCH_ALL_LABELS else []
    chosen += [label for label in labels if label not in chosen and c.worded.get(label, 0.0) > 0]
    return [label for label in labels if label in chosen]


class Classify:
    """Skill: pick one of the labels the prompt lists. Applies whenever the prompt offers labels; abstains (without
    naming any label) when nothing in the text supports one."""

    name = "classify"

    def applies(self, turn: Turn) -> float:
        if turn.view.question and answer_type(turn.view.question) in ("time", "date") and not turn.view.labels:
            return 0.0  # "what time do I need to be there?" after "Notice: Build Day, Saturday 14 March, Larkfield
            # Orchard": a question for a time, whatever list the notice opens with
        return 0.9 if offered(turn)[0] else 0.0

    def run(self, turn: Turn) -> Result:
        v = turn.view
        labels, descriptions = offered(turn)
        c = classify(material(turn), labels, descriptions, turn.similarity, turn.temperature, turn.rng,
                     task=f"{v.system}\n{v.instruction}")
        bare_name = len(material(turn).split()) <= 3 and not max(c.scores.values()) > 0.5  # "the platypus"
        if (asks_about_a_thing(turn) or bare_name) and cues.POLARITY_LABELS.get(c.label.lower()) is None:
            return abstain(NEEDS_KNOWLEDGE)
        if cues.MULTI_LABEL_REQUEST.search(f"{v.system}\n{v.instruction}"):
            return self._several(c, labels)
        if not c.supported:
            return abstain(c.why or CANNOT_CLASSIFY)
        return self._answer(c.label, c.confidence, f"The text is closest to '{c.label}' of the offered labels.")

    def _several(self, c: Classification, labels: list[str]) -> Result:
        chosen = labels_that_apply(c, labels)
        chosen = chosen or [label for label in labels if label.lower().strip() in cues.CATCH_ALL_LABELS][:1]
        if not chosen:
            return abstain(c.why or NONE_APPLY)
        joined = ", ".join(chosen)
        result = self._answer(joined, c.confidence, "The text's own words support each of these labels.")
        result.items, result.fields["labels"] = chosen, chosen
        return result

    def _answer(self, label: str, confidence: float, reason: str) -> Result:
        c = Classification(label, confidence)
        return Result(
            text=c.label, short=c.label, fields={"label": c.label, "confidence": c.confidence},
            aliases={**{k: c.label for k in ("category", "class", "sentiment", "intent", "topic", "type")},
                     **{k: reason for k in cues.REASON_KEYS}},
        )
