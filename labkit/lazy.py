"""Lazy package exports: ``from labkit.rag import DenseIndex`` works, but ``import labkit.rag`` imports nothing heavy.

A subpackage lists its public names and the module each lives in; the module is imported the first time the name
is used (PEP 562 module ``__getattr__``). This keeps ``import labkit`` and ``import labkit.<level>`` fast while the
public API stays one import away.

>>> getattr_ = lazy_exports("demo", {"sqrt": "math"})
>>> getattr_("sqrt")(9.0)
3.0
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_exports(package: str, exports: dict[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that imports ``exports[name]`` on first use of ``name``."""

    def __getattr__(name: str) -> Any:
        if name in exports:
            return getattr(importlib.import_module(exports[name]), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
