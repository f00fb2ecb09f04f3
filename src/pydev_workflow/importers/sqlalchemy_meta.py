"""The one translation from SQLAlchemy MetaData (declared or reflected) into the frozen model."""

# lazy: sqlalchemy — lint-doc loads this module (through the SQL block's importer) without it
from __future__ import annotations

import re
import sys
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from dataclasses import field as dc_field
from enum import Enum
from functools import cache
from typing import TYPE_CHECKING, Any

from pydev_workflow.dialects import get_dialect
from pydev_workflow.dialects.adapter import adapter_for, dialect_kwarg, kwarg_prefixes
from pydev_workflow.importers.base import JSON_AS_JSONB, ImportResult, fold_names
from pydev_workflow.importers.names import engine_named
from pydev_workflow.importers.sqlsplit import balanced
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
    Generated,
    Index,
    IndexField,
    IndexMethod,
    Options,
    Relationship,
    Schema,
    TypeKind,
    UniqueConstraint,
)
from pydev_workflow.model.schema import NO_OPTIONS
from pydev_workflow.model.schema import Sequence as ModelSequence
from pydev_workflow.spec.resolve import resolve

if TYPE_CHECKING:
    import sqlalchemy as sa

_NOW = {
    "now()",
    "current_timestamp",
    "current_timestamp()",
    "localtimestamp",
    "localtimestamp()",
    "transaction_timestamp()",
    "statement_timestamp()",
}
_UUID = {"gen_random_uuid()", "uuid()", "uuid_generate_v4()", "sys_guid()", "uuid_v4()"}
_CAST = re.compile(r"^(.*?)::[\w\s\".\[\]()]+$", re.S)
_TIMESTAMP_PRECISION = re.compile(r"^current_timestamp\(\d+\)$")
# columns that may sit next to the two foreign keys of a pure junction table
_JUNCTION_EXTRA = {"created_at", "updated_at", "created", "added_at", "id"}


_LEAVES = frozenset({str, int, float, bool, type(None)})


def plain_strings(obj: Any) -> Any:
    """`obj` with every str subclass (SQLAlchemy's `quoted_name`) turned into a plain `str`.

    The one place SQLAlchemy's name objects become plain strings: every reflection result and
    every translated model passes through it, so no `quoted_name` reaches the model (the YAML
    dumper cannot represent it). Walks dicts, lists, tuples and dataclasses. Reflection results
    are large: dicts and lists are fixed in place (a dict is rebuilt only when a key needs it)
    and plain values are passed over without a call; tuples and frozen dataclasses are copied
    only when something in them changed.
    """
    kind = type(obj)
    leaves = _LEAVES
    if kind in leaves:
        return obj
    if kind is dict:
        return _plain_dict(obj)
    if kind is list:
        for i, x in enumerate(obj):
            if type(x) not in leaves:
                obj[i] = plain_strings(x)
        return obj
    if kind is tuple:
        return tuple(x if type(x) in leaves else plain_strings(x) for x in obj)
    if isinstance(obj, str):
        return str.__str__(obj)
    if hasattr(kind, "__dataclass_fields__") and not isinstance(obj, Enum):
        changes = {}
        for f in fields(obj):
            value = getattr(obj, f.name)
            fixed = plain_strings(value)
            if fixed is not value:
                changes[f.name] = fixed
        return replace(obj, **changes) if changes else obj
    return obj  # SQLAlchemy type objects, enums, …: nothing to fix


def _plain_dict(obj: dict[Any, Any]) -> dict[Any, Any]:
    """`plain_strings` of a dict: values fixed in place, rebuilt only when a key needs it."""
    leaves = _LEAVES
    keys_plain = True
    for k, v in obj.items():
        if type(k) not in leaves and (
            type(k) is not tuple or any(type(x) not in leaves for x in k)
        ):
            keys_plain = False  # (schema, table) keys of plain str are fine
        if type(v) not in leaves:
            obj[k] = plain_strings(v)  # same keys: allowed while iterating
    return obj if keys_plain else {plain_strings(k): v for k, v in obj.items()}


_WORD_BREAK = re.compile(r"[^0-9A-Za-z]+")


@cache
def _pascal(name: str) -> str:
    parts = _WORD_BREAK.split(name)
    out = "".join(p[:1].upper() + p[1:] for p in parts if p)
    return out if out and not out[0].isdigit() else "T" + out


def _mysql_detail(t: Any) -> FieldType | None:
    """MySQL types the portable model keeps apart: UNSIGNED, TINYINT, sizes, BINARY, TIMESTAMP."""
    if not type(t).__module__.startswith("sqlalchemy.dialects.mysql"):
        return None
    from sqlalchemy.dialects import mysql

    ints = {
        mysql.TINYINT: TypeKind.TINYINT,
        mysql.SMALLINT: TypeKind.SMALLINT,
        mysql.MEDIUMINT: TypeKind.MEDIUMINT,
        mysql.INTEGER: TypeKind.INTEGER,
        mysql.BIGINT: TypeKind.BIGINT,
    }
    kind = ints.get(type(t))
    if kind is not None:
        if kind is TypeKind.TINYINT and getattr(t, "display_width", None) == 1:
            return FieldType(TypeKind.BOOLEAN)  # https://mariadb.com/kb/en/boolean/
        return FieldType(kind, unsigned=bool(getattr(t, "unsigned", False)))
    if isinstance(t, mysql.DECIMAL | mysql.NUMERIC) and getattr(t, "unsigned", False):
        return FieldType(TypeKind.DECIMAL, precision=t.precision, scale=t.scale, unsigned=True)
    if isinstance(t, mysql.DOUBLE | mysql.FLOAT) and getattr(t, "unsigned", False):
        return FieldType(TypeKind.FLOAT, unsigned=True)
    sizes = {"TINY": "tiny", "MEDIUM": "medium", "LONG": "long"}
    name = type(t).__name__.upper()
    for prefix, size in sizes.items():
        if name in (f"{prefix}TEXT", f"{prefix}BLOB"):
            return FieldType(TypeKind.TEXT if name.endswith("TEXT") else TypeKind.BYTES, size=size)
    if isinstance(t, mysql.VARBINARY):
        return FieldType(TypeKind.BYTES, length=t.length)
    if isinstance(t, mysql.BINARY):
        return FieldType(TypeKind.BINARY, length=t.length)
    if isinstance(t, mysql.TIMESTAMP):  # stored in UTC, read in the session's zone: an instant
        return FieldType(TypeKind.TIMESTAMP, timezone=True, precision=t.fsp or None)
    if isinstance(t, mysql.DATETIME):
        return FieldType(TypeKind.TIMESTAMP, precision=t.fsp or None)
    return None


