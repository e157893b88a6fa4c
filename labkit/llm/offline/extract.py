"""Skill: pull named fields out of a text as JSON ("Respond in JSON with keys name, city").

The field filling is done by :mod:`.structured` (typed values by each field's name, type and description); this
skill decides when a prompt is an extraction and lends the filler the other skills it may need (a label for a
``sentiment`` field, a summary for a ``summary`` field).

What it cannot do: find a value the text does not hold. Such a key is null only where the request gives it leave
("[date or null]", "use null if not stated", "null for anything not given") or the text says the value is not known
yet ("referee not confirmed yet"); any other key it cannot read makes it decline and name the key, since a silent
null there is read as a complete record, and a key it failed to read is as often a misreading as a gap in the text
(in the first replies to three blind probe sets, all ten such records were wrong). When no requested field is
found at all the model says it found none of them; when it finds a third or fewer of four or more keys that may not be
null, it says how few it found rather than return a record its reading barely supports. Keys given by
name only get their type from the name and the text (``age`` is a number, ``is_open`` a boolean, ``gift_wrap`` a
boolean when the text says "not to gift wrap"); a hint in round or square brackets wins ("(true/false)", "(HH:MM)",
"[date YYYY-MM-DD, or null if not given]", "(one of: beginner, intermediate, advanced)", "(single-line, dual-line or
quad-line)"), as does "weight is one of lace, dk, aran". A bracketed description ("(identifier, copied exactly)") is
no type. The abstention rules of :mod:`.structured` apply unchanged, so a key the text does not tie to a value comes
back null rather than filled with the nearest number or name.

A request for one record of several reads the numbered record it names ("the second order" of "(1) ...; (2) ..."),
and refuses, with the reason, one picked by something the text cannot be matched on ("for the team that got out").
"""

from __future__ import annotations

import re
from typing import Any

from labkit.llm.offline import cues
from labkit.llm.offline.answer import answer_question
from labkit.llm.offline.classify import classify
from labkit.llm.offline.plan import make_plan
from labkit.llm.offline.skill import Result, Turn, abstain
from labkit.llm.offline.structured import FieldSkills, extract_fields, fill_value, guess_type
from labkit.llm.offline.summarize import summarize
from labkit.llm.offline.text import content_words, split_sentences
from labkit.llm.offline.values import entities


def field_skills(turn: Turn) -> FieldSkills:
    """The model's other skills, lent to the field filler for fields that need them."""

    def label(text: str, labels: list[str]) -> tuple[str, float]:
        c = classify(text, labels, None, turn.similarity, turn.temperature, turn.rng)
        return c.label, c.confidence

    def answer(text: str) -> str | None:
        found = answer_question(turn.view.question, turn.material, turn.similarity, turn.temperature, turn.rng)
        return found.text if found.supported else None  # an "answer" field is empty, never the reason there is none

    return FieldSkills(classify=label, answer=answer, summarize=summarize, plan=make_plan, similarity=turn.similarity)


def extraction_source(turn: Turn) -> str:
    """The text fields are taken from: the context, else the message without the sentence that asks for JSON (whose
    key names are not values)."""
    named = requested_keys(turn)
    if turn.view.context and not (_asks_for_json(turn.view.context, named) and len(turn.view.context.split()) < 60):
        return turn.view.context  # (not a last line "JSON please: contact (string), ..." the split took for material)
    text = turn.view.instruction or turn.view.user
    keys = set(content_words(" ".join(named).replace("_", " ")))
    kept, verbatim = [], text
    for sentence in split_sentences(text):
        if not _asks_for_json(sentence, named):
            kept.append(sentence)
            continue
        material = _AFTER_REQUEST.search(re.sub(r"\([^()]*\)|\[[^\[\]]*\]", "", sentence))
        said = material.group(1) if material and set(content_words(material.group(1))) - keys and \
            not _lists_keys(material.group(1), named) else ""  # 'As JSON with keys "a", "b": The kettle costs ...'
        kept += [said] if said else []  # (not "keys: a, b")
        verbatim = verbatim.replace(sentence, said, 1) if verbatim is not None and sentence in verbatim else None
    # the text as written, lines and all (an invoice's lines keep each figure with its label), where the request
    # could be cut out of it as it stands
    return (verbatim.strip() if verbatim is not None else " ".join(kept)) or text


