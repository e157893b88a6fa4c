"""Structured output: fill a JSON schema (or a list of requested keys) with typed values read from a text, and say
which fields were really found.

This is what ``with_structured_output`` and JSON extraction need from a model: for each field, a value of the
field's type taken from the text, or nothing. The offline model decides how to fill a field from its name, type,
description and format, the same cues a real model reads:

- numbers, money, percentages, years, dates, clock times and durations come from :mod:`.values`; each numeric
  field gets the quantity whose surrounding words match the field (``fatalities`` -> "killed about 71,000 people",
  never the year 1815), its acronym (``vei`` -> "Volcanic Explosivity Index of 7") or its kind (``year`` -> 1815),
  and no quantity serves two fields;
- people, places and organisations are proper names typed by their cues (:func:`.values.entities`); a role field
  (``keeper``, ``winner``) takes the person its word or verb names ("X beat Y": X won; "owned by Y"), a country is
  the place named last ("Porto, Portugal", "Tampere in Finland"), and "X & Y" is one name;
- emails, phone numbers and URLs are matched by pattern; ``enum`` fields are classified against their values;
- nested objects are filled recursively, lists item by item (cut at commas and "and", a heading before the list is
  no item, an item named in lower case keeps its words: "soup of the day £5.50"), and a field the text does not
  mention is ``None``.

The one rule: **a short or typed field never receives a sentence.** Free-text fields (``summary``, ``description``,
``notes``...) may hold a sentence; every other string field holds a value of a few words, or ``None``. What was found
is reported in an :class:`Extraction` (``found``, ``missing_required``, ``support``), so the caller can null a
field or decline honestly instead of inventing one.

Abstention comes before cleverness; a field stays empty rather than take a value the text does not tie to it:

- a number written as an identifier (inside a code such as "HX-207" or "PZ 1127", a phone number, after "invoice",
  "licence", "ref"...) fills only an identifier field, never a count, a length or a price;
- a year field (``year``, ``founded``, ``opened``...) takes a year or a date's year, never "One" or 12; a number in
  another unit never fills a field named for its unit ("30 miles" is no ``finish_hours``);
- weekdays, labels ("Bolts replaced: 14") and the letters of a code are no names; a place field takes a name of
  unknown kind only where a place stands (after "in", "from", "to"...), never a sentence's subject; a qualified
  place field (``sender_city``) of several places and no cue stays empty; an enum option is named only as a whole
  word ("off-peak" is not "peak");
- a day, a time or a list goes to the field whose own word labels it ("closed on Mondays", "closes at 16:00",
  "Guided tours start at 11:00 and 3 pm"), one written list serves one field, and a value another field's word
  labels is not this field's;
- a slashed date that could be read either way ("12/02/2027") counts only as the text confirms it ("(12 February)");
  a code field with several codes and none beside its word stays empty;
- the lone-name rule (one name left for one field) fills only required fields, never an ``Optional`` one, and never
  with a possessive subject ("Mrs Halloran's clock stopped").

>>> schema = {"type": "object", "properties": {"volcano": {"type": "string"}, "year": {"type": "integer"},
...           "vei": {"type": "integer"}, "fatalities": {"type": "integer"}}}
>>> fill_schema(schema, "The 1815 eruption of Mount Tambora had a Volcanic Explosivity Index of 7 and killed "
...             "about 71,000 people.", FieldSkills())
{'volcano': 'Mount Tambora', 'year': 1815, 'vei': 7, 'fatalities': 71000}

Left out: values that need world knowledge (a country from a city), coreference ("she" -> "Ada"), units converted
other than time, and free-text fields beyond the best-matching sentence. Lower-case common nouns are read only
where a pattern ties them to the field (the thing "48 kg of" measures, a word right beside the field's own name, a
colour word, a written list), so "a longcase clock", "cotton paper" or "the case is oak" mostly leave their fields
empty; a name that opens a sentence with no cue ("Galway recorded ...") is not placed, and names are only as good as
:func:`.values.entities` finds them (a lower-case or sentence-initial name is often missed). An enum described
rather than named is left to the classifier, and taken only when it is clearly sure. A field left empty that the
schema requires makes the caller decline (see :func:`.calling.structured_call`): the model says which fields the
text does not give rather than invent them.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from labkit.llm.offline import cues
from labkit.llm.offline.arithmetic import find_expression
from labkit.llm.offline.text import STOPWORDS, SentenceScorer, content_words, split_sentences, stem
from labkit.llm.offline.values import (COMMON_CAPITALISED, DURATION_UNITS, HONORIFICS, MONTHS, PERIOD_AFTER_YEAR,
                                      PLACE_PREPOSITIONS, WEEKDAYS,
                                      Value, extract, longest_run, minutes_between, parse_number, unit_symbol)

Similarity = Callable[[str, list[str]], list[float]]

ENUM_CONFIDENCE = 0.75
"""An enum field the text does not name takes the classifier's pick only this sure (clear picks score 0.84-0.99 with
the bundled encoder, near ties 0.45-0.6); below it the field is left empty."""

# --- what field names mean (general English; audited here, next to the filler that reads them) ---------------------

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"https?://[^\s)>\]]+|\bwww\.[\w-]+(?:\.[\w-]+)+[^\s)>\]]*")
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b|\b\d{5}(?:-\d{4})?\b(?!\s*(?:[a-z]|\d))")
"""A UK postcode ("LD3 7BT") or a US ZIP code ("02139", "02139-4307")."""
PHONE = re.compile(r"(?<!\w)(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d{2,5}[\s.-]\d{2,4}(?:[\s.-]\d{2,4}){0,3}(?!\w)")
_QUERY_LEAD = re.compile(
    r"^\s*(?:please\s+)?(?:can you\s+|could you\s+)?(?:search(?: the web| online)?(?: for)?|look up|find(?: out)?|"
    r"google|tell me|what is|what's|who is|get(?: me)?|fetch|show me)\s+(?:about\s+|for\s+)?",
    re.IGNORECASE,
)
QUOTED = re.compile(r"(?<!\w)[\"“‘']((?:[^\"”’'\n]|(?<=s)['’](?=\s+[A-Z])){2,80}?)(?:[\"”]|(?<!s)['’]|['’](?!\s+[A-Z]))(?!\w)")
"""Text in quotation marks; an apostrophe inside a word ("I'll", "Maria's") or closing a plural possessive before a
name ("Beginners' Walling Weekend") opens or closes no quotation."""
_CONTRACTION = re.compile(r"(?i:what|that|it|here|there|who|where|how|let|he|she|this)['’]s\b")
""""What's", "it's": a verb contracted onto a word, not a possessive."""
_ROLE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # (role, field-name pattern), checked in order; the first match decides how a string field is filled
    ("email", re.compile(r"e-?mail")),
    ("phone", re.compile(r"(?:^|_)(?:phone|telephone|mobile|cell|fax)(?:$|_)|phone_?n|(?:^|_)tel$")),  # not "hotel",
    # "saxophone"
    ("url", re.compile(r"(?:^|_)(?:url|link|website|homepage|href|web|site_url)s?(?:$|_)")),  # not "curl"
    ("postcode", re.compile(r"(?:^|_)(?:post_?code|postal_code|zip|zip_code|zipcode)(?:$|_)")),
    ("place", re.compile(r"(?:^|_)(?:port|harbou?r)s?(?:$|_)|city|town|station|airport|country|venue|destination|"
                         r"origin")),  # (not "transport", "passport", "report")
    ("time", re.compile(r"(?:^|_)(?:time|clock|hour|start_time|end_time|starts_at|ends_at)(?:$|_)")),
    ("when", re.compile(r"(?:^|_)(?:departs?|departure|arrives?|arrival|lands?|landing|leaves?|opens?|opening|closes?|"
                        r"closing|starts?|begins?|ends?|finishes|meets?|kick_?off|sunrise|sunset|high_tide|"
                        r"low_tide|check_?in|check_?out|pickup|pick_up|drop_?off|due)$")),
    ("date", re.compile(r"(?:^|_)(?:date|dates|deadline|birthday|birthdate|dob|day|when)(?:$|_)|_at$|_on$")),
    # (not "candidate", "update", "on_sale")
    ("duration", re.compile(r"duration|how_long|length_(?:minutes|hours|days)|(?:^|_)(?:minutes|hours|days)$")),
    ("expression", re.compile(r"expression|formula|equation|calculation")),
    ("query", re.compile(r"query|search|question|topic|keywords?$|search_terms?")),
    ("street", re.compile(r"street|road|address")),
    ("person", re.compile(r"(?:^|_)(?:name|full_name|first_name|last_name|person|author|sender|recipient|customer|"
                          r"user|contact|guest|owner|manager|captain|player|speaker|artist|composer|writer|"
                          r"director|conductor|leader|founder|driver|pilot|doctor|teacher|student|who|president|"
                          r"chair(?!s$)|chairman|chairwoman|ceo|head|mayor|coach|winner|host|organi[sz]er|chef|editor|"
                          r"inventor|architect|designer|singer|actor|actress|poet|painter|scientist|researcher|"
                          r"employee|member|parent|mother|father|friend|patient|client|buyer|seller|passenger|"
                          r"travell?er|attendee|tenant|landlord|instructor|coordinator|candidate|officer|agent|"
                          r"representative|spokesperson|narrator|character|reporter|witness|victim|suspect|"
                          r"holder|applicant|reviewer|assignee|requester|caller|signatory|warden|ranger|guard|"
                          r"steward|clerk|nurse|judge|priest|vicar|surgeon|dentist|vet|lawyer|tutor|mentor|"
                          r"referee|umpire|skipper|crew|staff|hostess|receptionist|cashier|janitor|caretaker|"
                          r"lead|booker)"
                          r"(?:$|_|s$)")),
    ("place", re.compile(r"city|town|village|(?:^|_)location|place|country|destination|origin|where|venue|(?:^|_)site$|"
                         r"region|(?:^|_)state(?:$|_)|station|airport|restaurant|hotel|^from_|^to_|island|county")),
    ("organisation", re.compile(r"(?:^|_)(?:company|companies|organi[sz]ations?|orgs?|employers?|clubs?|teams?|brands?|"
                                r"publishers?|institutions?|universit(?:y|ies)|schools?|firms?|agenc(?:y|ies)|bands?|"
                                r"orchestras?|airlines?|operators?|suppliers?|vendors?|manufacturers?|retailers?|"
                                r"wholesalers?|dealers?|shops?|stores?|groups?|societ(?:y|ies)|associations?|guilds?|"
                                r"choirs?|unions?|charit(?:y|ies))(?:$|_)")),  # whole words: not "husband", "steam"
    ("currency", re.compile(r"currency")),
    ("colour", re.compile(r"colou?r")),
    ("code", re.compile(r"(?:^|_)(?:code|id|ref|reference|flight|flight_number|plate|sku|serial|ticket|booking_ref|"
                        r"order_number|tracking|registration|reg|licen[cs]e|catalogue|catalog|callsign|no|num)"
                        r"(?:$|_)")),
    ("judgement", re.compile(r"sentiment|category|label|class(?:ification)?$|priority|intent|(?:^|_)tone$|mood|urgency|"
                             r"severity|verdict|stance|polarity|emotion")),
    ("title", re.compile(r"title|subject|headline")),
    ("summary", re.compile(r"(?:^|_)(?:summary|tldr|gist|abstract)(?:$|_)")),  # not "registration"
    ("answer", re.compile(r"^(?:answer|response|reply)$")),
    ("free_text", re.compile(r"description|notes$|comments?$|details|reason|explanation|message|(?:^|_)text$|content|body|"
                             r"review|feedback|bio|excerpt|quote|instructions|remarks|justification|rationale")),
]
_PATTERN_ROLES = ("email", "phone", "url", "postcode", "code", "date", "time", "when")
"""Roles read by an exact pattern; their fields claim their spans before fields that read names."""
_CODE_SPANS = [re.compile(p) for p in (
    r"(?<![\w.,$€£])\d{3,5}(?:[ -]\d{3,6}){1,3}(?!\w|[.,]\d)", r"\b[A-Z]{1,4}[- ]?\d+[A-Z0-9-]*", r"\b\d+(?:/[A-Z0-9]+)+\b",
    r"\b\d+-[A-Z][A-Z0-9]*\b", r"#\s?\d+", r"\b[A-Z][a-z]+ \d+\b(?![.,:]?\d)")]
"""Numbers written as codes: "HX-207", "PZ 1127", "2027/0417", "31/B", "#5521", "01632 960418", "Vardfjell 300"."""
_WEEKDAY_OR_MONTH = re.compile(rf"(?i:(?:{'|'.join(WEEKDAYS + MONTHS)})s?|today|tomorrow|tonight|yesterday)")
_FROM_SOMETHING_IN = re.compile(r"\bfrom\s+(?:[a-z]+\s+){1,4}(?:in|at)\s+$")
"""An origin written through what is there: "from a gene bank in Addis Ababa"."""
_AFTER_PLACE_PREPOSITION = re.compile(rf"\b(?:{'|'.join(PLACE_PREPOSITIONS)}|on)\s+(?:the\s+)?$", re.IGNORECASE)
_PLACED = re.compile(r"\b(?:in|at|near|from|to|into)\s+(?:the\s+)?$", re.IGNORECASE)
_TIME_UNIT = re.compile(r"(?:second|minute|hour|day|night|week|month|year)s?")
_PLACE_NAME = r"(?!(?:The|A|An|This|That|On|In|At|From|To)\b)[A-Z][\w'-]*(?:\s+(?:[A-Z][\w'-]*|upon|on|de|la|le))*"
_ROUTE = re.compile(rf"(?:\bfrom\s+)?({_PLACE_NAME})\s+(?:to|-|–|→)\s+({_PLACE_NAME})")
"""A route written as its two ends: "Southsea to Ryde", "from Oban to Mull"."""


@dataclass
class FieldSkills:
    """The model's other skills, lent to the filler (all optional; without them the filler is lexical only).

    ``similarity(query, texts)`` scores texts against a query (embeddings); it matches fields to values whose
    words differ ("fatalities" and "killed").
    """

    classify: Callable[[str, list[str]], tuple[str, float]] | None = None
    answer: Callable[[str], str | None] | None = None
    summarize: Callable[[str], str] | None = None
    plan: Callable[[str], list[str]] | None = None
    similarity: Similarity | None = None


@dataclass
class Extraction:
    """Filled values, and which fields the text really supplied.

    ``found`` maps each field path (``"address.city"``) to whether a value of its type was read from the text;
    ``missing_required`` lists the required paths that were not. ``support`` is the share of required fields found
    (1.0 when nothing is required and something was found).
    """

    values: dict[str, Any]
    found: dict[str, bool] = field(default_factory=dict)
    required: list[str] = field(default_factory=list)
    nullable: set[str] = field(default_factory=set)
    """Paths whose schema allows null (``Optional``), at any depth."""
    kinds: dict[str, str] = field(default_factory=dict)
    """Each field path's JSON type, as given or as read from its name and the text (``"has_parking"`` ->
    ``"boolean"``)."""
    said_unknown: set[str] = field(default_factory=set)
    """Paths the text says are not known yet ("Test date not booked yet", "fee TBC"): their null is a reading of
    the text, not a gap in it."""

    @property
    def missing_required(self) -> list[str]:
        return [path for path in self.required if not self.found.get(path)]

    @property
    def missing_values(self) -> list[str]:
        """Required paths, at any depth (``members[1].instrument``), that were not found and may not be null: a
        record cannot be returned without them."""
        return [path for path in self.missing_required if path not in self.nullable]

    @property
    def unknown_yes_no(self) -> list[str]:
        """Yes-or-no fields the text did not settle. Their null would read as "no" to most code that reads the record,
        so a caller that was not told null is allowed should say so instead of handing one over."""
        return [path for path, kind in self.kinds.items() if kind == "boolean" and not self.found.get(path)]

    @property
    def support(self) -> float:
        if self.required:
            return 1 - len(self.missing_required) / len(self.required)
        return 1.0 if any(self.found.values()) else 0.0


# --- schema plumbing ------------------------------------------------------------------------------------------------


def _resolve(prop: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """A property with ``$ref`` followed and ``anyOf: [X, null]`` (Optional) reduced to X."""
    if "$ref" in prop:
        prop = {**defs.get(prop["$ref"].split("/")[-1], {}), **{k: v for k, v in prop.items() if k != "$ref"}}
    for key in ("anyOf", "oneOf"):
        if key in prop:
            options = [p for p in prop[key] if p.get("type") != "null"]
            if options:
                return {**_resolve(options[0], defs), **{k: v for k, v in prop.items() if k != key}}
    if isinstance(prop.get("type"), list):  # {"type": ["string", "null"]}
        kinds = [t for t in prop["type"] if t != "null"]
        prop = {**prop, "type": kinds[0] if kinds else "string"}
    return prop


def guess_type(key: str) -> str:
    """A JSON type for a key asked for by name only (no schema): ``age`` is a number, ``is_urgent`` a boolean.

    >>> guess_type("age"), guess_type("is_urgent"), guess_type("city"), guess_type("attendees"), guess_type("dates")
    ('number', 'boolean', 'string', 'array', 'array')
    >>> guess_type("urgent"), guess_type("flow_ok"), guess_type("engineer_called"), guess_type("panels_returned")
    ('boolean', 'boolean', 'boolean', 'number')
    >>> guess_type("reshape_brim"), guess_type("deliver_to"), guess_type("polish_cost")
    ('boolean', 'string', 'number')
    """
    name = _snake(key)
    if cues.DONE_TO_SOME.fullmatch(name):
        return "number"
    if (cues.BOOLEAN_KEY.search(name) or cues.YES_NO_KEY.search(name)) and not cues.WHEN_KEY.search(name):  # ("next_eligible_date"
        return "boolean"  # is a date)
    if cues.PERSON_LIST_KEY.fullmatch(name) or cues.PLACE_LIST_KEY.fullmatch(name) or name in ("steps", "tags", "items"):
        return "array"
    if re.search(r"(?:^|_)(?:dates|times|days)$", name):
        return "array"  # "dates", "show_times": several of them
    if cues.NUMERIC_KEY.search(name) or cues.YEAR_KEY.search(name) or cues.UNIT_KEY.search(name):
        return "number"
    return "boolean" if cues.DONE_TO_ONE.fullmatch(name) or cues.TO_DO.fullmatch(name) else "string"


def _snake(key: str) -> str:
    """``departureTime`` / ``Departure Time`` -> ``departure_time``."""
    return re.sub(r"[\s-]+", "_", re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", key.strip())).lower()


def role_of(key: str, prop: dict[str, Any]) -> str:
    """How a string field is filled, from its format, name and description.

    >>> [role_of(k, {}) for k in ["email", "departure_time", "city", "full_name", "notes", "volcano"]]
    ['email', 'time', 'place', 'person', 'free_text', 'value']
    """
    fmt = prop.get("format", "")
    if fmt in ("date", "date-time"):
        return "date"
    if fmt == "time":
        return "time"
    if fmt == "email":
        return "email"
    if fmt in ("uri", "url"):
        return "url"
    name = _snake(key)
    if cues.AGENT_NOUN.fullmatch(name) and name not in cues.NOT_AGENTS:
        return "person"  # "keeper", "organiser", "winner": someone who does something
    qualifier = re.match(r"(.+?)_?name$", name)
    if qualifier and qualifier.group(1) not in ("first", "last", "full", "given", "family", "middle", "user", "sur"):
        name = qualifier.group(1)  # "club_name" is a club, "ship_name" a ship: the qualifier says what is named
        if not any(p.search(name) for r, p in _ROLE_PATTERNS if r in ("person", "place", "organisation")):
            return "value"
    head = name.rsplit("_", 1)[-1]
    if head != name and re.fullmatch(r"[a-z]{3,}[^su]s", head) and not any(p.search(head) for _, p in _ROLE_PATTERNS):
        return "value"  # "club_finds" is the club's finds, counted or listed: its last word is what it holds
    for role, pattern in _ROLE_PATTERNS:
        if pattern.search(name):
            return role
    description = prop.get("description", "").lower()
    for role, cue in (("person", r"\b(?:person|who|full name|name of the (?:person|author|guest|customer))\b"),
                      ("place", r"\b(?:city|place|location|country|where)\b"), ("date", r"\bdate\b"),
                      ("time", r"\btime of day\b|\bclock time\b")):
        if re.search(cue, description):
            return role
    return "value"


# --- a value written next to its field's own name ------------------------------------------------------------------

_CODE_TOKEN = r"(?-i:[A-Z]{2}\d{2}\s?[A-Z]{3}\b|[A-Z0-9]{1,4}-[A-Z0-9]*[A-Z][A-Z0-9]*\b|(?:[A-Z]{1,4}(?:[ -]|\.(?=\d))?)?\d+(?:[A-Z0-9-]*[A-Z0-9])?(?:[/.]\d+)*\b|[A-Z]{2,6}\b|[A-Z](?![\w'’]))"
"""A short code: digits with an optional letter prefix and suffix ("D7", "12B", "LX 1270", "A-113", "2027/118",
"T.1987.22"), a short
upper-case word ("AAPL") or one capital letter ("zone B")."""
_NAMED_SEPARATOR = r"\s*(?:[:=]|\bis\b|\bwas\b|\bof\b|\bnumber\b|\bno\.|#|\bset to\b|\bmarked(?: as)?\b)?\s*"
_NOT_QUALIFIER = frozenset(STOPWORDS | {"new", "same", "other", "next", "last", "first", "whole", "one", "two",
                                        "three", "four", "five", "several", "many", "few", "each", "every"})
"""Words before a field's name that do not say which value it has ("the priority", "a new ticket")."""