def field_type(t: Any, dialect: str | None = None) -> FieldType:
    """The portable type of SQLAlchemy type `t` (declared or reflected)."""
    # reflection makes one type object per column, most of them alike: translate each kind of
    # type (class and parameters) once
    try:
        key = (type(t), dialect, tuple(sorted(vars(t).items())))
        return _FIELD_TYPES[key]
    except TypeError:  # a parameter that cannot be a key (ENUM values, …)
        return _field_type(t, dialect)
    except KeyError:
        found = _FIELD_TYPES[key] = _field_type(t, dialect)
        return found


_FIELD_TYPES: dict[tuple[Any, ...], FieldType] = {}


def _field_type(t: Any, dialect: str | None = None) -> FieldType:
    sa, _ = _sqlalchemy()
    base = getattr(t, "data_type", None)
    if base is not None and type(t).__name__ == "DOMAIN":
        # a PostgreSQL domain is its base type to the model, as `import sql` reads it
        return _field_type(base, dialect)
    if isinstance(t, sa.Enum):
        return FieldType(
            TypeKind.ENUM,
            values=tuple(plain_strings(list(t.enums))),
            enum_name=plain_strings(t.name),
        )
    if isinstance(t, sa.Boolean):
        return FieldType(TypeKind.BOOLEAN)
    found = _mysql_detail(t) or _structured(t, dialect) or _temporal_or_number(t)
    return found if found is not None else _text_or_bytes(t, dialect)


def _structured(t: Any, dialect: str | None) -> FieldType | None:
    """TINYINT (BOOLEAN when TINYINT(1)), UUID, ARRAY, JSON, INTERVAL; None for other types."""
    sa, mysql = _sqlalchemy()
    # MySQL and MariaDB spell BOOLEAN as TINYINT(1): https://mariadb.com/kb/en/boolean/
    if isinstance(t, mysql.TINYINT):
        unsigned = bool(getattr(t, "unsigned", False))
        if t.display_width == 1 and not unsigned:
            return FieldType(TypeKind.BOOLEAN)
        return FieldType(TypeKind.SMALLINT, unsigned=unsigned)
    if isinstance(t, sa.Uuid):
        return FieldType(TypeKind.UUID)
    if isinstance(t, sa.ARRAY):
        return FieldType(TypeKind.ARRAY, item=_field_type(t.item_type, dialect))
    if isinstance(t, sa.JSON):
        return FieldType(TypeKind.JSON)
    if isinstance(t, sa.Interval):
        return FieldType(TypeKind.INTERVAL)
    return None


def _temporal_or_number(t: Any) -> FieldType | None:
    """Dates, times and numbers; None for other types."""
    sa, mysql = _sqlalchemy()
    unsigned = bool(getattr(t, "unsigned", False))  # MySQL/MariaDB numeric types
    if isinstance(t, sa.DateTime):
        # MySQL's TIMESTAMP is an instant (stored in UTC, shown in the session's time zone),
        # its DATETIME a wall-clock value: https://mariadb.com/kb/en/timestamp/
        tz = bool(t.timezone) or isinstance(t, mysql.TIMESTAMP)
        return FieldType(TypeKind.TIMESTAMP, timezone=tz, precision=_fsp(t))
    if isinstance(t, sa.Date):
        return FieldType(TypeKind.DATE)
    if isinstance(t, sa.Time):
        return FieldType(TypeKind.TIME, timezone=bool(t.timezone), precision=_fsp(t))
    if isinstance(t, sa.Float):
        name = type(t).__name__.upper()
        if name == "REAL" or (t.precision is not None and t.precision <= 24):
            return FieldType(TypeKind.FLOAT, length=24, unsigned=unsigned)
        return FieldType(TypeKind.FLOAT, unsigned=unsigned)
    if isinstance(t, sa.Numeric):
        return FieldType(TypeKind.DECIMAL, precision=t.precision, scale=t.scale, unsigned=unsigned)
    if isinstance(t, sa.BigInteger):
        return FieldType(TypeKind.BIGINT, unsigned=unsigned)
    if isinstance(t, sa.SmallInteger):
        return FieldType(TypeKind.SMALLINT, unsigned=unsigned)
    if isinstance(t, sa.Integer):
        return FieldType(TypeKind.INTEGER, unsigned=unsigned)
    return None


def _text_or_bytes(t: Any, dialect: str | None) -> FieldType:
    """Text, strings, binary; a native type for anything else."""
    sa, mysql = _sqlalchemy()
    tname = type(t).__name__.upper()
    size = _SIZES.get(tname)
    if isinstance(t, sa.Text) or tname.endswith("TEXT") or tname == "CLOB":
        return FieldType(TypeKind.TEXT, size=size)  # MySQL's MEDIUMTEXT … are Strings in SA 2.1
    if tname.endswith("BLOB"):
        return FieldType(TypeKind.BYTES, size=size)
    if isinstance(
        t, mysql.YEAR
    ):  # YEAR(4) is the only width: https://mariadb.com/kb/en/year-data-type/
        return FieldType(TypeKind.NATIVE, native="year")
    if isinstance(t, mysql.SET):
        # a String subclass in SQLAlchemy, but its values are the type: keep them as written
        return FieldType(TypeKind.NATIVE, native=_native_name(t, dialect or "mysql"))
    if isinstance(t, sa.String):
        return _string(t)
    if tname == "BINARY":  # fixed length: BINARY(16)
        return FieldType(TypeKind.BINARY, length=getattr(t, "length", None))
    if tname == "VARBINARY":
        return FieldType(TypeKind.BYTES, length=getattr(t, "length", None))
    if isinstance(t, sa.LargeBinary | sa.types._Binary):
        return FieldType(TypeKind.BYTES)
    if isinstance(t, sa.types.NullType):
        return FieldType(TypeKind.NATIVE, native="unknown")
    return FieldType(TypeKind.NATIVE, native=_native_name(t, dialect))


def _string(t: Any) -> FieldType:
    """CHAR(n), VARCHAR(n), CITEXT of a SQLAlchemy String."""
    name = type(t).__name__.upper()
    if name in ("CHAR", "NCHAR"):
        return FieldType(TypeKind.CHAR, length=t.length)
    if t.length is None and name in ("CITEXT",):
        return FieldType(TypeKind.NATIVE, native=name.lower())
    return FieldType(TypeKind.STRING, length=t.length)


