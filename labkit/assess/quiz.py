"""Quizzes: a multiple-choice widget whose answer lands in :data:`ANSWERS`, the variable the grader reads.

The one idea: the answer must survive a fresh execution, because grading re-runs the notebook from the top. So the
durable answer is the ``choice`` written in the quiz cell (``quiz("q_mutable", "list")``); clicking an option in the
widget updates :data:`ANSWERS` for this session and tells the learner which line to write. The grader's injected
cell reads ``labkit.assess.quiz.ANSWERS`` after the learner's cells ran; keys are checked by the grader only (the
lab file carries questions and options, never the key), so there is no instant right/wrong for quizzes.

Leaves out: free-text answers and multiple correct options.
"""

from __future__ import annotations

from typing import Any

from labkit.assess.check import _in_kernel, current_lab
from labkit.errors import InvalidInputError

ANSWERS: dict[str, str | None] = {}


def answer(quiz_id: str, choice: str | None) -> None:
    """Record ``choice`` for ``quiz_id`` (validated against the options) in :data:`ANSWERS` and the progress store."""
    spec = _spec(quiz_id)
    if choice is not None and choice not in spec["options"]:
        raise InvalidInputError(f"{choice!r} is not an option of quiz {quiz_id!r}; pick one of {spec['options']}")
    ANSWERS[quiz_id] = choice
    if choice is None:
        return
    from labkit.assess.store import Attempt, ProgressStore, recording_enabled

    if recording_enabled():
        try:
            ProgressStore().record(Attempt(
                assessment=current_lab()["id"], challenge=quiz_id, passed=True, kind="quiz", source="quiz",
                points=spec["points"], detail={"choice": choice},
            ))
        except Exception:  # the log never breaks the notebook
            pass


def _spec(quiz_id: str) -> dict[str, Any]:
    lab = current_lab()
    spec = next((q for q in lab["quizzes"] if q["id"] == quiz_id), None)
    if spec is None:
        raise InvalidInputError(f"No quiz {quiz_id!r} in lab {lab['id']!r}; known: {[q['id'] for q in lab['quizzes']]}")
    return spec


def quiz(quiz_id: str, choice: str | None = None) -> None:
    """Show quiz ``quiz_id`` with ``choice`` selected and record it; in a terminal, print the question."""
    spec = _spec(quiz_id)
    answer(quiz_id, choice)
    if not _in_kernel():
        print(f"{spec['question']}  options: {spec['options']}  your answer: {choice!r}")
        return
    import ipywidgets as widgets
    from IPython.display import display

    radio = widgets.RadioButtons(options=spec["options"], value=choice, description="")
    status = widgets.HTML(_status(quiz_id, choice))

    def changed(change: dict[str, Any]) -> None:
        answer(quiz_id, change["new"])
        status.value = _status(quiz_id, change["new"])

    radio.observe(changed, names="value")
    display(widgets.VBox([widgets.HTML(f"<b>{spec['question']}</b>"), radio, status]))


def _status(quiz_id: str, choice: str | None) -> str:
    if choice is None:
        return "<i>No answer yet.</i>"
    return (f"<i>Answer recorded. To keep it when your lab is graded, the cell should read "
            f"<code>quiz({quiz_id!r}, {choice!r})</code>.</i>")
