"""Learner and cohort reports: the progress store and the gradebook turned into tables, charts and next steps.

Learners: :func:`learner_report` (``labkit progress``) reads the local progress store and, optionally, saved lab
notebooks; the result shows inline in a notebook and has pandas frames. Instructors: :class:`CohortReport`
(``labkit report``) reads a gradebook; ``CohortReport(path).frames()`` gives the DataFrames.

Nothing heavy is imported here (pandas and matplotlib load with the report modules), and, as part of the platform,
this package imports no level module.
"""

from __future__ import annotations

__all__ = ["CohortReport", "LearnerReport", "learner_report"]


def __getattr__(name: str):  # pandas and matplotlib load on first use
    if name in {"LearnerReport", "learner_report"}:
        from labkit.progress import learner

        return getattr(learner, name)
    if name == "CohortReport":
        from labkit.progress.cohort import CohortReport

        return CohortReport
    raise AttributeError(name)
