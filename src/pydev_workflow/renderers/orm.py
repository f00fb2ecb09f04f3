"""SQLAlchemy 2.0 declarative models (Mapped / mapped_column / relationship) from the model."""

from __future__ import annotations

import json
import keyword
import re
from dataclasses import dataclass, field

from pydev_workflow.model import (
    Cardinality,
    DefaultKind,
    Entity,
    Field,
    FieldType,
    ForeignKey,
    IndexMethod,
    Schema,
    TypeKind,
    snake_case,
)
from pydev_workflow.model.schema import Sequence, sql_entities
from pydev_workflow.renderers.base import RenderOptions

#: Names declarative classes reserve for themselves.
_RESERVED_ATTRS = frozenset({"metadata", "registry", "query"})

_PY_TYPES: dict[TypeKind, str] = {
    TypeKind.UUID: "uuid.UUID",
    TypeKind.STRING: "str",
    TypeKind.CHAR: "str",
    TypeKind.TEXT: "str",
    TypeKind.INTEGER: "int",
    TypeKind.BIGINT: "int",
    TypeKind.SMALLINT: "int",
    TypeKind.TINYINT: "int",
    TypeKind.BOOLEAN: "bool",
    TypeKind.DECIMAL: "decimal.Decimal",
    TypeKind.FLOAT: "float",
    TypeKind.DATE: "datetime.date",
    TypeKind.TIME: "datetime.time",
    TypeKind.TIMESTAMP: "datetime.datetime",
    TypeKind.INTERVAL: "datetime.timedelta",
    TypeKind.JSON: "Any",
    TypeKind.BYTES: "bytes",
    TypeKind.BINARY: "bytes",
    TypeKind.ENUM: "str",
    TypeKind.ARRAY: "list[Any]",
    TypeKind.NATIVE: "Any",
}


@dataclass
class Code:
    """Python source being generated: lines plus the imports they need."""

    lines: list[str] = field(default_factory=list)
    imports: set[str] = field(default_factory=set)
    needs_native: bool = False


def _q(value: object) -> str:
    """A Python literal in double quotes (JSON strings and lists are valid Python)."""
    return json.dumps(value, ensure_ascii=False)


def call(prefix: str, args: list[str], indent: str, limit: int = 100) -> str:
    """`prefix(args…)` on one line, or one argument per line when it would be too long."""
    one = f"{indent}{prefix}({', '.join(args)})"
    if len(one) <= limit:
        return one
    inner = "".join(f"{indent}    {a},\n" for a in args)
    return f"{indent}{prefix}(\n{inner}{indent})"


def attr_name(column: str) -> str:
    """A Python attribute for a column: keywords and declarative names get a `_` suffix."""
    name = re.sub(r"\W", "_", column)
    if name[:1].isdigit():
        name = "c_" + name
    if keyword.iskeyword(name) or name in _RESERVED_ATTRS:
        name += "_"
    return name


def class_name(entity: Entity) -> str:
    """The class of an entity: its name when that is an identifier."""
    name = re.sub(r"\W", "_", entity.name)
    return name if name.isidentifier() and not keyword.iskeyword(name) else f"T{name}"


