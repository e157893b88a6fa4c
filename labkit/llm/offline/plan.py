"""Step plans: break a request into ordered, checkable steps.

The plan is built from the request itself: each clause that starts with an action ("collect the logs",
"summarise the errors", "then email the team") becomes a step, in the order written.

What it cannot do: invent sub-steps it has no knowledge of. A request with a single action is a single step, and
the reply says so; a real model would add domain steps, which is exactly what this one cannot know.

>>> make_plan("Plan how to: collect the sales data, compute the monthly totals and then write a short report.")
['Collect the sales data', 'Compute the monthly totals', 'Write a short report']
"""

from __future__ import annotations

import re

from labkit.llm.offline import cues
from labkit.llm.offline.arithmetic import Solution
from labkit.llm.offline.calculate import solution
from labkit.llm.offline.skill import Result, Turn, abstain
from labkit.llm.offline.text import content_words, split_sentences
from labkit.llm.offline.values import MONTHS, Value, clock_minutes, extract, minutes_between, unit_symbol
from labkit.safemath import format_number


def _clean(step: str) -> str:
    step = cues.STEP_FILLER.sub("", step.strip(" .,:;")).strip()
    return step[:1].upper() + step[1:] if step else step


def goal_of(request: str) -> str:
    """The goal of a plan request: its first line without the lead-in ("Break this down into steps:").

    >>> goal_of("Break this down into steps: back up the database and then upgrade it.")
    'back up the database and then upgrade it'
    """
    body = request.strip().splitlines()[0] if request.strip() else ""
    m = cues.PLAN_LEAD.match(body)
    goal = body[m.end() :] if m else body
    return re.sub(r"[?.!]+$", "", goal).strip()


_STATEMENT = re.compile(r"^\s*(?:i|we|you|he|she|it|they|her|his|their|our|my|its|the|a|an|one|this|that|these|those|"
                        r"there|\d[\d,.]*)\b", re.I)
_OBLIGED = re.compile(r"^\s*\w+(?:'\w+)?(?:\s+\w+)?\s+(?:have to|has to|need to|needs to|must|should|will|'ll|are going to|"
                      r"want to|would like to)\b|^\s*\w+'ll\b", re.I)
"""A sentence whose subject is to do something ("We have to smoke the bees") lists actions after all."""


def _states_a_fact(sentence: str) -> bool:
    """Whether a sentence opens with its subject and states a fact ("The room only seats 20.") rather than an action
    (which opens with a verb, or says what its subject has to do).

    >>> _states_a_fact("Her top speed is 6 knots."), _states_a_fact("We have to smoke the bees."), _states_a_fact("Book it.")
    (True, False, False)
    """
    return bool(_STATEMENT.match(sentence)) and not _OBLIGED.match(sentence)


def _names_the_goal(sentence: str) -> bool:
    """A sentence that only says what the writer wants or is organising ("We want to hold a rally on 14 June."), not
    one that orders actions of its own ("We need the permission, but before that we need to pick a field.").

    >>> _names_the_goal("We want to hold a rally."), _names_the_goal("We need the permit, but before that pick a field.")
    (True, False)
    """
    return bool(re.match(r"^\s*(?:i|we)(?:'m|'re| am| are)?\s+(?:want|need|would like|organi[sz]\w+|planning|going)\b",
                         sentence, re.I)) and not cues.GO_FIRST.search(sentence.split(",", 1)[-1].strip())


def action_text(request: str) -> str:
    """The part of a plan request that lists the actions: after a goal's colon ("Plan the weekend: book the beds,
    ..."), without a sentence that only names the goal ("Plan tonight's observing.") or only asks for the plan
    ("List the steps.").

    >>> action_text("Plan tonight's observing. Open the dome, cool the mirror and take flats.")
    'Open the dome, cool the mirror and take flats.'
    """
    sentences = split_sentences(request.strip())
    asked = bool(cues.PLAN_REQUEST.search(request.lower()))  # a plan asked for: the facts around it are conditions
    if len(sentences) > 1:
        kept = [s for s in sentences if not (cues.PLAN_REQUEST.search(s.lower()) and len(
            cues.STEP_SEPARATOR.split(goal_of(s))) < 2) and not _names_the_goal(s)
                and not (asked and _states_a_fact(s))]  # ("Her top speed is 6 knots." is a condition, not an action)
        if kept and len(cues.STEP_SEPARATOR.split(" ".join(kept))) >= 2:
            return " ".join(kept)
    goal = goal_of(request)
    if asked:  # the goal without the facts that follow it on its line ("... in one shift. Her top speed is 6 knots.")
        goal = " ".join(s for s in split_sentences(goal) if not _states_a_fact(s)) or goal
    head, colon, tail = goal.partition(":")
    if colon and len(cues.STEP_SEPARATOR.split(tail)) >= 2 and len(head.split()) <= 8:
        return tail
    return goal


