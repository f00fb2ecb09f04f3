"""The seed's "Database Schema (SQL)" block: the model's DDL for one dialect, readably laid out."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pydev_workflow.dialects import get_dialect
from pydev_workflow.dialects.metadata import (
    Section,
    Statement,
    head_sections,
    inline_fk_note,
    part,
    sections,
    sql_comment,
)
from pydev_workflow.errors import Loc
from pydev_workflow.model import Schema
from pydev_workflow.model.schema import sql_entities
from pydev_workflow.perf import gc_paused
from pydev_workflow.renderers.base import RenderOptions

_ADD_FK = re.compile(r"^(ALTER TABLE \S+) (ADD CONSTRAINT \S+) (FOREIGN KEY.*)$", re.S)


def layout(sql: str) -> str:
    """One statement laid out as in the seed (FOREIGN KEY on its own lines), without `;`."""
    m = _ADD_FK.match(sql)
    if m:
        fk = m.group(3).replace("FOREIGN KEY(", "FOREIGN KEY (", 1)
        return f"{m.group(1)}\n    {m.group(2)}\n    {fk}"
    return sql


def render(schema: Schema, options: RenderOptions) -> str:
    """The DDL of the relational entities for `options.dialect`, grouped as in the seed.

    A `-- <entity name>` header precedes each CREATE TABLE; then `-- indexes`,
    `-- foreign keys` and `-- comments` groups. Every statement ends with `;`, notes
    (what the dialect cannot express) stay `-- ` comments.
    """
    return layout_sections(sections(schema, options.dialect))


def layout_sections(built: Iterable[Section]) -> str:
    """The DDL block of sections already built (`dialects.metadata.sections`)."""
    blocks: list[str] = []
    for sec in built:
        if sec.per_entity:
            blocks += _blocks(sec.statements)
        else:
            blocks.append("\n".join([sql_comment(sec.title), *_lines(sec.statements)]))
    return "\n\n".join(blocks) + "\n"


def _lines(statements: Iterable[Statement]) -> list[str]:
    """Each statement laid out on its line(s): notes as they are, the others ending in `;`."""
    return [st.sql if st.kind == "note" else layout(st.sql) + ";" for st in statements]


def _blocks(statements: Iterable[Statement]) -> list[str]:
    """A per-entity section's blocks: a `-- <entity name>` header before each CREATE TABLE."""
    blocks: list[str] = []
    lines: list[str] = []
    for st in statements:
        if st.kind == "table":
            if lines:
                blocks.append("\n".join(lines))
            lines = [sql_comment(str(st.entity))]
        lines += _lines((st,))
    if lines:
        blocks.append("\n".join(lines))
    return blocks


#: the sections each slice lays out itself, in the block's order (types and sequences, a few
#: statements at most, are laid out when the slices are joined)
_SLICED = ("tables", "indexes", "foreign keys", "comments")


@dataclass(frozen=True)
class BlockPart:
    """A slice of the entities' share of the SQL block, laid out by the worker that compiled it.

    Text crosses the pipe instead of thousands of `Statement`s: the parent only joins it.
    """

    #: (entity position, first use, name, CREATE TYPE/SEQUENCE) as `_Parts.enums`
    enums: list[tuple[int, int, str, Statement]]
    sequences: list[Statement]
    #: per section of _SLICED: its blocks ("tables") or its laid-out statements (the others)
    text: dict[str, list[str]]
    #: what the dialect cannot hold of the slice's entities, as `cannot_hold` (its share of
    #: DM701's notes: `dialects.metadata.joined_notes` puts the slices' together)
    notes: list[tuple[str, Loc, str | None]]


@gc_paused()
def block_part(schema: Schema, dialect: str, i: int, parts: int) -> BlockPart:
    """Slice `i` of `parts` of the SQL block (`dialects.metadata.part`), laid out."""
    got = part(schema, dialect, i, parts)
    order = [e.name for e in sql_entities(schema)]
    text: dict[str, list[str]] = {}
    for title in _SLICED:
        by_entity = got.groups[title]
        statements = [st for name in order for st in by_entity.get(name, ())]
        text[title] = _blocks(statements) if title == "tables" else _lines(statements)
    return BlockPart(got.enums, got.sequences, text, got.noted)


def join_block_parts(schema: Schema, dialect: str, parts: Sequence[BlockPart]) -> str:
    """The SQL block from slices that together cover every SQL entity once, in order.

    The same text as `layout_sections(assemble(...))` of the slices' `_Parts`: the sections
    and their order are `dialects.metadata._assemble`'s.
    """
    blocks: list[str] = []
    head = head_sections(
        [x for p in parts for x in p.enums], [st for p in parts for st in p.sequences]
    )
    if head:
        blocks.append(layout_sections(head)[:-1])
    blocks += [b for p in parts for b in p.text["tables"]]
    note = inline_fk_note(schema, get_dialect(dialect))
    for title in _SLICED[1:]:
        lines = [ln for p in parts for ln in p.text[title]]
        if title == "foreign keys" and note is not None:
            lines.insert(0, note)
        if lines:
            blocks.append("\n".join([sql_comment(title), *lines]))
    return "\n\n".join(blocks) + "\n"
