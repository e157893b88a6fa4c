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
from labkit.registry import Registry


def _construct(name: str, cls: Any, options: dict[str, Any]) -> Any:
    """``cls(**options)`` for a labkit chat model; a bad option is a configuration error listing the accepted ones."""
    from pydantic import ValidationError

    try:
        return cls(**options)
    except ValidationError as exc:
        from langchain_core.language_models.chat_models import BaseChatModel

        allowed = sorted(set(cls.model_fields) - set(BaseChatModel.model_fields))
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigurationError(f"Bad option for the {name!r} model ({problems}). Accepted options: {allowed}.") from None


@dataclass(frozen=True)
class Builtin:
    """A chat model class shipped with labkit (``target`` is ``"module:Class"``, imported on first build)."""

    name: str
    target: str
    note: str
    key_variable = None

    def validate(self, spec: str, model: str | None) -> None:
        if model:
            raise ConfigurationError(f"The spec {spec!r} gives a model name, but {self.name!r} takes none; "
                                     f"use just '{self.name}'.")

    def build(self, model: str | None, options: dict[str, Any]) -> Any:
        module, _, cls = self.target.partition(":")
        return _construct(self.name, getattr(importlib.import_module(module), cls), options)

    def rows(self) -> list[dict[str, Any]]:
        return [{"spec": self.name, "installed": True, "extra": None, "note": self.note}]


@dataclass(frozen=True)
class Provider:
    """A provider reachable through ``init_chat_model``: the package it needs and the labkit extra that brings it."""

    name: str
    package: str
    module: str
    extra: str
    key_variable: str | None

    def validate(self, spec: str, model: str | None) -> None:
        if not model:
            raise ConfigurationError(f"The spec {spec!r} names no model: write '{self.name}:<model name>'.")

    def build(self, model: str | None, options: dict[str, Any]) -> Any:
        if not provider_installed(self.name):
            raise MissingDependencyError(self.package, self.extra, f"the {self.name!r} model provider")
        variable = missing_key(self.name, options)
        if variable and not replaying():
            local = (", or OPENAI_BASE_URL (base_url=...) for a local OpenAI-compatible server"
                     if self.name == "openai" else "")
            raise ConfigurationError(f"{variable} is not set, and {self.name}:{model} needs it: export {variable}=..."
                                     f"{local}; or replay a recorded run with LABKIT_LLM_CACHE (no key needed).")
        if self.key_variable and not options.get("api_key") and not os.environ.get(self.key_variable):
            options = {**options, "api_key": LOCAL_KEY}  # a local server or a replay: nothing checks the key
        from langchain.chat_models import init_chat_model

        return init_chat_model(model, model_provider=self.name, **options)

    def rows(self) -> list[dict[str, Any]]:
        key_note = ""
        if self.key_variable:
            key_note = f"; {self.key_variable} {'set' if os.environ.get(self.key_variable) else 'not set'}"
        return [{"spec": f"{self.name}:<model>", "installed": provider_installed(self.name), "extra": self.extra,
                 "note": f"pip install 'labkit[{self.extra}]'{key_note}"}]


@dataclass(frozen=True)
class LocalModels:
    """The small models listed in :mod:`labkit.llm.local.catalogue`, run in process (``local:<name>``)."""

    name: str = "local"
    key_variable = None

    def validate(self, spec: str, model: str | None) -> None:
        from labkit.llm.local.catalogue import LOCAL_MODELS

        if model not in LOCAL_MODELS:
            raise ConfigurationError(
                f"The spec {spec!r} names no bundled local model. Known: {', '.join(f'local:{m}' for m in LOCAL_MODELS)}."
            )

    def build(self, model: str | None, options: dict[str, Any]) -> Any:
        from labkit.llm.local.catalogue import LOCAL_MODELS
        from labkit.llm.local.runtime import require

        require(LOCAL_MODELS[model])
        from labkit.llm.local.chat import LocalChatModel

        return _construct(self.name, LocalChatModel, {"model": model, **options})

    def rows(self) -> list[dict[str, Any]]:
        from labkit.llm.local.catalogue import EXTRA, LOCAL_MODELS, missing_package

        rows = []
        for m in LOCAL_MODELS.values():
            licence = m.licence_path()
            rows.append({"spec": m.spec, "installed": missing_package(m) is None, "extra": EXTRA,
                         "size": f"{m.parameters} parameters, {m.download_mb} MB", "licence": m.licence,
                         "licence_file": str(licence) if licence else None,
                         "note": f"{m.kind}; {m.parameters}, {m.download_mb} MB; licence: {m.licence}"
                                 + (f" ({licence})" if licence else f"; pip install 'labkit[{EXTRA}]'")})
        return rows


