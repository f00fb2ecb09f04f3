"""The parts of a Data Models section as written (ERD, tables, SQL), each with its line."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from pydev_workflow.errors import Loc, Problem
from pydev_workflow.importers.base import ImportResult
from pydev_workflow.model import (
    Action,
    Cardinality,
    Decision,
    Default,
    Entity,
    FieldType,
    Filter,
    Frequency,
    IndexField,
    IndexMethod,
    MigrationStrategy,
    Normalization,
    Storage,
    snake_case,
)

#: (0-based line, column=1) -> the Loc of that place in the document
LocFn = Callable[..., Loc]


@dataclass(frozen=True, slots=True)
class ErdAttribute:
    """One attribute line of an erDiagram entity block: `uuid id PK "comment"`."""

    name: str
    type_text: str
    keys: tuple[str, ...]  # PK, FK, UK
    comment: str
    loc: Loc


@dataclass(frozen=True, slots=True)
class ErdEntity:
    """An entity block (or a name only used in relationship lines) of the erDiagram."""

    name: str
    attributes: tuple[ErdAttribute, ...]
    loc: Loc


@dataclass(frozen=True, slots=True)
class ErdRelation:
    """A relationship line: `USER ||--o{ POST : creates`."""

    left: str
    right: str
    left_many: bool
    right_many: bool
    label: str
    loc: Loc

    @property
    def cardinality(self) -> Cardinality:
        """1:1, 1:N (either direction) or N:M from the crow's feet."""
        if self.left_many and self.right_many:
            return Cardinality.MANY_TO_MANY
        if self.left_many or self.right_many:
            return Cardinality.ONE_TO_MANY
        return Cardinality.ONE_TO_ONE

    @property
    def parent_child(self) -> tuple[str, str]:
        """(one side, many side); for 1:1 and N:M the order as written."""
        if self.left_many and not self.right_many:
            return self.right, self.left
        return self.left, self.right


@dataclass(frozen=True, slots=True)
class DocField:
    """A row of an entity's field table."""

    name: str
    type_text: str
    type: FieldType | None
    pk: bool = False
    unique: bool = False
    nullable: bool | None = None  # None: the row does not say
    default: Default | None = None
    check: str | None = None
    identity: bool = False
    fk: bool = False
    fk_target: str | None = None  # entity or table name as written
    fk_field: str | None = None
    on_delete: Action | None = None
    on_update: Action | None = None
    description: str = ""
    unknown: tuple[str, ...] = ()  # constraint words we could not read
    loc: Loc = Loc()


@dataclass(frozen=True, slots=True)
class DocRelation:
    """A row of an entity's Relationships table, seen from `entity`."""

    entity: str
    other: str
    cardinality_text: str
    cardinality: Cardinality | None
    reversed: bool  # written as N:1 from `entity`: `other` is the parent
    label: str
    description: str
    loc: Loc


@dataclass(frozen=True, slots=True)
class DocIndex:
    """A row of an entity's Indexes table."""

    name: str
    fields: tuple[IndexField, ...]
    method: IndexMethod
    unique: bool
    where: str | None
    purpose: str
    loc: Loc


@dataclass(frozen=True, slots=True)
class DocEntity:
    """An `#### Entity` subsection with whatever tables and notes it has."""

    name: str
    table: str | None
    description: str
    fields: tuple[DocField, ...]
    has_field_table: bool
    has_constraints_column: bool
    relations: tuple[DocRelation, ...]
    indexes: tuple[DocIndex, ...]
    storage: Storage | None
    component: str | None
    normalization: Normalization | None
    key_pattern: str | None
    loc: Loc
    partition_purpose: str = ""  # from `**Partitioning**: range on (k) — purpose; partitions: …`


@dataclass(frozen=True, slots=True)
class DocQuery:
    """A row of the Query Patterns table."""

    name: str
    frequency: Frequency
    complexity: str
    index: str
    entity: str  # from an Entity column, or ""
    filters: tuple[Filter, ...]
    order_by: tuple[IndexField, ...]
    has_filter_column: bool
    loc: Loc


@dataclass(frozen=True, slots=True)
class SqlBlock:
    """A ```sql block and what the SQL importer made of it (None: importer unavailable)."""

    text: str
    loc: Loc
    result: ImportResult | None
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Section:
    """Every part of a Data Models section, each as written, with line numbers."""

    path: str
    loc: Loc
    erd_entities: tuple[ErdEntity, ...] = ()
    erd_relations: tuple[ErdRelation, ...] = ()
    erd_loc: Loc | None = None
    entities: tuple[DocEntity, ...] = ()
    queries: tuple[DocQuery, ...] = ()
    migration: MigrationStrategy | None = None
    decisions: tuple[Decision, ...] = ()
    sql: tuple[SqlBlock, ...] = ()
    project: str = ""
    notes: tuple[Problem, ...] = ()  # tables and lines we did not understand (code says which)

    def sql_entities(self) -> tuple[Entity, ...]:
        """All entities of all SQL blocks."""
        return tuple(e for b in self.sql if b.result is not None for e in b.result.schema.entities)


def name_key(name: str) -> str:
    """A comparison key: `USER`, `User`, `users`, `user_accounts`, `UserAccount` meet."""
    text = snake_case(name.strip().strip("`\"'[]")).split(".")[-1]
    text = re.sub(r"[^a-z0-9]", "", text.lower())
    if text.endswith("ies") and len(text) > 4:
        return text[:-3] + "y"
    if text.endswith(("sses", "xes", "ches", "shes")):
        return text[:-2]
    if text.endswith("s") and not text.endswith("ss") and len(text) > 3:
        return text[:-1]
    return text


def erd_display_name(name: str) -> str:
    """ERD names are usually SHOUTED: `ORDER_ITEM` -> `OrderItem`; others stay as written."""
    if name.isupper() or name.islower():
        return "".join(part.capitalize() for part in re.split(r"[_\-\s]+", name) if part)
    return name


_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def plain(text: str) -> str:
    """Markdown inline text without emphasis, code ticks and links."""
    text = _LINK.sub(r"\1", text)
    text = text.replace("\\|", "|")
    text = re.sub(r"(\*\*|__)(.*?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.*?)(?<!\s)\*(?![\w*])", r"\1", text)
    return text.replace("`", "").replace("<br>", " ").strip()


def split_top(text: str, seps: str = ",") -> list[str]:
    """Split on separators outside parentheses and quotes."""
    parts: list[str] = []
    depth = 0
    quote = ""
    cur: list[str] = []
    for ch in text:
        if quote:
            cur.append(ch)
            if ch == quote:
                quote = ""
            continue
        if ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in seps and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
            continue
        cur.append(ch)
    parts.append("".join(cur).strip())
    return [p for p in parts if p]
