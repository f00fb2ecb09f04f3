"""Import the models of Django apps (DJANGO_SETTINGS_MODULE) through Django's app registry."""

from __future__ import annotations

import os
import re
import sys
from typing import Any

from pydev_workflow.errors import InputError, Loc, Problem, did_you_mean
from pydev_workflow.importers.base import ImportOptions, ImportResult
from pydev_workflow.importers.sqlalchemy import last_line
from pydev_workflow.model import (
    Action,
    Cardinality,
    CheckConstraint,
    Default,
    DefaultKind,
    Entity,
    Field,
    FieldType,
    ForeignKey,
    Index,
    IndexField,
    Relationship,
    Schema,
    TypeKind,
    UniqueConstraint,
)
from pydev_workflow.spec.resolve import resolve

_SIMPLE: dict[str, FieldType] = {
    "AutoField": FieldType(TypeKind.INTEGER),
    "BigAutoField": FieldType(TypeKind.BIGINT),
    "SmallAutoField": FieldType(TypeKind.SMALLINT),
    "TextField": FieldType(TypeKind.TEXT),
    "IntegerField": FieldType(TypeKind.INTEGER),
    "PositiveIntegerField": FieldType(TypeKind.INTEGER),
    "BigIntegerField": FieldType(TypeKind.BIGINT),
    "PositiveBigIntegerField": FieldType(TypeKind.BIGINT),
    "SmallIntegerField": FieldType(TypeKind.SMALLINT),
    "PositiveSmallIntegerField": FieldType(TypeKind.SMALLINT),
    "BooleanField": FieldType(TypeKind.BOOLEAN),
    "NullBooleanField": FieldType(TypeKind.BOOLEAN),
    "FloatField": FieldType(TypeKind.FLOAT),
    "DateField": FieldType(TypeKind.DATE),
    "TimeField": FieldType(TypeKind.TIME),
    "DurationField": FieldType(TypeKind.INTERVAL),
    "JSONField": FieldType(TypeKind.JSON),
    "BinaryField": FieldType(TypeKind.BYTES),
    "UUIDField": FieldType(TypeKind.UUID),
    "GenericIPAddressField": FieldType(TypeKind.STRING, length=39),
    "IPAddressField": FieldType(TypeKind.STRING, length=15),
}
_AUTO = {"AutoField", "BigAutoField", "SmallAutoField"}
_ON_DELETE = {
    "CASCADE": Action.CASCADE,
    "SET_NULL": Action.SET_NULL,
    "SET_DEFAULT": Action.SET_DEFAULT,
    "PROTECT": Action.RESTRICT,
    "RESTRICT": Action.RESTRICT,
    "DO_NOTHING": Action.NO_ACTION,
}


def _setup(source: str) -> Any:
    """django.setup() with the current directory importable; clear errors, never a traceback."""
    loc = Loc(source)
    settings_module = os.environ.get("DJANGO_SETTINGS_MODULE")
    if not settings_module:
        raise InputError(
            Problem(
                loc,
                "DJANGO_SETTINGS_MODULE is not set",
                "export DJANGO_SETTINGS_MODULE=mysite.settings and run from the project directory",
            )
        )
    cwd = os.getcwd()
    if cwd not in sys.path and "" not in sys.path:
        sys.path.insert(0, cwd)
    try:
        import django
        from django.apps import apps

        django.setup()
    except ModuleNotFoundError as exc:
        if exc.name == "django":
            raise InputError(
                Problem(loc, "Django is not installed", "pip install 'pydev-workflow[django]'")
            ) from None
        raise InputError(Problem(loc, f"django.setup() failed: {last_line(exc)}")) from None
    except Exception as exc:  # noqa: BLE001 - broken settings or models are input problems
        raise InputError(Problem(loc, f"django.setup() failed: {last_line(exc)}")) from None
    return apps


def _pascal(name: str) -> str:
    return "".join(p[:1].upper() + p[1:] for p in re.split(r"[^0-9A-Za-z]+", name) if p)


def _field_type(f: Any, use_tz: bool) -> FieldType:
    internal = f.get_internal_type()
    if f.is_relation and f.many_to_one or f.one_to_one and f.is_relation:
        return _field_type(f.target_field, use_tz)
    if internal in _SIMPLE:
        return _SIMPLE[internal]
    if internal in (
        "CharField",
        "SlugField",
        "EmailField",
        "URLField",
        "FileField",
        "FilePathField",
    ):
        return FieldType(TypeKind.STRING, length=f.max_length)
    if internal == "DecimalField":
        return FieldType(TypeKind.DECIMAL, precision=f.max_digits, scale=f.decimal_places)
    if internal == "DateTimeField":
        return FieldType(TypeKind.TIMESTAMP, timezone=use_tz)
    return FieldType(TypeKind.NATIVE, native=internal.lower())


