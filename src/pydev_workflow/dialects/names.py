"""Names an engine gives what the DDL left unnamed: read back as "no name" by the importers."""

from __future__ import annotations

import re

#: PostgreSQL: <table>_<columns>_{pkey,key,fkey,check,idx,excl}[N]
#: (https://www.postgresql.org/docs/current/ddl-constraints.html, ChooseConstraintName)
_PG_SUFFIX = {"primary_key": "pkey", "unique": "key", "foreign_key": "fkey", "check": "check"}


def engine_generated(
    dialect: str, kind: str, table: str, columns: tuple[str, ...], name: str | None
) -> bool:
    """True if `name` is what `dialect` names an unnamed constraint of `kind` on `table`.

    kind: primary_key, unique, foreign_key, check or index. Such a name was not chosen by
    anyone: the importers read it as "no name", and the renderer names it by its convention.

    Args:
        dialect: postgresql, mysql, mariadb or sqlite.
        kind: the constraint kind.
        table: the table name.
        columns: the constrained columns, in order.
        name: the name the catalog reports.
    """
    if not name:
        return True
    if dialect == "postgresql":
        suffix = _PG_SUFFIX.get(kind, "idx")
        if kind == "primary_key":
            return name == f"{table}_pkey"[:63]
        stem = "_".join((table, *columns)) if columns else table
        return (
            re.fullmatch(rf"{re.escape(stem[: 63 - len(suffix) - 1])}_{suffix}\d*", name)
            is not None
        )
    if dialect in ("mysql", "mariadb"):
        if kind == "primary_key":
            return name == "PRIMARY"
        if kind == "foreign_key":  # InnoDB: <table>_ibfk_<n>
            return re.fullmatch(rf"{re.escape(table)}_ibfk_\d+", name) is not None
        if kind in ("unique", "index") and columns:  # the first column's name, then _2, _3…
            return re.fullmatch(rf"{re.escape(columns[0])}(_\d+)?", name) is not None
        if kind == "check":  # MariaDB names a column CHECK after its column, CONSTRAINT_n else
            return re.fullmatch(r"CONSTRAINT_\d+", name) is not None or (
                len(columns) == 1 and name == columns[0]
            )
        return False
    if dialect == "sqlite":
        return name.startswith("sqlite_autoindex_")
    return False