#: MySQL's sized text and blob types: https://mariadb.com/kb/en/mediumtext/
_SIZES = {f"{size.upper()}{word}": size for size in ("tiny", "medium", "long") for word in
          ("TEXT", "BLOB")}  # fmt: skip


def _fsp(t: Any) -> int | None:
    """Fractional seconds digits of a reflected TIMESTAMP/TIME (MySQL `fsp`, PG `precision`)."""
    value = getattr(t, "fsp", None)
    if value is None:
        value = getattr(t, "precision", None)
    return value if isinstance(value, int) else None


def _sqlalchemy() -> tuple[Any, Any]:
    """The module `sqlalchemy`, and its mysql dialect or a stand-in when it is not loaded.

    A type object of a MySQL class exists only once `sqlalchemy.dialects.mysql` is loaded (by
    a MySQL or MariaDB engine, or by models declaring its types): until then no type can be one,
    and a PostgreSQL or SQLite reflection does not pay for importing it.
    """
    import sqlalchemy as sa

    return sa, sys.modules.get("sqlalchemy.dialects.mysql") or _NoMysql


class _NoMysql:
    """Stands for `sqlalchemy.dialects.mysql` while it is not loaded: no type is one of these."""

    class TINYINT: ...

    class TIMESTAMP: ...

    class YEAR: ...

    class SET: ...


def _native_name(t: Any, dialect: str | None) -> str:
    try:
        if dialect:
            sa_name = get_dialect(dialect).sqlalchemy_name
            from sqlalchemy.dialects import registry

            compiled = t.compile(dialect=registry.load(sa_name)())
        else:
            compiled = t.compile()
        return fold_names(str(compiled))
    except Exception:  # noqa: BLE001 - some types only compile on their own dialect
        return type(t).__name__.lower()


def _strip_parens(text: str) -> str:
    text = text.strip()
    while text.startswith("(") and text.endswith(")") and balanced(text[1:-1]):
        text = text[1:-1].strip()
    return text


def parse_default(
    text: str, ftype: FieldType | None = None, *, backslashes: bool = False
) -> tuple[Default | None, bool]:
    r"""A reflected server default as (Default, is_identity): casts, quotes and parens removed.

    `backslashes`: the engine escapes inside '…' with a backslash (MySQL/MariaDB's catalog
    writes a newline in a default as `\n`).
    """
    raw = _strip_parens(text)
    lowered = raw.lower()
    if lowered.startswith("nextval("):
        return None, True
    if lowered in _NOW or _TIMESTAMP_PRECISION.match(lowered):
        return Default(DefaultKind.NOW), False
    if lowered in _UUID:
        return Default(DefaultKind.UUID), False
    m = _CAST.match(raw)  # PostgreSQL: 'draft'::post_status, 0::numeric
    if m:
        raw = _strip_parens(m.group(1))
        lowered = raw.lower()
    if lowered == "null":
        return None, False
    if len(raw) >= 2 and raw[0] == raw[-1] == "'":
        value = raw[1:-1].replace("''", "'")
        if backslashes and "\\" in value:
            value = _unescape(value)
        if ftype is not None and ftype.kind is TypeKind.BOOLEAN and value in ("0", "1"):
            value = "true" if value == "1" else "false"
        return Default(DefaultKind.LITERAL, value), False
    if lowered in ("true", "false"):
        return Default(DefaultKind.LITERAL, lowered), False
    if re.fullmatch(r"[+-]?\d+(\.\d+)?", raw):
        if ftype is not None and ftype.kind is TypeKind.BOOLEAN and raw in ("0", "1"):
            return Default(DefaultKind.LITERAL, "true" if raw == "1" else "false"), False
        return Default(DefaultKind.LITERAL, raw), False
    return Default(DefaultKind.SQL, raw), False


_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "0": "\0", "b": "\b", "Z": "\x1a"}


def _unescape(value: str) -> str:
    r"""A MySQL string literal's backslash escapes read (`\n` a newline, `\'` a quote).

    https://dev.mysql.com/doc/refman/8.0/en/string-literals.html
    """
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m[1], m[1]), value, flags=re.S)


def _column_default(col: sa.Column[Any], ftype: FieldType) -> tuple[Default | None, bool]:
    import sqlalchemy as sa

    sd = col.server_default
    if sd is None:
        return None, False
    arg = getattr(sd, "arg", None)
    if isinstance(arg, str):
        # a declared string default is the value itself, not SQL
        return Default(DefaultKind.LITERAL, arg), False
    if isinstance(arg, sa.TextClause):
        return parse_default(arg.text, ftype)
    if arg is not None:
        try:
            return parse_default(str(arg.compile(compile_kwargs={"literal_binds": True})), ftype)
        except Exception:  # noqa: BLE001 - fall back to the repr of an odd clause
            return Default(DefaultKind.SQL, str(arg)), False
    return None, False


_ACTIONS = {a.value: a for a in Action}


_ON_UPDATE_NOW = re.compile(r"^(.*?)\s+ON\s+UPDATE\s+current_timestamp(?:\(\d*\))?$", re.I | re.S)


def split_on_update(
    default: Default | None, ftype: FieldType | None = None
) -> tuple[Default | None, bool]:
    """MySQL reflects `DEFAULT x ON UPDATE CURRENT_TIMESTAMP` as one default: (x, auto_update)."""
    if default is None or default.kind is not DefaultKind.SQL or not default.value:
        return default, False
    m = _ON_UPDATE_NOW.match(default.value)
    if m is None:
        return default, False
    head, _ = parse_default(m.group(1), ftype)
    return head, True


def _action(text: str | None) -> Action | None:
    return _ACTIONS.get(text.strip().lower()) if text else None


def _is_identity(
    col: sa.Column[Any], ftype: FieldType, single_pk: bool, dialect: str | None
) -> bool:
    return _identity(
        col.identity is not None,
        col.autoincrement,
        bool(col.primary_key),
        ftype,
        single_pk,
        dialect,
    )


