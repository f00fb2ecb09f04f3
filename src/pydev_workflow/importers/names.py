"""Which constraint names an engine made up by itself: those read back as "no name"."""

from __future__ import annotations

from dataclasses import replace

from pydev_workflow.dialects.adapter import adapter_for
from pydev_workflow.model import Entity


def engine_named(
    kind: str, name: str | None, table: str, columns: tuple[str, ...], dialect: str | None
) -> bool:
    """True if `name` is the one the engine gives an unnamed constraint of `kind` on `table`.

    `kind` is one of primary, foreign, unique, check; `columns` are the constrained columns
    (for a CHECK: the table's columns, any of which may give the name). Such names read back
    as "no name", so the renderer's naming convention applies to them again.
    """
    if name is None:
        return True
    # the engine's rule lives in its adapter (dialects/<engine>.py)
    return dialect is not None and adapter_for(dialect).engine_named(kind, name, table, columns)


__all__ = ["engine_named"]


def unique_index_names(
    entities: list[Entity], notes: list[str], *, located: bool = False
) -> list[Entity]:
    """Reused index names get their table's name in front (`_2`, … if that is taken too).

    Index names share one namespace per schema in the spec (PostgreSQL's rule); MySQL and
    MariaDB scope them per table, so a MySQL source may reuse one. Each rename is a note
    (prefixed with the index's source location when `located`).
    """
    seen: set[str] = set()
    out = []
    for e in entities:
        renamed = []
        for ix in e.indexes:
            key = f"{e.schema or ''}.{ix.name}".lower()
            if key in seen:
                new, i = f"{e.table}_{ix.name}", 2
                while f"{e.schema or ''}.{new}".lower() in seen:
                    new, i = f"{e.table}_{ix.name}_{i}", i + 1
                where = f"{ix.loc}: " if located else ""
                notes.append(f"{where}index {ix.name} on {e.table} renamed {new} (name reused)")
                ix = replace(ix, name=new)
                key = f"{e.schema or ''}.{new}".lower()
            seen.add(key)
            renamed.append(ix)
        out.append(replace(e, indexes=tuple(renamed)) if renamed != list(e.indexes) else e)
    return out
