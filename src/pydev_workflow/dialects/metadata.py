"""The one translation model -> SQLAlchemy MetaData, and the DDL statements compiled from it."""

# lazy: sqlalchemy — lint-doc, rules and render --format mermaid load this module, compile no DDL
# lazy: sqlglot — rules, import db and import sqlalchemy load this module, parse no expression
from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from pydev_workflow.ddlnames import fk_constraint_names, generated_name
from pydev_workflow.dialects import get_dialect
from pydev_workflow.dialects.base import Dialect, is_zero_date
from pydev_workflow.errors import InputError, Loc, Problem
from pydev_workflow.model import (
    Action,
    DefaultKind,
    Entity,
    Field,
    FieldType,
    ForeignKey,
    Index,
    IndexField,
    IndexMethod,
    Partitioning,
    PartitionMethod,
    Schema,
    TypeKind,
)
from pydev_workflow.model.schema import Sequence, sql_entities
from pydev_workflow.model.types import boolean_literal
from pydev_workflow.perf import gc_paused

if TYPE_CHECKING:
    import sqlalchemy as sa

StatementKind = Literal[
    "type", "sequence", "table", "index", "foreign_key", "partition", "comment", "note"
]

#: MySQL's VARCHAR needs a length; a spec `string` without one becomes VARCHAR(255) there.
MYSQL_DEFAULT_VARCHAR = 255