PROVIDERS: Registry[Builtin | Provider | LocalModels] = Registry(
    "model provider", entry_points="labkit.models")
"""Every spec prefix: built-in models and providers alike (an entry has ``validate``, ``build``, ``rows`` and
``key_variable``); installed packages add theirs through the ``labkit.models`` entry-point group."""
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
        hosted = [n for n, p in PROVIDERS.items() if isinstance(p, Provider)]
        raise ConfigurationError(
            f"Malformed model spec {spec!r}. Use 'offline', 'scripted' or 'provider:model' "
            f"(providers: {', '.join(hosted)}), e.g. 'openai:gpt-4o-mini'."
        )
    provider, model = m.group("provider"), m.group("model")
    if provider not in PROVIDERS:
        raise ConfigurationError(
            f"Unknown model provider {provider!r} in spec {spec!r}. Known: {', '.join(PROVIDERS.names())}."
        )
    PROVIDERS.get(provider).validate(spec, model)
    return provider, model


def provider_installed(name: str) -> bool:
    """Whether the LangChain integration package for a provider is importable."""
    return importlib.util.find_spec(PROVIDERS.get(name).module) is not None


LOCAL_KEY = "not-needed"
"""What is sent as the API key to a server that does not check it (a local server, or a replay that never calls)."""


def missing_key(provider: str, options: dict[str, Any] | None = None) -> str | None:
    """The environment variable a provider needs but lacks, or ``None`` when it can be called as configured.

    >>> missing_key("ollama"), missing_key("openai", {"api_key": "sk-test"})
    (None, None)
    >>> missing_key("openai", {"base_url": "http://127.0.0.1:8000/v1"})  # a local server needs no key
    """
    options = options or {}
    variable = PROVIDERS.get(provider).key_variable
    if variable is None or options.get("api_key") or os.environ.get(variable):
        return None
    if provider == "openai" and (options.get("base_url") or os.environ.get("OPENAI_BASE_URL")):
        return None
    return variable


def replaying() -> bool:
    """Whether models are wrapped for replay (so the real one is never called and needs no key)."""
    return bool(os.environ.get("LABKIT_LLM_CACHE")) and os.environ.get("LABKIT_LLM_CACHE_MODE", "replay") == "replay"


def get_model(spec: str | None = None, **options: Any) -> Any:
    """A LangChain ``BaseChatModel`` for ``spec`` (argument, else ``LABKIT_MODEL``, else ``offline``).

    ``options`` go to the model (``temperature``, ``seed``, ``max_tokens``, ``base_url``, ...). With
    ``LABKIT_LLM_CACHE`` set, the model is wrapped for record/replay.
    """
    spec = spec if spec is not None else os.environ.get("LABKIT_MODEL", "offline")
    provider, model = parse_spec(spec)
    chat_model = PROVIDERS.get(provider).build(model, options)
    cache_path = os.environ.get("LABKIT_LLM_CACHE")
    if cache_path:
        from labkit.llm.cache import RecordReplayChatModel

        mode = os.environ.get("LABKIT_LLM_CACHE_MODE", "replay")
        return RecordReplayChatModel(inner=chat_model, spec=spec.strip(), path=cache_path, mode=mode)
    return chat_model


def resolve_model(model: Any = None) -> Any:
    """The model a component was given, else the configured default (:func:`get_model`): the one place that
    decides what "no model passed" means.

    >>> resolve_model("a model object")
    'a model object'
    """
    return model if model is not None else get_model()


def available_models() -> list[dict[str, Any]]:
    """What specs can be used here: built-ins always, providers when their package is installed."""
    return [row for source in PROVIDERS.values() for row in source.rows()]


for _source in (
    Builtin("offline", "labkit.llm.offline:OfflineChatModel", "embedded default: deterministic, no key"),
    Builtin("scripted", "labkit.llm.scripted:ScriptedChatModel", "queued replies and injected faults, for tests"),
    Provider("openai", "langchain-openai", "langchain_openai", "openai", "OPENAI_API_KEY"),
    Provider("anthropic", "langchain-anthropic", "langchain_anthropic", "anthropic", "ANTHROPIC_API_KEY"),
    Provider("ollama", "langchain-ollama", "langchain_ollama", "ollama", None),
    LocalModels(),
):
    PROVIDERS.register(_source.name, _source)