def _default(f: Any, where: str, notes: list[str]) -> Default | None:
    """A field's `default=` as a column default; one computed in Python is listed in `notes`."""
    import uuid
    from decimal import Decimal

    if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
        return Default(DefaultKind.NOW)
    if not f.has_default():
        return None
    value = f.default
    if callable(value):
        if value is uuid.uuid4:
            return Default(DefaultKind.UUID)
        if getattr(value, "__name__", "") == "now":
            return Default(DefaultKind.NOW)
    elif isinstance(value, bool):
        return Default(DefaultKind.LITERAL, "true" if value else "false")
    elif isinstance(value, int | float | str | Decimal):
        return Default(DefaultKind.LITERAL, str(value))
    # computed in Python (default=dict, a function of its own): nothing the database holds
    shown = getattr(value, "__name__", None) or repr(value)
    notes.append(f"{where}: default={shown} is computed by Django in Python: not carried over")
    return None


def _description(f: Any) -> str:
    help_text = str(f.help_text or "")
    if help_text:
        return help_text
    verbose = str(f.verbose_name or "")
    # Django derives verbose_name from the name; only a hand-written one says something
    return verbose if verbose and verbose.lower() != f.name.replace("_", " ").lower() else ""


def _model_description(model: Any) -> str:
    if model._meta.auto_created:  # Django's own M2M table: its wording is generated
        return ""
    doc = (model.__doc__ or "").strip()
    if doc and not doc.startswith(f"{model.__name__}("):  # Django's generated docstring
        return " ".join(doc.split())
    from django.utils.text import camel_case_to_spaces

    verbose = str(model._meta.verbose_name)
    return verbose if verbose != camel_case_to_spaces(model._meta.object_name) else ""


def _entity(model: Any, names: dict[Any, str], use_tz: bool, notes: list[str]) -> Entity:
    from django.db import connection

    meta = model._meta
    editor = connection.schema_editor()
    fields: list[Field] = []
    fks: list[ForeignKey] = []
    indexes: list[Index] = []
    for f in meta.local_fields:
        if f.column is None:
            continue
        internal = f.get_internal_type()
        ftype = _field_type(f, use_tz)
        # PositiveIntegerField & co.: Django's own CHECK (x >= 0), or UNSIGNED where it has none
        check = f.db_check(connection) if internal.startswith("Positive") else None
        if internal.startswith("Positive") and check is None:
            ftype = FieldType(ftype.kind, unsigned=True)
        fields.append(
            Field(
                name=f.column,
                type=ftype,
                nullable=bool(f.null) and not f.primary_key,
                unique=bool(f.unique) and not f.primary_key,
                default=_default(f, f"{meta.label}.{f.name}", notes),
                description=_description(f),
                identity=internal in _AUTO,
                check=check,
            )
        )
        if f.is_relation and (f.many_to_one or f.one_to_one):
            target = f.related_model
            if target not in names:
                notes.append(
                    f"{meta.label}.{f.name}: references {target._meta.label}, not imported"
                )
                continue
            on_delete = getattr(f.remote_field.on_delete, "__name__", "")
            fks.append(
                ForeignKey(
                    fields=(f.column,),
                    ref_entity=names[target],
                    ref_fields=(f.target_field.column,),
                    on_delete=_ON_DELETE.get(on_delete),
                )
            )
        if f.db_index and not f.unique and not f.primary_key:
            # the index Django creates for db_index=True (and every ForeignKey), by its own name
            name = editor._create_index_name(meta.db_table, [f.column], suffix="")
            indexes.append(Index(name=name, fields=(IndexField(f.column),)))
    uniques = []
    for together in meta.unique_together:
        columns = [meta.get_field(n).column for n in together]
        # the name Django's schema editor gives it (`<table>_<cols>_<hash>_uniq`)
        name = editor._create_index_name(meta.db_table, columns, suffix="_uniq")
        uniques.append(UniqueConstraint(tuple(columns), name))
    checks = _meta_constraints(model, editor, uniques, indexes, notes)
    return Entity(
        name=names[model],
        table=meta.db_table,
        fields=tuple(fields),
        primary_key=(meta.pk.column,) if meta.pk is not None and meta.pk.column else (),
        foreign_keys=tuple(fks),
        uniques=tuple(uniques),
        checks=tuple(checks),
        indexes=tuple(indexes),
        description=_model_description(model),
    )


def _meta_constraints(
    model: Any, editor: Any, uniques: list[UniqueConstraint], indexes: list[Index], notes: list[str]
) -> list[CheckConstraint]:
    """Meta.constraints and Meta.indexes, into the entity's lists; its CHECKs returned.

    Unique constraints go to `uniques`, indexes (partial ones with their condition) and
    conditional unique constraints to `indexes`, what is not carried to `notes`.
    """
    from django.db.models import CheckConstraint as DjCheck
    from django.db.models import UniqueConstraint as DjUnique

    meta = model._meta
    checks: list[CheckConstraint] = []
    for c in meta.constraints:
        if isinstance(c, DjUnique) and c.fields and c.condition is None and not c.expressions:
            uniques.append(
                UniqueConstraint(tuple(meta.get_field(n).column for n in c.fields), c.name)
            )
        elif (
            isinstance(c, DjUnique)
            and c.fields
            and not c.expressions
            and (partial := _partial(model, c, editor, unique=True))
        ):
            indexes.append(partial)
        elif isinstance(c, DjCheck):
            sql = str(c.constraint_sql(model, editor))
            m = re.search(r"CHECK \((.*)\)\s*$", sql, re.S)
            checks.append(CheckConstraint(m.group(1) if m else sql, c.name))
        else:
            notes.append(
                f"{meta.label}: constraint {c.name} (conditional/expression) not carried over"
            )
    for ix in meta.indexes:
        if (
            ix.condition is not None
            and not ix.expressions
            and (partial := _partial(model, ix, editor, unique=False))
        ):
            indexes.append(partial)
        elif ix.expressions or ix.condition is not None:
            notes.append(f"{meta.label}: index {ix.name} (expression/partial) not carried over")
        else:
            indexes.append(Index(name=str(ix.name), fields=_keys(meta, ix.fields)))
    return checks


