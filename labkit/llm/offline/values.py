"""Typed values in a text, each with the span it was written in: numbers, money, percentages, dates, clock times,
durations and proper names.

Every other skill of the offline model stands on this: a word problem is a handful of quantities and the words
between them, a schema field wants "a date" or "a person", a tool wants ``people=4`` and ``time="19:30"``. The one
idea is that a value is not a string: ``"1,250"`` is one number (not 1 and 250), ``"a dozen"`` is 12, ``"7.30 pm"``
is ``19:30``, ``"2 hours and 15 minutes"`` is 135 minutes, and each comes back as a :class:`Value` with its kind,
its normalised value, the text as written and where it stands (so a caller can ask which words surround it).

Spans never overlap: when two readings compete (``"18:30"`` is a time, not 18 and 30; ``"$1.50"`` is money, not a
number) the more specific kind wins, in the order of :data:`KINDS`.

>>> [(v.kind, v.value) for v in extract("Two hundred and five people paid $1.50 each at 7.30 pm on 14 March 2025.")]
[('number', 205), ('money', 1.5), ('time', '19:30'), ('date', '2025-03-14')]
>>> [(v.kind, v.value, v.unit) for v in extract("The tank holds 1,250 litres and the crossing takes 2 h 15 min.")]
[('number', 1250, 'litres'), ('duration', 135, 'hour')]

Left out: relative dates ("next Friday") unless the caller passes ``today``; ranges ("10-12 people") beyond their
first number; units other than time and money are not converted (``"3 km"`` is the number 3 counting ``km``);
month and year durations are calendar approximations (a twelfth of 365.25 days, and 365.25 days); names are found
from capitalisation
and cue words only, so a lower-case name or a name that starts a sentence with no other cue is missed.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass
from typing import Any

from labkit.llm.offline import cues
from labkit.llm.offline.text import STOPWORDS

# --- the data the patterns are built from (general English, no topic words) ---------------------------------------

SMALL_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
GROUPS = {"dozen": 12, "couple": 2}  # ("a pair of stilts" is one pair: "pair" is what is counted)
FRACTIONS = {"half": 0.5, "halves": 0.5, "quarter": 0.25, "quarters": 0.25, "third": 1 / 3, "thirds": 1 / 3}
PARTS = {"fifth": 1 / 5, "fifths": 1 / 5, "sixth": 1 / 6, "sixths": 1 / 6, "eighth": 1 / 8, "eighths": 1 / 8,
         "tenth": 1 / 10, "tenths": 1 / 10}
"""Fractions that are also ordinals: a fraction only after a count ("one sixth", "three tenths"), never alone."""
CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
CURRENCY_CODES = ("USD", "EUR", "GBP", "NOK", "SEK", "DKK", "CHF", "JPY", "CAD", "AUD", "NZD", "INR", "CNY")
CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "buck": "USD", "bucks": "USD", "euro": "EUR", "euros": "EUR",
    "pound": "GBP", "pounds": "GBP", "quid": "GBP", "krone": "NOK", "kroner": "NOK", "kronor": "SEK",
    "yen": "JPY", "franc": "CHF", "francs": "CHF", "rupee": "INR", "rupees": "INR",
}
SUBUNITS = {"cent": 100, "cents": 100, "pence": 100, "penny": 100, "p": 100}
DURATION_UNITS = {
    "second": 1 / 60, "minute": 1, "hour": 60, "day": 24 * 60, "week": 7 * 24 * 60,
    "month": 365.25 * 24 * 60 / 12, "year": 365.25 * 24 * 60,
}
_UNIT_SPELLINGS = {
    "second": r"seconds?|secs?", "minute": r"minutes?|mins?", "hour": r"hours?|hrs?|h",
    "day": r"days?", "week": r"weeks?|wks?", "month": r"months?", "year": r"years?|yrs?",
}
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
HONORIFICS = ("Dr", "Mr", "Mrs", "Ms", "Mx", "Prof", "Professor", "Sir", "Dame", "Lady", "Lord", "Captain", "Capt",
              "Judge", "Rev", "Father", "Sister", "Aunt", "Uncle", "Grandma", "Grandpa", "Coach", "Chef")
PERSON_CUES_BEFORE = (r"my name is|name's|named|called|the name|name of|i am|i'm|this is|signed|regards,|thanks,|"
                      r"sincerely,|by|with")
PERSON_VERBS_AFTER = ("said", "says", "told", "asked", "wrote", "writes", "thinks", "thought", "wants", "wanted",
                      "who", "and her", "and his", "herself", "himself")
PLACE_PREPOSITIONS = ("in", "at", "near", "from", "to", "into", "across", "outside", "inside", "around", "via",
                      "towards", "toward", "visit", "visiting", "leaves", "departs", "reach", "reaches")
PLACE_HEADS = ("Mount", "Mt", "Lake", "River", "Glacier", "Island", "Isle", "Bay", "Sea", "Ocean", "Valley",
               "Street", "St", "Road", "Rd", "Avenue", "Square", "Park", "Station", "Airport", "Harbour", "Harbor",
               "Port", "Bridge", "Hill", "Hills", "Mountains", "Coast", "Fjord", "Falls", "Forest", "Desert",
               "City", "County", "Province", "Canyon", "Peninsula", "Cape", "Beach", "Strait", "Gulf", "Lane", "Way",
               "Drive", "Rua", "Via", "Calle", "Rue", "Strasse", "Straße", "Gate", "Gata", "Vei", "Veien", "Plaza",
               "Piazza", "Avenida", "Platz", "Quay", "Pier", "Wharf", "Marina",
               # buildings and grounds that are not also common surnames ("Rose Cottage" is a house, not a Rose)
               "Cottage", "Farm", "Farmhouse", "Manor", "Castle", "Chapel", "Abbey", "Priory", "Cathedral", "Palace",
               "Gallery", "Hotel", "Inn", "Lodge", "Theatre", "Theater", "Gardens", "Terrace", "Quarry",
               "Reservoir", "Lighthouse", "Stadium", "Arena", "Cemetery", "Estate")
ORG_HEADS = ("Inc", "Ltd", "LLC", "GmbH", "AS", "ASA", "AB", "SA", "plc", "Corp", "Corporation", "Company", "Co",
             "Club", "Society", "Association", "University", "College", "School", "Academy", "Institute",
             "Foundation", "Bank", "Group", "Council", "Committee", "Agency", "Ministry", "Department", "Orchestra",
             "Choir", "Band", "Team", "Museum", "Library", "Hospital", "Trust", "Union", "Federation", "League",
             "Party", "Press", "Studios", "Labs", "Laboratory", "Authority", "Office", "Bureau", "Service",
             "Services", "Airlines", "Airways", "Railways", "Lines", "Partners", "Holdings", "Industries",
             "Festival", "Conference", "Cup", "Games", "Championship", "Championships", "Fair", "Marathon", "Expo",
             "Summit", "Olympics", "Tournament", "Rally", "Regatta", "Scouts", "Guides", "Brownies", "Cubs",
             "Ramblers", "Singers", "Players", "Chorus", "Ensemble", "Troupe", "Collective", "Cooperative",
             "Co-op", "Brewery", "Bakery", "Hatters", "Makers", "Brothers", "Bros", "Sons", "AC", "FC", "RFC", "CC",
             "RC", "BC", "Harriers", "Athletic", "Athletics", "United", "Rovers", "Wanderers", "Striders", "Runners",
             "Race", "Contest", "Show", "Gala", "Derby", "Fete", "Trials")
"""Last words that make a name an organisation or an organised event, never a place or a person."""
NAME_CONNECTORS = ("of", "de", "des", "van", "von", "da", "das", "do", "dos", "di", "del", "della", "der", "den", "du",
                   "la", "le", "al", "bin", "ibn", "el", "the", "upon", "ap", "ab", "ter", "ten", "zu", "af", "dei")
"""Lower-case words inside a name between two capitalised words ("Cabane des Aiguilles", "Round the Skerries")."""
COMMON_CAPITALISED = frozenset(
    """i'm i've i'll i'd a an the this that these those it its he she they we you i if when while after before
    please note    then so but and or also however although though yes no hi hello hey dear thanks thank what who whom whose
    where which why how is are was were do does did can could would should will shall may might must let
    there here each every all some many most few both either neither one none another other such our my your
    their his her total today tomorrow yesterday tonight question context answer notes note text input output
    task example step first second third next finally use using compute calculate find give tell show list
    return extract classify summarise summarize reserve book add send get set make create write call check
    register order rent hire buy pay transfer email invite schedule cancel remind convert translate look search
    delete remove update sign enrol enroll assign notify message text ask plan print open close start stop
    lost found booking reservation meeting notice update reminder dear put take bring keep move fetch pick place
    mark log record save store turn switch run play need want someone somebody anyone anybody everyone everybody
    nobody no-one""".split()
)
"""Capitalised words that open sentences and requests (function words, request verbs, form labels such as
"Booking:") and never start a name."""

KINDS = ("date", "time", "duration", "money", "percent", "number")
"""Numeric kinds in precedence order: an earlier kind's span wins over a later one's where they overlap."""


@dataclass(frozen=True)
class Value:
    """One typed value found in a text.

    ``value`` is normalised by kind: a number for ``number``, ``year``, ``money`` and ``percent`` (25 for "25%"),
    an ISO string for ``date`` (``2025-03-14``, or ``2021-03`` when no day is given), ``HH:MM`` for ``time``,
    minutes for ``duration``, the name as written for ``person``, ``place``, ``organisation`` and ``name`` (a proper
    name of unknown kind). ``unit`` is the currency code for money, the counted noun after a number (``litres``),
    the largest unit of a duration (``hour``), and empty otherwise.
    """

    kind: str
    value: Any
    text: str
    start: int
    end: int
    unit: str = ""

    @property
    def is_numeric(self) -> bool:
        return self.kind in ("number", "year", "money", "percent", "duration")


# --- fast scanning: patterns are tried only where a value can start -------------------------------------------------


@dataclass(frozen=True)
class _Starts:
    """Where each kind of value can begin, found by a few simple patterns. Trying the heavy patterns only at these
    offsets, instead of at every character, is what keeps a 2,000-token prompt fast."""

    digits: tuple[int, ...]
    number_words: tuple[int, ...]
    symbols: tuple[int, ...]
    calendar: tuple[int, ...]
    capitals: tuple[int, ...]
    relative: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> _Starts:
        digits, words, symbols, calendar, capitals, relative = [], [], [], [], [], []
        for m in _TOKEN.finditer(text):  # one pass, a set lookup per token: cheaper than six alternation scans
            token, start = m.group(0), m.start()
            if token[0].isdigit():
                if start < 2 or text[start - 1] not in ".," or not text[start - 2].isdigit():
                    digits.append(start)  # not the "250" of "1,250" nor the "5" of "3.5"
                continue
            if token in CURRENCY_SYMBOLS:
                symbols.append(start)
                continue
            low = token.lower()
            if low in _START_WORDS:
                words.append(start)
            if low[:3] in _CALENDAR_PREFIXES or low in _ORDINAL_STARTS:
                calendar.append(start)
            if low in _RELATIVE_WORDS:
                relative.append(start)
            if token[0].isupper():
                capitals.append(start)
                if token in CURRENCY_CODES:
                    symbols.append(start)
        return cls(tuple(digits), tuple(words), tuple(symbols), tuple(calendar), tuple(capitals), tuple(relative))


_TOKEN = re.compile(r"\d+|[$€£¥]|[A-Za-zÀ-ÖØ-öø-ÿĀ-ž][A-Za-zÀ-ÖØ-öø-ÿĀ-ž']*")
_START_WORDS = frozenset([*SMALL_NUMBERS, *SCALES, *GROUPS, *FRACTIONS, "a", "an", "noon", "midday", "midnight",
                          *CURRENCY_WORDS])
_CALENDAR_PREFIXES = frozenset([m[:3] for m in MONTHS] + [d[:3] for d in WEEKDAYS])
_RELATIVE_WORDS = frozenset(["today", "tomorrow", "yesterday", "tonight", "next", "last", "this"])


def _scan(pattern: re.Pattern[str], text: str, *starts: tuple[int, ...]) -> list[re.Match[str]]:
    """``pattern.finditer(text)``, tried only at the given offsets (leftmost, non-overlapping, as finditer)."""
    out: list[re.Match[str]] = []
    end = -1
    for position in sorted(set().union(*starts)):
        if position < end:
            continue
        m = pattern.match(text, position)
        if m and m.end() > m.start():
            out.append(m)
            end = m.end()
    return out


# --- numbers ------------------------------------------------------------------------------------------------------

_NUMBER_WORD = "|".join(sorted([*SMALL_NUMBERS, *SCALES, *GROUPS], key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_WORDS_NUMBER = (
    rf"(?:(?:a|an|one|half an?|half a)\s+)?(?:{_NUMBER_WORD})(?:(?:\s+and\s+|[\s-]+)(?:{_NUMBER_WORD}))*"
    r"(?:\s+and\s+a\s+half)?"
)
_GLUED_UNIT = r"(?:kg|mg|g|mm|cm|km|m|ml|cl|l|lbs?|oz|ct|kt|ft|mph|kph|kmh|kw|kwh|gb|mb|tb)"
"""Units written against their number ("5kg", "12mm", "18ct"): the number ends where the unit starts."""
_NUMBER = re.compile(
    rf"(?<![\w.,])(?:(?P<digits>{_DIGITS})(?:\s+(?P<scale>hundred|thousand|million|billion)\b|(?P<k>k)\b)?"
    rf"|(?P<frac>(?:a|an|one|two|three)\s+(?:half|halves|quarters?|thirds?)|(?:a|an|one|two|three|four|five|seven|"
    rf"nine)\s+(?:fifths?|sixths?|eighths?|tenths?))\b"
    rf"|(?P<part>half|(?:a|one|two)\s+thirds?|(?:a|one|three)\s+quarters?)(?=\s+of\b)|(?P<words>{_WORDS_NUMBER})\b)"
    rf"(?:(?![\w]|[.,]\d)|(?<=\d)(?={_GLUED_UNIT}\b))",
    re.IGNORECASE,
)


def _words_value(phrase: str) -> float | None:
    """The value of a number written in words ("two hundred and five", "a dozen", "three quarters")."""
    tokens = [t for t in re.split(r"[\s-]+", phrase.lower()) if t and t != "and"]
    if not tokens:
        return None
    total, current, seen = 0.0, 0.0, False
    for i, token in enumerate(tokens):
        if token in ("a", "an"):
            continue  # "a hundred", "a dozen": the scale or group word counts it as one
        elif token in SMALL_NUMBERS:
            if current and not (current % 100 == 0 or current % 100 >= 20 and current % 10 == 0
                                and SMALL_NUMBERS[token] < 10):
                return None  # "one three", "five six": two numbers side by side, not one ("twenty three" is one)
            current += SMALL_NUMBERS[token]
            seen = True
        elif token in GROUPS:
            current = (current or 1) * GROUPS[token]
            seen = True
        elif token in PARTS and i >= 1:
            current = (current or 1) * PARTS[token]  # "one sixth", "three tenths"
            seen = True
        elif token in FRACTIONS:
            if i >= 2 and tokens[i - 1] == "a":
                current += 0.5 if token.startswith("hal") else FRACTIONS[token]  # "one and a half"
            else:
                current = (current or 1) * FRACTIONS[token]  # "half a dozen", "three quarters"
            seen = True
        elif token == "hundred":
            current = (current or 1) * 100
            seen = True
        elif token in SCALES:
            total += (current or 1) * SCALES[token]
            current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def _clean(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(x, 10)


def parse_number(text: str) -> int | float | None:
    """The number a short text writes, in digits or words; ``None`` if it is not one number.

    >>> [parse_number(t) for t in ["1,250", "twelve", "two hundred and five", "a dozen", "half", "2.5", "3 million"]]
    [1250, 12, 205, 12, 0.5, 2.5, 3000000]
    >>> parse_number("twenty-one"), parse_number("one and a half"), parse_number("seven apples")
    (21, 1.5, None)
    """
    text = text.strip()
    if not text:
        return None
    if text.lower() in FRACTIONS:
        return FRACTIONS[text.lower()]
    m = _NUMBER.fullmatch(text)
    return _number_match_value(m) if m else None


def _number_match_value(m: re.Match[str]) -> int | float | None:
    if m.group("digits"):
        value = float(m.group("digits").replace(",", ""))
        if m.group("scale"):
            value *= SCALES[m.group("scale").lower()]
        elif m.group("k"):
            value *= 1000
        return _clean(value)
    words = m.group("words") or m.group("frac") or m.group("part")
    value = _words_value(words)
    return None if value is None else _clean(value)


_COUNTED_NOUN = re.compile(r"\s*-?\s*([A-Za-z][a-z]*(?:-[a-z]+)?)\b")
_SIZE = re.compile(r"\s+\d+(?:\.\d+)?\s*-?\s*([A-Za-z]+)\b")
_MEASURE = re.compile(r"(?:milli|centi|kilo)?(?:litre|liter|metre|meter|gram|gramme)s?|inch(?:es)?|foot|feet|"
                      r"gallons?|pounds?|ounces?|tonnes?|kg|g|km|m|cm|mm|l|ml|lb|oz|ft|in|yd")
_YEAR_CUE = re.compile(r"\b(?:in|of|since|until|till|by|from|during|the|year|early|late|mid)\s*$", re.IGNORECASE)
PERIOD_AFTER_YEAR = re.compile(r"\s+(?:season|summer|winter|spring|autumn|term|edition|census|survey|harvest|"
                               r"vintage|intake|budget|accounts|calendar|championships?|festival|show)\b"
                               r"(?!\s+(?:tickets?|pass(?:es)?|holders?))", re.IGNORECASE)
"""What a year names when it stands before it: "the drive-in's 2028 season", "its 2027 accounts" (but "2028 season
tickets" counts tickets)."""
_NOT_NOUNS = frozenset({"and", "or", "of", "to", "in", "on", "at", "by", "for", "per", "is", "are", "was", "were",
                        "more", "less", "each", "times", "the", "a", "an", "than", "as", "from", "with", "if",
                        "but", "so", "then", "it", "they", "he", "she", "we", "you", "i", "that", "which", "x"})


def _counted_noun(text: str, end: int) -> str:
    """The noun a number counts: the last word of the short noun phrase after it.

    >>> _counted_noun("120 sourdough loaves and 85 rye loaves", 3), _counted_noun("1200 litres of water", 4)
    ('loaves', 'litres')
    >>> _counted_noun("12 years old", 2), _counted_noun("12 multiplied by 7", 2), _counted_noun("60 old ones", 2)
    ('years', '', '')
    >>> _counted_noun("five of us", 4), _counted_noun("one of the", 3)
    ('people', '')
    >>> _counted_noun("one 7 mm wetsuit", 3), _counted_noun("three 12-litre cylinders", 5), _counted_noun("12-litre", 2)
    ('wetsuit', 'cylinders', 'litre')
    """
    if re.match(r"\s+of\s+(?:us|you)\b", text[end:end + 12], re.IGNORECASE):
        return "people"  # "five of us": a count of people (but "375 of them" counts what "them" stands for)
    size = _SIZE.match(text, end)
    if size and (size.group(1).lower() in _PLURAL_OR_UNIT or _MEASURE.fullmatch(size.group(1).lower())):
        end = size.end()  # "one 7 mm wetsuit", "three 12-litre cylinders": a size stands between count and noun
    noun, position = "", end
    for _ in range(3):
        m = _COUNTED_NOUN.match(text, position)
        if m and not noun and (m.group(0).lstrip().startswith("-") or len(m.group(1)) <= 2 and m.group(1).islower()) \
                and _MEASURE.fullmatch(m.group(1).lower()):
            return m.group(1).lower()  # "12-litre cylinders", "two 20 ft containers": the number measures, the
            # cylinders and containers are counted
        if not m or m.group(1).lower() in _NOT_NOUNS or re.search(r"(?:ed|ing)$", m.group(1)):
            break  # "12 multiplied by", "7 using": a verb follows, not the thing counted
        if re.match(r"\s+ones?\b", text[m.end():]):
            return ""  # "60 old ones": an adjective, the thing counted is named elsewhere
        if noun and (m.group(1).lower() in _AFTER_NOUN or not m.group(1)[0].islower()):
            break  # "12 years old", "3 days Tom": the phrase ended
        noun, position = m.group(1).lower(), m.end()
        if noun.endswith("s") or noun in _PLURAL_OR_UNIT or not re.match(r" [a-z]", text[position:position + 2]):
            break  # a plural or a unit ends the phrase ("4 people uses", "2 pipes fill"); "rye" goes on to "loaves"
    return noun


_PLURAL_OR_UNIT = frozenset({"people", "children", "men", "women", "sheep", "fish", "deer", "feet", "teeth", "mice",
                             "geese", "cattle", "staff", "crew", "kg", "g", "km", "m", "cm", "mm", "l", "ml", "lb",
                             "oz", "h", "min", "mph", "percent", "dozen", "hundred", "thousand", "million", "billion"})
_AFTER_NOUN = frozenset({"old", "long", "tall", "high", "wide", "deep", "away", "ago", "later", "earlier", "left",
                         "each", "apiece", "total", "overall", "altogether", "per", "more", "less", "late", "early",
                         "off", "up", "down", "back", "out", "too", "now", "today", "ahead", "behind"})


def _side_by_side(m: re.Match[str], text: str) -> list[re.Match[str]]:
    """A run of number words that is no one number ("one three-year-old", "two three-bed flats"), cut into the
    numbers it writes: the longest prefix that reads as one number, then the rest the same way."""
    if not m.group("words") or _number_match_value(m) is not None:
        return [m]
    out, position = [], m.start()
    while position < m.end():
        ends = [w.end() + position for w in re.finditer(r"[A-Za-z]+", text[position:m.end()])]
        part = next((p for end in reversed(ends) if (p := _NUMBER.fullmatch(text, position, end))
                     and _number_match_value(p) is not None), None)
        if part is None:
            break
        out.append(part)
        gap = re.match(r"(?:\s+and\s+|[\s-]+)", text[part.end():m.end()])
        position = part.end() + (gap.end() if gap else 0)
    return out


_DESIGNATION_BEFORE = re.compile(r"(?<![\w-])(?!(?:Mid|Pre|Post|Early|Late)-)[A-Z][a-z]+-$")
"""A capitalised word and a hyphen right before a number: the number designates ("the Kora-2 satellite")."""


def _numbers(text: str, starts: _Starts) -> list[Value]:
    out = []
    for m in (part for whole in _scan(_NUMBER, text, starts.digits, starts.number_words)
              for part in _side_by_side(whole, text)):
        value = _number_match_value(m)
        if value is None or m.group("digits") and _DESIGNATION_BEFORE.search(text, max(0, m.start() - 40), m.start()):
            continue  # ("Kora-2": a designation's number is part of the name, no quantity)
        raw = m.group(0)
        # "one" alone is mostly a pronoun ("one of them", "the red one"); keep it only when it counts something.
        if raw.lower() in ("one", "a", "an") and not _counted_noun(text, m.end()):
            continue
        if re.match(r"(?:an?|one)\s", raw, re.I) and re.search(r"(?:\d|\b(?:per|each))\s*$", text[max(0, m.start() - 12) :
                                                                                               m.start()]):
            continue  # "£3.20 a pair", "9 euros a dozen": the unit of a rate, not a quantity
        glued = re.match(rf"{_GLUED_UNIT}\b", text[m.end():m.end() + 4], re.IGNORECASE)
        unit = glued.group(0).lower() if glued else _counted_noun(text, m.end())  # ("18ct gold": carats)
        kind = "number"
        digits = m.group("digits") or ""
        if (re.fullmatch(r"1[0-9]{3}|20[0-9]{2}|2100", digits) and not unit.startswith(("year", "yr"))
                and (not unit or _YEAR_CUE.search(text[max(0, m.start() - 12):m.start()])
                     or re.match(r" [A-Z][a-z]", text[m.end():m.end() + 3])
                     or PERIOD_AFTER_YEAR.match(text[m.end():]))):
            # a bare 1000..2100 that counts nothing, follows "in"/"the" ("in 1815", "the 1815 eruption"), dates a
            # name ("1912 Burrell traction engine") or names a period ("the 2028 season")
            kind, unit = "year", ""
        sign = re.search(r"(\S*)\s+(?:minus|negative)\s+$", text[max(0, m.start() - 30):m.start()], re.I)
        if kind == "number" and sign and parse_number(sign.group(1).strip(".,;:")) is None:
            value = -value  # "it was minus 3.5 degrees" (but "10 minus 4" is a subtraction)
        elif kind == "number" and digits and re.search(r"(?:^|[\s(:])[-−–]$", text[max(0, m.start() - 2):m.start()]) and \
                re.match(r"\s*(?:°|degrees?\b|c\b|f\b)", text[m.end():], re.I) and isinstance(value, (int, float)):
            value = -value  # "the forecast low is -12 °C" (a sign before a temperature, not a range's dash)
        out.append(Value(kind, value, raw, m.start(), m.end(), unit))
    return out


# --- money and percentages ----------------------------------------------------------------------------------------

_AMOUNT = rf"(?:{_DIGITS})(?:\s*(?:hundred|thousand|million|billion|k)\b)?|{_WORDS_NUMBER}"
_MONEY = re.compile(
    rf"(?P<sym>[$€£¥])\s?(?P<a1>{_DIGITS})(?:\s*(?P<s1>hundred|thousand|million|billion|k)\b)?"
    rf"|\b(?P<code>{'|'.join(CURRENCY_CODES)})\s?(?P<a2>{_AMOUNT})"
    rf"|(?P<a3>{_AMOUNT})\s?(?:(?P<code2>{'|'.join(CURRENCY_CODES)})\b|(?P<word>{'|'.join(CURRENCY_WORDS)})\b"
    rf"(?!\s+of\b)|(?P<sub>cents?|pence|penny|p)\b|(?P<sym2>[€£]))",
    re.IGNORECASE,
)


def _money(text: str, starts: _Starts) -> list[Value]:
    out = []
    for m in _scan(_MONEY, text, starts.digits, starts.number_words, starts.symbols):
        amount = m.group("a1") or m.group("a2") or m.group("a3")
        number = _amount_value(amount)
        if m.group("a1") and m.group("s1"):
            number = _clean(number * (1000 if m.group("s1").lower() == "k" else SCALES[m.group("s1").lower()]))
        if number is None:
            continue
        code = (CURRENCY_SYMBOLS.get(m.group("sym") or m.group("sym2") or "") or (m.group("code") or "").upper()
                or (m.group("code2") or "").upper() or CURRENCY_WORDS.get((m.group("word") or "").lower(), ""))
        if m.group("sub"):
            if m.group("sub") == "p" and not re.fullmatch(r"\d+", amount):
                continue
            number, code = _clean(number / SUBUNITS[m.group("sub").lower()]), ""
        out.append(Value("money", number, m.group(0), m.start(), m.end(), code))
    return out


def _amount_value(amount: str) -> int | float | None:
    m = re.fullmatch(rf"({_DIGITS})\s*(hundred|thousand|million|billion|k)?", amount.strip(), re.I)
    if m:
        scale = m.group(2)
        factor = 1000 if scale and scale.lower() == "k" else SCALES.get((scale or "").lower(), 1)
        return _clean(float(m.group(1).replace(",", "")) * factor)
    return parse_number(amount)


_PERCENT = re.compile(rf"(?P<a>{_AMOUNT})\s?(?:%|percent\b|per cent\b|pc\b)", re.IGNORECASE)


def _percents(text: str, starts: _Starts) -> list[Value]:
    if "%" not in text and not re.search(r"(?i)per ?cent|\bpc\b", text):
        return []
    return [Value("percent", v, m.group(0), m.start(), m.end(), "%")
            for m in _scan(_PERCENT, text, starts.digits, starts.number_words)
            if (v := _amount_value(m.group("a"))) is not None]


# --- dates --------------------------------------------------------------------------------------------------------

_MONTH = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+(?:the\s+)?)?"
_DATE_FORMS = [
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b"),
    re.compile(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4}|\d{2})\b"),
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})\b"),
    re.compile(rf"\b{_WEEKDAY}{_DAY}(?:\s+of)?\s+{_MONTH}(?:,?\s+{_YEAR})?\b", re.IGNORECASE),
    re.compile(rf"\b{_WEEKDAY}{_MONTH}\s+(?:the\s+)?{_DAY}(?:,?\s+{_YEAR})?\b(?!:)", re.IGNORECASE),
    re.compile(rf"\b{_MONTH}(?:,?\s+|\s+of\s+){_YEAR}\b", re.IGNORECASE),
]
_ORDINAL_DAY_WORDS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                      "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
                      "eighteenth", "nineteenth", "twentieth"]
