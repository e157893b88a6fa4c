"""The learner's side of assessments: challenge specs, release, instant checks, quizzes, the progress store.

Learners use :func:`open_lab`, :func:`check` and :func:`quiz` in a lab notebook; instructors use
:func:`load_assessment` and :func:`release` (or ``labkit release``). The grader lives in :mod:`labkit.grading`.
"""

from labkit.assess.check import CheckResult, check, open_lab
from labkit.assess.quiz import ANSWERS, quiz

from labkit.lazy import lazy_exports

_EXPORTS = {  # heavier pieces load on first use
    "load_assessment": "labkit.assess.spec",
    "release": "labkit.assess.release",
    "ProgressStore": "labkit.assess.store",
}
__all__ = sorted(["ANSWERS", "CheckResult", "check", "open_lab", "quiz", *_EXPORTS])
__getattr__ = lazy_exports(__name__, _EXPORTS)
