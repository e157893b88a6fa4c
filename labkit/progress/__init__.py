"""Learner and cohort reports: the progress store and the gradebook turned into tables, charts and next steps.

Learners: :func:`learner_report` (``labkit progress``) reads the local progress store and, optionally, saved lab
notebooks; the result shows inline in a notebook and has pandas frames. Instructors: :class:`CohortReport`
(``labkit report``) reads a gradebook; ``CohortReport(path).frames()`` gives the DataFrames.

Nothing heavy is imported here (pandas and matplotlib load with the report modules), and, as part of the platform,
this package imports no level module.
"""

from __future__ import annotations

from labkit.lazy import lazy_exports

_EXPORTS = {  # pandas and matplotlib load on first use
    "LearnerReport": "labkit.progress.learner",
    "learner_report": "labkit.progress.learner",
    "CohortReport": "labkit.progress.cohort",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
