"""Every cue the offline model reads a prompt by, in one place a reader can audit.

A real model learns which words signal "summarise this" or "the answer is a date"; the offline model is told, and
this module is the whole of what it is told. Each entry is general-purpose: it describes how English requests,
questions and opinions are phrased, not the labels, names or topics of labkit's own lessons. If a cue here only
made sense for one lesson's example, it would be a canned answer in disguise, so none of them do.

Two sections are what structured output reads a field by: what a key's own words say about its value
(``MONEY_KEY``: a ``deposit`` is money; ``YES_NO_KEY``: ``flow_ok`` asks yes or no; ``GENERIC_PERSON``: a ``contact``
is a person) and the phrases in a text that settle one (``BRINGS_OWN``: "they'll bring their own" turns a need off;
``ID_CUE``: a number after "invoice" is an identifier, never a count). The last is what tool choice and argument
filling read a request by (``UNDOING``: "cancel my booking" fits only a tool that undoes; ``POSITIONAL_NAMES``: ``a``
and ``b`` take numbers in the order the request writes them).

What lives elsewhere: layout grammar (``Header:`` lines, fenced blocks) in :mod:`.prompt`; the typed-value patterns
(numbers, money, dates, times, emails, phone numbers, postcodes) in :mod:`.values` and :mod:`.structured`, and the
word-problem operators in :mod:`.arithmetic`, which own those patterns.
"""

from __future__ import annotations

import functools
import re

# --- words that carry no content ---------------------------------------------------------------------------------

STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her here
    hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of
    off on once only or other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up very was we were what
    when where which while who whom why will with would you your yours yourself yourselves please tell give
    s t don shall may might must also us let lets using use without within upon among across along around toward
    towards what's who's where's when's how's that's it's there's here's let's i'm i've i'd i'll you're we're
    they're ok okay""".split()
)
"""The usual English function words (a standard stopword list, plus request fillers such as 'please', 'tell', and
contractions of function words: "What's the fewest ...?" asks nothing about a "what's")."""

# --- what the request asks for (each skill's trigger) ------------------------------------------------------------

PLAN_REQUEST = re.compile(
    r"\b(plan|break (?:it |this |that |the \w+ )?(?:down|into (?:\w+ )?steps)|decompose|sub-?tasks|outline the steps|"
    r"list the steps|steps (?:to|for|needed)|(?:numbered|ordered|separate) steps|"
    r"(?:give|show|write)(?: me)? (?:the )?steps|step-by-step plan|to-?do list)\b|\bsteps\s*(?:please\s*)?:")
SUMMARY_REQUEST = re.compile(r"\b(summari[sz](?:e|es|ed|ing)|summar(?:y|ies)|sum (?:it |this |that |these |them )?(?:\w+ )?up|tl;?dr|"
                             r"condense|key points|main points|gist)\b")
WRITER_ROLE = re.compile(r"\byou (?:write|turn|draft|produce|make|prepare|put together)\b[^.\n]{0,60}?\b(?:updates?|"
                         r"notices?|snippets?|pieces?|blurbs?|digests?|news items?|text messages?|messages?|posts?|"
                         r"briefs?|bulletins?)\b", re.I)
"""A system message that makes the model a writer of short pieces ("You write one-sentence updates for the school
website", "Turn village notices into text messages"): what the user then sends is text to put that short."""
LENGTH_ONLY_REQUEST = re.compile(
    r"^\W*(?:(?:give me|put|say|write) (?:that|this|it) )?(?:in\s+)?(?:(?:under|at most|no more than|fewer than|"
    r"less than|max(?:imum)?)\s+)?(?:one|two|three|four|five|a single|a|\d+)\s+(?:short\s+)?(?:sentences?|lines?|"
    r"bullets?|bullet points|words?)(?:\s+(?:or (?:fewer|less)|max(?:imum)?|at most))?(?:\s+of\s+(?:no more than|"
    r"at most|under)\s+\d+\s+words)?[\s,.:;!-]*(?:please)?[\s,.:;!-]*(?:(?:so )?what happened|"
    r"what(?:'s| is) (?:the )?(?:news|story|gist))?\W*$", re.I)
"""A request line that gives only a length ("One sentence, please:", "30 words max:", "In under 30 words, what
happened?"): with a text beside it, it asks for a summary of that length."""
WORD_LIMIT = re.compile(r"\b(?P<below>under|fewer than|less than)\s+(?P<c>\d+)\s+words\b|"
                        r"\b(?:at most|no more than|not more than|maximum(?: of)?|max\.?|up to|within|in)\s+(?P<a>\d+)"
                        r"\s+words\b|\b(?P<b>\d+)\s+words?\s*(?:maximum|max\b|or fewer|or less|at most|tops|or under)|"
                        r"\b(?P<d>\d+)[- ]word (?:summary|version|tl;?dr|description|overview|blurb|update)\b", re.I)
"""A word limit in any of its usual phrasings ("in 20 words or fewer", "20 words maximum", "under 30 words", "a
30-word summary"); "under 30" allows 29 (:func:`word_limit`)."""


def word_limit(text: str) -> int | None:
    """The most words a request allows, or None.

    >>> word_limit("Summarise in under 25 words."), word_limit("TL;DR, 30 words max:"), word_limit("A 40-word blurb")
    (24, 30, 40)
    """
    m = WORD_LIMIT.search(text)
    if m is None:
        return None
    return int(m["c"]) - 1 if m["below"] else int(m["a"] or m["b"] or m["d"])
OPEN_WRITING = re.compile(
    r"^\s*(?:please\s+)?(?:write|compose|draft|create|generate|tell me about|describe|explain|give me|translate|"
    r"recommend|suggest|predict|forecast|invent|imagine|draw|tell me a)\b", re.I)
"""Requests for open-ended prose, which an extractive model cannot write from nothing."""
COMPUTING_QUESTION = re.compile(
    r"\b(?:left|remain\w*|total|altogether|in all|combined|after|change|each|per|average|more than|less than|"
    r"fewer|difference|sum|product|twice|half|percent|%)", re.I)
"""Words by which a question asks for a computation rather than a look-up ("how many are left?")."""
CRITIQUE_REQUEST = re.compile(
    r"(?:^|[.!?:;,\n\"”’]\s*)(?:please\s+)?(?:critique|evaluate|assess|review|rate|score|grade|judge|mark|check)\b(?!\s*:)|"
    r"\b(?:give|assign)\b[^.\n]{0,30}\b(?:score|grade|rating|mark)\b|\bon a scale\b|\bout of \d+\b|"
    r"\bhow (?:good|well|accurate|correct) is\b|\bis (?:this|the) (?:answer|response|claim|solution) correct\b|"
    r"\byou (?:grade|score|rate|judge|evaluate|assess|review|mark)\b|\b(?:grader|marker|judge)\b")
"""A request to judge something: an imperative ("Rate the answer"), a scale, "is this answer correct", or a system
prompt that makes the model a grader ("You grade answers ..."). A label is not a request: "Critique: ..." handed to a
writer with "Rewrite the draft" asks for a revision, not for another critique."""
GREETING = re.compile(r"^\s*(?:hi|hello|hey|thanks|thank you|good (?:morning|afternoon|evening))\b[,!.]?\s*", re.I)
QUESTION_WORD = re.compile(r"\b(what|who|whom|whose|when|where|which|how|why)\b", re.I)
ENTITY_QUESTION = re.compile(r"\s*(?:(?:in|on|at|for|by|from|to|with)\s+)?(?:who|whom|whose|what|which|where|when)\b",
                             re.I)
"""A question that asks for a thing (a person, a place, a time, a name), answered by one clause of a sentence."""
SECOND_QUESTION = re.compile(
    r",?\s+and\s+(?=(?:(?:in|at|on|for|by|from|to|with|since)\s+)?(?:which|what|who|whom|whose|when|where|how|why)\b)",
    re.I)
"""Where a compound question starts its second question: "Who designed the tower *and in which year* was it lit?"."""
SELF_INTRODUCTION = re.compile(r"\b(?:my name is|i'm|i am|call me)\s+([A-Z][a-z]+)\b")
FIRST_PERSON = re.compile(r"\b(i|my|i'm|we|our)\b", re.I)

# JSON keys that ask for a computed answer rather than fields extracted from a text.
ANSWER_KEYS = frozenset({"answer", "result", "value", "steps"})
LABEL_KEYS = frozenset({"label", "labels", "category", "categories", "class", "sentiment", "tone", "topic", "intent",
                        "classification", "emotion", "verdict", "decision", "stance", "polarity", "mood"})
"""JSON keys that ask for a label chosen from a set: a request with one of them is a classification in JSON."""
# JSON keys that ask why a label was chosen.
REASON_KEYS = frozenset({"reason", "reasoning", "explanation", "rationale", "justification"})

# --- what type of answer a question wants ------------------------------------------------------------------------

ANSWER_TYPES: list[tuple[str, re.Pattern[str]]] = [
    ("time", re.compile(r"\bwhat time\b|\bat what time\b|\bhow late\b|\bwhat hour\b|"
                        r"\bwhat(?:'s|’s| is| was| will be) the (?:start|finish|end|closing|opening) time\b", re.I)),
    ("date", re.compile(r"\bwhen\b|\bwhat (?:year|date|day|month|decade|century)\b|\bwhich (?:year|date|day|month)\b|"
                        r"\bsince when\b|\bhow long ago\b|\bwhat(?:'s|’s| is| was| will be) the (?:date|day|year|month)\b",
                        re.I)),
    ("money", re.compile(r"\bhow much (?:does|did|do|is|was|will|would|are|were)\b[^?]*\b(?:cost|charge|pay|paid|fee|sell|sold|"
                         r"price|spend|spent|earn|worth)|"
                         r"\bwhat (?:does|did|do|will|would) [^?]*\b(?:cost|pay|charge|earn)\b|"
                         r"\bwhat(?:'s|’s| is| was) the (?:price|cost|fee|fare|charge)\b", re.I)),
    ("quantity", re.compile(r"\bhow (?:many|much|long|far|old|big|large|tall|high|deep|wide|heavy|often|fast|strong|"
                            r"hot|cold|steep|loud|warm)\b|"
                            r"\bwhat(?:'s|’s| is| was) the (?:number|amount|total|price|cost|size|length|population|"
                            r"distance|speed|weight|height|depth|area)\b|\bwhat percentage\b|"
                            r"\bwhat (?:altitude|temperature|elevation|height|depth|speed|distance|weight|length|"
                            r"width|capacity)\b", re.I)),
    ("person", re.compile(r"\bwho(?:m|se)?\b|\b(?:my|his|her|their|your) (?:\w+ )?name\b|"
                          r"\bwhich (?:person|player|member|author|artist|scientist|team)\b", re.I)),
    ("place", re.compile(r"\bwhere\b|\bwhich (?:cit(?:y|ies)|countr(?:y|ies)|towns?|villages?|ports?|islands?|"
                         r"regions?|places?|states?)\b|\bin what (?:city|country|town|place)\b", re.I)),
]
"""Question forms -> the type of thing the answer must be. Checked in order; the first match wins."""