def type_code(t: FieldType, e: Entity, f: Field, schema: Schema, code: Code) -> str:
    """The SQLAlchemy type expression (source text) for a field, portable across engines.

    PostgreSQL-only spellings (JSONB, ARRAY, the spec's native types) are variants of a
    portable base type, so the same code creates tables on SQLite too.
    """
    k = t.kind
    simple = {
        TypeKind.TEXT: "sa.Text()",
        TypeKind.INTEGER: "sa.Integer()",
        TypeKind.SMALLINT: "sa.SmallInteger()",
        TypeKind.TINYINT: "sa.SmallInteger()",
        TypeKind.BOOLEAN: "sa.Boolean()",
        TypeKind.DATE: "sa.Date()",
        TypeKind.BYTES: "sa.LargeBinary()",
        TypeKind.BINARY: "sa.LargeBinary()",
        TypeKind.UUID: "sa.Uuid()",
        TypeKind.INTERVAL: "sa.Interval()",
    }
    if k is TypeKind.BIGINT:
        # SQLite assigns ids only to INTEGER PRIMARY KEY; its INTEGER is 64-bit anyway
        return (
            'sa.BigInteger().with_variant(sa.Integer(), "sqlite")'
            if f.identity
            else "sa.BigInteger()"
        )
    if k in simple:
        return simple[k]
    if k is TypeKind.STRING:
        return f"sa.String({t.length})" if t.length else "sa.String()"
    if k is TypeKind.CHAR:
        return f"sa.CHAR({t.length})" if t.length else "sa.CHAR()"
    if k is TypeKind.DECIMAL:
        args = ", ".join(str(x) for x in (t.precision, t.scale) if x is not None)
        return f"sa.Numeric({args})"
    if k is TypeKind.FLOAT:
        if t.length is None:
            return "sa.Double()"
        return "sa.REAL()" if t.length <= 24 else f"sa.Float({t.length})"
    if k is TypeKind.TIMESTAMP:
        return "sa.DateTime(timezone=True)" if t.timezone else "sa.DateTime()"
    if k is TypeKind.TIME:
        return "sa.Time(timezone=True)" if t.timezone else "sa.Time()"
    if k is TypeKind.JSON:
        code.imports.add("from sqlalchemy.dialects import postgresql")
        return 'sa.JSON().with_variant(postgresql.JSONB(), "postgresql")'
    if k is TypeKind.ENUM:
        values = ", ".join(_q(v) for v in t.values)
        return f"sa.Enum({values}, name={_q(t.enum_name or f'{e.table}_{f.name}')})"
    if k is TypeKind.ARRAY and t.item is not None:
        code.imports.add("from sqlalchemy.dialects import postgresql")
        dims, base = 1, t.item  # SQLAlchemy takes no ARRAY of ARRAY: dimensions instead
        while base.kind is TypeKind.ARRAY and base.item is not None:
            dims, base = dims + 1, base.item
        item = type_code(base, e, f, schema, code) + (f", dimensions={dims}" if dims > 1 else "")
        return f'sa.JSON().with_variant(postgresql.ARRAY({item}), "postgresql")'
    if k is TypeKind.NATIVE and t.native:
        code.needs_native = True
        sa_name = {"mariadb": "mysql"}.get(schema.dialect, schema.dialect)
        return f"sa.Text().with_variant(Native({_q(t.native.upper())}), {_q(sa_name)})"
    return "sa.Text()"


def default_code(f: Field) -> str | None:
    """`server_default=…` / `default=…` keyword source for a field, or None."""
    d = f.default
    if d is None:
        return None
    if d.kind is DefaultKind.NOW:
        return "server_default=sa.func.now()"
    if d.kind is DefaultKind.UUID:
        return "default=uuid.uuid4"  # generated in Python: works on every engine
    if d.kind is DefaultKind.SQL:
        return f"server_default=sa.text({_q(d.value)})"
    value = d.value or ""
    if f.type.kind is TypeKind.BOOLEAN:
        truth = value.strip().lower() in ("true", "1", "t", "yes")
        return f"server_default={'sa.true()' if truth else 'sa.false()'}"
    if f.type.is_numeric and re.fullmatch(r"-?\d+(\.\d+)?", value.strip()):
        return f"server_default=sa.text({_q(value.strip())})"
    return f"server_default={_q(value)}"


def sequence_args(q: Sequence) -> list[str]:
    """The arguments of `sa.Sequence(…)` (source) for a spec sequence: the settings it gives."""
    args = [_q(q.name)]
    if q.schema:
        args.append(f"schema={_q(q.schema)}")
    for key, value in (
        ("start", q.start),
        ("increment", q.increment),
        ("minvalue", q.min_value),
        ("maxvalue", q.max_value),
        ("cache", q.cache),
    ):
        if value is not None:
            args.append(f"{key}={value}")
    if q.cycle:
        args.append("cycle=True")
    return args


