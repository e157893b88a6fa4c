"""Learner and cohort reports: the progress store and the gradebook turned into tables, charts and next steps.

Learners: :func:`learner_report` (``labkit progress``) reads the local progress store and, optionally, saved lab
notebooks; the result shows inline in a notebook and has pandas frames. Instructors: :class:`CohortReport`
(``labkit report``) reads a gradebook; ``CohortReport(path).frames()`` gives the DataFrames.

Nothing heavy is imported here (pandas and matplotlib load with the report modules), and, as part of the platform,
this package imports no level module.
"""

from __future__ import annotations

from labkit.lazy import lazy_face

# pandas and matplotlib load on first use
__all__, __getattr__ = lazy_face(__name__, {
    "learner": ("LearnerReport", "learner_report"),
    "cohort": ("CohortReport",),
})
