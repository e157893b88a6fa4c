"""Reading a submission: validate it, then rebuild it on the released notebook with every protected cell restored.

The one idea: the grader never trusts the *structure* of a submitted notebook, only the learner's answers. The
notebook to execute is rebuilt in the order of the released notebook: protected cells (instructions, setup, checks)
come from the release, whatever the learner did to them (edited, deleted, moved); answer cells come from the
learner, matched by cell id; cells the learner added are kept right after the released cell they followed. So a
learner cannot remove a check, reorder the setup after their answer, or inject a cell posing as the grader's.

Validation happens first: a size cap, JSON, nbformat's schema, a cell-count cap. A submission that fails any of
them is recorded as failed with the reason; nothing of it is executed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labkit.assess.release import checksum
from labkit.errors import InvalidInputError

MAX_CELLS = 1000


class SubmissionRejected(InvalidInputError):
    """A submission that cannot be graded at all (too large, not a notebook); ``reason`` says why."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def file_hash(data: bytes) -> str:
    """The submission hash: sha256 of the file's bytes, shortened.

    >>> file_hash(b"{}")
    '44136fa355b3678a'
    """
    return hashlib.sha256(data).hexdigest()[:16]


def read_submission(path: Path, max_mb: float) -> tuple[Any, bytes]:
    """Parse and validate the notebook at ``path``; raise :class:`SubmissionRejected` with the reason."""
    import nbformat

    size = path.stat().st_size
    if size > max_mb * 2**20:
        raise SubmissionRejected(f"the notebook is {size / 2**20:.1f} MB; the limit is {max_mb:g} MB")
    data = path.read_bytes()
    try:
        nb = nbformat.reads(data.decode("utf-8"), as_version=4)
        nbformat.validate(nb)
    except UnicodeDecodeError:
        raise SubmissionRejected("the notebook is not UTF-8 text") from None
    except Exception as exc:  # json errors, nbformat.ValidationError, NotJSONError...
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SubmissionRejected(f"not a valid notebook: {text[:200]}") from None
    if len(nb.cells) > MAX_CELLS:
        raise SubmissionRejected(f"the notebook has {len(nb.cells)} cells; the limit is {MAX_CELLS}")
    return nb, data


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

    def take(cell: Any, cid: str) -> Any:
        kind = cell.get("cell_type", "code")
        make = {"code": nbformat.v4.new_code_cell, "markdown": nbformat.v4.new_markdown_cell}.get(
            kind, nbformat.v4.new_raw_cell)
        new = make(str(cell.get("source", "")))
        new["id"] = cid
        return new

    for cell in added.get(None, []):
        counter += 1
        cells.append(take(cell, f"learner-{counter}"))
    for t in template.cells:
        cid = t["id"]
        if roles[cid] == "answer":
            if cid in answers:
                cells.append(take(answers[cid], cid))
            else:
                notes.append(f"answer cell {cid} was deleted; only your own added cells define that answer")
        else:
            cells.append(take(t, cid))
        for cell in added.get(cid, []):
            counter += 1
            cells.append(take(cell, f"learner-{counter}"))
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = dict(template.metadata)
    return Assembled(nb=nb, notes=notes)


def find_notebook(learner_dir: Path, name: str) -> Path | None:
    """``learner_dir/<name>``, or the only ``.ipynb`` in the folder when the learner renamed it."""
    exact = learner_dir / name
    if exact.is_file():
        return exact
    found = sorted(p for p in learner_dir.glob("*.ipynb") if p.is_file())
    return found[0] if len(found) == 1 else None