def _lists_keys(text: str, keys: list[str]) -> bool:
    """Whether a stretch of the request is the key list itself ("in pounds per kg: copper, brass, plus lead")."""
    items = [i.strip(" .") for i in re.split(r",|\band\b|\bplus\b", text) if i.strip(" .")]
    return bool(items) and sum(i in keys for i in items) >= len(items) / 2


def requested_keys(turn: Turn) -> list[str]:
    """The keys a JSON request names: those the prompt reader found, else a bracketed list right after "JSON"
    ("Give me JSON (church, date, fee) for this: ...").

    >>> from labkit.llm.offline.prompt import read_prompt
    >>> requested_keys(Turn(read_prompt([("human", "Give me JSON (kiln, firing_date and cones) for: Kiln 3 ...")])))
    ['kiln', 'firing_date', 'cones']
    """
    if turn.view.format.json_keys or not turn.view.format.json:
        return list(turn.view.format.json_keys)
    said = turn.view.instruction or turn.view.user
    m = re.search(r"\bjson\b[^()\n]{0,25}\(\s*(?:(?:keys?|fields?)\s*:\s*)?([^()]+)\)", said, re.I)
    keys = re.split(r"\s*(?:,|\band\b|;)\s*", m.group(1).strip()) if m else []
    return keys if len(keys) >= 2 and all(re.fullmatch(r"[A-Za-z_]\w*", k) for k in keys) else []


_ASKS_FOR_JSON = re.compile(r"\bjson\b|\bkeys?\b|\bfields?\b", re.I)


def _asks_for_json(sentence: str, keys: list[str]) -> bool:
    """Whether a sentence is the request for JSON: it says JSON, or says keys or fields and names one of them ("two
    copies of his Yale front-door key" is material, not a request).

    >>> _asks_for_json("Keys: customer, paid.", ["customer", "paid"]), _asks_for_json("He lost his key.", ["customer"])
    (True, False)
    """
    if not _ASKS_FOR_JSON.search(sentence):
        return False
    return bool(re.search(r"\bjson\b", sentence, re.I)) or any(
        re.search(rf"(?<![\w-]){re.escape(k)}(?![\w-])", sentence) for k in keys) or not keys
_AFTER_REQUEST = re.compile(r"(?:\bfrom|\bfor|\bin|\bof)?(?:\s+(?:this|the following|the text|the note))?\s*:\s*(\S.*)$",
                            re.I | re.S)
"""The material a one-sentence JSON request carries after its colon ("... keys a, b and c from: <text>")."""




_TYPE_HINTS = [
    (r"true\s*(?:/|or)\s*false|yes\s*(?:/|or)\s*no|bool(?:ean)?|(?:true|yes)\s+(?:if|when|whether)\b.*",
     {"type": "boolean"}),
    (r"years?|integer|int|count|whole number", {"type": "integer"}),
    (r"number|decimal|float|amount", {"type": "number"}),  # ("refund (number)" may be £5.50)
    (r"(?:list|array) of (?:\w+\s+)?(?:numbers|decimals|floats|figures|measurements|values)",
     {"type": "array", "items": {"type": "number"}}),
    (r"(?:list|array) of (?:\w+\s+)?(?:integers|whole numbers|counts)", {"type": "array", "items": {"type": "integer"}}),
    (r"(?:list|array)(?: of (?:\w+\s+)?(?:strings|words|phrases|names|items|notes|things))?",
     {"type": "array", "items": {"type": "string"}}),
    (r"hh:mm|clock time|24h", {"type": "string", "format": "time"}),
    (r"yyyy-mm-dd|iso date|date", {"type": "string", "format": "date"}),
]
"""Types a prompt writes in brackets after a key: "queen_seen (true/false)", "founded (year)", "start (HH:MM)"."""