_SAYS_FIRST = re.compile(r"\b(?:first|first of all|to begin with|before anything else)\s*[.!]?$", re.I)
_SAYS_LAST = re.compile(r"\b(?:last|last of all|at the very end)\s*[.!]?$|^(?:and\s+)?(?:finally|lastly)\b", re.I)


_CHECK_BEFORE = re.compile(r"(?:but|and)\s+(?:first\s+)?(?:check|make sure|ensure|confirm|test)\b.*\bbefore\b", re.I)


def _month_of(step: str) -> int | None:
    """The month a step names ("order the seeds in March" -> 3), if exactly one."""
    found = {i for i, m in enumerate(MONTHS, 1) if re.search(rf"\b{m.capitalize()}\b", step)}  # ("may", "march")
    return found.pop() if len(found) == 1 else None


_SELF_CORRECTED = re.compile(r"(?:^|(?<=[:.;]))[^:.;]*?\s*[-–—,]\s*(?:no,? wait|wait,? no|no,? sorry|sorry,? no|"
                             r"actually,? no|scratch that|I mean)\b[,:]?\s*", re.I)
"""A clause the writer takes back ("do the tail first - no wait, start with the head"): it is no step."""

_COORDINATE_ADJECTIVES = re.compile(r"\b(an? [a-z]+),\s+(?=[a-z]+ [a-z]+\s*(?:[,.;]|\band\b|$))", re.I)
"""Two adjectives before one noun ("pick a sunny, sheltered spot, and ..."): their comma separates no steps."""


def make_plan(request: str, max_steps: int = 8) -> list[str]:
    """Ordered step descriptions for ``request``: one per action clause, in the order written, except that a clause
    that says it goes first ("..., but first find the card", "before any of that, weigh the tea") goes first, and one
    that ends by saying where it goes ("pack the sand first", "carve the details last") goes there.

    >>> make_plan("Carve the details last, pack the sand into the forms first, and take the forms off.")
    ['Pack the sand into the forms first', 'Take the forms off', 'Carve the details last']
    """
    request = _SELF_CORRECTED.sub(" ", request).strip()  # "do the tail first - no wait, start with the head"
    actions = _COORDINATE_ADJECTIVES.sub(r"\1 ", action_text(request))  # "a sunny, sheltered spot" is one thing
    pieces, sentence_of = [], []
    for n, sentence in enumerate(split_sentences(actions)):
        for p in cues.STEP_SEPARATOR.split(sentence):
            if p and p.strip():
                pieces.append(p.strip())
                sentence_of.append(n)
    first = [i for i, p in enumerate(pieces) if cues.GO_FIRST.match(p)]
    if len(first) == 1:
        i = first[0]
        if not cues.GO_FIRST.sub("", pieces[i]).strip() and i + 1 < len(pieces):
            del pieces[i]  # "..., but before any of that, weigh the tea": the clause after it goes first
        pieces.insert(0, cues.GO_FIRST.sub("", pieces.pop(i)).strip())
    # "carve the details last, pack the sand into the forms first": a clause that says where it goes goes there
    for i in range(1, len(pieces)):  # "At 6.30pm we carve, but check the core temperature before anyone picks up
        # a knife": the check goes before the step it guards
        if _CHECK_BEFORE.match(pieces[i]) and not _CHECK_BEFORE.match(pieces[i - 1]):
            pieces[i - 1], pieces[i] = pieces[i], pieces[i - 1]
            sentence_of[i - 1], sentence_of[i] = sentence_of[i], sentence_of[i - 1]
    months = [_month_of(p) for p in pieces]
    if len(pieces) >= 3 and all(m is not None for m in months) and months != sorted(months):
        pieces = [p for _, p in sorted(zip(months, pieces), key=lambda t: t[0])]  # every step in its month: by date
        sentence_of = [0] * len(pieces)
    head = re.match(r"([^:]{1,60}):\s+", pieces[0]) if pieces else None
    if head and cues.PLAN_REQUEST.search(head.group(1).lower()):
        pieces[0] = pieces[0][head.end():]  # "Plan trimming my peacock: start with the head": the goal is no step
    keys = [0 if _SAYS_FIRST.search(p) else 2 if _SAYS_LAST.search(p) else 1 for p in pieces]
    last = max((sentence_of[i] for i, k in enumerate(keys) if k == 2), default=len(pieces))
    keys = [3 if k == 1 and sentence_of[i] > last else k for i, k in enumerate(keys)]  # "do the tail last. Then
    # sweep up": a later sentence's steps stay after the one that says it goes last
    pieces = [p for _, p in sorted(zip(keys, pieces), key=lambda t: t[0])]
    steps = [_clean(p) for p in pieces]
    return [p for p in steps if len(content_words(p)) >= 1 and len(p.split()) >= 2][:max_steps]