def _identity(
    has_identity: bool,
    autoincrement: Any,
    primary_key: bool,
    ftype: FieldType,
    single_pk: bool,
    dialect: str | None,
) -> bool:
    if has_identity:
        return True
    if autoincrement is True:
        return ftype.is_integer
    if autoincrement == "auto" and single_pk and ftype.is_integer and primary_key:
        # SQLAlchemy's "auto": a lone integer primary key is auto-incremented (SERIAL,
        # AUTO_INCREMENT); reflection says True/False explicitly except on SQLite, where only
        # an INTEGER PRIMARY KEY is the auto-assigned rowid
        # (https://www.sqlite.org/lang_createtable.html#rowid).
        rowid = dialect is not None and adapter_for(dialect).rowid_identity
        return not rowid or ftype.kind is TypeKind.INTEGER
    return False


def _index_field(expr: Any) -> IndexField:
    import sqlalchemy as sa
    from sqlalchemy.sql import operators

    descending = False
    if isinstance(expr, sa.UnaryExpression):
        if expr.modifier is operators.desc_op:
            descending = True
        expr = expr.element
    if isinstance(expr, sa.Column):
        return IndexField(expr.name, descending)
    text = sql_text(expr)
    m = re.fullmatch(r'\s*"?(\w+)"?\s*(desc|asc)?\s*', text, re.I)
    if m:
        return IndexField(m.group(1), descending or (m.group(2) or "").lower() == "desc")
    return IndexField(_strip_parens(text), descending, expression=True)


#: a declared MetaData belongs to no engine: the index options of every engine are read
_DECLARED = kwarg_prefixes(None)


def _python_default(col: sa.Column[Any]) -> str:
    """The Python-side default of a declared column as written (uuid4, 0, …); "" for none.

    A Sequence is SQLAlchemy's to fire at INSERT and is read as the column's numbering.
    """
    import sqlalchemy as sa

    d = col.default
    if d is None or isinstance(d, sa.Sequence) or col.server_default is not None:
        return ""
    arg = getattr(d, "arg", None)
    if callable(arg):
        return getattr(arg, "__name__", None) or type(arg).__name__
    return repr(arg)


def _where_text(ix: sa.Index) -> str | None:
    for prefix in _DECLARED:
        value = ix.dialect_options[prefix].get("where") if prefix in ix.dialect_options else None
        if value is not None:
            return _strip_parens(sql_text(value))
    return None


def sql_text(expr: Any) -> str:
    """A declared SQL expression as the DDL writes it: its values inline, not `:param`.

    `Index("ix", func.lower("title"))` is `lower('title')` in the CREATE INDEX, as
    SQLAlchemy's DDL compiler writes it (columns unqualified); plain `str()` gives
    `lower(:lower_1)`.
    """
    import sqlalchemy as sa

    if isinstance(expr, sa.TextClause):
        return str(expr.text)
    if isinstance(expr, str):
        return expr
    try:
        return str(expr.compile(compile_kwargs={"literal_binds": True, "include_table": False}))
    except Exception:  # noqa: BLE001 - a value with no literal form: the plain text
        return str(expr)


def _method(ix: sa.Index) -> IndexMethod:
    for prefix in _DECLARED:
        if prefix in ix.dialect_options:
            kind = str(ix.dialect_options[prefix].get("prefix") or "").lower()
            if kind in ("fulltext", "spatial"):  # MySQL's FULLTEXT / SPATIAL index kinds
                return IndexMethod(kind)
            using = ix.dialect_options[prefix].get("using")
            if using:
                try:
                    return IndexMethod(str(using).lower())
                except ValueError:
                    return IndexMethod.BTREE
    return IndexMethod.BTREE


def _skip_check(check: sa.CheckConstraint, table: sa.Table) -> bool:
    """MariaDB adds `CHECK (json_valid(col))` named after each JSON column by itself."""
    text = str(getattr(check.sqltext, "text", check.sqltext)).lower().replace("`", "")
    m = re.fullmatch(r"\s*json_valid\((\w+)\)\s*", text)
    return bool(m and m.group(1) in table.c)


def _entity(
    table: sa.Table, dialect: str | None, default_schema: str | None, lost: list[str] | None = None
) -> Entity:
    import sqlalchemy as sa

    pk = tuple(c.name for c in table.primary_key.columns)
    single_unique: set[str] = set()
    uniques: list[UniqueConstraint] = []
    for con in sorted(
        (c for c in table.constraints if isinstance(c, sa.UniqueConstraint)),
        key=lambda c: (str(c.name or ""), tuple(col.name for col in c.columns)),
    ):
        cols = tuple(c.name for c in con.columns)
        if len(cols) == 1:
            single_unique.add(cols[0])
        elif cols:
            uniques.append(UniqueConstraint(cols, _name_or_none(con.name)))
    fields: list[Field] = []
    for col in table.columns:
        ftype = field_type(col.type, dialect)
        if lost is not None and (python_default := _python_default(col)):
            lost.append(
                f"{table.name}.{col.name}: default={python_default} is set by SQLAlchemy "
                "in Python, not by the database (server_default keeps it in the schema): not "
                "carried over"
            )
        default, nextval = _column_default(col, ftype)
        default, auto_update = split_on_update(default, ftype)
        app_numbered = isinstance(col.default, sa.Sequence)
        fields.append(
            Field(
                name=col.name,
                type=ftype,
                nullable=bool(col.nullable) and col.name not in pk,
                # unique=True with index=True makes a unique Index and no constraint
                # (https://docs.sqlalchemy.org/en/20/core/metadata.html#sqlalchemy.schema.Column.params.unique)
                unique=col.name in single_unique
                or (bool(col.unique) and not col.index and col.name not in pk),
                default=default,
                description=col.comment or "",
                # a Sequence is SQLAlchemy's to fire at INSERT: the column has no default
                identity=not app_numbered
                and (nextval or _is_identity(col, ftype, len(pk) == 1, dialect)),
                auto_update=auto_update,
            )
        )
    fks: list[ForeignKey] = []
    for fkc in sorted(
        table.foreign_key_constraints, key=lambda c: tuple(col.name for col in c.columns)
    ):
        ref_table = fkc.elements[0].column.table if fkc.elements else None
        target = fkc.elements[0].target_fullname.rsplit(".", 2) if fkc.elements else []
        ref_name = (
            ref_table.name if ref_table is not None else (target[-2] if len(target) > 1 else "")
        )
        fks.append(
            ForeignKey(
                fields=tuple(c.name for c in fkc.columns),
                ref_entity=_qualified(ref_table, default_schema)
                if ref_table is not None
                else ref_name,
                ref_fields=tuple(el.column.name for el in fkc.elements),
                on_delete=_action(fkc.ondelete),
                on_update=_action(fkc.onupdate),
                name=_name_or_none(fkc.name),
            )
        )
    constraints = list(table.constraints) + [k for col in table.columns for k in col.constraints]
    checks = [
        CheckConstraint(
            _strip_parens(str(getattr(c.sqltext, "text", c.sqltext))), _name_or_none(c.name)
        )
        for c in constraints
        if isinstance(c, sa.CheckConstraint) and not _skip_check(c, table)
    ]
    indexes: list[Index] = []
    for ix in sorted(table.indexes, key=lambda i: str(i.name)):
        if _left_out(f"{table.name}: index {ix.name}", ix.dialect_kwargs, _DECLARED, {}, lost):
            continue
        keys = tuple(_index_field(e) for e in ix.expressions)
        indexes.append(
            Index(
                name=str(ix.name),
                fields=keys,
                method=_method(ix),
                unique=bool(ix.unique),
                where=_where_text(ix),
            )
        )
    return Entity(
        name=_qualified(table, default_schema),
        table=table.name,
        fields=tuple(fields),
        primary_key=pk,
        foreign_keys=tuple(fks),
        uniques=tuple(uniques),
        checks=tuple(sorted(checks, key=lambda c: (c.name or "", c.expression))),
        indexes=tuple(indexes),
        description=table.comment or "",
        schema=table.schema if table.schema and table.schema != default_schema else None,
    )


