"""The `db` importer: read a live database (any supported SQLAlchemy URL), read-only."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from pydev_workflow.errors import InputError, Loc, Problem
from pydev_workflow.importers.base import ImportOptions, ImportResult
from pydev_workflow.model import (
    CheckConstraint,
    Entity,
    Partition,
    Partitioning,
    PartitionMethod,
    Schema,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine


def reflect(
    engine: Engine, dialect: str, schemas: tuple[str, ...] = (), exclude: tuple[str, ...] = ()
) -> ImportResult:
    """Reflect the tables of `schemas` (default: the connection's default schema) into the model.

    SQLAlchemy 2's `MetaData.reflect` reads each kind of object for all tables at once
    (`Inspector.get_multi_columns`, `get_multi_foreign_keys`, …), so the cost is a handful of
    catalogue queries, not a few per table.
    """
    import sqlalchemy as sa

    from pydev_workflow.importers.sqlalchemy_meta import from_metadata

    metadata = sa.MetaData()
    with engine.connect() as conn:
        default_schema = sa.inspect(conn).default_schema_name
        partitions = _partitions(conn, dialect, schemas)
        children = {child for _, parts in partitions.values() for child in parts}
        for schema in schemas or (None,):
            with warnings.catch_warnings():
                # "Did not recognize type 'cube'": the column becomes native(unknown), which
                # from_metadata reports; the warning itself would stop a -W error run
                warnings.simplefilter("ignore", sa.exc.SAWarning)
                metadata.reflect(
                    conn,
                    schema=schema,
                    only=lambda name, _md: name not in children and name not in exclude,
                    resolve_fks=True,
                )
        extras = _engine_extras(conn, dialect)
        conn.rollback()  # read-only: nothing to keep
    result = from_metadata(metadata, dialect, default_schema=default_schema, exclude=exclude)
    entities = []
    for e in result.schema.entities:
        e = _apply_extras(e, extras)
        spec = partitions.get(e.table)
        if spec is None:
            entities.append(e)
            continue
        (method, key), parts = spec
        entities.append(
            replace(
                e,
                partitioning=Partitioning(
                    method, key, partitions=tuple(Partition(n, b) for n, b in parts.items())
                ),
            )
        )
    return replace(result, schema=replace(result.schema, entities=tuple(entities)))


@dataclass
class _Extras:
    """What SQLAlchemy's reflection leaves out for an engine, read from its catalogue."""

    descending: dict[tuple[str, str], tuple[bool, ...]] = field(default_factory=dict)
    checks: dict[str, list[tuple[str | None, str]]] | None = None


def _engine_extras(conn: Connection, dialect: str) -> _Extras:
    import sqlalchemy as sa

    out = _Extras()
    if dialect == "sqlite":
        # index key order: https://www.sqlite.org/pragma.html#pragma_index_xinfo
        rows = conn.execute(
            sa.text(
                "SELECT m.name, il.name, ix.seqno, ix.desc FROM sqlite_master m, "
                "pragma_index_list(m.name) il, pragma_index_xinfo(il.name) ix "
                "WHERE m.type = 'table' AND ix.key = 1 ORDER BY m.name, il.name, ix.seqno"
            )
        ).all()
        for table, index, _seq, desc in rows:
            key = (table, index)
            out.descending[key] = (*out.descending.get(key, ()), bool(desc))
    elif dialect in ("mysql", "mariadb"):
        rows = conn.execute(
            sa.text(
                "SELECT table_name, index_name, collation FROM information_schema.statistics "
                "WHERE table_schema = DATABASE() ORDER BY table_name, index_name, seq_in_index"
            )
        ).all()
        for table, index, collation in rows:
            key = (table, index)
            out.descending[key] = (*out.descending.get(key, ()), collation == "D")
        # column-level CHECKs are not in SQLAlchemy's reflection; the JSON ones are MariaDB's
        # own (https://mariadb.com/kb/en/json-data-type/)
        found: dict[str, list[tuple[str | None, str]]] = {}
        out.checks = found
        try:
            checks = conn.execute(
                sa.text(
                    "SELECT table_name, constraint_name, check_clause "
                    "FROM information_schema.check_constraints "
                    "WHERE constraint_schema = DATABASE() ORDER BY table_name, constraint_name"
                )
            ).all()
        except Exception:  # noqa: BLE001 - MySQL < 8.0.16 has no such view
            out.checks = None
            checks = []
        for table, name, clause in checks:
            found.setdefault(table, []).append((name, str(clause)))
    return out


def _apply_extras(e: Entity, extras: _Extras) -> Entity:
    indexes = []
    for ix in e.indexes:
        flags = extras.descending.get((e.table, ix.name))
        if flags and len(flags) == len(ix.fields):
            ix = replace(
                ix,
                fields=tuple(
                    replace(k, descending=k.descending or d)
                    for k, d in zip(ix.fields, flags, strict=True)
                ),
            )
        indexes.append(ix)
    checks = e.checks
    if extras.checks is not None:
        found = []
        for name, clause in extras.checks.get(e.table, []):
            m = re.fullmatch(r"\s*json_valid\(`?(\w+)`?\)\s*", clause)
            if m and e.field(m.group(1)) is not None:
                continue
            text = clause.replace("`", "")
            auto = name is None or name.startswith("CONSTRAINT_") or e.field(name) is not None
            found.append(CheckConstraint(text, None if auto else name))
        checks = tuple(sorted(found, key=lambda c: (c.name or "", c.expression)))
    return replace(e, indexes=tuple(indexes), checks=checks)


def _partitions(
    conn: Connection, dialect: str, schemas: tuple[str, ...] = ()
) -> dict[str, tuple[tuple[PartitionMethod, tuple[str, ...]], dict[str, str]]]:
    """Table -> ((method, key), {partition: bound}) of the partitioned tables.

    `schemas` defaults to the default schema.
    """
    import sqlalchemy as sa

    out: dict[str, tuple[tuple[PartitionMethod, tuple[str, ...]], dict[str, str]]] = {}
    if dialect == "postgresql":
        # https://www.postgresql.org/docs/current/catalog-pg-partitioned-table.html
        rows = conn.execute(
            sa.text(
                "SELECT p.relname, pg_get_partkeydef(p.oid), c.relname, "
                "pg_get_expr(c.relpartbound, c.oid) "
                "FROM pg_partitioned_table pt JOIN pg_class p ON p.oid = pt.partrelid "
                "LEFT JOIN pg_inherits i ON i.inhparent = p.oid "
                "LEFT JOIN pg_class c ON c.oid = i.inhrelid "
                "WHERE CAST(p.relnamespace::regnamespace AS text) = ANY(:schemas) ORDER BY 1, 3"
            ),
            {
                "schemas": list(schemas)
                or [str(conn.execute(sa.text("SELECT current_schema()")).scalar())]
            },
        ).all()
        for parent, keydef, child, bound in rows:
            method_text, _, rest = str(keydef).partition(" ")
            key = tuple(k.strip().strip('"') for k in rest.strip("() ").split(","))
            entry = out.setdefault(parent, ((PartitionMethod(method_text.lower()), key), {}))
            if child:
                entry[1][child] = str(bound)
    elif dialect in ("mysql", "mariadb"):
        rows = conn.execute(
            sa.text(
                "SELECT table_name, partition_method, partition_expression, partition_name, "
                "partition_description FROM information_schema.partitions "
                "WHERE table_schema = DATABASE() AND partition_name IS NOT NULL "
                "ORDER BY table_name, partition_ordinal_position"
            )
        ).all()
        for table, method, expr, name, desc in rows:
            try:
                pm = PartitionMethod(str(method).split()[0].lower())  # RANGE COLUMNS: range
            except ValueError:
                continue
            key = tuple(k.strip().strip("`") for k in str(expr).split(","))
            entry = out.setdefault(table, ((pm, key), {}))
            entry[1][name] = str(desc or "")
        # MySQL partitions are not separate tables: nothing to hide from reflection
    return out


def import_database(source: str, options: ImportOptions) -> ImportResult:
    """Read the database at URL `source` (read-only) into the model.

    Raises:
        InputError: unsupported URL, missing driver, unreachable server, wrong credentials.
    """
    from pydev_workflow.verify.urls import connect_error, create_engine, parse_target, redact

    target = parse_target(source)
    if target.memory:
        raise InputError(
            Problem(Loc(source), "an in-memory SQLite database is empty", "name a file")
        )
    if target.path is not None:
        from pathlib import Path

        if not Path(target.path).is_file():
            raise InputError(Problem(Loc(source), "SQLite file not found"))
    engine = create_engine(target)
    try:
        try:
            with engine.connect():
                pass
        except Exception as exc:  # noqa: BLE001 - any driver error: cannot connect
            raise connect_error(target, exc) from None
        try:
            result = reflect(engine, target.dialect, options.schemas)
        except InputError:
            raise
        except Exception as exc:  # noqa: BLE001 - catalogue errors become one clear line
            if options.debug:
                raise
            raise InputError(
                Problem(
                    Loc(target.shown),
                    f"cannot read the database: {redact(str(exc)).splitlines()[0]}",
                )
            ) from None
    finally:
        engine.dispose()
    schema: Schema = replace(result.schema, source=target.shown)
    return replace(result, schema=schema)


__all__ = ["import_database", "reflect"]
