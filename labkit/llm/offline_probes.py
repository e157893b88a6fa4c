"""The yardstick for a model on prompts nobody tuned it for: load the probe suite, split it, label each reply.

The one idea: a reply is one of three things, and a checker must say which without a person reading it.
``correct`` (it does what was asked), ``refusal`` (it says honestly that it cannot answer: detected only by the
explicit cue phrases in :data:`REFUSAL_CUES`) or ``wrong`` (anything else, including a confident wrong answer and a
raised exception). For probes whose right behaviour *is* to refuse (an unanswerable question, an unsolvable word
problem, a request no bound tool fits, an answer nothing given can check), the refusal is the ``correct`` label.

The suite is data (``benchmarks/offline_probes/*.yaml``, one file per category); its README documents every rule
below in prose. A probe's split (``dev`` or ``heldout``) is a fixed hash of its id, so adding probes never moves old
ones. Probes in a subfolder of the suite (``tune/``, ``tune2/``, ...: same layout, written later by someone who never
saw the engine or the heldout probes) get the folder's name as their split instead: fresh material to tune on, so
that tuning need not keep squeezing ``dev``. The checkers only read replies: running a model is the benchmark's job
(``benchmarks/bench_offline_model.py``), so the checkers are tested on hand-written replies, with no model at all.

Left out: judging fluency or style, partial credit, and paraphrase beyond the listed alternatives (a probe lists
the phrasings it accepts); numbers are read in digits, with thousands separators, or as English words up to ninety-nine.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from labkit.errors import InvalidInputError

CORRECT, REFUSAL, WRONG = "correct", "refusal", "wrong"
LABELS = (CORRECT, REFUSAL, WRONG)
TUNE = "tune"  # the first subfolder of probes written after dev was tuned on; every subfolder is a split of its own

# What each category's records must carry besides id and prompt/messages (a value may be null where documented).
REQUIRED_KEYS = {
    "qa_answerable": ("expect",),
    "qa_unanswerable": (),
    "classification": ("labels", "expect"),
    "structured": ("via", "fields", "expect"),
    "tools": ("tools", "expect"),
    "arithmetic": ("expect",),
    "summaries": ("key_facts",),
    "critiques": ("scale", "truth"),
    "plans": ("steps",),
}
CATEGORIES = tuple(REQUIRED_KEYS)

# Honest "I cannot answer" phrasings. A reply counts as a refusal only through one of these explicit cues, never by
# being short or vague. They also serve as the caveat a critique must give when nothing lets it check the answer.
# Independent of the library's labkit.llm.refusal on purpose: the benchmark must not share the checked code's cues.
REFUSAL_CUES = (
    r"\b(?:cannot|can't|can not|could not|couldn't|unable to|not able to) (?:be )?(?:answer|find|determine|tell|say|know"
    r"|check|verify|confirm|judge|assess|compute|calculate|solve|work out|summari[sz]e|classify|extract|plan"
    r"|answered|determined|checked|verified|solved"
    r"|calculated|confirmed|judged|assessed)",
    r"\b(?:does not|doesn't|do not|don't|did not|didn't) (?:say|mention|state|specify|contain|include|give|provide|tell"
    r"|list|indicate|show)",
    r"\bnot (?:mentioned|stated|specified|given|provided|included|listed|in the (?:context|text|notes?|passage|notice"
    r"|report|paragraph|table|problem|question))\b",
    r"\bno (?:information|mention|data|details?|record)\b",
    r"\b(?:not enough|insufficient|missing) (?:information|data|details|context|numbers|quantities)\b",
    r"\bi (?:don't|do not) know\b",
    r"\bnot possible to (?:tell|determine|say|answer|know|check|verify|compute|calculate)\b",
    r"\bwithout (?:more|further|additional|the) (?:information|details|context|data)\b",
    r"\b(?:i|we) (?:would )?need (?:to know|more information|the)\b",
    r"\bnone of the (?:available |bound )?tools\b",
    r"\bno (?:suitable|relevant|matching|appropriate|available) tool\b",
    r"\b(?:unverifiable|unanswerable|underspecified|under-specified)\b",
)
_REFUSAL = re.compile("|".join(f"(?:{cue})" for cue in REFUSAL_CUES))


def is_refusal(text: str) -> bool:
    """Whether a reply contains an explicit "cannot answer" cue.

    >>> is_refusal("The notes do not mention 2021."), is_refusal("It retreated 55 metres.")
    (True, False)
    """
    return bool(_REFUSAL.search(text.lower().replace("\u2019", "'")))


# --- normalisation -------------------------------------------------------------------------------------------------

_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
          "seventeen eighteen nineteen").split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_WORD_VALUES = {word: n for n, word in enumerate(_UNITS)} | _TENS
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_TENS) + r")(?:[- ](" + "|".join(_UNITS[1:10]) + r"))?\b|\b("
                          + "|".join(_UNITS) + r")\b")
_CLOCK_12H = re.compile(r"(?<![\d:.])(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s?m\b\.?")
_CLOCK_24H = re.compile(r"(?<![\d:.])(\d{1,2})[:h](\d{2})(?![\d:])")
_THOUSANDS = re.compile(r"(?<=\d)[, ](?=\d{3}(?!\d))")
_DECIMAL = re.compile(r"(?<![\d.])(\d+)\.(\d+)(?![\d.])")
_TOKEN = re.compile(r"\d+(?:[.:]\d+)?|[a-z]+(?:'[a-z]+)?")


def _number_word(m: re.Match) -> str:
    if m.group(3):
        return str(_WORD_VALUES[m.group(3)])
    return str(_TENS[m.group(1)] + (_WORD_VALUES[m.group(2)] if m.group(2) else 0))


def _clock_12h(m: re.Match) -> str:
    hour, minute = int(m.group(1)) % 12, m.group(2) or "00"
    return f"{hour + (12 if m.group(3) == 'p' else 0):02d}:{minute}"


def _decimal(m: re.Match) -> str:
    fraction = m.group(2).rstrip("0")
    return m.group(1) + (f".{fraction}" if fraction else "")


def normalise(text: str) -> str:
    """Lower case, one spelling per number and clock time: what every comparison in this module reads.

    >>> normalise("Arrives 8:45 PM, fare $1,250.00, forty-two seats")
    'arrives 20:45, fare  1250, 42 seats'
    """
    text = text.lower().replace("\u2019", "'").replace("\u2013", "-")
    text = _NUMBER_WORD.sub(_number_word, text)
    text = _CLOCK_12H.sub(_clock_12h, text)
    text = _CLOCK_24H.sub(lambda m: f"{int(m.group(1)):02d}:{m.group(2)}", text)
    text = _THOUSANDS.sub("", text)
    text = re.sub(r"[$\u20ac\u00a3]", " ", text)
    return _DECIMAL.sub(_decimal, text)


def tokens(text: str) -> list[str]:
    """The normalised words and numbers of a text.

    >>> tokens("It's 2.50 euros at 7 am.")
    ["it's", '2.5', 'euros', 'at', '07:00']
    """
    return _TOKEN.findall(normalise(text))


def contains_phrase(text: str, phrase: str, prefix: bool = False) -> bool:
    """Whether the phrase's tokens occur in a row in the text (each as a word prefix when ``prefix``).

    >>> contains_phrase("It reaches 2,797 m.", "2797 m"), contains_phrase("550 metres", "55 metres")
    (True, False)
    >>> contains_phrase("Villages were evacuated", "evacuat", prefix=True)
    True
    """
    hay, needle = tokens(text), tokens(phrase)
    if not needle:
        return False
    same = (lambda got, want: got.startswith(want)) if prefix else (lambda got, want: got == want)
    return any(all(same(hay[i + k], w) for k, w in enumerate(needle)) for i in range(len(hay) - len(needle) + 1))


def numbers(text: str) -> list[str]:
    """The numbers and clock times of a text, normalised, in order.

    >>> numbers("Answer: 4 x 1.50 = 6.00, change 4")
    ['4', '1.5', '6', '4']
    """
    return [t for t in tokens(text) if t[0].isdigit()]


def same_number(got: str, want: Any) -> bool:
    """Numeric equality of a normalised token with an expected number or clock time.

    >>> same_number("60", 60.0), same_number("20:45", "8:45 pm"), same_number("10.3", 10.30)
    (True, True, True)
    """
    wanted = numbers(str(want))
    if not wanted or ":" in got or ":" in wanted[0]:
        return bool(wanted) and got == wanted[0]
    return abs(float(got) - float(wanted[0])) <= 1e-6 * max(1.0, float(wanted[0]))


_MONTHS = {m: i for i, m in enumerate("january february march april may june july august september october november "
                                      "december".split(), start=1)}
_DATE_FORMS = (
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    re.compile(r"^(?P<d>\d{1,2})(?:st|nd|rd|th)? (?P<mon>[a-z]+),? (?P<y>\d{4})$"),
    re.compile(r"^(?P<mon>[a-z]+) (?P<d>\d{1,2})(?:st|nd|rd|th)?,? (?P<y>\d{4})$"),
)


def iso_date(value: Any) -> str | None:
    """A date written as ISO, "14 September 2022" or "September 14, 2022" -> ``YYYY-MM-DD``; None otherwise.

    >>> iso_date("14 September 2022"), iso_date("2022-09-14T00:00:00"), iso_date("soon")
    ('2022-09-14', '2022-09-14', None)
    """
    text = str(value).strip().lower()
    for form in _DATE_FORMS:
        m = form.match(text)
        if m:
            month = _MONTHS.get(m.group("mon"), 0) if "mon" in m.groupdict() else int(m.group("m"))
            if 1 <= month <= 12:
                return f"{int(m.group('y')):04d}-{month:02d}-{int(m.group('d')):02d}"
    return None


# --- probes and replies --------------------------------------------------------------------------------------------


def split_of(probe_id: str) -> str:
    """``dev`` or ``heldout``: the parity of the first byte of sha256(id), fixed forever.

    >>> split_of("qa_answerable/ferry-arrival") in ("dev", "heldout")
    True
    """
    return "dev" if hashlib.sha256(probe_id.encode("utf-8")).digest()[0] % 2 == 0 else "heldout"


@dataclass(frozen=True)
class Probe:
    """One prompt of the suite: its messages as (role, content) pairs and the checker's spec (the other keys)."""

    id: str
    category: str
    messages: tuple[tuple[str, str], ...]
    spec: dict[str, Any] = field(hash=False)
    subset: str = ""  # the suite's subfolder it came from (tune, tune2, ...), "" for the main files

    @property
    def tuning(self) -> bool:
        """Whether it comes from a tuning subfolder rather than the main (dev + heldout) files."""
        return bool(self.subset)

    @property
    def split(self) -> str:
        return self.subset or split_of(self.id)

    @property
    def text(self) -> str:
        """All message contents, the material a reply may draw on."""
        return "\n".join(content for _, content in self.messages)


