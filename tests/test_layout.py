"""The house rules that keep the project navigable, checked mechanically.

- Layering (DESIGN.md, declared once in :data:`labkit.levels.LEVELS`): a level imports only ``llm``, ``embed`` and
  lower levels; the models import only lower models; the platform (``assess``, ``grading``, ``progress``) imports no
  level module and no model; the top-level modules import no subpackage. A subpackage missing from the table fails.
- Every subpackage has the same lazy public face: ``__all__`` whose names all resolve, none shadowed by a submodule.
- Test files have unique names (pytest imports them by basename).
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from labkit.levels import LEVELS

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "labkit"
SUBPACKAGES = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
TOP_MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem not in {"__init__", "cli", "demo"})


def labkit_imports(package: str) -> set[str]:
    """Top-level labkit subpackages imported anywhere inside ``labkit/<package>`` (a folder or a ``.py`` module)."""
    found: set[str] = set()
    paths = (PACKAGE / package).rglob("*.py") if (PACKAGE / package).is_dir() else [PACKAGE / f"{package}.py"]
    for path in paths:
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
    return (found - {package}) & set(SUBPACKAGES)


def test_every_subpackage_is_declared_in_the_levels_table():
    assert sorted(LEVELS) == SUBPACKAGES, "add the new subpackage to labkit/levels.py: where it stands, what it uses"


@pytest.mark.parametrize("package", SUBPACKAGES)
def test_subpackages_import_only_what_their_level_allows(package):
    level = LEVELS[package]
    bad = labkit_imports(package) - level.may_import
    assert not bad, (f"labkit.{package} ({level.level}) imports {sorted(bad)}; it may use only "
                     f"{sorted(level.may_import) or 'no subpackage'} (labkit/levels.py)")


@pytest.mark.parametrize("module", TOP_MODULES)
def test_top_level_modules_import_no_subpackage(module):
    assert not labkit_imports(module), f"labkit/{module}.py is a foundation: it may not import a subpackage"


def test_the_levels_rule_fails_on_a_forbidden_import():
    """The check above can fail: rag importing agents (the rule DESIGN.md names) is reported."""
    assert "agents" not in LEVELS["rag"].may_import and "rag" in LEVELS["agents"].may_import
    assert not LEVELS["assess"].may_import & {"llm", "embed", "rag"}


@pytest.mark.parametrize("package", SUBPACKAGES)
def test_every_subpackage_has_the_same_lazy_public_face(package):
    module = importlib.import_module(f"labkit.{package}")
    assert module.__all__, f"labkit.{package} exports nothing: list its public names with labkit.lazy.lazy_face"
    for name in module.__all__:
        if importlib.util.find_spec(f"labkit.{package}.{name}") is not None:
            assert not isinstance(vars(module).get(name), type(sys)), f"{name} is shadowed by the submodule"
            assert name in vars(module), f"labkit.{package}.{name} is a submodule too: import it eagerly or rename it"
        assert getattr(module, name) is not None


def test_importing_every_subpackage_stays_light():
    heavy = ("torch", "faiss", "sentence_transformers", "langchain_core", "pandas", "matplotlib", "papermill")
    code = (f"import sys; import {', '.join(f'labkit.{p}' for p in SUBPACKAGES)}; "
            f"print([m for m in {heavy!r} if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_test_files_have_unique_names():
    names = Counter(p.name for p in (ROOT / "tests").rglob("test_*.py"))
    assert [n for n, c in names.items() if c > 1] == []
