"""The one registry shape: register, get with an error naming the known entries, lazy providers and entry points."""

from __future__ import annotations

import importlib.metadata
import json
import sys
import types

import pytest

from labkit.errors import InvalidInputError, LabkitError, UnknownNameError
from labkit.registry import Registry


def test_register_get_and_the_mapping_view():
    reg: Registry[int] = Registry("widget")
    assert reg.register("a", 1) == 1 and reg.register("b", 2) == 2
    assert reg.get("b") == 2 and reg["a"] == 1
    assert list(reg) == ["a", "b"] == reg.names() and len(reg) == 2
    assert "a" in reg and "z" not in reg and 3 not in reg
    assert reg.items() == [("a", 1), ("b", 2)] and reg.values() == [1, 2]


def test_unknown_name_is_a_labkit_error_listing_the_known_names():
    reg = Registry("chunker")
    reg.register("fixed", object)
    reg.register("sentence", object)
    with pytest.raises(UnknownNameError) as info:
        reg.get("fixd")
    assert isinstance(info.value, (LabkitError, ValueError))
    assert str(info.value) == "Unknown chunker 'fixd'. Known chunkers: fixed, sentence."
    assert (info.value.kind, info.value.name, info.value.known) == ("chunker", "fixd", ["fixed", "sentence"])
    empty = Registry("cache backend", plural="backends")
    with pytest.raises(UnknownNameError, match=r"Known backends: \(none registered\)"):
        empty.get("x")


def test_a_kind_can_raise_its_own_error():
    class NoSuchThing(LabkitError):
        pass

    reg = Registry("thing", error=lambda name, known: NoSuchThing(f"{name} not in {known}"))
    reg.register("one", 1)
    with pytest.raises(NoSuchThing, match=r"two not in \['one'\]"):
        reg.get("two")


def test_duplicates_are_refused_unless_replaced_and_entries_can_be_removed():
    reg = Registry("role")
    reg.register("editor", "v1")
    with pytest.raises(InvalidInputError, match="already registered"):
        reg.register("editor", "v2")
    reg.register("editor", "v2", replace=True)
    assert reg.get("editor") == "v2"
    assert reg.remove("editor") == "v2" and "editor" not in reg
    with pytest.raises(UnknownNameError):
        reg.remove("editor")
    with pytest.raises(InvalidInputError):
        reg.register("  ", "blank name")


def test_a_provided_module_registers_itself_on_first_lookup(tmp_path, monkeypatch):
    host = types.ModuleType("labkit_test_registry_host")
    host.REG = Registry("backend")
    monkeypatch.setitem(sys.modules, host.__name__, host)
    (tmp_path / "labkit_test_registry_plugin.py").write_text(
        "import labkit_test_registry_host as host\nhost.REG.register('redis', 'the redis backend')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    host.REG.provide("redis", "labkit_test_registry_plugin")
    assert "labkit_test_registry_plugin" not in sys.modules  # declared, not imported
    assert host.REG.names() == ["redis"]
    assert host.REG.get("redis") == "the redis backend"
    assert "labkit_test_registry_plugin" in sys.modules
    monkeypatch.delitem(sys.modules, "labkit_test_registry_plugin")


def test_entry_point_plugins_load_lazily_and_never_shadow_built_ins(monkeypatch):
    points = [importlib.metadata.EntryPoint("dumps", "json:dumps", "labkit.test_plugins"),
              importlib.metadata.EntryPoint("fixed", "json:loads", "labkit.test_plugins")]
    calls = []

    def fake_entry_points(group):
        calls.append(group)
        return points

    monkeypatch.setattr(importlib.metadata, "entry_points", fake_entry_points)
    reg = Registry("codec", entry_points="labkit.test_plugins")
    reg.register("fixed", "built-in")
    assert calls == []  # nothing loaded until a lookup needs it
    assert reg.get("dumps") is json.dumps
    assert reg.get("fixed") == "built-in"
    assert reg.names() == ["fixed", "dumps"] and calls == ["labkit.test_plugins"]
