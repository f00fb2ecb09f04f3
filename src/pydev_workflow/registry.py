"""A small generic registry: name -> "module:attr", imported lazily on first use."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import Generic, TypeVar

from pydev_workflow.errors import InputError, did_you_mean

T = TypeVar("T")


class Registry(Generic[T]):
    """An explicit table of extension units (importers, checks, renderers, dialects).

    Units are named in one place as `"package.module:attr"` strings so that listing the
    names (for `--help` and CLI choices) imports nothing heavy.
    """

    def __init__(self, kind: str, table: Mapping[str, str]):
        self.kind = kind
        self._table: dict[str, str] = {}
        for name, target in table.items():
            self.add(name, target)
        self._loaded: dict[str, T] = {}

    def add(self, name: str, target: str) -> None:
        """Register `name`; a duplicate name is a programming error."""
        if name in self._table:
            raise ValueError(f"duplicate {self.kind} name: {name!r}")
        self._table[name] = target

    def names(self) -> tuple[str, ...]:
        """Registered names, in registration order."""
        return tuple(self._table)

    def __contains__(self, name: object) -> bool:
        return name in self._table

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def get(self, name: str) -> T:
        """Import and return the unit called `name`; unknown names get a did-you-mean."""
        if name not in self._table:
            hint = did_you_mean(name, self._table) or "choose one of: " + ", ".join(self._table)
            raise InputError(f"unknown {self.kind} {name!r} ({hint})")
        if name not in self._loaded:
            module_name, _, attr = self._table[name].partition(":")
            self._loaded[name] = getattr(importlib.import_module(module_name), attr)
        return self._loaded[name]

    def items(self) -> Iterator[tuple[str, T]]:
        """All units, imported."""
        for name in self._table:
            yield name, self.get(name)