ANSWER_KINDS = {
    "time": ("time",),
    "date": ("date", "year", "time", "duration"),  # "within 30 days of purchase" answers a when-question too
    "money": ("money",),
    "quantity": ("number", "money", "percent", "duration"),
    "person": ("person", "name"),
    "place": ("place", "name", "organisation"),
}
"""Answer type -> the kinds of typed value (:mod:`.values`) that can be that answer."""
TYPE_WORDS = frozenset(
    """name names time times year years date dates day days month months number amount many much long old far
    place places city cities country countries town person people who""".split())
"""Question words that name the answer's type rather than its topic; they are not looked for in the context."""
PEOPLE_COUNTED = frozenset(
    """people persons guests adults children kids visitors attendees passengers members players staff crew
    fatalities deaths dead casualties injured victims survivors riders runners participants entrants entries audience
    attendance spectators crowd turnout residents population inhabitants students pupils customers diners covers
    headcount pax volunteers workers employees patients walkers climbers hikers swimmers divers singers dancers
    voters delegates competitors tourists travellers campers sailors rowers cyclists shooters teams""".split())
"""Nouns that count people: "74 people stayed" may fill a ``spectators`` or ``fatalities`` field, never a
``refunds_given`` one."""
ASKING_WORDS = frozenset(
    """remember recall know tell say said mention mentioned happen happened according based only notes note context
    text passage passages document documents article information below above following provided given excerpt
    answer question notice notices report memo email letter message""".split())
"""Words of asking and of pointing at the material ("do you remember ...", "using only the notes below, ..."),
not part of what is asked about."""
GENERIC_QUESTION_WORDS = frozenset(
    """cost costs costing price priced per total totals overall altogether take takes took taken taking reach reaches
    reached get gets got getting make makes made go goes went gone come comes came have has had do does did done
    finish finishes finished start starts started end ends ended stop stops stopped shut shuts close closes begin
    begins happen happens happened sell sells sold selling buy
    buys bought pay pays paid use uses used need needs hold holds held keep keeps kept put set run runs ran give
    gives gave see sees saw become became stand stands stood find finds found call called named know known
    exactly approximately roughly currently usually normally typically actually really still work works worked
    involve involves involved include includes included contain contains contained
    altitude temperature height depth length width weight distance speed size capacity duration elevation""".split())
"""General verbs, adverbs and measure nouns a question may use for any event or measure ("how much does it *cost*",
"what time does it *reach* X", "at what *altitude*" of "sits at 2,205 metres"); a context may state the same fact in
other words (or only by its unit), so their absence from it proves nothing."""
YES_NO_QUESTION = re.compile(r"^\s*(?:is|was|are|were|does|did|do|has|have|had|can|could|will)\b", re.I)
"""A question answered by yes or no ("Are non-compete agreements enforceable?")."""
PREDICATE_ADJECTIVE = re.compile(r"[a-z]{3,}(?:able|ible|ous|ful|ive|ic|al|ant|ent)$")
"""An adjective a yes/no question asks about ("enforceable", "valid", "dangerous"): a context usually answers it with
a synonym or an antonym ("void", "safe"), so its absence from the context proves nothing, unlike a missing noun."""
HOW_TO_VERB = re.compile(r"\bhow (?:do|does|did|can|could|should|would|will|may|must) (?:i|you|we|they|one|people)"
                         r"\s+(?P<verb>[a-z]+)|\bhow to\s+(?P<infinitive>[a-z]+)", re.I)
"""The action a how-to question asks about ("How do I *turn* on HTTP/2?"): documentation states it in its own verb
("is switched on with ..."), so a context without the question's verb may still answer it."""
DIMENSION_WORDS = {
    "tall": ("tall", "high", "height", "rise", "rises", "altitude", "elevation"),
    "high": ("tall", "high", "height", "rise", "rises", "altitude", "elevation"),
    "deep": ("deep", "depth"),
    "thick": ("thick", "thickness", "deep", "depth"),
    "wide": ("wide", "width", "across", "breadth"),
    "heavy": ("heavy", "weigh", "weighs", "weight"),
    "fast": ("fast", "speed", "per hour", "km/h", "mph", "knots"),
    "old": ("old", "age", "aged", "born", "year-old", "years-old"),
}
"""'How *tall*' asks for a height: the answering sentence must say height (tall, high, elevation...), since '22
nautical miles' of visibility is a length too. Only adjectives whose dimension has such words are listed."""
CONDITION_CUES = re.compile(r"\b(?:only if|if|unless|provided that|as long as|once|only when|whenever)\b", re.I)
"""A sentence that states a condition: it answers a present-tense when-question ("When does a browsewrap agreement
bind a user?" - "only if the terms were conspicuous"), which asks under what circumstances, not for a date."""
GENERAL_WHEN = re.compile(r"\s*when\s+(?:does|do|is|are|can|must|may|should)\b", re.I)
"""A when-question in the present tense, which may ask for a condition rather than a date."""
WHICH_VERB = re.compile(r"\s*(?:which|what)\s+\w+\s+(?P<verb>\w+)", re.I)
"""The verb of 'Which factors *decide* fair use?', which a context may state in other words ('courts judge on')."""
START_WORDS = re.compile(r"\b(?:start|starts|started|starting|begin|begins|began|depart|departs|departed|leave|leaves|"
                         r"left|sets? off|gather|gathers|gathered|opens|opened|kicks? off)\b", re.I)
END_WORDS = re.compile(r"\b(?:end|ends|ended|ending|finish|finishes|finished|arrive|arrives|arrived|get back|gets back|"
                       r"return|returns|closes|closed|stops|stopped|shuts|over|conclude|concludes|wrap up|"
                       r"wraps up)\b", re.I)
"""Start and end words: a sentence that only says when or where something starts does not answer when or where it
ends ("starts at 8pm and lasts an hour and a half" for "What time does the walk finish?"), nor the reverse."""
END_ASKED = re.compile(r"\b(?:does|do|did|will|would)\b[^?.]*\b(?:stop|shut|close)\b", re.I)
"""A question asking when something ends with a verb that is also a noun ("What time does the lift *stop*?"); in a
sentence, "a 15-minute stop at the inn" says nothing of an end, so these are read as end words in questions only."""
REASON_CUES = re.compile(r"\b(?:because|since|due to|owing to|as a result|caused|causes|cause|reason|so that|"
                         r"in order to|thanks to|led to|leads to|after|when|therefore|so)\b", re.I)
"""A why-question is answered only by a sentence that states a cause or purpose."""
MATERIAL_POINTER = re.compile(
    r"\b(?:using|according to|based on|from|in) (?:only )?(?:the|this|these|that) (?:\w+ )?(?:log|text|notes?|"
    r"passage|context|document|report|table|notice|article|email|message|record|list|schedule|timetable|data|"
    r"entry|sheet|memo|excerpt)\b|\busing only\b", re.I)
"""A question that points at the material ("Using the log, how long ...?") asks to read it, not to compute."""
NAME_QUESTION = re.compile(r"\b(?P<owner>my|your|his|her|their|our|its)\s+(?P<what>(?:\w+\s+)?name)\b", re.I)
"""'my name', 'her first name': a question whose answer is best said as '<Your name> is <Alice>.'"""

ASKED_NOUN = re.compile(r"\bhow (?:many|much)\s+(?:of (?:the|their|its) )?(?P<noun>[a-z]+(?:-[a-z]+)*)", re.I)
"""'how many *locks*', 'how much *honey*': the thing a quantity question counts."""
MEASURE_UNITS = frozenset(
    """litre litres liter liters l ml millilitre millilitres gallon gallons pint pints cubic kilogram kilograms kg gram
    grams g tonne tonnes ton tons pound pounds lb lbs ounce ounces oz metre metres meter meters m km kilometre
    kilometres kilometer kilometers cm mm mile miles foot feet yard yards hectare hectares acre acres kwh kilowatt
    kilowatts watt watts joule joules calorie calories percent""".split())
"""Units that measure an amount: "how much *water*" is answered by "5,000 litres" even where the sentence holding
the number does not repeat the word water ("It holds 5,000 litres.")."""
TIME_UNITS = frozenset("second seconds minute minutes hour hours day days week weeks month months year years".split())
"""Units of time, as a question may ask for its answer in one ("How long is it *in minutes*?")."""
HOW_ADJECTIVE = re.compile(r"\bhow (?P<adjective>[a-z]+)", re.I)
"""'how *long*', 'how *high*': the adjective names the answer's type, not its topic."""
ORDINALS = {"first": 0, "earliest": 0, "second": 1, "third": 2, "fourth": 3, "last": -1, "final": -1,
            "latest": -1}
"""'the first high water': which of several values in a sentence the question means, by position."""

# --- conversation ------------------------------------------------------------------------------------------------

PERSON_SWAPS = {
    "i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself", "am": "are", "i'm": "you're",
    "i've": "you've", "i'll": "you'll", "i'd": "you'd", "we": "you", "our": "your", "us": "you",
}
"""First person -> second person, to tell a user what they said about themselves."""

# --- classification ----------------------------------------------------------------------------------------------

MID_CONCESSION = re.compile(r",?\s*\b(?:even though|although|though)\b", re.I)
"""A concession in mid-sentence ("It was superb, though the seats were hard"): the clause before it is the point."""
CONTRAST = re.compile(r"\b(?:but|however|yet|nevertheless|nonetheless|still|instead|in the end|"
                      r"that said|on the other hand|whereas|except)\b", re.I)
"""Words after which a sentence states its real point ("I expected to hate it, but it was great")."""
CONCESSIVE_LEAD = re.compile(r"^\s*(?:although|though|even though|while|despite)\b", re.I)
"""Clause openers whose own clause is the conceded, weaker point ("Although it rained, we loved it")."""
NEGATION = re.compile(r"\b(?:not|no|never|cannot|hardly|barely|nothing|nobody|neither|nor|without)\b|n't\b", re.I)
"""A word that denies its clause; "n't" is matched inside its word ("isn't", "didn't"), where no word boundary
precedes it."""

EVENT_NOUNS = (r"carnival|fete|f[eê]te|fair|show|festival|gala|parade|rally|regatta|tournament|championships?|derby|"
               r"market|concert|race|match|wedding|party|ceremony")