def fk_name(e: Entity, fk: ForeignKey) -> str:
    """The constraint name: the spec's, or fk_<table>_<fields> as in the DDL."""
    from pydev_workflow.checks.naming import fk_constraint_name

    return fk.name or fk_constraint_name(e, fk.fields)


def _py_annotation(e: Entity, f: Field) -> str:
    base = _PY_TYPES.get(f.type.kind, "Any")
    optional = f.nullable and not e.is_pk(f.name)
    return f"{base} | None" if optional and base != "Any" else base


def _column_line(schema: Schema, e: Entity, f: Field, code: Code) -> str:
    args = []
    attr = attr_name(f.name)
    if attr != f.name:
        args.append(_q(f.name))
    args.append(type_code(f.type, e, f, schema, code))
    fk = e.fk_of(f.name)
    ref = schema.entity(fk.ref_entity) if fk else None
    if fk is not None and ref is not None and ref in sql_entities(schema):
        kw = [f"{ref.table}.{fk.ref_fields[0]}"]
        fk_args = [_q(kw[0]), f"name={_q(fk_name(e, fk))}"]
        if fk.on_delete:
            fk_args.append(f"ondelete={_q(fk.on_delete.sql)}")
        if fk.on_update:
            fk_args.append(f"onupdate={_q(fk.on_update.sql)}")
        args.append(f"sa.ForeignKey({', '.join(fk_args)})")
    if f.identity and e.is_pk(f.name):
        args.append("sa.Identity()")
    if e.is_pk(f.name):
        args.append("primary_key=True")
        if f.type.is_integer:
            args.append(f"autoincrement={bool(f.identity)}")
    else:
        args.append(f"nullable={f.nullable}")
    if f.unique and not (len(e.primary_key) == 1 and e.is_pk(f.name)):
        args.append("unique=True")
    dflt = default_code(f)
    if dflt:
        args.append(dflt)
    if f.description:
        args.append(f"comment={_q(f.description)}")
    return call(f"{attr}: Mapped[{_py_annotation(e, f)}] = mapped_column", args, "    ")


def table_args(schema: Schema, e: Entity) -> list[str]:
    """Constraint expressions for `__table_args__` (composite keys, uniques, checks)."""
    out: list[str] = []
    tables = {x.name for x in sql_entities(schema)}
    for fk in e.foreign_keys:
        ref = schema.entity(fk.ref_entity)
        if len(fk.fields) < 2 or ref is None or ref.name not in tables:
            continue
        refs = [f"{ref.table}.{c}" for c in fk.ref_fields]
        kw = [f"name={_q(fk_name(e, fk))}"]
        if fk.on_delete:
            kw.append(f"ondelete={_q(fk.on_delete.sql)}")
        if fk.on_update:
            kw.append(f"onupdate={_q(fk.on_update.sql)}")
        out.append(f"sa.ForeignKeyConstraint({_q(list(fk.fields))}, {_q(refs)}, {', '.join(kw)})")
    for u in e.uniques:
        cols = ", ".join(_q(c) for c in u.fields)
        out.append(f"sa.UniqueConstraint({cols}" + (f", name={_q(u.name)})" if u.name else ")"))
    for f in e.fields:
        if f.check:
            out.append(f"sa.CheckConstraint({_q(f.check)}, name={_q(f'ck_{e.table}_{f.name}')})")
    for c in e.checks:
        out.append(
            f"sa.CheckConstraint({_q(c.expression)}" + (f", name={_q(c.name)})" if c.name else ")")
        )
    return out


def index_lines(e: Entity, ref: str) -> list[str]:
    """`sa.Index(…)` statements for an entity's indexes; `ref` is how columns are reached."""
    out = []
    for ix in e.indexes:
        keys = []
        for k in ix.fields:
            col = f"sa.text({_q(k.name)})" if k.expression else ref.format(attr=attr_name(k.name))
            keys.append(f"{col}.desc()" if k.descending and not k.expression else col)
        kw = []
        if ix.unique:
            kw.append("unique=True")
        if ix.method is not IndexMethod.BTREE:
            kw.append(f"postgresql_using={_q(ix.method.value)}")
        if ix.where:
            kw.append(f"postgresql_where=sa.text({_q(ix.where)})")
            kw.append(f"sqlite_where=sa.text({_q(ix.where)})")
        line = call("sa.Index", [_q(ix.name), *keys, *kw], "")
        if ix.method not in (IndexMethod.BTREE, IndexMethod.HASH):
            line += '.ddl_if(dialect="postgresql")'  # gin/gist/brin exist only there
        out.append(line)
    return out


