"""The learner's side of assessments: challenge specs, release, instant checks, quizzes, the progress store.

Learners use :func:`open_lab`, :func:`check` and :func:`quiz` in a lab notebook; instructors use
:func:`load_assessment` and :func:`release` (or ``labkit release``). The grader lives in :mod:`labkit.grading`.
"""

from labkit.assess.check import CheckResult, check, open_lab
from labkit.assess.quiz import ANSWERS, quiz

__all__ = ["ANSWERS", "CheckResult", "check", "load_assessment", "open_lab", "quiz", "release", "ProgressStore"]


def __getattr__(name: str):  # heavier pieces load on first use
    if name == "load_assessment":
        from labkit.assess.spec import load_assessment

        return load_assessment
    if name == "release":
        from labkit.assess.release import release

        return release
    if name == "ProgressStore":
        from labkit.assess.store import ProgressStore

        return ProgressStore
    raise AttributeError(name)