"""Kinds of event a request names after a place ("the Whitby carnival", "the Hulland Ward fete")."""
NAME_INTRODUCED = frozenset({"name", "it", "he", "she", "that", "this", "here", "there", "who"})
"""Words that, with "'s", introduce a name rather than start one ("Name's Dave Hulme", "It's Priya Shah")."""

POLARITY_LABELS = {
    "positive": "positive", "pos": "positive", "good": "positive", "favourable": "positive", "favorable": "positive",
    "satisfied": "positive", "happy": "positive", "praise": "positive", "compliment": "positive",
    "negative": "negative", "neg": "negative", "bad": "negative", "unfavourable": "negative",
    "unfavorable": "negative", "dissatisfied": "negative", "unhappy": "negative", "complaint": "negative",
    "neutral": "neutral", "mixed": "neutral",
    "support": "positive", "supports": "positive", "for": "positive", "agree": "positive", "approve": "positive",
    "in favour": "positive", "in favor": "positive", "oppose": "negative", "opposes": "negative",
    "against": "negative", "disagree": "negative", "disapprove": "negative", "unclear": "neutral",
    "undecided": "neutral", "neither": "neutral",
}
"""Label names that mean a polarity (sentiment, and stance: support / oppose / unclear). Opinion is a general task,
so these labels get the general lexicon below."""

POSITIVE_WORDS = frozenset(
    """love loved lovely great excellent amazing awesome fantastic wonderful superb brilliant best perfect good
    happy glad delighted pleased enjoy enjoyed enjoyable beautiful impressive impressed recommend recommended
    outstanding favourite favorite incredible magnificent marvellous marvelous stunning friendly helpful fast
    comfortable clean tasty delicious fun thrilled grateful thanks smooth reliable worth pleasant charming safe
    safer welcome improve improved improvement benefit beneficial useful convenient easy easier affordable generous
    kind polite quick quiet peaceful relaxing spacious fresh warm cosy cozy fair glad hopeful proud calm bright
    better efficient effective exciting excited inspiring lucky finally brilliant superb wow
    fascinating interesting engaging gripping informative insightful
    spotless immaculate unforgettable memorable seamless knowledgeable attentive roomy tidy punctual bargain epic
    magical magic gem patient""".split())
NEGATIVE_WORDS = frozenset(
    """hate hated terrible awful bad worst poor disappointing disappointed disappointment boring broken rude slow
    dirty cold late horrible dreadful useless waste wasted annoying annoyed angry upset unhappy sad mediocre
    overpriced noisy cramped bland stale faulty failed fails failure problem problems complaint refund avoid
    never unreliable painful ugly unpleasant miserable regret mess crashed madness mad crazy ridiculous absurd
    nonsense dangerous unsafe risky harmful worse pointless stupid unfair expensive costly crowded chaos chaotic
    confusing difficult delayed cancelled canceled smelly shame disgrace outrageous furious frustrating frustrated
    wasteful broke stopped died dead leaks leaking cracked faulty defective unusable lost missing
    unacceptable tedious dull
    rushed filthy grubby tatty shabby unhelpful soggy lukewarm tepid greasy burnt leaky draughty freezing mouldy
    chipped flimsy wobbly shoddy dodgy ripoff dismissive disorganised shambles nightmare bog boggy waterlogged damp""".split())
"""A small general English opinion lexicon (in the spirit of Hu & Liu's), used only when the labels are polarities.
It is read first; the published VADER lexicon (:func:`general_valence`) covers the thousands of words it lacks. The
last line of each list holds everyday review words VADER does not rate ("spotless", "rushed", "soggy", "tatty")."""

VALENCE_FLOOR = 1.0
"""How strong (on VADER's -4..+4 scale) a word's mean rating must be to count as praise or criticism: "highlight"
(1.4) and "dreary" (-1.8) count, "fine" (0.8) and "matter" (0.1) are too faint to count."""

VALENCE_IGNORED = frozenset(
    """like no yes please pretty well ok okay kind help sure care free joke want thank thanks matter super
    god lord jesus damn hell party
    agreed agree promised promise promises expected hoped hoping feared fearing dreaded dreading worried
    fire fires shoot shooting gun guns battle fight fights attack attacking pressure alone""".split())
"""Rated words that English uses mostly for something else than an opinion: "like" compares, "no" and "yes" answer,
"pretty good" intensifies, "kind of" hedges, "free" says what a thing costs, "help" asks; oaths swear. And words
that report what was agreed or expected, not what happened: "the date we agreed", "which you promised", "as dull as
I'd feared", "I was dreading it, but ...": the verdict is in what follows them. And the nouns of pastimes that VADER
rates by their danger ("sitting by the fire", "a clay shoot", "the gun club", "a fencing attack")."""


@functools.lru_cache(maxsize=1)
def general_valence() -> dict[str, float]:
    """The VADER sentiment lexicon (Hutto & Gilbert, ICWSM 2014; MIT licence): about 7,500 English words, each with
    the mean of ten human ratings on -4..+4, read from the installed ``vaderSentiment`` package's data file (its
    analyser is not imported). Words in :data:`VALENCE_IGNORED` and multi-word or symbol entries are left out.

    >>> general_valence()["highlight"] > 0 > general_valence()["dreary"]
    True
    """
    from importlib.resources import files

    lexicon: dict[str, float] = {}
    for line in files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(encoding="utf-8").splitlines():
        word, _, rest = line.partition("\t")
        if word.isalpha() and word.islower() and word not in VALENCE_IGNORED:
            lexicon[word] = float(rest.split("\t", 1)[0])
    return lexicon

URGENCY_LABELS = {
    "high": "high", "urgent": "high", "critical": "high", "emergency": "high", "immediate": "high",
    "medium": "medium", "normal": "medium", "moderate": "medium",
    "low": "low", "routine": "low", "not urgent": "low", "non-urgent": "low", "minor": "low", "later": "low",
}
"""Label names that mean a level of urgency or priority. They get the urgency cues below when the prompt asks about
urgency, priority or severity (or a label itself says 'urgent'); urgency is a general task, like sentiment."""
URGENCY_TASK = re.compile(r"\b(?:urgen\w*|priorit\w*|severity|how soon|triage)\b", re.I)
URGENT_CUES = re.compile(
    r"\b(?:urgent\w*|immediate\w*|asap|as soon as possible|right (?:now|away)|emergency|on fire|fire|smoke|"
    r"flood\w*|leak\w*|outage|is down|are down|went down|cannot|can't|unable to|blocked|stuck|injur\w*|bleeding|"
    r"danger\w*|critical|evacuat\w*|within the hour|deadline is today|today|tonight|now)\b|!{1,}", re.I)
CALM_CUES = re.compile(
    r"\b(?:no rush|no hurry|not urgent|whenever|when you (?:have|get) (?:a )?(?:time|chance|moment|minute)|"
    r"at your (?:convenience|leisure)|when convenient|low priority|eventually|some ?day|at some point|"
    r"next (?:week|month|year|quarter|spring|summer|autumn|fall|winter|season)|end of next \w+|reminder|fyi|for your information|just so you know|"
    r"nice to have|no need to hurry|in the coming (?:weeks|months))\b", re.I)
"""Words by which a message says it is (or is not) urgent, in general English."""

SPAM_LABELS = {
    "spam": "spam", "junk": "spam", "scam": "spam", "phishing": "spam", "fraud": "spam",
    "not spam": "ham", "not_spam": "ham", "ham": "ham", "legitimate": "ham", "genuine": "ham", "not junk": "ham",
}
"""Label names of the spam task (unwanted bulk or fraudulent messages against ordinary ones)."""
SPAM_CUES = re.compile(
    r"\b(?:you(?:'ve| have)? won|winner|prize|free|click (?:here|now|the link|below)|claim (?:your|it|now)|lottery|"
    r"congratulations|act now|limited[- ]time|offer expires|risk[- ]free|guaranteed|cash|bitcoin|crypto|"
    r"verify your (?:account|identity|password)|bank details|wire|inheritance|no cost|100%|unsubscribe|"
    r"exclusive deal|miracle|lose weight|earn money|work from home)\b", re.I)
"""The marks of unsolicited bulk and phishing mail (prizes, urgency to click, requests for credentials)."""

NEGATION_SCOPE_END = re.compile(r"^(?:and|or|so|because|since|which|who|then|while|when|if)$")
"""Words that close a negation's scope inside a clause: in "not rude and the food was great" the 'not' stops at
'and', so 'great' keeps its sign (punctuation and contrast words close the scope too)."""
NEG_RAISING = re.compile(r"say|think|believe|call|suppose|feel|find|consider|reckon")
"""Verbs of saying and thinking through which a negation denies the clause that follows ("I don't *think* it was
bad" means "I think it was not bad"): the negation's scope reaches over that clause."""
NOT_NEGATED = re.compile(r"\b(?:can(?:no|')?t|could(?:n't| not)) (?:believe|wait)\b|\bno wonder\b|\bnot only\b|"
                         r"\bcan(?:no|')?t (?:recommend|praise|thank) (?:\w+ ){0,3}enough\b|"
                         r"\bcould(?:n't| not) (?:be|have been) (?:happier|better|more pleased)\b", re.I)
"""Phrases that contain a negation but do not negate an opinion ("I *can't believe* how good it was", "*couldn't
be happier*"); removing the negation keeps the opinion word's sign, and 'couldn't be happier' is read as 'happier'."""
SENTIMENT_QUESTION = re.compile(r"(?:^|[.!?\"\u201d:]\s*)(?:what(?: is|'s) the |and the )?sentiment(?: of (?:this|the|"
                                r"that) [\w ]{1,20})?\s*\?", re.I | re.M)
"""A bare question for the sentiment ("<review> Sentiment?", "What is the sentiment of this review?"): its labels
are the polarities, positive, negative and neutral."""
IRREALIS = re.compile(r"\b(?:expect\w*|thought|think|feared|fear(?:ing)?|worried|worry|assumed|assume|imagined|"
                      r"hoped|hoping|was told|were told|heard it would|supposed to|would have|if only|dreaded)\b", re.I)
"""Words that make a clause an expectation, a hope or a fear rather than an opinion of what happened ("I *expected*
to hate it"): its opinion words say what the writer thought beforehand, not their verdict."""
IRONIC_PRAISE = re.compile(
    r"(?:^|(?<=[.!?]\s))\s*[\"“]?(?:oh,?\s+|well,?\s+|just\s+)(?:great|wonderful|fantastic|perfect|brilliant|lovely|"
    r"marvellous)\s*[,!.]|\bjust what (?:i|we) (?:wanted|needed)\b|\b(?:yeah|oh) right\b|"
    r"\bthanks a lot\b|\bwhat a (?:treat|joy|delight)\b(?=[^.!?]*\b(?:another|again)\b)|"
    r"(?:^|(?<=[.!?]\s))\s*[\"“]?(?:great|wonderful|fantastic|perfect|brilliant|lovely|marvellous),\s+another\b|"
    r"(?:^|(?<=[.!?]\s))[^.!?]*\b(?:worth|value|bargain|great|brilliant|fantastic|wonderful|perfect|lovely|best|"
    r"highlight)\b[^.!?]*,\s*(?:obviously|of course|naturally|clearly)\s*[.!]", re.I)