@dataclass(frozen=True)
class Reply:
    """What a model call gave: text, structured data, tool calls as ``{"name", "args"}``, or the exception raised."""

    text: str = ""
    data: Any = None
    tool_calls: tuple[dict[str, Any], ...] = ()
    error: str | None = None
    labkit_error: bool = False


@dataclass(frozen=True)
class Verdict:
    """A checker's label (correct / refusal / wrong) and the reason, in words."""

    label: str
    reason: str


def _probe(record: dict[str, Any], category: str, source: Path, subset: str) -> Probe:
    if not isinstance(record, dict) or not isinstance(record.get("id"), str):
        raise InvalidInputError(f"{source}: every probe needs a string 'id'; got {record!r:.80}.")
    probe_id = record["id"]
    if probe_id.split("/")[0] != category:
        raise InvalidInputError(f"{source}: probe id {probe_id!r} must start with '{category}/', its file's category.")
    missing = [key for key in REQUIRED_KEYS[category] if key not in record]
    if missing or ("prompt" in record) == ("messages" in record):
        raise InvalidInputError(f"{source}: probe {probe_id!r} needs exactly one of 'prompt'/'messages' and the keys "
                                f"{list(REQUIRED_KEYS[category])}; missing {missing or 'prompt or messages'}.")
    if "prompt" in record:
        messages = (("user", str(record["prompt"])),)
    else:
        messages = tuple((str(m["role"]), str(m["content"])) for m in record["messages"])
    spec = {k: v for k, v in record.items() if k not in ("id", "prompt", "messages")}
    return Probe(probe_id, category, messages, spec, subset)