_SPEED_STATED = re.compile(r"\b(?:at|of|do|does|manage|manages|average|averages)\s+(?:about\s+|around\s+|roughly\s+)?"
                           r"(?P<n>\d+(?:\.\d+)?)\s*(?:(?P<unit>km|kilomet(?:re|er)s?|miles?)\s*(?:an?|per|/)\s*"
                           r"(?:hour|hr|h)\b|(?P<per_hour>mph|km/h|kph)\b)", re.I)


def _km(unit: str) -> float | None:
    """How many kilometres one ``unit`` of distance is (kilometres, miles and metres), else None."""
    symbol = unit_symbol(unit)
    return cues.UNIT_SIZES[symbol][1] / 1000 if symbol in ("km", "mi", "m") else None


_SETS_OFF = re.compile(r"\b(?:leaves?|leaving|sets? off|setting off|departs?|departing|starts?|starting|begins?)\b"
                       r"[^.;]{0,40}?\b(?:at|from)\s+$", re.I)
_BY = re.compile(r"\b(?:by|no later than|before)\s+$", re.I)
_BOTH_PLACES = re.compile(r"\b(?:and (?:also )?be (?:at|in)|be at both|at both|in both)\b", re.I)


def _timing_clash(text: str, times: list[Value]) -> str | None:
    """A plan its own clock times rule out: setting off after the time it must be there by ("leaves the school at
    2.15pm and everyone is in the church by 2pm"), or one person in two places at the same time ("give my talk in
    Leeds at 3pm and be at the wedding in Bath at 3pm").

    >>> _timing_clash("Plan the parade so that it leaves the school at 2.15pm and is at the church by 2pm.",
    ...               extract("Plan the parade so that it leaves the school at 2.15pm and is at the church by 2pm."))
    'It cannot be planned as given: it sets off at 14:15 but has to be there by 14:00.'
    """
    leave = next((t for t in times if _SETS_OFF.search(text[max(0, t.start - 60) : t.start])), None)
    due = next((t for t in times if _BY.search(text[max(0, t.start - 15) : t.start])), None)
    if leave and due and due.start > leave.start and 0 < clock_minutes(leave.value) - clock_minutes(due.value) < 12 * 60:
        return f"It cannot be planned as given: it sets off at {leave.value} but has to be there by {due.value}."
    same = [t for t in times if sum(u.value == t.value for u in times) >= 2]
    if same and _BOTH_PLACES.search(text):
        return (f"It cannot be planned as given: two things at {same[0].value} in different places, and one person "
                "cannot be in two places at once.")
    return None


