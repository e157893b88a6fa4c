"""``labkit demo``: the main job on the embedded default model.

It executes the getting-started lesson with papermill on the offline model (so it needs no key and no network) and
prints where the executed notebook is. The grading platform extends it to a whole sample cohort.
"""

from __future__ import annotations

import os
from pathlib import Path

from labkit.errors import LabkitError

LESSON = "00_getting_started.ipynb"


def execute_notebook(source: Path, target: Path, cwd: Path, timeout: int = 600) -> Path:
    """Execute ``source`` with papermill into ``target`` (kernel started in ``cwd``, offline model forced)."""
    import papermill

    target.parent.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("LABKIT_MODEL", "offline")
    try:
        papermill.execute_notebook(
            str(source), str(target), cwd=str(cwd), kernel_name="python3", progress_bar=False,
            execution_timeout=timeout, log_output=False,
        )
    except papermill.PapermillExecutionError as exc:
        raise LabkitError(
            f"{source.name} failed in cell {exc.cell_index} ({exc.ename}: {exc.evalue}). "
            f"The partly executed notebook is at {target}."
        ) from None
    return target


def run_demo(out: Path | None = None) -> int:
    from labkit.cli import repo_root

    root = repo_root()
    out = (out or Path.cwd() / "demo-output").resolve()
    source = root / "notebooks" / LESSON
    if not source.exists():
        raise LabkitError(f"{source} is missing; is this a complete clone of the repository?")
    executed = execute_notebook(source, out / LESSON, cwd=root / "notebooks")
    print(f"Executed the getting-started lesson on the offline model: {executed}")
    return 0
