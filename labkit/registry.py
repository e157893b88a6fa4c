"""One registry shape for everything pluggable: chunkers, metrics, cache backends, model providers, roles, domains.

The one idea: a pluggable kind is a name -> object table with three verbs. :meth:`Registry.register` adds an entry
(a second entry under the same name is an error unless you say ``replace=True``), :meth:`Registry.get` looks one up
and, when the name is unknown, raises a :class:`~labkit.errors.UnknownNameError` that lists every known name, so a
typo is fixed from the message alone, and :meth:`Registry.names` says what is there. The module that defines a kind
creates its registry at the top and fills it at the bottom, after the classes exist.

Two ways to add entries without importing them up front, so that a registry never imports its own plugins (which is
how import circles start): :meth:`Registry.provide` names a module whose import registers the entry (the Redis
cache backend registers itself from ``redis_cache.py``), and an ``entry_points`` group lets an installed package
add entries through its packaging metadata. Both are resolved lazily, on the first lookup that needs them.

>>> colours = Registry("colour")
>>> colours.register("red", "#f00")
'#f00'
>>> colours.get("red"), "red" in colours, colours.names()
('#f00', True, ['red'])
>>> colours.get("rouge")
Traceback (most recent call last):
...
labkit.errors.UnknownNameError: Unknown colour 'rouge'. Known colours: red.

A registry reads like a read-only mapping (``reg[name]``, ``name in reg``, ``list(reg)``, ``len(reg)``) so code
that used a plain dict keeps working. Left out: versioning of entries and unregistering plugins of other packages.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from labkit.errors import InvalidInputError, UnknownNameError

T = TypeVar("T")


class Registry(Generic[T]):
    """Named entries of one kind; see the module docstring.

    ``kind`` names the kind in messages ("chunker"), ``plural`` its plural when it is not ``kind + "s"``,
    ``entry_points`` an entry-point group whose entries are added on first lookup, and ``error`` a callable
    ``(name, known) -> Exception`` when a kind has its own unknown-name error.
    """

    def __init__(self, kind: str, *, plural: str | None = None, entry_points: str | None = None,
                 error: Callable[[str, list[str]], Exception] | None = None):
        self.kind = kind
        self.plural = plural or f"{kind}s"
        self.entry_points = entry_points
        self._error = error
        self._entries: dict[str, T] = {}
        self._providers: dict[str, str] = {}
        self._plugins_loaded = entry_points is None

    def __repr__(self) -> str:
        return f"Registry({self.kind!r}, names={self.names()})"

    def register(self, name: str, obj: T, *, replace: bool = False) -> T:
        """Add ``obj`` under ``name`` and return it (so a module can write ``X = REG.register("x", X())``)."""
        if not isinstance(name, str) or not name.strip():
            raise InvalidInputError(f"A {self.kind} is registered under a non-empty name, got {name!r}.")
        if name in self._entries and not replace:
            raise InvalidInputError(f"A {self.kind} named {name!r} is already registered; pass replace=True "
                                    "to replace it.")
        self._entries[name] = obj
        return obj

    def provide(self, name: str, module: str) -> None:
        """Declare that importing ``module`` registers ``name``; the import happens on the first lookup of it."""
        self._providers[name] = module

    def remove(self, name: str) -> T:
        """Take an entry out again (for tests and for plugins that withdraw); unknown names raise like :meth:`get`."""
        value = self.get(name)
        del self._entries[name]
        return value

    def get(self, name: str) -> T:
        """The entry called ``name``; an unknown name raises an error listing the known ones."""
        if name not in self._entries:
            self._resolve(name)
        if name not in self._entries:
            known = self.names()
            if self._error is not None:
                raise self._error(str(name), known)
            raise UnknownNameError(self.kind, str(name), known, self.plural)
        return self._entries[name]

    def names(self) -> list[str]:
        """Every known name, in the order the entries were registered (lazily provided ones last)."""
        self._load_plugins()
        return [*self._entries, *(n for n in self._providers if n not in self._entries)]

    def _resolve(self, name: str) -> None:
        if isinstance(name, str) and name in self._providers:
            importlib.import_module(self._providers[name])  # the module registers the entry when it is imported
        self._load_plugins()

    def _load_plugins(self) -> None:
        if self._plugins_loaded:
            return
        self._plugins_loaded = True
        from importlib.metadata import entry_points

        for point in entry_points(group=self.entry_points):
            if point.name not in self._entries:
                self._entries[point.name] = point.load()

    def __getitem__(self, name: str) -> T:
        return self.get(name)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self.names()

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def __len__(self) -> int:
        return len(self.names())

    def items(self) -> list[tuple[str, T]]:
        """``(name, entry)`` pairs, resolving lazily provided entries."""
        return [(n, self.get(n)) for n in self.names()]

    def values(self) -> list[T]:
        """Every entry, resolving lazily provided ones."""
        return [self.get(n) for n in self.names()]