@dataclass(slots=True)
class Reflected:
    """One table as SQLAlchemy's batched `Inspector.get_multi_*` calls return it (plain str)."""

    schema: str | None  # None: the connection's default schema
    name: str
    columns: list[dict[str, Any]]
    pk: dict[str, Any]
    foreign_keys: list[dict[str, Any]]
    indexes: list[dict[str, Any]]
    uniques: list[dict[str, Any]]
    checks: list[dict[str, Any]]
    comment: str | None = None
    options: dict[str, Any] = dc_field(default_factory=dict)


#: Inspector.get_multi_<kind>: what MetaData.reflect reads, one catalogue query (set) per kind
_MULTI = (
    "columns",
    "pk_constraint",
    "foreign_keys",
    "indexes",
    "unique_constraints",
    "check_constraints",
    "table_comment",
    "table_options",
)
_OPTIONAL = {"unique_constraints", "check_constraints", "table_comment", "table_options"}


def reflect_tables(
    insp: Any,
    schemas: Iterable[str | None],
    skip: Iterable[str] = (),
    warned: list[str] | None = None,
) -> list[Reflected]:
    """Every table of `schemas` (None: the default one), each kind read for all tables at once.

    Tables that a foreign key names in another schema are read too (as `MetaData.reflect(…,
    resolve_fks=True)` does). Every name that comes out passes through `plain_strings`.
    What SQLAlchemy warns it skipped goes into `warned` (except unknown types, which
    `from_reflection` reports itself).
    """
    import sqlalchemy as sa

    skipped = set(skip)
    sink = [] if warned is None else warned
    default = plain_strings(insp.default_schema_name)
    todo: list[tuple[str | None, list[str] | None]] = [(s, None) for s in schemas]
    # schemas read whole: a table missing there is not there
    queued = {None if s is None or s == default else s for s in schemas}
    tried: set[tuple[str | None, str]] = set()
    out: dict[tuple[str | None, str], Reflected] = {}
    while todo:
        schema, names = todo.pop(0)
        wanted: set[str] | None = None
        filter_names: list[str] | None = names
        if names is None and skipped and not _multi(insp):
            # a dialect that reads table by table: do not read the skipped ones at all
            filter_names = [
                n for n in plain_strings(insp.get_table_names(schema=schema)) if n not in skipped
            ]
        if filter_names is not None:
            wanted = set(filter_names)
        key_schema = None if schema is None or schema == default else schema
        got: dict[str, dict[Any, Any]] = {}
        with warnings.catch_warnings(record=True) as caught:
            # "Did not recognize type 'cube'": the column becomes native(unknown), which
            # from_reflection reports; the warning itself would stop a -W error run
            warnings.simplefilter("always", sa.exc.SAWarning)
            for kind in _MULTI:
                try:
                    found = getattr(insp, f"get_multi_{kind}")(
                        schema=schema, filter_names=filter_names
                    )
                except NotImplementedError:
                    if kind not in _OPTIONAL:
                        raise
                    found = {}
                got[kind] = plain_strings(dict(found))
        sink.extend(_skipped(caught))
        for (_, table), columns in got["columns"].items():
            if table in skipped if wanted is None else table not in wanted:
                continue
            if (key_schema, table) in out:
                continue
            key = (schema, table)
            out[key_schema, table] = Reflected(
                schema=key_schema,
                name=table,
                columns=columns,
                pk=got["pk_constraint"].get(key) or {},
                foreign_keys=got["foreign_keys"].get(key, []),
                indexes=got["indexes"].get(key, []),
                uniques=got["unique_constraints"].get(key, []),
                checks=got["check_constraints"].get(key, []),
                comment=(got["table_comment"].get(key) or {}).get("text"),
                options=got["table_options"].get(key) or {},
            )
        missing: dict[str | None, list[str]] = {}
        for t in list(out.values()):
            for fk in t.foreign_keys:
                rs = fk.get("referred_schema")
                ref = (None if rs is None or rs == default else rs, fk["referred_table"])
                if ref not in out and ref[0] not in queued and ref not in tried:
                    tried.add(ref)
                    missing.setdefault(ref[0], []).append(ref[1])
        todo.extend(missing.items())
    return list(out.values())


def _skipped(caught: Iterable[warnings.WarningMessage]) -> list[str]:
    """What SQLAlchemy warned it skipped (unknown types: `from_reflection` reports those)."""
    import sqlalchemy as sa

    return [
        str(w.message)
        for w in caught
        if issubclass(w.category, sa.exc.SAWarning)
        and not str(w.message).startswith("Did not recognize")
    ]


def _multi(insp: Any) -> bool:
    """Whether the dialect reads all tables in one query (PostgreSQL) or loops per table."""
    from sqlalchemy.engine.default import DefaultDialect

    return type(insp.dialect).get_multi_columns is not DefaultDialect.get_multi_columns


#: index options the model has no place for: (keyword after the prefix, what the report says)
_INDEX_LOST = (
    ("include", "covering columns (INCLUDE)"),
    ("nulls_not_distinct", "NULLS NOT DISTINCT"),
    ("with", "storage parameters (WITH)"),
    ("tablespace", "tablespace"),
)


