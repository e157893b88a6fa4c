"""Fixtures for grading tests (helpers live in grading_helpers.py, importable by name)."""

from __future__ import annotations

import pytest


@pytest.fixture
def fast_policy():
    from labkit.grading.sandbox import SandboxPolicy

    return SandboxPolicy(cell_timeout=4, case_timeout=1, notebook_timeout=40, memory_mb=1024, max_output_kb=256,
                         max_notebook_mb=1, cpu_seconds=60)
