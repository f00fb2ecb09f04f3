"""The one translation from SQLAlchemy MetaData (declared or reflected) into the frozen model."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pydev_workflow.importers.base import ImportResult
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
    IndexMethod,
    Relationship,
    Schema,
    TypeKind,
    UniqueConstraint,
)

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


def _pascal(name: str) -> str:
    parts = re.split(r"[^0-9A-Za-z]+", name)
    out = "".join(p[:1].upper() + p[1:] for p in parts if p)
    return out if out and not out[0].isdigit() else "T" + out


def _mysql_detail(t: Any) -> FieldType | None:
    """MySQL types the portable model keeps apart: UNSIGNED, TINYINT, sizes, BINARY, TIMESTAMP."""
    from sqlalchemy.dialects import mysql

    if not type(t).__module__.startswith("sqlalchemy.dialects.mysql"):
        return None
    ints = {
        mysql.TINYINT: TypeKind.TINYINT,
        mysql.SMALLINT: TypeKind.SMALLINT,
        mysql.MEDIUMINT: TypeKind.INTEGER,
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
    import sqlalchemy as sa
    from sqlalchemy.dialects import mysql

    if isinstance(t, sa.Enum):
        return FieldType(TypeKind.ENUM, values=tuple(t.enums), enum_name=t.name)
    if isinstance(t, sa.Boolean):
        return FieldType(TypeKind.BOOLEAN)
    detail = _mysql_detail(t)
    if detail is not None:
        return detail
    # MySQL and MariaDB spell BOOLEAN as TINYINT(1): https://mariadb.com/kb/en/boolean/
    if isinstance(t, mysql.TINYINT):
        if t.display_width == 1:
            return FieldType(TypeKind.BOOLEAN)
        return FieldType(TypeKind.SMALLINT)
    if isinstance(t, sa.Uuid):
        return FieldType(TypeKind.UUID)
    if isinstance(t, sa.ARRAY):
        return FieldType(TypeKind.ARRAY, item=field_type(t.item_type, dialect))
    if isinstance(t, sa.JSON):
        return FieldType(TypeKind.JSON)
    if isinstance(t, sa.Interval):
        return FieldType(TypeKind.INTERVAL)
    if isinstance(t, sa.DateTime):
        return FieldType(TypeKind.TIMESTAMP, timezone=bool(t.timezone))
    if isinstance(t, sa.Date):
        return FieldType(TypeKind.DATE)
    if isinstance(t, sa.Time):
        return FieldType(TypeKind.TIME, timezone=bool(t.timezone))
    if isinstance(t, sa.Float):
        name = type(t).__name__.upper()
        if name == "REAL" or (t.precision is not None and t.precision <= 24):
            return FieldType(TypeKind.FLOAT, length=24)
        return FieldType(TypeKind.FLOAT)
    if isinstance(t, sa.Numeric):
        return FieldType(TypeKind.DECIMAL, precision=t.precision, scale=t.scale)
    if isinstance(t, sa.BigInteger):
        return FieldType(TypeKind.BIGINT)
    if isinstance(t, sa.SmallInteger):
        return FieldType(TypeKind.SMALLINT)
    if isinstance(t, sa.Integer):
        return FieldType(TypeKind.INTEGER)
    tname = type(t).__name__.upper()
    if isinstance(t, sa.Text) or tname.endswith("TEXT") or tname == "CLOB":
        return FieldType(TypeKind.TEXT)  # MySQL's TINY/MEDIUM/LONGTEXT are Strings in SA 2.1
    if tname.endswith("BLOB"):
        return FieldType(TypeKind.BYTES)
    if isinstance(t, mysql.SET):
        # a String subclass in SQLAlchemy, but its values are the type: keep them as written
        return FieldType(TypeKind.NATIVE, native=_native_name(t, dialect or "mysql"))
    if isinstance(t, sa.String):
        name = type(t).__name__.upper()
        if name in ("CHAR", "NCHAR"):
            return FieldType(TypeKind.CHAR, length=t.length)
        if name == "STRING" or name.endswith("VARCHAR") or name == "VARCHAR":
            return FieldType(TypeKind.STRING, length=t.length)
        if t.length is None and name in ("CITEXT",):
            return FieldType(TypeKind.NATIVE, native=name.lower())
        return FieldType(TypeKind.STRING, length=t.length)
    if isinstance(t, sa.LargeBinary | sa.types._Binary):
        return FieldType(TypeKind.BYTES)
    if isinstance(t, sa.types.NullType):
        return FieldType(TypeKind.NATIVE, native="unknown")
    return FieldType(TypeKind.NATIVE, native=_native_name(t, dialect))


def _native_name(t: Any, dialect: str | None) -> str:
    try:
        if dialect:
            from pydev_workflow.dialects import get_dialect

            sa_name = get_dialect(dialect).sqlalchemy_name
            from sqlalchemy.dialects import registry

            compiled = t.compile(dialect=registry.load(sa_name)())
        else:
            compiled = t.compile()
        return fold_names(str(compiled))
    except Exception:  # noqa: BLE001 - some types only compile on their own dialect
        return type(t).__name__.lower()


_QUOTED = re.compile(r"('(?:[^']|'')*')")


def fold_names(text: str) -> str:
    """A native type's spelling with its names in lower case and its quoted values as written.

    `SET('Trailers','Deleted Scenes')` -> `set('Trailers','Deleted Scenes')`: a SET or ENUM
    value is data, the type name is not.
    """
    return "".join(p if p.startswith("'") else p.lower() for p in _QUOTED.split(text))


def _strip_parens(text: str) -> str:
    text = text.strip()
    while text.startswith("(") and text.endswith(")") and _balanced(text[1:-1]):
        text = text[1:-1].strip()
    return text


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            return False
    return depth == 0


def parse_default(text: str, ftype: FieldType | None = None) -> tuple[Default | None, bool]:
    """A reflected server default as (Default, is_identity): casts, quotes and parens removed."""
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
    if not text:
        return None
    try:
        return Action(text.strip().lower())
    except ValueError:
        return None


def _is_identity(
    col: sa.Column[Any], ftype: FieldType, single_pk: bool, dialect: str | None
) -> bool:
    if col.identity is not None:
        return True
    if col.autoincrement is True:
        return ftype.is_integer
    if col.autoincrement == "auto" and single_pk and ftype.is_integer and col.primary_key:
        # SQLAlchemy's "auto": a lone integer primary key is auto-incremented (SERIAL,
        # AUTO_INCREMENT); reflection says True/False explicitly except on SQLite, where only
        # an INTEGER PRIMARY KEY is the auto-assigned rowid
        # (https://www.sqlite.org/lang_createtable.html#rowid).
        return dialect != "sqlite" or ftype.kind is TypeKind.INTEGER
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
    text = str(expr.text if isinstance(expr, sa.TextClause) else expr)
    m = re.fullmatch(r'\s*"?(\w+)"?\s*(desc|asc)?\s*', text, re.I)
    if m:
        return IndexField(m.group(1), descending or (m.group(2) or "").lower() == "desc")
    return IndexField(_strip_parens(text), descending, expression=True)


def _where_text(ix: sa.Index) -> str | None:
    for key in ("postgresql_where", "sqlite_where"):
        prefix, _, opt = key.partition("_")
        value = ix.dialect_options[prefix].get(opt) if prefix in ix.dialect_options else None
        if value is not None:
            text = getattr(value, "text", None) or str(value)
            return _strip_parens(text)
    return None


def _method(ix: sa.Index) -> IndexMethod:
    for prefix in ("postgresql", "mysql", "mariadb"):
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


def _entity(table: sa.Table, dialect: str | None, default_schema: str | None) -> Entity:
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
        default, nextval = _column_default(col, ftype)
        default, auto_update = split_on_update(default, ftype)
        fields.append(
            Field(
                name=col.name,
                type=ftype,
                nullable=bool(col.nullable) and col.name not in pk,
                unique=col.name in single_unique or (bool(col.unique) and col.name not in pk),
                default=default,
                description=col.comment or "",
                identity=nextval or _is_identity(col, ftype, len(pk) == 1, dialect),
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
    from pydev_workflow.spec.resolve import resolve

    skip = set(exclude)
    unsupported: list[str] = []
    entities: list[Entity] = []
    # not sorted_tables: it warns on FK cycles (Sakila staff <-> store), and the entities are
    # sorted by name below anyway
    for table in metadata.tables.values():
        if table.name in skip:
            continue
        entity = _entity(table, dialect, default_schema)
        for f in entity.fields:
            if f.type.kind is TypeKind.NATIVE and f.type.native == "unknown":
                unsupported.append(f"{table.name}.{f.name}: type not recognised, kept as native")
        entities.append(entity)
    entities.sort(key=lambda e: (e.schema or "", e.table))
    schema = Schema(
        entities=tuple(entities),
        relationships=_relationships(entities),
        dialect=dialect or "postgresql",
    )
    resolved, problems = resolve(schema)
    unsupported.extend(p.message for p in problems)
    return ImportResult(schema=resolved, unsupported=tuple(unsupported))


__all__ = ["field_type", "fold_names", "from_metadata", "parse_default"]