def type_hint(key: str, text: str) -> dict[str, Any]:
    """The schema a prompt gives ``key`` by a bracketed type after it ({} when it gives none).

    A key whose words the text uses as an action ("asked us not to *gift wrap* anything" for ``gift_wrap``) is a
    yes-or-no question about that action.

    >>> type_hint("queen_seen", "keys queen_seen (true/false) and hive"), type_hint("hive", "keys queen_seen (true/false) and hive")
    ({'type': 'boolean'}, {})
    >>> type_hint("gauges_mm", "keys gauges_mm (a list of numbers) and count")
    {'type': 'array', 'items': {'type': 'number'}}
    >>> type_hint("gift_wrap", "keys total, gift_wrap. She asked us not to gift wrap anything.")
    {'type': 'boolean'}
    >>> type_hint("gift_wrap", "keys gift_wrap. They don't want anything gift-wrapped.")
    {'type': 'boolean'}
    >>> type_hint("gift_wrap", "Go to the gift wrap desk.")
    {}
    """
    m = re.search(rf"\b{re.escape(key)}\b[\"'`]?\s*(?:\(([^)]{{1,60}})\)|\[([^\]]{{1,60}})\])", text)
    if m:  # "(true/false)", "[date YYYY-MM-DD, or null if not given]": the hint's leading type word decides
        hint = m.group(1) or m.group(2)
        for pattern, schema in _TYPE_HINTS:
            if re.match(rf"\s*(?:an?\s+)?(?:{pattern})(?:\s+(?:YYYY|HH)\S*)?\s*(?:$|[,;]|\bor\b)", hint, re.I):
                return dict(schema)  # ("date YYYY-MM-DD, or null if not given"; not "number with currency")
        listed = re.fullmatch(r"\s*one of\s*:?\s*(.+?(?:,|\bor\b).+?)\s*|\s*([\w-]+(?:\s*,\s*[\w-]+)*,?\s+or\s+[\w-]+)\s*",
                              hint, re.I)  # "(one of: a, b, c)", "(single-line, dual-line or quad-line)"
        items = [o.strip() for o in re.split(r"\s*,\s*(?:or\s+)?|\s+or\s+", listed.group(1) or listed.group(2))
                 if o.strip().lower() not in ("null", "none", "empty", "string", "text")] if listed else []
        # ("designer (string or null)" names a type, not a choice of two)
        if len(items) >= 2 and all(o and len(o.split()) <= 3 for o in items):
            return {"type": "string", "enum": items}  # "(single-line, dual-line or quad-line)", "(one of: a, b, c)"
    options = re.search(rf"\b{re.escape(key)}\s+(?:is|must be|should be)\s+one of\s*:?\s*([^.;\n)]+)", text, re.I)
    if options:  # "weight is one of lace, 4ply, dk, aran, chunky"
        items = [o.strip() for o in re.split(r"\s*,\s*(?:or\s+)?|\s+or\s+", options.group(1)) if o.strip()]
        if len(items) >= 2:
            return {"type": "string", "enum": items}
    phrase = r"[\s-]+".join(re.escape(w) for w in key.lower().split("_") if w)
    if "_" in key and re.search(rf"(?:\b(?:to|never|please|will|would|did|does|do)|n't)\s+"
                                rf"(?:(?!(?:the|an?)\b)[a-z]+\s+){{0,2}}{phrase}(?:s|ed|ped|ing|ping)?\b", text, re.I):
        return {"type": "boolean"}  # ("don't want anything gift-wrapped")
    parts = key.lower().split("_")
    done = next((i for i in range(1, len(parts)) if cues.PARTICIPLE.fullmatch(parts[i])), None)
    if done is not None and not parts[0].endswith("s") and guess_type(key) != "boolean" and any(
            all(re.search(rf"\b{re.escape(w)}", clause, re.I) for w in parts[:done] + parts[done:done + 1])
            and re.search(r"\b(?:has|have|had|was|were|been|is|are|not|never|yet)\b|n't\b", clause, re.I)
            for clause in re.split(r"[.;!?]", text)):
        return {"type": "boolean"}  # "deposit_paid" of "Deposit hasn't been paid yet": whether it happened (a
        # plural subject, "bikes_stolen", is counted instead)
    said = phrase if key.lower().endswith("ed") else re.escape(parts[0]) if cues.PARTICIPLE.fullmatch(parts[0]) else None
    if said and guess_type(key) == "string" and re.search(
            rf"(?:\b(?:has|have|had|was|were|been|is|are|not|never)|n't)\s+(?:yet\s+|already\s+|been\s+)?{said}\b",
            text, re.I):
        return {"type": "boolean"}  # "claimed" of "Nobody has claimed it yet", "insured_with_us" of "Not insured
        # through us": whether it happened
    return {}


