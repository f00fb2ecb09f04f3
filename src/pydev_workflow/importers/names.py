"""Which constraint names an engine made up by itself: those read back as "no name"."""

from __future__ import annotations

import re
from dataclasses import replace

from pydev_workflow.model import Entity

#: PostgreSQL names an unnamed constraint `<table>_<columns>_<suffix>` and appends a number on a
#: clash (ChooseConstraintName, src/backend/commands/indexcmds.c), cut to 63 bytes:
#: https://www.postgresql.org/docs/current/sql-createtable.html
_PG_SUFFIX = {"primary": "pkey", "foreign": "fkey", "unique": "key", "check": "check"}
#: MySQL/MariaDB: `<table>_ibfk_<n>` for foreign keys, `CONSTRAINT_<n>` for table CHECKs (MariaDB)
#: or `<table>_chk_<n>` (MySQL), the column's name for a column CHECK and the first column's
#: name (`_2`, … on a clash) for a UNIQUE key:
#: https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html
_MYSQL_FK = re.compile(r".+_ibfk_\d+")
_MYSQL_CHECK = re.compile(r"CONSTRAINT_\d+|.+_chk_\d+")


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
    if dialect == "postgresql":
        suffix = _PG_SUFFIX[kind]
        m = re.fullmatch(rf"(.+?)_{suffix}\d*", name)
        if m is None:
            return False
        body = m.group(1)
        if kind == "primary":
            return body == table or len(name) >= 60 and table.startswith(body)
        if kind == "check":
            return body == table or body.startswith(table + "_") or len(name) >= 60
        expected = "_".join((table, *columns))
        return body == expected or (len(name) >= 60 and expected.startswith(body[:20]))
    if dialect in ("mysql", "mariadb"):
        if kind == "primary":
            return name == "PRIMARY"
        if kind == "foreign":
            return bool(_MYSQL_FK.fullmatch(name)) and name.startswith(table)
        if kind == "check":
            return bool(_MYSQL_CHECK.fullmatch(name)) or name in columns
        if kind == "unique":
            return (
                bool(columns) and re.fullmatch(rf"{re.escape(columns[0])}(_\d+)?", name) is not None
            )
    return False


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