def _category_files(folder: Path, subset: str) -> list[Probe]:
    """The probes of one folder. The main files need every category; a subfolder holds those it was written for."""
    import yaml

    probes: list[Probe] = []
    for category in CATEGORIES:
        path = folder / f"{category}.yaml"
        if not path.exists():
            if subset:
                continue
            raise InvalidInputError(f"The probe suite in {folder} lacks {path.name}; expected one file per category "
                                    f"({', '.join(CATEGORIES)}).")
        probes += [_probe(r, category, path, subset) for r in yaml.safe_load(path.read_text(encoding="utf-8")) or []]
    return probes


def split_key(name: str) -> tuple[str, int]:
    """A folder name's sort key: its text, then its trailing number as a number, so ``tune10`` follows ``tune9``.

    >>> sorted(["tune10", "tune2", "tune"], key=split_key)
    ['tune', 'tune2', 'tune10']
    """
    stem = name.rstrip("0123456789")
    return stem, int(name[len(stem):] or 0)


def tuning_splits(folder: str | Path) -> list[str]:
    """The names of the suite's subfolders (``tune``, ``tune2``, ..., ``tune10``), in number order: each is a split
    of its own."""
    return sorted((p.name for p in Path(folder).iterdir() if p.is_dir() and not p.name.startswith(("_", "."))),
                  key=split_key)


