"""The `db` importer: read a live database (any supported SQLAlchemy URL), read-only."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from pydev_workflow.errors import InputError, Loc, Problem
from pydev_workflow.importers.base import ImportOptions, ImportResult
from pydev_workflow.importers.names import engine_named, unique_index_names
from pydev_workflow.model import (
    Action,
    CheckConstraint,
    Entity,
    Field,
    ForeignKey,
    Options,
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

    Each kind of object is read for all tables at once (`Inspector.get_multi_columns`,
    `get_multi_foreign_keys`, …) and translated straight into the model: no SQLAlchemy `Table`
    is built (building them cost more than the catalogue queries). What the Inspector misses
    is read by one query per kind in `_engine_extras`.
    """
    import gc

    # tens of thousands of new objects and no cycles among them: the cyclic collector would
    # rescan the whole growing graph again and again (40% of the translation at 5,000 tables)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _reflect(engine, dialect, schemas, exclude)
    finally:
        if was_enabled:
            gc.enable()


def _reflect(
    engine: Engine, dialect: str, schemas: tuple[str, ...], exclude: tuple[str, ...]
) -> ImportResult:
    import sqlalchemy as sa

    from pydev_workflow.importers.sqlalchemy_meta import from_reflection, reflect_tables

    with engine.connect() as conn:
        insp = sa.inspect(conn)
        default_schema = str(insp.default_schema_name) if insp.default_schema_name else None
        if conn.dialect.name == "postgresql" and schemas and default_schema:
            # PostgreSQL leaves the schema out of a referenced table that the search path
            # reaches (pg_get_constraintdef), and SQLAlchemy then reads it as the default
            # schema's: with only the default schema on the path (for this read-only
            # transaction), a key into another schema names it
            conn.execute(
                sa.text("SELECT set_config('search_path', quote_ident(:s), true)"),
                {"s": default_schema},
            )
        partitions = _partitions(conn, dialect, schemas)
        children = {child for _, parts in partitions.values() for child in parts}
        tables = reflect_tables(insp, schemas or (None,), skip=children | set(exclude))
        extras = _engine_extras(conn, dialect, schemas)
        conn.rollback()  # read-only: nothing to keep
    result = from_reflection(
        (t for t in tables if t.name not in exclude), dialect, default_schema=default_schema
    )
    entities = []
    for e in result.schema.entities:
        e = _apply_extras(e, extras, dialect)
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
    notes: list[str] = []
    entities = unique_index_names(entities, notes)
    return replace(
        result,
        schema=replace(result.schema, entities=tuple(entities)),
        assumptions=result.assumptions + tuple(notes),
    )


@dataclass
class _Extras:
    """What SQLAlchemy's reflection leaves out for an engine, read from its catalogue."""

    descending: dict[tuple[str, str], tuple[bool, ...]] = field(default_factory=dict)
    checks: dict[str, list[tuple[str | None, str]]] | None = None
    #: (table, column tuple) -> (on delete, on update): SQLite's own record of FK actions
    fk_actions: dict[tuple[str, tuple[str, ...]], tuple[str, str]] = field(default_factory=dict)
    #: SQLite tables declared with AUTOINCREMENT
    autoincrement: set[str] = field(default_factory=set)
    #: (schema or None, table, column) -> sequence of a PostgreSQL identity column
    sequences: dict[tuple[str, str], str] = field(default_factory=dict)


def _engine_extras(conn: Connection, dialect: str, schemas: tuple[str, ...] = ()) -> _Extras:
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
        # FK actions as SQLite itself records them, column-level REFERENCES … ON DELETE
        # included (SQLAlchemy parses the CREATE text and misses those):
        # https://www.sqlite.org/pragma.html#pragma_foreign_key_list
        rows = conn.execute(
            sa.text(
                'SELECT m.name, f.id, f.seq, f."from", f.on_update, f.on_delete '
                "FROM sqlite_master m, pragma_foreign_key_list(m.name) f "
                "WHERE m.type = 'table' ORDER BY m.name, f.id, f.seq"
            )
        ).all()
        fks: dict[tuple[str, int], tuple[list[str], str, str]] = {}
        for table, fid, _seq, col, on_update, on_delete in rows:
            fks.setdefault((table, fid), ([], on_delete, on_update))[0].append(col)
        for (table, _), (cols, on_delete, on_update) in fks.items():
            out.fk_actions[table, tuple(cols)] = (on_delete, on_update)
        # AUTOINCREMENT is only in the CREATE text: https://www.sqlite.org/autoinc.html
        out.autoincrement = {
            str(name)
            for (name,) in conn.execute(
                sa.text(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND upper(sql) LIKE '%AUTOINCREMENT%'"
                )
            )
        }
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
    elif dialect == "postgresql":
        # the sequence behind an identity column (SERIAL defaults name theirs in nextval()):
        # https://www.postgresql.org/docs/current/catalog-pg-depend.html
        rows = conn.execute(
            sa.text(
                "SELECT t.relname, a.attname, s.relname FROM pg_depend d "
                "JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' "
                "JOIN pg_class t ON t.oid = d.refobjid "
                "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid "
                "WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass "
                "AND d.deptype = 'i' "
                "AND CAST(t.relnamespace::regnamespace AS text) = ANY(:schemas)"
            ),
            {
                "schemas": list(schemas)
                or [str(conn.execute(sa.text("SELECT current_schema()")).scalar())]
            },
        ).all()
        for table, column, seq in rows:
            if seq != f"{table}_{column}_seq":  # the engine's own name reads back as none
                out.sequences[str(table), str(column)] = str(seq)
    return out


def _apply_extras(e: Entity, extras: _Extras, dialect: str) -> Entity:
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
            columns = tuple(f.name for f in e.fields)
            auto = engine_named("check", name, e.table, columns, dialect)
            found.append(CheckConstraint(text, None if auto else name))
        checks = tuple(sorted(found, key=lambda c: (c.name or "", c.expression)))
    fks = e.foreign_keys
    if extras.fk_actions:
        fks = tuple(_fk_actions(fk, extras.fk_actions.get((e.table, fk.fields))) for fk in fks)
    fields = e.fields
    if e.table in extras.autoincrement or extras.sequences:
        fields = tuple(_field_extras(e, f, extras) for f in fields)
    return replace(e, indexes=tuple(indexes), checks=checks, foreign_keys=fks, fields=fields)


def _fk_actions(fk: ForeignKey, actions: tuple[str, str] | None) -> ForeignKey:
    if actions is None:
        return fk
    on_delete, on_update = (_action(a) for a in actions)
    return replace(fk, on_delete=on_delete or fk.on_delete, on_update=on_update or fk.on_update)


def _action(text: str) -> Action | None:
    """A catalogue's action word; the engine default NO ACTION reads back as undecided."""
    try:
        action = Action(text.strip().lower())
    except ValueError:
        return None
    return None if action is Action.NO_ACTION else action


def _field_extras(e: Entity, f: Field, extras: _Extras) -> Field:
    if e.table in extras.autoincrement and f.identity and e.primary_key == (f.name,):
        f = replace(f, options=Options.make({"sqlite": {"autoincrement": "true"}}))
    seq = extras.sequences.get((e.table, f.name))
    if seq and f.sequence is None:
        f = replace(f, sequence=seq)
    return f


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