ORDINAL_DAYS = {word: i for i, word in enumerate(_ORDINAL_DAY_WORDS, 1)} | {
    f"twenty-{word}": 20 + i for i, word in enumerate(_ORDINAL_DAY_WORDS[:9], 1)} | {"thirtieth": 30,
                                                                                     "thirty-first": 31}
"""Days of the month written as ordinal words ("the first of August", "the twenty-third of May")."""
_ORDINAL_STARTS = frozenset(word.split("-")[0] for word in ORDINAL_DAYS)  # where such a day can begin
_DAY_WORD = "|".join(sorted((w.replace("-", r"[\s-]") for w in ORDINAL_DAYS), key=len, reverse=True))
_DATE_FORMS += [
    re.compile(rf"\b{_WEEKDAY}(?P<dayword>{_DAY_WORD})\s+of\s+{_MONTH}(?:,?\s+{_YEAR})?\b", re.IGNORECASE),
    re.compile(rf"\b{_WEEKDAY}{_MONTH}\s+the\s+(?P<dayword>{_DAY_WORD})\b(?:,?\s+{_YEAR}\b)?", re.IGNORECASE),
]
_RELATIVE = re.compile(r"\b(?:(?P<rel>today|tomorrow|yesterday|tonight)|(?P<which>next|last|this)\s+(?P<weekday>"
                       + "|".join(WEEKDAYS) + r"))\b", re.IGNORECASE)


