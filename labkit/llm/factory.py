"""One factory for every model: ``get_model(spec)`` returns a LangChain chat model.

Lessons, labs and labkit itself call models only through here, so no model name is hard-coded anywhere and a
whole course switches provider by setting one variable. Spec grammar:

| spec | model |
| --- | --- |
| ``offline`` (default) | the embedded :class:`~labkit.llm.offline.OfflineChatModel` |
| ``scripted`` | a :class:`~labkit.llm.scripted.ScriptedChatModel`; pass ``replies=[...]`` |
| ``openai:gpt-4o-mini``, ``anthropic:claude-...``, ``ollama:llama3.2`` | LangChain ``init_chat_model`` |
| ``openai:<model>`` with ``base_url=...`` | any OpenAI-compatible server (vLLM, LM Studio, llama.cpp) |
| ``local:gemma-3-270m`` | a real small model on the CPU, no network (:mod:`labkit.llm.local`; extra ``local``) |

The spec comes from the argument, else ``LABKIT_MODEL``, else ``offline``. When ``LABKIT_LLM_CACHE`` is set the
model is wrapped for record/replay (:mod:`labkit.llm.cache`).

Keys: a provider that needs one reads it from its variable (``OPENAI_API_KEY``, ``ANTHROPIC_API_KEY``) or an
``api_key=`` option; a missing key is a :class:`~labkit.errors.ConfigurationError` naming the variable, before any
call. Two cases need no key: an OpenAI-compatible server of your own (``base_url=...`` or ``OPENAI_BASE_URL``; vLLM,
LM Studio, llama.cpp and Ollama's ``/v1`` ignore the key, so a placeholder is sent), and *replay* of a recorded run
(``LABKIT_LLM_CACHE_MODE=replay`` never calls the model).
"""

from __future__ import annotations

import importlib.util
import os
import re
from dataclasses import dataclass
from typing import Any

from labkit.errors import ConfigurationError, MissingDependencyError


@dataclass(frozen=True)
class Provider:
    """A provider reachable through ``init_chat_model``: the package it needs and the labkit extra that brings it."""

    name: str
    package: str
    module: str
    extra: str
    key_variable: str | None


PROVIDERS = {
    p.name: p
    for p in (
        Provider("openai", "langchain-openai", "langchain_openai", "openai", "OPENAI_API_KEY"),
        Provider("anthropic", "langchain-anthropic", "langchain_anthropic", "anthropic", "ANTHROPIC_API_KEY"),
        Provider("ollama", "langchain-ollama", "langchain_ollama", "ollama", None),
    )
}
BUILTIN = ("offline", "scripted")
LOCAL = "local"  # models listed in labkit.llm.local.catalogue, run in-process
_SPEC = re.compile(r"^(?P<provider>[a-z][a-z0-9_-]*)(?::(?P<model>[\w.:/@-]+))?$")


def parse_spec(spec: str) -> tuple[str, str | None]:
    """``"openai:gpt-4o-mini"`` -> ``("openai", "gpt-4o-mini")``; raises a clear error on anything malformed.

    >>> parse_spec("offline")
    ('offline', None)
    >>> parse_spec("ollama:llama3.2")
    ('ollama', 'llama3.2')
    """
    if not isinstance(spec, str) or not spec.strip():
        raise ConfigurationError(f"A model spec must be a non-empty string such as 'offline' or 'openai:gpt-4o-mini', got {spec!r}.")
    m = _SPEC.match(spec.strip())
    if not m:
        raise ConfigurationError(
            f"Malformed model spec {spec!r}. Use 'offline', 'scripted' or 'provider:model' "
            f"(providers: {', '.join(PROVIDERS)}), e.g. 'openai:gpt-4o-mini'."
        )
    provider, model = m.group("provider"), m.group("model")
    if provider not in BUILTIN and provider not in PROVIDERS and provider != LOCAL:
        raise ConfigurationError(
            f"Unknown model provider {provider!r} in spec {spec!r}. Known: {', '.join((*BUILTIN, *PROVIDERS, LOCAL))}."
        )
    if provider == LOCAL:
        from labkit.llm.local.catalogue import LOCAL_MODELS

        if model not in LOCAL_MODELS:
            raise ConfigurationError(
                f"The spec {spec!r} names no bundled local model. Known: {', '.join(f'local:{m}' for m in LOCAL_MODELS)}."
            )
    if provider in PROVIDERS and not model:
        raise ConfigurationError(f"The spec {spec!r} names no model: write '{provider}:<model name>'.")
    if provider in BUILTIN and model:
        raise ConfigurationError(f"The spec {spec!r} gives a model name, but {provider!r} takes none; use just '{provider}'.")
    return provider, model


def provider_installed(name: str) -> bool:
    """Whether the LangChain integration package for a provider is importable."""
    return importlib.util.find_spec(PROVIDERS[name].module) is not None


LOCAL_KEY = "not-needed"
"""What is sent as the API key to a server that does not check it (a local server, or a replay that never calls)."""


