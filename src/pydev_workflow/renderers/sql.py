"""The seed's "Database Schema (SQL)" block: the model's DDL for one dialect, readably laid out."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from pydev_workflow.dialects.metadata import sections, sql_comment
from pydev_workflow.model import Schema
from pydev_workflow.renderers.base import RenderOptions

if TYPE_CHECKING:
    from pydev_workflow.dialects.metadata import Section

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
        lines: list[str] = []
        if not sec.per_entity:
            lines.append(sql_comment(sec.title))
        for st in sec.statements:
            if sec.per_entity and st.kind == "table":
                if lines:
                    blocks.append("\n".join(lines))
                lines = [sql_comment(str(st.entity))]
            if st.kind == "note":
                lines.append(st.sql)
            else:
                lines.append(layout(st.sql) + ";")
        if lines:
            blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