def _month_number(name: str) -> int:
    if name.isdigit():
        return int(name)
    return next(i for i, m in enumerate(MONTHS, 1) if m.startswith(name.lower().rstrip(".")[:3]))


def _iso(year: int | None, month: int, day: int | None) -> str | None:
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}" if year else None
    try:
        _dt.date(year or 2000, month, day)  # 2000 is a leap year, so 29 February without a year is allowed
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def _dates(text: str, today: _dt.date | None, starts: _Starts) -> list[Value]:
    out = []
    for form in _DATE_FORMS:
        for m in _scan(form, text, starts.digits, starts.calendar):
            groups = m.groupdict()
            year = int(groups["year"]) if groups.get("year") else None
            if year is not None and year < 100:
                year += 2000
            if "a" in groups and groups["a"] is not None:
                a, b = int(groups["a"]), int(groups["b"])
                month, day = (b, a) if a > 12 else (a, b)  # ambiguous 03/04 reads month first, as in US English
            elif groups.get("dayword"):  # "the first of August"
                month, day = _month_number(groups["month"]), ORDINAL_DAYS[re.sub(r"\s+", "-", groups["dayword"].lower())]
            else:
                month, day = _month_number(groups["month"]), int(groups["day"]) if groups.get("day") else None
            if groups.get("month") and groups["month"].lower().startswith("may") and m.group(0)[0] == "M" and \
                    day is None and year is None:
                continue
            iso = _iso(year, month, day)
            if iso:
                out.append(Value("date", iso, m.group(0), m.start(), m.end()))
    if today is not None:
        for m in _scan(_RELATIVE, text, starts.relative):
            if m.group("rel"):
                shift = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}[m.group("rel").lower()]
            else:
                target = WEEKDAYS.index(m.group("weekday").lower())
                ahead = (target - today.weekday()) % 7
                shift = {"next": ahead or 7, "this": ahead, "last": ahead - 7 if ahead else -7}[m.group("which").lower()]
            day = today + _dt.timedelta(days=shift)
            out.append(Value("date", day.isoformat(), m.group(0), m.start(), m.end()))
    return out