def missing_key(provider: str, options: dict[str, Any] | None = None) -> str | None:
    """The environment variable a provider needs but lacks, or ``None`` when it can be called as configured.

    >>> missing_key("ollama"), missing_key("openai", {"api_key": "sk-test"})
    (None, None)
    >>> missing_key("openai", {"base_url": "http://127.0.0.1:8000/v1"})  # a local server needs no key
    """
    options = options or {}
    variable = PROVIDERS[provider].key_variable if provider in PROVIDERS else None
    if variable is None or options.get("api_key") or os.environ.get(variable):
        return None
    if provider == "openai" and (options.get("base_url") or os.environ.get("OPENAI_BASE_URL")):
        return None
    return variable


def replaying() -> bool:
    """Whether models are wrapped for replay (so the real one is never called and needs no key)."""
    return bool(os.environ.get("LABKIT_LLM_CACHE")) and os.environ.get("LABKIT_LLM_CACHE_MODE", "replay") == "replay"


def _build(provider: str, model: str | None, options: dict[str, Any]) -> Any:
    from pydantic import ValidationError

    if provider == "offline":
        from labkit.llm.offline import OfflineChatModel

        cls: Any = OfflineChatModel
    elif provider == "scripted":
        from labkit.llm.scripted import ScriptedChatModel

        cls = ScriptedChatModel
    elif provider == LOCAL:
        from labkit.llm.local.catalogue import LOCAL_MODELS
        from labkit.llm.local.runtime import require

        require(LOCAL_MODELS[model])
        from labkit.llm.local.chat import LocalChatModel

        cls, options = LocalChatModel, {"model": model, **options}
    else:
        info = PROVIDERS[provider]
        if not provider_installed(provider):
            raise MissingDependencyError(info.package, info.extra, f"the {provider!r} model provider")
        variable = missing_key(provider, options)
        if variable and not replaying():
            local = ", or OPENAI_BASE_URL (base_url=...) for a local OpenAI-compatible server" if provider == "openai" else ""
            raise ConfigurationError(f"{variable} is not set, and {provider}:{model} needs it: export {variable}=..."
                                     f"{local}; or replay a recorded run with LABKIT_LLM_CACHE (no key needed).")
        if info.key_variable and not options.get("api_key") and not os.environ.get(info.key_variable):
            options = {**options, "api_key": LOCAL_KEY}  # a local server or a replay: nothing checks the key
        from langchain.chat_models import init_chat_model

        return init_chat_model(model, model_provider=provider, **options)
    try:
        return cls(**options)
    except ValidationError as exc:
        from langchain_core.language_models.chat_models import BaseChatModel

        allowed = sorted(set(cls.model_fields) - set(BaseChatModel.model_fields))
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigurationError(f"Bad option for the {provider!r} model ({problems}). Accepted options: {allowed}.") from None


def get_model(spec: str | None = None, **options: Any) -> Any:
    """A LangChain ``BaseChatModel`` for ``spec`` (argument, else ``LABKIT_MODEL``, else ``offline``).

    ``options`` go to the model (``temperature``, ``seed``, ``max_tokens``, ``base_url``, ...). With
    ``LABKIT_LLM_CACHE`` set, the model is wrapped for record/replay.
    """
    spec = spec if spec is not None else os.environ.get("LABKIT_MODEL", "offline")
    provider, model = parse_spec(spec)
    chat_model = _build(provider, model, options)
    cache_path = os.environ.get("LABKIT_LLM_CACHE")
    if cache_path:
        from labkit.llm.cache import RecordReplayChatModel

        mode = os.environ.get("LABKIT_LLM_CACHE_MODE", "replay")
        return RecordReplayChatModel(inner=chat_model, spec=spec.strip(), path=cache_path, mode=mode)
    return chat_model


def available_models() -> list[dict[str, Any]]:
    """What specs can be used here: built-ins always, providers when their package is installed."""
    rows: list[dict[str, Any]] = [
        {"spec": "offline", "installed": True, "extra": None, "note": "embedded default: deterministic, no key"},
        {"spec": "scripted", "installed": True, "extra": None, "note": "queued replies and injected faults, for tests"},
    ]
    for p in PROVIDERS.values():
        key_note = ""
        if p.key_variable:
            key_note = f"; {p.key_variable} {'set' if os.environ.get(p.key_variable) else 'not set'}"
        rows.append({"spec": f"{p.name}:<model>", "installed": provider_installed(p.name), "extra": p.extra,
                     "note": f"pip install 'labkit[{p.extra}]'{key_note}"})
    from labkit.llm.local.catalogue import EXTRA, LOCAL_MODELS, missing_package

    for m in LOCAL_MODELS.values():
        licence = m.licence_path()
        rows.append({"spec": m.spec, "installed": missing_package(m) is None, "extra": EXTRA,
                     "size": f"{m.parameters} parameters, {m.download_mb} MB", "licence": m.licence,
                     "licence_file": str(licence) if licence else None,
                     "note": f"{m.kind}; {m.parameters}, {m.download_mb} MB; licence: {m.licence}"
                             + (f" ({licence})" if licence else f"; pip install 'labkit[{EXTRA}]'")})
    return rows
