"""Reading a submission: open it safely, validate it, then rebuild it on the released notebook.

The one idea: the grader never trusts the *structure* of a submitted notebook, only the learner's answers. The
notebook to execute is rebuilt in the order of the released notebook: protected cells (instructions, setup, checks)
come from the release, whatever the learner did to them (edited, deleted, moved); answer cells come from the
learner, matched by cell id; cells the learner added are kept right after the released cell they followed. So a
learner cannot remove a check, reorder the setup after their answer, or inject a cell posing as the grader's.

Reading is as careful as grading, because the grader runs as root: a submission is opened without following a
symbolic link anywhere below the folder it was found in (``O_NOFOLLOW`` on every step, so a link swapped in after
discovery is refused too), must be a regular file with a single hard link (not a device, a FIFO, nor another name
for someone else's file), and its size is checked before a byte is read; it is hashed in chunks. Then a size cap,
JSON, nbformat's schema and a cell-count cap. A submission that fails any of them is recorded as failed with a
reason that never quotes the file's content; nothing of it is executed.

Finding the submissions is here too: :func:`discover` reads the three layouts a submissions folder comes in, checks
learner ids (:func:`learner_problem`) and returns everything it skips with the reason; :func:`learner_slug` maps a
learner id to a safe file name (feedback pages).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from labkit.assess.release import checksum
from labkit.errors import InvalidInputError, SubmissionRejected

MAX_CELLS = 1000
MAX_LEARNER_ID = 64
CHUNK = 2**20
# besides letters, marks and digits of any script, the characters LMS logins and names use
LEARNER_PUNCTUATION = frozenset(" @._-+'")


def file_hash(data: bytes) -> str:
    """The submission hash: sha256 of the file's bytes, shortened.

    >>> file_hash(b"{}")
    '44136fa355b3678a'
    """
    return hashlib.sha256(data).hexdigest()[:16]


def open_submission(path: Path, inside: Path | None = None) -> int:
    """A read-only descriptor for ``path``, opened step by step from ``inside`` (default: its folder) with
    ``O_NOFOLLOW``; raises :class:`SubmissionRejected` unless it is a regular file with one hard link."""
    path = Path(path)
    inside = Path(inside) if inside is not None else path.parent
    try:
        steps = path.relative_to(inside).parts
    except ValueError:
        raise SubmissionRejected(f"{path.name} is not inside the submissions folder") from None
    if not steps or ".." in steps:
        raise SubmissionRejected(f"{path.name} is not inside the submissions folder")
    fd = os.open(inside, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for folder in steps[:-1]:
            try:
                fd_next = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=fd)
            except OSError:
                raise SubmissionRejected(f"the folder {folder} is a symbolic link or cannot be opened") from None
            os.close(fd)
            fd = fd_next
        try:  # O_NONBLOCK: opening a FIFO must not wait for a writer
            file = os.open(steps[-1], os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=fd)
        except OSError as exc:
            what = "a symbolic link" if os.path.islink(path) else f"unreadable ({exc.strerror})"
            raise SubmissionRejected(f"the notebook is {what}; submit the notebook file itself") from None
    finally:
        os.close(fd)
    info = os.fstat(file)
    problem = ("" if stat.S_ISREG(info.st_mode) else "not a regular file") or \
        ("another name (hard link) for a file elsewhere" if info.st_nlink != 1 else "")
    if problem:
        os.close(file)
        raise SubmissionRejected(f"the notebook is {problem}; submit the notebook file itself")
    return file


def _checked_size(fd: int, max_bytes: int) -> int:
    size = os.fstat(fd).st_size
    if size > max_bytes:
        raise SubmissionRejected(f"the notebook is {size / 2**20:.1f} MB; the limit is {max_bytes / 2**20:g} MB")
    return size


def read_limited(path: Path, max_bytes: int, inside: Path | None = None) -> bytes:
    """The bytes of a submission, opened with :func:`open_submission`, its size checked before reading."""
    fd = open_submission(path, inside)
    with os.fdopen(fd, "rb") as f:
        _checked_size(fd, max_bytes)
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:  # it grew after the check
        raise SubmissionRejected(f"the notebook is larger than the limit of {max_bytes / 2**20:g} MB")
    return data


def submission_sha(path: Path, max_bytes: int, inside: Path | None = None) -> str:
    """:func:`file_hash` of a submission, read in chunks; for one that cannot be read (too large, a link, not a
    file) a stable stand-in naming why, so the batch still records it (and the reason) once."""
    try:
        fd = open_submission(path, inside)
    except SubmissionRejected as exc:
        return "unreadable-" + file_hash(exc.reason.encode())
    with os.fdopen(fd, "rb") as f:
        try:
            size = _checked_size(fd, max_bytes)
        except SubmissionRejected:
            return f"too-large-{os.fstat(fd).st_size}"
        digest = hashlib.sha256()
        while size >= 0 and (chunk := f.read(min(CHUNK, max_bytes + 1))):
            digest.update(chunk)
            size -= len(chunk)
    return digest.hexdigest()[:16]


def read_submission(path: Path, max_mb: float, inside: Path | None = None) -> tuple[Any, bytes]:
    """Open (safely), parse and validate the notebook at ``path``; raise :class:`SubmissionRejected` with the reason.

    No reason quotes the file: JSON errors give a position, schema errors the place in the notebook.
    """
    import json

    import nbformat

    data = read_limited(path, int(max_mb * 2**20), inside)
    try:
        raw = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise SubmissionRejected("the notebook is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise SubmissionRejected(f"not a valid notebook: broken JSON at line {exc.lineno}, column {exc.colno}") \
            from None
    except RecursionError:
        raise SubmissionRejected("not a valid notebook: JSON nested too deeply") from None
    if not isinstance(raw, dict):
        raise SubmissionRejected("not a valid notebook: the file is JSON but not a notebook object")
    try:  # not nbformat.reads(): it validates too, and logs the error, which quotes the notebook, to the terminal
        nb = nbformat.convert(nbformat.reader.reads(json.dumps(raw)), 4)
        nbformat.validate(nb)
    except nbformat.ValidationError as exc:
        where = "/".join(str(step) for step in list(getattr(exc, "absolute_path", []))[:6])[:80]
        raise SubmissionRejected(f"not a valid notebook: it does not match the notebook format at "
                                 f"{where or 'the top level'}") from None
    except Exception as exc:  # nbformat's own errors (version, conversion) quote the notebook: name the kind only
        raise SubmissionRejected(f"not a valid notebook ({type(exc).__name__})") from None
    if len(nb.cells) > MAX_CELLS:
        raise SubmissionRejected(f"the notebook has {len(nb.cells)} cells; the limit is {MAX_CELLS}")
    return nb, data


def learner_problem(name: str) -> str:
    """Why ``name`` (a file or folder name in the submissions folder) cannot be a learner id; '' when it can.

    Letters of any script, digits, spaces and ``@ . _ - + '`` are fine (LMS logins and names); hidden names, ``..``,
    control or other characters, and very long names are not.

    >>> [learner_problem(n) for n in ["ada@uni.edu", "Ben Smith", "Zoë-Ŝ", "李雷"]]
    ['', '', '', '']
    >>> learner_problem(".."), learner_problem("a\x1b[31m"), learner_problem("x" * 65)
    ('a hidden name (starts with a dot)', 'contains the character U+001B', 'longer than 64 characters')
    """
    if not name or name != name.strip():
        return "begins or ends with a space"
    if name.startswith("."):
        return "a hidden name (starts with a dot)"
    if len(name) > MAX_LEARNER_ID:
        return f"longer than {MAX_LEARNER_ID} characters"
    for char in name:
        if not (char in LEARNER_PUNCTUATION or unicodedata.category(char)[0] in "LMN"):
            return f"contains the character U+{ord(char):04X}"
    if unicodedata.normalize("NFC", name) != name:
        return "not in Unicode normal form NFC (rename it; two spellings of one name would be two learners)"
    return ""


def learner_slug(learner: str) -> str:
    """A safe file-name stem for a learner id: the id itself when it is already plain lowercase ASCII, otherwise
    its ASCII letters and digits plus a short hash, so two ids never share a page (not even ``Ada`` and ``ada``).

    >>> learner_slug("ada"), learner_slug("ada_b-2")
    ('ada', 'ada_b-2')
    >>> learner_slug("ada@uni.edu"), learner_slug("Zoë Núñez"), learner_slug("李雷")
    ('ada-uni-edu-7f7aa1b7', 'zoe-nunez-b28daaf9', 'learner-3a47328a')
    >>> learner_slug("ada-uni-edu-7f7aa1b7") != "ada-uni-edu-7f7aa1b7"  # a plain id cannot take another's page
    True
    """
    plain = all(c.isascii() and (c.islower() or c.isdigit() or c in "_-") for c in learner)
    looks_hashed = re.search(r"-[0-9a-f]{8}$", learner)
    if learner and plain and learner[0].isalnum() and len(learner) <= MAX_LEARNER_ID and not looks_hashed:
        return learner
    folded = unicodedata.normalize("NFKD", learner).encode("ascii", "ignore").decode().lower()
    base = "-".join("".join(c if c.isalnum() else " " for c in folded).split())[:40] or "learner"
    return f"{base}-{hashlib.sha256(learner.encode()).hexdigest()[:8]}"


@dataclass
class Assembled:
    """The notebook to execute and what restoring it changed (notes for the instructor and the learner)."""

    nb: Any
    notes: list[str] = field(default_factory=list)


def assemble(template: Any, learner: Any) -> Assembled:
    """Rebuild ``learner`` on ``template`` (the released notebook): protected cells restored, answers kept."""
    import nbformat

    roles = {c["id"]: c.metadata.get("labkit", {}).get("role", "protected") for c in template.cells}
    notes: list[str] = []
    answers: dict[str, Any] = {}
    added: dict[str | None, list[Any]] = {}
    anchor: str | None = None
    seen_protected: list[str] = []
    edited = 0
    for cell in learner.cells:
        cid = cell.get("id")
        if cid in roles:
            anchor = cid
            if roles[cid] == "answer":
                if cid not in answers:
                    answers[cid] = cell
                continue
            seen_protected.append(cid)
            original = next(t for t in template.cells if t["id"] == cid)
            if checksum(str(cell.get("source", ""))) != checksum(original.source):
                edited += 1
            continue
        if cell.get("cell_type") in ("code", "markdown", "raw"):
            added.setdefault(anchor, []).append(cell)
    protected = [cid for cid, role in roles.items() if role == "protected"]
    missing = [cid for cid in protected if cid not in seen_protected]
    if edited:
        notes.append(f"{edited} edited protected cell(s) were restored from the release")
    if missing:
        notes.append(f"{len(missing)} deleted protected cell(s) were restored: {', '.join(missing[:5])}")
    order = [cid for cid in seen_protected if cid in protected]
    if order != [cid for cid in protected if cid in order]:
        notes.append("protected cells were moved; the released order was used")
    cells: list[Any] = []
    counter = 0

    def take(cell: Any, cid: str, source: str | None = None) -> Any:
        return new_cell(cell.get("cell_type", "code"), str(cell.get("source", "")) if source is None else source, cid)

    for cell in added.get(None, []):
        counter += 1
        cells.append(take(cell, f"learner-{counter}"))
    for t in template.cells:
        cid = t["id"]
        if roles[cid] == "answer":
            if cid in answers:
                cells.append(take(answers[cid], cid, answer_source(answers[cid])))
            else:
                notes.append(f"answer cell {cid} was deleted; only your own added cells define that answer")
        else:
            cells.append(take(t, cid))
        for cell in added.get(cid, []):
            counter += 1
            cells.append(take(cell, f"learner-{counter}"))
    nb = nbformat.from_dict({"nbformat": 4, "nbformat_minor": nbformat.v4.nbformat_minor,
                             "metadata": dict(template.metadata), "cells": []})
    nb.cells = cells
    return Assembled(nb=nb, notes=notes)


def new_cell(kind: str, source: str, cid: str) -> Any:
    """A fresh cell: ``code``, ``markdown``, any other kind ``raw``; valid by construction (every field is ours or a
    string), so, unlike nbformat's ``new_*_cell``, it is not checked against the schema again, cell by cell.

    >>> new_cell("code", "x = 1", "a")
    {'id': 'a', 'cell_type': 'code', 'metadata': {}, 'source': 'x = 1', 'execution_count': None, 'outputs': []}
    >>> new_cell("heading", "# Old", "b")["cell_type"]
    'raw'
    """
    from nbformat import NotebookNode

    kind = kind if kind in ("code", "markdown") else "raw"
    cell = NotebookNode(id=cid, cell_type=kind, metadata=NotebookNode(), source=source)
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def answer_source(cell: Any) -> str:
    """An answer cell's source with the quiz option the learner clicked (saved in the cell's outputs) written into its
    ``quiz(...)`` call; the source as written when it cannot be parsed, however it was made unparseable.

    >>> answer_source({"source": "-" * 200_000 + "1", "outputs": [{"data": {"application/vnd.labkit.quiz+json":
    ...     {"quiz": "q", "choice": "a"}}}]}) == "-" * 200_000 + "1"
    True
    """
    from labkit.assess.quiz import source_with_clicked_answer

    try:
        return source_with_clicked_answer(cell)
    except (RecursionError, MemoryError, ValueError):  # the parser's limits, reached by hostile nesting
        return str(cell.get("source", ""))


def find_notebook(learner_dir: Path, name: str) -> Path | None:
    """``learner_dir/<name>``, or the only ``.ipynb`` in the folder when the learner renamed it.

    Looks at names only (``lstat``, never following a link): a link or special file found here is returned so that
    reading it fails with a reason the learner sees, instead of the learner looking absent.
    """
    entries = {e.name: e for e in os.scandir(learner_dir) if not e.is_dir(follow_symlinks=False)}
    if name in entries:
        return learner_dir / name
    found = sorted(n for n in entries if n.endswith(".ipynb") and not n.startswith("."))
    return learner_dir / found[0] if len(found) == 1 else None


class Found(NamedTuple):
    """A learner in the submissions folder and their notebook (None when there is none to grade)."""

    learner: str
    notebook: Path | None


class Skipped(NamedTuple):
    """Something in the submissions folder that is not graded, and why (printed for the instructor)."""

    name: str
    reason: str


@dataclass
class Discovery:
    found: list[Found] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def discover(submissions: Path, notebook_name: str, assignment: str | None = None) -> Discovery:
    """Every learner in ``submissions`` in any of three layouts, and everything skipped with its reason.

    Layouts: ``SUBS/<learner>.ipynb`` (flat), ``SUBS/<learner>/<notebook>`` (per learner; a single renamed notebook
    is fine) and nbgrader's ``SUBS/<learner>/<assignment>/<notebook>``. A learner id may hold letters of any script,
    digits, spaces and ``@ . _ - + '`` (see :func:`~labkit.grading.submission.learner_problem`). Entries are looked
    at with ``lstat`` only: a symbolic link, to a notebook or to a folder, is skipped, never followed. A learner
    folder without a notebook is still found (graded as "no notebook submitted"), so nobody goes missing silently.
    """
    if not submissions.is_dir():
        raise InvalidInputError(f"{submissions} is not a folder; expected SUBMISSIONS/<learner>/{notebook_name} "
                                f"or SUBMISSIONS/<learner>.ipynb")
    result = Discovery()
    candidates: dict[str, list[os.DirEntry]] = {}
    for entry in sorted(os.scandir(submissions), key=lambda e: e.name):
        shown = printable_name(entry.name)
        if entry.is_symlink():
            result.skipped.append(Skipped(shown, "a symbolic link (never followed; submit the folder or file itself)"))
            continue
        if entry.is_dir(follow_symlinks=False):
            learner = entry.name
        elif entry.is_file(follow_symlinks=False) and entry.name.endswith(".ipynb"):
            learner = entry.name[:-len(".ipynb")]
        else:
            result.skipped.append(Skipped(shown, "neither a learner folder nor a notebook (.ipynb)"))
            continue
        problem = learner_problem(learner)
        if problem:
            result.skipped.append(Skipped(shown, f"not a usable learner id: {problem}"))
            continue
        candidates.setdefault(learner, []).append(entry)
    for learner, entries in candidates.items():
        if len(entries) > 1:
            result.skipped.append(Skipped(learner, f"both a folder {learner} and a file {learner}.ipynb; keep one"))
            continue
        (entry,) = entries
        if not entry.is_dir(follow_symlinks=False):
            result.found.append(Found(learner, Path(entry.path)))
            continue
        folder = Path(entry.path)
        notebook = find_notebook(folder, notebook_name)
        nested = folder / assignment if assignment else None
        if notebook is None and nested is not None and nested.is_symlink():
            result.skipped.append(Skipped(learner, f"{assignment} in the learner's folder is a symbolic link"))
            continue
        if notebook is None and nested is not None and nested.is_dir():
            notebook = find_notebook(nested, notebook_name)
        result.found.append(Found(learner, notebook))
    return result


def printable_name(name: str, limit: int = 80) -> str:
    """A file name as it may be printed: control and other unprintable characters escaped, length capped.

    >>> print(printable_name("evil" + chr(27) + "[2J" + "x" * 100)[:20])
    evil\\x1b[2Jxxxxxxxxx
    """
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}"
                   for c in name)[:limit]
