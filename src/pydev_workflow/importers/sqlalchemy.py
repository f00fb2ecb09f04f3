"""Import SQLAlchemy / SQLModel models: a declarative Base, a MetaData, a SQLModel or a module."""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from dataclasses import replace
from types import ModuleType
from typing import Any

import sqlalchemy as sa

from pydev_workflow.errors import InputError, Loc, Problem, did_you_mean
from pydev_workflow.importers.base import ImportOptions, ImportResult, one_source
from pydev_workflow.importers.sqlalchemy_meta import field_type, from_metadata, plain_strings
from pydev_workflow.model import Cardinality, Relationship, Schema
from pydev_workflow.spec.resolve import resolve


def last_line(exc: BaseException) -> str:
    """The last line Python prints for `exc` (`ModuleNotFoundError: No module named 'x'`)."""
    return traceback.format_exception_only(type(exc), exc)[-1].strip()


def import_object(source: str, what: str = "module:attr") -> tuple[ModuleType, Any]:
    """Import `module:attr` (or `module`) with the current directory on sys.path.

    Returns (module, attribute or None). Raises InputError with the Python error's last line.
    """
    loc = Loc(source)
    module_name, _, attr = source.partition(":")
    if not module_name.strip():
        raise InputError(Problem(loc, f"expected {what}", "e.g. myapp.models:Base"))
    cwd = os.getcwd()
    if cwd not in sys.path and "" not in sys.path:
        # `python -m` puts the working directory first; a console script does not
        sys.path.insert(0, cwd)
    try:
        module = importlib.import_module(module_name.strip())
    except Exception as exc:  # noqa: BLE001 - any failure of user code is an input problem
        raise InputError(
            Problem(
                loc,
                f"cannot import {module_name}: {last_line(exc)}",
                "run from the directory that holds the package, or fix the import error",
            )
        ) from None
    if not attr:
        return module, None
    obj: Any = module
    for part in attr.split("."):
        if not hasattr(obj, part):
            names = [n for n in dir(obj) if not n.startswith("_")]
            raise InputError(
                Problem(loc, f"{module_name} has no attribute {part!r}", did_you_mean(part, names))
            )
        obj = getattr(obj, part)
    return module, obj


def _metadata_of(obj: Any) -> Any:
    # lazy: import django loads this module (last_line) and maps no ORM class
    from sqlalchemy.orm import registry

    if isinstance(obj, sa.MetaData):
        return obj
    if isinstance(obj, registry):
        return obj.metadata
    meta = getattr(obj, "metadata", None)
    if isinstance(meta, sa.MetaData):
        return meta
    return None


def find_metadata(source: str, module: ModuleType, obj: Any) -> Any:
    """The MetaData that `obj` names, or the one MetaData the module holds."""
    if obj is not None:
        meta = _metadata_of(obj)
        if meta is None:
            raise InputError(
                Problem(
                    Loc(source),
                    f"{source} is of type {type(obj).__name__}, not a declarative Base, MetaData, "
                    "registry or SQLModel class",
                    "name the Base class, e.g. myapp.models:Base",
                )
            )
        return meta
    found: dict[int, tuple[str, Any]] = {}
    for name, value in vars(module).items():
        meta = _metadata_of(value) if not isinstance(value, ModuleType) else None
        if meta is not None and len(meta.tables):
            found.setdefault(id(meta), (name, meta))
    if not found:
        raise InputError(
            Problem(Loc(source), f"module {source} holds no MetaData with tables", "name one")
        )
    if len(found) > 1:
        names = ", ".join(f"{source}:{n}" for n, _ in found.values())
        raise InputError(
            Problem(Loc(source), "module holds several MetaData", f"name one: {names}")
        )
    return next(iter(found.values()))[1]


def _mappers(metadata: Any) -> list[Any]:
    """Every ORM mapper whose table lives in `metadata` (declarative Base, SQLModel, registry)."""
    # lazy: import django loads this module (last_line) and maps no ORM class
    from sqlalchemy.orm import mapperlib

    registries = getattr(mapperlib, "_all_registries", lambda: ())()
    found = [
        m
        for reg in registries
        if reg.metadata is metadata
        for m in reg.mappers
        if getattr(m, "local_table", None) is not None
    ]
    # a registry keeps its mappers in a set: in a fixed order, a base class before its
    # subclasses (Celery maps Task and TaskExtended(Task) to one table: the table is Task)
    return sorted(found, key=lambda m: (len(m.class_.__mro__), m.class_.__qualname__))


def _decorated_types(schema: Schema, metadata: Any) -> Schema:
    """Columns typed by a TypeDecorator (SQLModel's AutoString) get the type they wrap."""
    wrapped = {
        (t.name, c.name): field_type(c.type.impl_instance)
        for t in metadata.tables.values()
        for c in t.columns
        if isinstance(c.type, sa.types.TypeDecorator)
    }
    if not wrapped:
        return schema
    entities = tuple(
        replace(
            e,
            fields=tuple(
                replace(f, type=wrapped[e.table, f.name]) if (e.table, f.name) in wrapped else f
                for f in e.fields
            ),
        )
        for e in schema.entities
    )
    return replace(schema, entities=entities)


