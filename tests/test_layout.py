"""The house rules that keep the project navigable, checked mechanically.

- Layering (DESIGN.md): a level imports only ``llm``, ``embed`` and lower levels; the platform (``assess``,
  ``grading``, ``progress``) imports no level module.
- Test files have unique names (pytest imports them by basename).
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "labkit"
LEVELS = ["prompting", "reasoning", "context", "tools", "rag", "agents", "multiagent", "production", "small", "domains"]
PLATFORM = ["assess", "grading", "progress"]


def labkit_imports(package: str) -> set[str]:
    """Top-level labkit subpackages imported anywhere inside ``labkit/<package>``."""
    found: set[str] = set()
    for path in (PACKAGE / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                parts = name.split(".")
                if parts[0] == "labkit" and len(parts) > 1:
                    found.add(parts[1])
    return found - {package}


@pytest.mark.parametrize("level", [p for p in LEVELS if (PACKAGE / p).is_dir()])
def test_levels_import_only_lower_levels(level):
    allowed_levels = set(LEVELS[: LEVELS.index(level)])
    bad = {m for m in labkit_imports(level) if (m in LEVELS and m not in allowed_levels) or m in PLATFORM}
    assert not bad, f"labkit.{level} imports {sorted(bad)}: a level may use only lower levels, llm and embed"


@pytest.mark.parametrize("platform", [p for p in PLATFORM if (PACKAGE / p).is_dir()])
def test_platform_imports_no_level(platform):
    bad = labkit_imports(platform) & set(LEVELS)
    assert not bad, f"labkit.{platform} imports level modules {sorted(bad)}"


def test_test_files_have_unique_names():
    names = Counter(p.name for p in (ROOT / "tests").rglob("test_*.py"))
    assert [n for n, c in names.items() if c > 1] == []
