"""Reading a chat prompt the way the offline model needs it: instruction, context, question, labels, format.

A real LLM learns to read prompts; the offline model reads them with rules, and the rules are the same conventions
the lessons teach people to write: label sections (``Context:``, ``Question:``), list categories, state the output
format. A prompt that follows them gets a better answer from the offline model, exactly as it would from a real one.

>>> view = read_prompt([("human", "Classify the review into one of: positive, negative.\\nReview: Loved it!")])
>>> view.labels, view.sections["review"]
(['positive', 'negative'], 'Loved it!')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage

from labkit.errors import InvalidInputError
from labkit.llm.offline import cues

# Section headers whose body is material to work on (as opposed to instructions about it).
DATA_HEADERS = (
    "context", "contexts", "documents", "document", "passages", "passage", "sources", "source", "text", "email",
    "article", "input", "content", "data", "notes", "facts", "background", "reference", "references",
    "information", "conversation", "transcript", "review", "message", "ticket", "report", "excerpt", "memory",
    "memories", "history", "retrieved", "evidence", "observations", "observation", "results", "tool results",
    "headline", "description", "sentence", "statement", "comment", "post", "tweet", "quote", "paragraph",
    "utterance", "snippet", "abstract", "story", "letter", "entry", "feedback", "complaint", "caption", "record",
    "note", "notice", "announcement", "menu", "timetable", "schedule", "booking", "listing", "profile",
)
# Section headers whose body is to be judged (critique) or that belong to the request.
JUDGED_HEADERS = ("response", "answer", "draft", "solution", "output", "candidate", "summary", "essay", "code",
                  "student answer", "answer given", "given answer", "proposed answer", "proposed solution",
                  "model answer", "candidate answer", "student response", "claim", "reply")
REQUEST_HEADERS = (
    "question", "query", "task", "instruction", "instructions", "categories", "labels", "classes", "options",
    "format", "output format", "constraints", "criteria", "rubric", "goal", "objective", "request", "problem",
)
_ALL_HEADERS = DATA_HEADERS + JUDGED_HEADERS + REQUEST_HEADERS
_HEADER = re.compile(
    r"(?:^[ \t#*]*|(?<=[.?!]\s))(?:(?:someone|somebody|they|he|she|(?:a|the)\s+(?:customer|visitor|learner|student|"
    r"user|member|guest|parent|caller))\s+(asked)|(?:(?:the|their|his|her|its|my|our|your|a|an)\s+)?("
    + "|".join(sorted((re.escape(h) for h in _ALL_HEADERS), key=len, reverse=True))
    + r")(?:\s+(?:was|is|were|given|reads|read|said|says))?)(?:\s*\[[^\]]*\])?[ \t*]*:[ \t]*",
    re.IGNORECASE | re.MULTILINE,
)
"""A section header at the start of a line, or right after a sentence ("... reopen? Notes: The bridge ..."), also as
a phrase ("The reply was:", "Their answer:", "Someone asked:" for the question)."""
_LABEL_LIST = re.compile(
    r"(?:one of(?: the following)?(?: (?:categories|labels|classes|options))?|categories|labels|classes|options|"
    r"(?:classify|categori[sz]e|label|sort|rate|tag|grade|mark|put|triage|flag)\b[^:\n(]{0,60}?(?:\b(?:into|as)(?: one of)?"
    r"(?: one \w+)?|(?=\())|(?:one|a single) (?:category|label|class|intent|topic|option)\s*:|"
    r"(?:category|choices|intents?|topics?)\s*:|"
    r"\b(?:sentiment|tone|intent|category|topic|priority|urgency|mood|stance|emotion|type)\s*(?=\([^)\n]*[/|,][^)\n]*\)))"
    r"\s*:?\s*(?P<list>(?:\[[^\]\n]+\]|\([^)\n]+\)|[^\n.?]+))",
    re.IGNORECASE,
)
"""A label list after words that announce one ('one of:', 'Categories:', 'classify ... as', 'label it (a / b)',
'triage it as', 'Sentiment (positive / negative / neutral) of ...')."""
_ALTERNATIVES = re.compile(
    r"\b(?:from|between|choose(?: one)?|pick(?: one)?|select(?: one)?|answer(?: with)?|reply(?: with)?|respond(?: with)?)"
    r"(?: exactly| only| just)?(?:\s+(?:one|a single) word,?|(?: one))?\s*:?(?=[ \t]*(?P<list>\(?[^\n.?:]+))",
    re.IGNORECASE,
)
"""A list of short alternatives after a weaker cue ('Choose one: a, b, c', 'Answer yes, no or unclear'): accepted
only when it reads as a list of short options joined by commas or 'or'."""
_AFTER_QUESTION = re.compile(r"\?[ \t]*(?P<list>[^\n.?:]+)")
"""Options listed right after a question ('Which emotion fits? joy, fear, anger'), under the same test."""
_EITHER_QUESTION = re.compile(r"(?P<verb>\b(?:is|was|are|were|does|do|did))\b[^?\n]{0,80}?\b(?:(?P<more>(?:[\w-]+,\s*)"
                              r"{1,4})(?P<last>[\w-]+),?|(?P<a>[\w-]+)) or (?P<b>[\w-]+)\s*\?", re.IGNORECASE)
"""'Is this review positive or negative?': a question that offers one-word answers, two or more ('Is this comment
positive, negative or neutral?')."""


@dataclass
class FormatSpec:
    """What shape the answer should take, as requested in the prompt."""

    json: bool = False
    json_keys: list[str] = field(default_factory=list)
    bullets: int | None = None
    numbered: bool = False
    sentences: int | None = None
    max_words: int | None = None
    one_word: bool = False
    score_scale: tuple[float, float] | None = None


@dataclass
class PromptView:
    """A chat prompt taken apart; see :func:`read_prompt`."""

    system: str
    user: str
    history: list[tuple[str, str]]
    tool_results: list[ToolMessage]
    sections: dict[str, str]
    instruction: str
    question: str
    labels: list[str]
    label_descriptions: dict[str, str]
    format: FormatSpec
    material_inferred: bool = False
    """True when the material was not marked (no ``Context:``), but read off the statements around a question."""

    @property
    def context(self) -> str:
        """All material to work on: data sections of the prompt plus, failing those, the system message."""
        parts = [body for name, body in self.sections.items() if name in DATA_HEADERS and body.strip()]
        return "\n\n".join(parts)

    @property
    def request(self) -> str:
        """The words that say what to do (instruction, question and request sections, and the system message), lower-cased."""
        parts = [self.system, self.instruction, self.question]
        parts += [body for name, body in self.sections.items() if name in REQUEST_HEADERS]
        return "\n".join(p for p in parts if p).lower()


def message_text(message: BaseMessage) -> str:
    """The text of a message; content blocks of type text are joined, any other block is a clear error."""
    content = message.content
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for block in content:
            if isinstance(block, str):
                parts.append(block)
            elif isinstance(block, dict) and block.get("type") == "text":
                parts.append(str(block.get("text", "")))
            else:
                kind = block.get("type") if isinstance(block, dict) else type(block).__name__
                raise InvalidInputError(
                    f"The offline model reads text only; a message has a {kind!r} content block. "
                    "Describe the image or file in text, or use a multimodal provider model."
                )
        return "\n".join(parts)
    raise InvalidInputError(f"Message content must be text, got {type(content).__name__}.")


def _sections(text: str) -> tuple[str, dict[str, str]]:
    """Split text at known ``Header:`` lines; returns (text before the first header, {header: body})."""
    matches = list(_HEADER.finditer(text))
    if not matches:
        return text.strip(), {}
    sections: dict[str, str] = {}
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        body = text[m.end() : end].strip()
        name = "question" if m.group(1) else m.group(2).lower()
        sections[name] = (sections[name] + "\n\n" + body).strip() if name in sections else body
    return text[: matches[0].start()].strip(), sections


_INSTRUCTION_LINE = re.compile(
    r"^\s*(?:please\s+)?(?:(?:respond|reply|answer|return|output|format|give|use|write|provide|list|keep|limit)\b.*"
    r"\b(?:json|format|bullet|sentences?|words|keys|fields|list|label|category|only|score)\b|"
    r"(?:extract|convert|turn|put|pull|create|produce|fill)\b.*\bjson\b|json\b|"  # ("Extract JSON with keys a, b.
    # <text>?", "JSON please: contact (string), ...")
    r"(?:rate|score|grade|critique|evaluate|assess|judge|mark|review|check)\b.*\b(?:answer|response|solution|"
    r"draft|reply|claim|it|this|them)\b)",
    re.IGNORECASE,
)


def _split_trailing_instructions(body: str) -> tuple[str, str]:
    """Split instruction and question lines (``Respond in JSON ...``, ``How long is it aged?``) off the end of a
    material section: material rarely ends in a question to the reader."""
    lines = body.rstrip().split("\n")
    cut = len(lines)
    while cut > 1 and (_INSTRUCTION_LINE.match(lines[cut - 1]) or lines[cut - 1].rstrip().endswith("?")
                       or not lines[cut - 1].strip()):
        cut -= 1
    trailing = "\n".join(line for line in lines[cut:] if line.strip())
    return "\n".join(lines[:cut]).rstrip(), trailing


def _fenced_blocks(text: str) -> tuple[str, list[str]]:
    """Pull out ``` fenced, triple-quoted and <context>-tagged blocks."""
    blocks: list[str] = []

    def take(m: re.Match[str]) -> str:
        blocks.append(m.group("body").strip())
        return "\n"

    pattern = r'```[a-z]*\n?(?P<body>.*?)```|"""(?P<body2>.*?)"""|<(?P<tag>context|document|text|email)>(?P<body3>.*?)</(?P=tag)>'

    def take_any(m: re.Match[str]) -> str:
        body = m.group("body") or m.group("body2") or m.group("body3") or ""
        blocks.append(body.strip())
        return "\n"

    stripped = re.sub(pattern, take_any, text, flags=re.DOTALL | re.IGNORECASE)
    del take
    return stripped, [b for b in blocks if b]


def _clean_label(raw: str) -> tuple[str, str]:
    raw = raw.strip().strip("\"'`*").strip()
    desc = ""
    m = re.match(r"^([^:()\-–]+?)\s*(?:[:\-–]|\()\s*(.+?)\)?$", raw)
    if m and len(m.group(1).split()) <= 3:
        raw, desc = m.group(1).strip(), m.group(2).strip()
    return raw.strip("\"'` .").strip(), desc


def _labels(text: str) -> tuple[list[str], dict[str, str]]:
    """Labels offered for classification, from 'one of: a, b, c', a 'Categories:' list or a bulleted list."""
    lines = text.splitlines()
    for i, line in enumerate(lines):  # the lines right after a line that mentions categories or asks to pick one
        if re.search(r"\b(categories|labels|classes|one of|(?:give|pick|choose|select|assign|return) (?:one|a single|"
                     r"exactly one)\b)[^:]*:\s*$", line, re.IGNORECASE):
            items = []
            for nxt in lines[i + 1 :]:  # one per line: "- a", "1. a", or "VALID - what it means"
                m = re.match(r"^\s*(?:[-*•]|\d+[.)])\s+(.+)$", nxt) or re.match(r"^\s*([A-Z]\w*(?: \w+){0,2}\s+[-–:]\s+\S.*)$",
                                                                        nxt)
                if not m:
                    break
                items.append(_clean_label(m.group(1)))
            following = lines[i + 1] if i + 1 < len(lines) else ""
            if len(items) < 2 and re.search(r"\s/\s|\s\|\s", following):  # all on one line: "a / b / c"
                items = [(n, d) for n, d in _split_labels(following) if len(n.split()) <= 3]
            if len(items) >= 2:
                return [n for n, _ in items], {n: d for n, d in items if d}
    m = _LABEL_LIST.search(text)
    if m:
        found = _split_labels(m.group("list"))
        if len(found) >= 2 and 2 * len(found) > len(_split_labels(m.group("list"), max_words=None)):
            # (most parts too long to be labels: prose that happens to say "classes", not a list of them)
            return [n for n, _ in found], {n: d for n, d in found if d}
    for m in [*_ALTERNATIVES.finditer(text), *_AFTER_QUESTION.finditer(text)]:
        raw = m.group("list").strip()
        found = _split_labels(raw)
        joined = re.search(r"\bor\b|/|\|", raw) or len(found) >= 3
        if len(found) >= 2 and joined and not re.search(r"\band\b", raw) and all(len(n.split()) <= 3 for n, _ in found):
            return [n for n, _ in found], {n: d for n, d in found if d}
    m = _EITHER_QUESTION.search(text)
    if m:  # ("What is the sentiment of this message, positive or negative?": "message" is no option)
        asked = re.search(r"\b(?:what|which|how|who)\s*$", text[: m.start("verb")], re.I)
        options = [*(re.findall(r"[\w-]+", m.group("more") or "") if not asked else []), m.group("last") or m.group("a"),
                   m.group("b")]
        if len({o.lower() for o in options}) == len(options):
            return options, {}
    return [], {}


def _split_labels(raw: str, max_words: int | None = 4) -> list[tuple[str, str]]:
    """'a, b or c' / '[a, b]' / '(a / b / c)' -> [(label, description)], labels of at most ``max_words`` words."""
    raw = raw.strip().strip("[]()")
    parts = re.split(r"\s*(?:,|;|\||/|\bor\b)\s*(?![^()]*\))", raw)  # not inside a "(description)"
    parts = [re.sub(r"^(?:and|either)\s+", "", p.strip()) for p in parts]
    items = [_clean_label(p) for p in parts if p.strip()]
    return [(n, d) for n, d in items if n and (max_words is None or len(n.split()) <= max_words)]


_STATEMENT_START = re.compile(r"(?i:the|a|an|our|my|its|their|this|these|there|every|each|in|on|at)\b|[A-Z][\w'-]+\s+"
                              r"[A-Z]")
"""How a statement of fact starts (an article, a possessive, a preposition, a proper name), as against a request."""
_REQUEST_LEAD = re.compile(
    r"^\s*(?:please\s+)?(?:summari[sz]e|give|write|classify|categori[sz]e|label|extract|translate|rewrite|list|pull|"
    r"return|produce|make|create|condense|shorten|turn|convert|find|identify|tag|sort|rate|review|critique|plan|read|"
    r"here is|here are|below is|the following)\b[^\n]{0,150}$|^[^\n]{0,150}:\s*$", re.IGNORECASE)
"""A first line that is a request, with the material on the lines after it ("Summarise this text.\n<text>")."""
_POINTER_LINE = re.compile(
    r"^\s*(?:(?:here is|here are|below is|below are|the following|using|use|based on|according to|answer|"
    r"read|consider|given)\b.*|.*:\s*)$", re.IGNORECASE)
"""A line that points at the material or tells how to answer ("Here is a paragraph:", "Answer using the passage.")."""


def _unmarked_material(instruction: str) -> tuple[str, str]:
    """Material written without a header, around a question: ``(statements, the rest)``, or ``("", instruction)``.

    >>> _unmarked_material("Tide table for Porthmadog.\\nHigh water: 11:26 and 23:51.\\nWhen is the first high water?")
    ('Tide table for Porthmadog.\\nHigh water: 11:26 and 23:51.', 'When is the first high water?')
    """
    lines = [line.strip() for line in instruction.splitlines() if line.strip()]
    if len(lines) == 1:  # one line: "<statements>. <question>?"
        parts = re.split(r"(?<=[.!])\s+(?=[A-Z])", lines[0])
        lines = parts if len(parts) > 1 and parts[-1].endswith("?") else lines
    asked = [line for line in lines if "?" in line or _POINTER_LINE.match(line) or _INSTRUCTION_LINE.match(line)]
    statements = [line for line in lines if line not in asked]
    if not any("?" in line for line in asked) or not statements or len(" ".join(statements).split()) < 4:
        return "", instruction
    return "\n".join(statements), "\n".join(asked)


_INLINE_MATERIAL = re.compile(
    r"^((?:[^:\n]{0,80}\b)?(?:summari[sz]e|classify|categori[sz]e|label|translate|extract|rate|score|critique|"
    r"evaluate|review|rewrite|analy[sz]e|tag|sort|answer|detect)\b[^:\n]{0,120}):[ \t]*(\S[\s\S]*)$",
    re.IGNORECASE,
)

_LIST_LEAD = re.compile(r"\b(?:one of|categories|labels|classes|options|into|as)\s*$", re.IGNORECASE)

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "a single": 1, "a": 1}