def load_probes(folder: str | Path) -> list[Probe]:
    """Every probe of the suite in ``folder`` (one ``<category>.yaml`` per category), in file then record order, then
    those of each subfolder (``tune/``, ``tune2/``, ...; same layout, any subset of the categories), whose split is
    the subfolder's name."""
    folder = Path(folder)
    probes = _category_files(folder, subset="")
    for subset in tuning_splits(folder):
        probes += _category_files(folder / subset, subset=subset)
    seen: set[str] = set()
    for probe in probes:
        if probe.id in seen:
            raise InvalidInputError(f"Probe id {probe.id!r} appears twice in {folder}; ids must be unique across the "
                                    f"suite and its subfolders.")
        seen.add(probe.id)
    return probes


def in_split(probe: Probe, split: str) -> bool:
    """Whether a probe belongs to a split as the benchmark names it: ``all`` is dev + heldout, never a tuning subfolder.

    >>> tuned = Probe("plans/x", "plans", (), {}, subset="tune2")
    >>> in_split(tuned, "tune2"), in_split(tuned, "tune"), in_split(tuned, "all"), in_split(tuned, "dev")
    (True, False, False, False)
    """
    return probe.split == split or (split == "all" and not probe.tuning)


def probe_folder(suite: str | Path, probe: Probe) -> Path:
    """The folder a probe was loaded from, where its ``tools.py`` lives: the suite, or its subfolder.

    >>> probe_folder("suite", Probe("tools/x", "tools", (), {}, subset="tune2")).as_posix()
    'suite/tune2'
    """
    return Path(suite) / probe.subset


# --- checkers, one per category ------------------------------------------------------------------------------------


def _failed(reply: Reply) -> Verdict | None:
    return Verdict(WRONG, f"raised {reply.error}") if reply.error else None


def check_qa_answerable(probe: Probe, reply: Reply) -> Verdict:
    """Correct: an expected phrasing is in the reply and no distractor value (``forbid``) is."""
    if failed := _failed(reply):
        return failed
    found = next((e for e in probe.spec["expect"] if contains_phrase(reply.text, str(e))), None)
    clash = next((f for f in probe.spec.get("forbid", ()) if contains_phrase(reply.text, str(f))), None)
    if found is not None and clash is None:
        return Verdict(CORRECT, f"gives {found!r}")
    if found is not None:
        return Verdict(WRONG, f"gives {found!r} but also the contradicting {clash!r}")
    if is_refusal(reply.text):
        return Verdict(REFUSAL, "refuses although the context holds the answer")
    return Verdict(WRONG, f"none of {probe.spec['expect']} in the reply")


def check_qa_unanswerable(probe: Probe, reply: Reply) -> Verdict:
    """Correct: an honest refusal; anything else asserts an answer the context does not hold."""
    if failed := _failed(reply):
        return failed
    if is_refusal(reply.text):
        return Verdict(CORRECT, "says the context does not tell")
    return Verdict(WRONG, "answers although the context does not hold the answer")


def check_classification(probe: Probe, reply: Reply) -> Verdict:
    """Correct: the reply's first line naming any label names exactly one, the expected one."""
    if failed := _failed(reply):
        return failed
    labels = [str(label) for label in probe.spec["labels"]]
    lines = [line for line in reply.text.splitlines() if line.strip()] + [reply.text]
    named: list[str] = []
    for line in lines:
        # Longest labels first, each removed once found, so "not urgent" is not also read as "urgent".
        rest, named = " ".join(tokens(line)), []
        for label in sorted(labels, key=len, reverse=True):
            if contains_phrase(rest, label):
                named.append(label)
                rest = re.sub(r"\b" + re.escape(" ".join(tokens(label))) + r"\b", " ", rest)
        if named:
            break
    if len(named) == 1:
        if named[0] == str(probe.spec["expect"]):
            return Verdict(CORRECT, f"label {named[0]!r}")
        return Verdict(WRONG, f"label {named[0]!r}, expected {probe.spec['expect']!r}")
    if named:
        return Verdict(WRONG, f"names several labels {sorted(named)}")
    if is_refusal(reply.text):
        return Verdict(REFUSAL, "declines to pick a label")
    return Verdict(WRONG, f"names none of {labels}")


