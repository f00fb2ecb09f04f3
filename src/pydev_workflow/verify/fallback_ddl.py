"""A minimal model -> DDL builder used only while `pydev_workflow.dialects.metadata` is absent.

The SQL renderer's `statements(schema, dialect)` is the real source of the DDL verify applies;
this stand-in keeps verify usable (and testable) on a checkout that does not have it yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydev_workflow.errors import Loc
from pydev_workflow.model import DefaultKind, Entity, FieldType, Schema, TypeKind
from pydev_workflow.model.diff import sql_entities


@dataclass(frozen=True, slots=True)
class Statement:
    """One DDL statement in execution order, with the spec line it came from."""

    sql: str
    kind: str
    entity: str
    loc: Loc


def _satype(t: FieldType, dialect: str, table: str, column: str) -> Any:
    import sqlalchemy as sa
    from sqlalchemy.dialects import postgresql as pg

    k = t.kind
    simple = {
        TypeKind.TEXT: sa.Text, TypeKind.INTEGER: sa.Integer, TypeKind.BIGINT: sa.BigInteger,
        TypeKind.SMALLINT: sa.SmallInteger, TypeKind.BOOLEAN: sa.Boolean, TypeKind.DATE: sa.Date,
        TypeKind.BYTES: sa.LargeBinary, TypeKind.INTERVAL: sa.Interval, TypeKind.UUID: sa.Uuid,
    }  # fmt: skip
    if k in simple:
        return simple[k]()
    if k is TypeKind.STRING:
        return sa.String(t.length or 255)
    if k is TypeKind.CHAR:
        return sa.CHAR(t.length)
    if k is TypeKind.DECIMAL:
        return sa.Numeric(t.precision, t.scale)
    if k is TypeKind.FLOAT:
        return sa.Float()
    if k is TypeKind.TIMESTAMP:
        return sa.DateTime(timezone=t.timezone)
    if k is TypeKind.TIME:
        return sa.Time(timezone=t.timezone)
    if k is TypeKind.JSON:
        return pg.JSONB() if dialect == "postgresql" else sa.JSON()
    if k is TypeKind.ENUM:
        return sa.Enum(*t.values, name=t.enum_name or f"{table}_{column}")
    if k is TypeKind.ARRAY and t.item is not None and dialect == "postgresql":
        return pg.ARRAY(_satype(t.item, dialect, table, column))
    if k is TypeKind.ARRAY:
        return sa.JSON()
    return sa.Text()


def build_metadata(schema: Schema, dialect: str) -> Any:
    """SQLAlchemy MetaData for the SQL entities of `schema`."""
    import sqlalchemy as sa

    md = sa.MetaData()
    entities = sql_entities(schema)
    tables = {e.name for e in entities}
    for e in entities:
        cols = []
        for f in e.fields:
            default: Any = None
            if f.default is not None:
                if f.default.kind is DefaultKind.NOW:
                    default = sa.func.now() if dialect != "sqlite" else sa.text("CURRENT_TIMESTAMP")
                elif f.default.kind is DefaultKind.UUID:
                    default = sa.text("gen_random_uuid()") if dialect == "postgresql" else None
                elif f.default.kind is DefaultKind.SQL:
                    default = sa.text(f.default.value or "")
                elif f.type.kind is TypeKind.BOOLEAN:
                    default = sa.true() if f.default.value == "true" else sa.false()
                else:
                    default = f.default.value
            cols.append(
                sa.Column(
                    f.name,
                    _satype(f.type, dialect, e.table, f.name),
                    primary_key=e.is_pk(f.name),
                    nullable=f.nullable,
                    unique=f.unique or None,
                    server_default=default,
                    autoincrement=True if f.identity else False,
                )
            )
        args: list[Any] = []
        for fk in e.foreign_keys:
            ref = schema.entity(fk.ref_entity)
            if ref is None or ref.name not in tables:
                continue
            args.append(
                sa.ForeignKeyConstraint(
                    list(fk.fields),
                    [f"{ref.table}.{c}" for c in fk.ref_fields],
                    ondelete=fk.on_delete.sql if fk.on_delete else None,
                    onupdate=fk.on_update.sql if fk.on_update else None,
                    name=fk.name,
                )
            )
        args += [sa.UniqueConstraint(*u.fields, name=u.name) for u in e.uniques]
        args += [sa.CheckConstraint(f.check) for f in e.fields if f.check]
        args += [sa.CheckConstraint(c.expression, name=c.name) for c in e.checks]
        t = sa.Table(e.table, md, *cols, *args)
        for ix in e.indexes:
            exprs = [(sa.text(k.name) if k.expression else t.c[k.name]) for k in ix.fields]
            exprs = [x.desc() if k.descending else x for x, k in zip(exprs, ix.fields, strict=True)]
            kw: dict[str, Any] = {}
            if ix.where and dialect in ("postgresql", "sqlite"):
                kw[f"{dialect}_where"] = sa.text(ix.where)
            if dialect == "postgresql":
                kw["postgresql_using"] = ix.method.value
            sa.Index(ix.name, *exprs, unique=ix.unique, **kw)
    return md


def statements(schema: Schema, dialect: str) -> list[Statement]:
    """CREATE TABLE (parents first) and CREATE INDEX statements for `dialect`."""
    import sqlalchemy as sa
    from sqlalchemy.dialects import registry
    from sqlalchemy.schema import CreateIndex, CreateTable

    from pydev_workflow.dialects import get_dialect

    md = build_metadata(schema, dialect)
    sa_dialect = registry.load(get_dialect(dialect).sqlalchemy_name)()
    by_table: dict[str, Entity] = {e.table: e for e in schema.entities}
    out: list[Statement] = []
    if dialect == "postgresql":
        seen: set[str] = set()
        for t in md.sorted_tables:
            for c in t.columns:
                if isinstance(c.type, sa.Enum) and c.type.name not in seen:
                    seen.add(c.type.name)
                    values = ", ".join("'" + v.replace("'", "''") + "'" for v in c.type.enums)
                    e = by_table[t.name]
                    out.append(
                        Statement(
                            f'CREATE TYPE "{c.type.name}" AS ENUM ({values})', "type", e.name, e.loc
                        )
                    )
    for t in md.sorted_tables:
        e = by_table[t.name]
        out.append(
            Statement(str(CreateTable(t).compile(dialect=sa_dialect)), "table", e.name, e.loc)
        )
        for ix in sorted(t.indexes, key=lambda i: str(i.name)):
            loc = next((x.loc for x in e.indexes if x.name == ix.name), e.loc)
            out.append(
                Statement(str(CreateIndex(ix).compile(dialect=sa_dialect)), "index", e.name, loc)
            )
    return out