def infeasible(text: str) -> str | None:
    """Why a goal cannot be planned as given, from its own numbers, or None. Three checks, each on what the request
    states: a distance in a time faster than a speed it gives (or than any person can walk, paddle, row, swim, run or
    cycle: the one table of world knowledge here, ``cues.TOP_SPEEDS``); more people at once than a stated limit; and a
    thing that lasts forever without using anything up.

    >>> infeasible("Plan a camel trek of 240 km between 2pm and 6pm. Our camels walk at about 5 km an hour.")
    'It cannot be planned as given: 240 km between 14:00 and 18:00 needs 60 km an hour, but the request gives a speed of about 5 km an hour.'
    >>> infeasible("Plan a party for all 40 guests at once. The room only seats 20.")
    'It cannot be planned as given: 40 guests at once, but the limit stated is 20.'
    >>> infeasible("Plan a walk of 12 km in four hours.") is None
    True
    """
    values = extract(text)
    distances = [(v, v.value * per) for v in values if v.kind == "number" and (per := _km(v.unit))]
    durations = [v for v in values if v.kind == "duration"]
    times = [v for v in values if v.kind == "time"]
    hours = durations[0].value / 60 if len(durations) == 1 else (
        (minutes_between(times[0].value, times[1].value) or 0) / 60 if len(times) == 2 and not durations else None)
    if len(distances) >= 1 and hours:
        (d, km), window = distances[0], (durations[0].text if durations else
                                          f"between {times[0].value} and {times[1].value}")
        needed = km / hours
        stated = _SPEED_STATED.search(text)
        if stated:
            unit = (stated.group("unit") or stated.group("per_hour")).lower()
            limit = float(stated.group("n")) * (_km("mi") if unit.startswith(("mi", "mph")) else 1.0)
            if needed > 1.1 * limit:
                return (f"It cannot be planned as given: {d.text} {d.unit} {window} needs "
                        f"{format_number(round(needed, 1))} km an hour, but the request gives a speed of "
                        f"{stated.group(0).split(None, 1)[1]}.")
        else:
            mode = next((m for m in cues.TOP_SPEEDS if re.search(rf"\b{m}", text, re.I)), None)
            if mode and needed > cues.TOP_SPEEDS[mode]:
                return (f"It cannot be planned as given: {d.text} {d.unit} {window} needs "
                        f"{format_number(round(needed))} km an hour, and nobody can {mode} faster than about "
                        f"{cues.TOP_SPEEDS[mode]} km an hour.")
    together = re.search(r"\b(?:all\s+)?(?P<n>\d+)\s+(?P<who>[a-z]+)(?:[^.]{0,60}?)\b(?:at once|at the same time|"
                         r"in one go|together|in a single|in one session)", text, re.I)
    limit = cues.CAPACITY_LIMIT.search(text)
    if together and limit and int(together.group("n")) > int(limit.group("n")):
        return (f"It cannot be planned as given: {together.group('n')} {together.group('who')} at once, but the limit "
                f"stated is {limit.group('n')}.")
    clash = _timing_clash(text, times)
    if clash:
        return clash
    forever = cues.PERPETUAL.search(text)
    if forever:
        return (f"It cannot be planned as given: nothing does that '{forever.group(0)}'; everything that burns, runs "
                "or moves uses something up.")
    return None


_WHEN_DONE = re.compile(r"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:in the )?(?:morning|afternoon|evening)|"
                        r"at (?:noon|midday|night)|tonight|tomorrow)\b", re.I)
"""The times a schedule of one's own jobs is written by (days, parts of the day)."""


def sequenced_actions(text: str) -> bool:
    """Whether a message without a plan word is itself a list of ordered actions ("First register the crew, then
    pay the fee, and finally book the trailer"): two or more action clauses and a word that orders them, or three
    jobs of the writer's own, each at its time ("On Friday I'll cut the holly. Saturday morning I'll bind the moss,
    and in the afternoon I'll wire it in.").

    >>> sequenced_actions("First register the crew, then pay the fee."), sequenced_actions("I love climbing.")
    (True, False)
    """
    if "?" in text:
        return False
    clauses = [p for p in cues.STEP_SEPARATOR.split(text) if p and len(p.split()) >= 2]
    listed = any(len([p for p in cues.STEP_SEPARATOR.split(s) if p and len(p.split()) >= 2]) >= 3
                 and not cues.FIRST_PERSON.match(s) for s in split_sentences(text))  # "Book X, order Y, and send Z."
    timed = len(_WHEN_DONE.findall(text)) >= 3 and len(clauses) >= 3 and bool(cues.FIRST_PERSON.search(text))
    # ("On Friday I need to cut the holly. Saturday morning I'll bind the moss, and in the afternoon I'll wire it.")
    return len(clauses) >= 2 and bool(cues.SEQUENCE_WORDS.search(text)) or listed or timed


class Plan:
    """Skill: a plan request becomes the request's own action clauses, in order. A request with one action is a
    single step, and the model says so instead of padding it with generic steps it cannot know."""

    name = "plan"

    def applies(self, turn: Turn) -> float:
        if not cues.PLAN_REQUEST.search(turn.view.request):
            return 0.5 if not turn.view.context and sequenced_actions(turn.view.user) else 0.0
        return 0.7 if isinstance(solution(turn), Solution) else 0.85  # "the steps to compute 17 * 23" is a calculation

    def run(self, turn: Turn) -> Result:
        v = turn.view
        goal = v.sections.get("goal") or v.sections.get("task") or v.instruction or v.user
        steps = make_plan(goal)
        impossible = infeasible(v.user if goal in v.user else goal)
        if impossible:
            return abstain(impossible)
        if not steps:
            return abstain("I cannot find an action to plan in this request; say what should be done.")
        numbered = "\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1))
        text = numbered if len(steps) > 1 else (
            f"1. {steps[0]}\nThis is a single step: the request names one action, and I cannot plan sub-steps for it "
            "without knowing more about it.")
        return Result(text=text, items=steps, fields={"steps": steps}, aliases={"plan": steps, "tasks": steps})
