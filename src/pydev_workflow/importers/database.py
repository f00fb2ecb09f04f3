"""The `db` importer: read a live database (any supported SQLAlchemy URL), read-only."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

import sqlalchemy as sa

from pydev_workflow.dialects.adapter import CatalogExtras, CatalogForeignKey, adapter_for
from pydev_workflow.dialects.driver import connect_error, create_engine, parse_target, redact
from pydev_workflow.errors import InputError, Loc, Problem
from pydev_workflow.importers.base import ImportOptions, ImportResult, one_source
from pydev_workflow.importers.names import engine_named, unique_index_names
from pydev_workflow.importers.sqlalchemy_meta import from_reflection, reflect_tables
from pydev_workflow.model import (
    Action,
    CheckConstraint,
    Entity,
    Field,
    ForeignKey,
    Index,
    Options,
    Partition,
    Partitioning,
    Schema,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


def reflect(
    engine: Engine,
    dialect: str,
    schemas: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
    *,
    as_held: bool = False,
) -> ImportResult:
    """Reflect the tables of `schemas` (default: the connection's default schema) into the model.

    A spec keeps index names in one namespace per schema, so a name MySQL reuses across tables
    is renamed (noted); with `as_held` (verify's catalog) every name stays as the engine holds it.

    Each kind of object is read for all tables at once (`Inspector.get_multi_columns`,
    `get_multi_foreign_keys`, …) and translated straight into the model: no SQLAlchemy `Table`
    is built (building them cost more than the catalogue queries). What the Inspector misses
    is read by one query per kind in the engine adapter's `catalog_extras`.
    """
    import gc

    # tens of thousands of new objects and no cycles among them: the cyclic collector would
    # rescan the whole growing graph again and again (40% of the translation at 5,000 tables)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _reflect(engine, dialect, schemas, exclude, as_held)
    finally:
        if was_enabled:
            gc.enable()


def _reflect(
    engine: Engine, dialect: str, schemas: tuple[str, ...], exclude: tuple[str, ...], as_held: bool
) -> ImportResult:
    engine_adapter = adapter_for(dialect)
    with engine.connect() as conn:
        insp = sa.inspect(conn)
        default_schema = str(insp.default_schema_name) if insp.default_schema_name else None
        if schemas and default_schema:
            engine_adapter.reflect_with_schema_names(conn, default_schema)
        partitions = engine_adapter.partitions(conn, schemas)
        children = {child for _, parts in partitions.values() for child in parts}
        warned: list[str] = []
        tables = reflect_tables(insp, schemas or (None,), children | set(exclude), warned)
        extras = engine_adapter.catalog_extras(conn, schemas)
        for t in tables:
            if t.schema is None:
                t.indexes.extend(extras.indexes.get(t.name, ()))
        sequences = engine_adapter.standalone_sequences(conn, schemas)
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
    if extras.foreign_keys is not None:
        entities = _missed_foreign_keys(entities, extras.foreign_keys, dialect)
    notes: list[str] = []
    if not as_held:
        entities = unique_index_names(entities, notes)
    owned = {f.sequence for e in entities for f in e.fields}  # an identity's named sequence
    sequences = tuple(q for q in sequences if q.name not in owned)
    read = {str(ix["name"]) for found in extras.indexes.values() for ix in found}
    skipped = tuple(
        f"{w} (SQLAlchemy's reflection: not carried over)"
        for w in dict.fromkeys(warned)
        if not ((m := _SKIPPED_INDEX.fullmatch(w)) and m[1] in read)
    )
    return replace(
        result,
        schema=replace(result.schema, entities=tuple(entities), sequences=sequences),
        unsupported=result.unsupported + tuple(extras.not_carried) + skipped,
        assumptions=result.assumptions + tuple(notes),
    )


#: SQLAlchemy's warning for an index it cannot read; an adapter may read it (CatalogExtras)
_SKIPPED_INDEX = re.compile(r"Skipped unsupported reflection of expression-based index (\S+)")


def _missed_foreign_keys(
    entities: list[Entity], catalog: dict[str, list[CatalogForeignKey]], dialect: str
) -> list[Entity]:
    """The foreign keys the catalogue holds and the reflection missed, added to their tables."""
    names = {e.table: e.name for e in entities}
    out = []
    for e in entities:
        have = {fk.fields for fk in e.foreign_keys}
        extra = tuple(
            ForeignKey(
                fields=cols,
                ref_entity=names[ref],
                ref_fields=ref_cols,
                on_delete=_action(on_delete),
                on_update=_action(on_update),
                name=None if engine_named("foreign", name, e.table, cols, dialect) else name,
            )
            for name, cols, ref, ref_cols, on_delete, on_update in catalog.get(e.table, [])
            if cols not in have and ref in names
        )
        out.append(replace(e, foreign_keys=e.foreign_keys + extra) if extra else e)
    return out


def _apply_extras(e: Entity, extras: CatalogExtras, dialect: str) -> Entity:
    """`e` with what the catalogue adds; `e` itself when it adds nothing (most tables).

    A frozen entity is copied only when something changes: copying each of 5,000 tables
    cost more than the catalogue queries that found nothing to add.
    """
    changes: dict[str, object] = {}
    if extras.descending and any((e.table, ix.name) in extras.descending for ix in e.indexes):
        changes["indexes"] = tuple(_descending(e.table, ix, extras) for ix in e.indexes)
    if extras.checks is not None:
        changes["checks"] = _catalog_checks(e, extras.checks.get(e.table, []), dialect)
    if extras.fk_actions:
        fks = tuple(
            _fk_actions(fk, extras.fk_actions.get((e.table, fk.fields))) for fk in e.foreign_keys
        )
        if fks != e.foreign_keys:
            changes["foreign_keys"] = fks
    options = extras.table_options.get(e.table)
    if options and e.schema is None:
        # SQLAlchemy reads PAGE_CHECKSUM=1 as CHECKSUM=1: the catalogue's word stands
        key = adapter_for(dialect).option_key or dialect  # MariaDB's options are MySQL's
        mine = {
            k: v for k, v in e.options.of(key).items() if k != "checksum" or "checksum" in options
        }
        changes["options"] = Options.make({**e.options.as_dict(), key: {**mine, **options}})
    if e.table in extras.autoincrement or extras.sequences:
        fields = tuple(_field_extras(e, f, extras) for f in e.fields)
        if any(a is not b for a, b in zip(fields, e.fields, strict=True)):
            changes["fields"] = fields
    return replace(e, **changes) if changes else e  # type: ignore[arg-type]


def _descending(table: str, ix: Index, extras: CatalogExtras) -> Index:
    flags = extras.descending.get((table, ix.name))
    if not flags or len(flags) != len(ix.fields):
        return ix
    return replace(
        ix,
        fields=tuple(
            replace(k, descending=k.descending or d) for k, d in zip(ix.fields, flags, strict=True)
        ),
    )


def _catalog_checks(
    e: Entity, held: list[tuple[str | None, str]], dialect: str
) -> tuple[CheckConstraint, ...]:
    """The CHECKs the catalogue holds for `e` (MySQL, MariaDB: SQLAlchemy reads none)."""
    found = []
    for name, clause in held:
        m = re.fullmatch(r"\s*json_valid\(`?(\w+)`?\)\s*", clause)
        if m and e.field(m.group(1)) is not None:
            continue
        text = _bare_names(clause)
        columns = tuple(f.name for f in e.fields)
        auto = engine_named("check", name, e.table, columns, dialect)
        found.append(CheckConstraint(text, None if auto else name))
    return tuple(sorted(found, key=lambda c: (c.name or "", c.expression)))


_QUOTED = re.compile(r"('(?:[^'\\]|''|\\.)*')|`((?:[^`]|``)*)`")


def _bare_names(clause: str) -> str:
    """`char_length(`name`)` as `char_length(name)`; a name that needs its quotes keeps them.

    String literals are left as they are (a backtick inside one is text, not a quote).
    """

    def one(m: re.Match[str]) -> str:
        name = m.group(2)
        if name is None or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            return m.group(0)
        return name

    return _QUOTED.sub(one, clause)


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


def _field_extras(e: Entity, f: Field, extras: CatalogExtras) -> Field:
    if e.table in extras.autoincrement and f.identity and e.primary_key == (f.name,):
        f = replace(f, options=Options.make({"sqlite": {"autoincrement": "true"}}))
    seq = extras.sequences.get((e.table, f.name))
    if seq and f.sequence is None:
        f = replace(f, sequence=seq)
    return f


def import_database(source: str, options: ImportOptions) -> ImportResult:
    """Read the database at URL `source` (read-only) into the model.

    Raises:
        InputError: unsupported URL, missing driver, unreachable server, wrong credentials.
    """
    one_source(options, "import db")
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
