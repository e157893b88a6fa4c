"""The class list: who should have submitted, so that nobody who did not is invisible.

The one idea: the gradebook only knows learners who submitted something; the roster an LMS exports knows everyone.
``labkit grade ... --roster roster.csv`` stores it in the gradebook (:meth:`Gradebook.set_roster`), and from then on
exports, feedback indexes and ``labkit report`` list every roster learner, as *missing* where there is no
submission, and name submitters who are not on it.

The file is a CSV with a header: ``id`` (or ``learner``, ``login``: the id the submissions are filed under, e.g. an
LMS login like ``ada@uni.edu``), then optional ``name``, ``email`` and ``section``. Leaves out: LMS APIs (export
the roster by hand) and matching by name or email (the id must match the submission's folder or file name).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from labkit.errors import InvalidInputError
from labkit.grading.gradebook import RosterEntry

ID_COLUMNS = ("id", "learner", "login")


def parse_roster(text: str, where: str = "roster") -> list[RosterEntry]:
    """Roster entries from CSV text; every problem names its line.

    >>> parse_roster("id,name,section\\nada@uni.edu,Ada Lovelace,A\\nBen Smith,,B\\n")[1]
    RosterEntry(learner='Ben Smith', name='', email='', section='B')
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))  # an LMS export may start with a byte-order mark
    header = {(name or "").strip().lower(): name for name in reader.fieldnames or []}
    id_column = next((header[c] for c in ID_COLUMNS if c in header), None)
    if id_column is None:
        raise InvalidInputError(f"{where}: the first line must be a header with an id column ({', '.join(ID_COLUMNS)})"
                                " and optionally name, email, section")
    entries: dict[str, RosterEntry] = {}
    for line, row in enumerate(reader, start=2):
        learner = (row.get(id_column) or "").strip()
        if not learner:
            if any((v or "").strip() for v in row.values() if isinstance(v, str)):
                raise InvalidInputError(f"{where}, line {line}: no learner id in column {id_column!r}")
            continue  # a blank line
        if learner in entries:
            raise InvalidInputError(f"{where}, line {line}: learner {learner!r} is listed twice")
        entries[learner] = RosterEntry(learner, *((row.get(header[c]) or "").strip() if c in header else ""
                                                  for c in ("name", "email", "section")))
    if not entries:
        raise InvalidInputError(f"{where}: no learners listed; one line per learner after the header")
    return list(entries.values())


def load_roster(path: str | Path) -> list[RosterEntry]:
    """The roster in the CSV file at ``path``."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInputError(f"no roster file at {path}; pass a CSV with a header line: id,name,email,section")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInputError(f"{path} is not UTF-8 text; export the roster as CSV (UTF-8)") from None
    return parse_roster(text, where=str(path))