def index_losses(
    where: str, opts: Mapping[str, Any], prefixes: Sequence[str], sorting: Mapping[Any, Any]
) -> tuple[list[str], bool]:
    """What the model cannot keep of an index (report lines), and whether to leave it out.

    An index whose method the model does not know (pgvector's hnsw, PostgreSQL's spgist…) is
    left out and said so: a B-tree would misstate it. `opts` are the SQLAlchemy keywords
    (`postgresql_include`, …); `sorting` the reflected column_sorting (NULLS order).
    """
    lost: list[str] = []
    for key, what in _INDEX_LOST:
        value = dialect_kwarg(opts, key, prefixes)
        if value:
            word = key.upper().replace("_", " ")
            if isinstance(value, dict):
                word += " (" + ", ".join(f"{k}={v}" for k, v in value.items()) + ")"
            elif isinstance(value, list | tuple):
                word += " (" + ", ".join(map(str, value)) + ")"
            elif value is not True:
                word += f" {value}"
            lost.append(f"{where}: {word} (index {what}: not modelled)")
    for col, order in sorting.items():
        words = set(order or ())
        if ("nulls_first" in words and "desc" not in words) or (
            "nulls_last" in words and "desc" in words
        ):
            lost.append(
                f"{where}: key {col} {' '.join(order)} (index key NULLS FIRST/LAST: not "
                "modelled, the engine's default order of NULLs is rendered)"
            )
    using = dialect_kwarg(opts, "using", prefixes)
    known = {m.value for m in IndexMethod}
    if using and str(using).lower() not in known:
        lost.append(f"{where}: USING {using} (indexes using {using}: index method not modelled)")
        return lost, True
    return lost, False


def _left_out(
    where: str,
    opts: Mapping[str, Any],
    prefixes: Sequence[str],
    sorting: Mapping[Any, Any],
    lost: list[str] | None,
) -> bool:
    """index_losses, its lines added to `lost`: is the index left out?"""
    said, leave_out = index_losses(where, opts, prefixes, sorting)
    if lost is not None:
        lost.extend(said)
    return leave_out


def _reflected_index(
    ix: dict[str, Any], prefixes: tuple[str, ...], where: str = "", lost: list[str] | None = None
) -> Index | None:
    """An index from its reflected dict; None for one that only backs a constraint.

    `prefixes`: those of the SQLAlchemy arguments holding the engine's index options. What the
    model cannot keep of it is added to `lost` (index_losses).
    """
    if ix.get("duplicates_constraint"):
        return None
    opts = ix.get("dialect_options") or {}
    sorting = ix.get("column_sorting") or {}
    if (opts or sorting) and _left_out(f"{where}index {ix['name']}", opts, prefixes, sorting, lost):
        return None
    exprs = ix.get("expressions") or []
    lengths = dialect_kwarg(opts, "length", prefixes) or {}
    ops = dialect_kwarg(opts, "ops", prefixes) or {}
    keys: list[IndexField] = []
    for i, col in enumerate(ix["column_names"]):
        if col is None:
            if i >= len(exprs):
                return None
            key = _index_field_text(exprs[i])
            if "desc" in sorting.get(exprs[i], ()):  # PostgreSQL sorts expressions by text
                key = replace(key, descending=True)
        else:
            key = IndexField(col, "desc" in sorting.get(col, ()))
            if isinstance(lengths, dict) and lengths.get(col) is not None:
                key = replace(key, length=int(lengths[col]))
            elif isinstance(lengths, int):
                key = replace(key, length=lengths)
        opclass = ops.get(col if col is not None else exprs[i] if i < len(exprs) else None)
        if opclass:
            key = replace(key, opclass=str(opclass))
        keys.append(key)
    method = IndexMethod.BTREE
    using = dialect_kwarg(opts, "prefix", prefixes) or dialect_kwarg(opts, "using", prefixes)
    if using:
        try:
            method = IndexMethod(str(using).lower())
        except ValueError:
            method = IndexMethod.BTREE
    where = dialect_kwarg(opts, "where", prefixes)
    parser = dialect_kwarg(opts, "with_parser", prefixes)
    return Index(
        name=str(ix["name"]),
        fields=tuple(keys),
        method=method,
        unique=bool(ix.get("unique")),
        where=_strip_parens(str(getattr(where, "text", where))) if where is not None else None,
        options=Options.make({"mysql": {"parser": str(parser)}}) if parser else NO_OPTIONS,
    )


def _index_field_text(text: str) -> IndexField:
    m = re.fullmatch(r'\s*"?(\w+)"?\s*(desc|asc)?\s*', text, re.I)
    if m:
        return IndexField(m.group(1), (m.group(2) or "").lower() == "desc")
    m = re.fullmatch(r"(.*?)\s+(desc|asc)\s*", text, re.I | re.S)
    if m and balanced(m.group(1)):
        return IndexField(_strip_parens(m.group(1)), m.group(2).lower() == "desc", expression=True)
    return IndexField(_strip_parens(text), False, expression=True)