_NULLS = {"", "null", "none", "n/a", "unknown", "not given", "not mentioned", "not stated", "not specified"}


def _is_null(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip().lower() in _NULLS) or value == []


def compare_value(want: Any, got: Any, path: str = "") -> list[tuple[str, str]]:
    """Field-by-field comparison: ``(path, "missing" | "invented" | "mismatch")`` for each field that is not equal.

    Strings compare by normalised tokens (articles dropped), numbers numerically (a numeric string counts), dates and
    clock times by their canonical form, lists of scalars as multisets, lists of objects item by item in any order;
    ``{"$any": [...]}`` accepts any alternative. Keys the model adds beyond the expected ones are ignored.

    >>> compare_value({"fare": 7.45, "port": "Uig", "crew": None}, {"fare": "7.45", "port": "uig.", "crew": None})
    []
    >>> compare_value({"year": 1815, "captain": None}, {"year": 71000, "captain": "Ahab"})
    [('year', 'mismatch'), ('captain', 'invented')]
    """
    if want is None:
        return [] if _is_null(got) else [(path, "invented")]
    if isinstance(want, dict) and set(want) == {"$any"}:
        outcomes = [compare_value(alt, got, path) for alt in want["$any"]]
        return [] if any(not o for o in outcomes) else min(outcomes, key=lambda o: o[0][1] != "missing")
    if _is_null(got) and not (isinstance(want, bool) or want == []):
        return [(path, "missing")]
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return [(path, "mismatch")]
        return [d for key in want for d in compare_value(want[key], got.get(key), f"{path}.{key}".lstrip("."))]
    if isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            return [(path, "mismatch")]
        unmatched = list(got)
        for item in want:
            match = next((g for g in unmatched if not compare_value(item, g)), None)
            if match is None:
                return [(path, "mismatch")]
            unmatched.remove(match)
        return []
    return [] if _same_scalar(want, got) else [(path, "mismatch")]


def _same_scalar(want: Any, got: Any) -> bool:
    if isinstance(want, bool):
        return got is want or str(got).strip().lower() in (("true", "yes") if want else ("false", "no"))
    if isinstance(want, (int, float)):
        if isinstance(got, (int, float)) and not isinstance(got, bool):
            return abs(got - want) <= 1e-6 * max(1.0, abs(want))
        found, negative = numbers(str(got)), str(got).strip().startswith("-")
        return len(found) == 1 and same_number(found[0], abs(want)) and negative == (want < 0)
    if iso_date(want):
        return iso_date(got) == iso_date(want)
    dropped = {"the", "a", "an"}
    return [t for t in tokens(str(got)) if t not in dropped] == [t for t in tokens(str(want)) if t not in dropped]


def parse_json_reply(text: str) -> Any:
    """The JSON object in a reply (fenced or bare), or None.

    >>> parse_json_reply('Here it is: ```json\\n{"beds": 8}\\n```')
    {'beds': 8}
    """
    fenced = re.search(r"```(?:json)?\s*(.*?)```", text, re.S)
    body = fenced.group(1) if fenced else text
    start, end = body.find("{"), body.rfind("}")
    if start < 0 or end < start:
        return None
    try:
        return json.loads(body[start:end + 1])
    except json.JSONDecodeError:
        return None


def check_structured(probe: Probe, reply: Reply) -> Verdict:
    """Correct: every expected field equal; wrong: any non-null wrong or invented value; refusal: only gaps."""
    if reply.error:
        return Verdict(REFUSAL if reply.labkit_error else WRONG, f"raised {reply.error}")
    data = reply.data if probe.spec["via"] != "prompt" else parse_json_reply(reply.text)
    if data is None:
        if is_refusal(reply.text):
            return Verdict(REFUSAL, "says it cannot extract")
        return Verdict(WRONG, "no JSON object in the reply")
    diffs = compare_value(probe.spec["expect"], data)
    bad = [f"{path} {kind}" for path, kind in diffs if kind != "missing"]
    if bad:
        return Verdict(WRONG, "; ".join(bad))
    if diffs:
        return Verdict(REFUSAL, "left empty: " + ", ".join(path for path, _ in diffs))
    return Verdict(CORRECT, "all fields equal")