def field_value(turn: Turn, key: str) -> Any:
    """A value for one requested key, read from the turn's text (rendering uses it for keys a skill left open)."""
    return fill_value(key, {}, extraction_source(turn), field_skills(turn))


_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "last": -1}
_SELECTS = re.compile(r"\bthe\s+(?P<ordinal>first|second|third|fourth|fifth|sixth|last)\s+(?P<noun>[a-z]+)\b|"
                      r"\b(?:for|of|about|on)\s+the\s+(?P<which>[a-z]+(?:\s+[a-z]+)?\s+(?:that|who|which|whose)\s+"
                      r"[a-z]+(?:\s+[a-z]+)?)", re.I)
"""A request for one record of several: "the second order", "for the team that got out"."""
_ENUMERATOR = re.compile(r"(?:^|(?<=\s))(?:\(\d{1,2}\)|\d{1,2}[.)](?=\s))\s*", re.M)


def selected_record(request: str, source: str) -> str | Result | None:
    """The part of the text a request for one record means ("the second order" of "(1) ...; (2) ..."), an
    :func:`~.skill.abstain` result when the request picks one record by something the text cannot be matched on ("the team that
    got out", with two teams named), or None when the request picks no record.

    >>> selected_record("Return the second order as JSON.", "Orders: (1) Hollow Lane, 12 firkins; (2) the Abbey, 4 butts.")
    'the Abbey, 4 butts.'
    """
    m = _SELECTS.search(request)
    if not m:
        return None
    items = [part.strip().rstrip(";,").strip() for part in _ENUMERATOR.split(source)[1:] if part.strip()]
    if m.group("ordinal") and len(items) >= 2:
        n = _ORDINALS[m.group("ordinal").lower()]
        return items[n - 1 if n > 0 else -1] if n <= len(items) else abstain(
            f"The request asks for the {m.group('ordinal')} {m.group('noun')}, but the text lists only {len(items)}.")
    names = {v.text for v in entities(source)}
    if len(items) >= 2 or len(names) >= 2:
        what = m.group(0).strip()
        return abstain(f"The request asks for one record ('{what}'), and I cannot tell which part of the text that "
                          f"is, so I will not pick one.")
    return None


_NULL_ALLOWED = re.compile(r"\bnull\b|\bunknown\b|\bleave (?:it|them|that|those) (?:out|empty|blank)\b", re.I)
_HINT = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_NULL_FOR_EVERY_KEY = re.compile(r"\bnull (?:for|in|where(?:ver)?) (?:any|anything|all|every|everything|missing|"
                                 r"whatever)\b", re.I)


def null_allowed(key: str, said: str) -> bool:
    """Whether the request says what to write for ``key`` when the text does not give it: in the key's own hint
    ("collection_date [date or null]") or for every key ("use null if not stated", "(keys a, b; null for anything
    not given)"), not in another key's hint.

    >>> said = "Keys: fee [number], paid [true/false], due [date or null]."
    >>> null_allowed("due", said), null_allowed("paid", said), null_allowed("paid", "Use null if not stated. Keys: paid")
    (True, False, True)
    >>> null_allowed("year", "JSON (keys maker, year, price; null for anything not given)")
    True
    """
    own = re.search(rf"\b{re.escape(key)}\b[\"'`]?\s*(\([^()]*\)|\[[^\[\]]*\])", said)
    return bool(own and _NULL_ALLOWED.search(own.group(1)) or _NULL_ALLOWED.search(_HINT.sub("", said))
                or _NULL_FOR_EVERY_KEY.search(said))