@dataclass(frozen=True, slots=True)
class _Rel:
    owner: str  # class name
    attr: str
    target: str
    many: bool
    back: str
    secondary: str | None = None
    fk_attr: str | None = None  # the FK column attribute, when several FKs reach one parent
    remote_side: str | None = None  # self-reference: the parent's key, seen from the child
    optional: bool = False  # a scalar side that may be None


def _relationships(schema: Schema, entities: tuple[Entity, ...]) -> list[_Rel]:
    """Both sides of every 1:1 / 1:N foreign key and N:M junction, with unique names."""
    names = {e.name for e in entities}
    used: dict[str, set[str]] = {
        class_name(e): {attr_name(f.name) for f in e.fields} for e in entities
    }
    junctions = {
        r.via for r in schema.relationships if r.cardinality is Cardinality.MANY_TO_MANY and r.via
    }
    one_to_one = {
        (r.left, r.right) for r in schema.relationships if r.cardinality is Cardinality.ONE_TO_ONE
    }

    def take(owner: str, wanted: str) -> str:
        name, i = attr_name(wanted), 2
        while name in used[owner]:
            name, i = f"{attr_name(wanted)}_{i}", i + 1
        used[owner].add(name)
        return name

    out: list[_Rel] = []
    for child in entities:
        if child.name in junctions:
            continue
        for fk in child.foreign_keys:
            parent = schema.entity(fk.ref_entity)
            if parent is None or parent.name not in names or parent.name in junctions:
                continue
            c, p = class_name(child), class_name(parent)
            # more than one FK path between the two tables (either way): name the column
            several = _paths(schema, child, parent) > 1
            base = fk.fields[0][:-3] if fk.fields[0].endswith("_id") else snake_case(parent.name)
            down = take(c, base)
            up_base = child.table if not several else f"{child.table}_{down}"
            single = (parent.name, child.name) in one_to_one
            up = take(p, snake_case(child.name) if single else up_base)
            fk_attr = attr_name(fk.fields[0]) if several or p == c else None
            remote = f"{p}.{attr_name(fk.ref_fields[0])}" if p == c else None
            nullable = any((x := child.field(n)) is not None and x.nullable for n in fk.fields)
            out.append(
                _Rel(c, down, p, False, up, fk_attr=fk_attr, remote_side=remote, optional=nullable)
            )
            out.append(_Rel(p, up, c, not single, down, fk_attr=fk_attr, optional=single))
    for r in schema.relationships:
        if r.cardinality is not Cardinality.MANY_TO_MANY or not r.via:
            continue
        left, right, via = schema.entity(r.left), schema.entity(r.right), schema.entity(r.via)
        if left is None or right is None or via is None:
            continue
        if not {left.name, right.name, via.name} <= names:
            continue
        lc, rc = class_name(left), class_name(right)
        la = take(lc, right.table)
        ra = take(rc, left.table)
        out.append(_Rel(lc, la, rc, True, ra, secondary=via.table))
        out.append(_Rel(rc, ra, lc, True, la, secondary=via.table))
    return out


def _paths(schema: Schema, a: Entity, b: Entity) -> int:
    """How many foreign keys link entities `a` and `b`, in either direction."""

    def to(x: Entity, y: Entity) -> int:
        return sum(1 for fk in x.foreign_keys if schema.entity(fk.ref_entity) is y)

    return to(a, b) + (to(b, a) if a is not b else 0)