# every character that ends a line for some reader (SQL engines end `--` at CR or LF; editors
# and Python's splitlines also at VT, FF, FS/GS/RS, NEL, LS, PS)
_LINE_BREAKS = re.compile("[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def sql_comment(text: str) -> str:
    """`-- text` on ONE line: a line break inside a name or description is shown escaped.

    A name holding a newline must never end the comment: what follows it would be live SQL
    for whoever runs the script.
    """
    return "-- " + _LINE_BREAKS.sub(lambda m: repr(m.group())[1:-1], text)


#: Keys in SQLAlchemy `info` dicts that carry the spec location and our rendering hints.
_LOC = "pydev_loc"
_INLINE_PK = "pydev_inline_pk"
_KEEP_NOT_NULL = "pydev_keep_not_null"

#: sqlglot's name of each engine, for translating the spec's expressions
_SQLGLOT = {"postgresql": "postgres", "mysql": "mysql", "mariadb": "mysql", "sqlite": "sqlite"}

#: spec option name -> SQLAlchemy's MySQL table keyword (after the `mysql_` prefix)
_MYSQL_TABLE_OPTIONS = {"charset": "default charset", "collate": "collate"}


@dataclass(frozen=True, slots=True)
class Statement:
    """One DDL statement in execution order, with the spec location it came from.

    `sql` has no trailing `;`. Statements of kind `note` are `-- ` comments that say what the
    dialect cannot express; executing them is a no-op on every engine.
    """

    sql: str
    kind: StatementKind
    entity: str | None
    loc: Loc


@dataclass(frozen=True, slots=True)
class Section:
    """A titled group of statements, as the SQL renderer prints them (`-- indexes`, …)."""

    title: str
    statements: tuple[Statement, ...]
    per_entity: bool = False  # each table gets its own `-- <entity>` header instead


@dataclass
class _Build:
    """Mutable scratch state of one translation; never leaves this module."""

    schema: Schema
    dialect: Dialect
    md: Any
    entities: tuple[Entity, ...]
    notes: dict[tuple[str, str | None], list[tuple[str, Loc]]] = field(default_factory=dict)
    enums: dict[str, tuple[Any, Entity]] = field(default_factory=dict)
    tz_columns: dict[str, list[tuple[str, Loc]]] = field(default_factory=dict)
    shared_types: dict[tuple[FieldType, bool], Any] = field(default_factory=dict)
    noted_types: dict[tuple[FieldType, bool], Any] = field(default_factory=dict)
    note_count: int = 0
    unsigned_checks: dict[str, list[str]] = field(default_factory=dict)
    renames: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (entity, kind, name)
    sequences: list[tuple[Any, Entity]] = field(default_factory=list)  # named identity sequences
    #: the spec's own sequences (`sequences:`), each with its spec sequence, in spec order
    standalone: list[tuple[Any, Sequence]] = field(default_factory=list)
    expressions: dict[str, str] = field(default_factory=dict)
    #: notes only (cannot_hold): the same translation steps, no Table/Column/Index objects
    dry: bool = False
    table_keys: set[str] = field(default_factory=set)  # schema.table of each table built

    def note(self, group: str, entity: str | None, text: str, loc: Loc) -> None:
        self.notes.setdefault((group, entity), []).append((text, loc))
        self.note_count += 1

    def cannot(self, group: str, entity: str | None, what: str, loc: Loc) -> None:
        self.note(group, entity, f"not expressible in {self.dialect.display}: {what}", loc)


def _is_mysql(d: Dialect) -> bool:
    return d.sqlalchemy_name == "mysql"


def _native_type(text: str) -> Any:
    import sqlalchemy as sa

    class Native(sa.types.UserDefinedType[Any]):
        """An engine type kept verbatim (`native(tsvector)`)."""

        cache_ok = True

        def __init__(self, spelling: str) -> None:
            self.spelling = spelling

        def get_col_spec(self, **kw: Any) -> str:
            # upper-case the words, never the quoted values: SET('Trailers', …) keeps its case
            parts = re.split(r"('(?:[^']|'')*')", self.spelling)
            return "".join(p if p.startswith("'") else p.upper() for p in parts)

    return Native(text)


def _same_family(a: str, b: str) -> bool:
    fam = {"mariadb": "mysql", "postgres": "postgresql", "pg": "postgresql"}
    return fam.get(a.lower(), a.lower()) == fam.get(b.lower(), b.lower())


def column_type(b: _Build, e: Entity, f: Field, t: FieldType | None = None) -> Any:
    """The SQLAlchemy type of field `f` on the build's dialect (notes what it cannot keep)."""
    import sqlalchemy as sa

    t = t or f.type
    d = b.dialect
    k = t.kind
    if t.unsigned and t.is_numeric and not _is_mysql(d):
        return _unsigned_elsewhere(b, e, f, t)
    if t.is_integer and f.identity and d.name == "sqlite":
        # only `INTEGER PRIMARY KEY` is SQLite's auto-assigned rowid; its INTEGER is 64-bit,
        # so it holds a BIGINT, SMALLINT or TINYINT identity (ZoneMinder's SMALLINT ids)
        return sa.Integer()
    if _is_mysql(d):
        got = _mysql_type(b, e, f, t)
        if got is not None:
            return got
    elif k in (TypeKind.BINARY, TypeKind.BYTES) and t.length is not None:
        what = "fixed length" if k is TypeKind.BINARY else "maximum length"
        col = f"{e.table}.{f.name}"
        b.cannot("table", e.name, f"{what} {t.length} of {col} {t} (unbounded bytes)", f.loc)
        return sa.LargeBinary()
    simple = _simple_type(b, e, f, t)
    if simple is not None:
        return simple
    if k in (TypeKind.STRING, TypeKind.CHAR, TypeKind.DECIMAL, TypeKind.FLOAT):
        return _sized_type(b, e, f, t)
    if k in (TypeKind.TIMESTAMP, TypeKind.TIME, TypeKind.INTERVAL):
        return _temporal_type(b, e, f, t)
    return _structured_type(b, e, f, t)


#: integer sizes only MySQL/MariaDB have (elsewhere the next wider type holds them)
MYSQL_OWN_INTEGERS = (TypeKind.TINYINT, TypeKind.MEDIUMINT)


def _mysql_type(b: _Build, e: Entity, f: Field, t: FieldType) -> Any:
    """MySQL/MariaDB's own type where the spec asks for one (None: the common mapping)."""
    from sqlalchemy.dialects import mysql

    k = t.kind
    charset = b.dialect.options_of(f.options).get("charset")
    text_kw = {k2: v for k2, v in (("charset", charset), ("collation", _collation(b, e, f))) if v}
    if t.is_integer and (t.unsigned or k in MYSQL_OWN_INTEGERS):
        int_cls: Any = {
            TypeKind.INTEGER: mysql.INTEGER,
            TypeKind.BIGINT: mysql.BIGINT,
            TypeKind.MEDIUMINT: mysql.MEDIUMINT,
            TypeKind.SMALLINT: mysql.SMALLINT,
            TypeKind.TINYINT: mysql.TINYINT,
        }[k]
        return int_cls(unsigned=t.unsigned)
    if k is TypeKind.DECIMAL and t.unsigned:
        return mysql.DECIMAL(t.precision, t.scale, unsigned=True)
    if k is TypeKind.FLOAT and t.unsigned:
        wide = t.length is None or t.length > 24
        return mysql.DOUBLE(unsigned=True) if wide else mysql.FLOAT(unsigned=True)
    if k is TypeKind.TIMESTAMP:
        # TIMESTAMP is stored in UTC and read in the session's zone: the instant type
        # (https://dev.mysql.com/doc/refman/8.0/en/datetime.html); DATETIME is wall time
        if t.timezone:
            b.tz_columns.setdefault(e.name, []).append((f.name, f.loc))
            return mysql.TIMESTAMP(fsp=t.precision)
        return mysql.DATETIME(fsp=t.precision)
    if k is TypeKind.TIME and t.precision is not None:
        return mysql.TIME(fsp=t.precision)
    return _mysql_storage_type(t, text_kw)


def _mysql_storage_type(t: FieldType, text_kw: dict[str, str]) -> Any:
    """Text and bytes with a storage size, a length, a character set or a collation."""
    from sqlalchemy.dialects import mysql

    k = t.kind
    if k is TypeKind.TEXT and (t.size or text_kw):
        text_cls: Any = {
            "tiny": mysql.TINYTEXT,
            "medium": mysql.MEDIUMTEXT,
            "long": mysql.LONGTEXT,
        }.get(t.size or "", mysql.TEXT)
        return text_cls(**text_kw)
    if k is TypeKind.BYTES and t.size:
        return {"tiny": mysql.TINYBLOB, "medium": mysql.MEDIUMBLOB, "long": mysql.LONGBLOB}[
            t.size
        ]()
    if k is TypeKind.BYTES and t.length is not None:
        return mysql.VARBINARY(t.length)
    if k is TypeKind.BINARY:
        return mysql.BINARY(t.length)
    if k is TypeKind.STRING and text_kw:
        return mysql.VARCHAR(t.length or MYSQL_DEFAULT_VARCHAR, **text_kw)
    if k is TypeKind.CHAR and text_kw:
        return mysql.CHAR(t.length, **text_kw)
    return None


def _simple_type(b: _Build, e: Entity, f: Field, t: FieldType) -> Any:
    """The types every engine spells alike (None: not one of them)."""
    import sqlalchemy as sa

    k = t.kind
    simple: dict[TypeKind, Any] = {
        TypeKind.TEXT: sa.Text,
        TypeKind.INTEGER: sa.Integer,
        TypeKind.BIGINT: sa.BigInteger,
        TypeKind.SMALLINT: sa.SmallInteger,
        TypeKind.TINYINT: sa.SmallInteger,
        TypeKind.MEDIUMINT: sa.Integer,
        TypeKind.DATE: sa.Date,
        TypeKind.BYTES: sa.LargeBinary,
        TypeKind.BINARY: sa.LargeBinary,
    }
    if k in simple:
        if k is TypeKind.TEXT and f.collation and not _is_mysql(b.dialect):
            return sa.Text(collation=_collation(b, e, f))
        return simple[k]()
    if k is TypeKind.BOOLEAN:
        return sa.Boolean(create_constraint=False)
    if k is TypeKind.UUID:
        return sa.Uuid()  # UUID on PostgreSQL and MariaDB, CHAR(32) hex elsewhere
    return None


def _sized_type(b: _Build, e: Entity, f: Field, t: FieldType) -> Any:
    """Strings, decimals and floats: their length or precision, as the engine takes it."""
    import sqlalchemy as sa

    k = t.kind
    my = _is_mysql(b.dialect)
    col = f"{e.table}.{f.name}"
    if k is TypeKind.STRING:
        if t.length is None and my:
            b.note("table", e.name, f"{col}: string without a length is VARCHAR(255) here", f.loc)
            return sa.String(MYSQL_DEFAULT_VARCHAR)
        if t.length is not None and t.length > (b.dialect.limits.varchar_bytes or t.length):
            b.cannot(
                "table", e.name, f"{col} {t}: VARCHAR holds at most 65,535 bytes (TEXT)", f.loc
            )
            return sa.Text()
        return sa.String(t.length, collation=_collation(b, e, f))
    if k is TypeKind.CHAR:
        return sa.CHAR(t.length, collation=_collation(b, e, f))
    if k is TypeKind.DECIMAL:
        return sa.Numeric(t.precision, t.scale)
    if t.length is None:
        return sa.Double()
    if t.length <= 24 and not my:
        return sa.REAL()
    return sa.Float(t.length)


def _temporal_type(b: _Build, e: Entity, f: Field, t: FieldType) -> Any:
    """TIMESTAMP / TIME (PostgreSQL keeps the zone and precision) and INTERVAL."""
    import sqlalchemy as sa
    from sqlalchemy.dialects import postgresql as pg

    pg_here = b.dialect.name == "postgresql"
    if t.kind is TypeKind.TIMESTAMP:
        if pg_here:
            return pg.TIMESTAMP(timezone=t.timezone, precision=t.precision)
        return sa.TIMESTAMP(timezone=False)
    if t.kind is TypeKind.TIME:
        if pg_here:
            return pg.TIME(timezone=t.timezone, precision=t.precision)
        return sa.Time(timezone=False)
    if pg_here:
        return pg.INTERVAL()
    col = f"{e.table}.{f.name}"
    b.cannot("table", e.name, f"interval {col} (stored as BIGINT microseconds)", f.loc)
    return sa.BigInteger()


def _structured_type(b: _Build, e: Entity, f: Field, t: FieldType) -> Any:
    """JSON, enums, arrays and the spec's native types (else TEXT)."""
    import sqlalchemy as sa
    from sqlalchemy.dialects import postgresql as pg

    d = b.dialect
    k = t.kind
    col = f"{e.table}.{f.name}"
    if k is TypeKind.JSON:
        return pg.JSONB() if d.name == "postgresql" else sa.JSON()
    if k is TypeKind.ENUM:
        return _enum_type(b, e, f, t)
    if k is TypeKind.ARRAY and t.item is not None:
        if d.arrays:
            # SQLAlchemy takes no ARRAY of ARRAY: one ARRAY of the base type with dimensions
            dims, base = 1, t.item
            while base.kind is TypeKind.ARRAY and base.item is not None:
                dims, base = dims + 1, base.item
            return pg.ARRAY(column_type(b, e, f, base), dimensions=dims if dims > 1 else None)
        b.cannot("table", e.name, f"array {col} {t} (stored as JSON)", f.loc)
        return sa.JSON()
    if k is TypeKind.NATIVE and t.native:
        if _same_family(b.schema.dialect, d.name):
            return _native_type(t.native)
        b.cannot("table", e.name, f"native type {t.native} of {col} (stored as TEXT)", f.loc)
        return sa.Text()
    return sa.Text()


#: MySQL's VARCHAR limit in bytes (https://dev.mysql.com/doc/refman/8.0/en/char.html)
MYSQL_MAX_VARCHAR = 65535


def _collation(b: _Build, e: Entity, f: Field) -> str | None:
    """The field's collation where the target spells it as the source did, else a note."""
    if not f.collation:
        return None
    if _same_family(b.schema.dialect, b.dialect.name):
        return f.collation
    b.cannot("table", e.name, f"collation {f.collation} of {e.table}.{f.name}", f.loc)
    return None


def _unsigned_elsewhere(b: _Build, e: Entity, f: Field, t: FieldType) -> Any:
    """An unsigned number where the engine has none: the next wider type and CHECK (col >= 0)."""
    import sqlalchemy as sa

    wider = {
        TypeKind.TINYINT: TypeKind.SMALLINT,
        TypeKind.SMALLINT: TypeKind.INTEGER,
        TypeKind.MEDIUMINT: TypeKind.INTEGER,
        TypeKind.INTEGER: TypeKind.BIGINT,
    }
    signed = replace(t, unsigned=False)
    col = f"{e.table}.{f.name}"
    if b.dialect.name != "sqlite" and t.kind in wider:  # SQLite's INTEGER is 64-bit already
        signed = replace(signed, kind=wider[t.kind])
        b.note("table", e.name, f"{col} {t}: {signed.kind.value.upper()} CHECK (>= 0)", f.loc)
    elif t.kind is TypeKind.BIGINT:
        b.cannot("table", e.name, f"{col} {t} above 2^63-1 (BIGINT CHECK (>= 0))", f.loc)
    else:
        b.note("table", e.name, f"{col} {t}: CHECK (>= 0), no UNSIGNED here", f.loc)
    b.unsigned_checks.setdefault(e.name, []).append(f.name)
    sa_type = column_type(b, e, replace(f, type=signed), signed)
    return sa_type if sa_type is not None else sa.Integer()


def _shared_type(b: _Build, e: Entity, f: Field) -> Any:
    """column_type(), one instance per distinct field type.

    SQLAlchemy adapts and compiles a type instance once per dialect, so 40,000 columns cost a
    handful of type compilations.

    Schema-level types (enums, booleans: they attach a CHECK or CREATE TYPE to their table)
    and arrays (whose item may be one) get an instance per column, as before.
    """
    import sqlalchemy as sa

    if f.collation or f.options or f.type.unsigned:  # per-field attributes: no sharing
        return column_type(b, e, f)
    key = (f.type, f.identity)
    quiet = b.shared_types.get(key)
    if quiet is not None:  # this type wrote no note the first time, so it writes none now
        return quiet
    before = (b.note_count, len(b.tz_columns.get(e.name, ())))
    sa_type = column_type(b, e, f)  # it records what the dialect cannot keep, per column
    if isinstance(sa_type, sa.types.SchemaType | sa.ARRAY):
        return sa_type
    if (b.note_count, len(b.tz_columns.get(e.name, ()))) == before:
        b.shared_types[key] = sa_type
        return sa_type
    # a type with notes is looked up every time (the notes name the column), still shared
    return b.noted_types.setdefault(key, sa_type)


def _enum_type(b: _Build, e: Entity, f: Field, t: FieldType) -> Any:
    import sqlalchemy as sa
    from sqlalchemy.dialects import postgresql as pg

    name = t.enum_name or f"{e.table}_{f.name}"
    if b.dialect.named_enums:
        # the type lives in its table's schema (CREATE TYPE musicbrainz.fluency …)
        key = f"{e.schema}.{name}" if e.schema else name
        known = b.enums.get(key)
        if known is not None:
            return known[0]
        enum = pg.ENUM(*t.values, name=name, schema=e.schema, create_type=False)
        b.enums[key] = (enum, e)
        return enum
    if _is_mysql(b.dialect):
        return sa.Enum(*t.values, native_enum=True)
    # SQLite: text with a CHECK of the allowed values
    return sa.Enum(
        *t.values,
        native_enum=False,
        create_constraint=True,
        name=generated_name("ck", e.table, (f.name,)),
        length=max(len(v) for v in t.values),
    )


def _literal(f: Field, value: str, d: Dialect) -> Any:
    import sqlalchemy as sa

    kind = f.type.kind
    if kind is TypeKind.BOOLEAN:
        truth = bool(boolean_literal(value))
        if d.name == "sqlite":
            return sa.text("1" if truth else "0")
        return sa.text("true" if truth else "false")
    if f.type.is_numeric and re.fullmatch(r"-?\d+(\.\d+)?([eE][-+]?\d+)?", value.strip()):
        return sa.text(value.strip())
    return value  # SQLAlchemy quotes a plain string server default


def _server_default(b: _Build, e: Entity, f: Field) -> Any:
    import sqlalchemy as sa

    d = b.dialect
    dflt = f.default
    if dflt is None:
        return None
    if dflt.kind is DefaultKind.NOW:
        if _is_mysql(d) and f.type.precision:  # MySQL wants the column's fractional digits
            return sa.text(f"CURRENT_TIMESTAMP({f.type.precision})")
        return sa.text("NOW()" if d.name == "postgresql" else "CURRENT_TIMESTAMP")
    if dflt.kind is DefaultKind.UUID:
        if d.uuid_default_sql:
            return sa.text(d.uuid_default_sql)
        b.cannot(
            "table", e.name, f"generated UUID default of {e.table}.{f.name} (set by the app)", f.loc
        )
        return None
    if dflt.kind is DefaultKind.SQL and f.type.kind is TypeKind.ARRAY and not d.arrays:
        # the column is JSON text here: an array expression (`ARRAY[]::text[]`) has no spelling
        b.cannot("table", e.name, f"default {dflt.value} of array {e.table}.{f.name}", f.loc)
        return None
    if dflt.kind is DefaultKind.SQL:
        text = _expr(b, e, dflt.value or "", f.loc)
        if _is_mysql(d) and not _same_family(b.schema.dialect, d.name):
            text = f"({text})"  # MySQL takes an expression default in parentheses (8.0.13+)
        return sa.text(text)
    if not d.zero_dates and is_zero_date(f.type, dflt.value or ""):
        b.cannot("table", e.name, f"zero date default {dflt.value} of {e.table}.{f.name}", f.loc)
        return None
    if f.type.kind is TypeKind.TIMESTAMP and f.type.timezone and _is_mysql(d):
        return _mysql_instant(b, e, f, dflt.value or "")
    return _literal(f, dflt.value or "", d)


#: MySQL's TIMESTAMP range, in UTC (https://dev.mysql.com/doc/refman/8.0/en/datetime.html)
_TIMESTAMP_RANGE = ("1970-01-01 00:00:01", "2038-01-19 03:14:07")


def _mysql_instant(b: _Build, e: Entity, f: Field, value: str) -> str:
    """A timestamp(tz) literal for MySQL's TIMESTAMP, in UTC without an offset.

    MariaDB refuses an offset in the literal. A value out of TIMESTAMP's range is noted; one
    that is no instant stays as written.
    """
    try:
        when = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return value
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    text = when.isoformat(sep=" ")
    low, high = _TIMESTAMP_RANGE
    if not low <= text[:19] <= high:
        b.cannot(
            "table",
            e.name,
            f"default {value} of {e.table}.{f.name}: TIMESTAMP holds {low} to {high} UTC",
            f.loc,
        )
    return text


def _expr(b: _Build, e: Entity, text: str, loc: Loc) -> str:
    """An SQL expression of the spec, in the target's dialect.

    The spec's expressions are written in its `dialect:`; for another target they are parsed by
    sqlglot as exactly one expression and generated for the target (`x::TEXT` becomes
    `CAST(x AS CHAR)` for MySQL). What sqlglot cannot read is kept as written, with a note.
    """
    if not text or _same_family(b.schema.dialect, b.dialect.name):
        return text
    hit = b.expressions.get(text)
    if hit is not None:
        return hit
    import sqlglot

    src = _SQLGLOT.get(get_dialect(b.schema.dialect).name, "postgres")
    dst = _SQLGLOT.get(b.dialect.name, "postgres")
    try:
        tree = sqlglot.parse_one(text, read=src).transform(portable_now)
        out = str(tree.sql(dialect=dst, unsupported_level=sqlglot.ErrorLevel.RAISE))
    except Exception:  # noqa: BLE001 - any sqlglot error: keep the text, say so
        b.note("table", e.name, f"expression kept as written (not translated): {text}", loc)
        out = text
    else:
        unknown = _unknown_functions(tree)
        if unknown:  # SQLite's datetime('now', 'localtime') on PostgreSQL: refused there
            b.note("table", e.name, f"{text} calls {unknown}, which sqlglot cannot translate", loc)
    b.expressions[text] = out
    return out


def _unknown_functions(tree: Any) -> str:
    """The functions of `tree` sqlglot knows nothing of (written as they are), comma-separated.

    Across engines such a call is copied as written: the target may have no such function.
    """
    from sqlglot import exp

    names = dict.fromkeys(str(node.this).lower() for node in tree.find_all(exp.Anonymous))
    return ", ".join(f"{n}()" for n in names)


def as_written_for(schema: Schema, dialect: str) -> Schema:
    """`schema` with its CHECKs and SQL defaults as the DDL for `dialect` writes them.

    What an engine reads back is in its own dialect; comparing it with the spec's text read in
    that dialect would misread the spec (PostgreSQL's `length("v")` names a column, MySQL's a
    string). Identifiers stay identifiers, quoted the target's way. Nothing else changes.
    """
    d = get_dialect(dialect)
    if _same_family(schema.dialect, d.name):
        return schema
    b = _Build(schema, d, None, (), dry=True)

    def field(e: Entity, f: Field) -> Field:
        check = _expr(b, e, f.check, f.loc) if f.check else f.check
        dflt = f.default
        if dflt is not None and dflt.kind is DefaultKind.SQL and dflt.value:
            dflt = replace(dflt, value=_expr(b, e, dflt.value, f.loc))
        return replace(f, check=check, default=dflt)

    def entity(e: Entity) -> Entity:
        checks = tuple(replace(c, expression=_expr(b, e, c.expression, c.loc)) for c in e.checks)
        return replace(e, fields=tuple(field(e, f) for f in e.fields), checks=checks)

    return replace(schema, entities=tuple(entity(e) for e in schema.entities))


def as_named_for(schema: Schema, dialect: str) -> Schema:
    """`schema` with its index, unique and foreign key names as the DDL for `dialect` gives them.

    A name the spec uses twice where the target keeps one namespace gets `_2`, `_3`… in the DDL
    (noted as DM701); what the engine reads back carries that name. Nothing else changes.
    """
    renames = _namespace_renames(sql_entities(schema), get_dialect(dialect))
    if not renames:
        return schema

    def entity(e: Entity) -> Entity:
        def new(kind: str, name: str | None) -> str | None:
            return renames.get((e.name, kind, name or ""), name)

        return replace(
            e,
            indexes=tuple(replace(ix, name=new("index", ix.name) or ix.name) for ix in e.indexes),
            uniques=tuple(replace(u, name=new("unique", u.name)) for u in e.uniques),
            foreign_keys=tuple(replace(fk, name=new("fk", fk.name)) for fk in e.foreign_keys),
        )

    return replace(schema, entities=tuple(entity(e) for e in schema.entities))


def _holds_check(b: _Build, e: Entity, text: str, loc: Loc) -> bool:
    """False (and a note) for a CHECK the target cannot evaluate: SQLite has no REGEXP."""
    if b.dialect.name != "sqlite" or _same_family(b.schema.dialect, "sqlite"):
        return True
    import sqlglot
    from sqlglot import exp

    src = _SQLGLOT.get(get_dialect(b.schema.dialect).name, "postgres")
    try:
        tree = sqlglot.parse_one(text, read=src)
    except Exception:  # noqa: BLE001 - _expr notes what it cannot read
        return True
    if tree.find(exp.RegexpLike, exp.RegexpILike) is None:
        return True
    # https://www.sqlite.org/lang_expr.html#regexp: REGEXP needs an application function
    b.cannot("table", e.name, f"regular-expression CHECK of {e.table}: {text}", loc)
    return False


def _rowid_type(f: Field) -> bool:
    """True if SQLite declares `f` as exactly INTEGER (a one-column key of it is the rowid)."""
    k = f.type.kind
    return k is TypeKind.INTEGER or (f.type.is_integer and f.identity)


def _numbers_here(b: _Build, e: Entity, f: Field, is_pk: bool) -> bool:
    """Can the engine number identity column `f`? Only a key column, but on PostgreSQL.

    MySQL/MariaDB's AUTO_INCREMENT must lead a key the CREATE TABLE declares, and SQLite
    numbers only its rowid: an identity outside the primary key is noted, set by the app.
    """
    if is_pk or b.dialect.identity_any_column:
        return True
    b.cannot(
        "table",
        e.name,
        f"identity of {e.table}.{f.name} outside the primary key (set by the app)",
        f.loc,
    )
    return False


def _can_autoincrement(b: _Build, e: Entity, f: Field, single_pk: bool) -> bool:
    """SQLite numbers only a one-column INTEGER PRIMARY KEY (https://www.sqlite.org/autoinc.html)."""
    if b.dialect.name != "sqlite" or single_pk:
        return True
    b.cannot(
        "table",
        e.name,
        f"identity of {e.table}.{f.name} in a composite key (set by the app)",
        f.loc,
    )
    return False


def portable_now(node: Any) -> Any:
    """The current date / time as every engine spells it, not as one engine does.

    PostgreSQL's `'now'::date` / `'now'::timestamp` are no casts, and SQLite's
    `datetime('now')` / `date('now')` / `time('now')` are CURRENT_TIMESTAMP / CURRENT_DATE /
    CURRENT_TIME (https://www.sqlite.org/lang_datefunc.html: UTC, the same text).
    """
    from sqlglot import exp

    args = node.expressions if isinstance(node, exp.Anonymous) else ()
    if len(args) == 1 and isinstance(args[0], exp.Literal) and args[0].this.lower() == "now":
        made = {"DATETIME": exp.CurrentTimestamp, "TIME": exp.CurrentTime}.get(node.name.upper())
        if made is not None:
            return made()
    if isinstance(node, exp.Date) and not node.expressions:
        if isinstance(node.this, exp.Literal) and node.this.this.lower() == "now":
            return exp.CurrentDate()
    if isinstance(node, exp.Cast):
        inner = node.this
        while isinstance(inner, exp.Paren | exp.Cast) and inner.this is not None:
            inner = inner.this
        if isinstance(inner, exp.Literal) and inner.is_string and inner.this.lower() == "now":
            to = node.to.this
            if to is exp.DataType.Type.DATE:
                return exp.CurrentDate()
            if to in (exp.DataType.Type.TIMESTAMP, exp.DataType.Type.TIMESTAMPTZ):
                return exp.CurrentTimestamp()
    return node


def _computed(b: _Build, e: Entity, f: Field) -> Any:
    import sqlalchemy as sa

    g = f.generated
    assert g is not None
    stored = g.stored
    if b.dialect.name == "postgresql" and not stored:
        # PostgreSQL (before 18) has only STORED generated columns
        b.note("table", e.name, f"{e.table}.{f.name}: generated column is STORED here", f.loc)
        stored = True
    return sa.Computed(sa.text(_expr(b, e, g.expression, f.loc)), persisted=stored)


def _auto_update(b: _Build, e: Entity, f: Field, server_default: Any) -> Any:
    import sqlalchemy as sa

    if not _is_mysql(b.dialect):
        b.cannot(
            "table", e.name, f"ON UPDATE CURRENT_TIMESTAMP of {e.table}.{f.name} (a trigger)", f.loc
        )
        return server_default
    fsp = f.type.precision
    now = f"CURRENT_TIMESTAMP({fsp})" if fsp else "CURRENT_TIMESTAMP"
    head = str(server_default.text) if isinstance(server_default, sa.TextClause) else None
    if server_default is not None and head is None:  # a literal default
        return server_default  # SQLAlchemy cannot append ON UPDATE to a bound literal
    return sa.text(f"{head or 'NULL'} ON UPDATE {now}")


def _fk_rename(b: _Build, e: Entity, name: str | None) -> str | None:
    new = b.renames.get((e.name, "fk", name or ""), name)
    if name and new != name:
        b.note(
            "foreign_key",
            e.name,
            f"foreign key {name} on {e.table} is {new} here: {b.dialect.display} keeps foreign "
            "key names per database",
            e.loc,
        )
    return new


def _action(b: _Build, e: Entity, action: Action | None, what: str, loc: Loc) -> str | None:
    if action is None:
        return None
    if action is Action.SET_DEFAULT and _is_mysql(b.dialect):
        # https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html: InnoDB rejects it
        b.cannot("foreign_key", e.name, f"{what} SET DEFAULT (engine default used)", loc)
        return None
    return action.sql


def _table(b: _Build, e: Entity, tables: dict[str, Entity]) -> Any:
    import sqlalchemy as sa

    cols = []
    table_sqlite_autoincrement = False
    for f in e.fields:
        col, autoinc = _column(b, e, f)
        table_sqlite_autoincrement |= autoinc
        if col is not None:
            cols.append(col)
    args = _key_args(b, e) + _check_args(b, e) + _fk_args(b, e, tables)
    _tz_note(b, e)
    for name in b.unsigned_checks.get(e.name, ()):
        col_ref: Any = sa.column(name)
        args.append(sa.CheckConstraint(col_ref >= 0, info={_LOC: e.loc}))
    table_kw = _table_kwargs(b, e)
    if b.dry:
        return None
    if table_sqlite_autoincrement:
        table_kw["sqlite_autoincrement"] = True
    table = sa.Table(
        e.table,
        b.md,
        *cols,
        *args,
        comment=e.description or None,
        info={_LOC: e.loc, "pydev_entity": e.name},
        **table_kw,
    )
    if _inline_pk(e):
        table.primary_key.info[_INLINE_PK] = True
    return table


def _identity(b: _Build, e: Entity, f: Field, kw: dict[str, Any]) -> Any:
    """The named sequence numbering `f` on PostgreSQL (None: an identity, or none)."""
    import sqlalchemy as sa

    d = b.dialect
    if f.identity and d.name == "postgresql" and f.sequence:
        # a named sequence: applications call nextval('its name'), so it is kept as such
        seq = sa.Sequence(f.sequence, schema=e.schema, metadata=b.md)
        b.sequences.append((seq, e))
        return seq
    if f.identity and d.name == "postgresql":
        kw["identity"] = sa.Identity()
    elif f.identity and f.sequence:
        b.note(
            "table",
            e.name,
            f"sequence {f.sequence} of {e.table}.{f.name}: "
            "the engine's auto-increment numbers it here",
            f.loc,
        )
    return None


def _column(b: _Build, e: Entity, f: Field) -> tuple[Any, bool]:
    """The Column of field `f` (None in a dry build), and whether it is SQLite AUTOINCREMENT."""
    import sqlalchemy as sa

    d = b.dialect
    single_pk = len(e.primary_key) == 1
    is_pk = e.is_pk(f.name)
    if f.identity and not f.type.is_integer:
        # an identity / auto-increment numbers integers only (DM110): the app sets this one
        what = f"identity of {e.table}.{f.name} {f.type} (only an integer numbers itself)"
        b.cannot("table", e.name, what, f.loc)
        f = replace(f, identity=False)
    kw: dict[str, Any] = {}
    seq = _identity(b, e, f, kw)
    if f.generated is not None:
        kw["computed"] = _computed(b, e, f)
    server_default = _server_default(b, e, f)
    if seq is not None:
        server_default = seq.next_value()
    if f.auto_update:
        server_default = _auto_update(b, e, f, server_default)
    sqlite_autoincrement = False
    if f.identity and d.name == "sqlite" and f.options.get("sqlite", "autoincrement"):
        if not (is_pk and single_pk and f.type.is_integer):
            b.cannot("table", e.name, f"AUTOINCREMENT of {e.table}.{f.name}", f.loc)
        else:
            sqlite_autoincrement = True
    col_type = _shared_type(b, e, f)
    # autoincrement only where the spec says identity: never a surprise SERIAL
    autoincrement = (
        bool(f.identity)
        and seq is None  # a named sequence's nextval() default numbers it
        and _numbers_here(b, e, f, is_pk)
        and _can_autoincrement(b, e, f, single_pk)
    )
    nullable = f.nullable and not is_pk
    if nullable and "identity" in kw:  # GENERATED … AS IDENTITY NULL is refused
        b.cannot("table", e.name, f"NULL in identity {e.table}.{f.name} (NOT NULL)", f.loc)
        nullable = False
    if b.dry:
        return None, sqlite_autoincrement
    col = sa.Column(
        f.name,
        col_type,
        *(kw.values()),
        primary_key=is_pk,
        nullable=nullable,
        server_default=server_default,
        autoincrement=autoincrement,
        comment=f.description or None,
        info={
            _LOC: f.loc,
            _INLINE_PK: is_pk and single_pk and not e.primary_key_name,
            # SQLite accepts NULL in a non-INTEGER primary key unless NOT NULL is written
            # (https://www.sqlite.org/lang_createtable.html#the_primary_key); an INTEGER
            # one is the rowid, never NULL
            _KEEP_NOT_NULL: is_pk and d.name == "sqlite" and not _rowid_type(f),
        },
    )
    return col, sqlite_autoincrement


def _inline_pk(e: Entity) -> bool:
    """Is the primary key one unnamed column, written inline (`id UUID PRIMARY KEY`)?

    Its column says `primary_key=True`, so the table's own primary key constraint holds it
    already: no second constraint is built to replace it (`_table` marks that one inline).
    """
    pk = e.primary_key
    return len(pk) == 1 and not e.primary_key_name and e.field(pk[0]) is not None


def _key_args(b: _Build, e: Entity) -> list[Any]:
    """The primary key and the unique constraints (a renamed one noted)."""
    import sqlalchemy as sa

    single_pk = len(e.primary_key) == 1
    args: list[Any] = []
    if e.primary_key:
        _constraint_blobs(b, e, e.primary_key, f"the primary key of {e.table}", e.loc)
    for f in e.fields:
        if f.unique and not (single_pk and e.is_pk(f.name)):
            what = f"the unique key on {e.table}.{f.name}"
            _constraint_blobs(b, e, (f.name,), what, f.loc, unique=True)
    for u in e.uniques:
        what = f"unique constraint {u.name or ''} on {e.table}"
        _constraint_blobs(b, e, u.fields, what, u.loc, unique=True)
    if e.primary_key and not b.dry and not _inline_pk(e):
        args.append(
            sa.PrimaryKeyConstraint(
                *e.primary_key,
                # MySQL: always PRIMARY
                name=e.primary_key_name if not _is_mysql(b.dialect) else None,
                info={_INLINE_PK: single_pk and not e.primary_key_name},
            )
        )
    for f in e.fields if not b.dry else ():
        if f.unique and not (single_pk and e.is_pk(f.name)):
            args.append(sa.UniqueConstraint(f.name, info={_LOC: f.loc}))
    for u in e.uniques:
        name = b.renames.get((e.name, "unique", u.name or ""), u.name)
        if name != u.name:
            b.note(
                "table",
                e.name,
                f"unique constraint {u.name} on {e.table} is {name} here: {b.dialect.display} "
                "keeps one namespace for it and another table, index or key of that name",
                u.loc,
            )
        if not b.dry:
            args.append(sa.UniqueConstraint(*u.fields, name=name, info={_LOC: u.loc}))
    return args


def _check_args(b: _Build, e: Entity) -> list[Any]:
    """The field and table CHECKs the target can evaluate, in its dialect."""
    import sqlalchemy as sa

    args: list[Any] = []
    for f in e.fields:
        if f.check and _holds_check(b, e, f.check, f.loc):
            check = _expr(b, e, f.check, f.loc)
            if not b.dry:
                args.append(
                    sa.CheckConstraint(
                        check, name=generated_name("ck", e.table, (f.name,)), info={_LOC: f.loc}
                    )
                )
    for c in e.checks:
        if not _holds_check(b, e, c.expression, c.loc):
            continue
        check = _expr(b, e, c.expression, c.loc)
        if not b.dry:
            args.append(sa.CheckConstraint(check, name=c.name, info={_LOC: c.loc}))
    return args


def _fk_args(b: _Build, e: Entity, tables: dict[str, Entity]) -> list[Any]:
    """The foreign keys the target can hold (what it cannot, noted)."""
    import sqlalchemy as sa

    d = b.dialect
    args: list[Any] = []
    generated = fk_constraint_names(e)
    for i, fk in enumerate(e.foreign_keys):
        ref = b.schema.entity(fk.ref_entity)
        what = f"foreign key {e.table}({', '.join(fk.fields)}) -> {fk.ref_entity}"
        if ref is None or ref.name not in tables:
            b.cannot("foreign_key", e.name, f"{what} (not a SQL table here)", fk.loc)
            continue
        if (
            _is_mysql(d)
            and Action.SET_NULL in (fk.on_delete, fk.on_update)
            and any(not (x := e.field(c)) or not x.nullable for c in fk.fields)
        ):
            # https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html: InnoDB
            # refuses SET NULL on a NOT NULL column (errno 150); PostgreSQL fails at run time
            b.cannot("foreign_key", e.name, f"{what} SET NULL on a NOT NULL column", fk.loc)
            continue
        gap = _mysql_fk_gap(e, ref, fk) if _is_mysql(d) else None
        if gap:
            b.cannot("foreign_key", e.name, f"{what}: {gap}", fk.loc)
            continue
        fk_name = _fk_rename(b, e, fk.name)
        ondelete = _action(b, e, fk.on_delete, f"{what} ON DELETE", fk.loc)
        onupdate = _action(b, e, fk.on_update, f"{what} ON UPDATE", fk.loc)
        if b.dry:
            continue
        args.append(
            sa.ForeignKeyConstraint(
                list(fk.fields),
                # a parent in another schema is named with it (SQLite has one namespace)
                [
                    f"{ref.schema}.{ref.table}.{c}"
                    if ref.schema and d.name != "sqlite"
                    else f"{ref.table}.{c}"
                    for c in fk.ref_fields
                ],
                name=fk_name or generated[i],
                ondelete=ondelete,
                onupdate=onupdate,
                info={_LOC: fk.loc},
            )
        )
    return args


def _mysql_fk_gap(e: Entity, ref: Entity, fk: ForeignKey) -> str | None:
    """Why InnoDB refuses `fk` for its column types (errno 150), else None.

    "The size and sign of fixed precision types such as INTEGER and DECIMAL must be the same"
    (https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html); PostgreSQL
    accepts a bigint referencing an integer.
    """
    for name, ref_name in zip(fk.fields, fk.ref_fields, strict=False):
        f, r = e.field(name), ref.field(ref_name)
        if f is None or r is None:
            continue
        a, z = f.type, r.type
        exact = a.is_integer or a.kind is TypeKind.DECIMAL
        if exact and (a.kind, a.unsigned, a.precision, a.scale) != (
            z.kind,
            z.unsigned,
            z.precision,
            z.scale,
        ):
            same = "InnoDB needs the same size and sign"
            return f"{name} {a} references {ref.table}.{ref_name} {z} ({same})"
    return None


def _tz_note(b: _Build, e: Entity) -> None:
    tz = b.tz_columns.get(e.name)
    if tz and not _same_family(b.schema.dialect, b.dialect.name):
        names = ", ".join(n for n, _ in tz)
        b.cannot(
            "table",
            e.name,
            f"instants outside 1970-2038 in {e.table} ({names}): timestamp(tz) is TIMESTAMP",
            tz[0][1],
        )


def _table_kwargs(b: _Build, e: Entity) -> dict[str, Any]:
    """Engine options, schema and partitioning of the table (what does not apply, noted)."""
    d = b.dialect
    if e.options and not _is_mysql(d):
        mine = d.options_of(e.options)
        foreign = [(eng, k, v) for eng, items in e.options.items for k, v in items]
        foreign = [x for x in foreign if x[0] != d.name]
        if foreign and not mine:
            text = ", ".join(f"{eng} {k}={v}" for eng, k, v in foreign)
            b.note("table", e.name, f"{e.table}: engine options do not apply here ({text})", e.loc)
    table_kw: dict[str, Any] = {}
    if _is_mysql(d):
        for key, value in d.options_of(e.options).items():
            table_kw[f"{d.name}_{_MYSQL_TABLE_OPTIONS.get(key, key)}"] = value
    if e.schema and d.name != "sqlite":
        table_kw["schema"] = e.schema
        if _is_mysql(d):  # https://dev.mysql.com/doc/refman/8.0/en/create-database.html
            b.note(
                "table",
                e.name,
                f"{e.schema}.{e.table}: schema {e.schema} is a database here (create it first)",
                e.loc,
            )
    elif e.schema:
        b.cannot("table", e.name, f"schema {e.schema} of {e.table} (one namespace)", e.loc)
    table_kw.update(_partition_kwargs(b, e))
    _claim_table(b, e, table_kw)
    return table_kw


def _claim_table(b: _Build, e: Entity, table_kw: dict[str, Any]) -> None:
    """Two schemas' tables of one name, in a dialect with one namespace, are an input error."""
    key = f"{table_kw['schema']}.{e.table}" if "schema" in table_kw else e.table
    if key in b.table_keys:
        raise InputError(
            Problem(
                e.loc,
                f"{b.dialect.display} keeps all tables in one namespace: "
                f"{f'{e.schema}.{e.table}' if e.schema else f'{e.table} (no schema)'} clashes "
                f"with another table {e.table}",
                "use an engine with schemas (e.g. --db postgresql://…) or rename one table",
            )
        )
    b.table_keys.add(key)


def partition_by_sql(p: Partitioning, dialect: str) -> str:
    """`RANGE ("created_at")`: the method and the key names, quoted by the engine's preparer."""
    prep = sa_dialect(dialect).identifier_preparer
    return f"{p.method.value.upper()} ({', '.join(prep.quote(k) for k in p.key)})"


def partition_of_sql(schema: str | None, table: str, name: str, bound: str) -> str:
    """PostgreSQL's `CREATE TABLE part PARTITION OF parent bound`, every name quoted.

    No SQLAlchemy construct writes PARTITION OF. A partition lives in its parent's schema;
    the bound was read as one SQL clause when the spec loaded (spec/fragments.py).
    """
    prep = sa_dialect("postgresql").identifier_preparer
    parent = prep.quote(table)
    qname = prep.quote(name)
    if schema:
        parent = f"{prep.quote_schema(schema)}.{parent}"
        qname = f"{prep.quote_schema(schema)}.{qname}"
    return f"CREATE TABLE {qname} PARTITION OF {parent} {bound}"


def _partition_kwargs(b: _Build, e: Entity) -> dict[str, Any]:
    p = e.partitioning
    d = b.dialect
    if p is None:
        return {}
    method = p.method.value.upper()
    keys = ", ".join(p.key)
    if not d.partitioning:
        b.cannot("partition", e.name, f"partitioning of {e.table} by {method} ({keys})", p.loc)
        return {}
    by = partition_by_sql(p, d.name)  # the key names through the engine's quoting
    if d.name == "postgresql":
        return {"postgresql_partition_by": by}
    # MySQL / MariaDB: partitioned InnoDB tables take no foreign keys, either direction
    if e.foreign_keys or b.schema.children_of(e.name):
        b.cannot(
            "partition",
            e.name,
            f"partitioning of {e.table} (InnoDB partitioned tables have no foreign keys)",
            p.loc,
        )
        return {}
    if p.method is PartitionMethod.HASH and not p.partitions:
        # SQLAlchemy wants MariaDB's options under its own prefix
        return {f"{d.name}_partition_by": by, f"{d.name}_partitions": "4"}
    clause = mysql_partitions_clause(p)
    if clause is None:
        b.cannot(
            "partition",
            e.name,
            f"{method} partitions of {e.table} (bounds MariaDB cannot take)",
            p.loc,
        )
        return {}
    return {f"{d.name}_partition_by": clause}


_FROM_TO = re.compile(r"^\s*FOR\s+VALUES\s+FROM\s*\((.*)\)\s*TO\s*\((.*)\)\s*$", re.I | re.S)
_IN_LIST = re.compile(r"^\s*FOR\s+VALUES\s+IN\s*\((.*)\)\s*$", re.I | re.S)
_MODULUS = re.compile(
    r"^\s*FOR\s+VALUES\s+WITH\s*\(\s*MODULUS\s+\d+\s*,\s*REMAINDER\s+\d+\s*\)\s*$", re.I
)
_DEFAULT_BOUND = re.compile(r"^\s*DEFAULT\s*$", re.I)


def _bound_values(text: str) -> list[str] | None:
    """The values of a PostgreSQL bound list as MariaDB literals (None: not plain literals).

    Parsed by sqlglot and re-rendered by it, so nothing of the spec's text reaches the DDL
    as written; a timestamp with an offset becomes UTC without one (MariaDB's DATETIME).
    """
    import sqlglot
    from sqlglot import exp

    try:
        select = sqlglot.parse_one(f"SELECT {text}", read="postgres")
    except Exception:  # noqa: BLE001 - sqlglot raises several types; any means: not plain
        return None
    out: list[str] = []
    for node in select.expressions:
        while isinstance(node, exp.Cast | exp.Paren):
            node = node.this
        if isinstance(node, exp.Column) and node.name.upper() == "MAXVALUE":
            out.append("MAXVALUE")
        elif isinstance(node, exp.Boolean):
            out.append("1" if node.this else "0")
        elif isinstance(node, exp.Literal) and not node.is_string:
            out.append(str(float(node.this)) if "." in node.this else str(int(node.this)))
        elif isinstance(node, exp.Literal):
            value = node.this
            with contextlib.suppress(ValueError):
                moment = dt.datetime.fromisoformat(value)
                if moment.tzinfo is not None:
                    moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
                    value = moment.isoformat(sep=" ")
            out.append(exp.Literal.string(value).sql(dialect="mysql"))
        else:
            return None
    return out


def mysql_partitions_clause(p: Partitioning) -> str | None:
    """`RANGE COLUMNS (k) (PARTITION p VALUES LESS THAN (…), …)` from the model's partitions.

    A range partition becomes its upper bound (MariaDB ranges are contiguous; the DEFAULT
    partition is `LESS THAN (MAXVALUE)`), a list partition its values (`DEFAULT` kept),
    a hash partition its name (https://mariadb.com/kb/en/partitioning-types/).
    """
    from sqlalchemy.dialects.mysql.base import MySQLDialect

    prep = MySQLDialect().identifier_preparer  # backticks, inner ones doubled (MariaDB alike)
    keys = ", ".join(prep.quote(k) for k in p.key)
    parts: list[tuple[tuple[int, int], str]] = []
    for n, part in enumerate(p.partitions):
        name = prep.quote(part.name)
        if p.method is PartitionMethod.HASH:
            if not _MODULUS.match(part.bound):
                return None
            parts.append(((0, n), f"PARTITION {name}"))
        elif _DEFAULT_BOUND.match(part.bound):
            tail = "VALUES LESS THAN (MAXVALUE)" if p.method is PartitionMethod.RANGE else "DEFAULT"
            parts.append(((1, n), f"PARTITION {name} {tail}"))
        elif p.method is PartitionMethod.RANGE and (m := _FROM_TO.match(part.bound)):
            upper = _bound_values(m.group(2))
            if upper is None or len(upper) != len(p.key):
                return None
            parts.append(((0, n), f"PARTITION {name} VALUES LESS THAN ({', '.join(upper)})"))
        elif p.method is PartitionMethod.LIST and (m := _IN_LIST.match(part.bound)):
            values = _bound_values(m.group(1))
            if not values or len(p.key) != 1:
                return None
            parts.append(((0, n), f"PARTITION {name} VALUES IN ({', '.join(values)})"))
        else:
            return None
    if p.method is PartitionMethod.HASH:
        return f"HASH ({keys}) ({', '.join(text for _, text in parts)})"
    # ranges in the order written (a plan, a pg_dump: increasing, as MariaDB wants), DEFAULT last
    parts.sort(key=lambda x: x[0][0])
    return f"{p.method.value.upper()} COLUMNS ({keys}) ({', '.join(text for _, text in parts)})"


def _indexes(b: _Build, e: Entity, table: Any) -> None:
    import sqlalchemy as sa

    d = b.dialect
    for ix in e.indexes:
        what = f"index {ix.name} on {e.table}"
        kw = _index_kwargs(b, e, ix, what)
        if kw is None:
            continue
        method = kw.pop("_method")
        keys = _index_keys(b, e, ix, what, method, table, kw)
        name = b.renames.get((e.name, "index", ix.name), ix.name)
        if name != ix.name:
            b.note(
                "index",
                e.name,
                f"index {ix.name} on {e.table} is {name} here: {d.display} keeps one "
                "namespace for it and another table, index or key of that name",
                ix.loc,
            )
        if b.dry:
            continue
        index = sa.Index(name, *keys, unique=ix.unique, info={_LOC: ix.loc}, **kw)
        if index.table is None:  # only expression keys: nothing bound it to its table
            table.append_constraint(index)


def _index_kwargs(b: _Build, e: Entity, ix: Index, what: str) -> dict[str, Any] | None:
    """The dialect keywords of an index (its method under `_method`); None: left out, noted."""
    import sqlalchemy as sa

    d = b.dialect
    my = _is_mysql(d)
    method = ix.method
    if method not in d.index_methods:
        if method is not IndexMethod.HASH:
            b.cannot("index", e.name, f"{method.value} {what}", ix.loc)
            return None
        # a hash index only speeds up equality, which a B-tree serves as well
        b.cannot("index", e.name, f"hash method of {what} (B-tree)", ix.loc)
        method = IndexMethod.BTREE
    if any(k.expression for k in ix.fields) and not d.expression_indexes:
        b.cannot("index", e.name, f"expression keys of {what}", ix.loc)
        return None
    kw: dict[str, Any] = {"_method": method}
    if ix.where:
        if d.partial_indexes:
            kw[f"{d.sqlalchemy_name}_where"] = sa.text(_expr(b, e, ix.where, ix.loc))
        elif ix.unique:
            b.cannot("index", e.name, f"partial unique {what} WHERE {ix.where}", ix.loc)
            return None
        else:
            b.cannot("index", e.name, f"WHERE {ix.where} of {what} (full index)", ix.loc)
    if d.name == "postgresql" and method is not IndexMethod.BTREE:
        kw["postgresql_using"] = method.value
    if my and method is IndexMethod.HASH:
        kw[f"{d.name}_using"] = "hash"
    if my and method in (IndexMethod.FULLTEXT, IndexMethod.SPATIAL):
        kw[f"{d.name}_prefix"] = method.value.upper()
    return kw


def _index_keys(
    b: _Build,
    e: Entity,
    ix: Index,
    what: str,
    method: IndexMethod,
    table: Any,
    kw: dict[str, Any],
) -> list[Any]:
    """The key columns/expressions of an index; prefix lengths and operator classes into `kw`."""
    import sqlalchemy as sa

    d = b.dialect
    my = _is_mysql(d)
    lengths: dict[str, int] = {}
    ops: dict[str, str] = {}
    keys: list[Any] = []
    pg = d.name == "postgresql"
    for k in ix.fields:
        if k.expression:
            text = _expr(b, e, k.name, ix.loc)
            if k.opclass and pg:  # `lower(name) gin_trgm_ops`: postgresql_ops keys columns only
                text = f"{text} {_opclass(k.opclass)}"
            expr: Any = sa.text(f"({text})" if my else text)
        else:
            if b.dry:
                if e.field(k.name) is None:  # as `table.c[k.name]` would
                    raise KeyError(k.name)
            else:
                expr = table.c[k.name]
            hashed = ix.unique and d.limits.hashed_unique
            _key_length(b, e, k, what, method, lengths, ix.loc, hashed=hashed)
        _key_opclass(b, e, ix, k, method, what, ops)
        if not b.dry:
            keys.append(sa.desc(expr) if k.descending else expr)
    if my and method is IndexMethod.BTREE and not (ix.unique and d.limits.hashed_unique):
        plain = [(k.name, k.length) for k in ix.fields if not k.expression]
        _key_limits(b, e, plain, what, ix.loc)
    if lengths:
        kw[f"{d.name}_length"] = lengths
    if ops:
        kw["postgresql_ops"] = ops
    return keys


#: GiST and GIN have no operator class for plain scalar columns of their own: the extension
#: that brings one (https://www.postgresql.org/docs/current/btree-gist.html, btree-gin.html)
_SCALAR_NEEDS = {IndexMethod.GIST: "btree_gist", IndexMethod.GIN: "btree_gin"}
_SCALAR_KINDS = frozenset(TypeKind) - {TypeKind.JSON, TypeKind.ARRAY, TypeKind.NATIVE}


#: the operator classes PostgreSQL has built in (https://www.postgresql.org/docs/current/
#: indexes-opclass.html, btree/gist/gin/spgist/brin-builtin-opclasses): a type's own, the
#: pattern ones, and those of the index methods' own data
_PG_OPCLASS = re.compile(
    r"(?:int[248]|float[48]|numeric|text|varchar|bpchar|char|bytea|bool|date|timetz|time|"
    r"timestamptz|timestamp|interval|uuid|oid|name|money|macaddr8?|inet|cidr|bit|varbit|"
    r"pg_lsn|enum|record|tid|xid8|oidvector|array|jsonb|jsonb_path|tsvector|tsquery|range|"
    r"multirange|box|circle|point|poly|quad_point|kd_point|network|integer|float)"
    r"_(?:ops|pattern_ops|minmax_ops|minmax_multi_ops|bloom_ops|inclusion_ops)",
    re.I,
)


def _key_opclass(
    b: _Build,
    e: Entity,
    ix: Index,
    k: IndexField,
    method: IndexMethod,
    what: str,
    ops: dict[str, str],
) -> None:
    """A column key's operator class into `ops` (PostgreSQL); noted where it is lost.

    Also notes what the key needs beyond the core engine; an expression key carries its
    operator class in its own text.
    """
    if b.dialect.name != "postgresql":
        if k.opclass:
            b.cannot("index", e.name, f"operator class {k.opclass} of {what}", ix.loc)
        return
    _pg_key_notes(b, e, ix, k, method, what)
    if k.opclass and not k.expression:
        ops[k.name] = _opclass(k.opclass)


def _pg_key_notes(
    b: _Build, e: Entity, ix: Index, k: IndexField, method: IndexMethod, what: str
) -> None:
    """Note what a PostgreSQL index key needs beyond the core engine.

    An extension's operator class, or btree_gist/btree_gin for a GiST/GIN key on a scalar
    column.
    """
    if k.opclass:
        bare = k.opclass.rsplit(".", 1)[-1]
        if not _PG_OPCLASS.fullmatch(bare):
            b.note(
                "index",
                e.name,
                f"{what}: operator class {k.opclass} is not built into PostgreSQL: the "
                "extension that brings it (pg_trgm's gin_trgm_ops, …) must be installed first",
                ix.loc,
            )
        return
    if k.expression or method not in _SCALAR_NEEDS:
        return
    f = e.field(k.name)
    if f is None or f.type.kind not in _SCALAR_KINDS:
        return
    ext = _SCALAR_NEEDS[method]
    b.note(
        "index",
        e.name,
        f"{what}: {method.value.upper()} has no operator class for {k.name} ({f.type}) unless "
        f"the {ext} extension is installed (CREATE EXTENSION {ext})",
        ix.loc,
    )


def _opclass(name: str) -> str:
    """An operator class name as PostgreSQL reads it back: each part quoted when needed.

    The name is the spec's text: it reaches the DDL only through the engine's quoting.
    """
    prep = sa_dialect("postgresql").identifier_preparer
    return ".".join(prep.quote(part) for part in name.split("."))


def _key_length(
    b: _Build,
    e: Entity,
    k: IndexField,
    what: str,
    method: IndexMethod,
    lengths: dict[str, int],
    loc: Loc,
    *,
    hashed: bool = False,
) -> None:
    """A key's prefix length (MySQL), or the note that it is lost or required.

    `hashed`: the engine keeps this (unique) key as a hash, so TEXT needs no prefix.
    """
    my = _is_mysql(b.dialect)
    if k.length is not None:
        if my:
            lengths[k.name] = k.length
        else:
            b.cannot("index", e.name, f"prefix length {k} of {what} (whole key)", loc)
    elif my and method is IndexMethod.BTREE and _is_blob(b, e, k.name) and not hashed:
        # https://dev.mysql.com/doc/refman/8.0/en/column-indexes.html: TEXT/BLOB
        # keys need a prefix length (error 1170); the spec must choose it
        b.cannot(
            "index",
            e.name,
            f"{k.name} of {what} is TEXT/BLOB here: MySQL refuses it as a key "
            f"without a prefix length (write {k.name}(255))",
            loc,
        )


def _is_blob(b: _Build, e: Entity, name: str) -> bool:
    """True if field `name` is a TEXT or BLOB column on the build's (MySQL) dialect."""
    f = e.field(name)
    if f is None:
        return False
    t = f.type
    return (
        t.kind is TypeKind.TEXT
        or (t.kind is TypeKind.BYTES and t.length is None)
        or (t.kind is TypeKind.STRING and t.length is not None and t.length > MYSQL_MAX_VARCHAR)
        or (t.kind is TypeKind.NATIVE and not _same_family(b.schema.dialect, b.dialect.name))
    )


#: what an integer key column takes in an InnoDB key, in bytes
_INT_BYTES = {
    TypeKind.TINYINT: 1,
    TypeKind.SMALLINT: 2,
    TypeKind.MEDIUMINT: 3,
    TypeKind.INTEGER: 4,
    TypeKind.BIGINT: 8,
}


def _key_bytes(b: _Build, e: Entity, keys: list[tuple[str, int | None]]) -> int:
    """A lower bound of an index key's size on MySQL: (column, prefix length) pairs."""
    d = b.dialect
    total = 0
    for name, prefix in keys:
        f = e.field(name)
        if f is None:
            continue
        t = f.type
        per_char = d.limits.char_bytes(d.charset_of(e.options, f.options, f.collation))
        if t.kind in (TypeKind.STRING, TypeKind.CHAR):
            default = MYSQL_DEFAULT_VARCHAR if t.kind is TypeKind.STRING else 1
            total += min(prefix or t.length or default, t.length or default) * per_char
        elif t.kind in (TypeKind.BINARY, TypeKind.BYTES) and (prefix or t.length):
            total += min(x for x in (prefix, t.length) if x)
        elif t.kind is TypeKind.TEXT and prefix:
            total += prefix * per_char
        else:
            total += _INT_BYTES.get(t.kind, 0)
    return total


def _key_limits(
    b: _Build, e: Entity, keys: list[tuple[str, int | None]], what: str, loc: Loc
) -> None:
    """Note a key the engine refuses: over its byte limit (MySQL error 1071)."""
    limit = b.dialect.limits.key_bytes
    size = _key_bytes(b, e, keys) if limit else 0
    if limit and size > limit:
        b.cannot(
            "index",
            e.name,
            f"{what} takes at least {size} bytes here, over InnoDB's {limit}-byte keys (shorten "
            "its strings, give prefix lengths, or use a narrower character set)",
            loc,
        )


def _constraint_blobs(
    b: _Build, e: Entity, fields: tuple[str, ...], what: str, loc: Loc, *, unique: bool = False
) -> None:
    """Note a key constraint on TEXT/BLOB columns (MySQL error 1170) or over the key limit."""
    if not _is_mysql(b.dialect) or (unique and b.dialect.limits.hashed_unique):
        return
    for name in fields:
        if _is_blob(b, e, name):
            b.cannot(
                "table",
                e.name,
                f"{name} of {what} is TEXT/BLOB here: MySQL refuses it in a key without a "
                f"prefix length (give it a length: type: string(255))",
                loc,
            )
    _key_limits(b, e, [(name, None) for name in fields], what, loc)


def _namespace_renames(entities: tuple[Entity, ...], d: Dialect) -> dict[tuple[str, str, str], str]:
    """Names a target keeps in one namespace that the spec uses twice: (entity, kind, name) -> new.

    PostgreSQL keeps tables, indexes and the indexes of unique and primary key constraints in
    one namespace per schema (https://www.postgresql.org/docs/current/sql-createindex.html);
    MySQL/MariaDB keep foreign key names per database (InnoDB) and index names per table;
    SQLite keeps index names per database. A clashing index or foreign key gets `_2`, `_3`…
    """
    ns = _Namespaces()
    pg = d.name == "postgresql"
    for e in entities:  # what cannot be renamed claims first: tables, primary key names
        if pg:
            ns.claim(e.schema or "", e.table)
            if e.primary_key_name:
                ns.claim(e.schema or "", e.primary_key_name)
    for e in entities:
        space = e.schema or ""
        for u in e.uniques if pg else ():  # a named UNIQUE is an index of the schema's namespace
            if u.name:
                ns.rename(e, "unique", space, u.name)
        where = f"{space}.{e.table}" if _is_mysql(d) else space
        for ix in e.indexes:
            ns.rename(e, "index", space if pg else f"ix:{where}", ix.name)
        for fk in e.foreign_keys if _is_mysql(d) else ():
            if fk.name:
                ns.rename(e, "fk", f"fk:{space}", fk.name)
    return ns.out


@dataclass
class _Namespaces:
    """Names taken per namespace, and the renames (entity, kind, name) -> new name."""

    taken: dict[str, set[str]] = field(default_factory=dict)
    out: dict[tuple[str, str, str], str] = field(default_factory=dict)

    def claim(self, space: str, name: str) -> str:
        """`name`, or `name_2`, `name_3`… when `space` already holds it (case-insensitively)."""
        names = self.taken.setdefault(space, set())
        new, i = name, 2
        while new.lower() in names:
            new, i = f"{name}_{i}", i + 1
        names.add(new.lower())
        return new

    def rename(self, e: Entity, kind: str, space: str, name: str) -> None:
        new = self.claim(space, name)
        if new != name:
            self.out[(e.name, kind, name)] = new


def _build(
    schema: Schema,
    dialect: str,
    only: frozenset[str] | None = None,
    *,
    dry: bool = False,
    sequences: bool | None = None,
) -> _Build:
    """Translate the entities of `schema` (those in `only` when given) for `dialect`.

    With `dry`, every translation step that writes a note runs, in the same order, but no
    Table, Column or Index is made: `b.notes` is what a full build writes, `b.md` stays empty.
    """
    import sqlalchemy as sa

    d = get_dialect(dialect)
    entities = sql_entities(schema)
    b = _Build(schema, d, sa.MetaData(info={"pydev_dialect": d.name}), entities, dry=dry)
    b.renames = _namespace_renames(entities, d)
    if only is None if sequences is None else sequences:  # the spec's own: with one part
        _standalone_sequences(b)
    tables = {e.name: e for e in entities}
    for e in entities:
        if only is not None and e.name not in only:
            continue
        try:
            table = _table(b, e, tables)
            _indexes(b, e, table)
        except (sa.exc.ArgumentError, KeyError) as exc:
            raise InputError(Problem(e.loc, f"cannot build table {e.table}: {exc}")) from None
    if only is not None:
        _stub_targets(b, only, tables)
    return b


#: SQLAlchemy's `Sequence` keywords where they differ from the spec's keys
SEQUENCE_KEYWORDS = {"min": "minvalue", "max": "maxvalue"}


def sequence_kwargs(q: Sequence) -> dict[str, Any]:
    """The keyword arguments of `sa.Sequence` for the spec's sequence `q` (those it sets)."""
    kw: dict[str, Any] = {SEQUENCE_KEYWORDS.get(k, k): v for k, v in q.settings()}
    if q.cycle:
        kw["cycle"] = True
    return kw


def sequence_schema(schema: Schema, q: Sequence) -> str | None:
    """The schema the DDL creates sequence `q` in: its own when a table of the spec is there.

    Elsewhere it is created where the tables are (the current schema): the DDL never reaches
    into a schema the spec's tables do not use, and verify's sandbox holds the sequence too.
    """
    homes = {e.schema for e in sql_entities(schema) if e.schema}
    return q.schema if q.schema in homes else None


def _standalone_sequences(b: _Build) -> None:
    """The spec's sequences: CREATE SEQUENCE where the engine has them, else a note each."""
    import sqlalchemy as sa

    d = b.dialect
    for q in b.schema.sequences:
        shown = f"{q.schema}.{q.name}" if q.schema else q.name
        if not d.sequences:
            b.cannot("sequence", None, f"sequence {shown} (numbers set by the app)", q.loc)
            continue
        schema = sequence_schema(b.schema, q)
        if q.schema and schema is None:
            b.note("sequence", None, f"sequence {shown}: no table of the spec is in schema "
                   f"{q.schema}, so it is created with the tables", q.loc)  # fmt: skip
        elif schema and not d.schemas:  # https://mariadb.com/kb/en/create-sequence/
            b.note("sequence", None, f"sequence {shown}: schema {schema} is a database here "
                   "(create it first)", q.loc)  # fmt: skip
        if not b.dry:
            seq = sa.Sequence(q.name, schema=schema, metadata=b.md, **sequence_kwargs(q))
            b.standalone.append((seq, q))


def _stub_targets(b: _Build, only: frozenset[str], tables: dict[str, Entity]) -> None:
    """Name-only tables for the FK targets a partial build did not build.

    A foreign key compiles to `REFERENCES table (column)`: the target table's name, schema
    and column names are all it reads, so a stub with every field name as a column compiles
    exactly as the real table would.
    """
    import sqlalchemy as sa

    wanted: dict[str, Entity] = {}
    for name in only:
        e = tables.get(name)
        for fk in e.foreign_keys if e is not None else ():
            ref = b.schema.entity(fk.ref_entity)
            if ref is not None and ref.name in tables and ref.name not in only:
                wanted.setdefault(ref.name, ref)
    for ref in wanted.values():
        kw: dict[str, Any] = {}
        if ref.schema and b.dialect.name != "sqlite":
            kw["schema"] = ref.schema
        cols = [sa.Column(f.name, sa.Integer()) for f in ref.fields]
        sa.Table(ref.table, b.md, *cols, info={"pydev_stub": ref.name}, **kw)


@gc_paused()
def build_metadata(schema: Schema, dialect: str) -> sa.MetaData:
    """SQLAlchemy MetaData of the relational entities of `schema`, typed for `dialect`.

    Document and key-value entities are left out. Each Table/Column/Index/Constraint carries
    its spec location in `info["pydev_loc"]`.

    Args:
        schema: the model.
        dialect: postgresql, sqlite, mysql or mariadb (aliases accepted).
    """
    md: sa.MetaData = _build(schema, dialect).md
    return md


def cannot_hold(schema: Schema, dialect: str) -> list[tuple[str, Loc, str | None]]:
    """What `dialect` cannot hold of `schema`, and what it becomes: (text, spec location, entity).

    The same notes the DDL carries as `-- ` comments, from the translation alone (nothing is
    compiled, no Table is built), in spec order.
    """
    return _noted(_build(schema, dialect, dry=True))


def _noted(b: _Build) -> list[tuple[str, Loc, str | None]]:
    """The notes of a build as (text, spec location, entity), in spec order."""
    out = [(text, loc, entity) for (_, entity), items in b.notes.items() for text, loc in items]
    return _in_spec_order(b.entities, out)


def _in_spec_order(
    entities: Iterable[Entity], notes: list[tuple[str, Loc, str | None]]
) -> list[tuple[str, Loc, str | None]]:
    order = {e.name: i for i, e in enumerate(entities)}
    return sorted(notes, key=lambda x: (order.get(x[2] or "", -1), x[1].line, x[1].col))


def joined_notes(
    schema: Schema, slices: Iterable[list[tuple[str, Loc, str | None]]]
) -> list[tuple[str, Loc, str | None]]:
    """`cannot_hold` of `schema` from the notes of slices (`part(...).noted`) covering it once.

    Each slice notes its own entities (the first one the spec's sequences too), in the order
    of one whole build; a stable sort by the same key merges them into that order.
    """
    return _in_spec_order(sql_entities(schema), [x for s in slices for x in s])


# -- compiling --------------------------------------------------------------------------------
def sa_dialect(dialect: str) -> Any:
    """A SQLAlchemy dialect instance for `dialect` whose DDL compiler inlines a one-column PK."""
    from sqlalchemy.engine import URL

    d = get_dialect(dialect)
    # registry names are SQLAlchemy's backend names; the "named" paramstyle keeps the DDL's text
    # as written: pyformat drivers (psycopg, pymysql) would make the compiler double every %
    inst = URL.create(d.name).get_dialect()(paramstyle="named")  # type: ignore[call-arg]
    base = inst.ddl_compiler

    class SeedDDLCompiler(base):  # type: ignore[misc, valid-type]
        """`id UUID PRIMARY KEY DEFAULT …` as in the seed, instead of a trailing PRIMARY KEY."""

        def get_column_specification(self, column: Any, **kw: Any) -> str:
            spec: str = super().get_column_specification(column, **kw)
            if not column.info.get(_INLINE_PK):
                return spec
            head: str = self.preparer.format_column(column) + " "
            head += _type_sql(self.dialect, column)
            if not spec.startswith(head):
                return spec
            rest = spec[len(head) :]
            if " PRIMARY KEY" in rest:  # SQLite's AUTOINCREMENT form already has it
                return spec
            if column.info.get(_KEEP_NOT_NULL):
                return head + " PRIMARY KEY" + rest
            return head + " PRIMARY KEY" + rest.replace(" NOT NULL", "", 1)

        def visit_primary_key_constraint(self, constraint: Any, **kw: Any) -> str | None:
            if constraint.info.get(_INLINE_PK) and len(constraint.columns) == 1:
                return None
            text: str | None = super().visit_primary_key_constraint(constraint, **kw)
            return text

    inst.ddl_compiler = SeedDDLCompiler
    inst.type_compiler_instance = inst.type_compiler = _once_per_type(inst.type_compiler_instance)
    return inst


def _once_per_type(compiler: Any) -> Any:
    """`compiler` (a dialect's type compiler) spelling each shared type instance once.

    `_shared_type` gives the columns of one field type one instance, and a type's spelling
    depends on the type and the dialect alone (the type compilers read the column they are
    passed for no type but schema types and arrays, which get an instance per column and are
    compiled every time), so 40,000 columns cost a handful of type compilations.
    """
    import sqlalchemy as sa

    base = type(compiler)

    class OncePerType(base):  # type: ignore[misc, valid-type]
        def process(self, type_: Any, **kw: Any) -> str:
            if isinstance(type_, sa.types.SchemaType | sa.ARRAY) or not kw.keys() <= _TYPE_KW:
                text: str = super().process(type_, **kw)
                return text
            key = (id(type_), id(kw.get("identifier_preparer")))
            memo: dict[tuple[int, int], tuple[Any, str]] = self._pydev_memo
            hit = memo.get(key)
            if hit is None or hit[0] is not type_:  # the instance is kept: its id stays unique
                hit = memo[key] = (type_, super().process(type_, **kw))
            return hit[1]

    out = OncePerType(compiler.dialect)
    out._pydev_memo = {}
    return out


#: the keywords a type compiler is called with that do not change a shared type's spelling
_TYPE_KW = frozenset({"type_expression", "identifier_preparer"})


def _type_sql(dialect: Any, column: Any) -> str:
    """The column's type as the dialect spells it (compiled once per shared type instance)."""
    text: str = dialect.type_compiler_instance.process(column.type, type_expression=column)
    return text


_TRAILING = re.compile(r"[ \t]+$", re.M)


def _tidy(sql: str) -> str:
    """SQLAlchemy's layout with 4-space indents and no trailing blanks."""
    if not _LINE_BREAKS.search(sql):  # one line (an index, a foreign key): nothing to lay out
        return sql.strip()
    lines = [("    " + ln[1:]) if ln.startswith("\t") else ln for ln in sql.strip().splitlines()]
    text = _TRAILING.sub("", "\n".join(lines)).strip()
    # table options (PARTITION BY, COMMENT=, ENGINE) follow the closing parenthesis on its line
    return re.sub(r"\n\)\s*(?=\S)", "\n) ", text)


def _compile(ddl: Any, dialect: Any, loc: Loc) -> str:
    """`str(ddl.compile(dialect=dialect))`, tidied, by one DDL compiler per dialect instance.

    `ddl.compile` makes a compiler for each statement (a third of the compile time of a big
    model); a DDL compiler holds no state between the statements it visits, so the one made
    for the first statement compiles every other one to the same text.
    """
    import sqlalchemy as sa

    compiler = dialect.__dict__.get("_pydev_ddl_compiler")
    if compiler is None:
        compiler = dialect.__dict__["_pydev_ddl_compiler"] = dialect.ddl_compiler(dialect, None)
    try:
        return _tidy(compiler.process(ddl) or "")
    except sa.exc.SQLAlchemyError as exc:
        raise InputError(Problem(loc, f"cannot compile DDL: {exc}")) from None


def _loc(item: Any, fallback: Loc) -> Loc:
    loc = item.info.get(_LOC) if hasattr(item, "info") else None
    return loc if isinstance(loc, Loc) else fallback


@dataclass
class _Parts:
    """The statements of some entities, by group and entity name, before assembly."""

    enums: list[tuple[int, int, str, Statement]]  # (entity position, first use, name, stmt)
    groups: dict[str, dict[str, list[Statement]]]  # group title -> entity name -> statements
    sequences: list[Statement] = field(default_factory=list)  # the spec's own, and their notes
    noted: list[tuple[str, Loc, str | None]] = field(default_factory=list)  # as cannot_hold


_GROUPS = ("tables", "indexes", "foreign keys", "comments")


def _parts(
    schema: Schema,
    dialect: str,
    only: frozenset[str] | None = None,
    *,
    with_sequences: bool | None = None,
) -> _Parts:
    """Compile the statements of the entities in `only` (all when None), per entity.

    `with_sequences`: with the spec's own sequences (by default when `only` is None).
    """
    from sqlalchemy.schema import CreateIndex, CreateSequence

    b = _build(schema, dialect, only, sequences=with_sequences)
    sad = sa_dialect(dialect)
    tables = {t.info["pydev_entity"]: t for t in b.md.tables.values() if "pydev_entity" in t.info}
    groups: dict[str, dict[str, list[Statement]]] = {g: {} for g in _GROUPS}
    # spec order everywhere: SQLite resolves inline REFERENCES only when rows are written, so a
    # table may name one created after it (https://www.sqlite.org/foreignkeys.html, section 3)
    for e in b.entities:
        if e.name not in tables:
            continue
        t = tables[e.name]
        groups["tables"][e.name] = _table_part(b, e, t, sad)
        part = []
        spec_order = {ix.name: i for i, ix in enumerate(e.indexes)}
        for ix in sorted(t.indexes, key=lambda i: spec_order.get(str(i.name), 0)):
            loc = _loc(ix, e.loc)
            part.append(Statement(_compile(CreateIndex(ix), sad, loc), "index", e.name, loc))
        groups["indexes"][e.name] = part + _notes(b, "index", e.name)
        groups["foreign keys"][e.name] = _fk_part(b, e, t, sad) + _notes(b, "foreign_key", e.name)
        groups["comments"][e.name] = _comment_part(b, e, t, sad)
    standalone = [
        Statement(_compile(CreateSequence(seq), sad, q.loc), "sequence", None, q.loc)
        for seq, q in b.standalone
    ]
    sequences = standalone + _notes(b, "sequence", None)
    return _Parts(_type_statements(b, sad), groups, sequences, _noted(b))


def _notes(b: _Build, group: str, entity: str | None) -> list[Statement]:
    """The notes of a group as `-- ` statements."""
    return [
        Statement(sql_comment(text), "note", entity, loc)
        for text, loc in b.notes.get((group, entity), [])
    ]


def _type_statements(b: _Build, sad: Any) -> list[tuple[int, int, str, Statement]]:
    """CREATE TYPE of the enums and CREATE SEQUENCE of named identity sequences, by first use."""
    from sqlalchemy.dialects.postgresql.named_types import CreateEnumType
    from sqlalchemy.schema import CreateSequence

    position = {e.name: i for i, e in enumerate(b.entities)}
    enums = [
        (
            position[e.name],
            i,
            key,
            Statement(_compile(CreateEnumType(enum), sad, e.loc), "type", e.name, e.loc),
        )
        for i, (key, (enum, e)) in enumerate(b.enums.items())
    ]
    enums += [
        (
            position[e.name],
            len(enums) + i,
            f"sequence {seq.schema or ''}.{seq.name}",
            Statement(_compile(CreateSequence(seq), sad, e.loc), "type", e.name, e.loc),
        )
        for i, (seq, e) in enumerate(b.sequences)
    ]
    return enums


def _table_part(b: _Build, e: Entity, t: Any, sad: Any) -> list[Statement]:
    """CREATE TABLE, its notes, its PostgreSQL partitions and their notes."""
    from sqlalchemy.schema import CreateTable

    inline_fks = not b.dialect.alter_add_foreign_key
    create = CreateTable(t) if inline_fks else CreateTable(t, include_foreign_key_constraints=[])
    part = [Statement(_compile(create, sad, e.loc), "table", e.name, e.loc)]
    part += _notes(b, "table", e.name)
    if e.partitioning is not None and b.dialect.name == "postgresql":
        for pt in e.partitioning.partitions:
            sql = partition_of_sql(t.schema, t.name, pt.name, pt.bound)
            part.append(Statement(sql, "partition", e.name, e.partitioning.loc))
    return part + _notes(b, "partition", e.name)


def _fk_part(b: _Build, e: Entity, t: Any, sad: Any) -> list[Statement]:
    """ALTER TABLE … ADD CONSTRAINT of the foreign keys, in spec order (none when inline)."""
    from sqlalchemy.schema import AddConstraint

    if not b.dialect.alter_add_foreign_key:
        return []
    part = []
    fk_order = {name: i for i, name in enumerate(fk_constraint_names(e))}
    for fkc in sorted(t.foreign_key_constraints, key=lambda c: fk_order.get(str(c.name), 0)):
        loc = _loc(fkc, e.loc)
        part.append(Statement(_compile(AddConstraint(fkc), sad, loc), "foreign_key", e.name, loc))
    return part


def _comment_part(b: _Build, e: Entity, t: Any, sad: Any) -> list[Statement]:
    """COMMENT ON of PostgreSQL (MySQL/MariaDB keep them inline, SQLite has none)."""
    from sqlalchemy.schema import SetColumnComment, SetTableComment

    part: list[Statement] = []
    if b.dialect.name != "postgresql":
        return part
    if t.comment:
        part.append(Statement(_compile(SetTableComment(t), sad, e.loc), "comment", e.name, e.loc))
    for c in t.columns:
        if c.comment:
            loc = _loc(c, e.loc)
            part.append(Statement(_compile(SetColumnComment(c), sad, loc), "comment", e.name, loc))
    return part


def head_sections(
    enums: list[tuple[int, int, str, Statement]], sequences: list[Statement]
) -> list[Section]:
    """The types and sequences sections from slices' enums and sequences.

    An enum's CREATE TYPE comes where it is first used, in spec order, once.
    """
    seen: set[str] = set()
    types: list[Statement] = []
    for _, _, name, st in sorted(enums, key=lambda x: (x[0], x[1])):
        if name not in seen:
            seen.add(name)
            types.append(st)
    out = [Section("types", tuple(types))] if types else []
    return out + ([Section("sequences", tuple(sequences))] if sequences else [])


def inline_fk_note(schema: Schema, d: Dialect) -> str | None:
    """The note heading the foreign keys where the engine declares them inside CREATE TABLE."""
    if d.alter_add_foreign_key or not any(e.foreign_keys for e in sql_entities(schema)):
        return None
    return f"-- {d.display}: foreign keys are declared inside CREATE TABLE (no ALTER TABLE)"


def _assemble(schema: Schema, dialect: str, parts: list[_Parts]) -> tuple[Section, ...]:
    """The sections from parts that together cover every SQL entity once."""
    d = get_dialect(dialect)
    entities = sql_entities(schema)
    out = head_sections(
        [x for p in parts for x in p.enums], [st for p in parts for st in p.sequences]
    )

    def merged(group: str) -> list[Statement]:
        by_entity: dict[str, list[Statement]] = {}
        for p in parts:
            by_entity.update(p.groups[group])
        return [st for e in entities for st in by_entity.get(e.name, ())]

    out.append(Section("tables", tuple(merged("tables")), per_entity=True))
    index_part = merged("indexes")
    if index_part:
        out.append(Section("indexes", tuple(index_part)))
    fk_part = merged("foreign keys")
    note = inline_fk_note(schema, d)
    if note is not None:
        fk_part.insert(0, Statement(note, "note", None, schema.loc))
    if fk_part:
        out.append(Section("foreign keys", tuple(fk_part)))
    comments = merged("comments")
    if comments:
        out.append(Section("comments", tuple(comments)))
    return tuple(out)


@gc_paused()
def sections(schema: Schema, dialect: str) -> tuple[Section, ...]:
    """The DDL of `schema` for `dialect`, grouped as the seed prints it, in execution order.

    Groups: types (PostgreSQL enums), tables (one per entity, with its partitions and notes),
    indexes, foreign keys, comments.
    """
    return _assemble(schema, dialect, [_parts(schema, dialect)])


@gc_paused()
def sections_in_parts(schema: Schema, dialect: str, parts: int) -> tuple[Section, ...]:
    """`sections`, compiled as `parts` slices of the entities (what a worker each computes)."""
    return assemble(schema, dialect, [part(schema, dialect, i, parts) for i in range(parts)])


@gc_paused()
def part(schema: Schema, dialect: str, i: int, parts: int) -> _Parts:
    """The statements of slice `i` of `parts` of the SQL entities, in spec order.

    The first slice also holds the spec's own sequences; `assemble` puts the slices together
    as `sections` has them.
    """
    names = [e.name for e in sql_entities(schema)]
    size = -(-len(names) // parts)
    only = frozenset(names[i * size : (i + 1) * size])
    return _parts(schema, dialect, only, with_sequences=i == 0)


def assemble(schema: Schema, dialect: str, parts: list[_Parts]) -> tuple[Section, ...]:
    """The sections of slices from `part` that together cover every SQL entity once."""
    return _assemble(schema, dialect, parts)


@gc_paused()
def sections_and_notes(
    schema: Schema, dialect: str
) -> tuple[tuple[Section, ...], list[tuple[str, Loc, str | None]]]:
    """`sections` and `cannot_hold` of `schema` from one translation (one build for both)."""
    parts = _parts(schema, dialect)
    return _assemble(schema, dialect, [parts]), parts.noted


def statements(schema: Schema, dialect: str) -> list[Statement]:
    """The DDL of `schema` for `dialect` in execution order, compiled by SQLAlchemy.

    Order: PostgreSQL enum types, CREATE TABLE per entity (with its partitions), CREATE INDEX,
    ALTER TABLE … ADD CONSTRAINT fk_… (inline in CREATE TABLE on SQLite), COMMENT ON. What the
    dialect cannot express is a `note` statement (a `-- ` comment) at the place it belongs.

    Raises:
        InputError: the model cannot be compiled (e.g. an identifier too long), at its spec line.
    """
    return [st for sec in sections(schema, dialect) for st in sec.statements]


__all__ = [
    "MYSQL_DEFAULT_VARCHAR",
    "MYSQL_OWN_INTEGERS",
    "Section",
    "Statement",
    "StatementKind",
    "as_named_for",
    "as_written_for",
    "assemble",
    "head_sections",
    "inline_fk_note",
    "joined_notes",
    "build_metadata",
    "cannot_hold",
    "column_type",
    "partition_by_sql",
    "partition_of_sql",
    "sa_dialect",
    "sections",
    "part",
    "sections_and_notes",
    "sections_in_parts",
    "sequence_schema",
    "statements",
]
