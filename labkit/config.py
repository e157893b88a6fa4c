"""Where labkit keeps its state, read from the environment, and where the course folder is (:func:`repo_root`).

``LABKIT_HOME`` (default ``~/.labkit``) holds the learner's progress store and the embedding cache. Every
environment variable labkit reads is listed here, so there is one place to look:

| variable | meaning | default |
| --- | --- | --- |
| ``LABKIT_HOME`` | folder for local state | ``~/.labkit`` |
| ``LABKIT_MODEL`` | model spec used by ``get_model()`` | ``offline`` |
| ``LABKIT_LLM_CACHE`` | SQLite file for record/replay of model responses | unset (no cache) |
| ``LABKIT_LLM_CACHE_MODE`` | ``record`` or ``replay`` | ``replay`` |
| ``LABKIT_EMBED_CACHE`` | SQLite file for embedding vectors; ``off`` disables | ``$LABKIT_HOME/embeddings.sqlite`` |
"""

from __future__ import annotations

import os
from pathlib import Path

from labkit.errors import LabkitError


def labkit_home() -> Path:
    """The state folder, created on first use."""
    home = Path(os.environ.get("LABKIT_HOME") or Path.home() / ".labkit").expanduser()
    home.mkdir(parents=True, exist_ok=True)
    return home


def repo_root() -> Path:
    """The course folder (the one holding ``notebooks/``): the current directory or the package's checkout."""
    for candidate in (Path.cwd(), *Path.cwd().parents, Path(__file__).resolve().parent.parent):
        if (candidate / "notebooks").is_dir() and (candidate / "labkit").is_dir():
            return candidate
    raise LabkitError("Cannot find the course folder (with notebooks/): run labkit from a clone of the repository.")