"""Stock frames of praise that, around a complaint, mean the opposite ("Oh great, another delay with a broken
heater. Just what I wanted.", "... saw one badger for four seconds. Worth every penny, obviously."). Read as criticism only when the text also criticises something; a bare "Great,"
is not a frame ("Great, the broken tap works again")."""
SARCASM = re.compile(
    r"\b(?:loved|love|enjoyed|adored)\s+(?:waiting|queuing|queueing|being\s+stuck)\b[^.!?]*?\b(?:minutes?|hours?)\b|"
    r"(?:^|(?<=[.!?]\s))\s*[\"“]?oh,?\s+(?:great|wonderful|fantastic|perfect|brilliant|lovely|marvellous)\.", re.I)
"""Frames that are ironic on their own: praise of a wait measured in minutes or hours ("Loved queuing in the drizzle
for forty minutes"), or an "Oh brilliant." standing as its own sentence. Once a text uses one, its other praise is
read as irony too ("Best Wednesday ever."); "Great, another ..." is ironic only around a complaint
(:data:`IRONIC_PRAISE`), since "Great, another sell-out night" may be meant."""
PLACEMENT_CUE = re.compile(r"\b(?:place|put|assign|slot|file)s?\b[^.\n]{0,40}\b(?:in|into)\b|"
                           r"\b(?:reply|answer|respond) with (?:the|its|their) \w+ only\b", re.I)
"""Requests that place an item in one of several described classes ("You place singers in choir parts", "Reply
with the part only"); they count as classification only when the options come with their measures."""
ATTITUDE_VERBS = {
    "like": 1, "liked": 1, "likes": 1, "enjoy": 1, "enjoyed": 1, "enjoys": 1, "love": 1, "loved": 1, "loves": 1,
    "recommend": 1, "recommended": 1, "recommends": 1, "dislike": -1, "disliked": -1, "dislikes": -1, "hate": -1,
    "hated": -1, "hates": -1,
}
"""Verbs of liking that make a label a polarity when the labels ask how the writer felt: "liked it" / "didn't like
it", "enjoyed" / "did not enjoy", "would recommend" / "would not recommend". A negation in the label flips it."""
UNDECIDED_LABEL = re.compile(r"(?:can(?:'|no)?t|cannot|could(?:n't| not)) (?:tell|say)|not sure|unsure|unknown|"
                             r"(?:don't|do not) know|hard to (?:tell|say)|no (?:opinion|view)", re.I)
"""Labels that offer the undecided answer beside two polarities ("can't tell", "not sure"): the neutral one."""
MIXED_LABELS = frozenset({"mixed", "ambivalent", "both", "mixed feelings", "positive and negative"})
"""Polarity labels that mean: praise and criticism together (unlike 'neutral', which means neither)."""

CATCH_ALL_LABELS = frozenset({"other", "others", "none", "none of these", "none of the above", "none of them",
                              "something else", "unknown", "n/a", "not applicable", "misc", "miscellaneous",
                              "other topic", "other category", "no category", "unrelated"})
"""Labels that mean "none of the others" (unlike 'neutral' or 'unclear', which are polarities): chosen when no
specific label is supported, instead of abstaining, since the prompt offered that answer."""
UNDECIDED_LABELS = frozenset({"cannot tell", "can't tell", "cannot say", "can't say", "cannot be determined",
                              "undetermined", "not sure", "unsure", "not enough information", "insufficient information",
                              "not enough info", "need more information", "needs more information"})
"""Labels that mean "the text does not settle it": the answer whenever the text's own words do not support one of
the other labels, since that is then exactly the model's position (an embedding lead is no reading)."""
MULTI_LABEL_REQUEST = re.compile(
    r"\b(?:all (?:that|which|those that) (?:apply|fit|match)|(?:every|each|any) (?:label|tag|category|topic|class)"
    r"s? that (?:applies|apply|fits|fit)|one or more|as many as (?:apply|fit)|any number of|(?:select|tick|check|"
    r"list|choose|pick|give) all\b|(?:multiple|several) (?:labels|tags|categories|topics|classes)|"
    r"all (?:the )?(?:labels|tags|categories|topics|classes) that)", re.I)
"""A request for every label that applies rather than the one best label ("Tag it with all that apply")."""
EMOTION_LABELS = {
    "joy": "joy", "happy": "joy", "happiness": "joy", "delight": "joy", "excited": "joy", "excitement": "joy",
    "anger": "anger", "angry": "anger", "annoyed": "anger", "frustrated": "anger", "frustration": "anger",
    "fear": "fear", "afraid": "fear", "scared": "fear", "worried": "fear", "worry": "fear", "anxious": "fear",
    "anxiety": "fear", "sadness": "sadness", "sad": "sadness", "grief": "sadness", "disappointed": "sadness",
    "surprise": "surprise", "surprised": "surprise",
}
"""Label names of the basic emotions. Emotion is a general task, like sentiment: when every offered label is an
emotion, the cues below read the text, and a text in which they read nothing is not guessed."""
EMOTION_CUES = {
    "joy": re.compile(r"\b(?:happy|happiest|glad|delighted|thrilled|overjoyed|excited|can(?:no|')?t wait|yay|hooray|"
                      r"love[ds]?|wonderful|best day|over the moon|grateful|proud)\b", re.I),
    "anger": re.compile(r"\b(?:angry|furious|livid|outraged|outrageous|how dare|fed up|sick (?:and tired )?of|"
                        r"infuriat\w*|annoyed|annoying|unacceptable|ridiculous|disgrace\w*|hate|sick of it)\b", re.I),
    "fear": re.compile(r"\b(?:afraid|scared|terrified|frightened|worried|worrying|anxious|nervous|panic\w*|dread\w*|"
                       r"what if|(?:don't|do not) know what (?:i|we)(?:'ll| will| are going to) do)\b", re.I),
    "sadness": re.compile(r"\b(?:sad|sadly|miss(?:ed|ing)?|lonely|grief|griev\w*|heartbroken|cried|crying|tears|"
                          r"empty|passed away|mourn\w*|gloomy|depressed)\b", re.I),
    "surprise": re.compile(r"\b(?:surprised|surprising|unexpected(?:ly)?|shocked|astonish\w*|out of nowhere)\b",
                           re.I),
}
"""How each basic emotion is commonly worded in English (a few words and phrases each)."""
INTENT_LABELS = {
    "book": "book", "booking": "book", "reserve": "book", "reservation": "book", "order": "book",
    "cancel": "cancel", "cancellation": "cancel", "cancelling": "cancel", "canceling": "cancel",
    "question": "ask", "enquiry": "ask", "inquiry": "ask", "query": "ask", "information": "ask", "info": "ask",
    "complaint": "complain", "complain": "complain",
    "refund": "refund", "refunds": "refund", "reimbursement": "refund", "repayment": "refund",
}
"""Label words that name a speech act of a customer message (to book, to cancel, to ask, to complain). A label is an
act when one of its words is listed here (``cancel_ticket`` is 'cancel'); act cues are read only when every offered
label is an act, since an act lexicon says nothing about a 'lost property' or 'fares' label."""
INTENT_CUES = {
    "cancel": re.compile(r"\b(?:cancel\w*|call(?:ing|ed)? off|no longer (?:\w+ )?(?:come|coming|travel\w*|attend\w*|"
                         r"need\w*|able|make|go|going|want\w*|require\w*)|can(?:not|'t|\u2019t) make it|"
                         r"won(?:'|\u2019)?t be (?:coming|able|attending|needing)|release (?:our|my|the|those|these)|"
                         r"withdraw\w*|drop(?:ping)? out|pull(?:ing)? out|unsubscribe|terminate)\b", re.I),
    "book": re.compile(r"\b(?:(?:book|reserve)\s+(?!my\b|our\b|it\b)|(?:i|we)(?:'d|\u2019d| would) like (?:to (?:book|reserve|"
                       r"order|have)|(?:a|an|one|two|three|four|five|six|\d+)\b)|sign (?:me|us) up|put (?:me|us) down "
                       r"for|hold (?:a|two|three|four|\d+) )", re.I),
    "refund": re.compile(r"\brefund\w*|\breimburs\w*|(?:\b(?:money|deposit|fee|it|them|that|her|his|their|my|our)|"
                         r"[£$€]\s?\d[\d.,]*)\s+back\b|\bpay (?:me|us|her|him|them) back\b", re.I),
    "ask": re.compile(r"\?\s*$|^\s*(?:what|when|where|which|who|how|why|is|are|do|does|did|can|could|will|would|"
                      r"should|may)\b|\b(?:i was wondering|could you tell|do you know|please let me know)\b", re.I),
}
"""How each act is phrased in general English. A complaint has no cue of its own: it is a message whose opinion
(the general lexicon) is negative. When several acts are phrased, the first in the order cancel, refund, book,
complain, ask is the message's purpose ("Can I cancel?" is a cancellation, asked as a question), and the sentences
that ask for something are read before the story around them ("I booked two places ... Could I have her £38
back?" is a refund). 'Booking' the noun is not a cue: "a problem with my booking" is no request to book."""
REQUEST_SENTENCE = re.compile(r"\?\s*$|\bplease\b|^\s*(?:could|can|would|will) (?:you|i|we)\b|"
                              r"\b(?:i|we)(?:'d|\u2019d| would) like\b|^\s*(?:i|we) want\b", re.I)
"""A sentence that asks for something: a question, a "please", "could you ...", "I'd like ..."."""

TASK_NOUNS = frozenset(
    """sentiment category categories topic topics intent intents label labels class classes type types tone stance
    emotion emotions urgency priority genre language code codes team teams band bands grade grades level levels
    answer""".split())
"""Words that name the kind of label rather than a label ("Sentiment, positive or negative?")."""
CLASSIFY_CUE = re.compile(
    r"\b(?:classify|classif\w+|categori[sz]\w*|label|tag|route|sort|assign|choose|pick|select|which|what|grade|"
    r"one (?:team|topic|category|label|class|code|band|answer)|is (?:this|it))\b", re.I)
"""Words by which a request asks to pick one of several options."""

# --- critique ----------------------------------------------------------------------------------------------------

VAGUE_WORDS = re.compile(
    r"\b(?:stuff|things?|various|etc|some|many|good|nice|very|really|basically|kind of|sort of)\b", re.I)
