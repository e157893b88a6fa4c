"""Test-wide setup: every test runs offline, with labkit's state in a temporary folder, never in ~/.labkit."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Set before any labkit import so lessons (nbval kernels inherit the environment) and tests share the settings.
_STATE = Path(tempfile.mkdtemp(prefix="labkit-test-home-"))
os.environ["LABKIT_HOME"] = str(_STATE)
os.environ["LABKIT_MODEL"] = "offline"
os.environ.pop("LABKIT_LLM_CACHE", None)
os.environ["HF_HUB_OFFLINE"] = "1"
# Converted local-model weights are a content-checked cache (like pip's), not state: share one copy across sessions.
os.environ.setdefault("LABKIT_MODEL_CACHE", str(Path.home() / ".labkit" / "models"))
os.environ["TOKENIZERS_PARALLELISM"] = "false"

ROOT = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture
def labkit_home(tmp_path, monkeypatch) -> Path:
    """A fresh, empty LABKIT_HOME for one test."""
    home = tmp_path / "labkit-home"
    monkeypatch.setenv("LABKIT_HOME", str(home))
    return home