def _count(token: str) -> int | None:
    token = token.lower()
    if token.isdigit():
        return int(token)
    return _NUMBER_WORDS.get(token)


_TYPED_KEYS = re.compile(r"\b(?:keys|fields)\s*:\s*[A-Za-z_]\w*\s*[(\[][^)\]\n]{1,40}[)\]]\s*,\s*[A-Za-z_]\w*\s*[(\[]", re.I)
"""A list of keys with their types, which asks for a record even without the word JSON ("Keys: rider (string), age
(integer), ...")."""


def read_format(text: str) -> FormatSpec:
    """The output format a prompt asks for.

    >>> f = read_format('Answer in JSON with keys "name" and "age".')
    >>> f.json, f.json_keys
    (True, ['name', 'age'])
    >>> read_format("Give JSON with fields company, founded (year) and city: Fjellsoft ...").json_keys
    ['company', 'founded', 'city']
    >>> read_format("JSON with fields port, time (HH:MM) for: ...").json_keys, read_format("JSON (keys: a, b) for: 'Hi'").json_keys
    (['port', 'time'], ['a', 'b'])
    >>> read_format("Extract as JSON {cheese, wheels}: ...").json_keys, read_format("A JSON object with boat, crew and time.").json_keys
    (['cheese', 'wheels'], ['boat', 'crew', 'time'])
    >>> read_format('JSON with keys "customer" (person name), "order" (identifier): ...').json_keys
    ['customer', 'order']
    >>> read_format("Pull this out as JSON: course_name, dates, places and cost.").json_keys
    ['course_name', 'dates', 'places', 'cost']
    >>> read_format("Pull out customer, ready_date and rush (true/false) as JSON.").json_keys
    ['customer', 'ready_date', 'rush']
    >>> read_format("List it as JSON: customer, items (a list of objects with film and rolls), collect (true/false)."
    ...             ).json_keys
    ['customer', 'items', 'collect']
    >>> read_format("Return JSON with: who (string), items (list of objects with item (string) and count (integer)), "
    ...             "paid (true/false).").json_keys
    ['who', 'items', 'paid']
    >>> read_format("Reply with a JSON object only. Keys and types:\\nclient [string], paid [true/false]").json_keys
    ['client', 'paid']
    >>> read_format("You extract details. Keys: rider (string), age (integer), date (YYYY-MM-DD).").json_keys
    ['rider', 'age', 'date']
    >>> read_format("Summarise in 2 sentences, under 40 words.").sentences
    2
    """
    spec = FormatSpec()
    low = text.lower()
    if re.search(r"\bjson\b", low) or _TYPED_KEYS.search(text):
        spec.json = True
        keys: list[str] = []
        while (flat := re.sub(r"(\([^()]*)\([^()]*\)", r"\1", text)) != text:  # nested hints: "items (list of
            text = flat  # objects with item (string) and count (integer))" is one hint of one key
        m = re.search(r"\b(?:keys?|fields?|properties|attributes)(?:\s+(?:and|with)\s+(?:their\s+)?types?)?\b\s*:?\s*(.+)",
                      text, re.IGNORECASE) or re.search(  # ("Keys and types:\ncustomer [string], ...")
            r"\bjson(?: object)? (?:with|containing|of)\s*:?\s+(?!the\b|a\b|an\b|this\b|these\b)(.+)", text,
            re.IGNORECASE)
        if m:
            hintless = re.sub(r"\s*(?:\([^)]*\)|\[[^\]]*\])", "", m.group(1))  # '"customer" (person name), "order"'
            keys = re.findall(r"[\"'`]([A-Za-z_][\w ]*?)[\"'`]", re.split(r"\)|:\s|\n", hintless)[0])
            if not keys:  # "keys name and city: <text>", "fields company, founded (year) and employees"
                head = re.split(r"[.:;\n)]|\s+(?:for|from|in|of|about|using)\b",  # (a type hint first: "(HH:MM)")
                                re.sub(r"\s*(?:\([^)]*\)|\[[^\]]*\])", "", m.group(1)))[0]
                keys = [k for k in re.split(r"\s*(?:,|\band\b|\bplus\b|\bas well as\b)\s*", head)
                        if re.fullmatch(r"[A-Za-z_]\w*", k.strip())]
        unhinted = re.sub(r"[ \t]*(?:\([^)\n]{1,80}\)|\[[^\]\n]{1,40}\])", "", text)  # "make (string), year (integer)"
        listed = re.search(r"\bjson\s*:\s*([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)+(?:,?\s*(?:and\s+)?[A-Za-z_]\w*)?)\s*"
                           r"(?:[.\n]|$)", unhinted, re.IGNORECASE)
        if not keys and listed:  # "Pull this out as JSON: course_name, dates, places."
            keys = [k for k in re.split(r"\s*(?:,|\band\b)\s*", listed.group(1)) if k]
        m = re.search(r"\{[^{}]*\}", text)
        if not keys and m:
            keys = re.findall(r"[\"']([A-Za-z_]\w*)[\"']\s*:", m.group(0))
            bare = re.fullmatch(r"\{\s*([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*\}", m.group(0))
            keys = keys or (re.split(r"\s*,\s*", bare.group(1)) if bare else [])  # "{cheese, wheels, months}"
        if not keys:  # "Can you turn this into JSON? I need group_name, leader, adults, ...": identifiers listed
            for run in re.finditer(r"\b[a-z][a-z0-9_]*(?:(?:\s*,\s*(?:(?:and|plus)\s+)?|\s+(?:and|plus)\s+)[a-z][a-z0-9_]*){2,}",
                                   unhinted):  # ("..., ready_date and rush as JSON": the last key after a bare "and")
                items = [k for k in re.split(r"\s*,\s*(?:(?:and|plus)\s+)?|\s+(?:and|plus)\s+", run.group(0)) if k]
                if any("_" in k for k in items) and len(items) >= 3:
                    keys = items
                    break
        spec.json_keys = [k.strip() for k in keys]
    m = re.search(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:short\s+|concise\s+)?"
                  r"(bullet(?:\s+point)?s?|(?:key|main)\s+points?|numbered (?:items|steps|points)|steps|items)\b|"
                  r"\b(?:in|as|into|with)\s+(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(points)\b", low)
    if m and m.group(3):  # "in 3 points" is a format; "scores 5 points" is not
        m = re.search(r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(points)", m.group(0))
    if m and _count(m.group(1)):
        spec.bullets = _count(m.group(1))
        spec.numbered = "numbered" in m.group(2) or "step" in m.group(2)
    elif re.search(r"\bbullet(?:ed)?(?:\s+points?|\s+list)?\b", low):
        spec.bullets = 0  # bullets, count unspecified
    if re.search(r"\bnumbered (?:list|steps)\b", low):
        spec.numbered = True
        spec.bullets = spec.bullets or 0
    m = re.search(r"\b(?:in|with|using)\s+(?:exactly\s+|at most\s+|no more than\s+)?(\d+|one|two|three|four|five|a single)\s+sentences?\b", low)
    if m:
        spec.sentences = _count(m.group(1))
    elif re.search(r"\b(?:one|single)[- ]sentence\b", low):
        spec.sentences = 1
    spec.max_words = cues.word_limit(low)
    if re.search(r"\b(?:one|single) word\b|\bonly (?:the|with the) (?:label|category|class|word|number)\b|\bnothing else\b", low):
        spec.one_word = True
    m = re.search(r"(?:from|between|on a scale of|scale|\(|\b(?:rate|score|grade|mark|how good|how well)\b[^\n\d]{0,40}?)\s*"
                  r"(\d+(?:\.\d+)?)\s*(?:\([^)\n]{0,30}\)\s*)?(?:-|–|to|and)\s*(\d+(?:\.\d+)?)", low)
    if m and float(m.group(2)) > float(m.group(1)):
        spec.score_scale = (float(m.group(1)), float(m.group(2)))
    else:
        m = re.search(r"(?:out of|/)\s*(\d+)\b", low)
        if m and re.search(r"\b(score|rate|rating|grade|marks?|stars)\b", low):
            spec.score_scale = (0.0 if "0" == m.group(1)[:1] else 1.0, float(m.group(1)))
    return spec


def _question(text: str) -> str:
    """The last question in the text, or the text itself when it has none."""
    qs = [q.strip() for q in re.findall(r"[^.!?\n]*\?", text)]
    return qs[-1] if qs else text.strip()


def to_messages(value: Any) -> list[BaseMessage]:
    """Accept LangChain messages or ``(role, text)`` tuples (used by doctests and lessons)."""
    out: list[BaseMessage] = []
    for item in value:
        if isinstance(item, BaseMessage):
            out.append(item)
        elif isinstance(item, tuple) and len(item) == 2:
            role, text = item
            cls = {"human": HumanMessage, "user": HumanMessage, "system": SystemMessage, "ai": AIMessage,
                   "assistant": AIMessage}.get(role)
            if cls is None:
                raise InvalidInputError(f"Unknown message role {role!r}; use system, human or ai.")
            out.append(cls(content=text))
        else:
            raise InvalidInputError(f"Cannot read {item!r} as a chat message.")
    return out


def read_prompt(messages: Any) -> PromptView:
    """Take a list of chat messages apart into a :class:`PromptView`."""
    messages = to_messages(messages)
    if not messages:
        raise InvalidInputError("No messages to answer: pass at least one human message.")
    system = "\n\n".join(message_text(m) for m in messages if isinstance(m, SystemMessage))
    convo = [m for m in messages if not isinstance(m, SystemMessage)]
    last_human = max((i for i, m in enumerate(convo) if isinstance(m, HumanMessage)), default=None)
    if last_human is None:
        if not system.strip():
            raise InvalidInputError("The prompt has no human message and an empty system message.")
        user, before, after = system, [], []
        system = ""
    else:
        user, before, after = message_text(convo[last_human]), convo[:last_human], convo[last_human + 1 :]
    if not user.strip() and not system.strip():
        raise InvalidInputError("The prompt is empty: the last human message has no text.")
    history = [("human" if isinstance(m, HumanMessage) else "ai", message_text(m))
               for m in before if isinstance(m, (HumanMessage, AIMessage))]
    tool_results = [m for m in after if isinstance(m, ToolMessage)]

    stripped, blocks = _fenced_blocks(user)
    instruction, sections = _sections(stripped)
    for name in list(sections):  # "Text: ...\nRespond in JSON ..." -> the last line is an instruction, not material
        if name in DATA_HEADERS or name in JUDGED_HEADERS:
            body, trailing = _split_trailing_instructions(sections[name])
            if trailing:
                sections[name] = body
                instruction = "\n".join(filter(None, [instruction, trailing]))
    if blocks:
        sections["context"] = "\n\n".join(filter(None, [sections.get("context", ""), *blocks]))
    sys_instruction, sys_sections = _sections(system)
    for name, body in sys_sections.items():
        sections.setdefault(name, body)
    if not instruction and "question" not in sections and "task" not in sections:
        instruction = stripped.strip()
    if "question" in sections and instruction and not any(name in DATA_HEADERS + JUDGED_HEADERS for name in sections) \
            and "?" not in instruction and len(instruction.split()) >= 8 and _STATEMENT_START.match(instruction) \
            and not _REQUEST_LEAD.match(instruction) and not _INSTRUCTION_LINE.match(instruction) and not system.strip():
        sections["context"], instruction = instruction, ""  # "<statements>\nQuestion: ...": the statements are the
        # context, even without a "Context:" header (and a list in them, "four classes: a, b ...", offers no labels)
    if not any(name in DATA_HEADERS for name in sections):
        first, _, rest = instruction.partition("\n")
        if _labels(first)[0] and rest.strip():  # "Classify into one of: a, b\n\n<text>" -> labels line + material
            instruction, sections["text"] = first.strip(), rest.strip()
        else:
            inline = _INLINE_MATERIAL.match(instruction)
            if inline and not _LIST_LEAD.search(inline.group(1)):  # "Summarise in one sentence: <text>"
                instruction, sections["text"] = inline.group(1).strip(), inline.group(2).strip()
                asked, _, rest = sections["text"].partition("\n")
                if asked.rstrip().endswith("?") and len(rest.split()) >= 4:  # "Answer from the notes: <q>?\n<notes>"
                    instruction, sections["text"] = f"{instruction}: {asked.strip()}", rest.strip()
    full_request = "\n".join([sys_instruction, instruction, *(b for n, b in sections.items() if n in REQUEST_HEADERS)])
    labels, descriptions = _labels(full_request)
    if not labels:
        for name in ("categories", "labels", "classes", "options"):
            if name in sections:
                labels, descriptions = _labels(f"{name}: {sections[name]}")
                break
    inferred = False
    if not any(name in DATA_HEADERS for name in sections):
        lead, _, body = instruction.partition("\n")
        if _REQUEST_LEAD.match(lead) and len(body.split()) >= 8 and not _labels(body)[0]:
            body, trailing = _split_trailing_instructions(body)  # "Summarise in 30 words:\n<the text>"
            instruction, sections["text"] = "\n".join(filter(None, [lead.strip(), trailing])), body.strip()
    if not labels and not any(name in DATA_HEADERS for name in sections):
        statements, asked = _unmarked_material(instruction)
        if statements:
            instruction, sections["text"], inferred = asked, statements, True
    question = sections.get("question") or sections.get("query") or _question(instruction or stripped)
    return PromptView(
        system=sys_instruction,
        user=user,
        history=history,
        tool_results=tool_results,
        sections=sections,
        instruction=instruction,
        question=question,
        labels=labels,
        label_descriptions=descriptions,
        material_inferred=inferred,
        format=_format_of(system, instruction, sections, user),
    )


def _format_of(system: str, instruction: str, sections: dict[str, str], user: str) -> FormatSpec:
    """The requested format, read from the request; JSON keys that the request's split left in the material ("Extract
    to JSON: make (string), model (string), ...\n\n<text>") are read from the whole message."""
    spec = read_format("\n".join([system, instruction, *(b for n, b in sections.items() if n in REQUEST_HEADERS)]))
    line = re.search(r"(?im)^[ \t]*(?:[a-z]+[ \t]+){0,3}json\b[^\n]*", user)  # ("Give me JSON with note_no, ...")
    if not spec.json and line:  # a last line "JSON please: contact (string), ..." that the split took for material
        spec = read_format(line.group(0))
    if spec.json and not spec.json_keys:
        spec.json_keys = read_format(f"{system}\n{user}").json_keys
    return spec
