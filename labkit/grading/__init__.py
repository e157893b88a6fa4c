"""The grader: papermill execution in a sandbox, tamper-proof judging, a crash-safe gradebook, feedback, exports.

Start with :func:`labkit.grading.batch.grade_batch` (what ``labkit grade`` runs); one submission is
:func:`labkit.grading.runner.grade_submission`. Modules, in the order a submission meets them: ``submission``
(validate, restore protected cells), ``harness`` (injected cells), ``sandbox`` + ``launcher`` (the kernel's
cage), ``execute`` (papermill engine), ``judge`` (JSON in, scores out), ``gradebook``, ``feedback``, ``export``.
The public names below load on first use; nothing is imported here, so ``python -m labkit.grading.launcher``
stays small.
"""

from __future__ import annotations

from labkit.lazy import lazy_face

__all__, __getattr__ = lazy_face(__name__, {
    "batch": ("grade_batch", "BatchReport"),
    "gradebook": ("Gradebook", "Grade"),
    "feedback": ("write_feedback",),
    "export": ("to_csv", "to_canvas", "to_junit"),
    "roster": ("load_roster",),
})