# --- clock times --------------------------------------------------------------------------------------------------

_MONEY_AFTER = "|".join([*CURRENCY_WORDS, *CURRENCY_CODES, "cents?", "pence", "%", "percent", "per cent", "[€£]"])
_SMALL_WORD = "|".join(sorted(SMALL_NUMBERS, key=len, reverse=True))
_EVENING = (r"(?:\s*(?P<half>[ap])\.?\s?m\.?\b|"
            r"\s+(?P<part>(?:in the|this|tomorrow|yesterday) (?:morning|afternoon|evening)|at night|tonight|"
            r"(?:morning|afternoon|evening|night)(?= (?:session|class|show|performance|sitting|slot|walk|tour|service|"
            r"train|ferry|bus|meeting|talk|watch|event)s?\b)))?")  # ("the half past eight evening session")
_TIME_FORMS = [
    re.compile(rf"\b(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?!\d|:\d){_EVENING}", re.IGNORECASE),
    re.compile(rf"\b(?P<h>1[0-2]|0?[1-9])(?:\.(?P<m>[0-5]\d))?\s*(?P<half>[ap])\.?\s?m\b(?:\.(?!\s|$))?", re.IGNORECASE),
    re.compile(r"(?:" + "|".join(rf"(?<=\b{w} )" for w in ("at", "from", "until", "till", "by", "before", "after"))
               + rf")(?P<h>[01]?\d|2[0-3])\.(?P<m>[0-5]\d)\b(?!\.\d|\s*(?:{_MONEY_AFTER}))(?:{_EVENING})",
               re.IGNORECASE),
    re.compile(rf"\b(?P<rel>half|(?:a )?quarter|{_SMALL_WORD}|\d{{1,2}})(?: minutes)? (?P<dir>past|to|after) "
               rf"(?P<hw>{_SMALL_WORD}|\d{{1,2}})(?!\d|\.\d|\s+(?:hours?|minutes?|mins?|days?|weeks?|years?)\b)"
               rf"(?: o'clock)?{_EVENING}", re.IGNORECASE),  # ("cone 10 after 11.5 hours" tells no time)
    re.compile(rf"\b(?P<hw>{_SMALL_WORD}|\d{{1,2}}) o'clock{_EVENING}", re.IGNORECASE),
    re.compile(r"\b(?P<named>noon|midday|midnight)\b", re.IGNORECASE),
    re.compile(r"(?:" + "|".join(rf"(?<=\b{w} )" for w in ("at", "from", "until", "till", "to", "by"))
               + rf")(?P<hw>{_SMALL_WORD}|\d{{1,2}})\s+(?P<part>in the (?:morning|afternoon|evening)|at night)\b",
               re.IGNORECASE),  # "till nine in the evening"
    re.compile(r"\b(?P<h>1[0-2]|0?[1-9])[.:](?P<m>[0-5]\d)(?=\s*(?:to|-|–|till|until)\s*\d{1,2}(?:[.:]\d\d)?\s*[ap]\.?"
               r"\s?m\b)", re.IGNORECASE),  # the start of "6.30 to 8.30pm"
    re.compile(rf"\b(?P<hw>{_SMALL_WORD}|1[0-2]|0?[1-9])(?=\s+(?:till|until)\s+(?:(?:half|(?:a )?quarter|{_SMALL_WORD}|"
               rf"\d{{1,2}})(?: minutes)? (?:past|to|after) |\d{{1,2}}[.:]\d\d\b|\d{{1,2}}\s*[ap]\.?\s?m\b))",
               re.IGNORECASE),  # the start of "ten till half past three"
]


