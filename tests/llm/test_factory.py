"""Model specs: defaults, environment, providers through init_chat_model, and clear errors."""

from __future__ import annotations

import importlib.util

import pytest
from langchain_core.language_models.chat_models import BaseChatModel

from labkit.errors import ConfigurationError, MissingDependencyError
from labkit.llm import OfflineChatModel, available_models, get_model


def test_default_is_offline(monkeypatch):
    monkeypatch.delenv("LABKIT_MODEL", raising=False)
    model = get_model()
    assert isinstance(model, OfflineChatModel) and isinstance(model, BaseChatModel)


def test_environment_selects_the_model(monkeypatch):
    monkeypatch.setenv("LABKIT_MODEL", "scripted")
    assert get_model(replies=["x"]).invoke("hi").content == "x"


@pytest.mark.parametrize("spec", ["", "openai", "open ai:gpt", "foo:bar", "offline:big", "ollama:", 42])
def test_malformed_specs_explain_the_grammar(spec):
    with pytest.raises(ConfigurationError) as info:
        get_model(spec)
    assert "spec" in str(info.value)


@pytest.mark.skipif(importlib.util.find_spec("langchain_anthropic") is not None, reason="provider installed")
def test_missing_provider_names_the_extra():
    with pytest.raises(MissingDependencyError) as info:
        get_model("anthropic:claude-3-5-haiku-latest")
    assert info.value.extra == "anthropic" and "pip install 'labkit[anthropic]'" in str(info.value)


def test_models_listing_reports_installation():
    rows = {r["spec"]: r for r in available_models()}
    assert rows["offline"]["installed"] and "openai:<model>" in rows