_SUM_NUMBER = r"-?[£$€]?\d[\d,.]*"
_SUM_OPERATOR = r"(?:[-+*/x×÷^]|plus|minus|times|multiplied by|divided by)"
_SUM = rf"\(?\s*{_SUM_NUMBER}(?:\s*\)?\s*{_SUM_OPERATOR}\s*\(?\s*{_SUM_NUMBER}\s*\)?)+"
ARITHMETIC_CLAIM = re.compile(
    rf"(?P<expr>{_SUM})(?P<middle>(?:\s*=\s*{_SUM})*)"
    rf"\s*(?:=|equals|is|makes|gives)\s*[£$€]?(?P<value>-?\d[\d,.]*)(?![\d,.]*\d)"
    rf"(?!\s*\)?\s*{_SUM_OPERATOR}\s*\(?\s*[£$€]?\d)", re.I)
"""A checkable claim: "12 x 7 = 84", "40 plus 15 equals 55", "(212 - 80) / 80 = 1.65", "48 x 65 = £3,120", and a
chain whose middle steps are sums too ("320 + 2 x 190 = 320 + 380 = 700": ``middle`` holds "= 320 + 380"). The result
is a number no further sum follows."""

THRESHOLD_BEFORE = re.compile(r"\b(?:over|above|more than|exceeding|in excess of)\s*$", re.I)
"""Words before an amount that make it a limit, not a price: "15% off any order *over* £2,000"."""
WHOLE_ITEMS = re.compile(r"\b(?:full|whole|complete|finished)\b", re.I)
"""A question about things that count only whole ("how many full bowls"): a fraction of one rounds down."""
ENOUGH_FOR = re.compile(r"\b(?:needed|need|needs|required|enough|at least|to hold|to carry|to fit|to seat)\b", re.I)
"""A question about what must suffice ("how many coaches are needed"): a fraction of one rounds up."""

CONDITIONS = re.compile(r"\b(?:only (?:after|if|when|once)|at least|no (?:fewer|less) than|provided (?:that)?|"
                        r"as long as|unless|must (?:have|be))\b", re.I)
"""Words of a rule with conditions: whether it holds needs every condition checked, not one clause read."""

# --- plans -------------------------------------------------------------------------------------------------------

TOP_SPEEDS = {"walk": 7, "hike": 7, "trek": 8, "march": 8, "paddle": 15, "row": 20, "swim": 8, "run": 25, "cycle": 50,
              "ride": 60}
"""About the fastest, in km an hour, that people keep up doing these things, by the verb's stem: the world knowledge
a plan's feasibility check uses when the request states no speed ("6 km upstream in five minutes" is no paddle)."""
CAPACITY_LIMIT = re.compile(r"\b(?:only\s+)?(?:seats|holds|takes|fits|sleeps|caps?\s+(?:us|it|them|numbers)\s+at|"
                            r"limit(?:ed)?\s+(?:of|to)|maximum\s+(?:of\s+)?|capacity\s+(?:of\s+|is\s+)?|room\s+for|"
                            r"no more than)\s+(?P<n>\d+)\b", re.I)
"""A stated limit on how many fit ("the room only seats 20", "the licence caps us at 20")."""
PERPETUAL = re.compile(r"\b(?:forever|for ever|never (?:goes out|runs out|stops|wears out|needs \w+)|"
                       r"without ever (?:using|running out|stopping|needing)|perpetual\w*|infinite(?:ly)?)\b", re.I)
"""What nothing does: last forever without using anything up."""

PLAN_LEAD = re.compile(
    r"^.*?\bsteps?\b[^:\n]{0,30}:\s*|"
    r"^[^,;:\n]*?\b(?:plan (?:how )?to|plan for|plan|steps? (?:to|for)|how (?:do i|to|can i|should i)|"
    r"break (?:\w+ )?down(?: into (?:\w+ )?steps)?(?: for)?|decompose|outline|i (?:want|need) to|help me|"
    r"steps needed to)\b\s*:?\s*",
    re.IGNORECASE,
)
"""The words before the goal in a plan request ("Break this down into steps: ..."), within the first clause: "I'll do
the count at noon, but before that I need to pick a spot" keeps its first action."""
STEP_SEPARATOR = re.compile(
    r"\s*(?:;|,(?!\d)\s*(?:and\s+)?(?:then\s+)?|\band then\b|\bthen\b|\bafter that\b|\bafterwards\b|\bfinally\b|"
    r"\bnext\b(?!\s+(?:week|month|year|day|time|morning|afternoon|evening|night|weekend|spring|summer|autumn|fall|"
    r"winter|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)|"
    r"\band\b(?=\s+[a-z]+(?:e|y|t|d|k|n|s|h|w)\b\s)|"
    r"\band\b(?=\s+(?!the\b|a\b|an\b)[a-z]+\s+(?:the|a|an|them|it|its|their|our|your|this|that|these|those|all|"
    r"each|every|my|"
    r"\d+|[a-z]+s)\b)|(?<=[.!])\s+)\s*",
    re.IGNORECASE,
)
"""Where one action ends and the next begins in a request."""
SEQUENCE_WORDS = re.compile(r"\b(?:first(?:ly)?|then|finally|after that|afterwards|next|once|lastly|"
                            r"before (?:any of )?(?:that|this))\b", re.I)
"""Words that order actions ("first register the crew, then pay the fee"): a message of such clauses is a plan."""
GO_FIRST = re.compile(r"^(?:but\s+)?(?:first(?:ly)?|before (?:any of )?(?:that|this|then|all that)|"
                      r"before (?:i|we|you) do (?:that|this|it|so))\b[\s,]*", re.I)
"""A clause that says it comes before the ones written earlier ("..., but first find the card", "but before I do
that, replace the handle")."""
STEP_FILLER = re.compile(r"^(?:first(?:ly)?|next|also|and|but|to|then|finally|after that|afterwards|"
                         r"(?:i|we) (?:have|need|want|must) to)\s+", re.IGNORECASE)
IRREGULAR_PAST = {
    "sold": "sell", "bought": "buy", "built": "build", "rebuilt": "rebuild", "made": "make", "won": "win",
    "held": "hold", "began": "begin", "begun": "begin", "laid": "lay", "found": "find", "left": "leave",
    "took": "take", "taken": "take", "gave": "give", "given": "give", "wrote": "write", "written": "write",
    "ran": "run", "became": "become", "came": "come", "went": "go", "gone": "go", "rose": "rise", "fell": "fall",
    "sank": "sink", "met": "meet", "taught": "teach", "led": "lead", "paid": "pay", "sent": "send", "spent": "spend",
    "kept": "keep", "lost": "lose", "got": "get", "told": "tell", "said": "say", "flew": "fly", "drove": "drive",
    "grew": "grow", "knew": "know", "threw": "throw", "froze": "freeze", "broke": "break", "broken": "break",
    "chose": "choose", "stood": "stand", "struck": "strike", "hung": "hang", "sat": "sit", "bore": "bear",
    "born": "bear", "drew": "draw", "drawn": "draw", "sang": "sing", "sung": "sing", "swam": "swim", "wore": "wear",
    "set": "set", "shot": "shoot", "sunk": "sink", "brought": "bring", "caught": "catch", "grown": "grow",
    "thrown": "throw", "seen": "see", "frozen": "freeze", "chosen": "choose", "spoken": "speak", "stolen": "steal",
    "worn": "wear", "torn": "tear", "sworn": "swear", "read": "read", "run": "run", "rung": "ring", "put": "put",
    "cut": "cut", "shut": "shut", "had": "have", "done": "do", "been": "be", "come": "come", "become": "become",
}
"""Irregular past forms and their base verb, so "sold it" answers "When did she sell it?", and a ``bought`` field
may hold the year it happened in (an event that happens once, written without "-ed")."""
_DEGREES = """longer longest max | shorter shortest min | taller tallest max | higher highest max | lower lowest min |
    heavier heaviest max | lighter lightest min | bigger biggest max | larger largest max | smaller smallest min |
    deeper deepest max | shallower shallowest min | wider widest max | narrower narrowest min | cheaper cheapest min |
    dearer dearest max | warmer warmest max | hotter hottest max | colder coldest min | cooler coolest min |
    faster fastest max | slower slowest min | farther farthest max | further furthest max | nearer nearest min |
    closer closest min | earlier earliest min | later latest max | older oldest old | younger youngest young |
    newer newest young | more_expensive most_expensive max | less_expensive least_expensive min"""
"""Each comparative, its superlative and the figure they ask for (an underscore joins a two-word form)."""
_DEGREE_ROWS = [row.split() for row in _DEGREES.split("|")]
SUPERLATIVES = {superlative.replace("_", " "): way for _, superlative, way in _DEGREE_ROWS} | {
    "most": "max", "fewest": "min", "least": "min"}
"""Superlatives a comparison question asks with ("Which of the three rivers is the shortest?"), and whether they ask
for the largest or the smallest figure. Age words depend on the figure: the oldest has the earliest year but the
largest age. "fastest" and "slowest" compare speeds: over times taken ("finished in 55 seconds") the fastest took the
least."""
COMPARATIVES = {comparative.replace("_", " "): way for comparative, _, way in _DEGREE_ROWS}
"""Comparatives a question between two things asks with ("Which platform is higher?"), as :data:`SUPERLATIVES`."""
SUPERLATIVE_ASKED = re.compile(
    r"^\s*(?:(?:in|at|on|from|of)\s+)?(?:which|what|who|whose)\b.*?\b(?P<word>(?:most|least)\s+expensive|"
    r"(?:more|less)\s+expensive|"
    r"(?:the\s+)?(?:most|fewest|least)\b(?=\s+[a-z]+)|" + "|".join(w for w in [*SUPERLATIVES, *COMPARATIVES]
                                                                  if " " not in w and w not in ("most", "least"))
    + r")\b", re.I)
"""A which/what/who question that asks for the thing with the largest or smallest figure, or the larger or smaller
of two."""

# --- field names: what a key's words say about its value (structured output, tool arguments) ------------

NUMERIC_KEY = re.compile(r"(?:^|_)(?:age|count|number|num|total|amount|price|cost|fee|quantity|qty|year|score|max|min|"
                          r"maximum|minimum|"
                          r"rating|size|length|width|height|weight|duration|days|hours|minutes|percent|percentage|"
                          r"population|people|guests|seats|fatalities|deaths|salary|budget|revenue|distance|speed|"
                          r"temperature|capacity|volume|area|rank|votes|n|attendance|visitors|spectators|turnout|"
                          r"crowd|participants|entries|passengers|residents|inhabitants|members|pages|goals|points|"
                          r"carat|karat|subtotal)"
                          r"(?:$|_|s$)|(?:^|_)(?:charge|surcharge|rent|toll|levy|wage|bill|balance|deposit)s?(?:_due|_owed|_owing|_outstanding)?$")