def _hour_value(word: str) -> int | None:
    value = int(word) if word.isdigit() else SMALL_NUMBERS.get(word.lower())
    return value if value is not None and 0 <= value <= 24 else None


def _times(text: str, starts: _Starts) -> list[Value]:
    out = []
    for form in _TIME_FORMS:
        for m in _scan(form, text, starts.digits, starts.number_words):
            g = m.groupdict()
            if g.get("named"):
                hour, minute = (0 if g["named"].lower() == "midnight" else 12), 0
            elif g.get("hw"):
                hour = _hour_value(g["hw"])
                if hour is None or hour > 12:
                    continue
                minute = 0
                if g.get("rel"):
                    rel = g["rel"].lower().removeprefix("a ")
                    minute = {"half": 30, "quarter": 15}.get(rel) or _hour_value(rel) or 0
                    if rel not in ("half", "quarter") and not 0 < minute < 60:
                        continue
                    if g["dir"].lower() == "to":
                        hour, minute = (hour - 1) % 12 or 12, 60 - minute
            else:
                hour, minute = int(g["h"]), int(g.get("m") or 0)
            half, part = (g.get("half") or "").lower(), (g.get("part") or "").lower()
            if (half == "p" or part and "morning" not in part) and hour < 12:
                hour += 12
            elif half == "a" and hour == 12:
                hour = 0
            out.append(Value("time", f"{hour % 24:02d}:{minute:02d}", m.group(0), m.start(), m.end(),
                             unit="unmarked" if not (half or part) and (g.get("hw") or g.get("h") and not
                                                                        g["h"].startswith("0") and int(g["h"]) <= 12)
                             else ""))
    once = {(v.start, v.end): v for v in reversed(out)}  # two forms may read one span: the first form's reading
    return _after_afternoon(sorted(once.values(), key=lambda v: v.start), text)


def _after_afternoon(times: list[Value], text: str) -> list[Value]:
    """An unmarked clock time listed after an afternoon one in the same sentence is in the afternoon too ("at 11am,
    1.30pm and a quarter to four": 15:45, not 03:45). Alone ("half past six") it keeps its literal reading."""
    out, latest_pm, last_end, latest = [], None, 0, None
    for v in times:
        if re.search(r"[.!?](?:\s|$)", text[last_end : v.start]):
            latest_pm = None  # a new sentence: "... to 5.30 pm. Tours start at 11:00" is the morning
        last_end = v.end
        minutes = int(v.value[:2]) * 60 + int(v.value[3:])
        later_in_day = latest is not None and minutes < latest and minutes < 12 * 60 <= minutes + 12 * 60 and \
            re.search(r"\b(?:last|then|later|back|until|till|finish\w*|end\w*|close\w*|return\w*)\b",
                      text[max(0, v.start - 40) : v.start], re.I)  # "first out at twenty past nine, last one back at
        # ten to six": a time written after an earlier one and before it on the clock is in the afternoon
        by_day = not v.text[:1].isdigit() and 60 <= minutes < 6 * 60  # "collecting at ten past four": 16:10
        if v.unit == "unmarked" and (latest_pm is not None and minutes < 12 * 60 and minutes + 12 * 60 > latest_pm
                                     or later_in_day or by_day):
            v = Value("time", f"{minutes // 60 + 12:02d}:{minutes % 60:02d}", v.text, v.start, v.end, "unmarked")
        latest = max(latest or 0, int(v.value[:2]) * 60 + int(v.value[3:]))
        if v.unit != "unmarked" and minutes >= 12 * 60:
            latest_pm = minutes
        out.append(v)
    for i, (v, w) in enumerate(zip(out, out[1:])):  # "6.30 to 8.30pm", "half past six till nine in the evening"
        start, end = int(v.value[:2]) * 60 + int(v.value[3:]), int(w.value[:2]) * 60 + int(w.value[3:])
        if v.unit == "unmarked" and w.unit != "unmarked" and start < 12 * 60 and start + 12 * 60 <= end and \
                re.fullmatch(r"\s*(?:to|-|–|till|until)\s*", text[v.end : w.start], re.I):
            out[i] = Value("time", f"{start // 60 + 12:02d}:{start % 60:02d}", v.text, v.start, v.end, v.unit)
        elif v.unit == w.unit == "unmarked" and end < start < 12 * 60 and re.fullmatch(r"\s*(?:till|until)\s*",
                                                                                       text[v.end : w.start], re.I):
            out[i + 1] = Value("time", f"{end // 60 + 12:02d}:{end % 60:02d}", w.text, w.start, w.end, w.unit)
            # "ten till half past three": a span ends after it starts, so the end is in the afternoon
    return [Value(v.kind, v.value, v.text, v.start, v.end) for v in out]


def add_minutes(clock: str, minutes: float) -> str:
    """A clock time moved on by some minutes, wrapping past midnight.

    >>> add_minutes("18:30", 135), add_minutes("23:50", 25)
    ('20:45', '00:15')
    """
    hour, minute = (int(x) for x in clock.split(":"))
    total = (hour * 60 + minute + round(minutes)) % (24 * 60)
    return f"{total // 60:02d}:{total % 60:02d}"


def clock_minutes(clock: str) -> int:
    """Minutes after midnight of a clock time ("14:15" -> 855).

    >>> clock_minutes("14:15")
    855
    """
    hours, minutes = (int(x) for x in clock.split(":")[:2])
    return hours * 60 + minutes


def minutes_between(start: str, end: str) -> int:
    """Minutes from one clock time to a later one (past midnight if the end is earlier).

    >>> minutes_between("09:15", "11:40"), minutes_between("22:30", "01:00")
    (145, 150)
    """
    return (clock_minutes(end) - clock_minutes(start)) % (24 * 60)


