"""Instant feedback in the notebook: ``check("slugify", slugify)`` runs the visible cases and shows the verdict.

The one idea: the learner sees exactly what the grader will do with the *visible* cases (same plain-data
conversion, same comparison), case by case, with the hint and the points, and every attempt lands in the local
progress store. Hidden cases never reach the learner's machine: the lab's ``<id>.lab.json`` holds only the visible
material, and :func:`check` only ever reads that file.

In a Jupyter kernel the verdict is an ipywidgets panel with a *Check again* button (it re-reads the function by
name, so a redefined function is picked up); passing cases are marked green, failing ones red, values are shown
whole (wrapped, never cut to fit a column) with their whitespace; elsewhere the same verdict prints as text. Each
visible case runs under a timer (``CASE_TIMEOUT`` seconds, like the grader's) so an endless loop reads "timed out
after 10 s" instead of hanging the notebook. Leaves out: sandboxing (it is the learner's own code and machine).
"""

from __future__ import annotations

import html
import json
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labkit.assess.compare import NotPlainData, call_text, same, score, short, to_plain
from labkit.errors import CaseTimeout, InvalidInputError

_CURRENT: dict[str, Any] = {}
CASE_TIMEOUT = 10.0
"""Seconds one visible case may run in :func:`check`, as in the grader (``labkit grade --case-timeout``)."""