def _field_words(key: str) -> str:
    """The field's name as it would be written in a text: ``departure_gate`` -> ``departure[ _-]gate``, with a
    plural allowed."""
    words = [re.escape(w) for w in _snake(key).split("_") if w]
    return r"[\s_-]+".join(words) + r"(?:e?s)?" if words else r"(?!)"


_PROPER_NAME = r"((?-i:[A-Z][\w'’-]+)(?:\s+(?:(?:of|de|van|von|da|du|la|le)\s+)?(?-i:[A-Z][\w'’-]+))*)"
"""A proper name as written: capitalised words, with a particle between them ("Gunnar of Hlidarendi")."""


def named_value(key: str, text: str, options: list[str] | None = None) -> str | None:
    """The value a text writes right next to the field's own name: "priority: high", "gate D7", "with the subject
    'Lunch'", and for an attribute noun or an enum the word before it ("high priority"). ``options`` (an enum's
    values) restricts what counts; None when the name is not written with a value beside it.

    >>> named_value("priority", "This is high priority."), named_value("gate", "It boards at gate D7 at 14:25.")
    ('high', 'D7')
    >>> named_value("subject", "Email Ann with the subject 'Lunch' saying hi."), named_value("status", "Status: shipped")
    ('Lunch', 'shipped')
    >>> named_value("priority", "Mark it urgent.", ["low", "high"]) is None
    True
    >>> named_value("log_number", "Firing log 27: the gas kiln ..."), named_value("kiln_type", "the gas kiln reached")
    ('27', 'gas')
    >>> named_value("routine_length", "Team: Riverside Ravens\\nRoutine length: 2:30\\nMusic licence: yes")
    '2:30'
    """
    snake = _snake(key)
    head = re.match(r"(?P<noun>[a-z]+)_(?:(?P<code>number|no|num|id|code|ref)|(?P<sort>type|kind|variety|style|model))$",
                    snake)
    names = [_field_words(key)]
    if head and head.group("code"):
        names.append(_field_words(head.group("noun")))  # log_number: "log 27"
    name = "|".join(f"(?:{n})" for n in names)
    if len(snake) < 3:
        return None
    candidates: list[str] = []
    for m in re.finditer(rf"\b(?:{name})\b{_NAMED_SEPARATOR}", text, re.I):
        if m.group(0)[:1].isupper() and re.search(r"\b[A-Z][\w'’-]*[ \t]+$", text[: m.start()]):
            continue  # "Hatherley Bakery is open": the field's word closes a proper name, nothing follows it as a value
        rest = text[m.end():]
        if re.search(r"\b(?:is|was)\s*$", m.group(0)):
            rest = re.sub(r"^(?:still|now|also|currently|usually|always|already|just)\s+", "", rest)  # "reg is still KV19 PLM"
        quoted = QUOTED.match(rest)
        code = re.match(_CODE_TOKEN, rest)
        if code and code.group(0).isdigit() and re.search(r"\bof\s*$", m.group(0)):
            code = None  # "a log cabin pattern of 64 blocks": a count of something, not the pattern
        if code and re.fullmatch(r"[A-Z]", code.group(0)) and (more := re.match(r"[A-Z]\s+([a-z]+)", rest)) and \
                more.group(1) not in STOPWORDS:
            code = None  # "note E flat": a letter that a word goes on qualifying is not the whole value
        after_colon = re.match(r"([\w'-]+(?: [\w'-]+){0,3}?)\s*(?:[.,;!?()\n]|$)", rest) if ":" in m.group(0) else None
        # ("Bike: Honda CB500F (reg YA21 KTF)")
        line = re.match(r"[ \t]*([^\n(),;]{1,40}?)[ \t.]*(?:\n|$)", rest) if ":" in m.group(0) and re.search(
            r"(?:^|\n)[ \t]*(?:[-*•][ \t]*)?$", text[: m.start()]) else None  # a form's line: "Routine length: 2:30"
        stated = re.search(r"\b(?:is|was|set to|marked)\b", m.group(0))
        word = re.match(r"([a-z][\w-]*)\b", rest) if stated else None
        if word and re.match(r"[a-z]+(?:ed|en|ing)\s+(?:by|with|from|for|to|in|at|on|every|until)\b", rest):
            word = None  # "the Baldy Peak tower is staffed by ...": a verb, not the tower's value
        proper = re.match(_PROPER_NAME, rest) if stated else None  # "her third husband was Gunnar of Hlidarendi"
        for found in (line, quoted, code, after_colon, word, proper):  # (a form line's whole plain value first)
            if found and (found is quoted or found.group(0).split()[0].lower() not in STOPWORDS or found is code and
                          re.fullmatch(r"[A-Z]", found.group(0)) and not re.match(r"[A-Z]\s+\w", rest)):
                # ("grade A)": a capital letter no word follows is the value, not the article)
                candidates.append(found.group(1) if found.groups() else found.group(0))
                break
    if head and head.group("sort"):
        name = _field_words(head.group("noun"))  # kiln_type: "the gas kiln"
    if options is not None or cues.ATTRIBUTE_KEY.search(snake) or head and head.group("sort"):
        for m in re.finditer(rf"\b([a-z][a-z-]+)\s+(?:{name})\b", text, re.I):  # "high priority", "premium plan"
            if m.group(1).lower() not in _NOT_QUALIFIER and m.group(1).islower():
                candidates.append(m.group(1))
    for value in candidates:
        value = value.strip().rstrip(".,;")
        if options is None:
            return value or None
        match = next((o for o in options if str(o).lower() == value.lower()), None)
        if match is not None:
            return match
    return None


# --- the filler -----------------------------------------------------------------------------------------------------


