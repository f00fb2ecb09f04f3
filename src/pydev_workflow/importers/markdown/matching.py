"""Which SQL table and which erDiagram entity each documented entity is."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydev_workflow.importers.markdown.parts import ErdEntity, Section, name_key
from pydev_workflow.model import Entity


@dataclass
class Merge:
    """Mutable state while merging the parts into entities."""

    section: Section
    unsupported: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)  # name_key -> entity name

    def find(self, name: str | None) -> str | None:
        """The merged entity name `name` refers to (by name key), None if none."""
        if not name:
            return None
        return self.keys.get(name_key(name))


def match_sql(section: Section) -> dict[str, Entity]:
    """Doc entity name -> its CREATE TABLE (by table, then by name key)."""
    sql = section.sql_entities()
    by_table = {e.table.lower(): e for e in sql}
    by_key: dict[str, Entity] = {}
    for e in sql:
        by_key.setdefault(name_key(e.table), e)
        by_key.setdefault(name_key(e.name), e)
    out: dict[str, Entity] = {}
    for d in section.entities:
        hit = by_table.get(d.table.lower()) if d.table else None
        if hit is None and d.table:
            hit = by_key.get(name_key(d.table))
        if hit is None:
            hit = by_table.get(d.name.lower()) or by_key.get(name_key(d.name))
        if hit is not None and hit not in out.values():
            out[d.name] = hit
    return out


def match_erd(section: Section) -> dict[str, ErdEntity]:
    """Doc entity name -> its erDiagram entity (by name key, or by table)."""
    by_key = {name_key(e.name): e for e in section.erd_entities}
    out: dict[str, ErdEntity] = {}
    for d in section.entities:
        hit = by_key.get(name_key(d.name)) or (by_key.get(name_key(d.table)) if d.table else None)
        if hit is not None:
            out[d.name] = hit
    return out