def _keys(meta: Any, names: Any) -> tuple[IndexField, ...]:
    """Index keys of Django field names (`-name`: descending)."""
    return tuple(
        IndexField(meta.get_field(n.lstrip("-")).column, descending=n.startswith("-"))
        for n in names
    )


def _partial(model: Any, c: Any, editor: Any, *, unique: bool) -> Index | None:
    """The partial index Django creates for a constraint or index with a `condition`.

    `CREATE [UNIQUE] INDEX … WHERE …`: the condition as the SQL Django's migration runs on this
    database. None when Django cannot write it here (the caller reports it).
    """
    try:
        where = c._get_condition_sql(model, editor)
    except Exception:  # noqa: BLE001 - any failure: reported as not carried over
        return None
    if not where:
        return None
    return Index(
        name=str(c.name), fields=_keys(model._meta, c.fields), unique=unique, where=str(where)
    )


def import_django(source: str, options: ImportOptions) -> ImportResult:
    """Import the models of Django apps: app labels, comma-separated or as further sources.

    Needs DJANGO_SETTINGS_MODULE. ForeignKey/OneToOneField become FKs (1:N / 1:1),
    ManyToManyField an N:M through its junction table; Meta indexes, unique_together and
    constraints, db_table, help_text (as descriptions) and verbose_name are kept.
    """
    labels = [p.strip() for s in (source, *options.extra_sources) for p in s.split(",")]
    labels = [p for p in labels if p]
    if not labels:
        raise InputError(Problem(Loc(source), "no app label given", "e.g. blog or blog,shop"))
    apps = _setup(source)
    from django.conf import settings

    models: list[Any] = []
    for label in labels:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            known = [c.label for c in apps.get_app_configs()]
            raise InputError(
                Problem(Loc(label), f"no installed app {label!r}", did_you_mean(label, known))
            ) from None
        models.extend(m for m in config.get_models(include_auto_created=True) if not m._meta.proxy)
    names: dict[Any, str] = {}
    for m in models:
        name = m.__name__ if not m._meta.auto_created else _pascal(m.__name__)
        names[m] = name if name not in names.values() else _pascal(m._meta.label)
    notes: list[str] = []
    use_tz = bool(getattr(settings, "USE_TZ", False))
    entities = [_entity(m, names, use_tz, notes) for m in models]
    rels: list[Relationship] = []
    through: set[str] = set()
    for m in models:
        for f in m._meta.local_many_to_many:
            target, via = f.related_model, f.remote_field.through
            if target not in names or via not in names:
                notes.append(f"{m._meta.label}.{f.name}: N:M outside the imported apps")
                continue
            through.add(names[via])
            rels.append(
                Relationship(
                    names[m], names[target], Cardinality.MANY_TO_MANY, f.name, via=names[via]
                )
            )
    for m in models:
        for f in m._meta.local_fields:
            if not (f.is_relation and (f.many_to_one or f.one_to_one)) or names[m] in through:
                continue
            if f.related_model not in names:
                continue
            card = Cardinality.ONE_TO_ONE if f.one_to_one or f.unique else Cardinality.ONE_TO_MANY
            label = f.remote_field.related_name or f.name
            rels.append(Relationship(names[f.related_model], names[m], card, label, fk=(f.column,)))
    schema = Schema(
        entities=tuple(entities),
        relationships=tuple(rels),
        dialect=_dialect(),
        source=source,
    )
    schema, problems = resolve(schema)
    if problems:
        raise InputError(problems)
    return ImportResult(
        schema=schema,
        unsupported=tuple(notes),
        assumptions=tuple(
            line
            for line, holds in (
                (
                    "on_delete is Django's behaviour (enforced by Django, not the database)",
                    any(fk.on_delete for e in entities for fk in e.foreign_keys),
                ),
                (
                    "defaults are Django's `default=` (set by Django on save; the DDL writes "
                    "them as column defaults)",
                    any(f.default for e in entities for f in e.fields),
                ),
            )
            if holds
        ),
    )


def _dialect() -> str:
    from django.db import connection

    vendor = connection.vendor  # reading the vendor does not connect
    return {"postgresql": "postgresql", "mysql": "mysql", "sqlite": "sqlite"}.get(
        vendor, "postgresql"
    )