def format_minutes(minutes: float) -> str:
    """A duration as people say it.

    >>> format_minutes(135), format_minutes(45), format_minutes(120), format_minutes(2.5), format_minutes(16 / 60)
    ('2 hours 15 minutes', '45 minutes', '2 hours', '2.5 minutes', '16 seconds')
    >>> format_minutes(130 / 60)
    '2 minutes 10 seconds'

    """
    if 0 < minutes < 1 and round(minutes * 60, 6).is_integer():  # "16 seconds", not "0.266666667 minutes"
        seconds = int(round(minutes * 60))
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    if 1 <= minutes < 60 and not float(round(minutes * 2, 6)).is_integer() and float(round(minutes * 60, 6)).is_integer():
        whole, seconds = divmod(int(round(minutes * 60)), 60)  # "2 minutes 10 seconds", not "2.1666666667 minutes"
        return f"{whole} minute{'s' if whole != 1 else ''} {seconds} second{'s' if seconds != 1 else ''}"
    if minutes >= 60 and float(minutes).is_integer():
        hours, rest = divmod(int(minutes), 60)
        text = f"{hours} hour{'s' if hours != 1 else ''}"
        return text + (f" {rest} minute{'s' if rest != 1 else ''}" if rest else "")
    shown = _clean(minutes)
    return f"{shown} minute{'s' if shown != 1 else ''}"


# --- durations ----------------------------------------------------------------------------------------------------

_UNIT = "|".join(rf"(?P<{unit}>{spelling})" for unit, spelling in _UNIT_SPELLINGS.items())
_DURATION_PART = re.compile(
    rf"(?P<amount>{_DIGITS}|{_WORDS_NUMBER}|half an?|a quarter of an?|an?)\s*-?\s*"
    rf"(?:(?:working|business|calendar|school)\s+)?"  # "5 working days" is still a number of days
    rf"(?:{_UNIT})\b(?P<andhalf>\s+and\s+a\s+(?:half|quarter|three[ -]quarters))?",
    re.IGNORECASE,
)
_JOINER = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|\s)\s*", re.IGNORECASE)


def _duration_part(m: re.Match[str]) -> tuple[float, str] | None:
    unit = next(u for u in _UNIT_SPELLINGS if m.group(u))
    if unit == "hour" and m.group(unit).lower() == "h" and re.match(r"\s*\d", m.string[m.end():]) is None and \
            not re.search(r"\d\s*h\b", m.group(0)):
        return None
    raw = m.group("amount").lower()
    amount = {"half a": 0.5, "half an": 0.5, "a quarter of a": 0.25, "a quarter of an": 0.25, "a": 1, "an": 1}.get(
        raw) or _amount_value(raw)
    if amount is None:
        return None
    if m.group("andhalf"):  # "an hour and a half", "an hour and a quarter"
        amount += {"h": 0.5, "q": 0.25}.get(m.group("andhalf").split()[-1][0].lower(), 0.75)
    return amount * DURATION_UNITS[unit], unit


_SPAN_LEAD = re.compile(r"\b(?:for|in|within|after|over|under|about|nearly|almost|than|took|takes|lasts?|lasted)\s+$",
                        re.IGNORECASE)
"""Words before "an hour" that make it a stretch of time even after a number ("at 18:00 for an hour"), not a rate."""


_AFTER_SPAN = frozenset("later ago earlier long early late away behind ahead left more less apart off".split())


def _compound_head(text: str, end: int) -> bool:
    """Whether the unit just read modifies a noun after it ("a day pass", "an hour slot"): then it is no duration.

    >>> _compound_head("a day pass costs", 5), _compound_head("a day later", 5), _compound_head("a day in May", 5)
    (True, False, False)
    """
    m = re.match(r"\s+([a-z][a-z-]+)\b", text[end:])
    return bool(m) and m.group(1) not in STOPWORDS and m.group(1) not in _AFTER_SPAN


def _durations(text: str, starts: _Starts) -> list[Value]:
    out: list[Value] = []
    parts = _scan(_DURATION_PART, text, starts.digits, starts.number_words)
    i = 0
    while i < len(parts):
        first = parts[i]
        if re.match(r"[\s-]*old\b", text[first.end():]) or (  # "12 years old" is an age, not a stretch of time
                first.group("amount").lower() in ("a", "an") and re.search(r"\d[\w\s]{0,20}$", text[:first.start()])
                and not _SPAN_LEAD.search(text[:first.start()])) or (
                first.group("amount").lower() in ("a", "an") and _compound_head(text, first.end())):
            i += 1  # "25 pages a day" is a rate, not a day
            continue
        read = _duration_part(first)
        if read is None:
            i += 1
            continue
        minutes, unit = read
        end, j, smallest = first.end(), i + 1, DURATION_UNITS[unit]
        while j < len(parts) and _JOINER.fullmatch(text[end:parts[j].start()] or " ") and \
                parts[j].group("amount").lower() not in ("a", "an") and (nxt := _duration_part(parts[j])) and \
                DURATION_UNITS[nxt[1]] < smallest:
            # ("12 hours a day" is a rate: "a day" does not add to the hours; "2 minutes 10 seconds, 1 minute 55
            # seconds" are two durations: a compound goes from larger units to smaller)
            minutes += nxt[0]
            end, j, smallest = parts[j].end(), j + 1, DURATION_UNITS[nxt[1]]
        # "an hour and a half": the half after the last unit belongs to it
        tail = re.match(r"\s+and\s+a\s+half\b", text[end:])
        if tail and not first.group("andhalf"):
            minutes += DURATION_UNITS[unit] * 0.5
            end += tail.end()
        out.append(Value("duration", _clean(minutes), text[first.start():end], first.start(), end, unit))
        i = j
    return out


# --- proper names -------------------------------------------------------------------------------------------------

_ADDRESSED = re.compile(r"\b(?:send|sent|write|wrote|give|gave|tell|told|talk|speak|say|reply|email|e-mail|text|"
                        r"message|forward|pay|paid|introduce|ask|thank|remind|invite|lend|lent|deliver|delivered|"
                        r"post|posted|mail|mailed|hand|handed|bring|brought|ship|shipped|sell|sells|sold|donate|"
                        r"donated|award|awarded|owe|owes|owed)\b[^.!?]{0,60}"
                        r"\b(?:to|for)\s*$", re.IGNORECASE)
"""Someone a message or thing goes to ("send a message to Ingrid Solberg") is a person, not a destination."""
_UPPER, _LETTER = "A-ZÀ-ÖØ-ÞĀ-ž", "a-zA-ZÀ-ÖØ-öø-ÿĀ-ž"  # (Latin-1 and Latin Extended-A: "Wiśniewski", "Łódź")
_CAP_WORD = rf"(?:[{_UPPER}][{_LETTER}'’-]*[{_LETTER}](?:(?<=[a-z])-\d+\b)?(?:(?<=s)['’](?=\s+[A-Z]))?|[{_UPPER}])\.?"
"""A capitalised word, accented letters included ("Château Vey-Lussac"), with a designation's number after a word
("Kora-2", but not the code "MS-0318") and a plural possessive's apostrophe when a name goes on ("Beginners' Walling
Weekend")."""
_PROPER_RUN = re.compile(rf"{_CAP_WORD}(?:\s+['‘\"“]{_CAP_WORD}['’\"”](?=\s+[A-Z]))?"  # ("Margaret 'Peg' Holloway")
                         rf"(?:\s+(?:(?:{'|'.join(NAME_CONNECTORS)})\s+){{0,2}}{_CAP_WORD})*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*|[\"“(]\s*|^\s*[-*•]\s+)$")
_DOING_VERB_AFTER = re.compile(
    r"\s+(?:buys|bought|pays|paid|gets|got|gives|gave|sells|sold|owns|owned|earns|earned|runs|ran|"
    r"reads|read|walks|walked|drives|drove|spends|spent|wants|wanted|needs|needed|saves|saved|makes|made|takes|"
    r"took|said|says|told|asked|wrote|lives|lived|works|worked|plays|played)\b")
_STATE_VERB_AFTER = re.compile(rf"\s+(?:is|was|has|had|will|can|beat|won|lost|met|left|built|began|held|led|"
                               rf"took|gave|sold|bought|drew|ran)\b|{_DOING_VERB_AFTER.pattern}|\s+[a-z]+[^s\W]s\b|"
                               rf"\s+[a-z]{{2,}}ed\b")