UNIT_KEY = re.compile(r"_(?:mm|cm|m|km|in|ft|yd|mi|nmi|g|kg|lb|oz|t|ml|l|gal|c|f|k|s|min|h|hrs|pct|eur|usd|gbp|nok|"
                       r"sek|dkk|chf|jpy|months?|weeks?|years|seconds|million|thousand|billion|k)$|"
                       r"(?:^|_)(?:months|weeks|seconds|position|rank|place_number|floor)(?:$|_)")
"""Keys that end in a unit ("altitude_m", "price_eur", "output_million_kg") or a counted span: numbers."""
ORDINAL_KEY = re.compile(r"(?:^|_)(?:position|rank|place|finish|placing|seed|floor)(?:$|_)")
BOOLEAN_KEY = re.compile(r"^(?:is|has|can|should|needs?|requires?|was|were|did|does|allow\w*|include\w*|uses?|contains?)_|"
                          r"(?:^|_)(?:included|available|allowed|required|needed|provided|accepted|permitted|enabled|"
                          r"confirmed|offered|booked|signed|approved|cancelled|canceled|completed|passed|done|ready|"
                          r"checked|fitted|received|returned|agreed|insured|vaccinated|neutered|paid_in_full)$|"
                          r"(?:^|_)(?:eligible|refundable|accessible|licensed|in_stock|on_sale|on_display|own)(?:$|_)")
WHEN_KEY = re.compile(r"(?:^|_)(?:date|time|day|from|until|since)$")
YES_NO_KEY = re.compile(r"(?:^|_)ok$|^ok_|_only$|^(?:owns|wants|uses|brings|accepts|takes|knows|likes|offers|serves|"
                         r"speaks|drives|holds|keeps|happy|willing|keen|likely)_|"
                         r"(?:^|_)(?:urgent|fragile|vegan|vegetarian|halal|kosher|"
                         r"gluten_free|sold_out|overdue|optional|mandatory|confidential)$")
"""More keys that ask yes or no: "flow_ok", "hand_cutting_only", "owns_paddle", "happy_being_handled", "urgent"."""
DONE_TO_SOME = re.compile(r"^[a-z]+[^su]s_(?:returned|received|checked|fitted|booked|completed|signed|confirmed|"
                           r"cancelled|canceled|passed)$")
"""A plural subject and what happened to them ("panels_returned", "forms_signed"): how many, not whether."""
DONE_TO_ONE = re.compile(r"[a-z]+[^s]_(?:[a-z]{3,}ed|paid|done|made|sent|given|taken|seen|held|kept|rung)|"
                          r"(?:[a-z]{3,}ed|taken|given|sent|kept|held)_(?:out|off|up|in|on|over|back|down|away)"
                          r"(?:_[a-z]+)*")
"""One subject and what happened to it ("engineer_called", "refund_requested"), or what was done with it
("taken_out_of_use", "signed_off"): whether it happened."""
TO_DO = re.compile(r"(?:replace|reshape|repair|clean|deliver|install|wrap|renew|service|fit|remove|resize|polish|"
                    r"sharpen|tune|engrave|frame|alter|hem|shorten|lengthen|dye|varnish|paint|recycle|reseal|rewire|"
                    r"restring|reupholster|refit|reline|recover|refill|wash|iron|descale|regrout|reglaze|retip)_"
                    r"(?!(?:.*_)?(?:date|time|day|by|on|at|to|from|for|address|code|name|number|no|id|cost|price|fee)$)"
                    r"[a-z_]+")
"""A job and what it is done to ("reshape_brim", "replace_zip"): whether to do it."""
COUNT_WORD = re.compile(r"(?:^|_)(?:count|number|num|qty|quantity|no|items|people|guests|days|nights)(?:$|_)")
MONEY_KEY = re.compile(r"price|cost|fee|amount|salary|budget|revenue|income|fare|total|paid|payment|balance|spend|"
                        r"deposit|(?:^|_)(?:charge|surcharge|refund|rent|toll|levy|wage|bill)s?$")
PERCENT_KEY = re.compile(r"percent|percentage|pct|share|rate|ratio|proportion|discount|tax|tip|growth|change|abv|"
                          r"(?:^|_)strength(?:$|_)")  # (a drink's strength is its ABV)
YEAR_KEY = re.compile(r"(?:^|(?<!_per)_)(?:year|founded|established|built|born|since)(?:$|_)|(?<!_per)_year$|^year|"
                       r"(?:^|_)(?:opened|launched|published|released|died|discovered|hatched|inaugurated|rebuilt|"
                       r"restored|formed|acquired|first_ascent|elected)$")
"""Numeric fields that hold a year: named "year", or for an event that happens once ("opened", "published")."""
ID_KEY = re.compile(r"(?:^|_)(?:id|ids|ref|reference|number|no|num|code|serial|ticket|invoice|order|licen[cs]e|"
                     r"registration|catalogue|catalog|item|lot|booking|account|phone|tel|commission|notice|report|"
                     r"flight|lock|room|gate|platform|route|bus|line)(?:$|_)(?!of_)")
"""Fields that hold an identifier: the only numeric fields that may take a number written as part of a code."""
PERSON_LIST_KEY = re.compile(r"names|people|persons|members|authors|attendees|guests|players|participants|"
                              r"speakers|artists|students|staff|team|crew|winners|contacts|recipients")
PLACE_LIST_KEY = re.compile(r"cities|countries|places|locations|stops|destinations|ports|venues|towns|regions")
AGENT_NOUN = re.compile(r"[a-z]*(?:keep|own|driv|manag|organi[sz]|win|winn|buy|sell|lead|teach|coach|play|sing|writ|rid|runn|"
                         r"run|walk|farm|bak|fish|garden|build|paint|speak|visit|rent|hik|climb|swimm|cycl|sail|"
                         r"photograph|report|publish|found|design|develop|research|produc|direct|conduct|invent|"
                         r"perform|present|interview|employ|volunteer|travel|borrow|lend|send|receiv|deliver|"
                         r"rescu|guid|skipp|captain|ferryman|operat|supervis|inspect|translat|edit|narrat|"
                         r"compos|illustrat|curat|danc|carv|brew|bowl|ring|row|jump|div|skat|ski|shoot|groom|"
                         r"train|judg|referee)(?:er|or|ar)s?|"
                         r"(?!(?:check|wish|play|short|set|wait|track|black|white|book|price|guest|mailing|reading|"
                         r"shopping|waiting)?lists?$)[a-z]{3,}ists?|"  # "projectionist", "florist", not "checklist"
                         r"(?!(?:vegeta|agra|unita|sectar)rians?$)[a-z]{3,}(?:ic|ar)ians?|[a-z]{4,}eurs?")
# ("musician", "librarian", "carillonneur", "restaurateur"; not "vegetarian")
NOT_AGENTS = frozenset({"order", "orders", "sender_address", "founder_year"})
GENERIC_PERSON = re.compile(r"(?:^|_)(?:name|full_name|first_name|last_name|person|contact|customer|guest|user|"
                             r"sender|recipient|client|passenger|attendee|applicant|student|member|patient|buyer|"
                             r"travell?er|who|author|caller|requester|holder|employee|participant|player|speaker|"
                             r"signatory|tenant|visitor)(?:$|_|s$)")
"""Person fields that any person in the text can fill; other person fields name a role and need its word nearby."""
PLACE_NOUNS = "city town village place location country region county state site venue address where port harbour"
ROLE_VERBS = {"winner": ("won", "wins", "win", "beat", "beats"), "runner": ("ran", "runs"), "seller": ("sold", "sells"),
               "buyer": ("bought", "buys"), "writer": ("wrote", "writes"), "teacher": ("taught", "teaches"),
               "leader": ("led", "leads"), "founder": ("founded",), "builder": ("built",), "maker": ("made",),
               "setter": ("set",), "handler": ("handled", "handles"), "owner": ("owns", "owned")}
"""Role nouns and the verbs that name the role when the noun is not written ("Ingrid Solberg's team won")."""
CAUSE_KEY = re.compile(r"(?:^|_)(?:cause|reason|why)(?:$|_)")
LOCALITY_KEY = re.compile(r"(?:^|_)(?:city|town|village|country|region|county|state|island|province)(?:$|_)")
CREATOR = re.compile(r"(?:^|_)(?:author|artist|composer|writer|painter|photographer|director|architect|designer|"
                      r"creator|maker|sculptor|poet|novelist|illustrator|builder|inventor)(?:$|_)")
VESSEL_WORDS = ("ship", "vessel", "boat", "ferry", "yacht", "ship_name", "vessel_name", "boat_name")
THING_KEY = re.compile(r"(?:^|_)(?:species|breed|variety|crop|product|produce|item|goods|commodity|material|fish|"
                        r"grain|fruit|catch|cargo|ingredient|substance|fuel|wood|fabric|timber|feed|seed|stock)$")
"""Fields that name what a quantity is of ("48 kg of hake" -> species, "1,250 samples of barley" -> crop)."""
KIND_KEY = re.compile(r"(?:^|_)(?:class|category|type|kind|section|event|course|grade|division|genre|style|breed|"
                        r"species|procedure|item|product|model|make|variety|colour|color|material|size)(?:$|_)")
"""Fields for a kind of thing, never for a person's name."""
EVENT_WORDS = {"cancelled": "cancel|called off|off", "canceled": "cancel|called off|off",
                "completed": "complet|finish|done", "done": "done|complet|finish|sorted", "passed": "pass",
                "paid": "paid|pay|settled", "paid_in_full": "paid|pay|settled", "received": "receiv|arrived|got",
                "returned": "return|back", "confirmed": "confirm", "booked": "book|reserv", "signed": "sign",
                "approved": "approv", "fitted": "fit", "checked": "check", "vaccinated": "vaccin|jab",
                "neutered": "neuter|spay|castrat", "agreed": "agree", "insured": "insur"}
"""Key endings that say something happened to the key's subject, and what a clause may say for each ("paid_in_full":
"paid", "settled"): a mention of the subject alone ("Saturday's class") says nothing of ``class_cancelled``; the clause
must say the event itself or what stands for it."""
EVENT_STATE = re.compile(rf"(?:^|_)(?:{'|'.join(EVENT_WORDS)})$")
ROUTE_KEY = re.compile(r"(?:^|_)(?:route|journey|trip|crossing|leg|itinerary)$")
PLACE_KIND = re.compile(r"(?:^|_)(?:tower|church|chapel|cathedral|abbey|temple|mosque|synagogue|hall|theatre|theater|"
                         r"museum|gallery|school|college|hospital|farm|yard|stables?|mill|inn|pub|market|park|garden|"
                         r"beach|lake|river|bridge|castle|quay|pier|dock|camp|ground|stadium|arena|rink|pool|lodge|"
                         r"hut|cabin|loft|workshop|studio|foundry|bakery|brewery|winery|distillery|nursery|parish|"
                         r"estate|library|depot|marina|campsite|resort|spa|cinema|chateau|manor|cottage)$")