class _Filler:
    """Fills one schema from one text. Holds the values read once, and the spans fields have already claimed, so no
    quantity or name serves two fields."""

    def __init__(self, text: str, skills: FieldSkills, defs: dict[str, Any], record: bool = False):
        self.text, self.skills, self.defs = text, skills, defs
        self.record = record
        """Whether the text is one item of a list ("Ana Ruiz (violin, 34)"): there, the words no other field took
        are this item's remaining value."""
        self.values = extract(text)
        lead = re.match(r"\s*(?:and\s+)?([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*)", text) if record else None
        self.lead = lead.start(1) if lead else -1
        if lead and lead.group(1).split()[0].lower() not in COMMON_CAPITALISED and not any(
                v.start < lead.end(1) and v.end > lead.start(1) for v in self.values):
            # a list item opens with its name ("Riga on 12 May"), even where no cue word marks it as one
            self.values = sorted([Value("name", lead.group(1), lead.group(1), lead.start(1), lead.end(1)), *self.values],
                                 key=lambda v: v.start)
        self.values = [_dated(text, v, self.values) for v in self.values if not _not_a_name(text, v)]
        self.values = [u for v in self.values if v is not None for u in _split_of_place(v)]
        self.values = _joined_names(text, self.values)
        self.values = [u for v in self.values for u in _digit_range(text, _article_number(v))]
        self.values = _day_pairs(text, [_possessive_name(text, v) for v in self.values])
        self.values = sorted([*self.values, *(Value("money", 0, m.group(0), m.start(), m.end()) for m in re.finditer(
            r"\b[Ff]ree(?=\s+(?:for|to)\s+(?:the\s+)?[\w-]+)", text))], key=lambda v: v.start)
        # ("Free for members, £5 for non-members": a price of nothing, for those the words after it name)
        self.coded = _coded(text, self.values)
        self.lists_taken: set[int] = set()
        self.field_words: set[str] = set()
        self.person_fields = 0
        self.siblings: dict[str, set[str]] = {}
        """The field names of each object filled, by its path: a ``title`` beside a ``name`` is a person's title."""
        """The words of the schema's own field names: labels in the text ("age 5"), never values."""
        """Where the written lists already given to a field start: one list serves one field."""
        """Numbers written as identifiers ("invoice 2027/0417"): never a count or an amount."""
        self.claimed: set[int] = set()  # start offsets of values given to a field
        self.shares: list[Value] = []  # sums a percentage of an earlier sum makes, for money fields only
        self.spans_taken: list[tuple[int, int]] = []  # text given to a field as written ("note G" -> "G")
        self._windows: dict[tuple[int, int, int, int], str] = {}
        self._quantities: tuple[int, list[Value], list[int]] = (-1, [], [])
        self.names: dict[str, str] = {}  # value-role fields already matched to a name
        self._typed_strings: dict[str, Any] = {}
        self.found: dict[str, bool] = {}
        self.said_unknown: set[str] = set()
        self.kinds: dict[str, str] = {}
        self.required: list[str] = []
        self.nullable: set[str] = set()

    # numbers ----------------------------------------------------------------------------------------------------

    def _window(self, v: Value, left: int = 45, right: int = 30) -> str:
        """The words that describe a value: back to the previous quantity, on to the end of its own noun phrase
        ("minus 3.5 degrees | with winds of 40 km/h": "winds" describes 40, not 3.5). Read once per value."""
        key = (v.start, v.end, left, right)
        if key not in self._windows:
            self._windows[key] = self._read_window(v, left, right)
        return self._windows[key]

    def _quantities_near(self, start: int, end: int) -> list[Value]:
        """The quantities that may overlap ``start..end`` (found by bisection: a long text holds hundreds)."""
        if self._quantities[0] != len(self.values):
            numeric = [u for u in self.values if u.is_numeric]
            self._quantities = (len(self.values), numeric, [u.start for u in numeric])
        _, numeric, starts = self._quantities
        return numeric[bisect.bisect_left(starts, start - 100) : bisect.bisect_right(starts, end)]

    def _read_window(self, v: Value, left: int, right: int) -> str:
        numbers = self._quantities_near(v.start - left, v.end + right) if v.is_numeric else []
        start = max([max(0, v.start - left)] + [u.end for u in numbers if u.end <= v.start])
        end = min([v.end + right] + [u.start for u in numbers if u.start >= v.end])
        # (for a quantity, a comma ends the previous quantity's phrase: "410 metres altitude, has a 60-cm reflector")
        before = re.split(r"(?<!\b[Nn]o)(?<!\bNos)(?<!\bnos)[.;!?]\s|,\s(?=and\b)|\band\b" + (r"|,\s" if v.is_numeric else ""),
                          self.text[start : v.start])[-1]  # ("sail no. 10552": an abbreviation ends no phrase)
        before = re.split(r"\n|\|", before)[-1]  # (a line or a column of a table is one value's)
        after = re.split(r"[.;!?:]\s|,|\band\b|\n|[ \t]{2,}|\|", self.text[v.end : end])[0]  # ("Ledbury on 11 May: note
        # E"; a table's next line or column is another value's: "£62.50\nSub-total £134.50", "VAT £26.90    Total")
        if v.is_numeric:  # the phrase after a quantity ends where a preposition starts the next one
            whom = re.match(r"\s*(?:for|per)\s+(?:the\s+|an?\s+|each\s+)?[\w-]+", after) if v.kind == "money" else None
            of_us = re.match(r"\s+of\s+(?:us|you|them)\b", after)  # ("two of us are vegetarian": the phrase goes on)
            head, after = (of_us.group(0), after[of_us.end() :]) if of_us else ("", after)
            measured = re.match(rf"\s*{re.escape(v.unit)}\s+of\s+(?:the\s+)?[\w-]+", after) if _is_measure(v.unit) else None
            after = whom.group(0) if whom else measured.group(0) if measured else head + re.split(
                r"\b(?:with|but|while|whereas|at|on|in(?! total\b)|for|from|to|by|of|after|before)\b", after)[0]
            # ("2.5 kg of flour": what a measure measures is its)
            # (a price's "for non-members" is its)
        return f"{before} {v.text} {after}"

    def _number_score(self, key: str, prop: dict[str, Any], v: Value, similarity: float | None,
                      weights: dict[str, float] | None = None) -> float:
        name = _snake(key)
        if not _fits_kind(name, v) or _rounded_away(prop, v, name) or v in self.shares and (
                not cues.MONEY_KEY.search(name) or cues.PERCENT_KEY.search(name)):
            return float("-inf")
        if v.kind == "number" and cues.MONEY_KEY.search(name) and not _field_unit(name) and not cues.COUNT_WORD.search(name) \
                and any(w.kind == "money" for w in self.values):
            return float("-inf")  # where the text writes its sums as money, a bare "4" (an age, "4-15") is no price
        if v.kind == "number" and re.search(r"(?:^|_)(?:total|sum|overall)(?:$|_)", name) and re.match(
                r"\s*(?:[a-z]+\s+)?(?:each|apiece)\b", self.text[v.end :]):
            return float("-inf")  # "(about 24 lb each)": a size each is no total
        if v.kind == "money" and re.search(r"(?:^|_)(?:total|sum|overall)(?:$|_)", name) and (
                re.search(r"\bat\s+$", self.text[max(0, v.start - 4) : v.start])
                or re.match(r"\s*(?:each|apiece|a head|per|an? (?:adult|child|person|item))\b", self.text[v.end :])):
            return float("-inf")  # "2 adults at £22 and 1 child at £15": a price each is no total
        terms = set(content_words(f"{name.replace('_', ' ')} {prop.get('description', '')}"))
        if v.start in self.coded and not cues.ID_KEY.search(name) and not terms & set(
                content_words(" ".join(re.findall(r"[A-Za-z]+", self.text[max(0, v.start - 25) : v.start])[-2:]))):
            return float("-inf")  # an identifier is never a count ("licence 508 771" is no length)
        window = self._window(v)
        # a word every sibling field shares ("pass" in day_pass_eur, weekly_pass_eur) tells them apart by little
        said = set(content_words(window)) | set(content_words(window.replace("-", " "))) | set(content_words(
            window.replace("-", "")))  # ("non-members"; "Sub-total" for subtotal)
        score = sum((weights or {}).get(t, 1.0) for t in terms & said)
        if re.search(rf"(?<!\ba )(?<!\ban )(?<!\bper )(?<!\beach )\b(?:{_field_words(key)})\s*(?:[:=]|is|was)?\s*[£$€]?$",
                     self.text[max(0, v.start - 30) : v.start], re.I) and not (
                v.kind == "number" and v.unit and not set(content_words(v.unit)) & terms):
            score += 1.5  # "9, 9 - total 88": the figure the field's own word introduces, not the one before the word
            # (but "42 singers: 11 tenors" counts tenors, and "60p a km = £10.80" is what a rate comes to)
        if re.search(r"(?:^|_)(?:total|sum|overall)(?:$|_)", name) and re.match(
                r"\s*(?:altogether|in total|in all|all told|all in|total)\b", self.text[v.end :], re.I):
            score += 2.0  # "I make it £57 altogether - 2 x £15 plus 3 x £9": the sum the text calls the total
        if v.unit == "ordinal":
            score += 1.0
        elif v.unit and _unit_matches(name, terms, v.unit):
            score += 1.0  # "500 g" for jar_grams, "38 metres" for height_m

        if not re.search(r"(?:^|_)ages?(?:$|_)", name) and re.search(r"\bage[sd]?\s+(?:\d+\s*(?:,|and|&)\s*)*$",
                                                                    self.text[max(0, v.start - 30) : v.start], re.I):
            return float("-inf")  # "(ages 9 and 11)": ages, no count of anything
        if re.search(r"(?:^|_)age(?:$|_)", name) and v.kind == "number" and (
                cues.AGE_CUE.search(window) or re.search(r"[A-Z][a-z]+,\s*$", self.text[max(0, v.start - 30) : v.start])):
            score += 1.5  # "aged 41", "41 years old", "Jonas Berg, 52,"
        initials = "".join(w[0] for w in re.findall(r"[A-Z][a-z]+", window)).lower()
        if len(name) >= 2 and name.isalpha() and name in initials:
            score += 3.0  # "vei" next to "Volcanic Explosivity Index"
        if v.kind == "year":  # a year fills a year field, or an event's whose own word stands by it ("automated in
            # 1989"); never a count ("on order for 2028" is no number on order)
            if not cues.YEAR_KEY.search(name) and not (name.split("_")[-1].endswith("ed") or
                                                   name.split("_")[-1] in cues.IRREGULAR_PAST):
                return float("-inf")
            score += 3.0 if cues.YEAR_KEY.search(name) else (-3.0 if score < 1 else -0.4)
        elif v.kind == "date":
            score += 2.0  # the year of a date ("opened in May 2009"), behind a year written alone
        elif cues.YEAR_KEY.search(name):
            score -= 2.0
        if v.kind == "money":
            score += 1.5 if cues.MONEY_KEY.search(name) else 0.0
        elif v.kind == "percent":
            score += 1.5 if cues.PERCENT_KEY.search(name) else -0.5
        elif v.kind == "duration":
            score += 1.5 if re.search(r"duration|minutes|hours|days|length|time", name) else -0.5
            if re.search(r"(?:^|_)(?:days|nights|hours|minutes)$", name) and v.unit in ("year", "month") or \
                    re.search(r"(?:^|_)(?:hours|minutes)$", name) and v.unit in ("day", "week"):
                return float("-inf")  # a "40-year record" is no count of snow days
        since = max([max(0, v.start - 24)] + [u.end for u in self._quantities_near(v.start - 24, v.start) if u.end <= v.start])
        before = re.split(r"[,;:.()]\s|\band\b|\n", self.text[since : v.start])[-1]  # (back to the quantity before:
        # "VAT £26.90 Total £161.40")
        every_field = set(content_words(" ".join(self.field_words)))  # (the words of all fields, read once per call)
        if not (set(content_words(v.unit or "")) & terms and not _is_measure(v.unit)) and \
                set(content_words(before)) & (every_field - terms):
            score -= 1.0  # right after another field's own word ("its average of 48 mm" is the average's), unless
            # the value counts this field's own noun ("two adults and one child" for children)
        earlier = cues.EARLIER_VALUE.search(self.text[max(0, v.start - 30) : v.start])
        if cues.EARLIER_KEY.search(name):
            score += 1.0 if earlier else -0.5  # previous_weight_g of "(she was 940 g when she came in)"
        elif earlier and any(cues.EARLIER_KEY.fullmatch(w) for w in self.field_words):
            score -= 1.0  # ... and weight_g the weight she is now
        counts = set(content_words(v.unit)) if v.kind == "number" and v.unit and not _is_measure(v.unit) and re.match(
            rf"[ \t]*{re.escape(v.unit)}", self.text[v.end :]) else set()  # (not a next line's label: "Level 3\nCompetition:")
        if counts and not counts & terms and counts & every_field:
            score -= 1.0  # "eleven builders" counts what another field names, not the tonnes of snow
        per = re.search(r"(?:^|_)per_([a-z]+)", name)
        if per and re.search(r"=\s*$", self.text[max(0, v.start - 4) : v.start]):
            return float("-inf")  # "at 45p a mile = £18.90": what the sum comes to is no rate
        if per and re.match(rf"\s*(?:(?:to|in)\s+)?(?:a|an|per|each|every|/)\s*{re.escape(per.group(1)[:4])}",
                            self.text[v.end :], re.I):
            score += 2.0  # "45p a mile" for rate_per_mile_pence
        if per and v.kind == "number" and stem(v.unit.lower()) == stem(per.group(1)):
            return float("-inf")  # "thirteen nets" counts the nets: no number per net
        if per and re.search(rf"\b{re.escape(per.group(1)[:4])}[a-z]*\s+of\s+$",
                             self.text[max(0, v.start - 20) : v.start], re.I):
            score += 2.0  # "thirteen nets of 25": 25 to a net
        if v.kind == "number" and v.unit and not re.search(r"(?:^|_)(?:per|each|a)(?:_|$)", name) and _per_pack(
                self.text, v):
            score -= 1.0  # "12 bottles to a case" is the size of a case, no count of bottles (unless asked per case)
        if similarity is not None:
            score += 1.5 * similarity
        return score

    def _assign_numbers(self, fields: list[tuple[str, str, dict[str, Any]]]) -> dict[str, Value]:
        """Numeric fields matched to quantities one-to-one: best evidence first, then by elimination."""
        candidates = [v for v in self.values if (v.is_numeric or v.kind == "date" and re.match(r"\d{4}", v.value))
                      and v.start not in self.claimed]  # (a date offers its year to a year field: "in May 2009")
        packed = _packed_totals(self.text, candidates)  # ("2 cases (12 bottles to a case)": 24 bottles)
        self.shares = _shares_of_sums(self.text, candidates)  # ("Price £620; 50% deposit": a deposit of £310)
        candidates = [*packed, *candidates, *self.shares]
        if not fields or not candidates:
            return {}
        sims: dict[tuple[str, int], float] = {}
        if self.skills.similarity is not None:
            windows = [self._window(v) for v in candidates]
            for path, key, prop in fields:
                query = f"{key.replace('_', ' ')} {prop.get('description', '')}".strip()
                for v, s in zip(candidates, self.skills.similarity(query, windows)):
                    sims[(path, v.start)] = s
        term_sets = [set(content_words(f"{_snake(key).replace('_', ' ')} {prop.get('description', '')}"))
                     for _, key, prop in fields]
        shared = Counter(t for terms in term_sets for t in terms)
        weights = {t: 1.0 / n for t, n in shared.items()}
        scored = sorted(((self._number_score(key, prop, v, sims.get((path, v.start)), weights), i, path, v)
                         for i, (path, key, prop) in enumerate(fields) for v in candidates),
                        key=lambda t: (-t[0], t[1], t[3].start))
        chosen: dict[str, Value] = {}
        for score, _, path, v in scored:
            if score <= 0.5 or path in chosen or any(v.start < c.end and c.start < v.end for c in chosen.values()):
                continue  # (a packed total overlaps the count and the pack size it is made of)
            chosen[path] = v
        left_fields = [f for f in fields if f[0] not in chosen]
        left_values = [v for v in candidates if not any(v.start < c.end and c.start < v.end for c in chosen.values())
                       and v.kind not in ("year", "date") and v not in packed and v not in self.shares]
        if len(left_fields) == 1 and len(left_values) == 1 and _fits_kind(_snake(left_fields[0][1]), left_values[0]) and (
                left_values[0].start not in self.coded or cues.ID_KEY.search(_snake(left_fields[0][1]))):
            if self._tied(left_fields[0][1], left_fields[0][2], left_values[0]) and not _rounded_away(
                    left_fields[0][2], left_values[0], _snake(left_fields[0][1])):
                chosen[left_fields[0][0]] = left_values[0]  # the one quantity left for the one field left
        for path, v in chosen.items():
            if v.kind != "date":  # the date itself is still there for a date field
                self.claimed.update(u.start for u in self.values if u.is_numeric and v.start <= u.start < v.end)
                self.claimed.add(v.start)
            name = path.rsplit(".", 1)[-1]
            for e in self.values:  # the phrase an acronym field stands for is spoken for too ("vei")
                if e.kind == "name" and "".join(w[0] for w in e.text.split()).lower() == name and \
                        abs(e.end - v.start) < 40:
                    self.claimed.add(e.start)
        return chosen

    def _tied(self, key: str, prop: dict[str, Any], v: Value) -> bool:
        """Whether the one quantity left may fill the one field left: its unit ("a 60-cm mirror" for ``mirror_cm``)
        or kind (money for a ``price``) fits, or the field's words stand in its clause ("twelve of them are
        sopranos"), or the text names the field nowhere else. "Two sketches; another goes on loan in 2029" gives
        ``on_loan`` nothing."""
        name = _snake(key)
        terms = set(content_words(f"{name.replace('_', ' ')} {prop.get('description', '')}"))
        written = re.match(r"[\s-]*([A-Za-z°]+)", self.text[v.end :])  # ("a 60-centimetre reflector")
        if any(u and _unit_matches(name, terms, u) for u in (v.unit, written and written.group(1))):
            return True
        if v.kind == "money" and cues.MONEY_KEY.search(name) or v.kind == "percent" and cues.PERCENT_KEY.search(name) or \
                v.kind == "duration" and re.search(r"duration|minutes|hours|days|weeks|length|time", name):
            return True
        if v.unit.lower() in cues.PEOPLE_COUNTED and re.fullmatch(r"[a-z]+s_(?:[a-z]+ed|given|made|sold|taken|won|"
                                                                  r"lost|sent|seen|done)", name) and not any(
                w in cues.PEOPLE_COUNTED for w in name.split("_")):
            return False  # "74 people stayed" gives refunds_given nothing: things that happened are no people (but
            # "sleeps 8 people" is the one number left for beds)
        if _shares_term(terms, self.text[max(0, v.start - 20) : v.start]):
            return True  # right after the field's words ("order no. 2291")
        said = [(a, b) for a, b in _clauses(self.text) if _shares_term(terms, self.text[a:b])]
        # the field's own clause is where its value stands: a quantity of another clause is a guess ("two sketches;
        # another goes on loan in 2029"); a field the text never names ("killed 71,000" for fatalities) is left the
        # one quantity no other field took
        return not said or any(a <= v.start < b for a, b in said)

    def _range_ends(self, fields: list[tuple[str, str, dict[str, Any]]]) -> dict[str, Value]:
        """Two numeric fields for the ends of one range (``first_lock``/``last_lock``, ``min_age``/``max_age``) take
        the two numbers of the one range the text writes ("locks 7 to 12", "ages 8-14", "between 20 and 30")."""
        ends = {}
        for path, key, _ in fields:
            m = re.fullmatch(r"(?:(first|start|from|min|minimum|lowest)|(last|end|to|max|maximum|highest))_(.+)|"
                             r"(.+)_(?:(first|start|from|min|minimum|lowest)|(last|end|to|max|maximum|highest))",
                             _snake(key))
            if m:
                low, noun = bool(m.group(1) or m.group(5)), m.group(3) or m.group(4)
                ends.setdefault(noun, {})["low" if low else "high"] = path
        chosen: dict[str, Value] = {}
        for pair in ends.values():
            if len(pair) != 2:
                continue
            ranges = [(a, b) for a in self.values for b in self.values if a.kind == b.kind == "number"
                      and a.start not in self.claimed and b.start not in self.claimed and a.end < b.start
                      and re.fullmatch(r"\s*(?:to|-|–|until|and)\s*", self.text[a.end : b.start])
                      and (self.text[a.end : b.start].strip() != "and" or
                           re.search(r"\bbetween\s+$", self.text[max(0, a.start - 10) : a.start]))]
            if len(ranges) == 1:
                (a, b), = ranges
                chosen[pair["low"]], chosen[pair["high"]] = a, b
                self.claimed.update((a.start, b.start))
        return chosen

    def _dimensions(self, fields: list[tuple[str, str, dict[str, Any]]]) -> dict[str, Value]:
        """Fields for the sides of one thing take the numbers of the one "A x B" (or "A x B x C") the text writes, in
        the order it names ("(height x width)"), else the usual one: length, width, height ("450 x 150 mm" for
        width_mm and height_mm is 450 wide, 150 high)."""
        sides = {}
        for path, key, _ in fields:
            side = re.search(r"(?:^|_)(length|width|breadth|height|depth|thickness)(?:$|_)", _snake(key))
            if side:
                sides.setdefault(side.group(1).replace("breadth", "width"), path)
        numbers = [v for v in self.values if v.kind == "number" and v.start not in self.claimed]
        pairs = [(a, b) for a, b in zip(numbers, numbers[1:])
                 if re.fullmatch(r"\s*(?:[a-z]{1,2}\s*)?(?:x|×|by)\s*", self.text[a.end : b.start], re.IGNORECASE)]
        if len(sides) < 2 or len(pairs) != 1:
            return {}
        a, b = pairs[0]
        side = r"\s*(length|width|height|depth)\s*"
        named = re.match(rf"[\w\s]{{0,12}}\({side}(?:x|×|by){side}\)", self.text[b.end :], re.IGNORECASE)
        order = [n.lower() for n in named.groups()] if named else [s for s in ("length", "width", "height", "depth")
                                                                      if s in sides][:2]
        if not all(s in sides for s in order):
            return {}
        self.claimed.update((a.start, b.start))
        return {sides[order[0]]: a, sides[order[1]]: b}

    # strings ----------------------------------------------------------------------------------------------------

    def _first_unclaimed(self, kinds: tuple[str, ...], near: set[str] | None = None,
                         not_after: re.Pattern[str] | None = None, placed: bool = False,
                         rivals: list[set[str]] | None = None) -> Value | None:
        """The first value of these kinds no field took (the nearest to ``near``'s words when they occur);
        ``placed``: a name of unknown kind only where a place preposition stands before it ("from Hallam Meadow",
        never the subject "Passengers will be rebooked"); ``rivals``: the words of sibling fields of the same kind,
        which take the values nearer their own words."""
        if rivals:  # a value a sibling field's own word labels is that field's ("opens at 8 and closes at 5.30")
            generic = set(content_words("time date day when"))
            theirs = [span for r in rivals for span in self._positions(r - generic - (near or set()))]
            labelled = {v.start for v in self.values for _, end in theirs
                        if 0 <= v.start - end <= 12 and re.fullmatch(r"\s*(?:at|on|from|by|until|till|is|:)?\s*",
                                                                    self.text[end : v.start])}
            pool = [v for v in self._first_pool(kinds, near, not_after, placed) if v.start not in labelled]
            return pool[0] if pool else None
        pool = self._first_pool(kinds, near, not_after, placed)
        return pool[0] if pool else None

    def _positions(self, terms: set[str]) -> list[tuple[int, int]]:
        """The spans of the words that use one of the terms."""
        return [m.span() for m in re.finditer(r"[A-Za-z]+", self.text) if terms and _shares_term(terms, m.group(0))]

    def _first_pool(self, kinds: tuple[str, ...], near: set[str] | None, not_after: re.Pattern[str] | None,
                    placed: bool) -> list[Value]:
        pool = [v for v in self.values if v.kind in kinds and v.start not in self.claimed
                and v.text.lower() not in self.field_words and not (
            not_after and not_after.search(self.text[max(0, v.start - 25) : v.start])) and not (
            placed and v.kind == "name" and not self._placed(v, near or set()))]
        # a street is a place, but not the city or country a field asks for; a name typed by its cues ("in
        # Antwerp") before an untyped one ("The Fotomuseum")
        pool.sort(key=lambda v: (v.kind == "place" and v.text.split()[-1] in cues.STREET_HEADS, v.kind != kinds[0]))
        if pool and near:
            spans = self._positions(near)  # ("Arrive Sat 21 August" for arrival)
            if spans:
                pool.sort(key=lambda v: min(0 if v.start <= a < v.end else v.start - b if v.start >= b else 2 * (a - v.end)
                                            for a, b in spans))
                # (a name holding the field's own word is nearest of all: "the Deeside Orchid Society, Paph."; a label
                # comes before its value: "improvers 7pm, advanced ten to eight" for advanced_time)
        return pool

    def _take(self, v: Value | None) -> Value | None:
        if v is not None:
            self.claimed.add(v.start)
        return v

    def _claim_text(self, found: str | None) -> str | None:
        """``found`` (a code, an address, a value named by its field) with every value inside it spoken for, so
        that the "KL" of "KL 1143" is not also an airline."""
        at = self.text.find(found) if found else -1
        if at >= 0:
            self.claimed.update(v.start for v in self.values if v.start < at + len(found) and v.end > at)
            self.spans_taken.append((at, at + len(found)))
        return found

    def _pattern(self, pattern: re.Pattern[str], terms: set[str]) -> str | None:
        matches = [m for m in pattern.finditer(self.text) if pattern is not PHONE or len(re.sub(r"\D", "", m.group(0))) >= 7]
        # (a phone number has seven digits or more: "pegs 20-28" is no phone)
        if not matches:
            return None
        positions = [m.start() for m in re.finditer(r"[A-Za-z]+", self.text) if stem(m.group(0)) in terms]
        if positions:
            matches.sort(key=lambda m: min(abs(m.start() - p) for p in positions))
        return matches[0].group(0).rstrip(".,")

    def _assign_names(self, fields: list[tuple[str, str, dict[str, Any]]], strong_only: bool = False) -> dict[str, str]:
        """Short string fields of no known role ("volcano", "ship", "white") matched to proper names one-to-one:
        a name the field's own word stands next to ("Priya Nair (white)", "the ferry Nordlys") first, then the
        closest by meaning when a similarity is lent; a lone name is taken only by a lone field."""
        pool = [v for v in self.values if v.kind in ("person", "place", "organisation", "name")
                and v.start not in self.claimed and v.text.lower() not in self.field_words]  # ("CEO" labels a ceo)
        phrases = [Value("name", m.group(g), m.group(g), m.start(g), m.end(g)) for m in re.finditer(
            rf"{QUOTED.pattern}|\b([A-Z][a-z]+['’]s(?: [a-z]+){{1,3}})\b", self.text)
            for g in (1, 2) if m.group(g) and not (g == 2 and (_CONTRACTION.match(m.group(g)) or re.match(
                r"[\w]+", m.group(g)).group(0).lower() in COMMON_CAPITALISED | {"yesterday"} or _WEEKDAY_OR_MONTH.match(
                m.group(g).split("'")[0].split("’")[0])))]  # not "Tomorrow's lead team"
        subjects: set[int] = set()
        for i, q in enumerate(phrases):  # "Sibelius's second symphony at" ends before its function word
            words = q.text.split()
            if not q.text[:1] in "\"“‘'" and len(words) > 1:  # ... and before a verb ("Halloran's clock stopped")
                verb = next((j for j, w in enumerate(words[1:], 1) if re.fullmatch(r"[a-z]+ed", w) or
                             w in cues.IRREGULAR_PAST), len(words))  # ("Biscuit's put on weight": has put)
                if verb < len(words):
                    subjects.add(q.start)  # what did something is no lone value of some field
                words = words[:verb]
            while len(words) > 1 and words[-1].lower() in STOPWORDS:
                words.pop()
            text = " ".join(words)
            phrases[i] = Value("name", text, text, q.start, q.start + len(text))
        pool += [q for q in phrases if all((q.start, q.end) != (v.start, v.end) for v in pool)]
        quoted = [(q.start, q.end) for q in phrases if self.text[q.start - 1 : q.start] in ("\"", "“", "‘", "'")]
        pool = [v for v in pool if not any(a <= v.start and v.end <= b and (a, b) != (v.start, v.end) for a, b in quoted)]
        # (a name inside a quoted title is part of it: "Name" of 'Set Your Own Name')
        possessive = {q.start for q in phrases if not self.text[q.start - 1 : q.start] in "\"“‘'" or q.start == 0}
        if not fields or not pool:
            return {}
        sims: dict[tuple[str, int], float] = {}
        if self.skills.similarity is not None:
            for path, key, prop in fields:
                query = f"{key.replace('_', ' ')} {prop.get('description', '')}".strip()
                for v, sim in zip(pool, self.skills.similarity(query, [v.text for v in pool])):
                    sims[(path, v.start)] = sim
        scored = []
        for i, (path, key, prop) in enumerate(fields):
            terms = set(content_words(f"{key.replace('_', ' ')} {prop.get('description', '')}"))
            for v in pool:
                if v.start in subjects and not terms & set(content_words(v.text)):
                    continue  # "Biscuit's put on weight": who did something is no field's value by being near its word
                if v.start in possessive and v.kind == "name" and " " in v.text and not strong_only and not (
                        terms & set(content_words(v.text))):
                    continue  # "Mrs Halloran's mantel clock" is a part_needed only if it says so, not by being near
                near = set(content_words(self._beside(v) if strong_only else self._window(v, 30, 25)))
                score = len(terms & near) + 0.5 * sum(1 for t in terms for n in near if t != n and len(t) >= 5
                                                      and (t in n or n in t))
                score += len(terms & set(content_words(v.text)))  # "Northline Kennels" for kennel: its own word
                defined = re.match(r"[\"'”’]?\s+(?:is|was)\s+(?:a|an|the|our)\s+((?:[\w-]+\s+){0,3}[\w-]+)",
                                   self.text[v.end :])
                head = [] if not defined else defined.group(1).split()
                head = head[: next((i for i, w in enumerate(head) if w.lower() in STOPWORDS), len(head))]
                if terms & set(content_words(" ".join(head))):
                    score += 2.0  # "'Set Your Own Name' is a letterpress workshop": the name of the workshop
                if _snake(key) in cues.VESSEL_WORDS and (v.text.split()[0] in cues.VESSEL_PREFIXES or re.search(
                        rf"\b{cues.VESSEL_NOUNS.pattern}\s+$", self.text[max(0, v.start - 20) : v.start])):
                    score += 2.0  # "MV Hebridean Isles", "the trawler Girl Annie" are ships' names
                if strong_only and score < 1 or not strong_only and v.kind == "person":
                    continue  # only names the field's own words stand next to; a person only so
                if not strong_only and score < 1 and _PLACED.search(self.text[max(0, v.start - 12) : v.start]):
                    continue  # a place the text puts something "to" or "in" fills no open field on likeness alone
                if score <= 0:
                    continue  # likeness of meaning alone ties no name to a field: the text's words must
                score += sims.get((path, v.start), 0.0)
                scored.append((score, i, path, v))
        chosen: dict[str, Value] = {}
        for score, _, path, v in sorted(scored, key=lambda t: (-t[0], t[1], t[3].start)):
            if score >= (0.3 if sims else 0.5) and path not in chosen and all(
                    c.start != v.start and c.text != v.text for c in chosen.values()) \
                    and v.start not in self.claimed:
                chosen[path] = v
        left = [p for p, _, _ in fields if p not in chosen and not strong_only]
        # a lone leftover name may fill a lone field, but not a place a preposition placed ("at the Oslo auction")
        sited = len(left) == 1 and bool(cues.PLACE_KIND.search(_snake(next(k for p, k, _ in fields if p == left[0]))))
        rest = [v for v in pool if v.kind != "person" and all(c.start != v.start for c in chosen.values())
                and v.start not in subjects
                and not (v.kind in ("place", "name") and not sited and _PLACED.search(self.text[max(0, v.start - 12) :
                                                                                                v.start]))
                and not _qualifies_after_article(self.text, v) and not self._placed_apposition(v)
                and not cues.STYLE_WORD.search(v.text) and not self._home_of_person(v)]
        # ("a PhD thesis": a name after "a" says what kind of thesis; "Glen Feshie bothy" names the bothy; a
        # "Roman-style floor" is a style, no name; "Mr Dunmore of Thirsk": where he lives, not a lone value)
        if len(left) == 1 and len(rest) == 1 and len(fields) == 1 and left[0] not in self.nullable:
            chosen[left[0]] = rest[0]  # one name left for one (required) field: "volcano" -> "Mount Tambora"
            if _modifies_noun(self.text, rest[0].end) and re.match(  # ... with the noun it qualifies: "Vicia faba",
                    r"\s+[a-z]+(?:\s*(?:[,.;:!?)]|$)|\s+(?:[a-z]+(?:s|ed)|is|was|has|had|are|were)\b)",  # "Glen Feshie
                    self.text[rest[0].end :]) and parse_number(self.text[rest[0].end :].split()[0].strip(".,;:!?)")) is None:
                # (bothy sleeps 8"; not "Kestrel came in", nor a number word: "the Isis Boat Club eight")
                noun = re.match(r"\s+[a-z]+", self.text[rest[0].end :]).group(0)
                chosen[left[0]] = Value(rest[0].kind, rest[0].text + noun, rest[0].text + noun, rest[0].start,
                                        rest[0].end + len(noun))
        for v in chosen.values():
            self.claimed.add(v.start)  # (a phrase and the name it opens share a start: both are spoken for)
        return {path: v.text for path, v in chosen.items()}

    def _home_of_person(self, v: Value) -> bool:
        """Whether a name follows a person and "of" ("Mr Dunmore of Thirsk"): where the person is from."""
        return re.search(r"\s+of\s+$", self.text[max(0, v.start - 5) : v.start]) is not None and any(
            p.kind == "person" and 0 <= v.start - p.end <= 5 for p in self.values)

    def _none_of(self, key: str) -> Value | None:
        """A count the text gives as none: "no avocets at all", "zero faults", "Faults: none", "I've never won one"
        for ``previous_wins`` (a zero, not a null).

        Only a plural field name written right after the word that denies it counts; "no reopening date" is no
        count of reopenings."""
        name = _snake(key)
        if not re.search(r"[a-z]s(?:$|_)", name) or cues.YEAR_KEY.search(name) or cues.MONEY_KEY.search(name):
            return None
        words = _field_words(key)
        parts = [re.escape(w) for w in name.split("_") if w]
        if len(parts) == 2 and parts[1] in ("days", "nights", "times", "occasions", "count", "cases", "incidents"):
            words = rf"{words}|{parts[0]}"  # "there was no snow at all" for snow_days
        if len(parts) >= 2:  # "no bikes were stolen" for bikes_stolen
            rest = r"[\s_-]+".join(parts[1:])
            words = rf"{words}|{parts[0]}\s+(?:were|was|have been|has been|got|had been)\s+{rest}"
        noun = re.sub(r"(?<=[a-z])s$", "", name.split("_")[-1])  # wins -> win: "I've never won one"
        done = "|".join(map(re.escape, {noun, f"{noun}ed", f"{noun}d"} | {
            past for past, base in cues.IRREGULAR_PAST.items() if base == noun}))
        never = re.search(rf"\b(?:never|not once)\s+(?:{done})\b|\b(?:have|has|had)n[o'’]?t\s+(?:ever\s+)?(?:{done})\s+"
                          rf"(?:any|one|a single)\b", self.text, re.I)
        if never:
            return Value("number", 0, never.group(0), never.start(), never.end())
        m = re.search(rf"\b(?:no|zero|nil|not a single|not one)\s+(?:more\s+)?(?:{words})\b(?!\s+(?:of|to|for|in)\b)|"
                      rf"\b(?:{words})\s*:\s*(?:none|nil|zero)\b|\bnone of the (?:{words})\b", self.text, re.I)
        after = re.match(r"\s+([a-z]+)", self.text[m.end() :]) if m else None
        if not m or after and after.group(1) not in STOPWORDS and after.group(1) not in ("left", "yet", "more"):
            return None  # ("no reopening date": the word qualifies a noun, counts nothing)
        return Value("number", 0, m.group(0), m.start(), m.end())

    def _free_of(self, key: str) -> Value | None:
        """A sum the text gives as nothing: "there's no call-out fee" for ``call_out_fee``, "under-fours free" for
        ``under_four_price`` (a zero, not a null). Only the field's own words, right before "free" or after "no"."""
        name = _snake(key)
        if _field_unit(name):
            return None
        if not cues.MONEY_KEY.search(name):  # "Parking was free" for parking, read as a sum: nothing
            said = re.search(rf"\b(?:{_field_words(key)})\s+(?:is|was|are|were)\s+free\b", self.text, re.I)
            return Value("money", 0, said.group(0), said.start(), said.end()) if said else None
        subject = r"[\s_-]+".join(re.escape(w) for w in name.split("_") if w and not cues.MONEY_KEY.search(w))
        heads = "|".join(re.escape(w) for w in name.split("_") if cues.MONEY_KEY.search(w)) or "(?!)"
        said = re.search(rf"\bno\s+(?:{_field_words(key)})\b|\b(?:{_field_words(key)}|{heads})\s*:\s*(?:none|nil|nothing)\b",
                         self.text, re.I) or (subject and re.search(
            rf"\b{subject}\w*\s+(?:(?:go|get in|are|is|travel|enter)\s+)?(?:for\s+)?free\b", self.text, re.I))
        # ("Overweight charge: none - under the 2 t allowance")
        return Value("money", 0, said.group(0), said.start(), said.end()) if said else None

    def _as_doer(self, key: str, prop: dict[str, Any]) -> dict[str, Any]:
        """A string field named for whoever does an activity the text names ("tuner" and "Organ tuning ... by
        Nathaniel Groves", "thatcher" and "thatching") is a person field, as its description would say."""
        name = _snake(key)
        act = re.fullmatch(r"([a-z]{3,}?)e?(?:er|or)", name)
        if not act or prop.get("type") not in (None, "string") or "enum" in prop or role_of(key, prop) != "value" or \
                not any(v.kind == "person" for v in self.values) or \
                not (re.search(rf"\b{act.group(1)}e?(?:ing|ed|es|s)\b", self.text, re.I) or any(
                    re.search(rf"\b{verb}\b", self.text, re.I) for verb in cues.ROLE_VERBS.get(name, ()))):
            return prop  # (a role's own verb counts too: "set by Aino Lehtonen" for setter)
        return {**prop, "description": f"{prop.get('description', '')} the person".strip()}

    def _placed_apposition(self, v: Value) -> bool:
        """Whether a name follows, after a comma, a name a place preposition placed ("at St Aldhelm's, Corfe"): it
        says where that place is, as placed as the name before it."""
        before = re.search(r",\s*$", self.text[max(0, v.start - 3) : v.start])
        return bool(before) and any(
            u.end <= v.start and not self.text[u.end : v.start].strip(", ") and u.kind in ("place", "name", "organisation")
            and _PLACED.search(self.text[max(0, u.start - 12) : u.start]) for u in self.values)

    def _beside(self, v: Value) -> str:
        """The words right beside a name: the two before it ("the ferry Nordlys"), a bracket after it ("Priya Nair
        (white)") or the noun it qualifies ("the Mauna Vista telescope")."""
        start = max([max(0, v.start - 30)] + [u.end for u in self.values if u.end <= v.start])  # not another name
        before = " ".join(re.findall(r"[\w'-]+", self.text[start : v.start])[-2:])
        after = re.match(r"\s*(?:\(([^)]{1,30})\)|,?\s*(?:the\s+|an?\s+)?([a-z][\w-]*))", self.text[v.end :])
        return f"{before} {(after.group(1) or after.group(2) or '') if after else ''}"

    def _best_sentence(self, key: str, prop: dict[str, Any]) -> str | None:
        sentences = split_sentences(self.text)
        if not sentences:
            return None
        scores = SentenceScorer(sentences).score(f"{key.replace('_', ' ')} {prop.get('description', '')}")
        best = max(range(len(sentences)), key=lambda i: (scores[i], -i))
        return sentences[best] if scores[best] > 0 else None

    def string(self, key: str, prop: dict[str, Any], path: str = "") -> Any:
        role = role_of(key, prop)
        terms = set(content_words(f"{key.replace('_', ' ')} {prop.get('description', '')}"))
        if role in ("email", "phone", "url", "postcode"):
            patterns = {"email": EMAIL, "phone": PHONE, "url": URL, "postcode": POSTCODE}
            return self._claim_text(self._pattern(patterns[role], terms))
        form_line = re.search(rf"(?:^|\n)[ \t]*(?:[-*•][ \t]*)?(?:{_field_words(key)})[ \t]*:", self.text, re.I)
        if role in ("judgement", "code", "title", "colour") or form_line and role not in ("date", "time", "when"):
            named = named_value(key, self.text)  # "priority: high", "gate D7", a form's "Team: Riverside Ravens 3":
            # the text names the field itself
            if named:
                return self._claim_text(named)
        if role in ("organisation", "value") and (named := named_value(key, self.text)) and re.fullmatch(
                r"[A-Z0-9]{1,3}", named):
            return self._claim_text(named)  # "issued to group B", "in pen 4A": the key's word names its own short code
        if role == "value" and (end := _from_to(key, self.text)):
            return self._claim_text(end)  # size_from, size_to of "resize from J to M"
        if role == "value" and read_only_beside(key):
            return self._claim_text(read_beside_key(key, self.text))  # that, or nothing: never some other name
        if role == "value" and (read := read_beside_key(key, self.text)):
            return self._claim_text(read)
        if role in ("date", "time", "when"):
            kinds = ("time", "date") if role == "when" else (role,)
            snake = _snake(key)
            if role == "date" and re.fullmatch(r"(?:\w+_)?(?:week)?days?", snake) and (day := self._day(terms)):
                return day  # a field for a day takes the weekday the text names ("every Sunday"), not a date
            which = _ordinal_of(key)
            dates = [v for v in self.values if v.kind in kinds]
            if which is not None and len(dates) >= 2:  # "first_date", "last_date": the first or last of the text
                return self._take(dates[which]).value
            v = self._take(self._first_unclaimed(kinds, terms, rivals=self._rivals.get(path, [])))
            if v is None and role == "date" and prop.get("format") != "date":  # "the Saturday climbing course": a
                return self._day(terms)  # day named without a date (never in a field that wants YYYY-MM-DD)
            return v.value if v else None
        if role == "code":  # one code in the text is the code; of several, the one beside the field's words, or none
            codes = list(re.finditer(r"\b[A-Z]{1,4}[- ]?\d{2,6}(?:-[A-Z0-9]+)*\b|\b[A-Z0-9]{1,}-[A-Z0-9-]{2,}\b|"
                                     r"#\s?\d{3,}", self.text))
            if len({m.group(0) for m in codes}) > 1:
                positions = [m.start() for m in re.finditer(r"[A-Za-z]+", self.text) if stem(m.group(0)) in terms]
                codes = [min(codes, key=lambda m: min(abs(m.start() - p) for p in positions))] if positions else []
            if not codes:
                return None
            code = self._claim_text(codes[0].group(0))  # ("NOTE 44190" of "WASTE TRANSFER NOTE 44190" for note_no: its
            own = "|".join(re.escape(w) for w in _snake(key).split("_") if len(w) > 2) or "(?!)"
            return re.sub(rf"^(?:{own})\s+(?=\d)", "", code, flags=re.I)  # number, not the key's word
        if role == "colour":
            colour = re.search(rf"\b(?:(?:{'|'.join(cues.COLOUR_MODIFIERS)})[\s-])?(?:{'|'.join(cues.COLOURS)})\b", self.text, re.I)
            return colour.group(0).lower() if colour else None
        if role == "duration":
            v = self._take(self._first_unclaimed(("duration",), terms))
            return v.text if v else None
        if role == "expression":
            return find_expression(self.text)
        if role == "query":  # a topic is what the text is about, or a short request itself; never a long sentence
            about = re.search(r"\b(?:about|regarding|on the (?:subject|topic) of)\s+((?:[\w'-]+\s?){1,5}?)"
                              r"(?=\s*(?:[.,;:!?]|$|\b(?:for|at|on|in|with|from|by|until|before|after)\b))", self.text)
            if about:
                return about.group(1).strip()
            query = query_text(self.text)
            return query if query and len(query.split()) <= 8 else None
        if role == "value" and (which := _ordinal_of(key)) is not None:
            times = [v for v in self.values if v.kind == "time"] or [v for v in self.values if v.kind == "date"]
            if len(times) >= 2:  # "first_bus", "last_train": the first or last clock time (or date) of the text
                return self._take(times[which]).value
        if role == "street":
            for e in self.values:
                words = e.text.split()
                if e.kind in ("place", "name", "person") and e.start not in self.claimed and (
                        words[0] in cues.STREET_HEADS or words[-1] in cues.STREET_HEADS):
                    self._take(e)
                    number_before = re.search(r"\b\d+[A-Za-z]?,?\s*$", self.text[max(0, e.start - 8) : e.start])
                    number_after = re.match(r"\s*\d+[A-Za-z]?\b", self.text[e.end :])
                    for v in self.values:  # the house number is part of the street, not a quantity
                        if number_after and v.start == e.end + number_after.start() + len(number_after.group(0)) - len(
                                number_after.group(0).lstrip()) or number_before and v.end <= e.start and \
                                v.start >= e.start - 8:
                            self.claimed.add(v.start)
                    if number_before:
                        return f"{number_before.group(0).strip().rstrip(',')} {e.text}"
                    return f"{e.text} {number_after.group(0).strip()}" if number_after else e.text
            return None
        if role == "person" and not cues.GENERIC_PERSON.search(_snake(key)):
            return self._person_in_role(key, path)
        if role in ("person", "place", "organisation"):
            kinds = {"person": ("person",), "place": ("place", "name"), "organisation": ("organisation", "name")}[role]
            direction = (cues.ORIGIN_CUE if re.search(r"origin|from|departure|start|source|pickup|sender|supplier|shipper",
                                                  _snake(key)) else
                         cues.DESTINATION_CUE if re.search(r"destination|(?:^|_)to(?:$|_)|arrival|end|dest|dropoff",
                                                       _snake(key)) else None)
            cued = direction and next((v for v in self.values if v.kind in kinds and v.start not in self.claimed
                                       and (direction.search(self.text[max(0, v.start - 25) : v.start]) or
                                            direction is cues.ORIGIN_CUE and _FROM_SOMETHING_IN.search(
                                                self.text[max(0, v.start - 40) : v.start]))), None)
            other = {cues.ORIGIN_CUE: cues.DESTINATION_CUE, cues.DESTINATION_CUE: cues.ORIGIN_CUE}.get(direction)
            if role == "organisation" and not cued and re.search(r"club|team|society", _snake(key)):
                cued = next((v for v in self.values if v.kind in kinds and v.start not in self.claimed and (
                    cues.CLUB_HEAD.search(v.text) or cues.MEMBER_OF.search(self.text[max(0, v.start - 25) : v.start]))),
                            None)  # "running for Ambleside AC" is the club, not "the Crag Howe Fell Race" entered
            if role == "place" and not cued and (hall := self._place_phrase()):
                return hall  # "in the church hall on Ferry Road": the place is the hall, on that road
            qualifier = set(content_words(_snake(key).replace("_", " "))) - set(content_words(cues.PLACE_NOUNS))
            if role == "place" and not cued and qualifier and not _shares_term(qualifier, self.text):
                places = [v for v in self.values if v.kind in kinds and v.start not in self.claimed and
                          (v.kind == "place" or self._placed(v, terms))]
                if len(places) > 1:
                    return None  # "sender_city" of two cities and no word for sending: a guess either way
            if role == "place" and not cued and _locality_rank(_snake(key)) < 2:  # the larger unit is named last
                pool = self._first_pool(kinds, None, other, True)  # ("Porto, Portugal", "Tampere in Finland")
                return self._take(max(pool, key=lambda v: v.start)).value if pool else None
            v = self._take(cued or self._first_unclaimed(kinds, terms, not_after=other or cues.ALIAS_BEFORE,
                                                         placed=role == "place"))  # "to York" is no origin
            # (and "nicknamed Long-legs" is no one's name)
            if v is None and role == "person":  # an untyped name, unless it modifies a noun ("Glen Feshie bothy")
                own = _snake(key) == "name"  # a record's own name: "the Skerrow Point lighthouse" too
                untyped = ("name", "organisation") if own else ("name",)
                v = self._take(next((e for e in self.values if (e.kind in untyped or own and self.record and e.start ==
                                                                 self.lead and e.kind == "place")  # ("Island Flyer, built")
                                     and e.start not in self.claimed
                                     and (own or not _modifies_noun(self.text, e.end))
                                     and not _PLACED.search(self.text[max(0, e.start - 12) : e.start])
                                     and not (own and re.search(r"\bon\s+(?:the\s+)?$", self.text[max(0, e.start - 12) :
                                                                                                 e.start]))), None))
                if v is None and own and self.record:  # a list item named in lower case ("scone £2.75")
                    return self._leftover_phrase()
            return v.value if v else None
        if role == "judgement":
            return None  # a judgement is chosen from allowed values (an enum), never read off the text as a name
        if role == "currency":
            money = next((v for v in self.values if v.kind == "money" and v.unit), None)
            return money.unit if money else None
        if role == "title" and "name" in self.siblings.get(path.rpartition(".")[0], ()) and "." in path or re.fullmatch(
                r"honorific|salutation|name_prefix", _snake(key)):  # a person's title: "Dr" of "Dr Femi Adeyemi"
            person = next((v for v in self.values if v.kind == "person" and v.text.split()[0].rstrip(".") in HONORIFICS),
                          None)
            return person.text.split()[0] if person else None
        if role == "title":  # a quoted title, or the name after "novel", "film", "called"... never a sentence
            quoted = QUOTED.search(self.text)
            if quoted:
                return quoted.group(1)
            cued = next((v for v in self.values if v.kind in ("name", "person", "organisation") and v.start not in
                         self.claimed and cues.TITLE_CUE.search(self.text[max(0, v.start - 25) : v.start])), None)
            return self._take(cued).value if cued else None
        if role == "summary":
            return self.skills.summarize(self.text) if self.skills.summarize else self._best_sentence(key, prop)
        if role == "answer":
            return self.skills.answer(self.text) if self.skills.answer else None
        if cues.CAUSE_KEY.search(_snake(key)):  # "because of a signal fault", "closes ... for gate replacement"
            because = re.search(r"\b(?:because of|due to|owing to|caused by|on account of|after|for)\s+(?:an?\s+|the\s+)?"
                                r"([a-z][a-z-]*(?:\s+[a-z0-9][a-z0-9-]*){0,3})\s*(?:[.;,!?]|$)", self.text)
            if because and not any(w in STOPWORDS or w[:1].isdigit() for w in because.group(1).split()[-1:]) and not any(
                    v.kind in ("date", "time", "duration", "money", "percent") or v.kind == "number" and _is_measure(v.unit)
                    for v in extract(because.group(1))):  # ("a force 8 gale" is a cause)
                return because.group(1)  # (never "for ten minutes": a span of time is no cause)
            if role != "free_text":
                return None
        if role == "free_text" or (prop.get("maxLength") or 0) > 120:
            return self._best_sentence(key, prop)
        if cues.ROUTE_KEY.search(_snake(key)) and (route := _ROUTE.search(self.text)):
            return f"{route.group(1)} to {route.group(2)}"  # "Southsea to Ryde, 28 July": the two ends of the route
        if path in self.names:
            return self.names[path]
        if cues.THING_KEY.search(_snake(key)):  # "48 kg of hake": what a quantity measures, when one thing is measured
            things = set(_measured_nouns(self.text))
            if len(things) == 1:
                return things.pop()
        return self._leftover() if self.record else None

    def _placed(self, v: Value, terms: set[str]) -> bool:
        """Whether a name of unknown kind stands where a place does: after a place preposition ("from Hallam
        Meadow"), after a comma that follows a place or a number ("Rua das Flores 12, Porto, Portugal"), opening a
        list item ("Riga on 12 May"), or before the field's own word ("the Glenmoor tea estate")."""
        before = self.text[max(0, v.start - 20) : v.start]
        if _AFTER_PLACE_PREPOSITION.search(before) or (self.record and v.start == self.lead):
            return True
        if re.search(r",\s*$", before) and any(u.end <= v.start and not self.text[u.end : v.start].strip(", ") and (
                u.kind in ("place", "name") or u.is_numeric) for u in self.values):
            return True
        after = re.findall(r"[A-Za-z]+", self.text[v.end : v.end + 25])[:2]
        return any(stem(w) in terms for w in after)

    def _place_phrase(self) -> str | None:
        """A place written as a common noun placed on a named street or in a named place ("in the church hall on
        Ferry Road", "at the village hall in Ashby"), when the text names no place of its own."""
        if any(v.kind == "place" and v.start not in self.claimed and v.text.split()[-1] not in cues.STREET_HEADS
               for v in self.values):
            return None
        for m in re.finditer(r"\b(?:in|at)\s+the\s+((?:[a-z]+\s+){1,3}(?:on|in|at|off)\s+(?:the\s+)?[A-Z][\w'-]*"
                             r"(?:\s+[A-Z][\w'-]*)*)", self.text):
            if not any(w in STOPWORDS for w in m.group(1).split()[:-2] if w not in ("on", "in", "at", "off")):
                self._claim_text(m.group(1))
                return m.group(1)
        return None

    def _day(self, terms: set[str]) -> str | None:
        """A weekday (or today/tomorrow) for a day field: the one nearest the field's own words ("closed on Mondays"
        for ``closed_day``); when the field names what the day is for and the text names several days but not that
        word, none (it would be a guess between them)."""
        days = list(re.finditer(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day(?=s?\b)|\b(?:today|tomorrow|tonight)\b",
                                self.text, re.I))
        if not days:
            return None
        qualifiers = {t for t in terms if t not in ("day", "date", "when", "weekday")}
        positions = [m.start() for m in re.finditer(r"[A-Za-z]+", self.text) if stem(m.group(0)) in qualifiers]
        if positions:  # in the clause that names it ("collection on Saturdays"), else the nearest
            said = [(a, b) for a, b in _clauses(self.text) if any(a <= p < b for p in positions)]
            days = [m for m in days if any(a <= m.start() < b for a, b in said)]
            if not days:  # "closed since Monday. No reopening date has been set": the reopening has no day
                return None
            return min(days, key=lambda m: min(abs(m.start() - p) for p in positions)).group(0)
        return days[0].group(0) if len(days) == 1 or not qualifiers else None

    def _person_in_role(self, key: str, path: str = "") -> str | None:
        """A field named for a role ("conductor", "keeper", "winner") takes the person its role word stands next to
        ("conducted by Ada Chen", "Beekeeper Rosa Lindqvist"), not merely the first person in the text."""
        role_word = stem(_snake(key).split("_")[-1].rstrip("s"))
        creator = bool(cues.CREATOR.search(_snake(key)))
        verbs = cues.ROLE_VERBS.get(re.sub(r"_name$", "", _snake(key)).rstrip("s"), ())  # "winner", not "best_seller"
        roles = [m.span() for m in re.finditer(r"[A-Za-z]+", self.text)
                 if len(stem(m.group(0))) >= 3 and (stem(m.group(0)) in role_word or role_word in stem(m.group(0)))]
        acts = [m.span() for m in re.finditer(r"[A-Za-z]+", self.text) if m.group(0).lower() in verbs]
        for a, b in acts:  # a verb's doer is the name right before it ("X (white) beat Y": X won), even one that
            # another field holds too (the winner may also be the one playing white); in the passive, the name after
            # "by" ("owned by Ravi Menon", "set by Aino Lehtonen")
            passive = re.match(r"\s+by\s+", self.text[b:])
            if passive:
                doers = [v for v in self.values if v.kind in ("person", "name", "organisation")  # ("built by Hill &
                         and v.start == b + passive.end()]  # Son": a firm does what a person does)
                if doers:
                    return self._take(doers[0]).value
                continue
            doers = [v for v in self.values if v.kind in ("person", "name") and v.end <= a and a - v.end <= 40
                     and not re.search(r"[.;!?]", self.text[v.end : a]) and v.text.lower() not in self.field_words]
            if doers:
                return self._take(doers[-1]).value
        by = [v for v in self.values if v.kind == "person" and v.start not in self.claimed and re.search(
            r"\bby\s+$", self.text[max(0, v.start - 5) : v.start]) and any(
            a <= r < b and a <= v.start < b for r, _ in roles for a, b in _clauses(self.text))]
        if len(by) == 1:  # "Organ tuning at Holy Cross, Wareham, by Nathaniel Groves": who did what the role does
            return self._take(by[0]).value
        beside = []
        for v in self.values:
            if creator and v.kind == "person" and v.start not in self.claimed and re.search(
                    r"\bby\s+$", self.text[max(0, v.start - 5) : v.start]):
                return self._take(v).value  # "a landscape by Harriet Backer": whoever made it comes after "by"
            if v.kind not in ("person", "name") or v.start in self.claimed or v.text.lower() in self.field_words:
                continue  # (never the role word itself in capitals: "CEO")
            gaps = [max(0, v.start - b, a - v.end) for a, b in roles if not (v.start <= a < v.end)]
            if gaps and min(gaps) <= 30:
                beside.append((min(gaps), v.kind != "person", v))
        if beside:  # the nearest ("Nordvik Foods, whose CEO is Sara Holm"), a person before a name of unknown kind
            return self._take(min(beside, key=lambda t: t[:2])[2]).value
        people = [v for v in self.values if v.kind == "person" and v.start not in self.claimed]
        everyone = {v.text for v in self.values if v.kind == "person"}
        if len(everyone) == 1 and len(people) == 1 and self.person_fields == 1 and path not in self.nullable and \
                "_" not in re.sub(r"_name$", "", _snake(key)):  # ("runner", not "best_seller": a qualified role)
            return self._take(people[0]).value  # a record of one person with one person field: that person
        if self.record and len(people) == 1:
            return self._take(people[0]).value  # one list item ("1st Mai Tanaka with 87.4 points"), one person
        rest = self._leftover() if self.record and not people else None
        return rest if rest and all(w[:1].isupper() for w in rest.split()) else None  # "2nd Lucía Ferrer on 85.1"

    def _leftover_phrase(self) -> str | None:
        """The one stretch of up to five words a list item has left once its values are taken, as written ("soup of
        the day" of "soup of the day £5.50"); None when what is left is not one short stretch."""
        text = self.text
        for v in sorted((v for v in self.values if v.start in self.claimed or v.is_numeric or v.kind in ("date", "time")),
                        key=lambda v: -v.start):  # (a date or number left over is no name: "3 May 2027")
            unit = re.match(r"\s*-?\s*([A-Za-z]+)\b", text[v.end :]) if v.is_numeric else None  # ... nor its unit
            end = v.end + unit.end() if unit and (_is_measure(unit.group(1)) or unit.group(1).lower().rstrip("s") in {
                f.rstrip("s") for f in self.field_words}) else v.end  # ("one pair" for a pairs field)
            text = text[: v.start] + "|" * (end - v.start) + text[end:]  # (same length: spans_taken keep their place)
        for a, b in self.spans_taken:  # (and the words a field took as written, with the label before them: "note G")
            label = re.search(r"[A-Za-z]+\s*[:=]?\s*$", text[:a])
            a = label.start() if label and label.group(0).split()[0].lower().strip(":=") in self.field_words else a
            text = text[:a] + "|" * (b - a) + text[b:]
        parts = [p.strip(" ,;:.-()") for p in re.split(r"[|()]", text)]
        parts = [p for p in parts if re.search(r"[^\W\d_]{2,}", p)]
        if len(parts) != 1:
            return None
        words = parts[0].split()
        while words and words[0].lower() in STOPWORDS:
            words.pop(0)
        while words and words[-1].lower() in STOPWORDS:
            words.pop()
        if any(w.lower() in ("is", "are", "was", "were", "has", "have", "had") for w in words) or all(
                w.lower().rstrip("s") in {f.rstrip("s") for f in self.field_words} for w in words):
            return None  # a clause ("the fleet is two craft") or the labels of other fields ("built") name nothing
        return " ".join(words) if 1 <= len(words) <= 5 else None

    def _leftover(self) -> str | None:
        """The one to three content words of a list item that no other field claimed."""
        text = self.text
        for v in sorted((v for v in self.values if v.start in self.claimed), key=lambda v: -v.start):
            text = text[: v.start] + " " + text[v.end :]
        rest = [w for w in re.findall(r"[^\W\d_][\w'-]*", text) if w.lower() not in STOPWORDS
                and w.lower().rstrip("s") not in {f.rstrip("s") for f in self.field_words}]
        # ("age" of "(swing, age 3)" labels a value, is none; nor "pair" of "one pair" beside a pairs field)
        return " ".join(rest) if 1 <= len(rest) <= 3 else None

    def _guess_from_text(self, key: str) -> str:
        """The type of a key given by name only, with the text's help for plurals: "instruments" is a list when
        the text lists things, "beds" a count when it does not."""
        kind = guess_type(key)
        name = _snake(key)
        if kind == "number" and (end := _from_to(key, self.text)) and parse_number(end) is None:
            return "string"  # size_from of "resize from J to M": sizes written as letters
        if kind == "boolean" and cues.DONE_TO_ONE.fullmatch(name) and re.search(
                rf"\b{_field_words(key)}\s+(?:from|until|till)\b", self.text, re.I):
            return "string"  # "food served from half past": when, not whether
        if kind == "string" and any(cues.MONEY_KEY.search(w) for w in self.field_words) and re.search(
                rf"\b(?:{_field_words(key)})\s+(?:is|was|are|were)\s+free\b", self.text, re.I):
            return "number"  # "Parking was free" beside a total_claim: a sum of nothing
        if kind == "string" and named_value(key, self.text):
            return kind  # "Status: shipped": the text writes a word beside the key's name
        if kind == "string" and re.fullmatch(r"[a-z]+[^s]", name) and role_of(key, {}) == "value" and \
                len(_anchored_list(self.text, set(content_words(name)))) >= 2:
            return "array"  # "bring" of "Please bring secateurs and an apron": the things its word introduces
        if kind == "array" and not name.endswith("s") and any(
                v.kind in ("person", "place", "organisation", "name") and re.search(rf"\b{re.escape(name)}\b", v.text, re.I)
                for v in self.values):
            return "string"  # "team" of "Team Owls escaped": a name with the key's word in it, not a list of people
        if kind == "array" and cues.PERSON_LIST_KEY.search(name) and sum(v.kind == "person" for v in self.values) < 2 and \
                re.search(r"\b(?:group|party|team|family|total|crew) of (?:\d+|[a-z]+)\b|\b(?:\d+|[a-z]+) (?:people|persons|"
                          r"guests|adults|of us|players|members|visitors)\b", self.text, re.I) and any(
                    v.kind == "number" for v in self.values):
            return "integer"  # "guests" of "we're a group of eight": how many, when the text names nobody to list
        counted = {stem(v.unit) for v in self.values if v.kind == "number" and v.unit}
        if kind in ("string", "array") and any(v.kind == "number" and re.match(rf"\s*(?:{_field_words(key)})\b", self.text[v.end :], re.I)
                                    for v in self.values):
            return "integer"  # "Only 2 places left" for places_left: the key's own words count the number
        if kind == "array" and re.search(r"(?:^|_)days$", name) and not any(v.kind == "date" for v in self.values) \
                and not re.search(rf"\b(?:{'|'.join(WEEKDAYS)})", self.text, re.I) and any(
                    v.kind == "duration" and v.unit == "day" for v in self.values):
            return "integer"  # "days" of "our two-day course": how many, not which
        money_sibling = any(cues.MONEY_KEY.search(w) for w in self.field_words - set(content_words(name.replace("_", " "))))
        verbs = r"(?::)?" if money_sibling else r"(?:is|are|was|were|costs?|of|at|:)?"  # (with a price field beside
        # it, "the course costs £295" is the price's, and "course" the course's name; "scaffolding £650" stays a sum)
        if kind == "string" and any(v.kind in ("money", "percent") and re.search(
                rf"\b(?:{_field_words(key)})(?:d|ed)?\s+{verbs}\s*$", self.text[max(0, v.start - 40) : v.start],
                re.I) for v in self.values):
            return "number"  # "Adult tickets are £9" for adult_ticket, "Quoted £85" for quote: an amount the key's
            # words name
        if kind == "string" and counted & set(content_words(name.replace("_", " "))) and role_of(key, {}) == "value":
            return "integer"  # "frames_of_brood" and "6 frames of brood": the key names what a number counts
        # ("status", "basis", "address" are no plurals)
        if kind == "string" and re.fullmatch(r"[a-z_]*[a-hj-rtv-z]s", name) and not cues.SINGULAR_IN_S.search(name) and \
                role_of(key, {}) in ("value",):
            has_numbers = any(v.kind == "number" for v in self.values)
            named = set(content_words(name.replace("_", " "))) & set(content_words(self.text))
            items = _enumeration(self.text, set(content_words(name.replace("_", " "))))
            listed = len(items) >= 2 and not any(re.search(r"\d", i) for i in items)  # (not "Mr Lind, 72, ward 6")
            if listed and (named or not has_numbers):
                return "array"
            if has_numbers and (named or len(items) < 2):
                return "integer"  # "beds" of a text that lists nothing; not "allergies" beside "Mr Lind, 72, ward 6"
            if listed:
                return "array"
        if kind == "array" and cues.PERSON_LIST_KEY.fullmatch(name) and re.search(
                rf"\b{_field_words(key)}\s+of\s+\w+|\b\w+\s+{_field_words(key)}\b", self.text, re.I) and any(
                v.is_numeric and re.search(rf"\b{_field_words(key)}\b", self._window(v), re.I) for v in self.values):
            return "integer"  # "a crew of four": the key counts, it lists no one
        return kind

    def _derived_duration(self, key: str) -> Value | None:
        """A duration field the text implies by two clock times ("departs 09:05, lands 13:50" -> 285 minutes)."""
        times = [v for v in self.values if v.kind == "time"]
        if len(times) != 2 or not re.search(r"duration|minutes|hours|length|how_long|travel_time|flight_time",
                                             _snake(key)):
            return None
        between = self.text[times[0].end : times[1].start]
        if len(between) > 40 or re.search(r"[.;!?]\s", between) or not re.search(r"\b(?:to|until|till|and)\b|[-–]",
                                                                                  between):
            return None  # two clock times of one span ("from 6:30 pm to 9 pm"), not of two events
        return Value("duration", minutes_between(times[0].value, times[1].value), "", -1, -1, "minute")

    def _nights_between(self, key: str) -> Value | None:
        """A ``nights`` field the text implies by the two dates of a stay ("Arrive Sat 21 August ..., depart Sat 28
        August" -> 7), when it writes no number of nights itself."""
        if not re.search(r"(?:^|_)nights$", _snake(key)) or any(
                v.is_numeric and re.match(r"nights?\b", v.unit or "") for v in self.values):
            return None
        dates = [v for v in self.values if v.kind == "date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(v.value))]
        if len(dates) < 2 or not re.search(r"\b(?:arriv\w*|check(?:ing)?[ -]in)\b", self.text[max(0, dates[0].start - 40) :
                                                                                            dates[0].start], re.I):
            return None
        end = dates[1]
        if not re.search(r"\b(?:depart\w*|leav\w*|check(?:ing)?[ -]out)\b", self.text[max(0, end.start - 40) : end.start],
                         re.I):
            return None
        nights = (datetime.date.fromisoformat(end.value) - datetime.date.fromisoformat(dates[0].value)).days
        return Value("number", nights, str(nights), -1, -1) if 0 < nights < 366 else None

    # other types ------------------------------------------------------------------------------------------------

    def enum(self, key: str, prop: dict[str, Any]) -> tuple[Any, bool]:
        options = list(prop["enum"])
        named = named_value(key, self.text, [str(o) for o in options])
        if named is not None:
            return next(o for o in options if str(o) == named), True
        lowered = self.text.lower()
        said = {o: [m.start() for m in re.finditer(rf"(?<![\w-]){re.escape(str(o).lower())}(?![\w-])", lowered)]
                for o in options}  # ("off-peak" names the option off-peak, not also peak)
        for o in options:  # a size letter is written in capitals, never a unit ("1.88 m"), or spelled out ("in large")
            if len(str(o)) <= 2:
                spelled = cues.SIZE_LETTERS.get(str(o).upper())
                pattern = rf"(?<![\w-])(?<!\d\s){re.escape(str(o))}(?![\w-])" + (
                    rf"|(?i:(?<![\w-])(?<!extra\s){spelled}(?![\w-]))" if spelled else "")
                said[o] = [m.start() for m in re.finditer(pattern, self.text)]
        negated = cues.NEGATION_BEFORE.search
        literal = [o for o in options if said[o]]
        if len(literal) == 1 and all(negated(lowered[max(0, at - 25):at]) for at in said[literal[0]]):
            return None, False  # "The road is not fully open": the text denies the one option it names
        if len(literal) == 1:
            return literal[0], True
        denied = {o for o in options if re.search(rf"(?:\b(?:not|never|no)|n't)\b[^.;,]{{0,25}}\b{re.escape(stem(str(o)))}",
                                                  lowered)}  # "it's not for complete beginners"
        if self.skills.classify and len(options) - len(denied) >= 2:
            label, confidence = self.skills.classify(self.text, [str(o) for o in options if o not in denied])
            if confidence >= ENUM_CONFIDENCE:  # a near tie between options is a guess, not a reading of the text
                return next(o for o in options if str(o) == label), True
        return None, False

    def _labels(self, key: str, value: str) -> bool:
        """Whether the text writes the key's own words just before the value ("Test piece is 'Saga of the North'")."""
        words = r"[\s_-]+".join(re.escape(w) for w in _snake(key).split("_") if w)
        return re.search(rf"\b{words}\b\W+(?:\w+\W+){{0,2}}{re.escape(value.strip())}", self.text, re.I) is not None

    def _untied(self, key: str, prop: dict[str, Any], out: dict[str, Any], path: str, beside: dict[str, str]) -> bool:
        """Whether a string value just filled is one the text does not tie to its field, checked once every field of
        the object has its value:

        - a field of no known role given only its own words ("Gift Aid" for ``gift_aid``), a person when it names
          a kind of thing (``class_name``, ``section``, ``breed``) or while a field for people stays empty, a name
          another field holds ("procedure" is not the patient's name; unless its own word stands beside it), or
          nothing but a date or count ("boat", "pier");
        - an organisation or place given the value another field's own words stand just before;
        - any field but a title given a title alone ("Mr "), and a person field given a street ("Rydal Close").
        """
        value = out[key]
        if not isinstance(value, str) or not value.strip() or "enum" in prop:
            return False
        role = role_of(key, prop)
        prefix = path[: len(path) - len(key)]
        if role in ("organisation", "place") and any(
                isinstance(v, str) and v.strip() == value.strip() and self._labels(k, value)
                for k, v in out.items() if k != key) and not self._labels(key, value):
            return True  # "Test piece is 'Saga of the North'": the test_piece's, not the band's
        if role == "value":
            own = set(content_words(_snake(key).replace("_", " ")))
            person = any(v.kind == "person" and v.text == value.strip() for v in self.values)
            if own >= set(content_words(value)) > set() or person and (cues.KIND_KEY.search(_snake(key)) or any(
                    out.get(k) is None for k in out if k != key and role_of(k, {}) == "person")):
                return True  # (a person, while a field for people stays empty, is not this field's)
            others = {v.strip().lower() for k, v in out.items() if k != key and isinstance(v, str)}
            if path not in beside and (value.strip().lower() in others and path in self.names
                                       or _only_date_or_count(value, key)):
                return True
        words = [w for w in re.findall(r"[^\W\d_]+", value) if w not in HONORIFICS and w.lower() not in STOPWORDS]
        if role != "title" and not words and not re.search(r"\d", value) and len(value.strip()) > 1:
            return True
        return role == "person" and value.split()[-1] in cues.STREET_HEADS

    def boolean(self, key: str, prop: dict[str, Any]) -> bool | None:
        form = re.search(rf"\b(?:{_field_words(key)})\s*[:=]\s*(yes|no|y|n|true|false)\b", self.text, re.I)
        if form:  # "Underground services marked: no - there are no plans"
            return form.group(1).lower() in ("yes", "y", "true")
        bare = cues.BOOLEAN_KEY.sub("", _snake(key)) or _snake(key)  # "on_display" is its own subject
        item = re.search(rf"\b(?:{_field_words(bare)})\s*(?:[:=-]\s*)?(yes|no)\b(?=\s*(?:[,.;)\n]|$))", self.text, re.I)
        if item and bare != _snake(key):  # has_box of "Box and papers: papers yes, box no."
            return item.group(1).lower() == "yes"
        terms = set(content_words(f"{bare.replace('_', ' ')} {prop.get('description', '')}"))
        if {"own", "owns"} & set(_snake(key).split("_")):  # own_helmet of "Helmet provided, he hasn't got his own yet"
            for sentence in split_sentences(self.text):
                owned = next((c for c in re.split(r"[,;:]\s*|\s+(?:but|whereas|while|although)\s+", sentence)
                              if cues.BRINGS_OWN.search(c)), None)
                if owned and terms & {w.rstrip("s") for w in content_words(sentence)} | set(content_words(sentence)):
                    return not re.search(r"\b(?:not|never)\b|n't\b", owned, re.I)
        event = cues.EVENT_STATE.search(_snake(key))
        event_words = cues.EVENT_WORDS[event.group(0).lstrip("_")] if event else ""
        state = _snake(key).rsplit("_", 1)[-1]  # "dogs_allowed" of "dogs are banned": the opposite said
        opposites = cues.OPPOSITES.get(state, ()) if state not in terms else ()
        for sentence in split_sentences(self.text):  # the clause that says it: "no queen seen, but eggs present"
            clauses = re.split(r"[,;:]\s*|\s+(?:but|whereas|while|although)\s+", sentence)
            for clause, after in zip(clauses, [*clauses[1:], ""]):
                said = {w.rstrip("s") for w in content_words(clause.replace("non-", "non ")) + content_words(
                    clause.replace("-", " "))}  # ("non-refundable": not refundable; "gift-wrapped": gift, wrapped)
                wanted = {t.rstrip("s") for t in terms}
                every = said | {stem(w).rstrip("s") for w in re.findall(r"[a-z]+", clause.lower())}  # (with "own")
                if wanted & said and (wanted <= every or cues.BRINGS_OWN.search(clause)):
                    # ("pass"/"passed"). Every word of the key, not one: "original
                    # stuffing kept" says nothing of stuffing_replaced, "giving up her locker" nothing of keeps_locker
                    if cues.BRINGS_OWN.search(clause) and {"own", "owns"} & set(_snake(key).split("_")):
                        return not re.search(r"\b(?:not|never)\b|n't\b", clause, re.I)  # "bringing his own kit"
                    if cues.BRINGS_OWN.search(clause) or re.search(r"\bnot included\b|\bat extra cost\b|\bcosts? extra\b|\b(?:is|are) extra\b",
                                                               clause, re.I):
                        return False  # "bring your own lunch": lunch is not included or provided
                    opposed = any(re.search(rf"\b{o}\b", clause, re.I) for o in opposites)
                    denied = opposed or re.search(r"\b(?:not|no|never|without|neither|nor|non|nobody|nothing|none|"
                                                  r"no one)\b|n't\b|\bnon-", clause, re.I) or any(re.search(
                        rf"\b(?:off|out of|removed from|taken from)\s+(?:the\s+)?{re.escape(t)}", clause, re.I)
                        for t in terms)  # "taken off display": not on display
                    if event and cues.PENDING.search(clause):
                        return False  # "to be paid at the AGM": it has not happened yet
                    if event and not re.search(rf"\b(?:{event_words})", clause, re.I) and not denied:
                        continue  # "Saturday's class" names the class, not its cancellation
                    undone = [m for m in cues.UNDONE.finditer(clause) if stem(m.group(0).lower()) not in terms
                              and not (event and re.match(event_words, m.group(0), re.I))]  # (the event itself)
                    if not denied and (undone or re.match(r"(?:which|that)\b.*(?:\b(?:not|never)\b|n't\b)", after, re.I)):
                        return None  # "The talk is off until further notice", "£25 extra, which she didn't take":
                        # a mention undone or denied after it settles nothing either way
                    return not denied
        said_terms = terms | ({stem(event.group(0).lstrip("_"))} if event else set())
        opposites = [o for t in said_terms for w, os in cues.OPPOSITES.items() if stem(w) == t for o in os]
        for sentence in split_sentences(self.text):  # "is_open" of "closed since Monday": the opposite is said
            for clause in re.split(r"[,;:]\s*|\s+(?:but|whereas|while|although)\s+", sentence):
                if any(re.search(rf"\b{o}\b", clause, re.I) for o in opposites):
                    return bool(re.search(r"\b(?:not|no|never)\b|n't\b", clause, re.I))
        return None

    def array(self, path: str, key: str, prop: dict[str, Any]) -> list[Any]:
        items = _resolve(prop.get("items", {}), self.defs)
        kind = items.get("type", "string")
        name = _snake(key)
        if kind == "object":  # an item none of whose fields the text gives is no item (a heading before the list)
            records = []
            for chunk in self._records(items):
                sub = _Filler(chunk, self.skills, self.defs, record=True)
                values = sub.obj(f"{path}[{len(records)}]", items)
                if any(sub.found.values()):
                    records.append(values)
                    self._adopt_report(sub)
            return records
        if kind in ("integer", "number"):
            own = set(content_words(name.replace("_", " ")))
            numbers = [v for v in self.values if v.kind in ("number", "money", "percent") and v.start not in self.claimed
                       and (v.start not in self.coded or cues.ID_KEY.search(name) or cues.ID_KEY.search(name.rstrip("s"))
                            or _shares_term(own, self.text[max(0, v.start - 12) : v.start]))]
            # (an identifier labelled by the field's own word is its value: "Lanes 7 and 8" for lanes)
            said = [(a, b) for a, b in _clauses(self.text) if _shares_term(set(content_words(name.replace("_", " "))),
                                                                            self.text[a:b])]
            if said:  # the numbers of the clause that names the field ("Lots 4471, 4480 and 4502 ... failed")
                numbers = [v for v in numbers if any(a <= v.start < b for a, b in said)]
                parts = [(a + p.start(), a + p.end()) for a, b in said
                         for p in re.finditer(r"(?:(?!,?\s+and\s+[a-z]+\s+\d).)+", self.text[a:b])]
                # ("stones 3, 8 and 15 have fallen and stone 11 leans": each subject's numbers, for fallen and leaning)
                named = [(a, b) for a, b in parts if _shares_term(own, self.text[a:b])]
                if len(parts) > len(said) and named:
                    numbers = [v for v in numbers if any(a <= v.start < b for a, b in named)]
            run = longest_run(self.text, numbers)
            if len(run) >= 3:  # "100 targets over 10 stands. Stand by stand: 9, 8, 10, 7, 9 - total 88": the list
                numbers = run
            for v in numbers:
                self.claimed.add(v.start)
            return [int(v.value) if kind == "integer" else v.value for v in numbers]
        if "enum" in items:
            return [o for o in items["enum"] if re.search(rf"\b{re.escape(str(o))}\b", self.text, re.I)]
        role = role_of(key.rstrip("s"), items)
        written = _enumeration(self.text, set(content_words(key.replace("_", " "))), set(self.lists_taken))
        named_list = len(written) >= 2 and all(item[:1].isupper() for item in written)
        if cues.PERSON_LIST_KEY.search(name) or role == "person":
            people = _unique(v.value for v in self.values if v.kind == "person")
            people = [p for p in people if not any(o != p and o.startswith(f"{p} ") for o in people)]
            return written if named_list else people  # ("Ingrid Solberg ... with Ingrid leading": one player)
        if cues.PLACE_LIST_KEY.search(name) or role == "place":  # a written list of names, else every place named
            places = _unique(v.value for v in self.values if v.kind == "place")
            if not places and len(written) >= 2 and not cues.PLACE_LIST_KEY.search(name):
                return written  # "to_pack" of "Pack: two lights, a reel and a mask": no place in it, the list is it
            return written if named_list else places
        if role in ("date", "time") and (items.get("format") or re.search(r"date|time|day|when", name)):
            found = [v for v in self.values if v.kind == role and v.start not in self.claimed]  # ("calls_at" lists
            qualifiers = set(content_words(name.replace("_", " "))) - set(content_words("times dates days when"))
            said = [(a, b) for a, b in _clauses(self.text) if _shares_term(qualifiers, self.text[a:b])]  # (stops)
            if said:  # "Guided tours start at 11:00 and 3 pm" for tour_times, not the opening hours before it
                found = [v for v in found if any(a <= v.start < b for a, b in said)]
            for v in found:
                self.claimed.add(v.start)
            return _unique(v.value for v in found)
        if role == "colour":  # colour words are a closed class: the list is the colours the text names
            return _unique(m.group(0).lower() for m in re.finditer(rf"\b(?:{'|'.join(cues.COLOURS)})\b", self.text, re.I))
        if role == "email":
            return EMAIL.findall(self.text)
        if cues.PLAN_LIST_KEY.search(name) and self.skills.plan:
            return self.skills.plan(self.text)
        labelled = re.search(rf"\b(?:{_field_words(key)})\s*:\s*([^.;:\n]+)", self.text, re.I)
        if labelled:  # "Sold out: crab." -- the items after the field's own name and a colon
            self.lists_taken.add(labelled.start(1))
            return [p for p in (re.sub(r"^(?:a|an|the)\s+", "", p.strip(), flags=re.I) for p in
                                re.split(r",\s*(?:and|or)?\s*|\s+(?:and|or)\s+", labelled.group(1))) if p]
        own = set(content_words(key.replace("_", " ")))
        return _anchored_list(self.text, own) or _enumeration(self.text, own, self.lists_taken)

    def _records(self, items: dict[str, Any]) -> list[str]:
        """The text cut into one chunk per list item: at each name of the kind the item's name field wants, or at
        each line or sentence holding values."""
        props = items.get("properties", {})
        anchor_role = next((role_of(k, p) for k, p in props.items()
                            if role_of(k, _resolve(p, self.defs)) in ("person", "place", "organisation")), None)
        if anchor_role:
            kinds = {"person": ("person", "name"), "place": ("place", "name"), "organisation": ("organisation", "name")}
            anchors = [v for v in self.values if v.kind in kinds[anchor_role]
                       and not re.match(r"\s*:", self.text[v.end :])]  # "Project Heron: ..." heads the list
            typed = [v for v in anchors if v.kind == anchor_role]
            if len(typed) > 1:  # "The Driftwood Trio: Mara Quinn on fiddle, ...": the items are the people
                anchors = typed
            # items written in parallel ("Riga on 12 May (400 seats), Vilnius on 14 May (650 seats), ...") are cut
            # at their commas when that finds more of them than the names do (a name opening a list is easily missed)
            cut = r"[;\n]|:\s+|,\s+(?![^()]*\))|\s+and\s+(?=[A-Z]|(?:the|an?)\s)(?![^()]*\))"  # ("and the tenor (...)")
            parallel = [p for p in re.split(cut, self.text) if any(v.is_numeric or v.kind in ("date", "time")
                                                                   for v in extract(p))]
            headed = False
            head = re.match(r"[^:()]*:\s+", self.text)  # "Recast in 2026 for Marden: the treble (248 kg), ...": what
            if head and len(tail := [p for p in re.split(cut, self.text[head.end() :]) if any(  # the colon opens
                    v.is_numeric or v.kind in ("date", "time") for v in extract(p))]) >= 2:  # is the list; before it,
                parallel, headed = tail, True  # its heading
            named = [p for p in parallel if re.search(r"(?:^|\s)[^\W\d_a-z][\w'-]+", p)]
            if len(named) > len(parallel) / 2:  # items are parallel: where most name someone, one that names no one
                parallel = named  # ("round 3" before "1st Mai Tanaka with 87.4 points, ...") is no item
            grouped = _name_led_items(self.text[head.end() :] if headed else self.text, cut)
            if len(grouped) >= 2 and len(grouped) <= len(parallel) and len(grouped) >= len(anchors) - 1:
                return grouped  # "Solent Flyer, built 2016, 80 seats, and Island Flyer, built 2016, 88 seats"
            if headed and len(parallel) >= 2:
                anchors = [v for v in anchors if v.start >= head.end()]  # (the heading names no item)
            if len(parallel) >= 2 and len(parallel) >= len(anchors):
                return parallel
            if len(anchors) > 1:
                cuts = [a.start for a in anchors] + [len(self.text)]
                return [self.text[a:b] for a, b in zip(cuts, cuts[1:])]
        lines = [line for line in re.split(r"\n+|(?<=[.;])\s+", self.text) if extract(line)]
        if len(lines) == 1:  # one sentence of items led by their quantities ("Stilts in the store: one pair of 60 cm
            head = re.match(r"[^:()]*:\s+", lines[0])  # drywall stilts and two pairs of 90 cm peg stilts."): cut at
            cut = r",\s+(?![^()]*\))|;\s*|\s+and\s+(?=(?:\d|an?|one|two|three|four|five|six|seven|eight|nine|ten)\b)"
            parts = [p for p in re.split(cut, lines[0][head.end():] if head else lines[0])  # each "and" before one
                     if any(v.is_numeric for v in extract(p))]
            if len(parts) >= 2:
                return parts
        return lines or [self.text]

    # objects ----------------------------------------------------------------------------------------------------

    def _adopt_report(self, sub: _Filler) -> None:
        """Take what a filler of one part of the text (a list item, a nested record) found as this filler's own: its
        found paths, required and nullable paths, and the paths its text says are not known yet."""
        self.found.update(sub.found)
        self.required += sub.required
        self.nullable |= sub.nullable
        self.said_unknown |= sub.said_unknown

    def obj(self, path: str, schema: dict[str, Any], text: str | None = None) -> dict[str, Any]:
        if text is not None and text != self.text:
            sub = _Filler(text, self.skills, self.defs, record=True)
            values = sub.obj(path, schema)
            self._adopt_report(sub)
            return values
        props = {k: _resolve(p or {}, self.defs) for k, p in schema.get("properties", {}).items()}
        props = {k: self._as_doer(k, p) for k, p in props.items()}
        self.field_words |= {w for k in props for w in _snake(k).split("_")}
        self.person_fields = sum(role_of(k, p) == "person" for k, p in props.items())
        self.siblings[path] = set(props)
        self.nullable.update(f"{path}.{k}" if path else k for k, p in schema.get("properties", {}).items()
                             if _nullable(p or {}))
        required = set(schema.get("required", []))
        prefix = f"{path}." if path else ""
        out: dict[str, Any] = {}
        kinds = {k: p.get("type") or self._guess_from_text(k) for k, p in props.items()}  # before anything is claimed
        numeric = [(f"{prefix}{k}", k, p) for k, p in props.items() if kinds[k] in ("integer", "number") and "enum" not in p]
        if any(cues.ORDINAL_KEY.search(_snake(k)) for _, k, _ in numeric):
            self.values = sorted([*self.values, *_ordinals(self.text, self.values)], key=lambda v: v.start)
        ranged = self._range_ends(numeric)  # "locks 7 to 12": first_lock 7, last_lock 12
        ranged.update(self._dimensions([f for f in numeric if f[0] not in ranged]))  # "450 x 150 mm": width, height
        numbers = {**ranged, **self._assign_numbers([f for f in numeric if f[0] not in ranged])}
        open_fields = [(f"{prefix}{k}", k, p) for k, p in props.items()
                       if role_of(k, p) == "value" and "enum" not in p and kinds[k] == "string"
                       and not read_only_beside(k) and not read_beside_key(k, self.text)]
        # (a field its own words fill chooses no name)
        # a name the field's own word stands next to ("Priya Nair (white)") is that field's before anything else
        beside = self._assign_names(open_fields, strong_only=True)
        self.names.update(beside)
        typed_first = [k for k in props if role_of(k, props[k]) not in ("value", "free_text", "summary", "answer")
                       and kinds[k] == "string" and "enum" not in props[k]]  # (an enum picks an option, claims no name)
        typed_first.sort(key=lambda k: (role_of(k, props[k]) not in _PATTERN_ROLES,  # exact patterns claim first,
                                        role_of(k, props[k]) != "street",  # then a street (a place, but no city),
                                        _locality_rank(_snake(k)),  # a country, then a city, before a hotel in it,
                                        role_of(k, props[k]) == "person" and bool(cues.GENERIC_PERSON.search(_snake(k))),
                                        _snake(k) != role_of(k, props[k])))
        # (and a "keeper" before a "name", which any person may fill; a key named for its role, "date", before a
        # "found_at" that only may hold one)
        self._rivals = {f"{prefix}{k}": [set(content_words(_snake(o).replace("_", " "))) for o in props if o != k
                                         and role_of(o, props[o]) in ("time", "when", "date")]
                        for k in props if role_of(k, props[k]) in ("time", "when", "date")}
        for key in typed_first:  # names with a role (person, place...) claim theirs before the open fields choose
            self._typed_strings[f"{prefix}{key}"] = self.string(key, props[key], f"{prefix}{key}")
        self.names.update(self._assign_names([f for f in open_fields if f[0] not in self.names]))
        # typed string roles first (they claim their spans), free-text and unknown-role fields last
        order = sorted(props, key=lambda k: role_of(k, props[k]) in ("value", "free_text", "summary", "answer"))
        for key in order:
            p, full = props[key], f"{prefix}{key}"
            kind = kinds[key]
            if kind not in ("boolean", "object", "array") and re.search(rf"\b(?:{_field_words(key)}){cues.NOT_GIVEN}", self.text,
                                                                        re.I):
                value, found = None, False  # "Test date not booked yet", "entry fee TBC": the text says it is not known
                self.said_unknown.add(full)
            elif "enum" in p:
                value, found = self.enum(key, p)
            elif kind in ("integer", "number"):
                v = self._free_of(key) or self._none_of(key) or self._nights_between(key) or numbers.get(full) or \
                    self._derived_duration(key)
                if v is not None and cues.DENIED_ONE.search(self.text[max(0, v.start - 60) : v.start]):
                    v = Value("number", 0, v.text, v.start, v.end)  # "didn't hit a single 180": none of them
                value = _as_number(v, kind, key) if v else None
                found = v is not None
            elif kind == "boolean":
                value = self.boolean(key, p)
                found = value is not None
            elif kind == "object":
                value = self.obj(full, p)
                found = any(self.found.get(f"{full}.{k}") for k in p.get("properties", {}))
            elif kind == "array":
                value = self.array(full, key, p)
                found = bool(value)
            else:
                value = self._typed_strings[full] if full in self._typed_strings else self.string(key, p, full)
                found = value not in (None, "")
            if not found and "default" in p:
                value = p["default"]
            out[key] = value if found or "default" in p else (value if kind in ("object", "array") else None)
            self.found[full], self.kinds[full] = found, kind
            if key in required:
                self.required.append(full)
        for key in props:
            if self._untied(key, props[key], out, f"{prefix}{key}", beside):
                out[key], self.found[f"{prefix}{key}"] = None, False
        for key in props:  # a list item's own name in lower case ("the treble (248 kg, note G)"), read once the
            # other fields have taken their words
            if self.record and _snake(key) == "name" and out[key] is None and kinds[key] == "string" and \
                    (rest := self._leftover_phrase()):
                out[key], self.found[f"{prefix}{key}"] = rest, True
        return {key: out[key] for key in props}


_PER_PACK = re.compile(r"\s+(?:to|per|in)\s+(?:a|an|each|one|every|the)\s+([a-z]+)\b", re.IGNORECASE)


_FROM_TO = re.compile(r"\bfrom\s+([A-Za-z0-9][\w'.:/-]*?)\s+(?:to|into|until|till)\s+([A-Za-z0-9][\w'.:/-]*?)"
                      r"(?=[\s,;:!?)]|\.?$|\.\s)")


def _from_to(key: str, text: str) -> str | None:
    """One end of a change the text writes as "from A to B", for a field named for that end (``size_from``,
    ``to_grade``): the phrase after the field's noun ("resize from J to M"), or the only such phrase.

    >>> _from_to("size_from", "Resize from J to M, polish from 9 to 10."), _from_to("size_to", "Resize from J to M.")
    ('J', 'M')
    >>> _from_to("grade_to", "Moved from 3 to 4 and from 5 to 6.") is None
    True

    A span of time ("from June to September") has a first and a last: ``first_month`` and ``last_month`` (never a
    ``first_name``).

    >>> _from_to("last_month", "It can be rented from June to September."), _from_to("first_name", "from Jo to Al")
    ('September', None)
    """
    m = re.fullmatch(r"(.+)_(from|to)|(from|to)_(.+)", _snake(key)) or re.fullmatch(
        rf"(first|start|opening|earliest|last|end|closing|final|latest)_({cues.SPAN_NOUNS})", _snake(key))
    if not m:
        return None
    if m.re.groups == 2:  # first_month, last_month
        noun, end = m.group(2), "from" if m.group(1) in ("first", "start", "opening", "earliest") else "to"
    else:
        noun, end = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
    phrases = list(_FROM_TO.finditer(text))
    near = [p for p in phrases
            if stem(noun) in re.split(r"[,;:.!?]\s", text[max(0, p.start() - 25) : p.start()])[-1].lower()]
    chosen = near[-1:] if near else phrases if len(phrases) == 1 else []
    return chosen[0].group(1 if end == "from" else 2) if chosen else None


def _shares_of_sums(text: str, values: list[Value]) -> list[Value]:
    """The sum each percentage makes of the nearest sum before it in its sentence ("Price £620; 50% deposit" gives
    £310), offered to money fields only: a ``deposit`` is an amount, a ``deposit_percent`` the 50.

    >>> [(v.kind, v.value) for v in _shares_of_sums("Price £620; 50% deposit.", extract("Price £620; 50% deposit."))]
    [('money', 310)]
    """
    out = []
    for p in (v for v in values if v.kind == "percent"):
        sums = [m for m in values if m.kind == "money" and m.end <= p.start and m.value
                and not re.search(r"[.!?]\s", text[m.end : p.start])]
        if sums and p.start - sums[-1].end <= 40:
            base = sums[-1]
            share = round(base.value * p.value / 100, 2)
            out.append(Value("money", int(share) if share == int(share) else share, p.text, p.start, p.end, base.unit))
    return out


def _per_pack(text: str, v: Value) -> re.Match[str] | None:
    """The "to a case" of "12 bottles to a case" (also "per box", "in each crate"): the number is a pack's size."""
    if not v.unit or v.unit.lower() in ("to", "per", "in"):
        return _PER_PACK.match(text, v.end)  # "3 boxes (100 to a box)"
    noun = re.compile(rf"[^.;!?]{{0,30}}?\b{re.escape(v.unit)}\b", re.IGNORECASE).match(text, v.end)
    return _PER_PACK.match(text, noun.end()) if noun else None


def _packed_totals(text: str, values: list[Value]) -> list[Value]:
    """Counts of packs turned into counts of what the packs hold: "2 cases of Heather Gold (12 bottles to a case)"
    and "3 boxes of 6 eggs" give 24 bottles and 18 eggs. Each total spans the count and the pack size it is made of,
    so a field takes either the total or one of its parts, never both.

    >>> text = "2 cases of Gold (12 bottles to a case), 3 boxes of 6 eggs."
    >>> [(v.value, v.unit) for v in _packed_totals(text, extract(text))]
    [(24, 'bottles'), (18, 'eggs')]
    """
    numbers = [v for v in values if v.kind == "number" and v.unit]
    out = []
    for size in numbers:
        pack = _per_pack(text, size)
        if pack:  # "12 bottles to a case": the nearest count of cases before it, in the same sentence
            counts = [c for c in numbers if c.end <= size.start and stem(c.unit.lower()) in (
                          stem(pack.group(1)), stem(pack.group(1) + "s"))  # ("cases" and "a case")
                      and not re.search(r"[.;!?]\s", text[c.end : size.start])]
            if counts:
                out.append(Value("number", counts[-1].value * size.value, text[counts[-1].start : pack.end()],
                                 counts[-1].start, pack.end(), size.unit))
            continue
        count = next((c for c in numbers if c.end < size.start and re.fullmatch(
            rf"\s+{re.escape(c.unit)}\s+of\s+", text[c.end : size.start], re.IGNORECASE)), None)
        if count and not _is_measure(size.unit):  # "3 boxes of 6 eggs" (but "2 bags of 5 kg" is 2 bags, 5 kg each)
            out.append(Value("number", count.value * size.value, text[count.start : size.end + len(size.unit) + 1],
                             count.start, size.end, size.unit))
    return out


def _only_date_or_count(value: str, key: str) -> bool:
    """Whether a string is nothing but a date, or nothing but a number, for a field whose name does not ask for one
    ("Saturday 6 Nov 2027" is no ``boat``, "3" no ``pier``; a ``month`` may be "November 2026", an ``order_no``
    "55012"). A clock time may be a field's value whatever its name (``first_ferry`` "06:10").

    >>> _only_date_or_count("Saturday 6 Nov 2027", "boat"), _only_date_or_count("3", "pier")
    (True, True)
    >>> _only_date_or_count("Pier 3", "pier"), _only_date_or_count("November 2026", "month")
    (False, False)
    >>> _only_date_or_count("55012", "order_no"), _only_date_or_count("06:10", "first_ferry")
    (False, False)
    """
    found = extract(value, kinds=("date", "time", "number", "year", "duration"))
    rest = value
    for v in sorted(found, key=lambda v: -v.start):
        rest = rest[: v.start] + rest[v.end :]
    if re.sub(rf"\b(?:{'|'.join(WEEKDAYS)})\w*\b|[\W_]+", "", rest, flags=re.I) or not found or \
            any(v.kind in ("time", "duration") for v in found):
        return False  # words of its own (a name, whatever numbers it holds), or a clock time
    name = _snake(key)
    if all(v.kind in ("number", "year") for v in found):
        return not cues.ID_KEY.search(name)
    return not re.search(r"(?:^|_)(?:month|date|day|week|year|when|period|season|term|slot|session)s?(?:$|_)", name)


def _locality_rank(name: str) -> int:
    """The order place fields claim names in: the larger unit first ("Tampere in Finland": the country is the one
    after "in"), then towns, then anything else (a hotel, a venue).

    >>> [_locality_rank(n) for n in ("country", "region", "home_city", "hotel")]
    [0, 1, 2, 3]
    """
    if re.search(r"(?:^|_)country(?:$|_)", name):
        return 0
    if re.search(r"(?:^|_)(?:region|state|county|province|island)(?:$|_)", name):
        return 1
    return 2 if cues.LOCALITY_KEY.search(name) else 3


def _shares_term(terms: set[str], text: str) -> bool:
    """Whether the text uses one of the (stemmed) terms, allowing for stems cut at different lengths ("clas" and
    "classes").

    >>> _shares_term({"clas", "tim"}, "Classes run at 10:30"), _shares_term({"tour"}, "The shop opens at 9")
    (True, False)
    """
    words = set(content_words(text))
    return any(t == w or len(t) >= 4 and len(w) >= 4 and (w.startswith(t) or t.startswith(w)) for t in terms for w in words)


def _clauses(text: str) -> list[tuple[int, int]]:
    """The spans of a text's sentences and semicolon clauses."""
    return [(m.start(), m.end()) for m in re.finditer(r"(?:[^.;!?\n]|[.!?](?=\S))+[.;!?]?", text)]


def _nullable(prop: dict[str, Any]) -> bool:
    """Whether a schema property allows null: ``anyOf: [X, null]``, ``type: [X, "null"]`` or a null default.

    >>> _nullable({"anyOf": [{"type": "integer"}, {"type": "null"}]}), _nullable({"type": "integer"})
    (True, False)
    """
    options = prop.get("anyOf") or prop.get("oneOf") or []
    kinds = prop.get("type") if isinstance(prop.get("type"), list) else [prop.get("type")]
    return "null" in kinds or any(o.get("type") == "null" for o in options) or (
        "default" in prop and prop["default"] is None)


def _ordinal_of(key: str) -> int | None:
    """Which of several times a key asks for by an ordinal word in its name, as a list index.

    >>> _ordinal_of("first_bus"), _ordinal_of("last_ferry"), _ordinal_of("bus")
    (0, -1, None)
    """
    return next((cues.ORDINALS[w] for w in _snake(key).split("_") if w in cues.ORDINALS), None)


def _modifies_noun(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` is followed by a common noun it qualifies ("Glen Feshie bothy"), not by a
    verb or function word ("Old Brambling is").

    >>> _modifies_noun("Glen Feshie bothy sleeps 8", 11), _modifies_noun("Old Brambling is a cheese", 13)
    (True, False)
    """
    m = re.match(r"\s+([a-z]+)\b", text[end:])
    return bool(m) and m.group(1) not in STOPWORDS and not m.group(1).endswith(("ed", "s"))


def _ordinals(text: str, values: list[Value]) -> list[Value]:
    """Ordinal numbers ("third", "2nd") as numbers counting "ordinal", where no other value stands.

    >>> [(v.value, v.text) for v in _ordinals("It crossed the line third, 2nd in class.", [])]
    [(3, 'third'), (2, '2nd')]
    """
    found = []
    for m in re.finditer(rf"\b(?:({'|'.join(cues.ORDINAL_WORDS)})|(\d+)(?:st|nd|rd|th))\b", text, re.I):
        if not any(v.start < m.end() and v.end > m.start() for v in values):
            number = cues.ORDINAL_WORDS[m.group(1).lower()] if m.group(1) else int(m.group(2))
            found.append(Value("number", number, m.group(0), m.start(), m.end(), "ordinal"))
    return found


def _dated(text: str, v: Value, values: list[Value]) -> Value | None:
    """A date written with slashes whose day and month could be either way round ("12/02/2027") read the way the
    text confirms by a date in words ("(12 February)"); unconfirmed, it is no date at all (a guess either way).

    >>> from labkit.llm.offline.values import extract
    >>> text = "Vet check on 12/02/2027 (12 February), next on 03/04/2027."
    >>> [_dated(text, v, extract(text)) for v in extract(text)][0].value, _dated(text, extract(text)[2], extract(text))
    ('2027-02-12', None)
    """
    if v.kind == "date" and str(v.value).startswith("--"):  # "due back on 24 December": the year of the text's
        full = [u for u in values if u.kind == "date" and re.match(r"\d{4}-\d\d-\d\d$", str(u.value))]  # dates
        if not full:
            period = [u for u in values if u.kind == "year" and u.start < v.start and PERIOD_AFTER_YEAR.match(
                text[u.end :]) and not re.search(r"[.!?;]\s", text[u.end : v.start])]
            if len(period) == 1:  # "the 2028 season runs from 31 March": the year of the period the sentence dates
                return Value("date", f"{period[0].value:04d}{v.value[1:]}", v.text, v.start, v.end, v.unit)
            return None  # a day and month with no year anywhere: no date a schema can hold
        ref = min(full, key=lambda u: abs(u.start - v.start))
        year = int(ref.value[:4]) + (1 if v.value[2:] < ref.value[5:] and ref.start < v.start else 0)
        return Value("date", f"{year:04d}{v.value[1:]}", v.text, v.start, v.end, v.unit)  # (after 3 Dec 2026, a
        # 24 December is 2026's; after 28 Dec 2026, a 3 January is 2027's)
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2,4})", v.text) if v.kind == "date" else None
    if not m or int(m.group(1)) > 12 or int(m.group(2)) > 12 or m.group(1) == m.group(2) or not re.match(
            r"\d{4}-\d\d-\d\d$", str(v.value)):
        return v
    year = v.value[:4]
    readings = {f"{year}-{int(m.group(2)):02d}-{int(m.group(1)):02d}", f"{year}-{int(m.group(1)):02d}-{int(m.group(2)):02d}"}
    for u in values:
        if u is not v and u.kind == "date" and not re.search(r"\d/", u.text):
            said = next((r for r in readings if r.endswith(str(u.value)[-5:]) and str(u.value)[-3] == "-"), None)
            if said:
                return Value("date", said, v.text, v.start, v.end, v.unit)
    return None


def _measured_nouns(text: str) -> list[str]:
    """The lower-case things a text measures out: "48 kg of hake", "1,250 samples of barley", "two crates of lemon
    sole".

    >>> _measured_nouns("It took in 48 kg of hake at 6.20 per kilo, and 3 boxes of lemon sole.")
    ['hake', 'lemon sole']
    """
    found = re.findall(r"(?:\d[\d.,]*|\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten|twelve|a few))\s*"
                       r"[A-Za-z]+\s+of\s+(?:the\s+)?([a-z][a-z-]+(?:\s+[a-z][a-z-]+)?)(?=\s*(?:[.,;:!?)]|$|\s+(?:"
                       r"this|that|for|from|to|at|on|in|with|and|by|per|each|was|were|is|are|has|had)\b))", text)
    return [f for f in found if not any(w in STOPWORDS for w in f.split())]


def _digit_range(text: str, v: Value) -> list[Value]:
    """"7 to 12" written in digits after a noun ("locks 7 to 12") as the two ends of a range, not the clock time
    11:53; after "at", "by", "until" it stays a time.

    >>> [(u.kind, u.value) for u in _digit_range("locks 7 to 12", Value("time", "11:53", "7 to 12", 6, 13))]
    [('number', 7), ('number', 12)]
    """
    m = re.fullmatch(r"(\d{1,2}) to (\d{1,2})", v.text) if v.kind == "time" else None
    if not m or int(m.group(1)) >= int(m.group(2)) or re.search(
            r"\b(?:at|by|until|till|from|before|after|around|about|to|past)\s+$", text[max(0, v.start - 10) : v.start], re.I):
        return [v]
    return [Value("number", int(m.group(1)), m.group(1), v.start, v.start + len(m.group(1))),
            Value("number", int(m.group(2)), m.group(2), v.start + m.start(2), v.end)]


def _article_number(v: Value) -> Value:
    """A number word after "a" read as itself: "a three-year-old" is 3, not 1 and 3.

    >>> _article_number(Value("number", 4, "a three", 10, 17)).value
    3
    """
    m = re.fullmatch(r"an? ([a-z]+(?:-[a-z]+)?)", v.text) if v.kind == "number" else None
    said = parse_number(m.group(1)) if m and m.group(1) not in ("hundred", "thousand", "million", "billion", "dozen",
                                                                  "half", "quarter", "third", "couple", "pair") else None
    return Value(v.kind, said, v.text[m.start(1):], v.start + m.start(1), v.end, v.unit) if said is not None else v


def _joined_names(text: str, values: list[Value]) -> list[Value]:
    """Names as a reader takes them: two joined by "&" are one ("Baird & Sons"), and a kind of vessel before a name
    is no part of it ("Narrowboat Kestrel Dawn" is the boat Kestrel Dawn).

    >>> from labkit.llm.offline.values import extract
    >>> text = "Narrowboat Kestrel Dawn was sold by Baird & Sons to Crumb & Co."
    >>> [u.text for u in _joined_names(text, extract(text))]
    ['Kestrel Dawn', 'Baird & Sons', 'Crumb & Co']
    """
    names = ("person", "place", "organisation", "name")
    out: list[Value] = []
    for v in values:
        if v.kind == "person" and re.search(r"['’]s [A-Z]", v.text):
            v = Value("name", v.value, v.text, v.start, v.end)  # "Marlow's Fish Counter" is a place of business
        lead = re.match(rf"{cues.VESSEL_NOUNS.pattern}\s+(?=[A-Z])", v.text) if v.kind in names else None
        if lead:
            v = Value("name", v.text[lead.end():], v.text[lead.end():], v.start + lead.end(), v.end)
        before = re.search(r"(?:^|(?<=\s))([A-Z][\w'-]+)\s*&\s*$", text[max(0, v.start - 40) : v.start]) \
            if v.kind in names else None
        if before and not (out and out[-1].end > v.start - len(before.group(0))):  # "Crumb & Co": the word before
            joined = text[v.start - len(before.group(0)) : v.end]  # "&" is part of the name even if not read as one
            v = Value("organisation", joined, joined, v.start - len(before.group(0)), v.end)
        if out and v.kind in names and out[-1].kind in names and re.fullmatch(r"\s*&\s*", text[out[-1].end : v.start]):
            joined = text[out[-1].start : v.end]
            of = re.search(r" of ([A-Z][\w'-]+(?: [A-Z][\w'-]+)*)$", joined)  # "Harker & Lowe of Hull"
            name = joined[: of.start()] if of else joined
            out[-1] = Value("organisation", name, name, out[-1].start, out[-1].start + len(name))
            if of:
                out.append(Value("place", of.group(1), of.group(1), out[-1].start + of.start(1), v.end))
            continue
        out.append(v)
    return out


def _split_of_place(v: Value) -> list[Value]:
    """A person's name with a place after "of" ("Tobias Fenwick of Leeds") as the person and the place.

    >>> [(u.kind, u.text) for u in _split_of_place(Value("person", "Tobias Fenwick of Leeds", "Tobias Fenwick of Leeds", 0, 23))]
    [('person', 'Tobias Fenwick'), ('place', 'Leeds')]
    """
    m = re.fullmatch(r"([A-Z][\w'-]+(?: [A-Z][\w'-]+)+) of ([A-Z][\w'-]+(?: [A-Z][\w'-]+)*)", v.text) \
        if v.kind == "person" else None
    if not m:
        return [v]
    return [Value("person", m.group(1), m.group(1), v.start, v.start + m.end(1)),
            Value("place", m.group(2), m.group(2), v.start + m.start(2), v.end)]


def _not_a_name(text: str, v: Value) -> bool:
    """Whether a capitalised span the value reader took for a name is none: a weekday or month ("Fridays"), a word
    of a quotation ("Carpe" of 'Carpe diem'), or the letters of a code ("Item HX" of "HX-207").

    >>> from labkit.llm.offline.values import extract
    >>> text = "Item HX-207 is open on Fridays at Crux Loft."
    >>> [v.text for v in extract(text) if v.kind in ("person", "name", "place") and not _not_a_name(text, v)]
    ['Crux Loft']
    """
    if v.kind not in ("person", "place", "organisation", "name"):
        return False
    if all(_WEEKDAY_OR_MONTH.fullmatch(w) for w in v.text.split()):
        return True
    if any(q.start(1) <= v.start and v.end <= q.end(1) and q.group(1).strip() != v.text and len(q.group(1).split()) <= 6
           and not re.search(r"[.!?]\s*$", q.group(1)) for q in QUOTED.finditer(text)):
        return True  # a word of a quoted motto or title ("Carpe" of 'Carpe diem') names no one (a quoted sentence's
        # names are names)
    label = re.match(r"(?:[a-z]+\s+)+:|:", text[v.end :].lstrip())  # "Bolts replaced:", "Handler:", not "Project Heron:"
    if label and (label.group(0) != ":" or " " not in v.text) and re.search(r"(?:^|[.!?;\n]\s*)$", text[: v.start]):
        return True  # a label: "Bolts replaced: 14", "Handler: Mateus Ortega"
    return bool(re.match(r"[-/ ]?[A-Z]*\d", text[v.end :]) and re.search(r"\b[A-Z]{1,4}$", v.text))


def _coded(text: str, values: list[Value]) -> set[int]:
    """Start offsets of the numbers that are written as an identifier, not a quantity: inside a code ("HX-207",
    "PZ 1127", "#5521"), a phone number, after a word that announces an identifier ("invoice 2027/0417", "licence
    508 771") or right after a capitalised word with no counted noun after it ("the Vardfjell 300", "Lock 14").

    >>> from labkit.llm.offline.values import extract
    >>> text = "Invoice 2027/0417: 48 kg of hake, licence 508 771, item HX-207, Phone 01632 960418, 3 passengers."
    >>> sorted(v.text for v in extract(text) if v.start in _coded(text, extract(text)))
    ['01632', '0417', '2027', '207', '508', '771', '960418']
    """
    spans = []
    for m in (m for pattern in _CODE_SPANS for m in pattern.finditer(text)):
        counted = re.match(r"\s+([a-z]+)", text[m.end():])  # "Standing 62 m tall", "Families 4 people" count things
        if re.fullmatch(r"[A-Z][a-z]+ \d+", m.group(0)) and (counted and counted.group(1) not in STOPWORDS or
                                                            m.group(0).split()[0].lower() in COMMON_CAPITALISED | STOPWORDS):
            continue  # ("In 2023 the museum ...", "Standing 62 m tall" are no codes)
        spans.append((m.start(), m.end()))
    coded = set()
    for v in values:
        if v.kind not in ("number", "year"):
            continue
        counted = re.match(r"\s+([a-z]+)", text[v.end :])  # "Order 6 rye loaves": a verb and a count, no code
        if any(a <= v.start and v.end <= b for a, b in spans) or cues.ID_CUE.search(text[max(0, v.start - 30) : v.start]) \
                and not (counted and counted.group(1) not in STOPWORDS):
            coded.add(v.start)
    return coded


def _fits_kind(name: str, v: Value) -> bool:
    """Whether a quantity of ``v``'s kind can be the value of field ``name``: a price is never a duration or a
    percentage, a duration field never money, a percentage field never money or a span of time.

    >>> from labkit.llm.offline.values import extract
    >>> [_fits_kind("price_per_kg", v) for v in extract("aged 18 months, 12.50 euros")]
    [False, True]
    >>> [_fits_kind("wetsuits", v) for v in extract("one 7 mm wetsuit")]
    [True, False]
    """
    if cues.YEAR_KEY.search(name) and not re.search(r"(?:^|_)years(?:$|_)", name):  # a year, never "One" or 12
        return v.kind in ("year", "date") or v.kind == "number" and isinstance(v.value, int) and 1000 <= v.value <= 2100
    if v.kind == "date":
        return False  # only a year field reads a number off a date
    if v.kind == "number" and _is_measure(v.unit) and _field_unit(name) and not _unit_matches(
            name, set(content_words(name.replace("_", " "))), v.unit):
        return False  # "30 miles" is no number of hours, "2 kg" no length in metres
    if v.kind == "number" and (_is_measure(v.unit) or _TIME_UNIT.fullmatch(v.unit.lower())) and not _field_unit(name) \
            and re.search(r"[a-z]{3}s$", name) and not _unit_matches(name, set(content_words(name.replace("_", " "))),
                                                                    v.unit):
        return False  # a field counting things takes no size or age ("one 7 mm wetsuit", "kids (10 weeks old)")
    money = bool(cues.MONEY_KEY.search(name) or re.search(r"_(?:eur|usd|gbp|nok|sek|dkk|chf|jpy)$", name))
    span = bool(re.search(r"(?:^|_)(?:duration|minutes|hours|days|weeks|months|years|seconds|min|h|hrs)(?:$|_)", name))
    percent = bool(re.search(r"percent|percentage|pct", name))
    if v.unit == "ordinal":
        return bool(cues.ORDINAL_KEY.search(name))  # "third" is a finishing position, not a count
    if percent:  # ("deposit_percent" is a percentage, though a deposit is money)
        return v.kind in ("percent", "number")
    if money and not span:
        return v.kind in ("money", "number")
    if span:
        return v.kind in ("duration", "number")
    return True


def _is_measure(unit: str) -> bool:
    """Whether a counted word is a unit of measure ("miles", "kg", "hours"), not a thing counted ("people").

    >>> _is_measure("miles"), _is_measure("kg"), _is_measure("passengers")
    (True, True, False)
    """
    return bool(unit) and any(re.fullmatch(f"{symbol}|{names}", unit.lower()) for symbol, names in cues.UNIT_NAMES.items())


def _field_unit(name: str) -> bool:
    """Whether a field's name says the unit its number is in (``finish_hours``, ``height_m``, ``weight_kg``)."""
    return any(unit_symbol(w) for w in name.split("_"))


def _converted(name: str, unit: str) -> float | None:
    """The factor that turns a quantity in ``unit`` into the unit field ``name`` is named for ("1.84 t" in
    ``weight_kg`` is 1840), or None when the field names no unit of the same measure.

    >>> _converted("weight_g", "kg"), _converted("weight_kg", "tonnes"), _converted("height_m", "kg")
    (1000.0, 1000.0, None)
    """
    have = cues.UNIT_SIZES.get(unit_symbol(unit) or "") if unit_symbol(unit) in cues.METRIC_UNITS else None
    want = next((cues.UNIT_SIZES[s] for w in name.split("_") if (s := unit_symbol(w)) in cues.METRIC_UNITS), None)
    if not have or not want or have[0] != want[0]:
        return None
    return have[1] / want[1]


def _unit_matches(name: str, terms: set[str], unit: str) -> bool:
    """Whether a quantity's unit is the one a field asks for: by name ("hives" counts hives), by symbol
    (``height_m`` and "metres") or by the quantity it measures (``temperature`` and "degrees").

    >>> _unit_matches("height_m", {"height", "m"}, "metres"), _unit_matches("cellar_temperature", {"temperatur"}, "degrees")
    (True, True)
    >>> _unit_matches("jar_grams", {"jar", "gram"}, "g"), _unit_matches("hives", {"hiv"}, "metres")
    (True, False)
    """
    unit = cues.SAME_COUNT.get(unit.lower(), unit.lower())
    if stem(unit) in terms or unit in name.split("_"):  # ("38.2 C" for temperature_c)
        return True
    words = name.split("_")
    if any(re.fullmatch(cues.UNIT_NAMES.get(unit, "(?!)"), w + plural) for w in words for plural in ("", "s")):
        return True
    if any(re.fullmatch(cues.UNIT_NAMES[w], unit) for w in words if w in cues.UNIT_NAMES):
        return True
    if _converted(name, unit):
        return True  # "1.1 kg" for weight_g: the same measure in another metric unit
    return any(re.fullmatch(cues.QUANTITY_UNITS[w], unit) for w in words if w in cues.QUANTITY_UNITS)


def _as_number(v: Value, kind: str, key: str) -> int | float:
    value = int(v.value[:4]) if v.kind == "date" else v.value
    words = _snake(key).split("_")
    if v.kind == "duration":
        unit = next((u for u in ("hour", "day", "week", "month", "year", "second")
                     if any(w.rstrip("s") == u for w in words) or u == "hour" and "h" in words), "minute")
        value = value / DURATION_UNITS[unit]
        value = round(value, 2) if abs(value - round(value)) > 1e-6 else round(value)
    if v.kind == "number" and v.unit and (factor := _converted(_snake(key), v.unit)) and factor != 1:
        value = round(value * factor, 6)  # "1.84 t" in weight_kg is 1840
    if v.kind == "money" and any(w in ("pence", "cents", "cent", "p") for w in words):
        value = round(value * 100, 6)  # "32p per lb" in price_per_lb_pence is 32, not 0.32
    scale = next((cues.SCALE_WORDS[w] for w in words if w in cues.SCALE_WORDS and w != "k"), None)
    if scale and abs(value) >= scale:
        value = value / scale  # "2.3 million kilograms" in output_million_kg
    if kind == "integer":
        return int(round(value))
    return int(value) if float(value).is_integer() else value


def _unique(items: Any) -> list[Any]:
    seen: list[Any] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def _anchored_list(text: str, terms: set[str]) -> list[str]:
    """The items a field's own word introduces ("allergic to penicillin and latex" for ``allergies``), even two of
    them, inside a longer comma list of other things; [] when the field's word opens no list.

    >>> _anchored_list("Bartholomew Nwosu, 47, allergic to penicillin and latex. Recall not booked.", {"allergi"})
    ['penicillin', 'latex']
    """
    word = r"[\w'-]+"
    item = rf"(?:(?:a|an|the)\s+)?{word}(?:\s+(?!and\b|or\b){word}){{0,2}}"
    for m in re.finditer(r"[A-Za-z]+", text):
        said = stem(m.group(0))
        if said not in terms and not any(len(t) >= 5 and said[:5] == t[:5] for t in terms):  # "allergic", "allergy"
            continue
        after = re.match(rf"\s*(?:(?:to|of|are|is|were|was|include|includes|including|for|at|in|on|with|by)\s+|:\s*)?"
                         rf"(?P<list>{item}(?:,\s*{item})*,?\s+(?:and|or)\s+{item})(?=\s*(?:[.;\n]|$))", text[m.end():])
        if after:
            parts = re.split(r",\s*(?:and|or)?\s*|\s+(?:and|or)\s+", after.group("list"))
            return [re.sub(r"^(?:a|an|the)\s+", "", p.strip(), flags=re.I) for p in parts if p.strip()]
    return []


def _enumeration(text: str, terms: set[str], taken: set[int] | None = None) -> list[str]:
    """The items of a written list ("flour, sugar and two eggs"), preferring the list nearest the field's words.

    >>> _enumeration("You need flour, sugar and butter. Bring a bowl.", {"ingredi"})
    ['flour', 'sugar', 'butter']
    >>> _enumeration("On Friday pack the tent, the stove and two mats.", {"pack"})
    ['tent', 'stove', 'two mats']
    >>> _enumeration("It runs from Ostbahnhof to Lindenplatz, calling at Marktstrasse, Theaterplatz and Nordring.", {"call"})
    ['Marktstrasse', 'Theaterplatz', 'Nordring']
    >>> _enumeration("The 3 pm heat: Pip, Dot, Rolo and Nutmeg over 8 metres of tube.", {"hamster"})
    ['Pip', 'Dot', 'Rolo', 'Nutmeg']
    """
    word = r"(?:\d{1,3}(?:,\d{3})+|[\w'-]+)(?:\.\d+)?"  # ("a 3.8 mm pen", "3,000 petals": one word of an item)
    lists = list(re.finditer(rf"(?:{word}(?: {word}){{0,3}}, )+{word}(?: {word}){{0,3}},? (?:and|or) {word}(?: {word}){{0,5}}",
                             text))
    if taken and lists:  # a list another field already took (or that lies inside one) is not this field's
        lists = [m for m in lists if not any(m.start() <= t < m.end() for t in taken)]
        if not lists:
            return []
    if not lists:
        bullets = re.findall(r"^\s*(?:[-*•]|\d+[.)])\s+(.+)$", text, re.MULTILINE)
        return [b.strip().rstrip(".") for b in bullets]
    positions = [m.start() for m in re.finditer(r"[A-Za-z]+", text) if stem(m.group(0)) in terms]
    best = min(lists, key=lambda m: min((abs(m.start() - p) for p in positions), default=0))
    if taken is not None:
        taken.add(best.start())
    parts = re.split(r",(?!\d{3}\b)\s*(?:and|or)?\s*|\s+(?:and|or)\s+", best.group(0))
    items = [re.sub(r"^(?:a|an|the)\s+", "", p.strip(), flags=re.I) for p in parts if p.strip()]
    items[-1] = re.sub(r"\s+(?:if|when|unless|in case|because|so that)\b.*$", "", items[-1])  # "a rake if you've got one"
    named = re.match(r"^(?P<name>[A-Z][\w'-]*(?: [A-Z][\w'-]*)*) (?:over|for|from|at|in|on|with|by|to|into|across|"
                     r"through|under|round|around)\b", items[-1])
    if named and all(item[:1].isupper() and len(item.split()) <= 3 for item in items[:-1]):
        items[-1] = named.group("name")  # "Nibbles, Bandit and Pepper over 10 metres of pipe": the names end there
    lead = re.match(r"^(?P<lead>(?:[\w'-]+\s+){2,}?)(?:the|a|an)\s+(?P<item>\S.*)$", items[0])
    if lead and not re.search(r"\bof\s+$", lead.group("lead")):  # "For Monday bring the leggett": a lead-in
        items[0] = lead.group("item")
    counted = extract(items[0], kinds=("number",)) if len(items) > 2 else []
    kinds = {w.lower().rstrip("s") for w in items[0].split()[1:]}
    if counted and counted[-1].value == len(items) - 1 and any(kinds & {w.lower().rstrip("s") for w in i.split()}
                                                               for i in items[1:]):
        return items[1:]  # "two bikes, a cargo bike and a tandem": the first item counts the others
    # an item much longer than the last one carries the lead-in ("You need flour", "calling at Marktstrasse"): the
    # list starts there, with as many of its last words as the items after it have
    keep = max(len(item.split()) for item in items[-2:])
    for i in range(len(items) - 2, -1, -1):
        if len(items[i].split()) > keep + 1 or i == 0:
            lead = [w for w in items[i].split() if w.lower() not in STOPWORDS]
            if len(lead) > keep and extract(lead[-keep - 1], kinds=("number",)):
                keep += 1  # "In the box: two mugs" -> "two mugs": the count belongs to its item
            return [" ".join(lead[-keep:]) if lead else items[i], *items[i + 1:]]
    return items


# --- entry points ---------------------------------------------------------------------------------------------------


def extract_fields(schema: dict[str, Any], text: str, skills: FieldSkills | None = None,
                   defs: dict[str, Any] | None = None) -> Extraction:
    """Fill an object schema from ``text`` and report which fields were found (see :class:`Extraction`).

    >>> schema = {"type": "object", "required": ["name", "age"], "properties": {"name": {"type": "string"},
    ...           "age": {"type": "integer"}, "email": {"anyOf": [{"type": "string"}, {"type": "null"}]}}}
    >>> result = extract_fields(schema, "Hi, my name is Ada Lovelace and I am 36 years old.")
    >>> result.values, result.missing_required, result.found["email"]
    ({'name': 'Ada Lovelace', 'age': 36, 'email': None}, [], False)
    """
    defs = {**(defs or {}), **schema.get("$defs", {}), **schema.get("definitions", {})}
    filler = _Filler(text, skills or FieldSkills(), defs)
    values = filler.obj("", _resolve(schema, defs))
    return Extraction(values=values, found=filler.found, required=filler.required, nullable=filler.nullable,
                      kinds=filler.kinds, said_unknown=filler.said_unknown)


def fill_schema(schema: dict[str, Any], text: str, skills: FieldSkills | None = None,
                defs: dict[str, Any] | None = None) -> dict[str, Any]:
    """The values of :func:`extract_fields` alone (``None`` where the text gives nothing)."""
    return extract_fields(schema, text, skills, defs).values


def fill_schema_report(schema: dict[str, Any], text: str, skills: FieldSkills | None = None) -> tuple[dict[str, Any], list[str]]:
    """(values, required field paths that were not found)."""
    result = extract_fields(schema, text, skills)
    return result.values, result.missing_required


def fill_value(key: str, prop: dict[str, Any], text: str, skills: FieldSkills | None = None,
               defs: dict[str, Any] | None = None) -> Any:
    """A value for one field on its own (``None`` when the text does not give one). Several fields of one text are
    better filled together with :func:`extract_fields`, so that no quantity serves two of them."""
    return extract_fields({"type": "object", "properties": {key: prop or {}}}, text, skills, defs).values[key]


def query_text(text: str) -> str:
    """A search query from a request: the request without its leading verb and trailing punctuation.

    >>> query_text("Please search for the latest EU AI Act guidance?")
    'the latest EU AI Act guidance'
    """
    return _QUERY_LEAD.sub("", text.strip().splitlines()[0] if text.strip() else "").strip(" ?.!")


def _possessive_name(text: str, v: Value) -> Value:
    """A name written with a possessive "'s" that owns no noun after it is named with the "'s" ("St Aldhelm's,
    Corfe": the chapel's name; "Halloran's clock" keeps "Halloran").

    >>> text = "Mass at St Aldhelm's, Corfe; Halloran's clock stopped."
    >>> [_possessive_name(text, Value("place", w, w, text.find(w), text.find(w) + len(w))).text for w in ("St Aldhelm", "Halloran")]
    ["St Aldhelm's", 'Halloran']
    """
    m = re.match(r"['’]s(?=\s*(?:[,.;:!?)]|$|\s+(?:in|at|on|by|near|for|and|is|was|has|had|will)\b))", text[v.end :])
    if v.kind not in ("person", "place", "organisation", "name") or not m:
        return v
    name = v.text + m.group(0)
    return Value("name", name, name, v.start, v.end + len(m.group(0)))


def _day_pairs(text: str, values: list[Value]) -> list[Value]:
    """Two days of one month written as one date ("on 6 and 7 May 2031", "12-13 June") as two dates; the first day
    is otherwise a bare number that could fill a count.

    >>> from labkit.llm.offline.values import extract
    >>> text = "The fair runs on 6 and 7 May 2031 with 40 stalls."
    >>> [(v.kind, v.value) for v in _day_pairs(text, extract(text))]
    [('date', '2031-05-06'), ('date', '2031-05-07'), ('number', 40)]
    """
    out = list(values)
    for i, v in enumerate(values[1:], 1):
        u = values[i - 1]
        day = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", u.text) if u.kind == "number" else None
        if v.kind != "date" or not day or not re.match(r"\d{1,2}\b", v.text) or not re.fullmatch(
                r"\s*(?:and|&|-|–|to)\s*", text[u.end : v.start]) or not re.search(r"-\d\d$", str(v.value)):
            continue
        if not 1 <= int(day.group(1)) < int(str(v.value)[-2:]):
            continue
        out[i - 1] = Value("date", f"{str(v.value)[:-2]}{int(day.group(1)):02d}", u.text, u.start, u.end)
    return out


def _qualifies_after_article(text: str, v: Value) -> bool:
    """Whether a name stands between "a"/"an" and a common noun, saying what kind of thing that is ("a PhD thesis",
    "an Arduino board"), not naming it.

    >>> text = "She sent a Fender amplifier to Ostrava."
    >>> _qualifies_after_article(text, Value("name", "Fender", "Fender", 11, 17))
    True
    """
    return bool(re.search(r"\b(?:an?|one)\s+$", text[max(0, v.start - 5) : v.start], re.I)) and bool(
        (m := re.match(r"\s+([a-z]+)\b", text[v.end :])) and m.group(1) not in STOPWORDS)


def _rounded_away(prop: dict[str, Any], v: Value, name: str = "") -> bool:
    """Whether an integer field would get a fraction rounded ("a third goes on loan" is no count of 0); "0.4 m" in
    ``beam_mm`` is a whole 400.

    >>> _rounded_away({"type": "integer"}, Value("number", 1 / 3, "a third", 0, 7)), _rounded_away({}, Value("number", 2.5, "2.5", 0, 3))
    (True, False)
    """
    factor = _converted(name, v.unit) if name and v.unit else None
    value = v.value * factor if factor and isinstance(v.value, (int, float)) else v.value
    return prop.get("type") == "integer" and v.kind == "number" and isinstance(value, float) and \
        not round(value, 6).is_integer()


def _name_led_items(text: str, cut: str) -> list[str]:
    """List items that each open with a capitalised name and go on in comma-separated parts ("Kite Runner, built
    2019, 6 berths, and Sea Pie, built 2021, 4 berths"): the parts after a name belong to it. Empty unless every
    item found opens with a name and holds a value.

    >>> _name_led_items("Kite Runner, built 2019, 6 berths, and Sea Pie, built 2021, 4 berths.", r",\\s+|\\s+and\\s+")
    ['Kite Runner, built 2019, 6 berths', 'Sea Pie, built 2021, 4 berths.']
    """
    items: list[list[str]] = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        opened = False
        for part in re.split(cut, sentence):
            part = re.sub(r"^(?:and|or)\s+", "", (part or "").strip())
            if not part:
                continue
            first = part.split()[0]
            if first[:1].isupper() and first.lower() not in COMMON_CAPITALISED and not re.match(r"\d", first):
                items.append([part])
                opened = True
            elif opened:
                items[-1].append(part)
            elif items:
                break  # a sentence after the list that no name opens ("A third is on order") is no item
            else:
                items.append([])  # a part no name opens: not a list of named items
        if items and not opened:
            break
    found = [", ".join(parts) for parts in items if parts]
    if any(not parts for parts in items) or not all(
            any(v.is_numeric or v.kind in ("date", "time") for v in extract(item)) for item in found):
        return []
    return found


_KEY_PREPOSITION = re.compile(r"^(?P<verb>[a-z]{3,}(?:_[a-z]{3,})?)_(?P<prep>in|at|on|of|by|to|from|with|into|under|for)$")
_PHRASE_STOP = r"(?:[.,;:!?()]|\s(?:during|while|when|until|after|before|because|since|and|but|or|then|which|who|in|at|on|by|for|from|to|with|under)\b|$)"


def read_only_beside(key: str) -> bool:
    """Whether a field is filled only by :func:`read_beside_key` or not at all: an alias or a month field never takes
    some other name from the text.

    >>> read_only_beside("nickname"), read_only_beside("month"), read_only_beside("volcano")
    (True, True, False)
    """
    snake = _snake(key)
    return bool(cues.ALIAS_KEY.search(snake) or cues.MONTH_KEY.search(snake))


@functools.lru_cache(maxsize=1024)
def read_beside_key(key: str, text: str) -> str | None:
    """The value a text writes where the field's own words put it, for a field of no known role: beside its name
    ("gate D7", "status: shipped"), said of its head noun ("The case is oak" for ``case_wood``), after its verb and
    preposition ("hidden in a chest" for ``hidden_in``), an alias after "nicknamed" / "known as" (``nickname``) or a
    month (``month``); None when the text does not tie a value to the field this way. An alias or month field takes
    nothing else (see :meth:`_Filler.string`), and the open fields' name matching skips a field read here.

    >>> read_beside_key("nickname", "Hallgerd, nicknamed Long-legs, married three times.")
    'Long-legs'
    >>> read_beside_key("month", "Water levels for March 2027: BH-1 at 42.5 m."), read_beside_key("month", "In 2027.")
    ('March 2027', None)
    """
    snake = _snake(key)
    if cues.ALIAS_KEY.search(snake):
        alias = re.search(rf"\b(?:nicknamed|nickname(?:\s+(?:is|was))?|known as|dubbed|called)\s+(?:{QUOTED.pattern}|"
                          rf"{_PROPER_NAME})", text)
        return next(g for g in alias.groups() if g) if alias else None
    if cues.MONTH_KEY.search(snake):
        month = re.search(rf"\b(?:{'|'.join(MONTHS)})\b(?:\s+\d{{4}}\b)?", text, re.I)
        return month.group(0) if month else None
    return named_value(key, text) or _said_of_head(key, text) or _after_own_phrase(key, text) or \
        _modifier_of_key(key, text)


def _modifier_of_key(key: str, text: str) -> str | None:
    """The lower-case words a text puts before a one-word key used as a noun, where that noun ends its phrase
    ("medium-plus toast," for ``toast``, "a satin finish." for ``finish``); None for any other use of the word.

    >>> _modifier_of_key("toast", "A barrique of French oak, medium-plus toast, seasoned 36 months.")
    'medium-plus'
    >>> _modifier_of_key("toast", "We toast the staves."), _modifier_of_key("finish", "The finish line is near.")
    (None, None)
    """
    if not re.fullmatch(r"[a-z]{3,}", _snake(key)):
        return None
    said = re.search(rf"(?:^|[,;:(]\s*|\b(?:a|an|the|with|in|and)\s+)"
                     rf"(?P<value>[a-z][a-z-]*[a-z](?:\s+[a-z][a-z-]*[a-z])?)\s+{re.escape(_snake(key))}"
                     rf"(?=\s*(?:[,;:.)!?]|$|\b(?:and|with|but)\b))", text)
    if not said or any(w in STOPWORDS or w in cues.ASKING_WORDS for w in said.group("value").split()):
        return None
    return said.group("value")


def _after_own_phrase(key: str, text: str) -> str | None:
    """The short phrase a text writes right after a key that is a verb and its preposition ("hidden_in" of "hidden
    in a chest during the war" -> "chest"), articles dropped; None unless the key's words stand in the text as
    written and one to four words follow before the clause moves on (a preposition, a conjunction, punctuation).

    >>> _after_own_phrase("hidden_in", "The window was hidden in a chest during the Civil War.")
    'chest'
    >>> _after_own_phrase("stored_in", "The bells are kept in the tower.") is None
    True
    """
    m = _KEY_PREPOSITION.match(_snake(key))
    if not m:
        return None
    said = re.search(rf"\b{m.group('verb').replace('_', ' ')}\s+{m.group('prep')}\s+(?:(?:a|an|the|its|their|his|her)\s+)?"
                     rf"(?P<value>[\w'-]+(?:\s+[\w'-]+){{0,3}}?)(?={_PHRASE_STOP})", text, re.I)
    if not said or said.group("value").split()[0].lower() in STOPWORDS:
        return None
    named = re.match(rf",\s*{_PROPER_NAME}", text[said.end("value"):])
    return named.group(1) if named else said.group("value")  # "by the venue coordinator, Hattie Ngata": the person


def _said_of_head(key: str, text: str) -> str | None:
    """The one lower-case word a text says the first noun of a two-word key is ("The case is oak" for ``case_wood``,
    "the frame was steel." for ``frame_material``); None unless that word ends its clause.

    >>> _said_of_head("case_wood", "The case is oak; it strikes the hours."), _said_of_head("case_wood", "The case is a gift.")
    ('oak', None)
    """
    words = _snake(key).split("_")
    if len(words) != 2 or len(words[0]) < 3 or words[0] in STOPWORDS:
        return None
    m = re.search(rf"\b{re.escape(words[0])}\s+(?:is|was)\s+([a-z][a-z-]+)\s*(?:[.;,!?]|$)", text, re.I)
    return m.group(1) if m and m.group(1) not in STOPWORDS and not m.group(1).endswith("ed") else None