def check_tools(probe: Probe, reply: Reply) -> Verdict:
    """Correct: a call of the expected tool with the expected arguments (or no call when none fits)."""
    if failed := _failed(reply):
        return failed
    expected, calls = probe.spec["expect"], reply.tool_calls
    if expected is None:
        if calls:
            return Verdict(WRONG, f"called {calls[0]['name']} though no bound tool fits")
        return Verdict(CORRECT, "no tool call")
    if not calls:
        if is_refusal(reply.text):
            return Verdict(REFUSAL, "no call; says it cannot")
        return Verdict(WRONG, "answered in text instead of calling " + expected["name"])
    others = sorted({c["name"] for c in calls} - {expected["name"]})
    if others:
        return Verdict(WRONG, f"called the wrong tool {others}")
    problems = [compare_value(expected["args"], dict(c.get("args") or {})) for c in calls]
    if any(not p for p in problems):
        return Verdict(CORRECT, f"{expected['name']} with the expected arguments")
    return Verdict(WRONG, "arguments: " + "; ".join(f"{path} {kind}" for path, kind in problems[0]))


def final_answer(text: str) -> str | None:
    """The number a worked reply ends on: from its last line naming an answer (else its last line), after the last
    ``=``, the first number; failing that, the reply's last number.

    >>> final_answer("25% of 80 = 20\\n80 - 20 = 60\\nAnswer: 60 dollars (80 - 20)")
    '60'
    >>> final_answer("So she is 4 x 14 = 56 years old.")
    '56'
    """
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return None
    answer_lines = [line for line in lines if re.search(r"\banswer\b|\bresult\b", line, re.I)]
    line = (answer_lines or lines)[-1]
    found = numbers(line.rsplit("=", 1)[-1]) or numbers(line) or numbers(text)
    return found[0] if found else None


def check_arithmetic(probe: Probe, reply: Reply) -> Verdict:
    """Correct: the final answer equals the expected number or time; for unsolvable problems, an honest refusal."""
    if failed := _failed(reply):
        return failed
    expected = probe.spec["expect"]
    if expected is None:
        if is_refusal(reply.text):
            return Verdict(CORRECT, "says the problem cannot be solved as given")
        return Verdict(WRONG, f"answers {final_answer(reply.text)!r} to an unsolvable problem")
    answer = final_answer(reply.text)
    if answer is not None and same_number(answer, expected):
        return Verdict(CORRECT, f"final answer {answer}")
    if is_refusal(reply.text):
        return Verdict(REFUSAL, "says it cannot solve it")
    return Verdict(WRONG, f"final answer {answer!r}, expected {expected!r}")


_STOP = set("""about after again also because been before being between both could does down during each from have
into just more most much only other over same should some such than that their them then there these they this those
through under very what when where which while will with would your""".split())


def _content(text: str) -> list[str]:
    return [t for t in tokens(text) if t.isalpha() and len(t) >= 4 and t not in _STOP]


def _shares_stem(words: list[str], source: set[str]) -> list[bool]:
    stems = {w[:5] for w in source}
    return [w[:5] in stems for w in words]


def sentences(text: str) -> list[str]:
    """A text cut at sentence ends (not at the point of a decimal).

    >>> sentences("It rose 2.5 m. Then it fell! Done")
    ['It rose 2.5 m.', 'Then it fell!', 'Done']
    """
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def summarised_text(probe: Probe) -> str:
    """The material a summary probe asks to summarise: the longest line of its last message (not the instruction)."""
    return max(probe.messages[-1][1].splitlines(), key=len)


def check_summaries(probe: Probe, reply: Reply) -> Verdict:
    """Correct: within the limit, two thirds of its content words from the text, every key fact covered."""
    if failed := _failed(reply):
        return failed
    summary = re.sub(r"^\s*(?:summary|tl;dr)\s*:\s*", "", reply.text.strip(), flags=re.I)
    if not summary:
        return Verdict(WRONG, "empty reply")
    if is_refusal(summary):
        return Verdict(REFUSAL, "declines to summarise")
    limit_sentences, limit_words = probe.spec.get("max_sentences"), probe.spec.get("max_words")
    if limit_sentences and len(sentences(summary)) > limit_sentences:
        return Verdict(WRONG, f"{len(sentences(summary))} sentences, limit {limit_sentences}")
    if limit_words and len(summary.split()) > limit_words:
        return Verdict(WRONG, f"{len(summary.split())} words, limit {limit_words}")
    words = _content(summary)
    grounded = _shares_stem(words, set(_content(summarised_text(probe))))
    if not words or 3 * sum(grounded) < 2 * len(words):
        return Verdict(WRONG, f"only {sum(grounded)} of {len(words)} content words come from the text")
    missing = [alts for alts in probe.spec["key_facts"] if not any(contains_phrase(summary, a, prefix=True) for a in alts)]
    if missing:
        return Verdict(WRONG, f"misses key facts {missing}")
    return Verdict(CORRECT, "within the limit, grounded, covers the key facts")