def _reflected_entity(
    t: Reflected, dialect: str | None, default_schema: str | None, lost: list[str] | None = None
) -> Entity:
    table = t.name
    colnames = tuple(c["name"] for c in t.columns)
    pk = tuple(t.pk.get("constrained_columns") or ())
    single_unique: set[str] = set()
    uniques: list[UniqueConstraint] = []
    # MySQL/MariaDB keep a UNIQUE constraint as a unique index of the same name, and SQLAlchemy
    # reports it both ways: it stays the index (verify compares indexes by name)
    for con in sorted(
        (u for u in t.uniques if not u.get("duplicates_index")),
        key=lambda u: (str(u.get("name") or ""), tuple(u["column_names"])),
    ):
        cols = tuple(con["column_names"])
        name = con.get("name")
        auto = engine_named("unique", name, table, cols, dialect)
        if len(cols) == 1 and (auto or name is None):
            single_unique.add(cols[0])
        elif cols:
            uniques.append(UniqueConstraint(cols, None if auto else _name_or_none(name)))
    fields: list[Field] = []
    adapter = adapter_for(dialect) if dialect is not None else None
    backslashes = adapter is not None and adapter.hash_comments
    textual_json = adapter is not None and adapter.textual_json
    for c in t.columns:
        ftype = field_type(c["type"], dialect)
        if lost is not None and textual_json and type(c["type"]).__name__ == "JSON":
            lost.append(f"{table}.{c['name']}: {JSON_AS_JSONB}")
        computed = c.get("computed")
        has_identity = c.get("identity") is not None
        default: Default | None = None
        nextval = False
        sequence = None
        text = c.get("default")
        auto_update = False
        if text is not None:
            # MySQL/MariaDB: SQLAlchemy leaves `ON UPDATE current_timestamp()` in the default
            m = _ON_UPDATE.search(str(text))
            if m:
                text, auto_update = str(text)[: m.start()], True
        if computed is None and not has_identity and text is not None:
            default, nextval = parse_default(str(text), ftype, backslashes=backslashes)
            if nextval:
                sequence = _sequence_name(str(text), table, c["name"])
        name = c["name"]
        fields.append(
            Field(
                name=name,
                type=ftype,
                nullable=bool(c.get("nullable", True)) and name not in pk,
                unique=name in single_unique,
                default=default,
                description=c.get("comment") or "",
                identity=nextval
                or _identity(
                    has_identity,
                    c.get("autoincrement", "auto"),
                    name in pk,
                    ftype,
                    len(pk) == 1,
                    dialect,
                ),
                collation=plain_strings(getattr(c["type"], "collation", None)) or None,
                sequence=sequence,
                auto_update=auto_update,
                generated=Generated(
                    _strip_parens(str(computed["sqltext"])), bool(computed.get("persisted"))
                )
                if computed is not None
                else None,
            )
        )
    fks: list[ForeignKey] = []
    for fk in sorted(t.foreign_keys, key=lambda f: tuple(f["constrained_columns"])):
        cols = tuple(fk["constrained_columns"])
        rs = fk.get("referred_schema")
        ref_schema = None if rs is None or rs == default_schema else rs
        options = fk.get("options") or {}
        name = fk.get("name")
        fks.append(
            ForeignKey(
                fields=cols,
                ref_entity=_qualified_name(fk["referred_table"], ref_schema),
                ref_fields=tuple(fk["referred_columns"]),
                on_delete=_action(options.get("ondelete")),
                on_update=_action(options.get("onupdate")),
                name=None if engine_named("foreign", name, table, cols, dialect) else name,
            )
        )
    checks = []
    for ck in t.checks:
        text = _strip_parens(str(ck["sqltext"]))
        m = re.fullmatch(r"\s*json_valid\(`?(\w+)`?\)\s*", text.lower())
        if m and m.group(1) in {n.lower() for n in colnames}:
            continue  # MariaDB adds CHECK (json_valid(col)) to each JSON column by itself
        name = ck.get("name")
        auto = engine_named("check", name, table, colnames, dialect)
        checks.append(CheckConstraint(text, None if auto else _name_or_none(name)))
    # InnoDB adds an index named after a foreign key that no index covers: the engine's, not
    # the schema's (https://mariadb.com/kb/en/foreign-keys/)
    fk_indexes = {(fk.get("name"), tuple(fk["constrained_columns"])) for fk in t.foreign_keys}
    fk_makes_index = adapter is not None and adapter.fk_makes_index
    prefixes = kwarg_prefixes(dialect)
    indexes = [
        ix
        for ix in (
            _reflected_index(d, prefixes, f"{table}: ", lost)
            for d in sorted(t.indexes, key=lambda i: str(i["name"]))
        )
        if ix is not None and not (fk_makes_index and (ix.name, ix.field_names) in fk_indexes)
    ]
    pk_name = t.pk.get("name")
    return Entity(
        name=_qualified_name(table, t.schema),
        table=table,
        fields=tuple(fields),
        primary_key=pk,
        foreign_keys=tuple(fks),
        uniques=tuple(uniques),
        checks=tuple(sorted(checks, key=lambda c: (c.name or "", c.expression))),
        indexes=tuple(indexes),
        description=t.comment or "",
        schema=t.schema,
        primary_key_name=None
        if not pk or engine_named("primary", pk_name, table, pk, dialect)
        else pk_name,
        options=_table_options(t.options, prefixes),
    )


#: table options SQLAlchemy reflects for MySQL/MariaDB, as the model's engine options
_TABLE_OPTIONS = {
    "engine": "engine",
    "default charset": "charset",
    "collate": "collate",
    "row_format": "row_format",
}


def _table_options(options: dict[str, Any], prefixes: tuple[str, ...]) -> Options:
    found: dict[str, str] = {}
    for key, value in options.items():
        prefix, _, opt = key.partition("_")
        if prefix in prefixes and opt in _TABLE_OPTIONS and value is not None:
            found[_TABLE_OPTIONS[opt]] = str(value)
    return Options.make({"mysql": found}) if found else NO_OPTIONS


_ON_UPDATE = re.compile(r"\s+ON\s+UPDATE\s+\S+\s*$", re.I)
_NEXTVAL = re.compile(r"nextval\('(.+?)'(?:::regclass)?\)", re.I)


def _sequence_name(default: str, table: str, column: str) -> str | None:
    """The sequence a `nextval('…')` default names, None for the engine's own `<t>_<c>_seq`."""
    m = _NEXTVAL.search(default)
    if m is None:
        return None
    name = m.group(1).replace('""', '"')
    bare = name.rsplit(".", 1)[-1].strip('"')
    return None if bare == f"{table}_{column}_seq" else name


def from_reflection(
    tables: Iterable[Reflected], dialect: str | None, *, default_schema: str | None = None
) -> ImportResult:
    """Translate batched reflection results (`reflect_tables`) into the model.

    The same translation as `from_metadata` without building SQLAlchemy `Table` objects first:
    that construction cost more than the catalogue queries themselves.
    """
    adapter = adapter_for(dialect) if dialect is not None else None
    if adapter is not None and adapter.reflection_doubles_quotes:
        tables = (_names_as_held(t, adapter.reflected_name) for t in tables)
    # the engine parsed every default and CHECK it holds: they are not re-parsed here (sqlglot
    # is a fifth of the process at 30 tables); the spec loader checks them, at their YAML line,
    # when `import db` reloads what it writes
    lost: list[str] = []
    entities = (_reflected_entity(t, dialect, default_schema, lost) for t in tables)
    result = _result(entities, dialect, fragments=False)
    return replace(result, unsupported=result.unsupported + tuple(lost))


#: the keys of reflected dicts holding one name, and those holding a list of names
_NAME_KEYS = ("name", "duplicates_constraint", "duplicates_index")
_NAMES_KEYS = ("column_names", "constrained_columns", "referred_columns")