@contextmanager
def time_limit(seconds: float):
    """Raise :class:`CaseTimeout` in the block after ``seconds`` (main thread only; elsewhere no limit applies)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum: int, _frame: Any) -> None:
        raise CaseTimeout(f"timed out after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True)
class CaseResult:
    """One visible case: the call, what was expected, what came back (or the error)."""

    call: str
    expected: Any
    got: Any = None
    error: str = ""
    passed: bool = False


@dataclass(frozen=True)
class CheckResult:
    """The verdict of one check: per-case results, the score out of the challenge's points, the hint."""

    assessment: str
    challenge: str
    title: str
    cases: tuple[CaseResult, ...]
    points: float
    score: float
    hint: str = ""
    attempt: int = 1
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.cases)

    @property
    def verdict(self) -> str:
        n = sum(c.passed for c in self.cases)
        head = "All visible cases pass" if self.passed else f"{n}/{len(self.cases)} visible cases pass"
        return f"{head} - {self.score:g}/{self.points:g} points (attempt {self.attempt})"

    def as_text(self) -> str:
        lines = [f"{self.title}: {self.verdict}"]
        for case in self.cases:
            mark = "PASS" if case.passed else "FAIL"
            got = case.error or short(case.got)
            lines.append(f"  {mark}  {case.call}  expected {short(case.expected)}  got {got}")
        if self.hint and not self.passed:
            lines.append(f"  hint: {self.hint}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.as_text()


def find_lab(assessment: str) -> Path:
    """The ``<assessment>.lab.json`` beside the notebook, in ``labs/`` of the course folder, or the source spec."""
    name = f"{assessment}.lab.json"
    here = Path.cwd()
    for candidate in (here / name, here / "labs" / name, here.parent / "labs" / name):
        if candidate.exists():
            return candidate
    for folder in (here, *here.parents):
        if (folder / "labs" / name).exists():
            return folder / "labs" / name
    raise InvalidInputError(
        f"Cannot find {name}: open the lab from the labs/ folder, or run `labkit release` to write it."
    )


def open_lab(assessment: str, path: str | Path | None = None) -> dict[str, Any]:
    """Load a lab's visible spec and make it the current one for :func:`check` and :func:`labkit.assess.quiz`.

    In the instructor's source folder (an ``assessment.yaml`` beside the notebook) the spec is read from there,
    still reduced to its visible part, so the source notebook runs the same checks as the released one. The lab
    file is validated (:func:`labkit.assess.spec.load_lab`); the notebook gets it as plain data.
    """
    from labkit.assess.spec import Lab, load_assessment, load_lab

    lab = None
    if path is None and Path("assessment.yaml").exists():
        spec = load_assessment(Path.cwd())
        if spec.id == assessment:
            lab = Lab.public(spec)
    if lab is None:
        file = Path(path) if path else find_lab(assessment)
        lab = load_lab(file)
        if lab.id != assessment:
            raise InvalidInputError(f"{file} is the lab {lab.id!r}, not {assessment!r}")
    data = lab.model_dump()
    _CURRENT.clear()
    _CURRENT.update(data)
    _register(lab)
    return data


def current_lab() -> dict[str, Any]:
    if not _CURRENT:
        raise InvalidInputError('No lab is open: run the first cell of the lab (open_lab("<lab id>")) first.')
    return _CURRENT


def _register(lab: Any) -> None:
    """Tell the progress store what ``lab`` (a :class:`~labkit.assess.spec.Lab`) asks, item by item, every kind."""
    from labkit.assess.spec import kind_items
    from labkit.assess.store import ChallengeInfo, ProgressStore, recording_enabled

    if not recording_enabled():
        return
    infos = [ChallengeInfo(lab.id, item.id, kind.name, item.heading, item.points, tuple(item.skills), item.minutes)
             for kind, item in kind_items(lab)]
    try:
        ProgressStore().register(infos)
    except Exception:  # the progress log must never break a learner's notebook
        pass


def run_visible(challenge: dict[str, Any], obj: Any, timeout: float | None = None) -> tuple[CaseResult, ...]:
    """Run every visible case of ``challenge`` against ``obj`` (a function), each within ``timeout`` seconds
    (default :data:`CASE_TIMEOUT`), and judge it on plain data."""
    results = []
    for case in challenge["visible"]:
        args = json.loads(json.dumps(case.get("args", [])))  # a fresh copy: the learner's code may mutate it
        kwargs = json.loads(json.dumps(case.get("kwargs", {})))
        call = call_text(challenge["function"], case)
        try:
            with time_limit(CASE_TIMEOUT if timeout is None else timeout):
                got = to_plain(obj(*args, **kwargs))
        except CaseTimeout as exc:
            results.append(CaseResult(call, case["expected"], error=str(exc)))
            continue
        except NotPlainData as exc:
            results.append(CaseResult(call, case["expected"], error=f"NotPlainData: {exc}"))
            continue
        except Exception as exc:  # the learner's error is the feedback
            results.append(CaseResult(call, case["expected"], error=f"{type(exc).__name__}: {exc}"))
            continue
        ok = same(case["expected"], got, challenge.get("compare", "exact"), challenge.get("tolerance", 1e-6))
        results.append(CaseResult(call, case["expected"], got=got, passed=ok))
    return tuple(results)


_ATTEMPTS: dict[str, int] = {}


def evaluate(challenge_id: str, obj: Any, source: str = "notebook") -> CheckResult:
    """Run the visible cases of ``challenge_id`` against ``obj``, record the attempt, return the verdict."""
    lab = current_lab()
    spec = next((c for c in lab["challenges"] if c["id"] == challenge_id), None)
    if spec is None:
        raise InvalidInputError(
            f"No challenge {challenge_id!r} in lab {lab['id']!r}; known: {[c['id'] for c in lab['challenges']]}"
        )
    if not callable(obj):
        raise InvalidInputError(f"check({challenge_id!r}, ...) needs the function {spec['function']}, "
                                f"got a {type(obj).__name__}")
    started = time.perf_counter()
    cases = run_visible(spec, obj)
    n = sum(c.passed for c in cases)
    key = f"{lab['id']}/{challenge_id}"
    _ATTEMPTS[key] = _ATTEMPTS.get(key, 0) + 1
    result = CheckResult(
        assessment=lab["id"], challenge=challenge_id, title=spec["title"], cases=cases, points=spec["points"],
        score=score(spec["points"], n, len(cases), spec.get("partial", True)),
        hint=spec["hints"][0] if spec["hints"] else "", attempt=_ATTEMPTS[key],
        extra={"hidden_cases": spec.get("hidden_cases", 0)},
    )
    _record(result, source, time.perf_counter() - started)
    return result


def _record(result: CheckResult, source: str, seconds: float) -> None:
    from labkit.assess.store import Attempt, ProgressStore, recording_enabled

    if not recording_enabled():
        return
    detail = {"cases": [{"call": c.call, "passed": c.passed, "error": c.error} for c in result.cases],
              "seconds": round(seconds, 4)}
    try:
        ProgressStore().record(Attempt(
            assessment=result.assessment, challenge=result.challenge, passed=result.passed,
            cases_passed=sum(c.passed for c in result.cases), cases_total=len(result.cases), score=result.score,
            points=result.points, source=source, detail=detail,
        ))
    except Exception:  # never let the log break the notebook
        pass


PASS_COLOUR, FAIL_COLOUR = "#1a7f37", "#cf222e"
VALUE_LIMIT = 2000  # characters of one value shown; longer ones are cut with an ellipsis
CELL = "border:1px solid #d0d7de;padding:2px 6px;text-align:left;vertical-align:top"
CODE = "white-space:pre-wrap;overflow-wrap:anywhere;font-family:monospace"


def render_html(result: CheckResult) -> str:
    """The verdict as an HTML table (the widget's panel): green for a pass, red for a failure, values whole.

    Inline styles only, so the colours and wrapping hold inside JupyterLab's widget area (whose own rules would
    otherwise keep text on one line and cut it).
    """
    colour = PASS_COLOUR if result.passed else FAIL_COLOUR

    def value(text: str) -> str:
        return f"<code style='{CODE}'>{html.escape(text)}</code>"

    rows = "".join(
        f"<tr style='color:{PASS_COLOUR if c.passed else FAIL_COLOUR}'>"
        f"<td style='{CELL};font-weight:bold'>{'&#10004;' if c.passed else '&#10008;'}</td>"
        f"<td style='{CELL}'>{value(c.call)}</td><td style='{CELL}'>{value(short(c.expected, VALUE_LIMIT))}</td>"
        f"<td style='{CELL}'>{value(c.error or short(c.got, VALUE_LIMIT))}</td></tr>"
        for c in result.cases
    )
    hint = (f"<p class='lk-hint' style='background:#fff8c5;padding:2px 6px'><b>Hint:</b> {html.escape(result.hint)}"
            "</p>" if result.hint and not result.passed else "")
    hidden = result.extra.get("hidden_cases", 0)
    note = f"<p><i>{hidden} more hidden case(s) are used when your lab is graded.</i></p>" if hidden else ""
    return (
        f"<div class='lk-check' style='white-space:normal;max-width:100%'><p class='lk-verdict' "
        f"style='color:{colour}'><b>{html.escape(result.title)}</b>: {html.escape(result.verdict)}</p>"
        f"<table style='border-collapse:collapse;width:100%'><tr><th style='{CELL}'></th><th style='{CELL}'>call</th>"
        f"<th style='{CELL}'>expected</th><th style='{CELL}'>got</th></tr>{rows}</table>{hint}{note}</div>"
    )


def _in_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def check(challenge_id: str, obj: Any) -> CheckResult | None:
    """Check ``obj`` against the visible cases of ``challenge_id``: a widget in Jupyter, text elsewhere."""
    result = evaluate(challenge_id, obj)
    if not _in_kernel():
        return result
    import ipywidgets as widgets
    from IPython.display import display

    name = getattr(obj, "__name__", None)
    panel = widgets.HTML(render_html(result))
    button = widgets.Button(description="Check again", icon="check", tooltip="Run the visible cases again")
    button.add_class("lk-check-button")

    def again(_button: Any) -> None:
        import __main__

        fresh = getattr(__main__, name, obj) if name else obj  # pick up a redefined function
        try:
            panel.value = render_html(evaluate(challenge_id, fresh))
        except Exception as exc:  # show the problem in the widget rather than losing it in a log
            panel.value = f"<p class='lk-verdict'>Check failed: {html.escape(str(exc))}</p>"

    button.on_click(again)
    display(widgets.VBox([panel, button]))
    return None