_SCORE_OVER = re.compile(r"(\d+(?:\.\d+)?)\s*(?:/|out of)\s*(\d+)")
_SCORE_AFTER = re.compile(r"\b(?:score|rating|rated|rate|grade|graded|mark)\b[^0-9\n]{0,25}?(\d+(?:\.\d+)?)"
                          r"(?!\d|\s*(?:/|out of)\s*\d)")


def score_in(text: str, scale: tuple[float, float]) -> float | None:
    """The score a critique gives on a scale: "7/10", "7 out of 10" (same top), else "Score: 7"; None if none.
    A score over another top ("4/10" asked for 1-5) is not a score on the asked scale.

    >>> score_in("1200 / 40 = 30 minutes. Score: 9/10", (1, 10)), score_in("Rating - 2", (1, 5))
    (9.0, 2.0)
    >>> score_in("Score: 4/10", (1, 5)) is None
    True
    """
    low, high = scale
    for m in _SCORE_OVER.finditer(text.lower()):
        if float(m.group(2)) == high and low <= float(m.group(1)) <= high:
            return float(m.group(1))
    for m in _SCORE_AFTER.finditer(text.lower()):
        if low <= float(m.group(1)) <= high:
            return float(m.group(1))
    return None


def check_critiques(probe: Probe, reply: Reply) -> Verdict:
    """Right answer -> high score, wrong answer -> low score, uncheckable -> a caveat with no or a middle score.

    High is the top 35% of the scale, low the bottom 35% (1-10: >= 7 / <= 4; 1-5: >= 4 / <= 2; 0-10: >= 7 / <= 3).
    """
    if failed := _failed(reply):
        return failed
    low, high = (float(v) for v in probe.spec["scale"])
    score = score_in(reply.text, (low, high))
    place = None if score is None else (score - low) / (high - low)
    band = None if place is None else "high" if place >= 0.65 else "low" if place <= 0.35 else "middle"
    truth, caveat = probe.spec["truth"], is_refusal(reply.text)
    if truth == "uncheckable":
        if caveat and band in (None, "middle"):
            return Verdict(CORRECT, "says it cannot check" + (f", middle score {score:g}" if score is not None else ""))
        if caveat:
            return Verdict(WRONG, f"says it cannot check yet scores {score:g} ({band})")
        return Verdict(WRONG, "judges a claim nothing given can check" + (f" ({score:g})" if score is not None else ""))
    wanted = "high" if truth is True else "low"
    if band == wanted:
        return Verdict(CORRECT, f"score {score:g} ({band})")
    if band is not None:
        return Verdict(WRONG, f"score {score:g} ({band}) for a {'right' if truth is True else 'wrong'} answer")
    if caveat:
        return Verdict(REFUSAL, "gives no score; says it cannot judge")
    return Verdict(WRONG, f"no score on the {low:g}-{high:g} scale")


_STEP_LINE = re.compile(r"^\s*(?:\d+\s*[.):]|[-*\u2022]|step\s+\d+\s*[.:)]?)\s*(.+)", re.I)
_REQUEST_FILLER = set("plan plans step steps make give list please break down help need into order first finally "
                      "numbered want".split())


def plan_steps(text: str) -> list[str]:
    """The steps of a plan: its numbered or bulleted lines, else its sentences.

    >>> plan_steps("Plan:\\n1. Check the tide.\\n2) Cross the causeway.")
    ['Check the tide.', 'Cross the causeway.']
    """
    listed = [m.group(1).strip() for line in text.splitlines() if (m := _STEP_LINE.match(line))]
    return listed or sentences(text)


def _restated_span(request: str, steps: list[str]) -> str | None:
    """Three request words in a row that recur in two or more steps: a template wrapped around the request.

    >>> _restated_span("oil my bike chain", ["Clarify: oil my bike chain", "Carry out: oil my bike chain"])
    'my bike chain'
    """
    def trigrams(text: str) -> set[tuple[str, ...]]:
        words = tokens(text)
        return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}

    asked = trigrams(request)
    seen: set[tuple[str, ...]] = set()
    for step in steps:
        shared = trigrams(step) & asked
        if shared & seen:
            return " ".join(sorted(shared & seen)[0])
        seen |= shared
    return None


