"""When was it handed in? Submission times from the instructor's side, never from files the learner wrote.

The one idea: lateness is a grade, so its evidence must be out of the learner's reach. A notebook's modification
time or a ``timestamp.txt`` inside a learner's folder is whatever the learner (or their zip tool) made it, so
neither is read. Times come, in this order, from

1. a **manifest** the instructor passes (``labkit grade ... --times times.csv``): a CSV with a learner column
   (``learner``, ``id``, ``login``, ``username`` or ``email``) and a time column (``submitted_at``,
   ``submitted``, ``timestamp`` or ``time``), as an LMS export has them. A time is ISO 8601 (naive means UTC) or,
   for fixtures, demos and extensions, relative to the assessment's deadline: ``deadline-2d``,
   ``deadline+1d9h``, ``deadline+30m``;
2. the **gradebook**: the time recorded when this exact submission (same bytes) was first collected, so
   re-grading never makes an on-time submission late;
3. the **collection time**: the clock's reading when the batch first sees the submission.

>>> from datetime import datetime, timezone
>>> deadline = datetime(2026, 12, 1, tzinfo=timezone.utc)
>>> parse_time("deadline+1d9h", deadline).isoformat()
'2026-12-02T09:00:00+00:00'
>>> parse_time("2026-11-28 10:00", deadline).isoformat()
'2026-11-28T10:00:00+00:00'
"""

from __future__ import annotations

import csv
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

from labkit.errors import InvalidInputError

LEARNER_COLUMNS = ("learner", "id", "login", "username", "email")
TIME_COLUMNS = ("submitted_at", "submitted", "timestamp", "time")
RELATIVE = re.compile(r"^deadline\s*(?:(?P<sign>[+-])\s*(?P<span>(?:\d+(?:\.\d+)?\s*[dhms]\s*)+))?$", re.I)
UNITS = {"d": 86400, "h": 3600, "m": 60, "s": 1}


def parse_time(text: str, deadline: datetime | None = None) -> datetime:
    """An aware datetime from ISO 8601 text or ``deadline±<n>d<n>h<n>m<n>s``; a clear error otherwise."""
    value = text.strip()
    relative = RELATIVE.match(value)
    if relative:
        if deadline is None:
            raise InvalidInputError(f"{value!r} is relative to the deadline, but this assessment has no late.deadline;"
                                    " write an ISO 8601 time such as 2026-11-28T10:00:00+00:00")
        seconds = sum(float(n) * UNITS[u.lower()] for n, u in re.findall(r"(\d+(?:\.\d+)?)\s*([dhms])",
                                                                          relative["span"] or "", re.I))
        base = deadline if deadline.tzinfo else deadline.replace(tzinfo=timezone.utc)
        return base + timedelta(seconds=-seconds if relative["sign"] == "-" else seconds)
    try:
        when = datetime.fromisoformat(value.replace(" UTC", "+00:00").replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInputError(f"{value!r} is not a time; write ISO 8601 (2026-11-28T10:00:00+00:00) or "
                                "deadline-2d / deadline+1d9h") from None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def load_times(path: str | Path, deadline: datetime | None = None) -> dict[str, datetime]:
    """``{learner: submitted_at}`` from a manifest CSV (see the module docstring for its columns)."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInputError(f"--times {path} is not a file; pass a CSV with learner and submitted_at columns")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        columns = {name.strip().lower(): name for name in reader.fieldnames or []}
        learner_col = next((columns[c] for c in LEARNER_COLUMNS if c in columns), None)
        time_col = next((columns[c] for c in TIME_COLUMNS if c in columns), None)
        if learner_col is None or time_col is None:
            raise InvalidInputError(f"{path} needs a learner column ({', '.join(LEARNER_COLUMNS)}) and a time column"
                                    f" ({', '.join(TIME_COLUMNS)}); its header is {reader.fieldnames}")
        times: dict[str, datetime] = {}
        for line, row in enumerate(reader, start=2):
            learner, stamp = (row.get(learner_col) or "").strip(), (row.get(time_col) or "").strip()
            if not learner:
                continue
            try:
                times[learner] = parse_time(stamp, deadline)
            except InvalidInputError as exc:
                raise InvalidInputError(f"{path}, line {line} ({learner}): {exc}") from None
    return times
