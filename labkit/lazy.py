"""Lazy package faces: ``from labkit.rag import DenseIndex`` works, but ``import labkit.rag`` imports nothing heavy.

Every subpackage shows the same face: its ``__init__`` lists which module holds each public name, and
:func:`lazy_face` turns that list into ``__all__`` and a module ``__getattr__`` (PEP 562) that imports the module the
first time one of its names is used. This keeps ``import labkit`` and ``import labkit.<level>`` fast while the public
API stays one import away::

    __all__, __getattr__ = lazy_face(__name__, {
        "plan": ("Plan", "Step"),          # labkit.agents.plan holds Plan and Step
        "agent": ("Agent", "AgentRun"),
    })

A public name must not also be the name of a submodule of the package: once that submodule is imported the
package attribute is the module, and ``__getattr__`` is never asked (``tests/test_layout.py`` checks this).

>>> names, getattr_ = lazy_face("os", {"path": ("join",)})
>>> names, getattr_("join")("a", "b")
(['join'], 'a/b')
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any


def lazy_exports(package: str, exports: dict[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that imports ``exports[name]`` (a full module name) on first use of ``name``."""

    def __getattr__(name: str) -> Any:
        if name in exports:
            return getattr(importlib.import_module(exports[name]), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__


def lazy_face(package: str, modules: Mapping[str, Sequence[str]]) -> tuple[list[str], Callable[[str], Any]]:
    """``__all__`` and ``__getattr__`` for ``package`` from ``{submodule: (public names it holds)}``."""
    exports = {name: f"{package}.{module}" for module, names in modules.items() for name in names}
    return sorted(exports), lazy_exports(package, exports)