def _given(values: dict[str, Any]) -> str:
    """The values a reading did find, for a refusal that says what the text gives.

    >>> _given({"day": "Friday", "time": None, "stylist": "Marta"})
    'day: Friday; stylist: Marta'
    """
    return "; ".join(f"{k}: {v}" for k, v in values.items() if v not in (None, "", []))


def _either(keys: list[str]) -> str:
    """Yes-or-no keys as an English list of alternatives.

    >>> _either(["resident"]), _either(["crashed", "insured", "towels"])
    ('resident', 'crashed, insured or towels')
    """
    return keys[0] if len(keys) == 1 else f"{', '.join(keys[:-1])} or {keys[-1]}"


class Extract:
    """Skill: JSON with named keys. Surest when none of the keys asks for a computed answer."""

    name = "extract"

    def applies(self, turn: Turn) -> float:
        keys = {k.lower() for k in requested_keys(turn)}
        if not (turn.view.format.json and keys):
            return 0.0
        if keys & cues.ANSWER_KEYS:
            return 0.45
        # three or more keys, none of them a label: a record to fill, whatever label-like list the prompt holds ("I
        # need group_name, leader, adults, ..." is a key list, not labels to choose from)
        return 0.92 if len(keys) >= 3 and not keys & cues.LABEL_KEYS else 0.78

    def run(self, turn: Turn) -> Result:
        keys = requested_keys(turn)
        said = "\n".join(filter(None, [turn.view.system, turn.view.user]))
        nested = [k for k in keys if re.search(rf"\b{re.escape(k)}\b[\"'`]?\s*\(\s*(?:an?\s+)?(?:list|array) of "
                                               rf"(?:objects|records|entries)", said, re.I)]
        if nested:  # a list of objects described in words: its items' keys are not a schema this reader can fill
            return abstain(f"I cannot answer this as asked: {_either(nested).replace(' or ', ' and ')} is a list of "
                           "objects described in words, which is not a schema I can read. Pass one with "
                           "with_structured_output, or ask for flat keys.", prose_only=True)
        schema = {"type": "object", "properties": {key: type_hint(key, said) for key in keys}}
        source = extraction_source(turn)
        request = " ".join(x for x in split_sentences(said) if _asks_for_json(x, keys))  # (not the material's
        record = selected_record(request, source)  # own "for the first time")
        if isinstance(record, Result):
            return record
        found = extract_fields(schema, record or source, field_skills(turn))  # one pass: no value serves twice
        if not any(found.found.values()):
            return abstain(f"I could not find any of {', '.join(keys)} in the text.")
        needed = [k for k in keys if not null_allowed(k, said)]
        got = [k for k in needed if found.found.get(k)]
        if len(needed) >= 4 and len(got) * 3 <= len(needed):  # a reading that found so little is no reading to trust
            return abstain(f"I cannot answer this reliably: I found only {len(got)} of the {len(needed)} keys asked "
                           f"for ({', '.join(got)}), too few to trust my reading of the text. Add the missing details "
                           "or say which keys may be null.", prose_only=True)
        unsettled = [k for k in found.unknown_yes_no if not null_allowed(k, said)]
        if unsettled:
            return abstain(f"The text does not say whether {_either(unsettled)} (yes or no), and a null there would "
                           f"read as no, so I have not written the JSON. What it does give: {_given(found.values)}. "
                           "Tell me to use null where the text is silent and I will return the record that way.",
                           prose_only=True)
        absent = [k for k in needed if not found.found.get(k) and k not in found.said_unknown]
        if absent:  # a key asked for without leave to be null, and not read: a gap in the reading as often as in the
            # text, and a record with a silent null there would be read as complete
            keys, pronoun = _either(absent).replace(" or ", " and "), "it" if len(absent) == 1 else "they"
            return abstain(f"The text does not give {keys} as far as I can read it, and the request does not say "
                           f"{pronoun} may be null, so I have not written the JSON. What it does give: "
                           f"{_given(found.values)}. "
                           "Tell me to use null where the text is silent and I will return the record that way.",
                           prose_only=True)
        return Result(text="\n".join(f"{k}: {v}" for k, v in found.values.items()), fields=found.values)