"""Fields named for a kind of building or site: a name the text places ("the new ring at Bexley Heath") is where
that building or site is, so a lone placed name may fill one."""
PLAN_LIST_KEY = re.compile(r"(?:^|_)(?:steps|plan|tasks|actions|todo|to_do)(?:$|_)")  # not "plants" nor "transactions"
ATTRIBUTE_KEY = re.compile(r"(?:^|_)(?:priority|urgency|severity|status|state|level|tier|grade|class|mode|size|"
                            r"type|kind|category|difficulty|importance|condition|quality|membership|plan|speed)$")
"""Attribute nouns whose value is written as the word before them ("high priority", "premium membership")."""
MONTH_KEY = re.compile(r"(?:^|_)month$")
ALIAS_KEY = re.compile(r"(?:^|_)(?:nick_?name|alias|byname|known_as|pet_name)s?$")
PARTICIPLE = re.compile(r"[a-z]{3,}ed|paid|done|made|sent|given|taken|seen|won|lost|built|sold|held|kept|filled|"
                         r"signed|fitted|booked|returned")
"""The word of a key that says something happened to its subject ("deposit_*paid*", "form_*filled*_in")."""
SINGULAR_IN_S = re.compile(r"(?:^|_)(?:species|series|news|means|physics|athletics|gymnastics|premises|headquarters|"
                            r"crossroads|barracks|lens|canvas|chassis|bus|gas|iris|atlas|corps)$")
"""Nouns that end in -s and name one thing ("species" is a kind of bird, not a count)."""
EARLIER_KEY = re.compile(r"(?:^|_)(?:previous|prev|old|former|original|earlier|was)(?:_|$)")
"""A field for what a value used to be: ``previous_weight_g``, ``old_price``."""
SPAN_NOUNS = "month|day|date|year|week|night|season|session|lesson|round|stage|stop|station"
"""What a span of time or a route runs through, from its first to its last."""

# --- what a text says about a field's value -----------------------------------------------------------

CLUB_HEAD = re.compile(r"\b(?:Club|Society|AC|FC|RFC|CC|RC|BC|Harriers|Athletic|Athletics|United|Rovers|Wanderers|"
                       r"Striders|Runners|Team)$")
"""The last word of a club's name ("Ambleside AC", "Dunmore Harriers"), as against an event's ("Fell Race")."""
MEMBER_OF = re.compile(r"\b(?:runs? for|running for|plays? for|playing for|rides? for|member of|members of|"
                       r"belongs? to|represents?|representing|with)\s+(?:the\s+)?$", re.I)
"""Words before the name of the club or team someone belongs to ("running for Ambleside AC")."""

