"""Helpers for grading tests: build learner submissions from the released lab by replacing answer cells."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
ASSESSMENT = ROOT / "assessments" / "sample_basics"

HONEST = {
    "slugify-answer": 'import re\n\ndef slugify(title):\n    return "-".join(re.findall(r"[a-z0-9]+", title.lower()))',
    "word-counts-answer": 'import re\n\ndef word_counts(text):\n    out = {}\n    for w in re.findall(r"[a-z]+", text.lower()):\n'
                          '        out[w] = out.get(w, 0) + 1\n    return out',
    "moving-average-answer": "def moving_average(xs, k):\n    return [sum(xs[i:i + k]) / k for i in range(len(xs) - k + 1)]",
    "quiz-mutable": 'quiz("q_mutable", "list")',
    "quiz-lookup": 'quiz("q_lookup", "O(1)")',
}
FULL_MARKS = 12.0


def lab_notebook():
    return nbformat.read(str(ROOT / "labs" / "sample_basics.ipynb"), as_version=4)


def make_submission(folder: Path, learner: str, answers: dict[str, str], extra: dict[str, list[str]] | None = None,
                    drop: tuple[str, ...] = (), raw: bytes | None = None) -> Path:
    """Write ``folder/<learner>/sample_basics.ipynb``: the lab with ``answers`` put into answer cells (by id)."""
    path = folder / learner / "sample_basics.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    if raw is not None:
        path.write_bytes(raw)
        return path
    nb = copy.deepcopy(lab_notebook())
    cells = []
    for cell in nb.cells:
        if cell["id"] in drop:
            continue
        if cell["id"] in answers:
            cell.source = answers[cell["id"]]
        cells.append(cell)
        for i, src in enumerate((extra or {}).get(cell["id"], [])):
            new = nbformat.v4.new_code_cell(src)
            new["id"] = f"own-{cell['id']}-{i}"
            cells.append(new)
    nb.cells = cells
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path