"""After a sentence-opening capitalised word, a verb says it is someone ("Lena rents", "Maria has")."""


_PERSON_CUE = re.compile(rf"(?i:\b(?:{PERSON_CUES_BEFORE}))\s*$")
_PLACE_CUE = re.compile(rf"\b(?:{'|'.join(PLACE_PREPOSITIONS)})\s+(?:the\s+)?$", re.IGNORECASE)
_PERSON_AFTER = re.compile(rf"\W*(?:{'|'.join(re.escape(cue) for cue in PERSON_VERBS_AFTER)})\b")
_ACTIVITY_AFTER = re.compile(r"\s+(?:rents|books|orders|visits|calls|writes|sends|keeps|leads|teaches|coaches|plays|"
                             r"sings|bakes|cooks|cycles|swims|owns)\b")


_AMOUNT_OF = re.compile(r"\b(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|several|some)\s+"
                        r"(?:[a-z]+\s+)?(?:cases?|bottles?|box(?:es)?|jars?|bags?|packs?|packets?|crates?|tins?|cans?|"
                        r"kilos?|kg|litres?|pints?|glass(?:es)?|cups?|slices?|bunch(?:es)?|sacks?|barrels?|casks?|"
                        r"tubs?|pots?|rolls?|sheets?|tonnes?|loaf|loaves|portions?|servings?|dozen|pairs?|copies|copy|"
                        r"trays?|punnets?|pallets?|cartons?|units?)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
"""An amount of something before a name ("2 cases of Heather Gold", "six single bottles of Cliff Top"): the name is
a product, not a person."""


def _entity_kind(span: str, before: str, after: str) -> str:
    words = span.replace(".", "").split()
    if _AMOUNT_OF.search(before) and words[0] not in HONORIFICS or re.search(r"['\"‘“]$", before) and re.match(
            r"['\"’”]", after):
        return "name"  # (a name in quotes is a title: "Pattern: 'Sunburst Coaster'", the engine 'Lady Margaret')
    if words[0] in HONORIFICS or _PERSON_CUE.search(before) or _ADDRESSED.search(before):
        return "person"
    if words[-1] in ORG_HEADS or span.isupper() and len(span) > 1 or (
            len(words) >= 3 and words[1] == "of" and words[0] in (*ORG_HEADS, "Friends")):
        return "organisation"  # ("University of Oslo", "Friends of Pengarth Woods")
    if words[0] in PLACE_HEADS or words[-1] in PLACE_HEADS:
        return "place"
    if _PLACE_CUE.search(before):
        return "place"
    if _PERSON_AFTER.match(after) or _DOING_VERB_AFTER.match(after) or len(words) == 1 and _ACTIVITY_AFTER.match(after):
        return "person"
    modifier = re.match(r"\s+([a-z]+)\b", after)
    if modifier and not re.search(r"(?:s|ed|ing)$", modifier.group(1)) and modifier.group(1) not in STOPWORDS and \
            modifier.group(1) not in ("said", "told", "ran", "won", "lost", "came", "went", "got", "made", "took"):
        return "name"  # "Glen Feshie bothy sleeps 8": a name used as a modifier names a thing, not a person
    if len(words) in (2, 3) and not re.search(r"\b(?:a|an|the|this|that|its|their|our)\s+(?:\d+\s+)?$", before, re.I):
        return "person"  # "Ada Chen" is a person; "a Volcanic Explosivity Index" takes an article, people do not
    return "name"


_WEEKDAY_ABBREVIATIONS = frozenset("mon tue tues wed thu thur thurs fri sat sun".split())


def _split_names(tokens: list[tuple[int, int, str]], at_start: bool) -> list[tuple[int, int, bool]]:
    while tokens and (tokens[0][2].lower() in COMMON_CAPITALISED or tokens[0][2].lower() in STOPWORDS
                      or tokens[0][2].lower() in MONTHS or tokens[0][2].lower() in WEEKDAYS
                      or tokens[0][2].lower() in _WEEKDAY_ABBREVIATIONS):
        if len(tokens) >= 3 and tokens[-1][2] in ORG_HEADS and (tokens[0][2].lower() in WEEKDAYS or tokens[0][2].lower()
                                                                 in MONTHS and tokens[0][2].lower() != "may"):
            break  # "The Tuesday Saga Club", "the October Book Fair": a day or month inside an organisation's name
        tokens, at_start = tokens[1:], False
    if at_start and len(tokens) >= 3 and tokens[0][2] not in HONORIFICS and re.search(
            r"[a-z](?:er|or|ist|ian|ant|ent)$", tokens[0][2]):
        tokens, at_start = tokens[1:], False  # "Beekeeper Rosa Lindqvist": a role word opens the sentence
    if at_start and len(tokens) >= 3 and tokens[1][2] == "the":
        tokens, at_start = tokens[2:], False  # "Booked the Grand Hotel": a verb and its article open the sentence
    pieces: list[list[tuple[int, int, str]]] = [[]]
    for i, token in enumerate(tokens):
        if token[2] in ("of", "the", "upon"):  # "Professor Lindqvist of Uppsala University"; not "Idris ap Gwilym"
            left, right = pieces[-1], [t for t in tokens[i + 1:] if t[2] not in NAME_CONNECTORS]
            if left and (left[0][2] in HONORIFICS or len(left) >= 2 and len(right) >= 2):
                pieces.append([])
                continue
        pieces[-1].append(token)
    spans = []
    for j, piece in enumerate(pieces):
        while piece and piece[-1][2] in NAME_CONNECTORS:
            piece = piece[:-1]
        if piece:
            end = piece[-1][1] + (1 if piece[-1][2] in HONORIFICS and len(piece) == 1 else 0)
            spans.append((piece[0][0], end, at_start and j == 0))
    return spans


def _name_spans(text: str, starts: _Starts | None = None) -> list[tuple[int, int, bool]]:
    """(start, end, starts a sentence) for each run of capitalised words, split where one name follows another
    ("Professor Lindqvist of Uppsala University" is two names, "Bank of England" one) and with common
    sentence-opening words peeled off the front ("The Oslo Chess Club", "Please Anna")."""
    spans = []
    for run in _scan(_PROPER_RUN, text, (starts or _Starts.of(text)).capitals):
        groups: list[list[tuple[int, int, str]]] = [[]]
        for t in re.finditer(r"\S+", run.group(0)):
            word = t.group(0).rstrip(".")
            groups[-1].append((t.start() + run.start(), t.end() + run.start() - (len(t.group(0)) - len(word)), word))
            if t.group(0).endswith(".") and word not in HONORIFICS and len(word) > 1:
                groups.append([])  # "Lisbon. The": a full stop after a word that is no abbreviation ends a sentence
        for g, tokens in enumerate(groups):
            at_start = g > 0 or bool(_SENTENCE_START.search(text[max(0, run.start() - 3):run.start()]))
            spans += _split_names(tokens, at_start)
    return spans


_OPENING_WORDS = frozenset("""fully friendly only early daily weekly monthly yearly nearly really finally usually likely
    lovely roughly mostly partly newly recently currently lately sadly luckily happily hopefully unfortunately
    fortunately clearly simply quickly slowly apparently originally initially generally especially actually certainly
    probably owner customer tutor member borrower client patient guest visitor driver rider manager mon tue tues wed
    thu thur thurs fri sat sun""".split())
"""Adverbs, adjectives, role nouns and weekday abbreviations that open sentences; alone and capitalised at the start,
they are no name ("Owner says ...", "Wed 3 March")."""


def introduces_a_name(word: str) -> bool:
    """Whether a capitalised word, with "'s", only introduces the name after it (:data:`.cues.NAME_INTRODUCED`).

    >>> introduces_a_name("Name's"), introduces_a_name("It’s"), introduces_a_name("Hulme's")
    (True, True, False)
    """
    return re.sub(r"['’]s$", "", word.lower()) in cues.NAME_INTRODUCED


def entities(text: str, starts: _Starts | None = None) -> list[Value]:
    """Proper names in a text, each typed ``person``, ``place``, ``organisation`` or ``name`` (kind unknown).

    A capitalised word that only starts a sentence is not taken for a name unless a cue says so ("Maria has 12
    apples", "Dr Chen"), so "Reserve a table" yields nothing while "at Maaemo" yields a place.

    >>> text = "Reserve a table at Maaemo for 4. Dr Ada Chen said the Oslo Chess Club meets in Bergen."
    >>> [(v.kind, v.value) for v in entities(text)]
    [('place', 'Maaemo'), ('person', 'Dr Ada Chen'), ('organisation', 'Oslo Chess Club'), ('place', 'Bergen')]
    """
    out = []
    spans = _name_spans(text, starts)
    inside = {}  # each single word, and the offsets where it stands inside a sentence (not opening one)
    for start, end, at_start in spans:
        if not at_start:
            inside.setdefault(text[start:end], []).append(start)
    for start, end, at_start in spans:
        span, words = text[start:end], text[start:end].replace(".", "").split()
        before, after = text[max(0, start - 80):start], text[end:end + 30]
        if at_start and len(words) == 1 and words[0].lower() in _OPENING_WORDS:
            continue  # "Fully licensed bar.", "Friendly singles at ...": an adverb or adjective opening a sentence
        if at_start and len(words) == 1 and words[0] not in HONORIFICS:
            seen_elsewhere = any(position > end for position in inside.get(span, ()))
            labelled = re.search(r"[a-z]:\s*$", before) and after.startswith(", ")  # "Puppy record: Biscuit, male"
            if not (_STATE_VERB_AFTER.match(after) or seen_elsewhere or after.startswith("'s") or labelled):
                continue
        if len(words) > 1 and introduces_a_name(words[0]):
            start += span.index(words[1])  # "Name's Dave Hulme": the name is what follows
            span, words = text[start:end], words[1:]
        if re.fullmatch(r"[A-Z]", span) or span == "I":
            continue
        if len(words) == 1 and re.sub(r"['’]s$", "", words[0]).lower() in (*WEEKDAYS, *MONTHS):
            continue  # "In Saturday's task", "March's figures": a day or a month, no one's name
        if span.isupper() and re.search(r"\b(?:a|an)\s+$", before) and re.match(r"\s+[a-z]", after):
            continue  # "a GPS collar", "an EV charger": an acronym naming a kind of thing, no one's name
        possessive = re.search(r"['’]s$", span)
        if possessive:  # "Sibelius's second symphony": the owner is the name, and an owner is mostly a person
            span, end = span[: possessive.start()], start + possessive.start()
            kind = _entity_kind(span, before, "")
            out.append(Value("person" if kind == "name" else kind, span, span, start, end))
            continue
        out.append(Value(_entity_kind(span, before, after), span, span, start, end))
    return out


def unit_symbol(word: str) -> str | None:
    """The symbol of a unit of measure written any way ("kilos", "kilograms", "kg" -> "kg"), or None.

    >>> unit_symbol("kilos"), unit_symbol("Miles"), unit_symbol("t"), unit_symbol("boxes")
    ('kg', 'mi', 't', None)
    """
    w = word.lower()
    return next((symbol for symbol, names in cues.UNIT_NAMES.items() if w == symbol or re.fullmatch(names, w)), None)


def unit_dimension(word: str) -> str | None:
    """What a unit written any way measures ("litres" and "ml": 'volume'), or None for a count ("bottles").

    >>> unit_dimension("litres"), unit_dimension("ml"), unit_dimension("bottles")
    ('volume', 'volume', None)
    """
    symbol = unit_symbol(word) if word else None
    return cues.UNIT_SIZES[symbol][0] if symbol in cues.UNIT_SIZES else None


def convert_units(value: float, unit: str, target: str) -> float | None:
    """``value`` in ``unit`` as a number of ``target`` units, or None when they measure different things.

    >>> convert_units(750, "g", "kg"), convert_units(3, "kg", "m"), convert_units(100, "f", "c")
    (0.75, None, None)
    """
    (kind, size), (target_kind, target_size) = cues.UNIT_SIZES[unit], cues.UNIT_SIZES[target]
    if unit == target:
        return value
    if kind != target_kind or not size:
        return None
    converted = round(value * size / target_size, 6)
    return int(converted) if converted == int(converted) and isinstance(value, int) else converted


def longest_run(text: str, numbers: list[Value]) -> list[Value]:
    """The longest run of ``numbers`` (values found in ``text``, in order) written as one list ("9, 8, 10, 7 and 9"):
    the values themselves, in order; the first such run on a tie.

    >>> [v.value for v in longest_run("Over 10 stands: 9, 8, 10 and 7 - total 34.", extract("Over 10 stands: 9, 8, 10 and 7 - total 34."))]
    [9, 8, 10, 7]
    >>> [v.value for v in longest_run("On a 400 m track: 58.4 s, 61.2 s and 57.9 s.", extract("On a 400 m track: 58.4 s, 61.2 s and 57.9 s."))]
    [58.4, 61.2, 57.9]
    """
    best: list[Value] = []
    run: list[Value] = []
    for v in numbers:
        gap = text[run[-1].end : v.start] if run else ""
        if run and run[-1].unit and re.match(rf"\s*{re.escape(run[-1].unit)}\b", gap):
            gap = gap.lstrip()[len(run[-1].unit):]  # "58.4 s, 61.2 s and 57.9 s": a unit after every figure
        if run and re.fullmatch(r"\s*(?:,\s*(?:and\s+)?|and\s+)", gap):
            run.append(v)
        else:
            run = [v]
        best = run if len(run) > len(best) else best
    return list(best)


# --- everything at once -------------------------------------------------------------------------------------------


def extract(text: str, kinds: tuple[str, ...] | None = None, today: _dt.date | None = None) -> list[Value]:
    """All typed values in ``text``, in reading order, with no two spans overlapping.

    ``kinds`` limits the result (numeric kinds, ``year``, and the name kinds ``person``, ``place``,
    ``organisation``, ``name``); ``today`` lets "tomorrow" and "next Friday" become dates.

    >>> [(v.kind, v.value) for v in extract("The 1815 eruption killed about 71,000 people; half past six in the evening")]
    [('year', 1815), ('number', 71000), ('time', '18:30')]
    >>> [(v.kind, v.value) for v in extract("closed in March 2021; after an 18-month rebuild it reopened on 2022-09-01")]
    [('date', '2021-03'), ('duration', 788940), ('date', '2022-09-01')]
    """
    found = list(_numeric_values(text, today))
    if kinds is None or _NAME_KINDS & set(kinds):
        found = sorted(found + list(_names(text, today)), key=lambda v: v.start)
    return found if kinds is None else [v for v in found if v.kind in kinds]


_NAME_KINDS = frozenset({"person", "place", "organisation", "name"})


@functools.lru_cache(maxsize=512)
def _numeric_values(text: str, today: _dt.date | None) -> tuple[Value, ...]:
    """The numeric kinds of :func:`extract`, remembered: one text is often read by several skills in one turn."""
    starts = _Starts.of(text)
    covered = bytearray(len(text) + 1)
    found: list[Value] = []
    readers = {"date": lambda: _dates(text, today, starts), "time": lambda: _times(text, starts),
               "duration": lambda: _durations(text, starts), "money": lambda: _money(text, starts),
               "percent": lambda: _percents(text, starts), "number": lambda: _numbers(text, starts)}
    for kind in KINDS:  # most specific first: a later reading never overlaps an earlier one
        for value in sorted(readers[kind](), key=lambda v: (v.start, -(v.end - v.start))):
            if covered.find(1, value.start, value.end) < 0:
                covered[value.start : value.end] = b"\x01" * (value.end - value.start)
                found.append(value)
    return tuple(sorted(found, key=lambda v: v.start))


@functools.lru_cache(maxsize=512)
def _names(text: str, today: _dt.date | None) -> tuple[Value, ...]:
    """The names of :func:`extract` that no numeric value overlaps ("May 5" is a date, not a name)."""
    covered = bytearray(len(text) + 1)
    for v in _numeric_values(text, today):
        covered[v.start : v.end] = b"\x01" * (v.end - v.start)
    return tuple(e for e in entities(text) if covered.find(1, e.start, e.end) < 0)


def numbers(text: str) -> list[Value]:
    """The quantities in ``text`` (numbers, years, money, percentages, durations), without dates or clock times.

    >>> [v.value for v in numbers("Four pens at $1.50 each, paid with a $10 note")]
    [4, 1.5, 10]
    """
    return extract(text, kinds=("number", "year", "money", "percent", "duration"))
