"""The learner's side of assessments: challenge specs, release, instant checks, quizzes, the progress store.

Learners use :func:`open_lab`, :func:`check` and :func:`quiz` in a lab notebook; instructors use
:func:`load_assessment` and ``labkit release`` (:func:`labkit.assess.release.release`). The grader lives in
:mod:`labkit.grading`. ``check`` and ``quiz`` are imported eagerly: they share their names with their modules, and a
lazy name would be shadowed by the module once it is imported.
"""

from __future__ import annotations

from labkit.assess.check import CheckResult, check, open_lab
from labkit.assess.quiz import ANSWERS, quiz
from labkit.lazy import lazy_face

_lazy, __getattr__ = lazy_face(__name__, {"spec": ("load_assessment",), "store": ("ProgressStore",)})
__all__ = sorted(["ANSWERS", "CheckResult", "check", "open_lab", "quiz", *_lazy])