def _rel_line(r: _Rel) -> str:
    ann = f"list[{r.target}]" if r.many else r.target + (" | None" if r.optional else "")
    kw = [_q(r.target), f"back_populates={_q(r.back)}"]
    if r.secondary:
        kw.append(f"secondary={_q(r.secondary)}")
    if r.fk_attr:
        # several paths to one parent (or a self-reference): say which column each side uses
        kw.append(f"foreign_keys={_q(f'{_fk_owner(r)}.{r.fk_attr}')}")
    if r.remote_side:
        kw.append(f"remote_side={_q(r.remote_side)}")
    return call(f"{r.attr}: Mapped[{ann}] = relationship", kw, "    ")


def render(schema: Schema, options: RenderOptions) -> str:
    """A Python module: `Base` plus one declarative class per relational entity.

    `Base.metadata.create_all(engine)` creates the same tables, columns, keys, constraints and
    indexes as the `sql` renderer. Relationships are two-sided (`back_populates`); N:M
    relationships go through their junction table with `secondary`.
    """
    entities = sql_entities(schema)
    code = Code()
    body: list[str] = []
    rels = _relationships(schema, entities)
    by_owner: dict[str, list[_Rel]] = {}
    for r in rels:
        by_owner.setdefault(r.owner, []).append(r)
    for e in entities:
        cls = class_name(e)
        body += ["", "", f"class {cls}(Base):"]
        doc = e.description or f"The {e.table} table."
        body.append(f'    """{_doc(doc)}"""')
        body.append("")
        body.append(f"    __tablename__ = {_q(e.table)}")
        args = table_args(schema, e)
        if e.schema:
            args.append('{"schema": ' + _q(e.schema) + "}")
        if e.description:
            args.append('{"comment": ' + _q(e.description) + "}")
        args = _merge_dicts(args)
        if args:
            body.append("    __table_args__ = (")
            body += [f"        {a}," for a in args]
            body.append("    )")
        body.append("")
        body += [_column_line(schema, e, f, code) for f in e.fields]
        rel_lines = [_rel_line(r) for r in by_owner.get(cls, [])]
        if rel_lines:
            body.append("")
            body += rel_lines
    indexes = []
    for e in entities:
        indexes += index_lines(e, f"{class_name(e)}.{{attr}}")
    if indexes:
        body += ["", "", "# indexes (named as in the spec)"]
        body += indexes
    if schema.sequences:
        # create_all makes them where the engine has sequences (PostgreSQL, MariaDB)
        body += ["", "", "# sequences no column owns (the application calls next_value())"]
        body += [
            call("sa.Sequence", [*sequence_args(q), "metadata=Base.metadata"], "")
            for q in schema.sequences
        ]
    project = schema.project or "the data model"
    head = [
        f'"""SQLAlchemy models of {project}, generated from its spec."""',
        "",
        "from __future__ import annotations",
        "",
        "import datetime",
        "import decimal",
        "import uuid",
        "from typing import Any",
        "",
        "import sqlalchemy as sa",
        *sorted(code.imports),
        "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship",
        "",
        "",
        "class Base(DeclarativeBase):",
        '    """Declarative base of these models."""',
    ]
    if code.needs_native:
        head += [
            "",
            "",
            "class Native(sa.types.UserDefinedType[Any]):",
            '    """An engine type kept verbatim from the spec (`native(…)`)."""',
            "",
            "    cache_ok = True",
            "",
            "    def __init__(self, spelling: str) -> None:",
            "        self.spelling = spelling",
            "",
            "    def get_col_spec(self, **kw: Any) -> str:",
            "        return self.spelling",
        ]
    return "\n".join(head + body) + "\n"


def _fk_owner(r: _Rel) -> str:
    # the FK column lives on the child: the owner of a many-to-one, the target of a one-to-many
    return r.target if r.many else r.owner


def _doc(text: str) -> str:
    text = text.replace('"""', "'''").replace("\\", "\\\\").strip()
    return text if text.endswith(".") else text + "."


def _merge_dicts(args: list[str]) -> list[str]:
    """At most one trailing keyword dict in `__table_args__`."""
    dicts = [a for a in args if a.startswith("{")]
    rest = [a for a in args if not a.startswith("{")]
    if not dicts:
        return rest
    merged = "{" + ", ".join(d[1:-1] for d in dicts) + "}"
    return [*rest, merged]