def check_plans(probe: Probe, reply: Reply) -> Verdict:
    """Correct: each expected step in a distinct reply step, in order; at least half the steps about the request,
    and no three request words in a row repeated across steps (a template that wraps the request). ``steps: null``
    marks a goal that cannot be planned as given (impossible, or lacking what the plan needs): correct = saying so."""
    if failed := _failed(reply):
        return failed
    if probe.spec["steps"] is None:
        if is_refusal(reply.text):
            return Verdict(CORRECT, "says the goal cannot be planned as given")
        return Verdict(WRONG, "plans a goal that cannot be planned as given")
    steps = plan_steps(reply.text)
    request = probe.messages[-1][1]
    position, missing = 0, []
    for alternatives in probe.spec["steps"]:
        hit = next((i for i in range(position, len(steps))
                    if any(contains_phrase(steps[i], a, prefix=True) for a in alternatives)), None)
        if hit is None:
            missing.append(alternatives)
        else:
            position = hit + 1
    request_words = {w for w in _content(request) if w not in _REQUEST_FILLER}
    specific = sum(any(_shares_stem(_content(step), request_words)) for step in steps)
    restated = _restated_span(request, steps)
    if missing and is_refusal(reply.text):
        return Verdict(REFUSAL, "declines to plan")
    if missing:
        return Verdict(WRONG, f"no step (in order) for {missing}")
    if restated:
        return Verdict(WRONG, f"repeats {restated!r} from the request in several steps (a template)")
    if specific * 2 < len(steps):
        return Verdict(WRONG, f"only {specific} of {len(steps)} steps are about the request (a template)")
    return Verdict(CORRECT, f"{len(steps)} steps following the request")


CHECKERS: dict[str, Callable[[Probe, Reply], Verdict]] = {
    "qa_answerable": check_qa_answerable,
    "qa_unanswerable": check_qa_unanswerable,
    "classification": check_classification,
    "structured": check_structured,
    "tools": check_tools,
    "arithmetic": check_arithmetic,
    "summaries": check_summaries,
    "critiques": check_critiques,
    "plans": check_plans,
}


def check(probe: Probe, reply: Reply) -> Verdict:
    """Label one reply to one probe with its category's checker."""
    return CHECKERS[probe.category](probe, reply)


# --- schemas for the structured probes -----------------------------------------------------------------------------

_SCALARS = {"str": "string", "int": "integer", "float": "number", "bool": "boolean", "date": "string"}


def field_schema(fields: dict[str, Any]) -> dict[str, Any]:
    """The JSON schema of a probe's ``fields`` spec (``"int?"`` = nullable; a mapping = an object; ``[mapping]`` = a
    list of objects; ``"list[str]"`` = a list of strings; ``"enum[oak|ash]"`` = one of those strings).

    >>> field_schema({"beds": "int", "warden": "str?"})["properties"]["warden"]
    {'anyOf': [{'type': 'string'}, {'type': 'null'}]}
    >>> field_schema({"wood": "enum[oak|ash]"})["properties"]["wood"]
    {'type': 'string', 'enum': ['oak', 'ash']}
    """
    def one(kind: Any) -> dict[str, Any]:
        if isinstance(kind, dict):
            return field_schema(kind)
        if isinstance(kind, list):
            return {"type": "array", "items": one(kind[0])}
        if kind.endswith("?"):
            return {"anyOf": [one(kind[:-1]), {"type": "null"}]}
        if kind.startswith("list["):
            return {"type": "array", "items": one(kind[5:-1])}
        if kind.startswith("enum["):
            return {"type": "string", "enum": kind[5:-1].split("|")}
        schema = {"type": _SCALARS[kind]}
        return schema | ({"format": "date"} if kind == "date" else {})

    return {"type": "object", "properties": {name: one(kind) for name, kind in fields.items()},
            "required": list(fields)}


def field_model(name: str, fields: dict[str, Any]) -> Any:
    """A pydantic model class for a probe's ``fields`` spec, as a learner would write it by hand."""
    import datetime
    from typing import Literal

    from pydantic import create_model

    python = {"str": str, "int": int, "float": float, "bool": bool, "date": datetime.date}

    def one(kind: Any, label: str) -> Any:
        if isinstance(kind, dict):
            return field_model(label.title().replace("_", ""), kind)
        if isinstance(kind, list):
            return list[one(kind[0], label)]
        if kind.endswith("?"):
            return one(kind[:-1], label) | None
        if kind.startswith("list["):
            return list[one(kind[5:-1], label)]
        if kind.startswith("enum["):
            return Literal[tuple(kind[5:-1].split("|"))]
        return python[kind]

    definitions = {f: (one(kind, f), None if isinstance(kind, str) and kind.endswith("?") else ...)
                   for f, kind in fields.items()}
    return create_model(name, __doc__=f"The {name.lower()} details found in the text.", **definitions)
