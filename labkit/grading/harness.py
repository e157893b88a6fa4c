"""The injected cells: after the learner's cells, call their functions on the cases and print plain JSON.

The one idea, *the kernel computes, the grader judges*: an injected cell gets the inputs of one challenge's visible (or
hidden) cases but never an expected value, calls the learner's function on each, turns each result into plain data
and prints one JSON document between two markers that carry a per-run random nonce. The grader
(:mod:`labkit.grading.judge`) reads only the outputs of these cells, only the last marked document in each, with a
size cap and a strict parser, and compares with expectations that never left its own process.

Why forging the output gains nothing (the reasoning the attack suite tests):

* learner code can print a fake marked document while *its* cells run: the grader ignores every cell that is not
  one of its own injected cells (it knows them by the ids it gave them, it built the notebook);
* learner code runs *inside* the injected cell too (its function is called there) and, having hooked the kernel,
  it could learn the nonce from the cell's source and print a forged document, or patch ``json``/``print``: but a
  document only carries *results*, never verdicts, and the grader judges them against hidden expected values the
  kernel never saw. To score, a forged document must contain the right answers to hidden inputs, which is what
  solving the challenge means. So the nonce is a framing device (it stops a learner's ordinary output from being
  mistaken for results), and the security rests on where the expected values live;
* a result object that cheats on ``__eq__`` never reaches a comparison: only JSON text leaves the kernel.

The visible cases of *every* challenge run before any hidden case: until then the kernel holds no hidden input,
so nothing the learner's code shows on a visible case (its result, its error) can carry one.

Each kind of item (:data:`labkit.assess.spec.KINDS`) has its *harness part* here: :func:`challenge_cells` for
function challenges, :func:`quiz_cells` for quiz questions; :func:`harness_cells` asks every kind for its visible
cells, then for its hidden ones.

Each case runs under a ``SIGALRM`` timer (``case_timeout``) and with the learner's prints swallowed; arguments are
fresh copies from JSON, so mutating them cannot affect another case. Leaves out: stateful challenges (classes
driven through a script of calls) and per-case memory limits (the kernel's limits apply).
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from labkit.assess.spec import KINDS, Assessment
from labkit.grading.execute import HARNESS_PREFIX

MARK = "@@labkit-result:{nonce}:{side}@@"

_CHALLENGE_CELL = '''# labkit grading harness (injected by the grader; not part of your lab)
def __labkit_harness(payload):
    import io, json, signal, sys
    from labkit.assess.compare import to_plain
    spec = json.loads(payload)
    out = {{"challenge": spec["id"], "part": spec["part"], "cases": []}}
    fn = globals().get(spec["function"])
    if not callable(fn):
        out["missing"] = "no function named %s is defined" % spec["function"]
    else:
        class CaseTimeout(BaseException):
            pass
        def alarm(signum, frame):
            raise CaseTimeout()
        previous = signal.signal(signal.SIGALRM, alarm)
        for case in spec["cases"]:
            real_out, real_err = sys.stdout, sys.stderr
            sys.stdout = sys.stderr = io.StringIO()
            try:
                signal.setitimer(signal.ITIMER_REAL, spec["timeout"])
                value = fn(*case["args"], **case["kwargs"])
                signal.setitimer(signal.ITIMER_REAL, 0)
                value = to_plain(value)
                if len(json.dumps(value)) > spec["max_value"]:
                    raise ValueError("the result is larger than %d characters of JSON" % spec["max_value"])
                row = {{"ok": True, "value": value}}
            except CaseTimeout:
                row = {{"ok": False, "error": "CaseTimeout", "message": "took longer than %s s" % spec["timeout"]}}
            except BaseException as exc:
                signal.setitimer(signal.ITIMER_REAL, 0)
                try:
                    message = str(exc)[:300]
                except BaseException:
                    message = ""
                row = {{"ok": False, "error": type(exc).__name__[:80], "message": message}}
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                sys.stdout, sys.stderr = real_out, real_err
            out["cases"].append(row)
        signal.signal(signal.SIGALRM, previous)
    print({begin!r} + json.dumps(out, allow_nan=False) + {end!r})
__labkit_harness({payload!r})
'''

_QUIZ_CELL = '''# labkit grading harness (injected by the grader; not part of your lab)
def __labkit_quizzes(ids):
    import json
    answers = {{}}
    try:
        from labkit.assess.quiz import ANSWERS
        for key in ids:
            value = ANSWERS.get(key)
            if type(value) is str:
                answers[key] = value[:200]
    except BaseException:
        pass
    print({begin!r} + json.dumps({{"quizzes": answers}}) + {end!r})
__labkit_quizzes({ids!r})
'''


def new_nonce() -> str:
    return secrets.token_hex(16)


def markers(nonce: str) -> tuple[str, str]:
    """The begin and end markers for ``nonce``.

    >>> markers("ab")
    ('@@labkit-result:ab:begin@@', '@@labkit-result:ab:end@@')
    """
    return MARK.format(nonce=nonce, side="begin"), MARK.format(nonce=nonce, side="end")


PARTS = ("visible", "hidden")


def cell_id(part: str, index: int | None = None) -> str:
    """The id of the injected cell for challenge number ``index`` of ``part`` (visible or hidden), or of a kind's one
    cell (``index`` left out).

    >>> cell_id("visible", 0), cell_id("hidden", 2), cell_id("quizzes")
    ('labkit-harness-visible-0', 'labkit-harness-hidden-2', 'labkit-harness-quizzes')
    """
    return f"{HARNESS_PREFIX}{part}" if index is None else f"{HARNESS_PREFIX}{part}-{index}"


def cases_payload(assessment: Assessment, challenge_id: str, case_timeout: float, part: str = "visible") -> str:
    """The JSON text an injected cell receives for one part of a challenge: inputs only, never an expected value."""
    c = assessment.challenge(challenge_id)
    return json.dumps({
        "id": c.id, "part": part, "function": c.function, "timeout": case_timeout, "max_value": 100_000,
        "cases": [{"args": case.args, "kwargs": case.kwargs} for case in getattr(c, part)],
    }, sort_keys=True)


def _code_cell(cell_id_: str, source: str) -> Any:
    """A code cell built directly (our own text needs no schema validation, which costs more than the cell)."""
    import nbformat

    return nbformat.from_dict({"cell_type": "code", "id": cell_id_, "metadata": {}, "source": source, "outputs": [],
                               "execution_count": None})


def challenge_cells(assessment: Assessment, part: str, begin: str, end: str, case_timeout: float) -> list[Any]:
    """The harness part of the ``challenge`` kind: one cell per challenge, calling its function on ``part``'s cases."""
    return [_code_cell(cell_id(part, index), _CHALLENGE_CELL.format(
                begin=begin, end=end, payload=cases_payload(assessment, c.id, case_timeout, part)))
            for index, c in enumerate(assessment.challenges)]


def quiz_cells(assessment: Assessment, part: str, begin: str, end: str, case_timeout: float) -> list[Any]:
    """The harness part of the ``quiz`` kind: one cell, with the hidden part (only the grader asks for answers)."""
    if part != "hidden" or not assessment.quizzes:
        return []
    source = _QUIZ_CELL.format(begin=begin, end=end, ids=[q.id for q in assessment.quizzes])
    return [_code_cell(cell_id("quizzes"), source)]


def harness_cells(assessment: Assessment, nonce: str, case_timeout: float, visible_only: bool = False) -> list[Any]:
    """Every kind's visible-part cells (for challenges: one per challenge), then, unless ``visible_only``, every
    kind's hidden-part cells (the hidden cases, the quiz cell), in :data:`~labkit.assess.spec.KINDS` order."""
    begin, end = markers(nonce)
    return [cell for part in (PARTS[:1] if visible_only else PARTS) for kind in KINDS.values()
            for cell in kind.harness_part()(assessment, part, begin, end, case_timeout)]
