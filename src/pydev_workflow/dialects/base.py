"""The Dialect record: what an engine can express, so code asks flags instead of names."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import cached_property

from pydev_workflow.model import IndexMethod


@dataclass(frozen=True)
class Dialect:
    """One SQL engine's capabilities and limits."""

    name: str  # registry name: postgresql, sqlite, mysql, mariadb
    display: str  # "PostgreSQL"
    sqlalchemy_name: str  # the SQLAlchemy dialect module: postgresql, sqlite, mysql
    max_identifier_length: int | None  # None: no limit
    reserved_words_ref: str  # "module:attr" of a set of reserved words (SQLAlchemy's lists)
    index_methods: frozenset[IndexMethod] = frozenset({IndexMethod.BTREE})
    partitioning: bool = False  # PARTITION BY on CREATE TABLE
    partial_indexes: bool = False  # CREATE INDEX … WHERE
    expression_indexes: bool = False
    alter_add_foreign_key: bool = True  # ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY
    native_uuid: bool = False
    named_enums: bool = False  # CREATE TYPE … AS ENUM
    arrays: bool = False
    url_example: str = ""
    driver_extra: str = ""  # the pip extra that installs its driver
    notes: tuple[str, ...] = field(default=())

    @cached_property
    def reserved_words(self) -> frozenset[str]:
        """Lower-case reserved words, from SQLAlchemy's per-dialect lists."""
        module, _, attr = self.reserved_words_ref.partition(":")
        obj = importlib.import_module(module)
        for part in attr.split("."):
            obj = getattr(obj, part)
        return frozenset(w.lower() for w in obj)  # type: ignore[attr-defined]

    def is_reserved(self, word: str) -> bool:
        """True if `word` must be quoted in this dialect."""
        return word.lower() in self.reserved_words