def _names_as_held(t: Reflected, held: Callable[[str], str]) -> Reflected:
    """`t` with the names SQLAlchemy reported passed through `held` (the adapter's fix).

    Table names come from the catalog's table list and are right already; the names of
    columns, keys and constraints come out of the engine's CREATE text (MySQL, MariaDB).
    """
    for item in (*t.columns, t.pk, *t.indexes, *t.uniques, *t.foreign_keys, *t.checks):
        for key in _NAME_KEYS:
            if isinstance(item.get(key), str):
                item[key] = held(item[key])
        for key in _NAMES_KEYS:
            if key in item:
                item[key] = [held(n) if isinstance(n, str) else n for n in item[key]]
        for key, value in (item.get("dialect_options") or {}).items():
            if isinstance(value, dict):  # `mysql_length`: prefix lengths by column name
                item["dialect_options"][key] = {held(k): v for k, v in value.items()}
    return t


def _result(
    entities: Iterable[Entity],
    dialect: str | None,
    sequences: tuple[ModelSequence, ...] = (),
    assumptions: tuple[str, ...] = (),
    *,
    fragments: bool = True,
) -> ImportResult:
    """The resolved model of `entities`, and the types it could not recognise.

    `fragments`: also parse each SQL fragment (see `resolve`).
    """
    unsupported: list[str] = []
    found: list[Entity] = []
    for entity in entities:
        for f in entity.fields:
            if f.type.kind is TypeKind.NATIVE and f.type.native == "unknown":
                unsupported.append(f"{entity.table}.{f.name}: type not recognised, kept as native")
        found.append(entity)
    found.sort(key=lambda e: (e.schema or "", e.table))
    schema = Schema(
        entities=tuple(found),
        relationships=_relationships(found),
        dialect=dialect or "postgresql",
        sequences=sequences,
    )
    resolved, problems = resolve(schema, fragments=fragments)
    unsupported.extend(p.message for p in problems)
    return ImportResult(schema=resolved, unsupported=tuple(unsupported), assumptions=assumptions)


def _declared_sequences(
    metadata: sa.MetaData, tables: list[sa.Table]
) -> tuple[tuple[ModelSequence, ...], tuple[str, ...]]:
    """The sequences `create_all` makes: the MetaData's own and the columns' `Sequence(…)`.

    A column's Sequence is fired by SQLAlchemy at INSERT (the column has no default); the
    spec keeps the sequence and says which column the application numbers with it.
    """
    import sqlalchemy as sa

    found: dict[tuple[str | None, str], ModelSequence] = {}
    notes: list[str] = []
    owners = [
        (t, c, c.default) for t in tables for c in t.columns if isinstance(c.default, sa.Sequence)
    ]
    declared: list[sa.Sequence] = list(metadata._sequences.values())  # noqa: SLF001
    for seq in [*declared, *(q for _, _, q in owners)]:
        found.setdefault(
            (seq.schema, str(seq.name)),
            ModelSequence(
                name=str(seq.name),
                schema=seq.schema,
                start=seq.start,
                increment=seq.increment,
                min_value=seq.minvalue,
                max_value=seq.maxvalue,
                cache=seq.cache,
                cycle=bool(seq.cycle),
            ),
        )
    for t, c, q in owners:
        notes.append(
            f"{t.name}.{c.name} is numbered by the application from sequence {q.name} "
            "(SQLAlchemy fires nextval at INSERT; the column has no default)"
        )
    return tuple(sorted(found.values(), key=lambda q: (q.schema or "", q.name))), tuple(notes)


def _qualified_name(table: str, schema: str | None) -> str:
    base = _pascal(table)
    return _pascal(schema) + base if schema else base


def _name_or_none(name: Any) -> str | None:
    if name is None:
        return None
    text = str(name)
    return None if text.startswith("_unnamed") or text == "None" else text


def _qualified(table: sa.Table, default_schema: str | None) -> str:
    base = _pascal(table.name)
    if table.schema and table.schema != default_schema:
        return _pascal(table.schema) + base
    return base


def _relationships(entities: Iterable[Entity]) -> tuple[Relationship, ...]:
    """1:N for each FK (1:1 when the FK is unique); a two-FK table is a junction: N:M."""
    out: list[Relationship] = []
    for e in entities:
        fk_cols = {c for fk in e.foreign_keys for c in fk.fields}
        others = {f.name for f in e.fields} - fk_cols
        if len(e.foreign_keys) == 2 and others <= _JUNCTION_EXTRA and "id" not in others:
            a, b = e.foreign_keys
            out.append(
                Relationship(a.ref_entity, b.ref_entity, Cardinality.MANY_TO_MANY, e.table, e.name)
            )
            continue
        for fk in e.foreign_keys:
            card = Cardinality.ONE_TO_ONE if e.is_unique(fk.fields) else Cardinality.ONE_TO_MANY
            out.append(Relationship(fk.ref_entity, e.name, card, "has", fk=fk.fields))
    return tuple(out)


def from_metadata(
    metadata: sa.MetaData,
    dialect: str | None = None,
    *,
    default_schema: str | None = None,
    exclude: Iterable[str] = (),
) -> ImportResult:
    """Translate a SQLAlchemy MetaData into the model.

    Args:
        metadata: declared (ORM / Core) or reflected MetaData.
        dialect: our dialect name of the source (sqlite, postgresql, mysql, mariadb), or None
            for a declared MetaData that belongs to no engine.
        default_schema: the schema whose tables are not qualified (reflection's default).
        exclude: table names to leave out (verify's own bookkeeping tables).

    Returns:
        The resolved model plus what could not be carried over.
    """
    skip = set(exclude)
    # not sorted_tables: it warns on FK cycles (Sakila staff <-> store), and the entities are
    # sorted by name in `_result` anyway
    tables = [t for t in metadata.tables.values() if t.name not in skip]
    sequences, notes = _declared_sequences(metadata, tables)
    lost: list[str] = []
    result = _result(
        (plain_strings(_entity(table, dialect, default_schema, lost)) for table in tables),
        dialect,
        plain_strings(sequences),
        notes,
    )
    return replace(result, unsupported=result.unsupported + tuple(lost))


__all__ = [
    "Reflected",
    "field_type",
    "from_metadata",
    "from_reflection",
    "parse_default",
    "plain_strings",
    "reflect_tables",
]