UNIT_NAMES = {
    "mm": "millimet(?:re|er)s?", "cm": "centimet(?:re|er)s?", "m": "met(?:re|er)s?", "km": "kilomet(?:re|er)s?|kms?",
    "in": "inch(?:es)?", "ft": "feet|foot", "yd": "yards?", "mi": "miles?", "nmi": "nautical miles?|nm",
    "g": "grams?|grammes?", "kg": "kilos?|kilograms?", "lb": "pounds?|lbs?", "oz": "ounces?", "t": "tonnes?|tons?",
    "ml": "millilit(?:re|er)s?", "cl": "centilit(?:re|er)s?",
    "l": "lit(?:re|er)s?", "gal": "gallons?", "c": "celsius|centigrade|°c",
    "f": "fahrenheit|°f", "k": "kelvin", "s": "seconds?|secs?", "min": "minutes?|mins?", "h": "hours?|hrs?",
    "ct": "carats?|karats?|kt",
}
"""Units of measure by symbol (SI and common imperial), as patterns of their names: "nautical miles" meets a tool's
'nmi', and "500 g" a ``jar_grams`` field."""
UNIT_SIZES = {
    "mg": ("mass", 0.001), "g": ("mass", 1.0), "kg": ("mass", 1000.0), "t": ("mass", 1e6), "oz": ("mass", 28.349523125),
    "lb": ("mass", 453.59237), "mm": ("length", 0.001), "cm": ("length", 0.01), "m": ("length", 1.0),
    "km": ("length", 1000.0), "in": ("length", 0.0254), "ft": ("length", 0.3048), "yd": ("length", 0.9144),
    "mi": ("length", 1609.344), "nmi": ("length", 1852.0), "ml": ("volume", 0.001), "cl": ("volume", 0.01),
    "l": ("volume", 1.0),
    "c": ("temperature", 0.0), "f": ("temperature", 0.0), "k": ("temperature", 0.0),
}
"""Units of mass, length and volume and their size in one base unit, to give a number in the unit a parameter or a
field is named in ("750 grams" to ``kilograms`` is 0.75, "1.1 kg" in ``weight_g`` 1100). Temperature scales are known
but not converted (a ``celsius`` parameter takes no number written in Fahrenheit); time is left to the duration
reader."""
METRIC_UNITS = frozenset("mg g kg t mm cm m km ml cl l".split())
"""The units converted between in a record: metric ones, whose factors are exact ("2.5 kg" is 2500 g); a pound in a
kilogram field would be a rounding the text never made."""
QUANTITY_UNITS = {
    "temperature": r"degrees?|°c?|°f|celsius|fahrenheit", "height": r"met(?:re|er)s?|m|feet|ft|foot|km|cm",
    "altitude": r"met(?:re|er)s?|m|feet|ft", "elevation": r"met(?:re|er)s?|m|feet|ft",
    "depth": r"met(?:re|er)s?|m|feet|ft|cm", "length": r"met(?:re|er)s?|m|feet|ft|km|cm|mm|miles?",
    "distance": r"met(?:re|er)s?|m|km|kilomet(?:re|er)s?|miles?|mi|nautical", "range": r"km|kilomet(?:re|er)s?|miles?|nautical",
    "width": r"met(?:re|er)s?|m|cm|mm|feet|ft", "weight": r"kg|kilos?|kilograms?|g|grams?|tonnes?|tons?|pounds?|lbs?",
    "mass": r"kg|kilos?|kilograms?|g|grams?|tonnes?", "volume": r"lit(?:re|er)s?|l|ml|gallons?",
}
"""Measured quantities and the units they are written in: a ``temperature`` field wants the value in degrees."""
SCALE_WORDS = {"thousand": 1_000, "k": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
"""A key that names a scale holds the number in that scale: ``output_million_kg`` of "2.3 million kg" is 2.3."""
ORDINAL_WORDS = {w: i for i, w in enumerate("first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
                                            "twelfth".split(), 1)}
COLOURS = ("red", "orange", "yellow", "green", "blue", "purple", "violet", "pink", "brown", "black", "white", "grey",
           "gray", "silver", "gold", "golden", "beige", "navy", "turquoise", "teal", "maroon", "cream", "ivory",
           "chestnut", "crimson", "scarlet", "amber", "lilac", "mauve", "magenta", "indigo", "olive", "khaki",
           "burgundy", "emerald", "ochre", "charcoal", "cobalt", "copper", "bronze")
"""The basic colour terms of English (a closed class), for colour fields, and common named shades (a horse's
"chestnut", a "crimson" cover)."""
COLOUR_MODIFIERS = ("dark", "light", "pale", "deep", "bright", "navy", "sky", "royal", "cobalt", "forest", "bottle",
                    "olive", "racing", "jet", "midnight", "lime", "burnt", "dusky", "powder", "sea")
"""Words that make a colour a shade of itself: "cobalt blue", "dark green", "racing green"."""
ID_CUE = re.compile(r"\b(?:no\.?|nos?\.|#|ref\.?|reference|invoice|licen[cs]e|registration|reg\.?|ticket|order|"
                     r"booking|account|serial|phone|tel\.?|telephone|mobile|fax|code|id|item|catalogue|lot|notice|"
                     r"report|flight|policy|case|file|receipt|pin|table|room|platform|gate|court|pitch|lane|bay|hole|page|"
                     r"seat|row|track|plot|stall|berth|cabin|bus|route)\s*(?:number|no\.?)?\s*[:#]?\s*$", re.I)
"""Words that say the number after them is an identifier ("invoice 2027/0417", "licence 508 771", "Phone 01632 ...")."""
ORIGIN_CUE = re.compile(r"\b(?:from|leaves?|leaving|departs?|departing|out of|starting (?:at|in|from))\s+(?:the\s+)?$", re.I)
DESTINATION_CUE = re.compile(r"\b(?:to|arrives? (?:in|at)|arriving (?:in|at)|reach(?:es)?|bound for|towards?|into)\s+"
                              r"(?:the\s+)?$", re.I)
TITLE_CUE = re.compile(r"\b(?:novel|book|film|movie|song|album|play|poem|opera|series|show|painting|title|titled|"
                        r"entitled|called|named)\s+$", re.IGNORECASE)
VESSEL_NOUNS = re.compile(r"(?i:trawler|narrowboat|narrow boat|barge|ship|boat|ferry|yacht|vessel|tug|schooner|ketch|"
                           r"cutter|steamer|liner|tanker|dinghy|sloop|lifeboat|launch|trawlers?|smack|drifter|"
                           r"freighter|clipper|catamaran|houseboat|dredger)")
"""Kinds of vessel: the name after one ("the trawler Girl Annie", "Narrowboat Kestrel Dawn") is a vessel's."""
VESSEL_PREFIXES = ("MV", "MS", "SS", "HMS", "RMS", "MY", "FV", "USS", "HMAS", "RV", "SV")
STREET_HEADS = ("Street", "St", "Road", "Rd", "Avenue", "Ave", "Lane", "Way", "Drive", "Boulevard", "Square", "Rua",
                 "Via", "Calle", "Rue", "Strasse", "Straße", "Gate", "Gata", "Vei", "Veien", "Avenida", "Platz", "Close",
                 "Crescent", "Terrace", "Mews")
AGE_CUE = re.compile(r"\b(?:years? old|year-old|aged|age)\b|^\W*[A-Z][a-z]+(?: [A-Z][a-z]+)*,\s*\S+\s*,?\s*$|"
                      r"\(\s*\S+\s*\)|\bturn(?:s|ed)\b")
NEGATION_BEFORE = re.compile(r"\b(?:not|never|no longer|isn't|aren't|wasn't|weren't)(?:\s+\w+)?\s*$")
"""A denial right before a word ("not *open*", "not fully *open*"): the text says the option does not hold."""
BRINGS_OWN = re.compile(r"\b(?:bring|brings|bringing|has|have|had|got) (?:your|their|his|her|our|my) own\b|\bof (?:my|your|his|her|their|our) own\b|"
                         r"\b(?:they|we|i|you|he|she)(?:'re|'ll|'m| are| will| am| is)?\s+(?:be\s+)?bringing\b", re.I)
"""Having or bringing one's own ("bring your own lunch", "has his own wetsuit", "They're bringing packed lunches")."""
UNDONE = re.compile(r"(?<!-)\b(?:off(?!-)|cancel(?:led|ed|s)?|called off|giving up|gave up|given up|give up|withdrawn|suspended|"
                     r"scrapped|dropped|declined|refused|no longer|until further notice|instead|unless|if)\b", re.I)
"""Words that undo or hold off what a clause mentions: a yes-or-no field is not "yes" by being mentioned there."""
OPPOSITES = {"allowed": ("banned", "prohibited", "forbidden", "not permitted"), "permitted": ("banned", "prohibited",
                                                                                             "forbidden"),
             "open": ("closed", "shut"), "closed": ("open", "reopened"), "available": ("unavailable", "sold out"),
             "present": ("absent", "missing"), "working": ("broken", "out of order"), "paid": ("unpaid",),
             "complete": ("incomplete", "unfinished"), "finished": ("unfinished",), "active": ("inactive",),
             "full": ("empty",), "empty": ("full",), "alive": ("dead",), "occupied": ("vacant", "empty"),
             "vacant": ("occupied",), "locked": ("unlocked",), "online": ("offline",), "indoor": ("outdoor",),
             "outdoor": ("indoor",), "public": ("private",), "private": ("public",),
             "stock": ("sold out", "out of stock"), "eligible": ("ineligible", "deferred", "can't donate"),
             "cancelled": ("going ahead", "goes ahead", "go ahead", "on as planned", "still on"),
             "collect": ("post", "posted", "deliver", "delivered", "send it", "ship")}
"""A boolean field's word and the words that say it does not hold ("is_open" and "closed since Monday")."""
PENDING = re.compile(r"\b(?:to be|yet to|still (?:needs?|has|have|got) to|still to|needs? to|will|going to|"
                      r"pending|awaiting|due to be|not yet)\b", re.I)
"""Cues that an event has not happened yet ("to be paid at the AGM", "I still need to do the licence")."""
SIZE_LETTERS = {"XS": r"extra[\s-]small", "S": "small", "M": "medium", "L": "large", "XL": r"extra[\s-]large"}
"""Clothing size letters and the words that spell them ("a buoyancy aid in large" is size L)."""
SAME_COUNT = {"kids": "children", "kid": "child", "youngsters": "children", "persons": "people", "folk": "people",
               "grown-ups": "adults"}
"""Counted nouns another word usually names: "two kids" fills a ``children`` field."""
DENIED_ONE = re.compile(r"(?:\b(?:not|no|never|without|nor)\b|n't\b)[^.;,]*\b(?:a single|any|one)\s+$", re.I)
"""What comes before a number that names the thing counted, in a clause that denies it ("didn't hit a single 180")."""
STYLE_WORD = re.compile(r"-(?:style|styled|made|built|born|based|themed|era|inspired|type|like|shaped)$", re.I)
"""A capitalised word made an adjective ("Roman-style", "Dutch-built"): it describes a thing, it names none."""
ALIAS_BEFORE = re.compile(r"\b(?:nicknamed|known as|dubbed|also called)\s+['\"“‘]?$")

EARLIER_VALUE = re.compile(r"\b(?:was|were|used to be|previously|formerly|originally|down from|up from)\b[^,;.()]*$", re.I)
"""What a text writes before a value that used to hold: "(she was 940 g when ...", "down from £12"."""
NOT_GIVEN = (r"(?:\s*(?::|is|was|are|has|have|still)\b)*\s*(?:not\s+(?:yet\s+)?(?:been\s+)?(?:booked|set|known|decided|"
              r"confirmed|fixed|arranged|agreed|chosen)|TBC|TBA|to be (?:confirmed|arranged|decided|announced|agreed)|"
              r"unknown)\b")
"""What a text writes after a field's name when the value is not known yet: "Test date not booked yet", "fee TBC"."""

# --- tool requests and their parameters (tool choice and argument filling, :mod:`.toolargs`) -------------

CLAUSE_BREAK = re.compile(
    r"\s*(?:;|\band then\b|\bthen\b|\balso\b|\band\b(?=\s+(?:what|how|find|get|search|look|calculate|compute|"
    r"convert|check|tell|send|book|reserve|add|set|create|translate|schedule|remind)\b)|(?<=[.?!])\s+)\s*", re.I)
EXPLICIT_USE = re.compile(r"\b(?:us(?:e|ing)|call(?:ing)?|with|via|through|run(?:ning)?)\s+(?:the\s+|your\s+|a\s+)?"
                          r"(?P<name>[\w-]+(?:\s+[\w-]+)?)?\s*(?:tool|function|api)?\b", re.I)
GENERIC_TOOL = re.compile(r"\b(?:the|a|your)\s+(?:\w+\s+)?(?:tool|function|api)\b", re.I)
MATH_TOOL = re.compile(r"\b(?:calc\w*|math\w*|arithmetic|comput\w*|expressions?|evaluat\w*|add|adds|sum|plus|"
                       r"subtract\w*|minus|multipl\w*|product|divi\w*|quotient|power|exponent\w*|sqrt|square\w*)\b",
                       re.I)
OPERATIONS = {
    "+": r"add|sum|plus|total",
    "-": r"subtract|minus|difference|deduct|take\w* \S+ away|take\w* away",
    "*": r"multipl|product|times",
    "/": r"divi|quotient|ratio|split",
    "^": r"power|exponent|raise",
}
"""Arithmetic operators and the words a tool's name or description uses for them."""
POSITIONAL_NAMES = re.compile(r"^(?:[a-z]|[a-z]?\d|num\d?|number\d?|n\d?|x\d?|y\d?|first|second|left|right|lhs|rhs|"
                              r"operand\d?|value\d?|base|exponent|dividend|divisor|minuend|subtrahend|addend\d?|"
                              r"factor\d?|term\d?|numerator|denominator)$")
"""Numeric parameters that take numbers in the order the request writes them (no cue word names them)."""
MESSAGE_PARAM = re.compile(r"^(?:text|message|msg|body|content|note|reminder|task|title|description|comment|"
                           r"subject|caption|sentence|phrase)$")
SHORT_TEXT_PARAM = re.compile(r"^(?:title|subject|caption|headline|name)$")
"""Text parameters that hold a few words, never the whole request."""
RECIPIENT_PARAM = re.compile(r"^(?:to|recipients?|to_address|email|email_address|address|send_to)$")
FROM_PARAM = re.compile(r"^(?:from|source|src|origin|input|start)(?:_\w+)?$|_from$")
TO_PARAM = re.compile(r"^(?:to|target|dest|destination|output|end)(?:_\w+)?$|_to$")
UNDOING = re.compile(r"^\s*(?:please\s+)?(?:(?:can|could|would|will) you\s+)?(?:(?:please|kindly)\s+)?"
                     r"(?:(?:i|we)(?:'d| would)? (?:like|want|need|wish) to\s+)?"
                     r"(cancel\w*|delet\w*|remov\w*|refund\w*|undo\w*|unsubscrib\w*|revok\w*|withdraw\w*|unbook\w*|"
                     r"rescind\w*|revers\w*|return(?:s|ing)? (?:my|the|our)\b)", re.I)
"""Requests to undo something ("cancel my booking", "delete the note"), as the request's own action (not a word of a
message: "Let the choir know rehearsal is cancelled"): only a tool that says it undoes fits them; the tool that made
the booking shares its words but does the opposite."""
REQUEST_MARK = re.compile(r"\?|\bplease\b|\b(?:can|could|would|will) you\b|\b(?:i|we)(?:'d| would) like\b|"
                          r"\b(?:i|we) (?:want|need|wish)\b|\blet me\b|^\s*(?:how|what|which|who|when|where|why|is|are|"
                          r"do|does|can|could|should)\b", re.I)
"""What marks a clause as asking for something: a question, "please", "I'd like", "could you"."""
STATEMENT = re.compile(r"^\s*(?:the|a|an|my|our|this|that|it)?\s*[\w' -]{0,40}?\b(?:is|are|was|were|costs|runs|"
                       r"sells|weighs|measures|holds)\b", re.I)
"""A clause that states a fact ("Mackerel is £3.30 a kilo", "The furnace runs at 1,150 °C"): given data for the
rest of the request, not a request of its own."""
DESCRIBING = re.compile(r"^\s*(?:the|this|that|these|those|my|our|their|his|her|its)\s+[\w'-]+(?:\s+[\w'-]+){0,3}\s+"
                        r"[a-z]+(?:s|ed)\b", re.I)
"""A sentence that opens on a determiner and a noun and goes on with a verb ("The ferry from Oslo leaves at 08:00"):
a description, never an imperative."""
ACTION_VERBS = re.compile(r"^(?:book|order|buy|purchase|rent|hire|reserve|send|cancel|create|delete|remove|register|"
                          r"ship|pay|transfer|schedule|post|publish|subscribe|sign|enrol|enroll|invite|assign|set|"
                          r"update|submit|start|stop|put)$")
"""Verbs a tool's name opens with when the tool does something rather than looks something up."""
INFO_QUESTION = re.compile(r"^\s*(?:what|what's|which|who|whom|whose|when|where|why|is there|are there)\b", re.I)
"""A question after information ("What is the baggage allowance on my flight?"): it asks for no action."""
PARAMETER_ADJECTIVES = {"width": "wide", "length": "long", "height": "high|tall", "depth": "deep", "thickness": "thick",
                   "weight": "heavy", "diameter": "across|in diameter"}
"""A measured parameter's adjective: ``width_cm`` takes the number written "130 cm wide", ``length_cm`` "180 cm long"."""
ARGUMENT_NEGATION = re.compile(r"\b(?:not|no|without|never|don't|do not|doesn't|won't|skip|exclud\w*|instead of)\b|"
                      r"\bnon-?$", re.I)
TARGET_CUE = re.compile(r"\b(?:to|into|in|as|how many|how much)\s+(?:the\s+|a\s+)?$", re.I)
SOURCE_CUE = re.compile(r"(?:\bfrom\s+(?:the\s+|a\s+)?|\d\s*|\bon\s+(?:the\s+)?|\bis\s+(?:a\s+|an\s+|the\s+)?)$", re.I)
