"""Extraction tools for small models: typed fields out of text, rules first, the model only for what rules cannot do.

A small model asked for "the due date, the amount, the customer's email" in one prompt will often get one of them
wrong, write a date as "next Tuesday", or invent an email that is not in the message. Most of those fields do not
need a model at all: an email, a phone number, an ISO date or "$1,250.00" has a shape that a pattern finds in
microseconds and never hallucinates. The one idea: **every field is a typed slot with an extractor and a validator.**

1. Each field's extractor (a :class:`Extractor` registered in :data:`EXTRACTORS` under its kind) lists the
   candidates in the text. One candidate, or one announced by the field's cue words ("due", "order"), is taken.
2. Only the fields the rules left open go to the model, all in one compact JSON prompt fitted to a token limit:
   several candidates and no cue to choose, or nothing found for a kind a pattern cannot cover (a name with no
   cue, a date written as "the ides of March"). A missing email or amount is not asked for: the readers cover
   the ways they are written, so no match means the text has none, and a model's value could only be invented.
3. Every value the model returns goes back through the same extractor and validator: a date must parse, an email
   must appear in the text, a choice between candidates must be one of them. A value that fails is reported as
   ``invalid`` with the reason, never passed on.

The result (:class:`Extraction`) says, per field, what was found, by whom (``rule`` or ``model``), and which fields
are missing, ambiguous or invalid, so the caller can ask a person rather than store a guess.

>>> spec = [FieldSpec("email", "email"), FieldSpec("due", "date", cues=("due",))]
>>> result = FieldExtractor(spec).extract("Paid 2 May 2025, next invoice due 1 June 2025. Write to ana@example.org.")
>>> result.values, result.model_calls
({'email': 'ana@example.org', 'due': '2025-06-01'}, 0)

Left out: names and places without a cue (that is named-entity recognition, a trained model's job; here it is the
small model's), addresses, and values spread over several sentences. A date the model reads where the rules found
none ("the ides of March") is checked for shape only: nothing in the text can confirm it. The date and amount readers are the offline
model's typed-value reader (:mod:`labkit.llm.offline.values`) and the email and phone patterns are the PII
detector's (:mod:`labkit.production.pii`): one implementation each, so a fix there improves this too.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from labkit.errors import InvalidInputError
from labkit.llm.tokens import count_tokens
from labkit.registry import Registry
from labkit.small.compression import shorten

STATUSES = ("found", "missing", "ambiguous", "invalid")
"""What can happen to a field: a valid value, nothing at all, several candidates nobody chose, a value that failed."""

CUE_WINDOW = 40
"""How many characters before a candidate a cue word may stand ("due on" ... "14 March")."""


@dataclass(frozen=True)
class FieldSpec:
    """One field to extract: its name (the JSON key), its ``kind`` (a name in :data:`EXTRACTORS`), the cue words
    that announce it, and for ``id`` fields the ``pattern`` an identifier must match in full."""

    name: str
    kind: str
    cues: tuple[str, ...] = ()
    pattern: str | None = None
    required: bool = True

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise InvalidInputError(f"A field name must be an identifier such as 'due_date', got {self.name!r}.")
        if self.kind not in EXTRACTORS:
            raise InvalidInputError(f"Field {self.name!r}: unknown kind {self.kind!r}; "
                                    f"known kinds: {', '.join(EXTRACTORS.names())}.")
        if isinstance(self.cues, str) or not all(isinstance(c, str) and c.strip() for c in self.cues):
            raise InvalidInputError(f"Field {self.name!r}: cues must be a tuple of words, such as ('due', 'by').")
        object.__setattr__(self, "cues", tuple(c.strip().lower() for c in self.cues))
        if self.pattern is not None:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise InvalidInputError(f"Field {self.name!r}: pattern {self.pattern!r} is not a regex ({exc}).") \
                    from None


@dataclass(frozen=True)
class Candidate:
    """A value an extractor found: normalised ``value``, the ``text`` as written, and where it stands."""

    value: Any
    text: str
    start: int
    end: int


class Extractor:
    """Finds and checks one kind of value. Subclasses implement :meth:`find` and may refine :meth:`check`.

    ``verbatim`` kinds (emails, phone numbers, identifiers, names) are copied, not computed, so a model's value of
    that kind must appear in the source text; a date or an amount may be written differently there. ``closed``
    kinds are defined by their shape (an email is whatever the email pattern matches), so when the pattern finds
    nothing there is nothing to find and the model is not asked; it is still asked to choose between candidates.
    """

    kind = ""
    hint = ""  # how the model is told to write the value, inside the JSON prompt
    verbatim = False
    closed = False

    def find(self, text: str, spec: FieldSpec) -> list[Candidate]:
        """Every candidate for ``spec`` in ``text``, in reading order."""
        raise NotImplementedError

    def check(self, value: Any, spec: FieldSpec) -> str | None:
        """A one-line problem with ``value`` as this kind, or None when it is valid."""
        return None

    def normalise(self, answer: str, spec: FieldSpec) -> Any:
        """A model's answer in this kind's normal form: read it with :meth:`find`, or keep it when that finds
        nothing (so :meth:`check` can say what is wrong)."""
        found = self.find(answer, spec)
        return found[0].value if len(found) == 1 else answer.strip()


def _values(text: str, kind: str) -> list[Any]:
    from labkit.llm.offline.values import extract  # lazy: the value reader is large and only needed here

    return [v for v in extract(text, kinds=(kind,))]


class DateExtractor(Extractor):
    """Calendar dates, normalised to ISO ``YYYY-MM-DD`` ("14 March 2025", "2025-03-14", "March 14th, 2025").

    >>> [c.value for c in DateExtractor().find("Sent 2 May 2025; due 2025-06-01.", FieldSpec("d", "date"))]
    ['2025-05-02', '2025-06-01']
    """

    kind, hint = "date", "date YYYY-MM-DD"

    def find(self, text: str, spec: FieldSpec) -> list[Candidate]:
        return [Candidate(v.value, v.text, v.start, v.end) for v in _values(text, "date")]

    def check(self, value: Any, spec: FieldSpec) -> str | None:
        try:
            _dt.date.fromisoformat(str(value))
        except ValueError:
            return f"{value!r} is not a full calendar date (YYYY-MM-DD)"
        return None


class AmountExtractor(Extractor):
    """Sums of money with their currency: ``{"amount": 1250.0, "currency": "USD"}`` from "$1,250.00".

    >>> [c.value for c in AmountExtractor().find("Total EUR 80, tip 5 euros.", FieldSpec("a", "amount"))]
    [{'amount': 80.0, 'currency': 'EUR'}, {'amount': 5.0, 'currency': 'EUR'}]
    """

    kind, hint, closed = "amount", "number with currency, e.g. 12.50 EUR", True

    def find(self, text: str, spec: FieldSpec) -> list[Candidate]:
        return [Candidate({"amount": float(v.value), "currency": v.unit}, v.text, v.start, v.end)
                for v in _values(text, "money")]

    def check(self, value: Any, spec: FieldSpec) -> str | None:
        if not isinstance(value, dict) or not isinstance(value.get("amount"), float) or not value.get("currency"):
            return f"{value!r} is not an amount with a currency"
        if value["amount"] < 0:
            return f"the amount {value['amount']} is negative"
        return None


def _pii(text: str, kind: str) -> list[Candidate]:
    from labkit.production.pii import detect_pii

    return [Candidate(f.text, f.text, f.start, f.end) for f in detect_pii(text, kinds=(kind,))]


class EmailExtractor(Extractor):
    """Email addresses, lower-cased (the PII detector's pattern: a dot and a top-level domain are required).

    >>> [c.value for c in EmailExtractor().find("Mail Ana.B@Example.org today", FieldSpec("e", "email"))]
    ['ana.b@example.org']
    """

    kind, hint, verbatim, closed = "email", "email address", True, True

    def find(self, text: str, spec: FieldSpec) -> list[Candidate]:
        return [Candidate(c.value.lower(), c.text, c.start, c.end) for c in _pii(text, "email")]

    def check(self, value: Any, spec: FieldSpec) -> str | None:
        value = str(value)
        if len(_pii(value, "email")) != 1 or _pii(value, "email")[0].text != value:
            return f"{value!r} is not one email address"
        return None


class PhoneExtractor(Extractor):
    """Phone numbers (7-15 digits with separators, dates and versions excluded), normalised to ``+digits``/digits.

    >>> [c.value for c in PhoneExtractor().find("Call +44 20 7946 0958 after 5", FieldSpec("p", "phone"))]
    ['+442079460958']
    """

    kind, hint, verbatim, closed = "phone", "phone number", True, True

    def find(self, text: str, spec: FieldSpec) -> list[Candidate]:
        return [Candidate(("+" if c.text.startswith("+") else "") + re.sub(r"\D", "", c.text), c.text, c.start, c.end)
                for c in _pii(text, "phone")]

    def check(self, value: Any, spec: FieldSpec) -> str | None:
        digits = re.sub(r"\D", "", str(value))
        if not re.fullmatch(r"\+?\d+", str(value)) or not 7 <= len(digits) <= 15:
            return f"{value!r} is not a phone number of 7 to 15 digits"
        return None


ID_PATTERN = r"[A-Z]{2,5}-?\d{3,8}"
"""The default identifier shape: 2-5 capital letters, an optional hyphen, 3-8 digits (``INV-20417``, ``AB9921``)."""


class IdExtractor(Extractor):
    """Identifiers such as order or invoice numbers: the field's ``pattern`` (default :data:`ID_PATTERN`) as a whole
    word.

    >>> [c.value for c in IdExtractor().find("Order AB-9921, ticket T-12", FieldSpec("o", "id"))]
    ['AB-9921']
    """

    kind, hint, verbatim, closed = "id", "identifier, copied exactly", True, True

    def _pattern(self, spec: FieldSpec) -> str:
        return spec.pattern or ID_PATTERN

    def find(self, text: str, spec: FieldSpec) -> list[Candidate]:
        found = re.finditer(rf"(?<![\w-])(?:{self._pattern(spec)})(?![\w-])", text)
        return [Candidate(m.group(0), m.group(0), m.start(), m.end()) for m in found]

    def check(self, value: Any, spec: FieldSpec) -> str | None:
        if not re.fullmatch(self._pattern(spec), str(value)):
            return f"{value!r} does not match the identifier pattern {self._pattern(spec)}"
        return None


NAME_CUES = (r"my name is", r"name:", r"this is", r"i am", r"i'm", r"signed", r"regards,", r"thanks,", r"cheers,",
             r"from", r"dear", r"contact:", r"customer:")
"""Phrases after which a person's name is written; a name with no cue is left to the model."""
_HONORIFIC = r"(?:Dr|Mr|Mrs|Ms|Mx|Prof)\.?"
_NAME_WORD = r"[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*"
_NAME = re.compile(rf"(?:(?i:\b(?:{'|'.join(NAME_CUES)}))\s+|\b(?={_HONORIFIC}\s))"
                   rf"(?P<name>(?:{_HONORIFIC}\s+)?{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})")


class NameExtractor(Extractor):
    """People's names announced by a cue ("my name is", "regards,", "Dr") as 1-3 capitalised words.

    >>> [c.value for c in NameExtractor().find("Hi, this is Maria Lopez. Regards, Dr Chen", FieldSpec("n", "name"))]
    ['Maria Lopez', 'Dr Chen']
    """

    kind, hint, verbatim = "name", "person's full name", True

    def find(self, text: str, spec: FieldSpec) -> list[Candidate]:
        return [Candidate(m.group("name"), m.group("name"), m.start("name"), m.end("name"))
                for m in _NAME.finditer(text)]

    def normalise(self, answer: str, spec: FieldSpec) -> Any:
        return " ".join(answer.split())  # a model's name has no cue before it; keep it whole and let check judge it

    def check(self, value: Any, spec: FieldSpec) -> str | None:
        words = str(value).split()
        if not 1 <= len(words) <= 4 or not all(re.fullmatch(rf"{_HONORIFIC}|{_NAME_WORD}", w) for w in words):
            return f"{value!r} is not a name of 1-4 capitalised words"
        return None


EXTRACTORS: Registry[Extractor] = Registry("extractor")
"""Extractors by kind; register your own (``EXTRACTORS.register("iban", IbanExtractor())``) to add a kind."""


# --- the pipeline --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldResult:
    """What happened to one field: ``status`` (one of :data:`STATUSES`), the valid ``value`` (None unless found),
    ``source`` (``rule`` or ``model``), the candidates the rules saw, and the problem when it is not found."""

    name: str
    kind: str
    status: str
    value: Any = None
    source: str = ""
    candidates: tuple[Any, ...] = ()
    problem: str = ""


@dataclass(frozen=True)
class Extraction:
    """Every field's :class:`FieldResult`, plus what the model cost: calls and prompt tokens."""

    fields: dict[str, FieldResult]
    model_calls: int = 0
    prompt_tokens: int = 0
    prompt: str = ""

    def _with(self, status: str) -> list[str]:
        return [n for n, r in self.fields.items() if r.status == status]

    @property
    def values(self) -> dict[str, Any]:
        """The valid values, by field name (fields not found are absent, never None)."""
        return {n: r.value for n, r in self.fields.items() if r.status == "found"}

    @property
    def found(self) -> list[str]:
        return self._with("found")

    @property
    def missing(self) -> list[str]:
        return self._with("missing")

    @property
    def ambiguous(self) -> list[str]:
        return self._with("ambiguous")

    @property
    def invalid(self) -> list[str]:
        return self._with("invalid")

    @property
    def by_rule(self) -> list[str]:
        """Fields the rules filled without the model."""
        return [n for n, r in self.fields.items() if r.status == "found" and r.source == "rule"]

    def complete(self, specs: Sequence[FieldSpec]) -> bool:
        """True when every required field of ``specs`` was found."""
        return all(self.fields[s.name].status == "found" for s in specs if s.required)

    def report(self) -> dict[str, Any]:
        """Plain data: values, the field names per status, the fields the rules filled, and the model's cost."""
        return {"values": self.values, "found": self.found, "missing": self.missing, "ambiguous": self.ambiguous,
                "invalid": self.invalid, "by_rule": self.by_rule, "model_calls": self.model_calls,
                "prompt_tokens": self.prompt_tokens}


def _cue_distance(text: str, start: int, cues: tuple[str, ...]) -> int | None:
    """Characters between the nearest cue word before ``start`` (within :data:`CUE_WINDOW`) and ``start``.

    >>> _cue_distance("payment due on 3 May", 15, ("due",))
    4
    >>> _cue_distance("payment due on 3 May", 15, ("order",)) is None
    True
    """
    before = text[max(0, start - CUE_WINDOW):start].lower()
    ends = [m.end() for cue in cues for m in re.finditer(rf"\b{re.escape(cue)}\b", before)]
    return len(before) - max(ends) if ends else None


def choose(candidates: Sequence[Candidate], text: str, cues: tuple[str, ...]) -> Candidate | None:
    """The candidate the rules can stand behind: the one nearest after a cue word, else the only one; None when
    there are several and no cue decides (the caller then asks the model to choose).

    >>> text = "Issued 2 March 2025, due by 30 March 2025."
    >>> c = DateExtractor().find(text, FieldSpec("d", "date"))
    >>> choose(c, text, ("due",)).value, choose(c, text, ())
    ('2025-03-30', None)
    """
    cued = [(d, i) for i, c in enumerate(candidates) if (d := _cue_distance(text, c.start, cues)) is not None]
    if cued:
        return candidates[min(cued)[1]]
    return candidates[0] if len(candidates) == 1 else None


def _show(value: Any) -> str:
    """A candidate as the prompt writes it: ``{"amount": 80.0, "currency": "EUR"}`` is ``80.00 EUR``."""
    if isinstance(value, dict) and "amount" in value:
        return f"{value['amount']:.2f} {value['currency']}"
    return str(value)


class FieldExtractor:
    """Extracts ``specs`` from texts: rules first, then at most one model call for the fields they left open.

    ``model`` is a chat model (``.invoke``); None means rules only, so open fields stay missing or ambiguous.
    ``max_prompt_tokens`` caps the model's prompt; a long text is shortened to the sentences that hold the open
    fields' cue words.
    """

    def __init__(self, specs: Sequence[FieldSpec], model: Any = None, max_prompt_tokens: int = 256):
        specs = list(specs)
        if not specs or not all(isinstance(s, FieldSpec) for s in specs):
            raise InvalidInputError("FieldExtractor needs a non-empty list of FieldSpec objects.")
        names = [s.name for s in specs]
        if len(set(names)) != len(names):
            raise InvalidInputError(f"Field names must be unique, got {names}.")
        if not isinstance(max_prompt_tokens, int) or isinstance(max_prompt_tokens, bool) or max_prompt_tokens < 32:
            raise InvalidInputError(f"max_prompt_tokens must be an integer of at least 32, got {max_prompt_tokens!r}.")
        self.specs = specs
        self.model = model
        self.max_prompt_tokens = max_prompt_tokens

    def by_rules(self, text: str) -> dict[str, FieldResult]:
        """Each field as the rules see it: found, missing (no candidate) or ambiguous (several, no cue)."""
        if not isinstance(text, str):
            raise InvalidInputError(f"Expected the text to extract from (str), got {type(text).__name__}.")
        taken: set[tuple[int, int]] = set()  # a span one field took is not offered to the next (issue vs due date)
        results = {}
        for spec in self.specs:
            extractor = EXTRACTORS.get(spec.kind)
            candidates = [c for c in extractor.find(text, spec)
                          if (c.start, c.end) not in taken and extractor.check(c.value, spec) is None]
            values = tuple(c.value for c in candidates)
            pick = choose(candidates, text, spec.cues)
            if pick is not None:
                taken.add((pick.start, pick.end))
                results[spec.name] = FieldResult(spec.name, spec.kind, "found", pick.value, "rule", values)
            elif candidates:
                results[spec.name] = FieldResult(spec.name, spec.kind, "ambiguous", candidates=values,
                                                 problem=f"{len(candidates)} candidates and no cue to choose")
            else:
                results[spec.name] = FieldResult(spec.name, spec.kind, "missing", problem="no candidate in the text")
        return results

    def prompt(self, text: str, open_specs: Sequence[FieldSpec], rules: dict[str, FieldResult]) -> str:
        """The compact JSON prompt for the fields the rules left open, within ``max_prompt_tokens``."""
        keys = []
        for spec in open_specs:
            hint = EXTRACTORS.get(spec.kind).hint
            choices = rules[spec.name].candidates
            if choices:  # the rules' candidates, so the model chooses rather than reads
                hint += "; the text has " + ", ".join(_show(c) for c in choices)
            keys.append(f'"{spec.name}" ({hint})')
        head = f"Respond in JSON with keys {', '.join(keys)}. Use null when the text does not say.\nText: "
        room = self.max_prompt_tokens - count_tokens(head)
        if room < 8:
            raise InvalidInputError(f"max_prompt_tokens={self.max_prompt_tokens} leaves no room for the text after "
                                    f"the instruction ({count_tokens(head)} tokens); raise it or ask for fewer fields.")
        query = " ".join([*(c for s in open_specs for c in s.cues), *(s.name.replace("_", " ") for s in open_specs)])
        return head + shorten(text, room, query)

    def judge(self, spec: FieldSpec, answer: Any, text: str, rule: FieldResult) -> FieldResult:
        """A model's answer for one field, through the field's extractor and validator."""
        if answer is None or (isinstance(answer, str) and not answer.strip()):
            status = "ambiguous" if rule.candidates else "missing"
            return FieldResult(spec.name, spec.kind, status, candidates=rule.candidates,
                               problem="the model did not give a value")
        extractor = EXTRACTORS.get(spec.kind)
        value = extractor.normalise(str(answer), spec)
        problem = extractor.check(value, spec)
        if problem is None and rule.candidates and value not in rule.candidates:
            problem = f"{value!r} is not one of the candidates {list(rule.candidates)}"
        if problem is None and extractor.verbatim and str(answer).strip().lower() not in text.lower():
            problem = f"{str(answer).strip()!r} does not appear in the text"
        if problem is not None:
            return FieldResult(spec.name, spec.kind, "invalid", candidates=rule.candidates, problem=problem)
        return FieldResult(spec.name, spec.kind, "found", value, "model", rule.candidates)

    def validate(self, text: str, data: dict[str, Any] | None) -> Extraction:
        """Every field of a model's own JSON reply (``data``) through the extractors' validators: how to check a
        model that was asked for everything at once (:func:`model_only_prompt`)."""
        empty = FieldResult("", "", "missing")
        if data is None:
            return Extraction({s.name: FieldResult(s.name, s.kind, "invalid", problem="the reply is not a JSON object")
                               for s in self.specs})
        return Extraction({s.name: self.judge(s, data.get(s.name), text, empty) for s in self.specs})

    def extract(self, text: str) -> Extraction:
        """Rules for every field, then one model call for the open ones (when there is a model and any are open)."""
        rules = self.by_rules(text)
        open_specs = [s for s in self.specs if rules[s.name].status == "ambiguous" or
                      rules[s.name].status == "missing" and not EXTRACTORS.get(s.kind).closed]
        if self.model is None or not open_specs:
            return Extraction(rules)
        from labkit.prompting.anatomy import parse_json_object

        prompt = self.prompt(text, open_specs, rules)
        reply = self.model.invoke(prompt)
        content = reply.content if isinstance(reply.content, str) else str(reply.content)
        data = parse_json_object(content)
        results = dict(rules)
        for spec in open_specs:
            if data is None:
                results[spec.name] = FieldResult(spec.name, spec.kind, "invalid",
                                                 candidates=rules[spec.name].candidates,
                                                 problem="the model's reply is not a JSON object")
            else:
                results[spec.name] = self.judge(spec, data.get(spec.name), text, rules[spec.name])
        return Extraction(results, 1, count_tokens(prompt), prompt)


def extract_fields(text: str, specs: Sequence[FieldSpec], model: Any = None,
                   max_prompt_tokens: int = 256) -> Extraction:
    """One-call form of :class:`FieldExtractor`: ``extract_fields(text, specs, model).report()``."""
    return FieldExtractor(specs, model, max_prompt_tokens).extract(text)


def score_fields(values: dict[str, Any], gold: dict[str, Any]) -> dict[str, int]:
    """Stored ``values`` against a person's ``gold`` reading (None where the text gives nothing): ``correct``
    (stored and right), ``wrong`` (stored and not right: bad data in the database), ``missed`` (given in the text,
    nothing stored) and ``abstained`` (not in the text, nothing stored).

    >>> score_fields({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4, "d": None})
    {'correct': 1, 'wrong': 1, 'missed': 1, 'abstained': 1}
    """
    counts = {"correct": 0, "wrong": 0, "missed": 0, "abstained": 0}
    for name, expected in gold.items():
        if name in values and values[name] is not None:
            counts["correct" if values[name] == expected else "wrong"] += 1
        else:
            counts["missed" if expected is not None else "abstained"] += 1
    return counts


def model_only_prompt(text: str, specs: Sequence[FieldSpec]) -> str:
    """The baseline a rules-first pipeline is measured against: every field asked of the model in one prompt.

    >>> model_only_prompt("Hi", [FieldSpec("email", "email")])
    'Respond in JSON with keys "email" (email address). Use null when the text does not say.\\nText: Hi'
    """
    keys = ", ".join(f'"{s.name}" ({EXTRACTORS.get(s.kind).hint})' for s in specs)
    return f"Respond in JSON with keys {keys}. Use null when the text does not say.\nText: {text}"


for _extractor in (DateExtractor(), AmountExtractor(), EmailExtractor(), PhoneExtractor(), IdExtractor(),
                   NameExtractor()):
    EXTRACTORS.register(_extractor.kind, _extractor)
del _extractor


def load_extraction_messages() -> tuple[list[FieldSpec], list[dict[str, Any]]]:
    """The bundled set (``data/extraction_messages.json``): the field specs and twelve customer messages, each with
    the fields a person read from it (``gold``)."""
    import json
    from importlib import resources

    data = json.loads(resources.files("labkit.small").joinpath("data/extraction_messages.json").read_text("utf-8"))
    specs = [FieldSpec(f["name"], f["kind"], tuple(f.get("cues", ()))) for f in data["fields"]]
    return specs, data["messages"]
