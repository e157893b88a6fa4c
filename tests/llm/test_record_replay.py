"""Record then replay: the replayed run never calls the model and returns byte-identical replies."""

from __future__ import annotations

import pytest

from labkit.errors import CacheMissError, ConfigurationError
from labkit.llm import get_model
from labkit.llm.cache import RecordReplayChatModel
from labkit.llm.scripted import ScriptedChatModel


def test_record_then_replay_without_the_live_model(tmp_path, monkeypatch):
    path = tmp_path / "responses.sqlite"
    monkeypatch.setenv("LABKIT_LLM_CACHE", str(path))
    monkeypatch.setenv("LABKIT_LLM_CACHE_MODE", "record")
    recorded = get_model("offline", semantic=False)
    first = recorded.invoke("What is 12 * 12?")
    assert first.content.endswith("Answer: 144")

    monkeypatch.setenv("LABKIT_LLM_CACHE_MODE", "replay")
    replay = get_model("offline", semantic=False)
    # Disable the live model: any call to it would now fail loudly.
    object.__setattr__(replay, "inner", ScriptedChatModel(replies=[]))
    again = replay.invoke("What is 12 * 12?")
    assert again.content == first.content and again.usage_metadata == first.usage_metadata


def test_replay_miss_names_the_prompt_hash(tmp_path):
    model = RecordReplayChatModel(inner=ScriptedChatModel(replies=[]), spec="scripted", path=str(tmp_path / "c.db"))
    with pytest.raises(CacheMissError) as info:
        model.invoke("never recorded")
    assert info.value.prompt_hash in str(info.value) and "record" in str(info.value)


def test_key_includes_spec_parameters_and_tools(tmp_path):
    path = str(tmp_path / "c.db")
    live = ScriptedChatModel(replies=["a", "b", "c"])
    model = RecordReplayChatModel(inner=live, spec="scripted", path=path, mode="record")
    assert model.invoke("same prompt").content == "a"
    assert model.invoke("same prompt").content == "a"  # served from the store
    other_spec = RecordReplayChatModel(inner=live, spec="scripted-2", path=path, mode="record")
    assert other_spec.invoke("same prompt").content == "b"
    assert model.invoke("same prompt", stop=["x"]).content == "c"
    assert len(live.calls) == 3


def test_bad_mode_is_a_configuration_error(tmp_path):
    with pytest.raises(ConfigurationError, match="record"):
        RecordReplayChatModel(inner=ScriptedChatModel(replies=[]), spec="s", path=str(tmp_path / "c.db"), mode="both")