def _rename(schema: Schema, names: dict[str, str]) -> Schema:
    """Rename entities (table-derived names -> ORM class names) and every reference to them."""

    def n(name: str | None) -> str | None:
        return names.get(name, name) if name else name

    entities = tuple(
        replace(
            e,
            name=names.get(e.name, e.name),
            foreign_keys=tuple(
                replace(fk, ref_entity=names.get(fk.ref_entity, fk.ref_entity))
                for fk in e.foreign_keys
            ),
        )
        for e in schema.entities
    )
    rels = tuple(
        replace(r, left=names.get(r.left, r.left), right=names.get(r.right, r.right), via=n(r.via))
        for r in schema.relationships
    )
    return replace(schema, entities=entities, relationships=rels)


def _class_names(schema: Schema, mappers: list[Any], by_table: dict[str, str]) -> dict[str, str]:
    """Entity name -> the class mapped to its table, where that name is free.

    `mappers` come base classes first: a subclass mapped to its base's table (single-table
    inheritance) does not rename it.
    """
    names: dict[str, str] = {}
    taken = {e.name for e in schema.entities}
    named: set[str] = set()
    for m in mappers:
        table = m.local_table
        key = f"{table.schema}.{table.name}" if table.schema else table.name
        old = by_table.get(key)
        new = m.class_.__name__
        if key in named:
            continue
        named.add(key)
        if old and old != new and new not in taken and new not in names.values():
            names[old] = new
    return names


def _orm(schema: Schema, metadata: Any, notes: list[str]) -> Schema:
    """Class names for mapped tables; `relationship(secondary=…)` as N:M via the junction."""
    try:
        sa.orm.configure_mappers()
    except Exception as exc:  # noqa: BLE001 - broken user mappings are input problems
        message = f"cannot configure mappers: {last_line(exc)}"
        raise InputError(Problem(Loc("mappers"), message)) from None
    mappers = _mappers(metadata)
    by_table = {e.table: e.name for e in schema.entities if e.schema is None}
    by_table.update({f"{e.schema}.{e.table}": e.name for e in schema.entities if e.schema})
    names = _class_names(schema, mappers, by_table)
    schema = _rename(schema, names)
    name_of = {k: names.get(v, v) for k, v in by_table.items()}
    rels = list(schema.relationships)
    for m in mappers:
        for rel in m.relationships:
            sec = rel.secondary
            if sec is None and rel.direction.name == "ONETOMANY":
                parent = name_of.get(m.local_table.name)
                child = name_of.get(rel.mapper.local_table.name)
                for i, r in enumerate(rels):
                    if (r.left, r.right) == (parent, child) and r.label in ("", "has"):
                        # the ORM attribute (`User.posts`) names the line better than "has"
                        rels[i] = replace(r, label=rel.key)
                        break
                continue
            if sec is None or not isinstance(sec, sa.Table):
                continue
            left = name_of.get(m.local_table.name)
            right = name_of.get(rel.mapper.local_table.name)
            via = name_of.get(sec.name)
            if not (left and right and via):
                notes.append(f"relationship {m.class_.__name__}.{rel.key}: tables not found")
                continue
            same = [
                i for i, r in enumerate(rels) if r.via == via and {r.left, r.right} == {left, right}
            ]
            if same:
                if rels[same[0]].left == left:  # the owning side's attribute is the label
                    rels[same[0]] = replace(rels[same[0]], label=rel.key)
                continue
            rels.append(Relationship(left, right, Cardinality.MANY_TO_MANY, rel.key, via=via))
    # the junction's own 1:N lines are the N:M's legs, not relationships of their own
    vias = {r.via for r in rels if r.via}
    rels = [r for r in rels if r.right not in vias or r.cardinality is Cardinality.MANY_TO_MANY]
    return replace(schema, relationships=tuple(rels))


def import_sqlalchemy(source: str, options: ImportOptions) -> ImportResult:
    """Import SQLAlchemy or SQLModel models named by `module:attr` (or a module).

    `attr` may be a declarative Base, a MetaData, an ORM registry, a SQLModel class or
    `SQLModel` itself; a bare module is searched for its one MetaData. Tables, FKs, indexes,
    enums and comments come from the MetaData; `relationship(secondary=…)` adds N:M.
    """
    one_source(options, "import sqlalchemy")
    module, obj = import_object(source)
    metadata = find_metadata(source, module, obj)
    result = from_metadata(metadata, dialect=options.dialect)
    notes: list[str] = []
    schema = _orm(_decorated_types(plain_strings(result.schema), metadata), metadata, notes)

    schema, problems = resolve(replace(schema, source=source))
    if problems:  # our own translation went wrong: say so plainly
        raise InputError(problems)
    return replace(result, schema=schema, unsupported=result.unsupported + tuple(notes))
